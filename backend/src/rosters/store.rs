//! Reading and writing roster rows: finding a roster in scope, the assignments of a version,
//! and appending a version (versions are never changed: a change is a new version).

use anyhow::Context;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

use crate::audit::Actor;
use crate::audit::access_log::PendingEntry;
use crate::entity::{self, assignment, roster, roster_transition, roster_version, unit};
use crate::organisation::scope::{Scope, find_unit};
use crate::rosters::assignment_pack;
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

/// What a read takes of a version's pack (not `people`, only the access log needs them).
#[derive(FromQueryResult)]
struct PackCells {
    id: Uuid,
    cells: String,
}

pub async fn assignments(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    number: i32,
) -> ServiceResult<Vec<assignment::Model>> {
    // One round trip: the version is found inside the query; only an empty answer needs
    // to tell an empty version from a missing one (NOT_FOUND).
    let version_id = Query::select()
        .column(roster_version::Column::Id)
        .from(roster_version::Entity)
        .and_where(roster_version::Column::TenantId.eq(roster.tenant_id))
        .and_where(roster_version::Column::RosterId.eq(roster.id))
        .and_where(roster_version::Column::Number.eq(number))
        .to_owned();
    let pack = entity::assignment_pack::Entity::find()
        .select_only()
        .columns([
            entity::assignment_pack::Column::Id,
            entity::assignment_pack::Column::Cells,
        ])
        .filter(entity::assignment_pack::Column::TenantId.eq(roster.tenant_id))
        .filter(entity::assignment_pack::Column::Id.in_subquery(version_id.clone()))
        .into_model::<PackCells>()
        .one(txn)
        .await?;
    if let Some(pack) = pack {
        return Ok(assignment_pack::unpack(
            roster.tenant_id,
            pack.id,
            &pack.cells,
        )?);
    }
    // A version written before packs existed, or no such version.
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

/// [`assignments`] of a packed version with the read's access-log entry written by the same
/// statement (PostgreSQL): the entry names `entry`'s objects (the roster) followed by the
/// pack's people, which the database reads from the pack's row (`people`), so a month read
/// costs no round trip for its entry (the pack lists each person once, in id order, as `log`
/// names them). `None` where that cannot be done (SQLite, or a version without a pack): no
/// entry was written, the caller reads and logs on its own.
pub async fn packed_assignments_logged(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    number: i32,
    entry: &PendingEntry,
) -> ServiceResult<Option<Vec<assignment::Model>>> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(None);
    }
    let (logged, mut values) = entry.prefix_over("pack", "pack.people");
    let tenant = values.len() + 1;
    let sql = format!(
        "WITH pack AS (SELECT id, cells, people FROM assignment_pack \
         WHERE tenant_id = ${tenant} AND id IN (SELECT id FROM roster_version \
         WHERE tenant_id = ${tenant} AND roster_id = ${} AND number = ${})), \
         {logged}SELECT id, cells FROM pack",
        tenant + 1,
        tenant + 2
    );
    values.extend([roster.tenant_id.into(), roster.id.into(), number.into()]);
    let pack = PackCells::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        values,
    ))
    .one(txn)
    .await?;
    Ok(pack
        .map(|pack| assignment_pack::unpack(roster.tenant_id, pack.id, &pack.cells))
        .transpose()?)
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
    let packed = assignment_pack::pack(rows)?;
    entity::assignment_pack::ActiveModel {
        id: Set(version.id),
        tenant_id: Set(roster.tenant_id),
        cells: Set(packed.cells),
        people: Set(packed.people),
    }
    .insert(txn)
    .await
    .context("Enregistrement des affectations impossible")?;
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
