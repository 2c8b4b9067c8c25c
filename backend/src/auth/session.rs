//! Login, refresh and logout: password check, access JWT, rotating refresh session.

use std::str::FromStr;

use chrono::Utc;
use sea_orm::EntityTrait;
use secrecy::ExposeSecret;
use uuid::Uuid;

use crate::auth::refresh_store::DbRefreshTokenStore;
use crate::entity::app_user;
use crate::identity::users;
use crate::security::access_token::{IssuedAccessToken, Role};
use crate::security::password::{verify_dummy, verify_password};
use crate::security::refresh_token::{self, IssuedRefreshToken, RefreshError};
use crate::state::AppState;
use crate::tenancy::{self, TenantId};

/// What a successful login or refresh hands to the client.
#[derive(Debug)]
pub struct Session {
    pub access: IssuedAccessToken,
    /// `<tenant id>.<opaque token>`: the prefix lets a refresh name its tenant for RLS.
    pub refresh_token: String,
    pub refresh_expires_at: chrono::DateTime<Utc>,
}

/// Why authentication failed. Deliberately coarse towards the client.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("adresse électronique ou mot de passe incorrect")]
    InvalidCredentials,
    #[error("{0}")]
    Refresh(#[from] RefreshError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

fn store(state: &AppState, tenant: TenantId) -> DbRefreshTokenStore {
    DbRefreshTokenStore {
        db: state.db.clone(),
        tenant,
    }
}

fn client_refresh_token(issued: &IssuedRefreshToken) -> String {
    format!("{}.{}", issued.tenant_id, issued.token.expose_secret())
}

fn issue_access(state: &AppState, user: &app_user::Model) -> Result<IssuedAccessToken, AuthError> {
    let role =
        Role::from_str(&user.role).map_err(|e| anyhow::anyhow!("stored role is invalid: {e}"))?;
    let scopes: Vec<String> = serde_json::from_str(&user.scopes)
        .map_err(|e| anyhow::anyhow!("stored scopes are invalid: {e}"))?;
    state
        .tokens
        .issue(user.id, user.tenant_id, role, scopes, Utc::now())
        .map_err(|e| AuthError::Internal(anyhow::anyhow!("token issuance failed: {e}")))
}

/// Checks an e-mail and password and opens a session.
pub async fn login(state: &AppState, email: &str, password: &str) -> Result<Session, AuthError> {
    let Some((tenant, user)) = users::find_for_login(&state.db, &state.keys, email).await? else {
        // Same work as a real check, so timing does not reveal which e-mails exist.
        verify_dummy(password);
        return Err(AuthError::InvalidCredentials);
    };
    if !verify_password(password, &user.password_hash)
        .map_err(|e| anyhow::anyhow!("stored password hash unusable: {e}"))?
    {
        return Err(AuthError::InvalidCredentials);
    }
    let access = issue_access(state, &user)?;
    let issued =
        refresh_token::start_session(&store(state, tenant), tenant.0, user.id, Utc::now()).await?;
    tracing::info!(tenant_id = %tenant, user_id = %user.id, "login");
    Ok(Session {
        access,
        refresh_token: client_refresh_token(&issued),
        refresh_expires_at: issued.expires_at,
    })
}

fn split_refresh_token(presented: &str) -> Result<(TenantId, &str), RefreshError> {
    let (tenant, token) = presented.split_once('.').ok_or(RefreshError::Malformed)?;
    let tenant = Uuid::parse_str(tenant).map_err(|_| RefreshError::Malformed)?;
    Ok((TenantId(tenant), token))
}

/// Exchanges a refresh token for a new session; the role is re-read from the account, so a
/// role change or a disabled account takes effect at the next refresh at the latest.
pub async fn refresh(state: &AppState, presented: &str) -> Result<Session, AuthError> {
    let (tenant, token) = split_refresh_token(presented)?;
    let issued = refresh_token::rotate(&store(state, tenant), token, Utc::now()).await?;
    let txn = tenancy::begin(&state.db, tenant).await?;
    let user = app_user::Entity::find_by_id(issued.user_id)
        .one(&txn)
        .await
        .map_err(|e| anyhow::anyhow!("account read failed: {e}"))?;
    txn.commit()
        .await
        .map_err(|e| anyhow::anyhow!("account read failed: {e}"))?;
    let Some(user) = user.filter(|u| u.disabled_at.is_none()) else {
        return Err(AuthError::Refresh(RefreshError::Revoked));
    };
    Ok(Session {
        access: issue_access(state, &user)?,
        refresh_token: client_refresh_token(&issued),
        refresh_expires_at: issued.expires_at,
    })
}

/// Ends the session of a refresh token; idempotent.
pub async fn logout(state: &AppState, presented: &str) -> Result<(), AuthError> {
    let Ok((tenant, token)) = split_refresh_token(presented) else {
        return Ok(());
    };
    refresh_token::logout(&store(state, tenant), token, Utc::now()).await?;
    Ok(())
}
