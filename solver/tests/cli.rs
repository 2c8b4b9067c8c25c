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

/// A small re-planning case: two nurses, a night each day with a minimum of one, `a` published
/// on the night of day 1 and now absent that day.
#[allow(clippy::unwrap_used)] // test helper
fn replan_files(dir: &std::path::Path) -> (PathBuf, PathBuf) {
    let problem = dir.join("problem.json");
    let roster = dir.join("published.json");
    std::fs::write(
        &problem,
        r#"{"version":1,"shift_types":[{"id":"N","start_minute":1260,"duration_minutes":600,"is_night":true}],
        "staff":[{"id":"a"},{"id":"b"}],
        "days":[{"date":"2026-03-02","weekday":0},{"date":"2026-03-03","weekday":1},{"date":"2026-03-04","weekday":2}],
        "cover":[{"day":1,"shift":"N","min":1,"target":1,"under_weight":10,"over_weight":1}],
        "fixed_days_off":[{"staff":"a","day":1}],
        "requests":[{"staff":"b","day":0,"kind":"off","weight":3}],
        "replan":{"frozen_until":1,"now_day":1,"now_minute":600},
        "fairness_ledger":[{"staff":"b","nights":4}]}"#,
    )
    .unwrap();
    std::fs::write(
        &roster,
        r#"{"version":1,"assignments":[{"staff":"a","day":1,"shift":"N"},{"staff":"b","day":0,"shift":"N"}]}"#,
    )
    .unwrap();
    (problem, roster)
}

#[allow(clippy::unwrap_used)] // test helper
fn json_of(args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn score_explain_alerts_and_repair_print_json() {
    let dir = std::env::temp_dir().join(format!("releve-replan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (problem, published) = replan_files(&dir);
    let (p, r) = (problem.as_os_str(), published.as_os_str());
    let json = std::ffi::OsStr::new("--json");

    let score = json_of(&["score".as_ref(), p, r, json]);
    // a is published on its absence day: a hard violation; b carries 1 + 4 nights.
    assert_eq!(score["legal"]["hard_violations"], 1);
    assert_eq!(score["fairness"]["nights"]["per_person"]["b"], 5);
    assert_eq!(score["coverage"]["rate"], 1.0);

    let explain = json_of(&["explain".as_ref(), p, r, json]);
    // b's day off is refused; only b can replace, and a is absent.
    let w = &explain["refused_wishes"][0];
    assert_eq!(w["staff"], "b");
    assert!(w["text"].as_str().unwrap().starts_with("Souhait de b"));

    let alerts = json_of(&["alerts".as_ref(), p, r, json]);
    assert_eq!(alerts["from_day"], 1);

    let out_roster = dir.join("repaired.json");
    let repair = json_of(&[
        "repair".as_ref(),
        p,
        r,
        json,
        "--time-limit".as_ref(),
        "5".as_ref(),
        "--threads".as_ref(),
        "1".as_ref(),
        "--roster-out".as_ref(),
        out_roster.as_os_str(),
    ]);
    let best = &repair["alternatives"][0];
    assert_eq!(best["hard_violations"], 0);
    // a's night goes to b: two changes, both within 48 h of now.
    assert_eq!(best["changed_assignments"], 2);
    assert_eq!(best["needs_reason_code"], 2);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_roster).unwrap()).unwrap();
    assert_eq!(written["assignments"].as_array().unwrap().len(), 2);
    std::fs::remove_dir_all(&dir).ok();
}
