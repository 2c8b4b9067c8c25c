//! The process's key ring: the key-encryption key (KEK), the access-token signing secret,
//! the access-log checkpoint signing key and the login-directory key, read from `keys_dir`
//! (the KEK may come from `RELEVE_KEK` instead).
//!
//! `releve keys init` creates missing key files (0600); `releve demo` does it for the demo,
//! so encryption and signing are on there too. `serve` refuses to start without them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::config::Settings;
use crate::identity::erasure_ledger::ErasureLedger;
use crate::security::access_chain::CheckpointSigningKey;
use crate::security::envelope::{KeyEncryptionKey, LocalKek};
use crate::security::key_file;

/// File names inside the keys directory.
pub const KEK_FILE: &str = "kek.key";
/// The key-encryption key being retired during a rotation (see `releve keys rotate`).
pub const PREVIOUS_KEK_FILE: &str = "kek.previous.key";
pub const TOKEN_KEY_FILE: &str = "jwt.key";
pub const AUDIT_KEY_FILE: &str = "audit.key";
pub const LOOKUP_KEY_FILE: &str = "lookup.key";
/// Signs solve jobs and their results between the API and the workers (see
/// `jobs::payload_signature`); `RELEVE_JOB_SIGNING_KEY` may replace it.
pub const JOB_KEY_FILE: &str = "job.key";

pub struct KeyRing {
    /// Wraps every tenant's data key. A KMS or Vault implementation can replace it.
    pub kek: Arc<dyn KeyEncryptionKey>,
    /// During a rotation, the KEK being retired: tenant keys it still wraps stay readable
    /// until `releve keys rotate` has re-wrapped them under `kek`.
    pub previous_kek: Option<Arc<dyn KeyEncryptionKey>>,
    /// HMAC secret of the access JWTs.
    pub token_secret: Zeroizing<[u8; 32]>,
    /// Seed of the key that signs access-log checkpoints.
    pub audit_key: Zeroizing<[u8; 32]>,
    /// HMAC key of the login directory (e-mail → tenant), which is read before any tenant
    /// key can be: no plaintext e-mail is stored there.
    pub lookup_key: Zeroizing<[u8; 32]>,
    /// Where erasures are recorded outside the database (see `identity::erasure_ledger`).
    pub erasures: ErasureLedger,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("kek", &self.kek.key_id())
            .finish_non_exhaustive()
    }
}

fn missing_hint(path: &Path) -> String {
    format!(
        "Clé introuvable ou illisible : {} (RELEVE_KEYS_DIR). Lancez `releve keys init`.",
        path.display()
    )
}

impl KeyRing {
    /// The key that signs access-log checkpoints (its public half goes to auditors).
    pub fn checkpoint_key(&self) -> CheckpointSigningKey {
        CheckpointSigningKey::from_seed(*self.audit_key)
    }

    /// The KEK that wrapped a key, by its id: the current one or the one being retired.
    pub fn kek_for(&self, kek_id: &str) -> Option<&dyn KeyEncryptionKey> {
        std::iter::once(&self.kek)
            .chain(self.previous_kek.iter())
            .find(|kek| kek.key_id() == kek_id)
            .map(|kek| kek.as_ref())
    }

    /// Loads every key; fails naming the missing file and the command that creates it.
    pub fn load(settings: &Settings) -> anyhow::Result<Self> {
        let dir = settings.keys_dir();
        let kek: Arc<dyn KeyEncryptionKey> = match &settings.kek {
            Some(text) => Arc::new(
                LocalKek::from_base64(text.expose_secret())
                    .context("configuration invalide : RELEVE_KEK")?,
            ),
            None => {
                let path = dir.join(KEK_FILE);
                Arc::new(LocalKek::from_file(&path).with_context(|| missing_hint(&path))?)
            }
        };
        let read = |name: &str| {
            let path = dir.join(name);
            key_file::read_key_file(&path).with_context(|| missing_hint(&path))
        };
        let previous_path = dir.join(PREVIOUS_KEK_FILE);
        let previous_kek: Option<Arc<dyn KeyEncryptionKey>> = if previous_path.exists() {
            Some(Arc::new(
                LocalKek::from_file(&previous_path)
                    .with_context(|| missing_hint(&previous_path))?,
            ))
        } else {
            None
        };
        Ok(Self {
            kek,
            previous_kek,
            token_secret: read(TOKEN_KEY_FILE)?,
            audit_key: read(AUDIT_KEY_FILE)?,
            lookup_key: read(LOOKUP_KEY_FILE)?,
            erasures: ErasureLedger::new(settings.erasure_ledger()),
        })
    }
}

/// Creates the key files that are missing (never replaces one) and returns their paths.
pub fn init(settings: &Settings) -> anyhow::Result<Vec<PathBuf>> {
    let dir = settings.keys_dir();
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("Impossible de créer le dossier des clés {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("Droits du dossier {} non modifiables", dir.display()))?;
    }
    let mut created = Vec::new();
    let names: &[&str] = if settings.kek.is_some() {
        &[
            TOKEN_KEY_FILE,
            AUDIT_KEY_FILE,
            LOOKUP_KEY_FILE,
            JOB_KEY_FILE,
        ]
    } else {
        &[
            KEK_FILE,
            TOKEN_KEY_FILE,
            AUDIT_KEY_FILE,
            LOOKUP_KEY_FILE,
            JOB_KEY_FILE,
        ]
    };
    for name in names {
        let path = dir.join(name);
        if !path.exists() {
            key_file::generate_key_file(&path)
                .with_context(|| format!("Création de la clé {} impossible", path.display()))?;
            created.push(path);
        }
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    fn settings_in(dir: &Path) -> Settings {
        let mut settings = Settings::load_from(&Overrides::default(), &[]).unwrap();
        settings.data_dir = dir.to_path_buf();
        settings
    }

    #[test]
    fn init_creates_missing_keys_once_and_load_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let settings = settings_in(dir.path());
        assert!(KeyRing::load(&settings).is_err());
        assert_eq!(init(&settings).unwrap().len(), 5);
        let first = KeyRing::load(&settings).unwrap();
        assert!(
            init(&settings).unwrap().is_empty(),
            "existing keys are never replaced"
        );
        let second = KeyRing::load(&settings).unwrap();
        assert_eq!(first.kek.key_id(), second.kek.key_id());
        assert_ne!(*first.token_secret, *first.audit_key);
    }

    #[test]
    fn a_missing_key_names_the_file_and_the_command() {
        let dir = tempfile::tempdir().unwrap();
        let settings = settings_in(dir.path());
        let error = format!("{:#}", KeyRing::load(&settings).unwrap_err());
        assert!(
            error.contains("kek.key") && error.contains("releve keys init"),
            "{error}"
        );
    }

    #[test]
    fn kek_from_environment_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = settings_in(dir.path());
        settings.kek = Some(secrecy::SecretString::from(
            key_file::encode_key(&[7u8; 32]).to_string(),
        ));
        assert_eq!(init(&settings).unwrap().len(), 4);
        assert!(!settings.keys_dir().join(KEK_FILE).exists());
        assert!(KeyRing::load(&settings).is_ok());
        settings.kek = Some(secrecy::SecretString::from("pas-du-base64".to_owned()));
        let error = format!("{:#}", KeyRing::load(&settings).unwrap_err());
        assert!(error.contains("RELEVE_KEK"), "{error}");
    }
}
