//! The validated, resolved hospital layer: dates and holidays of every known day, per staff the
//! category, quotité, counters and parameters in force, per shift type its vacations, activity
//! and breaks, and the realised call-outs as timed intervals.

use super::cycles::{self, Expected};
use super::demand::{self, Joint};
use super::model::*;
use super::organisation::Organisation;
use super::params::Parameters;
use crate::calendar::{self, parse_date};
use crate::problem::CoverReq;
use crate::problem::{Problem, ValidationError};
use chrono::NaiveDate;
use std::collections::HashMap;

/// A staff member under the French rules, with the parameters in force for them.
#[derive(Debug, Clone)]
pub struct StaffInfo {
    pub category: Category,
    pub quotite_percent: u32,
    pub night_team: bool,
    pub counters: Counters,
    pub params: Parameters,
    /// The local decisions (parameter sets' `reference`) that set a value for this person.
    pub references: Vec<String>,
}

/// A shift type as timed vacations.
#[derive(Debug, Clone)]
pub struct ShiftInfo {
    /// Vacations `[start, end)` in minutes from the shift day's midnight (end may pass 1440).
    pub pieces: Vec<(i64, i64)>,
    pub activity: Activity,
    pub declared_half_days: Option<u32>,
    pub break_minutes: u32,
    pub is_night: bool,
}

#[derive(Debug, Clone)]
pub struct Context {
    /// Date of day 0.
    pub start: NaiveDate,
    /// Public holiday, per horizon day.
    pub holiday: Vec<bool>,
    /// Per staff; `None` = not under the French rules.
    pub staff: Vec<Option<StaffInfo>>,
    pub shifts: Vec<ShiftInfo>,
    /// Realised call-outs `(staff, start, end)`, minutes from day 0's midnight (negative).
    pub interventions: Vec<(usize, i64, i64)>,
    /// Sites, authorised units, placements and substitution costs.
    pub org: Organisation,
    /// Expected shift per horizon day of each staff member on a work cycle.
    pub expected: Expected,
    /// Cover requirements from the maquettes (appended to the instance's cover).
    pub maquette_cover: Vec<CoverReq>,
    /// Joint requirements per day (teams, theatre sessions, senior doctor on call).
    pub joints: Vec<Joint>,
    holidays: Option<calendar::HolidayCalendar>,
}

fn err(path: String, reason: impl Into<String>) -> ValidationError {
    ValidationError {
        path,
        reason: reason.into(),
    }
}

impl Context {
    /// Builds the context when the problem uses the hospital layer (`None` otherwise).
    pub fn build(
        problem: &Problem,
        staff_index: &HashMap<String, usize>,
        errors: &mut Vec<ValidationError>,
    ) -> Option<Context> {
        let used = problem.hospital.is_some()
            || problem.staff.iter().any(|s| s.hospital.is_some())
            || problem.shift_types.iter().any(|s| s.hospital.is_some());
        if !used {
            return None;
        }
        let n0 = errors.len();
        let default = Hospital::default();
        let h = problem.hospital.as_ref().unwrap_or(&default);
        let mut dates = Vec::with_capacity(problem.days.len());
        for (i, d) in problem.days.iter().enumerate() {
            match parse_date(&d.date) {
                Some(x) => {
                    if let Some(prev) = dates.last()
                        && x.signed_duration_since(*prev).num_days() != 1
                    {
                        errors.push(err(
                            format!("$.days[{i}].date"),
                            "days must be consecutive dates",
                        ));
                    }
                    if calendar::weekday(x) != d.weekday {
                        errors.push(err(
                            format!("$.days[{i}].weekday"),
                            format!("{} is weekday {}", d.date, calendar::weekday(x)),
                        ));
                    }
                    dates.push(x);
                }
                None => errors.push(err(
                    format!("$.days[{i}].date"),
                    "an ISO date YYYY-MM-DD is required by the hospital rules",
                )),
            }
        }
        let start = dates.first().copied();
        let holiday: Vec<bool> = problem
            .days
            .iter()
            .zip(&dates)
            .map(|(d, &x)| d.holiday || h.holidays.is_some_and(|c| calendar::is_holiday(x, c)))
            .collect();

        let mut sets: Vec<(usize, &ParameterSet, Option<NaiveDate>)> = Vec::new();
        for (i, s) in h.rule_parameters.iter().enumerate() {
            let p = format!("$.hospital.rule_parameters[{i}]");
            let from = match &s.effective_from {
                Some(t) => match parse_date(t) {
                    Some(x) => Some(x),
                    None => {
                        errors.push(err(format!("{p}.effective_from"), "not a date YYYY-MM-DD"));
                        continue;
                    }
                },
                None => None,
            };
            match (s.scope, &s.id) {
                (Scope::Tenant, Some(_)) => {
                    errors.push(err(format!("{p}.id"), "the tenant scope takes no id"))
                }
                (Scope::Establishment | Scope::Unit, None) => errors.push(err(
                    format!("{p}.id"),
                    "an establishment or unit id is required",
                )),
                _ => {}
            }
            let date_ok = |x: &String| parse_date(x).is_some();
            if let Some(a) = &s.values.fph_fortnight_anchor
                && !date_ok(a)
            {
                errors.push(err(
                    format!("{p}.values.fph_fortnight_anchor"),
                    "not a date YYYY-MM-DD",
                ));
            }
            if let Some(a) = &s.values.cycle_anchor
                && !date_ok(a)
            {
                errors.push(err(
                    format!("{p}.values.cycle_anchor"),
                    "not a date YYYY-MM-DD",
                ));
            }
            sets.push((i, s, from));
        }
        // Scope order, then date order; sets not yet in force at day 0 are left out.
        let level = |s: Scope| match s {
            Scope::Tenant => 0,
            Scope::Establishment => 1,
            Scope::Unit => 2,
        };
        sets.sort_by_key(|(i, s, from)| (level(s.scope), *from, *i));

        let mut staff = Vec::with_capacity(problem.staff.len());
        for (i, s) in problem.staff.iter().enumerate() {
            let Some(sh) = &s.hospital else {
                staff.push(None);
                continue;
            };
            if !(1..=100).contains(&sh.quotite_percent) {
                errors.push(err(
                    format!("$.staff[{i}].hospital.quotite_percent"),
                    "must be between 1 and 100",
                ));
            }
            let mut params = Parameters::default();
            let mut references = Vec::new();
            for (_, set, from) in &sets {
                let in_force = match (from, start) {
                    (Some(f), Some(s0)) => *f <= s0,
                    _ => true,
                };
                let matches = match set.scope {
                    Scope::Tenant => true,
                    Scope::Establishment => set.id == sh.establishment,
                    Scope::Unit => set.id == sh.unit,
                };
                if in_force && matches {
                    params.apply(&set.values);
                    if let Some(r) = &set.reference {
                        references.push(r.clone());
                    }
                }
            }
            staff.push(Some(StaffInfo {
                category: sh.category,
                quotite_percent: sh.quotite_percent,
                night_team: sh.night_team,
                counters: sh.counters.clone(),
                params,
                references,
            }));
        }

        let mut shifts = Vec::with_capacity(problem.shift_types.len());
        for (i, t) in problem.shift_types.iter().enumerate() {
            let sh = t.hospital.clone().unwrap_or_default();
            let start_t = i64::from(t.start_minute);
            let pieces: Vec<(i64, i64)> = if sh.pieces.is_empty() {
                vec![(start_t, start_t + i64::from(t.duration_minutes))]
            } else {
                let total: u32 = sh.pieces.iter().map(|p| p.duration_minutes).sum();
                if total != t.duration_minutes {
                    errors.push(err(
                        format!("$.shift_types[{i}].hospital.pieces"),
                        format!(
                            "the vacations last {total} minutes, the shift {}",
                            t.duration_minutes
                        ),
                    ));
                }
                let mut v: Vec<(i64, i64)> = sh
                    .pieces
                    .iter()
                    .map(|p| {
                        let a = i64::from(p.start_minute);
                        (a, a + i64::from(p.duration_minutes))
                    })
                    .collect();
                v.sort_unstable();
                if v.windows(2).any(|w| w[1].0 < w[0].1) {
                    errors.push(err(
                        format!("$.shift_types[{i}].hospital.pieces"),
                        "vacations overlap",
                    ));
                }
                v
            };
            shifts.push(ShiftInfo {
                pieces,
                activity: sh.activity,
                declared_half_days: sh.half_days,
                break_minutes: sh.break_minutes,
                is_night: t.is_night,
            });
        }

        let n_hist = problem.history.days;
        let mut interventions = Vec::new();
        for (i, iv) in h.interventions.iter().enumerate() {
            let p = format!("$.hospital.interventions[{i}]");
            let e = staff_index.get(&iv.staff).copied();
            if e.is_none() {
                errors.push(err(
                    format!("{p}.staff"),
                    format!("unknown staff `{}`", iv.staff),
                ));
            }
            if iv.days_before == 0 || iv.days_before > n_hist {
                errors.push(err(
                    format!("{p}.days_before"),
                    format!("must be between 1 and history.days ({n_hist})"),
                ));
            }
            if let Some(e) = e {
                let s = -i64::from(iv.days_before) * 1440 + i64::from(iv.start_minute);
                interventions.push((e, s, s + i64::from(iv.duration_minutes)));
            }
        }
        let shift_index: HashMap<&str, usize> = problem
            .shift_types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let org = Organisation::build(problem, h, errors);
        let expected = cycles::resolve(problem, h, &shift_index, start, errors);
        let maquette_cover = demand::maquette_cover(problem, h, &shift_index, &holiday, errors);
        let joints = demand::joints(problem, h, &shift_index, errors);
        if errors.len() > n0 {
            return None;
        }
        Some(Context {
            org,
            expected,
            maquette_cover,
            joints,
            start: start?,
            holiday,
            staff,
            shifts,
            interventions,
            holidays: h.holidays,
        })
    }

    /// Date of extended day `day` (negative = history).
    pub fn date(&self, day: i64) -> NaiveDate {
        if day >= 0 {
            self.start + chrono::Days::new(day as u64)
        } else {
            self.start - chrono::Days::new((-day) as u64)
        }
    }

    /// Sunday or public holiday (history days: from the holiday calendar only).
    pub fn sunday_or_holiday(&self, day: i64) -> bool {
        let date = self.date(day);
        calendar::weekday(date) == 6
            || usize::try_from(day)
                .ok()
                .and_then(|d| self.holiday.get(d).copied())
                .unwrap_or_else(|| self.holidays.is_some_and(|c| calendar::is_holiday(date, c)))
    }

    /// Weekday (Monday = 0) of extended day `day`.
    pub fn weekday(&self, day: i64) -> u8 {
        calendar::weekday(self.date(day))
    }
}
