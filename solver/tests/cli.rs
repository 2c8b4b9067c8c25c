//! The `releve-solver` binary, end to end.

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_releve-solver"))
}

fn here(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn bench(p: &str) -> PathBuf {
    here("../../shared/benchmarks/curtois").join(p)
}

#[test]
fn check_reports_violations_and_objective_as_json() {
    let out = bin()
        .arg("check")
        .arg(here("examples/ward.problem.json"))
        .arg(here("examples/ward.roster.json"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["hard_violations"].as_u64().unwrap() > 0);
    assert!(v["objective"].as_i64().unwrap() > 0);
    let first = &v["violations"][0];
    assert!(first["rule"].is_string() && first["message"].is_string());
}

#[test]
fn unknown_fields_and_bad_references_are_rejected_with_their_path() {
    let dir = std::env::temp_dir().join(format!("releve-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("roster.json");
    std::fs::write(
        &roster,
        r#"{"version":1,"assignments":[{"staff":"S01","day":0,"shift":"M","colour":"red"}]}"#,
    )
    .unwrap();
    let out = bin()
        .arg("check")
        .arg(here("examples/ward.problem.json"))
        .arg(&roster)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("$.assignments[0].colour") && err.contains("unknown field"),
        "{err}"
    );

    std::fs::write(
        &roster,
        r#"{"version":1,"assignments":[{"staff":"S99","day":0,"shift":"M"}]}"#,
    )
    .unwrap();
    let out = bin()
        .arg("check")
        .arg(here("examples/ward.problem.json"))
        .arg(&roster)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("$.assignments[0].staff: unknown staff `S99`"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_malformed_instance_is_rejected_with_file_line_and_field() {
    let dir = std::env::temp_dir().join(format!("releve-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(bench("Instance1.txt"))
        .unwrap()
        .replace("A,D=14,4320", "A,D=fourteen,4320");
    let f = dir.join("Broken.txt");
    std::fs::write(&f, text).unwrap();
    let out = bin().arg("curtois").arg(&f).arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Broken.txt:13: MaxShifts"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn curtois_prints_one_json_line_and_writes_the_roster() {
    let dir = std::env::temp_dir().join(format!("releve-cli-roster-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("roster.txt");
    let out = bin()
        .arg("curtois")
        .arg(bench("Instance1.txt"))
        .args([
            "--time-limit",
            "20",
            "--threads",
            "1",
            "--json",
            "--roster-out",
        ])
        .arg(&roster)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for k in [
        "instance",
        "objective",
        "lower_bound",
        "status",
        "seconds",
        "hard_violations",
    ] {
        assert!(v.get(k).is_some(), "{k} missing in {stdout}");
    }
    assert_eq!(v["objective"], 607);
    assert_eq!(v["hard_violations"], 0);
    let text = std::fs::read_to_string(&roster).unwrap();
    assert_eq!(text.lines().count(), 8);
    assert!(text.lines().all(|l| l.split('\t').count() == 15));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_same_seed_and_iteration_budget_print_the_same_json() {
    let run = || {
        let out = bin()
            .arg("curtois")
            .arg(bench("Instance2.txt"))
            .args([
                "--time-limit",
                "60",
                "--threads",
                "1",
                "--seed",
                "3",
                "--max-iterations",
                "3",
                "--json",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // Wall-clock time is the one field allowed to differ.
        v.as_object_mut().unwrap().remove("seconds");
        v
    };
    assert_eq!(run(), run());
}
