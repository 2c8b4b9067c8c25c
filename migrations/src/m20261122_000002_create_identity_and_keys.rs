//! Identity, keys and the access log: what authentication, envelope encryption and the
//! RGPD access log need (design decisions 1-3).
//!
//! - `tenant_key`: the tenant's data key, wrapped by the key-encryption key (KEK) named by
//!   `kek_id`. Deleting the row crypto-shreds the tenant.
//! - `person_key`: one data key per person, wrapped by the tenant key. Deleting it erases the
//!   person everywhere, backups included (their fields can no longer be decrypted).
//! - `app_user`: an account. The e-mail is stored sealed (AES-GCM) plus a blind index
//!   (HMAC) for exact lookups inside the tenant; the password as an argon2id PHC string.
//! - `login_directory`: the one table without a tenant: at login the tenant is not known
//!   yet, so an HMAC of the e-mail (keyed by a KEK-derived key, no plaintext) maps to the
//!   tenant and user. Everything after that runs under the tenant's RLS.
//! - `refresh_family` / `refresh_token`: a login session and the SHA-256 hashes of its
//!   rotating opaque tokens; reuse of a spent token revokes the whole family. The token
//!   handed to the client is prefixed with its tenant id, so that a refresh (which carries
//!   no access token) can name its tenant before reading under RLS.
//! - `access_log` / `access_log_checkpoint`: append-only, hash-chained per tenant; the API
//!   role may only SELECT and INSERT them (no UPDATE, no DELETE: R-05).
//!
//! Every tenant table has `tenant_id` leading its primary key or a unique key, so that
//! composite foreign keys `(tenant_id, …)` can never point into another tenant.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::tenant_isolation::{
    APP_ROLE, TENANT_SETTING, ensure_app_role, grant_shared_table, protect_tenant_table,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TenantKey {
    Table,
    TenantId,
    KekId,
    WrappedKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PersonKey {
    Table,
    TenantId,
    PersonId,
    WrappedKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    TenantId,
    PersonId,
    Role,
    Scopes,
    EmailSealed,
    EmailIndex,
    PasswordHash,
    CreatedAt,
    DisabledAt,
}

#[derive(DeriveIden)]
enum LoginDirectory {
    Table,
    EmailLookup,
    TenantId,
    UserId,
}

#[derive(DeriveIden)]
enum RefreshFamily {
    Table,
    Id,
    TenantId,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokedReason,
}

#[derive(DeriveIden)]
enum RefreshToken {
    Table,
    TokenHash,
    TenantId,
    FamilyId,
    IssuedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum AccessLog {
    Table,
    TenantId,
    Seq,
    At,
    ActorId,
    ActorRole,
    Operation,
    ObjectType,
    ObjectIds,
    Purpose,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AccessLogCheckpoint {
    Table,
    TenantId,
    Seq,
    Hash,
    SignedAt,
    Signature,
}

fn created_at<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .default(Expr::current_timestamp())
        .to_owned()
}

fn tenant_fk(from: impl IntoTableRef, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, column)
        .to(Tenant::Table, Tenant::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ensure_app_role(manager).await?;

        manager
            .create_table(
                Table::create()
                    .table(TenantKey::Table)
                    .col(
                        ColumnDef::new(TenantKey::TenantId)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(TenantKey::KekId).string_len(128).not_null())
                    .col(ColumnDef::new(TenantKey::WrappedKey).binary().not_null())
                    .col(created_at(TenantKey::CreatedAt))
                    .foreign_key(&mut tenant_fk(TenantKey::Table, TenantKey::TenantId))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PersonKey::Table)
                    .col(ColumnDef::new(PersonKey::TenantId).uuid().not_null())
                    .col(ColumnDef::new(PersonKey::PersonId).uuid().not_null())
                    .col(ColumnDef::new(PersonKey::WrappedKey).binary().not_null())
                    .col(created_at(PersonKey::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(PersonKey::TenantId)
                            .col(PersonKey::PersonId),
                    )
                    .foreign_key(&mut tenant_fk(PersonKey::Table, PersonKey::TenantId))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .col(ColumnDef::new(AppUser::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(AppUser::TenantId).uuid().not_null())
                    .col(ColumnDef::new(AppUser::PersonId).uuid().not_null())
                    // One of ght_admin, site_manager, unit_manager, hr, staff, auditor.
                    .col(ColumnDef::new(AppUser::Role).string_len(32).not_null())
                    // JSON list of site and unit ids the account may act on.
                    .col(
                        ColumnDef::new(AppUser::Scopes)
                            .text()
                            .not_null()
                            .default("[]"),
                    )
                    .col(ColumnDef::new(AppUser::EmailSealed).binary().not_null())
                    .col(ColumnDef::new(AppUser::EmailIndex).binary().not_null())
                    .col(ColumnDef::new(AppUser::PasswordHash).text().not_null())
                    .col(created_at(AppUser::CreatedAt))
                    .col(
                        ColumnDef::new(AppUser::DisabledAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(&mut tenant_fk(AppUser::Table, AppUser::TenantId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("app_user_tenant_email_key")
                    .table(AppUser::Table)
                    .col(AppUser::TenantId)
                    .col(AppUser::EmailIndex)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("app_user_tenant_id_key")
                    .table(AppUser::Table)
                    .col(AppUser::TenantId)
                    .col(AppUser::Id)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginDirectory::Table)
                    .col(
                        ColumnDef::new(LoginDirectory::EmailLookup)
                            .binary()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(LoginDirectory::TenantId).uuid().not_null())
                    .col(ColumnDef::new(LoginDirectory::UserId).uuid().not_null())
                    .foreign_key(&mut tenant_fk(
                        LoginDirectory::Table,
                        LoginDirectory::TenantId,
                    ))
                    .to_owned(),
            )
            .await?;

        // A login session; revoking it (logout, reuse of a spent token) ends every token in it.
        manager
            .create_table(
                Table::create()
                    .table(RefreshFamily::Table)
                    .col(
                        ColumnDef::new(RefreshFamily::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(RefreshFamily::TenantId).uuid().not_null())
                    .col(ColumnDef::new(RefreshFamily::UserId).uuid().not_null())
                    .col(created_at(RefreshFamily::CreatedAt))
                    .col(
                        ColumnDef::new(RefreshFamily::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RefreshFamily::RevokedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(RefreshFamily::RevokedReason)
                            .string_len(32)
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                RefreshFamily::Table,
                                (RefreshFamily::TenantId, RefreshFamily::UserId),
                            )
                            .to(AppUser::Table, (AppUser::TenantId, AppUser::Id))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("refresh_family_tenant_id_key")
                    .table(RefreshFamily::Table)
                    .col(RefreshFamily::TenantId)
                    .col(RefreshFamily::Id)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshToken::Table)
                    .col(
                        ColumnDef::new(RefreshToken::TokenHash)
                            .binary()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(RefreshToken::TenantId).uuid().not_null())
                    .col(ColumnDef::new(RefreshToken::FamilyId).uuid().not_null())
                    .col(created_at(RefreshToken::IssuedAt))
                    .col(
                        ColumnDef::new(RefreshToken::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RefreshToken::UsedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                RefreshToken::Table,
                                (RefreshToken::TenantId, RefreshToken::FamilyId),
                            )
                            .to(
                                RefreshFamily::Table,
                                (RefreshFamily::TenantId, RefreshFamily::Id),
                            )
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccessLog::Table)
                    .col(ColumnDef::new(AccessLog::TenantId).uuid().not_null())
                    .col(ColumnDef::new(AccessLog::Seq).big_integer().not_null())
                    .col(ColumnDef::new(AccessLog::At).string_len(40).not_null())
                    .col(ColumnDef::new(AccessLog::ActorId).uuid().not_null())
                    .col(
                        ColumnDef::new(AccessLog::ActorRole)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccessLog::Operation)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccessLog::ObjectType)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccessLog::ObjectIds).text().not_null())
                    .col(
                        ColumnDef::new(AccessLog::Purpose)
                            .string_len(128)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccessLog::PrevHash).binary().not_null())
                    .col(ColumnDef::new(AccessLog::Hash).binary().not_null())
                    .primary_key(Index::create().col(AccessLog::TenantId).col(AccessLog::Seq))
                    .foreign_key(&mut tenant_fk(AccessLog::Table, AccessLog::TenantId))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccessLogCheckpoint::Table)
                    .col(
                        ColumnDef::new(AccessLogCheckpoint::TenantId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccessLogCheckpoint::Seq)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccessLogCheckpoint::Hash)
                            .binary()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccessLogCheckpoint::SignedAt)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccessLogCheckpoint::Signature)
                            .binary()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(AccessLogCheckpoint::TenantId)
                            .col(AccessLogCheckpoint::Seq),
                    )
                    .foreign_key(&mut tenant_fk(
                        AccessLogCheckpoint::Table,
                        AccessLogCheckpoint::TenantId,
                    ))
                    .to_owned(),
            )
            .await?;

        // Row-level security: the tenant table filters on its own id, the others on tenant_id.
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let condition =
                format!("id = NULLIF(current_setting('{TENANT_SETTING}', true), '')::uuid");
            let db = manager.get_connection();
            for statement in [
                "ALTER TABLE tenant ENABLE ROW LEVEL SECURITY".to_owned(),
                "ALTER TABLE tenant FORCE ROW LEVEL SECURITY".to_owned(),
                format!("CREATE POLICY tenant_isolation ON tenant USING ({condition})"),
                format!("GRANT SELECT ON tenant TO {APP_ROLE}"),
            ] {
                db.execute_unprepared(&statement).await?;
            }
        }
        protect_tenant_table(manager, "tenant_key", "SELECT, INSERT, UPDATE, DELETE").await?;
        protect_tenant_table(manager, "person_key", "SELECT, INSERT, UPDATE, DELETE").await?;
        protect_tenant_table(manager, "app_user", "SELECT, INSERT, UPDATE").await?;
        protect_tenant_table(manager, "refresh_family", "SELECT, INSERT, UPDATE").await?;
        protect_tenant_table(manager, "refresh_token", "SELECT, INSERT, UPDATE").await?;
        protect_tenant_table(manager, "access_log", "SELECT, INSERT").await?;
        protect_tenant_table(manager, "access_log_checkpoint", "SELECT, INSERT").await?;
        grant_shared_table(manager, "login_directory", "SELECT, INSERT, DELETE").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "access_log_checkpoint",
            "access_log",
            "refresh_token",
            "refresh_family",
            "login_directory",
            "app_user",
            "person_key",
            "tenant_key",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            db.execute_unprepared("DROP POLICY IF EXISTS tenant_isolation ON tenant")
                .await?;
            db.execute_unprepared("ALTER TABLE tenant NO FORCE ROW LEVEL SECURITY")
                .await?;
            db.execute_unprepared("ALTER TABLE tenant DISABLE ROW LEVEL SECURITY")
                .await?;
            db.execute_unprepared(&format!("REVOKE ALL ON tenant FROM {APP_ROLE}"))
                .await?;
        }
        Ok(())
    }
}
