//! The database side of refresh-token rotation, one tenant at a time (rows are under RLS).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

use crate::entity::{refresh_family, refresh_token};
use crate::security::BoxFuture;
use crate::security::refresh_token::{
    RefreshTokenHash, RefreshTokenStore, Revocation, RevocationReason, StoreError,
    StoredRefreshToken, TokenFamily,
};
use crate::tenancy::{self, TenantId};

/// Refresh families and tokens of one tenant.
pub struct DbRefreshTokenStore {
    pub db: DatabaseConnection,
    pub tenant: TenantId,
}

fn store_error(error: impl std::fmt::Display) -> StoreError {
    tracing::error!(error = %error, "refresh token store");
    StoreError(error.to_string())
}

fn reason_code(reason: RevocationReason) -> &'static str {
    match reason {
        RevocationReason::ReuseDetected => "reuse_detected",
        RevocationReason::Logout => "logout",
        RevocationReason::AllSessionsEnded => "all_sessions_ended",
    }
}

fn reason_from_code(code: &str) -> RevocationReason {
    match code {
        "logout" => RevocationReason::Logout,
        "all_sessions_ended" => RevocationReason::AllSessionsEnded,
        _ => RevocationReason::ReuseDetected,
    }
}

fn family_of(row: refresh_family::Model) -> TokenFamily {
    TokenFamily {
        id: row.id,
        tenant_id: row.tenant_id,
        user_id: row.user_id,
        created_at: row.created_at.with_timezone(&Utc),
        expires_at: row.expires_at.with_timezone(&Utc),
        revoked: row.revoked_at.map(|at| Revocation {
            at: at.with_timezone(&Utc),
            reason: reason_from_code(row.revoked_reason.as_deref().unwrap_or_default()),
        }),
    }
}

fn token_of(row: refresh_token::Model) -> Result<StoredRefreshToken, StoreError> {
    let hash: [u8; 32] = row
        .token_hash
        .as_slice()
        .try_into()
        .map_err(|_| store_error("stored token hash has the wrong length"))?;
    Ok(StoredRefreshToken {
        hash: RefreshTokenHash(hash),
        family_id: row.family_id,
        issued_at: row.issued_at.with_timezone(&Utc),
        expires_at: row.expires_at.with_timezone(&Utc),
        used_at: row.used_at.map(|at| at.with_timezone(&Utc)),
    })
}

impl DbRefreshTokenStore {
    async fn find_now(
        &self,
        hash: &RefreshTokenHash,
        mark_used_at: Option<DateTime<Utc>>,
    ) -> Result<Option<(StoredRefreshToken, TokenFamily)>, StoreError> {
        let txn = tenancy::begin(&self.db, self.tenant)
            .await
            .map_err(store_error)?;
        let mut query = refresh_token::Entity::find_by_id(hash.0.to_vec())
            .filter(refresh_token::Column::TenantId.eq(self.tenant.0));
        // Two concurrent refreshes with the same token: the second waits, then sees it used.
        if mark_used_at.is_some() && self.db.get_database_backend() == DatabaseBackend::Postgres {
            query = query.lock_exclusive();
        }
        let Some(row) = query.one(&txn).await.map_err(store_error)? else {
            return Ok(None);
        };
        let family = refresh_family::Entity::find_by_id(row.family_id)
            .filter(refresh_family::Column::TenantId.eq(self.tenant.0))
            .one(&txn)
            .await
            .map_err(store_error)?
            .ok_or_else(|| store_error("refresh token without its family"))?;
        if let (Some(at), None) = (mark_used_at, row.used_at) {
            refresh_token::Entity::update_many()
                .col_expr(
                    refresh_token::Column::UsedAt,
                    Expr::value(at.fixed_offset()),
                )
                .filter(refresh_token::Column::TokenHash.eq(hash.0.to_vec()))
                .filter(refresh_token::Column::UsedAt.is_null())
                .exec(&txn)
                .await
                .map_err(store_error)?;
        }
        txn.commit().await.map_err(store_error)?;
        Ok(Some((token_of(row)?, family_of(family))))
    }

    async fn revoke_where(
        &self,
        condition: sea_orm::Condition,
        revocation: Revocation,
    ) -> Result<(), StoreError> {
        let txn = tenancy::begin(&self.db, self.tenant)
            .await
            .map_err(store_error)?;
        refresh_family::Entity::update_many()
            .col_expr(
                refresh_family::Column::RevokedAt,
                Expr::value(revocation.at.fixed_offset()),
            )
            .col_expr(
                refresh_family::Column::RevokedReason,
                Expr::value(reason_code(revocation.reason)),
            )
            .filter(condition)
            .filter(refresh_family::Column::TenantId.eq(self.tenant.0))
            .filter(refresh_family::Column::RevokedAt.is_null())
            .exec(&txn)
            .await
            .map_err(store_error)?;
        txn.commit().await.map_err(store_error)
    }
}

impl RefreshTokenStore for DbRefreshTokenStore {
    fn create_family(&self, family: TokenFamily) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move {
            let txn = tenancy::begin(&self.db, self.tenant)
                .await
                .map_err(store_error)?;
            refresh_family::Entity::insert(refresh_family::ActiveModel {
                id: Set(family.id),
                tenant_id: Set(family.tenant_id),
                user_id: Set(family.user_id),
                created_at: Set(family.created_at.fixed_offset()),
                expires_at: Set(family.expires_at.fixed_offset()),
                revoked_at: Set(None),
                revoked_reason: Set(None),
            })
            .exec(&txn)
            .await
            .map_err(store_error)?;
            txn.commit().await.map_err(store_error)
        })
    }

    fn insert_token(&self, token: StoredRefreshToken) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move {
            let txn = tenancy::begin(&self.db, self.tenant)
                .await
                .map_err(store_error)?;
            refresh_token::Entity::insert(refresh_token::ActiveModel {
                token_hash: Set(token.hash.0.to_vec()),
                tenant_id: Set(self.tenant.0),
                family_id: Set(token.family_id),
                issued_at: Set(token.issued_at.fixed_offset()),
                expires_at: Set(token.expires_at.fixed_offset()),
                used_at: Set(token.used_at.map(|at| at.fixed_offset())),
            })
            .exec(&txn)
            .await
            .map_err(store_error)?;
            txn.commit().await.map_err(store_error)
        })
    }

    fn mark_used<'a>(
        &'a self,
        hash: &'a RefreshTokenHash,
        at: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<Option<(StoredRefreshToken, TokenFamily)>, StoreError>> {
        Box::pin(self.find_now(hash, Some(at)))
    }

    fn find<'a>(
        &'a self,
        hash: &'a RefreshTokenHash,
    ) -> BoxFuture<'a, Result<Option<(StoredRefreshToken, TokenFamily)>, StoreError>> {
        Box::pin(self.find_now(hash, None))
    }

    fn revoke_family(
        &self,
        family_id: Uuid,
        revocation: Revocation,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        let condition = sea_orm::Condition::all().add(refresh_family::Column::Id.eq(family_id));
        Box::pin(self.revoke_where(condition, revocation))
    }

    fn revoke_user(
        &self,
        tenant_id: Uuid,
        user_id: Uuid,
        revocation: Revocation,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        let condition = sea_orm::Condition::all().add(refresh_family::Column::UserId.eq(user_id));
        Box::pin(async move {
            if tenant_id != self.tenant.0 {
                return Err(store_error("revoke_user called for another tenant"));
            }
            self.revoke_where(condition, revocation).await
        })
    }
}
