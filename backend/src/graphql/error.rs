//! The API's error catalogue: a stable code in `extensions.code` and a French message.
//! Internal causes are logged, never sent to clients.

use async_graphql::ErrorExtensions;

/// Stable error codes the UI switches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    /// Hard-rule violations without an override block the operation.
    HardViolations,
    /// A reason code is required (FPH-TDS-2, FPH-TDS-3).
    ReasonRequired,
    /// The object's state does not allow the operation (or it changed meanwhile).
    Conflict,
    /// The server is overloaded (no database connection free in time): retry shortly.
    /// Served with HTTP 503 and `Retry-After`.
    ServiceUnavailable,
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::Forbidden => "FORBIDDEN",
            Code::NotFound => "NOT_FOUND",
            Code::BadUserInput => "BAD_USER_INPUT",
            Code::HardViolations => "HARD_VIOLATIONS",
            Code::ReasonRequired => "REASON_REQUIRED",
            Code::Conflict => "CONFLICT",
            Code::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Code::Internal => "INTERNAL",
        }
    }
}

/// An error for the client: code plus French message.
pub fn api_error(code: Code, message: impl Into<String>) -> async_graphql::Error {
    async_graphql::Error::new(message.into()).extend_with(|_, e| e.set("code", code.as_str()))
}

/// What an overloaded server answers.
pub const BUSY_MESSAGE: &str = "Service momentanément surchargé, réessayez dans quelques secondes.";

/// Logs an internal failure with its cause chain and returns a generic error; an overload
/// (no database connection free within the pool's acquire timeout) is told apart, so that
/// clients retry instead of reporting a fault.
pub fn internal(error: impl Into<anyhow::Error>) -> async_graphql::Error {
    let error = error.into();
    if is_overload(&error) {
        tracing::warn!(error = ?error, "overloaded: no database connection free in time");
        return api_error(Code::ServiceUnavailable, BUSY_MESSAGE);
    }
    tracing::error!(error = ?error, "internal error");
    api_error(Code::Internal, "erreur interne, veuillez réessayer")
}

/// Whether `error` comes from waiting too long for a pooled database connection (the
/// acquire error itself is looked for too: wrappers may forward its source, not it).
pub fn is_overload(error: &anyhow::Error) -> bool {
    use sea_orm::{ConnAcquireErr, DbErr};
    error.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<DbErr>(),
            Some(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))
        ) || matches!(
            cause.downcast_ref::<ConnAcquireErr>(),
            Some(ConnAcquireErr::Timeout)
        )
    })
}

pub fn unauthenticated() -> async_graphql::Error {
    api_error(Code::Unauthenticated, "authentification requise")
}
