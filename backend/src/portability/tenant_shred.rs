//! `releve tenant shred <slug>`: crypto-shredding of a GHT that leaves. The tenant
//! key is destroyed, and with it every person key it wraps: every sealed field of the GHT,
//! in the database and in every backup taken before, can no longer be opened. The person
//! keys and login-directory entries are deleted too (the login directory's keyed e-mail
//! hashes would otherwise outlive the GHT). Run `releve tenant export` first.

use anyhow::Context;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use uuid::Uuid;

use crate::entity::{login_directory, person_key, tenant_key};
use crate::portability::tenant_export::find_tenant;
use crate::tenancy::{self, TenantId};

/// What was destroyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shredded {
    pub tenant_id: Uuid,
    pub tenant_keys: u64,
    pub person_keys: u64,
    pub logins: u64,
}

pub async fn shred(owner: &DatabaseConnection, slug: &str) -> anyhow::Result<Shredded> {
    let found = find_tenant(owner, slug).await?;
    let tenant = TenantId(found.id);
    let txn = tenancy::begin(owner, tenant).await?;
    let person_keys = person_key::Entity::delete_many()
        .filter(person_key::Column::TenantId.eq(tenant.0))
        .exec(&txn)
        .await
        .context("Destruction des clés des personnes impossible")?
        .rows_affected;
    let tenant_keys = tenant_key::Entity::delete_many()
        .filter(tenant_key::Column::TenantId.eq(tenant.0))
        .exec(&txn)
        .await
        .context("Destruction de la clé du GHT impossible")?
        .rows_affected;
    txn.commit()
        .await
        .context("Destruction des clés impossible")?;
    // The login directory is shared (no RLS): its own transaction.
    let shared = owner.begin().await.context("Transaction impossible")?;
    let logins = login_directory::Entity::delete_many()
        .filter(login_directory::Column::TenantId.eq(tenant.0))
        .exec(&shared)
        .await
        .context("Suppression de l'annuaire de connexion impossible")?
        .rows_affected;
    shared.commit().await.context("Suppression impossible")?;
    Ok(Shredded {
        tenant_id: found.id,
        tenant_keys,
        person_keys,
        logins,
    })
}
