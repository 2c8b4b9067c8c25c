//! The `infra/` scripts start real servers and leave no process behind when stopped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure report

use std::path::{Path, PathBuf};
use std::process::Command;

fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../infra")
        .join(name)
}

fn run(name: &str, action: &str, dir: &Path) -> String {
    let output = Command::new("bash")
        .arg(script(name))
        .arg(action)
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{name} {action}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// Processes whose command line mentions `needle` (the server's private directory).
fn processes_mentioning(needle: &str) -> Vec<String> {
    let output = Command::new("pgrep")
        .args(["-a", "-f", needle])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| !l.contains("pgrep"))
        .map(str::to_owned)
        .collect()
}

fn port_of(url: &str) -> u16 {
    let after_host = url.rsplit_once(':').unwrap().1;
    after_host
        .trim_end_matches('/')
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn port_is_closed(port: u16) -> bool {
    std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
}

#[test]
fn postgres_script_starts_a_server_and_stop_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = run("postgres.sh", "start", dir.path());
    assert!(url.starts_with("postgres://"), "{url}");
    let port = port_of(url.trim_end_matches("/postgres"));
    assert!(!port_is_closed(port), "postgres should listen on {port}");
    let psql = Command::new("psql")
        .args([&url, "-tAc", "select 1"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&psql.stdout).trim(), "1");
    assert!(!processes_mentioning(&dir.path().to_string_lossy()).is_empty());

    run("postgres.sh", "stop", dir.path());
    assert!(port_is_closed(port));
    let left = processes_mentioning(&dir.path().to_string_lossy());
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn redis_script_starts_a_server_and_stop_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = run("redis.sh", "start", dir.path());
    assert!(url.starts_with("redis://127.0.0.1:"), "{url}");
    let port = port_of(&url);
    let ping = Command::new("redis-cli")
        .args(["-u", &url, "ping"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&ping.stdout).trim(), "PONG");

    run("redis.sh", "stop", dir.path());
    assert!(port_is_closed(port));
    let pid_file = dir.path().join("redis.pid");
    if let Ok(pid) = std::fs::read_to_string(pid_file) {
        let alive = Command::new("kill")
            .args(["-0", pid.trim()])
            .status()
            .unwrap()
            .success();
        assert!(!alive, "redis pid {pid} still alive");
    }
}

#[test]
fn with_services_stops_both_servers_even_when_the_command_fails() {
    let marker = tempfile::tempdir().unwrap();
    let env_file = marker.path().join("env");
    let output = Command::new("bash")
        .arg(script("with-services.sh"))
        .args(["bash", "-c"])
        .arg(format!(
            "env | grep ^RELEVE_TEST_ > {}; exit 7",
            env_file.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(7),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let env = std::fs::read_to_string(env_file).unwrap();
    let value = |name: &str| {
        env.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name} not exported: {env}"))
            .to_owned()
    };
    let pg_port = port_of(value("RELEVE_TEST_DATABASE_URL").trim_end_matches("/postgres"));
    let redis_port = port_of(&value("RELEVE_TEST_REDIS_URL"));
    assert!(
        port_is_closed(pg_port),
        "postgres still listening on {pg_port}"
    );
    assert!(
        port_is_closed(redis_port),
        "redis still listening on {redis_port}"
    );
    for dir in ["RELEVE_TEST_PG_DIR", "RELEVE_TEST_REDIS_DIR"] {
        let left = processes_mentioning(&value(dir));
        assert!(left.is_empty(), "left behind: {left:?}");
    }
}
