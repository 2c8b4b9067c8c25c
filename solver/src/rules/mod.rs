//! Rules: each a small unit in its own file, with an id, hard or soft, its source, the rows and
//! objective terms it adds to the MIP, and a pure function listing its violations on any roster.
//!
//! [`RULES`] is the single place that names them all.

use crate::mip::{Lin, MipBuilder};
use crate::problem::{Instance, Roster};
use serde::Serialize;

pub mod changed_people;
pub mod consecutive_days_off;
pub mod consecutive_working_days;
pub mod cover_bounds;
pub mod cover_target;
pub mod excluded_repairs;
pub mod fixed_days_off;
pub mod forbidden_successions;
pub mod fr;
pub mod frozen_past;
pub mod hospital;
pub mod max_weekends;
pub mod one_shift_per_day;
pub mod overtime_added;
pub mod reference_deviation;
pub mod requests;
pub mod required_qualifications;
pub mod rolling_window;
pub mod shifts_per_type;
pub mod total_minutes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Hard,
    Soft,
}

/// One breach of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub rule: &'static str,
    pub kind: Kind,
    /// Staff id, when the breach concerns one person.
    pub staff: Option<String>,
    pub days: Vec<usize>,
    /// Objective cost of a soft violation (0 for hard ones).
    pub cost: i64,
    /// For the user, in French.
    pub message: String,
}

pub trait Rule: Sync {
    /// Stable id, equal to the file name.
    fn id(&self) -> &'static str;
    fn kind(&self) -> Kind;
    /// Legal text or policy this rule comes from, if any.
    fn source(&self) -> Option<&'static str> {
        None
    }
    /// Adds this rule's rows and objective terms.
    fn add(&self, m: &mut MipBuilder, inst: &Instance);
    /// Lists this rule's violations on `roster` (pure, no MIP).
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation>;
}

/// Every rule of the engine.
pub static RULES: &[&dyn Rule] = &[
    &one_shift_per_day::OneShiftPerDay,
    &required_qualifications::RequiredQualifications,
    &forbidden_successions::ForbiddenSuccessions,
    &shifts_per_type::ShiftsPerType,
    &total_minutes::TotalMinutes,
    &consecutive_working_days::ConsecutiveWorkingDays,
    &consecutive_days_off::ConsecutiveDaysOff,
    &max_weekends::MaxWeekends,
    &fixed_days_off::FixedDaysOff,
    &rolling_window::RollingWindow,
    &cover_bounds::CoverBounds,
    &cover_target::CoverTarget,
    &requests::Requests,
    &reference_deviation::ReferenceDeviation,
    &changed_people::ChangedPeople,
    &frozen_past::FrozenPast,
    &excluded_repairs::ExcludedRepairs,
    &overtime_added::OvertimeAdded,
];

/// Every rule: the generic ones, then the French pack (which adds nothing to problems without
/// the hospital layer).
pub fn all_rules() -> impl Iterator<Item = &'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .chain(fr::FR_RULES.iter().map(|r| *r as &dyn Rule))
        .chain(hospital::HOSPITAL_RULES.iter().copied())
}

/// Builds the whole MIP of an instance from every rule.
pub fn build_mip(inst: &Instance) -> MipBuilder {
    let mut m = MipBuilder::new(inst);
    for r in all_rules() {
        r.add(&mut m, inst);
    }
    m
}

/// Worked or not on every extended day (history days first, then the horizon).
pub(crate) fn ext_worked(inst: &Instance, roster: &Roster, e: usize) -> Vec<bool> {
    let h = inst.history_days;
    let mut v = vec![false; h + inst.n_days];
    for &(he, before, _) in &inst.history {
        if he == e {
            v[h - before] = true;
        }
    }
    for d in 0..inst.n_days {
        v[h + d] = roster.works(e, d);
    }
    v
}

/// Maximal runs `(start, len)` of `value` in `v`.
pub(crate) fn runs(v: &[bool], value: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        if v[i] == value {
            let s = i;
            while i < v.len() && v[i] == value {
                i += 1;
            }
            out.push((s, i - s));
        } else {
            i += 1;
        }
    }
    out
}

/// Horizon days of the extended range `[start, start+len)`.
pub(crate) fn horizon_days(inst: &Instance, start: usize, len: usize) -> Vec<usize> {
    (start..start + len)
        .filter(|&k| k >= inst.history_days)
        .map(|k| k - inst.history_days)
        .collect()
}

/// "jour 3 (2026-01-05)".
pub(crate) fn day_label(inst: &Instance, d: usize) -> String {
    match inst.problem.days.get(d) {
        Some(day) if !day.date.is_empty() => format!("jour {d} ({})", day.date),
        _ => format!("jour {d}"),
    }
}

/// Sum over the extended days `[start, start+len)` of `coef * worked`.
pub(crate) fn work_window(m: &MipBuilder, e: usize, start: usize, len: usize, coef: f64) -> Lin {
    let mut lin = Lin::default();
    for k in start..start + len {
        m.work(&mut lin, e, k, coef);
    }
    lin
}

#[cfg(test)]
pub(crate) mod testing;
