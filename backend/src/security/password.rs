//! Password hashing with argon2id, stored as PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
//!
//! Parameters follow OWASP's Password Storage Cheat Sheet first recommendation for argon2id
//! (19 MiB of memory, 2 passes, 1 lane). They are written into every PHC string, so raising
//! them later keeps old hashes verifiable; [`needs_rehash`] tells the login flow when to
//! re-hash with the current parameters. Verification compares in constant time (the
//! `password-hash` crate's `Output` comparison), and a wrong password is `Ok(false)`: only a
//! corrupt stored hash is an error. [`verify_dummy`] spends the same time when the account
//! does not exist, so login timing does not reveal which emails have accounts.
//!
//! Hashing is CPU- and memory-bound (tens of milliseconds in release builds): async callers
//! run these functions inside `tokio::task::spawn_blocking`.

use std::sync::LazyLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use super::random::{RandomError, random_bytes};

/// Memory cost in KiB (OWASP: 19 MiB).
pub const MEMORY_KIB: u32 = 19 * 1024;
/// Number of passes (OWASP: 2).
pub const ITERATIONS: u32 = 2;
/// Degree of parallelism (OWASP: 1).
pub const PARALLELISM: u32 = 1;
/// Length of the derived hash in bytes.
pub const OUTPUT_LEN: usize = 32;
/// Length of the random salt in bytes (PHC recommendation: 16).
pub const SALT_LEN: usize = 16;
/// Longest password accepted, in bytes: bounds hashing work on hostile input.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Upper bound on the memory cost accepted from a stored hash (256 MiB), so a corrupted or
/// planted row cannot make a login allocate unbounded memory.
const MAX_STORED_MEMORY_KIB: u32 = 256 * 1024;

/// Errors of password hashing. A wrong password is not an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// The password is longer than [`MAX_PASSWORD_BYTES`].
    #[error("le mot de passe est trop long (au plus {MAX_PASSWORD_BYTES} octets)")]
    TooLong,
    /// The stored hash is not an argon2id PHC string this code accepts.
    #[error("empreinte de mot de passe enregistrée invalide")]
    InvalidStoredHash,
    /// Hashing failed inside argon2.
    #[error("calcul de l'empreinte du mot de passe impossible")]
    Hashing,
    /// The system RNG failed while drawing a salt.
    #[error(transparent)]
    Random(#[from] RandomError),
}

fn current_params() -> Result<Params, PasswordError> {
    Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, Some(OUTPUT_LEN))
        .map_err(|_| PasswordError::Hashing)
}

/// Hashes a password with argon2id and the current parameters; returns a PHC string.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    hash_with_params(password, current_params()?)
}

fn hash_with_params(password: &str, params: Params) -> Result<String, PasswordError> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(PasswordError::TooLong);
    }
    let salt = random_bytes::<SALT_LEN>()?;
    let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let hash = hasher
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map_err(|_| PasswordError::Hashing)?;
    Ok(hash.to_string())
}

fn parse_stored(stored: &str) -> Result<(PasswordHash, Params), PasswordError> {
    let parsed = PasswordHash::new(stored).map_err(|_| PasswordError::InvalidStoredHash)?;
    if parsed.algorithm.as_str() != "argon2id" || parsed.version != Some(0x13) {
        return Err(PasswordError::InvalidStoredHash);
    }
    let params = Params::try_from(&parsed).map_err(|_| PasswordError::InvalidStoredHash)?;
    if params.m_cost() > MAX_STORED_MEMORY_KIB || parsed.salt.is_none() || parsed.hash.is_none() {
        return Err(PasswordError::InvalidStoredHash);
    }
    Ok((parsed, params))
}

/// Verifies a password against a stored PHC string, with the parameters recorded in it.
///
/// Returns `Ok(false)` for a wrong (or over-long) password; `Err` only when the stored hash
/// is not a valid argon2id PHC string.
pub fn verify_password(password: &str, stored: &str) -> Result<bool, PasswordError> {
    let (parsed, _) = parse_stored(stored)?;
    if password.len() > MAX_PASSWORD_BYTES {
        return Ok(false);
    }
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(_) => Err(PasswordError::InvalidStoredHash),
    }
}

/// True when a stored hash uses weaker (or different) parameters than the current ones, so
/// the login flow should re-hash the password it just verified.
pub fn needs_rehash(stored: &str) -> Result<bool, PasswordError> {
    let (_, params) = parse_stored(stored)?;
    Ok(params.m_cost() != MEMORY_KIB
        || params.t_cost() != ITERATIONS
        || params.p_cost() != PARALLELISM
        || params.output_len() != Some(OUTPUT_LEN))
}

/// A hash of a random password, computed once: [`verify_dummy`] checks against it.
static DUMMY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    let password = random_bytes::<16>().ok()?;
    let text: String = password.iter().map(|byte| format!("{byte:02x}")).collect();
    hash_password(&text).ok()
});

/// Spends the time of a real verification and returns false: call it when the login names
/// an unknown account, so response time does not reveal whether an account exists.
pub fn verify_dummy(password: &str) -> bool {
    if let Some(stored) = DUMMY_HASH.as_deref() {
        let _ = verify_password(password, stored);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap parameters: argon2 at full cost is slow in unoptimised test builds.
    fn cheap() -> Params {
        Params::new(64, 1, 1, Some(OUTPUT_LEN)).unwrap()
    }

    #[test]
    fn hash_uses_owasp_argon2id_parameters() {
        let stored = hash_password("releve-demo").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify_password("releve-demo", &stored).unwrap());
        assert!(!verify_password("releve-demo!", &stored).unwrap());
        assert!(!needs_rehash(&stored).unwrap());
    }

    #[test]
    fn wrong_password_is_false_not_an_error() {
        let stored = hash_with_params("correct horse", cheap()).unwrap();
        assert_eq!(verify_password("correct horse", &stored), Ok(true));
        assert_eq!(verify_password("Correct horse", &stored), Ok(false));
        assert_eq!(verify_password("", &stored), Ok(false));
    }

    #[test]
    fn salts_make_equal_passwords_hash_differently() {
        let a = hash_with_params("same", cheap()).unwrap();
        let b = hash_with_params("same", cheap()).unwrap();
        assert_ne!(a, b);
        assert!(verify_password("same", &a).unwrap() && verify_password("same", &b).unwrap());
    }

    #[test]
    fn weaker_stored_parameters_need_rehash() {
        let stored = hash_with_params("pw", cheap()).unwrap();
        assert!(needs_rehash(&stored).unwrap());
    }

    #[test]
    fn corrupt_or_foreign_hashes_are_errors() {
        for stored in [
            "",
            "not a hash",
            "$2b$12$abcdefghijklmnopqrstuv",
            "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=999999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        ] {
            assert_eq!(
                verify_password("pw", stored),
                Err(PasswordError::InvalidStoredHash),
                "{stored}"
            );
        }
    }

    #[test]
    fn over_long_passwords() {
        let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert_eq!(hash_password(&long), Err(PasswordError::TooLong));
        let stored = hash_with_params("pw", cheap()).unwrap();
        assert_eq!(verify_password(&long, &stored), Ok(false));
        assert!(PasswordError::TooLong.to_string().contains("trop long"));
    }

    #[test]
    fn dummy_verification_is_always_false() {
        assert!(!verify_dummy("anything"));
    }
}
