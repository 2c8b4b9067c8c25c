//! Joint requirements of a unit: shift types (professions) tied together on some weekdays.
//! `all_or_none`: every listed shift staffed by the same number of people, up to `count` (a
//! team works together or not at all); `at_least`: at least `count` people over the listed
//! shifts (hard), e.g. a senior doctor on garde or astreinte every night. Planners of the unit
//! set them; whoever reads the unit reads them. Not personal data.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::entity::joint_requirement;
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::structure::check_name;
use crate::organisation::theatre_programme::check_shift_list;
use crate::service_error::{ServiceError, ServiceResult};

pub const KINDS: [&str; 2] = ["all_or_none", "at_least"];

pub fn shift_type_ids(row: &joint_requirement::Model) -> Vec<Uuid> {
    serde_json::from_str(&row.shift_type_ids).unwrap_or_default()
}

/// Weekdays (0 = Monday) the requirement applies on; empty = every day.
pub fn weekdays(row: &joint_requirement::Model) -> Vec<u8> {
    serde_json::from_str(&row.weekdays).unwrap_or_default()
}

pub struct JointInput<'a> {
    pub unit_id: Uuid,
    pub kind: &'a str,
    pub shift_type_ids: Vec<Uuid>,
    pub weekdays: Vec<i32>,
    pub count: i32,
    pub weight: i32,
    pub label: &'a str,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
}

pub async fn create(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: JointInput<'_>,
) -> ServiceResult<joint_requirement::Model> {
    let unit = find_unit(txn, scope.tenant, input.unit_id).await?;
    scope.require_plans(&unit)?;
    if !KINDS.contains(&input.kind) {
        return Err(ServiceError::invalid(
            "kind",
            "« all_or_none » (tous ou aucun) ou « at_least » (au moins)",
        ));
    }
    let shifts = check_shift_list(txn, scope, "shiftTypeIds", &input.shift_type_ids).await?;
    let mut days: Vec<u8> = Vec::new();
    for day in &input.weekdays {
        match u8::try_from(*day) {
            Ok(d) if d <= 6 => days.push(d),
            _ => {
                return Err(ServiceError::invalid(
                    "weekdays",
                    "jours de 0 (lundi) à 6 (dimanche)",
                ));
            }
        }
    }
    days.sort_unstable();
    days.dedup();
    if !(1..=50).contains(&input.count) {
        return Err(ServiceError::invalid("count", "entre 1 et 50"));
    }
    if !(0..=100_000).contains(&input.weight) {
        return Err(ServiceError::invalid("weight", "entre 0 et 100 000"));
    }
    if input
        .effective_to
        .is_some_and(|to| to < input.effective_from)
    {
        return Err(ServiceError::invalid(
            "effectiveTo",
            "avant la date d'effet",
        ));
    }
    let label = check_name("label", input.label)?;
    Ok(joint_requirement::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        unit_id: Set(unit.id),
        kind: Set(input.kind.to_owned()),
        shift_type_ids: Set(shifts),
        weekdays: Set(serde_json::to_string(&days).map_err(anyhow::Error::from)?),
        count: Set(input.count),
        weight: Set(input.weight),
        label: Set(label),
        effective_from: Set(input.effective_from),
        effective_to: Set(input.effective_to),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    }
    .insert(txn)
    .await?)
}

pub async fn delete(txn: &DatabaseTransaction, scope: &Scope, id: Uuid) -> ServiceResult<()> {
    let row = joint_requirement::Entity::find_by_id(id)
        .filter(joint_requirement::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("exigence conjointe"))?;
    let unit = find_unit(txn, scope.tenant, row.unit_id).await?;
    scope.require_plans(&unit)?;
    joint_requirement::Entity::delete_by_id(row.id)
        .exec(txn)
        .await?;
    Ok(())
}

/// A unit's joint requirements, oldest first.
pub async fn for_unit(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
) -> ServiceResult<Vec<joint_requirement::Model>> {
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_reads(&unit)?;
    Ok(joint_requirement::Entity::find()
        .filter(joint_requirement::Column::TenantId.eq(scope.tenant.0))
        .filter(joint_requirement::Column::UnitId.eq(unit.id))
        .order_by_asc(joint_requirement::Column::CreatedAt)
        .all(txn)
        .await?)
}

/// The requirements of a unit in force at some point of `[from, to]` (the problem builder's).
pub async fn in_force(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    unit_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<joint_requirement::Model>> {
    Ok(joint_requirement::Entity::find()
        .filter(joint_requirement::Column::TenantId.eq(tenant))
        .filter(joint_requirement::Column::UnitId.eq(unit_id))
        .filter(joint_requirement::Column::EffectiveFrom.lte(to))
        .filter(
            Condition::any()
                .add(joint_requirement::Column::EffectiveTo.is_null())
                .add(joint_requirement::Column::EffectiveTo.gte(from)),
        )
        .order_by_asc(joint_requirement::Column::CreatedAt)
        .all(txn)
        .await?)
}
