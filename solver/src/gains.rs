//! The gains report: per unit and month, what planning with Relève changed, measured from the
//! sequence of a roster's versions (with their sources and times) and its state changes, and
//! from the indicators of the roster finally worked; compared with the unit's months before
//! Relève (imported rosters). The numbers a cadre and a direction report back to the teams:
//! time from the first draft to publication, manual edits after solving, changes after
//! publication, overtime, desiderata satisfaction, coverage and fairness.
//!
//! Pure: the platform gathers the history, this computes.

use crate::indicators::Indicators;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a version came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionSource {
    /// The empty first version.
    Created,
    /// A manual edit.
    Edit,
    /// An imported roster (the months before Relève, or a file).
    Import,
    /// A solve by the engine.
    Solve,
    /// A repair (re-planning) by the engine.
    Repair,
}

/// One version of the month's roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionRecord {
    pub number: u32,
    pub source: VersionSource,
    /// Seconds since the epoch.
    pub at: i64,
    /// Assignments added or dropped against the previous version.
    pub changes: usize,
}

/// One change of the roster's state (`draft`, `proposed`, `validated`, `published`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateChange {
    pub to_state: String,
    pub version: u32,
    pub at: i64,
}

/// Indicators of the roster worked that month (the last published version, or the import).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quality {
    pub coverage_rate: f64,
    /// `None` without wishes.
    pub desiderata_rate: Option<f64>,
    pub overtime_minutes: i64,
    pub nights_gini: f64,
    pub weekends_gini: f64,
    pub refused_wishes_gini: f64,
}

impl Quality {
    pub fn of(ind: &Indicators) -> Self {
        Quality {
            coverage_rate: ind.coverage.rate,
            desiderata_rate: (ind.desiderata.total > 0).then_some(ind.desiderata.rate),
            overtime_minutes: ind.overtime_minutes,
            nights_gini: ind.fairness.nights.gini,
            weekends_gini: ind.fairness.weekends.gini,
            refused_wishes_gini: ind.fairness.refused_wishes.gini,
        }
    }
}

/// The history of one unit's month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthHistory {
    pub unit: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Planned before Relève (an imported roster): part of the baseline.
    pub before_releve: bool,
    /// In version order.
    pub versions: Vec<VersionRecord>,
    /// In time order.
    pub states: Vec<StateChange>,
    pub quality: Option<Quality>,
}

/// The measured numbers of one month (or a baseline's means); `None`: not measurable.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// From the first version to the first publication.
    pub draft_to_publication_hours: Option<f64>,
    /// Assignments changed by hand after the first solve and before publication.
    pub manual_edits_after_solving: Option<f64>,
    /// Assignments changed after the first publication.
    pub changes_after_publication: Option<f64>,
    pub overtime_minutes: Option<f64>,
    pub desiderata_rate: Option<f64>,
    pub coverage_rate: Option<f64>,
    /// Gini of nights, weekends and refused wishes (0 = evenly spread).
    pub nights_gini: Option<f64>,
    pub weekends_gini: Option<f64>,
    pub refused_wishes_gini: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthGains {
    pub unit: String,
    pub month: String,
    pub before_releve: bool,
    pub metrics: Metrics,
    /// This month minus the unit's baseline, for months planned with Relève.
    pub against_before: Option<Metrics>,
}

/// The unit's months before Relève, averaged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    pub unit: String,
    pub months: usize,
    pub metrics: Metrics,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GainsReport {
    pub months: Vec<MonthGains>,
    pub baselines: Vec<Baseline>,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The measured numbers of one month.
pub fn metrics(h: &MonthHistory) -> Metrics {
    let published = h.states.iter().find(|s| s.to_state == "published");
    let first = h.versions.first();
    let draft_to_publication_hours = match (first, published) {
        (Some(v), Some(p)) => Some(round3((p.at - v.at) as f64 / 3600.0)),
        _ => None,
    };
    let before_publication = |v: &VersionRecord| published.is_none_or(|p| v.number <= p.version);
    let first_solve = h
        .versions
        .iter()
        .find(|v| matches!(v.source, VersionSource::Solve | VersionSource::Repair));
    let manual_edits_after_solving = first_solve.map(|s| {
        h.versions
            .iter()
            .filter(|v| v.number > s.number && v.source == VersionSource::Edit)
            .filter(|v| before_publication(v))
            .map(|v| v.changes)
            .sum::<usize>() as f64
    });
    let changes_after_publication = published.map(|p| {
        h.versions
            .iter()
            .filter(|v| v.number > p.version)
            .map(|v| v.changes)
            .sum::<usize>() as f64
    });
    let q = h.quality.as_ref();
    Metrics {
        draft_to_publication_hours,
        manual_edits_after_solving,
        changes_after_publication,
        overtime_minutes: q.map(|q| q.overtime_minutes as f64),
        desiderata_rate: q.and_then(|q| q.desiderata_rate),
        coverage_rate: q.map(|q| q.coverage_rate),
        nights_gini: q.map(|q| q.nights_gini),
        weekends_gini: q.map(|q| q.weekends_gini),
        refused_wishes_gini: q.map(|q| q.refused_wishes_gini),
    }
}

/// Applies `f` field by field.
fn zip(a: &[&Metrics], f: impl Fn(Vec<f64>) -> Option<f64>) -> Metrics {
    let field = |get: fn(&Metrics) -> Option<f64>| f(a.iter().filter_map(|m| get(m)).collect());
    Metrics {
        draft_to_publication_hours: field(|m| m.draft_to_publication_hours),
        manual_edits_after_solving: field(|m| m.manual_edits_after_solving),
        changes_after_publication: field(|m| m.changes_after_publication),
        overtime_minutes: field(|m| m.overtime_minutes),
        desiderata_rate: field(|m| m.desiderata_rate),
        coverage_rate: field(|m| m.coverage_rate),
        nights_gini: field(|m| m.nights_gini),
        weekends_gini: field(|m| m.weekends_gini),
        refused_wishes_gini: field(|m| m.refused_wishes_gini),
    }
}

fn mean(v: Vec<f64>) -> Option<f64> {
    (!v.is_empty()).then(|| round3(v.iter().sum::<f64>() / v.len() as f64))
}

/// `a - b` where both are known.
fn difference(a: &Metrics, b: &Metrics) -> Metrics {
    let d = |x: Option<f64>, y: Option<f64>| Some(round3(x? - y?));
    Metrics {
        draft_to_publication_hours: d(a.draft_to_publication_hours, b.draft_to_publication_hours),
        manual_edits_after_solving: d(a.manual_edits_after_solving, b.manual_edits_after_solving),
        changes_after_publication: d(a.changes_after_publication, b.changes_after_publication),
        overtime_minutes: d(a.overtime_minutes, b.overtime_minutes),
        desiderata_rate: d(a.desiderata_rate, b.desiderata_rate),
        coverage_rate: d(a.coverage_rate, b.coverage_rate),
        nights_gini: d(a.nights_gini, b.nights_gini),
        weekends_gini: d(a.weekends_gini, b.weekends_gini),
        refused_wishes_gini: d(a.refused_wishes_gini, b.refused_wishes_gini),
    }
}

/// The gains report of every unit and month in `history`, each Relève month compared with the
/// mean of its unit's months before Relève.
pub fn gains(history: &[MonthHistory]) -> GainsReport {
    let measured: Vec<(&MonthHistory, Metrics)> = history.iter().map(|h| (h, metrics(h))).collect();
    let mut by_unit: BTreeMap<&str, Vec<&Metrics>> = BTreeMap::new();
    for (h, m) in measured.iter().filter(|(h, _)| h.before_releve) {
        by_unit.entry(h.unit.as_str()).or_default().push(m);
    }
    let baselines: Vec<Baseline> = by_unit
        .iter()
        .map(|(unit, ms)| Baseline {
            unit: (*unit).to_string(),
            months: ms.len(),
            metrics: zip(ms, mean),
        })
        .collect();
    let mut months: Vec<MonthGains> = measured
        .iter()
        .map(|(h, m)| MonthGains {
            unit: h.unit.clone(),
            month: h.month.clone(),
            before_releve: h.before_releve,
            against_before: baselines
                .iter()
                .find(|b| b.unit == h.unit && !h.before_releve)
                .map(|b| difference(m, &b.metrics)),
            metrics: m.clone(),
        })
        .collect();
    months.sort_by(|a, b| (&a.unit, &a.month).cmp(&(&b.unit, &b.month)));
    GainsReport { months, baselines }
}

#[cfg(test)]
mod tests;
