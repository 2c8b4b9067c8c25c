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

/// A week of unit U1 (site E1): `x` works M1 every weekday and falls ill on Wednesday (day 2,
/// the only day with a cover requirement). Candidates: `a` of U1 at 50 % (published on
/// `a_days`), `p` of the pool, `v` a volunteer of U2 (same site), `s` of U3 on site E2. The
/// QVT and cycle weights are 0, so that only the order of preference tells them apart.
fn preference_case(absent: &[&str], a_days: &[usize]) -> RepairReport {
    use crate::hospital::Category::Fph;
    use crate::hospital::{ParameterSet, ParameterValues, Scope, UnitDef};
    use crate::problem::{Cover, FixedDayOff};
    let mut p = crate::rules::fr::testing::problem(
        "2026-03-02",
        7,
        &[("x", Fph), ("a", Fph), ("p", Fph), ("v", Fph), ("s", Fph)],
    );
    let mut m1 = p.shift_types[0].clone();
    m1.id = "M1".into();
    if let Some(h) = m1.hospital.as_mut() {
        h.unit = Some("U1".into());
    }
    p.shift_types.push(m1);
    let h = p.hospital.as_mut().unwrap();
    for (u, e) in [("U1", "E1"), ("U2", "E1"), ("U3", "E2")] {
        h.units.push(UnitDef {
            id: u.into(),
            establishment: e.into(),
            kind: None,
        });
    }
    h.rule_parameters.push(ParameterSet {
        scope: Scope::Tenant,
        id: None,
        effective_from: None,
        reference: None,
        values: ParameterValues {
            qvt_isolated_day_weight: Some(0),
            qvt_split_weekend_weight: Some(0),
            qvt_quick_return_weight: Some(0),
            cycle_departure_weight: Some(0),
            ..Default::default()
        },
    });
    fn sh(p: &mut Problem, i: usize) -> &mut crate::hospital::StaffHospital {
        p.staff[i].hospital.as_mut().unwrap()
    }
    sh(&mut p, 1).quotite_percent = 50;
    sh(&mut p, 2).unit = None;
    sh(&mut p, 2).authorised_units = vec!["U1".into()];
    sh(&mut p, 2).pool = true;
    sh(&mut p, 3).unit = Some("U2".into());
    sh(&mut p, 3).authorised_units = vec!["U1".into()];
    sh(&mut p, 4).unit = Some("U3".into());
    sh(&mut p, 4).establishment = Some("E2".into());
    sh(&mut p, 4).authorised_units = vec!["U1".into()];
    p.cover.push(Cover {
        day: 2,
        shift: "M1".into(),
        qualification: None,
        min: Some(1),
        target: 1,
        max: None,
        under_weight: 100,
        over_weight: 1,
    });
    let asg = |staff: &str, day: usize| Assignment {
        staff: staff.into(),
        day,
        shift: "M1".into(),
    };
    let mut published: Vec<Assignment> = (0..5).map(|d| asg("x", d)).collect();
    published.extend(a_days.iter().map(|&d| asg("a", d)));
    for who in std::iter::once(&"x").chain(absent) {
        p.fixed_days_off.push(FixedDayOff {
            staff: (*who).into(),
            day: 2,
        });
    }
    let opts = RepairOptions {
        params: params(5.0),
        alternatives: 1,
        ..RepairOptions::default()
    };
    repair(&p, &published, &opts).unwrap()
}

/// Who takes Wednesday's M1, from where, and whether it is overtime.
fn replacement(rep: &RepairReport) -> (String, Option<Placement>, bool) {
    let best = &rep.alternatives[0];
    assert_eq!(best.hard_violations, 0);
    assert_eq!(best.changed_assignments, 2, "{:?}", best.changes);
    let added = best.changes.iter().find(|c| c.added.is_some()).unwrap();
    (added.staff.clone(), added.source, added.overtime)
}

#[test]
fn a_repair_prefers_the_own_unit_then_the_pool_volunteers_another_site_and_overtime_last() {
    use Placement::*;
    // a has hours left (nothing published): the own unit first.
    let rep = preference_case(&[], &[]);
    assert_eq!(replacement(&rep), ("a".into(), Some(Home), false));
    assert_eq!(rep.alternatives[0].sources.home, 1);
    // a at 50 % already works Monday and Tuesday (15 h of 17 h 30 due): Wednesday would be
    // 5 h of overtime, so the pool comes first.
    let rep = preference_case(&[], &[0, 1]);
    assert_eq!(replacement(&rep), ("p".into(), Some(Pool), false));
    assert_eq!(rep.alternatives[0].sources.pool, 1);
    assert_eq!(
        replacement(&preference_case(&["p"], &[0, 1])),
        ("v".into(), Some(Volunteer), false)
    );
    assert_eq!(
        replacement(&preference_case(&["p", "v"], &[0, 1])),
        ("s".into(), Some(OtherSite), false)
    );
    // Nobody else: overtime in the own unit, reported as such.
    let rep = preference_case(&["p", "v", "s"], &[0, 1]);
    assert_eq!(replacement(&rep), ("a".into(), Some(Home), true));
    assert_eq!(rep.alternatives[0].sources.overtime_people, 1);
    assert!(rep.preference_order.contains("heures supplémentaires"));
}
