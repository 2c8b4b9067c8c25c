use super::reference::parse_monolith;
use super::*;
use crate::checker::check;
use crate::problem::Instance;
use std::path::PathBuf;

pub(crate) fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/benchmarks/curtois")
}

pub(crate) fn load(name: &str) -> Instance {
    let path = bench_dir().join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path).unwrap();
    Instance::new(parse(&text, &format!("{name}.txt")).unwrap()).unwrap()
}

#[test]
fn every_public_instance_parses_with_the_documented_sizes() {
    // (instance, days, staff, shifts)
    let sizes = [
        (1, 14, 8, 1),
        (2, 14, 14, 2),
        (3, 14, 20, 3),
        (4, 28, 10, 2),
        (5, 28, 16, 2),
        (6, 28, 18, 3),
        (7, 28, 20, 3),
        (8, 28, 30, 4),
        (10, 28, 40, 5),
        (12, 28, 60, 10),
        (14, 42, 32, 4),
        (16, 56, 20, 3),
        (18, 84, 22, 3),
        (20, 182, 50, 6),
        (22, 364, 50, 10),
        (24, 364, 150, 32),
    ];
    for (n, d, e, t) in sizes {
        let inst = load(&format!("Instance{n}"));
        assert_eq!(
            (inst.n_days, inst.n_staff, inst.n_shifts),
            (d, e, t),
            "Instance{n}"
        );
    }
    let i24 = load("Instance24");
    assert_eq!(i24.fixed_off.len(), 5400);
    assert_eq!(i24.requests.len(), 13809);
}

#[test]
fn crlf_line_ends_are_accepted() {
    let text = std::fs::read_to_string(bench_dir().join("Instance1.txt")).unwrap();
    let a = parse(&text, "Instance1.txt").unwrap();
    let b = parse(&text.replace('\n', "\r\n"), "Instance1.txt").unwrap();
    assert_eq!(a, b);
}

#[test]
fn reference_solutions_are_rescored_exactly() {
    for (n, value) in [
        (1, 608),
        (2, 845),
        (3, 1005),
        (4, 1733),
        (5, 1264),
        (6, 2378),
        (7, 1183),
        (8, 2736),
        (10, 4650),
    ] {
        let inst = load(&format!("Instance{n}"));
        let text = std::fs::read_to_string(
            bench_dir().join(format!("reference_solutions/Instance{n}.monolith.out")),
        )
        .unwrap();
        let (roster, logged) = parse_monolith(&inst, &text).unwrap();
        assert_eq!(logged, value, "Instance{n} log");
        let report = check(&inst, &roster);
        assert_eq!(
            report.hard_violations, 0,
            "Instance{n}: {:?}",
            report.violations
        );
        assert_eq!(report.objective, value, "Instance{n}");
    }
}

#[test]
fn the_mip_prices_reference_solutions_like_the_checker() {
    for n in [1, 2, 4] {
        let inst = load(&format!("Instance{n}"));
        let text = std::fs::read_to_string(
            bench_dir().join(format!("reference_solutions/Instance{n}.monolith.out")),
        )
        .unwrap();
        let (roster, _) = parse_monolith(&inst, &text).unwrap();
        crate::rules::testing::assert_mip_agrees(&inst, &roster);
    }
}

const SMALL: &str = "SECTION_HORIZON\n7\n\nSECTION_SHIFTS\n# id,len,forbidden\nD,480,\nN,600,D\n\nSECTION_STAFF\nA,D=7|N=3,2400,960,5,2,2,1\n\nSECTION_DAYS_OFF\nA,2\n\nSECTION_SHIFT_ON_REQUESTS\nA,0,D,2\n\nSECTION_SHIFT_OFF_REQUESTS\n\nSECTION_COVER\n0,D,1,100,1\n";

#[test]
fn a_small_file_maps_onto_the_general_model() {
    let p = parse(SMALL, "small.txt").unwrap();
    assert_eq!(p.name, "small");
    assert_eq!(p.forbidden_successions.len(), 1);
    assert_eq!(p.staff[0].limits.max_shifts["N"], 3);
    assert_eq!(p.staff[0].limits.min_consecutive_days, Some(2));
    assert_eq!(p.days[5].weekday, 5);
    assert!(Instance::new(p).is_ok());
}

fn rejects(text: &str, line: usize, field: &str, reason_part: &str) {
    let e = parse(text, "bad.txt").unwrap_err();
    assert_eq!(e.file, "bad.txt");
    assert_eq!(e.line, line, "{e}");
    assert_eq!(e.field, field, "{e}");
    assert!(e.reason.contains(reason_part), "{e}");
}

#[test]
fn malformed_files_are_rejected_with_file_line_field_and_reason() {
    rejects(
        &SMALL.replace("N,600,D", "N,600,X"),
        7,
        "Forbidden",
        "unknown shift `X`",
    );
    rejects(
        &SMALL.replace("N,600,D", "N,six,D"),
        7,
        "LengthMinutes",
        "not a non-negative integer",
    );
    rejects(
        &SMALL.replace("A,D=7|N=3,2400", "A,D=7|N3,2400"),
        10,
        "MaxShifts",
        "not ShiftID=n",
    );
    rejects(
        &SMALL.replace("A,2\n", "A,9\n"),
        13,
        "Day",
        "outside the horizon",
    );
    rejects(
        &SMALL.replace("A,0,D,2", "B,0,D,2"),
        16,
        "EmpID",
        "unknown employee `B`",
    );
    rejects(
        &SMALL.replace("0,D,1,100,1", "0,D,1,100"),
        21,
        "Day",
        "expected 5 fields",
    );
    rejects(
        &SMALL.replace("SECTION_COVER", "SECTION_NOPE"),
        20,
        "section",
        "unknown section",
    );
    rejects(
        &SMALL.replace("7\n\nSECTION_SHIFTS", "0\n\nSECTION_SHIFTS"),
        2,
        "HORIZON",
        "at least one day",
    );
}
