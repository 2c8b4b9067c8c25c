//! Work cycles (trames): a repeating pattern of 1 to 12 weeks, one shift code or a day off
//! per day, Monday first; and the people who follow one. A person is put on a *line* of
//! the trame: their cycle is anchored so that the week of their start date is that line
//! (line 2 of a 4-week trame starts one week into the pattern). Not personal data beyond
//! pseudonymous ids, so nothing is sealed here.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::entity::{staff, staff_cycle, work_cycle};
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::structure::check_name;
use crate::organisation::{shift_types, staff as people};
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

/// The days of a cycle, `None` for a day off.
pub fn pattern(row: &work_cycle::Model) -> Vec<Option<String>> {
    serde_json::from_str(&row.pattern).unwrap_or_default()
}

/// Refuses unless the viewer may change the trames of `unit_id` (its planners), or the
/// GHT's shared trames (`ght_admin`).
async fn require_edits(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Option<Uuid>,
) -> ServiceResult<()> {
    match unit_id {
        Some(id) => {
            let unit = find_unit(txn, scope.tenant, id).await?;
            scope.require_plans(&unit)
        }
        None => scope.require_role(&[Role::GhtAdmin], "trame commune au GHT"),
    }
}

/// Checks a name, a length and the days of a trame; returns them as stored (codes trimmed
/// and upper-cased, blanks as days off).
async fn check_trame(
    txn: &DatabaseTransaction,
    scope: &Scope,
    name: &str,
    weeks: i32,
    days: Vec<Option<String>>,
) -> ServiceResult<(String, String)> {
    let name = check_name("name", name)?;
    if !(1..=12).contains(&weeks) {
        return Err(ServiceError::invalid("weeks", "entre 1 et 12 semaines"));
    }
    let expected = usize::try_from(weeks * 7).unwrap_or(0);
    if days.len() != expected {
        return Err(ServiceError::invalid(
            "pattern",
            format!(
                "{expected} jours attendus (7 × {weeks} semaines), {} reçus",
                days.len()
            ),
        ));
    }
    let codes: Vec<String> = shift_types::list(txn, scope)
        .await?
        .into_iter()
        .map(|s| s.code)
        .collect();
    let mut normalised = Vec::with_capacity(days.len());
    for (index, day) in days.into_iter().enumerate() {
        let day = day
            .map(|code| code.trim().to_uppercase())
            .filter(|c| !c.is_empty());
        if let Some(code) = &day
            && !codes.contains(code)
        {
            return Err(ServiceError::invalid(
                "pattern",
                format!("jour {} : code de poste inconnu « {code} »", index + 1),
            ));
        }
        normalised.push(day);
    }
    let pattern = serde_json::to_string(&normalised).map_err(anyhow::Error::from)?;
    Ok((name, pattern))
}

/// Creates a trame for a unit (its planners) or for the whole GHT (`ght_admin`).
pub async fn create(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Option<Uuid>,
    name: &str,
    weeks: i32,
    days: Vec<Option<String>>,
) -> ServiceResult<work_cycle::Model> {
    require_edits(txn, scope, unit_id).await?;
    let (name, pattern) = check_trame(txn, scope, name, weeks, days).await?;
    Ok(work_cycle::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        unit_id: Set(unit_id),
        name: Set(name),
        weeks: Set(weeks),
        pattern: Set(pattern),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    }
    .insert(txn)
    .await?)
}

/// Renames a trame or changes its weeks and days (same rights as creating it). The people
/// on it keep their anchor: their line is read in the new pattern from the next plan on.
pub async fn update(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    name: &str,
    weeks: i32,
    days: Vec<Option<String>>,
) -> ServiceResult<work_cycle::Model> {
    let found = find_cycle(txn, scope, id).await?;
    require_edits(txn, scope, found.unit_id).await?;
    let (name, pattern) = check_trame(txn, scope, name, weeks, days).await?;
    let mut row = found.into_active_model();
    row.name = Set(name);
    row.weeks = Set(weeks);
    row.pattern = Set(pattern);
    Ok(row.update(txn).await?)
}

/// Deletes a trame nobody follows (same rights as creating it). A trame someone follows is
/// refused rather than silently taken from them: their past plans were built on it.
pub async fn delete(txn: &DatabaseTransaction, scope: &Scope, id: Uuid) -> ServiceResult<()> {
    let found = find_cycle(txn, scope, id).await?;
    require_edits(txn, scope, found.unit_id).await?;
    let followers = staff_cycle::Entity::find()
        .filter(staff_cycle::Column::TenantId.eq(scope.tenant.0))
        .filter(staff_cycle::Column::CycleId.eq(found.id))
        .count(txn)
        .await?;
    if followers > 0 {
        return Err(ServiceError::Conflict(format!(
            "la trame « {} » est suivie par {followers} agent{} : elle ne peut pas être supprimée",
            found.name,
            if followers > 1 { "s" } else { "" }
        )));
    }
    work_cycle::Entity::delete_by_id(found.id).exec(txn).await?;
    Ok(())
}

/// The people on a trame, those whose file the viewer may read (the trame's unit's
/// readers; for a GHT trame, the people of the units the viewer reads).
pub async fn members(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
) -> ServiceResult<Vec<staff_cycle::Model>> {
    let found = find_cycle(txn, scope, id).await?;
    match found.unit_id {
        Some(unit_id) => {
            let unit = find_unit(txn, scope.tenant, unit_id).await?;
            scope.require_reads(&unit)?;
        }
        None => scope.require_role(
            &[
                Role::GhtAdmin,
                Role::SiteManager,
                Role::UnitManager,
                Role::Hr,
            ],
            "personnes d'une trame",
        )?,
    }
    let rows = staff_cycle::Entity::find()
        .filter(staff_cycle::Column::TenantId.eq(scope.tenant.0))
        .filter(staff_cycle::Column::CycleId.eq(found.id))
        .order_by_asc(staff_cycle::Column::StartDate)
        .all(txn)
        .await?;
    let mut visible = Vec::with_capacity(rows.len());
    for row in rows {
        let person = people::find(txn, scope.tenant, row.staff_id).await?;
        if people::may_read(txn, scope, &person).await? {
            visible.push(row);
        }
    }
    Ok(visible)
}

/// The trames a unit may use: its own and the GHT's.
pub async fn for_unit(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
) -> ServiceResult<Vec<work_cycle::Model>> {
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_reads(&unit)?;
    Ok(work_cycle::Entity::find()
        .filter(work_cycle::Column::TenantId.eq(scope.tenant.0))
        .filter(
            Condition::any()
                .add(work_cycle::Column::UnitId.eq(unit.id))
                .add(work_cycle::Column::UnitId.is_null()),
        )
        .all(txn)
        .await?)
}

async fn find_cycle(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
) -> ServiceResult<work_cycle::Model> {
    work_cycle::Entity::find_by_id(id)
        .filter(work_cycle::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("trame"))
}

/// What putting a person on a trame asks for.
pub struct CycleAssignment {
    pub staff_id: Uuid,
    pub cycle_id: Uuid,
    /// A Monday: the first week the person follows the trame.
    pub start_date: NaiveDate,
    /// The trame's week (1-based) the person works in the week of `start_date`.
    pub line: i32,
    pub end_date: Option<NaiveDate>,
}

/// Puts a person on a line of a trame (planners of their home unit). Refused when it
/// overlaps another trame of theirs.
pub async fn assign(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: CycleAssignment,
) -> ServiceResult<staff_cycle::Model> {
    let person = people::find(txn, scope.tenant, input.staff_id).await?;
    let cycle = find_cycle(txn, scope, input.cycle_id).await?;
    let home = find_unit(txn, scope.tenant, person.home_unit_id).await?;
    scope.require_plans(&home)?;
    if let Some(unit_id) = cycle.unit_id {
        let unit = find_unit(txn, scope.tenant, unit_id).await?;
        if !people::works_in(&person, &unit) {
            return Err(ServiceError::invalid(
                "cycleId",
                format!(
                    "trame de l'unité {}, où l'agent ne travaille pas",
                    unit.code
                ),
            ));
        }
    }
    if input.start_date.weekday() != Weekday::Mon {
        return Err(ServiceError::invalid("startDate", "un lundi attendu"));
    }
    if !(1..=cycle.weeks).contains(&input.line) {
        return Err(ServiceError::invalid(
            "line",
            format!("entre 1 et {} (semaines de la trame)", cycle.weeks),
        ));
    }
    if input.end_date.is_some_and(|end| end < input.start_date) {
        return Err(ServiceError::invalid("endDate", "avant la date de début"));
    }
    // The stored date is where the trame's first week falls for this person.
    let anchor = input.start_date - Duration::weeks(i64::from(input.line - 1));
    let others = staff_cycle::Entity::find()
        .filter(staff_cycle::Column::TenantId.eq(scope.tenant.0))
        .filter(staff_cycle::Column::StaffId.eq(person.id))
        .all(txn)
        .await?;
    let overlaps = others.iter().any(|other| {
        let other_ends_after = other.end_date.is_none_or(|end| end >= anchor);
        let starts_before = input.end_date.is_none_or(|end| end >= other.start_date);
        other_ends_after && starts_before
    });
    if overlaps {
        return Err(ServiceError::invalid(
            "startDate",
            "l'agent suit déjà une trame sur cette période",
        ));
    }
    Ok(staff_cycle::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        staff_id: Set(person.id),
        cycle_id: Set(cycle.id),
        start_date: Set(anchor),
        end_date: Set(input.end_date),
    }
    .insert(txn)
    .await?)
}

/// The trames a person follows (whoever may read their file).
pub async fn of_staff(
    txn: &DatabaseTransaction,
    scope: &Scope,
    staff_id: Uuid,
) -> ServiceResult<Vec<staff_cycle::Model>> {
    let person: staff::Model = people::find(txn, scope.tenant, staff_id).await?;
    if !people::may_read(txn, scope, &person).await? {
        return Err(ServiceError::forbidden("agent hors de votre périmètre"));
    }
    Ok(staff_cycle::Entity::find()
        .filter(staff_cycle::Column::TenantId.eq(scope.tenant.0))
        .filter(staff_cycle::Column::StaffId.eq(person.id))
        .all(txn)
        .await?)
}
