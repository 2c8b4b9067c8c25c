//! The problem's hospital section from the database: what the French rules pack needs beyond
//! the generic problem (see `solver/src/hospital/model.rs`). Units and sites, travel times, the
//! pack's rule parameters with their tenant < site < unit cascade and effective dates, the
//! qualification substitutions, work cycles (each person's line and offset), joint
//! requirements and the theatre programme over the period, each person's category, quotité,
//! authorised units and counters; the previous published rosters' last week as history; the
//! fairness ledger of the last twelve months.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate};
use releve_solver::hospital::{
    Activity, Category, CyclePlace, Hospital, JointKind, JointRequirement, ParameterSet,
    ParameterValues, Scope, ShiftHospital, StaffHospital, Substitution, TheatreSession, Trame,
    Travel, UnitDef,
};
use releve_solver::problem::{History, HistoryAssignment};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{
    assignment, roster, roster_version, rule_parameter, shift_type, site_travel_time, staff,
    staff_cycle, unit, work_cycle,
};
use crate::organisation::staff::{qualifications, site_ids, unit_ids};
use crate::organisation::{joint_requirements, substitutions, theatre_programme, work_cycles};
use crate::planning::problem_builder::BuiltProblem;
use crate::planning::{counters, fairness};
use crate::service_error::ServiceResult;

/// How many days before the period the previous rosters are read (rest, weekly limits and
/// consecutive days across the boundary).
pub const HISTORY_DAYS: i64 = 7;

/// The French pack's view of a shift type worked in `unit`. A shift without a stated break is
/// taken to include the legal minimum (20 min over 6 h; 30 min in a garde).
pub fn shift_hospital(s: &shift_type::Model, unit: &unit::Model) -> ShiftHospital {
    let activity = match s.activity.as_str() {
        "garde" => Activity::Garde,
        "astreinte" => Activity::Astreinte,
        "training" => Activity::Training,
        _ => Activity::Work,
    };
    let legal_break = match activity {
        Activity::Astreinte => 0,
        Activity::Garde => 30,
        _ if s.duration_minutes > 360 => 20,
        _ => 0,
    };
    ShiftHospital {
        activity,
        half_days: s.half_days.and_then(|h| u32::try_from(h).ok()),
        break_minutes: s
            .break_minutes
            .and_then(|b| u32::try_from(b).ok())
            .unwrap_or(legal_break),
        pieces: Vec::new(),
        unit: Some(unit.id.to_string()),
    }
}

/// The rules category of a person: praticiens (PH and other seniors), internes, else FPH.
pub fn category(person: &staff::Model) -> Category {
    let mut all = qualifications(person);
    all.push(person.profession.clone());
    let has = |codes: &[&str]| {
        all.iter()
            .any(|q| codes.contains(&q.to_uppercase().as_str()))
    };
    if has(&["INT", "INTERNE"]) {
        Category::Interne
    } else if has(&["PH", "PRATICIEN", "MEDECIN", "CHIR", "ANES"]) {
        Category::Ph
    } else {
        Category::Fph
    }
}

/// `(months, anchor month)` of the averaging period of a category (the pack's defaults).
fn averaging(category: Category) -> (u32, u32) {
    match category {
        Category::Interne => (3, 5),
        Category::Ph | Category::Fph => (4, 1),
    }
}

fn u32_of(v: i32) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(0)
}

/// The rule parameters of the tenant known to the French pack, one set per scope and
/// effective date (the pack resolves the cascade per person and date).
async fn parameter_sets(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    until: NaiveDate,
) -> ServiceResult<Vec<ParameterSet>> {
    let rows = rule_parameter::Entity::find()
        .filter(rule_parameter::Column::TenantId.eq(tenant))
        .filter(rule_parameter::Column::EffectiveFrom.lte(until))
        .all(txn)
        .await?;
    let mut sets: BTreeMap<
        (u8, Option<Uuid>, NaiveDate),
        serde_json::Map<String, serde_json::Value>,
    > = BTreeMap::new();
    for row in rows {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&row.value) else {
            continue;
        };
        // Only the pack's keys (the builder's own are read by `problem_builder`).
        let mut one = serde_json::Map::new();
        one.insert(row.key.clone(), value.clone());
        if serde_json::from_value::<ParameterValues>(serde_json::Value::Object(one)).is_err() {
            continue;
        }
        let rank = match row.scope_kind.as_str() {
            "tenant" => 0,
            "site" => 1,
            _ => 2,
        };
        sets.entry((rank, row.scope_id, row.effective_from))
            .or_default()
            .insert(row.key, value);
    }
    let mut out = Vec::new();
    for ((rank, id, from), values) in sets {
        let Ok(values) =
            serde_json::from_value::<ParameterValues>(serde_json::Value::Object(values))
        else {
            continue;
        };
        out.push(ParameterSet {
            scope: match rank {
                0 => Scope::Tenant,
                1 => Scope::Establishment,
                _ => Scope::Unit,
            },
            id: id.map(|u| u.to_string()),
            effective_from: Some(from.to_string()),
            reference: None,
            values,
        });
    }
    Ok(out)
}

/// The Monday on or before `date`.
fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Work cycles of `people` in force at the period's start: one trame per work cycle (one
/// line), each person on it with the offset their anchor date gives.
async fn cycles(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    people: &[staff::Model],
    start: NaiveDate,
    end: NaiveDate,
) -> ServiceResult<(Vec<Trame>, HashMap<Uuid, CyclePlace>)> {
    let ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();
    let mut placed = staff_cycle::Entity::find()
        .filter(staff_cycle::Column::TenantId.eq(tenant))
        .filter(staff_cycle::Column::StaffId.is_in(ids))
        .filter(staff_cycle::Column::StartDate.lte(end))
        .all(txn)
        .await?;
    placed.retain(|c| c.end_date.is_none_or(|e| e >= start));
    // The latest start wins when two overlap (assign refuses that; imports may not).
    placed.sort_by_key(|c| c.start_date);
    let cycle_ids: Vec<Uuid> = placed.iter().map(|c| c.cycle_id).collect();
    let rows = work_cycle::Entity::find()
        .filter(work_cycle::Column::TenantId.eq(tenant))
        .filter(work_cycle::Column::Id.is_in(cycle_ids))
        .all(txn)
        .await?;
    let anchor = monday_of(start);
    let mut trames = Vec::new();
    let mut lengths = HashMap::new();
    for row in &rows {
        let pattern = work_cycles::pattern(row);
        if pattern.is_empty() {
            continue;
        }
        lengths.insert(row.id, pattern.len() as i64);
        trames.push(Trame {
            id: row.id.to_string(),
            anchor: anchor.to_string(),
            lines: vec![pattern],
        });
    }
    let mut places = HashMap::new();
    for c in placed {
        let Some(len) = lengths.get(&c.cycle_id) else {
            continue;
        };
        // Day d of the horizon is pattern day (date - start_date) mod len; the trame reads
        // (date - anchor + offset) mod len.
        let offset = (anchor - c.start_date).num_days().rem_euclid(*len);
        places.insert(
            c.staff_id,
            CyclePlace {
                trame: c.cycle_id.to_string(),
                line: 0,
                offset_days: u32::try_from(offset).unwrap_or(0),
            },
        );
    }
    Ok((trames, places))
}

/// The last `HISTORY_DAYS` days before the period in the published rosters of `people`.
async fn history(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    people: &[Uuid],
    start: NaiveDate,
    code_of: &HashMap<Uuid, String>,
) -> ServiceResult<History> {
    let from = start - Duration::days(HISTORY_DAYS);
    let rosters = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(tenant))
        .filter(roster::Column::PublishedVersion.is_not_null())
        .filter(roster::Column::PeriodEnd.gte(from))
        .filter(roster::Column::PeriodStart.lt(start))
        .all(txn)
        .await?;
    let mut versions = Vec::new();
    for r in &rosters {
        if let Some(v) = roster_version::Entity::find()
            .filter(roster_version::Column::TenantId.eq(tenant))
            .filter(roster_version::Column::RosterId.eq(r.id))
            .filter(roster_version::Column::Number.eq(r.published_version.unwrap_or_default()))
            .one(txn)
            .await?
        {
            versions.push(v.id);
        }
    }
    if versions.is_empty() {
        return Ok(History::default());
    }
    let rows = assignment::Entity::find()
        .filter(assignment::Column::TenantId.eq(tenant))
        .filter(assignment::Column::RosterVersionId.is_in(versions))
        .filter(assignment::Column::StaffId.is_in(people.to_vec()))
        .filter(assignment::Column::Date.between(from, start - Duration::days(1)))
        .all(txn)
        .await?;
    let mut assignments: Vec<HistoryAssignment> = rows
        .iter()
        .filter_map(|a| {
            Some(HistoryAssignment {
                staff: a.staff_id.to_string(),
                days_before: u32::try_from((start - a.date).num_days()).ok()?,
                shift: code_of.get(&a.shift_type_id)?.clone(),
            })
        })
        .collect();
    assignments.sort_by(|a, b| (&a.staff, a.days_before).cmp(&(&b.staff, b.days_before)));
    assignments.dedup();
    Ok(History {
        days: u32::try_from(HISTORY_DAYS).unwrap_or(7),
        assignments,
    })
}

/// Fills `built.problem.hospital`, the staff's hospital data, `history` and
/// `fairness_ledger` for the roster of `unit`.
pub async fn fill(
    txn: &DatabaseTransaction,
    built: &mut BuiltProblem,
    roster: &roster::Model,
    unit: &unit::Model,
    people: &[staff::Model],
) -> ServiceResult<()> {
    let tenant = roster.tenant_id;
    let (start, end) = (roster.period_start, roster.period_end);
    let units = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(tenant))
        .all(txn)
        .await?;
    let site_of: HashMap<Uuid, Uuid> = units.iter().map(|u| (u.id, u.establishment_id)).collect();
    let mut hospital = Hospital {
        units: units
            .iter()
            .map(|u| UnitDef {
                id: u.id.to_string(),
                establishment: u.establishment_id.to_string(),
                kind: None,
            })
            .collect(),
        rule_parameters: parameter_sets(txn, tenant, end).await?,
        // The GHT's own substitutions in force at the period's start (none: nobody fills
        // another qualification's slot).
        substitutions: substitutions::in_force(txn, tenant, start)
            .await?
            .into_iter()
            .map(|(holder, slot, cost)| Substitution { holder, slot, cost })
            .collect(),
        ..Hospital::default()
    };
    let travel = site_travel_time::Entity::find()
        .filter(site_travel_time::Column::TenantId.eq(tenant))
        .all(txn)
        .await?;
    hospital.travel = travel
        .iter()
        .filter(|t| t.from_site_id < t.to_site_id)
        .map(|t| Travel {
            from: t.from_site_id.to_string(),
            to: t.to_site_id.to_string(),
            minutes: u32_of(t.minutes),
        })
        .collect();

    let (trames, places) = cycles(txn, tenant, people, start, end).await?;
    hospital.cycles = trames;

    let code = |id: &Uuid| built.code_by_shift.get(id).cloned();
    for j in joint_requirements::in_force(txn, tenant, unit.id, start, end).await? {
        let weekdays = joint_requirements::weekdays(&j);
        let days: Vec<usize> = built
            .dates
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                j.effective_from <= **d
                    && j.effective_to.is_none_or(|to| **d <= to)
                    && (weekdays.is_empty()
                        || weekdays.contains(&(d.weekday().num_days_from_monday() as u8)))
            })
            .map(|(i, _)| i)
            .collect();
        let shifts: Option<Vec<String>> = joint_requirements::shift_type_ids(&j)
            .iter()
            .map(code)
            .collect();
        let (Some(shifts), false) = (shifts, days.is_empty()) else {
            continue;
        };
        hospital.joint_requirements.push(JointRequirement {
            kind: if j.kind == "all_or_none" {
                JointKind::AllOrNone
            } else {
                JointKind::AtLeast
            },
            days: Some(days),
            shifts,
            count: u32_of(j.count),
            weight: u32_of(j.weight),
            label: Some(j.label),
        });
    }
    for s in theatre_programme::in_period(txn, tenant, unit.id, start, end).await? {
        let (Some(day), Some(team)) = (
            built.day_of(s.date),
            theatre_programme::team(&s)
                .iter()
                .map(code)
                .collect::<Option<Vec<String>>>(),
        ) else {
            continue;
        };
        hospital.theatre_sessions.push(TheatreSession {
            room: s.room,
            day,
            team,
            weight: u32_of(s.weight),
        });
    }

    let categories: Vec<(Uuid, Category)> = people.iter().map(|p| (p.id, category(p))).collect();
    let periods: Vec<(Uuid, u32, u32)> = categories
        .iter()
        .map(|(id, c)| {
            let (months, anchor) = averaging(*c);
            (*id, months, anchor)
        })
        .collect();
    let mut counted = counters::at(txn, tenant, &periods, start).await?;
    let by_id: HashMap<Uuid, (&staff::Model, Category)> = people
        .iter()
        .zip(categories.iter())
        .map(|(p, (_, c))| (p.id, (p, *c)))
        .collect();
    for s in &mut built.problem.staff {
        let Some((person, category)) = Uuid::parse_str(&s.id).ok().and_then(|id| by_id.get(&id))
        else {
            continue;
        };
        let mut authorised: Vec<String> = unit_ids(person).iter().map(Uuid::to_string).collect();
        // Authorised on a whole site: every unit of it, this one included.
        let sites = site_ids(person);
        authorised.extend(
            units
                .iter()
                .filter(|u| sites.contains(&u.establishment_id) && u.id != person.home_unit_id)
                .map(|u| u.id.to_string()),
        );
        authorised.sort();
        authorised.dedup();
        s.hospital = Some(StaffHospital {
            category: *category,
            establishment: site_of.get(&person.home_unit_id).map(Uuid::to_string),
            unit: Some(person.home_unit_id.to_string()),
            quotite_percent: u32_of(person.quotite),
            night_team: false,
            counters: counted.remove(&person.id).unwrap_or_default(),
            authorised_units: authorised,
            pool: person.pool,
            cycle: places.get(&person.id).cloned(),
        });
    }
    built.problem.hospital = Some(hospital);

    built.problem.history =
        history(txn, tenant, &built.staff_ids, start, &built.code_by_shift).await?;
    built.problem.fairness_ledger = fairness::before(txn, tenant, &built.staff_ids, start).await?;
    Ok(())
}
