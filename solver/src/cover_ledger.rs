//! Cover counts of a roster and the cost of changing them, for the local searches.
//!
//! Cover is the only part of the general model that ties people together: a move's change in
//! objective is the change in its people's own costs (requests) plus the change in cost of the
//! cover requirements whose counts it moves, which this ledger prices in O(1) each.

use crate::problem::{Instance, Roster};

use crate::rules::cover_bounds::PENALTY as COVER_BOUND_PENALTY;

pub struct CoverLedger<'a> {
    inst: &'a Instance,
    /// Cover requirements at each `d * n_shifts + t`.
    covers_at: Vec<Vec<usize>>,
    /// `eligible[c][e]`: person `e` counts towards cover requirement `c`.
    eligible: Vec<Vec<bool>>,
    /// Current count of each requirement.
    pub counts: Vec<i64>,
}

impl<'a> CoverLedger<'a> {
    pub fn new(inst: &'a Instance, roster: &Roster) -> CoverLedger<'a> {
        let s = inst.n_shifts;
        let mut covers_at = vec![Vec::new(); inst.n_days * s];
        for (i, c) in inst.cover.iter().enumerate() {
            covers_at[c.day * s + c.shift].push(i);
        }
        let eligible = inst
            .cover
            .iter()
            .map(|c| {
                (0..inst.n_staff)
                    .map(|e| crate::rules::cover_target::counts(inst, c, e))
                    .collect()
            })
            .collect();
        let mut ledger = CoverLedger {
            inst,
            covers_at,
            eligible,
            counts: vec![0; inst.cover.len()],
        };
        for (e, d, t) in roster.assignments() {
            ledger.shift(e, d, t, 1);
        }
        ledger
    }

    /// The requirements person `e` counts towards when working `t` on `d`.
    pub fn covers(&self, e: usize, d: usize, t: usize) -> impl Iterator<Item = usize> + '_ {
        self.covers_at[d * self.inst.n_shifts + t]
            .iter()
            .copied()
            .filter(move |&c| self.eligible[c][e])
    }

    /// Adds `delta` people (`e` working `t` on `d`) to the counts.
    pub fn shift(&mut self, e: usize, d: usize, t: usize, delta: i64) {
        for &c in &self.covers_at[d * self.inst.n_shifts + t] {
            if self.eligible[c][e] {
                self.counts[c] += delta;
            }
        }
    }

    /// Adds `delta` times every shift person `e` works in `roster` to the counts (`-1` takes
    /// them out before pricing their best response, `1` puts them back).
    pub fn shift_person(&mut self, roster: &Roster, e: usize, delta: i64) {
        for d in 0..self.inst.n_days {
            for &t in roster.shifts(e, d) {
                self.shift(e, d, t, delta);
            }
        }
    }

    /// The cost of requirement `c` when `n` people count towards it.
    pub fn cost(&self, c: usize, n: i64) -> f64 {
        let r = &self.inst.cover[c];
        let target = i64::from(r.target);
        let mut cost = if n < target {
            f64::from(r.under_weight) * (target - n) as f64
        } else {
            f64::from(r.over_weight) * (n - target) as f64
        };
        if let Some(min) = r.min {
            cost += COVER_BOUND_PENALTY * (i64::from(min) - n).max(0) as f64;
        }
        if let Some(max) = r.max {
            cost += COVER_BOUND_PENALTY * (n - i64::from(max)).max(0) as f64;
        }
        cost
    }

    /// The change in cost of requirement `c` when its count moves by `delta`.
    pub fn change(&self, c: usize, delta: i64) -> f64 {
        let n = self.counts[c];
        self.cost(c, n + delta) - self.cost(c, n)
    }

    /// The cost of adding person `e` on `t` on `d` to the counts as they are (`e` not counted).
    pub fn added(&self, e: usize, d: usize, t: usize) -> f64 {
        self.covers(e, d, t).map(|c| self.change(c, 1)).sum()
    }

    /// The cost saved by taking person `e` off `t` on `d` (`e` counted): minus the change.
    pub fn removed(&self, e: usize, d: usize, t: usize) -> f64 {
        self.covers(e, d, t).map(|c| self.change(c, -1)).sum()
    }
}
