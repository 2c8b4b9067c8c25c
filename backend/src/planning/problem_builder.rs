//! Builds the engine's [`Problem`] for one roster from the database: the unit's staff (home or
//! authorised), the GHT's shift types, one day per date of the period, cover from the unit's
//! maquette, requests from desiderata, days off from absences, and legal limits from the rule
//! parameters in force at the period's start (tenant < site < unit, latest effective date).
//!
//! The problem's `hospital` section carries the French rules pack's data (see
//! [`crate::planning::hospital_section`]): parameters with their cascade and effective dates,
//! cycles, travel times, substitutions, the theatre programme, joint requirements, each
//! person's category, quotité, authorised units and counters; `history` holds the previous
//! published rosters' last week and `fairness_ledger` the last twelve months' burden.
//!
//! The problem is pseudonymous (design decision 4): staff are named by their UUID, shifts by
//! their code, and nothing else about a person leaves the database.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};
use releve_solver::problem::{
    Assignment, Cover, Day, Limits, PROBLEM_VERSION, Problem, Request, RequestKind, RollingWindow,
    RosterFile, Staff,
};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{
    absence, assignment, desiderata, maquette_demand, roster, rule_parameter, shift_type, staff,
    unit,
};
use crate::organisation::staff::{qualifications, works_in};
use crate::planning::holidays::is_holiday;
use crate::planning::hospital_section;
use crate::service_error::{ServiceError, ServiceResult};

/// Rule parameters with their defaults (FPH: 12 h daily rest, 48 h over 7 days).
pub const PARAMETERS: &[(&str, i64)] = &[
    ("min_daily_rest_minutes", 720),
    ("max_minutes_per_7_days", 2880),
    ("max_consecutive_days", 6),
    ("desiderata_weight", 10),
    ("cover_under_weight", 100),
];

/// A problem and the keys to map the engine's answer back to rows.
#[derive(Debug, Clone)]
pub struct BuiltProblem {
    pub problem: Problem,
    pub dates: Vec<NaiveDate>,
    pub shift_by_code: HashMap<String, Uuid>,
    pub code_by_shift: HashMap<Uuid, String>,
    pub staff_ids: Vec<Uuid>,
}

impl BuiltProblem {
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        self.dates.iter().position(|d| *d == date)
    }

    /// The engine's form of stored assignments (those outside the period or of unknown
    /// shifts are left out).
    pub fn roster_file(&self, rows: &[assignment::Model]) -> RosterFile {
        let assignments = rows
            .iter()
            .filter_map(|a| {
                Some(Assignment {
                    staff: a.staff_id.to_string(),
                    day: self.day_of(a.date)?,
                    shift: self.code_by_shift.get(&a.shift_type_id)?.clone(),
                })
            })
            .collect();
        RosterFile {
            version: PROBLEM_VERSION,
            assignments,
        }
    }

    /// `(staff, date, shift type)` of an engine roster.
    pub fn rows_of(&self, file: &RosterFile) -> ServiceResult<Vec<(Uuid, NaiveDate, Uuid)>> {
        file.assignments
            .iter()
            .map(|a| {
                let staff = Uuid::parse_str(&a.staff)
                    .map_err(|_| ServiceError::Internal(anyhow::anyhow!("staff id {}", a.staff)))?;
                let date = *self
                    .dates
                    .get(a.day)
                    .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("day {}", a.day)))?;
                let shift = *self
                    .shift_by_code
                    .get(&a.shift)
                    .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("shift {}", a.shift)))?;
                Ok((staff, date, shift))
            })
            .collect()
    }
}

/// The value of a rule parameter for a unit at a date.
async fn parameters(
    txn: &DatabaseTransaction,
    unit: &unit::Model,
    at: NaiveDate,
) -> ServiceResult<(HashMap<&'static str, i64>, HashSet<&'static str>)> {
    let rows = rule_parameter::Entity::find()
        .filter(rule_parameter::Column::TenantId.eq(unit.tenant_id))
        .filter(rule_parameter::Column::EffectiveFrom.lte(at))
        .all(txn)
        .await?;
    let mut values = HashMap::new();
    let mut explicit = HashSet::new();
    for (key, default) in PARAMETERS {
        let specificity = |row: &rule_parameter::Model| match row.scope_kind.as_str() {
            "unit" if row.scope_id == Some(unit.id) => Some(2),
            "site" if row.scope_id == Some(unit.establishment_id) => Some(1),
            "tenant" => Some(0),
            _ => None,
        };
        let best = rows
            .iter()
            .filter(|r| r.key == *key)
            .filter_map(|r| specificity(r).map(|s| (s, r.effective_from, r)))
            .max_by_key(|(s, from, _)| (*s, *from));
        let set = best.and_then(|(_, _, r)| r.value.trim().parse::<i64>().ok());
        if set.is_some() {
            explicit.insert(*key);
        }
        values.insert(*key, set.unwrap_or(*default));
    }
    Ok((values, explicit))
}

fn day_type(date: NaiveDate) -> &'static str {
    match date.weekday().num_days_from_monday() {
        _ if is_holiday(date) => "sunday_holiday",
        6 => "sunday_holiday",
        5 => "saturday",
        _ => "weekday",
    }
}

fn u32_of(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

/// The dates of a roster's period, first to last.
pub fn period_dates(roster: &roster::Model) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    let mut date = roster.period_start;
    while date <= roster.period_end {
        dates.push(date);
        date += Duration::days(1);
    }
    dates
}

/// Builds the problem of `roster`; `current` are the assignments of the version being checked
/// or re-planned (their people are included even if they no longer work in the unit).
pub async fn build(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    unit: &unit::Model,
    current: &[assignment::Model],
    reference_weight: Option<u32>,
) -> ServiceResult<BuiltProblem> {
    let tenant = roster.tenant_id;
    let dates = period_dates(roster);
    let (params, explicit) = parameters(txn, unit, roster.period_start).await?;
    let param = |key: &str| params.get(key).copied().unwrap_or_default();

    let shifts = shift_type::Entity::find()
        .filter(shift_type::Column::TenantId.eq(tenant))
        .all(txn)
        .await?;
    let shift_by_code: HashMap<String, Uuid> =
        shifts.iter().map(|s| (s.code.clone(), s.id)).collect();
    let code_by_shift: HashMap<Uuid, String> =
        shifts.iter().map(|s| (s.id, s.code.clone())).collect();

    let people: Vec<staff::Model> = staff::Entity::find()
        .filter(staff::Column::TenantId.eq(tenant))
        .all(txn)
        .await?
        .into_iter()
        .filter(|p| works_in(p, unit) || current.iter().any(|a| a.staff_id == p.id))
        .collect();
    let staff_ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();

    let days = dates
        .iter()
        .map(|d| Day {
            date: d.to_string(),
            weekday: d.weekday().num_days_from_monday() as u8,
            holiday: is_holiday(*d),
        })
        .collect();

    let demand = maquette_demand::Entity::find()
        .filter(maquette_demand::Column::TenantId.eq(tenant))
        .filter(maquette_demand::Column::UnitId.eq(unit.id))
        .all(txn)
        .await?;
    let mut cover = Vec::new();
    for (d, date) in dates.iter().enumerate() {
        for line in demand.iter().filter(|l| l.day_type == day_type(*date)) {
            let Some(code) = code_by_shift.get(&line.shift_type_id) else {
                continue;
            };
            cover.push(Cover {
                day: d,
                shift: code.clone(),
                qualification: (!line.qualification.is_empty()).then(|| line.qualification.clone()),
                min: Some(u32_of(line.min.into())),
                target: u32_of(line.target.into()),
                max: None,
                under_weight: u32_of(param("cover_under_weight")),
                over_weight: 1,
            });
        }
    }

    let (first, last) = (roster.period_start, roster.period_end);
    let wishes = desiderata::Entity::find()
        .filter(desiderata::Column::TenantId.eq(tenant))
        .filter(desiderata::Column::StaffId.is_in(staff_ids.clone()))
        .filter(desiderata::Column::Date.between(first, last))
        .all(txn)
        .await?;
    let index_of = |date: NaiveDate| dates.iter().position(|d| *d == date);
    let requests = wishes
        .iter()
        .filter_map(|w| {
            Some(Request {
                staff: w.staff_id.to_string(),
                day: index_of(w.date)?,
                shift: match w.shift_type_id {
                    Some(id) => Some(code_by_shift.get(&id)?.clone()),
                    None => None,
                },
                kind: if w.kind == "on" {
                    RequestKind::On
                } else {
                    RequestKind::Off
                },
                weight: u32_of(param("desiderata_weight")),
            })
        })
        .collect();

    let away = absence::Entity::find()
        .filter(absence::Column::TenantId.eq(tenant))
        .filter(absence::Column::StaffId.is_in(staff_ids.clone()))
        .filter(absence::Column::StartDate.lte(last))
        .filter(absence::Column::EndDate.gte(first))
        .all(txn)
        .await?;
    let mut fixed_days_off = Vec::new();
    for a in &away {
        for (d, date) in dates.iter().enumerate() {
            if a.start_date <= *date && *date <= a.end_date {
                fixed_days_off.push(releve_solver::problem::FixedDayOff {
                    staff: a.staff_id.to_string(),
                    day: d,
                });
            }
        }
    }

    let staff = people
        .iter()
        .map(|p| {
            let mut quals = qualifications(p);
            quals.push(p.profession.clone());
            quals.sort();
            quals.dedup();
            Staff {
                id: p.id.to_string(),
                contract: Some(format!("{}%", p.quotite)),
                qualifications: quals,
                limits: Limits {
                    max_consecutive_days: Some(u32_of(param("max_consecutive_days"))),
                    ..Limits::default()
                },
                hospital: None,
            }
        })
        .collect();

    let mut built = BuiltProblem {
        problem: Problem {
            version: PROBLEM_VERSION,
            name: roster.id.to_string(),
            shift_types: shifts
                .iter()
                .map(|s| releve_solver::problem::ShiftType {
                    id: s.code.clone(),
                    start_minute: u32_of(s.start_minute.into()),
                    duration_minutes: u32_of(s.duration_minutes.into()),
                    is_night: s.is_night,
                    qualifications: serde_json::from_str(&s.qualifications).unwrap_or_default(),
                    hospital: Some(hospital_section::shift_hospital(s, unit)),
                })
                .collect(),
            staff,
            days,
            forbidden_successions: Vec::new(),
            // The French pack's rest and weekly rules (FPH-REST-1/2, FPH-WK-1, PH-5, ...) apply
            // with their cascade; the generic ones only where a planner set them explicitly.
            min_rest_minutes: explicit
                .contains("min_daily_rest_minutes")
                .then(|| u32_of(param("min_daily_rest_minutes"))),
            cover,
            fixed_days_off,
            requests,
            rolling_windows: explicit
                .contains("max_minutes_per_7_days")
                .then(|| RollingWindow {
                    days: 7,
                    max_minutes: u32_of(param("max_minutes_per_7_days")),
                })
                .into_iter()
                .collect(),
            history: Default::default(),
            reference: None,
            hospital: None,
            replan: None,
            fairness_ledger: Vec::new(),
        },
        dates,
        shift_by_code,
        code_by_shift,
        staff_ids,
    };
    hospital_section::fill(txn, &mut built, roster, unit, &people).await?;
    if let Some(weight) = reference_weight.filter(|_| !current.is_empty()) {
        let file = built.roster_file(current);
        built.problem.reference = Some(releve_solver::problem::Reference {
            weight,
            assignments: file.assignments,
        });
    }
    Ok(built)
}

/// Groups assignments by `(staff, date)`: the shift types each person works each day.
pub fn by_cell(rows: &[assignment::Model]) -> BTreeMap<(Uuid, NaiveDate), Vec<Uuid>> {
    let mut cells: BTreeMap<(Uuid, NaiveDate), Vec<Uuid>> = BTreeMap::new();
    for a in rows {
        cells
            .entry((a.staff_id, a.date))
            .or_default()
            .push(a.shift_type_id);
    }
    for shifts in cells.values_mut() {
        shifts.sort();
    }
    cells
}
