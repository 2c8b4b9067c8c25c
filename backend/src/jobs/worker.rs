//! A solver worker: reads jobs from the Redis stream (consumer group), checks their tag,
//! runs the engine, and reports back through Redis: started, a heartbeat every
//! `job_heartbeat_seconds`, progress, and the result. It holds no database credentials;
//! the API stores what it reports. A refused entry (forged, altered, malformed) is logged,
//! dead-lettered and acknowledged, and the worker goes on.
//!
//! Cancellation: the API sets the dispatch's stop key; the worker polls it every 200 ms and
//! raises the engine's cancel flag. On shutdown the worker stops reading, lets running
//! solves finish for the grace period, then stops them and hands their jobs back.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use redis::aio::ConnectionManager;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, watch};

use crate::jobs::engine;
use crate::jobs::messages::{EventKind, JobPayload, WorkerEvent};
use crate::jobs::payload_signature::{Direction, JobSigningKey};
use crate::jobs::redis_queue::{self, EVENT_STREAM, Entry, JOB_STREAM, WORKER_GROUP};

/// HiGHS threads per solve: one; run more workers (or `concurrency`) to use more cores.
const THREADS_PER_SOLVE: u32 = 1;
/// How often a running job looks for its stop key.
const STOP_POLL: Duration = Duration::from_millis(200);
/// How long a final report is retried while Redis is unreachable.
const REPORT_RETRY_FOR: Duration = Duration::from_secs(60);

pub struct WorkerConfig {
    pub concurrency: usize,
    pub heartbeat: Duration,
    /// Time running solves get to finish after a shutdown request.
    pub shutdown_grace: Duration,
    /// This worker's consumer name in the group (unique per process).
    pub consumer: String,
}

struct Shared {
    key: JobSigningKey,
    connection: ConnectionManager,
    config: WorkerConfig,
    /// Set when the grace period is over: running solves stop and hand their job back.
    hand_back: AtomicBool,
}

/// Serves until `shutdown` completes, then stops gracefully.
pub async fn run(
    client: redis::Client,
    key: JobSigningKey,
    config: WorkerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let mut reader = redis_queue::connect(&client)?;
    redis_queue::ensure_group(&mut reader, JOB_STREAM, WORKER_GROUP).await?;
    let concurrency = config.concurrency;
    let shared = Arc::new(Shared {
        key,
        connection: redis_queue::connect(&client)?,
        config,
        hand_back: AtomicBool::new(false),
    });
    let slots = Arc::new(Semaphore::new(concurrency));
    tracing::info!(
        consumer = shared.config.consumer,
        concurrency,
        "worker serving"
    );
    let (stop_tx, mut stopping) = watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    // Read only when a slot is free, so no entry waits in a busy worker. A read blocks at
    // most BLOCK_MILLISECONDS, so a shutdown is noticed within a second, and an entry
    // received is always handled (never dropped mid-read).
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            _ = stopping.wait_for(|stop| *stop) => break,
        };
        let Ok(slot) = slot else { break };
        if *stopping.borrow() {
            break;
        }
        match redis_queue::read_group(
            &mut reader,
            JOB_STREAM,
            WORKER_GROUP,
            &shared.config.consumer,
            1,
        )
        .await
        {
            Ok(entries) => {
                if let Some(entry) = entries.into_iter().next() {
                    tokio::spawn(handle(shared.clone(), entry, slot));
                }
            }
            Err(error) if redis_queue::is_missing_group(&error) => {
                tracing::warn!("job group missing (redis emptied?): creating it again");
                if let Err(error) =
                    redis_queue::ensure_group(&mut reader, JOB_STREAM, WORKER_GROUP).await
                {
                    tracing::warn!(error = %error, "job group not created");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
            Err(error) => {
                tracing::warn!(error = %error, "reading jobs failed; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
    tracing::info!("worker stopping: running solves get the grace period");
    let all = concurrency as u32;
    if tokio::time::timeout(shared.config.shutdown_grace, slots.acquire_many(all))
        .await
        .is_err()
    {
        shared.hand_back.store(true, Ordering::Relaxed);
        // Stopping the engine takes well under a second; the report is then sent.
        let _ = tokio::time::timeout(Duration::from_secs(10), slots.acquire_many(all)).await;
    }
    tracing::info!("worker stopped");
    Ok(())
}

/// Handles one entry; `_slot` is released when done.
async fn handle(shared: Arc<Shared>, entry: Entry, _slot: OwnedSemaphorePermit) {
    let mut connection = shared.connection.clone();
    let payload = match entry.open::<JobPayload>(&shared.key, Direction::Job) {
        Ok(payload) => payload,
        Err(reason) => {
            tracing::error!(entry = %entry.id, reason, "job refused");
            let refused = async {
                redis_queue::dead_letter(&mut connection, "dispatch", &entry.id, None, &reason)
                    .await?;
                redis_queue::ack_delete(&mut connection, JOB_STREAM, WORKER_GROUP, &entry.id).await
            };
            if let Err(error) = refused.await {
                tracing::warn!(entry = %entry.id, error = %error, "refused job not acknowledged");
            }
            return;
        }
    };
    let (job_id, token) = (payload.job_id, payload.fencing_token);
    if redis_queue::stop_requested(&mut connection, job_id, token)
        .await
        .unwrap_or(false)
    {
        return; // cancelled before it started; the API has taken the entry back
    }
    let event = |kind| WorkerEvent {
        job_id,
        tenant_id: payload.tenant_id,
        fencing_token: token,
        dispatch_id: entry.id.clone(),
        worker: shared.config.consumer.clone(),
        kind,
    };
    if let Err(error) = report(&shared, &event(EventKind::Started)).await {
        tracing::warn!(job_id = %job_id, error = ?error, "start not reported");
    }
    tracing::info!(job_id = %job_id, token, "solving");

    let cancel = Arc::new(AtomicBool::new(false));
    let (progress_tx, mut progress_rx) = mpsc::unbounded_channel();
    let mut solving = {
        let cancel = cancel.clone();
        let problem = payload.problem.clone();
        let params = payload.params.clone();
        tokio::task::spawn_blocking(move || {
            let mut on_event = |event: releve_solver::solve::Event| {
                let _ = progress_tx.send(event);
            };
            engine::run(&problem, &params, THREADS_PER_SOLVE, &mut on_event, &cancel)
        })
    };
    let mut poll = tokio::time::interval(STOP_POLL);
    let mut heartbeat = tokio::time::interval(shared.config.heartbeat);
    heartbeat.tick().await; // the first tick is immediate: `Started` just said it
    let mut handed_back = false;
    let result = loop {
        tokio::select! {
            result = &mut solving => break result,
            Some(progress) = progress_rx.recv() => {
                let kind = EventKind::Progress {
                    elapsed: progress.elapsed,
                    objective: progress.objective,
                    bound: progress.bound,
                };
                if let Err(error) = report(&shared, &event(kind)).await {
                    tracing::warn!(job_id = %job_id, error = ?error, "progress not reported");
                }
            }
            _ = heartbeat.tick() => {
                if let Err(error) = report(&shared, &event(EventKind::Heartbeat)).await {
                    tracing::warn!(job_id = %job_id, error = ?error, "heartbeat not sent");
                }
            }
            _ = poll.tick() => {
                if shared.hand_back.load(Ordering::Relaxed) && !handed_back {
                    handed_back = true;
                    cancel.store(true, Ordering::Relaxed);
                } else if !cancel.load(Ordering::Relaxed)
                    && redis_queue::stop_requested(&mut connection, job_id, token)
                        .await
                        .unwrap_or(false)
                {
                    tracing::info!(job_id = %job_id, token, "stop requested");
                    cancel.store(true, Ordering::Relaxed);
                }
            }
        }
    };
    let kind = match result {
        Ok(Ok(result)) if handed_back && result.summary.cancelled => EventKind::HandedBack,
        Ok(Ok(result)) => EventKind::Finished {
            roster: result.roster,
            summary: result.summary,
        },
        Ok(Err(reason)) => EventKind::Failed { reason },
        Err(panic) => EventKind::Failed {
            reason: format!("le calcul s'est interrompu : {panic}"),
        },
    };
    let outcome = match &kind {
        EventKind::HandedBack => "handed back",
        EventKind::Failed { .. } => "failed",
        _ => "finished",
    };
    // The result must get through: retry while Redis is away (a reclaim covers the rest).
    let deadline = tokio::time::Instant::now() + REPORT_RETRY_FOR;
    let final_event = event(kind);
    loop {
        match report(&shared, &final_event).await {
            Ok(()) => break,
            Err(error) if tokio::time::Instant::now() < deadline => {
                tracing::warn!(job_id = %job_id, error = ?error, "result not reported; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(error) => {
                tracing::error!(job_id = %job_id, error = ?error, "result lost; the API will reclaim the job");
                return;
            }
        }
    }
    tracing::info!(job_id = %job_id, token, outcome, "job done");
}

async fn report(shared: &Shared, event: &WorkerEvent) -> anyhow::Result<()> {
    let mut connection = shared.connection.clone();
    redis_queue::publish(
        &mut connection,
        &shared.key,
        EVENT_STREAM,
        Direction::Event,
        event,
    )
    .await?;
    Ok(())
}
