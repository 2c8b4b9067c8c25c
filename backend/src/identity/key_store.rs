//! Tenant and person data keys in the database, wrapped (design decision 2).
//!
//! A tenant key is created on first use and wrapped by the KEK; a person key is wrapped by
//! the tenant key. Deleting a `person_key` row crypto-shreds that person.

use std::collections::HashMap;

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    FromQueryResult, QueryFilter, Statement,
};
use uuid::Uuid;

use crate::audit::access_log::PendingEntry;
use crate::entity::{person_key, tenant_key};
use crate::keys::{KeyRing, PREVIOUS_KEK_FILE};
use crate::security::envelope::{
    DataKey, PersonKeyOpener, WrappedKey, rewrap, unwrap_tenant_key, wrap_person_key,
    wrap_tenant_key,
};
use crate::tenancy::TenantId;

/// The tenant's data key, created and stored wrapped if it does not exist yet.
pub async fn tenant_key(
    db: &impl ConnectionTrait,
    keys: &KeyRing,
    tenant: TenantId,
) -> anyhow::Result<DataKey> {
    let stored = tenant_key::Entity::find_by_id(tenant.0)
        .one(db)
        .await
        .context("Lecture de la clé du GHT impossible")?;
    if let Some(row) = stored {
        return open_tenant_key(keys, tenant, row.kek_id, row.wrapped_key).await;
    }
    let key = DataKey::generate().context("Génération de clé impossible")?;
    let wrapped = wrap_tenant_key(keys.kek.as_ref(), tenant.0, &key)
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

/// A stored tenant key unwrapped by the key-encryption key that wrapped it.
async fn open_tenant_key(
    keys: &KeyRing,
    tenant: TenantId,
    kek_id: String,
    ciphertext: Vec<u8>,
) -> anyhow::Result<DataKey> {
    let kek = keys.kek_for(&kek_id).with_context(|| {
        format!("Clé maîtresse {kek_id} absente du trousseau (RELEVE_KEYS_DIR)")
    })?;
    let wrapped = WrappedKey { kek_id, ciphertext };
    unwrap_tenant_key(kek, tenant.0, &wrapped)
        .await
        .context("Clé du GHT indéchiffrable (clé maîtresse différente ?)")
}

/// A stored person key unwrapped by the tenant key's opener.
fn open_person_key(
    opener: &PersonKeyOpener,
    person: Uuid,
    wrapped: &[u8],
) -> anyhow::Result<DataKey> {
    opener
        .unwrap(person, wrapped)
        .context("Clé de la personne indéchiffrable")
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
        Some(row) => Ok(Some(open_person_key(
            &PersonKeyOpener::new(tenant_key, tenant.0),
            person,
            &row.wrapped_key,
        )?)),
    }
}

/// The data keys of several people in one query (a page of staff), by person id; erased
/// people are absent. The map lives for one request: never cache keys across requests or
/// tenants (an erasure must take effect at once).
pub async fn person_keys(
    db: &impl ConnectionTrait,
    tenant_key: &DataKey,
    tenant: TenantId,
    persons: impl IntoIterator<Item = Uuid>,
) -> anyhow::Result<HashMap<Uuid, DataKey>> {
    let mut wanted: Vec<Uuid> = persons.into_iter().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = HashMap::with_capacity(wanted.len());
    let opener = PersonKeyOpener::new(tenant_key, tenant.0);
    // Bounded statements (SQLite caps bound parameters); a page is at most 100 people.
    for chunk in wanted.chunks(500) {
        let rows = person_key::Entity::find()
            .filter(person_key::Column::TenantId.eq(tenant.0))
            .filter(person_key::Column::PersonId.is_in(chunk.iter().copied()))
            .all(db)
            .await
            .context("Lecture des clés des personnes impossible")?;
        for row in rows {
            let key = open_person_key(&opener, row.person_id, &row.wrapped_key)?;
            found.insert(row.person_id, key);
        }
    }
    Ok(found)
}

#[derive(FromQueryResult)]
struct StoredKey {
    /// `None` on the tenant key's row.
    person_id: Option<Uuid>,
    kek_id: Option<String>,
    wrapped_key: Vec<u8>,
}

/// [`tenant_key`] and [`person_keys`] of a page of people, in one round trip on PostgreSQL
/// that also writes the read's access-log entry (a read of staff names needs the keys and
/// the entry; each round trip costs the database more than the unwrapping). Same rules:
/// nothing cached, erased people absent, the tenant key created on first use. Elsewhere the
/// entry is written first, on its own.
pub async fn tenant_and_person_keys(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    tenant: TenantId,
    persons: impl IntoIterator<Item = Uuid>,
    entry: PendingEntry,
) -> anyhow::Result<(DataKey, HashMap<Uuid, DataKey>)> {
    let mut wanted: Vec<Uuid> = persons.into_iter().collect();
    wanted.sort_unstable();
    wanted.dedup();
    if txn.get_database_backend() != DbBackend::Postgres || wanted.is_empty() || wanted.len() > 500
    {
        entry.record(txn).await?;
        let tenant_key = tenant_key(txn, keys, tenant).await?;
        let found = person_keys(txn, &tenant_key, tenant, wanted).await?;
        return Ok((tenant_key, found));
    }
    let (logged, mut values) = entry.prefix();
    let first = values.len() + 1;
    let placeholders: Vec<String> = (first + 1..first + 1 + wanted.len())
        .map(|i| format!("${i}"))
        .collect();
    let sql = format!(
        "{logged}SELECT NULL::uuid AS person_id, kek_id, wrapped_key FROM tenant_key \
         WHERE tenant_id = ${first} \
         UNION ALL \
         SELECT person_id, NULL, wrapped_key FROM person_key \
         WHERE tenant_id = ${first} AND person_id IN ({})",
        placeholders.join(", ")
    );
    values.push(tenant.0.into());
    values.extend(wanted.iter().map(|id| sea_orm::Value::from(*id)));
    let rows = StoredKey::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        values,
    ))
    .all(txn)
    .await
    .context("Lecture des clés impossible")?;
    entry.done();
    let Some(tenant_row) = rows.iter().find(|row| row.person_id.is_none()) else {
        // No tenant key yet: created here (and so no person key can exist).
        return Ok((tenant_key(txn, keys, tenant).await?, HashMap::new()));
    };
    let tenant_key = open_tenant_key(
        keys,
        tenant,
        tenant_row.kek_id.clone().unwrap_or_default(),
        tenant_row.wrapped_key.clone(),
    )
    .await?;
    let opener = PersonKeyOpener::new(&tenant_key, tenant.0);
    let mut found = HashMap::with_capacity(wanted.len());
    for row in &rows {
        if let Some(person) = row.person_id {
            let key = open_person_key(&opener, person, &row.wrapped_key)?;
            found.insert(person, key);
        }
    }
    Ok((tenant_key, found))
}

/// KEK rotation: re-wraps, tenant by tenant, every tenant key still wrapped by the
/// retiring KEK under the current one. Field data is untouched (no re-encryption), and the
/// API keeps reading throughout since its key ring holds both KEKs. Needs a connection that
/// sees every tenant's `tenant_key` row (the schema owner). Returns how many were re-wrapped.
pub async fn rewrap_tenant_keys(
    db: &impl ConnectionTrait,
    keys: &KeyRing,
) -> anyhow::Result<usize> {
    let current = keys.kek.key_id().to_owned();
    let stale = tenant_key::Entity::find()
        .filter(tenant_key::Column::KekId.ne(current.clone()))
        .all(db)
        .await
        .context("Lecture des clés de GHT impossible")?;
    let mut count = 0;
    for row in stale {
        let old = keys.kek_for(&row.kek_id).with_context(|| {
            format!(
                "Clé maîtresse {} absente : placez-la dans {PREVIOUS_KEK_FILE}",
                row.kek_id
            )
        })?;
        let wrapped = WrappedKey {
            kek_id: row.kek_id.clone(),
            ciphertext: row.wrapped_key.clone(),
        };
        let rewrapped = rewrap(old, keys.kek.as_ref(), row.tenant_id, &wrapped)
            .await
            .context("Ré-emballage impossible")?;
        tenant_key::Entity::update_many()
            .col_expr(tenant_key::Column::KekId, Expr::value(rewrapped.kek_id))
            .col_expr(
                tenant_key::Column::WrappedKey,
                Expr::value(rewrapped.ciphertext),
            )
            .filter(tenant_key::Column::TenantId.eq(row.tenant_id))
            .filter(tenant_key::Column::KekId.eq(row.kek_id))
            .exec(db)
            .await
            .context("Enregistrement de la clé ré-emballée impossible")?;
        count += 1;
    }
    Ok(count)
}
