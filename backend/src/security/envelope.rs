//! Envelope encryption of personal data, per tenant and per person (design decision 2).
//!
//! Hierarchy: a key-encryption key (KEK: a file in development, a KMS or Vault in
//! production, behind [`KeyEncryptionKey`]) wraps one [`DataKey`] per tenant; the tenant key
//! wraps one [`DataKey`] per person; personal fields are sealed with the person's key using
//! AES-256-GCM. Destroying a person's wrapped key erases that person everywhere (backups
//! included); destroying a tenant's wrapped key (or the KEK) erases the tenant.
//!
//! Every ciphertext is bound by associated data to where it belongs: a tenant key to
//! its tenant, a person key to its tenant and person, a field to its tenant, table, column
//! and row. Moving a ciphertext anywhere else makes it fail to open.
//!
//! Sealed format: `version (1 byte) | nonce (12 random bytes) | ciphertext + 16-byte tag`;
//! the version byte is part of the associated data too. Nonces are random, never derived
//! from row ids; NIST SP 800-38D bounds a key to 2^32 such encryptions, far above
//! what one person's key (or a tenant key, which only wraps person keys) ever sees.
//!
//! AES-GCM cannot tell a wrong key from altered data or a different context: all three
//! report [`EnvelopeError::Decryption`]. A flipped version byte reports
//! [`EnvelopeError::UnsupportedVersion`], a cut-short value [`EnvelopeError::Truncated`].

use std::fmt;
use std::path::Path;

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::BoxFuture;
use super::canonical::Canonical;
use super::key_file::{self, KeyFileError};
use super::random::{RandomError, random_bytes};

/// Current version of the sealed format (fields, person keys and local KEK wraps).
pub const SEALED_FORMAT_V1: u8 = 1;
/// AES-GCM nonce length: 96 bits.
pub const NONCE_LEN: usize = 12;
/// AES-GCM tag length: 128 bits.
pub const TAG_LEN: usize = 16;
/// Bytes added to a plaintext by sealing: version, nonce and tag.
pub const SEAL_OVERHEAD: usize = 1 + NONCE_LEN + TAG_LEN;

/// Errors of envelope encryption. Messages are French because they can reach an operator
/// or, through the API's error mapping, a user.
#[derive(Debug, thiserror::Error)]
pub enum EnvelopeError {
    /// Wrong key, altered data, or data moved to another tenant, table, column or row.
    #[error("déchiffrement impossible : clé incorrecte, donnée altérée ou contexte différent")]
    Decryption,
    /// The cipher refused to encrypt (plaintext beyond AES-GCM limits).
    #[error("chiffrement impossible")]
    Encryption,
    /// The first byte names a format this code does not know.
    #[error("format de donnée chiffrée inconnu (version {0})")]
    UnsupportedVersion(u8),
    /// The value is shorter than version + nonce + tag.
    #[error("donnée chiffrée tronquée")]
    Truncated,
    /// The wrapped key names another KEK than the one used to unwrap it.
    #[error(
        "clé enveloppée par la clé maîtresse « {found} », mais la clé configurée est « {expected} »"
    )]
    WrongKek {
        /// The id of the KEK asked to unwrap.
        expected: String,
        /// The id recorded in the wrapped key.
        found: String,
    },
    /// The decrypted bytes are not UTF-8 text.
    #[error("la donnée déchiffrée n'est pas un texte valide")]
    InvalidUtf8,
    /// An external key service (KMS, Vault) failed.
    #[error("service de gestion des clés indisponible : {0}")]
    KeyService(String),
    /// A key file could not be read, written or decoded.
    #[error(transparent)]
    KeyFile(#[from] KeyFileError),
    /// The system RNG failed.
    #[error(transparent)]
    Random(#[from] RandomError),
}

/// A 256-bit AES key (tenant key or person key), wiped from memory when dropped.
///
/// Deliberately neither `Clone` nor `Debug`-printable: plaintext keys should exist once,
/// briefly, and never reach a log.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; 32]);

impl DataKey {
    /// Draws a fresh random key.
    pub fn generate() -> Result<Self, EnvelopeError> {
        Ok(Self(random_bytes::<32>()?))
    }

    /// Builds a key from its bytes (e.g. returned by a KMS); the caller's copy should be zeroized.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The key bytes, for a [`KeyEncryptionKey`] implementation to wrap. Never log or store them.
    pub fn expose_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn cipher(&self) -> Aes256Gcm {
        aead_cipher(&self.0)
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(***)")
    }
}

/// A data key encrypted by a KEK, with the id of that KEK (so rotation knows which one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    /// [`KeyEncryptionKey::key_id`] of the KEK that wrapped it.
    pub kek_id: String,
    /// Opaque ciphertext (format chosen by the KEK implementation).
    pub ciphertext: Vec<u8>,
}

/// A key-encryption key: wraps and unwraps data keys, binding associated data.
///
/// [`LocalKek`] implements it from a 32-byte secret; a Vault Transit or cloud KMS client can
/// implement it too (its `wrap_key` sending the key and the associated data as encryption
/// context). Methods return boxed futures so the trait stays usable as
/// `Arc<dyn KeyEncryptionKey>` chosen from configuration, and remote services need not block.
pub trait KeyEncryptionKey: Send + Sync + fmt::Debug {
    /// A stable, non-secret identifier of this KEK (and version), stored with each wrapped key.
    fn key_id(&self) -> &str;

    /// Encrypts `key`, binding `aad`; unwrapping needs the same `aad`.
    fn wrap_key<'a>(
        &'a self,
        key: &'a DataKey,
        aad: &'a [u8],
    ) -> BoxFuture<'a, Result<WrappedKey, EnvelopeError>>;

    /// Decrypts a key wrapped by [`KeyEncryptionKey::wrap_key`] with the same `aad`.
    fn unwrap_key<'a>(
        &'a self,
        wrapped: &'a WrappedKey,
        aad: &'a [u8],
    ) -> BoxFuture<'a, Result<DataKey, EnvelopeError>>;
}

/// A KEK held in process memory, loaded from configuration (development, embedded mode,
/// tests). Its id is a fingerprint of the key, so the same file always gives the same id and
/// a wrong file is detected before any decryption is attempted.
pub struct LocalKek {
    key: Zeroizing<[u8; 32]>,
    id: String,
}

impl LocalKek {
    /// Builds a KEK from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let key = Zeroizing::new(bytes);
        let mut canonical = Canonical::new("releve/local-kek-id/v1");
        canonical.push(key.as_slice());
        let digest = Sha256::digest(canonical.as_bytes());
        let fingerprint: String = digest
            .iter()
            .take(8)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        Self {
            key,
            id: format!("local:{fingerprint}"),
        }
    }

    /// Builds a KEK from base64 text (e.g. an environment variable).
    pub fn from_base64(text: &str) -> Result<Self, EnvelopeError> {
        let key = key_file::decode_key(text)?;
        Ok(Self::from_bytes(*key))
    }

    /// Reads a KEK from a file holding its base64 encoding.
    pub fn from_file(path: &Path) -> Result<Self, EnvelopeError> {
        let key = key_file::read_key_file(path)?;
        Ok(Self::from_bytes(*key))
    }

    /// Generates a new random KEK and writes it to a new file with mode 0600.
    /// Refuses to overwrite an existing file.
    pub fn generate_to_file(path: &Path) -> Result<Self, EnvelopeError> {
        let key = key_file::generate_key_file(path)?;
        Ok(Self::from_bytes(*key))
    }

    /// Generates a random KEK held only in memory (tests, throwaway demos).
    pub fn generate() -> Result<Self, EnvelopeError> {
        let key = Zeroizing::new(random_bytes::<32>()?);
        Ok(Self::from_bytes(*key))
    }

    /// The KEK as base64 text, to write into a secret store. Handle with care.
    pub fn to_base64(&self) -> Zeroizing<String> {
        key_file::encode_key(&self.key)
    }

    fn wrap_aad(&self, aad: &[u8]) -> Vec<u8> {
        let mut canonical = Canonical::new("releve/local-kek-wrap/v1");
        canonical.push_str(&self.id).push(aad);
        canonical.into_bytes()
    }

    fn wrap_now(&self, key: &DataKey, aad: &[u8]) -> Result<WrappedKey, EnvelopeError> {
        let ciphertext = seal_raw(
            &aead_cipher(&self.key),
            key.expose_bytes(),
            &self.wrap_aad(aad),
        )?;
        Ok(WrappedKey {
            kek_id: self.id.clone(),
            ciphertext,
        })
    }

    fn unwrap_now(&self, wrapped: &WrappedKey, aad: &[u8]) -> Result<DataKey, EnvelopeError> {
        if wrapped.kek_id != self.id {
            return Err(EnvelopeError::WrongKek {
                expected: self.id.clone(),
                found: wrapped.kek_id.clone(),
            });
        }
        let bytes = open_raw(
            &aead_cipher(&self.key),
            &wrapped.ciphertext,
            &self.wrap_aad(aad),
        )?;
        data_key_from_plaintext(bytes)
    }
}

impl fmt::Debug for LocalKek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalKek")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl KeyEncryptionKey for LocalKek {
    fn key_id(&self) -> &str {
        &self.id
    }

    fn wrap_key<'a>(
        &'a self,
        key: &'a DataKey,
        aad: &'a [u8],
    ) -> BoxFuture<'a, Result<WrappedKey, EnvelopeError>> {
        Box::pin(std::future::ready(self.wrap_now(key, aad)))
    }

    fn unwrap_key<'a>(
        &'a self,
        wrapped: &'a WrappedKey,
        aad: &'a [u8],
    ) -> BoxFuture<'a, Result<DataKey, EnvelopeError>> {
        Box::pin(std::future::ready(self.unwrap_now(wrapped, aad)))
    }
}

/// Where a sealed field lives; all four parts are bound as associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldContext<'a> {
    /// The tenant (GHT) owning the row.
    pub tenant_id: Uuid,
    /// Table name, e.g. `"staff"`.
    pub table: &'a str,
    /// Column name, e.g. `"last_name"`.
    pub column: &'a str,
    /// Primary key of the row.
    pub row_id: Uuid,
}

impl FieldContext<'_> {
    fn aad(&self) -> Vec<u8> {
        let mut canonical = Canonical::new("releve/field/v1");
        canonical
            .push(&[SEALED_FORMAT_V1])
            .push(self.tenant_id.as_bytes())
            .push_str(self.table)
            .push_str(self.column)
            .push(self.row_id.as_bytes());
        canonical.into_bytes()
    }
}

/// Seals a personal field with a (person) data key, bound to its context.
pub fn seal(
    key: &DataKey,
    plaintext: &[u8],
    context: &FieldContext<'_>,
) -> Result<Vec<u8>, EnvelopeError> {
    seal_raw(&key.cipher(), plaintext, &context.aad())
}

/// Opens a field sealed by [`seal`] with the same key and context.
pub fn open(
    key: &DataKey,
    sealed: &[u8],
    context: &FieldContext<'_>,
) -> Result<Zeroizing<Vec<u8>>, EnvelopeError> {
    open_raw(&key.cipher(), sealed, &context.aad())
}

/// Seals a text field ([`seal`] on its UTF-8 bytes).
pub fn seal_str(
    key: &DataKey,
    plaintext: &str,
    context: &FieldContext<'_>,
) -> Result<Vec<u8>, EnvelopeError> {
    seal(key, plaintext.as_bytes(), context)
}

/// Opens a text field sealed by [`seal_str`].
pub fn open_string(
    key: &DataKey,
    sealed: &[u8],
    context: &FieldContext<'_>,
) -> Result<String, EnvelopeError> {
    FieldOpener::new(key).open_string(sealed, context)
}

/// [`open_string`] for several fields of one person: the key's AES key schedule is computed
/// once, not once per field. Lives as long as the person's fields are being opened.
pub struct FieldOpener(Aes256Gcm);

impl FieldOpener {
    pub fn new(key: &DataKey) -> Self {
        Self(key.cipher())
    }

    pub fn open_string(
        &self,
        sealed: &[u8],
        context: &FieldContext<'_>,
    ) -> Result<String, EnvelopeError> {
        let mut bytes = open_raw(&self.0, sealed, &context.aad())?;
        String::from_utf8(std::mem::take(&mut *bytes)).map_err(|error| {
            // Wipe the rejected bytes too.
            let mut rejected = error.into_bytes();
            rejected.zeroize();
            EnvelopeError::InvalidUtf8
        })
    }
}

/// Associated data binding a tenant key to its tenant.
fn tenant_key_aad(tenant_id: Uuid) -> Vec<u8> {
    let mut canonical = Canonical::new("releve/tenant-key/v1");
    canonical.push(tenant_id.as_bytes());
    canonical.into_bytes()
}

/// Associated data binding a person key to its tenant and person.
fn person_key_aad(tenant_id: Uuid, person_id: Uuid) -> Vec<u8> {
    let mut canonical = Canonical::new("releve/person-key/v1");
    canonical
        .push(&[SEALED_FORMAT_V1])
        .push(tenant_id.as_bytes())
        .push(person_id.as_bytes());
    canonical.into_bytes()
}

/// Wraps a tenant key with the KEK, bound to the tenant.
pub async fn wrap_tenant_key(
    kek: &dyn KeyEncryptionKey,
    tenant_id: Uuid,
    tenant_key: &DataKey,
) -> Result<WrappedKey, EnvelopeError> {
    kek.wrap_key(tenant_key, &tenant_key_aad(tenant_id)).await
}

/// Unwraps a tenant key; fails if it was wrapped for another tenant or by another KEK.
pub async fn unwrap_tenant_key(
    kek: &dyn KeyEncryptionKey,
    tenant_id: Uuid,
    wrapped: &WrappedKey,
) -> Result<DataKey, EnvelopeError> {
    kek.unwrap_key(wrapped, &tenant_key_aad(tenant_id)).await
}

/// KEK rotation: re-wraps a tenant key under a new KEK. Data sealed under the tenant
/// and person keys is untouched, so rotation needs no re-encryption of fields.
pub async fn rewrap(
    old_kek: &dyn KeyEncryptionKey,
    new_kek: &dyn KeyEncryptionKey,
    tenant_id: Uuid,
    wrapped: &WrappedKey,
) -> Result<WrappedKey, EnvelopeError> {
    let tenant_key = unwrap_tenant_key(old_kek, tenant_id, wrapped).await?;
    wrap_tenant_key(new_kek, tenant_id, &tenant_key).await
}

/// Wraps a person key with the tenant key, bound to tenant and person.
pub fn wrap_person_key(
    tenant_key: &DataKey,
    tenant_id: Uuid,
    person_id: Uuid,
    person_key: &DataKey,
) -> Result<Vec<u8>, EnvelopeError> {
    seal_raw(
        &tenant_key.cipher(),
        person_key.expose_bytes(),
        &person_key_aad(tenant_id, person_id),
    )
}

/// Unwraps a person key; fails for another tenant, another person or another tenant key.
pub fn unwrap_person_key(
    tenant_key: &DataKey,
    tenant_id: Uuid,
    person_id: Uuid,
    wrapped: &[u8],
) -> Result<DataKey, EnvelopeError> {
    PersonKeyOpener::new(tenant_key, tenant_id).unwrap(person_id, wrapped)
}

/// [`unwrap_person_key`] for many people of one tenant: the tenant key's AES key schedule is
/// computed once, not once per person (a page of 60 staff unwraps 60 keys on every read).
/// Lives as long as the page's unwrapping, like the per-call cipher it replaces.
pub struct PersonKeyOpener {
    cipher: Aes256Gcm,
    tenant_id: Uuid,
}

impl PersonKeyOpener {
    pub fn new(tenant_key: &DataKey, tenant_id: Uuid) -> Self {
        Self {
            cipher: tenant_key.cipher(),
            tenant_id,
        }
    }

    pub fn unwrap(&self, person_id: Uuid, wrapped: &[u8]) -> Result<DataKey, EnvelopeError> {
        let bytes = open_raw(
            &self.cipher,
            wrapped,
            &person_key_aad(self.tenant_id, person_id),
        )?;
        data_key_from_plaintext(bytes)
    }
}

/// Tenant-key rotation: re-wraps a person key under a new tenant key (fields untouched).
pub fn rewrap_person_key(
    old_tenant_key: &DataKey,
    new_tenant_key: &DataKey,
    tenant_id: Uuid,
    person_id: Uuid,
    wrapped: &[u8],
) -> Result<Vec<u8>, EnvelopeError> {
    let person_key = unwrap_person_key(old_tenant_key, tenant_id, person_id, wrapped)?;
    wrap_person_key(new_tenant_key, tenant_id, person_id, &person_key)
}

fn aead_cipher(key: &[u8; 32]) -> Aes256Gcm {
    Aes256Gcm::new(&(*key).into())
}

fn data_key_from_plaintext(bytes: Zeroizing<Vec<u8>>) -> Result<DataKey, EnvelopeError> {
    let mut key = [0u8; 32];
    if bytes.len() != key.len() {
        return Err(EnvelopeError::Decryption);
    }
    key.copy_from_slice(&bytes);
    let data_key = DataKey::from_bytes(key);
    key.zeroize();
    Ok(data_key)
}

/// `version | nonce | ciphertext+tag`, the version byte also authenticated through `aad`.
fn seal_raw(cipher: &Aes256Gcm, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let nonce_bytes = random_bytes::<NONCE_LEN>()?;
    let full_aad = versioned_aad(SEALED_FORMAT_V1, aad);
    let ciphertext = cipher
        .encrypt(
            &nonce_bytes.into(),
            Payload {
                msg: plaintext,
                aad: &full_aad,
            },
        )
        .map_err(|_| EnvelopeError::Encryption)?;
    let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
    sealed.push(SEALED_FORMAT_V1);
    sealed.extend_from_slice(&nonce_bytes);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

fn open_raw(
    cipher: &Aes256Gcm,
    sealed: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, EnvelopeError> {
    let (&version, rest) = sealed.split_first().ok_or(EnvelopeError::Truncated)?;
    if version != SEALED_FORMAT_V1 {
        return Err(EnvelopeError::UnsupportedVersion(version));
    }
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(EnvelopeError::Truncated);
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| EnvelopeError::Truncated)?;
    let full_aad = versioned_aad(version, aad);
    cipher
        .decrypt(
            &nonce.into(),
            Payload {
                msg: ciphertext,
                aad: &full_aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| EnvelopeError::Decryption)
}

fn versioned_aad(version: u8, aad: &[u8]) -> Vec<u8> {
    let mut canonical = Canonical::new("releve/sealed");
    canonical.push(&[version]).push(aad);
    canonical.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> FieldContext<'static> {
        FieldContext {
            tenant_id: Uuid::from_u128(1),
            table: "staff",
            column: "last_name",
            row_id: Uuid::from_u128(42),
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn seal_open_round_trip() {
        let key = DataKey::generate().unwrap();
        let sealed = seal_str(&key, "Élodie Martin", &context()).unwrap();
        assert_eq!(
            open_string(&key, &sealed, &context()).unwrap(),
            "Élodie Martin"
        );
        let empty = seal(&key, b"", &context()).unwrap();
        assert_eq!(empty.len(), SEAL_OVERHEAD);
        assert!(open(&key, &empty, &context()).unwrap().is_empty());
    }

    #[test]
    fn sealed_layout_is_version_nonce_ciphertext_tag() {
        let key = DataKey::generate().unwrap();
        let sealed = seal(&key, b"secret", &context()).unwrap();
        assert_eq!(sealed[0], SEALED_FORMAT_V1);
        assert_eq!(sealed.len(), SEAL_OVERHEAD + b"secret".len());
        assert!(!sealed.windows(6).any(|window| window == b"secret"));
    }

    #[test]
    fn nonces_are_fresh_for_each_seal() {
        let key = DataKey::generate().unwrap();
        let a = seal(&key, b"same", &context()).unwrap();
        let b = seal(&key, b"same", &context()).unwrap();
        assert_ne!(a[1..1 + NONCE_LEN], b[1..1 + NONCE_LEN]);
        assert_ne!(a, b);
    }

    #[test]
    fn each_changed_context_field_fails() {
        let key = DataKey::generate().unwrap();
        let sealed = seal(&key, b"06 12 34 56 78", &context()).unwrap();
        let changed = [
            FieldContext {
                tenant_id: Uuid::from_u128(2),
                ..context()
            },
            FieldContext {
                table: "unit",
                ..context()
            },
            FieldContext {
                column: "first_name",
                ..context()
            },
            FieldContext {
                row_id: Uuid::from_u128(43),
                ..context()
            },
        ];
        for other in changed {
            assert!(
                matches!(open(&key, &sealed, &other), Err(EnvelopeError::Decryption)),
                "{other:?} should not open"
            );
        }
    }

    #[test]
    fn table_and_column_boundaries_are_unambiguous() {
        let key = DataKey::generate().unwrap();
        let sealed = seal(&key, b"x", &context()).unwrap();
        let shifted = FieldContext {
            table: "stafflast",
            column: "_name",
            ..context()
        };
        assert!(matches!(
            open(&key, &sealed, &shifted),
            Err(EnvelopeError::Decryption)
        ));
    }

    #[test]
    fn every_flipped_byte_fails() {
        let key = DataKey::generate().unwrap();
        let sealed = seal(&key, b"commentaire libre", &context()).unwrap();
        for index in 0..sealed.len() {
            let mut tampered = sealed.clone();
            tampered[index] ^= 0x01;
            let result = open(&key, &tampered, &context());
            if index == 0 {
                assert!(matches!(result, Err(EnvelopeError::UnsupportedVersion(0))));
            } else {
                assert!(
                    matches!(result, Err(EnvelopeError::Decryption)),
                    "byte {index}"
                );
            }
        }
    }

    #[test]
    fn wrong_key_fails() {
        let key = DataKey::generate().unwrap();
        let other = DataKey::generate().unwrap();
        let sealed = seal(&key, b"x", &context()).unwrap();
        assert!(matches!(
            open(&other, &sealed, &context()),
            Err(EnvelopeError::Decryption)
        ));
    }

    #[test]
    fn truncated_values_fail() {
        let key = DataKey::generate().unwrap();
        let sealed = seal(&key, b"abc", &context()).unwrap();
        assert!(matches!(
            open(&key, &[], &context()),
            Err(EnvelopeError::Truncated)
        ));
        assert!(matches!(
            open(&key, &sealed[..SEAL_OVERHEAD - 1], &context()),
            Err(EnvelopeError::Truncated)
        ));
        assert!(matches!(
            open(&key, &sealed[..sealed.len() - 1], &context()),
            Err(EnvelopeError::Decryption)
        ));
    }

    #[test]
    fn non_utf8_plaintext_is_a_typed_error() {
        let key = DataKey::generate().unwrap();
        let sealed = seal(&key, &[0xff, 0xfe], &context()).unwrap();
        assert!(matches!(
            open_string(&key, &sealed, &context()),
            Err(EnvelopeError::InvalidUtf8)
        ));
    }

    #[test]
    fn tenant_key_wrap_is_bound_to_tenant_and_kek() {
        block_on(async {
            let kek = LocalKek::generate().unwrap();
            let tenant = Uuid::from_u128(7);
            let tenant_key = DataKey::generate().unwrap();
            let wrapped = wrap_tenant_key(&kek, tenant, &tenant_key).await.unwrap();
            assert_eq!(wrapped.kek_id, kek.key_id());
            let unwrapped = unwrap_tenant_key(&kek, tenant, &wrapped).await.unwrap();
            assert_eq!(unwrapped.expose_bytes(), tenant_key.expose_bytes());

            assert!(matches!(
                unwrap_tenant_key(&kek, Uuid::from_u128(8), &wrapped).await,
                Err(EnvelopeError::Decryption)
            ));
            let other_kek = LocalKek::generate().unwrap();
            assert!(matches!(
                unwrap_tenant_key(&other_kek, tenant, &wrapped).await,
                Err(EnvelopeError::WrongKek { .. })
            ));
            // Even with a forged id, another KEK cannot open it.
            let relabelled = WrappedKey {
                kek_id: other_kek.key_id().to_owned(),
                ..wrapped.clone()
            };
            assert!(matches!(
                unwrap_tenant_key(&other_kek, tenant, &relabelled).await,
                Err(EnvelopeError::Decryption)
            ));
        });
    }

    #[test]
    fn person_key_wrap_is_bound_to_tenant_person_and_tenant_key() {
        let tenant_key = DataKey::generate().unwrap();
        let person_key = DataKey::generate().unwrap();
        let (tenant, person) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let wrapped = wrap_person_key(&tenant_key, tenant, person, &person_key).unwrap();
        let unwrapped = unwrap_person_key(&tenant_key, tenant, person, &wrapped).unwrap();
        assert_eq!(unwrapped.expose_bytes(), person_key.expose_bytes());
        for (t, p) in [(Uuid::from_u128(9), person), (tenant, Uuid::from_u128(9))] {
            assert!(matches!(
                unwrap_person_key(&tenant_key, t, p, &wrapped),
                Err(EnvelopeError::Decryption)
            ));
        }
        let other_tenant_key = DataKey::generate().unwrap();
        assert!(matches!(
            unwrap_person_key(&other_tenant_key, tenant, person, &wrapped),
            Err(EnvelopeError::Decryption)
        ));
    }

    #[test]
    fn full_hierarchy_and_kek_rotation_keep_fields_readable() {
        block_on(async {
            let old_kek = LocalKek::generate().unwrap();
            let new_kek = LocalKek::generate().unwrap();
            let tenant = Uuid::from_u128(1);
            let person = Uuid::from_u128(2);
            let tenant_key = DataKey::generate().unwrap();
            let person_key = DataKey::generate().unwrap();
            let wrapped_tenant = wrap_tenant_key(&old_kek, tenant, &tenant_key)
                .await
                .unwrap();
            let wrapped_person = wrap_person_key(&tenant_key, tenant, person, &person_key).unwrap();
            let ctx = FieldContext {
                tenant_id: tenant,
                table: "staff",
                column: "email",
                row_id: person,
            };
            let sealed = seal_str(&person_key, "e.martin@chu.example", &ctx).unwrap();
            drop((tenant_key, person_key));

            let rewrapped = rewrap(&old_kek, &new_kek, tenant, &wrapped_tenant)
                .await
                .unwrap();
            assert_eq!(rewrapped.kek_id, new_kek.key_id());
            assert!(
                unwrap_tenant_key(&old_kek, tenant, &rewrapped)
                    .await
                    .is_err()
            );

            let tenant_key = unwrap_tenant_key(&new_kek, tenant, &rewrapped)
                .await
                .unwrap();
            let person_key =
                unwrap_person_key(&tenant_key, tenant, person, &wrapped_person).unwrap();
            assert_eq!(
                open_string(&person_key, &sealed, &ctx).unwrap(),
                "e.martin@chu.example"
            );
        });
    }

    #[test]
    fn tenant_key_rotation_rewraps_person_keys() {
        let (tenant, person) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let old_tenant_key = DataKey::generate().unwrap();
        let new_tenant_key = DataKey::generate().unwrap();
        let person_key = DataKey::generate().unwrap();
        let wrapped = wrap_person_key(&old_tenant_key, tenant, person, &person_key).unwrap();
        let rewrapped =
            rewrap_person_key(&old_tenant_key, &new_tenant_key, tenant, person, &wrapped).unwrap();
        let unwrapped = unwrap_person_key(&new_tenant_key, tenant, person, &rewrapped).unwrap();
        assert_eq!(unwrapped.expose_bytes(), person_key.expose_bytes());
        assert!(unwrap_person_key(&old_tenant_key, tenant, person, &rewrapped).is_err());
    }

    #[test]
    fn local_kek_loads_from_base64_and_file_with_a_stable_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kek");
        let generated = LocalKek::generate_to_file(&path).unwrap();
        let loaded = LocalKek::from_file(&path).unwrap();
        assert_eq!(generated.key_id(), loaded.key_id());
        let from_text = LocalKek::from_base64(&generated.to_base64()).unwrap();
        assert_eq!(from_text.key_id(), generated.key_id());
        assert!(generated.key_id().starts_with("local:"));
        assert_ne!(LocalKek::generate().unwrap().key_id(), generated.key_id());
        assert!(LocalKek::generate_to_file(&path).is_err());
        assert!(matches!(
            LocalKek::from_base64("trop court"),
            Err(EnvelopeError::KeyFile(_))
        ));
    }

    #[test]
    fn secrets_do_not_leak_through_debug() {
        let kek = LocalKek::from_bytes([0xab; 32]);
        let printed = format!("{kek:?} {:?}", DataKey::from_bytes([0xab; 32]));
        assert!(!printed.contains("171"), "{printed}");
        assert!(!printed.to_lowercase().contains("abab"), "{printed}");
    }

    #[test]
    fn kek_is_usable_as_a_trait_object() {
        block_on(async {
            let kek: std::sync::Arc<dyn KeyEncryptionKey> =
                std::sync::Arc::new(LocalKek::generate().unwrap());
            let key = DataKey::generate().unwrap();
            let wrapped = kek.wrap_key(&key, b"aad").await.unwrap();
            assert!(kek.unwrap_key(&wrapped, b"other").await.is_err());
            let back = kek.unwrap_key(&wrapped, b"aad").await.unwrap();
            assert_eq!(back.expose_bytes(), key.expose_bytes());
        });
    }

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Values sealed by an earlier build must open forever: any change to the format or the
    /// associated-data encoding would make stored data unreadable, and fails here first.
    #[test]
    fn values_sealed_by_earlier_builds_still_open() {
        let key = DataKey::from_bytes([0x42; 32]);
        let ctx = FieldContext {
            tenant_id: Uuid::from_u128(1),
            table: "staff",
            column: "last_name",
            row_id: Uuid::from_u128(2),
        };
        let sealed = hex(
            "0122c0a4d7c2536d89ea96f51e311374e0dab6502c68e4240803828b35fc676e5790b4f55c3b74a11a284b",
        );
        assert_eq!(open_string(&key, &sealed, &ctx).unwrap(), "Élodie Martin");
        let wrapped_person = hex(concat!(
            "016671c4c0c3cc6dc9137765b164ce21a4e54a2732d227cad24a7f83b42777f0b6",
            "87696c0715399208174f9ae126165851e9b396d983c0e70b8d176908"
        ));
        let person_key = unwrap_person_key(
            &key,
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            &wrapped_person,
        )
        .unwrap();
        assert_eq!(person_key.expose_bytes(), &[0x24; 32]);
    }

    #[test]
    fn error_messages_are_french() {
        assert!(
            EnvelopeError::Decryption
                .to_string()
                .starts_with("déchiffrement")
        );
        assert!(EnvelopeError::Truncated.to_string().contains("tronquée"));
    }
}
