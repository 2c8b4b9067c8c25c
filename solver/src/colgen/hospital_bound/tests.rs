use super::*;
use crate::problem::{Instance, Request, RequestKind};
use crate::rules::build_mip;

fn optimum(m: &MipBuilder) -> f64 {
    let mut h = Highs::new(m).unwrap();
    let out = h.run(&pricing_options(2, 300.0), None, None).unwrap();
    assert_eq!(out.status, RunStatus::Optimal);
    out.objective.unwrap()
}

fn french(staff: usize, days: usize, seed: u64) -> crate::problem::Problem {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    crate::unit_month::french_problem(start, staff, days, seed)
}

/// A small French unit where S001 asks to work day 3 (J) and to be off on days 2 and 4: one
/// of the three is lost or day 3 is an isolated day (QVT-3), whatever the others do.
fn clashing(staff: usize, days: usize, seed: u64) -> Instance {
    let mut p = french(staff, days, seed);
    p.requests.retain(|r| r.staff != "S001");
    for (day, kind) in [
        (2, RequestKind::Off),
        (3, RequestKind::On),
        (4, RequestKind::Off),
    ] {
        p.requests.push(Request {
            staff: "S001".into(),
            day,
            shift: (kind == RequestKind::On).then(|| "J".to_string()),
            kind,
            weight: 30,
        });
    }
    Instance::new(p).unwrap()
}

/// A small French unit whose cover needs everyone on the first weekend's Saturday and no one
/// on its Sunday: every person working Saturday splits the weekend (QVT-4), a cost that only
/// the cover makes unavoidable, so the multipliers 0 cannot see it.
fn forced_split(staff: usize, days: usize, seed: u64) -> Instance {
    let mut p = french(staff, days, seed);
    for c in &mut p.cover {
        if c.day == 5 && c.shift == "J" {
            c.min = Some(staff as u32);
            c.target = staff as u32;
            c.max = Some(staff as u32);
        } else if c.day == 6 {
            c.min = Some(0);
            c.target = 0;
            c.max = Some(0);
        } else {
            c.min = Some(0);
            c.target = 0;
            c.max = Some(staff as u32);
        }
    }
    p.requests.clear();
    Instance::new(p).unwrap()
}

fn bound(m: &MipBuilder, target: f64) -> SubgradientOutcome {
    let dec = Decomposition::new(m).expect("a French unit decomposes by person");
    dec.subgradient_bound(m, target, 120.0, 40, 2, None)
        .unwrap()
        .expect("every step of a tiny unit completes")
}

#[test]
fn the_subgradient_bound_lies_below_the_proven_optimum_and_sees_forced_costs() {
    for seed in 1..=3 {
        let inst = clashing(5, 14, seed);
        let m = build_mip(&inst);
        let opt = optimum(&m);
        let out = bound(&m, opt);
        assert!(
            out.bound <= opt + 1e-6,
            "seed {seed}: {} > {opt}",
            out.bound
        );
        assert!(out.bound >= out.at_zero.unwrap() - 1e-9, "seed {seed}");
        // The clash costs S001 20 at least (an isolated day or a lost request).
        assert!(out.bound >= 20.0 - 1e-6, "seed {seed}: {}", out.bound);
    }
}

#[test]
fn the_subgradient_bound_sees_a_cost_only_the_cover_forces() {
    let inst = forced_split(4, 7, 1);
    let m = build_mip(&inst);
    let opt = optimum(&m);
    let out = bound(&m, opt);
    assert!(out.bound <= opt + 1e-6, "{} > {opt}", out.bound);
    // At the multipliers 0 nobody works: no split weekend is seen.
    assert!(out.at_zero.unwrap() < 1e-6, "{:?}", out.at_zero);
    // Four split weekends at 20 each, all forced by the cover.
    assert!(opt >= 80.0 - 1e-6, "{opt}");
    assert!(out.bound > 40.0, "{} (optimum {opt})", out.bound);
}

#[test]
fn the_subgradient_bound_never_exceeds_a_roster_found_on_random_units() {
    use crate::solve::{Params, solve};
    let mut lawful = 0;
    for (staff, days, seed) in [
        (6, 7, 11),
        (7, 10, 12),
        (6, 14, 13),
        (8, 14, 14),
        (6, 10, 15),
    ] {
        let inst = Instance::new(french(staff, days, seed)).unwrap();
        let m = build_mip(&inst);
        let out = solve(
            &inst,
            &Params {
                time_limit: 20.0,
                seed,
                ..Params::default()
            },
            None,
            &mut |_| {},
            None,
        )
        .unwrap();
        let rep = out.report.expect("a roster");
        // Only lawful rosters bound the optimum from above.
        if rep.hard_violations > 0 {
            continue;
        }
        lawful += 1;
        let objective = rep.objective as f64;
        // Aim above the roster, so that the ascent is pushed as far as it goes.
        let lb = bound(&m, objective + 50.0);
        assert!(
            lb.bound <= objective + 1e-6,
            "{staff}x{days} seed {seed}: bound {} > roster {objective}",
            lb.bound
        );
    }
    assert!(lawful >= 3, "only {lawful} lawful rosters");
}
