//! Connecting to the database (PostgreSQL or the embedded SQLite file) and its schema state.

use std::time::Duration;

use anyhow::Context;
use releve_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use secrecy::ExposeSecret;

use crate::config::{DatabaseKind, Settings};

/// Opens the connection pool. Short acquire timeouts so that `/readyz` answers quickly
/// (503) when the database is down, instead of hanging.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    if settings.database_kind() == DatabaseKind::Sqlite {
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!(
                "Impossible de créer le dossier de données {}",
                settings.data_dir.display()
            )
        })?;
    }
    let mut options = ConnectOptions::new(settings.database_url().expose_secret().to_owned());
    options
        .max_connections(settings.database_max_connections)
        .min_connections(0)
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(Duration::from_secs(3))
        .sqlx_logging(false);
    Database::connect(options)
        .await
        .context("Connexion à la base de données impossible (RELEVE_DATABASE_URL)")
}

/// Names of migrations not yet applied.
pub async fn pending_migrations(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let pending = Migrator::get_pending_migrations(db)
        .await
        .context("Lecture de l'état des migrations impossible")?;
    Ok(pending.iter().map(|m| m.name().to_owned()).collect())
}

/// Applies every pending migration.
pub async fn migrate_up(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("Échec des migrations")
}
