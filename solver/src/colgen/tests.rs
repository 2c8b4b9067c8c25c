use super::*;
use crate::checker;
use crate::curtois::tests::load;
use crate::rules::build_mip;

fn options(rounds_time: f64) -> ColgenOptions {
    ColgenOptions {
        rounds_time,
        master_time: 10.0,
        max_rounds: usize::MAX,
        threads: 1,
        master_nodes: None,
        adaptive: false,
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
