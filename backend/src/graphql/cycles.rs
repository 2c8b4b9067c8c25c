//! Work cycles (trames) and the people who follow them.

use async_graphql::{Context, Object, SimpleObject};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::entity::{staff_cycle, work_cycle};
use crate::graphql::service::{Work, service_error};
use crate::organisation::work_cycles::{self, CycleAssignment};

/// A repeating pattern of shift codes, Monday first.
#[derive(SimpleObject)]
pub struct WorkCycle {
    pub id: Uuid,
    /// Null for a trame shared by the whole GHT.
    pub unit_id: Option<Uuid>,
    pub name: String,
    pub weeks: i32,
    /// 7 × `weeks` days: a shift type code, or null for a day off.
    pub pattern: Vec<Option<String>>,
}

impl From<work_cycle::Model> for WorkCycle {
    fn from(row: work_cycle::Model) -> Self {
        Self {
            pattern: work_cycles::pattern(&row),
            id: row.id,
            unit_id: row.unit_id,
            name: row.name,
            weeks: row.weeks,
        }
    }
}

/// A person following a trame.
#[derive(SimpleObject)]
pub struct StaffCycle {
    pub id: Uuid,
    pub staff_id: Uuid,
    pub cycle_id: Uuid,
    /// The Monday on which the trame's first week falls for this person (their line sets it).
    pub anchor_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

impl From<staff_cycle::Model> for StaffCycle {
    fn from(row: staff_cycle::Model) -> Self {
        Self {
            id: row.id,
            staff_id: row.staff_id,
            cycle_id: row.cycle_id,
            anchor_date: row.start_date,
            end_date: row.end_date,
        }
    }
}

#[derive(Default)]
pub struct CycleQuery;

#[Object]
impl CycleQuery {
    /// The trames a unit may use: its own and the GHT's.
    async fn work_cycles(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
    ) -> async_graphql::Result<Vec<WorkCycle>> {
        let work = Work::begin(ctx).await?;
        let rows = work_cycles::for_unit(&work.txn, &work.scope, unit_id)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// The people on a trame (one request for the trame's whole list), those whose file
    /// the viewer may read.
    async fn work_cycle_members(
        &self,
        ctx: &Context<'_>,
        cycle_id: Uuid,
    ) -> async_graphql::Result<Vec<StaffCycle>> {
        let work = Work::begin(ctx).await?;
        let rows = work_cycles::members(&work.txn, &work.scope, cycle_id)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// The trames a person follows.
    async fn staff_cycles(
        &self,
        ctx: &Context<'_>,
        staff_id: Uuid,
    ) -> async_graphql::Result<Vec<StaffCycle>> {
        let work = Work::begin(ctx).await?;
        let rows = work_cycles::of_staff(&work.txn, &work.scope, staff_id)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }
}

#[derive(Default)]
pub struct CycleMutation;

#[Object]
impl CycleMutation {
    /// Creates a trame for a unit (its planners) or, without `unitId`, for the whole GHT
    /// (GHT management). `pattern`: 7 × `weeks` shift codes, null for a day off.
    async fn create_work_cycle(
        &self,
        ctx: &Context<'_>,
        unit_id: Option<Uuid>,
        name: String,
        weeks: i32,
        pattern: Vec<Option<String>>,
    ) -> async_graphql::Result<WorkCycle> {
        let work = Work::begin(ctx).await?;
        let row = work_cycles::create(&work.txn, &work.scope, unit_id, &name, weeks, pattern)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Renames a trame or changes its weeks and days (same rights as creating it).
    async fn update_work_cycle(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        name: String,
        weeks: i32,
        pattern: Vec<Option<String>>,
    ) -> async_graphql::Result<WorkCycle> {
        let work = Work::begin(ctx).await?;
        let row = work_cycles::update(&work.txn, &work.scope, id, &name, weeks, pattern)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Deletes a trame nobody follows (CONFLICT otherwise; same rights as creating it).
    async fn delete_work_cycle(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<bool> {
        let work = Work::begin(ctx).await?;
        work_cycles::delete(&work.txn, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(true).await
    }

    /// Puts a person on line `line` (default 1) of a trame from a Monday.
    async fn assign_work_cycle(
        &self,
        ctx: &Context<'_>,
        staff_id: Uuid,
        cycle_id: Uuid,
        start_date: NaiveDate,
        #[graphql(default = 1)] line: i32,
        end_date: Option<NaiveDate>,
    ) -> async_graphql::Result<StaffCycle> {
        let work = Work::begin(ctx).await?;
        let input = CycleAssignment {
            staff_id,
            cycle_id,
            start_date,
            line,
            end_date,
        };
        let row = work_cycles::assign(&work.txn, &work.scope, input)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }
}
