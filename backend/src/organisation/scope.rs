//! What the viewer may see and change, resolved from the database on every request:
//! a role change or a scope change takes effect at once, whatever the token says.
//!
//! The matrix, by role:
//! - `ght_admin`: the whole GHT (organisation, staff, maquettes, rosters).
//! - `site_manager`: staff, maquettes and rosters of the units of their sites.
//! - `unit_manager` (cadre): staff, maquettes and rosters of their units.
//! - `hr`: every person's file and absences, absence reasons included (the only role that
//!   reads them); rosters read-only.
//! - `staff`: their own file, desiderata, published roster and notifications.
//! - `auditor`: the organisation (no personal data) and the access log.
//!
//! Scopes are stored on the account (`app_user.scopes`) as `site:<uuid>` and `unit:<uuid>`.

use std::collections::HashSet;

use anyhow::Context;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    QueryTrait,
};
use uuid::Uuid;

use crate::audit::Actor;
use crate::auth::viewer::Viewer;
use crate::entity::{app_user, staff, unit};
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};
use crate::tenancy::TenantId;

/// The viewer with the sites, units and staff record they act on.
#[derive(Debug, Clone)]
pub struct Scope {
    pub tenant: TenantId,
    pub user_id: Uuid,
    pub role: Role,
    pub sites: HashSet<Uuid>,
    pub units: HashSet<Uuid>,
    /// The viewer's own staff record, if their account is linked to one.
    pub staff_id: Option<Uuid>,
}

/// The account's role, scopes and linked staff record, read in one statement.
#[derive(FromQueryResult)]
struct Account {
    role: String,
    scopes: String,
    staff_id: Option<Uuid>,
}

/// Reads the viewer's account scopes and staff link inside the request's transaction (one
/// query: the account joined to its staff record).
pub async fn resolve(txn: &DatabaseTransaction, viewer: &Viewer) -> ServiceResult<Scope> {
    let mut select = app_user::Entity::find_by_id(viewer.user_id)
        .filter(app_user::Column::TenantId.eq(viewer.tenant.0))
        .filter(app_user::Column::DisabledAt.is_null())
        .select_only()
        .column(app_user::Column::Role)
        .column(app_user::Column::Scopes);
    QueryTrait::query(&mut select)
        .left_join(
            staff::Entity,
            Condition::all()
                .add(
                    Expr::col((staff::Entity, staff::Column::TenantId))
                        .equals((app_user::Entity, app_user::Column::TenantId)),
                )
                .add(
                    Expr::col((staff::Entity, staff::Column::UserId))
                        .equals((app_user::Entity, app_user::Column::Id)),
                ),
        )
        .expr_as(Expr::col((staff::Entity, staff::Column::Id)), "staff_id");
    let account = select
        .into_model::<Account>()
        .one(txn)
        .await
        .context("Lecture du compte impossible")?
        .ok_or_else(|| ServiceError::forbidden("compte désactivé"))?;
    let stored: Vec<String> =
        serde_json::from_str(&account.scopes).context("Périmètre du compte illisible")?;
    let mut sites = HashSet::new();
    let mut units = HashSet::new();
    for entry in stored {
        if let Some(id) = entry.strip_prefix("site:") {
            sites.insert(Uuid::parse_str(id).context("Périmètre de site illisible")?);
        } else if let Some(id) = entry.strip_prefix("unit:") {
            units.insert(Uuid::parse_str(id).context("Périmètre d'unité illisible")?);
        }
    }
    // The role stored now, not the one in the token.
    let role = account
        .role
        .parse::<Role>()
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!(e)))?;
    Ok(Scope {
        tenant: viewer.tenant,
        user_id: viewer.user_id,
        role,
        sites,
        units,
        staff_id: account.staff_id,
    })
}

impl Scope {
    /// The GHT-wide scope of the system itself (seeding, imports): logged as `system`.
    pub fn system(tenant: TenantId) -> Self {
        Self {
            tenant,
            user_id: Uuid::nil(),
            role: Role::GhtAdmin,
            sites: HashSet::new(),
            units: HashSet::new(),
            staff_id: None,
        }
    }

    pub fn actor(&self) -> Actor {
        if self.user_id.is_nil() {
            return Actor::system();
        }
        Actor {
            id: self.user_id,
            role: self.role.as_str().to_owned(),
        }
    }

    /// May build, edit, solve, validate and publish this unit's rosters and edit its maquette.
    pub fn plans(&self, unit: &unit::Model) -> bool {
        match self.role {
            Role::GhtAdmin => true,
            Role::SiteManager => self.sites.contains(&unit.establishment_id),
            Role::UnitManager => self.units.contains(&unit.id),
            _ => false,
        }
    }

    /// May read this unit's staff and rosters.
    pub fn reads(&self, unit: &unit::Model) -> bool {
        self.plans(unit) || self.role == Role::Hr
    }

    /// May create or change people whose home unit is this one.
    pub fn manages_staff_of(&self, unit: &unit::Model) -> bool {
        self.plans(unit) || self.role == Role::Hr
    }

    /// Refuses unless the viewer plans `unit`.
    pub fn require_plans(&self, unit: &unit::Model) -> ServiceResult<()> {
        if self.plans(unit) {
            Ok(())
        } else {
            Err(ServiceError::forbidden(format!(
                "l'unité {} est hors de votre périmètre",
                unit.code
            )))
        }
    }

    /// Refuses unless the viewer reads `unit`.
    pub fn require_reads(&self, unit: &unit::Model) -> ServiceResult<()> {
        if self.reads(unit) {
            Ok(())
        } else {
            Err(ServiceError::forbidden(format!(
                "l'unité {} est hors de votre périmètre",
                unit.code
            )))
        }
    }

    pub fn require_role(&self, roles: &[Role], what: &str) -> ServiceResult<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ServiceError::forbidden(format!(
                "{what} : rôle non autorisé"
            )))
        }
    }

    /// The units whose staff and rosters the viewer reads; `None` means every unit.
    pub async fn readable_units(
        &self,
        txn: &DatabaseTransaction,
    ) -> ServiceResult<Option<Vec<Uuid>>> {
        match self.role {
            Role::GhtAdmin | Role::Hr => Ok(None),
            Role::SiteManager | Role::UnitManager => {
                let all = unit::Entity::find()
                    .filter(unit::Column::TenantId.eq(self.tenant.0))
                    .all(txn)
                    .await
                    .context("Lecture des unités impossible")?;
                Ok(Some(
                    all.into_iter()
                        .filter(|u| self.plans(u))
                        .map(|u| u.id)
                        .collect(),
                ))
            }
            Role::Staff | Role::Auditor => Ok(Some(Vec::new())),
        }
    }
}

/// A unit of the tenant, or NOT_FOUND.
pub async fn find_unit(
    txn: &DatabaseTransaction,
    tenant: TenantId,
    id: Uuid,
) -> ServiceResult<unit::Model> {
    unit::Entity::find_by_id(id)
        .filter(unit::Column::TenantId.eq(tenant.0))
        .one(txn)
        .await
        .context("Lecture de l'unité impossible")?
        .ok_or(ServiceError::NotFound("unité"))
}
