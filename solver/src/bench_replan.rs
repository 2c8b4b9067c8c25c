//! `releve-solver bench-replan`: medians of a repair after 3 absences on a generated unit month,
//! of the explanations of all its refused wishes, and of the indicators of a large problem.

use anyhow::{Result, bail};
use releve_solver::explain::{local::LocalChecker, wishes};
use releve_solver::indicators::{self, counts::Period};
use releve_solver::problem::{Instance, RosterFile};
use releve_solver::repair::{self, RepairOptions};
use releve_solver::rules::cover_target::count;
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
    large_staff: usize,
    runs: usize,
    params: &Params,
) -> Result<()> {
    let runs = runs.max(1);
    let (mut t_repair, mut t_first, mut t_explain, mut t_ind) = (vec![], vec![], vec![], vec![]);
    for run in 0..runs {
        let seed = 100 + run as u64;
        let p = unit_month::problem(staff, days, seed);
        let inst = Instance::new(p.clone()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let out = solve::solve(
            &inst,
            &Params {
                time_limit: 30.0,
                ..params.clone()
            },
            None,
            &mut |_| {},
            None,
        )?;
        let Some(published) = out.roster else {
            bail!("no published roster for seed {seed}");
        };
        // Explanations of every refused wish of the month, on the greedy roster (the solved
        // one grants nearly all of them).
        let greedy = releve_solver::construct::construct(&inst);
        let t = Instant::now();
        let lc = LocalChecker::new(&inst).map_err(anyhow::Error::msg)?;
        let refused = wishes::refused(&lc, &greedy)?;
        t_explain.push(t.elapsed().as_secs_f64());
        // Repair after 3 absences of 3 days.
        let mut q = p.clone();
        q.fixed_days_off = unit_month::absences(&inst, &published, 3, 3, 7, seed);
        let file: RosterFile = inst.roster_file(&published);
        let opts = RepairOptions {
            params: params.clone(),
            ..RepairOptions::default()
        };
        // Necessary changes: the absent assignments, plus one per place then missing below a
        // minimum (a lower bound of any repair).
        let absent = Instance::new(q.clone()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let mut dropped = published.clone();
        let mut necessary = 0;
        for &(e, d) in &absent.fixed_off {
            necessary += dropped.shifts(e, d).len();
            dropped.clear(e, d);
        }
        for c in &absent.cover {
            necessary += c
                .min
                .unwrap_or(0)
                .saturating_sub(count(&absent, &dropped, c)) as usize;
        }
        let t = Instant::now();
        let rep = repair::repair(&q, &file.assignments, &opts)?;
        t_repair.push(t.elapsed().as_secs_f64());
        let first = rep.alternatives.first();
        t_first.push(first.map_or(f64::NAN, |a| a.seconds));
        println!(
            "run {run}: published hard {}, refused wishes explained {}, repair: {} alternatives, best changes {:?} (necessary {necessary}) hard {:?}, first in {:.2} s",
            out.report.map_or(0, |r| r.hard_violations),
            refused.len(),
            rep.alternatives.len(),
            first.map(|a| a.changed_assignments),
            first.map(|a| a.hard_violations),
            first.map_or(f64::NAN, |a| a.seconds)
        );
        // Indicators on a large problem (the greedy roster of a large generated unit).
        let big = Instance::new(unit_month::problem(large_staff, days, seed))
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let roster = releve_solver::construct::construct(&big);
        let t = Instant::now();
        let i = indicators::compute(&big, &roster, Period::whole(&big));
        t_ind.push(t.elapsed().as_secs_f64());
        std::hint::black_box(i);
    }
    println!(
        "unit {staff} staff x {days} days, {runs} runs, time limit {} s, {} threads",
        params.time_limit, params.threads
    );
    println!(
        "repair after 3 absences, 3 alternatives: median {:.2} s (first alternative {:.2} s)",
        median(t_repair),
        median(t_first)
    );
    println!(
        "explanations of all refused wishes: median {:.3} s",
        median(t_explain)
    );
    println!(
        "indicators, {large_staff} staff x {days} days: median {:.3} s",
        median(t_ind)
    );
    Ok(())
}
