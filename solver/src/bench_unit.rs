//! `releve-solver bench-unit`: one month of a generated unit under the whole French rules pack
//! (`unit_month::french_problem`), solved `runs` times with different seeds; prints per run and
//! as medians the time to the first roster without hard violations and the gap between the
//! final roster and the lower bound at the time limit. The search starts from the engine's own
//! greedy, or with `legal_start` from the GHT units' legal start (`ght::legal_start`), whose
//! time then counts.

use anyhow::Result;
use releve_solver::problem::Instance;
use releve_solver::solve::{self, Params};
use releve_solver::unit_month;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

pub fn run(
    staff: usize,
    days: usize,
    runs: usize,
    first_seed: u64,
    legal_start: bool,
    params: &Params,
) -> Result<()> {
    let runs = runs.max(1);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    let (mut firsts, mut gaps) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let seed = first_seed + run as u64;
        let p = unit_month::french_problem(start, staff, days, seed);
        let inst = Instance::new(p).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let t0 = Instant::now();
        let start = if legal_start {
            Some(releve_solver::ght::legal_start(&inst)?)
        } else {
            None
        };
        let t_start = t0.elapsed().as_secs_f64();
        // Every event is a roster without hard violations (the engine's contract).
        let mut first: Option<f64> = None;
        let out = solve::solve(
            &inst,
            &Params {
                seed,
                time_limit: (params.time_limit - t_start).max(1.0),
                ..params.clone()
            },
            start.as_ref(),
            &mut |e| {
                first.get_or_insert(t_start + e.elapsed);
            },
            None,
        )?;
        let hard = out
            .report
            .as_ref()
            .map_or(usize::MAX, |r| r.hard_violations);
        let objective = out.report.as_ref().map(|r| r.objective);
        // Gap relative to the roster's objective, as HiGHS reports it.
        let gap = match (objective, out.lower_bound) {
            (Some(o), Some(lb)) if hard == 0 => 100.0 * (o - lb) as f64 / (o.max(1)) as f64,
            _ => f64::NAN,
        };
        println!(
            "run {run} (seed {seed}): first feasible {} s, final hard {hard}, objective {objective:?}, lower bound {:?}, gap {gap:.2} %, {:.1} s, status {:?}",
            first.map_or("none".into(), |f| format!("{f:.2}")),
            out.lower_bound,
            t_start + out.seconds,
            out.status
        );
        if params.verbose
            && let Some(rep) = &out.report
        {
            print_costs(rep);
        }
        firsts.push(first.unwrap_or(f64::NAN));
        gaps.push(gap);
    }
    println!(
        "unit {staff} staff x {days} days, French rules pack, {runs} runs, time limit {} s, {} threads, start: {}",
        params.time_limit,
        params.threads,
        if legal_start {
            "legal greedy"
        } else {
            "engine"
        }
    );
    println!(
        "median time to the first feasible roster: {:.2} s; median gap to the lower bound at the end: {:.2} %",
        median(firsts),
        median(gaps)
    );
    Ok(())
}

/// The roster's soft cost per rule, largest first (what the objective is made of).
fn print_costs(rep: &releve_solver::checker::Report) {
    let mut by_rule: std::collections::BTreeMap<&str, (usize, i64)> = Default::default();
    for v in &rep.violations {
        let e = by_rule.entry(v.rule).or_default();
        e.0 += 1;
        e.1 += v.cost;
    }
    let mut rows: Vec<_> = by_rule.into_iter().collect();
    rows.sort_by_key(|(_, (_, c))| -c);
    for (rule, (n, cost)) in rows {
        eprintln!("          {rule}: {n} violations, cost {cost}");
    }
}
