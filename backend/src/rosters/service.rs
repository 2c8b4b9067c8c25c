//! Roster use cases: create one for a unit and period, list them, edit one assignment with
//! an immediate rule check, accept a violation, compare two versions, and a person's own view.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::audit::access_log::{self, Access, PendingEntry};
use crate::entity::{assignment, roster, roster_notification, roster_override, roster_version};
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::{shift_types, staff};
use crate::pagination::{self, Page, PageRequest};
use crate::planning::problem_builder::by_cell;
use crate::rosters::REASON_CODES;
use crate::rosters::check::{self, CheckedViolation, blocking_error};
use crate::rosters::store::{self, Source};
use crate::security::access_chain::Operation;
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

/// Longest period one roster covers (a cycle of up to 12 weeks, or a quarter).
const MAX_PERIOD_DAYS: i64 = 92;
/// A change taking effect this soon after it is made needs a reason (FPH-TDS-3).
pub const LATE_CHANGE_HOURS: i64 = 48;

pub fn check_reason(field: &'static str, code: Option<&str>) -> ServiceResult<Option<String>> {
    match code {
        None => Ok(None),
        Some(code) if REASON_CODES.contains(&code) => Ok(Some(code.to_owned())),
        Some(_) => Err(ServiceError::invalid(
            field,
            format!("motif inconnu (un de : {})", REASON_CODES.join(", ")),
        )),
    }
}

/// Logs an operation on a roster (a nominative roster is personal data of everyone in it).
pub async fn log(
    txn: &DatabaseTransaction,
    scope: &Scope,
    operation: Operation,
    roster: &roster::Model,
    people: impl IntoIterator<Item = Uuid>,
    purpose: &str,
) -> ServiceResult<()> {
    entry(scope, operation, roster, people, purpose)?
        .record(txn)
        .await?;
    Ok(())
}

/// The access-log entry of an operation on a roster: the roster, then each person once.
fn entry(
    scope: &Scope,
    operation: Operation,
    roster: &roster::Model,
    people: impl IntoIterator<Item = Uuid>,
    purpose: &str,
) -> ServiceResult<PendingEntry> {
    let mut ids = vec![roster.id];
    let unique: BTreeSet<Uuid> = people.into_iter().collect();
    ids.extend(unique);
    let access = Access {
        operation,
        object_type: "roster",
        object_ids: ids,
        purpose,
    };
    Ok(PendingEntry::new(scope.tenant, &scope.actor(), access)?)
}

pub async fn create(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
    period_start: NaiveDate,
    period_end: NaiveDate,
) -> ServiceResult<roster::Model> {
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_plans(&unit)?;
    if period_end < period_start {
        return Err(ServiceError::invalid(
            "periodEnd",
            "avant le début de la période",
        ));
    }
    if (period_end - period_start).num_days() >= MAX_PERIOD_DAYS {
        return Err(ServiceError::invalid(
            "periodEnd",
            format!("une période couvre au plus {MAX_PERIOD_DAYS} jours"),
        ));
    }
    let overlapping = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .filter(roster::Column::UnitId.eq(unit.id))
        .filter(roster::Column::PeriodStart.lte(period_end))
        .filter(roster::Column::PeriodEnd.gte(period_start))
        .one(txn)
        .await?;
    if overlapping.is_some() {
        return Err(ServiceError::invalid(
            "periodStart",
            "un planning de cette unité couvre déjà une partie de la période",
        ));
    }
    let now = Utc::now().fixed_offset();
    let created = roster::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        unit_id: Set(unit.id),
        period_start: Set(period_start),
        period_end: Set(period_end),
        state: Set("draft".to_owned()),
        current_version: Set(0),
        published_version: Set(None),
        created_by: Set(scope.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    store::append_version(txn, &created, scope.user_id, Source::Created, &[]).await?;
    log(txn, scope, Operation::Create, &created, [], "planning").await?;
    store::reload(txn, &created).await
}

pub async fn list(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
    page: PageRequest,
) -> ServiceResult<Page<roster::Model>> {
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_reads(&unit)?;
    let query = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .filter(roster::Column::UnitId.eq(unit.id));
    pagination::fetch(txn, query, roster::Column::Id, page).await
}

/// The version read and its assignments (logged as a consultation). The rule check is
/// [`check_version`], run only when asked for.
pub async fn read_version(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
    number: Option<i32>,
) -> ServiceResult<(roster::Model, i32, Vec<assignment::Model>)> {
    let (roster, _) = store::load(txn, scope, roster_id, false).await?;
    let number = number.unwrap_or(roster.current_version);
    // Names the roster alone: the statement adds the pack's people.
    let read = entry(scope, Operation::Read, &roster, [], "planning")?;
    if let Some(rows) = store::packed_assignments_logged(txn, &roster, number, &read).await? {
        read.done();
        return Ok((roster, number, rows));
    }
    let rows = store::assignments(txn, &roster, number).await?;
    log(
        txn,
        scope,
        Operation::Read,
        &roster,
        rows.iter().map(|a| a.staff_id),
        "planning",
    )
    .await?;
    Ok((roster, number, rows))
}

/// The rule check of a version already read (and logged) with [`read_version`].
pub async fn check_version(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster: &roster::Model,
    rows: &[assignment::Model],
) -> ServiceResult<Vec<CheckedViolation>> {
    let unit = find_unit(txn, scope.tenant, roster.unit_id).await?;
    let (_, violations) = check::check(txn, roster, &unit, rows).await?;
    Ok(violations)
}

/// What one edit asks for.
pub struct AssignmentEdit<'a> {
    pub roster_id: Uuid,
    pub staff_id: Uuid,
    pub date: NaiveDate,
    /// `None`: the person is off that day.
    pub shift_type_id: Option<Uuid>,
    /// Required for a change to a published roster within 48 h (FPH-TDS-3).
    pub reason_code: Option<&'a str>,
    /// Accepts, with this reason, the hard violations this edit causes for this person or day.
    pub override_reason_code: Option<&'a str>,
}

/// The outcome of an edit: the new version and its violations.
pub struct EditOutcome {
    pub roster: roster::Model,
    pub version: i32,
    pub violations: Vec<CheckedViolation>,
    pub notified: Vec<Uuid>,
}

async fn add_override(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster: &roster::Model,
    violation: &CheckedViolation,
    reason_code: &str,
) -> ServiceResult<roster_override::Model> {
    let dates: Vec<String> = violation.dates.iter().map(ToString::to_string).collect();
    let row = roster_override::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(roster.tenant_id),
        roster_id: Set(roster.id),
        rule: Set(violation.rule.clone()),
        staff_id: Set(violation.staff_id),
        dates: Set(serde_json::to_string(&dates).map_err(anyhow::Error::from)?),
        fingerprint: Set(violation.fingerprint.clone()),
        reason_code: Set(reason_code.to_owned()),
        author_id: Set(scope.user_id),
        author_role: Set(scope.role.as_str().to_owned()),
        created_at: Set(Utc::now().fixed_offset()),
    }
    .insert(txn)
    .await?;
    log(
        txn,
        scope,
        Operation::Create,
        roster,
        violation.staff_id,
        "rule_override",
    )
    .await?;
    Ok(row)
}

/// Sets what one person works on one day, as a new version, and checks the rules at once.
/// On a published roster the new version is published at once: a change taking effect within
/// 48 h needs a reason code (FPH-TDS-3), the person is notified, and no hard violation may be
/// left without an override.
pub async fn set_assignment(
    txn: &DatabaseTransaction,
    scope: &Scope,
    edit: AssignmentEdit<'_>,
) -> ServiceResult<EditOutcome> {
    let (roster, unit) = store::load(txn, scope, edit.roster_id, true).await?;
    let person = staff::find(txn, scope.tenant, edit.staff_id).await?;
    let shift = match edit.shift_type_id {
        Some(id) => Some(shift_types::find(txn, scope, id).await?),
        None => None,
    };
    let reason = check_reason("reasonCode", edit.reason_code)?;
    let override_reason = check_reason("overrideReasonCode", edit.override_reason_code)?;
    if edit.date < roster.period_start || edit.date > roster.period_end {
        return Err(ServiceError::invalid(
            "date",
            "hors de la période du planning",
        ));
    }
    let current = store::assignments(txn, &roster, roster.current_version).await?;
    if !staff::works_in(&person, &unit) && !current.iter().any(|a| a.staff_id == person.id) {
        return Err(ServiceError::invalid(
            "staffId",
            format!("l'agent n'est pas autorisé dans l'unité {}", unit.code),
        ));
    }
    let published = roster.state == "published";
    if published {
        let effect = edit.date.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
        let late = effect.is_none_or(|t| t - Utc::now() < Duration::hours(LATE_CHANGE_HOURS));
        if late && reason.is_none() {
            return Err(ServiceError::ReasonRequired(format!(
                "FPH-TDS-3 : une modification du tableau de service publié qui prend effet dans \
                 moins de {LATE_CHANGE_HOURS} h exige un motif (reasonCode)"
            )));
        }
    }
    let before = by_cell(&current);
    let mut rows: Vec<(Uuid, NaiveDate, Uuid)> = current
        .iter()
        .filter(|a| !(a.staff_id == person.id && a.date == edit.date))
        .map(|a| (a.staff_id, a.date, a.shift_type_id))
        .collect();
    if let Some(shift) = &shift {
        rows.push((person.id, edit.date, shift.id));
    }
    let unchanged = before
        .get(&(person.id, edit.date))
        .cloned()
        .unwrap_or_default()
        == shift.iter().map(|s| s.id).collect::<Vec<_>>();
    if unchanged {
        return Err(ServiceError::invalid("shiftTypeId", "aucun changement"));
    }
    let version = store::append_version(txn, &roster, scope.user_id, Source::Edit, &rows).await?;
    let mut roster = store::reload(txn, &roster).await?;
    let new_rows = store::assignments(txn, &roster, version.number).await?;
    let (_, mut violations) = check::check(txn, &roster, &unit, &new_rows).await?;
    if let Some(code) = &override_reason {
        for v in violations.iter_mut() {
            let concerned = v.staff_id == Some(person.id) || v.dates.contains(&edit.date);
            if v.blocking() && concerned {
                v.override_ = Some(add_override(txn, scope, &roster, v, code).await?);
            }
        }
    }
    let mut notified = Vec::new();
    match roster.state.as_str() {
        "published" => {
            if let Some(error) = blocking_error(&violations, "Modification du tableau publié") {
                return Err(error);
            }
            store::transition(
                txn,
                &roster,
                &scope.actor(),
                "published",
                version.number,
                reason.as_deref(),
                Some(version.number),
            )
            .await?;
            roster_notification::ActiveModel {
                id: Set(Uuid::new_v4()),
                tenant_id: Set(roster.tenant_id),
                roster_id: Set(roster.id),
                staff_id: Set(person.id),
                version: Set(version.number),
                date: Set(edit.date),
                reason_code: Set(reason.clone().unwrap_or_default()),
                created_at: Set(Utc::now().fixed_offset()),
                read_at: Set(None),
            }
            .insert(txn)
            .await?;
            notified.push(person.id);
            roster = store::reload(txn, &roster).await?;
        }
        "proposed" | "validated" => {
            // A change after proposal or validation needs a new look: back to draft.
            store::transition(
                txn,
                &roster,
                &scope.actor(),
                "draft",
                version.number,
                None,
                None,
            )
            .await?;
            roster = store::reload(txn, &roster).await?;
        }
        _ => {}
    }
    let purpose = if published {
        "published_roster_change"
    } else {
        "planning"
    };
    log(txn, scope, Operation::Update, &roster, [person.id], purpose).await?;
    Ok(EditOutcome {
        roster,
        version: version.number,
        violations,
        notified,
    })
}

/// Accepts a hard violation of the current version, with a reason code, attributed.
pub async fn override_violation(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
    fingerprint: &str,
    reason_code: &str,
) -> ServiceResult<roster_override::Model> {
    let (roster, unit) = store::load(txn, scope, roster_id, true).await?;
    let reason = check_reason("reasonCode", Some(reason_code))?.unwrap_or_default();
    let rows = store::assignments(txn, &roster, roster.current_version).await?;
    let (_, violations) = check::check(txn, &roster, &unit, &rows).await?;
    let violation = violations
        .iter()
        .find(|v| v.fingerprint == fingerprint)
        .ok_or_else(|| {
            ServiceError::invalid(
                "fingerprint",
                "aucune violation de ce planning ne correspond",
            )
        })?;
    if !violation.hard {
        return Err(ServiceError::invalid(
            "fingerprint",
            "une règle souple ne demande pas de dérogation",
        ));
    }
    if let Some(existing) = &violation.override_ {
        return Ok(existing.clone());
    }
    add_override(txn, scope, &roster, violation, &reason).await
}

/// What changed for one person on one day between two versions.
#[derive(Debug, Clone)]
pub struct Change {
    pub staff_id: Uuid,
    pub date: NaiveDate,
    pub before: Vec<Uuid>,
    pub after: Vec<Uuid>,
}

pub async fn compare(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
    from: i32,
    to: i32,
) -> ServiceResult<Vec<Change>> {
    let (roster, _) = store::load(txn, scope, roster_id, false).await?;
    let before = by_cell(&store::assignments(txn, &roster, from).await?);
    let after = by_cell(&store::assignments(txn, &roster, to).await?);
    let cells: BTreeSet<(Uuid, NaiveDate)> = before.keys().chain(after.keys()).copied().collect();
    let changes: Vec<Change> = cells
        .into_iter()
        .filter_map(|cell| {
            let b = before.get(&cell).cloned().unwrap_or_default();
            let a = after.get(&cell).cloned().unwrap_or_default();
            (a != b).then_some(Change {
                staff_id: cell.0,
                date: cell.1,
                before: b,
                after: a,
            })
        })
        .collect();
    log(
        txn,
        scope,
        Operation::Read,
        &roster,
        changes.iter().map(|c| c.staff_id),
        "planning",
    )
    .await?;
    Ok(changes)
}

/// The signed-in person's published shifts between two dates (at most 62 days).
pub async fn my_assignments(
    txn: &DatabaseTransaction,
    scope: &Scope,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<assignment::Model>> {
    let staff_id = scope
        .staff_id
        .ok_or_else(|| ServiceError::forbidden("votre compte n'est lié à aucune fiche d'agent"))?;
    if to < from || (to - from).num_days() > 62 {
        return Err(ServiceError::invalid("to", "au plus 62 jours après from"));
    }
    let rosters = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .filter(roster::Column::PublishedVersion.is_not_null())
        .filter(roster::Column::PeriodStart.lte(to))
        .filter(roster::Column::PeriodEnd.gte(from))
        .all(txn)
        .await?;
    let mut mine = Vec::new();
    for r in &rosters {
        let Some(number) = r.published_version else {
            continue;
        };
        let version: roster_version::Model = store::version(txn, r, number).await?;
        let rows = assignment::Entity::find()
            .filter(assignment::Column::TenantId.eq(scope.tenant.0))
            .filter(assignment::Column::RosterVersionId.eq(version.id))
            .filter(assignment::Column::StaffId.eq(staff_id))
            .filter(assignment::Column::Date.between(from, to))
            .all(txn)
            .await?;
        mine.extend(rows);
    }
    mine.sort_by_key(|a| a.date);
    let access = Access {
        operation: Operation::Read,
        object_type: "roster",
        object_ids: vec![staff_id],
        purpose: "self_service",
    };
    access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    Ok(mine)
}

pub async fn my_notifications(
    txn: &DatabaseTransaction,
    scope: &Scope,
    page: PageRequest,
) -> ServiceResult<Page<roster_notification::Model>> {
    let Some(staff_id) = scope.staff_id else {
        return Ok(Page {
            items: Vec::new(),
            has_next: false,
        });
    };
    let query = roster_notification::Entity::find()
        .filter(roster_notification::Column::TenantId.eq(scope.tenant.0))
        .filter(roster_notification::Column::StaffId.eq(staff_id));
    pagination::fetch(txn, query, roster_notification::Column::Id, page).await
}

/// Which roles take part in planning (the others read their own data only).
pub fn is_planner(role: Role) -> bool {
    matches!(role, Role::GhtAdmin | Role::SiteManager | Role::UnitManager)
}
