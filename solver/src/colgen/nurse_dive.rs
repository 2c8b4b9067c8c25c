//! A dive on the generic master that places the people one by one on schedules granting their
//! wishes (`shared_roster`).
//!
//! Why: the generic master prices one generic person, so the mix of its plain dive (a vertex of
//! a degenerate LP) holds few distinct schedules, and giving them out to people afterwards left
//! 20 to 110 of wish costs on the 60-nurse month, although thousands of the LP's optimal
//! schedules grant each person's wishes. Here each step takes the person with the least room
//! left on schedules granting their wishes, and raises the lower bound of one such schedule
//! by one person: one the LP already uses at one person or more (no LP to solve), else one the
//! LP uses a little or one of least reduced cost, kept only if the LP keeps its value. People
//! no granting schedule can take at that value come last, on the schedule the LP uses most
//! (the LP may then rise). Once everyone is placed the lower bounds sum to the people's count,
//! so they are the mix.

use super::Decomposition;
use super::shared_roster::{Dive, GenericSchedule};
use super::wish_grants::WishGrants;
use crate::highs::{Highs, HighsError, RunStatus};
use crate::mip::MipBuilder;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Schedules tried for a person before they wait for the end.
const TRIES: usize = 6;

/// Schedules of least own plus reduced cost tried for a person who waited.
const WAITING_TRIES: usize = 20;

/// The master LP at the current bounds: its value, the schedules' values and reduced costs.
struct MasterState {
    z: f64,
    counts: Vec<f64>,
    reduced: Vec<f64>,
}

impl Decomposition {
    /// The mix's value, one schedule index per person and whether everyone got a schedule
    /// granting their wishes at the LP's value, by placing the people one by one on the
    /// `master` LP (`generic_model`, over `schedules`); `None` out of `time_limit` seconds or
    /// when an LP fails.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn nurse_dive(
        &self,
        master: &MipBuilder,
        schedules: &[GenericSchedule],
        grants: &WishGrants,
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<(f64, Vec<usize>, bool)>, HighsError> {
        let t0 = Instant::now();
        let n = self.blocks.len();
        let first = master.n_cols() - schedules.len();
        let mut h = Highs::new(master)?;
        h.set_string("solver", "simplex")?;
        let mut lps = 0;
        let mut solve = |h: &mut Highs| -> Result<Option<MasterState>, HighsError> {
            lps += 1;
            let left = time_limit - t0.elapsed().as_secs_f64();
            if left <= 0.0 || cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                return Ok(None);
            }
            let out = h.run(&super::pricing_options(threads, left), None, None)?;
            let (RunStatus::Optimal, Some(z), Some(v)) = (out.status, out.objective, out.values)
            else {
                return Ok(None);
            };
            let duals = h.row_duals();
            let reduced = schedules
                .iter()
                .map(|s| s.cost - s.link.iter().map(|&(i, a)| a * duals[i]).sum::<f64>())
                .collect();
            Ok(Some(MasterState {
                z,
                counts: v[first..].to_vec(),
                reduced,
            }))
        };
        let Some(mut state) = solve(&mut h)? else {
            return Ok(None);
        };
        let target = state.z + 1e-6 * state.z.abs().max(1.0);
        let mut lower = vec![0.0_f64; schedules.len()];
        let mut placed: Vec<Option<usize>> = vec![None; n];
        let mut waiting: Vec<usize> = Vec::new();
        // A person's room left on schedules granting their wishes.
        let room = |e: usize, state: &MasterState, lower: &[f64]| -> f64 {
            grants.granting[e]
                .iter()
                .map(|&k| (state.counts[k] - lower[k]).max(0.0))
                .sum()
        };
        loop {
            // The person with the least room first.
            let next = (0..n)
                .filter(|&e| placed[e].is_none() && !waiting.contains(&e))
                .map(|e| (e, room(e, &state, &lower)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            let Some((e, _)) = next else {
                break;
            };
            // Its schedules: those the LP uses, most first, then those of least reduced cost.
            let mut used: Vec<(usize, f64)> = grants.granting[e]
                .iter()
                .map(|&k| (k, state.counts[k] - lower[k]))
                .filter(|&(_, r)| r > 1e-6)
                .collect();
            used.sort_by(|a, b| b.1.total_cmp(&a.1));
            let mut tries: Vec<usize> = used.iter().take(TRIES).map(|u| u.0).collect();
            if let Some(&(k, r)) = used.first()
                && r >= 1.0 - 1e-6
            {
                // The LP's solution stays feasible: nothing to solve.
                place_on(
                    &mut h,
                    first,
                    n,
                    k,
                    true,
                    &mut lower,
                    &mut state,
                    &mut solve,
                    |_| true,
                )?;
                placed[e] = Some(k);
                continue;
            }
            let mut cheapest: Vec<usize> = grants.granting[e]
                .iter()
                .copied()
                .filter(|k| !tries.contains(k))
                .collect();
            cheapest.sort_by(|&a, &b| state.reduced[a].total_cmp(&state.reduced[b]));
            tries.extend(cheapest.into_iter().take(TRIES.saturating_sub(tries.len())));
            let mut done = false;
            for k in tries {
                let keep = |s: &MasterState| s.z <= target;
                if place_on(
                    &mut h, first, n, k, false, &mut lower, &mut state, &mut solve, keep,
                )? {
                    placed[e] = Some(k);
                    done = true;
                    break;
                }
                if t0.elapsed().as_secs_f64() > time_limit {
                    return Ok(None);
                }
            }
            if !done {
                waiting.push(e);
            }
        }
        // The people left: the schedule of least own plus reduced cost that keeps the LP's
        // value; else one the LP uses at one person or more, of least own cost, or the one it
        // uses most (the LP then moves).
        let n_waiting = waiting.len();
        let mut stuck = false;
        for e in waiting {
            let own = |k: usize| grants.own(e, &schedules[k].values);
            let mut cheapest: Vec<(usize, f64)> = (0..schedules.len())
                .map(|k| (k, own(k) + state.reduced[k]))
                .collect();
            cheapest.sort_by(|a, b| a.1.total_cmp(&b.1));
            let mut order: Vec<(usize, bool, f64, f64)> = (0..schedules.len())
                .map(|k| {
                    let room = state.counts[k] - lower[k];
                    (k, room >= 1.0 - 1e-6, own(k), room)
                })
                .collect();
            order.sort_by(|a, b| {
                b.1.cmp(&a.1).then(if a.1 {
                    a.2.total_cmp(&b.2)
                } else {
                    b.3.total_cmp(&a.3)
                })
            });
            let tries = cheapest
                .iter()
                .take(WAITING_TRIES)
                .map(|c| (c.0, false))
                .chain(order.iter().take(TRIES).map(|o| (o.0, true)));
            let mut done = false;
            for (k, fallback) in tries {
                let free = fallback && state.counts[k] - lower[k] >= 1.0 - 1e-6;
                let keep = |s: &MasterState| fallback || s.z <= target;
                if place_on(
                    &mut h, first, n, k, free, &mut lower, &mut state, &mut solve, keep,
                )? {
                    placed[e] = Some(k);
                    done = true;
                    break;
                }
                if t0.elapsed().as_secs_f64() > time_limit {
                    return Ok(None);
                }
            }
            if !done {
                stuck = true;
                break;
            }
        }
        if stuck {
            return self.finish_by_dive(
                &mut h,
                first,
                schedules,
                grants,
                placed,
                time_limit - t0.elapsed().as_secs_f64(),
                threads,
                cancel,
                verbose,
            );
        }
        let Some(end) = solve(&mut h)? else {
            return Ok(None);
        };
        let chosen: Option<Vec<usize>> = placed.into_iter().collect();
        if verbose {
            eprintln!(
                "{:8.2}s nurse dive: {lps} LPs, {n_waiting} without a granting schedule, value {:.2} (LP {:.2})",
                t0.elapsed().as_secs_f64(),
                end.z,
                target
            );
        }
        let granted = n_waiting == 0 && end.z <= target;
        Ok(chosen.map(|c| (end.z, c, granted)))
    }

    /// When someone cannot be placed: the plain dive (`shared_roster`) from the bounds placed
    /// so far, then each person left on the free slot of their least own cost.
    #[allow(clippy::too_many_arguments)]
    fn finish_by_dive(
        &self,
        h: &mut Highs,
        first: usize,
        schedules: &[GenericSchedule],
        grants: &WishGrants,
        mut placed: Vec<Option<usize>>,
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<(f64, Vec<usize>, bool)>, HighsError> {
        let n = self.blocks.len();
        let mut dive = Dive {
            first,
            n_schedules: schedules.len(),
            n,
            keep_whole: true,
            jitter: None,
        };
        let Some((_, z, mut free)) = dive.run(h, time_limit, threads, cancel, verbose)? else {
            return Ok(None);
        };
        for k in placed.iter().flatten() {
            let Some(at) = free.iter().position(|s| s == k) else {
                return Ok(None);
            };
            free.swap_remove(at);
        }
        for (e, slot) in placed.iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            let own = |k: usize| grants.own(e, &schedules[k].values);
            let Some((at, _)) = free
                .iter()
                .enumerate()
                .min_by(|a, b| own(*a.1).total_cmp(&own(*b.1)))
            else {
                return Ok(None);
            };
            *slot = Some(free.swap_remove(at));
        }
        if verbose {
            eprintln!("nurse dive finished by the plain dive: value {z:.2}");
        }
        Ok(placed
            .into_iter()
            .collect::<Option<Vec<usize>>>()
            .map(|c| (z, c, false)))
    }
}

/// One more person on schedule `k` (master column `first + k`): without an LP when `free` (the
/// LP already uses it at one more person, so its solution stays), else by raising the lower bound
/// and solving, kept when `keep` accepts the new LP (`state` then becomes it) and put back
/// otherwise. Whether the person was placed.
#[allow(clippy::too_many_arguments)]
fn place_on(
    h: &mut Highs,
    first: usize,
    n: usize,
    k: usize,
    free: bool,
    lower: &mut [f64],
    state: &mut MasterState,
    solve: &mut impl FnMut(&mut Highs) -> Result<Option<MasterState>, HighsError>,
    keep: impl Fn(&MasterState) -> bool,
) -> Result<bool, HighsError> {
    h.set_col_bounds(first + k, lower[k] + 1.0, n as f64)?;
    if !free {
        match solve(h)? {
            Some(s) if keep(&s) => *state = s,
            _ => {
                h.set_col_bounds(first + k, lower[k], n as f64)?;
                return Ok(false);
            }
        }
    }
    lower[k] += 1.0;
    Ok(true)
}
