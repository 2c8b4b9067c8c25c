//! Shift types of a GHT (matin, soir, nuit…): codes shared by maquettes, cycles and rosters.

use anyhow::Context;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::entity::shift_type;
use crate::organisation::scope::Scope;
use crate::organisation::structure::{check_code, check_name};
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

/// What a shift type is made of.
pub struct ShiftTypeInput<'a> {
    pub code: &'a str,
    pub label: &'a str,
    pub start_minute: i32,
    pub duration_minutes: i32,
    pub is_night: bool,
    pub qualifications: &'a [String],
    /// `work`, `garde`, `astreinte` or `training`.
    pub activity: &'a str,
    /// Demi-journées it counts for (doctors); `None` = derived from its times.
    pub half_days: Option<i32>,
    /// Break inside the shift; `None` = the legal minimum, taken inside it.
    pub break_minutes: Option<i32>,
}

/// What a shift is, for the doctors' rules (garde and training are working time, astreinte
/// is not).
pub const ACTIVITIES: [&str; 4] = ["work", "garde", "astreinte", "training"];

/// Qualification codes: at most 20, each a short code.
pub fn check_qualifications(field: &'static str, list: &[String]) -> ServiceResult<Vec<String>> {
    if list.len() > 20 {
        return Err(ServiceError::invalid(field, "au plus 20 qualifications"));
    }
    let mut out: Vec<String> = list
        .iter()
        .map(|q| check_code(field, q, 32))
        .collect::<ServiceResult<_>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

fn check(input: &ShiftTypeInput<'_>) -> ServiceResult<(String, String, String)> {
    let code = check_code("code", input.code, 16)?;
    let label = check_name("label", input.label)?;
    if !(0..1440).contains(&input.start_minute) {
        return Err(ServiceError::invalid(
            "startMinute",
            "entre 0 et 1439 minutes après minuit",
        ));
    }
    if !(1..=1440).contains(&input.duration_minutes) {
        return Err(ServiceError::invalid(
            "durationMinutes",
            "entre 1 et 1440 minutes",
        ));
    }
    if !ACTIVITIES.contains(&input.activity) {
        return Err(ServiceError::invalid(
            "activity",
            "work, garde, astreinte ou training",
        ));
    }
    if input.half_days.is_some_and(|h| !(0..=4).contains(&h)) {
        return Err(ServiceError::invalid(
            "halfDays",
            "entre 0 et 4 demi-journées",
        ));
    }
    if input
        .break_minutes
        .is_some_and(|b| !(0..input.duration_minutes.max(1)).contains(&b))
    {
        return Err(ServiceError::invalid(
            "breakMinutes",
            "entre 0 et la durée du poste",
        ));
    }
    let qualifications = check_qualifications("qualifications", input.qualifications)?;
    let qualifications = serde_json::to_string(&qualifications).context("qualifications")?;
    Ok((code, label, qualifications))
}

pub async fn find(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
) -> ServiceResult<shift_type::Model> {
    shift_type::Entity::find_by_id(id)
        .filter(shift_type::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("type de poste"))
}

pub async fn create(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: ShiftTypeInput<'_>,
) -> ServiceResult<shift_type::Model> {
    scope.require_role(&[Role::GhtAdmin], "création de type de poste")?;
    let (code, label, qualifications) = check(&input)?;
    let taken = shift_type::Entity::find()
        .filter(shift_type::Column::TenantId.eq(scope.tenant.0))
        .filter(shift_type::Column::Code.eq(code.clone()))
        .one(txn)
        .await?;
    if taken.is_some() {
        return Err(ServiceError::invalid("code", "déjà utilisé dans ce GHT"));
    }
    let row = shift_type::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        code: Set(code),
        label: Set(label),
        start_minute: Set(input.start_minute),
        duration_minutes: Set(input.duration_minutes),
        is_night: Set(input.is_night),
        qualifications: Set(qualifications),
        activity: Set(input.activity.to_owned()),
        half_days: Set(input.half_days),
        break_minutes: Set(input.break_minutes),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    };
    Ok(row.insert(txn).await?)
}

/// Changes a shift type's label, times and qualifications (its code stays).
pub async fn update(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    input: ShiftTypeInput<'_>,
) -> ServiceResult<shift_type::Model> {
    let found = find(txn, scope, id).await?;
    scope.require_role(&[Role::GhtAdmin], "modification de type de poste")?;
    let (code, label, qualifications) = check(&input)?;
    if code != found.code {
        return Err(ServiceError::invalid(
            "code",
            "le code d'un type de poste ne change pas",
        ));
    }
    let mut row = found.into_active_model();
    row.label = Set(label);
    row.start_minute = Set(input.start_minute);
    row.duration_minutes = Set(input.duration_minutes);
    row.is_night = Set(input.is_night);
    row.qualifications = Set(qualifications);
    row.activity = Set(input.activity.to_owned());
    row.half_days = Set(input.half_days);
    row.break_minutes = Set(input.break_minutes);
    Ok(row.update(txn).await?)
}

/// Every shift type of the GHT (a short list: a GHT uses a few dozen at most).
pub async fn list(
    txn: &DatabaseTransaction,
    scope: &Scope,
) -> ServiceResult<Vec<shift_type::Model>> {
    Ok(shift_type::Entity::find()
        .filter(shift_type::Column::TenantId.eq(scope.tenant.0))
        .order_by_asc(shift_type::Column::StartMinute)
        .order_by_asc(shift_type::Column::Code)
        .all(txn)
        .await?)
}
