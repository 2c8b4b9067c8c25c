//! Tenant and person data keys in the database, wrapped (design decision 2).
//!
//! A tenant key is created on first use and wrapped by the KEK; a person key is wrapped by
//! the tenant key. Deleting a `person_key` row crypto-shreds that person.

use anyhow::Context;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::entity::{person_key, tenant_key};
use crate::security::envelope::{
    DataKey, KeyEncryptionKey, WrappedKey, unwrap_person_key, unwrap_tenant_key, wrap_person_key,
    wrap_tenant_key,
};
use crate::tenancy::TenantId;

/// The tenant's data key, created and stored wrapped if it does not exist yet.
pub async fn tenant_key(
    db: &impl ConnectionTrait,
    kek: &dyn KeyEncryptionKey,
    tenant: TenantId,
) -> anyhow::Result<DataKey> {
    let stored = tenant_key::Entity::find_by_id(tenant.0)
        .one(db)
        .await
        .context("Lecture de la clé du GHT impossible")?;
    if let Some(row) = stored {
        let wrapped = WrappedKey {
            kek_id: row.kek_id,
            ciphertext: row.wrapped_key,
        };
        return unwrap_tenant_key(kek, tenant.0, &wrapped)
            .await
            .context("Clé du GHT indéchiffrable (clé maîtresse différente ?)");
    }
    let key = DataKey::generate().context("Génération de clé impossible")?;
    let wrapped = wrap_tenant_key(kek, tenant.0, &key)
        .await
        .context("Emballage de clé impossible")?;
    tenant_key::Entity::insert(tenant_key::ActiveModel {
        tenant_id: Set(tenant.0),
        kek_id: Set(wrapped.kek_id),
        wrapped_key: Set(wrapped.ciphertext),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    })
    .exec(db)
    .await
    .context("Enregistrement de la clé du GHT impossible")?;
    Ok(key)
}

/// Creates and stores a new person's data key.
pub async fn create_person_key(
    db: &impl ConnectionTrait,
    tenant_key: &DataKey,
    tenant: TenantId,
    person: Uuid,
) -> anyhow::Result<DataKey> {
    let key = DataKey::generate().context("Génération de clé impossible")?;
    let wrapped = wrap_person_key(tenant_key, tenant.0, person, &key)
        .context("Emballage de la clé de la personne impossible")?;
    person_key::Entity::insert(person_key::ActiveModel {
        tenant_id: Set(tenant.0),
        person_id: Set(person),
        wrapped_key: Set(wrapped),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    })
    .exec(db)
    .await
    .context("Enregistrement de la clé de la personne impossible")?;
    Ok(key)
}

/// A person's data key, or `None` once the person has been erased (key destroyed).
pub async fn person_key(
    db: &impl ConnectionTrait,
    tenant_key: &DataKey,
    tenant: TenantId,
    person: Uuid,
) -> anyhow::Result<Option<DataKey>> {
    let stored = person_key::Entity::find_by_id((tenant.0, person))
        .one(db)
        .await
        .context("Lecture de la clé de la personne impossible")?;
    match stored {
        None => Ok(None),
        Some(row) => Ok(Some(
            unwrap_person_key(tenant_key, tenant.0, person, &row.wrapped_key)
                .context("Clé de la personne indéchiffrable")?,
        )),
    }
}
