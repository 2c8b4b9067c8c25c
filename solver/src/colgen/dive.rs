//! Price-and-dive: a roster from the column generation's LP, a few days at a time.
//!
//! A MIP over the schedules generated for the LP bound often finds no good roster: the schedules
//! that fit together in an integer roster were never priced, because the LP did not need them.
//! Diving fixes what the LP has (nearly) decided, prices new schedules that keep every fixing
//! against the changed duals, and repeats until the LP is whole.
//!
//! What is fixed is one person's choice on one day (a shift, or off), not a whole schedule: a
//! whole schedule decides 28 days at once on the LP's word, and on Instance 8 that raised the LP
//! from 1305 to 1459 over a dive whose last steps lost 200 more. A day fixed leaves the person
//! every schedule that agrees with it, priced afresh. Each step is a few LP solves and
//! dynamic-programming pricings.

use super::lp_guided::{assignment_weights, lp_guided_roster};
use super::master_lp::MasterLp;
use super::schedule_dp::{OFF, SchedulePricer};
use super::{
    ColgenOptions, Decomposition, Pattern, PatternKey, PricingTime, pattern_key, price_all_dp,
    pricing_options,
};
use crate::highs::HighsError;
use crate::mip::MipBuilder;
use crate::problem::Roster;
use std::collections::HashSet;
use std::time::Instant;

/// Pricing rounds per dive step before the step fixes what the LP says.
const ROUNDS_PER_STEP: usize = 30;
/// Besides the decided days, a step fixes this share of the undecided ones (at least one),
/// surest first.
const SHARE_PER_STEP: f64 = 0.02;
/// A day whose surest choice has at least this LP weight counts as decided.
const WHOLE: f64 = 0.99;
/// Undecided days below which a MIP completes the roster from the LP's decided days (again
/// each time their number halves): a few hundred binaries, which HiGHS solves in a second,
/// where the dive's last fixings are the costliest.
const GUIDED_BELOW: usize = 150;

/// Dives from the current pattern pool (extended in place) until `deadline` (seconds after
/// `start`). Returns the index of the chosen pattern of every person, or `None` when time ran
/// out or an LP failed. A step whose heuristic pricing finds nothing prices once exactly; in
/// the first step (nothing fixed yet) only `exact_allowed`.
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
    guided: &mut Vec<Roster>,
) -> Result<Option<Vec<usize>>, HighsError> {
    let (threads, verbose) = (opts.threads, opts.verbose);
    let n_staff = dec.blocks.len();
    let n_rows = dec.master_rows.len();
    let n_days = dec.n_days;
    // Choice codes: a shift's index, and `n_shifts` for a day off.
    let n_codes = dec.n_shifts + 1;
    let code_ix = |c: u8| if c == OFF { dec.n_shifts } else { c as usize };
    // `imposed[e][d]`: the choice person `e` must make on day `d`, once fixed.
    let mut imposed: Vec<Vec<Option<u8>>> = vec![vec![None; n_days]; n_staff];
    let mut codes: Vec<Vec<u8>> = patterns.iter().map(|p| dec.day_codes(p)).collect();
    let mut forbidden = vec![false; patterns.len()];
    // The master LP stays loaded: a fixing forbids the schedules that disagree with it.
    let mut lp = MasterLp::new(dec, m, patterns)?;
    let mut first_step = true;
    let mut guided_below = GUIDED_BELOW;
    loop {
        // Once days are fixed, the exact pricing has far fewer states to explore: cheap.
        let exact_ok = exact_allowed || !first_step;
        first_step = false;
        let step_start = start.elapsed().as_secs_f64();
        let mut values: Vec<f64> = Vec::new();
        let mut lp_value = f64::NAN;
        let mut rounds = 0;
        // Heuristic pricing first; when it finds nothing, one exact round (the beam misses
        // the schedules that fill exactly what the fixings leave).
        let mut exact = false;
        for _ in 0..ROUNDS_PER_STEP {
            if start.elapsed().as_secs_f64() > deadline {
                return Ok(None);
            }
            rounds += 1;
            lp.sync(dec, patterns)?;
            let left = (deadline - start.elapsed().as_secs_f64()).max(0.1);
            let Some(sol) = lp.solve(&pricing_options(threads, left), n_rows + n_staff)? else {
                if verbose {
                    eprintln!("          dive: the master LP was not solved");
                }
                return Ok(None);
            };
            lp_value = sol.value;
            values = sol.pattern_values;
            let duals = sol.duals;
            let active: Vec<bool> = imposed.iter().map(|days| days.contains(&None)).collect();
            let cutoffs: Vec<Option<f64>> = (0..n_staff).map(|e| Some(duals[n_rows + e])).collect();
            let time = PricingTime {
                per_pricing: left.clamp(0.05, 10.0),
                start,
                deadline,
            };
            let priced = price_all_dp(
                dec,
                dp,
                &duals[..n_rows],
                &cutoffs,
                &active,
                exact,
                time,
                threads,
                Some(&imposed),
            );
            let mut added = 0;
            for (e, res) in priced.into_iter().enumerate() {
                let (v, objective, _) = res?;
                if let (Some(v), Some(obj)) = (v, objective)
                    && obj - duals[n_rows + e] < -1e-6
                {
                    let p = dec.pattern(e, v);
                    if seen.insert(pattern_key(&p)) {
                        codes.push(dec.day_codes(&p));
                        forbidden.push(false);
                        patterns.push(p);
                        added += 1;
                    }
                }
            }
            if added == 0 && (exact || !exact_ok) {
                break;
            }
            exact = added == 0;
        }
        // The LP weight of each choice on each day, per person.
        let mut weight = vec![0.0; n_staff * n_days * n_codes];
        for (k, &v) in values.iter().enumerate() {
            if v > 1e-9 {
                let e = patterns[k].staff;
                for (d, &c) in codes[k].iter().enumerate() {
                    weight[(e * n_days + d) * n_codes + code_ix(c)] += v;
                }
            }
        }
        // Each undecided day's surest choice.
        let mut open: Vec<(f64, usize, usize, u8)> = Vec::new();
        for (e, days) in imposed.iter().enumerate() {
            for (d, _) in days.iter().enumerate().filter(|(_, f)| f.is_none()) {
                let w = &weight[(e * n_days + d) * n_codes..][..n_codes];
                let (ix, &best) = w
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .unwrap_or((0, &0.0));
                let code = if ix == dec.n_shifts { OFF } else { ix as u8 };
                open.push((best, e, d, code));
            }
        }
        if open.iter().all(|o| o.0 > 1.0 - 1e-6) {
            // The LP is whole: each person's heaviest schedule.
            let mut chosen: Vec<Option<(usize, f64)>> = vec![None; n_staff];
            for (k, &v) in values.iter().enumerate() {
                let e = patterns[k].staff;
                if v > 1e-9 && chosen[e].is_none_or(|(_, b)| v > b) {
                    chosen[e] = Some((k, v));
                }
            }
            if verbose {
                eprintln!(
                    "{:8.2}s dive: whole LP {lp_value:.2}",
                    start.elapsed().as_secs_f64()
                );
            }
            return Ok(chosen.into_iter().map(|c| c.map(|(k, _)| k)).collect());
        }
        open.sort_by(|a, b| b.0.total_cmp(&a.0));
        let fractional = open.iter().filter(|o| o.0 < WHOLE).count();
        if fractional <= guided_below {
            guided_below = fractional / 2;
            let left = deadline - start.elapsed().as_secs_f64();
            let w = assignment_weights(dec, patterns, &values);
            let mut o = pricing_options(threads, (left / 3.0).min(3.0));
            o.node_limit = opts.master_nodes;
            let (r, _) = lp_guided_roster(m, &w, &o)?;
            if verbose {
                eprintln!(
                    "{:8.2}s dive: MIP over {fractional} undecided days: {}",
                    start.elapsed().as_secs_f64(),
                    if r.is_some() { "a roster" } else { "no roster" }
                );
            }
            guided.extend(r);
        }
        // Fix more per step when the steps left at this pace would not fit in the time left
        // (large instances), so that the dive ends with a roster.
        let now = start.elapsed().as_secs_f64();
        let steps_left = ((deadline - now) / (now - step_start).max(1e-3)).max(1.0);
        let by_share = (fractional as f64 * SHARE_PER_STEP).ceil();
        // (Measured time: not in deterministic runs.)
        let by_time = if opts.adaptive {
            (fractional as f64 / steps_left).ceil()
        } else {
            0.0
        };
        let mut quota = (by_share.max(by_time) as usize).max(1);
        // The schedules of positive weight that disagree with a fixing weigh at most one minus
        // its weight: while a person's sum of those stays below one, some schedule in the LP
        // agrees with all of the person's fixings, and the next LP stays feasible.
        let mut dropped = vec![0.0; n_staff];
        let mut fixed_now = 0;
        for &(w, e, d, code) in &open {
            if w < WHOLE && quota == 0 {
                break;
            }
            if dropped[e] + (1.0 - w) >= 0.999 {
                continue;
            }
            dropped[e] += 1.0 - w;
            imposed[e][d] = Some(code);
            fixed_now += 1;
            if w < WHOLE {
                quota -= 1;
            }
        }
        if verbose {
            eprintln!(
                "{:8.2}s dive step: {rounds} rounds, LP {lp_value:.2}, {fractional} undecided days, {fixed_now} fixed",
                start.elapsed().as_secs_f64(),
            );
        }
        lp.sync(dec, patterns)?;
        for (k, p) in patterns.iter().enumerate() {
            let agrees = imposed[p.staff]
                .iter()
                .zip(&codes[k])
                .all(|(f, &c)| f.is_none_or(|f| f == c));
            if !agrees && !forbidden[k] {
                forbidden[k] = true;
                lp.forbid(k)?;
            }
        }
    }
}
