//! Job rows: creating, reading and cancelling jobs of one tenant.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::solve_job;
use crate::jobs::engine::{self, MAX_TIME_LIMIT, SolveParams};
use crate::jobs::runner::JobRunner;
use crate::jobs::state::JobState;
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
    runner: &JobRunner,
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
    engine::validate(&problem_json).map_err(|reason| JobError::Invalid {
        field: "problem",
        reason,
    })?;
    let row = solve_job::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(tenant.0),
        kind: Set("solve".to_owned()),
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
    };
    let txn = tenancy::begin(db, tenant).await?;
    let job = solve_job::Entity::insert(row)
        .exec_with_returning(&txn)
        .await
        .context("Création de la tâche impossible")?;
    txn.commit()
        .await
        .context("Création de la tâche impossible")?;
    runner.enqueue(tenant, job.id);
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

/// Cancels a job: a queued one at once, a running one through its cancel flag (it then
/// stops and keeps its best roster). Finished jobs are left as they are.
pub async fn cancel(
    db: &DatabaseConnection,
    runner: &JobRunner,
    tenant: TenantId,
    id: Uuid,
) -> Result<solve_job::Model, JobError> {
    let job = get(db, tenant, id).await?;
    match JobState::parse(&job.state) {
        Some(JobState::Queued) => {
            let txn = tenancy::begin(db, tenant).await?;
            solve_job::Entity::update_many()
                .col_expr(
                    solve_job::Column::State,
                    Expr::value(JobState::Cancelled.as_str()),
                )
                .col_expr(
                    solve_job::Column::FinishedAt,
                    Expr::value(chrono::Utc::now().fixed_offset()),
                )
                .filter(solve_job::Column::Id.eq(id))
                .filter(solve_job::Column::TenantId.eq(tenant.0))
                .filter(solve_job::Column::State.eq(JobState::Queued.as_str()))
                .exec(&txn)
                .await
                .context("Annulation impossible")?;
            txn.commit().await.context("Annulation impossible")?;
            runner.publish_state(tenant, id, JobState::Cancelled);
        }
        Some(JobState::Running) => runner.cancel(id),
        _ => {}
    }
    get(db, tenant, id).await
}
