//! Travel times between the sites of a GHT, for staff shared across sites. Stored in both
//! directions (the same minutes), set by GHT management, read by every managing role.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::entity::site_travel_time;
use crate::organisation::scope::Scope;
use crate::organisation::structure::find_establishment;
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

const READERS: &[Role] = &[
    Role::GhtAdmin,
    Role::SiteManager,
    Role::UnitManager,
    Role::Hr,
];

/// Sets the minutes between two sites, both ways; returns the `from → to` row.
pub async fn set(
    txn: &DatabaseTransaction,
    scope: &Scope,
    from_site_id: Uuid,
    to_site_id: Uuid,
    minutes: i32,
) -> ServiceResult<site_travel_time::Model> {
    let from = find_establishment(txn, scope, from_site_id).await?;
    let to = find_establishment(txn, scope, to_site_id).await?;
    scope.require_role(&[Role::GhtAdmin], "temps de trajet")?;
    if from.id == to.id {
        return Err(ServiceError::invalid(
            "toSiteId",
            "deux établissements différents attendus",
        ));
    }
    if !(0..=600).contains(&minutes) {
        return Err(ServiceError::invalid("minutes", "entre 0 et 600"));
    }
    let mut saved = None;
    for (a, b) in [(from.id, to.id), (to.id, from.id)] {
        let existing = site_travel_time::Entity::find()
            .filter(site_travel_time::Column::TenantId.eq(scope.tenant.0))
            .filter(site_travel_time::Column::FromSiteId.eq(a))
            .filter(site_travel_time::Column::ToSiteId.eq(b))
            .one(txn)
            .await?;
        let row = match existing {
            Some(row) => {
                let mut row = row.into_active_model();
                row.minutes = Set(minutes);
                row.update(txn).await?
            }
            None => {
                site_travel_time::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    tenant_id: Set(scope.tenant.0),
                    from_site_id: Set(a),
                    to_site_id: Set(b),
                    minutes: Set(minutes),
                }
                .insert(txn)
                .await?
            }
        };
        saved.get_or_insert(row);
    }
    saved.ok_or(ServiceError::NotFound("temps de trajet"))
}

/// Travel times from one site, or between every pair of sites of the GHT.
pub async fn list(
    txn: &DatabaseTransaction,
    scope: &Scope,
    from_site_id: Option<Uuid>,
) -> ServiceResult<Vec<site_travel_time::Model>> {
    scope.require_role(READERS, "temps de trajet")?;
    let mut query = site_travel_time::Entity::find()
        .filter(site_travel_time::Column::TenantId.eq(scope.tenant.0));
    if let Some(id) = from_site_id {
        let site = find_establishment(txn, scope, id).await?;
        query = query.filter(site_travel_time::Column::FromSiteId.eq(site.id));
    }
    Ok(query.all(txn).await?)
}
