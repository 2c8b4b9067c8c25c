//! `releve tenant shred <slug>`: crypto-shredding of a GHT that leaves. The tenant
//! key is destroyed, and with it every person key it wraps: every sealed field of the GHT,
//! in the database and in every backup taken before, can no longer be opened. The person
//! keys and login-directory entries are deleted too (the login directory's keyed e-mail
//! hashes would otherwise outlive the GHT). The decision goes to the erasure ledger, so a
//! restored backup is shredded again on start. Run `releve tenant export` first.

use anyhow::Context;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::login_directory;
use crate::identity::erasure_ledger::{Erased, ErasureLedger, shred_tenant_keys};
use crate::portability::tenant_export::find_tenant;
use crate::tenancy::TenantId;

/// What was destroyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shredded {
    pub tenant_id: Uuid,
    pub tenant_keys: u64,
    pub person_keys: u64,
    pub logins: u64,
}

pub async fn shred(
    owner: &DatabaseConnection,
    ledger: &ErasureLedger,
    slug: &str,
) -> anyhow::Result<Shredded> {
    let found = find_tenant(owner, slug).await?;
    let tenant = TenantId(found.id);
    // Recorded first: should the destruction stop half-way, the next start finishes it.
    ledger.append(Erased::Tenant {
        tenant_id: tenant.0,
    })?;
    let logins = login_directory::Entity::find()
        .filter(login_directory::Column::TenantId.eq(tenant.0))
        .count(owner)
        .await
        .context("Lecture de l'annuaire de connexion impossible")?;
    let (person_keys, tenant_keys) = shred_tenant_keys(owner, tenant).await?;
    Ok(Shredded {
        tenant_id: found.id,
        tenant_keys,
        person_keys,
        logins,
    })
}
