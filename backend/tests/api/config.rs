//! Start-up refuses bad configuration with a message naming the setting.

use crate::helpers::releve_command as releve;

#[test]
fn malformed_database_url_stops_start_up_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let output = releve()
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("RELEVE_DATABASE_URL", "postgres//missing-colon")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("RELEVE_DATABASE_URL"), "{stderr}");
    assert!(stderr.contains("configuration invalide"), "{stderr}");
}

#[test]
fn non_numeric_pool_size_stops_start_up_naming_the_setting() {
    let output = releve()
        .args(["migrate", "status"])
        .env("RELEVE_DATABASE_MAX_CONNECTIONS", "dix")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("RELEVE_DATABASE_MAX_CONNECTIONS"),
        "{stderr}"
    );
}

#[test]
fn serve_refuses_an_unmigrated_database() {
    let dir = tempfile::tempdir().unwrap();
    let output = releve()
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("releve migrate up"), "{stderr}");
}

#[test]
fn worker_without_redis_says_what_is_missing() {
    let output = releve().arg("worker").output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("RELEVE_REDIS_URL"), "{stderr}");
}
