//! The integrity tag of every message between the API and the workers (HMAC-SHA256 with a
//! key both hold): a worker refuses a forged or altered job, the API a forged result.
//! Redis is a transport here, not a trusted party (security.md R-42).

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::config::Settings;
use crate::keys::JOB_KEY_FILE;
use crate::security::key_file;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Which way a message goes; part of the tag, so that a job cannot pass for a result.
#[derive(Debug, Clone, Copy)]
pub enum Direction {
    /// API → worker: a job to solve.
    Job,
    /// Worker → API: started, heartbeat, progress, result.
    Event,
}

impl Direction {
    fn label(self) -> &'static [u8] {
        match self {
            Direction::Job => b"releve/job/v1\0",
            Direction::Event => b"releve/job-event/v1\0",
        }
    }
}

pub struct JobSigningKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for JobSigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JobSigningKey([REDACTED])")
    }
}

impl JobSigningKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// `RELEVE_JOB_SIGNING_KEY`, or else the file `job.key` in the keys directory.
    pub fn load(settings: &Settings) -> anyhow::Result<Self> {
        match &settings.job_signing_key {
            Some(text) => Ok(Self(
                key_file::decode_key(text.expose_secret())
                    .context("configuration invalide : RELEVE_JOB_SIGNING_KEY")?,
            )),
            None => {
                let path = settings.keys_dir().join(JOB_KEY_FILE);
                Ok(Self(key_file::read_key_file(&path).with_context(|| {
                    format!(
                        "Clé de signature des tâches introuvable : définissez \
                         RELEVE_JOB_SIGNING_KEY ou créez {} avec `releve keys init`",
                        path.display()
                    )
                })?))
            }
        }
    }

    fn mac(&self, direction: Direction, body: &[u8]) -> HmacSha256 {
        // An HMAC takes a key of any length: this cannot fail with 32 bytes.
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(self.0.as_slice())
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(direction.label());
        mac.update(body);
        mac
    }

    /// The tag of `body` (base64).
    pub fn sign(&self, direction: Direction, body: &[u8]) -> String {
        STANDARD.encode(self.mac(direction, body).finalize().into_bytes())
    }

    /// Whether `tag` is the tag of `body`, compared in constant time.
    pub fn verify(&self, direction: Direction, body: &[u8], tag: &str) -> bool {
        match STANDARD.decode(tag.trim()) {
            Ok(bytes) => self.mac(direction, body).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_verifies_only_its_body_direction_and_key() {
        let key = JobSigningKey::from_bytes([1; 32]);
        let tag = key.sign(Direction::Job, b"{\"job\":1}");
        assert!(key.verify(Direction::Job, b"{\"job\":1}", &tag));
        assert!(!key.verify(Direction::Job, b"{\"job\":2}", &tag));
        assert!(!key.verify(Direction::Event, b"{\"job\":1}", &tag));
        assert!(!JobSigningKey::from_bytes([2; 32]).verify(Direction::Job, b"{\"job\":1}", &tag));
        assert!(!key.verify(Direction::Job, b"{\"job\":1}", "pas du base64 !"));
        assert!(!key.verify(Direction::Job, b"{\"job\":1}", ""));
    }
}
