//! `releve keys init`, `releve keys rotate` and `releve keys replay-erasures`.
//!
//! Rotating the key-encryption key without downtime:
//! 1. move `kek.key` to `kek.previous.key`, then `releve keys init` creates a new `kek.key`;
//! 2. restart the API processes (they now read with either KEK, and wrap with the new one);
//! 3. `releve keys rotate` re-wraps the remaining tenant keys;
//! 4. remove `kek.previous.key` and restart.

use crate::cli::KeysAction;
use crate::config::Settings;
use crate::identity::{erasure_ledger, key_store};
use crate::{database, keys};

pub async fn run(settings: &Settings, action: &KeysAction) -> anyhow::Result<()> {
    match action {
        KeysAction::Init => {
            let created = keys::init(settings)?;
            if created.is_empty() {
                println!("Clés déjà présentes dans {}", settings.keys_dir().display());
            }
            for path in created {
                println!("Clé créée : {}", path.display());
            }
        }
        KeysAction::Rotate => {
            let ring = keys::KeyRing::load(settings)?;
            let db = database::connect_owner(settings).await?;
            let count = key_store::rewrap_tenant_keys(&db, &ring).await?;
            println!(
                "{count} clé(s) de GHT ré-emballée(s) avec la clé maîtresse {}",
                ring.kek.key_id()
            );
        }
        KeysAction::ReplayErasures => {
            let ring = keys::KeyRing::load(settings)?;
            let db = database::connect_owner(settings).await?;
            let done = erasure_ledger::replay(&db, &ring.erasures).await?;
            println!(
                "Registre {} ré-appliqué : {} clé(s) de personne et {} clé(s) de GHT détruites à nouveau",
                ring.erasures.path().display(),
                done.person_keys,
                done.tenant_keys
            );
        }
    }
    Ok(())
}
