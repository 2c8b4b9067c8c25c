//! `releve migrate up|down|status`.

use anyhow::Context;
use releve_migrations::{Migrator, MigratorTrait};

use crate::cli::MigrateAction;
use crate::config::Settings;
use crate::database;

pub async fn run(settings: &Settings, action: &MigrateAction) -> anyhow::Result<()> {
    let db = database::connect_owner(settings).await?;
    match action {
        MigrateAction::Up { steps } => {
            Migrator::up(&db, *steps)
                .await
                .context("Échec des migrations")?;
            println!("Migrations appliquées.");
        }
        MigrateAction::Down { steps } => {
            Migrator::down(&db, Some(*steps))
                .await
                .context("Échec du retour arrière")?;
            println!("{steps} migration(s) annulée(s).");
        }
        MigrateAction::Status => {
            let all = Migrator::get_migration_with_status(&db)
                .await
                .context("Lecture de l'état des migrations impossible")?;
            for migration in all {
                println!("{}\t{}", migration.status(), migration.name());
            }
        }
    }
    Ok(())
}
