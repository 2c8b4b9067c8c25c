//! Login, session refresh and logout, and `me`.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::audit::Actor;
use crate::auth::session::{self, AuthError, Session};
use crate::auth::viewer::Viewer;
use crate::entity::{staff, tenant};
use crate::graphql::error::{Code, api_error, internal, unauthenticated};
use crate::graphql::viewer;
use crate::identity::users;
use crate::security::access_token::Role;
use crate::state::AppState;
use crate::tenancy;

/// Tokens for a session. The access token goes in `Authorization: Bearer`; the refresh
/// token is exchanged with `refreshSession` before the access token expires.
#[derive(SimpleObject)]
pub struct AuthPayload {
    pub access_token: String,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
    pub role: String,
}

impl From<Session> for AuthPayload {
    fn from(session: Session) -> Self {
        Self {
            role: session.access.claims.role.as_str().to_owned(),
            access_token: session.access.token,
            access_expires_at: session.access.expires_at,
            refresh_token: session.refresh_token,
            refresh_expires_at: session.refresh_expires_at,
        }
    }
}

fn auth_error(error: AuthError) -> async_graphql::Error {
    match error {
        AuthError::InvalidCredentials => api_error(Code::Unauthenticated, error.to_string()),
        AuthError::Refresh(ref refresh) => {
            tracing::warn!(reason = ?refresh, "refresh refused");
            api_error(Code::Unauthenticated, error.to_string())
        }
        AuthError::Internal(cause) => internal(cause),
    }
}

/// The signed-in account.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Me {
    pub user_id: String,
    pub role: String,
    pub tenant_slug: String,
    pub tenant_name: String,
    /// The person's staff record (their roster, counters and desiderata), when the account
    /// is linked to one; null for an account without a staff record (auditor, admin...).
    pub staff_id: Option<Uuid>,
    /// The home unit of that staff record.
    pub home_unit_id: Option<Uuid>,
    #[graphql(skip)]
    pub viewer: Viewer,
}

#[ComplexObject]
impl Me {
    /// The account's e-mail (personal data: decrypted on demand, and the consultation is
    /// written to the access log).
    async fn email(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let state = ctx.data::<Arc<AppState>>()?;
        let viewer = &self.viewer;
        users::email(
            &state.db,
            &state.keys,
            viewer.tenant,
            &Actor::from(viewer),
            viewer.user_id,
            "self_service",
        )
        .await
        .map_err(internal)
    }
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The signed-in account and its GHT.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Me> {
        let viewer: &Viewer = viewer(ctx)?;
        let state = ctx.data::<Arc<AppState>>()?;
        let txn = tenancy::begin(&state.db, viewer.tenant)
            .await
            .map_err(internal)?;
        let ght = tenant::Entity::find_by_id(viewer.tenant.0)
            .one(&txn)
            .await
            .map_err(internal)?
            .ok_or_else(unauthenticated)?;
        // Pseudonymous ids only: no personal field is read, so nothing to log (the person's
        // file, hours and absences are read, and logged, by their own fields).
        let own = staff::Entity::find()
            .filter(staff::Column::TenantId.eq(viewer.tenant.0))
            .filter(staff::Column::UserId.eq(viewer.user_id))
            .one(&txn)
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(Me {
            staff_id: own.as_ref().map(|s| s.id),
            home_unit_id: own.as_ref().map(|s| s.home_unit_id),
            user_id: viewer.user_id.to_string(),
            role: viewer.role.as_str().to_owned(),
            tenant_slug: ght.slug,
            tenant_name: ght.name,
            viewer: viewer.clone(),
        })
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Signs in with an e-mail and a password.
    async fn login(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let state = ctx.data::<Arc<AppState>>()?;
        if email.len() > 254 || password.len() > 1024 {
            return Err(api_error(
                Code::BadUserInput,
                "adresse ou mot de passe trop long",
            ));
        }
        session::login(state, &email, &password)
            .await
            .map(Into::into)
            .map_err(auth_error)
    }

    /// Exchanges a refresh token for new tokens; the old refresh token is spent.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> async_graphql::Result<AuthPayload> {
        let state = ctx.data::<Arc<AppState>>()?;
        session::refresh(state, &refresh_token)
            .await
            .map(Into::into)
            .map_err(auth_error)
    }

    /// Right to erasure (GHT management only): destroys the person's key, so their
    /// personal fields become unreadable everywhere, backups included; ends their sessions.
    async fn erase_account(&self, ctx: &Context<'_>, user_id: Uuid) -> async_graphql::Result<bool> {
        let viewer = viewer(ctx)?;
        if viewer.role != Role::GhtAdmin {
            return Err(api_error(Code::Forbidden, "réservé à la direction du GHT"));
        }
        let state = ctx.data::<Arc<AppState>>()?;
        let erased = users::erase(
            &state.db,
            &state.keys.erasures,
            viewer.tenant,
            &Actor::from(viewer),
            user_id,
        )
        .await
        .map_err(internal)?;
        if !erased {
            return Err(api_error(Code::NotFound, "compte introuvable"));
        }
        Ok(true)
    }

    /// Ends the session of a refresh token. Always answers `true`.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> async_graphql::Result<bool> {
        let state = ctx.data::<Arc<AppState>>()?;
        session::logout(state, &refresh_token)
            .await
            .map_err(auth_error)?;
        Ok(true)
    }
}
