//! Solving a roster: the problem is built from the database and handed to the solve jobs
//! (`jobs::service::submit`); when the job succeeds its roster becomes a new version of the
//! roster, exactly once (`roster_solve.imported_version` is a compare-and-set). Imports run
//! when the job's final event arrives and, to catch up after a restart, whenever the
//! roster is read.
//!
//! A repair job (`rosters::repair`) is imported the same way, but only onto the published
//! roster it started from (unchanged since): its best alternative becomes a new version and the
//! roster goes to `proposed`, while staff keep seeing the published version until a planner
//! validates and publishes the repair.

use std::sync::Arc;

use anyhow::Context;
use releve_solver::problem::RosterFile;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter,
};
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use crate::audit::Actor;
use crate::audit::access_log::{self, Access};
use crate::entity::{roster, roster_solve, solve_job, unit};
use crate::jobs::JobState;
use crate::jobs::engine::SolveParams;
use crate::jobs::service::{self as jobs, JobError};
use crate::organisation::scope::Scope;
use crate::planning::problem_builder;
use crate::rosters::store::{self, Source};
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};
use crate::state::AppState;
use crate::tenancy::{self, TenantId};

/// Weight of staying close to the current version when re-planning (stability).
const STABILITY_WEIGHT: u32 = 2;
/// Marks a request whose job ended without a roster to import.
const NOTHING_TO_IMPORT: i32 = -1;

/// Builds the roster's problem and queues a solve; returns the job.
pub async fn request(
    state: &AppState,
    scope: &Scope,
    roster_id: Uuid,
    params: SolveParams,
) -> ServiceResult<solve_job::Model> {
    let txn = tenancy::begin(&state.db, scope.tenant).await?;
    let (roster, unit) = store::load(&txn, scope, roster_id, true).await?;
    if roster.state == "published" {
        return Err(ServiceError::Conflict(
            "planning publié : modifiez les affectations une à une ou demandez une réparation"
                .into(),
        ));
    }
    let current = store::assignments(&txn, &roster, roster.current_version).await?;
    let built =
        problem_builder::build(&txn, &roster, &unit, &current, Some(STABILITY_WEIGHT)).await?;
    txn.commit().await?;
    let problem = serde_json::to_string(&built.problem).context("problème illisible")?;
    enqueue(
        state,
        scope,
        &roster,
        roster.current_version,
        problem,
        params,
    )
    .await
}

/// Submits a job for `roster` (built from version `base_version`) and records the request,
/// so that its result is imported once.
pub async fn enqueue(
    state: &AppState,
    scope: &Scope,
    roster: &roster::Model,
    base_version: i32,
    problem: String,
    params: SolveParams,
) -> ServiceResult<solve_job::Model> {
    let job = jobs::submit(
        &state.db,
        &state.jobs,
        scope.tenant,
        scope.user_id,
        problem,
        params,
    )
    .await
    .map_err(|e| match e {
        JobError::Invalid { field, reason } => ServiceError::Invalid { field, reason },
        JobError::NotFound => ServiceError::NotFound("tâche"),
        JobError::Internal(cause) => ServiceError::Internal(cause),
    })?;
    let txn = tenancy::begin(&state.db, scope.tenant).await?;
    roster_solve::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        roster_id: Set(roster.id),
        job_id: Set(job.id),
        base_version: Set(base_version),
        imported_version: Set(None),
        requested_by: Set(scope.user_id),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    // The job may have finished before the request row existed. The background importer may
    // be storing the same result right now (the loser's insert fails, its transaction rolls
    // back whole): the request succeeded either way, and the winner or the next read imports.
    if let Err(error) = import_pending(&state.db, scope.tenant, Some(roster.id)).await {
        tracing::warn!(error = ?error, roster_id = %roster.id, "import after a solve request failed");
    }
    Ok(job)
}

/// Imports, once each, the finished solves of one roster (or of every roster).
pub async fn import_pending(
    db: &DatabaseConnection,
    tenant: TenantId,
    roster_id: Option<Uuid>,
) -> ServiceResult<usize> {
    let txn = tenancy::begin(db, tenant).await?;
    let imported = import_pending_in(&txn, tenant, roster_id).await?;
    txn.commit().await?;
    Ok(imported)
}

/// Whether a solve of this roster still waits to be imported (finished or not): a roster read
/// asks this first, so that the usual read needs no savepoint.
pub async fn has_pending(
    txn: &DatabaseTransaction,
    tenant: TenantId,
    roster_id: Uuid,
) -> ServiceResult<bool> {
    let pending = roster_solve::Entity::find()
        .filter(roster_solve::Column::TenantId.eq(tenant.0))
        .filter(roster_solve::Column::RosterId.eq(roster_id))
        .filter(roster_solve::Column::ImportedVersion.is_null())
        .one(txn)
        .await?;
    Ok(pending.is_some())
}

/// [`import_pending`] inside the caller's transaction (a roster read imports first, without
/// a transaction of its own).
pub async fn import_pending_in(
    txn: &DatabaseTransaction,
    tenant: TenantId,
    roster_id: Option<Uuid>,
) -> ServiceResult<usize> {
    let mut query = roster_solve::Entity::find()
        .filter(roster_solve::Column::TenantId.eq(tenant.0))
        .filter(roster_solve::Column::ImportedVersion.is_null());
    if let Some(id) = roster_id {
        query = query.filter(roster_solve::Column::RosterId.eq(id));
    }
    let pending = query.all(txn).await?;
    let mut imported = 0;
    for request in pending {
        if import_one(txn, &request).await? {
            imported += 1;
        }
    }
    Ok(imported)
}

async fn import_one(
    txn: &DatabaseTransaction,
    request: &roster_solve::Model,
) -> ServiceResult<bool> {
    let Some(job) = solve_job::Entity::find_by_id(request.job_id)
        .filter(solve_job::Column::TenantId.eq(request.tenant_id))
        .one(txn)
        .await?
    else {
        return Ok(false);
    };
    let job_state = JobState::parse(&job.state);
    if !job_state.is_some_and(JobState::is_final) {
        return Ok(false);
    }
    let roster = roster::Entity::find_by_id(request.roster_id)
        .filter(roster::Column::TenantId.eq(request.tenant_id))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("planning"))?;
    let is_repair = job.kind == "repair";
    let importable = job.result.as_deref().filter(|_| {
        if is_repair {
            roster.state == "published" && roster.current_version == request.base_version
        } else {
            roster.state != "published"
        }
    });
    let Some(result) = importable else {
        mark(txn, request, NOTHING_TO_IMPORT).await?;
        return Ok(false);
    };
    let unit = unit::Entity::find_by_id(roster.unit_id)
        .filter(unit::Column::TenantId.eq(roster.tenant_id))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("unité"))?;
    let current = store::assignments(txn, &roster, roster.current_version).await?;
    let built = problem_builder::build(txn, &roster, &unit, &current, None).await?;
    let file: RosterFile = serde_json::from_str(result).context("planning du moteur illisible")?;
    let rows = built.rows_of(&file)?;
    let source = if is_repair {
        Source::Repair(job.id)
    } else {
        Source::Solve(job.id)
    };
    let version = store::append_version(txn, &roster, request.requested_by, source, &rows).await?;
    if !mark(txn, request, version.number).await? {
        return Err(ServiceError::Conflict("résultat déjà importé".into()));
    }
    let actor = Actor {
        id: request.requested_by,
        role: "solver".to_owned(),
    };
    let next_state = if is_repair { "proposed" } else { "draft" };
    if roster.state != next_state {
        let roster = store::reload(txn, &roster).await?;
        store::transition(txn, &roster, &actor, next_state, version.number, None, None).await?;
    }
    let mut ids = vec![roster.id];
    ids.extend(built.staff_ids.iter().copied());
    let access = Access {
        operation: Operation::Update,
        object_type: "roster",
        object_ids: ids,
        purpose: if is_repair {
            "planning_repair"
        } else {
            "planning_solve"
        },
    };
    access_log::record(txn, TenantId(roster.tenant_id), &actor, access).await?;
    Ok(true)
}

/// Compare-and-set: only the first import of a request counts.
async fn mark(
    txn: &DatabaseTransaction,
    request: &roster_solve::Model,
    version: i32,
) -> ServiceResult<bool> {
    let updated = roster_solve::Entity::update_many()
        .col_expr(roster_solve::Column::ImportedVersion, Expr::value(version))
        .filter(roster_solve::Column::TenantId.eq(request.tenant_id))
        .filter(roster_solve::Column::Id.eq(request.id))
        .filter(roster_solve::Column::ImportedVersion.is_null())
        .exec(txn)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Imports solves as their jobs finish (in-process events; reads catch up on the rest).
pub fn spawn_importer(state: Arc<AppState>) {
    let mut events = state.jobs.subscribe();
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) if event.state.is_final() => {
                    let tenant = TenantId(event.tenant_id);
                    if let Err(error) = import_pending(&state.db, tenant, None).await {
                        tracing::warn!(job_id = %event.job_id, error = ?error, "roster import failed");
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            }
        }
    });
}
