//! Every change of a job row, each a compare-and-set on the state and the fencing token,
//! so that two runners, two API replicas or a late duplicate can never both win. Shared by
//! the in-process pool and the Redis dispatch.

use anyhow::Context;
use chrono::{DateTime, FixedOffset, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Statement,
};
use uuid::Uuid;

use crate::entity::solve_job;
use crate::jobs::state::JobState;
use crate::tenancy::{self, TenantId};

/// The scheduling columns of an unfinished job (no problem, no result).
#[derive(Debug, Clone)]
pub struct ScheduleRow {
    pub tenant: TenantId,
    pub id: Uuid,
    pub state: JobState,
    pub dispatch_id: Option<String>,
    pub attempts: i32,
    pub fencing_token: i64,
    pub created_at: DateTime<FixedOffset>,
    pub started_at: Option<DateTime<FixedOffset>>,
    pub heartbeat_at: Option<DateTime<FixedOffset>>,
}

impl ScheduleRow {
    /// Dispatched to the stream or running: counts against its tenant's limit.
    pub fn is_active(&self) -> bool {
        self.state == JobState::Running || self.dispatch_id.is_some()
    }
}

/// Queued and running jobs of every tenant, oldest first. On PostgreSQL through
/// `releve_job_schedule()`, since the API's role sees one tenant at a time.
pub async fn schedule(db: &DatabaseConnection) -> anyhow::Result<Vec<ScheduleRow>> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let rows = db
            .query_all_raw(Statement::from_string(
                DatabaseBackend::Postgres,
                "SELECT tenant_id, id, state, dispatch_id, attempts, fencing_token, \
                 created_at, started_at, heartbeat_at FROM releve_job_schedule()",
            ))
            .await
            .context("Lecture de la file des tâches impossible")?;
        rows.iter()
            .map(|r| {
                let state: String = r.try_get_by_index(2)?;
                Ok(ScheduleRow {
                    tenant: TenantId(r.try_get_by_index(0)?),
                    id: r.try_get_by_index(1)?,
                    state: JobState::parse(&state).unwrap_or(JobState::Queued),
                    dispatch_id: r.try_get_by_index(3)?,
                    attempts: r.try_get_by_index(4)?,
                    fencing_token: r.try_get_by_index(5)?,
                    created_at: r.try_get_by_index(6)?,
                    started_at: r.try_get_by_index(7)?,
                    heartbeat_at: r.try_get_by_index(8)?,
                })
            })
            .collect::<Result<_, sea_orm::DbErr>>()
            .context("File des tâches illisible")
    } else {
        Ok(solve_job::Entity::find()
            .filter(
                solve_job::Column::State
                    .is_in([JobState::Queued.as_str(), JobState::Running.as_str()]),
            )
            .order_by_asc(solve_job::Column::CreatedAt)
            .all(db)
            .await
            .context("Lecture de la file des tâches impossible")?
            .into_iter()
            .map(|job| ScheduleRow {
                tenant: TenantId(job.tenant_id),
                id: job.id,
                state: JobState::parse(&job.state).unwrap_or(JobState::Queued),
                dispatch_id: job.dispatch_id,
                attempts: job.attempts,
                fencing_token: job.fencing_token,
                created_at: job.created_at,
                started_at: job.started_at,
                heartbeat_at: job.heartbeat_at,
            })
            .collect())
    }
}

fn now() -> DateTime<FixedOffset> {
    Utc::now().fixed_offset()
}

/// One conditional update of a job of `tenant`; true if it matched.
async fn update(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
    set: Vec<(solve_job::Column, SimpleExpr)>,
    conditions: Vec<SimpleExpr>,
) -> anyhow::Result<bool> {
    let txn = tenancy::begin(db, tenant).await?;
    let mut statement = solve_job::Entity::update_many()
        .filter(solve_job::Column::Id.eq(id))
        .filter(solve_job::Column::TenantId.eq(tenant.0));
    for (column, value) in set {
        statement = statement.col_expr(column, value);
    }
    for condition in conditions {
        statement = statement.filter(condition);
    }
    let result = statement
        .exec(&txn)
        .await
        .context("Mise à jour de la tâche impossible")?;
    txn.commit()
        .await
        .context("Mise à jour de la tâche impossible")?;
    Ok(result.rows_affected == 1)
}

fn state_is(state: JobState) -> SimpleExpr {
    solve_job::Column::State.eq(state.as_str())
}

fn token_is(token: i64) -> SimpleExpr {
    solve_job::Column::FencingToken.eq(token)
}

/// A job of `tenant`, whatever its state.
pub async fn find(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
) -> anyhow::Result<Option<solve_job::Model>> {
    let txn = tenancy::begin(db, tenant).await?;
    let job = solve_job::Entity::find_by_id(id)
        .filter(solve_job::Column::TenantId.eq(tenant.0))
        .one(&txn)
        .await
        .context("Lecture de la tâche impossible")?;
    txn.commit()
        .await
        .context("Lecture de la tâche impossible")?;
    Ok(job)
}

/// Takes a waiting job for a new dispatch: a new fencing token, `dispatch_id` marked as
/// being written. Returns the job (with its problem) if it was still waiting.
pub async fn claim_for_dispatch(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
) -> anyhow::Result<Option<solve_job::Model>> {
    let claimed = update(
        db,
        tenant,
        id,
        vec![
            (
                solve_job::Column::FencingToken,
                Expr::col(solve_job::Column::FencingToken).add(1),
            ),
            (solve_job::Column::DispatchId, Expr::value("")),
            (solve_job::Column::HeartbeatAt, Expr::value(now())),
        ],
        vec![
            state_is(JobState::Queued),
            solve_job::Column::DispatchId.is_null(),
        ],
    )
    .await?;
    if !claimed {
        return Ok(None);
    }
    find(db, tenant, id).await
}

/// Records the stream entry of the dispatch `token`.
pub async fn set_dispatch_id(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
    token: i64,
    entry: &str,
) -> anyhow::Result<bool> {
    update(
        db,
        tenant,
        id,
        vec![(solve_job::Column::DispatchId, Expr::value(entry))],
        vec![token_is(token)],
    )
    .await
}

/// A queued dispatch whose entry never reached, or no longer is in, the stream: the job
/// waits again and gets a new token on its next dispatch. `entry` is the `dispatch_id` the
/// caller saw, so that an entry recorded meanwhile is not forgotten.
pub async fn forget_dispatch(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
    token: i64,
    entry: &str,
) -> anyhow::Result<bool> {
    update(
        db,
        tenant,
        id,
        vec![
            (solve_job::Column::DispatchId, Expr::value(None::<String>)),
            (
                solve_job::Column::HeartbeatAt,
                Expr::value(None::<DateTime<FixedOffset>>),
            ),
        ],
        vec![
            state_is(JobState::Queued),
            token_is(token),
            solve_job::Column::DispatchId.eq(entry),
        ],
    )
    .await
}

/// A worker started dispatch `token`: running, one more attempt.
pub async fn mark_started(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
    token: i64,
) -> anyhow::Result<bool> {
    update(
        db,
        tenant,
        id,
        vec![
            (
                solve_job::Column::State,
                Expr::value(JobState::Running.as_str()),
            ),
            (
                solve_job::Column::Attempts,
                Expr::col(solve_job::Column::Attempts).add(1),
            ),
            (solve_job::Column::StartedAt, Expr::value(now())),
            (solve_job::Column::HeartbeatAt, Expr::value(now())),
        ],
        vec![state_is(JobState::Queued), token_is(token)],
    )
    .await
}

/// The worker of dispatch `token` is alive; `progress` is its latest event (JSON).
pub async fn touch(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
    token: i64,
    progress: Option<String>,
) -> anyhow::Result<bool> {
    let mut set = vec![(solve_job::Column::HeartbeatAt, Expr::value(now()))];
    if let Some(progress) = progress {
        set.push((solve_job::Column::Progress, Expr::value(progress)));
    }
    update(
        db,
        tenant,
        id,
        set,
        vec![state_is(JobState::Running), token_is(token)],
    )
    .await
}

/// A running dispatch goes back to waiting (its worker died or stopped). A hand-back on
/// shutdown does not count as an attempt.
pub async fn requeue(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
    token: i64,
    count_attempt: bool,
) -> anyhow::Result<bool> {
    let mut set = vec![
        (
            solve_job::Column::State,
            Expr::value(JobState::Queued.as_str()),
        ),
        (solve_job::Column::DispatchId, Expr::value(None::<String>)),
        (
            solve_job::Column::HeartbeatAt,
            Expr::value(None::<DateTime<FixedOffset>>),
        ),
    ];
    if !count_attempt {
        set.push((
            solve_job::Column::Attempts,
            Expr::col(solve_job::Column::Attempts).sub(1),
        ));
    }
    update(
        db,
        tenant,
        id,
        set,
        vec![state_is(JobState::Running), token_is(token)],
    )
    .await
}

/// What a finished run stores.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub state: JobState,
    pub roster: Option<String>,
    pub summary: Option<String>,
    pub error: Option<String>,
}

/// Stores the result of dispatch `token` if it still holds the job (compare-and-set): a late
/// duplicate, or a worker whose job was taken back, changes nothing.
pub async fn finish(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
    token: i64,
    outcome: Outcome,
) -> anyhow::Result<bool> {
    update(
        db,
        tenant,
        id,
        vec![
            (
                solve_job::Column::State,
                Expr::value(outcome.state.as_str()),
            ),
            (solve_job::Column::Result, Expr::value(outcome.roster)),
            (solve_job::Column::Summary, Expr::value(outcome.summary)),
            (solve_job::Column::Error, Expr::value(outcome.error)),
            (solve_job::Column::FinishedAt, Expr::value(now())),
        ],
        vec![state_is(JobState::Running), token_is(token)],
    )
    .await
}

/// Cancels a job that no worker has started yet.
pub async fn cancel_queued(
    db: &DatabaseConnection,
    tenant: TenantId,
    id: Uuid,
) -> anyhow::Result<bool> {
    update(
        db,
        tenant,
        id,
        vec![
            (
                solve_job::Column::State,
                Expr::value(JobState::Cancelled.as_str()),
            ),
            (solve_job::Column::FinishedAt, Expr::value(now())),
        ],
        vec![state_is(JobState::Queued)],
    )
    .await
}
