//! The access-log outbox (issue 6: "an entry row written in the same transaction as the
//! operation, chained by a single appender").
//!
//! Before, every logged operation took its tenant's chain lock and held it until commit, so
//! one tenant's reads ran one after another. Now an operation only inserts its entry into
//! `access_log_outbox` (same transaction: nothing logged is rolled back, nothing committed
//! goes unlogged); the appender moves pending rows into the hash chain (`access_log`) under
//! the chain lock, deleting them in the same transaction. Each row keeps the time of the
//! operation (`at`, hashed as is) and is chained in `(at, id)` order.
//!
//! The API role may SELECT, INSERT and DELETE outbox rows (the appender runs as the API);
//! `access_log` itself stays SELECT/INSERT only. `releve_access_log_backlog()` lists the
//! tenants that have pending rows, since the API's own role sees one tenant at a time under
//! row-level security: SECURITY DEFINER, returning tenant ids only, like
//! `releve_unfinished_jobs()`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::tenant_isolation::{APP_ROLE, protect_tenant_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AccessLogOutbox {
    Table,
    TenantId,
    Id,
    At,
    ActorId,
    ActorRole,
    Operation,
    ObjectType,
    ObjectIds,
    Purpose,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccessLogOutbox::Table)
                    .col(ColumnDef::new(AccessLogOutbox::TenantId).uuid().not_null())
                    .col(ColumnDef::new(AccessLogOutbox::Id).uuid().not_null())
                    // RFC 3339 with microseconds, exactly as it will be hashed.
                    .col(
                        ColumnDef::new(AccessLogOutbox::At)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccessLogOutbox::ActorId).uuid().not_null())
                    .col(
                        ColumnDef::new(AccessLogOutbox::ActorRole)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccessLogOutbox::Operation)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccessLogOutbox::ObjectType)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccessLogOutbox::ObjectIds).text().not_null())
                    .col(
                        ColumnDef::new(AccessLogOutbox::Purpose)
                            .string_len(64)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(AccessLogOutbox::TenantId)
                            .col(AccessLogOutbox::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccessLogOutbox::Table, AccessLogOutbox::TenantId)
                            .to(Tenant::Table, Tenant::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        protect_tenant_table(manager, "access_log_outbox", "SELECT, INSERT, DELETE").await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            db.execute_unprepared(
                "CREATE FUNCTION releve_access_log_backlog() \
                 RETURNS TABLE (tenant_id uuid) \
                 LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS \
                 $$ SELECT DISTINCT tenant_id FROM access_log_outbox $$",
            )
            .await?;
            db.execute_unprepared("REVOKE ALL ON FUNCTION releve_access_log_backlog() FROM PUBLIC")
                .await?;
            db.execute_unprepared(&format!(
                "GRANT EXECUTE ON FUNCTION releve_access_log_backlog() TO {APP_ROLE}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS releve_access_log_backlog()")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(AccessLogOutbox::Table).to_owned())
            .await
    }
}
