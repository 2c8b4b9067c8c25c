//! Short-lived access tokens (JWT, HS256) following RFC 8725.
//!
//! - One algorithm, pinned: HS256. The header's `alg` is checked against that allowlist
//!   before anything else; `none`, other HMAC sizes and every asymmetric algorithm are
//!   refused, so a public key can never be used as an HMAC secret (key confusion).
//! - Headers that fetch or embed keys (`jku`, `jwk`, `x5u`, `x5c`) and `crit` are refused;
//!   `kid` is ignored because the key is never chosen from the token.
//! - Explicit type `typ: at+jwt` (RFC 9068), so another JWT signed with the same secret (an ID
//!   token, a future link token) cannot be replayed as an access token.
//! - `iss`, `aud`, `exp` and `iat` are checked with a small clock leeway; a token claiming a
//!   lifetime longer than [`ACCESS_TOKEN_TTL_SECONDS`] is refused even if correctly signed.
//! - The HMAC secret has at least 32 bytes (RFC 7518 §3.2: at least the hash size).
//!
//! Tokens live at most 15 minutes, so a role change takes effect quickly; the API still
//! resolves scopes (sites, units) server-side on each request. `scopes` in the token are
//! hints for the UI, never authority. The tenant comes only from the verified `tid` claim.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeZone, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::random::random_bytes;

/// Lifetime of an access token: 15 minutes.
pub const ACCESS_TOKEN_TTL_SECONDS: i64 = 15 * 60;
// Access tokens must stay short-lived: checked at compile time.
const _: () = assert!(ACCESS_TOKEN_TTL_SECONDS <= 15 * 60);
/// The `typ` header of access tokens (RFC 9068).
pub const ACCESS_TOKEN_TYPE: &str = "at+jwt";
/// Tolerated clock skew between servers, in seconds.
pub const CLOCK_LEEWAY_SECONDS: i64 = 30;
/// Minimum HMAC secret length in bytes (SHA-256 output size).
pub const MIN_SECRET_BYTES: usize = 32;
/// Longest token accepted, in bytes: bounds the work done on hostile input.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// The only signing algorithm accepted, as written in the header.
const ALLOWED_ALGORITHM: &str = "HS256";
/// Header parameters that would let a token choose or carry its own key.
const FORBIDDEN_HEADERS: [&str; 5] = ["jku", "jwk", "x5u", "x5c", "crit"];

/// The six roles of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Management of the whole GHT.
    GhtAdmin,
    /// Manager of one or more establishments (sites).
    SiteManager,
    /// Unit manager (cadre de santé).
    UnitManager,
    /// Human resources: the only role that sees absence reasons.
    Hr,
    /// A staff member: their own roster, desiderata and counters.
    Staff,
    /// Auditor / DPO: read-only, including the access log.
    Auditor,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 6] = [
        Role::GhtAdmin,
        Role::SiteManager,
        Role::UnitManager,
        Role::Hr,
        Role::Staff,
        Role::Auditor,
    ];

    /// The snake_case name used in tokens, the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::GhtAdmin => "ght_admin",
            Role::SiteManager => "site_manager",
            Role::UnitManager => "unit_manager",
            Role::Hr => "hr",
            Role::Staff => "staff",
            Role::Auditor => "auditor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of the six.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rôle inconnu : « {0} »")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == name)
            .ok_or_else(|| UnknownRole(name.to_owned()))
    }
}

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user id.
    pub sub: Uuid,
    /// The tenant (GHT) id: the only source of the tenant for a request.
    pub tid: Uuid,
    /// The user's role.
    pub role: Role,
    /// Scope hints (e.g. `site:<uuid>`); authorisation re-resolves scopes server-side.
    pub scopes: Vec<String>,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Unique token id (for logs and a possible deny-list).
    pub jti: Uuid,
}

/// A freshly issued token and what it says.
#[derive(Debug, Clone)]
pub struct IssuedAccessToken {
    /// The compact JWT to hand to the client.
    pub token: String,
    /// Its claims.
    pub claims: AccessClaims,
    /// When it expires.
    pub expires_at: DateTime<Utc>,
}

/// Why a token was refused (or could not be issued). Each attack has its own variant so
/// tests and security logs can tell them apart; the API answers all of them with the same
/// "unauthenticated" status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessTokenError {
    /// The signing secret is shorter than [`MIN_SECRET_BYTES`].
    #[error(
        "le secret de signature des jetons doit faire au moins {MIN_SECRET_BYTES} octets (il en fait {0})"
    )]
    WeakSecret(usize),
    /// Not a well-formed compact JWT with the expected claims.
    #[error("jeton d'accès mal formé")]
    Malformed,
    /// The header's `alg` is not HS256 (`none` included).
    #[error("algorithme de signature du jeton refusé : « {0} »")]
    AlgorithmNotAllowed(String),
    /// The header carries a key-selection parameter (`jku`, `jwk`, `x5u`, `x5c`) or `crit`.
    #[error("en-tête de jeton refusé : « {0} »")]
    ForbiddenHeader(String),
    /// The signature does not match (wrong key or altered token).
    #[error("signature du jeton invalide")]
    InvalidSignature,
    /// The `typ` header is not `at+jwt`.
    #[error("ce jeton n'est pas un jeton d'accès")]
    WrongType,
    /// The issuer is not ours.
    #[error("émetteur du jeton non reconnu")]
    WrongIssuer,
    /// The audience is not this API.
    #[error("jeton destiné à un autre service")]
    WrongAudience,
    /// The token has expired.
    #[error("jeton d'accès expiré, veuillez vous reconnecter")]
    Expired,
    /// The token claims to be issued in the future.
    #[error("jeton d'accès pas encore valide")]
    NotYetValid,
    /// The token claims a lifetime longer than allowed.
    #[error("durée de validité du jeton trop longue")]
    LifetimeTooLong,
    /// Signing failed.
    #[error("émission du jeton d'accès impossible")]
    Signing,
}

/// Issues and verifies access tokens with one HS256 secret, issuer and audience.
pub struct AccessTokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    audience: String,
}

impl fmt::Debug for AccessTokenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessTokenKeys")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl AccessTokenKeys {
    /// Builds the keys; refuses secrets shorter than [`MIN_SECRET_BYTES`].
    pub fn new(
        secret: &[u8],
        issuer: impl Into<String>,
        audience: impl Into<String>,
    ) -> Result<Self, AccessTokenError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(AccessTokenError::WeakSecret(secret.len()));
        }
        Ok(Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            issuer: issuer.into(),
            audience: audience.into(),
        })
    }

    /// Issues a token valid for [`ACCESS_TOKEN_TTL_SECONDS`] from `now`.
    pub fn issue(
        &self,
        subject: Uuid,
        tenant_id: Uuid,
        role: Role,
        scopes: Vec<String>,
        now: DateTime<Utc>,
    ) -> Result<IssuedAccessToken, AccessTokenError> {
        let iat = now.timestamp();
        let exp = iat + ACCESS_TOKEN_TTL_SECONDS;
        let claims = AccessClaims {
            sub: subject,
            tid: tenant_id,
            role,
            scopes,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            iat,
            exp,
            jti: random_uuid()?,
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(ACCESS_TOKEN_TYPE.to_owned());
        let token = jsonwebtoken::encode(&header, &claims, &self.encoding)
            .map_err(|_| AccessTokenError::Signing)?;
        let expires_at = Utc
            .timestamp_opt(exp, 0)
            .single()
            .ok_or(AccessTokenError::Signing)?;
        Ok(IssuedAccessToken {
            token,
            claims,
            expires_at,
        })
    }

    /// Verifies a token at time `now`: algorithm, header, signature, type, issuer,
    /// audience and times, in that order.
    pub fn verify(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<AccessClaims, AccessTokenError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(AccessTokenError::Malformed);
        }
        let header = raw_header(token)?;
        check_header_before_signature(&header)?;

        let mut validation = Validation::new(Algorithm::HS256);
        // Times, issuer and audience are checked below against the caller's clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        validation.leeway = 0;
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &validation)
            .map_err(|error| match error.kind() {
                ErrorKind::InvalidSignature => AccessTokenError::InvalidSignature,
                // Unreachable after the pre-check, kept as a second wall.
                ErrorKind::InvalidAlgorithm => {
                    AccessTokenError::AlgorithmNotAllowed(String::from("inconnu"))
                }
                _ => AccessTokenError::Malformed,
            })?;

        let typ = data.header.typ.as_deref().unwrap_or_default();
        if !typ.eq_ignore_ascii_case(ACCESS_TOKEN_TYPE)
            && !typ.eq_ignore_ascii_case("application/at+jwt")
        {
            return Err(AccessTokenError::WrongType);
        }
        let claims = data.claims;
        if claims.iss != self.issuer {
            return Err(AccessTokenError::WrongIssuer);
        }
        if claims.aud != self.audience {
            return Err(AccessTokenError::WrongAudience);
        }
        let now = now.timestamp();
        if claims.iat > now + CLOCK_LEEWAY_SECONDS {
            return Err(AccessTokenError::NotYetValid);
        }
        if claims.exp.saturating_sub(claims.iat) > ACCESS_TOKEN_TTL_SECONDS {
            return Err(AccessTokenError::LifetimeTooLong);
        }
        if now >= claims.exp.saturating_add(CLOCK_LEEWAY_SECONDS) {
            return Err(AccessTokenError::Expired);
        }
        Ok(claims)
    }
}

/// A random (v4) UUID that reports RNG failure instead of panicking like `Uuid::new_v4`.
fn random_uuid() -> Result<Uuid, AccessTokenError> {
    let bytes = random_bytes::<16>().map_err(|_| AccessTokenError::Signing)?;
    Ok(uuid::Builder::from_random_bytes(bytes).into_uuid())
}

/// Decodes the header as raw JSON, so that `alg: none` or unknown algorithms are reported as
/// such instead of as a parse failure.
fn raw_header(token: &str) -> Result<serde_json::Map<String, serde_json::Value>, AccessTokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(AccessTokenError::Malformed);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| AccessTokenError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| AccessTokenError::Malformed)
}

fn check_header_before_signature(
    header: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), AccessTokenError> {
    match header.get("alg") {
        Some(serde_json::Value::String(alg)) if alg == ALLOWED_ALGORITHM => {}
        Some(serde_json::Value::String(alg)) => {
            return Err(AccessTokenError::AlgorithmNotAllowed(alg.clone()));
        }
        _ => return Err(AccessTokenError::Malformed),
    }
    if let Some(name) = FORBIDDEN_HEADERS
        .iter()
        .find(|name| header.contains_key(**name))
    {
        return Err(AccessTokenError::ForbiddenHeader((*name).to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use serde_json::json;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-test-secret";
    const ISSUER: &str = "https://releve.example";
    const AUDIENCE: &str = "releve-api";

    fn keys() -> AccessTokenKeys {
        AccessTokenKeys::new(SECRET, ISSUER, AUDIENCE).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }

    fn issued() -> IssuedAccessToken {
        keys()
            .issue(
                Uuid::from_u128(10),
                Uuid::from_u128(1),
                Role::UnitManager,
                vec!["unit:3".to_owned()],
                now(),
            )
            .unwrap()
    }

    fn b64(value: &serde_json::Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
    }

    fn claims_json(overrides: serde_json::Value) -> serde_json::Value {
        let mut claims = serde_json::to_value(&issued().claims).unwrap();
        for (key, value) in overrides.as_object().unwrap() {
            claims[key] = value.clone();
        }
        claims
    }

    /// Signs arbitrary header and claims with HS256 and `secret`.
    fn forge(header: serde_json::Value, claims: serde_json::Value, secret: &[u8]) -> String {
        use hmac::{Hmac, KeyInit, Mac};
        let signing_input = format!("{}.{}", b64(&header), b64(&claims));
        let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret).unwrap();
        mac.update(signing_input.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{signing_input}.{signature}")
    }

    fn good_header() -> serde_json::Value {
        json!({"alg": "HS256", "typ": "at+jwt"})
    }

    #[test]
    fn issue_then_verify_round_trip() {
        let token = issued();
        assert_eq!(
            token.claims.exp - token.claims.iat,
            ACCESS_TOKEN_TTL_SECONDS
        );
        assert_eq!(token.expires_at, now() + Duration::minutes(15));
        let claims = keys().verify(&token.token, now()).unwrap();
        assert_eq!(claims, token.claims);
        assert_eq!(claims.role, Role::UnitManager);
        let header = jsonwebtoken::decode_header(&token.token).unwrap();
        assert_eq!(header.typ.as_deref(), Some("at+jwt"));
        assert_eq!(header.alg, Algorithm::HS256);
    }

    #[test]
    fn a_hand_forged_but_correct_token_verifies() {
        let token = forge(good_header(), claims_json(json!({})), SECRET);
        assert!(keys().verify(&token, now()).is_ok());
    }

    #[test]
    fn weak_secret_is_refused() {
        assert_eq!(
            AccessTokenKeys::new(b"short", ISSUER, AUDIENCE).unwrap_err(),
            AccessTokenError::WeakSecret(5)
        );
        assert!(AccessTokenKeys::new(&[7u8; 32], ISSUER, AUDIENCE).is_ok());
    }

    #[test]
    fn alg_none_is_refused() {
        for alg in ["none", "None", "NONE"] {
            let token = format!(
                "{}.{}.",
                b64(&json!({"alg": alg, "typ": "at+jwt"})),
                b64(&claims_json(json!({})))
            );
            assert_eq!(
                keys().verify(&token, now()),
                Err(AccessTokenError::AlgorithmNotAllowed(alg.to_owned()))
            );
        }
    }

    #[test]
    fn other_algorithms_are_refused_even_with_a_valid_mac() {
        for alg in ["HS384", "HS512", "RS256", "ES256", "EdDSA", "PS256"] {
            let token = forge(
                json!({"alg": alg, "typ": "at+jwt"}),
                claims_json(json!({})),
                SECRET,
            );
            assert_eq!(
                keys().verify(&token, now()),
                Err(AccessTokenError::AlgorithmNotAllowed(alg.to_owned())),
                "{alg}"
            );
        }
    }

    #[test]
    fn wrong_key_and_tampering_are_invalid_signatures() {
        let token = forge(
            good_header(),
            claims_json(json!({})),
            b"another-secret-of-thirty-two-bytes!!",
        );
        assert_eq!(
            keys().verify(&token, now()),
            Err(AccessTokenError::InvalidSignature)
        );

        let other = AccessTokenKeys::new(&[9u8; 32], ISSUER, AUDIENCE).unwrap();
        assert_eq!(
            other.verify(&issued().token, now()),
            Err(AccessTokenError::InvalidSignature)
        );

        // Swap in a payload granting another role, keep the signature.
        let original = issued().token;
        let parts: Vec<&str> = original.split('.').collect();
        let escalated = b64(&claims_json(json!({"role": "ght_admin"})));
        let tampered = format!("{}.{}.{}", parts[0], escalated, parts[2]);
        assert_eq!(
            keys().verify(&tampered, now()),
            Err(AccessTokenError::InvalidSignature)
        );
    }

    #[test]
    fn expired_tokens_are_refused_after_the_leeway() {
        let token = issued().token;
        let just_valid =
            now() + Duration::seconds(ACCESS_TOKEN_TTL_SECONDS + CLOCK_LEEWAY_SECONDS - 1);
        assert!(keys().verify(&token, just_valid).is_ok());
        let expired = now() + Duration::seconds(ACCESS_TOKEN_TTL_SECONDS + CLOCK_LEEWAY_SECONDS);
        assert_eq!(
            keys().verify(&token, expired),
            Err(AccessTokenError::Expired)
        );
        assert_eq!(
            keys().verify(&token, now() + Duration::days(1)),
            Err(AccessTokenError::Expired)
        );
    }

    #[test]
    fn future_and_long_lived_tokens_are_refused() {
        let future = forge(
            good_header(),
            claims_json(
                json!({"iat": now().timestamp() + 3600, "exp": now().timestamp() + 3600 + 60}),
            ),
            SECRET,
        );
        assert_eq!(
            keys().verify(&future, now()),
            Err(AccessTokenError::NotYetValid)
        );
        let long = forge(
            good_header(),
            claims_json(json!({"exp": now().timestamp() + 24 * 3600})),
            SECRET,
        );
        assert_eq!(
            keys().verify(&long, now()),
            Err(AccessTokenError::LifetimeTooLong)
        );
    }

    #[test]
    fn wrong_issuer_and_audience_are_refused() {
        let token = issued().token;
        let other_issuer = AccessTokenKeys::new(SECRET, "https://evil.example", AUDIENCE).unwrap();
        assert_eq!(
            other_issuer.verify(&token, now()),
            Err(AccessTokenError::WrongIssuer)
        );
        let other_audience = AccessTokenKeys::new(SECRET, ISSUER, "solver-worker").unwrap();
        assert_eq!(
            other_audience.verify(&token, now()),
            Err(AccessTokenError::WrongAudience)
        );
        let forged_aud = forge(good_header(), claims_json(json!({"aud": "other"})), SECRET);
        assert_eq!(
            keys().verify(&forged_aud, now()),
            Err(AccessTokenError::WrongAudience)
        );
    }

    #[test]
    fn wrong_or_missing_typ_is_refused() {
        for header in [
            json!({"alg": "HS256", "typ": "JWT"}),
            json!({"alg": "HS256", "typ": "refresh+jwt"}),
            json!({"alg": "HS256"}),
        ] {
            let token = forge(header.clone(), claims_json(json!({})), SECRET);
            assert_eq!(
                keys().verify(&token, now()),
                Err(AccessTokenError::WrongType),
                "{header}"
            );
        }
        let media_type = forge(
            json!({"alg": "HS256", "typ": "application/AT+JWT"}),
            claims_json(json!({})),
            SECRET,
        );
        assert!(keys().verify(&media_type, now()).is_ok());
    }

    #[test]
    fn key_carrying_headers_are_refused() {
        for name in ["jku", "jwk", "x5u", "x5c", "crit"] {
            let mut header = good_header();
            header[name] = json!("https://evil.example/keys");
            let token = forge(header, claims_json(json!({})), SECRET);
            assert_eq!(
                keys().verify(&token, now()),
                Err(AccessTokenError::ForbiddenHeader(name.to_owned()))
            );
        }
        // `kid` is ignored: the key never comes from the token.
        let kid = forge(
            json!({"alg": "HS256", "typ": "at+jwt", "kid": "../../etc/passwd"}),
            claims_json(json!({})),
            SECRET,
        );
        assert!(keys().verify(&kid, now()).is_ok());
    }

    #[test]
    fn malformed_tokens_are_refused() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        let missing_claim = {
            let mut claims = claims_json(json!({}));
            claims.as_object_mut().unwrap().remove("tid");
            forge(good_header(), claims, SECRET)
        };
        let bad_role = forge(good_header(), claims_json(json!({"role": "root"})), SECRET);
        for token in [
            "",
            "abc",
            "a.b",
            "a.b.c.d",
            "!!!.e30.sig",
            &format!("{}.e30.sig", URL_SAFE_NO_PAD.encode("not json")),
            &format!("{}.e30.sig", b64(&json!({"typ": "at+jwt"}))),
            &long,
            &missing_claim,
            &bad_role,
        ] {
            assert_eq!(
                keys().verify(token, now()),
                Err(AccessTokenError::Malformed),
                "{token:.60}"
            );
        }
    }

    #[test]
    fn roles_are_snake_case() {
        let names: Vec<String> = Role::ALL
            .iter()
            .map(|role| {
                serde_json::to_value(role)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "ght_admin",
                "site_manager",
                "unit_manager",
                "hr",
                "staff",
                "auditor"
            ]
        );
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            assert_eq!(role.to_string(), role.as_str());
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn error_messages_are_french_and_distinct() {
        let errors = [
            AccessTokenError::WeakSecret(3),
            AccessTokenError::Malformed,
            AccessTokenError::AlgorithmNotAllowed("none".into()),
            AccessTokenError::ForbiddenHeader("jku".into()),
            AccessTokenError::InvalidSignature,
            AccessTokenError::WrongType,
            AccessTokenError::WrongIssuer,
            AccessTokenError::WrongAudience,
            AccessTokenError::Expired,
            AccessTokenError::NotYetValid,
            AccessTokenError::LifetimeTooLong,
            AccessTokenError::Signing,
        ];
        let messages: std::collections::HashSet<String> =
            errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), errors.len());
        assert!(AccessTokenError::Expired.to_string().contains("expiré"));
    }
}
