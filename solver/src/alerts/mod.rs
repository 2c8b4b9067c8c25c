//! Forward alerts over the coming weeks (from `replan.now_day`, else day 0): coverage gaps,
//! imbalance between units (with the loan that fixes both), counters projected to break their
//! limits (hours, overtime, 48 h, the internes' quarter, the CET), fatigue patterns, and people
//! whose wishes are refused far more often than the team's. Each alert carries a French
//! message.

pub mod between_units;
mod cet;
mod counters;
mod fatigue;
mod imbalance;

pub use imbalance::Loan;

use crate::indicators::counts::{Period, person_counts};
use crate::problem::{Instance, Roster};
use crate::rules::cover_target::{count, what};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A limit is (or will be) broken.
    Critical,
    /// Close to a limit, or a quality concern.
    Warning,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alert {
    /// `coverage_gap`, `unit_imbalance`, `annual_hours`, `overtime_year`, `overtime_month`,
    /// `weekly_48h`, `interne_quarter`, `cet_ceiling`, `cet_yearly_increase`, `night_run`,
    /// `long_shift_run`, `wishes_refused`.
    pub kind: &'static str,
    pub severity: Severity,
    pub staff: Option<String>,
    pub days: Vec<usize>,
    /// The measured value and the limit, in the unit of the alert (minutes or counts).
    pub value: i64,
    pub limit: i64,
    /// In French.
    pub message: String,
    /// For `unit_imbalance`: the move that fixes both units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loan: Option<Loan>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alerts {
    pub from_day: usize,
    pub alerts: Vec<Alert>,
    /// What is not evaluated, and why.
    pub not_evaluated: Vec<String>,
}

/// Thresholds (cautious defaults).
#[derive(Debug, Clone)]
pub struct Thresholds {
    /// Longest acceptable run of nights, and of shifts of at least `long_shift_minutes`.
    pub max_night_run: usize,
    pub max_long_shift_run: usize,
    pub long_shift_minutes: u32,
    /// A person's refusal rate above this multiple of the team's, with at least
    /// `min_refused` refusals, is flagged.
    pub refusal_ratio: f64,
    pub min_refused: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            max_night_run: 3,
            max_long_shift_run: 3,
            long_shift_minutes: 690,
            refusal_ratio: 2.0,
            min_refused: 2,
        }
    }
}

pub fn alerts(inst: &Instance, roster: &Roster, th: &Thresholds) -> Alerts {
    let from = inst
        .problem
        .replan
        .as_ref()
        .and_then(|r| r.now_day)
        .unwrap_or(0)
        .min(inst.n_days);
    let period = Period::new(inst, from, inst.n_days);
    let mut v = coverage_gaps(inst, roster, period);
    v.extend(imbalance::imbalance(inst, roster, period));
    v.extend(counters::counters(inst, roster, period));
    v.extend(cet::cet(inst));
    v.extend(fatigue::fatigue(inst, roster, period, th));
    v.extend(wishes(inst, roster, period, th));
    Alerts {
        from_day: from,
        alerts: v,
        not_evaluated: Vec::new(),
    }
}

fn coverage_gaps(inst: &Instance, roster: &Roster, period: Period) -> Vec<Alert> {
    let mut v = Vec::new();
    for c in inst.cover.iter().filter(|c| period.contains(c.day)) {
        let n = count(inst, roster, c);
        let (severity, limit) = match c.min {
            Some(min) if n < min => (Severity::Critical, min),
            _ if n < c.target => (Severity::Warning, c.target),
            _ => continue,
        };
        v.push(Alert {
            kind: "coverage_gap",
            severity,
            staff: None,
            days: vec![c.day],
            value: i64::from(n),
            limit: i64::from(limit),
            message: format!(
                "{} : {n} présent(s) pour {} {} ; il manque {}",
                what(inst, c),
                if severity == Severity::Critical {
                    "un minimum de"
                } else {
                    "un objectif de"
                },
                limit,
                limit - n
            ),
            loan: None,
        });
    }
    v
}

fn wishes(inst: &Instance, roster: &Roster, period: Period, th: &Thresholds) -> Vec<Alert> {
    let counts = person_counts(inst, roster, period);
    let mut ledger = vec![0u32; inst.n_staff];
    for l in &inst.problem.fairness_ledger {
        if let Some(e) = inst.staff_ix(&l.staff) {
            ledger[e] = l.refused_wishes;
        }
    }
    let total: u32 = counts.iter().map(|c| c.wishes).sum();
    let refused: u32 = counts.iter().map(|c| c.refused_wishes).sum();
    if total == 0 {
        return Vec::new();
    }
    let team = f64::from(refused) / f64::from(total);
    let mut v = Vec::new();
    for (e, c) in counts.iter().enumerate() {
        if c.wishes == 0 || c.refused_wishes < th.min_refused {
            continue;
        }
        let rate = f64::from(c.refused_wishes) / f64::from(c.wishes);
        if rate > th.refusal_ratio * team {
            v.push(Alert {
                kind: "wishes_refused",
                severity: Severity::Warning,
                staff: Some(inst.staff_id(e).to_string()),
                days: Vec::new(),
                value: i64::from(c.refused_wishes),
                limit: i64::from(c.wishes),
                message: format!(
                    "{} : {} souhait(s) refusé(s) sur {} ({:.0} %), contre {:.0} % pour l'équipe{}",
                    inst.staff_id(e),
                    c.refused_wishes,
                    c.wishes,
                    100.0 * rate,
                    100.0 * team,
                    if ledger[e] > 0 {
                        format!(" ; déjà {} refus les périodes précédentes", ledger[e])
                    } else {
                        String::new()
                    }
                ),
                loan: None,
            });
        }
    }
    v
}

#[cfg(test)]
mod tests;
