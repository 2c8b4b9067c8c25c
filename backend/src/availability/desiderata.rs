//! Desiderata: a person's own wishes to work (`on`) or not (`off`) a day or a shift. A
//! person enters and removes only their own; planners read those of their units when the
//! roster is built (through the problem builder).

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::audit::access_log::{self, Access};
use crate::entity::desiderata;
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::{shift_types, staff};
use crate::pagination::{self, Page, PageRequest};
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};

/// Most wishes one person may hold at a time.
const MAX_PER_PERSON: u64 = 200;

/// Longest period a planner may read the wishes of at once (a quarter).
const MAX_READ_DAYS: i64 = 93;

fn own_staff(scope: &Scope) -> ServiceResult<Uuid> {
    scope
        .staff_id
        .ok_or_else(|| ServiceError::forbidden("votre compte n'est lié à aucune fiche d'agent"))
}

async fn log(
    txn: &DatabaseTransaction,
    scope: &Scope,
    operation: Operation,
    ids: Vec<Uuid>,
) -> ServiceResult<()> {
    let access = Access {
        operation,
        object_type: "desiderata",
        object_ids: ids,
        purpose: "self_service",
    };
    access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    Ok(())
}

pub async fn submit(
    txn: &DatabaseTransaction,
    scope: &Scope,
    date: NaiveDate,
    shift_type_id: Option<Uuid>,
    kind: &str,
) -> ServiceResult<desiderata::Model> {
    if let Some(id) = shift_type_id {
        shift_types::find(txn, scope, id).await?;
    }
    let staff_id = own_staff(scope)?;
    if !["on", "off"].contains(&kind) {
        return Err(ServiceError::invalid("kind", "on ou off"));
    }
    if date < chrono::Utc::now().date_naive() {
        return Err(ServiceError::invalid("date", "date passée"));
    }
    let held = pagination::fetch(
        txn,
        desiderata::Entity::find()
            .filter(desiderata::Column::TenantId.eq(scope.tenant.0))
            .filter(desiderata::Column::StaffId.eq(staff_id)),
        desiderata::Column::Id,
        PageRequest {
            first: MAX_PER_PERSON,
            after: None,
        },
    )
    .await?;
    if held.has_next {
        return Err(ServiceError::invalid(
            "date",
            format!("au plus {MAX_PER_PERSON} souhaits en cours"),
        ));
    }
    let row = desiderata::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        staff_id: Set(staff_id),
        date: Set(date),
        shift_type_id: Set(shift_type_id),
        kind: Set(kind.to_owned()),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    }
    .insert(txn)
    .await?;
    log(txn, scope, Operation::Create, vec![row.id, staff_id]).await?;
    Ok(row)
}

pub async fn delete(txn: &DatabaseTransaction, scope: &Scope, id: Uuid) -> ServiceResult<()> {
    let row = desiderata::Entity::find_by_id(id)
        .filter(desiderata::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("souhait"))?;
    if Some(row.staff_id) != scope.staff_id {
        // Someone else's wish: not theirs to know about.
        return Err(ServiceError::NotFound("souhait"));
    }
    desiderata::Entity::delete_by_id(row.id).exec(txn).await?;
    log(txn, scope, Operation::Delete, vec![row.id, row.staff_id]).await
}

pub async fn list_own(
    txn: &DatabaseTransaction,
    scope: &Scope,
    page: PageRequest,
) -> ServiceResult<Page<desiderata::Model>> {
    let staff_id = own_staff(scope)?;
    let query = desiderata::Entity::find()
        .filter(desiderata::Column::TenantId.eq(scope.tenant.0))
        .filter(desiderata::Column::StaffId.eq(staff_id));
    let page = pagination::fetch(txn, query, desiderata::Column::Id, page).await?;
    log(txn, scope, Operation::Read, vec![staff_id]).await?;
    Ok(page)
}

/// Wishes of the people working in a unit for days in `[from, to]`, for its planners only
/// (staff read their own through [`list_own`]).
pub async fn list_for_unit(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    page: PageRequest,
) -> ServiceResult<Page<desiderata::Model>> {
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_plans(&unit)?;
    if to < from {
        return Err(ServiceError::invalid("to", "avant la date de début"));
    }
    if (to - from).num_days() >= MAX_READ_DAYS {
        return Err(ServiceError::invalid(
            "to",
            format!("au plus {MAX_READ_DAYS} jours"),
        ));
    }
    let people: Vec<Uuid> = crate::entity::staff::Entity::find()
        .filter(crate::entity::staff::Column::TenantId.eq(scope.tenant.0))
        .all(txn)
        .await?
        .into_iter()
        .filter(|p| staff::works_in(p, &unit))
        .map(|p| p.id)
        .collect();
    let query = desiderata::Entity::find()
        .filter(desiderata::Column::TenantId.eq(scope.tenant.0))
        .filter(desiderata::Column::StaffId.is_in(people))
        .filter(desiderata::Column::Date.gte(from))
        .filter(desiderata::Column::Date.lte(to));
    let page = pagination::fetch(txn, query, desiderata::Column::Id, page).await?;
    if !page.items.is_empty() {
        let mut ids: Vec<Uuid> = page.items.iter().map(|w| w.staff_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let access = Access {
            operation: Operation::Read,
            object_type: "desiderata",
            object_ids: ids,
            purpose: "planning",
        };
        access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    }
    Ok(page)
}
