//! Reading and writing roster rows: finding a roster in scope, the assignments of a version,
//! and appending a version (versions are never changed: a change is a new version).

use anyhow::Context;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend,
    DatabaseTransaction, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Statement,
};
use uuid::Uuid;

use crate::audit::Actor;
use crate::entity::{assignment, roster, roster_transition, roster_version, unit};
use crate::organisation::scope::{Scope, find_unit};
use crate::service_error::{ServiceError, ServiceResult};

/// Rows per INSERT (well under PostgreSQL's and SQLite's bound-parameter limits).
const INSERT_CHUNK: usize = 1000;

/// A roster of the tenant and its unit, if the viewer may read it (`write`: plan it).
pub async fn load(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    write: bool,
) -> ServiceResult<(roster::Model, unit::Model)> {
    let found = roster::Entity::find_by_id(id)
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("planning"))?;
    let unit = find_unit(txn, scope.tenant, found.unit_id).await?;
    if write {
        scope.require_plans(&unit)?;
    } else {
        scope.require_reads(&unit)?;
    }
    Ok((found, unit))
}

pub async fn version(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    number: i32,
) -> ServiceResult<roster_version::Model> {
    roster_version::Entity::find()
        .filter(roster_version::Column::TenantId.eq(roster.tenant_id))
        .filter(roster_version::Column::RosterId.eq(roster.id))
        .filter(roster_version::Column::Number.eq(number))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("version"))
}

pub async fn versions(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
) -> ServiceResult<Vec<roster_version::Model>> {
    Ok(roster_version::Entity::find()
        .filter(roster_version::Column::TenantId.eq(roster.tenant_id))
        .filter(roster_version::Column::RosterId.eq(roster.id))
        .order_by_asc(roster_version::Column::Number)
        .all(txn)
        .await?)
}

pub async fn assignments(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    number: i32,
) -> ServiceResult<Vec<assignment::Model>> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        return assignments_aggregated(txn, roster, number).await;
    }
    // One round trip: the version is found inside the query; only an empty answer needs
    // to tell an empty version from a missing one (NOT_FOUND).
    let version_id = Query::select()
        .column(roster_version::Column::Id)
        .from(roster_version::Entity)
        .and_where(roster_version::Column::TenantId.eq(roster.tenant_id))
        .and_where(roster_version::Column::RosterId.eq(roster.id))
        .and_where(roster_version::Column::Number.eq(number))
        .to_owned();
    let rows = assignment::Entity::find()
        .filter(assignment::Column::TenantId.eq(roster.tenant_id))
        .filter(assignment::Column::RosterVersionId.in_subquery(version_id))
        .order_by_asc(assignment::Column::Date)
        .all(txn)
        .await?;
    if rows.is_empty() {
        version(txn, roster, number).await?;
    }
    Ok(rows)
}

/// A version's shifts as one row of three parallel arrays (NULL when the version is empty).
#[derive(FromQueryResult)]
struct VersionShifts {
    version_id: Uuid,
    staff_ids: Option<Vec<Uuid>>,
    dates: Option<Vec<NaiveDate>>,
    shift_type_ids: Option<Vec<Uuid>>,
}

/// [`assignments`] on PostgreSQL: the month comes back as one row of arrays rather than
/// one row per shift (1 860 for 60 people over 31 days), whose decoding cost more than
/// the rest of a grid read; a missing version is no row at all (NOT_FOUND).
async fn assignments_aggregated(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    number: i32,
) -> ServiceResult<Vec<assignment::Model>> {
    const ORDER: &str = "ORDER BY a.date, a.staff_id, a.shift_type_id";
    let sql = format!(
        "SELECT v.id AS version_id, \
           array_agg(a.staff_id {ORDER}) FILTER (WHERE a.staff_id IS NOT NULL) AS staff_ids, \
           array_agg(a.date {ORDER}) FILTER (WHERE a.staff_id IS NOT NULL) AS dates, \
           array_agg(a.shift_type_id {ORDER}) FILTER (WHERE a.staff_id IS NOT NULL) \
             AS shift_type_ids \
         FROM roster_version v \
         LEFT JOIN assignment a ON a.tenant_id = v.tenant_id AND a.roster_version_id = v.id \
         WHERE v.tenant_id = $1 AND v.roster_id = $2 AND v.number = $3 \
         GROUP BY v.id"
    );
    let found = VersionShifts::find_by_statement(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        sql,
        [roster.tenant_id.into(), roster.id.into(), number.into()],
    ))
    .one(txn)
    .await?
    .ok_or(ServiceError::NotFound("version"))?;
    let staff_ids = found.staff_ids.unwrap_or_default();
    let dates = found.dates.unwrap_or_default();
    let shift_type_ids = found.shift_type_ids.unwrap_or_default();
    if dates.len() != staff_ids.len() || shift_type_ids.len() != staff_ids.len() {
        return Err(ServiceError::Internal(anyhow::anyhow!(
            "affectations de la version {number} incohérentes"
        )));
    }
    Ok(staff_ids
        .into_iter()
        .zip(dates)
        .zip(shift_type_ids)
        .map(|((staff_id, date), shift_type_id)| assignment::Model {
            tenant_id: roster.tenant_id,
            roster_version_id: found.version_id,
            staff_id,
            date,
            shift_type_id,
        })
        .collect())
}

pub async fn transitions(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
) -> ServiceResult<Vec<roster_transition::Model>> {
    Ok(roster_transition::Entity::find()
        .filter(roster_transition::Column::TenantId.eq(roster.tenant_id))
        .filter(roster_transition::Column::RosterId.eq(roster.id))
        .order_by_asc(roster_transition::Column::At)
        .all(txn)
        .await?)
}

/// How a version came to be.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    Created,
    Edit,
    /// A file imported over the whole period (`importRoster`).
    Import,
    Solve(Uuid),
    /// A repair of the published roster (`requestRosterRepair`).
    Repair(Uuid),
}

/// Appends version `roster.current_version + 1` holding exactly `rows`, and makes it the
/// current one. A compare-and-set on the current version refuses concurrent edits.
pub async fn append_version(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    author: Uuid,
    source: Source,
    rows: &[(Uuid, NaiveDate, Uuid)],
) -> ServiceResult<roster_version::Model> {
    let number = roster.current_version + 1;
    let (source_name, job_id) = match source {
        Source::Created => ("created", None),
        Source::Edit => ("edit", None),
        Source::Import => ("import", None),
        Source::Solve(job) => ("solve", Some(job)),
        Source::Repair(job) => ("repair", Some(job)),
    };
    let now = chrono::Utc::now().fixed_offset();
    let version = roster_version::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(roster.tenant_id),
        roster_id: Set(roster.id),
        number: Set(number),
        source: Set(source_name.to_owned()),
        job_id: Set(job_id),
        created_by: Set(author),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    for chunk in rows.chunks(INSERT_CHUNK) {
        let models = chunk
            .iter()
            .map(|(staff, date, shift)| assignment::ActiveModel {
                tenant_id: Set(roster.tenant_id),
                roster_version_id: Set(version.id),
                staff_id: Set(*staff),
                date: Set(*date),
                shift_type_id: Set(*shift),
            });
        assignment::Entity::insert_many(models)
            .exec_without_returning(txn)
            .await
            .context("Enregistrement des affectations impossible")?;
    }
    let moved = roster::Entity::update_many()
        .col_expr(roster::Column::CurrentVersion, Expr::value(number))
        .col_expr(roster::Column::UpdatedAt, Expr::value(now))
        .filter(roster::Column::TenantId.eq(roster.tenant_id))
        .filter(roster::Column::Id.eq(roster.id))
        .filter(roster::Column::CurrentVersion.eq(roster.current_version))
        .exec(txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(ServiceError::Conflict(
            "le planning a été modifié entre-temps : rechargez-le".into(),
        ));
    }
    Ok(version)
}

/// Moves a roster to `to`, recording who, when and why.
pub async fn transition(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    actor: &Actor,
    to: &str,
    version: i32,
    reason_code: Option<&str>,
    published_version: Option<i32>,
) -> ServiceResult<()> {
    let now = chrono::Utc::now().fixed_offset();
    let mut update = roster::Entity::update_many()
        .col_expr(roster::Column::State, Expr::value(to))
        .col_expr(roster::Column::UpdatedAt, Expr::value(now))
        .filter(roster::Column::TenantId.eq(roster.tenant_id))
        .filter(roster::Column::Id.eq(roster.id))
        .filter(roster::Column::State.eq(roster.state.clone()));
    if let Some(published) = published_version {
        update = update.col_expr(roster::Column::PublishedVersion, Expr::value(published));
    }
    let moved = update.exec(txn).await?;
    if moved.rows_affected != 1 {
        return Err(ServiceError::Conflict(
            "le planning a changé d'état entre-temps : rechargez-le".into(),
        ));
    }
    roster_transition::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(roster.tenant_id),
        roster_id: Set(roster.id),
        from_state: Set(roster.state.clone()),
        to_state: Set(to.to_owned()),
        version: Set(version),
        reason_code: Set(reason_code.map(str::to_owned)),
        actor_id: Set(actor.id),
        actor_role: Set(actor.role.clone()),
        at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Reads the roster again (after a change in this transaction).
pub async fn reload(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
) -> ServiceResult<roster::Model> {
    roster::Entity::find_by_id(roster.id)
        .filter(roster::Column::TenantId.eq(roster.tenant_id))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("planning"))
}
