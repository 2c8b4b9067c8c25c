//! Price-and-dive: a roster from the column generation's LP, one person at a time.
//!
//! A MIP over the schedules generated for the LP bound often finds no good roster: the schedules
//! that fit together in an integer roster were never priced, because the LP did not need them.
//! Diving fixes the people whose LP choice is (nearly) whole, prices new schedules for the others
//! against the changed duals, and repeats until everyone has a schedule. Each step is a few LP
//! solves and dynamic-programming pricings, so a dive over 30 people takes seconds.

use super::master_lp::MasterLp;
use super::schedule_dp::SchedulePricer;
use super::{
    ColgenOptions, Decomposition, HEURISTIC_BEAM, Pattern, PatternKey, PricingTime, new_schedules, pricing_options,
};
use crate::highs::HighsError;
use crate::mip::MipBuilder;
use std::collections::HashSet;
use std::time::Instant;

/// Pricing rounds per dive step before the step fixes what the LP says (measured on Instances
/// 7 and 8: fewer rounds or larger steps gave rosters 10 % worse).
const ROUNDS_PER_STEP: usize = 8;
/// Without whole choices, a step fixes this share of the free people (at least one), best first.
const SHARE_PER_STEP: f64 = 0.05;
/// The dive's LP may rise over the root LP by this share of it, spread evenly over the people
/// fixed before the tail (at half of them, half of it). A step that leaves the LP above this
/// corridor is undone and its schedules are forbidden (Instance 8: the LP stayed within 1 %
/// up to 17-20 people fixed, then one step raised it by 15 to 45, an uncovered shift the last
/// people could not fill).
const CORRIDOR: f64 = 0.01;
/// Undone steps at most per number of people fixed; then the step stands.
const TRIES: usize = 3;

/// When a dive stops and how fast it may go (seconds after the dive's `start`).
pub(super) struct DiveLimits {
    /// Past this, the people still free take their most chosen schedule in the last LP.
    pub deadline: f64,
    /// The dive stops with this many people free (or fewer), for a MIP to complete them.
    pub tail: usize,
    /// Step sizes are fixed counts (`SHARE_PER_STEP`), not measured time, unless the steps
    /// left at the dive's own pace would pass the deadline: then each step fixes enough
    /// people to end in time (`adaptive` runs only). Fixed counts matter: with time-based
    /// steps, Instance 8's dive ended at 1322 or 1405 depending on the machine's load, and the
    /// careful dive's LP was 1308 with 24 people fixed against 1376-1384 for the quick one.
    pub adaptive: bool,
}

/// Dives from the current pattern pool (extended in place) until `limits.deadline` or until
/// `limits.tail` people or fewer are free. Returns `None` when an LP failed before any step.
/// The people left free take their most chosen schedule in the last LP (the master's cover
/// rows are elastic, so any choice is a roster) and are marked free for the caller to
/// re-optimise: the LP jumps in the last fixings (Instance 8: 1316 with 20 of 30 people
/// fixed, 1629 at the end), and under load a dive can run out of time with people free.
/// With `exact_allowed`, a step whose heuristic pricing finds nothing prices once exactly.
#[allow(clippy::too_many_arguments)]
pub(super) fn dive(
    dec: &Decomposition,
    m: &MipBuilder,
    dp: &[SchedulePricer],
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    opts: &ColgenOptions,
    start: Instant,
    limits: &DiveLimits,
    exact_allowed: bool,
) -> Result<Option<DiveEnd>, HighsError> {
    let deadline = limits.deadline;
    let dive_start = start.elapsed().as_secs_f64();
    let mut steps = 0usize;
    let mut last_lp = f64::NAN;
    let threads = opts.threads;
    let n_staff = dec.blocks.len();
    let n_rows = dec.master_rows.len();
    let mut fixed: Vec<Option<usize>> = vec![None; n_staff];
    // The master LP stays loaded: fixing a person forbids their other schedules.
    let mut lp = MasterLp::new(dec, m, patterns)?;
    let mut lp_values: Vec<(usize, f64)> = Vec::new();
    let mut root_lp: Option<f64> = None;
    // The people fixed by the last step of fractional choices, and the schedules the undone
    // steps chose (never chosen again in this dive).
    let mut last_step: Option<Vec<usize>> = None;
    let mut tabu: HashSet<usize> = HashSet::new();
    let mut tries: Vec<usize> = vec![0; n_staff + 1];
    while fixed.iter().any(Option::is_none) {
        let mut out_of_time = false;
        // Heuristic pricing first; when it finds nothing, one exact round (the beam misses
        // the schedules that fill exactly what the fixed people leave).
        let mut exact = false;
        for _ in 0..ROUNDS_PER_STEP {
            if start.elapsed().as_secs_f64() > deadline {
                out_of_time = true;
                break;
            }
            lp.sync(dec, patterns)?;
            let left = (deadline - start.elapsed().as_secs_f64()).max(0.1);
            let Some(sol) = lp.solve(&pricing_options(threads, left), n_rows + n_staff)? else {
                if opts.verbose {
                    eprintln!(
                        "{:8.2}s dive: LP not solved (deadline {deadline:.2})",
                        start.elapsed().as_secs_f64()
                    );
                }
                out_of_time = true;
                break;
            };
            last_lp = sol.value;
            lp_values = sol
                .pattern_values
                .iter()
                .enumerate()
                .filter(|&(k, _)| fixed[patterns[k].staff].is_none_or(|f| f == k))
                .map(|(k, &v)| (k, v))
                .collect();
            let active: Vec<bool> = fixed.iter().map(Option::is_none).collect();
            let time = PricingTime {
                per_pricing: left.clamp(0.05, 10.0),
                start,
                deadline,
            };
            let beam = (!exact).then_some(HEURISTIC_BEAM);
            let new = new_schedules(dec, dp, &sol.duals, &active, beam, threads, time, seen)?;
            let added = new.len();
            patterns.extend(new);
            if added == 0 && (exact || !exact_allowed) {
                break;
            }
            exact = added == 0;
        }
        let root = *root_lp.get_or_insert(last_lp);
        let n_fixed = fixed.iter().flatten().count();
        let corridor = root
            + CORRIDOR
                * root.abs().max(1.0)
                * (n_fixed as f64 / n_staff.saturating_sub(limits.tail).max(1) as f64);
        if let Some(people) = last_step.take()
            && !out_of_time
            && last_lp > corridor
            && tries[n_fixed - people.len()] < TRIES
        {
            tries[n_fixed - people.len()] += 1;
            if opts.verbose {
                eprintln!(
                    "{:8.2}s dive step undone: LP {last_lp:.2} above {corridor:.2} with {n_fixed} people fixed",
                    start.elapsed().as_secs_f64(),
                );
            }
            for &e in &people {
                if let Some(k) = fixed[e].take() {
                    tabu.insert(k);
                }
            }
            lp.sync(dec, patterns)?;
            for (k, p) in patterns.iter().enumerate() {
                if people.contains(&p.staff) {
                    if tabu.contains(&k) {
                        lp.forbid(k)?;
                    } else {
                        lp.allow(k)?;
                    }
                }
            }
            continue;
        }
        // Each free person's most chosen schedule in the last LP.
        let mut best: Vec<Option<(usize, f64)>> = vec![None; n_staff];
        for &(k, v) in &lp_values {
            let e = patterns[k].staff;
            if fixed[e].is_none() && best[e].is_none_or(|(_, bv)| v > bv) {
                best[e] = Some((k, v));
            }
        }
        let n_free = fixed.iter().filter(|f| f.is_none()).count();
        if out_of_time || n_free <= limits.tail {
            // (The last LP's values: those of an earlier step when this one solved none.)
            if best
                .iter()
                .zip(&fixed)
                .any(|(b, f)| b.is_none() && f.is_none())
            {
                return Ok(None);
            }
            let free: Vec<bool> = fixed.iter().map(Option::is_none).collect();
            let chosen = fixed
                .iter()
                .zip(&best)
                .map(|(f, b)| f.or(b.map(|(k, _)| k)).unwrap_or(usize::MAX))
                .collect();
            if opts.verbose {
                eprintln!(
                    "{:8.2}s dive end: {} people free, LP {last_lp:.2}{}",
                    start.elapsed().as_secs_f64(),
                    n_free,
                    if out_of_time { " (out of time)" } else { "" }
                );
            }
            return Ok(Some(DiveEnd { chosen, free }));
        }
        // Whole choices (LP value 1) are no safer than the others: fixing all 19 of them at
        // once left Instance 8's last fixings to raise the LP from 1300 to 1790-2130.
        let mut picks: Vec<(usize, usize, f64)> = (0..n_staff)
            .filter_map(|e| best[e].map(|(k, v)| (e, k, v)))
            .collect();
        if picks.is_empty() {
            return Ok(None);
        }
        picks.sort_by(|a, b| b.2.total_cmp(&a.2));
        steps += 1;
        let n = step_size(
            picks.len(),
            n_free.saturating_sub(limits.tail),
            limits.adaptive.then(|| {
                let now = start.elapsed().as_secs_f64();
                let pace = (now - dive_start) / steps as f64;
                (deadline - now) / pace.max(1e-3)
            }),
        );
        for &(e, k, _) in picks.iter().take(n) {
            fixed[e] = Some(k);
        }
        last_step = Some(picks.iter().take(n).map(|p| p.0).collect());
        if opts.verbose {
            eprintln!(
                "{:8.2}s dive step: {} people fixed, LP {last_lp:.2}",
                start.elapsed().as_secs_f64(),
                fixed.iter().flatten().count(),
            );
        }
        lp.sync(dec, patterns)?;
        for (k, p) in patterns.iter().enumerate() {
            if fixed[p.staff].is_some_and(|f| f != k) || tabu.contains(&k) {
                lp.forbid(k)?;
            }
        }

    }
    let chosen = fixed.iter().map(|f| f.unwrap_or(usize::MAX)).collect();
    Ok(Some(DiveEnd {
        chosen,
        free: vec![false; n_staff],
    }))
}

/// People a dive step fixes among `candidates` free people (best LP values first), with
/// `to_fix` people to fix before the dive's tail: `SHARE_PER_STEP` of the candidates, or,
/// when `steps_left` (the steps that fit before the deadline at the dive's pace so far) would
/// not reach the tail at that rate, enough per step to get there in time.
fn step_size(candidates: usize, to_fix: usize, steps_left: Option<f64>) -> usize {
    let by_share = ((candidates as f64 * SHARE_PER_STEP).ceil() as usize).max(1);
    let careful_steps = to_fix.div_ceil(by_share);
    match steps_left {
        Some(left) if (careful_steps as f64) > left => {
            ((to_fix as f64 / left.max(1.0)).ceil() as usize).max(by_share)
        }
        _ => by_share,
    }
}

/// Where a dive ended: a schedule per person, fixed, or for the `free` people (the last few,
/// or those left when time ran out) their most chosen schedule in the last LP, which the
/// caller re-optimises together.
pub(super) struct DiveEnd {
    pub chosen: Vec<usize>,
    pub free: Vec<bool>,
}
