use super::*;
use crate::checker;
use crate::curtois::tests::load;
use crate::mip::MipBuilder;
use crate::problem::Instance;
use crate::rules::build_mip;
use schedule_dp::SchedulePricer;

fn options(rounds_time: f64) -> ColgenOptions {
    ColgenOptions {
        rounds_time,
        master_time: 10.0,
        max_rounds: usize::MAX,
        threads: 1,
        master_nodes: None,
        adaptive: false,
        dp_pricing: true,
        seed: 0,
        verbose: false,
    }
}

#[test]
fn each_block_holds_one_persons_assignments_and_cover_rows_couple_them() {
    let inst = load("Instance2");
    let m = build_mip(&inst).elastic_copy();
    let dec = Decomposition::new(&m).expect("the Curtois model decomposes by person");
    assert_eq!(dec.blocks.len(), inst.n_staff);
    let per = inst.n_days * inst.n_shifts;
    for (e, b) in dec.blocks.iter().enumerate() {
        let xs: Vec<usize> = b.cols.iter().copied().filter(|&c| c < dec.n_x).collect();
        assert_eq!(xs, (e * per..(e + 1) * per).collect::<Vec<_>>());
    }
    // Every coupling row touches at least two people's assignments or a shared column.
    assert!(!dec.master_rows.is_empty());
    for &r in &dec.master_rows {
        let staff: HashSet<usize> = m
            .row(r)
            .filter(|(c, _)| *c < dec.n_x)
            .map(|(c, _)| c / per)
            .collect();
        let shared = m.row(r).any(|(c, _)| dec.master_cols.contains(&c));
        assert!(staff.len() >= 2 || shared, "row {r}");
    }
}

#[test]
fn the_bound_never_exceeds_the_optimum_and_the_master_roster_is_scored_exactly() {
    for (name, optimum) in [("Instance1", 607), ("Instance2", 828), ("Instance3", 1001)] {
        let inst = load(name);
        let m = build_mip(&inst).elastic_copy();
        let dec = Decomposition::new(&m).unwrap();
        let out = run(&inst, &m, &dec, None, &options(30.0), None).unwrap();
        let bound = out.lower_bound.expect("a bound");
        assert!(bound <= optimum as f64 + 1e-6, "{name}: {bound}");
        eprintln!("{name}: bound {bound}, {} rounds", out.rounds);
        // The decomposition's bound is strong on these: within 10 % of the optimum.
        assert!(bound >= 0.9 * optimum as f64, "{name}: {bound}");
        let roster = out.roster.expect("a roster");
        let rep = checker::check(&inst, &roster);
        if rep.hard_violations == 0 {
            let objective = out.objective.unwrap();
            assert!((objective - rep.objective as f64).abs() < 1e-6, "{name}");
            assert!(rep.objective >= optimum, "{name}");
        }
    }
}

#[test]
fn a_start_roster_is_a_schedule_of_the_first_master() {
    let inst = load("Instance1");
    let text = std::fs::read_to_string(
        crate::curtois::tests::bench_dir().join("reference_solutions/Instance1.monolith.out"),
    )
    .unwrap();
    let (start, value) = crate::curtois::reference::parse_monolith(&inst, &text).unwrap();
    let m = build_mip(&inst).elastic_copy();
    let dec = Decomposition::new(&m).unwrap();
    let out = run(&inst, &m, &dec, Some(&start), &options(0.0), None).unwrap();
    // No pricing round: the master holds only the start's schedules, so it returns the start.
    assert_eq!(out.rounds, 0);
    assert_eq!(out.roster.as_ref(), Some(&start));
    let rep = checker::check(&inst, &start);
    assert_eq!(rep.objective, value);
    assert!((out.objective.unwrap() - value as f64).abs() < 1e-6);
}

#[test]
fn a_round_with_an_unproven_pricing_gives_no_bound() {
    // Every pricing proven: the LP value plus the negative reduced costs.
    assert_eq!(
        lagrangian_bound(100.0, &[Some(-2.0), Some(3.0)]),
        Some(98.0)
    );
    // One pricing skipped or stopped without a bound: nothing is proven, not even the LP value.
    assert_eq!(lagrangian_bound(100.0, &[Some(0.0), None]), None);
}

#[test]
fn a_run_stopped_at_its_deadline_never_reports_a_bound_above_a_known_roster() {
    // Instance 6: a roster of 1950 is known. Short rounds end with pricings skipped at the
    // deadline; the restricted master's LP value must not then be taken for a bound (it was,
    // and reported 1952).
    let inst = load("Instance6");
    let m = build_mip(&inst).elastic_copy();
    let dec = Decomposition::new(&m).unwrap();
    for rounds_time in [1.0, 3.0] {
        let mut o = options(rounds_time);
        o.master_time = 1.0;
        o.threads = 2;
        let out = run(&inst, &m, &dec, None, &o, None).unwrap();
        if let Some(b) = out.lower_bound {
            assert!(b <= 1950.0 + 1e-6, "{rounds_time} s: bound {b}");
        }
    }
}

#[test]
fn dynamic_programming_prices_exactly_what_the_pricing_mip_finds() {
    // Random duals on the coupling rows; for every person the DP's least reduced cost must be
    // the block MIP's optimum (strict model: the person's own rules as hard rows).
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 2001) as f64 / 100.0 - 10.0
    };
    // Instance 8 limits several shift types per person: the dominance between labels is used.
    for (name, rounds) in [
        ("Instance1", 3),
        ("Instance2", 3),
        ("Instance4", 3),
        ("Instance6", 2),
        ("Instance8", 1),
    ] {
        let inst = load(name);
        assert!(schedule_dp::applies(&inst), "{name}");
        let m = build_mip(&inst);
        let dec = Decomposition::new(&m).unwrap();
        for round in 0..rounds {
            let duals: Vec<f64> = (0..dec.master_rows.len()).map(|_| rand()).collect();
            for e in 0..inst.n_staff {
                let pricer = SchedulePricer::new(&inst, e).unwrap();
                let (values, objective, bound) = dec
                    .price_dp(e, &pricer, &duals, None, None)
                    .unwrap()
                    .expect("every Curtois person has a schedule");
                let b = &dec.blocks[e];
                let mut h = Highs::new(&b.model).unwrap();
                let (_, mip, _) = price(&mut h, b, &duals, None, 30.0).unwrap();
                let (dp, mip) = (objective.unwrap(), mip.unwrap());
                assert!(
                    (dp - mip).abs() < 1e-6,
                    "{name} round {round} person {e}: DP {dp}, MIP {mip}"
                );
                assert!((bound.unwrap() - dp).abs() < 1e-6, "{name} person {e}");
                assert!(values.is_some());
            }
        }
    }
}

#[test]
fn a_cutoff_keeps_the_cheapest_schedule_below_it_and_proves_when_there_is_none() {
    let inst = load("Instance8");
    for e in [0, 13, 27] {
        let pricer = SchedulePricer::new(&inst, e).unwrap();
        let cost = |d: usize, t: usize| ((d * 7 + t * 13 + e) % 11) as f64 - 5.0;
        let schedule_dp::Priced::Schedule(best, schedule) = pricer.cheapest(cost, None, None)
        else {
            panic!("person {e} has a schedule");
        };
        let below = pricer.cheapest(cost, Some(best + 0.5), None);
        assert!(
            matches!(&below, schedule_dp::Priced::Schedule(v, s) if (v - best).abs() < 1e-9 && *s == schedule),
            "person {e}"
        );
        assert!(
            matches!(
                pricer.cheapest(cost, Some(best - 0.5), None),
                schedule_dp::Priced::NoneBelow
            ),
            "person {e}"
        );
        // The beam is a heuristic: never cheaper than the exact minimum, and its schedule keeps
        // the person's rules.
        let schedule_dp::Priced::Schedule(beamed, schedule) = pricer.cheapest(cost, None, Some(2))
        else {
            panic!("person {e}: the beam finds a schedule");
        };
        assert!(beamed >= best - 1e-9, "person {e}");
        let m = build_mip(&inst);
        let dec = Decomposition::new(&m).unwrap();
        assert!(
            dec.pattern_where(e, |d, t| schedule[d] == Some(t))
                .unwrap()
                .is_some()
        );
    }
}

#[test]
fn the_dive_gives_a_lawful_roster_and_the_search_after_it_is_scored_exactly() {
    let inst = load("Instance3");
    let m = build_mip(&inst).elastic_copy();
    let dec = Decomposition::new(&m).unwrap();
    let out = run(&inst, &m, &dec, None, &options(30.0), None).unwrap();
    let dive = checker::check(
        &inst,
        &out.dive_roster.expect("the dive ends with a roster"),
    );
    assert_eq!(dive.hard_violations, 0);
    let rep = checker::check(&inst, &out.roster.expect("a roster"));
    assert_eq!(rep.hard_violations, 0);
    assert!((out.objective.unwrap() - rep.objective as f64).abs() < 1e-6);
    // The master MIP starts from the dive's roster, and the search never loses ground.
    assert!(rep.objective <= dive.objective);
    assert!(rep.objective >= 1001);
}

#[test]
fn the_rounds_leave_the_dive_its_reserve_at_their_own_pace() {
    // Rounds end at 22.5 s, the dive at 22.5 + 0.7 * 10 = 29.5 s.
    let mut opts = options(22.5);
    opts.adaptive = true;
    // 50 rounds in 20 s: 25 more rounds' time (10 s) would pass the dive's deadline.
    assert!(dive_reserve_reached(&opts, true, 50, 20.0));
    // 50 rounds in 10 s: 5 s of reserve still fits.
    assert!(!dive_reserve_reached(&opts, true, 50, 10.0));
    // Few rounds (slow ones, far from converged): the rounds keep their time.
    assert!(!dive_reserve_reached(&opts, true, 20, 20.0));
    // No dive, or a deterministic run: no reserve.
    assert!(!dive_reserve_reached(&opts, false, 50, 20.0));
    opts.adaptive = false;
    assert!(!dive_reserve_reached(&opts, true, 50, 20.0));
}

#[test]
fn the_dive_completions_keep_a_lawful_roster_that_the_search_scores_exactly() {
    // Adaptive (timed) runs complete the dive again from its checkpoints while time lasts.
    let inst = load("Instance5");
    let m = build_mip(&inst).elastic_copy();
    let dec = Decomposition::new(&m).unwrap();
    let mut opts = options(6.0);
    opts.master_time = 3.0;
    opts.adaptive = true;
    let out = run(&inst, &m, &dec, None, &opts, None).unwrap();
    let dive = checker::check(&inst, &out.dive_roster.expect("a dive roster"));
    assert_eq!(dive.hard_violations, 0);
    let rep = checker::check(&inst, &out.roster.expect("a roster"));
    assert!((out.objective.unwrap() - rep.objective as f64).abs() < 1e-6);
    assert!(rep.objective <= dive.objective);
    assert!(rep.objective as f64 >= out.lower_bound.unwrap_or(0.0) - 1e-6);
}

/// A small unit of the French pack solved to optimality by the whole-model MIP, and that roster.
fn small_french_unit(staff: usize, days: usize, seed: u64) -> (Instance, MipBuilder, f64, Roster) {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    solved_unit(crate::unit_month::french_problem(start, staff, days, seed))
}

/// `p` solved to optimality by the whole-model MIP, and that roster.
fn solved_unit(p: crate::problem::Problem) -> (Instance, MipBuilder, f64, Roster) {
    use crate::highs::Highs;
    let seed = p.name.clone();
    let inst = Instance::new(p).unwrap();
    let m = build_mip(&inst);
    let out = Highs::new(&m)
        .unwrap()
        .run(&pricing_options(1, 120.0), None, None)
        .unwrap();
    assert_eq!(out.status, RunStatus::Optimal, "{seed}");
    let r = crate::solve::roster_from(&m, &inst, &out.values.unwrap());
    (inst, m, out.objective.unwrap(), r)
}

#[test]
fn the_shared_rules_bound_never_exceeds_a_small_units_optimum() {
    for seed in [1, 2] {
        let (inst, m, optimum, roster) = small_french_unit(8, 14, seed);
        assert_eq!(checker::check(&inst, &roster).hard_violations, 0);
        let dec = Decomposition::new(&m).unwrap();
        let out = dec
            .shared_rules_bound(&m, &roster, &[], 60.0, 300, 1, None, false)
            .unwrap()
            .expect("the unit's people share their rules");
        let bound = out.bound.expect("a bound");
        eprintln!("seed {seed}: optimum {optimum}, bound {bound}, {out:?}");
        assert!(bound <= optimum + 1e-6, "seed {seed}: {bound} > {optimum}");
        // The roster of the integer master over the schedules met is lawful and, on these two
        // units, optimal (measured: 12 and 11, the whole model's optima).
        assert!(
            out.converged,
            "seed {seed}: the rounds converge on a small unit"
        );
        let master = out.roster.expect("a roster from the converged master");
        let rep = checker::check(&inst, &master);
        eprintln!("seed {seed}: master roster objective {}", rep.objective);
        assert_eq!(rep.hard_violations, 0, "seed {seed}: {:?}", rep.violations);
        assert!((rep.objective as f64 - optimum).abs() < 1e-6, "seed {seed}");
        // The people's own pricing keeps the bound valid.
        let terms = out.terms.as_ref().expect("the bound's terms");
        let refined = dec.person_bound(terms, 30.0, 1, None, false).unwrap();
        assert!(
            refined >= bound - 1e-9 && refined <= optimum + 1e-6,
            "seed {seed}: {refined}"
        );
    }
}

#[test]
fn the_peoples_own_pricing_raises_the_bound_over_wishes_no_schedule_grants_together() {
    // S001 asks to work the day shift four days in a row (at most 3 consecutive days): the
    // generic bound counts the four wishes as granted, S001's own pricing cannot.
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut p = crate::unit_month::french_problem(start, 8, 14, 1);
    for day in 3..7 {
        p.requests.push(crate::problem::Request {
            staff: "S001".into(),
            day,
            shift: Some("J".into()),
            kind: crate::problem::RequestKind::On,
            weight: 10,
        });
    }
    let (_, m, optimum, roster) = solved_unit(p);
    let dec = Decomposition::new(&m).unwrap();
    let out = dec
        .shared_rules_bound(&m, &roster, &[], 60.0, 300, 1, None, false)
        .unwrap()
        .expect("the unit's people share their rules");
    let bound = out.bound.expect("a bound");
    let refined = dec
        .person_bound(out.terms.as_ref().expect("terms"), 30.0, 1, None, false)
        .unwrap();
    eprintln!("optimum {optimum}, bound {bound}, refined {refined}");
    assert!(refined >= bound + 1.0, "{refined} against {bound}");
    assert!(refined <= optimum + 1e-6, "{refined} > {optimum}");
}

#[test]
fn the_shared_rules_bound_needs_everyone_under_the_same_rules() {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut p = crate::unit_month::french_problem(start, 6, 14, 3);
    p.staff[0].limits.max_consecutive_days = Some(2);
    let inst = Instance::new(p).unwrap();
    let m = build_mip(&inst);
    let dec = Decomposition::new(&m).unwrap();
    let roster = Roster::new(inst.n_staff, inst.n_days);
    let out = dec
        .shared_rules_bound(&m, &roster, &[], 5.0, 5, 1, None, false)
        .unwrap();
    assert!(out.is_none(), "one person's rules differ: {out:?}");
}

#[test]
fn only_instance_8s_nights_are_scarce_among_instances_1_to_8() {
    for name in [
        "Instance1",
        "Instance2",
        "Instance3",
        "Instance4",
        "Instance5",
        "Instance6",
        "Instance7",
    ] {
        let inst = load(name);
        assert!(scarce_types::scarce_shift_types(&inst).is_empty(), "{name}");
    }
    // 86 nights asked, at most 74 worked.
    let inst = load("Instance8");
    let night = inst.shift_ix("N").unwrap();
    assert_eq!(scarce_types::scarce_shift_types(&inst), vec![night]);
}

#[test]
fn an_exact_count_pricer_works_the_maximum_of_the_type_even_when_it_costs() {
    let inst = load("Instance8");
    let night = inst.shift_ix("N").unwrap();
    // Person A may work 4 nights; nights cost, other shifts pay.
    let e = 0;
    let max = inst.limits[e].max_shifts[night].unwrap();
    assert_eq!(max, 4);
    let cost = |d: usize, t: usize| {
        if t == night {
            5.0
        } else {
            -1.0 - (d % 3) as f64
        }
    };
    let nights = |s: &[Option<usize>]| s.iter().filter(|&&t| t == Some(night)).count();
    let plain = SchedulePricer::new(&inst, e).unwrap();
    let schedule_dp::Priced::Schedule(free_cost, free) = plain.cheapest(cost, None, None) else {
        panic!("person A has a schedule");
    };
    assert_eq!(nights(&free), 0);
    let exact = SchedulePricer::with_exact_counts(&inst, e, &[(night, max)]).unwrap();
    for beam in [None, Some(HEURISTIC_BEAM)] {
        let schedule_dp::Priced::Schedule(v, s) = exact.cheapest(cost, None, beam) else {
            panic!("person A can work 4 nights");
        };
        assert_eq!(nights(&s), max as usize);
        assert!(v > free_cost);
        let m = build_mip(&inst);
        let dec = Decomposition::new(&m).unwrap();
        assert!(
            dec.pattern_where(e, |d, t| s[d] == Some(t))
                .unwrap()
                .is_some(),
            "the schedule keeps A's rules"
        );
    }
}

#[test]
fn the_dive_on_scarce_nights_gives_everyone_their_night_maximum_and_the_bound_stays_valid() {
    let inst = load("Instance8");
    let night = inst.shift_ix("N").unwrap();
    let m = build_mip(&inst).elastic_copy();
    let dec = Decomposition::new(&m).unwrap();
    let mut opts = options(6.0);
    opts.master_time = 4.0;
    let out = run(&inst, &m, &dec, None, &opts, None).unwrap();
    let dive = out.dive_roster.expect("a dive roster");
    assert_eq!(checker::check(&inst, &dive).hard_violations, 0);
    for e in 0..inst.n_staff {
        let worked = (0..inst.n_days).filter(|&d| dive.has(e, d, night)).count();
        let max = inst.limits[e].max_shifts[night].unwrap_or(0) as usize;
        assert_eq!(worked, max, "person {e}");
    }
    // The bound comes from the unrestricted LP: never above the optimum (1300).
    assert!(out.lower_bound.is_some_and(|b| b <= 1300.0 + 1e-6));
}
