//! The access-log outbox is keyed in the order the appender reads it, and no longer checks
//! its tenant against `tenant` on every insert.
//!
//! Every read of personal data inserts one outbox row, so this insert is on the path of every
//! such request. Measured with `pg_stat_statements` in the read benchmark
//! (`infra/bench-read.sh`, one unit's month, loaded machine):
//! - the foreign key to `tenant` made each insert take the tenant row's `FOR KEY SHARE` lock
//!   (a lock record in the WAL, and a multixact when two requests of the GHT overlap): the
//!   insert took 0.128 ms with it and 0.060 ms without. The tenant id of an outbox row is
//!   already forced to the transaction's tenant by row-level security, tenants are never
//!   deleted (a GHT's exit destroys its keys), and the row lives for about 100 ms, until the
//!   appender moves it into `access_log`, which keeps its own foreign key;
//! - the appender reads the oldest pending rows (`ORDER BY at, id LIMIT 500`) every 100 ms.
//!   Keyed by `(tenant_id, id)` with random ids, that read sorted the tenant's whole outbox,
//!   dead rows included (deleted rows stay in the heap until vacuum): 1.8 ms per read after
//!   a minute at 200 reads a second, even with nothing pending. Keyed by
//!   `(tenant_id, at, id)`, it walks the index from the oldest row and stops after the batch,
//!   and inserts go to the index's right edge instead of random pages.
//!
//! PostgreSQL only: SQLite has no row locks for foreign keys to take and serves a single
//! writer; its outbox keeps its key.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Drops the outbox's primary and foreign keys, whatever names they were given.
const DROP_KEYS: &str = "DO $$ DECLARE c text; BEGIN \
     FOR c IN SELECT conname FROM pg_constraint \
              WHERE conrelid = 'access_log_outbox'::regclass AND contype IN ('p', 'f') LOOP \
       EXECUTE format('ALTER TABLE access_log_outbox DROP CONSTRAINT %I', c); \
     END LOOP; END $$";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(DROP_KEYS).await?;
        db.execute_unprepared("ALTER TABLE access_log_outbox ADD PRIMARY KEY (tenant_id, at, id)")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(DROP_KEYS).await?;
        db.execute_unprepared(
            "ALTER TABLE access_log_outbox ADD PRIMARY KEY (tenant_id, id), \
             ADD FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE",
        )
        .await?;
        Ok(())
    }
}
