//! The API applies what workers report: started, alive, progress, result. Each change is a
//! compare-and-set on the dispatch's fencing token, so a late or duplicate event changes
//! nothing. The dispatch entry is acknowledged only once its result is stored.

use std::sync::Arc;
use std::time::Duration;

use crate::jobs::dispatch::RedisDispatch;
use crate::jobs::messages::{EventKind, WorkerEvent};
use crate::jobs::metrics::FailureReason;
use crate::jobs::payload_signature::Direction;
use crate::jobs::redis_queue::{self, API_GROUP, EVENT_STREAM, Entry, JOB_STREAM, WORKER_GROUP};
use crate::jobs::state::{JobEvent, JobState};
use crate::jobs::store;
use crate::tenancy::TenantId;

/// Reads the events stream for as long as the process lives.
pub async fn run(dispatch: Arc<RedisDispatch>) {
    let mut reader = match redis_queue::connect(&dispatch.client) {
        Ok(connection) => connection,
        Err(error) => {
            tracing::error!(error = %error, "events reader: bad redis configuration");
            return;
        }
    };
    loop {
        match redis_queue::read_group(
            &mut reader,
            EVENT_STREAM,
            API_GROUP,
            &dispatch.consumer,
            100,
        )
        .await
        {
            Ok(entries) => {
                for entry in entries {
                    apply(&dispatch, &entry).await;
                }
            }
            Err(error) if redis_queue::is_missing_group(&error) => {
                // Redis restarted empty or was flushed: the group comes back, the
                // reconciler re-dispatches what was lost.
                if let Err(error) =
                    redis_queue::ensure_group(&mut reader, EVENT_STREAM, API_GROUP).await
                {
                    tracing::warn!(error = %error, "events group not recreated");
                }
            }
            Err(error) => {
                tracing::warn!(error = %error, "events reader: read failed");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

/// Applies one event, then acknowledges it. A refused event is logged and dead-lettered.
pub async fn apply(dispatch: &RedisDispatch, entry: &Entry) {
    let mut connection = dispatch.connection.clone();
    match entry.open::<WorkerEvent>(&dispatch.key, Direction::Event) {
        Ok(event) => {
            if let Err(error) = apply_event(dispatch, &event).await {
                // Not retried: the worker's heartbeats stop after its result, so a lost
                // result ends in a reclaim and a new run, never in a lost job.
                tracing::error!(job_id = %event.job_id, error = ?error, "worker event not applied");
            }
        }
        Err(reason) => {
            tracing::warn!(entry = %entry.id, reason, "worker event refused");
            dispatch.metrics.rejected_message();
            if let Err(error) =
                redis_queue::dead_letter(&mut connection, "events", &entry.id, None, &reason).await
            {
                tracing::warn!(error = %error, "dead letter not written");
            }
        }
    }
    if let Err(error) =
        redis_queue::ack_delete(&mut connection, EVENT_STREAM, API_GROUP, &entry.id).await
    {
        tracing::warn!(entry = %entry.id, error = %error, "worker event not acknowledged");
    }
}

async fn apply_event(dispatch: &RedisDispatch, event: &WorkerEvent) -> anyhow::Result<()> {
    let db = &dispatch.db;
    let tenant = TenantId(event.tenant_id);
    let (id, token) = (event.job_id, event.fencing_token);
    let holds = match &event.kind {
        EventKind::Started => {
            let started = store::mark_started(db, tenant, id, token).await?;
            if started {
                dispatch.publish_state(tenant, id, JobState::Running);
            }
            started
        }
        EventKind::Heartbeat => store::touch(db, tenant, id, token, None).await?,
        EventKind::Progress {
            elapsed,
            objective,
            bound,
        } => {
            let progress = JobEvent {
                job_id: id,
                tenant_id: tenant.0,
                state: JobState::Running,
                elapsed: Some(*elapsed),
                objective: Some(*objective),
                bound: *bound,
            };
            let stored = store::touch(
                db,
                tenant,
                id,
                token,
                Some(serde_json::to_string(&progress)?),
            )
            .await?;
            if stored {
                dispatch.publish(progress);
            }
            stored
        }
        EventKind::Finished { roster, summary } => {
            let state = if summary.cancelled {
                JobState::Cancelled
            } else {
                JobState::Succeeded
            };
            let outcome = store::Outcome {
                state,
                roster: roster.clone(),
                summary: Some(serde_json::to_string(summary)?),
                error: None,
            };
            let stored = finish(dispatch, event, outcome).await?;
            if stored {
                dispatch.metrics.finished(state, Some(summary.seconds));
            }
            stored
        }
        EventKind::Failed { reason } => {
            let outcome = store::Outcome {
                state: JobState::Failed,
                roster: None,
                summary: None,
                error: Some(reason.clone()),
            };
            let stored = finish(dispatch, event, outcome).await?;
            if stored {
                dispatch.metrics.failed(FailureReason::Engine);
            }
            stored
        }
        EventKind::HandedBack => {
            let requeued = store::requeue(db, tenant, id, token, false).await?;
            let mut connection = dispatch.connection.clone();
            redis_queue::ack_delete(
                &mut connection,
                JOB_STREAM,
                WORKER_GROUP,
                &event.dispatch_id,
            )
            .await?;
            if requeued {
                tracing::info!(job_id = %id, worker = event.worker, "job handed back");
                dispatch.publish_state(tenant, id, JobState::Queued);
                dispatch.wake();
            }
            true
        }
    };
    if !holds {
        stale(dispatch, event).await?;
    }
    Ok(())
}

/// Stores a final result (compare-and-set), publishes it and acknowledges the dispatch.
async fn finish(
    dispatch: &RedisDispatch,
    event: &WorkerEvent,
    outcome: store::Outcome,
) -> anyhow::Result<bool> {
    let db = &dispatch.db;
    let tenant = TenantId(event.tenant_id);
    let (id, token) = (event.job_id, event.fencing_token);
    let state = outcome.state;
    let mut stored = store::finish(db, tenant, id, token, outcome.clone()).await?;
    if !stored {
        // Another API replica may not have applied `Started` yet: do it, then store.
        if store::mark_started(db, tenant, id, token).await? {
            stored = store::finish(db, tenant, id, token, outcome).await?;
        }
    }
    let mut connection = dispatch.connection.clone();
    // This dispatch is over either way: its entry leaves the stream.
    redis_queue::ack_delete(
        &mut connection,
        JOB_STREAM,
        WORKER_GROUP,
        &event.dispatch_id,
    )
    .await?;
    if stored {
        tracing::info!(job_id = %id, token, worker = event.worker, state = state.as_str(), "job result stored");
        dispatch.publish_state(tenant, id, state);
        dispatch.wake();
    } else {
        tracing::warn!(job_id = %id, token, worker = event.worker, "stale result discarded (fencing token moved on)");
    }
    Ok(stored)
}

/// An event of a dispatch that no longer holds its job (taken back, cancelled, finished):
/// tell that worker to stop, unless the event merely arrived before `Started`.
async fn stale(dispatch: &RedisDispatch, event: &WorkerEvent) -> anyhow::Result<()> {
    let tenant = TenantId(event.tenant_id);
    let Some(job) = store::find(&dispatch.db, tenant, event.job_id).await? else {
        return Ok(());
    };
    let waiting_for_start =
        job.state == JobState::Queued.as_str() && job.fencing_token == event.fencing_token;
    if !waiting_for_start {
        let mut connection = dispatch.connection.clone();
        redis_queue::request_stop(&mut connection, event.job_id, event.fencing_token).await?;
    }
    Ok(())
}
