//! A person's counters for a period, computed from what is stored (published rosters, the
//! rule parameters in force for their home unit, their quotité and absences): planned hours
//! against hours due, nights, weekends, Sundays and public holidays worked.
//!
//! Hours due follow FPH-ANN-1: the weekly reference duration (`weekly_reference_minutes`,
//! 35 h by default) is due over the five working days of a week, so each working day
//! (Monday to Friday, public holidays excepted) owes a fifth of it, at the person's quotité.
//! A working day covered by an absence or leave owes nothing.
//!
//! Beside what is computed, the values entered by hand (`planning::counter_entry`) for the
//! recorded periods lying inside the span: worked minutes and overtime of the réalisé, leave
//! taken, and the latest CET balance entered up to its end.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::audit::access_log::{self, Access};
use crate::entity::{
    absence, assignment, roster, rule_parameter, shift_type, staff, staff_counter, unit,
};
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::staff as people;
use crate::planning::counters::SOURCE_REALISED;
use crate::planning::holidays::is_holiday;
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};

/// The longest period one request may count (a year and a day, for a leap year).
pub const MAX_DAYS: i64 = 366;
/// The parameter that sets the hours due.
pub const WEEKLY_REFERENCE_KEY: &str = "weekly_reference_minutes";
/// Its default when no value is set (35 h, FPH-ANN-1).
pub const DEFAULT_WEEKLY_MINUTES: i64 = 35 * 60;

/// What a person has planned and owes over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonCounters {
    pub staff_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub quotite: i32,
    /// The weekly reference in force on the period's first day.
    pub weekly_reference_minutes: i64,
    pub planned_minutes: i64,
    pub due_minutes: i64,
    /// Monday to Friday, public holidays excepted.
    pub working_days: i64,
    /// Working days covered by an absence or leave (owing nothing).
    pub absence_days: i64,
    pub shifts: i64,
    pub nights: i64,
    /// Weekends with a Saturday or Sunday worked, counted once each.
    pub weekends: i64,
    /// Sundays and public holidays worked.
    pub sundays_and_holidays: i64,
    /// Public holidays worked.
    pub holidays: i64,
    /// Entered by hand for the recorded periods inside the span.
    pub recorded: Recorded,
}

/// What was entered by hand (réalisé, leave, CET) for the recorded periods inside a span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Worked minutes of the periods whose réalisé is recorded; `None` when there is none.
    pub worked_minutes: Option<i64>,
    pub overtime_minutes: i64,
    pub leave_days_taken: i64,
    /// The balance at the end of the latest period (ending by the span's end) where it was
    /// entered, even before the span; `None` when never entered.
    pub cet_days_balance: Option<i64>,
}

/// Sums the person's counter rows lying inside `[from, to]` (pure).
pub fn recorded(rows: &[staff_counter::Model], from: NaiveDate, to: NaiveDate) -> Recorded {
    let inside: Vec<&staff_counter::Model> = rows
        .iter()
        .filter(|r| from <= r.period_start && r.period_end <= to)
        .collect();
    let realised: Vec<&&staff_counter::Model> = inside
        .iter()
        .filter(|r| r.source == SOURCE_REALISED)
        .collect();
    Recorded {
        worked_minutes: (!realised.is_empty())
            .then(|| realised.iter().map(|r| i64::from(r.worked_minutes)).sum()),
        overtime_minutes: inside.iter().map(|r| i64::from(r.overtime_minutes)).sum(),
        leave_days_taken: inside.iter().map(|r| i64::from(r.leave_days_taken)).sum(),
        cet_days_balance: rows
            .iter()
            .filter(|r| r.cet_recorded_at.is_some() && r.period_end <= to)
            .max_by_key(|r| r.period_end)
            .map(|r| i64::from(r.cet_days_balance)),
    }
}

/// One shift worked: its date, length and whether it is a night.
#[derive(Debug, Clone, Copy)]
pub struct WorkedShift {
    pub date: NaiveDate,
    pub minutes: i64,
    pub night: bool,
}

/// A value of the weekly reference from a date, with how specific its scope is (2 unit,
/// 1 site, 0 GHT): the most specific wins, then the most recent (as the problem builder).
#[derive(Debug, Clone, Copy)]
pub struct WeeklyReference {
    pub specificity: u8,
    pub effective_from: NaiveDate,
    pub minutes: i64,
}

fn weekly_at(values: &[WeeklyReference], date: NaiveDate) -> i64 {
    values
        .iter()
        .filter(|v| v.effective_from <= date)
        .max_by_key(|v| (v.specificity, v.effective_from))
        .map_or(DEFAULT_WEEKLY_MINUTES, |v| v.minutes)
}

fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_holiday(date)
}

/// The counters of one person (pure: everything read beforehand).
pub fn compute(
    staff_id: Uuid,
    quotite: i32,
    (from, to): (NaiveDate, NaiveDate),
    shifts: &[WorkedShift],
    absences: &[(NaiveDate, NaiveDate)],
    weekly: &[WeeklyReference],
) -> PersonCounters {
    let mut working_days = 0;
    let mut absence_days = 0;
    // Minutes × per cent, divided once at the end so that rounding happens once.
    let mut due_scaled: i64 = 0;
    let mut day = from;
    while day <= to {
        if is_working_day(day) {
            working_days += 1;
            if absences.iter().any(|(s, e)| *s <= day && day <= *e) {
                absence_days += 1;
            } else {
                due_scaled += weekly_at(weekly, day) * i64::from(quotite);
            }
        }
        day += Duration::days(1);
    }
    let in_period: Vec<&WorkedShift> = shifts
        .iter()
        .filter(|s| from <= s.date && s.date <= to)
        .collect();
    let weekends: BTreeSet<NaiveDate> = in_period
        .iter()
        .filter_map(|s| match s.date.weekday() {
            Weekday::Sat => Some(s.date),
            Weekday::Sun => Some(s.date - Duration::days(1)),
            _ => None,
        })
        .collect();
    let days_of = |keep: fn(NaiveDate) -> bool| {
        in_period
            .iter()
            .map(|s| s.date)
            .filter(|d| keep(*d))
            .collect::<BTreeSet<_>>()
            .len() as i64
    };
    PersonCounters {
        staff_id,
        from,
        to,
        quotite,
        weekly_reference_minutes: weekly_at(weekly, from),
        planned_minutes: in_period.iter().map(|s| s.minutes).sum(),
        due_minutes: (due_scaled + 250) / 500,
        working_days,
        absence_days,
        shifts: in_period.len() as i64,
        nights: in_period.iter().filter(|s| s.night).count() as i64,
        weekends: weekends.len() as i64,
        sundays_and_holidays: days_of(|d| d.weekday() == Weekday::Sun || is_holiday(d)),
        holidays: days_of(is_holiday),
        recorded: Recorded::default(),
    }
}

async fn weekly_references(
    txn: &DatabaseTransaction,
    home: &unit::Model,
) -> ServiceResult<Vec<WeeklyReference>> {
    let rows = rule_parameter::Entity::find()
        .filter(rule_parameter::Column::TenantId.eq(home.tenant_id))
        .filter(rule_parameter::Column::Key.eq(WEEKLY_REFERENCE_KEY))
        .all(txn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let specificity = match row.scope_kind.as_str() {
                "unit" if row.scope_id == Some(home.id) => 2,
                "site" if row.scope_id == Some(home.establishment_id) => 1,
                "tenant" => 0,
                _ => return None,
            };
            Some(WeeklyReference {
                specificity,
                effective_from: row.effective_from,
                minutes: row.value.trim().parse().ok()?,
            })
        })
        .collect())
}

/// The person's shifts of the published versions of the rosters over the period.
async fn published_shifts(
    txn: &DatabaseTransaction,
    person: &staff::Model,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<WorkedShift>> {
    let types = shift_type::Entity::find()
        .filter(shift_type::Column::TenantId.eq(person.tenant_id))
        .all(txn)
        .await?;
    let rosters = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(person.tenant_id))
        .filter(roster::Column::PublishedVersion.is_not_null())
        .filter(roster::Column::PeriodStart.lte(to))
        .filter(roster::Column::PeriodEnd.gte(from))
        .all(txn)
        .await?;
    let mut shifts = Vec::new();
    for r in &rosters {
        let Some(number) = r.published_version else {
            continue;
        };
        let version = store::version(txn, r, number).await?;
        let rows = assignment::Entity::find()
            .filter(assignment::Column::TenantId.eq(person.tenant_id))
            .filter(assignment::Column::RosterVersionId.eq(version.id))
            .filter(assignment::Column::StaffId.eq(person.id))
            .filter(assignment::Column::Date.between(from, to))
            .all(txn)
            .await?;
        for row in rows {
            let kind = types.iter().find(|t| t.id == row.shift_type_id);
            shifts.push(WorkedShift {
                date: row.date,
                minutes: kind.map_or(0, |t| i64::from(t.duration_minutes)),
                night: kind.is_some_and(|t| t.is_night),
            });
        }
    }
    Ok(shifts)
}

/// A person's counters between two dates (inclusive): readable by the person themself and
/// by whoever may read their file (planners of their units, `hr`, `ght_admin`). The read
/// is written to the access log (absences and hours are personal data).
pub async fn of_person(
    txn: &DatabaseTransaction,
    scope: &Scope,
    staff_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<PersonCounters> {
    let person = people::find(txn, scope.tenant, staff_id).await?;
    if !people::may_read(txn, scope, &person).await? {
        return Err(ServiceError::forbidden("agent hors de votre périmètre"));
    }
    if to < from {
        return Err(ServiceError::invalid("to", "avant from"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(ServiceError::invalid(
            "to",
            format!("au plus {MAX_DAYS} jours à partir de from"),
        ));
    }
    let home = find_unit(txn, scope.tenant, person.home_unit_id).await?;
    let weekly = weekly_references(txn, &home).await?;
    let absences: Vec<(NaiveDate, NaiveDate)> = absence::Entity::find()
        .filter(absence::Column::TenantId.eq(scope.tenant.0))
        .filter(absence::Column::StaffId.eq(person.id))
        .filter(absence::Column::StartDate.lte(to))
        .filter(absence::Column::EndDate.gte(from))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| (a.start_date, a.end_date))
        .collect();
    let shifts = published_shifts(txn, &person, from, to).await?;
    let rows = staff_counter::Entity::find()
        .filter(staff_counter::Column::TenantId.eq(scope.tenant.0))
        .filter(staff_counter::Column::StaffId.eq(person.id))
        .filter(staff_counter::Column::PeriodEnd.lte(to))
        .all(txn)
        .await?;
    let own = scope.staff_id == Some(person.id);
    let access = Access {
        operation: Operation::Read,
        object_type: "counters",
        object_ids: vec![person.id, person.person_id],
        purpose: if own { "self_service" } else { "planning" },
    };
    access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    let mut counters = compute(
        person.id,
        person.quotite,
        (from, to),
        &shifts,
        &absences,
        &weekly,
    );
    counters.recorded = recorded(&rows, from, to);
    Ok(counters)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn counter_row(start: &str, end: &str, source: &str, cet: Option<i32>) -> staff_counter::Model {
        staff_counter::Model {
            id: Uuid::new_v4(),
            tenant_id: Uuid::nil(),
            staff_id: Uuid::nil(),
            period_start: date(start),
            period_end: date(end),
            planned_minutes: 9000,
            worked_minutes: 8000,
            night_minutes: 0,
            overtime_minutes: 90,
            sundays_holidays_worked: 0,
            leave_days_taken: 2,
            cet_days_balance: cet.unwrap_or(0),
            source: source.to_owned(),
            updated_at: chrono::Utc::now().fixed_offset(),
            recorded_by: None,
            cet_recorded_at: cet.map(|_| chrono::Utc::now().fixed_offset()),
        }
    }

    #[test]
    fn recorded_values_come_from_the_periods_inside_and_the_latest_cet_entered() {
        let rows = [
            counter_row("2030-01-01", "2030-01-31", SOURCE_REALISED, Some(15)),
            // February only published: planned, no réalisé, no CET entered (its 0 is no value).
            counter_row("2030-02-01", "2030-02-28", "published", None),
            counter_row("2030-03-01", "2030-03-31", SOURCE_REALISED, None),
        ];
        let q1 = recorded(&rows, date("2030-01-01"), date("2030-03-31"));
        assert_eq!(q1.worked_minutes, Some(16000));
        assert_eq!(q1.overtime_minutes, 270);
        assert_eq!(q1.leave_days_taken, 6);
        assert_eq!(q1.cet_days_balance, Some(15));
        let february = recorded(&rows, date("2030-02-01"), date("2030-02-28"));
        assert_eq!(february.worked_minutes, None);
        assert_eq!(february.cet_days_balance, Some(15));
        // Half of January holds no whole period, and no CET was entered by its end.
        let part = recorded(&rows, date("2030-01-01"), date("2030-01-15"));
        assert_eq!(part, Recorded::default());
    }

    #[test]
    fn due_hours_follow_working_days_quotite_and_absences() {
        // May 2025: 22 weekdays, of which 1, 8 and 29 May (Ascension) are holidays: 19.
        let may = (date("2025-05-01"), date("2025-05-31"));
        let full = compute(Uuid::nil(), 100, may, &[], &[], &[]);
        assert_eq!(full.working_days, 19);
        assert_eq!(full.due_minutes, 19 * 7 * 60);
        let part = compute(Uuid::nil(), 80, may, &[], &[], &[]);
        assert_eq!(part.due_minutes, 19 * 7 * 60 * 80 / 100);
        // A week of leave (Monday 12 to Sunday 18) owes five days less.
        let leave = [(date("2025-05-12"), date("2025-05-18"))];
        let away = compute(Uuid::nil(), 100, may, &[], &leave, &[]);
        assert_eq!(away.absence_days, 5);
        assert_eq!(away.due_minutes, 14 * 7 * 60);
    }

    #[test]
    fn the_most_specific_then_most_recent_weekly_reference_applies() {
        let week = (date("2025-06-02"), date("2025-06-08"));
        let values = [
            WeeklyReference {
                specificity: 0,
                effective_from: date("2025-01-01"),
                minutes: 2000,
            },
            // The unit's value from Thursday 5 June.
            WeeklyReference {
                specificity: 2,
                effective_from: date("2025-06-05"),
                minutes: 2250,
            },
        ];
        let counted = compute(Uuid::nil(), 100, week, &[], &[], &values);
        assert_eq!(counted.weekly_reference_minutes, 2000);
        assert_eq!(counted.due_minutes, 3 * 400 + 2 * 450);
    }

    #[test]
    fn nights_weekends_and_holidays_worked_are_counted() {
        let shift = |d: &str, minutes, night| WorkedShift {
            date: date(d),
            minutes,
            night,
        };
        let shifts = [
            shift("2025-07-12", 720, false), // Saturday
            shift("2025-07-13", 720, true),  // Sunday, same weekend
            shift("2025-07-14", 450, false), // Bastille Day
            shift("2025-07-19", 600, true),  // next Saturday
            shift("2025-08-02", 450, false), // outside the period
        ];
        let c = compute(
            Uuid::nil(),
            100,
            (date("2025-07-01"), date("2025-07-31")),
            &shifts,
            &[],
            &[],
        );
        assert_eq!(c.shifts, 4);
        assert_eq!(c.planned_minutes, 720 + 720 + 450 + 600);
        assert_eq!(c.nights, 2);
        assert_eq!(c.weekends, 2);
        assert_eq!(c.sundays_and_holidays, 2);
        assert_eq!(c.holidays, 1);
    }
}
