//! Neighbourhood search over schedules: a few people are freed, the others keep theirs, and a
//! small MIP picks the best combination of the freed people's schedules.
//!
//! The freed people's schedules are those the column generation produced for them, plus new
//! ones priced against the others' fixed schedules: a small column generation whose master
//! holds the others' chosen schedules alone. The pool alone stalls: on Instance 8 the dive's
//! roster sits a few uncovered shifts (100 each) above the LP, and the schedules that would
//! cover them around the others' actual choices were never priced, because the LP of the whole
//! roster did not need them.

use super::master_lp::MasterLp;
use super::schedule_dp::SchedulePricer;
use super::{Decomposition, Pattern, PatternKey, PricingTime, new_schedules, pricing_options};
use crate::highs::{Highs, HighsError};
use crate::mip::MipBuilder;
use std::collections::HashSet;
use std::time::Instant;

/// People freed per step.
const FREED: usize = 6;
/// Steps without improvement after which each step frees `GROW` more people (up to
/// `MAX_FREED`, back to `FREED` at the next improvement): on Instance 8 the search stalled at a
/// roster one uncovered shift above the best known after 6 of its 24 steps, with 6 freed.
const STALL_TO_GROW: usize = 6;
const GROW: usize = 2;
const MAX_FREED: usize = 16;
/// Pricing rounds per step at most (each an LP and a pricing of the freed people).
const ROUNDS: usize = 12;
/// Steps in a row without improvement after which the search stops (the pool and the
/// pricings then offer nothing new).
const STALL_STEPS: usize = 200;

/// Improves `chosen` (a pattern index per person, objective `value`) until `deadline` seconds
/// after `start` or until it reaches `lower_bound`; returns the best choice and its objective.
/// New schedules priced on the way join `patterns`. With `dp` set, each step prices new
/// schedules for its freed people first.
#[allow(clippy::too_many_arguments)]
pub(super) fn improve(
    dec: &Decomposition,
    m: &MipBuilder,
    dp: Option<&[SchedulePricer]>,
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    mut chosen: Vec<usize>,
    mut value: f64,
    threads: u32,
    seed: u64,
    start: Instant,
    deadline: f64,
    lower_bound: Option<f64>,
    verbose: bool,
) -> Result<(Vec<usize>, f64), HighsError> {
    // Integer objectives: a value within 1 of the bound cannot improve (nor can one below it).
    let at_bound = |v: f64| lower_bound.is_some_and(|lb| v < (lb - 1e-6).ceil() + 0.5);
    let n_staff = chosen.len();
    // Freeing everyone is the master MIP over the whole pool, which already ran.
    if n_staff <= FREED {
        return Ok((chosen, value));
    }
    let mut by_person: Vec<Vec<usize>> = vec![Vec::new(); n_staff];
    for (k, p) in patterns.iter().enumerate() {
        by_person[p.staff].push(k);
    }
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let first = dec.master_cols.len();
    // The people whose schedules reach each coupling row (those who could work its cover).
    let mut row_people: Vec<Vec<usize>> = vec![Vec::new(); dec.master_rows.len()];
    for (e, b) in dec.blocks.iter().enumerate() {
        for &(_, i, _) in &b.links {
            if row_people[i].last() != Some(&e) {
                row_people[i].push(e);
            }
        }
    }
    let mut stalled = 0;
    let mut steps = 0;
    while start.elapsed().as_secs_f64() < deadline && !at_bound(value) && stalled < STALL_STEPS {
        // (Before the increment: the stall count of the previous steps.)
        let size = (FREED + GROW * (stalled / STALL_TO_GROW))
            .min(MAX_FREED)
            .min(n_staff - 1);
        stalled += 1;
        steps += 1;
        let mut freed = vec![false; n_staff];
        let mut picked = 0;
        // Half of them among the people who could fill a row the chosen schedules leave short
        // (an uncovered shift, on the Curtois instances), when there is one.
        let mut activity = vec![0.0; dec.master_rows.len()];
        for &k in &chosen {
            for &(i, a) in &patterns[k].link {
                activity[i] += a;
            }
        }
        let short: Vec<usize> = (0..activity.len())
            .filter(|&i| activity[i] < m.row_lower[dec.master_rows[i]] - 1e-6)
            .collect();
        if !short.is_empty() {
            let i = short[(next() % short.len() as u64) as usize];
            let mut tries = 0;
            while picked < size / 2 && tries < 4 * size && !row_people[i].is_empty() {
                tries += 1;
                let e = row_people[i][(next() % row_people[i].len() as u64) as usize];
                if !freed[e] {
                    freed[e] = true;
                    picked += 1;
                }
            }
        }
        while picked < size {
            let e = (next() % n_staff as u64) as usize;
            if !freed[e] {
                freed[e] = true;
                picked += 1;
            }
        }
        let mut columns: Vec<usize> = (0..n_staff)
            .flat_map(|e| {
                if freed[e] {
                    by_person[e].clone()
                } else {
                    vec![chosen[e]]
                }
            })
            .collect();
        if let Some(dp) = dp {
            let new = price_freed(
                dec, m, dp, patterns, seen, &columns, &freed, threads, start, deadline,
            )?;
            for k in new {
                by_person[patterns[k].staff].push(k);
                columns.push(k);
            }
        }
        let refs: Vec<&Pattern> = columns.iter().map(|&k| &patterns[k]).collect();
        let mut h = Highs::new(&dec.master(m, &refs, true))?;
        let start_values: Vec<(usize, f64)> = columns
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let on = chosen[patterns[k].staff] == k;
                (first + i, if on { 1.0 } else { 0.0 })
            })
            .collect();
        h.set_start(&start_values)?;
        let left = deadline - start.elapsed().as_secs_f64();
        if left <= 0.05 {
            break;
        }
        let out = h.run(&pricing_options(threads, left.min(5.0)), None, None)?;
        if let (Some(v), Some(obj)) = (out.values, out.objective)
            && obj < value - 1e-6
        {
            for (i, &k) in columns.iter().enumerate() {
                if v[first + i] > 0.5 {
                    chosen[patterns[k].staff] = k;
                }
            }
            value = obj;
            stalled = 0;
            if verbose {
                eprintln!(
                    "{:8.2}s pool search step {steps} ({size} freed): {value}",
                    start.elapsed().as_secs_f64()
                );
            }
        }
    }
    if verbose {
        eprintln!(
            "{:8.2}s pool search: {steps} steps",
            start.elapsed().as_secs_f64()
        );
    }
    Ok((chosen, value))
}

/// A small column generation for the `freed` people over the master of `columns` (the others'
/// chosen schedules and the freed people's pool): new schedules of negative reduced cost are
/// priced for them until none is found (heuristically, then once exactly) or the rounds run
/// out. Returns the indices of the new schedules in `patterns`.
#[allow(clippy::too_many_arguments)]
fn price_freed(
    dec: &Decomposition,
    m: &MipBuilder,
    dp: &[SchedulePricer],
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    columns: &[usize],
    freed: &[bool],
    threads: u32,
    start: Instant,
    deadline: f64,
) -> Result<Vec<usize>, HighsError> {
    let n_staff = freed.len();
    let n_rows = dec.master_rows.len();
    let mut local: Vec<Pattern> = columns.iter().map(|&k| patterns[k].clone()).collect();
    let mut lp = MasterLp::new(dec, m, &local)?;
    let mut new = Vec::new();
    let mut exact = false;
    for _ in 0..ROUNDS {
        let left = deadline - start.elapsed().as_secs_f64();
        if left <= 0.05 {
            break;
        }
        lp.sync(dec, &local)?;
        let Some(sol) = lp.solve(&pricing_options(threads, left), n_rows + n_staff)? else {
            break;
        };
        let time = PricingTime {
            per_pricing: left.clamp(0.05, 10.0),
            start,
            deadline,
        };
        let found = new_schedules(dec, dp, &sol.duals, freed, exact, threads, time, seen)?;
        let added = found.len();
        for p in found {
            new.push(patterns.len());
            patterns.push(p.clone());
            local.push(p);
        }
        if added == 0 {
            if exact {
                break;
            }
            exact = true;
        } else {
            exact = false;
        }
    }
    Ok(new)
}
