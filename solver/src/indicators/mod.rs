//! Indicators of any roster (solved, manual or imported) over any period: coverage, desiderata
//! satisfaction, fairness (with the ledger of past periods), stability against the reference
//! roster, hours against the due and overtime, and the legal violations of the checker. The
//! score mode (`releve-solver score`) prints them.

pub mod counts;
pub mod fairness;

use crate::checker;
use crate::problem::{Instance, Roster};
use crate::rules::changed_people::changes_of;
use crate::rules::cover_target::count;
use crate::rules::{Kind, Violation};
use counts::{Period, due_minutes, person_counts};
use fairness::{Distribution, distribution, round3};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Indicators {
    /// Horizon day indices `[from, to)` and their dates.
    pub period: PeriodOut,
    pub coverage: Coverage,
    pub desiderata: Desiderata,
    pub fairness: Fairness,
    /// Against the reference (published) roster, when the problem has one.
    pub stability: Option<Stability>,
    pub hours: Vec<PersonHours>,
    /// Sum of the positive differences between worked and due minutes, in minutes.
    pub overtime_minutes: i64,
    pub legal: Legal,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodOut {
    pub from: usize,
    pub to: usize,
    pub from_date: Option<String>,
    pub to_date: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Coverage {
    /// Sum of the cover targets.
    pub demand: u32,
    /// Sum over cover requirements of min(staff present, target).
    pub covered: u32,
    /// `covered / demand` (1 without demand).
    pub rate: f64,
    /// Cover requirements below their minimum, and the people missing to reach the minima.
    pub below_minimum: usize,
    pub missing_to_minimum: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Desiderata {
    pub total: u32,
    pub satisfied: u32,
    /// `satisfied / total` (1 without wishes).
    pub rate: f64,
    pub per_person: Vec<PersonWishes>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonWishes {
    pub staff: String,
    pub total: u32,
    pub satisfied: u32,
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fairness {
    /// Among staff who may work a night shift.
    pub nights: Distribution,
    pub weekends: Distribution,
    pub holidays: Distribution,
    /// Among staff who made wishes in the period (or have refused wishes in the ledger).
    pub refused_wishes: Distribution,
    /// Whether past periods' counts (`fairness_ledger`) are included.
    pub ledger_included: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stability {
    /// Assignments added or dropped against the reference, in the period.
    pub changes: usize,
    pub people_changed: usize,
    pub per_person: Vec<PersonChanges>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonChanges {
    pub staff: String,
    pub changes: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonHours {
    pub staff: String,
    pub worked_minutes: u32,
    /// Minutes due over the period, when the person has a target.
    pub due_minutes: Option<i64>,
    /// Worked minus due.
    pub difference_minutes: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Legal {
    pub hard_violations: usize,
    /// Soft cost of the roster (the solver's objective).
    pub objective: i64,
    /// Violations touching the period (or not tied to days).
    pub violations: Vec<Violation>,
}

fn rate(a: u32, b: u32) -> f64 {
    if b == 0 {
        1.0
    } else {
        round3(f64::from(a) / f64::from(b))
    }
}

/// Every indicator of `roster` over `period`.
pub fn compute(inst: &Instance, roster: &Roster, period: Period) -> Indicators {
    let date = |d: usize| inst.problem.days.get(d).map(|x| x.date.clone());
    let counts = person_counts(inst, roster, period);
    let ids: Vec<String> = (0..inst.n_staff)
        .map(|e| inst.staff_id(e).to_string())
        .collect();

    // Coverage.
    let (mut demand, mut covered, mut below, mut missing) = (0, 0, 0, 0);
    for c in inst.cover.iter().filter(|c| period.contains(c.day)) {
        let n = count(inst, roster, c);
        demand += c.target;
        covered += n.min(c.target);
        if let Some(min) = c.min.filter(|&m| n < m) {
            below += 1;
            missing += min - n;
        }
    }

    // Desiderata.
    let per_person: Vec<PersonWishes> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.wishes > 0)
        .map(|(e, c)| PersonWishes {
            staff: ids[e].clone(),
            total: c.wishes,
            satisfied: c.wishes - c.refused_wishes,
            rate: rate(c.wishes - c.refused_wishes, c.wishes),
        })
        .collect();
    let total: u32 = counts.iter().map(|c| c.wishes).sum();
    let refused: u32 = counts.iter().map(|c| c.refused_wishes).sum();

    // Fairness, with the ledger.
    let mut ledger = vec![Default::default(); inst.n_staff];
    for l in &inst.problem.fairness_ledger {
        if let Some(e) = inst.staff_ix(&l.staff) {
            ledger[e] = l.clone();
        }
    }
    let night_capable = |e: usize| {
        (0..inst.n_shifts).any(|t| inst.problem.shift_types[t].is_night && inst.allowed[e][t])
    };
    let dist = |keep: &dyn Fn(usize) -> bool, f: &dyn Fn(usize) -> (u32, u32)| {
        let v: Vec<(String, u32, u32)> = (0..inst.n_staff)
            .filter(|&e| keep(e))
            .map(|e| {
                let (a, b) = f(e);
                (ids[e].clone(), a, b)
            })
            .collect();
        distribution(&v)
    };
    let fairness = Fairness {
        nights: dist(&night_capable, &|e| (counts[e].nights, ledger[e].nights)),
        weekends: dist(&|_| true, &|e| (counts[e].weekends, ledger[e].weekends)),
        holidays: dist(&|_| true, &|e| (counts[e].holidays, ledger[e].holidays)),
        refused_wishes: dist(
            &|e| counts[e].wishes > 0 || ledger[e].refused_wishes > 0,
            &|e| (counts[e].refused_wishes, ledger[e].refused_wishes),
        ),
        ledger_included: !inst.problem.fairness_ledger.is_empty(),
    };

    // Stability.
    let stability = inst.reference.as_ref().map(|(_, a)| {
        let mut reference = Roster::new(inst.n_staff, inst.n_days);
        for &(e, d, t) in a.iter().filter(|x| period.contains(x.1)) {
            reference.add(e, d, t);
        }
        let mut current = Roster::new(inst.n_staff, inst.n_days);
        for (e, d, t) in roster.assignments().filter(|x| period.contains(x.1)) {
            current.add(e, d, t);
        }
        let per_person: Vec<PersonChanges> = (0..inst.n_staff)
            .map(|e| PersonChanges {
                staff: ids[e].clone(),
                changes: changes_of(inst, &reference, &current, e),
            })
            .filter(|p| p.changes > 0)
            .collect();
        Stability {
            changes: per_person.iter().map(|p| p.changes).sum(),
            people_changed: per_person.len(),
            per_person,
        }
    });

    // Hours against the due.
    let hours: Vec<PersonHours> = (0..inst.n_staff)
        .map(|e| {
            let due = due_minutes(inst, e, period).map(|m| m.round() as i64);
            PersonHours {
                staff: ids[e].clone(),
                worked_minutes: counts[e].worked_minutes,
                due_minutes: due,
                difference_minutes: due.map(|d| i64::from(counts[e].worked_minutes) - d),
            }
        })
        .collect();
    let overtime_minutes = hours
        .iter()
        .filter_map(|h| h.difference_minutes)
        .map(|d| d.max(0))
        .sum();

    // Legal violations in the period.
    let report = checker::check(inst, roster);
    let violations: Vec<Violation> = report
        .violations
        .into_iter()
        .filter(|v| v.days.is_empty() || v.days.iter().any(|&d| period.contains(d)))
        .collect();
    let legal = Legal {
        hard_violations: violations.iter().filter(|v| v.kind == Kind::Hard).count(),
        objective: violations
            .iter()
            .filter(|v| v.kind == Kind::Soft)
            .map(|v| v.cost)
            .sum(),
        violations,
    };

    Indicators {
        period: PeriodOut {
            from: period.from,
            to: period.to,
            from_date: date(period.from),
            to_date: period.to.checked_sub(1).and_then(date),
        },
        coverage: Coverage {
            demand,
            covered,
            rate: rate(covered, demand),
            below_minimum: below,
            missing_to_minimum: missing,
        },
        desiderata: Desiderata {
            total,
            satisfied: total - refused,
            rate: rate(total - refused, total),
            per_person,
        },
        fairness,
        stability,
        hours,
        overtime_minutes,
        legal,
    }
}

#[cfg(test)]
mod tests;
