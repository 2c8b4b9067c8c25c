//! Desiderata (each person their own) and absences (entered by HR; the reason is returned to
//! the `hr` role only, everyone else gets null).

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::availability::absences::{self, AbsenceInput, AbsenceView};
use crate::availability::desiderata;
use crate::entity::desiderata as desiderata_row;
use crate::graphql::service::{Work, connection, page_request, service_error};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum WishKind {
    /// Would like to work.
    On,
    /// Would like not to work.
    Off,
}

#[derive(SimpleObject)]
pub struct Desiderata {
    pub id: Uuid,
    pub staff_id: Uuid,
    pub date: NaiveDate,
    /// Null: the whole day.
    pub shift_type_id: Option<Uuid>,
    pub kind: WishKind,
}

impl From<desiderata_row::Model> for Desiderata {
    fn from(row: desiderata_row::Model) -> Self {
        Self {
            id: row.id,
            staff_id: row.staff_id,
            date: row.date,
            shift_type_id: row.shift_type_id,
            kind: if row.kind == "on" {
                WishKind::On
            } else {
                WishKind::Off
            },
        }
    }
}

/// A category only: never a diagnosis.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum AbsenceCategory {
    /// Congé (CA, RTT, CET…).
    Leave,
    /// Absence non planifiée.
    Unplanned,
    Training,
    Union,
    Other,
}

impl AbsenceCategory {
    fn as_str(self) -> &'static str {
        match self {
            AbsenceCategory::Leave => "leave",
            AbsenceCategory::Unplanned => "unplanned",
            AbsenceCategory::Training => "training",
            AbsenceCategory::Union => "union",
            AbsenceCategory::Other => "other",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "leave" => AbsenceCategory::Leave,
            "unplanned" => AbsenceCategory::Unplanned,
            "training" => AbsenceCategory::Training,
            "union" => AbsenceCategory::Union,
            _ => AbsenceCategory::Other,
        }
    }
}

#[derive(SimpleObject)]
pub struct Absence {
    pub id: Uuid,
    pub staff_id: Uuid,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub category: AbsenceCategory,
    /// For the `hr` role only; null for everyone else.
    pub reason: Option<String>,
}

impl From<AbsenceView> for Absence {
    fn from(view: AbsenceView) -> Self {
        Self {
            id: view.row.id,
            staff_id: view.row.staff_id,
            start_date: view.row.start_date,
            end_date: view.row.end_date,
            category: AbsenceCategory::parse(&view.row.category),
            reason: view.reason,
        }
    }
}

#[derive(InputObject)]
pub struct AbsenceRecordInput {
    pub staff_id: Uuid,
    pub start_date: NaiveDate,
    /// Inclusive.
    pub end_date: NaiveDate,
    pub category: AbsenceCategory,
    /// Free text for HR (sealed; never a diagnosis).
    pub reason: Option<String>,
}

#[derive(Default)]
pub struct AvailabilityQuery;

#[Object]
impl AvailabilityQuery {
    /// The signed-in person's own wishes.
    async fn my_desiderata(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Desiderata>> {
        let page = page_request(first, after.clone())?;
        let work = Work::begin(ctx).await?;
        let found = desiderata::list_own(&work.txn, &work.scope, page)
            .await
            .map_err(service_error)?;
        work.done(connection(
            found,
            |r| r.id,
            Desiderata::from,
            after.is_some(),
        ))
        .await
    }

    /// Wishes of a unit's people for days in `[from, to]` (at most 93 days), for the
    /// unit's planners.
    async fn desiderata(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Desiderata>> {
        let page = page_request(first, after.clone())?;
        let work = Work::begin(ctx).await?;
        let found = desiderata::list_for_unit(&work.txn, &work.scope, unit_id, from, to, page)
            .await
            .map_err(service_error)?;
        work.done(connection(
            found,
            |r| r.id,
            Desiderata::from,
            after.is_some(),
        ))
        .await
    }

    /// Absences of a unit's people overlapping `[from, to]`.
    async fn absences(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Absence>> {
        let page = page_request(first, after.clone())?;
        let work = Work::begin(ctx).await?;
        let found = absences::list(
            &work.txn,
            &work.state.keys,
            &work.scope,
            unit_id,
            from,
            to,
            page,
        )
        .await
        .map_err(service_error)?;
        work.done(connection(
            found,
            |v| v.row.id,
            Absence::from,
            after.is_some(),
        ))
        .await
    }
}

#[derive(Default)]
pub struct AvailabilityMutation;

#[Object]
impl AvailabilityMutation {
    /// The signed-in person wishes to work (`ON`) or not (`OFF`) a day, or one shift of it.
    async fn submit_desiderata(
        &self,
        ctx: &Context<'_>,
        date: NaiveDate,
        shift_type_id: Option<Uuid>,
        kind: WishKind,
    ) -> async_graphql::Result<Desiderata> {
        let work = Work::begin(ctx).await?;
        let kind = match kind {
            WishKind::On => "on",
            WishKind::Off => "off",
        };
        let row = desiderata::submit(&work.txn, &work.scope, date, shift_type_id, kind)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Removes one of the signed-in person's own wishes.
    async fn delete_desiderata(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<bool> {
        let work = Work::begin(ctx).await?;
        desiderata::delete(&work.txn, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(true).await
    }

    /// Records an absence (HR).
    async fn record_absence(
        &self,
        ctx: &Context<'_>,
        input: AbsenceRecordInput,
    ) -> async_graphql::Result<Absence> {
        let work = Work::begin(ctx).await?;
        let fields = AbsenceInput {
            staff_id: input.staff_id,
            start_date: input.start_date,
            end_date: input.end_date,
            category: input.category.as_str(),
            reason: input.reason.as_deref(),
        };
        let view = absences::record(&work.txn, &work.state.keys, &work.scope, fields)
            .await
            .map_err(service_error)?;
        work.done(view.into()).await
    }
}
