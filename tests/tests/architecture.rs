//! The engine stays a pure library: `releve-solver` must never depend, even indirectly,
//! on the database, web or GraphQL stacks (design decision 5).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure report

use std::collections::BTreeSet;
use std::process::Command;

const FORBIDDEN: &[&str] = &[
    "sea-orm",
    "sea-orm-migration",
    "sqlx",
    "actix-web",
    "actix-http",
    "async-graphql",
    "redis",
    "tokio",
];

fn dependencies_of(package: &str) -> BTreeSet<String> {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            package,
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ])
        .args(["--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn solver_depends_on_no_database_web_or_graphql_crate() {
    let deps = dependencies_of("releve-solver");
    assert!(
        deps.contains("highs-sys"),
        "the tree must be read correctly: {deps:?}"
    );
    let found: Vec<&&str> = FORBIDDEN.iter().filter(|f| deps.contains(**f)).collect();
    assert!(found.is_empty(), "releve-solver depends on {found:?}");
}

#[test]
fn the_check_itself_sees_forbidden_crates_in_the_backend() {
    // Guards the guard: the same reading must find them where they are.
    let deps = dependencies_of("releve-backend");
    for name in ["sea-orm", "actix-web", "async-graphql", "redis"] {
        assert!(
            deps.contains(name),
            "{name} not seen in releve-backend's tree"
        );
    }
}
