//! Exact re-optimisation of a few people's whole month for hospital problems: people with soft
//! violations near each other (and one or two others) are freed over the whole horizon, the
//! rest of the roster is fixed, and HiGHS solves the strict model's rows they reach; the
//! result is kept when the checker finds it lawful and no worse.
//!
//! Why: the annealing ends on the 60-nurse month with a dozen or more isolated days and split
//! weekends (QVT-3, QVT-4, 20 each) that no swap or one-day change removes without breaking a
//! rule or the cover (the last swaps find nothing). Mending one needs a chain of changes across
//! the month of two to four people (a Saturday moved to someone who then needs a day off
//! elsewhere), which a sub-MIP of those people finds exactly in a fraction of a second.

use super::{Rng, lns_highs, x_values};
use crate::checker::{self, Report};
use crate::highs::{HighsError, RunOptions, RunStatus};
use crate::mip::{MipBuilder, Restrictor};
use crate::problem::{Instance, Roster};
use crate::rules::Kind;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// People freed at first, and the range the size adapts within (one more after a run proven
/// optimal, one less after a run stopped by its limits).
const START_PEOPLE: usize = 3;
const MIN_PEOPLE: usize = 2;
const MAX_PEOPLE: usize = 8;
/// Longest run of one sub-MIP, in seconds.
const RUN_CAP: f64 = 2.0;
/// Days apart that two violations may be and still be mended together.
const NEAR_DAYS: usize = 3;

/// What a polish did.
#[derive(Debug, Default, Clone, Copy)]
pub struct PolishStats {
    pub runs: usize,
    pub optimal: usize,
    pub improvements: usize,
}

/// Re-optimises groups of people of `roster` (no hard violation, `rep` its report) on `strict`
/// (the model without elastic rows) until `deadline` seconds after `t0` or cancellation; keeps
/// in `roster` and `rep` the best roster met.
#[allow(clippy::too_many_arguments)]
pub(super) fn polish(
    inst: &Instance,
    strict: &MipBuilder,
    roster: &mut Roster,
    rep: &mut Report,
    seed: u64,
    threads: u32,
    t0: Instant,
    deadline: f64,
    cancel: Option<&AtomicBool>,
) -> Result<PolishStats, HighsError> {
    let mut stats = PolishStats::default();
    if rep.hard_violations > 0 || inst.n_staff < 2 {
        return Ok(stats);
    }
    let restrictor = Restrictor::new(strict);
    let mut rng = Rng(seed ^ 0x9011_5400_0000_0007);
    let mut k = START_PEOPLE;
    loop {
        let remaining = deadline - t0.elapsed().as_secs_f64();
        if remaining < 0.2 || cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            break;
        }
        let spots = spots(inst, rep);
        if spots.is_empty() {
            break;
        }
        let people = pick_people(inst, &spots, k, &mut rng);
        let cur = x_values(strict, roster);
        let mut free = Vec::with_capacity(people.len() * inst.n_days * inst.n_shifts);
        for &e in &people {
            for d in 0..inst.n_days {
                for t in 0..inst.n_shifts {
                    free.push(strict.x(e, d, t));
                }
            }
        }
        let (sub, _) = restrictor.restrict(strict, &free, &cur);
        let mut h = lns_highs(&sub)?;
        // The sub-model's first columns are the freed ones, in order.
        h.set_start(
            &free
                .iter()
                .enumerate()
                .map(|(j, &c)| (j, cur[c]))
                .collect::<Vec<_>>(),
        )?;
        let opts = RunOptions {
            time_limit: Some(remaining.min(RUN_CAP)),
            mip_rel_gap: Some(0.0),
            threads: Some(threads),
            seed: Some((seed % 1_000_000) as u32),
            node_limit: Some(1000),
            stall_seconds: None,
            give_up_seconds: None,
            heuristic_effort: None,
            verbose: false,
        };
        let out = h.run(&opts, None, cancel)?;
        stats.runs += 1;
        if out.status == RunStatus::Optimal {
            stats.optimal += 1;
            k = (k + 1).min(MAX_PEOPLE).min(inst.n_staff);
        } else {
            k = k.saturating_sub(1).max(MIN_PEOPLE);
        }
        let Some(v) = out.values else {
            continue;
        };
        let mut next = roster.clone();
        for &e in &people {
            for d in 0..inst.n_days {
                next.clear(e, d);
            }
        }
        for (&c, &val) in free.iter().zip(&v) {
            if val > 0.5 {
                let e = c / (inst.n_days * inst.n_shifts);
                let d = (c / inst.n_shifts) % inst.n_days;
                next.add(e, d, c % inst.n_shifts);
            }
        }
        let next_rep = checker::check(inst, &next);
        // Equal objectives are taken too: another roster of the same cost moves the search on.
        if next_rep.hard_violations == 0 && next_rep.objective <= rep.objective {
            if next_rep.objective < rep.objective {
                stats.improvements += 1;
            }
            *roster = next;
            *rep = next_rep;
        }
    }
    Ok(stats)
}

/// The people and first days of the roster's soft violations that name a person.
fn spots(inst: &Instance, rep: &Report) -> Vec<(usize, usize)> {
    rep.violations
        .iter()
        .filter(|v| v.kind == Kind::Soft)
        .filter_map(|v| {
            let e = v.staff.as_deref().and_then(|id| inst.staff_ix(id))?;
            Some((e, v.days.first().copied().unwrap_or(0)))
        })
        .collect()
}

/// `k` distinct people: one with a violation, about half of the rest among those with a
/// violation within `NEAR_DAYS` days of it, the others anyone.
fn pick_people(inst: &Instance, spots: &[(usize, usize)], k: usize, rng: &mut Rng) -> Vec<usize> {
    let (a, d) = spots[rng.below(spots.len())];
    let mut out = vec![a];
    let mut near: Vec<usize> = spots
        .iter()
        .filter(|&&(e, d2)| e != a && d.abs_diff(d2) <= NEAR_DAYS)
        .map(|&(e, _)| e)
        .collect();
    near.sort_unstable();
    near.dedup();
    super::shuffle(&mut near, rng);
    let from_near = (k - 1).div_ceil(2);
    out.extend(near.into_iter().take(from_near));
    let mut guard = 0;
    while out.len() < k.min(inst.n_staff) && guard < 100 * k {
        guard += 1;
        let e = rng.below(inst.n_staff);
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out.sort_unstable();
    out
}
