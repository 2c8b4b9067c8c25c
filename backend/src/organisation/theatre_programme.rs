//! The operating-theatre programme: sessions per room and day of a theatre unit, each with the
//! shift types of its team (surgeon, anaesthetist, IADE, IBODE: one person each). Planners of
//! the unit set it; whoever reads the unit reads it. Not personal data.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::entity::theatre_session;
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::shift_types;
use crate::service_error::{ServiceError, ServiceResult};

/// Cost of a session not held when none is given (the solver's default).
pub const DEFAULT_WEIGHT: i32 = 500;
/// Longest programme read at once.
const MAX_DAYS: i64 = 366;
const MAX_TEAM: usize = 8;

/// The team of a session: shift type ids, one person each.
pub fn team(row: &theatre_session::Model) -> Vec<Uuid> {
    serde_json::from_str(&row.team).unwrap_or_default()
}

pub struct SessionInput<'a> {
    pub unit_id: Uuid,
    pub room: &'a str,
    pub date: NaiveDate,
    pub team: Vec<Uuid>,
    pub weight: Option<i32>,
}

/// Checks a team: 1 to 8 distinct shift types of the GHT.
pub async fn check_shift_list(
    txn: &DatabaseTransaction,
    scope: &Scope,
    field: &'static str,
    ids: &[Uuid],
) -> ServiceResult<String> {
    if ids.is_empty() || ids.len() > MAX_TEAM {
        return Err(ServiceError::invalid(
            field,
            format!("entre 1 et {MAX_TEAM} types de poste"),
        ));
    }
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            return Err(ServiceError::invalid(field, "type de poste cité deux fois"));
        }
        shift_types::find(txn, scope, *id).await?;
    }
    Ok(serde_json::to_string(ids).map_err(anyhow::Error::from)?)
}

/// Adds a session, or replaces the team and weight of the room's session that day.
pub async fn set_session(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: SessionInput<'_>,
) -> ServiceResult<theatre_session::Model> {
    let unit = find_unit(txn, scope.tenant, input.unit_id).await?;
    scope.require_plans(&unit)?;
    let room = input.room.trim();
    if room.is_empty() || room.chars().count() > 64 {
        return Err(ServiceError::invalid("room", "entre 1 et 64 caractères"));
    }
    let weight = input.weight.unwrap_or(DEFAULT_WEIGHT);
    if !(0..=100_000).contains(&weight) {
        return Err(ServiceError::invalid("weight", "entre 0 et 100 000"));
    }
    let team = check_shift_list(txn, scope, "team", &input.team).await?;
    let existing = theatre_session::Entity::find()
        .filter(theatre_session::Column::TenantId.eq(scope.tenant.0))
        .filter(theatre_session::Column::UnitId.eq(unit.id))
        .filter(theatre_session::Column::Room.eq(room))
        .filter(theatre_session::Column::Date.eq(input.date))
        .one(txn)
        .await?;
    Ok(match existing {
        Some(row) => {
            let mut row = row.into_active_model();
            row.team = Set(team);
            row.weight = Set(weight);
            row.update(txn).await?
        }
        None => {
            theatre_session::ActiveModel {
                id: Set(Uuid::new_v4()),
                tenant_id: Set(scope.tenant.0),
                unit_id: Set(unit.id),
                room: Set(room.to_owned()),
                date: Set(input.date),
                team: Set(team),
                weight: Set(weight),
                created_at: Set(chrono::Utc::now().fixed_offset()),
            }
            .insert(txn)
            .await?
        }
    })
}

/// Removes a session from the programme (planners of its unit).
pub async fn delete_session(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
) -> ServiceResult<()> {
    let row = theatre_session::Entity::find_by_id(id)
        .filter(theatre_session::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("séance de bloc"))?;
    let unit = find_unit(txn, scope.tenant, row.unit_id).await?;
    scope.require_plans(&unit)?;
    theatre_session::Entity::delete_by_id(row.id)
        .exec(txn)
        .await?;
    Ok(())
}

/// The sessions of a unit from `from` to `to` (inclusive), by date and room.
pub async fn programme(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<theatre_session::Model>> {
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_reads(&unit)?;
    if to < from || (to - from).num_days() > MAX_DAYS {
        return Err(ServiceError::invalid(
            "to",
            format!("après « from » et au plus {MAX_DAYS} jours plus tard"),
        ));
    }
    in_period(txn, unit.tenant_id, unit.id, from, to).await
}

/// The sessions of a unit over a period, without a scope check (the problem builder's).
pub async fn in_period(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    unit_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<theatre_session::Model>> {
    Ok(theatre_session::Entity::find()
        .filter(theatre_session::Column::TenantId.eq(tenant))
        .filter(theatre_session::Column::UnitId.eq(unit_id))
        .filter(theatre_session::Column::Date.between(from, to))
        .order_by_asc(theatre_session::Column::Date)
        .order_by_asc(theatre_session::Column::Room)
        .all(txn)
        .await?)
}
