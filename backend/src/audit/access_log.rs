//! Appending to, reading and verifying a tenant's access-log chain in the database.
//!
//! Appends of one tenant are serialised for the rest of the transaction (a PostgreSQL
//! advisory lock; SQLite has a single writer anyway), taken as late as possible: services
//! record their entry just before they commit, so the lock is held for microseconds.

use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

use crate::audit::Actor;
use crate::entity::{access_log, access_log_checkpoint};
use crate::security::access_chain::{
    self, AccessEntry, ChainBreak, ChainHash, ChainHead, ChainSummary, Checkpoint,
    CheckpointSigningKey, NewAccessEntry, Operation,
};
use crate::tenancy::{self, TenantId};

/// What was done to which personal data, and why.
#[derive(Debug, Clone)]
pub struct Access<'a> {
    pub operation: Operation,
    /// Short code of the kind of object, e.g. `app_user`, `staff`, `roster`.
    pub object_type: &'a str,
    /// Pseudonymous ids of the objects (rows, persons).
    pub object_ids: Vec<Uuid>,
    /// Short code of the purpose, e.g. `authentication`, `planning`, `audit`.
    pub purpose: &'a str,
}

pub fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn hash_of(bytes: &[u8]) -> anyhow::Result<ChainHash> {
    let array: [u8; 32] = bytes
        .try_into()
        .context("empreinte de journal de taille invalide")?;
    Ok(ChainHash(array))
}

fn operation_of(code: &str) -> anyhow::Result<Operation> {
    Ok(match code {
        "create" => Operation::Create,
        "read" => Operation::Read,
        "update" => Operation::Update,
        "delete" => Operation::Delete,
        "export" => Operation::Export,
        other => anyhow::bail!("opération de journal inconnue : {other}"),
    })
}

fn entry_of(row: access_log::Model) -> anyhow::Result<AccessEntry> {
    Ok(AccessEntry {
        seq: u64::try_from(row.seq).context("numéro d'entrée négatif")?,
        tenant_id: row.tenant_id,
        at: DateTime::parse_from_rfc3339(&row.at)
            .context("date d'entrée illisible")?
            .into(),
        actor_id: row.actor_id,
        actor_role: row.actor_role,
        operation: operation_of(&row.operation)?,
        object_type: row.object_type,
        object_ids: serde_json::from_str(&row.object_ids).context("objets d'entrée illisibles")?,
        purpose: row.purpose,
        prev_hash: hash_of(&row.prev_hash)?,
        hash: hash_of(&row.hash)?,
    })
}

fn checkpoint_of(row: access_log_checkpoint::Model) -> anyhow::Result<Checkpoint> {
    Ok(Checkpoint {
        tenant_id: row.tenant_id,
        seq: u64::try_from(row.seq).context("numéro de point de contrôle négatif")?,
        hash: hash_of(&row.hash)?,
        signed_at: DateTime::parse_from_rfc3339(&row.signed_at)
            .context("date de point de contrôle illisible")?
            .into(),
        signature: row.signature,
    })
}

/// Serialises appends of one tenant until the transaction ends (PostgreSQL).
async fn lock_chain(txn: &DatabaseTransaction, tenant: TenantId) -> anyhow::Result<()> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 7))",
            [format!("releve-access-log:{tenant}").into()],
        ))
        .await
        .context("Verrou du journal d'accès impossible")?;
    }
    Ok(())
}

/// The current head of the tenant's chain (genesis when empty).
async fn head(txn: &DatabaseTransaction, tenant: TenantId) -> anyhow::Result<ChainHead> {
    let last = access_log::Entity::find()
        .filter(access_log::Column::TenantId.eq(tenant.0))
        .order_by_desc(access_log::Column::Seq)
        .limit(1)
        .one(txn)
        .await
        .context("Lecture du journal d'accès impossible")?;
    Ok(match last {
        Some(row) => ChainHead::after(&entry_of(row)?),
        None => ChainHead::genesis(tenant.0),
    })
}

/// Appends one entry inside the caller's transaction (commit it to keep the entry).
pub async fn record(
    txn: &DatabaseTransaction,
    tenant: TenantId,
    actor: &Actor,
    access: Access<'_>,
) -> anyhow::Result<AccessEntry> {
    lock_chain(txn, tenant).await?;
    let mut head = head(txn, tenant).await?;
    let entry = head
        .append(NewAccessEntry {
            at: Utc::now(),
            actor_id: actor.id,
            actor_role: actor.role.clone(),
            operation: access.operation,
            object_type: access.object_type.to_owned(),
            object_ids: access.object_ids,
            purpose: access.purpose.to_owned(),
        })
        .context("Entrée de journal refusée")?;
    access_log::Entity::insert(access_log::ActiveModel {
        tenant_id: Set(entry.tenant_id),
        seq: Set(i64::try_from(entry.seq).context("journal trop long")?),
        at: Set(time_text(entry.at)),
        actor_id: Set(entry.actor_id),
        actor_role: Set(entry.actor_role.clone()),
        operation: Set(entry.operation.as_str().to_owned()),
        object_type: Set(entry.object_type.clone()),
        object_ids: Set(serde_json::to_string(&entry.object_ids).context("objets illisibles")?),
        purpose: Set(entry.purpose.clone()),
        prev_hash: Set(entry.prev_hash.0.to_vec()),
        hash: Set(entry.hash.0.to_vec()),
    })
    .exec(txn)
    .await
    .context("Écriture du journal d'accès impossible")?;
    Ok(entry)
}

/// Signs a checkpoint of the tenant's current head, unless it is empty or already signed.
pub async fn checkpoint(
    db: &DatabaseConnection,
    key: &CheckpointSigningKey,
    tenant: TenantId,
) -> anyhow::Result<Option<Checkpoint>> {
    let txn = tenancy::begin(db, tenant).await?;
    lock_chain(&txn, tenant).await?;
    let head = head(&txn, tenant).await?;
    let last = checkpoints(&txn, tenant).await?.pop();
    if head.seq == 0 || last.is_some_and(|c| c.seq == head.seq) {
        txn.commit()
            .await
            .context("Fin de transaction impossible")?;
        return Ok(None);
    }
    let signed = key
        .sign(&head, Utc::now())
        .context("Signature impossible")?;
    access_log_checkpoint::Entity::insert(access_log_checkpoint::ActiveModel {
        tenant_id: Set(signed.tenant_id),
        seq: Set(i64::try_from(signed.seq).context("journal trop long")?),
        hash: Set(signed.hash.0.to_vec()),
        signed_at: Set(time_text(signed.signed_at)),
        signature: Set(signed.signature.clone()),
    })
    .exec(&txn)
    .await
    .context("Écriture du point de contrôle impossible")?;
    txn.commit()
        .await
        .context("Écriture du point de contrôle impossible")?;
    Ok(Some(signed))
}

/// What an auditor searches for; every part is optional.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub actor_id: Option<Uuid>,
    /// A person or object among the entry's object ids.
    pub object_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub to: Option<DateTime<Utc>>,
    /// Only entries older than this sequence number (the cursor of the next page).
    pub before_seq: Option<u64>,
}

/// The newest `limit` entries matching `search`, newest first, filtered in the database
/// (times compare as text: they are stored in one fixed RFC 3339 form).
pub async fn search(
    txn: &DatabaseTransaction,
    tenant: TenantId,
    search: &Search,
    limit: u64,
) -> anyhow::Result<Vec<AccessEntry>> {
    let mut query = access_log::Entity::find().filter(access_log::Column::TenantId.eq(tenant.0));
    if let Some(actor) = search.actor_id {
        query = query.filter(access_log::Column::ActorId.eq(actor));
    }
    if let Some(object) = search.object_id {
        query = query.filter(access_log::Column::ObjectIds.contains(object.to_string()));
    }
    if let Some(from) = search.from {
        query = query.filter(access_log::Column::At.gte(time_text(from)));
    }
    if let Some(to) = search.to {
        query = query.filter(access_log::Column::At.lt(time_text(to)));
    }
    if let Some(seq) = search.before_seq {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        query = query.filter(access_log::Column::Seq.lt(seq));
    }
    query
        .order_by_desc(access_log::Column::Seq)
        .limit(limit)
        .all(txn)
        .await
        .context("Lecture du journal d'accès impossible")?
        .into_iter()
        .map(entry_of)
        .collect()
}

/// Every entry of the tenant, in sequence order.
pub async fn entries(
    txn: &DatabaseTransaction,
    tenant: TenantId,
) -> anyhow::Result<Vec<AccessEntry>> {
    access_log::Entity::find()
        .filter(access_log::Column::TenantId.eq(tenant.0))
        .order_by_asc(access_log::Column::Seq)
        .all(txn)
        .await
        .context("Lecture du journal d'accès impossible")?
        .into_iter()
        .map(entry_of)
        .collect()
}

/// Every checkpoint of the tenant, in sequence order.
pub async fn checkpoints(
    txn: &DatabaseTransaction,
    tenant: TenantId,
) -> anyhow::Result<Vec<Checkpoint>> {
    access_log_checkpoint::Entity::find()
        .filter(access_log_checkpoint::Column::TenantId.eq(tenant.0))
        .order_by_asc(access_log_checkpoint::Column::Seq)
        .all(txn)
        .await
        .context("Lecture des points de contrôle impossible")?
        .into_iter()
        .map(checkpoint_of)
        .collect()
}

/// Recomputes the tenant's whole chain and checks every checkpoint signature.
pub async fn verify(
    db: &DatabaseConnection,
    key: &CheckpointSigningKey,
    tenant: TenantId,
) -> anyhow::Result<Result<ChainSummary, ChainBreak>> {
    let txn = tenancy::begin(db, tenant).await?;
    let entries = entries(&txn, tenant).await?;
    let checkpoints = checkpoints(&txn, tenant).await?;
    txn.commit()
        .await
        .context("Fin de transaction impossible")?;
    Ok(access_chain::verify(
        tenant.0,
        &entries,
        &checkpoints,
        &key.verifying_key(),
    ))
}
