//! Access-log rows stay in their table's pages instead of PostgreSQL's TOAST storage.
//!
//! An entry about a unit's page lists its 60 people: `object_ids` is then about 2.4 KB of
//! JSON, above PostgreSQL's default TOAST threshold (about 2 KB). Each such row was first
//! compressed in vain (random UUIDs do not compress) and then moved out of line: an extra
//! row in the TOAST table and its index on every insert into `access_log_outbox` and
//! `access_log`, and again when the appender reads and deletes the outbox row. Measured on
//! a throwaway PostgreSQL: inserting 5 000 such rows took 146 ms with the default and 54 ms
//! with `toast_tuple_target = 8160` (the largest value: rows up to a page are left inline).
//!
//! PostgreSQL only (SQLite has no TOAST); it applies to rows written from now on.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["access_log_outbox", "access_log"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        for table in TABLES {
            manager
                .get_connection()
                .execute_unprepared(&format!(
                    "ALTER TABLE {table} SET (toast_tuple_target = 8160)"
                ))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        for table in TABLES {
            manager
                .get_connection()
                .execute_unprepared(&format!("ALTER TABLE {table} RESET (toast_tuple_target)"))
                .await?;
        }
        Ok(())
    }
}
