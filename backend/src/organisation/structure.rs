//! Establishments (FINESS), pôles and units: the organisation of a GHT. Not personal data,
//! so nothing here is sealed; changes are for `ght_admin`, reads for every role but `staff`.

use anyhow::Context;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::entity::{app_user, establishment, pole, unit};
use crate::organisation::scope::{Scope, find_unit};
use crate::pagination::{self, Page, PageRequest};
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

/// A name: 1 to 200 characters once trimmed.
pub fn check_name(field: &'static str, value: &str) -> ServiceResult<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 200 {
        return Err(ServiceError::invalid(field, "entre 1 et 200 caractères"));
    }
    Ok(value.to_owned())
}

/// A short code: 1 to `max` letters, digits, `-` or `_`.
pub fn check_code(field: &'static str, value: &str, max: usize) -> ServiceResult<String> {
    let value = value.trim();
    if value.is_empty()
        || value.len() > max
        || !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(ServiceError::invalid(
            field,
            format!("1 à {max} lettres, chiffres, « - » ou « _ »"),
        ));
    }
    Ok(value.to_owned())
}

/// A FINESS number: nine characters, digits except the département's (2A/2B for Corsica).
fn check_finess(value: &str) -> ServiceResult<String> {
    let value = value.trim().to_ascii_uppercase();
    let ok = value.len() == 9
        && value
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || (i == 1 && (c == 'A' || c == 'B')));
    if !ok {
        return Err(ServiceError::invalid(
            "finess",
            "neuf caractères (ex. 750000001)",
        ));
    }
    Ok(value)
}

fn admin_only(scope: &Scope, what: &str) -> ServiceResult<()> {
    scope.require_role(&[Role::GhtAdmin], what)
}

fn organisation_reader(scope: &Scope) -> ServiceResult<()> {
    scope.require_role(
        &[
            Role::GhtAdmin,
            Role::SiteManager,
            Role::UnitManager,
            Role::Hr,
            Role::Auditor,
        ],
        "organisation",
    )
}

pub async fn find_establishment(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
) -> ServiceResult<establishment::Model> {
    establishment::Entity::find_by_id(id)
        .filter(establishment::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("établissement"))
}

pub async fn create_establishment(
    txn: &DatabaseTransaction,
    scope: &Scope,
    finess: &str,
    name: &str,
) -> ServiceResult<establishment::Model> {
    admin_only(scope, "création d'établissement")?;
    let finess = check_finess(finess)?;
    let name = check_name("name", name)?;
    let exists = establishment::Entity::find()
        .filter(establishment::Column::TenantId.eq(scope.tenant.0))
        .filter(establishment::Column::Finess.eq(finess.clone()))
        .one(txn)
        .await?;
    if exists.is_some() {
        return Err(ServiceError::invalid(
            "finess",
            "déjà enregistré dans ce GHT",
        ));
    }
    let row = establishment::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        finess: Set(finess),
        name: Set(name),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    };
    Ok(row.insert(txn).await?)
}

pub async fn rename_establishment(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    name: &str,
) -> ServiceResult<establishment::Model> {
    let found = find_establishment(txn, scope, id).await?;
    admin_only(scope, "modification d'établissement")?;
    let mut row = found.into_active_model();
    row.name = Set(check_name("name", name)?);
    Ok(row.update(txn).await?)
}

pub async fn list_establishments(
    txn: &DatabaseTransaction,
    scope: &Scope,
    page: PageRequest,
) -> ServiceResult<Page<establishment::Model>> {
    organisation_reader(scope)?;
    let query =
        establishment::Entity::find().filter(establishment::Column::TenantId.eq(scope.tenant.0));
    pagination::fetch(txn, query, establishment::Column::Id, page).await
}

pub async fn create_pole(
    txn: &DatabaseTransaction,
    scope: &Scope,
    establishment_id: Uuid,
    name: &str,
) -> ServiceResult<pole::Model> {
    let site = find_establishment(txn, scope, establishment_id).await?;
    admin_only(scope, "création de pôle")?;
    let row = pole::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        establishment_id: Set(site.id),
        name: Set(check_name("name", name)?),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    };
    Ok(row.insert(txn).await?)
}

pub async fn list_poles(
    txn: &DatabaseTransaction,
    scope: &Scope,
    establishment_id: Uuid,
) -> ServiceResult<Vec<pole::Model>> {
    let site = find_establishment(txn, scope, establishment_id).await?;
    organisation_reader(scope)?;
    Ok(pole::Entity::find()
        .filter(pole::Column::TenantId.eq(scope.tenant.0))
        .filter(pole::Column::EstablishmentId.eq(site.id))
        .all(txn)
        .await?)
}

/// What a unit is made of.
pub struct UnitInput<'a> {
    pub establishment_id: Uuid,
    pub pole_id: Option<Uuid>,
    pub code: &'a str,
    pub name: &'a str,
}

async fn check_pole(
    txn: &DatabaseTransaction,
    scope: &Scope,
    pole_id: Option<Uuid>,
    establishment_id: Uuid,
) -> ServiceResult<()> {
    if let Some(pole_id) = pole_id {
        let pole = pole::Entity::find_by_id(pole_id)
            .filter(pole::Column::TenantId.eq(scope.tenant.0))
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound("pôle"))?;
        if pole.establishment_id != establishment_id {
            return Err(ServiceError::invalid(
                "poleId",
                "le pôle appartient à un autre établissement",
            ));
        }
    }
    Ok(())
}

pub async fn create_unit(
    txn: &DatabaseTransaction,
    scope: &Scope,
    input: UnitInput<'_>,
) -> ServiceResult<unit::Model> {
    let site = find_establishment(txn, scope, input.establishment_id).await?;
    check_pole(txn, scope, input.pole_id, site.id).await?;
    admin_only(scope, "création d'unité")?;
    let code = check_code("code", input.code, 32)?;
    let taken = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(scope.tenant.0))
        .filter(unit::Column::Code.eq(code.clone()))
        .one(txn)
        .await?;
    if taken.is_some() {
        return Err(ServiceError::invalid("code", "déjà utilisé dans ce GHT"));
    }
    let row = unit::ActiveModel {
        id: Set(Uuid::new_v4()),
        tenant_id: Set(scope.tenant.0),
        establishment_id: Set(site.id),
        pole_id: Set(input.pole_id),
        code: Set(code),
        name: Set(check_name("name", input.name)?),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    };
    Ok(row.insert(txn).await?)
}

pub async fn update_unit(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: Uuid,
    name: Option<&str>,
    pole_id: Option<Option<Uuid>>,
) -> ServiceResult<unit::Model> {
    let found = find_unit(txn, scope.tenant, id).await?;
    admin_only(scope, "modification d'unité")?;
    let establishment_id = found.establishment_id;
    let mut row = found.into_active_model();
    if let Some(name) = name {
        row.name = Set(check_name("name", name)?);
    }
    if let Some(pole_id) = pole_id {
        check_pole(txn, scope, pole_id, establishment_id).await?;
        row.pole_id = Set(pole_id);
    }
    Ok(row.update(txn).await?)
}

pub async fn list_units(
    txn: &DatabaseTransaction,
    scope: &Scope,
    establishment_id: Option<Uuid>,
    page: PageRequest,
) -> ServiceResult<Page<unit::Model>> {
    organisation_reader(scope)?;
    let mut query = unit::Entity::find().filter(unit::Column::TenantId.eq(scope.tenant.0));
    if let Some(site) = establishment_id {
        find_establishment(txn, scope, site).await?;
        query = query.filter(unit::Column::EstablishmentId.eq(site));
    }
    pagination::fetch(txn, query, unit::Column::Id, page).await
}

/// Sets the sites and units an account acts on (GHT management only). Every id must be of
/// this GHT; the change applies to the account's next request.
pub async fn set_user_scopes(
    txn: &DatabaseTransaction,
    scope: &Scope,
    user_id: Uuid,
    site_ids: &[Uuid],
    unit_ids: &[Uuid],
) -> ServiceResult<Vec<String>> {
    let user = app_user::Entity::find_by_id(user_id)
        .filter(app_user::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("compte"))?;
    admin_only(scope, "périmètre des comptes")?;
    if site_ids.len() + unit_ids.len() > 200 {
        return Err(ServiceError::invalid(
            "unitIds",
            "au plus 200 sites et unités",
        ));
    }
    let mut entries = Vec::new();
    for id in site_ids {
        find_establishment(txn, scope, *id).await?;
        entries.push(format!("site:{id}"));
    }
    for id in unit_ids {
        find_unit(txn, scope.tenant, *id).await?;
        entries.push(format!("unit:{id}"));
    }
    let mut row = user.into_active_model();
    row.scopes = Set(serde_json::to_string(&entries).context("Périmètre illisible")?);
    row.update(txn).await?;
    Ok(entries)
}
