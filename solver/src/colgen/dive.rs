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
/// A step after which the LP rose by more than this share of its value is undone, and its
/// schedules are not fixed again (Instance 8: a step of one person raised the LP from 1327 to
/// 1421, an uncovered shift the last people could not fill; the steps before rose by 2 to 7).
const JUMP: f64 = 0.01;
/// An exact pricing round may take at most this share of the dive's time left.
const EXACT_SHARE: f64 = 0.1;
/// An LP value this close to 1 is taken as a whole choice: all such people are fixed at once.
const WHOLE: f64 = 0.99;

/// Dives from the current pattern pool (extended in place) until `deadline` (seconds after
/// `start`). Returns the index of the chosen pattern of every person, or `None` when an LP
/// failed before any step. When time runs out, the people still free take their most chosen
/// schedule in the last LP: the master's cover rows are elastic, so any choice is a roster,
/// and the search over the pool that follows repairs what the rounding broke (under load, the
/// dive used to end without a roster and leave Instance 8 to the master MIP: 2314 against
/// 1322). The dive also stops once `tail` people or fewer are free: they keep their most
/// chosen schedule, and `free` marks them for the caller to re-optimise together (the LP
/// jumps in the last fixings). A step whose heuristic pricing finds nothing prices once
/// exactly when that is cheap enough: an exact round of everyone took `slowest_exact` seconds,
/// one of the free people takes their share of it. Late in the dive, where the LP jumps, few
/// are free: the exact pricing then sees the schedules that fill what the fixed people leave,
/// which the heuristic misses (Instance 8 under load: 1.7 s for everyone, 2 % of the dive's
/// time allowed, so the whole dive priced heuristically).
/// nothing prices once exactly.
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
    slowest_exact: f64,
    tail: usize,
) -> Result<Option<DiveEnd>, HighsError> {
    let threads = opts.threads;
    let n_staff = dec.blocks.len();
    let n_rows = dec.master_rows.len();
    let mut fixed: Vec<Option<usize>> = vec![None; n_staff];
    // The master LP stays loaded: fixing a person forbids their other schedules.
    let mut lp = MasterLp::new(dec, m, patterns)?;
    let mut lp_values: Vec<(usize, f64)> = Vec::new();
    let mut last_lp = f64::NAN;
    // The people fixed by the last step of fractional choices, and the LP value before it.
    let mut undo: Option<(Vec<usize>, f64)> = None;
    let mut tabu: HashSet<usize> = HashSet::new();
    let mut backtracks = n_staff / 3;
    // At most one undo per number of people fixed: past it, the rise is the LP's own.
    let mut undone_at: HashSet<usize> = HashSet::new();
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
            let new = new_schedules(dec, dp, &sol.duals, &active, exact, threads, time, seen)?;
            let added = new.len();
            patterns.extend(new);
            let n_free = fixed.iter().filter(|f| f.is_none()).count() as f64;
            let share = n_free / (n_staff.max(1) as f64);
            let exact_allowed =
                slowest_exact * share < EXACT_SHARE * (deadline - start.elapsed().as_secs_f64());
            if added == 0 && (exact || !exact_allowed) {
                break;
            }
            exact = added == 0;
        }
        if let Some((people, before)) = undo.take()
            && !out_of_time
            && backtracks > 0
            && last_lp > before + JUMP * before.abs().max(1.0)
            && undone_at.insert(fixed.iter().flatten().count())
        {
            backtracks -= 1;
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
            if opts.verbose {
                eprintln!(
                    "{:8.2}s dive step undone: LP {before:.2} -> {last_lp:.2}",
                    start.elapsed().as_secs_f64()
                );
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
        if out_of_time || n_free <= tail {
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
            return Ok(Some(DiveEnd { chosen, free }));
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
            undo = Some((picks.iter().take(n).map(|p| p.0).collect(), last_lp));
        } else {
            // (Whole choices keep the LP's solution: they cannot raise its value.)
            for e in whole {
                fixed[e] = best[e].map(|(k, _)| k);
            }
        }
        if opts.verbose {
            eprintln!(
                "{:8.2}s dive step: {} people fixed, LP {:.2}",
                start.elapsed().as_secs_f64(),
                fixed.iter().flatten().count(),
                last_lp
            );
        }
        lp.sync(dec, patterns)?;
        for (k, p) in patterns.iter().enumerate() {
            if fixed[p.staff].is_some_and(|f| f != k) {
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

/// Where a dive ended: a schedule per person, fixed, or for the `free` people (the last few,
/// or those left when time ran out) their most chosen schedule in the last LP.
pub(super) struct DiveEnd {
    pub chosen: Vec<usize>,
    pub free: Vec<bool>,
}
