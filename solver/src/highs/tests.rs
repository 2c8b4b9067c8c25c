use super::*;
use crate::curtois::tests::load;
use crate::rules::build_mip;
use std::time::Instant;

/// HiGHS measures `time_limit` against its run clock, which adds up over the LP runs of one
/// instance unless zeroed: a run after others stopped early with "time limit reached" (the
/// dive's master LP, solved again and again, stopped seconds before the dive's deadline).
#[test]
fn each_run_gets_its_whole_time_limit_however_long_the_runs_before_it() {
    let mut m = build_mip(&load("Instance8")).elastic_copy();
    m.integer.iter_mut().for_each(|i| *i = false);
    let mut h = Highs::new(&m).unwrap();
    let t = Instant::now();
    let first = h.run(&RunOptions::default(), None, None).unwrap();
    let once = t.elapsed().as_secs_f64();
    assert_eq!(first.status, RunStatus::Optimal);
    let opts = RunOptions {
        time_limit: Some(3.0 * once + 0.5),
        ..RunOptions::default()
    };
    // Before the fix (limit 3.07 s, 1 s per run), the third run stopped after 0.09 s: "time limit reached".
    for round in 0..6 {
        // Other costs each time, so that every run has simplex work to do.
        let costs: Vec<f64> = m
            .cost
            .iter()
            .enumerate()
            .map(|(j, c)| c + ((j * 7 + round * 13) % 5) as f64)
            .collect();
        h.set_costs(&costs).unwrap();
        let out = h.run(&opts, None, None).unwrap();
        assert_eq!(out.status, RunStatus::Optimal, "round {round}");
    }
}
