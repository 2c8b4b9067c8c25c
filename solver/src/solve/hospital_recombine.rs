//! Recombination of schedules for hospital problems: the annealing keeps every person's
//! schedule it meets that costs its person nothing (`SchedulePool`); a set-partitioning MIP
//! then gives each person one schedule of the pool or their own (priced by their own check:
//! requests and rules), under the cover's bounds and targets, starting from the current roster.
//!
//! Why: on the 60-nurse month the annealing ends with a dozen or more isolated days and split
//! weekends (QVT-3, QVT-4) that no swap, trade or one-day change removes, and sub-MIPs of two to
//! eight people's month mended one in ten runs (reverted, see the history): each person is at
//! three shifts a calendar week, so mending one needs many people to move at once. The cover
//! is the only link between people, and the Lagrangian bound says the lawful schedules without
//! cost cover it in convex combination; the master over many such schedules finds an integer
//! combination that the local moves cannot reach.

use super::hospital_swaps::HospitalSwaps;
use crate::checker::{self, Report};
use crate::highs::{Highs, HighsError, RunOptions};
use crate::mip::MipBuilder;
use crate::problem::Roster;
use crate::solve::Rng;
use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// A schedule: per day 0 for rest, `t + 1` for shift `t`.
pub type Schedule = Vec<u8>;

/// Most schedules kept (the first met).
const POOL_CAP: usize = 200_000;
/// Schedules of the pool offered to the master (besides everyone's current one).
const OFFERED: usize = 600;
/// Dearest own cost of a (person, schedule) pair offered to the master.
const MAX_PAIR_COST: i64 = 10;

/// Distinct schedules in the order they were met.
#[derive(Default)]
pub struct SchedulePool {
    seen: HashSet<Schedule>,
    list: Vec<Schedule>,
}

impl SchedulePool {
    pub fn add(&mut self, s: Schedule) {
        if self.list.len() < POOL_CAP && !self.seen.contains(&s) {
            self.seen.insert(s.clone());
            self.list.push(s);
        }
    }
    pub fn len(&self) -> usize {
        self.list.len()
    }
}

/// Person `e`'s schedule in `roster` (the first shift of a day with several).
pub fn schedule_of(roster: &Roster, n_days: usize, e: usize) -> Schedule {
    (0..n_days)
        .map(|d| {
            roster
                .shifts(e, d)
                .first()
                .map_or(0, |&t| u8::try_from(t + 1).unwrap_or(u8::MAX))
        })
        .collect()
}

/// What a recombination did.
#[derive(Debug, Default, Clone, Copy)]
pub struct RecombineStats {
    pub pool: usize,
    pub offered: usize,
    pub pairs: usize,
    pub improved: bool,
}

/// Gives each person of `roster` (no hard violation, `rep` its report) a schedule of `pool`
/// or their own by a MIP run until `deadline` seconds after `t0`; keeps the result in `roster`
/// and `rep` when the checker finds it lawful and no worse.
#[allow(clippy::too_many_arguments)]
pub(super) fn recombine(
    hs: &HospitalSwaps,
    roster: &mut Roster,
    rep: &mut Report,
    pool: &SchedulePool,
    seed: u64,
    threads: u32,
    t0: Instant,
    deadline: f64,
    cancel: Option<&AtomicBool>,
) -> Result<RecombineStats, HighsError> {
    let inst = hs.inst;
    let mut stats = RecombineStats {
        pool: pool.len(),
        ..Default::default()
    };
    if rep.hard_violations > 0 || inst.n_shifts >= usize::from(u8::MAX) {
        return Ok(stats);
    }
    // Everyone's current schedule first, then a sample of the pool.
    let mut offered: Vec<Schedule> = (0..inst.n_staff)
        .map(|e| schedule_of(roster, inst.n_days, e))
        .collect();
    let mut known: HashSet<Schedule> = offered.iter().cloned().collect();
    let mut order: Vec<usize> = (0..pool.list.len()).collect();
    let mut rng = Rng(seed ^ 0x2EC0_0000_0000_0009);
    super::shuffle(&mut order, &mut rng);
    for &i in &order {
        if offered.len() >= inst.n_staff + OFFERED {
            break;
        }
        if known.insert(pool.list[i].clone()) {
            offered.push(pool.list[i].clone());
        }
    }
    stats.offered = offered.len();
    {
        // DIAGNOSIS (temporary): the aggregated LP over the whole pool (staff alike).
        let mut all: Vec<(Schedule, f64)> = (0..inst.n_staff)
            .map(|e| {
                (
                    schedule_of(roster, inst.n_days, e),
                    hs.own_cost(e, roster).unwrap_or(0) as f64,
                )
            })
            .collect();
        all.extend(pool.list.iter().map(|s| (s.clone(), 0.0)));
        let mut m = MipBuilder::empty();
        let cols: Vec<usize> = all
            .iter()
            .map(|(_, c)| m.add_col(*c, 0.0, f64::INFINITY, false))
            .collect();
        let conv: Vec<(usize, f64)> = cols.iter().map(|&c| (c, 1.0)).collect();
        m.add_row(inst.n_staff as f64, inst.n_staff as f64, &conv);
        for c in &inst.cover {
            let terms: Vec<(usize, f64)> = all
                .iter()
                .enumerate()
                .filter(|(_, (s, _))| usize::from(s[c.day]) == c.shift + 1)
                .map(|(j, _)| (j, 1.0))
                .collect();
            let lo = c.min.map_or(f64::NEG_INFINITY, f64::from);
            let hi = c.max.map_or(f64::INFINITY, f64::from);
            m.add_row(lo, hi, &terms);
            let over = m.add_col(f64::from(c.over_weight), 0.0, f64::INFINITY, false);
            let under = m.add_col(f64::from(c.under_weight), 0.0, f64::INFINITY, false);
            let mut row = terms;
            row.push((over, -1.0));
            row.push((under, 1.0));
            let target = f64::from(c.target);
            m.add_row(target, target, &row);
        }
        let mut h = Highs::new(&m)?;
        let o = h.run(
            &RunOptions {
                time_limit: Some(20.0),
                mip_rel_gap: Some(0.0),
                threads: Some(threads),
                seed: Some(0),
                node_limit: None,
                stall_seconds: None,
                give_up_seconds: None,
                heuristic_effort: None,
                verbose: false,
            },
            None,
            cancel,
        )?;
        eprintln!(
            "DIAG aggregated LP over {} schedules: {:?} {:?}",
            all.len(),
            o.status,
            o.objective
        );
        if let Some(dec) = crate::colgen::Decomposition::new(&crate::rules::build_mip(inst)) {
            let started = Instant::now();
            let mut round = 0;
            while started.elapsed().as_secs_f64() < 40.0 {
                let duals = h.row_duals();
                // Per (day, shift): the duals of its cover rows.
                let mut pi = vec![0.0; inst.n_days * inst.n_shifts];
                for (k, c) in inst.cover.iter().enumerate() {
                    pi[c.day * inst.n_shifts + c.shift] += duals[1 + 2 * k] + duals[2 + 2 * k];
                }
                let e = round % inst.n_staff;
                round += 1;
                let (mn, mx) = pi
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                        (a.min(x), b.max(x))
                    });
                eprintln!(
                    "DIAG duals: conv {:.2}, pi in [{mn:.2}, {mx:.2}], {} rows, {} nonzero",
                    duals[0],
                    duals.len(),
                    pi.iter().filter(|x| x.abs() > 1e-9).count()
                );
                let Some((sched, obj, bound)) =
                    dec.price_person(roster, e, |d, t| -pi[d * inst.n_shifts + t], 10.0, cancel)?
                else {
                    eprintln!("DIAG no pricing solution");
                    break;
                };
                let reduced = obj.unwrap_or(0.0) - duals[0];
                let mut r1 = Roster::new(inst.n_staff, inst.n_days);
                for &(d, t) in &sched {
                    r1.add(e, d, t);
                }
                let own = hs.own_cost(e, &r1);
                eprintln!(
                    "DIAG round {round} person {e}: pricing obj {obj:?} bound {bound:?} reduced {reduced:.2}, own cost {own:?}, {} shifts",
                    sched.len()
                );
                if reduced > -1e-6 || own.is_none() {
                    if round > 5 && reduced > -1e-6 {
                        break;
                    }
                    continue;
                }
                let mut entries = vec![(0usize, 1.0)];
                for (k, c) in inst.cover.iter().enumerate() {
                    if sched.contains(&(c.day, c.shift)) {
                        entries.push((1 + 2 * k, 1.0));
                        entries.push((2 + 2 * k, 1.0));
                    }
                }
                h.add_col(own.unwrap_or(0) as f64, 0.0, f64::INFINITY, &entries)?;
                let o = h.run(
                    &RunOptions {
                        time_limit: Some(20.0),
                        mip_rel_gap: Some(0.0),
                        threads: Some(threads),
                        seed: Some(0),
                        node_limit: None,
                        stall_seconds: None,
                        give_up_seconds: None,
                        heuristic_effort: None,
                        verbose: false,
                    },
                    None,
                    cancel,
                )?;
                eprintln!("DIAG   LP now {:?} {:?}", o.status, o.objective);
            }
        }
        let mut m2 = m.clone();
        for j in 0..all.len() {
            m2.integer[j] = true;
        }
        let mut h = Highs::new(&m2)?;
        let o = h.run(
            &RunOptions {
                time_limit: Some(20.0),
                mip_rel_gap: Some(0.0),
                threads: Some(threads),
                seed: Some(0),
                node_limit: None,
                stall_seconds: None,
                give_up_seconds: None,
                heuristic_effort: None,
                verbose: false,
            },
            None,
            cancel,
        )?;
        eprintln!(
            "DIAG aggregated MIP over {} schedules: {:?} {:?} bound {:?}",
            all.len(),
            o.status,
            o.objective,
            o.bound
        );
    }
    // Columns: (person, schedule) pairs at their own cost; each person's current one always.
    let mut m = MipBuilder::empty();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut by_person: Vec<Vec<(usize, f64)>> = vec![Vec::new(); inst.n_staff];
    for e in 0..inst.n_staff {
        for (s, sched) in offered.iter().enumerate() {
            if sched
                .iter()
                .any(|&v| v > 0 && !inst.allowed[e][usize::from(v) - 1])
            {
                continue;
            }
            let Some(cost) = own_cost_of(hs, e, sched) else {
                continue;
            };
            if cost > MAX_PAIR_COST && s != e {
                continue;
            }
            let c = m.add_col(cost as f64, 0.0, 1.0, true);
            pairs.push((e, s));
            by_person[e].push((c, 1.0));
        }
        if t0.elapsed().as_secs_f64() >= deadline {
            return Ok(stats);
        }
    }
    stats.pairs = pairs.len();
    for terms in &by_person {
        m.add_row(1.0, 1.0, terms);
    }
    // Cover: its bounds hard, its target priced above and below.
    for c in &inst.cover {
        let terms: Vec<(usize, f64)> = pairs
            .iter()
            .enumerate()
            .filter(|&(_, &(e, s))| {
                usize::from(offered[s][c.day]) == c.shift + 1
                    && crate::rules::cover_target::counts(inst, c, e)
            })
            .map(|(col, _)| (col, 1.0))
            .collect();
        let lo = c.min.map_or(f64::NEG_INFINITY, f64::from);
        let hi = c.max.map_or(f64::INFINITY, f64::from);
        m.add_row(lo, hi, &terms);
        let over = m.add_col(f64::from(c.over_weight), 0.0, f64::INFINITY, false);
        let under = m.add_col(f64::from(c.under_weight), 0.0, f64::INFINITY, false);
        let mut row = terms;
        row.push((over, -1.0));
        row.push((under, 1.0));
        let target = f64::from(c.target);
        m.add_row(target, target, &row);
    }
    let mut h = Highs::new(&m)?;
    // The current roster: everyone on their own schedule (index `e`).
    let start: Vec<(usize, f64)> = pairs
        .iter()
        .enumerate()
        .map(|(col, &(e, s))| (col, if s == e { 1.0 } else { 0.0 }))
        .collect();
    h.set_start(&start)?;
    let remaining = deadline - t0.elapsed().as_secs_f64();
    if remaining < 0.2 {
        return Ok(stats);
    }
    let opts = RunOptions {
        time_limit: Some(remaining),
        mip_rel_gap: Some(0.0),
        threads: Some(threads),
        seed: Some((seed % 1_000_000) as u32),
        node_limit: None,
        stall_seconds: None,
        give_up_seconds: None,
        heuristic_effort: None,
        verbose: false,
    };
    let out = h.run(&opts, None, cancel)?;
    let Some(v) = out.values else {
        return Ok(stats);
    };
    let mut next = Roster::new(inst.n_staff, inst.n_days);
    for (col, &(e, s)) in pairs.iter().enumerate() {
        if v[col] > 0.5 {
            for (d, &x) in offered[s].iter().enumerate() {
                if x > 0 {
                    next.add(e, d, usize::from(x) - 1);
                }
            }
        }
    }
    let next_rep = checker::check(inst, &next);
    if next_rep.hard_violations == 0 && next_rep.objective <= rep.objective {
        stats.improved = next_rep.objective < rep.objective;
        *roster = next;
        *rep = next_rep;
    }
    Ok(stats)
}

/// Person `e`'s own cost on `sched`, `None` when it breaks one of their rules.
fn own_cost_of(hs: &HospitalSwaps, e: usize, sched: &[u8]) -> Option<i64> {
    let mut r = Roster::new(hs.inst.n_staff, hs.inst.n_days);
    for (d, &x) in sched.iter().enumerate() {
        if x > 0 {
            r.add(e, d, usize::from(x) - 1);
        }
    }
    hs.own_cost(e, &r)
}
