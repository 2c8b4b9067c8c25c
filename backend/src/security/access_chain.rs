//! The RGPD access log as a per-tenant hash chain with signed checkpoints (decision 3, R-35, R-37).
//!
//! Each entry records who (pseudonymous actor id and role) did what (operation) to which
//! objects (type and pseudonymous ids), when, and why (purpose code) — CNIL délibération
//! 2021-122. Names and other personal data never enter the log: ids are UUIDs and
//! the free-text-looking fields are validated codes.
//!
//! `hash(n) = SHA-256(canonical(prev_hash, seq, tenant, at, actor, role, operation, object
//! type, object ids, purpose))` with a length-prefixed encoding ([`super::canonical`]); the
//! chain of a tenant starts from a genesis hash derived from the tenant id, so chains of two
//! tenants cannot be spliced. Whoever can write the table can recompute a whole chain, so the
//! head is periodically *anchored*: a [`Checkpoint`] `{tenant, seq, hash, signed_at}` signed
//! with Ed25519 and exported (WORM storage, the tenant's DPO).
//!
//! Why Ed25519 rather than HMAC: an auditor or DPO verifies checkpoints with the public key
//! alone and cannot forge them; with HMAC every verifier would hold the signing secret, and
//! a leaked verifier key would allow forged checkpoints. Signatures are deterministic and
//! the keys are small (32 bytes), so they fit in the same key-file tooling as the KEK.
//!
//! [`verify`] recomputes everything and names the first break: an edited entry, a deleted
//! one (gap in `seq`), reordered entries, a truncated chain (it ends before the last
//! checkpoint, or no longer matches it), or a forged checkpoint. A retention purge keeps the
//! checkpoint at which it cut, and verification then starts from that checkpoint.
//! Entries after the last checkpoint are protected by the chain only; the summary reports
//! how many, and a deleted tail past the last checkpoint is only visible by comparing with
//! a later checkpoint or a head received earlier.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::canonical::Canonical;
use super::key_file::{self, KeyFileError};
use super::random::{RandomError, random_bytes};

/// Longest code accepted for `actor_role`, `object_type` and `purpose`.
pub const MAX_CODE_LEN: usize = 64;

/// A SHA-256 chain hash; serialised as lowercase hex.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChainHash(pub [u8; 32]);

impl ChainHash {
    /// Lowercase hex.
    pub fn to_hex(&self) -> String {
        to_hex(&self.0)
    }

    /// Parses 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = from_hex(text)?;
        Some(Self(bytes.try_into().ok()?))
    }
}

impl fmt::Debug for ChainHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChainHash({})", self.to_hex())
    }
}

impl Serialize for ChainHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for ChainHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_hex(&text).ok_or_else(|| serde::de::Error::custom("empreinte invalide"))
    }
}

/// The operation logged (CNIL: creation, consultation, modification, deletion; plus export,
/// a distinct sensitive flow ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Creation of personal data.
    Create,
    /// Consultation.
    Read,
    /// Modification.
    Update,
    /// Deletion (including crypto-shredding).
    Delete,
    /// Bulk export (portability, tenant exit, auditor export).
    Export,
}

impl Operation {
    /// The snake_case name, as hashed and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Read => "read",
            Operation::Update => "update",
            Operation::Delete => "delete",
            Operation::Export => "export",
        }
    }
}

/// What the application asks to log; [`ChainHead::append`] turns it into an [`AccessEntry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccessEntry {
    /// When the access happened (stored at microsecond precision, UTC).
    pub at: DateTime<Utc>,
    /// Pseudonymous id of the individual who acted (never a shared account, R-02).
    pub actor_id: Uuid,
    /// The actor's role code (e.g. `unit_manager`, or `operator` for break-glass access).
    pub actor_role: String,
    /// What was done.
    pub operation: Operation,
    /// Type code of the objects (e.g. `staff`, `absence`, `roster`).
    pub object_type: String,
    /// Pseudonymous ids of the objects concerned.
    pub object_ids: Vec<Uuid>,
    /// Purpose code (e.g. `planning`, `payroll_export`, `rgpd_access_request`).
    pub purpose: String,
}

impl NewAccessEntry {
    /// Refuses codes that are empty, too long or not `[a-z0-9_.:-]` (checked again when chained).
    pub fn check_codes(&self) -> Result<(), AccessChainError> {
        check_code("actor_role", &self.actor_role)?;
        check_code("object_type", &self.object_type)?;
        check_code("purpose", &self.purpose)
    }
}

/// One entry of the chain, as stored and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEntry {
    /// Position in the tenant's chain, from 1, without gaps.
    pub seq: u64,
    /// The tenant (GHT).
    pub tenant_id: Uuid,
    /// When (RFC 3339, UTC, microseconds).
    pub at: DateTime<Utc>,
    /// Pseudonymous actor id.
    pub actor_id: Uuid,
    /// Actor role code.
    pub actor_role: String,
    /// Operation.
    pub operation: Operation,
    /// Object type code.
    pub object_type: String,
    /// Pseudonymous object ids.
    pub object_ids: Vec<Uuid>,
    /// Purpose code.
    pub purpose: String,
    /// Hash of the previous entry (the genesis hash for seq 1).
    pub prev_hash: ChainHash,
    /// Hash of this entry.
    pub hash: ChainHash,
}

impl AccessEntry {
    /// Recomputes this entry's hash from its fields and `prev_hash`.
    pub fn compute_hash(&self) -> ChainHash {
        let mut canonical = Canonical::new("releve/access-log/entry/v1");
        canonical
            .push(&self.prev_hash.0)
            .push_u64(self.seq)
            .push(self.tenant_id.as_bytes())
            .push_str(&canonical_time(self.at))
            .push(self.actor_id.as_bytes())
            .push_str(&self.actor_role)
            .push_str(self.operation.as_str())
            .push_str(&self.object_type)
            .push_u64(self.object_ids.len() as u64);
        for id in &self.object_ids {
            canonical.push(id.as_bytes());
        }
        canonical.push_str(&self.purpose);
        ChainHash(Sha256::digest(canonical.as_bytes()).into())
    }
}

/// The hash before a tenant's first entry.
pub fn genesis_hash(tenant_id: Uuid) -> ChainHash {
    let mut canonical = Canonical::new("releve/access-log/genesis/v1");
    canonical.push(tenant_id.as_bytes());
    ChainHash(Sha256::digest(canonical.as_bytes()).into())
}

/// RFC 3339 with exactly six fractional digits and `Z`: one spelling per instant, stable
/// through PostgreSQL's microsecond `timestamptz`.
fn canonical_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Errors building entries or checkpoints, and loading checkpoint keys.
#[derive(Debug, thiserror::Error)]
pub enum AccessChainError {
    /// A code field is empty, too long or has characters outside `[a-z0-9_.:-]`; the value
    /// itself is not echoed, in case it held personal data.
    #[error(
        "code invalide pour « {0} » : lettres minuscules, chiffres, « _ », « . », « : » ou « - », 64 caractères au plus"
    )]
    InvalidCode(&'static str),
    /// The sequence number would overflow.
    #[error("le journal d'accès a atteint sa longueur maximale")]
    SequenceOverflow,
    /// A checkpoint needs at least one entry.
    #[error("impossible de signer un point de contrôle sur un journal vide")]
    EmptyChain,
    /// The checkpoint public key is not a valid Ed25519 key.
    #[error("clé publique de vérification des points de contrôle invalide")]
    InvalidVerifyingKey,
    /// A key file problem.
    #[error(transparent)]
    KeyFile(#[from] KeyFileError),
    /// The system RNG failed.
    #[error(transparent)]
    Random(#[from] RandomError),
}

fn check_code(field: &'static str, value: &str) -> Result<(), AccessChainError> {
    let valid = !value.is_empty()
        && value.len() <= MAX_CODE_LEN
        && value.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b':' | b'-')
        });
    if valid {
        Ok(())
    } else {
        Err(AccessChainError::InvalidCode(field))
    }
}

/// The end of a tenant's chain: what the single appender keeps between appends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainHead {
    /// The tenant.
    pub tenant_id: Uuid,
    /// Seq of the last entry (0 before the first).
    pub seq: u64,
    /// Hash of the last entry (the genesis hash before the first).
    pub hash: ChainHash,
}

impl ChainHead {
    /// The head of an empty chain.
    pub fn genesis(tenant_id: Uuid) -> Self {
        Self {
            tenant_id,
            seq: 0,
            hash: genesis_hash(tenant_id),
        }
    }

    /// The head after a given (already verified) entry.
    pub fn after(entry: &AccessEntry) -> Self {
        Self {
            tenant_id: entry.tenant_id,
            seq: entry.seq,
            hash: entry.hash,
        }
    }

    /// Chains a new entry after this head and advances the head.
    pub fn append(&mut self, new: NewAccessEntry) -> Result<AccessEntry, AccessChainError> {
        new.check_codes()?;
        let seq = self
            .seq
            .checked_add(1)
            .ok_or(AccessChainError::SequenceOverflow)?;
        let mut entry = AccessEntry {
            seq,
            tenant_id: self.tenant_id,
            at: new.at.trunc_subsecs(6),
            actor_id: new.actor_id,
            actor_role: new.actor_role,
            operation: new.operation,
            object_type: new.object_type,
            object_ids: new.object_ids,
            purpose: new.purpose,
            prev_hash: self.hash,
            hash: ChainHash([0; 32]),
        };
        entry.hash = entry.compute_hash();
        *self = Self::after(&entry);
        Ok(entry)
    }
}

/// A signed statement "the chain of this tenant had this hash at this seq".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The tenant.
    pub tenant_id: Uuid,
    /// Seq of the entry anchored.
    pub seq: u64,
    /// Its hash.
    pub hash: ChainHash,
    /// When the checkpoint was signed (UTC, microseconds).
    pub signed_at: DateTime<Utc>,
    /// Ed25519 signature (64 bytes, hex in exports).
    #[serde(with = "hex_bytes")]
    pub signature: Vec<u8>,
}

impl Checkpoint {
    fn message(tenant_id: Uuid, seq: u64, hash: &ChainHash, signed_at: DateTime<Utc>) -> Vec<u8> {
        let mut canonical = Canonical::new("releve/access-log/checkpoint/v1");
        canonical
            .push(tenant_id.as_bytes())
            .push_u64(seq)
            .push(&hash.0)
            .push_str(&canonical_time(signed_at));
        canonical.into_bytes()
    }

    /// True if the signature is a valid (strict) Ed25519 signature by `key`.
    pub fn signature_is_valid(&self, key: &CheckpointVerifyingKey) -> bool {
        let Ok(bytes) = <[u8; 64]>::try_from(self.signature.as_slice()) else {
            return false;
        };
        let message = Self::message(self.tenant_id, self.seq, &self.hash, self.signed_at);
        key.0
            .verify_strict(&message, &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

/// The Ed25519 key that signs checkpoints (held by the appender only).
pub struct CheckpointSigningKey(SigningKey);

impl fmt::Debug for CheckpointSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CheckpointSigningKey")
            .field(&self.verifying_key().to_base64())
            .finish()
    }
}

impl CheckpointSigningKey {
    /// From a 32-byte seed.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        let seed = Zeroizing::new(seed);
        Self(SigningKey::from_bytes(&seed))
    }

    /// A new random key, in memory only.
    pub fn generate() -> Result<Self, AccessChainError> {
        let seed = Zeroizing::new(random_bytes::<32>()?);
        Ok(Self::from_seed(*seed))
    }

    /// Reads the seed from a file holding its base64 encoding.
    pub fn from_file(path: &Path) -> Result<Self, AccessChainError> {
        let seed = key_file::read_key_file(path)?;
        Ok(Self::from_seed(*seed))
    }

    /// Generates a key into a new file (mode 0600); refuses to overwrite.
    pub fn generate_to_file(path: &Path) -> Result<Self, AccessChainError> {
        let seed = key_file::generate_key_file(path)?;
        Ok(Self::from_seed(*seed))
    }

    /// The public key to hand to auditors.
    pub fn verifying_key(&self) -> CheckpointVerifyingKey {
        CheckpointVerifyingKey(self.0.verifying_key())
    }

    /// Signs a checkpoint of the given head.
    pub fn sign(
        &self,
        head: &ChainHead,
        signed_at: DateTime<Utc>,
    ) -> Result<Checkpoint, AccessChainError> {
        if head.seq == 0 {
            return Err(AccessChainError::EmptyChain);
        }
        let signed_at = signed_at.trunc_subsecs(6);
        let message = Checkpoint::message(head.tenant_id, head.seq, &head.hash, signed_at);
        Ok(Checkpoint {
            tenant_id: head.tenant_id,
            seq: head.seq,
            hash: head.hash,
            signed_at,
            signature: self.0.sign(&message).to_bytes().to_vec(),
        })
    }
}

/// The public key that verifies checkpoints (given to auditors and DPOs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointVerifyingKey(VerifyingKey);

impl CheckpointVerifyingKey {
    /// From the 32 public-key bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, AccessChainError> {
        VerifyingKey::from_bytes(bytes)
            .map(Self)
            .map_err(|_| AccessChainError::InvalidVerifyingKey)
    }

    /// From base64 text.
    pub fn from_base64(text: &str) -> Result<Self, AccessChainError> {
        let bytes = key_file::decode_key(text)?;
        Self::from_bytes(&bytes)
    }

    /// As base64 text, for publication.
    pub fn to_base64(&self) -> String {
        key_file::encode_key(self.0.as_bytes()).to_string()
    }
}

/// Kinds of tampering [`verify`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// An entry's content, hash or link was changed (or an entry was inserted).
    Edited,
    /// An entry is missing (gap in the sequence).
    Deleted,
    /// Entries are out of order.
    Reordered,
    /// The chain ends before a checkpoint, or its tail no longer matches the last checkpoint.
    Truncated,
    /// A checkpoint's signature (or tenant) is not valid, or two checkpoints disagree.
    ForgedCheckpoint,
}

/// The first break found by [`verify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct ChainBreak {
    /// What kind of tampering.
    pub kind: BreakKind,
    /// The first sequence number that is (or may be) bad.
    pub seq: u64,
    /// The checkpoint that revealed it, when a checkpoint did.
    pub checkpoint_seq: Option<u64>,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = self.seq;
        match self.kind {
            BreakKind::Edited => write!(
                f,
                "journal d'accès altéré : l'entrée n° {seq} a été modifiée"
            )?,
            BreakKind::Deleted => write!(
                f,
                "journal d'accès altéré : l'entrée n° {seq} a été supprimée"
            )?,
            BreakKind::Reordered => write!(
                f,
                "journal d'accès altéré : l'ordre des entrées a été modifié à partir du n° {seq}"
            )?,
            BreakKind::Truncated => {
                write!(
                    f,
                    "journal d'accès tronqué ou réécrit à partir de l'entrée n° {seq}"
                )?;
            }
            BreakKind::ForgedCheckpoint => write!(
                f,
                "point de contrôle n° {seq} falsifié : signature ou contenu invalide"
            )?,
        }
        if let Some(checkpoint) = self.checkpoint_seq
            && self.kind != BreakKind::ForgedCheckpoint
        {
            write!(f, " (révélé par le point de contrôle n° {checkpoint})")?;
        }
        Ok(())
    }
}

/// What a successful verification covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChainSummary {
    /// The tenant.
    pub tenant_id: Uuid,
    /// First seq present (after a retention purge, the one after the anchoring checkpoint).
    pub first_seq: Option<u64>,
    /// Last seq present (0 if empty).
    pub last_seq: u64,
    /// Number of entries checked.
    pub entry_count: usize,
    /// Hash of the last entry (compare with heads received earlier).
    pub head_hash: ChainHash,
    /// Checkpoints whose signature was verified.
    pub checkpoints_verified: usize,
    /// Highest checkpoint seq.
    pub last_checkpoint_seq: Option<u64>,
    /// Entries after the last checkpoint (protected by the chain only).
    pub unanchored_entries: u64,
}

/// Verifies a tenant's chain (in stored order) against its checkpoints.
///
/// Checkpoint signatures are checked first; then entries are walked in the order given,
/// recomputing every hash and link and comparing with each checkpoint as it is reached.
/// The tenant is explicit so that another tenant's (valid) export cannot pass for this one.
pub fn verify(
    tenant_id: Uuid,
    entries: &[AccessEntry],
    checkpoints: &[Checkpoint],
    key: &CheckpointVerifyingKey,
) -> Result<ChainSummary, ChainBreak> {
    let checkpoints = authentic_checkpoints(tenant_id, checkpoints, key)?;
    let checkpoint_at = |seq: u64| {
        checkpoints
            .binary_search_by_key(&seq, |checkpoint| checkpoint.seq)
            .ok()
            .map(|index| checkpoints[index])
    };
    let last_checkpoint_seq = checkpoints.last().map(|checkpoint| checkpoint.seq);
    let broken = |kind, seq, checkpoint_seq| ChainBreak {
        kind,
        seq,
        checkpoint_seq,
    };

    // Where the retained chain starts: seq 1 from genesis, or just after a checkpoint
    // kept by a retention purge.
    let start = entries
        .iter()
        .map(|entry| entry.seq)
        .min()
        .unwrap_or(1)
        .max(1);
    let mut previous_hash = if start == 1 {
        genesis_hash(tenant_id)
    } else {
        match checkpoint_at(start - 1) {
            Some(anchor) => anchor.hash,
            None => {
                let gap_start = checkpoints
                    .iter()
                    .rev()
                    .find(|checkpoint| checkpoint.seq < start)
                    .map_or(1, |checkpoint| checkpoint.seq + 1);
                return Err(broken(BreakKind::Deleted, gap_start, None));
            }
        }
    };
    // Earliest seq not yet vouched for by a checkpoint.
    let mut unanchored_from = start;
    let mut expected = start;

    for (index, entry) in entries.iter().enumerate() {
        if entry.seq != expected {
            if entry.seq < expected {
                // A seq already seen: an inserted or duplicated entry.
                return Err(broken(BreakKind::Edited, entry.seq, None));
            }
            let missing_later = entries[index + 1..]
                .iter()
                .any(|later| later.seq == expected);
            let kind = if missing_later {
                BreakKind::Reordered
            } else {
                BreakKind::Deleted
            };
            return Err(broken(kind, expected, None));
        }
        if entry.tenant_id != tenant_id || entry.compute_hash() != entry.hash {
            return Err(broken(BreakKind::Edited, entry.seq, None));
        }
        if entry.prev_hash != previous_hash {
            // This entry is self-consistent but does not follow its predecessor: the
            // predecessor was rewritten (or this entry was, with a made-up link).
            let suspect = if entry.seq == start {
                entry.seq
            } else {
                entry.seq - 1
            };
            return Err(broken(BreakKind::Edited, suspect, None));
        }
        if let Some(checkpoint) = checkpoint_at(entry.seq) {
            if checkpoint.hash != entry.hash {
                let kind = if Some(checkpoint.seq) == last_checkpoint_seq {
                    BreakKind::Truncated
                } else {
                    BreakKind::Edited
                };
                return Err(broken(kind, unanchored_from, Some(checkpoint.seq)));
            }
            unanchored_from = entry.seq + 1;
        }
        previous_hash = entry.hash;
        expected += 1;
    }

    let last_seq = expected - 1;
    if let Some(last_checkpoint) = last_checkpoint_seq
        && last_checkpoint > last_seq
    {
        return Err(broken(
            BreakKind::Truncated,
            last_seq + 1,
            Some(last_checkpoint),
        ));
    }
    Ok(ChainSummary {
        tenant_id,
        first_seq: entries.first().map(|_| start),
        last_seq,
        entry_count: entries.len(),
        head_hash: previous_hash,
        checkpoints_verified: checkpoints.len(),
        last_checkpoint_seq,
        unanchored_entries: last_seq
            .saturating_sub(last_checkpoint_seq.unwrap_or(0).max(start - 1)),
    })
}

/// A checkpoint reduced to what verification compares.
#[derive(Debug, Clone, Copy)]
struct AuthenticCheckpoint {
    seq: u64,
    hash: ChainHash,
}

/// Checks every checkpoint's tenant and signature; returns them sorted by seq, one per seq.
fn authentic_checkpoints(
    tenant_id: Uuid,
    checkpoints: &[Checkpoint],
    key: &CheckpointVerifyingKey,
) -> Result<Vec<AuthenticCheckpoint>, ChainBreak> {
    let mut sorted: Vec<&Checkpoint> = checkpoints.iter().collect();
    sorted.sort_by_key(|checkpoint| checkpoint.seq);
    let forged = |seq| ChainBreak {
        kind: BreakKind::ForgedCheckpoint,
        seq,
        checkpoint_seq: Some(seq),
    };
    let mut result: Vec<AuthenticCheckpoint> = Vec::with_capacity(sorted.len());
    let mut seen = HashSet::new();
    for checkpoint in sorted {
        if checkpoint.tenant_id != tenant_id
            || checkpoint.seq == 0
            || !checkpoint.signature_is_valid(key)
        {
            return Err(forged(checkpoint.seq));
        }
        if !seen.insert(checkpoint.seq) {
            // Two signed checkpoints for one seq must agree (else: a split view).
            if result
                .iter()
                .any(|earlier| earlier.seq == checkpoint.seq && earlier.hash != checkpoint.hash)
            {
                return Err(forged(checkpoint.seq));
            }
            continue;
        }
        result.push(AuthenticCheckpoint {
            seq: checkpoint.seq,
            hash: checkpoint.hash,
        });
    }
    Ok(result)
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// Serde helper: bytes as lowercase hex.
mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::to_hex(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::from_hex(&text).ok_or_else(|| serde::de::Error::custom("hexadécimal invalide"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    const TENANT: Uuid = Uuid::from_u128(0xA1);

    /// One tampering step applied to a value.
    type Edit<T> = Box<dyn Fn(&mut T)>;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap()
    }

    fn new_entry(i: u64) -> NewAccessEntry {
        NewAccessEntry {
            at: t0() + Duration::milliseconds(i as i64 * 1500) + Duration::nanoseconds(123),
            actor_id: Uuid::from_u128(100 + u128::from(i % 3)),
            actor_role: ["unit_manager", "hr", "auditor"][(i % 3) as usize].to_owned(),
            operation: [Operation::Read, Operation::Update, Operation::Export][(i % 3) as usize],
            object_type: "staff".to_owned(),
            object_ids: (0..=(i % 4))
                .map(|k| Uuid::from_u128(1000 + u128::from(i + k)))
                .collect(),
            purpose: "planning".to_owned(),
        }
    }

    struct Fixture {
        key: CheckpointSigningKey,
        entries: Vec<AccessEntry>,
        checkpoints: Vec<Checkpoint>,
    }

    /// `n` entries, a checkpoint every `every` entries.
    fn fixture(n: u64, every: u64) -> Fixture {
        let key = CheckpointSigningKey::generate().unwrap();
        let mut head = ChainHead::genesis(TENANT);
        let mut entries = Vec::new();
        let mut checkpoints = Vec::new();
        for i in 1..=n {
            entries.push(head.append(new_entry(i)).unwrap());
            if i % every == 0 {
                checkpoints.push(key.sign(&head, t0() + Duration::hours(1)).unwrap());
            }
        }
        Fixture {
            key,
            entries,
            checkpoints,
        }
    }

    impl Fixture {
        fn verify(&self) -> Result<ChainSummary, ChainBreak> {
            verify(
                TENANT,
                &self.entries,
                &self.checkpoints,
                &self.key.verifying_key(),
            )
        }

        fn index_of(&self, seq: u64) -> usize {
            self.entries.iter().position(|e| e.seq == seq).unwrap()
        }

        /// Recomputes hashes and links from `from_seq` on, as an attacker with write access would.
        fn rehash_from(&mut self, from_seq: u64) {
            let start = self.index_of(from_seq);
            for i in start..self.entries.len() {
                if i > 0 {
                    self.entries[i].prev_hash = self.entries[i - 1].hash;
                }
                self.entries[i].hash = self.entries[i].compute_hash();
            }
        }
    }

    fn kind_and_seq(result: Result<ChainSummary, ChainBreak>) -> (BreakKind, u64) {
        let error = result.unwrap_err();
        (error.kind, error.seq)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let f = fixture(45, 10);
        let summary = f.verify().unwrap();
        assert_eq!(summary.first_seq, Some(1));
        assert_eq!(summary.last_seq, 45);
        assert_eq!(summary.entry_count, 45);
        assert_eq!(summary.checkpoints_verified, 4);
        assert_eq!(summary.last_checkpoint_seq, Some(40));
        assert_eq!(summary.unanchored_entries, 5);
        assert_eq!(summary.head_hash, f.entries[44].hash);
        assert_eq!(f.entries[0].prev_hash, genesis_hash(TENANT));
    }

    #[test]
    fn empty_chains() {
        let key = CheckpointSigningKey::generate().unwrap();
        let summary = verify(TENANT, &[], &[], &key.verifying_key()).unwrap();
        assert_eq!(
            (summary.last_seq, summary.entry_count, summary.first_seq),
            (0, 0, None)
        );
        assert_eq!(summary.head_hash, genesis_hash(TENANT));
        assert!(matches!(
            key.sign(&ChainHead::genesis(TENANT), t0()),
            Err(AccessChainError::EmptyChain)
        ));
        // Everything deleted although a checkpoint exists.
        let f = fixture(5, 5);
        let result = verify(TENANT, &[], &f.checkpoints, &f.key.verifying_key());
        assert_eq!(kind_and_seq(result), (BreakKind::Truncated, 1));
    }

    #[test]
    fn append_links_entries_and_stores_microseconds() {
        let mut head = ChainHead::genesis(TENANT);
        let first = head.append(new_entry(1)).unwrap();
        let second = head.append(new_entry(2)).unwrap();
        assert_eq!((first.seq, second.seq), (1, 2));
        assert_eq!(second.prev_hash, first.hash);
        assert_eq!(head, ChainHead::after(&second));
        assert_eq!(first.at.timestamp_subsec_nanos() % 1000, 0);
        assert!(canonical_time(first.at).ends_with("000Z"));
        assert_ne!(genesis_hash(TENANT), genesis_hash(Uuid::from_u128(0xB2)));
    }

    #[test]
    fn codes_are_validated_without_echoing_them() {
        let mut head = ChainHead::genesis(TENANT);
        for (field, mutate) in [
            (
                "purpose",
                Box::new(|e: &mut NewAccessEntry| e.purpose = "Dr Élodie Martin".into())
                    as Edit<NewAccessEntry>,
            ),
            (
                "object_type",
                Box::new(|e: &mut NewAccessEntry| e.object_type = String::new()),
            ),
            (
                "actor_role",
                Box::new(|e: &mut NewAccessEntry| e.actor_role = "x".repeat(65)),
            ),
        ] {
            let mut entry = new_entry(1);
            mutate(&mut entry);
            let error = head.append(entry).unwrap_err();
            assert!(matches!(error, AccessChainError::InvalidCode(f) if f == field));
            assert!(!error.to_string().contains("Martin"));
        }
        assert_eq!(head.seq, 0, "a refused entry does not advance the head");
        let mut ok = new_entry(1);
        ok.purpose = "rgpd:access-request.v2".into();
        assert!(head.append(ok).is_ok());
    }

    #[test]
    fn each_edited_field_is_detected_at_its_seq() {
        let edits: Vec<Edit<AccessEntry>> = vec![
            Box::new(|e| e.purpose = "payroll".into()),
            Box::new(|e| e.actor_id = Uuid::from_u128(999)),
            Box::new(|e| e.actor_role = "ght_admin".into()),
            Box::new(|e| e.operation = Operation::Delete),
            Box::new(|e| e.object_type = "absence".into()),
            Box::new(|e| e.object_ids.push(Uuid::from_u128(5))),
            Box::new(|e| e.object_ids.clear()),
            Box::new(|e| e.at += Duration::microseconds(1)),
            Box::new(|e| e.tenant_id = Uuid::from_u128(0xB2)),
            Box::new(|e| e.hash.0[0] ^= 1),
            Box::new(|e| e.seq += 100),
        ];
        for (n, edit) in edits.iter().enumerate() {
            let mut f = fixture(30, 10);
            let i = f.index_of(17);
            edit(&mut f.entries[i]);
            let result = f.verify();
            if n == edits.len() - 1 {
                // A changed seq shows as the original seq going missing.
                assert_eq!(kind_and_seq(result), (BreakKind::Deleted, 17));
            } else {
                assert_eq!(kind_and_seq(result), (BreakKind::Edited, 17), "edit #{n}");
            }
        }
    }

    #[test]
    fn an_edit_rehashed_in_place_breaks_the_next_link() {
        let mut f = fixture(30, 10);
        let i = f.index_of(17);
        f.entries[i].purpose = "curiosity".into();
        f.entries[i].hash = f.entries[i].compute_hash();
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::Edited, 17));
    }

    #[test]
    fn an_edit_with_the_whole_suffix_rehashed_is_caught_by_checkpoints() {
        // Edited before a non-final checkpoint: edited, somewhere after the previous checkpoint.
        let mut f = fixture(30, 10);
        let i = f.index_of(17);
        f.entries[i].purpose = "curiosity".into();
        f.rehash_from(17);
        let error = f.verify().unwrap_err();
        assert_eq!(
            (error.kind, error.seq, error.checkpoint_seq),
            (BreakKind::Edited, 11, Some(20))
        );
        // Before the final checkpoint: reported as a truncated/rewritten tail.
        let mut f = fixture(30, 10);
        let i = f.index_of(25);
        f.entries[i].purpose = "curiosity".into();
        f.rehash_from(25);
        let error = f.verify().unwrap_err();
        assert_eq!(
            (error.kind, error.seq, error.checkpoint_seq),
            (BreakKind::Truncated, 21, Some(30))
        );
    }

    #[test]
    fn a_deleted_entry_is_a_gap() {
        let mut f = fixture(30, 10);
        f.entries.remove(f.index_of(12));
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::Deleted, 12));

        let mut f = fixture(30, 10);
        f.entries.remove(0);
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::Deleted, 1));

        let mut f = fixture(30, 10);
        f.entries.drain(0..12);
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::Deleted, 11));
    }

    #[test]
    fn a_deletion_with_renumbering_is_an_edit() {
        let mut f = fixture(30, 10);
        f.entries.remove(f.index_of(12));
        for entry in f.entries.iter_mut().filter(|e| e.seq > 12) {
            entry.seq -= 1;
        }
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::Edited, 12));
    }

    #[test]
    fn swapped_entries_are_reordered() {
        let mut f = fixture(30, 10);
        let i = f.index_of(14);
        f.entries.swap(i, i + 1);
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::Reordered, 14));

        let mut f = fixture(30, 10);
        f.entries.reverse();
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::Reordered, 1));
    }

    #[test]
    fn a_duplicated_or_inserted_entry_is_an_edit() {
        let mut f = fixture(30, 10);
        let copy = f.entries[f.index_of(8)].clone();
        f.entries.insert(f.index_of(8) + 1, copy);
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::Edited, 8));
    }

    #[test]
    fn truncation_before_the_last_checkpoint() {
        let mut f = fixture(30, 10);
        f.entries.truncate(26);
        let error = f.verify().unwrap_err();
        assert_eq!(
            (error.kind, error.seq, error.checkpoint_seq),
            (BreakKind::Truncated, 27, Some(30))
        );
        // Truncated then re-extended with fresh, correctly chained entries.
        let mut f = fixture(30, 10);
        f.entries.truncate(24);
        let mut head = ChainHead::after(&f.entries[23]);
        for i in 0..10 {
            let mut entry = new_entry(i);
            entry.purpose = "cover_up".into();
            f.entries.push(head.append(entry).unwrap());
        }
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::Truncated, 21));
    }

    #[test]
    fn a_deleted_tail_after_the_last_checkpoint_is_not_detectable_but_reported() {
        let mut f = fixture(35, 10);
        f.entries.truncate(33);
        let summary = f.verify().unwrap();
        assert_eq!(summary.last_seq, 33);
        assert_eq!(summary.last_checkpoint_seq, Some(30));
        assert_eq!(summary.unanchored_entries, 3);
    }

    #[test]
    fn forged_checkpoints() {
        // Changed hash, seq, time or tenant with the original signature.
        let edits: Vec<Edit<Checkpoint>> = vec![
            Box::new(|c| c.hash.0[3] ^= 1),
            Box::new(|c| c.seq -= 1),
            Box::new(|c| c.signed_at += Duration::seconds(1)),
            Box::new(|c| c.tenant_id = Uuid::from_u128(0xB2)),
            Box::new(|c| c.signature[0] ^= 1),
            Box::new(|c| c.signature.truncate(10)),
        ];
        for (n, edit) in edits.iter().enumerate() {
            let mut f = fixture(30, 10);
            edit(&mut f.checkpoints[1]);
            assert_eq!(
                f.verify().unwrap_err().kind,
                BreakKind::ForgedCheckpoint,
                "edit #{n}"
            );
        }
        // Signed by another key: the attacker rewrote the chain and signed new checkpoints.
        let mut f = fixture(30, 10);
        let i = f.index_of(5);
        f.entries[i].purpose = "curiosity".into();
        f.rehash_from(5);
        let attacker = CheckpointSigningKey::generate().unwrap();
        f.checkpoints = [10, 20, 30]
            .iter()
            .map(|&seq| {
                attacker
                    .sign(&ChainHead::after(&f.entries[f.index_of(seq)]), t0())
                    .unwrap()
            })
            .collect();
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::ForgedCheckpoint, 10));
        // Two validly signed checkpoints disagreeing on one seq (split view).
        let mut f = fixture(30, 10);
        let mut head = ChainHead::after(&f.entries[f.index_of(20)]);
        head.hash.0[0] ^= 1;
        f.checkpoints.push(f.key.sign(&head, t0()).unwrap());
        assert_eq!(kind_and_seq(f.verify()), (BreakKind::ForgedCheckpoint, 20));
    }

    #[test]
    fn another_tenants_chain_does_not_pass() {
        let f = fixture(10, 5);
        let result = verify(
            Uuid::from_u128(0xB2),
            &f.entries,
            &[],
            &f.key.verifying_key(),
        );
        assert_eq!(kind_and_seq(result), (BreakKind::Edited, 1));
    }

    #[test]
    fn a_retention_purge_at_a_checkpoint_still_verifies() {
        let mut f = fixture(30, 10);
        f.entries.drain(0..20);
        let summary = f.verify().unwrap();
        assert_eq!(
            (summary.first_seq, summary.last_seq, summary.entry_count),
            (Some(21), 30, 10)
        );
        assert_eq!(summary.unanchored_entries, 0);
        // Purged checkpoints may be dropped too, except the anchor.
        f.checkpoints.remove(0);
        assert!(f.verify().is_ok());
        // An edit of the first retained entry is still caught.
        let mut g = fixture(30, 10);
        g.entries.drain(0..20);
        g.entries[0].purpose = "curiosity".into();
        g.entries[0].hash = g.entries[0].compute_hash();
        assert_eq!(kind_and_seq(g.verify()), (BreakKind::Edited, 21));
    }

    #[test]
    fn every_single_tampering_is_detected() {
        // Exhaustive over positions; the last entry carries a checkpoint so the tail is anchored.
        let n = 23;
        let anchored = || {
            let mut f = fixture(n, 7);
            let last = ChainHead::after(&f.entries[f.entries.len() - 1]);
            f.checkpoints.push(f.key.sign(&last, t0()).unwrap());
            f
        };
        for seq in 1..=n {
            let mut edited = anchored();
            let i = edited.index_of(seq);
            edited.entries[i].object_ids.push(Uuid::nil());
            assert_eq!(kind_and_seq(edited.verify()), (BreakKind::Edited, seq));

            let mut deleted = anchored();
            deleted.entries.remove(i);
            let expected = if seq == n {
                BreakKind::Truncated
            } else {
                BreakKind::Deleted
            };
            assert_eq!(
                kind_and_seq(deleted.verify()),
                (expected, seq),
                "delete {seq}"
            );

            if seq < n {
                let mut swapped = anchored();
                swapped.entries.swap(i, i + 1);
                assert_eq!(kind_and_seq(swapped.verify()), (BreakKind::Reordered, seq));
            }

            let mut rewritten = anchored();
            rewritten.entries[i].purpose = "curiosity".into();
            rewritten.rehash_from(seq);
            assert!(rewritten.verify().is_err(), "rewrite from {seq}");
        }
    }

    #[test]
    fn json_export_round_trips_and_verifies() {
        let f = fixture(12, 5);
        let entries_json = serde_json::to_string(&f.entries).unwrap();
        let checkpoints_json = serde_json::to_string(&f.checkpoints).unwrap();
        assert!(entries_json.contains(&f.entries[0].hash.to_hex()));
        assert!(entries_json.contains("\"operation\":\"read\""));
        let entries: Vec<AccessEntry> = serde_json::from_str(&entries_json).unwrap();
        let checkpoints: Vec<Checkpoint> = serde_json::from_str(&checkpoints_json).unwrap();
        let public =
            CheckpointVerifyingKey::from_base64(&f.key.verifying_key().to_base64()).unwrap();
        assert_eq!(
            verify(TENANT, &entries, &checkpoints, &public)
                .unwrap()
                .last_seq,
            12
        );
        assert!(ChainHash::from_hex("zz").is_none());
        assert!(serde_json::from_str::<ChainHash>("\"abc\"").is_err());
    }

    #[test]
    fn signing_keys_load_from_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checkpoint.key");
        let generated = CheckpointSigningKey::generate_to_file(&path).unwrap();
        let loaded = CheckpointSigningKey::from_file(&path).unwrap();
        assert_eq!(generated.verifying_key(), loaded.verifying_key());
        assert!(CheckpointSigningKey::generate_to_file(&path).is_err());
        let debug = format!("{generated:?}");
        let seed = key_file::read_key_file(&path).unwrap();
        assert!(!debug.contains(key_file::encode_key(&seed).as_str()));
    }

    /// Exported chains must verify with later builds: a change to the canonical encoding
    /// fails here first.
    #[test]
    fn hashes_are_stable_across_builds() {
        let tenant = Uuid::from_u128(1);
        assert_eq!(
            genesis_hash(tenant).to_hex(),
            "a6197a3894692394199f03d908d5b0960aa92491a6ed960c80cc3df45cdc0936"
        );
        let mut head = ChainHead::genesis(tenant);
        let entry = head
            .append(NewAccessEntry {
                at: DateTime::parse_from_rfc3339("2026-11-22T08:00:00.123456Z")
                    .unwrap()
                    .into(),
                actor_id: Uuid::from_u128(10),
                actor_role: "unit_manager".into(),
                operation: Operation::Read,
                object_type: "staff".into(),
                object_ids: vec![Uuid::from_u128(2), Uuid::from_u128(3)],
                purpose: "planning".into(),
            })
            .unwrap();
        assert_eq!(
            entry.hash.to_hex(),
            "ae041c2d7297b4c9c749d8bc9ce3c1a88369992e223a12c3f47c2919f93c3916"
        );
    }

    #[test]
    fn break_messages_are_french() {
        let message = ChainBreak {
            kind: BreakKind::Deleted,
            seq: 12,
            checkpoint_seq: None,
        }
        .to_string();
        assert_eq!(
            message,
            "journal d'accès altéré : l'entrée n° 12 a été supprimée"
        );
        let message = ChainBreak {
            kind: BreakKind::Truncated,
            seq: 21,
            checkpoint_seq: Some(30),
        }
        .to_string();
        assert!(message.contains("tronqué") && message.contains("point de contrôle n° 30"));
    }
}
