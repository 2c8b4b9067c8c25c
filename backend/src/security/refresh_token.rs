//! Rotating refresh tokens with reuse (theft) detection.
//!
//! A refresh token is 256 random bits, shown to the client once as base64url and stored
//! only as its SHA-256 hash: a database leak yields nothing usable (the tokens are random,
//! so a fast hash is enough; no salt or argon2 needed).
//!
//! Rotation: every login starts a *family*. Presenting a token marks it used and returns a
//! new token of the same family. Presenting a token that was already used means two parties
//! hold it (the user and a thief, in some order): the whole family is revoked, so both must
//! log in again. A family also has an absolute lifetime, after which the user logs in again.
//!
//! The logic is written against [`RefreshTokenStore`]; the database implementation must make
//! [`RefreshTokenStore::mark_used`] atomic (`UPDATE … SET used_at = $2 WHERE hash = $1
//! RETURNING` the previous state, or `SELECT … FOR UPDATE`), so that two concurrent uses of
//! one token cannot both succeed. [`InMemoryRefreshTokenStore`] serves tests and the
//! embedded mode.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::BoxFuture;
use super::random::{RandomError, random_bytes};

/// Random bytes in a refresh token (256 bits).
pub const REFRESH_TOKEN_BYTES: usize = 32;
/// Length of a refresh token as base64url without padding.
pub const REFRESH_TOKEN_CHARS: usize = 43;
/// Lifetime of one refresh token if unused: 14 days.
pub const REFRESH_TOKEN_TTL_SECONDS: i64 = 14 * 24 * 3600;
/// Absolute lifetime of a family (a login): 30 days, then the user logs in again.
pub const REFRESH_FAMILY_MAX_AGE_SECONDS: i64 = 30 * 24 * 3600;

/// SHA-256 of a refresh token: the only form in which it is stored.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefreshTokenHash(pub [u8; 32]);

impl RefreshTokenHash {
    /// Hashes a presented token after checking its shape (43 base64url characters, 32 bytes).
    pub fn of(token: &str) -> Result<Self, RefreshError> {
        if token.len() != REFRESH_TOKEN_CHARS {
            return Err(RefreshError::Malformed);
        }
        let decoded = Zeroizing::new(
            URL_SAFE_NO_PAD
                .decode(token)
                .map_err(|_| RefreshError::Malformed)?,
        );
        if decoded.len() != REFRESH_TOKEN_BYTES {
            return Err(RefreshError::Malformed);
        }
        Ok(Self(Sha256::digest(token.as_bytes()).into()))
    }
}

impl fmt::Debug for RefreshTokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix: String = self.0[..4].iter().map(|b| format!("{b:02x}")).collect();
        write!(f, "RefreshTokenHash({prefix}…)")
    }
}

/// Why a family was revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationReason {
    /// A used token was presented again.
    ReuseDetected,
    /// The user logged out of this session.
    Logout,
    /// All of the user's sessions were ended (password change, role change, admin action).
    AllSessionsEnded,
}

/// When and why a family was revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revocation {
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: RevocationReason,
}

/// A login session: the chain of refresh tokens that rotate from one login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenFamily {
    /// Family id.
    pub id: Uuid,
    /// Tenant of the user.
    pub tenant_id: Uuid,
    /// The user.
    pub user_id: Uuid,
    /// Login time.
    pub created_at: DateTime<Utc>,
    /// Absolute end of the session.
    pub expires_at: DateTime<Utc>,
    /// Set once the family is revoked; never cleared.
    pub revoked: Option<Revocation>,
}

/// One stored refresh token (its hash only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRefreshToken {
    /// SHA-256 of the token.
    pub hash: RefreshTokenHash,
    /// Its family.
    pub family_id: Uuid,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// When it expires if unused.
    pub expires_at: DateTime<Utc>,
    /// When it was used (rotated); a second use is theft.
    pub used_at: Option<DateTime<Utc>>,
}

/// A storage failure, reported without internal detail to users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stockage des sessions indisponible")]
pub struct StoreError(pub String);

/// Persistence of families and token hashes.
pub trait RefreshTokenStore: Send + Sync {
    /// Stores a new family.
    fn create_family(&self, family: TokenFamily) -> BoxFuture<'_, Result<(), StoreError>>;

    /// Stores a new token of an existing family.
    fn insert_token(&self, token: StoredRefreshToken) -> BoxFuture<'_, Result<(), StoreError>>;

    /// Atomically sets `used_at = at` if the token is unused, and returns the token *as it
    /// was before* (so `used_at: Some(_)` means it had already been used) with its family;
    /// `None` if no such token exists.
    fn mark_used<'a>(
        &'a self,
        hash: &'a RefreshTokenHash,
        at: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<Option<(StoredRefreshToken, TokenFamily)>, StoreError>>;

    /// Finds a token and its family without changing anything.
    fn find<'a>(
        &'a self,
        hash: &'a RefreshTokenHash,
    ) -> BoxFuture<'a, Result<Option<(StoredRefreshToken, TokenFamily)>, StoreError>>;

    /// Revokes a family (keeps the first revocation if already revoked).
    fn revoke_family(
        &self,
        family_id: Uuid,
        revocation: Revocation,
    ) -> BoxFuture<'_, Result<(), StoreError>>;

    /// Revokes every family of a user.
    fn revoke_user(
        &self,
        tenant_id: Uuid,
        user_id: Uuid,
        revocation: Revocation,
    ) -> BoxFuture<'_, Result<(), StoreError>>;
}

/// Why a refresh was refused. French messages: they reach the login screen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefreshError {
    /// Not a refresh token (wrong length or alphabet).
    #[error("jeton de session mal formé")]
    Malformed,
    /// No such token.
    #[error("session inconnue, veuillez vous reconnecter")]
    Unknown,
    /// The token or its family has expired.
    #[error("session expirée, veuillez vous reconnecter")]
    Expired,
    /// The family was revoked (logout, reuse, password change).
    #[error("session révoquée, veuillez vous reconnecter")]
    Revoked,
    /// An already used token was presented: the family is now revoked.
    #[error(
        "réutilisation d'un jeton de session détectée : la session est révoquée, veuillez vous reconnecter"
    )]
    ReuseDetected {
        /// The revoked family, for the security log.
        family_id: Uuid,
    },
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The system RNG failed.
    #[error(transparent)]
    Random(#[from] RandomError),
}

/// A new refresh token: hand `token` to the client once (e.g. an HttpOnly cookie).
#[derive(Debug)]
pub struct IssuedRefreshToken {
    /// The plaintext token (base64url); never stored, never logged.
    pub token: SecretString,
    /// Its family.
    pub family_id: Uuid,
    /// The tenant of the session: the access token is issued for it.
    pub tenant_id: Uuid,
    /// The user of the session.
    pub user_id: Uuid,
    /// When this token expires if unused.
    pub expires_at: DateTime<Utc>,
}

/// Starts a session at login: a new family and its first token.
pub async fn start_session(
    store: &dyn RefreshTokenStore,
    tenant_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<IssuedRefreshToken, RefreshError> {
    let family = TokenFamily {
        id: uuid::Builder::from_random_bytes(random_bytes::<16>()?).into_uuid(),
        tenant_id,
        user_id,
        created_at: now,
        expires_at: now + Duration::seconds(REFRESH_FAMILY_MAX_AGE_SECONDS),
        revoked: None,
    };
    store.create_family(family.clone()).await?;
    issue_in_family(store, &family, now).await
}

/// Exchanges a refresh token for a new one of the same family.
///
/// A token presented twice revokes its family and returns [`RefreshError::ReuseDetected`].
pub async fn rotate(
    store: &dyn RefreshTokenStore,
    presented: &str,
    now: DateTime<Utc>,
) -> Result<IssuedRefreshToken, RefreshError> {
    let hash = RefreshTokenHash::of(presented)?;
    let Some((token, family)) = store.mark_used(&hash, now).await? else {
        return Err(RefreshError::Unknown);
    };
    if token.used_at.is_some() {
        store
            .revoke_family(
                family.id,
                Revocation {
                    at: now,
                    reason: RevocationReason::ReuseDetected,
                },
            )
            .await?;
        return Err(RefreshError::ReuseDetected {
            family_id: family.id,
        });
    }
    if family.revoked.is_some() {
        return Err(RefreshError::Revoked);
    }
    if now >= token.expires_at || now >= family.expires_at {
        return Err(RefreshError::Expired);
    }
    issue_in_family(store, &family, now).await
}

/// Logs out the session a token belongs to (unknown or malformed tokens are not an error:
/// logout is idempotent and must not reveal anything).
pub async fn logout(
    store: &dyn RefreshTokenStore,
    presented: &str,
    now: DateTime<Utc>,
) -> Result<(), RefreshError> {
    let Ok(hash) = RefreshTokenHash::of(presented) else {
        return Ok(());
    };
    if let Some((_, family)) = store.find(&hash).await? {
        store
            .revoke_family(
                family.id,
                Revocation {
                    at: now,
                    reason: RevocationReason::Logout,
                },
            )
            .await?;
    }
    Ok(())
}

/// Ends every session of a user (password change, role change, account disabled).
pub async fn end_all_sessions(
    store: &dyn RefreshTokenStore,
    tenant_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), RefreshError> {
    store
        .revoke_user(
            tenant_id,
            user_id,
            Revocation {
                at: now,
                reason: RevocationReason::AllSessionsEnded,
            },
        )
        .await?;
    Ok(())
}

async fn issue_in_family(
    store: &dyn RefreshTokenStore,
    family: &TokenFamily,
    now: DateTime<Utc>,
) -> Result<IssuedRefreshToken, RefreshError> {
    let bytes = Zeroizing::new(random_bytes::<REFRESH_TOKEN_BYTES>()?);
    let token = SecretString::from(URL_SAFE_NO_PAD.encode(bytes.as_slice()));
    let hash = RefreshTokenHash::of(token.expose_secret())?;
    let expires_at = (now + Duration::seconds(REFRESH_TOKEN_TTL_SECONDS)).min(family.expires_at);
    store
        .insert_token(StoredRefreshToken {
            hash,
            family_id: family.id,
            issued_at: now,
            expires_at,
            used_at: None,
        })
        .await?;
    Ok(IssuedRefreshToken {
        token,
        family_id: family.id,
        tenant_id: family.tenant_id,
        user_id: family.user_id,
        expires_at,
    })
}

/// A [`RefreshTokenStore`] in process memory (tests, embedded single-process mode).
#[derive(Debug, Default)]
pub struct InMemoryRefreshTokenStore {
    inner: Mutex<InMemoryState>,
}

#[derive(Debug, Default)]
struct InMemoryState {
    families: HashMap<Uuid, TokenFamily>,
    tokens: HashMap<RefreshTokenHash, StoredRefreshToken>,
}

impl InMemoryRefreshTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn with_state<T>(
        &self,
        f: impl FnOnce(&mut InMemoryState) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut state = self
            .inner
            .lock()
            .map_err(|_| StoreError("verrou du stockage en mémoire empoisonné".to_owned()))?;
        f(&mut state)
    }

    /// Number of stored token hashes (for tests).
    pub fn token_count(&self) -> usize {
        self.with_state(|state| Ok(state.tokens.len())).unwrap_or(0)
    }

    /// A family by id (for tests and diagnostics).
    pub fn family(&self, id: Uuid) -> Option<TokenFamily> {
        self.with_state(|state| Ok(state.families.get(&id).cloned()))
            .ok()
            .flatten()
    }
}

fn revoke(family: &mut TokenFamily, revocation: Revocation) {
    if family.revoked.is_none() {
        family.revoked = Some(revocation);
    }
}

impl RefreshTokenStore for InMemoryRefreshTokenStore {
    fn create_family(&self, family: TokenFamily) -> BoxFuture<'_, Result<(), StoreError>> {
        let result = self.with_state(|state| {
            if state.families.contains_key(&family.id) {
                return Err(StoreError("famille de session déjà existante".to_owned()));
            }
            state.families.insert(family.id, family);
            Ok(())
        });
        Box::pin(std::future::ready(result))
    }

    fn insert_token(&self, token: StoredRefreshToken) -> BoxFuture<'_, Result<(), StoreError>> {
        let result = self.with_state(|state| {
            if !state.families.contains_key(&token.family_id) {
                return Err(StoreError("famille de session inconnue".to_owned()));
            }
            if state.tokens.contains_key(&token.hash) {
                return Err(StoreError("jeton de session déjà existant".to_owned()));
            }
            state.tokens.insert(token.hash, token);
            Ok(())
        });
        Box::pin(std::future::ready(result))
    }

    fn mark_used<'a>(
        &'a self,
        hash: &'a RefreshTokenHash,
        at: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<Option<(StoredRefreshToken, TokenFamily)>, StoreError>> {
        let result = self.with_state(|state| {
            let Some(token) = state.tokens.get_mut(hash) else {
                return Ok(None);
            };
            let before = token.clone();
            if token.used_at.is_none() {
                token.used_at = Some(at);
            }
            let family = state
                .families
                .get(&before.family_id)
                .cloned()
                .ok_or_else(|| StoreError("famille de session manquante".to_owned()))?;
            Ok(Some((before, family)))
        });
        Box::pin(std::future::ready(result))
    }

    fn find<'a>(
        &'a self,
        hash: &'a RefreshTokenHash,
    ) -> BoxFuture<'a, Result<Option<(StoredRefreshToken, TokenFamily)>, StoreError>> {
        let result = self.with_state(|state| {
            Ok(state.tokens.get(hash).and_then(|token| {
                state
                    .families
                    .get(&token.family_id)
                    .map(|family| (token.clone(), family.clone()))
            }))
        });
        Box::pin(std::future::ready(result))
    }

    fn revoke_family(
        &self,
        family_id: Uuid,
        revocation: Revocation,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        let result = self.with_state(|state| {
            if let Some(family) = state.families.get_mut(&family_id) {
                revoke(family, revocation);
            }
            Ok(())
        });
        Box::pin(std::future::ready(result))
    }

    fn revoke_user(
        &self,
        tenant_id: Uuid,
        user_id: Uuid,
        revocation: Revocation,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        let result = self.with_state(|state| {
            state
                .families
                .values_mut()
                .filter(|family| family.tenant_id == tenant_id && family.user_id == user_id)
                .for_each(|family| revoke(family, revocation));
            Ok(())
        });
        Box::pin(std::future::ready(result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const TENANT: Uuid = Uuid::from_u128(1);
    const USER: Uuid = Uuid::from_u128(10);

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap()
    }

    fn secret(issued: &IssuedRefreshToken) -> String {
        issued.token.expose_secret().to_owned()
    }

    #[tokio::test]
    async fn tokens_are_random_base64url_and_stored_hashed() {
        let store = InMemoryRefreshTokenStore::new();
        let issued = start_session(&store, TENANT, USER, t0()).await.unwrap();
        let token = secret(&issued);
        assert_eq!(token.len(), REFRESH_TOKEN_CHARS);
        assert!(
            token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_eq!(URL_SAFE_NO_PAD.decode(&token).unwrap().len(), 32);
        assert_eq!((issued.tenant_id, issued.user_id), (TENANT, USER));
        // The store knows the hash, not the token.
        let hash = RefreshTokenHash::of(&token).unwrap();
        let (stored, _) = store.find(&hash).await.unwrap().unwrap();
        assert_eq!(
            stored.hash.0,
            <[u8; 32]>::from(Sha256::digest(token.as_bytes()))
        );
        assert!(!format!("{:?}", store).contains(&token));
        assert!(!format!("{issued:?}").contains(&token));
        let other = start_session(&store, TENANT, USER, t0()).await.unwrap();
        assert_ne!(secret(&other), token);
        assert_ne!(other.family_id, issued.family_id);
    }

    #[tokio::test]
    async fn rotation_returns_a_new_token_in_the_same_family() {
        let store = InMemoryRefreshTokenStore::new();
        let first = start_session(&store, TENANT, USER, t0()).await.unwrap();
        let second = rotate(&store, &secret(&first), t0() + Duration::minutes(14))
            .await
            .unwrap();
        assert_eq!(second.family_id, first.family_id);
        assert_ne!(secret(&second), secret(&first));
        let third = rotate(&store, &secret(&second), t0() + Duration::minutes(28))
            .await
            .unwrap();
        assert_eq!(third.family_id, first.family_id);
        assert_eq!(store.token_count(), 3);
    }

    #[tokio::test]
    async fn reuse_revokes_the_whole_family() {
        let store = InMemoryRefreshTokenStore::new();
        let stolen = start_session(&store, TENANT, USER, t0()).await.unwrap();
        let legit = rotate(&store, &secret(&stolen), t0()).await.unwrap();
        // The thief replays the old token.
        let replay = rotate(&store, &secret(&stolen), t0() + Duration::minutes(1)).await;
        assert_eq!(
            replay.unwrap_err(),
            RefreshError::ReuseDetected {
                family_id: stolen.family_id
            }
        );
        let family = store.family(stolen.family_id).unwrap();
        assert_eq!(
            family.revoked.map(|r| r.reason),
            Some(RevocationReason::ReuseDetected)
        );
        // The newest token of the family is dead too.
        assert_eq!(
            rotate(&store, &secret(&legit), t0() + Duration::minutes(2))
                .await
                .unwrap_err(),
            RefreshError::Revoked
        );
        // Other sessions of the same user are untouched.
        let other = start_session(&store, TENANT, USER, t0()).await.unwrap();
        assert!(rotate(&store, &secret(&other), t0()).await.is_ok());
    }

    #[tokio::test]
    async fn reuse_by_the_thief_first_also_revokes() {
        let store = InMemoryRefreshTokenStore::new();
        let token = start_session(&store, TENANT, USER, t0()).await.unwrap();
        let thief = rotate(&store, &secret(&token), t0()).await.unwrap();
        assert!(matches!(
            rotate(&store, &secret(&token), t0()).await,
            Err(RefreshError::ReuseDetected { .. })
        ));
        assert_eq!(
            rotate(&store, &secret(&thief), t0()).await.unwrap_err(),
            RefreshError::Revoked
        );
    }

    #[tokio::test]
    async fn expiry_of_token_and_of_family() {
        let store = InMemoryRefreshTokenStore::new();
        let token = start_session(&store, TENANT, USER, t0()).await.unwrap();
        assert_eq!(token.expires_at, t0() + Duration::days(14));
        let late = t0() + Duration::seconds(REFRESH_TOKEN_TTL_SECONDS);
        assert_eq!(
            rotate(&store, &secret(&token), late).await.unwrap_err(),
            RefreshError::Expired
        );

        // Rotating every day still ends at the family's absolute lifetime.
        let mut current = start_session(&store, TENANT, USER, t0()).await.unwrap();
        let mut day = 0;
        let outcome = loop {
            day += 1;
            match rotate(&store, &secret(&current), t0() + Duration::days(day)).await {
                Ok(next) => {
                    assert!(next.expires_at <= t0() + Duration::days(30));
                    current = next;
                }
                Err(error) => break error,
            }
        };
        assert_eq!(outcome, RefreshError::Expired);
        assert_eq!(day, 30);
    }

    #[tokio::test]
    async fn unknown_and_malformed_tokens() {
        let store = InMemoryRefreshTokenStore::new();
        let unknown = URL_SAFE_NO_PAD.encode([0u8; 32]);
        assert_eq!(
            rotate(&store, &unknown, t0()).await.unwrap_err(),
            RefreshError::Unknown
        );
        for bad in [
            "",
            "short",
            &"a".repeat(44),
            &format!("{}=", &unknown[..42]),
            &"+".repeat(43),
        ] {
            assert_eq!(
                rotate(&store, bad, t0()).await.unwrap_err(),
                RefreshError::Malformed,
                "{bad}"
            );
        }
    }

    #[tokio::test]
    async fn logout_and_end_all_sessions() {
        let store = InMemoryRefreshTokenStore::new();
        let a = start_session(&store, TENANT, USER, t0()).await.unwrap();
        let b = start_session(&store, TENANT, USER, t0()).await.unwrap();
        let other_user = start_session(&store, TENANT, Uuid::from_u128(11), t0())
            .await
            .unwrap();
        logout(&store, &secret(&a), t0()).await.unwrap();
        logout(&store, "garbage", t0()).await.unwrap();
        assert_eq!(
            rotate(&store, &secret(&a), t0()).await.unwrap_err(),
            RefreshError::Revoked
        );
        let b = rotate(&store, &secret(&b), t0()).await.unwrap();
        end_all_sessions(&store, TENANT, USER, t0()).await.unwrap();
        assert_eq!(
            rotate(&store, &secret(&b), t0()).await.unwrap_err(),
            RefreshError::Revoked
        );
        assert_eq!(
            store.family(b.family_id).unwrap().revoked.unwrap().reason,
            RevocationReason::AllSessionsEnded
        );
        assert!(rotate(&store, &secret(&other_user), t0()).await.is_ok());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_use_of_one_token_succeeds_at_most_once() {
        let store = std::sync::Arc::new(InMemoryRefreshTokenStore::new());
        let token = secret(&start_session(&*store, TENANT, USER, t0()).await.unwrap());
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let store = store.clone();
                let token = token.clone();
                tokio::spawn(async move { rotate(&*store, &token, t0()).await })
            })
            .collect();
        let mut successes = 0;
        for task in tasks {
            if task.await.unwrap().is_ok() {
                successes += 1;
            }
        }
        assert_eq!(successes, 1);
    }

    #[test]
    fn messages_are_french() {
        assert!(RefreshError::Expired.to_string().contains("reconnecter"));
        assert!(StoreError("x".into()).to_string().contains("indisponible"));
    }
}
