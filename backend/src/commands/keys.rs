//! `releve keys init`.

use crate::cli::KeysAction;
use crate::config::Settings;
use crate::keys;

pub fn run(settings: &Settings, action: &KeysAction) -> anyhow::Result<()> {
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
    }
    Ok(())
}
