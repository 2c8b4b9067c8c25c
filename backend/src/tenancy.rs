//! Tenant-scoped database work: every service function that touches tenant data runs in a
//! transaction opened here, which names the tenant for PostgreSQL's row-level security
//! (`set_config(..., true)`: local to the transaction, so a pooled connection never carries
//! one tenant's setting into another's request; security.md R-25).

use std::fmt;

use anyhow::Context;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, Statement,
    TransactionTrait,
};
use uuid::Uuid;

/// A tenant (GHT) id. It only ever comes from a verified token or from the tenant
/// directory at login, never from a client's arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TenantId(pub Uuid);

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Opens a transaction in which PostgreSQL shows and accepts only `tenant`'s rows.
/// On SQLite (no RLS) it is a plain transaction: the service layer's own filters remain.
pub async fn begin(
    db: &DatabaseConnection,
    tenant: TenantId,
) -> anyhow::Result<DatabaseTransaction> {
    let txn = db
        .begin()
        .await
        .context("Ouverture de transaction impossible")?;
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT set_config('releve.tenant_id', $1, true)",
            [tenant.0.to_string().into()],
        ))
        .await
        .context("Impossible de fixer le GHT de la transaction")?;
    } else if txn.get_database_backend() == DatabaseBackend::Sqlite {
        // SQLite's deferred transactions start as readers; two of them that both write later
        // fail at once with "database is locked" (the upgrade deadlock, where the busy timeout
        // does not apply). Taking the write lock first (a write statement that matches no
        // row) makes concurrent transactions wait their turn instead.
        txn.execute_unprepared("UPDATE tenant SET id = id WHERE 0")
            .await
            .context("Verrou d'écriture SQLite indisponible")?;
    }
    Ok(txn)
}
