//! Job rows: creating, reading and cancelling jobs of one tenant.

use anyhow::Context;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::solve_job;
use crate::jobs::engine::{self, MAX_ALTERNATIVES, MAX_TIME_LIMIT, SolveParams};
use crate::jobs::queue::JobQueue;
use crate::jobs::state::JobState;
use crate::jobs::store;
use crate::tenancy::{self, TenantId};

/// Why a job request was refused (French, for the client), or an internal failure.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{field} : {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("tâche introuvable")]
    NotFound,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Writes a queued job (validated first: a bad problem is refused, not queued) and hands
/// it to the runners.
pub async fn submit(
    db: &DatabaseConnection,
    queue: &JobQueue,
    tenant: TenantId,
    created_by: Uuid,
    problem_json: String,
    params: SolveParams,
) -> Result<solve_job::Model, JobError> {
    if !(params.time_limit > 0.0 && params.time_limit <= MAX_TIME_LIMIT) {
        return Err(JobError::Invalid {
            field: "timeLimit",
            reason: format!("entre 0 et {MAX_TIME_LIMIT} secondes"),
        });
    }
    let instance = engine::validate(&problem_json).map_err(|reason| JobError::Invalid {
        field: "problem",
        reason,
    })?;
    if let Some(spec) = &params.repair {
        if !(1..=MAX_ALTERNATIVES).contains(&spec.alternatives) {
            return Err(JobError::Invalid {
                field: "repairAlternatives",
                reason: format!("entre 1 et {MAX_ALTERNATIVES}"),
            });
        }
        if instance.reference.is_none() {
            return Err(JobError::Invalid {
                field: "problem",
                reason: "une réparation part du planning publié (reference)".to_owned(),
            });
        }
    }
    let row = solve_job::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(tenant.0),
        kind: Set(if params.repair.is_some() {
            "repair"
        } else {
            "solve"
        }
        .to_owned()),
        state: Set(JobState::Queued.as_str().to_owned()),
        problem: Set(problem_json),
        params: Set(serde_json::to_string(&params).context("paramètres illisibles")?),
        result: Set(None),
        summary: Set(None),
        progress: Set(None),
        error: Set(None),
        attempts: Set(0),
        fencing_token: Set(0),
        created_by: Set(created_by),
        created_at: Set(chrono::Utc::now().fixed_offset()),
        started_at: Set(None),
        finished_at: Set(None),
        dispatch_id: Set(None),
        heartbeat_at: Set(None),
    };
    let txn = tenancy::begin(db, tenant).await?;
    let job = solve_job::Entity::insert(row)
        .exec_with_returning(&txn)
        .await
        .context("Création de la tâche impossible")?;
    txn.commit()
        .await
        .context("Création de la tâche impossible")?;
    queue.submitted(tenant, job.id);
    Ok(job)
}

/// A job of this tenant; another tenant's id is simply not found.
pub async fn get(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
) -> Result<solve_job::Model, JobError> {
    let txn = tenancy::begin(db, tenant).await?;
    let job = solve_job::Entity::find_by_id(id)
        .filter(solve_job::Column::TenantId.eq(tenant.0))
        .one(&txn)
        .await
        .context("Lecture de la tâche impossible")?;
    txn.commit()
        .await
        .context("Lecture de la tâche impossible")?;
    job.ok_or(JobError::NotFound)
}

/// Cancels a job: a queued one at once, a running one through its cancel flag (locally or
/// through Redis) (it then
/// stops and keeps its best roster). Finished jobs are left as they are.
pub async fn cancel(
    db: &DatabaseConnection,
    queue: &JobQueue,
    tenant: TenantId,
    id: Uuid,
) -> Result<solve_job::Model, JobError> {
    let job = get(db, tenant, id).await?;
    match JobState::parse(&job.state) {
        // A dispatched entry leaves the stream; a worker that took it stops.
        Some(JobState::Queued) if store::cancel_queued(db, tenant, id).await? => {
            queue.stop(&job).await?;
            queue.metrics().finished(JobState::Cancelled, None);
            queue.publish_state(tenant, id, JobState::Cancelled);
        }
        Some(JobState::Running) => queue.stop(&job).await?,
        _ => {}
    }
    get(db, tenant, id).await
}
