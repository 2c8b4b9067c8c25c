//! The authenticated person behind a request, from its `Authorization: Bearer` header.

use actix_web::HttpRequest;
use chrono::Utc;
use uuid::Uuid;

use crate::security::access_token::{AccessTokenError, AccessTokenKeys, Role};
use crate::tenancy::TenantId;

/// Who is asking: from a verified access token only.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user_id: Uuid,
    pub tenant: TenantId,
    pub role: Role,
    pub scopes: Vec<String>,
}

/// The result of reading a request's credentials.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// No `Authorization` header.
    Anonymous,
    /// A verified token.
    Viewer(Viewer),
    /// A header that did not verify (the reason goes to the logs, not to the client).
    Invalid,
}

/// Reads and verifies the bearer token of a request.
pub fn credentials(request: &HttpRequest, tokens: &AccessTokenKeys) -> Credentials {
    let Some(header) = request
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
    else {
        return Credentials::Anonymous;
    };
    credentials_from_header(header.to_str().unwrap_or_default(), tokens)
}

/// Verifies an `Authorization` value (`Bearer <token>`), from an HTTP header or from a
/// WebSocket `connection_init` payload.
pub fn credentials_from_header(value: &str, tokens: &AccessTokenKeys) -> Credentials {
    let Some(token) = value.strip_prefix("Bearer ") else {
        tracing::warn!("authorization is not a bearer token");
        return Credentials::Invalid;
    };
    match tokens.verify(token.trim(), Utc::now()) {
        Ok(claims) => Credentials::Viewer(Viewer {
            user_id: claims.sub,
            tenant: TenantId(claims.tid),
            role: claims.role,
            scopes: claims.scopes,
        }),
        Err(error) => {
            log_rejection(&error);
            Credentials::Invalid
        }
    }
}

fn log_rejection(error: &AccessTokenError) {
    tracing::warn!(reason = ?error, "access token rejected");
}
