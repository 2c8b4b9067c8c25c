//! Price-and-dive: a roster from the column generation's LP, one person at a time.
//!
//! A MIP over the schedules generated for the LP bound often finds no good roster: the schedules
//! that fit together in an integer roster were never priced, because the LP did not need them.
//! Diving fixes the people whose LP choice is (nearly) whole, prices new schedules for the others
//! against the changed duals, and repeats until everyone has a schedule. Each step is a few LP
//! solves and dynamic-programming pricings, so a dive over 30 people takes seconds.

use super::master_lp::MasterLp;
use super::scarce_types::ScarceRule;
use super::schedule_dp::SchedulePricer;
use super::{
    ColgenOptions, Decomposition, Pattern, PatternKey, PricingTime, new_schedules, pricing_options,
};
use crate::highs::HighsError;
use crate::mip::MipBuilder;
use crate::solve::Rng;
use std::collections::HashSet;
use std::time::Instant;

/// Pricing rounds per dive step before the step fixes what the LP says (measured on Instances
/// 7 and 8: fewer rounds or larger steps gave rosters 10 % worse).
const ROUNDS_PER_STEP: usize = 8;
/// Without whole choices, a step fixes this share of the free people (at least one), best first.
const SHARE_PER_STEP: f64 = 0.05;
/// An LP value this close to 1 is taken as a whole choice: all such people are fixed at once.
const WHOLE: f64 = 0.99;
/// Shares of the people fixed at the dive's *checkpoints*, from one of which each further
/// completion starts while time remains. On Instance 8 the dive's LP rose from 1297 to 1320
/// over the first two thirds of the people and from 1320 to 1518 over the last third (session
/// 11, load 5): the roster is made or lost in the last steps, which are also the cheapest
/// (0.1-0.3 s each). From one checkpoint only (at two thirds), the completions repeated one
/// roster (1510 five times).
const CHECKPOINTS_FROM: f64 = 0.5;
const CHECKPOINTS_TO: f64 = 0.8;
/// Completions in a row without a better roster after which they stop (Instance 4 repeated
/// its optimal roster until the dive's deadline; Instance 8 found its better ones within the
/// first four).
const COMPLETIONS_STALL: usize = 10;

/// Dives from the current pattern pool (extended in place) until `deadline` (seconds after
/// `start`). Returns the index of the chosen pattern of every person, or `None` when an LP
/// failed before any step. When time runs out, the people still free take their most chosen
/// schedule in the last LP: the master's cover rows are elastic, so any choice is a roster,
/// and the search over the pool that follows repairs what the rounding broke (under load, the
/// dive used to end without a roster and leave Instance 8 to the master MIP: 2314 against
/// 1322). With `exact_allowed`, a step whose heuristic pricing finds nothing prices once
/// exactly.
///
/// Outside deterministic runs, the time left after the first dive goes to further completions
/// from one of its checkpoints (half to four fifths of the people fixed, drawn at random), in which each step fixes people in an
/// order perturbed by a generator seeded from `seed`; the roster of least LP value is kept.
#[allow(clippy::too_many_arguments)]
pub(super) fn dive(
    dec: &Decomposition,
    m: &MipBuilder,
    dp: &[SchedulePricer],
    scarce: Option<&ScarceRule>,
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    opts: &ColgenOptions,
    start: Instant,
    deadline: f64,
    exact_allowed: bool,
    lower_bound: Option<f64>,
) -> Result<Option<Vec<usize>>, HighsError> {
    let n_staff = dec.blocks.len();
    // The master LP stays loaded: fixing a person forbids their other schedules.
    let mut lp = MasterLp::new(dec, m, patterns)?;
    let keeps = |p: &Pattern| scarce.is_none_or(|r| r.keeps(dec, p));
    for (k, p) in patterns.iter().enumerate() {
        if !keeps(p) {
            lp.forbid(k)?;
        }
    }
    let mut fixed: Vec<Option<usize>> = vec![None; n_staff];
    let env = DiveEnv {
        dec,
        dp,
        scarce,
        opts,
        start,
        deadline,
        exact_allowed,
    };
    let mut checkpoints = Vec::new();
    if !descend(
        &env,
        &mut lp,
        patterns,
        seen,
        &mut fixed,
        None,
        &mut checkpoints,
    )? {
        return Ok(None);
    }
    let mut best: Vec<usize> = fixed.iter().flatten().copied().collect();
    if !opts.adaptive || checkpoints.is_empty() {
        return Ok(Some(best));
    }
    let mut best_value = roster_value(&env, &mut lp, patterns, &fixed)?;
    let mut rng = Rng(opts.seed ^ 0xD1CE_0000_0000_0001);
    let mut completions = 0;
    // A completion is started only when one as long as the last still fits: one cut short
    // fixes many people per step and rounds them (Instance 8: 2216 against 1413-1508).
    let mut last_length = 0.0;
    // Integer objectives: a roster within 1 of the bound cannot be beaten.
    let at_bound = |v: Option<f64>| {
        v.zip(lower_bound)
            .is_some_and(|(v, lb)| v < (lb - 1e-6).ceil() + 0.5)
    };
    let mut stalled = 0;
    while start.elapsed().as_secs_f64() + last_length < deadline
        && !at_bound(best_value)
        && stalled < COMPLETIONS_STALL
    {
        stalled += 1;
        let began = start.elapsed().as_secs_f64();
        let checkpoint = &checkpoints[rng.below(checkpoints.len())];
        // Back to the checkpoint: the people free there may take any of their schedules, the
        // others theirs at the checkpoint (an earlier completion may have fixed them otherwise).
        for (k, p) in patterns.iter().enumerate() {
            if checkpoint[p.staff].is_none_or(|f| f == k) && keeps(p) {
                lp.allow(k)?;
            } else {
                lp.forbid(k)?;
            }
        }
        fixed.clone_from(checkpoint);
        let mut unused = Vec::new();
        if !descend(
            &env,
            &mut lp,
            patterns,
            seen,
            &mut fixed,
            Some(&mut rng),
            &mut unused,
        )? {
            break;
        }
        completions += 1;
        let value = roster_value(&env, &mut lp, patterns, &fixed)?;
        last_length = start.elapsed().as_secs_f64() - began;
        if opts.verbose {
            eprintln!(
                "{:8.2}s dive completion {completions}: LP {value:?} (best {best_value:?})",
                start.elapsed().as_secs_f64()
            );
        }
        if let Some(v) = value
            && best_value.is_none_or(|b| v < b - 1e-6)
        {
            best_value = Some(v);
            best = fixed.iter().flatten().copied().collect();
            stalled = 0;
        }
    }
    Ok(Some(best))
}

/// What every descent of one dive shares.
struct DiveEnv<'a> {
    dec: &'a Decomposition,
    dp: &'a [SchedulePricer],
    /// The restriction on scarce shift types: schedules breaking it are never chosen.
    scarce: Option<&'a ScarceRule>,
    opts: &'a ColgenOptions,
    start: Instant,
    deadline: f64,
    exact_allowed: bool,
}

/// The LP value of the roster `fixed` (everyone fixed): the model's objective of the roster,
/// the cover slacks being continuous and free. `None` when the LP fails.
fn roster_value(
    env: &DiveEnv,
    lp: &mut MasterLp,
    patterns: &[Pattern],
    fixed: &[Option<usize>],
) -> Result<Option<f64>, HighsError> {
    lp.sync(env.dec, patterns)?;
    for (k, p) in patterns.iter().enumerate() {
        if fixed[p.staff] != Some(k) {
            lp.forbid(k)?;
        }
    }
    let n = env.dec.master_rows.len() + fixed.len();
    let left = (env.deadline - env.start.elapsed().as_secs_f64()).max(0.5);
    Ok(lp
        .solve(&pricing_options(env.opts.threads, left), n)?
        .map(|s| s.value))
}

/// Fixes the free people of `fixed` step by step until everyone has a schedule; `false` when
/// an LP failed before any step could choose. With `rng`, the people a step fixes (when none
/// is whole) are drawn in an order perturbed at random. `checkpoints` receives the fixings
/// after each step that leaves between `CHECKPOINTS_FROM` and `CHECKPOINTS_TO` of the people
/// fixed.
#[allow(clippy::too_many_arguments)]
fn descend(
    env: &DiveEnv,
    lp: &mut MasterLp,
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    fixed: &mut [Option<usize>],
    mut rng: Option<&mut Rng>,
    checkpoints: &mut Vec<Vec<Option<usize>>>,
) -> Result<bool, HighsError> {
    let (dec, dp, opts, start, deadline) = (env.dec, env.dp, env.opts, env.start, env.deadline);
    let threads = opts.threads;
    let n_staff = dec.blocks.len();
    let n_rows = dec.master_rows.len();
    let mut lp_values: Vec<(usize, f64)> = Vec::new();
    let mut lp_value = f64::NAN;
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
            lp_value = sol.value;
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
            let mut new = new_schedules(dec, dp, &sol.duals, &active, exact, threads, time, seen)?;
            // (The block's MIP prices a person the DP cannot: its schedules may break it.)
            if let Some(rule) = env.scarce {
                new.retain(|p| rule.keeps(dec, p));
            }
            let added = new.len();
            patterns.extend(new);
            if added == 0 && (exact || !env.exact_allowed) {
                break;
            }
            exact = added == 0;
        }
        if opts.verbose {
            eprintln!(
                "{:8.2}s dive step: {} people fixed, LP {lp_value:.2}",
                start.elapsed().as_secs_f64(),
                fixed.iter().filter(|f| f.is_some()).count()
            );
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
                .zip(fixed.iter())
                .any(|(b, f)| b.is_none() && f.is_none())
            {
                return Ok(false);
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
                return Ok(false);
            }
            if let Some(rng) = rng.as_deref_mut() {
                // A completion: the LP's values weighted at random (each times 0.75 to 1.25).
                for p in &mut picks {
                    p.2 *= 0.75 + 0.5 * rng.unit();
                }
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
        let n_fixed = fixed.iter().filter(|f| f.is_some()).count();
        let share = n_fixed as f64 / n_staff as f64;
        if n_fixed < n_staff && (CHECKPOINTS_FROM..=CHECKPOINTS_TO).contains(&share) {
            checkpoints.push(fixed.to_vec());
        }
    }
    Ok(true)
}
