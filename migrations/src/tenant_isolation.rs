//! Row-level security for tenant tables (design decision 1; security.md ).
//!
//! In PostgreSQL every table with a `tenant_id` gets RLS enabled *and forced* (so even the
//! table owner is filtered), one policy that compares `tenant_id` with the per-transaction
//! setting `releve.tenant_id`, and grants to the `releve_app` role that the API's login role
//! belongs to. `current_setting(..., true)` yields NULL when the setting is absent, so a
//! transaction that forgot to name its tenant sees and writes nothing (fail closed).
//! SQLite has no RLS: there the application's own scoping is the only wall.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

/// The role the API's login role is a member of: no table owner, no BYPASSRLS.
pub const APP_ROLE: &str = "releve_app";

/// The setting that carries the tenant of the current transaction.
pub const TENANT_SETTING: &str = "releve.tenant_id";

/// Creates the `releve_app` role once per cluster (several databases may share it).
pub async fn ensure_app_role(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    // Concurrent migrations of two databases may race on the role: either error means
    // it exists now, which is all we need.
    let sql = format!(
        "DO $$ BEGIN \
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN \
             CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; \
           END IF; \
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; \
         END $$"
    );
    manager.get_connection().execute_unprepared(&sql).await?;
    let database_grant = "DO $$ BEGIN \
           EXECUTE format('GRANT CONNECT ON DATABASE %I TO releve_app', current_database()); \
         END $$";
    manager
        .get_connection()
        .execute_unprepared(database_grant)
        .await?;
    manager
        .get_connection()
        .execute_unprepared(&format!("GRANT USAGE ON SCHEMA public TO {APP_ROLE}"))
        .await?;
    // The API checks at start-up that the schema is up to date.
    manager
        .get_connection()
        .execute_unprepared(&format!("GRANT SELECT ON seaql_migrations TO {APP_ROLE}"))
        .await?;
    Ok(())
}

/// Puts `table` behind row-level security on `tenant_id` and grants the app role
/// the listed privileges (e.g. `SELECT, INSERT` for an append-only table).
pub async fn protect_tenant_table(
    manager: &SchemaManager<'_>,
    table: &str,
    privileges: &str,
) -> Result<(), DbErr> {
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    let condition =
        format!("tenant_id = NULLIF(current_setting('{TENANT_SETTING}', true), '')::uuid");
    for statement in [
        format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"),
        format!("ALTER TABLE {table} FORCE ROW LEVEL SECURITY"),
        format!(
            "CREATE POLICY tenant_isolation ON {table} USING ({condition}) WITH CHECK ({condition})"
        ),
        format!("GRANT {privileges} ON {table} TO {APP_ROLE}"),
    ] {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

/// Grants the app role privileges on a table that has no tenant (read-mostly directories).
pub async fn grant_shared_table(
    manager: &SchemaManager<'_>,
    table: &str,
    privileges: &str,
) -> Result<(), DbErr> {
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    manager
        .get_connection()
        .execute_unprepared(&format!("GRANT {privileges} ON {table} TO {APP_ROLE}"))
        .await?;
    Ok(())
}
