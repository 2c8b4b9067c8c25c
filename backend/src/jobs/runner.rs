//! The in-process runner pool of the embedded default (no Redis): `worker_concurrency` tasks take
//! queued jobs, run the engine on a blocking thread, publish progress, and store results
//! with a compare-and-set on the fencing token.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    Statement,
};
use tokio::sync::{broadcast, mpsc};
use uuid::Uuid;

use crate::entity::solve_job;
use crate::jobs::engine::{self, EngineResult, SolveParams};
use crate::jobs::metrics::{FailureReason, JobMetrics};
use crate::jobs::state::{JobEvent, JobState};
use crate::jobs::store;
use crate::tenancy::{self, TenantId};

/// HiGHS threads per solve: one, so that concurrent jobs share the cores fairly.
const THREADS_PER_SOLVE: u32 = 1;

type Queue = Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<(TenantId, Uuid)>>>;

pub struct JobRunner {
    pub metrics: Arc<JobMetrics>,
    db: DatabaseConnection,
    queue: mpsc::UnboundedSender<(TenantId, Uuid)>,
    events: broadcast::Sender<JobEvent>,
    cancels: Mutex<HashMap<Uuid, Arc<AtomicBool>>>,
}

impl JobRunner {
    /// Starts `concurrency` runner tasks on the current Tokio runtime.
    pub fn start(
        db: DatabaseConnection,
        concurrency: usize,
        metrics: Arc<JobMetrics>,
    ) -> Arc<Self> {
        let (queue, receiver) = mpsc::unbounded_channel();
        let (events, _) = broadcast::channel(1024);
        let runner = Arc::new(Self {
            metrics,
            db,
            queue,
            events,
            cancels: Mutex::new(HashMap::new()),
        });
        let receiver: Queue = Arc::new(tokio::sync::Mutex::new(receiver));
        for _ in 0..concurrency {
            let runner = runner.clone();
            let receiver = receiver.clone();
            tokio::spawn(async move {
                loop {
                    let next = receiver.lock().await.recv().await;
                    let Some((tenant, id)) = next else { break };
                    if let Err(error) = runner.run_job(tenant, id).await {
                        tracing::error!(job_id = %id, error = ?error, "job runner failed");
                    }
                }
            });
        }
        runner
    }

    pub fn enqueue(&self, tenant: TenantId, id: Uuid) {
        if self.queue.send((tenant, id)).is_err() {
            tracing::error!(job_id = %id, "job queue closed");
        }
    }

    /// Every job event of this process; subscribers filter by job.
    pub fn subscribe(&self) -> broadcast::Receiver<JobEvent> {
        self.events.subscribe()
    }

    pub fn publish_state(&self, tenant: TenantId, id: Uuid, state: JobState) {
        let _ = self.events.send(JobEvent {
            job_id: id,
            tenant_id: tenant.0,
            state,
            elapsed: None,
            objective: None,
            bound: None,
        });
    }

    /// Asks a running job to stop; it keeps its best roster.
    pub fn cancel(&self, id: Uuid) {
        if let Ok(cancels) = self.cancels.lock()
            && let Some(flag) = cancels.get(&id)
        {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// Re-queues the jobs a previous process left queued or running (crash, restart).
    pub async fn recover(&self) -> anyhow::Result<usize> {
        let unfinished: Vec<(Uuid, Uuid)> =
            if self.db.get_database_backend() == DatabaseBackend::Postgres {
                let rows = self
                    .db
                    .query_all_raw(Statement::from_string(
                        DatabaseBackend::Postgres,
                        "SELECT tenant_id, id FROM releve_unfinished_jobs()",
                    ))
                    .await
                    .context("Lecture des tâches inachevées impossible")?;
                rows.iter()
                    .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
                    .collect::<Result<_, sea_orm::DbErr>>()
                    .context("Tâches inachevées illisibles")?
            } else {
                solve_job::Entity::find()
                    .filter(
                        solve_job::Column::State
                            .is_in([JobState::Queued.as_str(), JobState::Running.as_str()]),
                    )
                    .all(&self.db)
                    .await
                    .context("Lecture des tâches inachevées impossible")?
                    .into_iter()
                    .map(|job| (job.tenant_id, job.id))
                    .collect()
            };
        for (tenant, id) in &unfinished {
            let tenant = TenantId(*tenant);
            let txn = tenancy::begin(&self.db, tenant).await?;
            solve_job::Entity::update_many()
                .col_expr(
                    solve_job::Column::State,
                    Expr::value(JobState::Queued.as_str()),
                )
                .filter(solve_job::Column::Id.eq(*id))
                .filter(solve_job::Column::State.eq(JobState::Running.as_str()))
                .exec(&txn)
                .await
                .context("Remise en file impossible")?;
            txn.commit().await.context("Remise en file impossible")?;
            self.enqueue(tenant, *id);
        }
        Ok(unfinished.len())
    }

    /// Claims a queued job: running, one more attempt, a new fencing token.
    async fn claim(&self, tenant: TenantId, id: Uuid) -> anyhow::Result<Option<solve_job::Model>> {
        let txn = tenancy::begin(&self.db, tenant).await?;
        let claimed = solve_job::Entity::update_many()
            .col_expr(
                solve_job::Column::State,
                Expr::value(JobState::Running.as_str()),
            )
            .col_expr(
                solve_job::Column::Attempts,
                Expr::col(solve_job::Column::Attempts).add(1),
            )
            .col_expr(
                solve_job::Column::FencingToken,
                Expr::col(solve_job::Column::FencingToken).add(1),
            )
            .col_expr(
                solve_job::Column::StartedAt,
                Expr::value(chrono::Utc::now().fixed_offset()),
            )
            .filter(solve_job::Column::Id.eq(id))
            .filter(solve_job::Column::TenantId.eq(tenant.0))
            .filter(solve_job::Column::State.eq(JobState::Queued.as_str()))
            .exec(&txn)
            .await
            .context("Prise en charge de la tâche impossible")?;
        let job = if claimed.rows_affected == 1 {
            solve_job::Entity::find_by_id(id)
                .one(&txn)
                .await
                .context("Lecture de la tâche")?
        } else {
            None
        };
        txn.commit()
            .await
            .context("Prise en charge de la tâche impossible")?;
        Ok(job)
    }

    async fn run_job(self: &Arc<Self>, tenant: TenantId, id: Uuid) -> anyhow::Result<()> {
        let Some(job) = self.claim(tenant, id).await? else {
            return Ok(()); // cancelled while queued, or taken by another runner
        };
        self.publish_state(tenant, id, JobState::Running);
        let cancel = Arc::new(AtomicBool::new(false));
        if let Ok(mut cancels) = self.cancels.lock() {
            cancels.insert(id, cancel.clone());
        }
        let outcome = self.solve(tenant, &job, cancel).await;
        if let Ok(mut cancels) = self.cancels.lock() {
            cancels.remove(&id);
        }
        let (outcome, seconds) = match outcome {
            Ok(result) => {
                let state = if result.summary.cancelled {
                    JobState::Cancelled
                } else {
                    JobState::Succeeded
                };
                let summary = serde_json::to_string(&result.summary).context("résumé illisible")?;
                let outcome = store::Outcome {
                    state,
                    roster: result.roster,
                    summary: Some(summary),
                    error: None,
                };
                (outcome, Some(result.summary.seconds))
            }
            Err(reason) => {
                let outcome = store::Outcome {
                    state: JobState::Failed,
                    roster: None,
                    summary: None,
                    error: Some(reason),
                };
                (outcome, None)
            }
        };
        let state = outcome.state;
        // Compare-and-set: only the holder of the current fencing token may finish the job.
        if store::finish(&self.db, tenant, id, job.fencing_token, outcome).await? {
            match state {
                JobState::Failed => self.metrics.failed(FailureReason::Engine),
                _ => self.metrics.finished(state, seconds),
            }
            self.publish_state(tenant, id, state);
        } else {
            tracing::warn!(job_id = %id, "stale result discarded (fencing token moved on)");
        }
        Ok(())
    }

    /// Runs the engine on a blocking thread and forwards its progress.
    async fn solve(
        self: &Arc<Self>,
        tenant: TenantId,
        job: &solve_job::Model,
        cancel: Arc<AtomicBool>,
    ) -> Result<EngineResult, String> {
        let params: SolveParams = serde_json::from_str(&job.params)
            .map_err(|e| format!("paramètres illisibles : {e}"))?;
        let problem = job.problem.clone();
        let (progress_tx, mut progress_rx) = mpsc::unbounded_channel();
        let solving = tokio::task::spawn_blocking(move || {
            let mut on_event = |event: releve_solver::solve::Event| {
                let _ = progress_tx.send(event);
            };
            engine::run(&problem, &params, THREADS_PER_SOLVE, &mut on_event, &cancel)
        });
        let forward = {
            let runner = self.clone();
            let id = job.id;
            tokio::spawn(async move {
                while let Some(event) = progress_rx.recv().await {
                    runner.record_progress(tenant, id, event).await;
                }
            })
        };
        let result = solving
            .await
            .map_err(|e| format!("le calcul s'est interrompu : {e}"))?;
        let _ = forward.await;
        result
    }

    async fn record_progress(
        &self,
        tenant: TenantId,
        id: Uuid,
        event: releve_solver::solve::Event,
    ) {
        let job_event = JobEvent {
            job_id: id,
            tenant_id: tenant.0,
            state: JobState::Running,
            elapsed: Some(event.elapsed),
            objective: Some(event.objective),
            bound: event.bound,
        };
        let _ = self.events.send(job_event.clone());
        let stored = async {
            let txn = tenancy::begin(&self.db, tenant).await?;
            solve_job::Entity::update_many()
                .col_expr(
                    solve_job::Column::Progress,
                    Expr::value(serde_json::to_string(&job_event)?),
                )
                .filter(solve_job::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            anyhow::Ok(())
        };
        if let Err(error) = stored.await {
            tracing::warn!(job_id = %id, error = ?error, "progress not stored");
        }
    }
}
