//! Why a service refused a request (French, for the client), or an internal failure.
//! The GraphQL layer maps each kind to a stable `extensions.code`.

/// A refusal the client can act on, or an internal failure (logged, never shown).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A bad argument: names the field and the reason.
    #[error("{field} : {reason}")]
    Invalid { field: &'static str, reason: String },
    /// Unknown here (including another tenant's ids: no existence oracle).
    #[error("{0} introuvable")]
    NotFound(&'static str),
    /// The role or scope of the viewer does not allow it.
    #[error("{0}")]
    Forbidden(String),
    /// Hard-rule violations without an override block the operation.
    #[error("{0}")]
    HardViolations(String),
    /// A reason code is required (notice rules FPH-TDS-2 and FPH-TDS-3).
    #[error("{0}")]
    ReasonRequired(String),
    /// The object's state does not allow the operation.
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for ServiceError {
    fn from(error: sea_orm::DbErr) -> Self {
        Self::Internal(error.into())
    }
}

impl ServiceError {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            reason: reason.into(),
        }
    }

    pub fn forbidden(reason: impl Into<String>) -> Self {
        Self::Forbidden(reason.into())
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
