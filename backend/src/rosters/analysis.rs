//! What the engine says about one version of a roster, for planners: its indicators (the score
//! mode: coverage, desiderata, fairness, stability against the published version, hours,
//! overtime, legal violations) and its explanations (why a need is uncovered, why a wish was
//! refused, why a person got a shift). Staff are named by their ids, as in the engine; every
//! call is logged as a consultation of everyone in the version.

use chrono::NaiveDate;
use releve_solver::explain::assignment::{self as why, AssignmentWhy};
use releve_solver::explain::local::LocalChecker;
use releve_solver::explain::{self, Explanations};
use releve_solver::indicators::counts::Period;
use releve_solver::indicators::{self, Indicators};
use releve_solver::problem::{Instance, Reference, Roster};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::entity::{assignment, roster, unit};
use crate::organisation::scope::Scope;
use crate::planning::problem_builder::{self, BuiltProblem};
use crate::rosters::service::log;
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};

/// Longest search for a conflicting set when a minimum cannot be covered, in seconds.
const CONFLICT_SECONDS: f64 = 5.0;

/// One version, in the engine's terms.
pub struct Loaded {
    pub roster: roster::Model,
    pub version: i32,
    pub built: BuiltProblem,
    pub instance: Instance,
    pub solver_roster: Roster,
}

/// The instance and roster of stored rows (the published version, when another, as the
/// reference the stability indicators compare with).
pub async fn engine_view(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    unit: &unit::Model,
    rows: &[assignment::Model],
    number: i32,
) -> ServiceResult<(BuiltProblem, Instance, Roster)> {
    let mut built = problem_builder::build(txn, roster, unit, rows, None).await?;
    if let Some(published) = roster.published_version.filter(|p| *p != number) {
        let reference = store::assignments(txn, roster, published).await?;
        let known: Vec<_> = reference
            .into_iter()
            .filter(|a| built.staff_ids.contains(&a.staff_id))
            .collect();
        built.problem.reference = Some(Reference {
            weight: 0,
            assignments: built.roster_file(&known).assignments,
        });
    }
    let instance = Instance::new(built.problem.clone()).map_err(|errors| {
        ServiceError::Internal(anyhow::anyhow!(
            "problem built from the database is invalid: {errors:?}"
        ))
    })?;
    let solver_roster = instance
        .roster(&built.roster_file(rows))
        .map_err(|errors| {
            ServiceError::Internal(anyhow::anyhow!("stored roster is invalid: {errors:?}"))
        })?;
    Ok((built, instance, solver_roster))
}

/// Loads a version (the current one by default) of a roster the viewer plans, logging the
/// consultation with `purpose`.
pub async fn load(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
    version: Option<i32>,
    purpose: &str,
) -> ServiceResult<Loaded> {
    let (roster, unit) = store::load(txn, scope, roster_id, true).await?;
    let version = version.unwrap_or(roster.current_version);
    let rows = store::assignments(txn, &roster, version).await?;
    let (built, instance, solver_roster) = engine_view(txn, &roster, &unit, &rows, version).await?;
    log(
        txn,
        scope,
        Operation::Read,
        &roster,
        rows.iter().map(|a| a.staff_id),
        purpose,
    )
    .await?;
    Ok(Loaded {
        roster,
        version,
        built,
        instance,
        solver_roster,
    })
}

/// Day index of `date` in the roster's period, or an error naming `field`.
fn day(loaded: &Loaded, field: &'static str, date: NaiveDate) -> ServiceResult<usize> {
    loaded
        .built
        .day_of(date)
        .ok_or_else(|| ServiceError::invalid(field, "hors de la période du planning"))
}

/// The indicators of a version over `[from, to]` (the whole period by default).
pub async fn indicators(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
    version: Option<i32>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> ServiceResult<(Loaded, Indicators)> {
    let loaded = load(txn, scope, roster_id, version, "planning_indicators").await?;
    let first = from
        .map(|d| day(&loaded, "from", d))
        .transpose()?
        .unwrap_or(0);
    let last = match to {
        Some(d) => day(&loaded, "to", d)? + 1,
        None => loaded.instance.n_days,
    };
    if last <= first {
        return Err(ServiceError::invalid(
            "to",
            "avant le début de la période demandée",
        ));
    }
    let period = Period::new(&loaded.instance, first, last);
    let computed = indicators::compute(&loaded.instance, &loaded.solver_roster, period);
    Ok((loaded, computed))
}

/// Explanations of a version: every uncovered need and refused wish, and the assignments of
/// `staff` (who else could have, and why not).
pub async fn explanations(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
    version: Option<i32>,
    staff: &[Uuid],
) -> ServiceResult<(Loaded, Explanations)> {
    let loaded = load(txn, scope, roster_id, version, "planning_explanations").await?;
    let people: Vec<usize> = staff
        .iter()
        .map(|id| {
            loaded
                .instance
                .staff_ix(&id.to_string())
                .ok_or(ServiceError::NotFound("agent de ce planning"))
        })
        .collect::<ServiceResult<_>>()?;
    let (instance, roster) = (loaded.instance.clone(), loaded.solver_roster.clone());
    let computed = tokio::task::spawn_blocking(move || {
        explain::explain(&instance, &roster, &people, CONFLICT_SECONDS)
    })
    .await
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("explanations: {e}")))?
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("explanations: {e}")))?;
    Ok((loaded, computed))
}

/// Why `staff` holds each shift of one day of a version: who else could have held it, at what
/// cost, and why the others could not. Only that cell is explained (no conflict search, no
/// other day), so it answers at once where [`explanations`] takes seconds.
pub async fn cell_explanation(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
    version: Option<i32>,
    staff: Uuid,
    date: NaiveDate,
) -> ServiceResult<(Loaded, Vec<AssignmentWhy>)> {
    let loaded = load(txn, scope, roster_id, version, "planning_explanations").await?;
    let e = loaded
        .instance
        .staff_ix(&staff.to_string())
        .ok_or(ServiceError::NotFound("agent de ce planning"))?;
    let d = day(&loaded, "date", date)?;
    let shifts: Vec<usize> = (0..loaded.instance.n_shifts)
        .filter(|&t| loaded.solver_roster.has(e, d, t))
        .collect();
    let (instance, roster) = (loaded.instance.clone(), loaded.solver_roster.clone());
    let whys = tokio::task::spawn_blocking(move || {
        let lc = LocalChecker::new(&instance)?;
        Ok::<_, String>(
            shifts
                .iter()
                .map(|&t| why::why(&lc, &roster, e, d, t))
                .collect::<Vec<_>>(),
        )
    })
    .await
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("cell explanation: {e}")))?
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("cell explanation: {e}")))?;
    Ok((loaded, whys))
}
