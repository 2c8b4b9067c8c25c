//! The maquette organisationnelle: per unit, type of day, shift and (optionally)
//! qualification, the minimum staff (hard) and the target (what the solver aims for).

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::entity::maquette_demand;
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::shift_types;
use crate::organisation::structure::check_code;
use crate::service_error::{ServiceError, ServiceResult};

/// The kinds of day a maquette distinguishes.
pub const DAY_TYPES: [&str; 3] = ["weekday", "saturday", "sunday_holiday"];

/// One line of a maquette.
pub struct DemandInput<'a> {
    pub unit_id: Uuid,
    pub day_type: &'a str,
    pub shift_type_id: Uuid,
    /// Empty or absent: everyone counts.
    pub qualification: Option<&'a str>,
    pub min: i32,
    pub target: i32,
}

/// Creates or replaces the line for (unit, day type, shift, qualification); a line with
/// `min` and `target` both 0 is removed.
pub async fn set_demand(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: DemandInput<'_>,
) -> ServiceResult<Option<maquette_demand::Model>> {
    let unit = find_unit(txn, scope.tenant, input.unit_id).await?;
    let shift = shift_types::find(txn, scope, input.shift_type_id).await?;
    scope.require_plans(&unit)?;
    if !DAY_TYPES.contains(&input.day_type) {
        return Err(ServiceError::invalid(
            "dayType",
            "weekday, saturday ou sunday_holiday",
        ));
    }
    let qualification = match input.qualification.map(str::trim) {
        None | Some("") => String::new(),
        Some(q) => check_code("qualification", q, 32)?,
    };
    if !(0..=500).contains(&input.min) {
        return Err(ServiceError::invalid("min", "entre 0 et 500"));
    }
    if !(input.min..=500).contains(&input.target) {
        return Err(ServiceError::invalid("target", "entre min et 500"));
    }
    let existing = maquette_demand::Entity::find()
        .filter(maquette_demand::Column::TenantId.eq(scope.tenant.0))
        .filter(maquette_demand::Column::UnitId.eq(unit.id))
        .filter(maquette_demand::Column::DayType.eq(input.day_type))
        .filter(maquette_demand::Column::ShiftTypeId.eq(shift.id))
        .filter(maquette_demand::Column::Qualification.eq(qualification.clone()))
        .one(txn)
        .await?;
    if input.min == 0 && input.target == 0 {
        if let Some(row) = existing {
            maquette_demand::Entity::delete_by_id(row.id)
                .exec(txn)
                .await?;
        }
        return Ok(None);
    }
    let saved = match existing {
        Some(row) => {
            let mut row = row.into_active_model();
            row.min = Set(input.min);
            row.target = Set(input.target);
            row.update(txn).await?
        }
        None => {
            maquette_demand::ActiveModel {
                id: Set(Uuid::new_v4()),
                tenant_id: Set(scope.tenant.0),
                unit_id: Set(unit.id),
                day_type: Set(input.day_type.to_owned()),
                shift_type_id: Set(shift.id),
                qualification: Set(qualification),
                min: Set(input.min),
                target: Set(input.target),
            }
            .insert(txn)
            .await?
        }
    };
    Ok(Some(saved))
}

/// Every line of a unit's maquette (bounded: day types × shifts × qualifications).
pub async fn list(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
) -> ServiceResult<Vec<maquette_demand::Model>> {
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_reads(&unit)?;
    Ok(maquette_demand::Entity::find()
        .filter(maquette_demand::Column::TenantId.eq(scope.tenant.0))
        .filter(maquette_demand::Column::UnitId.eq(unit.id))
        .all(txn)
        .await?)
}
