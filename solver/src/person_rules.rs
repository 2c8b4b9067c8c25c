//! One person's own hard rules, checked on that person's schedule alone.
//!
//! The local searches of long horizons try millions of one-day changes; the checker's rules
//! look at the whole roster, so each try would cost the whole roster. Here the same rules of
//! the general engine (allowed shifts, fixed days off, forbidden successions, minimum and
//! maximum consecutive working days, minimum consecutive days off, maximum worked weekends,
//! minimum and maximum minutes and shifts per type) are walked once over one person's days,
//! with the same semantics as the rules' check functions without history: a run touching the
//! first or the last day is exempt from the minimum lengths. A test compares both on every
//! person of real instances.
//!
//! Instances using anything else (history, the hospital layer, rolling windows, re-planning,
//! a reference roster) are out of scope: [`crate::colgen::schedule_dp::applies`] says which.

use crate::problem::Instance;

/// A person's day: the shift worked, or `None` when off.
pub type Schedule = Vec<Option<usize>>;

/// How far a schedule is from keeping the person's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breaches {
    /// Breaches of every rule but the minutes (each run, weekend or count over its limit
    /// counts one per unit of excess).
    pub rules: u32,
    /// Minutes below the minimum or above the maximum.
    pub minutes_off: u32,
    /// Minutes worked.
    pub minutes: u32,
}

impl Breaches {
    pub fn none(&self) -> bool {
        self.rules == 0 && self.minutes_off == 0
    }
    /// One number ordering schedules from the most broken: a rule breach weighs more than any
    /// shortfall of minutes a one-day change can fix.
    pub fn measure(&self) -> u64 {
        u64::from(self.rules) * 1_000_000 + u64::from(self.minutes_off)
    }
}

pub struct PersonRules {
    n_days: usize,
    /// `allowed[d * n_shifts + t]`: the person may work `t` on `d`.
    allowed: Vec<bool>,
    n_shifts: usize,
    forbidden: Vec<Vec<bool>>,
    duration: Vec<u32>,
    max_run: Option<u32>,
    min_run: u32,
    min_off: u32,
    max_weekends: Option<u32>,
    min_minutes: u32,
    max_minutes: Option<u32>,
    min_shifts: Vec<u32>,
    max_shifts: Vec<Option<u32>>,
    weekends: Vec<Vec<usize>>,
}

impl PersonRules {
    pub fn new(inst: &Instance, e: usize) -> PersonRules {
        let l = &inst.limits[e];
        let s = inst.n_shifts;
        let mut allowed = vec![false; inst.n_days * s];
        for d in 0..inst.n_days {
            for t in 0..s {
                allowed[d * s + t] = inst.allowed[e][t];
            }
        }
        for &(fe, d) in &inst.fixed_off {
            if fe == e {
                allowed[d * s..(d + 1) * s].fill(false);
            }
        }
        PersonRules {
            n_days: inst.n_days,
            allowed,
            n_shifts: s,
            forbidden: inst.forbidden.clone(),
            duration: (0..s).map(|t| inst.duration(t)).collect(),
            max_run: l.max_consecutive_days,
            min_run: l.min_consecutive_days.unwrap_or(0),
            min_off: l.min_consecutive_days_off.unwrap_or(0),
            max_weekends: l.max_weekends,
            min_minutes: l.min_total_minutes.unwrap_or(0),
            max_minutes: l.max_total_minutes,
            min_shifts: l.min_shifts.clone(),
            max_shifts: l.max_shifts.clone(),
            weekends: inst.weekends(),
        }
    }

    pub fn duration(&self, t: usize) -> u32 {
        self.duration[t]
    }

    pub fn allowed(&self, d: usize, t: usize) -> bool {
        self.allowed[d * self.n_shifts + t]
    }

    pub fn check(&self, schedule: &[Option<usize>]) -> Breaches {
        let n = self.n_days;
        let mut rules = 0u32;
        let mut minutes = 0u32;
        let mut per_type = vec![0u32; self.n_shifts];
        for d in 0..n {
            if let Some(t) = schedule[d] {
                if !self.allowed(d, t) {
                    rules += 1;
                }
                minutes += self.duration[t];
                per_type[t] += 1;
                if d > 0
                    && let Some(p) = schedule[d - 1]
                    && self.forbidden[p][t]
                {
                    rules += 1;
                }
            }
        }
        // Runs of work and of rest.
        let mut start = 0;
        while start < n {
            let working = schedule[start].is_some();
            let mut end = start;
            while end < n && schedule[end].is_some() == working {
                end += 1;
            }
            let len = (end - start) as u32;
            let inner = start > 0 && end < n;
            if working {
                if let Some(m) = self.max_run
                    && len > m
                {
                    rules += len - m;
                }
                if inner && len < self.min_run {
                    rules += self.min_run - len;
                }
            } else if inner && len < self.min_off {
                rules += self.min_off - len;
            }
            start = end;
        }
        if let Some(m) = self.max_weekends {
            let worked = self
                .weekends
                .iter()
                .filter(|wk| wk.iter().any(|&d| schedule[d].is_some()))
                .count() as u32;
            rules += worked.saturating_sub(m);
        }
        for (t, &k) in per_type.iter().enumerate() {
            rules += self.min_shifts[t].saturating_sub(k);
            if let Some(m) = self.max_shifts[t] {
                rules += k.saturating_sub(m);
            }
        }
        let minutes_off = self.min_minutes.saturating_sub(minutes)
            + self.max_minutes.map_or(0, |m| minutes.saturating_sub(m));
        Breaches {
            rules,
            minutes_off,
            minutes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker;
    use crate::construct::construct;
    use crate::curtois::tests::load;
    use crate::rules::Kind;

    /// A small deterministic generator for the perturbations.
    fn next(seed: &mut u64) -> usize {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed as usize
    }

    #[test]
    fn a_persons_breaches_are_exactly_the_checkers_hard_violations_for_that_person() {
        let mut seed = 0x5EED_u64;
        // Instances with every rule kind: minimum runs, days off, weekends, per-type limits.
        for name in ["Instance1", "Instance5", "Instance8", "Instance16"] {
            let inst = load(name);
            let rules: Vec<PersonRules> = (0..inst.n_staff)
                .map(|e| PersonRules::new(&inst, e))
                .collect();
            let mut roster = construct(&inst);
            let (mut broken_seen, mut kept_seen) = (0, 0);
            for step in 0..120 {
                // One random one-day change per step, kept: the roster drifts into breaches.
                let e = next(&mut seed) % inst.n_staff;
                let d = next(&mut seed) % inst.n_days;
                let pick = next(&mut seed) % (inst.n_shifts + 1);
                roster.clear(e, d);
                if pick < inst.n_shifts {
                    roster.add(e, d, pick);
                }
                let report = checker::check(&inst, &roster);
                for (p, rule) in rules.iter().enumerate() {
                    let schedule: Schedule = (0..inst.n_days)
                        .map(|d| roster.shifts(p, d).first().copied())
                        .collect();
                    let checker_breaks = report.violations.iter().any(|v| {
                        v.kind == Kind::Hard && v.staff.as_deref() == Some(inst.staff_id(p))
                    });
                    let b = rule.check(&schedule);
                    assert_eq!(
                        !b.none(),
                        checker_breaks,
                        "{name} step {step} person {p}: {b:?}"
                    );
                    let minutes: u32 = schedule.iter().flatten().map(|&t| inst.duration(t)).sum();
                    assert_eq!(b.minutes, minutes);
                    if checker_breaks {
                        broken_seen += 1;
                    } else {
                        kept_seen += 1;
                    }
                }
            }
            assert!(broken_seen > 0 && kept_seen > 0, "{name}: both cases met");
        }
    }
}
