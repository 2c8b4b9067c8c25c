//! Rosters: create, read a version with its rule check, edit one assignment (checked at
//! once), accept a violation, compare versions, request a solve, propose, validate, publish;
//! and each person's own published shifts and change notifications.

use async_graphql::connection::Connection;
use async_graphql::{ComplexObject, Context, Enum, InputObject, Object, SimpleObject};
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::TransactionTrait;
use uuid::Uuid;

use crate::entity::{
    assignment, roster, roster_notification, roster_override, roster_transition, roster_version,
};
use crate::graphql::error::internal;
use crate::graphql::jobs::{Job, planner};
use crate::graphql::service::{Work, connection, page_request, service_error};
use crate::jobs::engine::SolveParams;
use crate::rosters::check::CheckedViolation;
use crate::rosters::service::{self, AssignmentEdit};
use crate::rosters::{solve, store, why_mine, workflow};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum RosterState {
    Draft,
    Proposed,
    Validated,
    Published,
}

impl RosterState {
    fn parse(text: &str) -> Self {
        match text {
            "proposed" => RosterState::Proposed,
            "validated" => RosterState::Validated,
            "published" => RosterState::Published,
            _ => RosterState::Draft,
        }
    }
}

/// Why a rule was set aside, a publication came late (FPH-TDS-2) or a published roster
/// changed at short notice (FPH-TDS-3).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ReasonCode {
    UnplannedAbsence,
    ServiceContinuity,
    StaffAgreement,
    ExceptionalEvent,
    Other,
}

impl ReasonCode {
    fn as_str(self) -> &'static str {
        match self {
            ReasonCode::UnplannedAbsence => "unplanned_absence",
            ReasonCode::ServiceContinuity => "service_continuity",
            ReasonCode::StaffAgreement => "staff_agreement",
            ReasonCode::ExceptionalEvent => "exceptional_event",
            ReasonCode::Other => "other",
        }
    }
}

fn reason(code: Option<ReasonCode>) -> Option<&'static str> {
    code.map(ReasonCode::as_str)
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Roster {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub period_start: NaiveDate,
    /// Inclusive.
    pub period_end: NaiveDate,
    pub state: RosterState,
    pub current_version: i32,
    /// The version staff see (null until published).
    pub published_version: Option<i32>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[graphql(skip)]
    pub row: roster::Model,
}

impl From<roster::Model> for Roster {
    fn from(row: roster::Model) -> Self {
        Self {
            id: row.id,
            unit_id: row.unit_id,
            period_start: row.period_start,
            period_end: row.period_end,
            state: RosterState::parse(&row.state),
            current_version: row.current_version,
            published_version: row.published_version,
            created_by: row.created_by,
            created_at: row.created_at.with_timezone(&Utc),
            updated_at: row.updated_at.with_timezone(&Utc),
            row,
        }
    }
}

#[derive(SimpleObject)]
pub struct RosterVersionInfo {
    pub number: i32,
    /// `created`, `edit` or `solve`.
    pub source: String,
    pub job_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

impl From<roster_version::Model> for RosterVersionInfo {
    fn from(row: roster_version::Model) -> Self {
        Self {
            number: row.number,
            source: row.source,
            job_id: row.job_id,
            created_by: row.created_by,
            created_at: row.created_at.with_timezone(&Utc),
        }
    }
}

#[derive(SimpleObject)]
pub struct RosterTransition {
    pub from_state: RosterState,
    pub to_state: RosterState,
    pub version: i32,
    pub reason_code: Option<String>,
    pub actor_id: Uuid,
    pub actor_role: String,
    pub at: DateTime<Utc>,
}

impl From<roster_transition::Model> for RosterTransition {
    fn from(row: roster_transition::Model) -> Self {
        Self {
            from_state: RosterState::parse(&row.from_state),
            to_state: RosterState::parse(&row.to_state),
            version: row.version,
            reason_code: row.reason_code,
            actor_id: row.actor_id,
            actor_role: row.actor_role,
            at: row.at.with_timezone(&Utc),
        }
    }
}

#[ComplexObject]
impl Roster {
    /// Every version, oldest first.
    async fn versions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RosterVersionInfo>> {
        let work = Work::begin(ctx).await?;
        let rows = store::versions(&work.txn, &self.row)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// Who moved the roster between states, when and why.
    async fn transitions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RosterTransition>> {
        let work = Work::begin(ctx).await?;
        let rows = store::transitions(&work.txn, &self.row)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }
}

#[derive(SimpleObject)]
pub struct Assignment {
    pub staff_id: Uuid,
    pub date: NaiveDate,
    pub shift_type_id: Uuid,
}

impl From<assignment::Model> for Assignment {
    fn from(row: assignment::Model) -> Self {
        Self {
            staff_id: row.staff_id,
            date: row.date,
            shift_type_id: row.shift_type_id,
        }
    }
}

/// A version's shifts as a grid: for each person and day, which set of shift types they work.
#[derive(SimpleObject)]
pub struct RosterGrid {
    /// The day of position 0 in every row's `days` (the period's first day).
    pub first_day: NaiveDate,
    /// The distinct sets of shift types worked on one day, sorted by id; the first is always
    /// the empty set (off).
    pub shift_sets: Vec<Vec<Uuid>>,
    /// One row per person with at least one shift in the version, by staff id.
    pub rows: Vec<RosterGridRow>,
}

/// One person's line of the grid.
#[derive(SimpleObject)]
pub struct RosterGridRow {
    pub staff_id: Uuid,
    /// One entry per day of the period, from `firstDay`: the position in `shiftSets` of what
    /// the person works that day (0: off).
    pub days: DayList,
}

impl RosterGrid {
    /// The grid of the period from `first_day` to `last_day` (inclusive).
    pub fn new(first_day: NaiveDate, last_day: NaiveDate, rows: &[assignment::Model]) -> Self {
        let length = usize::try_from((last_day - first_day).num_days() + 1).unwrap_or(0);
        // (person, day of the period, shift type), sorted: each person's days in order, each
        // day's shifts by id (stores keep shifts inside the period; others are left out). A
        // month is read on every planning screen: one sort, no allocation per cell.
        let mut cells: Vec<(Uuid, usize, Uuid)> = rows
            .iter()
            .filter_map(|row| {
                let day = usize::try_from((row.date - first_day).num_days())
                    .ok()
                    .filter(|day| *day < length)?;
                Some((row.staff_id, day, row.shift_type_id))
            })
            .collect();
        cells.sort_unstable();
        cells.dedup();
        let mut shift_sets: Vec<Vec<Uuid>> = vec![Vec::new()];
        let mut positions: HashMap<Vec<Uuid>, i32> = HashMap::from([(Vec::new(), 0)]);
        let mut set: Vec<Uuid> = Vec::new();
        let mut lines = Vec::new();
        for person in cells.chunk_by(|a, b| a.0 == b.0) {
            let mut days = vec![0; length];
            for day in person.chunk_by(|a, b| a.1 == b.1) {
                set.clear();
                set.extend(day.iter().map(|cell| cell.2));
                days[day[0].1] = match positions.get(set.as_slice()) {
                    Some(position) => *position,
                    None => {
                        let position = count(shift_sets.len());
                        shift_sets.push(set.clone());
                        positions.insert(set.clone(), position);
                        position
                    }
                };
            }
            lines.push(RosterGridRow {
                staff_id: person[0].0,
                days: DayList(days),
            });
        }
        Self {
            first_day,
            shift_sets,
            rows: lines,
        }
    }
}

/// A grid row's day numbers: GraphQL `[Int!]!`, written out in one step. (The generic list
/// resolves each element as a future of its own: for a month of 60 people, 1 860 futures
/// per read for plain numbers.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayList(pub Vec<i32>);

impl async_graphql::OutputType for DayList {
    fn type_name() -> std::borrow::Cow<'static, str> {
        <Vec<i32> as async_graphql::OutputType>::type_name()
    }

    fn qualified_type_name() -> String {
        <Vec<i32> as async_graphql::OutputType>::qualified_type_name()
    }

    fn create_type_info(registry: &mut async_graphql::registry::Registry) -> String {
        <Vec<i32> as async_graphql::OutputType>::create_type_info(registry)
    }

    fn resolve(
        &self,
        _ctx: &async_graphql::ContextSelectionSet<'_>,
        _field: &async_graphql::Positioned<async_graphql::parser::types::Field>,
    ) -> impl Future<Output = async_graphql::ServerResult<async_graphql::Value>> + Send {
        let list = self
            .0
            .iter()
            .map(|day| async_graphql::Value::Number((*day).into()))
            .collect();
        std::future::ready(Ok(async_graphql::Value::List(list)))
    }
}

#[derive(SimpleObject)]
pub struct RosterOverride {
    pub id: Uuid,
    pub rule: String,
    pub staff_id: Option<Uuid>,
    pub fingerprint: String,
    pub reason_code: String,
    pub author_id: Uuid,
    pub author_role: String,
    pub created_at: DateTime<Utc>,
}

impl From<roster_override::Model> for RosterOverride {
    fn from(row: roster_override::Model) -> Self {
        Self {
            id: row.id,
            rule: row.rule,
            staff_id: row.staff_id,
            fingerprint: row.fingerprint,
            reason_code: row.reason_code,
            author_id: row.author_id,
            author_role: row.author_role,
            created_at: row.created_at.with_timezone(&Utc),
        }
    }
}

/// One breach of one rule found by the independent checker.
#[derive(SimpleObject)]
pub struct RuleViolation {
    pub rule: String,
    /// Hard rules block validation and publication unless overridden.
    pub hard: bool,
    pub staff_id: Option<Uuid>,
    pub dates: Vec<NaiveDate>,
    /// French, for the user.
    pub message: String,
    /// Objective cost of a soft violation.
    pub cost: i64,
    /// Pass it to `overrideViolation` to accept this violation.
    pub fingerprint: String,
    /// Who accepted this violation and why, if anyone did.
    #[graphql(name = "override")]
    pub override_: Option<RosterOverride>,
}

impl From<CheckedViolation> for RuleViolation {
    fn from(v: CheckedViolation) -> Self {
        Self {
            rule: v.rule,
            hard: v.hard,
            staff_id: v.staff_id,
            dates: v.dates,
            message: v.message,
            cost: v.cost,
            fingerprint: v.fingerprint,
            override_: v.override_.map(Into::into),
        }
    }
}

/// A version of a roster with its assignments and what the rules say about it.
///
/// The rule check (the engine's checker over the whole month) runs only when the client asks
/// for `violations`, `hardViolations` or `blockingViolations`, once per version read: a plain
/// read of the grid does not pay for it. `setAssignment` still checks at once.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct RosterVersionView {
    pub roster: Roster,
    pub version: i32,
    #[graphql(skip)]
    rows: Vec<assignment::Model>,
    #[graphql(skip)]
    checked: tokio::sync::OnceCell<Vec<CheckedViolation>>,
}

impl RosterVersionView {
    fn new(roster: roster::Model, version: i32, rows: Vec<assignment::Model>) -> Self {
        Self {
            roster: roster.into(),
            version,
            rows,
            checked: tokio::sync::OnceCell::new(),
        }
    }

    async fn checked(&self, ctx: &Context<'_>) -> async_graphql::Result<&[CheckedViolation]> {
        let found = self
            .checked
            .get_or_try_init(|| async {
                let work = Work::begin(ctx).await?;
                let violations =
                    service::check_version(&work.txn, &work.scope, &self.roster.row, &self.rows)
                        .await
                        .map_err(service_error)?;
                work.done(violations).await
            })
            .await?;
        Ok(found)
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[ComplexObject]
impl RosterVersionView {
    /// Every shift of the version, one object each (the grid reads the compact `grid`).
    async fn assignments(&self) -> Vec<Assignment> {
        self.rows.iter().cloned().map(Into::into).collect()
    }

    /// The same shifts in compact form, one row of day numbers per person: what the planning
    /// grid reads (a month of 60 people is 60 rows of 31 numbers, not 1 900 objects to build
    /// and send).
    async fn grid(&self) -> RosterGrid {
        RosterGrid::new(self.roster.period_start, self.roster.period_end, &self.rows)
    }

    /// What the independent checker finds in this version, with the overrides accepted.
    async fn violations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RuleViolation>> {
        let found = self.checked(ctx).await?;
        Ok(found.iter().cloned().map(Into::into).collect())
    }

    async fn hard_violations(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let found = self.checked(ctx).await?;
        Ok(count(found.iter().filter(|v| v.hard).count()))
    }

    /// Hard violations without an override: validation is refused while this is not 0.
    async fn blocking_violations(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let found = self.checked(ctx).await?;
        Ok(count(found.iter().filter(|v| v.blocking()).count()))
    }
}

/// The outcome of an edit: the new version and the rule check of it.
#[derive(SimpleObject)]
pub struct AssignmentEditResult {
    pub roster: Roster,
    pub version: i32,
    pub violations: Vec<RuleViolation>,
    /// People told of a change to the published roster.
    pub notified_staff_ids: Vec<Uuid>,
}

#[derive(InputObject)]
pub struct SetAssignmentInput {
    pub roster_id: Uuid,
    pub staff_id: Uuid,
    pub date: NaiveDate,
    /// Null: the person is off that day.
    pub shift_type_id: Option<Uuid>,
    /// Required for a change to a published roster taking effect within 48 h (FPH-TDS-3).
    pub reason_code: Option<ReasonCode>,
    /// Accepts, with this reason, the hard violations the edit causes for this person or day.
    pub override_reason_code: Option<ReasonCode>,
}

#[derive(SimpleObject)]
pub struct AssignmentChange {
    pub staff_id: Uuid,
    pub date: NaiveDate,
    /// Shift types before and after (empty: off).
    pub before: Vec<Uuid>,
    pub after: Vec<Uuid>,
}

#[derive(SimpleObject)]
pub struct VersionComparison {
    pub from_version: i32,
    pub to_version: i32,
    pub changes: Vec<AssignmentChange>,
    /// Everyone with at least one change.
    pub staff_affected: Vec<Uuid>,
}

#[derive(SimpleObject)]
pub struct RosterNotification {
    pub id: Uuid,
    pub roster_id: Uuid,
    pub version: i32,
    pub date: NaiveDate,
    /// Empty when the change came with the full notice.
    pub reason_code: String,
    pub created_at: DateTime<Utc>,
}

impl From<roster_notification::Model> for RosterNotification {
    fn from(row: roster_notification::Model) -> Self {
        Self {
            id: row.id,
            roster_id: row.roster_id,
            version: row.version,
            date: row.date,
            reason_code: row.reason_code,
            created_at: row.created_at.with_timezone(&Utc),
        }
    }
}

#[derive(Default)]
pub struct RosterQuery;

#[Object]
impl RosterQuery {
    /// The rosters of a unit.
    async fn rosters(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Roster>> {
        let page = page_request(first, after.clone())?;
        let work = Work::begin(ctx).await?;
        let found = service::list(&work.txn, &work.scope, unit_id, page)
            .await
            .map_err(service_error)?;
        work.done(connection(found, |r| r.id, Roster::from, after.is_some()))
            .await
    }

    /// A version of a roster (the current one by default) with its assignments and rule check.
    async fn roster(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: Option<i32>,
    ) -> async_graphql::Result<RosterVersionView> {
        let work = Work::begin(ctx).await?;
        // Catch up on solves that finished while nobody listened (restart), inside a savepoint:
        // the background importer may be storing the same result right now (the loser's
        // insert fails), and the read must neither fail nor lose its transaction for it.
        // Nothing pending (the usual case) costs one query and no savepoint.
        if solve::has_pending(&work.txn, work.scope.tenant, id)
            .await
            .map_err(service_error)?
        {
            let savepoint = work.txn.begin().await?;
            match solve::import_pending_in(&savepoint, work.scope.tenant, Some(id)).await {
                Ok(_) => savepoint.commit().await?,
                Err(error) => {
                    tracing::warn!(error = ?error, roster_id = %id, "roster import on read failed");
                    savepoint.rollback().await?;
                }
            }
        }
        let (roster, number, rows) = service::read_version(&work.txn, &work.scope, id, version)
            .await
            .map_err(service_error)?;
        work.done(RosterVersionView::new(roster, number, rows))
            .await
    }

    /// What changed, for whom, between two versions of a roster.
    async fn compare_roster_versions(
        &self,
        ctx: &Context<'_>,
        roster_id: Uuid,
        from_version: i32,
        to_version: i32,
    ) -> async_graphql::Result<VersionComparison> {
        let work = Work::begin(ctx).await?;
        let changes = service::compare(&work.txn, &work.scope, roster_id, from_version, to_version)
            .await
            .map_err(service_error)?;
        let mut affected: Vec<Uuid> = changes.iter().map(|c| c.staff_id).collect();
        affected.sort();
        affected.dedup();
        work.done(VersionComparison {
            from_version,
            to_version,
            changes: changes
                .into_iter()
                .map(|c| AssignmentChange {
                    staff_id: c.staff_id,
                    date: c.date,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
            staff_affected: affected,
        })
        .await
    }

    /// The signed-in person's published shifts between two dates (at most 62 days apart).
    async fn my_shifts(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<Vec<Assignment>> {
        let work = Work::begin(ctx).await?;
        let rows = service::my_assignments(&work.txn, &work.scope, from, to)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// « Pourquoi moi ? » : the signed-in person's published shifts on `date`, each with how many
    /// colleagues could also have taken it and the rules that kept the others from it (nobody
    /// is named).
    async fn my_shift_explanations(
        &self,
        ctx: &Context<'_>,
        date: NaiveDate,
    ) -> async_graphql::Result<Vec<MyShiftExplanation>> {
        let work = Work::begin(ctx).await?;
        let found = why_mine::my_shift_why(&work.txn, &work.scope, date)
            .await
            .map_err(service_error)?;
        work.done(found.into_iter().map(MyShiftExplanation::from).collect())
            .await
    }

    /// Changes to the signed-in person's published roster.
    async fn my_notifications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, RosterNotification>> {
        let page = page_request(first, after.clone())?;
        let work = Work::begin(ctx).await?;
        let found = service::my_notifications(&work.txn, &work.scope, page)
            .await
            .map_err(service_error)?;
        work.done(connection(
            found,
            |r| r.id,
            RosterNotification::from,
            after.is_some(),
        ))
        .await
    }
}

#[derive(Default)]
pub struct RosterMutation;

#[Object]
impl RosterMutation {
    /// Creates an empty draft roster for a unit and period (at most 92 days).
    async fn create_roster(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        period_start: NaiveDate,
        period_end: NaiveDate,
    ) -> async_graphql::Result<Roster> {
        let work = Work::begin(ctx).await?;
        let row = service::create(&work.txn, &work.scope, unit_id, period_start, period_end)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Sets what one person works on one day (a new version), checked against every rule.
    async fn set_assignment(
        &self,
        ctx: &Context<'_>,
        input: SetAssignmentInput,
    ) -> async_graphql::Result<AssignmentEditResult> {
        let work = Work::begin(ctx).await?;
        let edit = AssignmentEdit {
            roster_id: input.roster_id,
            staff_id: input.staff_id,
            date: input.date,
            shift_type_id: input.shift_type_id,
            reason_code: reason(input.reason_code),
            override_reason_code: reason(input.override_reason_code),
        };
        let outcome = service::set_assignment(&work.txn, &work.scope, edit)
            .await
            .map_err(service_error)?;
        work.done(AssignmentEditResult {
            roster: outcome.roster.into(),
            version: outcome.version,
            violations: outcome.violations.into_iter().map(Into::into).collect(),
            notified_staff_ids: outcome.notified,
        })
        .await
    }

    /// Accepts a hard violation of the current version, with a reason code (attributed, logged).
    async fn override_violation(
        &self,
        ctx: &Context<'_>,
        roster_id: Uuid,
        fingerprint: String,
        reason_code: ReasonCode,
    ) -> async_graphql::Result<RosterOverride> {
        let work = Work::begin(ctx).await?;
        let row = service::override_violation(
            &work.txn,
            &work.scope,
            roster_id,
            &fingerprint,
            reason_code.as_str(),
        )
        .await
        .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Queues a solve of the roster; its result becomes a new version when the job succeeds.
    async fn request_roster_solve(
        &self,
        ctx: &Context<'_>,
        roster_id: Uuid,
        #[graphql(default = 30.0)] time_limit: f64,
        #[graphql(default = 0)] seed: u64,
        max_iterations: Option<u64>,
    ) -> async_graphql::Result<Job> {
        planner(ctx)?;
        let work = Work::begin(ctx).await?;
        let (state, scope) = (work.state, work.scope.clone());
        work.done(()).await?;
        let params = SolveParams {
            time_limit,
            seed,
            max_iterations,
            repair: None,
        };
        let job = solve::request(state, &scope, roster_id, params)
            .await
            .map_err(service_error)?;
        job.try_into().map_err(|e: async_graphql::Error| {
            internal(anyhow::anyhow!("job conversion: {}", e.message))
        })
    }

    async fn propose_roster(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Roster> {
        let work = Work::begin(ctx).await?;
        let row = workflow::propose(&work.txn, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Refused while any hard violation has no override.
    async fn validate_roster(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Roster> {
        let work = Work::begin(ctx).await?;
        let row = workflow::validate(&work.txn, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Publishes a validated roster; less than 15 days before its start a reason code is
    /// required (FPH-TDS-2).
    async fn publish_roster(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        reason_code: Option<ReasonCode>,
    ) -> async_graphql::Result<Roster> {
        let work = Work::begin(ctx).await?;
        let row = workflow::publish(&work.txn, &work.scope, id, reason(reason_code))
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }
}

/// A rule that kept colleagues from a shift, and how many of them.
#[derive(SimpleObject)]
pub struct BlockingRule {
    pub rule: String,
    /// French.
    pub label: String,
    /// The legal source, when the rule has one.
    pub source: Option<String>,
    pub colleagues: i32,
}

/// Why the signed-in person has a shift (« Pourquoi moi ? »), without naming colleagues.
#[derive(SimpleObject)]
pub struct MyShiftExplanation {
    pub roster_id: Uuid,
    pub date: NaiveDate,
    pub shift_type_id: Uuid,
    /// Colleagues who could have taken it without breaking a hard rule.
    pub others_possible: i32,
    /// Colleagues who could not.
    pub others_blocked: i32,
    /// The rules that blocked them, most frequent first (a colleague counts under each).
    pub blocked_by: Vec<BlockingRule>,
    /// French.
    pub text: String,
}

impl From<why_mine::MyShiftWhy> for MyShiftExplanation {
    fn from(w: why_mine::MyShiftWhy) -> Self {
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        let text = if w.others_possible == 0 {
            format!(
                "Poste {} : aucun autre agent ne pouvait le tenir sans enfreindre une règle.",
                w.shift_code
            )
        } else {
            format!(
                "Poste {} : {} autre(s) agent(s) pouvaient aussi le tenir ; le planning retenu est le meilleur compromis (couverture, équité, souhaits).",
                w.shift_code, w.others_possible
            )
        };
        MyShiftExplanation {
            roster_id: w.roster_id,
            date: w.date,
            shift_type_id: w.shift_type_id,
            others_possible: count(w.others_possible),
            others_blocked: count(w.others_blocked),
            blocked_by: w
                .blocked_by
                .into_iter()
                .map(|b| BlockingRule {
                    label: why_mine::rule_label(&b.rule),
                    rule: b.rule,
                    source: b.source,
                    colleagues: count(b.colleagues),
                })
                .collect(),
            text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(staff: Uuid, date: NaiveDate, shift_type: Uuid) -> assignment::Model {
        assignment::Model {
            tenant_id: Uuid::nil(),
            roster_version_id: Uuid::nil(),
            staff_id: staff,
            date,
            shift_type_id: shift_type,
        }
    }

    #[test]
    fn the_grid_has_a_day_per_cell_and_a_set_per_combination_of_shifts() {
        let day = |d| NaiveDate::from_ymd_opt(2027, 3, d).unwrap_or_default();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let (morning, afternoon) = (Uuid::from_u128(10), Uuid::from_u128(11));
        let rows = [
            shift(b, day(3), morning),
            shift(a, day(1), afternoon),
            shift(a, day(1), morning),
            shift(a, day(2), morning),
            // Outside the period: not in the grid.
            shift(a, day(9), morning),
        ];
        let grid = RosterGrid::new(day(1), day(4), &rows);
        assert_eq!(grid.first_day, day(1));
        assert_eq!(
            grid.shift_sets,
            vec![vec![], vec![morning, afternoon], vec![morning]]
        );
        let lines: Vec<(Uuid, Vec<i32>)> = grid
            .rows
            .iter()
            .map(|r| (r.staff_id, r.days.0.clone()))
            .collect();
        assert_eq!(lines, vec![(a, vec![1, 2, 0, 0]), (b, vec![0, 0, 2, 0])]);
    }
}
