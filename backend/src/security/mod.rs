//! Pure security building blocks: no database, no network, no global state.
//!
//! The storage and API layers call these; keeping them pure lets every rule be unit tested
//! (and fuzzed later, T-09) without a database. Requirements (R-xx) refer to
//! `shared/docs/security.md`; design decisions to `shared/docs/README.md`.
//!
//! - [`envelope`]: per-tenant envelope encryption, field sealing, blind indexes (decision 2, R-29..R-34).
//! - [`blind_index`]: exact-match search over encrypted fields.
//! - [`password`]: argon2id password hashes.
//! - [`access_token`]: short-lived access JWTs (R-11..R-13).
//! - [`refresh_token`]: rotating refresh tokens with reuse detection.
//! - [`access_chain`]: the hash-chained RGPD access log and its signed checkpoints (decision 3, R-35, R-37).
//! - [`canonical`], [`random`], [`key_file`]: small shared helpers.

pub mod access_chain;
pub mod access_token;
pub mod blind_index;
pub mod canonical;
pub mod envelope;
pub mod key_file;
pub mod password;
pub mod random;
pub mod refresh_token;

use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future: lets traits that a KMS or a database will implement stay
/// object-safe (`Arc<dyn Trait>` chosen from configuration) without an extra crate.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
