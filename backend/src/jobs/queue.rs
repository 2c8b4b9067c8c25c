//! Where the API sends its jobs: the in-process pool (embedded default) or, when
//! `RELEVE_REDIS_URL` is set, the Redis stream that `releve worker` processes read. Both
//! run the same engine code and move job rows through the same states.

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::config::Settings;
use crate::entity::solve_job;
use crate::jobs::dispatch::RedisDispatch;
use crate::jobs::metrics::JobMetrics;
use crate::jobs::runner::JobRunner;
use crate::jobs::state::{JobEvent, JobState};
use crate::tenancy::TenantId;

pub enum JobQueue {
    InProcess(Arc<JobRunner>),
    Redis(Arc<RedisDispatch>),
}

impl JobQueue {
    /// Starts the pool or the dispatcher, and takes up the jobs a previous run left.
    pub async fn start(
        settings: &Settings,
        redis: Option<redis::Client>,
        db: DatabaseConnection,
    ) -> anyhow::Result<Self> {
        let metrics = Arc::new(JobMetrics::default());
        match redis {
            Some(client) => Ok(Self::Redis(RedisDispatch::start(
                settings, client, db, metrics,
            )?)),
            None => {
                let runner = JobRunner::start(db, settings.worker_concurrency, metrics);
                let recovered = runner.recover().await?;
                if recovered > 0 {
                    tracing::info!(recovered, "unfinished solve jobs queued again");
                }
                Ok(Self::InProcess(runner))
            }
        }
    }

    /// A job row was committed in state queued.
    pub fn submitted(&self, tenant: TenantId, id: Uuid) {
        match self {
            Self::InProcess(runner) => runner.enqueue(tenant, id),
            Self::Redis(dispatch) => dispatch.wake(),
        }
    }

    /// Stops the job's current run (its cancel flag, locally or through Redis).
    pub async fn stop(&self, job: &solve_job::Model) -> anyhow::Result<()> {
        match self {
            Self::InProcess(runner) => {
                runner.cancel(job.id);
                Ok(())
            }
            Self::Redis(dispatch) => dispatch.stop(job).await,
        }
    }

    /// Every job event of this process; subscribers filter by job.
    pub fn subscribe(&self) -> broadcast::Receiver<JobEvent> {
        match self {
            Self::InProcess(runner) => runner.subscribe(),
            Self::Redis(dispatch) => dispatch.events.subscribe(),
        }
    }

    pub fn publish_state(&self, tenant: TenantId, id: Uuid, state: JobState) {
        match self {
            Self::InProcess(runner) => runner.publish_state(tenant, id, state),
            Self::Redis(dispatch) => dispatch.publish_state(tenant, id, state),
        }
    }

    pub fn metrics(&self) -> &JobMetrics {
        match self {
            Self::InProcess(runner) => &runner.metrics,
            Self::Redis(dispatch) => &dispatch.metrics,
        }
    }
}
