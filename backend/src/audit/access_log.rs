//! Appending to, reading and verifying a tenant's access-log chain in the database.
//!
//! Outbox design (issue 6): an operation only inserts its entry into `access_log_outbox`, in
//! its own transaction, so nothing committed goes unlogged and nothing rolled back is logged,
//! and no lock is taken: a tenant's reads run side by side. The appender
//! ([`append_pending`], run by `serve` every [`APPEND_INTERVAL`] and by anyone who reads the
//! chain) moves pending rows into the hash chain under the tenant's chain lock (a PostgreSQL
//! advisory lock; SQLite has a single writer anyway) and deletes them in the same
//! transaction, so several appenders (API replicas, a verification) never chain a row twice.
//!
//! Readers of the chain (verification, checkpoints, auditor search, exports, the retention
//! purge) append the backlog first: they see every entry committed before they started.
//! Until chained (about [`APPEND_INTERVAL`]), an entry is protected by the database's access
//! rights only, like the tail after the last checkpoint is protected by the chain only.

use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend,
    DatabaseConnection, DatabaseTransaction, EntityTrait, FromQueryResult, Iterable, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

use crate::audit::{Actor, object_ids};
use crate::entity::{access_log, access_log_checkpoint, access_log_outbox};
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
        object_ids: object_ids::from_bytes(&row.object_ids)
            .context("objets d'entrée illisibles")?,
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

/// How often `serve` chains the pending entries of every tenant.
pub const APPEND_INTERVAL: Duration = Duration::from_millis(100);

/// Pending rows chained per transaction (bounds the lock time and the statement size).
const APPEND_BATCH: u64 = 500;

/// Logs one access inside the caller's transaction (commit it to keep the entry): the entry
/// waits in the outbox until the appender chains it. Codes are checked here, so a bad one
/// fails the operation rather than the appender.
pub async fn record(
    txn: &DatabaseTransaction,
    tenant: TenantId,
    actor: &Actor,
    access: Access<'_>,
) -> anyhow::Result<()> {
    PendingEntry::new(tenant, actor, access)?.record(txn).await
}

/// The outbox row of an access, its codes checked.
fn outbox_row(
    tenant: TenantId,
    actor: &Actor,
    access: Access<'_>,
) -> anyhow::Result<access_log_outbox::ActiveModel> {
    let entry = NewAccessEntry {
        at: Utc::now(),
        actor_id: actor.id,
        actor_role: actor.role.clone(),
        operation: access.operation,
        object_type: access.object_type.to_owned(),
        object_ids: access.object_ids,
        purpose: access.purpose.to_owned(),
    };
    entry.check_codes().context("Entrée de journal refusée")?;
    Ok(access_log_outbox::ActiveModel {
        tenant_id: Set(tenant.0),
        id: Set(Uuid::new_v4()),
        at: Set(time_text(entry.at)),
        actor_id: Set(entry.actor_id),
        actor_role: Set(entry.actor_role),
        operation: Set(entry.operation.as_str().to_owned()),
        object_type: Set(entry.object_type),
        object_ids: Set(object_ids::to_bytes(&entry.object_ids)),
        purpose: Set(entry.purpose),
    })
}

/// An access logged by the statement that reads the data (PostgreSQL): a page read's entry
/// then costs no round trip of its own, which was a large part of what logging adds to a
/// read (see [`PendingEntry::prefix`]).
pub struct PendingEntry {
    tenant: TenantId,
    row: access_log_outbox::ActiveModel,
}

impl PendingEntry {
    /// Checks the access's codes now, so that a bad one fails before any data is read.
    pub fn new(tenant: TenantId, actor: &Actor, access: Access<'_>) -> anyhow::Result<Self> {
        Ok(Self {
            tenant,
            row: outbox_row(tenant, actor, access)?,
        })
    }

    /// `WITH logged AS (INSERT INTO access_log_outbox ...)` with its values as the first
    /// placeholders, to put before a query of the same transaction (PostgreSQL runs a
    /// data-modifying CTE even when the query does not read it); the query's own placeholders
    /// follow them.
    /// Call [`PendingEntry::done`] once the statement has run.
    pub fn prefix(&self) -> (String, Vec<sea_orm::Value>) {
        let (names, values) = self.columns();
        let placeholders: Vec<String> = (1..=values.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "WITH logged AS (INSERT INTO access_log_outbox ({}) VALUES ({})) ",
            names.join(", "),
            placeholders.join(", ")
        );
        (sql, values)
    }

    /// As [`PendingEntry::prefix`], for an entry that also names objects the statement itself
    /// reads: `logged AS (INSERT ... SELECT ... FROM source)`, one entry per row of `source`
    /// (a CTE named before it, none when it is empty), whose object ids are this entry's
    /// followed by those of `more_ids`, an SQL expression over `source` giving ids in their
    /// stored form (`bytea`, see [`object_ids`]). The caller writes `WITH source AS (...), `
    /// before it and the query after it; its placeholders come first, the query's follow them.
    pub fn prefix_over(&self, source: &str, more_ids: &str) -> (String, Vec<sea_orm::Value>) {
        let (names, values) = self.columns();
        let selected: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                if *name == sea_orm::IdenStatic::as_str(&access_log_outbox::Column::ObjectIds) {
                    format!("(${}::bytea || ({more_ids}))", i + 1)
                } else {
                    format!("${}", i + 1)
                }
            })
            .collect();
        let sql = format!(
            "logged AS (INSERT INTO access_log_outbox ({}) SELECT {} FROM {source}) ",
            names.join(", "),
            selected.join(", ")
        );
        (sql, values)
    }

    /// The outbox's columns (every one, each set by `outbox_row`) and this entry's values.
    fn columns(&self) -> (Vec<&'static str>, Vec<sea_orm::Value>) {
        let columns: Vec<access_log_outbox::Column> = access_log_outbox::Column::iter().collect();
        let names = columns.iter().map(sea_orm::IdenStatic::as_str).collect();
        let values = columns
            .iter()
            .map(|column| {
                self.row
                    .get(*column)
                    .into_value()
                    .unwrap_or(sea_orm::Value::String(None))
            })
            .collect();
        (names, values)
    }

    /// The entry was written by the statement that carried [`PendingEntry::prefix`].
    pub fn done(self) {
        touch(self.tenant);
    }

    /// Writes the entry on its own (SQLite, or a query that cannot carry it).
    pub async fn record(self, txn: &DatabaseTransaction) -> anyhow::Result<()> {
        access_log_outbox::Entity::insert(self.row)
            .exec_without_returning(txn)
            .await
            .context("Écriture du journal d'accès impossible")?;
        touch(self.tenant);
        Ok(())
    }
}

/// Tenants this process logged for lately, and when: the appender visits them even where
/// `releve_access_log_backlog()` cannot see other tenants' rows (a schema owner without
/// BYPASSRLS is itself filtered by the forced row-level security).
static RECENT: LazyLock<Mutex<HashMap<TenantId, Instant>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// How long a tenant stays on the appender's round after its last logged operation (longer
/// than any transaction is expected to stay open).
const RECENT_WINDOW: Duration = Duration::from_secs(60);

fn touch(tenant: TenantId) {
    let mut recent = RECENT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    recent.insert(tenant, Instant::now());
}

fn recent_tenants() -> Vec<TenantId> {
    let mut recent = RECENT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    recent.retain(|_, at| at.elapsed() < RECENT_WINDOW);
    recent.keys().copied().collect()
}

fn pending_of(row: access_log_outbox::Model) -> anyhow::Result<NewAccessEntry> {
    Ok(NewAccessEntry {
        at: DateTime::parse_from_rfc3339(&row.at)
            .context("date d'entrée en attente illisible")?
            .into(),
        actor_id: row.actor_id,
        actor_role: row.actor_role,
        operation: operation_of(&row.operation)?,
        object_type: row.object_type,
        object_ids: object_ids::from_bytes(&row.object_ids)
            .context("objets d'entrée en attente illisibles")?,
        purpose: row.purpose,
    })
}

fn row_of(entry: &AccessEntry) -> anyhow::Result<access_log::ActiveModel> {
    Ok(access_log::ActiveModel {
        tenant_id: Set(entry.tenant_id),
        seq: Set(i64::try_from(entry.seq).context("journal trop long")?),
        at: Set(time_text(entry.at)),
        actor_id: Set(entry.actor_id),
        actor_role: Set(entry.actor_role.clone()),
        operation: Set(entry.operation.as_str().to_owned()),
        object_type: Set(entry.object_type.clone()),
        object_ids: Set(object_ids::to_bytes(&entry.object_ids)),
        purpose: Set(entry.purpose.clone()),
        prev_hash: Set(entry.prev_hash.0.to_vec()),
        hash: Set(entry.hash.0.to_vec()),
    })
}

/// Chains the tenant's pending entries (oldest first) and removes them from the outbox;
/// returns how many were chained. Opens its own transactions: never call it while holding
/// one (on SQLite it would wait for itself).
pub async fn append_pending(db: &DatabaseConnection, tenant: TenantId) -> anyhow::Result<u64> {
    let mut total = 0;
    loop {
        let txn = tenancy::begin(db, tenant).await?;
        lock_chain(&txn, tenant).await?;
        let pending = access_log_outbox::Entity::find()
            .filter(access_log_outbox::Column::TenantId.eq(tenant.0))
            .order_by_asc(access_log_outbox::Column::At)
            .order_by_asc(access_log_outbox::Column::Id)
            .limit(APPEND_BATCH)
            .all(&txn)
            .await
            .context("Lecture des entrées de journal en attente impossible")?;
        let count = pending.len() as u64;
        if count == 0 {
            txn.commit()
                .await
                .context("Fin de transaction impossible")?;
            return Ok(total);
        }
        let mut head = head(&txn, tenant).await?;
        let ids: Vec<Uuid> = pending.iter().map(|row| row.id).collect();
        // The batch is the oldest pending rows: the key (tenant, at, id) is walked only up to
        // its last time (PostgreSQL, migration m20261123_000012).
        let last_at = pending.last().map(|row| row.at.clone()).unwrap_or_default();
        let mut rows = Vec::with_capacity(pending.len());
        for row in pending {
            let entry = head
                .append(pending_of(row)?)
                .context("Entrée de journal refusée")?;
            rows.push(row_of(&entry)?);
        }
        let mut rest = rows.into_iter();
        for size in batch_sizes(count as usize) {
            access_log::Entity::insert_many(rest.by_ref().take(size))
                .exec_without_returning(&txn)
                .await
                .context("Écriture du journal d'accès impossible")?;
        }
        access_log_outbox::Entity::delete_many()
            .filter(access_log_outbox::Column::TenantId.eq(tenant.0))
            .filter(access_log_outbox::Column::At.lte(last_at))
            .filter(access_log_outbox::Column::Id.is_in(ids))
            .exec(&txn)
            .await
            .context("Écriture du journal d'accès impossible")?;
        txn.commit()
            .await
            .context("Écriture du journal d'accès impossible")?;
        total += count;
        if count < APPEND_BATCH {
            return Ok(total);
        }
    }
}

/// Splits `n` rows into statements of fixed sizes (powers of two, largest first: at most 9
/// statements for a batch of 500), so that the appender's inserts reuse a handful of
/// prepared statements: one statement per batch length would prepare (and soon evict) a new
/// statement of up to 5 500 parameters on almost every tick.
fn batch_sizes(mut n: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    for size in [256, 128, 64, 32, 16, 8, 4, 2, 1] {
        while n >= size {
            sizes.push(size);
            n -= size;
        }
    }
    sizes
}

#[derive(FromQueryResult)]
struct BacklogRow {
    tenant_id: Uuid,
}

/// The tenants with entries waiting in the outbox.
pub async fn backlog(db: &DatabaseConnection) -> anyhow::Result<Vec<TenantId>> {
    let backend = db.get_database_backend();
    let sql = if backend == DatabaseBackend::Postgres {
        // The API's role sees one tenant at a time: a SECURITY DEFINER function lists them.
        "SELECT tenant_id FROM releve_access_log_backlog()"
    } else {
        "SELECT DISTINCT tenant_id FROM access_log_outbox"
    };
    let rows = BacklogRow::find_by_statement(Statement::from_string(backend, sql))
        .all(db)
        .await
        .context("Lecture des journaux en attente impossible")?;
    Ok(rows.into_iter().map(|r| TenantId(r.tenant_id)).collect())
}

/// Chains every tenant's pending entries; returns how many were chained.
pub async fn append_all_pending(db: &DatabaseConnection) -> anyhow::Result<u64> {
    let mut total = 0;
    for tenant in backlog(db).await? {
        total += append_pending(db, tenant).await?;
    }
    Ok(total)
}

/// The appender signs a checkpoint once this many entries follow the last one, so that a
/// deleted tail can be proven (entries after the last checkpoint are protected by the chain
/// only); auditors and `releve audit checkpoint` may sign more often.
pub const CHECKPOINT_EVERY: u64 = 1000;

/// The single appender of `serve`: chains pending entries every [`APPEND_INTERVAL`] and
/// anchors each tenant's chain every [`CHECKPOINT_EVERY`] entries, for as long as the
/// runtime lives (other replicas' appenders wait on the same chain lock).
pub fn spawn_appender(db: DatabaseConnection, key: CheckpointSigningKey) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(APPEND_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut backlog_looked: Option<Instant> = None;
        loop {
            tick.tick().await;
            let whole_backlog = backlog_looked.is_none_or(|at| at.elapsed() >= BACKLOG_INTERVAL);
            if whole_backlog {
                backlog_looked = Some(Instant::now());
            }
            if let Err(error) = append_and_anchor(&db, &key, whole_backlog).await {
                tracing::warn!(error = ?error, "access-log appender failed; retrying");
            }
        }
    });
}

/// How often the appender also looks for every tenant's pending entries (those of another
/// process that stopped before chaining them); between two looks it visits the tenants this
/// process logged for. That look reads the whole outbox table, dead rows included (up to a
/// minute of deleted entries until autovacuum): 10 times a second it cost more than the
/// appends themselves.
pub const BACKLOG_INTERVAL: Duration = Duration::from_secs(5);

async fn append_and_anchor(
    db: &DatabaseConnection,
    key: &CheckpointSigningKey,
    whole_backlog: bool,
) -> anyhow::Result<()> {
    let mut tenants = if whole_backlog {
        backlog(db).await?
    } else {
        Vec::new()
    };
    for tenant in recent_tenants() {
        if !tenants.contains(&tenant) {
            tenants.push(tenant);
        }
    }
    for tenant in tenants {
        if append_pending(db, tenant).await? > 0 {
            checkpoint_if_due(db, key, tenant, CHECKPOINT_EVERY).await?;
        }
    }
    Ok(())
}

/// Signs a checkpoint of the tenant's current head (the backlog chained first), unless it
/// is empty or already signed.
pub async fn checkpoint(
    db: &DatabaseConnection,
    key: &CheckpointSigningKey,
    tenant: TenantId,
) -> anyhow::Result<Option<Checkpoint>> {
    append_pending(db, tenant).await?;
    checkpoint_if_due(db, key, tenant, 1).await
}

/// Signs a checkpoint of the tenant's head once at least `every` chained entries follow the
/// last checkpoint (the appender's periodic anchoring); `None` when not due.
pub async fn checkpoint_if_due(
    db: &DatabaseConnection,
    key: &CheckpointSigningKey,
    tenant: TenantId,
    every: u64,
) -> anyhow::Result<Option<Checkpoint>> {
    let txn = tenancy::begin(db, tenant).await?;
    lock_chain(&txn, tenant).await?;
    let head = head(&txn, tenant).await?;
    let anchored = last_checkpoint_seq(&txn, tenant).await?;
    if head.seq == 0 || head.seq < anchored.saturating_add(every.max(1)) {
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

/// The newest `limit` chained entries matching `search`, newest first, filtered in the
/// database (times compare as text: they are stored in one fixed RFC 3339 form). Call
/// [`append_pending`] before opening `txn` to include the backlog.
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
        query = query.filter(names_object(txn.get_database_backend(), object));
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

/// Entries whose ids include `object`: its 16 bytes found in `object_ids` at an id's start
/// (first occurrence; bytes of two adjacent random ids matching it by chance: 2^-122).
fn names_object(backend: DatabaseBackend, object: Uuid) -> sea_orm::sea_query::SimpleExpr {
    let bytes = || sea_orm::Value::Bytes(Some(object.as_bytes().to_vec()));
    let (sql, values) = match backend {
        // `$1` twice: `?` is an operator in PostgreSQL, not a placeholder.
        DatabaseBackend::Postgres => (
            "position($1 IN object_ids) > 0 AND (position($1 IN object_ids) - 1) % 16 = 0",
            vec![bytes()],
        ),
        _ => (
            "instr(object_ids, ?) > 0 AND (instr(object_ids, ?) - 1) % 16 = 0",
            vec![bytes(), bytes()],
        ),
    };
    sea_orm::sea_query::Expr::cust_with_values(sql, values)
}

/// Every chained entry of the tenant, in sequence order (see [`append_pending`]).
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

/// The sequence number the tenant's latest checkpoint signs (0: none yet).
async fn last_checkpoint_seq(txn: &DatabaseTransaction, tenant: TenantId) -> anyhow::Result<u64> {
    let last = access_log_checkpoint::Entity::find()
        .filter(access_log_checkpoint::Column::TenantId.eq(tenant.0))
        .order_by_desc(access_log_checkpoint::Column::Seq)
        .limit(1)
        .one(txn)
        .await
        .context("Lecture des points de contrôle impossible")?;
    match last {
        Some(row) => u64::try_from(row.seq).context("point de contrôle invalide"),
        None => Ok(0),
    }
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

/// Chains the pending entries, then recomputes the tenant's whole chain and checks every
/// checkpoint signature.
pub async fn verify(
    db: &DatabaseConnection,
    key: &CheckpointSigningKey,
    tenant: TenantId,
) -> anyhow::Result<Result<ChainSummary, ChainBreak>> {
    append_pending(db, tenant).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_sizes_cover_every_row_with_few_fixed_statements() {
        for n in 0..=APPEND_BATCH as usize {
            let sizes = batch_sizes(n);
            assert_eq!(sizes.iter().sum::<usize>(), n, "{n} rows");
            assert!(sizes.len() <= 9, "{n} rows in {} statements", sizes.len());
            assert!(sizes.iter().all(|s| s.is_power_of_two() && *s <= 256));
            assert!(sizes.windows(2).all(|w| w[0] > w[1]), "{sizes:?}");
        }
    }
}
