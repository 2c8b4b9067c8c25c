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
/// Pricing rounds per step at most (each an LP and a pricing of the freed people).
const ROUNDS: usize = 12;
/// Steps in a row without improvement after which the search stops (the pool and the
/// pricings then offer nothing new).
const STALL_STEPS: usize = 200;

/// When the search stops, in seconds after its `start`.
#[derive(Clone, Copy)]
pub(super) struct SearchTime {
    /// Past this, the search stops once it has not improved for `stall` seconds.
    pub soft: f64,
    /// Past this, it stops.
    pub hard: f64,
    pub stall: f64,
}

/// Improves `chosen` (a pattern index per person, objective `value`) until `until` says stop
/// or until it reaches `lower_bound`; returns the best choice and its objective.
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
    until: SearchTime,
    lower_bound: Option<f64>,
) -> Result<(Vec<usize>, f64), HighsError> {
    let deadline = until.hard;
    let mut last_gain = start.elapsed().as_secs_f64();
    let go_on = |last_gain: f64| {
        let now = start.elapsed().as_secs_f64();
        now < until.hard && (now < until.soft || now - last_gain < until.stall)
    };
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
    while go_on(last_gain) && !at_bound(value) && stalled < STALL_STEPS {
        stalled += 1;
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
            while picked < FREED / 2 && tries < 4 * FREED && !row_people[i].is_empty() {
                tries += 1;
                let e = row_people[i][(next() % row_people[i].len() as u64) as usize];
                if !freed[e] {
                    freed[e] = true;
                    picked += 1;
                }
            }
        }
        while picked < FREED {
            let e = (next() % n_staff as u64) as usize;
            if !freed[e] {
                freed[e] = true;
                picked += 1;
            }
        }
        if start.elapsed().as_secs_f64() > deadline - 0.05 {
            break;
        }
        let step = reoptimize(
            dec,
            m,
            dp,
            patterns,
            seen,
            &mut by_person,
            &chosen,
            &freed,
            threads,
            start,
            deadline,
            5.0,
        )?;
        if let Some((new_chosen, obj)) = step
            && obj < value - 1e-6
        {
            chosen = new_chosen;
            value = obj;
            stalled = 0;
            last_gain = start.elapsed().as_secs_f64();
        }
    }
    Ok((chosen, value))
}

/// Re-optimises the `freed` people's schedules around the others' `chosen` ones: with `dp`,
/// new schedules are priced for them first; then a MIP over their pool (at most `cap`
/// seconds, started from `chosen`) picks the best combination. Returns the new choice and its
/// objective when the MIP found one. `by_person` lists each person's patterns and gains the
/// new ones.
#[allow(clippy::too_many_arguments)]
fn reoptimize(
    dec: &Decomposition,
    m: &MipBuilder,
    dp: Option<&[SchedulePricer]>,
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    by_person: &mut [Vec<usize>],
    chosen: &[usize],
    freed: &[bool],
    threads: u32,
    start: Instant,
    deadline: f64,
    cap: f64,
) -> Result<Option<(Vec<usize>, f64)>, HighsError> {
    let n_staff = chosen.len();
    let first = dec.master_cols.len();
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
            dec, m, dp, patterns, seen, &columns, freed, threads, start, deadline,
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
        return Ok(None);
    }
    let out = h.run(&pricing_options(threads, left.min(cap)), None, None)?;
    let (Some(v), Some(obj)) = (out.values, out.objective) else {
        return Ok(None);
    };
    let mut next = chosen.to_vec();
    for (i, &k) in columns.iter().enumerate() {
        if v[first + i] > 0.5 {
            next[patterns[k].staff] = k;
        }
    }
    Ok(Some((next, obj)))
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
