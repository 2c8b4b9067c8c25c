//! Each person's counters per period: planned minutes (written when a roster is published),
//! worked minutes (the réalisé), night minutes, overtime, Sundays and holidays worked, leave
//! taken and the CET balance. Readable by the person themself and by planners and HR whose
//! scope covers them; every read is access-logged (personal data). The problem builder turns
//! the civil year's and the averaging period's totals into the French pack's counters.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use releve_solver::hospital::Counters;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::audit::access_log::{self, Access};
use crate::entity::{assignment, roster, roster_version, shift_type, staff_counter};
use crate::organisation::scope::Scope;
use crate::organisation::staff;
use crate::planning::holidays::is_holiday;
use crate::security::access_chain::Operation;
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

/// Legal night (FPH-NIGHT-1): 21:00 to 06:00.
const NIGHT_START: i64 = 21 * 60;
const NIGHT_END: i64 = 6 * 60;
/// Source of the rows written at publication (they never know the CET balance).
const PUBLISHED: &str = "published";

/// Longest span read at once.
const MAX_DAYS: i64 = 3 * 366;
/// `staff_counter.source` once worked time is recorded (the réalisé).
pub const SOURCE_REALISED: &str = "realised";

/// Minutes of `[start, start + duration)` (minutes after the shift day's midnight) inside the
/// legal night, across midnight.
pub fn night_minutes(start: i64, duration: i64) -> i64 {
    let end = start + duration;
    // Nights of the previous day, this day and the next: [21:00 - 24 h k, 06:00 + 24 h (1 - k)].
    (-1..=1)
        .map(|k: i64| {
            let (a, b) = (NIGHT_START + 1440 * k, NIGHT_END + 1440 * (k + 1));
            (end.min(b) - start.max(a)).max(0)
        })
        .sum()
}

/// Totals of one person over one period of published assignments.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Planned {
    pub minutes: i32,
    pub night_minutes: i32,
    pub sundays_holidays: i32,
}

/// Each person's planned totals over `rows`. Astreinte is not working time (its call-outs are,
/// recorded in the réalisé).
pub fn planned(
    rows: &[assignment::Model],
    shifts: &[shift_type::Model],
) -> BTreeMap<Uuid, Planned> {
    let by_id: BTreeMap<Uuid, &shift_type::Model> = shifts.iter().map(|s| (s.id, s)).collect();
    let mut out: BTreeMap<Uuid, Planned> = BTreeMap::new();
    let mut special_days: BTreeSet<(Uuid, NaiveDate)> = BTreeSet::new();
    for a in rows {
        let Some(s) = by_id.get(&a.shift_type_id) else {
            continue;
        };
        if s.activity == "astreinte" {
            continue;
        }
        let p = out.entry(a.staff_id).or_default();
        p.minutes += s.duration_minutes;
        let night = night_minutes(s.start_minute.into(), s.duration_minutes.into());
        p.night_minutes += i32::try_from(night).unwrap_or(0);
        if a.date.weekday() == Weekday::Sun || is_holiday(a.date) {
            special_days.insert((a.staff_id, a.date));
        }
    }
    for (staff, _) in special_days {
        out.entry(staff).or_default().sundays_holidays += 1;
    }
    out
}

/// After `roster` is published: the planned counters of its people for its period, over every
/// roster of the GHT published for the same period (a pool member works in several units).
pub async fn record_publication(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    rows: &[assignment::Model],
) -> ServiceResult<()> {
    let tenant = roster.tenant_id;
    let people: Vec<Uuid> = rows
        .iter()
        .map(|a| a.staff_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if people.is_empty() {
        return Ok(());
    }
    let published = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(tenant))
        .filter(roster::Column::PeriodStart.eq(roster.period_start))
        .filter(roster::Column::PublishedVersion.is_not_null())
        .all(txn)
        .await?;
    let mut versions = Vec::new();
    for r in published.iter().filter(|r| r.id != roster.id) {
        let number = r.published_version.unwrap_or_default();
        if let Some(v) = roster_version::Entity::find()
            .filter(roster_version::Column::TenantId.eq(tenant))
            .filter(roster_version::Column::RosterId.eq(r.id))
            .filter(roster_version::Column::Number.eq(number))
            .one(txn)
            .await?
        {
            versions.push(v.id);
        }
    }
    let mut all = rows.to_vec();
    if !versions.is_empty() {
        all.extend(
            assignment::Entity::find()
                .filter(assignment::Column::TenantId.eq(tenant))
                .filter(assignment::Column::RosterVersionId.is_in(versions))
                .filter(assignment::Column::StaffId.is_in(people.clone()))
                .all(txn)
                .await?,
        );
    }
    let shifts = shift_type::Entity::find()
        .filter(shift_type::Column::TenantId.eq(tenant))
        .all(txn)
        .await?;
    let totals = planned(&all, &shifts);
    let existing = staff_counter::Entity::find()
        .filter(staff_counter::Column::TenantId.eq(tenant))
        .filter(staff_counter::Column::StaffId.is_in(people.clone()))
        .filter(staff_counter::Column::PeriodStart.eq(roster.period_start))
        .all(txn)
        .await?;
    let now = chrono::Utc::now().fixed_offset();
    for person in people {
        let t = totals.get(&person).cloned().unwrap_or_default();
        match existing.iter().find(|c| c.staff_id == person) {
            Some(row) => {
                let mut row = row.clone().into_active_model();
                row.planned_minutes = Set(t.minutes);
                row.night_minutes = Set(t.night_minutes);
                row.sundays_holidays_worked = Set(t.sundays_holidays);
                row.updated_at = Set(now);
                row.update(txn).await?;
            }
            None => {
                staff_counter::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    tenant_id: Set(tenant),
                    staff_id: Set(person),
                    period_start: Set(roster.period_start),
                    period_end: Set(roster.period_end),
                    planned_minutes: Set(t.minutes),
                    worked_minutes: Set(0),
                    night_minutes: Set(t.night_minutes),
                    overtime_minutes: Set(0),
                    sundays_holidays_worked: Set(t.sundays_holidays),
                    leave_days_taken: Set(0),
                    cet_days_balance: Set(0),
                    source: Set(PUBLISHED.to_owned()),
                    updated_at: Set(now),
                    recorded_by: Set(None),
                    cet_recorded_at: Set(None),
                }
                .insert(txn)
                .await?;
            }
        }
    }
    Ok(())
}

/// What a counter row stands for when read: the worked minutes once the réalisé is recorded
/// (`recordWorkedTime` sets the source to `realised`, zero included: a month away is worked
/// time 0), else the planned ones, the best estimate of time worked.
pub fn worked(row: &staff_counter::Model) -> u32 {
    let minutes = if row.source == SOURCE_REALISED {
        row.worked_minutes
    } else {
        row.planned_minutes
    };
    u32::try_from(minutes.max(0)).unwrap_or(0)
}

fn clamp(v: i32) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(0)
}

/// First day of the averaging period of `months` months aligned on `anchor_month` that
/// contains `date`.
pub fn period_start(date: NaiveDate, months: u32, anchor_month: u32) -> NaiveDate {
    let months = months.clamp(1, 12);
    let anchor = anchor_month.clamp(1, 12);
    let since = (date.month() + 12 - anchor) % months;
    let mut year = date.year();
    let mut month = i64::from(date.month()) - i64::from(since);
    if month < 1 {
        month += 12;
        year -= 1;
    }
    NaiveDate::from_ymd_opt(year, u32::try_from(month).unwrap_or(1), 1).unwrap_or(date)
}

/// The French pack's counters of each of `people` at `start` (day 0): civil year to date, the
/// averaging period (`period_months` from `anchor_month`, per person) before day 0, the
/// overtime recorded in day 0's calendar month before day 0 (FPH-HS-3), and the CET balance
/// at the end of the latest period where HR entered it (FPH-CET-*).
pub async fn at(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    people: &[(Uuid, u32, u32)],
    start: NaiveDate,
) -> ServiceResult<BTreeMap<Uuid, Counters>> {
    let year_start = NaiveDate::from_ymd_opt(start.year(), 1, 1).unwrap_or(start);
    let month_start = start.with_day(1).unwrap_or(start);
    let earliest = people
        .iter()
        .map(|(_, months, anchor)| period_start(start, *months, *anchor))
        .chain(std::iter::once(year_start))
        .min()
        .unwrap_or(year_start);
    let ids: Vec<Uuid> = people.iter().map(|(id, _, _)| *id).collect();
    let rows = staff_counter::Entity::find()
        .filter(staff_counter::Column::TenantId.eq(tenant))
        .filter(staff_counter::Column::StaffId.is_in(ids.clone()))
        .filter(staff_counter::Column::PeriodStart.gte(earliest))
        .filter(staff_counter::Column::PeriodEnd.lt(start))
        .all(txn)
        .await?;
    // The CET is a balance, not a total: it may have been entered long before the year.
    let cet_rows = staff_counter::Entity::find()
        .filter(staff_counter::Column::TenantId.eq(tenant))
        .filter(staff_counter::Column::StaffId.is_in(ids))
        .filter(staff_counter::Column::CetRecordedAt.is_not_null())
        .filter(staff_counter::Column::PeriodEnd.lt(start))
        .all(txn)
        .await?;
    let mut out = BTreeMap::new();
    for (id, months, anchor) in people {
        let from = period_start(start, *months, *anchor);
        let mut c = Counters {
            // The CET balance is not known from rosters: the latest row that recorded it.
            cet_days: cet_rows
                .iter()
                .filter(|r| r.staff_id == *id)
                .max_by_key(|r| r.period_end)
                .map_or(0, |r| clamp(r.cet_days_balance)),
            ..Counters::default()
        };
        for r in rows.iter().filter(|r| r.staff_id == *id) {
            if r.period_start >= year_start {
                c.year_worked_minutes += worked(r);
                c.year_night_minutes += clamp(r.night_minutes);
                c.year_sundays_holidays_worked += clamp(r.sundays_holidays_worked);
                c.year_overtime_minutes += clamp(r.overtime_minutes);
            }
            if r.period_start >= month_start {
                c.month_overtime_minutes += clamp(r.overtime_minutes);
            }
            if r.period_start >= from {
                c.period_worked_minutes += worked(r);
            }
        }
        if let Some(latest) = cet_rows
            .iter()
            .filter(|r| r.staff_id == *id)
            .max_by_key(|r| r.period_end)
        {
            c.cet_days = clamp(latest.cet_days_balance);
        }
        out.insert(*id, c);
    }
    Ok(out)
}

/// Refuses unless the viewer is the person, or a planner or HR whose scope covers them, and
/// the span is sensible; `Ok(true)` when the viewer reads their own data.
async fn check_access(
    txn: &DatabaseTransaction,
    scope: &Scope,
    person: &crate::entity::staff::Model,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<bool> {
    let own = scope.staff_id == Some(person.id);
    let allowed = own
        || (matches!(
            scope.role,
            Role::GhtAdmin | Role::SiteManager | Role::UnitManager | Role::Hr
        ) && staff::may_read(txn, scope, person).await?);
    if !allowed {
        return Err(ServiceError::forbidden(
            "compteurs d'un agent hors de votre périmètre",
        ));
    }
    if to < from || (to - from).num_days() > MAX_DAYS {
        return Err(ServiceError::invalid(
            "to",
            format!("après « from » et au plus {MAX_DAYS} jours plus tard"),
        ));
    }
    Ok(own)
}

/// Records the read of a person's counters or ledger rows.
async fn log_read(
    txn: &DatabaseTransaction,
    scope: &Scope,
    own: bool,
    object_type: &'static str,
    object_ids: Vec<Uuid>,
) -> ServiceResult<()> {
    let access = Access {
        operation: Operation::Read,
        object_type,
        object_ids,
        purpose: if own {
            "own_data"
        } else if scope.role == Role::Hr {
            "hr_management"
        } else {
            "planning"
        },
    };
    access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    Ok(())
}

/// A person's counter rows overlapping `[from, to]`: the person themself, planners whose
/// scope covers them and HR. Logged in the access log.
pub async fn of_staff(
    txn: &DatabaseTransaction,
    scope: &Scope,
    staff_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<staff_counter::Model>> {
    let person = staff::find(txn, scope.tenant, staff_id).await?;
    let own = check_access(txn, scope, &person, from, to).await?;
    let mut rows = staff_counter::Entity::find()
        .filter(staff_counter::Column::TenantId.eq(scope.tenant.0))
        .filter(staff_counter::Column::StaffId.eq(person.id))
        .filter(staff_counter::Column::PeriodStart.lte(to))
        .filter(staff_counter::Column::PeriodEnd.gte(from))
        .all(txn)
        .await?;
    rows.sort_by_key(|r| r.period_start);
    let mut logged: Vec<Uuid> = vec![person.id];
    logged.extend(rows.iter().map(|r| r.id));
    log_read(txn, scope, own, "staff_counter", logged).await?;
    Ok(rows)
}

/// A person's fairness ledger rows overlapping `[from, to]`, with the same access as their
/// counters. Logged in the access log.
pub async fn fairness_of_staff(
    txn: &DatabaseTransaction,
    scope: &Scope,
    staff_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<crate::entity::fairness_ledger::Model>> {
    let person = staff::find(txn, scope.tenant, staff_id).await?;
    let own = check_access(txn, scope, &person, from, to).await?;
    let rows =
        crate::planning::fairness::of_staff(txn, scope.tenant.0, person.id, from, to).await?;
    let mut logged: Vec<Uuid> = vec![person.id];
    logged.extend(rows.iter().map(|r| r.id));
    log_read(txn, scope, own, "fairness_ledger", logged).await?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn night_minutes_follow_the_legal_night_across_midnight() {
        // 21:00-07:00: 9 h of night (21:00-06:00).
        assert_eq!(night_minutes(1260, 600), 540);
        // 19:00-07:00: 9 h.
        assert_eq!(night_minutes(1140, 720), 540);
        // 06:45-14:15: none.
        assert_eq!(night_minutes(405, 450), 0);
        // 18:30 for 14 h (garde until 08:30): 9 h.
        assert_eq!(night_minutes(1110, 840), 540);
        // 05:00-13:00: one hour of the previous night.
        assert_eq!(night_minutes(300, 480), 60);
    }

    #[test]
    fn averaging_periods_are_aligned_on_their_anchor_month() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Quadrimestres from January: Jan-Apr, May-Aug, Sep-Dec.
        assert_eq!(period_start(d(2027, 6, 1), 4, 1), d(2027, 5, 1));
        assert_eq!(period_start(d(2027, 12, 1), 4, 1), d(2027, 9, 1));
        // Trimestres of internes from May: Feb-Apr, May-Jul, Aug-Oct, Nov-Jan.
        assert_eq!(period_start(d(2027, 1, 1), 3, 5), d(2026, 11, 1));
        assert_eq!(period_start(d(2027, 4, 1), 3, 5), d(2027, 2, 1));
    }
}
