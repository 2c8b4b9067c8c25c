//! Adopting another alternative of a repair: the job imported its best alternative as the
//! proposed version; a planner may prefer the 2nd or 3rd (fewer people disturbed, no overtime).
//! The chosen alternative is rebuilt from the published version and the alternative's changes
//! (stored in the job's summary) and becomes a new proposed version, so every choice stays in
//! the roster's history.

use releve_solver::problem::Assignment;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::Deserialize;
use uuid::Uuid;

use crate::entity::{roster, roster_solve, solve_job};
use crate::jobs::JobState;
use crate::jobs::engine::Summary;
use crate::organisation::scope::Scope;
use crate::planning::problem_builder;
use crate::rosters::service::log;
use crate::rosters::solve::import_pending_in;
use crate::rosters::store::{self, Source};
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};

/// One change of an alternative, as the engine's `repair::Change` serialises it.
#[derive(Deserialize)]
struct Change {
    staff: String,
    day: usize,
    removed: Option<String>,
    added: Option<String>,
}

#[derive(Deserialize)]
struct Alternative {
    changes: Vec<Change>,
}

/// Makes alternative `rank` (1 = the best) of repair job `job_id` the roster's proposed
/// version. The roster must still be the proposal of that repair: published version unchanged
/// and state `proposed`.
pub async fn adopt(
    txn: &DatabaseTransaction,
    scope: &Scope,
    job_id: Uuid,
    rank: i32,
) -> ServiceResult<roster::Model> {
    let tenant = scope.tenant.0;
    let request = roster_solve::Entity::find()
        .filter(roster_solve::Column::TenantId.eq(tenant))
        .filter(roster_solve::Column::JobId.eq(job_id))
        .one(txn)
        .await?;
    let job = solve_job::Entity::find_by_id(job_id)
        .filter(solve_job::Column::TenantId.eq(tenant))
        .filter(solve_job::Column::Kind.eq("repair"))
        .one(txn)
        .await?;
    let (Some(request), Some(job)) = (request, job) else {
        return Err(ServiceError::NotFound("réparation"));
    };
    // Scope first: nothing about the repair is told to someone who may not plan the unit.
    let (roster, unit) = store::load(txn, scope, request.roster_id, true).await?;
    if JobState::parse(&job.state) != Some(JobState::Succeeded) {
        return Err(ServiceError::Conflict(format!(
            "adoption impossible : la réparation n'est pas terminée avec succès (état « {} »)",
            job.state
        )));
    }
    let alternatives = alternatives(&job)?;
    let n = alternatives.len();
    let index = usize::try_from(rank)
        .ok()
        .filter(|r| (1..=n).contains(r))
        .ok_or_else(|| {
            ServiceError::invalid(
                "alternative",
                format!("doit être entre 1 et {n} (la réparation propose {n} alternative(s))"),
            )
        })?;
    import_pending_in(txn, scope.tenant, Some(roster.id)).await?;
    let roster = store::reload(txn, &roster).await?;
    if roster.state != "proposed" || roster.published_version != Some(request.base_version) {
        return Err(ServiceError::Conflict(format!(
            "adoption impossible : le planning n'est plus la proposition de cette réparation (état « {} »)",
            roster.state
        )));
    }
    let published = store::assignments(txn, &roster, request.base_version).await?;
    let built = problem_builder::build(txn, &roster, &unit, &published, None).await?;
    let mut file = built.roster_file(&published);
    for c in &alternatives[index - 1].changes {
        if let Some(shift) = &c.removed {
            file.assignments
                .retain(|a| !(a.staff == c.staff && a.day == c.day && &a.shift == shift));
        }
        if let Some(shift) = &c.added {
            file.assignments.push(Assignment {
                staff: c.staff.clone(),
                day: c.day,
                shift: shift.clone(),
            });
        }
    }
    let rows = built.rows_of(&file)?;
    store::append_version(txn, &roster, scope.user_id, Source::Repair(job.id), &rows).await?;
    let people = alternatives[index - 1]
        .changes
        .iter()
        .filter_map(|c| Uuid::parse_str(&c.staff).ok());
    log(
        txn,
        scope,
        Operation::Update,
        &roster,
        people,
        "planning_repair",
    )
    .await?;
    store::reload(txn, &roster).await
}

/// The alternatives of a finished repair job, best first.
fn alternatives(job: &solve_job::Model) -> ServiceResult<Vec<Alternative>> {
    let summary: Option<Summary> = job
        .summary
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("résumé illisible : {e}")))?;
    let Some(report) = summary.and_then(|s| s.repair) else {
        return Ok(Vec::new());
    };
    serde_json::from_value(report["alternatives"].clone())
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("alternatives illisibles : {e}")))
}
