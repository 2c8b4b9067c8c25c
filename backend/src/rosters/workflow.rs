//! Moving a roster through its states, each step attributed and logged:
//! draft → proposed → validated → published. Validation and publication are refused while
//! any hard violation has no override; publishing less than 15 days before the period starts
//! needs a reason code (FPH-TDS-2). Publishing a new version of a roster already published
//! (a repair) tells everyone whose shifts changed, as an edit of the published roster does.

use std::collections::BTreeSet;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseTransaction};
use uuid::Uuid;

use crate::entity::{assignment, roster, roster_notification};
use crate::organisation::scope::Scope;
use crate::planning::problem_builder::by_cell;
use crate::rosters::check::{self, blocking_error};
use crate::rosters::service::{check_reason, log};
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};

/// Days of notice a publication owes staff (FPH-TDS-2).
pub const PUBLICATION_NOTICE_DAYS: i64 = 15;

fn wrong_state(roster: &roster::Model, action: &str) -> ServiceError {
    ServiceError::Conflict(format!(
        "{action} impossible : le planning est à l'état « {} »",
        roster.state
    ))
}

pub async fn propose(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
) -> ServiceResult<roster::Model> {
    let (roster, _) = store::load(txn, scope, roster_id, true).await?;
    if roster.state != "draft" {
        return Err(wrong_state(&roster, "Proposition"));
    }
    store::transition(
        txn,
        &roster,
        &scope.actor(),
        "proposed",
        roster.current_version,
        None,
        None,
    )
    .await?;
    log(
        txn,
        scope,
        Operation::Update,
        &roster,
        [],
        "planning_workflow",
    )
    .await?;
    store::reload(txn, &roster).await
}

pub async fn validate(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
) -> ServiceResult<roster::Model> {
    let (roster, unit) = store::load(txn, scope, roster_id, true).await?;
    if !["draft", "proposed"].contains(&roster.state.as_str()) {
        return Err(wrong_state(&roster, "Validation"));
    }
    let rows = store::assignments(txn, &roster, roster.current_version).await?;
    let (_, violations) = check::check(txn, &roster, &unit, &rows).await?;
    if let Some(error) = blocking_error(&violations, "Validation") {
        return Err(error);
    }
    store::transition(
        txn,
        &roster,
        &scope.actor(),
        "validated",
        roster.current_version,
        None,
        None,
    )
    .await?;
    log(
        txn,
        scope,
        Operation::Update,
        &roster,
        rows.iter().map(|a| a.staff_id),
        "planning_validation",
    )
    .await?;
    store::reload(txn, &roster).await
}

pub async fn publish(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
    reason_code: Option<&str>,
) -> ServiceResult<roster::Model> {
    let (roster, unit) = store::load(txn, scope, roster_id, true).await?;
    let reason = check_reason("reasonCode", reason_code)?;
    if roster.state != "validated" {
        return Err(wrong_state(&roster, "Publication"));
    }
    let notice = (roster.period_start - Utc::now().date_naive()).num_days();
    if notice < PUBLICATION_NOTICE_DAYS && reason.is_none() {
        return Err(ServiceError::ReasonRequired(format!(
            "FPH-TDS-2 : le tableau de service est publié au moins {PUBLICATION_NOTICE_DAYS} \
             jours avant son début ; à {notice} jour(s), un motif est exigé (reasonCode)"
        )));
    }
    let rows = store::assignments(txn, &roster, roster.current_version).await?;
    let (_, violations) = check::check(txn, &roster, &unit, &rows).await?;
    if let Some(error) = blocking_error(&violations, "Publication") {
        return Err(error);
    }
    store::transition(
        txn,
        &roster,
        &scope.actor(),
        "published",
        roster.current_version,
        reason.as_deref(),
        Some(roster.current_version),
    )
    .await?;
    if let Some(before) = roster
        .published_version
        .filter(|v| *v != roster.current_version)
    {
        let before = store::assignments(txn, &roster, before).await?;
        notify_changes(txn, &roster, &before, &rows, reason.as_deref()).await?;
    }
    // What the roster gives each person, for the next periods' fairness and counters.
    crate::planning::fairness::record_publication(txn, &roster, roster.current_version, &rows)
        .await?;
    let published = store::reload(txn, &roster).await?;
    crate::planning::counters::record_publication(txn, &published, &rows).await?;
    log(
        txn,
        scope,
        Operation::Update,
        &roster,
        rows.iter().map(|a| a.staff_id),
        "planning_publication",
    )
    .await?;
    Ok(published)
}

/// Tells each person whose shifts differ between the previously published rows and the new
/// ones, once per changed day.
async fn notify_changes(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    before: &[assignment::Model],
    after: &[assignment::Model],
    reason: Option<&str>,
) -> ServiceResult<()> {
    let (old, new) = (by_cell(before), by_cell(after));
    let cells: BTreeSet<_> = old.keys().chain(new.keys()).copied().collect();
    for (staff_id, date) in cells {
        if old.get(&(staff_id, date)) == new.get(&(staff_id, date)) {
            continue;
        }
        roster_notification::ActiveModel {
            id: Set(Uuid::new_v4()),
            tenant_id: Set(roster.tenant_id),
            roster_id: Set(roster.id),
            staff_id: Set(staff_id),
            version: Set(roster.current_version),
            date: Set(date),
            reason_code: Set(reason.unwrap_or_default().to_owned()),
            created_at: Set(Utc::now().fixed_offset()),
            read_at: Set(None),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
