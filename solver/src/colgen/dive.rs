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
    ColgenOptions, Decomposition, Pattern, PatternKey, PricingTime, new_schedules, pricing_options,
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
/// An LP value this close to 1 is taken as a whole choice: all such people are fixed at once.
const WHOLE: f64 = 0.99;

/// Dives from the current pattern pool (extended in place) until `deadline` (seconds after
/// `start`). Returns the index of the chosen pattern of every person, or `None` when an LP
/// failed before any step. When time runs out, the people still free take their most chosen
/// schedule in the last LP: the master's cover rows are elastic, so any choice is a roster,
/// and the search over the pool that follows repairs what the rounding broke (under load, the
/// dive used to end without a roster and leave Instance 8 to the master MIP: 2314 against
/// 1322). With `exact_allowed`, a step whose heuristic pricing finds nothing prices once
/// exactly.
#[allow(clippy::too_many_arguments)]
pub(super) fn dive(
    dec: &Decomposition,
    m: &MipBuilder,
    dp: &[SchedulePricer],
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    opts: &ColgenOptions,
    start: Instant,
    deadline: f64,
    exact_allowed: bool,
) -> Result<Option<Vec<usize>>, HighsError> {
    let threads = opts.threads;
    let n_staff = dec.blocks.len();
    let n_rows = dec.master_rows.len();
    let mut fixed: Vec<Option<usize>> = vec![None; n_staff];
    // The master LP stays loaded: fixing a person forbids their other schedules.
    let mut lp = MasterLp::new(dec, m, patterns)?;
    let mut lp_values: Vec<(usize, f64)> = Vec::new();
    while fixed.iter().any(Option::is_none) {
        let step_start = start.elapsed().as_secs_f64();
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
                out_of_time = true;
                break;
            };
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
            let new = new_schedules(dec, dp, &sol.duals, &active, exact, threads, time, seen)?;
            let added = new.len();
            patterns.extend(new);
            if added == 0 && (exact || !exact_allowed) {
                break;
            }
            exact = added == 0;
        }
        // Each free person's most chosen schedule in the last LP.
        let mut best: Vec<Option<(usize, f64)>> = vec![None; n_staff];
        for &(k, v) in &lp_values {
            let e = patterns[k].staff;
            if fixed[e].is_none() && best[e].is_none_or(|(_, bv)| v > bv) {
                best[e] = Some((k, v));
            }
        }
        if out_of_time {
            // (The last LP's values: those of an earlier step when this one solved none.)
            if best
                .iter()
                .zip(&fixed)
                .any(|(b, f)| b.is_none() && f.is_none())
            {
                return Ok(None);
            }
            for (f, b) in fixed.iter_mut().zip(&best) {
                if f.is_none() {
                    *f = b.map(|(k, _)| k);
                }
            }
            break;
        }
        let whole: Vec<usize> = (0..n_staff)
            .filter(|&e| best[e].is_some_and(|(_, v)| v >= WHOLE))
            .collect();
        if whole.is_empty() {
            let mut picks: Vec<(usize, usize, f64)> = (0..n_staff)
                .filter_map(|e| best[e].map(|(k, v)| (e, k, v)))
                .collect();
            if picks.is_empty() {
                return Ok(None);
            }
            picks.sort_by(|a, b| b.2.total_cmp(&a.2));
            // Fix more per step when the steps left at this pace would not fit in the time
            // left (large instances), so that the dive ends with a roster.
            let now = start.elapsed().as_secs_f64();
            let steps_left = ((deadline - now) / (now - step_start).max(1e-3)).max(1.0);
            let by_share = (picks.len() as f64 * SHARE_PER_STEP).ceil();
            // (Measured time: not in deterministic runs.)
            let by_time = if opts.adaptive {
                (picks.len() as f64 / steps_left).ceil()
            } else {
                0.0
            };
            let n = (by_share.max(by_time) as usize).max(1);
            for &(e, k, _) in picks.iter().take(n) {
                fixed[e] = Some(k);
            }
        } else {
            for e in whole {
                fixed[e] = best[e].map(|(k, _)| k);
            }
        }
        lp.sync(dec, patterns)?;
        for (k, p) in patterns.iter().enumerate() {
            if fixed[p.staff].is_some_and(|f| f != k) {
                lp.forbid(k)?;
            }
        }
    }
    Ok(fixed.into_iter().collect())
}
