//! The API side of the Redis queue: jobs wait in the database and are dispatched to the
//! workers' stream by fair turns (see `fairness`), each dispatch with a new fencing token.
//! `worker_events` applies what workers report; `reconciler` takes back silent or lost
//! dispatches. PostgreSQL stays the source of truth: losing Redis loses no job.

use std::sync::Arc;
use std::time::Duration;

use redis::aio::ConnectionManager;
use sea_orm::DatabaseConnection;
use tokio::sync::{Notify, broadcast, mpsc};
use uuid::Uuid;

use crate::config::Settings;
use crate::entity::solve_job;
use crate::jobs::engine::SolveParams;
use crate::jobs::messages::JobPayload;
use crate::jobs::metrics::JobMetrics;
use crate::jobs::payload_signature::{Direction, JobSigningKey};
use crate::jobs::redis_queue::{self, JOB_STREAM, WORKER_GROUP};
use crate::jobs::state::{JobEvent, JobState};
use crate::jobs::{fairness, progress_fanout, reconciler, store, worker_events};
use crate::tenancy::TenantId;

/// A dispatch round runs at least this often, even without a wake-up.
const ROUND_INTERVAL: Duration = Duration::from_millis(500);

pub struct RedisDispatch {
    pub db: DatabaseConnection,
    pub client: redis::Client,
    /// For short commands; blocking reads open their own connection.
    pub connection: ConnectionManager,
    pub key: JobSigningKey,
    pub tenant_running_limit: usize,
    pub reclaim_after: Duration,
    pub max_attempts: u32,
    /// This process's consumer name in the events group.
    pub consumer: String,
    pub events: broadcast::Sender<JobEvent>,
    /// Events on their way to the Redis progress channel.
    outbox: mpsc::UnboundedSender<JobEvent>,
    pub metrics: Arc<JobMetrics>,
    wake: Notify,
    /// The tenant served last; the lock also keeps this process's rounds one at a time.
    last_tenant: tokio::sync::Mutex<Option<Uuid>>,
}

impl RedisDispatch {
    /// Starts the dispatcher, the events consumer and the reconciler on the current runtime.
    pub fn start(
        settings: &Settings,
        client: redis::Client,
        db: DatabaseConnection,
        metrics: Arc<JobMetrics>,
    ) -> anyhow::Result<Arc<Self>> {
        let key = JobSigningKey::load(settings)?;
        let connection = redis_queue::connect(&client)
            .map_err(|e| anyhow::anyhow!("configuration invalide : RELEVE_REDIS_URL ({e})"))?;
        let (events, _) = broadcast::channel(1024);
        let outbox = progress_fanout::start_publisher(connection.clone(), events.clone());
        progress_fanout::start_listener(client.clone(), events.clone());
        let dispatch = Arc::new(Self {
            db,
            client,
            connection,
            key,
            tenant_running_limit: settings.job_tenant_running_limit,
            reclaim_after: Duration::from_secs_f64(settings.job_reclaim_seconds),
            max_attempts: settings.job_max_attempts,
            consumer: format!("api-{}", Uuid::new_v4().simple()),
            events,
            outbox,
            metrics,
            wake: Notify::new(),
            last_tenant: tokio::sync::Mutex::new(None),
        });
        // Nothing here waits for Redis: the reconciler's first round creates the consumer
        // groups and sorts out the jobs a previous run left behind.
        tokio::spawn(dispatch.clone().dispatch_loop());
        tokio::spawn(worker_events::run(dispatch.clone()));
        tokio::spawn(reconciler::run(dispatch.clone()));
        Ok(dispatch)
    }

    /// Runs a dispatch round now (a job was submitted or freed a tenant's slot).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// To the subscribers of every API replica (see `progress_fanout`).
    pub fn publish(&self, event: JobEvent) {
        if let Err(unsent) = self.outbox.send(event) {
            let _ = self.events.send(unsent.0);
        }
    }

    pub fn publish_state(&self, tenant: TenantId, id: Uuid, state: JobState) {
        self.publish(JobEvent {
            job_id: id,
            tenant_id: tenant.0,
            state,
            elapsed: None,
            objective: None,
            bound: None,
        });
    }

    async fn dispatch_loop(self: Arc<Self>) {
        loop {
            if let Err(error) = self.dispatch_round().await {
                tracing::warn!(error = ?error, "dispatch round failed");
            }
            let _ = tokio::time::timeout(ROUND_INTERVAL, self.wake.notified()).await;
        }
    }

    /// Dispatches every waiting job that its tenant's limit allows, tenants in turn.
    async fn dispatch_round(&self) -> anyhow::Result<()> {
        let mut last_tenant = self.last_tenant.lock().await;
        let rows = store::schedule(&self.db).await?;
        for (tenant, id) in fairness::pick(&rows, self.tenant_running_limit, *last_tenant) {
            *last_tenant = Some(tenant.0);
            self.dispatch(tenant, id).await?;
        }
        Ok(())
    }

    /// Claims the job with a new fencing token, then appends it to the stream. If Redis
    /// refuses, the job waits again; if this process dies in between, the reconciler
    /// frees it (its `dispatch_id` stays `''`).
    async fn dispatch(&self, tenant: TenantId, id: Uuid) -> anyhow::Result<()> {
        let Some(job) = store::claim_for_dispatch(&self.db, tenant, id).await? else {
            return Ok(()); // cancelled meanwhile, or dispatched by another replica
        };
        let payload = match payload_of(&job) {
            Ok(payload) => payload,
            Err(reason) => {
                // Written by this API after validation: should not happen, but must not loop.
                tracing::error!(job_id = %id, reason, "job cannot be dispatched");
                store::mark_started(&self.db, tenant, id, job.fencing_token).await?;
                store::finish(
                    &self.db,
                    tenant,
                    id,
                    job.fencing_token,
                    store::Outcome {
                        state: JobState::Failed,
                        roster: None,
                        summary: None,
                        error: Some(reason),
                    },
                )
                .await?;
                return Ok(());
            }
        };
        let mut connection = self.connection.clone();
        match redis_queue::publish(
            &mut connection,
            &self.key,
            JOB_STREAM,
            Direction::Job,
            &payload,
        )
        .await
        {
            Ok(entry) => {
                if !store::set_dispatch_id(&self.db, tenant, id, job.fencing_token, &entry).await? {
                    // Cancelled between claim and append: take the entry back.
                    redis_queue::ack_delete(&mut connection, JOB_STREAM, WORKER_GROUP, &entry)
                        .await?;
                }
                tracing::debug!(job_id = %id, entry, token = job.fencing_token, "job dispatched");
                Ok(())
            }
            Err(error) => {
                store::forget_dispatch(&self.db, tenant, id, job.fencing_token, "").await?;
                Err(error.context("Envoi de la tâche à Redis impossible"))
            }
        }
    }

    /// Asks whoever holds the job's current dispatch to stop, and takes the entry out of
    /// the stream if no worker has started it.
    pub async fn stop(&self, job: &solve_job::Model) -> anyhow::Result<()> {
        let mut connection = self.connection.clone();
        redis_queue::request_stop(&mut connection, job.id, job.fencing_token).await?;
        if job.state == JobState::Queued.as_str()
            && let Some(entry) = job.dispatch_id.as_deref().filter(|e| !e.is_empty())
        {
            redis_queue::ack_delete(&mut connection, JOB_STREAM, WORKER_GROUP, entry).await?;
        }
        self.wake();
        Ok(())
    }
}

fn payload_of(job: &solve_job::Model) -> Result<JobPayload, String> {
    let params: SolveParams =
        serde_json::from_str(&job.params).map_err(|e| format!("paramètres illisibles : {e}"))?;
    Ok(JobPayload {
        job_id: job.id,
        tenant_id: job.tenant_id,
        fencing_token: job.fencing_token,
        problem: job.problem.clone(),
        params,
    })
}
