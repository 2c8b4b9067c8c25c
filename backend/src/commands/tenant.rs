//! `releve tenant export <slug> DIR` and `releve tenant shred <slug> --yes` (a GHT's exit).
//! Both run with the schema owner's connection and the key ring.

use crate::cli::TenantAction;
use crate::config::Settings;
use crate::portability::{tenant_export, tenant_shred};
use crate::{database, keys};

pub async fn run(settings: &Settings, action: &TenantAction) -> anyhow::Result<()> {
    let db = database::connect_owner(settings).await?;
    match action {
        TenantAction::Export { slug, dir } => {
            let ring = keys::KeyRing::load(settings)?;
            let manifest = tenant_export::export(&db, &ring, slug, dir).await?;
            let tables = manifest["fichiers"].as_array().map_or(0, Vec::len);
            say!(
                "GHT {slug} exporté dans {} : {tables} tables en JSON et CSV, manifest.json",
                dir.display()
            );
        }
        TenantAction::Shred { slug, yes } => {
            if !yes {
                anyhow::bail!(
                    "destruction irréversible des clés du GHT {slug} : relancez avec --yes \
                     (après `releve tenant export`)"
                );
            }
            let ring = keys::KeyRing::load(settings)?;
            let done = tenant_shred::shred(&db, &ring.erasures, slug).await?;
            say!(
                "GHT {slug} : clé du GHT détruite ({}), {} clé(s) de personne, {} identifiant(s) de connexion supprimés",
                done.tenant_keys,
                done.person_keys,
                done.logins
            );
        }
    }
    Ok(())
}
