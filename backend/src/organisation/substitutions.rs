//! Qualification substitutions of a GHT: a holder of one qualification filling a slot that
//! requires another, at a cost per shift in the solver's objective (issue 4). Set and read by
//! GHT and site management; the problem builder reads the values in force at a roster's start.
//! Qualification codes are not personal data: nothing here is access-logged.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::entity::qualification_substitution;
use crate::organisation::scope::Scope;
use crate::organisation::structure::check_code;
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

/// The values a new GHT starts from (the demo seeds them): an IDE may fill an AS slot, an
/// IADE or an IBODE an IDE slot (policy costs, per shift).
pub const DEFAULTS: &[(&str, &str, i32)] =
    &[("IDE", "AS", 20), ("IADE", "IDE", 10), ("IBODE", "IDE", 10)];

const MANAGERS: &[Role] = &[Role::GhtAdmin, Role::SiteManager];

const WHAT: &str = "substitutions de qualification";

/// The care ladder of paramedical qualifications: a holder may only fill a slot of the same
/// or a lower rung (an IDE an AS slot, never an AS an IDE slot: the AS lacks the diploma for
/// the IDE's acts). Codes off the ladder (doctors, sages-femmes...) are not ranked.
fn rung(qualification: &str) -> Option<u8> {
    match qualification.to_ascii_uppercase().as_str() {
        "ASH" => Some(0),
        "AS" | "AP" => Some(1),
        "IDE" => Some(2),
        "IADE" | "IBODE" | "IPDE" | "PUER" => Some(3),
        _ => None,
    }
}

/// What a substitution is made of.
#[derive(Debug, Clone)]
pub struct SubstitutionInput {
    pub from_qualification: String,
    pub to_qualification: String,
    pub cost: i32,
    pub effective_from: Option<NaiveDate>,
}

/// The checked codes (upper case) of a substitution.
fn check(input: &SubstitutionInput) -> ServiceResult<(String, String)> {
    let from = check_code("fromQualification", &input.from_qualification, 32)?.to_uppercase();
    let to = check_code("toQualification", &input.to_qualification, 32)?.to_uppercase();
    if from == to {
        return Err(ServiceError::invalid(
            "toQualification",
            "doit différer de la qualification remplaçante",
        ));
    }
    if let (Some(a), Some(b)) = (rung(&from), rung(&to))
        && a < b
    {
        return Err(ServiceError::invalid(
            "toQualification",
            format!(
                "un {from} ne peut pas occuper un poste {to} (seul un {to} peut remplacer un {from}, jamais l'inverse)"
            ),
        ));
    }
    if !(0..=10_000).contains(&input.cost) {
        return Err(ServiceError::invalid("cost", "entre 0 et 10 000"));
    }
    Ok((from, to))
}

/// Sets the cost of a substitution from a date (or undated); the value of the same pair and
/// date is replaced.
pub async fn set(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: SubstitutionInput,
) -> ServiceResult<qualification_substitution::Model> {
    scope.require_role(MANAGERS, WHAT)?;
    let (from, to) = check(&input)?;
    let mut query = qualification_substitution::Entity::find()
        .filter(qualification_substitution::Column::TenantId.eq(scope.tenant.0))
        .filter(qualification_substitution::Column::FromQualification.eq(from.clone()))
        .filter(qualification_substitution::Column::ToQualification.eq(to.clone()));
    query = match input.effective_from {
        Some(date) => query.filter(qualification_substitution::Column::EffectiveFrom.eq(date)),
        None => query.filter(qualification_substitution::Column::EffectiveFrom.is_null()),
    };
    match query.one(txn).await? {
        Some(row) => {
            let mut row = row.into_active_model();
            row.cost = Set(input.cost);
            Ok(row.update(txn).await?)
        }
        None => Ok(qualification_substitution::ActiveModel {
            id: Set(Uuid::new_v4()),
            tenant_id: Set(scope.tenant.0),
            from_qualification: Set(from),
            to_qualification: Set(to),
            cost: Set(input.cost),
            effective_from: Set(input.effective_from),
            created_at: Set(chrono::Utc::now().fixed_offset()),
        }
        .insert(txn)
        .await?),
    }
}

/// Removes a substitution value (same rights as setting it).
pub async fn delete(txn: &DatabaseTransaction, scope: &Scope, id: Uuid) -> ServiceResult<()> {
    let row = qualification_substitution::Entity::find_by_id(id)
        .filter(qualification_substitution::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("substitution"))?;
    scope.require_role(MANAGERS, WHAT)?;
    qualification_substitution::Entity::delete_by_id(row.id)
        .exec(txn)
        .await?;
    Ok(())
}

/// Every value of the GHT, all dates.
pub async fn list(
    txn: &DatabaseTransaction,
    scope: &Scope,
) -> ServiceResult<Vec<qualification_substitution::Model>> {
    scope.require_role(MANAGERS, WHAT)?;
    Ok(qualification_substitution::Entity::find()
        .filter(qualification_substitution::Column::TenantId.eq(scope.tenant.0))
        .order_by_asc(qualification_substitution::Column::FromQualification)
        .order_by_asc(qualification_substitution::Column::ToQualification)
        .order_by_asc(qualification_substitution::Column::EffectiveFrom)
        .all(txn)
        .await?)
}

/// `(from, to, cost)` in force at `at`: per pair, the latest dated value on or before `at`,
/// else the undated one. For the problem builder (no role: it runs for any planner).
pub async fn in_force(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    at: NaiveDate,
) -> ServiceResult<Vec<(String, String, u32)>> {
    let rows = qualification_substitution::Entity::find()
        .filter(qualification_substitution::Column::TenantId.eq(tenant))
        .all(txn)
        .await?;
    let mut best: std::collections::BTreeMap<(String, String), (Option<NaiveDate>, i32)> =
        std::collections::BTreeMap::new();
    for row in rows {
        if row.effective_from.is_some_and(|from| from > at) {
            continue;
        }
        let key = (row.from_qualification, row.to_qualification);
        // `None < Some(_)`: a dated value in force wins over the undated one.
        if best
            .get(&key)
            .is_none_or(|(from, _)| *from <= row.effective_from)
        {
            best.insert(key, (row.effective_from, row.cost));
        }
    }
    Ok(best
        .into_iter()
        .map(|((from, to), (_, cost))| (from, to, u32::try_from(cost.max(0)).unwrap_or(0)))
        .collect())
}

/// Seeds [`DEFAULTS`] for a GHT that has no substitution yet (the demo).
pub async fn seed_defaults(txn: &DatabaseTransaction, scope: &Scope) -> ServiceResult<()> {
    let existing = qualification_substitution::Entity::find()
        .filter(qualification_substitution::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?;
    if existing.is_some() {
        return Ok(());
    }
    for (from, to, cost) in DEFAULTS {
        let input = SubstitutionInput {
            from_qualification: (*from).to_owned(),
            to_qualification: (*to).to_owned(),
            cost: *cost,
            effective_from: None,
        };
        set(txn, scope, input).await?;
    }
    Ok(())
}
