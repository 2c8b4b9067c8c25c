//! Recombination of the lawful schedules the annealing met, shared between people: a column
//! generation over that pool (priced by enumeration), then a MIP over the columns it chose.
//!
//! Why: on the 60-nurse month the annealing ends in a local optimum (QVT-3 and QVT-4 are most
//! of its objective), and session 11's set-partitioning over each person's own schedules
//! without cost found nothing better than the roster (its LP was the roster's objective). But
//! everyone in such a unit has the same rules and differs only by their wishes, so a schedule
//! without cost met for one person is a candidate for every other: the pool of 60 people's
//! schedules offers each person thousands of them. A candidate's exact cost for its person
//! (and whether it keeps their rules) comes from the checker on that person alone before it
//! enters the master, so the master's objective is the checker's. The LP over the pool is no
//! lower bound (the pool is not every schedule).

use super::hospital_swaps::HospitalSwaps;
use crate::highs::{Highs, HighsError, RunOptions, RunStatus};
use crate::mip::MipBuilder;
use crate::problem::{RequestKind, Roster};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Most schedules kept in the pool (28 bytes each on a month).
const MAX_POOL: usize = 300_000;
/// Candidates priced in per person and round.
const PER_PERSON: usize = 4;
/// Pool schedules scanned per person and round at most (in order of cover dual value).
const SCAN: usize = 4_000;

/// Distinct schedules, one byte a day: 0 off, `t + 1` working shift `t`.
#[derive(Default)]
pub struct SchedulePool {
    seen: HashSet<Vec<u8>>,
    schedules: Vec<Vec<u8>>,
}

impl SchedulePool {
    pub fn schedules(&self) -> &[Vec<u8>] {
        &self.schedules
    }

    pub fn len(&self) -> usize {
        self.schedules.len()
    }

    /// Records person `e`'s schedule in `roster` (skipped with two shifts on a day).
    pub fn record(&mut self, roster: &Roster, e: usize, n_days: usize) {
        if self.schedules.len() >= MAX_POOL {
            return;
        }
        if let Some(s) = encode(roster, e, n_days)
            && self.seen.insert(s.clone())
        {
            self.schedules.push(s);
        }
    }
}

fn encode(roster: &Roster, e: usize, n_days: usize) -> Option<Vec<u8>> {
    (0..n_days)
        .map(|d| match roster.shifts(e, d) {
            [] => Some(0),
            [t] => u8::try_from(*t + 1).ok(),
            _ => None,
        })
        .collect()
}

/// What a recombination did.
#[derive(Debug, Default, Clone, Copy)]
pub struct RecombineStats {
    pub pool: usize,
    pub rounds: usize,
    pub columns: usize,
    pub lp: Option<f64>,
    pub mip: Option<f64>,
}

/// A column of the master: person, schedule, exact own cost.
struct Column {
    staff: usize,
    schedule: Vec<u8>,
    cost: f64,
}

impl HospitalSwaps<'_> {
    /// Person `e`'s own cost working `schedule`, `None` when it breaks one of their rules.
    fn schedule_cost(&self, e: usize, schedule: &[u8]) -> Option<i64> {
        let mut r = Roster::new(self.inst.n_staff, self.inst.n_days);
        for (d, &s) in schedule.iter().enumerate() {
            if s > 0 {
                r.add(e, d, usize::from(s - 1));
            }
        }
        self.own_cost(e, &r)
    }

    /// The best roster the pool's schedules make with `roster`'s (no hard violation), found
    /// until `deadline` seconds after `t0`: `None` when the unit does not fit (a requirement
    /// some person does not count towards) or no roster was found.
    pub fn recombine(
        &self,
        pool: &SchedulePool,
        roster: &Roster,
        t0: Instant,
        deadline: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
    ) -> Result<(Option<Roster>, RecombineStats), HighsError> {
        let inst = self.inst;
        let (ne, nd, ns) = (inst.n_staff, inst.n_days, inst.n_shifts);
        let mut stats = RecombineStats {
            pool: pool.len(),
            ..Default::default()
        };
        let everyone_counts = inst
            .cover
            .iter()
            .all(|c| (0..ne).all(|e| crate::rules::cover_target::counts(inst, c, e)));
        if !everyone_counts {
            return Ok((None, stats));
        }
        let left = || deadline - t0.elapsed().as_secs_f64();
        let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
        let mut covers_at = vec![Vec::new(); nd * ns];
        for (i, c) in inst.cover.iter().enumerate() {
            covers_at[c.day * ns + c.shift].push(i);
        }
        let n_cover = inst.cover.len();
        let entries = |col: &Column| -> Vec<(usize, f64)> {
            let mut v: Vec<(usize, f64)> = col
                .schedule
                .iter()
                .enumerate()
                .filter(|&(_, &s)| s > 0)
                .flat_map(|(d, &s)| covers_at[d * ns + usize::from(s - 1)].iter())
                .map(|&i| (i, 1.0))
                .collect();
            v.push((n_cover + col.staff, 1.0));
            v
        };
        // The master: per requirement, count + under - over = target (under and over bounded
        // by its minimum and maximum); per person, one schedule. Columns: each requirement's
        // under and over, then the schedules.
        let first = 2 * n_cover;
        let master = |columns: &[Column], integer: bool| -> MipBuilder {
            let mut m = MipBuilder::empty();
            let mut terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_cover + ne];
            for (i, c) in inst.cover.iter().enumerate() {
                let under_cap = f64::from(c.target.saturating_sub(c.min.unwrap_or(0)));
                let over_cap = c
                    .max
                    .map_or(f64::INFINITY, |m| f64::from(m.saturating_sub(c.target)));
                let u = m.add_col(f64::from(c.under_weight), 0.0, under_cap, false);
                let o = m.add_col(f64::from(c.over_weight), 0.0, over_cap, false);
                terms[i].push((u, 1.0));
                terms[i].push((o, -1.0));
            }
            for col in columns {
                let c = m.add_col(col.cost, 0.0, 1.0, integer);
                for (i, a) in entries(col) {
                    terms[i].push((c, a));
                }
            }
            for (i, c) in inst.cover.iter().enumerate() {
                let t = f64::from(c.target);
                m.add_row(t, t, &terms[i]);
            }
            for row in &terms[n_cover..] {
                m.add_row(1.0, 1.0, row);
            }
            m
        };
        let mut columns: Vec<Column> = Vec::new();
        let mut have: HashSet<(usize, Vec<u8>)> = HashSet::new();
        let mut refused: HashSet<(usize, usize)> = HashSet::new();
        for e in 0..ne {
            let Some(s) = encode(roster, e, nd) else {
                return Ok((None, stats));
            };
            let Some(cost) = self.schedule_cost(e, &s) else {
                return Ok((None, stats));
            };
            have.insert((e, s.clone()));
            columns.push(Column {
                staff: e,
                schedule: s,
                cost: cost as f64,
            });
        }
        let lp = master(&columns, false);
        let mut h = Highs::new(&lp)?;
        // Central duals (interior point without crossover): the roster's vertex is degenerate
        // and its simplex duals priced nothing in.
        h.set_string("solver", "ipm")?;
        h.set_string("run_crossover", "off")?;
        // Each person's wishes, to estimate a pool schedule's cost for them before checking it.
        let mut wishes = vec![Vec::new(); ne];
        for r in &inst.requests {
            wishes[r.staff].push(r);
        }
        let wish_cost = |e: usize, s: &[u8]| -> f64 {
            wishes[e]
                .iter()
                .filter(|r| {
                    let x = s.get(r.day).copied().unwrap_or(0);
                    let on = x > 0 && r.shift.is_none_or(|t| usize::from(x - 1) == t);
                    match r.kind {
                        RequestKind::On => !on,
                        RequestKind::Off => on,
                    }
                })
                .map(|r| f64::from(r.weight))
                .sum()
        };
        let lp_options = |time: f64| RunOptions {
            time_limit: Some(time.max(0.1)),
            mip_rel_gap: Some(0.0),
            threads: Some(threads),
            seed: Some(0),
            node_limit: None,
            stall_seconds: None,
            give_up_seconds: None,
            heuristic_effort: None,
            verbose: false,
        };
        // Rounds until the pool prices nothing or 40 % of the time is gone (the MIP gets the rest).
        let rounds_end = 0.4 * left();
        let rounds_start = t0.elapsed().as_secs_f64();
        while t0.elapsed().as_secs_f64() - rounds_start < rounds_end && !cancelled() {
            let out = h.run(&lp_options(left()), None, None)?;
            if out.status != RunStatus::Optimal {
                break;
            }
            stats.rounds += 1;
            stats.lp = out.objective;
            let duals = h.row_duals();
            // Cover value of each pool schedule, best first.
            let value: Vec<f64> = pool
                .schedules
                .iter()
                .map(|s| {
                    s.iter()
                        .enumerate()
                        .filter(|&(_, &x)| x > 0)
                        .flat_map(|(d, &x)| covers_at[d * ns + usize::from(x - 1)].iter())
                        .map(|&i| duals[i])
                        .sum()
                })
                .collect();
            let mut order: Vec<usize> = (0..value.len()).collect();
            order.sort_by(|&a, &b| value[b].total_cmp(&value[a]).then(a.cmp(&b)));
            let mut added = 0;
            for e in 0..ne {
                let mu = duals[n_cover + e];
                // Up to PER_PERSON candidates of least estimated reduced cost.
                let mut best: Vec<(f64, usize)> = Vec::new();
                for &k in order.iter().take(SCAN) {
                    let floor = -value[k] - mu;
                    if floor >= -1e-6
                        || (best.len() == PER_PERSON && floor >= best[PER_PERSON - 1].0)
                    {
                        break;
                    }
                    let s = &pool.schedules[k];
                    if refused.contains(&(e, k)) {
                        continue;
                    }
                    let rc = floor + wish_cost(e, s);
                    if rc < -1e-6
                        && (best.len() < PER_PERSON || rc < best[PER_PERSON - 1].0)
                        && !have.contains(&(e, s.clone()))
                    {
                        best.push((rc, k));
                        best.sort_by(|a, b| a.0.total_cmp(&b.0));
                        best.truncate(PER_PERSON);
                    }
                }
                for (_, k) in best {
                    let s = &pool.schedules[k];
                    match self.schedule_cost(e, s) {
                        Some(cost) if cost as f64 - value[k] - mu < -1e-6 => {
                            let col = Column {
                                staff: e,
                                schedule: s.clone(),
                                cost: cost as f64,
                            };
                            h.add_col(col.cost, 0.0, 1.0, &entries(&col))?;
                            have.insert((e, s.clone()));
                            columns.push(col);
                            added += 1;
                        }
                        _ => {
                            refused.insert((e, k));
                        }
                    }
                }
            }
            if added == 0 {
                break;
            }
        }
        stats.columns = columns.len();
        // The MIP over the columns, from the roster's own schedules (the first `ne`).
        let mip = master(&columns, true);
        let mut hm = Highs::new(&mip)?;
        let start: Vec<(usize, f64)> = (0..columns.len())
            .map(|k| (first + k, if k < ne { 1.0 } else { 0.0 }))
            .collect();
        hm.set_start(&start)?;
        let out = hm.run(&lp_options(left()), None, cancel)?;
        stats.mip = out.objective;
        let Some(v) = out.values else {
            return Ok((None, stats));
        };
        let mut r = Roster::new(ne, nd);
        let mut chosen = vec![0; ne];
        for (k, col) in columns.iter().enumerate() {
            if v[first + k] > 0.5 {
                chosen[col.staff] += 1;
                for (d, &s) in col.schedule.iter().enumerate() {
                    if s > 0 {
                        r.add(col.staff, d, usize::from(s - 1));
                    }
                }
            }
        }
        if chosen.iter().any(|&n| n != 1) {
            return Ok((None, stats));
        }
        Ok((Some(r), stats))
    }
}
