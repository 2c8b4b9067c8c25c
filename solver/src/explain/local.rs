//! Checking a small change of a roster fast: every rule but the cover ones concerns one person,
//! so each person is checked on a one-person copy of the problem, and the cover rules only on
//! the cells the change touches. Gives the hard violations the change creates and its soft cost.

use crate::checker;
use crate::problem::{Instance, Problem, Roster};
use crate::rules::cover_target::{count, what};
use crate::rules::{Kind, Violation, all_rules};

/// One person's problem and the index map back.
pub struct LocalChecker<'a> {
    pub inst: &'a Instance,
    people: Vec<Instance>,
}

/// What a change does.
#[derive(Debug, Clone)]
pub struct Delta {
    /// Hard violations the change creates.
    pub new_hard: Vec<Violation>,
    /// Soft cost after minus before.
    pub cost: i64,
}

/// The problem restricted to person `e` (no cover: covers concern several people).
fn person_problem(p: &Problem, id: &str) -> Problem {
    let mut q = p.clone();
    q.staff.retain(|s| s.id == id);
    q.cover.clear();
    q.fixed_days_off.retain(|f| f.staff == id);
    q.requests.retain(|r| r.staff == id);
    q.history.assignments.retain(|h| h.staff == id);
    if let Some(r) = q.reference.as_mut() {
        r.assignments.retain(|a| a.staff == id);
    }
    if let Some(h) = q.hospital.as_mut() {
        h.interventions.retain(|i| i.staff == id);
    }
    q.fairness_ledger.clear();
    q
}

/// Source of a rule, for messages.
pub fn source_of(rule: &str) -> Option<&'static str> {
    all_rules()
        .find(|r| r.id() == rule)
        .and_then(|r| r.source())
}

/// `message`, with the rule's source appended when the message does not already cite it.
pub fn cited(v: &Violation) -> String {
    match source_of(v.rule) {
        Some(s) if !v.message.contains(s) && !v.message.ends_with(')') => {
            format!("{} ({s})", v.message)
        }
        _ => v.message.clone(),
    }
}

impl<'a> LocalChecker<'a> {
    pub fn new(inst: &'a Instance) -> Result<Self, String> {
        let people = (0..inst.n_staff)
            .map(|e| {
                Instance::new(person_problem(&inst.problem, inst.staff_id(e))).map_err(|errs| {
                    errs.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(LocalChecker { inst, people })
    }

    /// The violations of `e`'s own roster (every rule but the cover ones).
    pub fn person(&self, roster: &Roster, e: usize) -> checker::Report {
        let one = &self.people[e];
        let mut r = Roster::new(1, self.inst.n_days);
        for d in 0..self.inst.n_days {
            for &t in roster.shifts(e, d) {
                r.add(0, d, t);
            }
        }
        checker::check(one, &r)
    }

    /// Cover violations of the requirements on `cells` (day, shift): (hard ones, soft cost).
    fn cover(&self, roster: &Roster, cells: &[(usize, usize)]) -> (Vec<Violation>, i64) {
        let mut hard = Vec::new();
        let mut cost = 0;
        for c in self
            .inst
            .cover
            .iter()
            .filter(|c| cells.contains(&(c.day, c.shift)))
        {
            let n = count(self.inst, roster, c);
            cost += i64::from(c.target.saturating_sub(n)) * i64::from(c.under_weight)
                + i64::from(n.saturating_sub(c.target)) * i64::from(c.over_weight);
            let msg = if let Some(min) = c.min.filter(|&m| n < m) {
                format!(
                    "{} : {n} personne(s) pour un effectif minimum de {min}",
                    what(self.inst, c)
                )
            } else if let Some(max) = c.max.filter(|&m| n > m) {
                format!(
                    "{} : {n} personne(s) pour un effectif maximum de {max}",
                    what(self.inst, c)
                )
            } else {
                continue;
            };
            hard.push(Violation {
                rule: "cover_bounds",
                kind: Kind::Hard,
                staff: None,
                days: vec![c.day],
                cost: 0,
                message: msg,
            });
        }
        (hard, cost)
    }

    /// The effect of going from `before` to `after`, which differ only for `people` on `days`.
    pub fn delta(
        &self,
        before: &Roster,
        after: &Roster,
        people: &[usize],
        days: &[usize],
    ) -> Delta {
        let mut new_hard = Vec::new();
        let mut cost = 0;
        for &e in people {
            let (b, a) = (self.person(before, e), self.person(after, e));
            cost += a.objective - b.objective;
            new_hard.extend(added(&b.violations, a.violations));
        }
        let mut cells = Vec::new();
        for &d in days {
            for t in 0..self.inst.n_shifts {
                cells.push((d, t));
            }
        }
        let (hb, cb) = self.cover(before, &cells);
        let (ha, ca) = self.cover(after, &cells);
        cost += ca - cb;
        new_hard.extend(added(&hb, ha));
        Delta { new_hard, cost }
    }
}

/// What identifies a breach across a change: its rule, person, days and message without its
/// numbers (a minimum already missed by more or less minutes is the same breach).
fn key(v: &Violation) -> (&str, Option<&str>, &[usize], String) {
    (
        v.rule,
        v.staff.as_deref(),
        &v.days,
        v.message.chars().filter(|c| !c.is_ascii_digit()).collect(),
    )
}

/// Hard violations of `after` not in `before`.
pub(crate) fn added(before: &[Violation], after: Vec<Violation>) -> Vec<Violation> {
    let mut left: Vec<_> = before
        .iter()
        .filter(|v| v.kind == Kind::Hard)
        .map(key)
        .collect();
    let mut out = Vec::new();
    for v in after.into_iter().filter(|v| v.kind == Kind::Hard) {
        if let Some(i) = left.iter().position(|b| *b == key(&v)) {
            left.swap_remove(i);
        } else {
            out.push(v);
        }
    }
    out
}

/// `roster` with `e` working exactly `t` on `d` (other shifts of that day dropped).
pub fn with_shift(roster: &Roster, e: usize, d: usize, t: usize) -> Roster {
    let mut r = roster.clone();
    r.clear(e, d);
    r.add(e, d, t);
    r
}

/// `roster` with `e` off on `d`.
pub fn without_day(roster: &Roster, e: usize, d: usize) -> Roster {
    let mut r = roster.clone();
    r.clear(e, d);
    r
}

/// `roster` without `e`'s shift `t` on `d` (other shifts of that day kept).
pub fn without_shift(roster: &Roster, e: usize, d: usize, t: usize) -> Roster {
    let mut r = roster.clone();
    let keep: Vec<usize> = r.shifts(e, d).iter().copied().filter(|&s| s != t).collect();
    r.clear(e, d);
    for s in keep {
        r.add(e, d, s);
    }
    r
}
