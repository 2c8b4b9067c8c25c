use super::*;
use crate::curtois::tests::load;
use crate::highs::Highs;
use crate::problem::*;
use crate::rules::testing::tiny_problem;

fn quick(time_limit: f64) -> Params {
    Params {
        time_limit,
        threads: 1,
        ..Params::default()
    }
}

/// A random small problem exercising every rule.
fn random_problem(rng: &mut Rng) -> Problem {
    let mut p = tiny_problem();
    p.staff.push(Staff {
        id: "c".into(),
        ..Default::default()
    });
    for s in &mut p.staff {
        let l = &mut s.limits;
        l.max_consecutive_days = Some(2 + rng.below(3) as u32);
        l.min_consecutive_days = Some(1 + rng.below(2) as u32);
        l.min_consecutive_days_off = Some(1 + rng.below(2) as u32);
        l.max_weekends = Some(rng.below(2) as u32);
        l.max_total_minutes = Some(1500 + 300 * rng.below(5) as u32);
        l.min_total_minutes = Some(300 * rng.below(4) as u32);
        l.max_shifts.insert("N".into(), rng.below(4) as u32);
        if rng.below(2) == 0 {
            s.qualifications.push("IDE".into());
        }
    }
    p.shift_types[1].qualifications = if rng.below(2) == 0 {
        vec!["IDE".into()]
    } else {
        vec![]
    };
    p.min_rest_minutes = Some(660);
    p.rolling_windows = vec![RollingWindow {
        days: 3,
        max_minutes: 1500,
    }];
    for d in 0..7 {
        for t in ["D", "N"] {
            p.cover.push(Cover {
                day: d,
                shift: t.into(),
                qualification: None,
                min: None,
                target: rng.below(3) as u32,
                max: Some(2),
                under_weight: 1 + rng.below(100) as u32,
                over_weight: rng.below(5) as u32,
            });
        }
    }
    for _ in 0..6 {
        p.requests.push(Request {
            staff: ["a", "b", "c"][rng.below(3)].into(),
            day: rng.below(7),
            shift: (rng.below(3) > 0).then(|| ["D", "N"][rng.below(2)].to_string()),
            kind: if rng.below(2) == 0 {
                RequestKind::On
            } else {
                RequestKind::Off
            },
            weight: 1 + rng.below(3) as u32,
        });
    }
    p.fixed_days_off.push(FixedDayOff {
        staff: "a".into(),
        day: rng.below(7),
    });
    p.history = History {
        days: 1,
        assignments: vec![HistoryAssignment {
            staff: "b".into(),
            days_before: 1,
            shift: "N".into(),
        }],
    };
    p.reference = (rng.below(2) == 0).then(|| Reference {
        weight: 1,
        assignments: vec![Assignment {
            staff: "c".into(),
            day: 3,
            shift: "D".into(),
        }],
    });
    p
}

#[test]
fn on_random_small_problems_mip_solutions_have_no_hard_violation_and_the_same_objective() {
    let mut rng = Rng(42);
    let mut solved = 0;
    for _ in 0..25 {
        let inst = Instance::new(random_problem(&mut rng)).unwrap();
        let m = build_mip(&inst);
        let mut h = Highs::new(&m).unwrap();
        let out = h
            .run(
                &RunOptions {
                    time_limit: Some(5.0),
                    threads: Some(1),
                    ..Default::default()
                },
                None,
                None,
            )
            .unwrap();
        if let (Some(v), Some(obj)) = (&out.values, out.objective) {
            let r = roster_from(&m, &inst, v);
            let rep = checker::check(&inst, &r);
            assert_eq!(rep.hard_violations, 0, "{:?}", rep.violations);
            assert!(
                (obj - rep.objective as f64).abs() < 1e-6,
                "MIP {obj} vs checker {}",
                rep.objective
            );
            solved += 1;
        } else {
            assert_eq!(out.status, RunStatus::Infeasible);
        }
    }
    assert!(solved >= 5, "only {solved} random problems were feasible");
}

#[test]
fn the_repair_model_accepts_an_empty_roster_and_repairs_it() {
    let inst = load("Instance1");
    let m = build_mip(&inst).elastic_copy();
    let mut h = Highs::new(&m).unwrap();
    h.set_start(
        &(0..m.n_staff * m.n_days * m.n_shifts)
            .map(|c| (c, 0.0))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let out = h
        .run(
            &RunOptions {
                time_limit: Some(5.0),
                threads: Some(1),
                ..Default::default()
            },
            None,
            None,
        )
        .unwrap();
    // The repair model is a relaxation: its optimum is at most the true optimum, 607.
    assert!(out.objective.unwrap() <= 607.0 + 1e-6);
}

#[test]
fn small_instances_are_solved_to_optimality_with_a_valid_bound() {
    for (name, optimum) in [("Instance1", 607), ("Instance2", 828)] {
        let inst = load(name);
        let out = solve(&inst, &quick(20.0), None, &mut |_| {}, None).unwrap();
        let rep = out.report.unwrap();
        assert_eq!(rep.hard_violations, 0);
        assert!((out.mip_objective.unwrap() - rep.objective as f64).abs() < 1e-6);
        assert_eq!(out.status, Status::Optimal, "{name}");
        assert_eq!(rep.objective, optimum, "{name}");
        assert!(out.lower_bound.unwrap() <= optimum, "{name}");
    }
}

#[test]
fn a_warm_start_is_kept_and_cancellation_returns_the_best_so_far() {
    let inst = load("Instance4");
    let text = std::fs::read_to_string(
        crate::curtois::tests::bench_dir().join("reference_solutions/Instance4.monolith.out"),
    )
    .unwrap();
    let (start, value) = crate::curtois::reference::parse_monolith(&inst, &text).unwrap();
    let cancel = AtomicBool::new(false);
    let mut events = Vec::new();
    let out = solve(
        &inst,
        &quick(30.0),
        Some(&start),
        &mut |e| {
            events.push(e);
            cancel.store(true, Ordering::Relaxed);
        },
        Some(&cancel),
    )
    .unwrap();
    assert!(out.cancelled);
    assert!(out.seconds < 15.0, "took {}", out.seconds);
    let rep = out.report.unwrap();
    assert_eq!(rep.hard_violations, 0);
    assert!(rep.objective <= value);
    assert!(!events.is_empty());
    assert_eq!(out.status, Status::Feasible);
}

#[test]
fn the_same_seed_and_iteration_budget_give_the_same_roster() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/ward.problem.json");
    let p: Problem = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let inst = Instance::new(p).unwrap();
    let params = Params {
        time_limit: 60.0,
        threads: 1,
        seed: 7,
        max_iterations: Some(4),
        ..Params::default()
    };
    let a = solve(&inst, &params, None, &mut |_| {}, None).unwrap();
    let b = solve(&inst, &params, None, &mut |_| {}, None).unwrap();
    assert_eq!(a.iterations, 4);
    assert!(a.roster.is_some());
    let rep = a.report.as_ref().unwrap();
    if rep.hard_violations == 0
        && let Some(m) = a.mip_objective
    {
        // Rosters from a neighbourhood sub-model carry no whole-model objective.
        assert!((m - rep.objective as f64).abs() < 1e-6);
    }
    assert_eq!(a.roster, b.roster);
    assert_eq!(a.lower_bound, b.lower_bound);
    assert_eq!(a.report.unwrap().objective, b.report.unwrap().objective);
}

#[test]
fn lower_bounds_never_exceed_proven_optima() {
    // Short runs: the bound may be absent, never above the optimum.
    for (name, optimum) in [
        ("Instance3", 1001),
        ("Instance4", 1716),
        ("Instance8", 1300),
        ("Instance14", 1278),
        ("Instance16", 3225),
        ("Instance18", 4459),
    ] {
        let inst = load(name);
        let out = solve(
            &inst,
            &Params {
                time_limit: 2.0,
                threads: 1,
                max_iterations: Some(0),
                ..Params::default()
            },
            None,
            &mut |_| {},
            None,
        )
        .unwrap();
        if let Some(b) = out.lower_bound {
            assert!(b <= optimum, "{name}: bound {b} above optimum {optimum}");
        }
    }
}

#[test]
fn only_the_neighbourhood_runs_tighten_the_feasibility_tolerance_against_the_highs_abort() {
    let inst = Instance::new(tiny_problem()).unwrap();
    let m = build_mip(&inst).elastic_copy();
    let lns = lns_highs(&m).unwrap();
    assert_eq!(
        lns.double_option("mip_feasibility_tolerance").unwrap(),
        LNS_FEASIBILITY_TOLERANCE
    );
    // Every other run keeps HiGHS's default.
    let plain = Highs::new(&m).unwrap();
    assert_eq!(
        plain.double_option("mip_feasibility_tolerance").unwrap(),
        1e-6
    );
}
