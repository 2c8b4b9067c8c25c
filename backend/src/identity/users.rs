//! Creating accounts and finding the one behind a login.
//!
//! The e-mail is personal data: sealed with the person's key (bound to tenant, table,
//! column and row), indexed inside the tenant by a blind index, and listed in the login
//! directory only as an HMAC under the lookup key.

use anyhow::Context;
use hmac::{KeyInit, Mac};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter,
};
use uuid::Uuid;

use crate::audit::Actor;
use crate::audit::access_log::{self, Access};
use crate::entity::{app_user, login_directory, person_key, refresh_family, staff};
use crate::identity::erasure_ledger::{Erased, ErasureLedger};
use crate::identity::key_store;
use crate::keys::KeyRing;
use crate::security::access_chain::Operation;
use crate::security::blind_index::{BlindIndexKey, normalize_search_term};
use crate::security::envelope::{FieldContext, open_string, seal_str};
use crate::security::password::hash_password;
use crate::security::random::random_bytes;
use crate::tenancy::{self, TenantId};

/// What an administrator gives to create an account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub password: &'a str,
    /// One of `ght_admin`, `site_manager`, `unit_manager`, `hr`, `staff`, `auditor`.
    pub role: &'a str,
    /// Site and unit ids the account may act on.
    pub scopes: Vec<String>,
}

/// The keyed hash under which an e-mail is listed in the login directory.
pub fn email_lookup(keys: &KeyRing, email: &str) -> anyhow::Result<Vec<u8>> {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(keys.lookup_key.as_slice())
        .context("Clé d'annuaire invalide")?;
    mac.update(b"releve/login-directory/v1\0");
    mac.update(normalize_search_term(email).as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

/// Creates an account in `tenant`; returns its id. One transaction: all or nothing, the
/// access-log entry included.
pub async fn create_user(
    db: &DatabaseConnection,
    keys: &KeyRing,
    tenant: TenantId,
    actor: &Actor,
    new: NewUser<'_>,
) -> anyhow::Result<Uuid> {
    let email = new.email.trim();
    if !email.contains('@') || email.len() > 254 {
        anyhow::bail!("adresse électronique invalide : « {email} »");
    }
    let id = Uuid::new_v4();
    let person = Uuid::new_v4();
    let password_hash =
        hash_password(new.password).context("Hachage du mot de passe impossible")?;
    let lookup = email_lookup(keys, email)?;

    let txn = tenancy::begin(db, tenant).await?;
    let tenant_key = key_store::tenant_key(&txn, keys, tenant).await?;
    let person_key = key_store::create_person_key(&txn, &tenant_key, tenant, person).await?;
    let context = FieldContext {
        tenant_id: tenant.0,
        table: "app_user",
        column: "email",
        row_id: id,
    };
    let email_sealed = seal_str(&person_key, email, &context).context("Chiffrement impossible")?;
    let email_index = BlindIndexKey::derive(&tenant_key, tenant.0, "app_user", "email")
        .and_then(|key| key.index(email))
        .context("Index de recherche impossible")?;
    app_user::Entity::insert(app_user::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant.0),
        person_id: Set(person),
        role: Set(new.role.to_owned()),
        scopes: Set(serde_json::to_string(&new.scopes).context("Périmètre invalide")?),
        email_sealed: Set(email_sealed),
        email_index: Set(email_index.0.to_vec()),
        password_hash: Set(password_hash),
        created_at: Set(chrono::Utc::now().fixed_offset()),
        disabled_at: Set(None),
    })
    .exec(&txn)
    .await
    .context("Création du compte impossible (adresse déjà utilisée ?)")?;
    login_directory::Entity::insert(login_directory::ActiveModel {
        email_lookup: Set(lookup),
        tenant_id: Set(tenant.0),
        user_id: Set(id),
    })
    .exec(&txn)
    .await
    .context("Adresse déjà utilisée par un autre compte")?;
    let access = Access {
        operation: Operation::Create,
        object_type: "app_user",
        object_ids: vec![id, person],
        purpose: "account_management",
    };
    access_log::record(&txn, tenant, actor, access).await?;
    txn.commit()
        .await
        .context("Création du compte impossible")?;
    Ok(id)
}

/// The account listed under `email`, read inside its tenant, if any and not disabled.
pub async fn find_for_login(
    db: &DatabaseConnection,
    keys: &KeyRing,
    email: &str,
) -> anyhow::Result<Option<(TenantId, app_user::Model)>> {
    let lookup = email_lookup(keys, email.trim())?;
    let Some(entry) = login_directory::Entity::find_by_id(lookup)
        .one(db)
        .await
        .context("Lecture de l'annuaire impossible")?
    else {
        return Ok(None);
    };
    let tenant = TenantId(entry.tenant_id);
    let txn = tenancy::begin(db, tenant).await?;
    let user = app_user::Entity::find_by_id(entry.user_id)
        .filter(app_user::Column::TenantId.eq(tenant.0))
        .filter(app_user::Column::DisabledAt.is_null())
        .one(&txn)
        .await
        .context("Lecture du compte impossible")?;
    txn.commit().await.context("Lecture du compte impossible")?;
    Ok(user.map(|user| (tenant, user)))
}

/// An account's e-mail, decrypted for `actor` and logged as a consultation; `None` once the
/// person has been erased (their key is gone, the sealed bytes are unreadable forever).
pub async fn email(
    db: &DatabaseConnection,
    keys: &KeyRing,
    tenant: TenantId,
    actor: &Actor,
    user_id: Uuid,
    purpose: &str,
) -> anyhow::Result<Option<String>> {
    let txn = tenancy::begin(db, tenant).await?;
    let Some(user) = app_user::Entity::find_by_id(user_id)
        .filter(app_user::Column::TenantId.eq(tenant.0))
        .one(&txn)
        .await
        .context("Lecture du compte impossible")?
    else {
        return Ok(None);
    };
    let tenant_key = key_store::tenant_key(&txn, keys, tenant).await?;
    let Some(person_key) = key_store::person_key(&txn, &tenant_key, tenant, user.person_id).await?
    else {
        return Ok(None);
    };
    let context = FieldContext {
        tenant_id: tenant.0,
        table: "app_user",
        column: "email",
        row_id: user.id,
    };
    let email =
        open_string(&person_key, &user.email_sealed, &context).context("Adresse indéchiffrable")?;
    let access = Access {
        operation: Operation::Read,
        object_type: "app_user",
        object_ids: vec![user.id, user.person_id],
        purpose,
    };
    access_log::record(&txn, tenant, actor, access).await?;
    txn.commit().await.context("Lecture du compte impossible")?;
    Ok(Some(email))
}

/// Right to erasure: destroys the person's data key (crypto-shredding: their sealed fields
/// become unreadable everywhere), removes the login, disables the account and ends its
/// sessions. The pseudonymous row stays for the legal HR minima and the log. The decision is
/// written to the erasure ledger before the commit, so that restoring an older backup
/// cannot bring the key back (see `erasure_ledger`).
pub async fn erase(
    db: &DatabaseConnection,
    ledger: &ErasureLedger,
    tenant: TenantId,
    actor: &Actor,
    user_id: Uuid,
) -> anyhow::Result<bool> {
    let txn = tenancy::begin(db, tenant).await?;
    let Some(user) = app_user::Entity::find_by_id(user_id)
        .filter(app_user::Column::TenantId.eq(tenant.0))
        .one(&txn)
        .await
        .context("Lecture du compte impossible")?
    else {
        return Ok(false);
    };
    shred_person(&txn, tenant, user.person_id).await?;
    let access = Access {
        operation: Operation::Delete,
        object_type: "app_user",
        object_ids: vec![user.id, user.person_id],
        purpose: "erasure",
    };
    access_log::record(&txn, tenant, actor, access).await?;
    ledger.append(Erased::Person {
        tenant_id: tenant.0,
        person_id: user.person_id,
    })?;
    txn.commit().await.context("Effacement impossible")?;
    Ok(true)
}

/// Destroys a person's key and, for their accounts, the logins and sessions (accounts are
/// disabled). Idempotent; returns how many keys were destroyed (0 when already gone).
pub async fn shred_person(
    txn: &DatabaseTransaction,
    tenant: TenantId,
    person: Uuid,
) -> anyhow::Result<u64> {
    let now = chrono::Utc::now().fixed_offset();
    let destroyed = person_key::Entity::delete_by_id((tenant.0, person))
        .exec(txn)
        .await
        .context("Destruction de la clé impossible")?
        .rows_affected;
    let accounts: Vec<Uuid> = app_user::Entity::find()
        .filter(app_user::Column::TenantId.eq(tenant.0))
        .filter(app_user::Column::PersonId.eq(person))
        .all(txn)
        .await
        .context("Lecture des comptes impossible")?
        .into_iter()
        .map(|user| user.id)
        .collect();
    shred_blind_indexes(txn, tenant, person, &accounts).await?;
    if accounts.is_empty() {
        return Ok(destroyed);
    }
    login_directory::Entity::delete_many()
        .filter(login_directory::Column::UserId.is_in(accounts.clone()))
        .filter(login_directory::Column::TenantId.eq(tenant.0))
        .exec(txn)
        .await
        .context("Suppression de l'identifiant de connexion impossible")?;
    refresh_family::Entity::update_many()
        .col_expr(refresh_family::Column::RevokedAt, Expr::value(now))
        .col_expr(
            refresh_family::Column::RevokedReason,
            Expr::value("all_sessions_ended"),
        )
        .filter(refresh_family::Column::UserId.is_in(accounts.clone()))
        .filter(refresh_family::Column::RevokedAt.is_null())
        .exec(txn)
        .await
        .context("Fin des sessions impossible")?;
    app_user::Entity::update_many()
        .col_expr(app_user::Column::DisabledAt, Expr::value(now))
        .filter(app_user::Column::Id.is_in(accounts))
        .filter(app_user::Column::DisabledAt.is_null())
        .exec(txn)
        .await
        .context("Désactivation du compte impossible")?;
    Ok(destroyed)
}

/// the blind indexes of an erased person (their accounts' e-mail, their staff records'
/// last name) are replaced by random bytes, so that searching for the person's e-mail or name
/// no longer finds the pseudonymous rows kept for the legal minima. Random rather than empty:
/// the e-mail index is unique per tenant, and a random value matches no search. The
/// HMAC could otherwise be recomputed by anyone holding the tenant key and the name.
async fn shred_blind_indexes(
    txn: &DatabaseTransaction,
    tenant: TenantId,
    person: Uuid,
    accounts: &[Uuid],
) -> anyhow::Result<()> {
    for account in accounts {
        app_user::Entity::update_many()
            .col_expr(app_user::Column::EmailIndex, Expr::value(shredded_index()?))
            .filter(app_user::Column::TenantId.eq(tenant.0))
            .filter(app_user::Column::Id.eq(*account))
            .exec(txn)
            .await
            .context("Effacement de l'index de l'adresse impossible")?;
    }
    let records = staff::Entity::find()
        .filter(staff::Column::TenantId.eq(tenant.0))
        .filter(staff::Column::PersonId.eq(person))
        .all(txn)
        .await
        .context("Lecture des fiches de la personne impossible")?;
    for record in records {
        staff::Entity::update_many()
            .col_expr(staff::Column::LastNameIndex, Expr::value(shredded_index()?))
            .filter(staff::Column::TenantId.eq(tenant.0))
            .filter(staff::Column::Id.eq(record.id))
            .exec(txn)
            .await
            .context("Effacement de l'index du nom impossible")?;
    }
    Ok(())
}

fn shredded_index() -> anyhow::Result<Vec<u8>> {
    Ok(random_bytes::<32>()
        .context("Effacement de l'index impossible")?
        .to_vec())
}
