//! Repairing a published roster (actualisation): the problem is built from the database as it
//! is now (new absences, demand), the published version is the reference to stay close to, the
//! days before today are frozen and changes within 48 h are flagged; the job runs on the same
//! machinery as a solve (in-process pool or Redis workers). Its best alternative is imported as
//! a new version and the roster becomes `proposed` (see `rosters::solve`); every alternative,
//! with its changes and the source of each replacement, stays in the job's summary.

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use releve_solver::problem::{Reference, Replan};
use uuid::Uuid;

use crate::entity::{roster, solve_job};
use crate::jobs::engine::{MAX_ALTERNATIVES, RepairSpec, SolveParams};
use crate::organisation::scope::Scope;
use crate::planning::problem_builder;
use crate::rosters::service::log;
use crate::rosters::solve::enqueue;
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};
use crate::state::AppState;
use crate::tenancy;

/// Weight of one changed assignment against the published roster (the repair's first goal).
const CHANGE_WEIGHT: u32 = 1000;
/// Notice below which a change needs a reason code (FPH-TDS-3), in minutes.
const NOTICE_MINUTES: u32 = 48 * 60;

/// The re-planning settings for `roster` seen from `today` (at `minute` of the day).
pub fn replan_settings(
    roster: &roster::Model,
    today: NaiveDate,
    minute: u32,
) -> ServiceResult<Replan> {
    if today > roster.period_end {
        return Err(ServiceError::Conflict(
            "réparation impossible : la période du planning est terminée".into(),
        ));
    }
    let elapsed = (today - roster.period_start).num_days();
    let (frozen_until, now_day, now_minute) = if elapsed >= 0 {
        let day = usize::try_from(elapsed).unwrap_or_default();
        (day, Some(day), minute)
    } else if elapsed > -2 {
        // The period starts tomorrow: its first day is within the notice.
        (0, Some(0), 0)
    } else {
        (0, None, 0)
    };
    Ok(Replan {
        frozen_until,
        now_day,
        now_minute,
        notice_minutes: NOTICE_MINUTES,
        ..Replan::default()
    })
}

/// Queues a repair of a published roster; returns the job.
pub async fn request(
    state: &AppState,
    scope: &Scope,
    roster_id: Uuid,
    time_limit: f64,
    alternatives: u32,
    seed: u64,
) -> ServiceResult<solve_job::Model> {
    if !(1..=MAX_ALTERNATIVES).contains(&alternatives) {
        return Err(ServiceError::invalid(
            "alternatives",
            format!("entre 1 et {MAX_ALTERNATIVES}"),
        ));
    }
    let txn = tenancy::begin(&state.db, scope.tenant).await?;
    let (roster, unit) = store::load(&txn, scope, roster_id, true).await?;
    let published = match (roster.state.as_str(), roster.published_version) {
        ("published", Some(v)) if v == roster.current_version => v,
        _ => {
            return Err(ServiceError::Conflict(format!(
                "réparation impossible : seul un planning publié se répare (état « {} »)",
                roster.state
            )));
        }
    };
    let rows = store::assignments(&txn, &roster, published).await?;
    let mut built = problem_builder::build(&txn, &roster, &unit, &rows, None).await?;
    let now = Utc::now();
    let minute = u32::try_from((now.time() - chrono::NaiveTime::MIN).num_minutes()).unwrap_or(0);
    built.problem.replan = Some(replan_settings(&roster, now.date_naive(), minute)?);
    built.problem.reference = Some(Reference {
        weight: CHANGE_WEIGHT,
        assignments: built.roster_file(&rows).assignments,
    });
    log(
        &txn,
        scope,
        Operation::Read,
        &roster,
        rows.iter().map(|a| a.staff_id),
        "planning_repair",
    )
    .await?;
    txn.commit().await?;
    let problem = serde_json::to_string(&built.problem).context("problème illisible")?;
    let params = SolveParams {
        time_limit,
        seed,
        max_iterations: None,
        repair: Some(RepairSpec { alternatives }),
    };
    enqueue(state, scope, &roster, published, problem, params).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(start: &str, end: &str) -> roster::Model {
        let now = Utc::now().fixed_offset();
        roster::Model {
            id: Uuid::nil(),
            tenant_id: Uuid::nil(),
            unit_id: Uuid::nil(),
            period_start: start.parse().unwrap(),
            period_end: end.parse().unwrap(),
            state: "published".into(),
            current_version: 2,
            published_version: Some(2),
            created_by: Uuid::nil(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_past_is_frozen_from_today_and_a_finished_period_is_refused() {
        let r = roster("2026-03-01", "2026-03-31");
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mid = replan_settings(&r, d("2026-03-10"), 600).unwrap();
        assert_eq!(
            (mid.frozen_until, mid.now_day, mid.now_minute),
            (9, Some(9), 600)
        );
        assert_eq!(mid.notice_minutes, 2880);
        let eve = replan_settings(&r, d("2026-02-28"), 600).unwrap();
        assert_eq!((eve.frozen_until, eve.now_day), (0, Some(0)));
        let early = replan_settings(&r, d("2026-02-01"), 600).unwrap();
        assert_eq!((early.frozen_until, early.now_day), (0, None));
        assert!(matches!(
            replan_settings(&r, d("2026-04-01"), 0),
            Err(ServiceError::Conflict(_))
        ));
    }
}
