//! Solve jobs: request one, follow it (query or subscription), cancel it.

use std::sync::Arc;

use async_graphql::ErrorExtensions;
use async_graphql::futures_util::{Stream, StreamExt, stream};
use async_graphql::{Context, Json, Object, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use crate::auth::viewer::Viewer;
use crate::entity::solve_job;
use crate::graphql::error::{Code, api_error, internal};
use crate::graphql::viewer;
use crate::jobs::engine::{RepairSpec, SolveParams, Summary};
use crate::jobs::service::{self, JobError};
use crate::jobs::{JobEvent, JobState};
use crate::security::access_token::Role;
use crate::state::AppState;

pub fn planner<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Viewer> {
    let viewer = viewer(ctx)?;
    match viewer.role {
        Role::GhtAdmin | Role::SiteManager | Role::UnitManager => Ok(viewer),
        _ => Err(api_error(
            Code::Forbidden,
            "réservé aux cadres et aux directions",
        )),
    }
}

fn job_error(error: JobError) -> async_graphql::Error {
    match error {
        JobError::Invalid { field, .. } => api_error(Code::BadUserInput, error.to_string())
            .extend_with(|_, e| e.set("field", field)),
        JobError::NotFound => api_error(Code::NotFound, error.to_string()),
        JobError::Internal(cause) => internal(cause),
    }
}

#[derive(SimpleObject)]
pub struct JobSummary {
    pub status: String,
    pub objective: Option<i64>,
    pub lower_bound: Option<i64>,
    pub hard_violations: Option<u64>,
    pub seconds: f64,
    pub cancelled: bool,
}

#[derive(SimpleObject, Clone)]
pub struct JobProgress {
    pub job_id: Uuid,
    pub state: JobState,
    pub elapsed: Option<f64>,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
}

impl From<JobEvent> for JobProgress {
    fn from(event: JobEvent) -> Self {
        Self {
            job_id: event.job_id,
            state: event.state,
            elapsed: event.elapsed,
            objective: event.objective,
            bound: event.bound,
        }
    }
}

/// A solve job as the client sees it.
#[derive(SimpleObject)]
pub struct Job {
    pub id: Uuid,
    pub state: JobState,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub summary: Option<JobSummary>,
    pub progress: Option<JobProgress>,
    /// French reason when the job failed.
    pub error: Option<String>,
    /// The roster found (engine JSON format), once finished.
    pub roster: Option<Json<serde_json::Value>>,
}

impl TryFrom<solve_job::Model> for Job {
    type Error = async_graphql::Error;

    fn try_from(row: solve_job::Model) -> Result<Self, Self::Error> {
        let state = JobState::parse(&row.state)
            .ok_or_else(|| internal(anyhow::anyhow!("unknown job state {}", row.state)))?;
        let summary = match row.summary {
            Some(text) => {
                let s: Summary = serde_json::from_str(&text).map_err(internal)?;
                Some(JobSummary {
                    status: s.status,
                    objective: s.objective,
                    lower_bound: s.lower_bound,
                    hard_violations: s.hard_violations.map(|n| n as u64),
                    seconds: s.seconds,
                    cancelled: s.cancelled,
                })
            }
            None => None,
        };
        let progress = match row.progress {
            Some(text) => Some(
                serde_json::from_str::<JobEvent>(&text)
                    .map_err(internal)?
                    .into(),
            ),
            None => None,
        };
        let roster = match row.result {
            Some(text) => Some(Json(serde_json::from_str(&text).map_err(internal)?)),
            None => None,
        };
        Ok(Self {
            id: row.id,
            state,
            attempts: row.attempts,
            created_at: row.created_at.with_timezone(&Utc),
            started_at: row.started_at.map(|t| t.with_timezone(&Utc)),
            finished_at: row.finished_at.map(|t| t.with_timezone(&Utc)),
            summary,
            progress,
            error: row.error,
            roster,
        })
    }
}

#[derive(Default)]
pub struct JobQuery;

#[Object]
impl JobQuery {
    /// A solve job of the signed-in GHT.
    async fn job(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Job> {
        let viewer = planner(ctx)?;
        let state = ctx.data::<Arc<AppState>>()?;
        service::get(&state.db, viewer.tenant, id)
            .await
            .map_err(job_error)?
            .try_into()
    }
}

#[derive(Default)]
pub struct JobMutation;

#[Object]
impl JobMutation {
    /// Queues a solve of a planning problem (engine JSON format, pseudonymous ids). With
    /// `repairAlternatives`, re-plans the problem's `reference` (a published roster) instead and
    /// proposes up to that many repairs (1 to 5); the job's roster is the best.
    async fn submit_solve(
        &self,
        ctx: &Context<'_>,
        problem: Json<serde_json::Value>,
        #[graphql(default = 30.0)] time_limit: f64,
        #[graphql(default = 0)] seed: u64,
        max_iterations: Option<u64>,
        repair_alternatives: Option<u32>,
    ) -> async_graphql::Result<Job> {
        let viewer = planner(ctx)?;
        let state = ctx.data::<Arc<AppState>>()?;
        let problem = serde_json::to_string(&problem.0).map_err(internal)?;
        let params = SolveParams {
            time_limit,
            seed,
            max_iterations,
            repair: repair_alternatives.map(|alternatives| RepairSpec { alternatives }),
        };
        service::submit(
            &state.db,
            &state.jobs,
            viewer.tenant,
            viewer.user_id,
            problem,
            params,
        )
        .await
        .map_err(job_error)?
        .try_into()
    }

    /// Cancels a job; a running solve stops and keeps its best roster.
    async fn cancel_job(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Job> {
        let viewer = planner(ctx)?;
        let state = ctx.data::<Arc<AppState>>()?;
        service::cancel(&state.db, &state.jobs, viewer.tenant, id)
            .await
            .map_err(job_error)?
            .try_into()
    }
}

#[derive(Default)]
pub struct JobSubscription;

#[Subscription]
impl JobSubscription {
    /// The job's current state, then every change (objective and bound while it runs),
    /// ending with its final state.
    async fn job_progress(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<impl Stream<Item = JobProgress> + use<>> {
        let viewer = planner(ctx)?.clone();
        let state = ctx.data::<Arc<AppState>>()?.clone();
        // Subscribe before reading the row, so no change falls between the two.
        let events = state.jobs.subscribe();
        let job = service::get(&state.db, viewer.tenant, id)
            .await
            .map_err(job_error)?;
        let current_state = JobState::parse(&job.state)
            .ok_or_else(|| internal(anyhow::anyhow!("unknown job state")))?;
        let first = JobProgress {
            job_id: id,
            state: current_state,
            elapsed: None,
            objective: None,
            bound: None,
        };
        let tenant = viewer.tenant.0;
        // Ends after the event that carries a final state.
        let live = stream::unfold((events, false), move |(mut events, finished)| async move {
            if finished {
                return None;
            }
            loop {
                match events.recv().await {
                    Ok(event) if event.job_id == id && event.tenant_id == tenant => {
                        let finished = event.state.is_final();
                        return Some((JobProgress::from(event), (events, finished)));
                    }
                    Ok(_) | Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                }
            }
        })
        .boxed();
        let done = current_state.is_final();
        Ok(stream::once(async move { first }).chain(if done {
            stream::empty().boxed()
        } else {
            live
        }))
    }
}
