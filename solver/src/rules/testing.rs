//! Test helpers: a tiny instance, rosters from triples, and the MIP-versus-checker agreement.

use crate::checker;
use crate::highs::{Highs, RunOptions, RunStatus};
use crate::problem::*;
use crate::rules::build_mip;

/// Two staff (`a`, `b`), 7 days from a Monday, shifts `D` (07:00, 8 h) and `N` (21:00, 10 h,
/// night), `N` may not be followed by `D`. No limits, no cover.
pub fn tiny_problem() -> Problem {
    let st = |id: &str, start: u32, dur: u32, night: bool| ShiftType {
        id: id.into(),
        start_minute: start,
        duration_minutes: dur,
        is_night: night,
        qualifications: vec![],
        hospital: None,
    };
    Problem {
        version: PROBLEM_VERSION,
        name: "tiny".into(),
        shift_types: vec![st("D", 420, 480, false), st("N", 1260, 600, true)],
        staff: ["a", "b"]
            .iter()
            .map(|id| Staff {
                id: (*id).into(),
                ..Default::default()
            })
            .collect(),
        days: (0..7)
            .map(|d| Day {
                date: format!("2026-01-{:02}", 5 + d),
                weekday: d as u8,
                holiday: false,
            })
            .collect(),
        forbidden_successions: vec![Succession {
            first: "N".into(),
            second: "D".into(),
        }],
        min_rest_minutes: None,
        cover: vec![],
        fixed_days_off: vec![],
        requests: vec![],
        rolling_windows: vec![],
        history: History::default(),
        reference: None,
        hospital: None,
        replan: None,
        fairness_ledger: Vec::new(),
    }
}

pub fn tiny() -> Instance {
    tiny_with(|_| {})
}

pub fn tiny_with(f: impl FnOnce(&mut Problem)) -> Instance {
    let mut p = tiny_problem();
    f(&mut p);
    Instance::new(p).unwrap()
}

pub fn roster(inst: &Instance, a: &[(&str, usize, &str)]) -> Roster {
    let mut r = Roster::new(inst.n_staff, inst.n_days);
    for (s, d, t) in a {
        r.add(inst.staff_ix(s).unwrap(), *d, inst.shift_ix(t).unwrap());
    }
    r
}

/// Fixes the MIP's assignment variables to `roster` and solves: the MIP must be infeasible
/// exactly when the checker finds a hard violation, and otherwise price the roster exactly as
/// the checker does.
pub fn assert_mip_agrees(inst: &Instance, roster: &Roster) {
    let mut m = build_mip(inst);
    // Rows rather than bounds, so that the bounds the rules set still hold.
    for e in 0..inst.n_staff {
        for d in 0..inst.n_days {
            for t in 0..inst.n_shifts {
                let v = if roster.has(e, d, t) { 1.0 } else { 0.0 };
                let c = m.x(e, d, t);
                m.add_row(v, v, &[(c, 1.0)]);
            }
        }
    }
    let mut h = Highs::new(&m).unwrap();
    let out = h
        .run(
            &RunOptions {
                time_limit: Some(10.0),
                threads: Some(1),
                ..Default::default()
            },
            None,
            None,
        )
        .unwrap();
    let report = checker::check(inst, roster);
    if report.hard_violations > 0 {
        assert_eq!(
            out.status,
            RunStatus::Infeasible,
            "checker: {:?}",
            report.violations
        );
    } else {
        assert_eq!(
            out.status,
            RunStatus::Optimal,
            "checker: {:?}",
            report.violations
        );
        let obj = out.objective.unwrap();
        assert!(
            (obj - report.objective as f64).abs() < 1e-6,
            "MIP {obj} vs checker {}",
            report.objective
        );
    }
}
