//! The hospital problem's inputs and outputs beyond the organisation: the operating-theatre
//! programme and joint requirements (planners of the unit write, readers of the unit read),
//! and each person's counters and fairness ledger (the person themself, planners and HR whose
//! scope covers them; every read is access-logged).

use async_graphql::{Context, Enum, Object, SimpleObject};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::entity::{fairness_ledger, joint_requirement, staff_counter, theatre_session};
use crate::graphql::service::{Work, service_error};
use crate::organisation::joint_requirements::{self, JointInput};
use crate::organisation::theatre_programme::{self, SessionInput};
use crate::planning::counters;
use crate::service_error::ServiceError;

/// One session of the operating-theatre programme.
#[derive(SimpleObject)]
pub struct TheatreSession {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub room: String,
    pub date: NaiveDate,
    /// Shift types of its team, one person each (surgeon, anaesthetist, IADE, IBODE...).
    pub team_shift_type_ids: Vec<Uuid>,
    /// Cost of the session not being held.
    pub weight: i32,
}

impl From<theatre_session::Model> for TheatreSession {
    fn from(row: theatre_session::Model) -> Self {
        Self {
            team_shift_type_ids: theatre_programme::team(&row),
            id: row.id,
            unit_id: row.unit_id,
            room: row.room,
            date: row.date,
            weight: row.weight,
        }
    }
}

/// How a joint requirement ties its shifts together.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum JointKind {
    /// Every listed shift staffed by the same number of people (a team works together or not
    /// at all), up to `count`.
    AllOrNone,
    /// At least `count` people over the listed shifts (hard).
    AtLeast,
}

impl JointKind {
    fn stored(self) -> &'static str {
        match self {
            Self::AllOrNone => "all_or_none",
            Self::AtLeast => "at_least",
        }
    }
}

#[derive(SimpleObject)]
pub struct JointRequirement {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub kind: JointKind,
    pub shift_type_ids: Vec<Uuid>,
    /// Weekdays it applies on (0 = Monday); empty = every day.
    pub weekdays: Vec<i32>,
    pub count: i32,
    pub weight: i32,
    pub label: String,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
}

impl From<joint_requirement::Model> for JointRequirement {
    fn from(row: joint_requirement::Model) -> Self {
        Self {
            kind: if row.kind == "all_or_none" {
                JointKind::AllOrNone
            } else {
                JointKind::AtLeast
            },
            shift_type_ids: joint_requirements::shift_type_ids(&row),
            weekdays: joint_requirements::weekdays(&row)
                .into_iter()
                .map(i32::from)
                .collect(),
            id: row.id,
            unit_id: row.unit_id,
            count: row.count,
            weight: row.weight,
            label: row.label,
            effective_from: row.effective_from,
            effective_to: row.effective_to,
        }
    }
}

/// A person's counters over a period (minutes of effective work).
#[derive(SimpleObject)]
pub struct StaffCounter {
    pub id: Uuid,
    pub staff_id: Uuid,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub planned_minutes: i32,
    pub worked_minutes: i32,
    pub night_minutes: i32,
    pub overtime_minutes: i32,
    pub sundays_holidays_worked: i32,
    pub leave_days_taken: i32,
    /// Compte épargne-temps balance at the period's end, in days.
    pub cet_days_balance: i32,
    /// PUBLISHED (planned from a published roster), REALISED or MANUAL, lower case.
    pub source: String,
}

impl From<staff_counter::Model> for StaffCounter {
    fn from(row: staff_counter::Model) -> Self {
        Self {
            id: row.id,
            staff_id: row.staff_id,
            period_start: row.period_start,
            period_end: row.period_end,
            planned_minutes: row.planned_minutes,
            worked_minutes: row.worked_minutes,
            night_minutes: row.night_minutes,
            overtime_minutes: row.overtime_minutes,
            sundays_holidays_worked: row.sundays_holidays_worked,
            leave_days_taken: row.leave_days_taken,
            cet_days_balance: row.cet_days_balance,
            source: row.source,
        }
    }
}

/// What one published roster gave a person.
#[derive(SimpleObject)]
pub struct FairnessEntry {
    pub roster_id: Uuid,
    pub roster_version: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub nights: i32,
    pub weekends: i32,
    pub holidays: i32,
    pub refused_wishes: i32,
}

impl From<fairness_ledger::Model> for FairnessEntry {
    fn from(row: fairness_ledger::Model) -> Self {
        Self {
            roster_id: row.roster_id,
            roster_version: row.roster_version,
            period_start: row.period_start,
            period_end: row.period_end,
            nights: row.nights,
            weekends: row.weekends,
            holidays: row.holidays,
            refused_wishes: row.refused_wishes,
        }
    }
}

#[derive(Default)]
pub struct HospitalQuery;

#[Object]
impl HospitalQuery {
    /// The theatre programme of a unit from `from` to `to` (inclusive, at most a year).
    async fn theatre_programme(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<Vec<TheatreSession>> {
        let work = Work::begin(ctx).await?;
        let rows = theatre_programme::programme(&work.txn, &work.scope, unit_id, from, to)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// A unit's joint requirements.
    async fn joint_requirements(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
    ) -> async_graphql::Result<Vec<JointRequirement>> {
        let work = Work::begin(ctx).await?;
        let rows = joint_requirements::for_unit(&work.txn, &work.scope, unit_id)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// A person's recorded counters (written at each publication, worked minutes, overtime,
    /// leave and CET where imported) over periods overlapping `from`..`to`: the person
    /// themself, planners and HR whose scope covers them. Access-logged. (`staffCounters`
    /// computes a period's planned and due hours live.)
    async fn recorded_counters(
        &self,
        ctx: &Context<'_>,
        staff_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<Vec<StaffCounter>> {
        let work = Work::begin(ctx).await?;
        let rows = counters::of_staff(&work.txn, &work.scope, staff_id, from, to)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// The viewer's own counters (their account must be linked to a staff record).
    async fn my_counters(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<Vec<StaffCounter>> {
        let work = Work::begin(ctx).await?;
        let own = work
            .scope
            .staff_id
            .ok_or_else(|| service_error(ServiceError::forbidden("compte sans fiche d'agent")))?;
        let rows = counters::of_staff(&work.txn, &work.scope, own, from, to)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// What the published rosters overlapping `from`..`to` gave a person (nights, weekends,
    /// holidays, refused wishes): same access as `recordedCounters`. Access-logged.
    async fn fairness_ledger(
        &self,
        ctx: &Context<'_>,
        staff_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<Vec<FairnessEntry>> {
        let work = Work::begin(ctx).await?;
        let rows = counters::fairness_of_staff(&work.txn, &work.scope, staff_id, from, to)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }
}

#[derive(Default)]
pub struct HospitalMutation;

#[Object]
impl HospitalMutation {
    /// Records a person's compte épargne-temps balance in days on `date` (HR and GHT admins
    /// whose scope covers them); the CET alerts and rules of later periods start from it.
    async fn set_cet_balance(
        &self,
        ctx: &Context<'_>,
        staff_id: Uuid,
        date: NaiveDate,
        days: i32,
    ) -> async_graphql::Result<StaffCounter> {
        let work = Work::begin(ctx).await?;
        let row = counters::set_cet_balance(&work.txn, &work.scope, staff_id, date, days)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Adds a session to a theatre unit's programme, or replaces the team and weight of the
    /// room's session that day (planners of the unit). `weight` defaults to 500.
    async fn set_theatre_session(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        room: String,
        date: NaiveDate,
        team_shift_type_ids: Vec<Uuid>,
        weight: Option<i32>,
    ) -> async_graphql::Result<TheatreSession> {
        let work = Work::begin(ctx).await?;
        let input = SessionInput {
            unit_id,
            room: &room,
            date,
            team: team_shift_type_ids,
            weight,
        };
        let row = theatre_programme::set_session(&work.txn, &work.scope, input)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Removes a session from the programme (planners of its unit).
    async fn delete_theatre_session(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<bool> {
        let work = Work::begin(ctx).await?;
        theatre_programme::delete_session(&work.txn, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(true).await
    }

    /// Adds a joint requirement to a unit (planners of the unit). `weekdays` empty = every
    /// day; `weight` is the cost of a team not held (ALL_OR_NONE).
    #[allow(clippy::too_many_arguments)] // one GraphQL argument per field of the requirement
    async fn create_joint_requirement(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        kind: JointKind,
        shift_type_ids: Vec<Uuid>,
        #[graphql(default)] weekdays: Vec<i32>,
        #[graphql(default = 1)] count: i32,
        #[graphql(default = 500)] weight: i32,
        label: String,
        effective_from: NaiveDate,
        effective_to: Option<NaiveDate>,
    ) -> async_graphql::Result<JointRequirement> {
        let work = Work::begin(ctx).await?;
        let input = JointInput {
            unit_id,
            kind: kind.stored(),
            shift_type_ids,
            weekdays,
            count,
            weight,
            label: &label,
            effective_from,
            effective_to,
        };
        let row = joint_requirements::create(&work.txn, &work.scope, input)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Removes a joint requirement (planners of its unit).
    async fn delete_joint_requirement(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<bool> {
        let work = Work::begin(ctx).await?;
        joint_requirements::delete(&work.txn, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(true).await
    }
}
