//! A person's counters for a period (planned against due hours, nights, weekends, holidays,
//! and the réalisé, leave and CET entered by hand).

use async_graphql::{Context, Object, SimpleObject};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::graphql::service::{Work, service_error};
use crate::rosters::person_counters::{self, PersonCounters};

/// What a person has planned (published rosters) and owes over a period, in minutes.
#[derive(SimpleObject)]
pub struct StaffCounters {
    pub staff_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Per cent of full time.
    pub quotite: i32,
    /// The weekly reference duration in force for the person's unit on `from`.
    pub weekly_reference_minutes: i64,
    /// Shifts of the published rosters.
    pub planned_minutes: i64,
    /// A fifth of the weekly reference per working day, at the quotité, absences deducted.
    pub due_minutes: i64,
    /// Monday to Friday, public holidays excepted.
    pub working_days: i64,
    /// Working days covered by an absence or leave.
    pub absence_days: i64,
    pub shifts: i64,
    pub nights: i64,
    /// Weekends with a Saturday or a Sunday worked.
    pub weekends: i64,
    pub sundays_and_holidays: i64,
    pub holidays: i64,
    /// Worked minutes entered (réalisé) for the recorded periods lying inside `from`..`to`;
    /// null when none is recorded there.
    pub worked_minutes: Option<i64>,
    /// Overtime entered for those periods.
    pub overtime_minutes: i64,
    /// Days of leave entered for those periods.
    pub leave_days_taken: i64,
    /// CET balance at the end of the latest period, ending by `to`, where HR entered it; null
    /// when never entered.
    pub cet_days_balance: Option<i64>,
}

impl From<PersonCounters> for StaffCounters {
    fn from(c: PersonCounters) -> Self {
        Self {
            staff_id: c.staff_id,
            from: c.from,
            to: c.to,
            quotite: c.quotite,
            weekly_reference_minutes: c.weekly_reference_minutes,
            planned_minutes: c.planned_minutes,
            due_minutes: c.due_minutes,
            working_days: c.working_days,
            absence_days: c.absence_days,
            shifts: c.shifts,
            nights: c.nights,
            weekends: c.weekends,
            sundays_and_holidays: c.sundays_and_holidays,
            holidays: c.holidays,
            worked_minutes: c.recorded.worked_minutes,
            overtime_minutes: c.recorded.overtime_minutes,
            leave_days_taken: c.recorded.leave_days_taken,
            cet_days_balance: c.recorded.cet_days_balance,
        }
    }
}

#[derive(Default)]
pub struct CountersQuery;

#[Object]
impl CountersQuery {
    /// A person's counters between two dates (inclusive, at most 366 days): the person
    /// themself, the planners of their units, `hr` and `ght_admin`. Logged.
    async fn staff_counters(
        &self,
        ctx: &Context<'_>,
        staff_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<StaffCounters> {
        let work = Work::begin(ctx).await?;
        let counters = person_counters::of_person(&work.txn, &work.scope, staff_id, from, to)
            .await
            .map_err(service_error)?;
        work.done(counters.into()).await
    }
}
