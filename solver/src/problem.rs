//! The planning problem as exchanged in JSON (string ids, pseudonymous), and its validated,
//! index-based form [`Instance`] that the rules, the MIP and the checker work on.
//!
//! The JSON format is documented by `solver/schema/problem.schema.json`.

use crate::hospital::{Context, Hospital, ShiftHospital, StaffHospital};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The only version of the problem format this crate reads.
pub const PROBLEM_VERSION: u32 = 1;

/// A planning problem (JSON form).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Format version, must be [`PROBLEM_VERSION`].
    pub version: u32,
    /// A pseudonymous name for the problem (e.g. the benchmark instance name).
    #[serde(default)]
    pub name: String,
    pub shift_types: Vec<ShiftType>,
    pub staff: Vec<Staff>,
    pub days: Vec<Day>,
    /// Listed forbidden successions: `second` may not be worked the day after `first`.
    #[serde(default)]
    pub forbidden_successions: Vec<Succession>,
    /// Minimum rest in minutes between the end of a shift and the start of the next day's shift;
    /// successions that leave less rest are forbidden (derived from shift times).
    #[serde(default)]
    pub min_rest_minutes: Option<u32>,
    #[serde(default)]
    pub cover: Vec<Cover>,
    #[serde(default)]
    pub fixed_days_off: Vec<FixedDayOff>,
    #[serde(default)]
    pub requests: Vec<Request>,
    /// Maximum worked minutes in every window of `days` consecutive days.
    #[serde(default)]
    pub rolling_windows: Vec<RollingWindow>,
    /// The last days of the previous period, so that sequence rules hold across the boundary.
    #[serde(default)]
    pub history: History,
    /// A roster to stay close to when re-planning.
    #[serde(default)]
    pub reference: Option<Reference>,
    /// French hospital settings (holidays, rule parameters, realised call-outs); see
    /// [`crate::hospital`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital: Option<Hospital>,
    /// Re-planning a published roster (given as `reference`): the frozen past, now and notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replan: Option<Replan>,
    /// Counts of past periods per person, so that fairness carries across periods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fairness_ledger: Vec<LedgerEntry>,
}

/// Re-planning settings. The published roster is `Problem::reference`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Replan {
    /// Days before this day index are past: their assignments stay as published (hard; the
    /// published roster is `reference`, which `repair` sets).
    #[serde(default)]
    pub frozen_until: usize,
    /// Now, as a day index of the horizon and a minute of that day.
    #[serde(default)]
    pub now_day: Option<usize>,
    #[serde(default)]
    pub now_minute: u32,
    /// A change starting less than this after now needs a reason code (48 h by default).
    #[serde(default = "default_notice_minutes")]
    pub notice_minutes: u32,
    /// Cost per person whose roster changes, on top of `reference.weight` per assignment.
    #[serde(default)]
    pub person_weight: u32,
    /// Cost per started hour a person works above their due (or above what the reference
    /// roster gave them, if more), rule `overtime_added`: overtime comes last in the repair's
    /// order of preference (own unit, pool, volunteers, another site, then overtime).
    #[serde(default)]
    pub overtime_weight: u32,
    /// Repairs already proposed: a roster may not make every change of one of them (so that the
    /// next alternative differs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_changes: Vec<ChangeSet>,
}

/// A set of changes against the published roster.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct ChangeSet {
    #[serde(default)]
    pub added: Vec<Assignment>,
    #[serde(default)]
    pub removed: Vec<Assignment>,
}

fn default_notice_minutes() -> u32 {
    2880
}

/// What one person got in past periods (fairness ledger).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    pub staff: String,
    #[serde(default)]
    pub nights: u32,
    #[serde(default)]
    pub weekends: u32,
    #[serde(default)]
    pub holidays: u32,
    #[serde(default)]
    pub refused_wishes: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ShiftType {
    pub id: String,
    /// Start, in minutes after midnight of its day.
    #[serde(default)]
    pub start_minute: u32,
    pub duration_minutes: u32,
    #[serde(default)]
    pub is_night: bool,
    /// Qualifications a staff member needs to work this shift (all of them).
    #[serde(default)]
    pub qualifications: Vec<String>,
    /// Activity, demi-journées, break and vacations for the French rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital: Option<ShiftHospital>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    pub id: String,
    #[serde(default)]
    pub contract: Option<String>,
    #[serde(default)]
    pub qualifications: Vec<String>,
    #[serde(default)]
    pub limits: Limits,
    /// Category, unit, quotité and counters for the French rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital: Option<StaffHospital>,
}

/// Per-staff limits; an absent value means "no limit".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    #[serde(default)]
    pub max_shifts: BTreeMap<String, u32>,
    #[serde(default)]
    pub min_shifts: BTreeMap<String, u32>,
    #[serde(default)]
    pub min_total_minutes: Option<u32>,
    #[serde(default)]
    pub max_total_minutes: Option<u32>,
    #[serde(default)]
    pub max_consecutive_days: Option<u32>,
    #[serde(default)]
    pub min_consecutive_days: Option<u32>,
    #[serde(default)]
    pub min_consecutive_days_off: Option<u32>,
    #[serde(default)]
    pub max_weekends: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Day {
    /// ISO date `YYYY-MM-DD` (free text for synthetic problems).
    pub date: String,
    /// 0 = Monday ... 6 = Sunday.
    pub weekday: u8,
    #[serde(default)]
    pub holiday: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Succession {
    pub first: String,
    pub second: String,
}

/// Cover of one shift type on one day, optionally counting only holders of a qualification.
/// `min` and `max` are hard; deviation from `target` is priced by the weights.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    pub day: usize,
    pub shift: String,
    #[serde(default)]
    pub qualification: Option<String>,
    #[serde(default)]
    pub min: Option<u32>,
    pub target: u32,
    #[serde(default)]
    pub max: Option<u32>,
    pub under_weight: u32,
    pub over_weight: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FixedDayOff {
    pub staff: String,
    pub day: usize,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RequestKind {
    On,
    Off,
}

/// A wish: work (`on`) or not work (`off`) a given shift (or any shift when `shift` is absent).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub staff: String,
    pub day: usize,
    #[serde(default)]
    pub shift: Option<String>,
    pub kind: RequestKind,
    pub weight: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RollingWindow {
    pub days: u32,
    pub max_minutes: u32,
}

/// The `days` days before day 0. Staff without an assignment on a history day were off.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct History {
    #[serde(default)]
    pub days: u32,
    #[serde(default)]
    pub assignments: Vec<HistoryAssignment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HistoryAssignment {
    pub staff: String,
    /// 1 = the day before day 0, up to `history.days`.
    pub days_before: u32,
    pub shift: String,
}

/// A roster to stay close to; every assignment added or removed relative to it costs `weight`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub weight: u32,
    pub assignments: Vec<Assignment>,
}

/// One shift worked by one staff member on one day (day index into `Problem::days`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub staff: String,
    pub day: usize,
    pub shift: String,
}

/// A roster (JSON form).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct RosterFile {
    pub version: u32,
    pub assignments: Vec<Assignment>,
}

/// A bad value in a problem or roster, with the JSON path to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ValidationError {
    pub path: String,
    pub reason: String,
}

fn err(path: String, reason: impl Into<String>) -> ValidationError {
    ValidationError {
        path,
        reason: reason.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Validated, index-based form.

#[derive(Debug, Clone)]
pub struct StaffLimits {
    /// Per shift type; `None` = no limit.
    pub max_shifts: Vec<Option<u32>>,
    pub min_shifts: Vec<u32>,
    pub min_total_minutes: Option<u32>,
    pub max_total_minutes: Option<u32>,
    pub max_consecutive_days: Option<u32>,
    pub min_consecutive_days: Option<u32>,
    pub min_consecutive_days_off: Option<u32>,
    pub max_weekends: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct CoverReq {
    pub day: usize,
    pub shift: usize,
    pub qualification: Option<String>,
    pub min: Option<u32>,
    pub target: u32,
    pub max: Option<u32>,
    pub under_weight: u32,
    pub over_weight: u32,
}

#[derive(Debug, Clone)]
pub struct Req {
    pub staff: usize,
    pub day: usize,
    pub shift: Option<usize>,
    pub kind: RequestKind,
    pub weight: u32,
}

/// `(staff, day, shift)` indices.
pub type Triple = (usize, usize, usize);

/// A validated problem: every reference resolved to an index.
#[derive(Debug, Clone)]
pub struct Instance {
    pub problem: Problem,
    pub n_staff: usize,
    pub n_days: usize,
    pub n_shifts: usize,
    pub limits: Vec<StaffLimits>,
    /// `forbidden[a][b]`: shift `b` may not follow shift `a` on the next day.
    pub forbidden: Vec<Vec<bool>>,
    /// `allowed[e][t]`: staff `e` holds every qualification shift `t` requires.
    pub allowed: Vec<Vec<bool>>,
    pub cover: Vec<CoverReq>,
    pub fixed_off: Vec<(usize, usize)>,
    pub requests: Vec<Req>,
    pub history_days: usize,
    /// `(staff, days_before, shift)`.
    pub history: Vec<(usize, usize, usize)>,
    /// Weight and `(staff, day, shift)` assignments of the reference roster.
    pub reference: Option<(u32, Vec<Triple>)>,
    /// The resolved French hospital layer, when the problem uses it.
    pub hospital: Option<Context>,
    staff_index: HashMap<String, usize>,
    shift_index: HashMap<String, usize>,
}

impl Instance {
    pub fn staff_id(&self, e: usize) -> &str {
        &self.problem.staff[e].id
    }
    pub fn shift_id(&self, t: usize) -> &str {
        &self.problem.shift_types[t].id
    }
    pub fn duration(&self, t: usize) -> u32 {
        self.problem.shift_types[t].duration_minutes
    }
    pub fn staff_ix(&self, id: &str) -> Option<usize> {
        self.staff_index.get(id).copied()
    }
    pub fn shift_ix(&self, id: &str) -> Option<usize> {
        self.shift_index.get(id).copied()
    }

    /// Weekends as lists of day indices (the Saturday and/or Sunday of one calendar week).
    pub fn weekends(&self) -> Vec<Vec<usize>> {
        let mut by_week: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for (d, day) in self.problem.days.iter().enumerate() {
            if day.weekday >= 5 {
                let monday = d as i64 - i64::from(day.weekday);
                by_week.entry(monday).or_default().push(d);
            }
        }
        by_week.into_values().collect()
    }

    /// Validates a problem and resolves its references. Gathers every error.
    pub fn new(problem: Problem) -> Result<Self, Vec<ValidationError>> {
        let mut errors = Vec::new();
        if problem.version != PROBLEM_VERSION {
            errors.push(err(
                "$.version".into(),
                format!(
                    "unsupported version {}, expected {PROBLEM_VERSION}",
                    problem.version
                ),
            ));
        }
        let mut shift_index = HashMap::new();
        for (i, s) in problem.shift_types.iter().enumerate() {
            if shift_index.insert(s.id.clone(), i).is_some() {
                errors.push(err(
                    format!("$.shift_types[{i}].id"),
                    format!("duplicate shift id `{}`", s.id),
                ));
            }
            if s.duration_minutes == 0 {
                errors.push(err(
                    format!("$.shift_types[{i}].duration_minutes"),
                    "must be positive",
                ));
            }
        }
        let mut staff_index = HashMap::new();
        for (i, s) in problem.staff.iter().enumerate() {
            if staff_index.insert(s.id.clone(), i).is_some() {
                errors.push(err(
                    format!("$.staff[{i}].id"),
                    format!("duplicate staff id `{}`", s.id),
                ));
            }
        }
        for (i, d) in problem.days.iter().enumerate() {
            if d.weekday > 6 {
                errors.push(err(
                    format!("$.days[{i}].weekday"),
                    "must be 0 (Monday) to 6 (Sunday)",
                ));
            }
        }
        let n_days = problem.days.len();
        let n_shifts = problem.shift_types.len();
        let n_staff = problem.staff.len();
        let shift = |id: &str, path: String, errors: &mut Vec<ValidationError>| -> Option<usize> {
            let r = shift_index.get(id).copied();
            if r.is_none() {
                errors.push(err(path, format!("unknown shift type `{id}`")));
            }
            r
        };
        let staff = |id: &str, path: String, errors: &mut Vec<ValidationError>| -> Option<usize> {
            let r = staff_index.get(id).copied();
            if r.is_none() {
                errors.push(err(path, format!("unknown staff `{id}`")));
            }
            r
        };
        let day = |d: usize, path: String, errors: &mut Vec<ValidationError>| -> bool {
            let ok = d < n_days;
            if !ok {
                errors.push(err(
                    path,
                    format!("day {d} outside the horizon of {n_days} days"),
                ));
            }
            ok
        };

        let mut limits = Vec::with_capacity(n_staff);
        for (i, s) in problem.staff.iter().enumerate() {
            let mut max_shifts = vec![None; n_shifts];
            let mut min_shifts = vec![0; n_shifts];
            for (k, v) in &s.limits.max_shifts {
                if let Some(t) = shift(
                    k,
                    format!("$.staff[{i}].limits.max_shifts.{k}"),
                    &mut errors,
                ) {
                    max_shifts[t] = Some(*v);
                }
            }
            for (k, v) in &s.limits.min_shifts {
                if let Some(t) = shift(
                    k,
                    format!("$.staff[{i}].limits.min_shifts.{k}"),
                    &mut errors,
                ) {
                    min_shifts[t] = *v;
                }
            }
            let l = &s.limits;
            limits.push(StaffLimits {
                max_shifts,
                min_shifts,
                min_total_minutes: l.min_total_minutes,
                max_total_minutes: l.max_total_minutes,
                max_consecutive_days: l.max_consecutive_days,
                min_consecutive_days: l.min_consecutive_days,
                min_consecutive_days_off: l.min_consecutive_days_off,
                max_weekends: l.max_weekends,
            });
        }

        let mut forbidden = vec![vec![false; n_shifts]; n_shifts];
        for (i, f) in problem.forbidden_successions.iter().enumerate() {
            let a = shift(
                &f.first,
                format!("$.forbidden_successions[{i}].first"),
                &mut errors,
            );
            let b = shift(
                &f.second,
                format!("$.forbidden_successions[{i}].second"),
                &mut errors,
            );
            if let (Some(a), Some(b)) = (a, b) {
                forbidden[a][b] = true;
            }
        }
        if let Some(rest) = problem.min_rest_minutes {
            for (a, sa) in problem.shift_types.iter().enumerate() {
                for (b, sb) in problem.shift_types.iter().enumerate() {
                    let end_a = i64::from(sa.start_minute) + i64::from(sa.duration_minutes);
                    let start_b = 1440 + i64::from(sb.start_minute);
                    if start_b - end_a < i64::from(rest) {
                        forbidden[a][b] = true;
                    }
                }
            }
        }

        let allowed: Vec<Vec<bool>> = problem
            .staff
            .iter()
            .map(|s| {
                problem
                    .shift_types
                    .iter()
                    .map(|t| {
                        t.qualifications
                            .iter()
                            .all(|q| s.qualifications.contains(q))
                    })
                    .collect()
            })
            .collect();

        let mut cover = Vec::new();
        for (i, c) in problem.cover.iter().enumerate() {
            let t = shift(&c.shift, format!("$.cover[{i}].shift"), &mut errors);
            let ok = day(c.day, format!("$.cover[{i}].day"), &mut errors);
            if let (Some(min), Some(max)) = (c.min, c.max)
                && min > max
            {
                errors.push(err(format!("$.cover[{i}].min"), "min is above max"));
            }
            if let (Some(t), true) = (t, ok) {
                cover.push(CoverReq {
                    day: c.day,
                    shift: t,
                    qualification: c.qualification.clone(),
                    min: c.min,
                    target: c.target,
                    max: c.max,
                    under_weight: c.under_weight,
                    over_weight: c.over_weight,
                });
            }
        }
        let mut fixed_off = Vec::new();
        for (i, f) in problem.fixed_days_off.iter().enumerate() {
            let e = staff(
                &f.staff,
                format!("$.fixed_days_off[{i}].staff"),
                &mut errors,
            );
            let ok = day(f.day, format!("$.fixed_days_off[{i}].day"), &mut errors);
            if let (Some(e), true) = (e, ok) {
                fixed_off.push((e, f.day));
            }
        }
        let mut requests = Vec::new();
        for (i, r) in problem.requests.iter().enumerate() {
            let e = staff(&r.staff, format!("$.requests[{i}].staff"), &mut errors);
            let ok = day(r.day, format!("$.requests[{i}].day"), &mut errors);
            let t = match &r.shift {
                Some(s) => shift(s, format!("$.requests[{i}].shift"), &mut errors).map(Some),
                None => Some(None),
            };
            if let (Some(e), true, Some(t)) = (e, ok, t) {
                requests.push(Req {
                    staff: e,
                    day: r.day,
                    shift: t,
                    kind: r.kind,
                    weight: r.weight,
                });
            }
        }
        for (i, w) in problem.rolling_windows.iter().enumerate() {
            if w.days == 0 {
                errors.push(err(
                    format!("$.rolling_windows[{i}].days"),
                    "must be positive",
                ));
            }
        }
        let history_days = problem.history.days as usize;
        let mut history = Vec::new();
        for (i, h) in problem.history.assignments.iter().enumerate() {
            let e = staff(
                &h.staff,
                format!("$.history.assignments[{i}].staff"),
                &mut errors,
            );
            let t = shift(
                &h.shift,
                format!("$.history.assignments[{i}].shift"),
                &mut errors,
            );
            if h.days_before == 0 || h.days_before as usize > history_days {
                errors.push(err(
                    format!("$.history.assignments[{i}].days_before"),
                    format!("must be between 1 and history.days ({history_days})"),
                ));
            } else if let (Some(e), Some(t)) = (e, t) {
                history.push((e, h.days_before as usize, t));
            }
        }
        let reference = problem.reference.as_ref().map(|r| {
            let mut v = Vec::new();
            for (i, a) in r.assignments.iter().enumerate() {
                let p = format!("$.reference.assignments[{i}]");
                let e = staff(&a.staff, format!("{p}.staff"), &mut errors);
                let t = shift(&a.shift, format!("{p}.shift"), &mut errors);
                let ok = day(a.day, format!("{p}.day"), &mut errors);
                if let (Some(e), Some(t), true) = (e, t, ok) {
                    v.push((e, a.day, t));
                }
            }
            (r.weight, v)
        });

        if let Some(r) = &problem.replan {
            if r.frozen_until > n_days {
                errors.push(err(
                    "$.replan.frozen_until".into(),
                    format!("day {} beyond the horizon of {n_days} days", r.frozen_until),
                ));
            }
            if let Some(d) = r.now_day {
                day(d, "$.replan.now_day".into(), &mut errors);
            }
            for (i, c) in r.excluded_changes.iter().enumerate() {
                for (k, a) in c.added.iter().chain(&c.removed).enumerate() {
                    let p = format!("$.replan.excluded_changes[{i}]#{k}");
                    staff(&a.staff, format!("{p}.staff"), &mut errors);
                    shift(&a.shift, format!("{p}.shift"), &mut errors);
                    day(a.day, format!("{p}.day"), &mut errors);
                }
            }
            if r.now_minute >= 1440 {
                errors.push(err("$.replan.now_minute".into(), "must be below 1440"));
            }
        }
        for (i, l) in problem.fairness_ledger.iter().enumerate() {
            staff(
                &l.staff,
                format!("$.fairness_ledger[{i}].staff"),
                &mut errors,
            );
        }
        let hospital = Context::build(&problem, &staff_index, &mut errors);
        let mut allowed: Vec<Vec<bool>> = allowed;
        if let Some(cx) = &hospital {
            // Units, sites and substitutions decide who may work a shift.
            allowed = cx
                .org
                .access
                .iter()
                .map(|row| row.iter().map(Option::is_some).collect())
                .collect();
            cover.extend(cx.maquette_cover.iter().cloned());
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Instance {
            problem,
            n_staff,
            n_days,
            n_shifts,
            limits,
            forbidden,
            allowed,
            cover,
            fixed_off,
            requests,
            history_days,
            history,
            reference,
            hospital,
            staff_index,
            shift_index,
        })
    }

    /// Resolves a JSON roster against this instance.
    pub fn roster(&self, file: &RosterFile) -> Result<Roster, Vec<ValidationError>> {
        let mut errors = Vec::new();
        if file.version != PROBLEM_VERSION {
            errors.push(err(
                "$.version".into(),
                format!("unsupported version {}", file.version),
            ));
        }
        let mut r = Roster::new(self.n_staff, self.n_days);
        for (i, a) in file.assignments.iter().enumerate() {
            let p = format!("$.assignments[{i}]");
            let e = self.staff_ix(&a.staff);
            if e.is_none() {
                errors.push(err(
                    format!("{p}.staff"),
                    format!("unknown staff `{}`", a.staff),
                ));
            }
            let t = self.shift_ix(&a.shift);
            if t.is_none() {
                errors.push(err(
                    format!("{p}.shift"),
                    format!("unknown shift type `{}`", a.shift),
                ));
            }
            if a.day >= self.n_days {
                errors.push(err(
                    format!("{p}.day"),
                    format!("day {} outside the horizon", a.day),
                ));
            }
            if let (Some(e), Some(t), true) = (e, t, a.day < self.n_days) {
                r.add(e, a.day, t);
            }
        }
        if errors.is_empty() {
            Ok(r)
        } else {
            Err(errors)
        }
    }

    /// The JSON form of a roster.
    pub fn roster_file(&self, r: &Roster) -> RosterFile {
        RosterFile {
            version: PROBLEM_VERSION,
            assignments: r
                .assignments()
                .map(|(e, d, t)| Assignment {
                    staff: self.staff_id(e).to_string(),
                    day: d,
                    shift: self.shift_id(t).to_string(),
                })
                .collect(),
        }
    }

    /// Shifts worked by `e` on extended day `d` (negative = history day), as a list.
    pub fn history_shifts(&self, e: usize, days_before: usize) -> impl Iterator<Item = usize> + '_ {
        self.history
            .iter()
            .filter(move |h| h.0 == e && h.1 == days_before)
            .map(|h| h.2)
    }
}

/// A roster: the shifts each staff member works each day (possibly several, possibly none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    n_days: usize,
    cells: Vec<Vec<usize>>,
}

impl Roster {
    pub fn new(n_staff: usize, n_days: usize) -> Self {
        Roster {
            n_days,
            cells: vec![Vec::new(); n_staff * n_days],
        }
    }
    pub fn add(&mut self, e: usize, d: usize, t: usize) {
        let c = &mut self.cells[e * self.n_days + d];
        if !c.contains(&t) {
            c.push(t);
            c.sort_unstable();
        }
    }
    pub fn clear(&mut self, e: usize, d: usize) {
        self.cells[e * self.n_days + d].clear();
    }
    pub fn remove(&mut self, e: usize, d: usize, t: usize) {
        self.cells[e * self.n_days + d].retain(|&s| s != t);
    }
    pub fn shifts(&self, e: usize, d: usize) -> &[usize] {
        &self.cells[e * self.n_days + d]
    }
    pub fn works(&self, e: usize, d: usize) -> bool {
        !self.shifts(e, d).is_empty()
    }
    pub fn has(&self, e: usize, d: usize, t: usize) -> bool {
        self.shifts(e, d).contains(&t)
    }
    /// All `(staff, day, shift)` triples in staff, day, shift order.
    pub fn assignments(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        let n = self.n_days;
        self.cells
            .iter()
            .enumerate()
            .flat_map(move |(i, c)| c.iter().map(move |&t| (i / n, i % n, t)))
    }
}
