//! Connecting to the database (PostgreSQL or the embedded SQLite file) and its schema state.

use std::time::Duration;

use anyhow::Context;
use releve_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, Statement,
};
use secrecy::{ExposeSecret, SecretString};

use crate::config::{DatabaseKind, Settings};

/// Opens the API's connection pool (`RELEVE_DATABASE_URL`).
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    open(settings, &settings.database_url(), "RELEVE_DATABASE_URL").await
}

/// Opens a connection as the schema owner (`RELEVE_MIGRATION_DATABASE_URL`, or the API's
/// URL when unset), for migrations and maintenance commands.
pub async fn connect_owner(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    open(
        settings,
        &settings.migration_database_url(),
        "RELEVE_MIGRATION_DATABASE_URL",
    )
    .await
}

/// Short acquire timeouts so that `/readyz` answers quickly (503) when the database is
/// down, instead of hanging, and an overloaded API refuses (`SERVICE_UNAVAILABLE`) rather
/// than queueing requests without bound.
async fn open(
    settings: &Settings,
    url: &SecretString,
    setting: &str,
) -> anyhow::Result<DatabaseConnection> {
    if settings.database_kind() == DatabaseKind::Sqlite {
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!(
                "Impossible de créer le dossier de données {}",
                settings.data_dir.display()
            )
        })?;
    }
    let mut options = ConnectOptions::new(url.expose_secret().to_owned());
    options
        .max_connections(settings.database_max_connections)
        .min_connections(0)
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(Duration::from_secs_f64(
            settings.database_acquire_timeout_seconds,
        ))
        .sqlx_logging(false)
        // A connection used within the last second is handed out without a ping: under load
        // that saves a round trip per transaction; one idle longer is checked first (a
        // restarted server), as before.
        .test_before_acquire_if_idle_for(Duration::from_secs(1));
    Database::connect(options)
        .await
        .with_context(|| format!("Connexion à la base de données impossible ({setting})"))
}

/// Whether the connected PostgreSQL role escapes row-level security (superuser, BYPASSRLS,
/// or owner of a table). Always `false` on SQLite, which has no such roles.
pub async fn role_bypasses_row_security(db: &DatabaseConnection) -> anyhow::Result<bool> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(false);
    }
    let sql = "SELECT (r.rolsuper OR r.rolbypassrls OR EXISTS ( \
                 SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')))::text \
               FROM pg_roles r WHERE r.rolname = current_user";
    let row = db
        .query_one_raw(Statement::from_string(DatabaseBackend::Postgres, sql))
        .await
        .context("Lecture des droits du rôle PostgreSQL impossible")?
        .context("Rôle PostgreSQL courant introuvable")?;
    let flag: String = row
        .try_get_by_index(0)
        .context("Droits du rôle illisibles")?;
    Ok(flag == "true")
}

/// Names of migrations not yet applied. Read-only: the API's role may not create tables.
pub async fn pending_migrations(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let pending = Migrator::get_pending_migrations_read_only(db)
        .await
        .context("Lecture de l'état des migrations impossible")?;
    Ok(pending.iter().map(|m| m.name().to_owned()).collect())
}

/// Applies every pending migration.
pub async fn migrate_up(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("Échec des migrations")
}
