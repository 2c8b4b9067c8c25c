//! Absences: a category only (never a diagnosis: security.md R-00a), and an optional free-text
//! reason sealed with the person's key that only the `hr` role may write or read. Planners of
//! the person's units see that they are away and the category, not why.

use anyhow::Context;
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::audit::access_log::{self, Access};
use crate::entity::absence;
use crate::identity::key_store;
use crate::keys::KeyRing;
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::staff;
use crate::pagination::{self, Page, PageRequest};
use crate::security::access_chain::Operation;
use crate::security::access_token::Role;
use crate::security::envelope::{FieldContext, open_string, seal_str};
use crate::service_error::{ServiceError, ServiceResult};

/// Absence categories: what a planner needs to know, nothing more.
pub const CATEGORIES: [&str; 5] = ["leave", "unplanned", "training", "union", "other"];

/// Longest absence one entry may cover.
const MAX_DAYS: i64 = 366;

/// An absence with its reason opened for HR (`None` for everyone else).
#[derive(Debug, Clone)]
pub struct AbsenceView {
    pub row: absence::Model,
    pub reason: Option<String>,
}

pub fn reason_context(tenant: uuid::Uuid, id: Uuid) -> FieldContext<'static> {
    FieldContext {
        tenant_id: tenant,
        table: "absence",
        column: "reason",
        row_id: id,
    }
}

pub struct AbsenceInput<'a> {
    pub staff_id: Uuid,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub category: &'a str,
    pub reason: Option<&'a str>,
}

pub async fn record(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    input: AbsenceInput<'_>,
) -> ServiceResult<AbsenceView> {
    let person = staff::find(txn, scope.tenant, input.staff_id).await?;
    scope.require_role(&[Role::Hr], "saisie d'absence")?;
    if !CATEGORIES.contains(&input.category) {
        return Err(ServiceError::invalid(
            "category",
            format!("une de : {}", CATEGORIES.join(", ")),
        ));
    }
    if input.end_date < input.start_date {
        return Err(ServiceError::invalid("endDate", "avant la date de début"));
    }
    if (input.end_date - input.start_date).num_days() >= MAX_DAYS {
        return Err(ServiceError::invalid(
            "endDate",
            format!("au plus {MAX_DAYS} jours"),
        ));
    }
    let reason = match input.reason.map(str::trim) {
        None | Some("") => None,
        Some(text) if text.chars().count() > 500 => {
            return Err(ServiceError::invalid("reason", "au plus 500 caractères"));
        }
        Some(text) => Some(text.to_owned()),
    };
    let id = Uuid::new_v4();
    let sealed = match &reason {
        None => None,
        Some(text) => {
            let tenant_key = key_store::tenant_key(txn, keys, scope.tenant).await?;
            let key = key_store::person_key(txn, &tenant_key, scope.tenant, person.person_id)
                .await?
                .ok_or_else(|| ServiceError::Conflict("agent effacé".into()))?;
            Some(
                seal_str(&key, text, &reason_context(scope.tenant.0, id))
                    .context("Chiffrement impossible")?,
            )
        }
    };
    let row = absence::ActiveModel {
        id: Set(id),
        tenant_id: Set(scope.tenant.0),
        staff_id: Set(person.id),
        start_date: Set(input.start_date),
        end_date: Set(input.end_date),
        category: Set(input.category.to_owned()),
        reason_sealed: Set(sealed),
        created_by: Set(scope.user_id),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    }
    .insert(txn)
    .await?;
    let access = Access {
        operation: Operation::Create,
        object_type: "absence",
        object_ids: vec![row.id, person.id, person.person_id],
        purpose: "absence_management",
    };
    access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    Ok(AbsenceView { row, reason })
}

/// Absences of a unit's people (home unit) overlapping `[from, to]`: HR everywhere with the
/// reasons, planners in their scope without them.
pub async fn list(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    unit_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    page: PageRequest,
) -> ServiceResult<Page<AbsenceView>> {
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_reads(&unit)?;
    let people: Vec<crate::entity::staff::Model> = crate::entity::staff::Entity::find()
        .filter(crate::entity::staff::Column::TenantId.eq(scope.tenant.0))
        .all(txn)
        .await?
        .into_iter()
        .filter(|p| staff::works_in(p, &unit))
        .collect();
    let ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();
    let query = absence::Entity::find()
        .filter(absence::Column::TenantId.eq(scope.tenant.0))
        .filter(absence::Column::StaffId.is_in(ids))
        .filter(absence::Column::StartDate.lte(to))
        .filter(absence::Column::EndDate.gte(from));
    let page = pagination::fetch(txn, query, absence::Column::Id, page).await?;
    let hr = scope.role == Role::Hr;
    let tenant_key = if hr {
        Some(key_store::tenant_key(txn, keys, scope.tenant).await?)
    } else {
        None
    };
    let mut items = Vec::with_capacity(page.items.len());
    let mut logged = Vec::new();
    for row in page.items {
        logged.push(row.id);
        logged.push(row.staff_id);
        let reason = match (&tenant_key, &row.reason_sealed) {
            (Some(tenant_key), Some(sealed)) => {
                let person = people.iter().find(|p| p.id == row.staff_id);
                match person {
                    Some(person) => {
                        match key_store::person_key(txn, tenant_key, scope.tenant, person.person_id)
                            .await?
                        {
                            Some(key) => Some(
                                open_string(&key, sealed, &reason_context(scope.tenant.0, row.id))
                                    .context("Motif indéchiffrable")?,
                            ),
                            None => None,
                        }
                    }
                    None => None,
                }
            }
            _ => None,
        };
        items.push(AbsenceView { row, reason });
    }
    if !logged.is_empty() {
        let access = Access {
            operation: Operation::Read,
            object_type: "absence",
            object_ids: logged,
            purpose: if hr { "absence_management" } else { "planning" },
        };
        access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    }
    Ok(Page {
        items,
        has_next: page.has_next,
    })
}
