//! Keeps Redis in line with the database, the source of truth (security.md ):
//! at start-up and then every second it
//! - takes back running jobs whose worker has been silent for `job_reclaim_seconds`
//!   (killed, or cut off): a new dispatch with a new fencing token, or after
//!   `job_max_attempts` starts, failed with the reason and a dead-letter entry;
//! - dispatches again jobs whose stream entry vanished (Redis restarted or emptied) or was
//!   delivered to a worker that died before it could start;
//! - recreates the consumer groups, and takes over events a dead API replica left unread.
//!
//! The API reclaims rather than the workers (XAUTOCLAIM between workers): only the API
//! holds the database, so only it can issue the new fencing token that fences off the
//! silent worker should it come back.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use crate::jobs::dispatch::RedisDispatch;
use crate::jobs::metrics::FailureReason;
use crate::jobs::redis_queue::{self, API_GROUP, EVENT_STREAM, JOB_STREAM, WORKER_GROUP};
use crate::jobs::state::JobState;
use crate::jobs::store::{self, ScheduleRow};
use crate::jobs::worker_events;

const INTERVAL: Duration = Duration::from_secs(1);

pub async fn run(dispatch: Arc<RedisDispatch>) {
    loop {
        reconcile(&dispatch).await;
        tokio::time::sleep(INTERVAL).await;
    }
}

/// One round; errors are logged, the next round tries again.
pub async fn reconcile(dispatch: &RedisDispatch) {
    if let Err(error) = reconcile_jobs(dispatch).await {
        tracing::warn!(error = ?error, "reconciler round failed");
    }
}

async fn reconcile_jobs(dispatch: &RedisDispatch) -> anyhow::Result<()> {
    let mut connection = dispatch.connection.clone();
    redis_queue::ensure_group(&mut connection, JOB_STREAM, WORKER_GROUP).await?;
    redis_queue::ensure_group(&mut connection, EVENT_STREAM, API_GROUP).await?;
    let silent_since = |row: &ScheduleRow| {
        row.heartbeat_at
            .map(|at| (Utc::now() - at.to_utc()).to_std().unwrap_or_default())
            .unwrap_or(Duration::MAX)
    };
    let mut freed = false;
    for row in store::schedule(&dispatch.db).await? {
        let silent = silent_since(&row) > dispatch.reclaim_after;
        match (row.state, row.dispatch_id.as_deref()) {
            (JobState::Running, _) if silent => {
                reclaim(dispatch, &row).await?;
                freed = true;
            }
            // Claimed by an API that died before appending the entry.
            (JobState::Queued, Some("")) if silent => {
                freed |=
                    store::forget_dispatch(&dispatch.db, row.tenant, row.id, row.fencing_token, "")
                        .await?;
            }
            (JobState::Queued, Some(entry))
                if !entry.is_empty()
                    && dispatch_lost(&mut connection, entry, dispatch.reclaim_after).await? =>
            {
                tracing::warn!(job_id = %row.id, entry, "dispatch lost, job dispatched again");
                redis_queue::request_stop(&mut connection, row.id, row.fencing_token).await?;
                redis_queue::ack_delete(&mut connection, JOB_STREAM, WORKER_GROUP, entry).await?;
                if store::forget_dispatch(
                    &dispatch.db,
                    row.tenant,
                    row.id,
                    row.fencing_token,
                    entry,
                )
                .await?
                {
                    dispatch.metrics.redispatched();
                    freed = true;
                }
            }
            _ => {}
        }
    }
    if freed {
        dispatch.wake();
    }
    let orphans = redis_queue::autoclaim(
        &mut connection,
        EVENT_STREAM,
        API_GROUP,
        &dispatch.consumer,
        dispatch.reclaim_after,
    )
    .await?;
    for entry in orphans {
        worker_events::apply(dispatch, &entry).await;
    }
    Ok(())
}

/// The entry is gone from the stream, or a worker received it and never started it.
async fn dispatch_lost(
    connection: &mut redis::aio::ConnectionManager,
    entry: &str,
    reclaim_after: Duration,
) -> anyhow::Result<bool> {
    if !redis_queue::entry_exists(connection, JOB_STREAM, entry).await? {
        return Ok(true);
    }
    // XPENDING key group IDLE ms start end count → [[id, consumer, idle ms, deliveries]].
    let pending: Vec<(String, String, u64, u64)> = redis::cmd("XPENDING")
        .arg(JOB_STREAM)
        .arg(WORKER_GROUP)
        .arg("IDLE")
        .arg(reclaim_after.as_millis() as u64)
        .arg(entry)
        .arg(entry)
        .arg(1)
        .query_async(connection)
        .await?;
    Ok(!pending.is_empty())
}

/// A running job whose worker went silent: dispatched again, or failed after the last
/// attempt, or cancelled if the user had asked. The silent worker is told to stop should it still be there.
async fn reclaim(dispatch: &RedisDispatch, row: &ScheduleRow) -> anyhow::Result<()> {
    let mut connection = dispatch.connection.clone();
    // A stop already requested is the user's cancellation: the job ends cancelled.
    let cancelled = redis_queue::stop_requested(&mut connection, row.id, row.fencing_token).await?;
    redis_queue::request_stop(&mut connection, row.id, row.fencing_token).await?;
    if let Some(entry) = row.dispatch_id.as_deref().filter(|e| !e.is_empty()) {
        redis_queue::ack_delete(&mut connection, JOB_STREAM, WORKER_GROUP, entry).await?;
    }
    if cancelled {
        let outcome = store::Outcome {
            state: JobState::Cancelled,
            roster: None,
            summary: None,
            error: Some("annulée ; le worker ne répondait plus".to_owned()),
        };
        if store::finish(&dispatch.db, row.tenant, row.id, row.fencing_token, outcome).await? {
            dispatch.metrics.finished(JobState::Cancelled, None);
            dispatch.publish_state(row.tenant, row.id, JobState::Cancelled);
        }
    } else if row.attempts >= dispatch.max_attempts as i32 {
        let reason = format!(
            "abandonnée après {} tentatives : le worker ne répondait plus",
            row.attempts
        );
        let outcome = store::Outcome {
            state: JobState::Failed,
            roster: None,
            summary: None,
            error: Some(reason.clone()),
        };
        if store::finish(&dispatch.db, row.tenant, row.id, row.fencing_token, outcome).await? {
            tracing::error!(job_id = %row.id, attempts = row.attempts, "job failed: attempts exhausted");
            dispatch.metrics.failed(FailureReason::AttemptsExhausted);
            dispatch.publish_state(row.tenant, row.id, JobState::Failed);
            redis_queue::dead_letter(
                &mut connection,
                "reclaim",
                row.dispatch_id.as_deref().unwrap_or_default(),
                Some(row.id),
                &reason,
            )
            .await?;
        }
    } else if store::requeue(&dispatch.db, row.tenant, row.id, row.fencing_token, true).await? {
        tracing::warn!(job_id = %row.id, attempts = row.attempts, "worker silent, job taken back");
        dispatch.metrics.reclaimed();
        dispatch.publish_state(row.tenant, row.id, JobState::Queued);
    }
    Ok(())
}
