//! `releve audit purge`: the access log's retention purge (see `audit::retention`).

use chrono::{Duration, Utc};

use crate::audit::retention;
use crate::cli::AuditAction;
use crate::config::Settings;
use crate::{database, keys};

pub async fn run(settings: &Settings, action: &AuditAction) -> anyhow::Result<()> {
    match action {
        AuditAction::Purge { before } => {
            let cutoff = before.unwrap_or_else(|| {
                Utc::now() - Duration::days(i64::from(settings.audit_retention_days))
            });
            let ring = keys::KeyRing::load(settings)?;
            let db = database::connect_owner(settings).await?;
            for done in retention::purge(&db, &ring.checkpoint_key(), cutoff).await? {
                match done.anchor_seq {
                    Some(anchor) => say!(
                        "GHT {} : {} entrée(s) antérieure(s) au {cutoff} supprimée(s), chaîne ancrée au point de contrôle n° {anchor}",
                        done.tenant_slug,
                        done.entries
                    ),
                    None => say!("GHT {} : rien d'antérieur au {cutoff}", done.tenant_slug),
                }
            }
        }
    }
    Ok(())
}
