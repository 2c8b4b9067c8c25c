use super::*;
use crate::highs::{Highs, RunOptions, RunStatus};
use crate::problem::RosterFile;
use crate::rules::build_mip;
use crate::rules::cover_target::count;
use crate::unit_month;

/// Staff, day, shift removed, shift added.
type ChangeKey = (String, usize, Option<String>, Option<String>);

/// Bounded by iterations (node limits), so that a run does not depend on the machine's load.
fn params(seconds: f64) -> Params {
    Params {
        time_limit: seconds,
        threads: 1,
        max_iterations: Some(30),
        ..Params::default()
    }
}

/// A published roster of the generated unit, solved without absences.
fn published(n_staff: usize, n_days: usize, seed: u64, seconds: f64) -> (Problem, Vec<Assignment>) {
    let p = unit_month::problem(n_staff, n_days, seed);
    let inst = Instance::new(p.clone()).unwrap();
    let out = solve::solve(&inst, &params(seconds), None, &mut |_| {}, None).unwrap();
    let r = out.roster.unwrap();
    assert_eq!(out.report.unwrap().hard_violations, 0);
    (p, inst.roster_file(&r).assignments)
}

/// The exact minimum number of assignments to add or drop so that the problem's hard rules hold.
fn exact_min_changes(problem: &Problem, published: &[Assignment]) -> i64 {
    let mut p = problem.clone();
    p.requests.clear();
    for c in &mut p.cover {
        c.under_weight = 0;
        c.over_weight = 0;
    }
    p.reference = Some(Reference {
        weight: 1,
        assignments: published.to_vec(),
    });
    if let Some(r) = p.replan.as_mut() {
        r.person_weight = 0;
    }
    let inst = Instance::new(p).unwrap();
    let m = build_mip(&inst);
    let out = Highs::new(&m)
        .unwrap()
        .run(
            &RunOptions {
                time_limit: Some(120.0),
                threads: Some(1),
                ..Default::default()
            },
            None,
            None,
        )
        .unwrap();
    assert_eq!(out.status, RunStatus::Optimal);
    (out.objective.unwrap() + 1e-6).floor() as i64
}

#[test]
fn a_small_repair_changes_exactly_as_few_assignments_as_the_exact_minimal_change_solve() {
    for seed in [1, 2, 3] {
        let (mut p, pubd) = published(10, 14, seed, 5.0);
        let inst = Instance::new(p.clone()).unwrap();
        let pr = inst
            .roster(&RosterFile {
                version: 1,
                assignments: pubd.clone(),
            })
            .unwrap();
        p.fixed_days_off = unit_month::absences(&inst, &pr, 2, 2, 2, seed);
        p.replan = Some(Replan {
            frozen_until: 2,
            notice_minutes: 2880,
            ..Default::default()
        });
        let opts = RepairOptions {
            params: params(6.0),
            ..RepairOptions::default()
        };
        let rep = repair(&p, &pubd, &opts).unwrap();
        assert!(rep.published_hard_violations > 0);
        let best = &rep.alternatives[0];
        assert_eq!(best.hard_violations, 0, "seed {seed}");
        let exact = exact_min_changes(&p, &pubd);
        assert_eq!(best.changed_assignments as i64, exact, "seed {seed}");
        // The past stays as published.
        assert!(best.changes.iter().all(|c| c.day >= 2));
    }
}

#[test]
fn alternatives_differ_and_urgent_changes_need_a_reason_code() {
    let (mut p, pubd) = published(10, 14, 7, 5.0);
    let inst = Instance::new(p.clone()).unwrap();
    let pr = inst
        .roster(&RosterFile {
            version: 1,
            assignments: pubd.clone(),
        })
        .unwrap();
    p.fixed_days_off = unit_month::absences(&inst, &pr, 1, 1, 3, 7);
    let absent_day = p.fixed_days_off[0].day;
    p.replan = Some(Replan {
        frozen_until: 1,
        now_day: Some(absent_day),
        now_minute: 0,
        notice_minutes: 2880,
        ..Default::default()
    });
    let opts = RepairOptions {
        params: params(6.0),
        ..RepairOptions::default()
    };
    let rep = repair(&p, &pubd, &opts).unwrap();
    assert_eq!(rep.alternatives.len(), 3);
    let sets: Vec<Vec<ChangeKey>> = rep
        .alternatives
        .iter()
        .map(|a| {
            assert_eq!(a.hard_violations, 0);
            a.changes
                .iter()
                .map(|c| (c.staff.clone(), c.day, c.removed.clone(), c.added.clone()))
                .collect()
        })
        .collect();
    assert_ne!(sets[0], sets[1]);
    assert_ne!(sets[1], sets[2]);
    assert_ne!(sets[0], sets[2]);
    assert!(rep.alternatives[0].objective <= rep.alternatives[1].objective);
    // The absence starts now: its changes are within 48 h.
    let a = &rep.alternatives[0];
    assert!(a.needs_reason_code > 0);
    for c in &a.changes {
        assert_eq!(c.needs_reason_code, c.day < absent_day + 2, "{c:?}");
    }
}

#[test]
fn after_three_absences_in_a_sixty_staff_month_only_necessary_assignments_change() {
    let (mut p, pubd) = published(60, 28, 11, 60.0);
    let inst = Instance::new(p.clone()).unwrap();
    let pr = inst
        .roster(&RosterFile {
            version: 1,
            assignments: pubd.clone(),
        })
        .unwrap();
    p.fixed_days_off = unit_month::absences(&inst, &pr, 3, 3, 7, 11);
    // Necessary: drop every absent assignment, and add one person per place missing below a
    // minimum once they are dropped (a lower bound on any repair).
    let absent = Instance::new(p.clone()).unwrap();
    let mut dropped = pr.clone();
    let mut n_dropped = 0;
    for f in &absent.fixed_off {
        n_dropped += dropped.shifts(f.0, f.1).len();
        dropped.clear(f.0, f.1);
    }
    let missing: u32 = absent
        .cover
        .iter()
        .map(|c| {
            c.min
                .unwrap_or(0)
                .saturating_sub(count(&absent, &dropped, c))
        })
        .sum();
    let necessary = n_dropped + missing as usize;
    assert!(n_dropped >= 3);
    let opts = RepairOptions {
        params: params(60.0),
        alternatives: 1,
        ..RepairOptions::default()
    };
    let rep = repair(&p, &pubd, &opts).unwrap();
    let best = &rep.alternatives[0];
    assert_eq!(best.hard_violations, 0);
    // Checked against the exact minimal-change solve of the same month.
    let exact = exact_min_changes(&p, &pubd);
    assert!(exact >= necessary as i64);
    assert_eq!(
        best.changed_assignments as i64, exact,
        "necessary {necessary}"
    );
}
