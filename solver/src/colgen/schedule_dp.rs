//! Exact pricing of one person's schedule by dynamic programming over days.
//!
//! The pricing MIP of a block costs about 80 ms per person and round on Instance 5, so the
//! column generation gets only a few rounds in a minute. For the general engine's own rules on
//! one person (one shift per day, allowed shifts, fixed days off, forbidden successions,
//! minimum and maximum consecutive working days and days off, maximum worked weekends, minimum
//! and maximum minutes and shifts per type), the least reduced-cost schedule is a shortest path
//! over states (day, last shift, length of the current run, weekends worked, minutes, counts of
//! the limited shift types). States are merged exactly (no dominance), so the result is the
//! true minimum: it serves the Lagrangian bound as well as the search.
//!
//! The semantics are those of the rules' check functions without history: a run touching the
//! first or the last day is exempt from the minimum lengths, and every day outside the horizon
//! counts as off. Problems using anything else (history, hospital layer, rolling windows,
//! re-planning, a reference roster) are priced by the MIP instead: [`applies`] says which.

use crate::problem::Instance;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// Labels per day beyond which the DP gives up for this person (the MIP then prices them).
const MAX_LABELS: usize = 60_000;

/// Shift types with a minimum count at most (6 bits each after 40 bits in the packed state).
const MAX_COUNTED: usize = 14;

/// What a pricing found.
pub enum Priced {
    /// The least cost and the schedule (a shift or none per day).
    Schedule(f64, Vec<Option<usize>>),
    /// No schedule keeps the person's rules.
    None,
    /// No schedule costs less than the cutoff (proven).
    NoneBelow,
    /// Too many states: not priced.
    TooLarge,
}

/// Whether the schedules of `inst`'s people are exactly those this pricer knows.
pub fn applies(inst: &Instance) -> bool {
    inst.history_days == 0
        && inst.history.is_empty()
        && inst.hospital.is_none()
        && inst.reference.is_none()
        && inst.problem.replan.is_none()
        && inst.problem.rolling_windows.is_empty()
        && inst.n_shifts < 60
}

/// What is known of one person's rules.
pub struct SchedulePricer {
    n_days: usize,
    /// `choices[d]`: the shifts the person may work on day `d` (allowed, not a fixed day off).
    choices: Vec<Vec<usize>>,
    forbidden: Vec<Vec<bool>>,
    duration: Vec<u32>,
    max_run: Option<u32>,
    min_run: u32,
    min_off: u32,
    max_weekends: Option<u32>,
    min_minutes: u32,
    max_minutes: Option<u32>,
    /// Shift types whose count has a minimum, with their `(min, max)`: part of the state.
    counted: Vec<(usize, u32, u32)>,
    /// Shift types whose count has only a maximum, with it: a label with fewer of each and no
    /// higher cost dominates another of the same state (whatever follows one fits the other).
    capped: Vec<(usize, u32)>,
    /// Set once a pricing needed too many labels: the MIP prices this person from then on.
    too_large: AtomicBool,
    /// `weekend_start[d]`: day `d` begins a new weekend (the first of its Saturday and Sunday
    /// in the horizon); a weekend is worked once any of its days is.
    weekend_day: Vec<bool>,
    weekend_start: Vec<bool>,
}

/// The state reached after a day, packed: last shift (+1, 0 = off), run length, whether the run
/// began on the first day, weekends worked, minutes, then the counts of limited shift types.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct State(u128);

struct Label {
    state: State,
    /// Counts of the capped shift types, 8 bits each.
    capped: u64,
    cost: f64,
    parent: u32,
    choice: u8,
}

const OFF: u8 = u8::MAX;

impl SchedulePricer {
    pub fn new(inst: &Instance, e: usize) -> Option<SchedulePricer> {
        let l = &inst.limits[e];
        let mut fixed = vec![false; inst.n_days];
        for &(fe, d) in &inst.fixed_off {
            if fe == e {
                fixed[d] = true;
            }
        }
        let usable: Vec<usize> = (0..inst.n_shifts)
            .filter(|&t| inst.allowed[e][t] && l.max_shifts[t] != Some(0))
            .collect();
        let choices = (0..inst.n_days)
            .map(|d| if fixed[d] { Vec::new() } else { usable.clone() })
            .collect();
        let limited = |t: usize| l.max_shifts[t].filter(|&m| (m as usize) < inst.n_days);
        let counted: Vec<(usize, u32, u32)> = (0..inst.n_shifts)
            .filter(|&t| l.min_shifts[t] > 0)
            .map(|t| (t, l.min_shifts[t], limited(t).unwrap_or(u32::MAX)))
            .collect();
        let capped: Vec<(usize, u32)> = (0..inst.n_shifts)
            .filter(|&t| l.min_shifts[t] == 0 && inst.allowed[e][t])
            .filter_map(|t| limited(t).filter(|&m| m > 0).map(|m| (t, m)))
            .collect();
        // 6 bits per count after 40 bits of the rest; 8 bits per capped count in a u64.
        if counted.len() > MAX_COUNTED
            || counted.iter().any(|c| c.1.min(c.2) > 63)
            || capped.len() > 8
            || capped.iter().any(|c| c.1 > 255)
        {
            return None;
        }
        let mut weekend_day = vec![false; inst.n_days];
        let mut weekend_start = vec![false; inst.n_days];
        for wk in inst.weekends() {
            for (i, &d) in wk.iter().enumerate() {
                weekend_day[d] = true;
                weekend_start[d] = i == 0;
            }
        }
        Some(SchedulePricer {
            n_days: inst.n_days,
            choices,
            forbidden: inst.forbidden.clone(),
            duration: (0..inst.n_shifts).map(|t| inst.duration(t)).collect(),
            max_run: l.max_consecutive_days,
            min_run: l.min_consecutive_days.unwrap_or(0),
            min_off: l.min_consecutive_days_off.unwrap_or(0),
            max_weekends: l.max_weekends,
            min_minutes: l.min_total_minutes.unwrap_or(0),
            max_minutes: l.max_total_minutes,
            counted,
            capped,
            too_large: AtomicBool::new(false),
            weekend_day,
            weekend_start,
        })
    }

    /// The pricer of person `e` whose schedules also work exactly `n` shifts of type `t` for
    /// each `(t, n)` of `exact` (the dive's restriction on scarce types, see `scarce_types`);
    /// `None` when the state cannot hold those counts.
    pub fn with_exact_counts(
        inst: &Instance,
        e: usize,
        exact: &[(usize, u32)],
    ) -> Option<SchedulePricer> {
        let mut p = SchedulePricer::new(inst, e)?;
        for &(t, n) in exact {
            if n > 63 {
                return None;
            }
            p.capped.retain(|c| c.0 != t);
            match p.counted.iter_mut().find(|c| c.0 == t) {
                Some(c) => {
                    if c.1 > n || c.2 < n {
                        return None;
                    }
                    *c = (t, n, n);
                }
                None => p.counted.push((t, n, n)),
            }
        }
        (p.counted.len() <= MAX_COUNTED).then_some(p)
    }

    /// The schedule of least cost, where `cost(d, t)` is the cost of working shift `t` on day
    /// `d` (days off cost nothing). With a `cutoff`, only schedules cheaper than it are sought:
    /// labels that cannot end below it are dropped, which is most of them once the column
    /// generation nears convergence.
    ///
    /// With a `beam`, each state keeps at most that many labels: the search is then a fast
    /// heuristic (its schedules keep every rule, but a cheaper one may be missed).
    pub fn cheapest(
        &self,
        cost: impl Fn(usize, usize) -> f64,
        cutoff: Option<f64>,
        beam: Option<usize>,
    ) -> Priced {
        if beam.is_none() && self.too_large.load(Ordering::Relaxed) {
            return Priced::TooLarge;
        }
        let max_dur = self.duration.iter().copied().max().unwrap_or(0);
        let to_go = cutoff.map(|_| self.best_to_go(&cost));
        let min_dur = self
            .duration
            .iter()
            .copied()
            .filter(|&m| m > 0)
            .min()
            .unwrap_or(1);
        let mut pruned = false;
        // Day -1: off, in a run of days off that "began on the first day" (the edge).
        let mut layers: Vec<Vec<Label>> = Vec::with_capacity(self.n_days + 1);
        layers.push(vec![Label {
            state: pack(0, 0, true, 0, 0, &[]),
            capped: 0,
            cost: 0.0,
            parent: 0,
            choice: OFF,
        }]);
        let mut counts = vec![0u32; self.counted.len()];
        for d in 0..self.n_days {
            let remaining = (self.n_days - d - 1) as u32;
            let mut next: Vec<Label> = Vec::new();
            // Per state, its labels' (cost, spread capped counts, index in `next`): kept
            // together so that the dominance checks read no label of `next`.
            let mut groups: HashMap<State, Vec<(f64, u128, usize)>, StateHash> = HashMap::default();
            let prev = &layers[d];
            for (pi, lab) in prev.iter().enumerate() {
                if lab.cost == f64::INFINITY {
                    continue;
                }
                let u = unpack(lab.state, &mut counts);
                let options = std::iter::once(None).chain(self.choices[d].iter().map(|&t| Some(t)));
                for choice in options {
                    let Some((state, capped)) =
                        self.step(&u, &counts, lab.capped, d, choice, remaining, max_dur)
                    else {
                        continue;
                    };
                    let label = Label {
                        state,
                        capped,
                        cost: lab.cost + choice.map_or(0.0, |t| cost(d, t)),
                        parent: pi as u32,
                        choice: choice.map_or(OFF, |t| t as u8),
                    };
                    if let (Some(cut), Some(to_go)) = (cutoff, &to_go) {
                        // At most this many more shifts fit in the person's maximum minutes.
                        let minutes = unpack(state, &mut []).minutes;
                        let more = self.max_minutes.map_or(usize::MAX, |m| {
                            (m.saturating_sub(minutes) / min_dur) as usize
                        });
                        let rest = &to_go[d];
                        if label.cost + rest[more.min(rest.len() - 1)] >= cut - 1e-9 {
                            pruned = true;
                            continue;
                        }
                    }
                    let group = groups.entry(state).or_default();
                    let spread = spread_counts(capped);
                    // One pass: a member dominating the label rejects it (then none of the
                    // members is dominated by it: no member dominates another), the members
                    // it dominates are dropped, in order.
                    let mut kept = 0;
                    let mut rejected = false;
                    for i in 0..group.len() {
                        let (c, sp, k) = group[i];
                        if c <= label.cost && counts_le(sp, spread) {
                            rejected = true;
                            break;
                        }
                        if label.cost <= c && counts_le(spread, sp) {
                            next[k].cost = f64::INFINITY;
                        } else {
                            group[kept] = group[i];
                            kept += 1;
                        }
                    }
                    if rejected {
                        continue;
                    }
                    group.truncate(kept);
                    if let Some(width) = beam
                        && group.len() >= width
                    {
                        // A full beam: the new label replaces the dearest, if cheaper.
                        let Some((slot, &(worst_cost, _, worst))) = group
                            .iter()
                            .enumerate()
                            .max_by(|a, b| a.1.0.total_cmp(&b.1.0))
                        else {
                            continue;
                        };
                        if worst_cost <= label.cost {
                            continue;
                        }
                        next[worst].cost = f64::INFINITY;
                        group.swap_remove(slot);
                    }
                    group.push((label.cost, spread, next.len()));
                    next.push(label);
                }
            }
            if beam.is_none() && next.len() > MAX_LABELS {
                self.too_large.store(true, Ordering::Relaxed);
                return Priced::TooLarge;
            }
            layers.push(next);
        }
        // The end: minimum minutes and shift counts (the last run touches the edge: exempt).
        let last = &layers[self.n_days];
        let mut best: Option<usize> = None;
        for (i, lab) in last.iter().enumerate() {
            if lab.cost == f64::INFINITY {
                continue;
            }
            let u = unpack(lab.state, &mut counts);
            let ok = u.minutes >= self.min_minutes
                && self
                    .counted
                    .iter()
                    .zip(&counts)
                    .all(|(&(_, min, _), &n)| n >= min);
            if ok && best.is_none_or(|b| lab.cost < last[b].cost) {
                best = Some(i);
            }
        }
        let Some(mut i) = best else {
            return if pruned {
                Priced::NoneBelow
            } else {
                Priced::None
            };
        };
        let total = last[i].cost;
        let mut schedule = vec![None; self.n_days];
        for d in (0..self.n_days).rev() {
            let lab = &layers[d + 1][i];
            schedule[d] = (lab.choice != OFF).then_some(lab.choice as usize);
            i = lab.parent as usize;
        }
        Priced::Schedule(total, schedule)
    }

    /// `to_go[d][k]`: the least cost of at most `k` more worked days after day `d`, every rule
    /// but the fixed days off and the allowed shifts set aside (a bound for pruning).
    fn best_to_go(&self, cost: &impl Fn(usize, usize) -> f64) -> Vec<Vec<f64>> {
        let day_min: Vec<f64> = (0..self.n_days)
            .map(|d| {
                self.choices[d]
                    .iter()
                    .map(|&t| cost(d, t))
                    .fold(0.0_f64, f64::min)
            })
            .collect();
        (0..self.n_days)
            .map(|d| {
                let mut later: Vec<f64> = day_min[d + 1..].to_vec();
                later.sort_by(f64::total_cmp);
                let mut sums = Vec::with_capacity(later.len() + 1);
                let mut acc = 0.0;
                sums.push(acc);
                for v in later {
                    acc += v;
                    sums.push(acc);
                }
                sums
            })
            .collect()
    }

    /// The state after working `choice` (or resting) on day `d`, or `None` if a rule forbids it.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &self,
        u: &Unpacked,
        counts: &[u32],
        capped: u64,
        d: usize,
        choice: Option<usize>,
        remaining: u32,
        max_dur: u32,
    ) -> Option<(State, u64)> {
        let worked_before = u.last != 0;
        // (At most `MAX_COUNTED` counts: on the stack, not allocated at every step.)
        let mut count_buf = [0u32; MAX_COUNTED];
        let new_counts = &mut count_buf[..counts.len()];
        new_counts.copy_from_slice(counts);
        let mut new_capped = capped;
        let (last, run, first, weekends, minutes) = match choice {
            None => {
                // A run of work ends: it must be long enough unless it began on the first day.
                if worked_before && !u.first && u.run < self.min_run {
                    return None;
                }
                let (run, first) = if worked_before {
                    (1, false)
                } else {
                    (u.run + 1, u.first)
                };
                (0, run, first, u.weekends, u.minutes)
            }
            Some(t) => {
                if worked_before && self.forbidden[u.last as usize - 1][t] {
                    return None;
                }
                // A run of days off ends: the same, for the minimum of days off. Before day 0
                // everything is off (the edge), which `first` marks.
                if !worked_before && !u.first && u.run < self.min_off {
                    return None;
                }
                let (run, first) = if worked_before {
                    (u.run + 1, u.first)
                } else {
                    (1, d == 0)
                };
                if self.max_run.is_some_and(|m| run > m) {
                    return None;
                }
                // A weekend counts once: on its first worked day.
                let new_weekend = self.weekend_day[d] && (self.weekend_start[d] || !worked_before);
                let weekends = u.weekends + u32::from(new_weekend);
                if self.max_weekends.is_some_and(|m| weekends > m) {
                    return None;
                }
                let minutes = u.minutes + self.duration[t];
                if self.max_minutes.is_some_and(|m| minutes > m) {
                    return None;
                }
                for (k, &(ct, _, max)) in self.counted.iter().enumerate() {
                    if ct == t {
                        new_counts[k] += 1;
                        if new_counts[k] > max {
                            return None;
                        }
                    }
                }
                for (k, &(ct, max)) in self.capped.iter().enumerate() {
                    if ct == t {
                        let n = (capped >> (8 * k)) & 0xFF;
                        if n + 1 > u64::from(max) {
                            return None;
                        }
                        new_capped += 1 << (8 * k);
                    }
                }
                (t as u32 + 1, run, first, weekends, minutes)
            }
        };
        // What can no longer be reached.
        if minutes + remaining * max_dur < self.min_minutes {
            return None;
        }
        if self
            .counted
            .iter()
            .zip(new_counts.iter())
            .any(|(&(_, min, _), &n)| n + remaining < min)
        {
            return None;
        }
        // Merge what no rule can tell apart: run lengths past every limit, the edge flag once
        // the minimum is met, minutes when they are not limited.
        let (cap, min) = if last == 0 {
            (self.min_off.max(1), self.min_off)
        } else {
            (
                self.max_run.unwrap_or(0).max(self.min_run).max(1),
                self.min_run,
            )
        };
        let run = run.min(cap);
        let first = first && run < min;
        let minutes = if self.min_minutes == 0 && self.max_minutes.is_none() {
            0
        } else {
            minutes
        };
        Some((
            pack(last, run, first, weekends, minutes, new_counts),
            new_capped,
        ))
    }
}

/// A label dominates another of the same state when it costs no more and has no more of any
/// capped shift type (`counts_le` on `spread_counts`).
///
/// The capped counts (8 bits each in a `u64`) spread to 16 bits each in a `u128`, so that all of
/// them compare at once: see `counts_le`.
fn spread_counts(capped: u64) -> u128 {
    let mut v = 0u128;
    for k in 0..8 {
        v |= u128::from((capped >> (8 * k)) & 0xFF) << (16 * k);
    }
    v
}

/// Every 16-bit count of `a` is at most that of `b` (counts below 2^15): `b - a` computed
/// lane by lane with each lane's top bit set first keeps that bit exactly when `b >= a` there,
/// and no lane borrows from the next.
fn counts_le(a: u128, b: u128) -> bool {
    const TOP: u128 = 0x8000_8000_8000_8000_8000_8000_8000_8000;
    ((b | TOP) - a) & TOP == TOP
}

/// A fast hash of the packed states (the default SipHash took a tenth of the pricing's time).
#[derive(Default, Clone, Copy)]
struct StateHash;

impl std::hash::BuildHasher for StateHash {
    type Hasher = StateHasher;
    fn build_hasher(&self) -> StateHasher {
        StateHasher(0)
    }
}

struct StateHasher(u64);

impl std::hash::Hasher for StateHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517C_C1B7_2722_0A95);
    }
    fn write_u128(&mut self, v: u128) {
        self.write_u64(v as u64);
        self.write_u64((v >> 64) as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

struct Unpacked {
    last: u32,
    run: u32,
    first: bool,
    weekends: u32,
    minutes: u32,
}

fn pack(last: u32, run: u32, first: bool, weekends: u32, minutes: u32, counts: &[u32]) -> State {
    let mut v = u128::from(last)
        | (u128::from(run.min(127)) << 6)
        | (u128::from(first) << 13)
        | (u128::from(weekends.min(63)) << 14)
        | (u128::from(minutes.min((1 << 20) - 1)) << 20);
    for (k, &n) in counts.iter().enumerate() {
        v |= u128::from(n.min(63)) << (40 + 6 * k);
    }
    State(v)
}

fn unpack(s: State, counts: &mut [u32]) -> Unpacked {
    let v = s.0;
    for (k, n) in counts.iter_mut().enumerate() {
        *n = ((v >> (40 + 6 * k)) & 63) as u32;
    }
    Unpacked {
        last: (v & 63) as u32,
        run: ((v >> 6) & 127) as u32,
        first: (v >> 13) & 1 == 1,
        weekends: ((v >> 14) & 63) as u32,
        minutes: ((v >> 20) & ((1 << 20) - 1)) as u32,
    }
}
