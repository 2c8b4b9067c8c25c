//! Re-planning for planners (unit managers in their scope, site managers, GHT admins): repair
//! a published roster as a job, score any version on the engine's indicators, explain it, the
//! forward alerts of a unit, and a unit's gains report for a month. Staff are named by their
//! ids (the UI has the names); every read is logged as a consultation of the people concerned.

use async_graphql::{Context, Json, Object, SimpleObject};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{roster_solve, solve_job};
use crate::graphql::error::internal;
use crate::graphql::jobs::{Job, planner};
use crate::graphql::rosters::Roster;
use crate::graphql::service::{Work, service_error};
use crate::jobs::engine::Summary;
use crate::rosters::{alerts, analysis, gains, pool_use, repair, repair_adoption, store};
use crate::security::access_chain::Operation;
use crate::service_error::ServiceError;

fn json(value: impl serde::Serialize) -> async_graphql::Result<Json<serde_json::Value>> {
    serde_json::to_value(value).map(Json).map_err(internal)
}

fn int(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A version scored on the engine's indicators (the score mode), over a period.
#[derive(SimpleObject)]
pub struct RosterScore {
    pub roster_id: Uuid,
    pub version: i32,
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    /// Staff present up to the targets, over the targets (1 without demand).
    pub coverage_rate: f64,
    /// Cover requirements below their minimum.
    pub below_minimum: i32,
    /// Wishes granted over wishes made (1 without wishes).
    pub desiderata_rate: f64,
    /// Minutes worked above the due, summed over people.
    pub overtime_minutes: i64,
    /// Gini of nights, weekends and refused wishes (0 = evenly spread).
    pub nights_gini: f64,
    pub weekends_gini: f64,
    pub refused_wishes_gini: f64,
    /// Assignments changed against the published version (null when this is it, or none).
    pub changes_against_published: Option<i32>,
    pub hard_violations: i32,
    /// Soft cost (the engine's objective).
    pub soft_cost: i64,
    /// Every indicator: the engine's `Indicators` (per person wishes, distributions, hours,
    /// violations with French messages).
    pub details: Json<serde_json::Value>,
}

/// One alert of a unit's coming weeks.
#[derive(SimpleObject)]
pub struct RosterAlert {
    pub roster_id: Uuid,
    pub version: i32,
    /// `coverage_gap`, `unit_imbalance`, `annual_hours`, `overtime_year`, `overtime_month`,
    /// `weekly_48h`, `interne_quarter`, `cet_ceiling`, `cet_yearly_increase`, `night_run`,
    /// `long_shift_run`, `wishes_refused`.
    pub kind: String,
    /// `critical` (a limit is or will be broken) or `warning`.
    pub severity: String,
    pub staff_id: Option<Uuid>,
    pub dates: Vec<NaiveDate>,
    /// The measured value and its limit (minutes, days or counts, per kind).
    pub value: i64,
    pub limit: i64,
    /// French.
    pub message: String,
    /// For `unit_imbalance`: `{staff, day, from_unit, from_shift, to_unit, to_shift,
    /// placement, same_site}`.
    pub loan: Option<Json<serde_json::Value>>,
}

/// Why things are as they are in a version (French texts; staff by id).
#[derive(SimpleObject)]
pub struct RosterExplanations {
    pub roster_id: Uuid,
    pub version: i32,
    /// Each uncovered need, with the people who could not fill it and the rules that block.
    pub uncovered: Json<serde_json::Value>,
    /// Each refused wish: what granting it alone breaks, the cheapest grant and its cost.
    pub refused_wishes: Json<serde_json::Value>,
    /// For the staff asked about: each of their shifts, who else could have, and why not.
    pub assignments: Json<serde_json::Value>,
    /// When a minimum cannot be covered at all: a small conflicting set.
    pub conflict: Option<Json<serde_json::Value>>,
}

/// Why one person holds the shifts of one day (« Pourquoi cette personne ? »).
#[derive(SimpleObject)]
pub struct CellExplanation {
    pub roster_id: Uuid,
    pub version: i32,
    pub staff_id: Uuid,
    pub date: NaiveDate,
    /// One entry per shift held that day, as in `RosterExplanations.assignments`:
    /// `{staff, day, shift, alternatives: [{staff, blocked, reasons: [{rule, source, staff,
    /// message}], cost, text}], text}` (empty on a day off).
    pub assignments: Json<serde_json::Value>,
}

/// Shifts held by people of one unit in another over a period (pool use across sites).
#[derive(SimpleObject)]
pub struct PoolUse {
    /// The people's home unit.
    pub from_unit_id: Uuid,
    /// The unit they reinforced.
    pub to_unit_id: Uuid,
    /// The two units are on different establishments.
    pub cross_site: bool,
    pub people: i32,
    /// Among them, members of the pool de suppléance (the others are volunteers).
    pub pool_members: i32,
    pub shifts: i32,
    pub minutes: i64,
}

/// A repair job's proposals.
#[derive(SimpleObject)]
pub struct RepairProposal {
    pub roster_id: Uuid,
    pub job: Job,
    /// The version the best alternative was stored as (null until imported, or if none).
    pub imported_version: Option<i32>,
    /// The order of preference applied (French).
    pub preference_order: Option<String>,
    /// The alternatives, best first: `{rank, hard_violations, changed_assignments,
    /// people_affected, soft_cost, objective, overtime_minutes_added, needs_reason_code,
    /// sources: {home, pool, volunteer, other_site, overtime_people}, changes: [{staff, day,
    /// date, removed, added, needs_reason_code, source, overtime}]}` (shifts by code).
    pub alternatives: Json<serde_json::Value>,
}

/// A unit's gains for a month against its months before Relève.
#[derive(SimpleObject)]
pub struct UnitGains {
    pub unit_id: Uuid,
    pub month: String,
    /// The engine's `GainsReport`: `months` (each with `metrics` and `against_before`) and
    /// `baselines`.
    pub report: Json<serde_json::Value>,
}

#[derive(Default)]
pub struct ReplanQuery;

#[Object]
impl ReplanQuery {
    /// Scores a version (the current one by default) over `[from, to]` (the whole period by
    /// default): coverage, desiderata, fairness, stability, overtime and legal violations.
    async fn roster_score(
        &self,
        ctx: &Context<'_>,
        roster_id: Uuid,
        version: Option<i32>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> async_graphql::Result<RosterScore> {
        planner(ctx)?;
        let work = Work::begin(ctx).await?;
        let (loaded, ind) =
            analysis::indicators(&work.txn, &work.scope, roster_id, version, from, to)
                .await
                .map_err(service_error)?;
        let date = |d: usize| loaded.built.dates.get(d).copied();
        let (from, to) = (
            date(ind.period.from).ok_or_else(|| internal(anyhow::anyhow!("empty period")))?,
            date(ind.period.to.saturating_sub(1))
                .ok_or_else(|| internal(anyhow::anyhow!("empty period")))?,
        );
        let score = RosterScore {
            roster_id,
            version: loaded.version,
            from,
            to,
            coverage_rate: ind.coverage.rate,
            below_minimum: int(ind.coverage.below_minimum),
            desiderata_rate: ind.desiderata.rate,
            overtime_minutes: ind.overtime_minutes,
            nights_gini: ind.fairness.nights.gini,
            weekends_gini: ind.fairness.weekends.gini,
            refused_wishes_gini: ind.fairness.refused_wishes.gini,
            changes_against_published: ind.stability.as_ref().map(|s| int(s.changes)),
            hard_violations: int(ind.legal.hard_violations),
            soft_cost: ind.legal.objective,
            details: json(&ind)?,
        };
        work.done(score).await
    }

    /// Explains a version (the current one by default): uncovered needs, refused wishes, and
    /// the shifts of `staffIds`.
    async fn roster_explanations(
        &self,
        ctx: &Context<'_>,
        roster_id: Uuid,
        version: Option<i32>,
        #[graphql(validator(max_items = 20))] staff_ids: Option<Vec<Uuid>>,
    ) -> async_graphql::Result<RosterExplanations> {
        planner(ctx)?;
        let work = Work::begin(ctx).await?;
        let (loaded, ex) = analysis::explanations(
            &work.txn,
            &work.scope,
            roster_id,
            version,
            &staff_ids.unwrap_or_default(),
        )
        .await
        .map_err(service_error)?;
        let out = RosterExplanations {
            roster_id,
            version: loaded.version,
            uncovered: json(&ex.uncovered)?,
            refused_wishes: json(&ex.refused_wishes)?,
            assignments: json(&ex.assignments)?,
            conflict: ex.conflict.as_ref().map(json).transpose()?,
        };
        work.done(out).await
    }

    /// Explains one cell of a version (the current one by default): for each shift `staffId`
    /// holds on `date`, who else could have held it and why the others could not. Computed for
    /// that cell only, unlike `rosterExplanations`.
    async fn cell_explanation(
        &self,
        ctx: &Context<'_>,
        roster_id: Uuid,
        version: Option<i32>,
        staff_id: Uuid,
        date: NaiveDate,
    ) -> async_graphql::Result<CellExplanation> {
        planner(ctx)?;
        let work = Work::begin(ctx).await?;
        let (loaded, whys) =
            analysis::cell_explanation(&work.txn, &work.scope, roster_id, version, staff_id, date)
                .await
                .map_err(service_error)?;
        let out = CellExplanation {
            roster_id,
            version: loaded.version,
            staff_id,
            date,
            assignments: json(&whys)?,
        };
        work.done(out).await
    }

    /// The alerts of a unit's rosters over the next `weeks` weeks (1 to 12), from today.
    async fn unit_alerts(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        #[graphql(default = 4)] weeks: u32,
    ) -> async_graphql::Result<Vec<RosterAlert>> {
        planner(ctx)?;
        let work = Work::begin(ctx).await?;
        let found = alerts::unit_alerts(&work.txn, &work.scope, unit_id, weeks)
            .await
            .map_err(service_error)?;
        let out = found
            .into_iter()
            .map(|a| {
                Ok(RosterAlert {
                    roster_id: a.roster_id,
                    version: a.version,
                    kind: a.alert.kind.to_owned(),
                    severity: json(a.alert.severity)?
                        .0
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    staff_id: a
                        .alert
                        .staff
                        .as_deref()
                        .and_then(|s| Uuid::parse_str(s).ok()),
                    dates: a.dates,
                    value: a.alert.value,
                    limit: a.alert.limit,
                    message: a.alert.message,
                    loan: a.alert.loan.as_ref().map(json).transpose()?,
                })
            })
            .collect::<async_graphql::Result<Vec<_>>>()?;
        work.done(out).await
    }

    /// Pool use across sites over `from`..`to` (both included, a year at most): the shifts held
    /// outside people's home unit in the rosters (current versions) of the units the viewer
    /// plans, per home unit and unit reinforced, cross-site first, then by hours. People are
    /// counted, never named. GHT admins and site managers; logged.
    async fn pool_use(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<Vec<PoolUse>> {
        let work = Work::begin(ctx).await?;
        let lines = pool_use::pool_use(&work.txn, &work.scope, from, to)
            .await
            .map_err(service_error)?;
        let out = lines
            .into_iter()
            .map(|l| PoolUse {
                from_unit_id: l.from_unit_id,
                to_unit_id: l.to_unit_id,
                cross_site: l.cross_site,
                people: int(l.people),
                pool_members: int(l.pool_members),
                shifts: int(l.shifts),
                minutes: l.minutes,
            })
            .collect();
        work.done(out).await
    }

    /// The gains report of a unit for a month (`YYYY-MM`), against its months before Relève.
    async fn unit_gains(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        month: String,
    ) -> async_graphql::Result<UnitGains> {
        planner(ctx)?;
        let work = Work::begin(ctx).await?;
        let report = gains::unit_gains(&work.txn, &work.scope, unit_id, &month)
            .await
            .map_err(service_error)?;
        let out = UnitGains {
            unit_id,
            month,
            report: json(&report)?,
        };
        work.done(out).await
    }

    /// The proposals of a repair job (`requestRosterRepair`).
    async fn roster_repair(
        &self,
        ctx: &Context<'_>,
        job_id: Uuid,
    ) -> async_graphql::Result<RepairProposal> {
        planner(ctx)?;
        let work = Work::begin(ctx).await?;
        let tenant = work.scope.tenant.0;
        let request = roster_solve::Entity::find()
            .filter(roster_solve::Column::TenantId.eq(tenant))
            .filter(roster_solve::Column::JobId.eq(job_id))
            .one(&work.txn)
            .await
            .map_err(internal)?;
        let job = solve_job::Entity::find_by_id(job_id)
            .filter(solve_job::Column::TenantId.eq(tenant))
            .filter(solve_job::Column::Kind.eq("repair"))
            .one(&work.txn)
            .await
            .map_err(internal)?;
        let (Some(request), Some(job)) = (request, job) else {
            return Err(service_error(ServiceError::NotFound("réparation")));
        };
        let (roster, _) = store::load(&work.txn, &work.scope, request.roster_id, true)
            .await
            .map_err(service_error)?;
        let summary: Option<Summary> = job
            .summary
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(internal)?;
        let report = summary.and_then(|s| s.repair);
        let alternatives = report
            .as_ref()
            .map(|r| r["alternatives"].clone())
            .unwrap_or_else(|| serde_json::json!([]));
        let people: Vec<Uuid> = alternatives
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|a| a["people_affected"].as_array().cloned().unwrap_or_default())
            .filter_map(|p| p.as_str().and_then(|s| Uuid::parse_str(s).ok()))
            .collect();
        crate::rosters::service::log(
            &work.txn,
            &work.scope,
            Operation::Read,
            &roster,
            people,
            "planning_repair",
        )
        .await
        .map_err(service_error)?;
        let out = RepairProposal {
            roster_id: roster.id,
            imported_version: request.imported_version.filter(|v| *v > 0),
            preference_order: report
                .as_ref()
                .and_then(|r| r["preference_order"].as_str().map(str::to_owned)),
            alternatives: Json(alternatives),
            job: job.try_into()?,
        };
        work.done(out).await
    }
}

#[derive(Default)]
pub struct ReplanMutation;

#[Object]
impl ReplanMutation {
    /// Queues a repair of a published roster after new absences or demand changes: as few
    /// assignments and people changed as possible, the past frozen, changes within 48 h
    /// flagged, own unit then pool, volunteers, another site, then overtime. Its best
    /// alternative becomes a new version and the roster goes to `PROPOSED`; read every
    /// alternative with `rosterRepair(jobId)`.
    async fn request_roster_repair(
        &self,
        ctx: &Context<'_>,
        roster_id: Uuid,
        #[graphql(default = 10.0)] time_limit: f64,
        #[graphql(default = 3)] alternatives: u32,
        #[graphql(default = 0)] seed: u64,
    ) -> async_graphql::Result<Job> {
        planner(ctx)?;
        let work = Work::begin(ctx).await?;
        let (state, scope) = (work.state, work.scope.clone());
        work.done(()).await?;
        let job = repair::request(state, &scope, roster_id, time_limit, alternatives, seed)
            .await
            .map_err(service_error)?;
        job.try_into()
    }

    /// Makes another alternative of a finished repair the roster's proposed version (a new
    /// version): `alternative` is its `rank` in `rosterRepair.alternatives` (1 = the best, which
    /// the repair already proposed). The roster must still be that repair's proposal.
    async fn adopt_roster_repair(
        &self,
        ctx: &Context<'_>,
        job_id: Uuid,
        alternative: i32,
    ) -> async_graphql::Result<Roster> {
        planner(ctx)?;
        let work = Work::begin(ctx).await?;
        let row = repair_adoption::adopt(&work.txn, &work.scope, job_id, alternative)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }
}
