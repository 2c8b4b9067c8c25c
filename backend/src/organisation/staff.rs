//! People who work shifts. Names, e-mail and phone are sealed with the person's own key
//! (design decision 2) and searched by an HMAC blind index of the last name; every read or
//! write of them is written to the access log in the same transaction.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::audit::access_log::{Access, PendingEntry};
use crate::entity::{app_user, staff, unit};
use crate::identity::erasure_ledger::{Erased, ErasureLedger};
use crate::identity::{key_store, users};
use crate::keys::KeyRing;
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::shift_types::check_qualifications;
use crate::organisation::structure::{check_code, check_name};
use crate::pagination::{self, Page, PageRequest};
use crate::security::access_chain::Operation;
use crate::security::access_token::Role;
use crate::security::blind_index::BlindIndexKey;
use crate::security::envelope::{DataKey, FieldContext, FieldOpener, seal_str};
use crate::service_error::{ServiceError, ServiceResult};
use crate::tenancy::TenantId;

/// What a staff record is made of. `None` on update leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct StaffInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub profession: Option<String>,
    pub qualifications: Option<Vec<String>>,
    pub quotite: Option<i32>,
    pub home_unit_id: Option<Uuid>,
    pub authorised_unit_ids: Option<Vec<Uuid>>,
    pub authorised_site_ids: Option<Vec<Uuid>>,
    /// Member of the pool de suppléance (deployed on the authorised units and sites); without
    /// it, a person authorised elsewhere is a volunteer.
    pub pool: Option<bool>,
    /// The account of this person (self-service); only on creation.
    pub user_id: Option<Uuid>,
}

/// A staff record with its personal fields opened; `None` once the person is erased.
#[derive(Debug, Clone)]
pub struct StaffView {
    pub row: staff::Model,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// The personal fields a reader asked for: only these are opened (no decryption, and no
/// plaintext in memory, that the answer does not need).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields {
    pub first_name: bool,
    pub last_name: bool,
    pub email: bool,
    pub phone: bool,
}

impl Fields {
    pub const ALL: Self = Self {
        first_name: true,
        last_name: true,
        email: true,
        phone: true,
    };
}

const TABLE: &str = "staff";

fn context(tenant: TenantId, row: Uuid, column: &'static str) -> FieldContext<'static> {
    FieldContext {
        tenant_id: tenant.0,
        table: TABLE,
        column,
        row_id: row,
    }
}

fn last_name_index(tenant_key: &DataKey, tenant: TenantId, name: &str) -> ServiceResult<Vec<u8>> {
    let index = BlindIndexKey::derive(tenant_key, tenant.0, TABLE, "last_name")
        .and_then(|key| key.index(name))
        .map_err(|e| ServiceError::invalid("lastName", e.to_string()))?;
    Ok(index.0.to_vec())
}

fn seal(
    key: &DataKey,
    tenant: TenantId,
    row: Uuid,
    column: &'static str,
    value: &str,
) -> ServiceResult<Vec<u8>> {
    Ok(seal_str(key, value, &context(tenant, row, column)).context("Chiffrement impossible")?)
}

fn open(
    opener: &FieldOpener,
    tenant: TenantId,
    row: Uuid,
    column: &'static str,
    sealed: &[u8],
) -> ServiceResult<String> {
    Ok(opener
        .open_string(sealed, &context(tenant, row, column))
        .context("Donnée personnelle indéchiffrable")?)
}

fn optional_text(field: &'static str, value: &str, max: usize) -> ServiceResult<Option<String>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(ServiceError::invalid(
            field,
            format!("au plus {max} caractères"),
        ));
    }
    Ok(Some(value.to_owned()))
}

fn check_email(value: &str) -> ServiceResult<Option<String>> {
    let value = optional_text("email", value, 254)?;
    if let Some(email) = &value
        && !email.contains('@')
    {
        return Err(ServiceError::invalid(
            "email",
            "adresse électronique invalide",
        ));
    }
    Ok(value)
}

fn check_quotite(value: i32) -> ServiceResult<i32> {
    if !(10..=100).contains(&value) {
        return Err(ServiceError::invalid("quotite", "entre 10 et 100 (%)"));
    }
    Ok(value)
}

fn ids_json(list: &[Uuid]) -> ServiceResult<String> {
    Ok(serde_json::to_string(list).context("liste d'identifiants")?)
}

pub fn unit_ids(row: &staff::Model) -> Vec<Uuid> {
    serde_json::from_str(&row.authorised_unit_ids).unwrap_or_default()
}

pub fn site_ids(row: &staff::Model) -> Vec<Uuid> {
    serde_json::from_str(&row.authorised_site_ids).unwrap_or_default()
}

pub fn qualifications(row: &staff::Model) -> Vec<String> {
    serde_json::from_str(&row.qualifications).unwrap_or_default()
}

/// Whether a person may be planned in `unit`: their home unit, or one they are authorised in.
pub fn works_in(row: &staff::Model, unit: &unit::Model) -> bool {
    row.home_unit_id == unit.id
        || unit_ids(row).contains(&unit.id)
        || site_ids(row).contains(&unit.establishment_id)
}

async fn check_units(
    txn: &DatabaseTransaction,
    scope: &Scope,
    units: &[Uuid],
    sites: &[Uuid],
) -> ServiceResult<()> {
    if units.len() > 50 || sites.len() > 50 {
        return Err(ServiceError::invalid(
            "authorisedUnitIds",
            "au plus 50 unités et 50 sites",
        ));
    }
    for id in units {
        find_unit(txn, scope.tenant, *id).await?;
    }
    for id in sites {
        crate::organisation::structure::find_establishment(txn, scope, *id).await?;
    }
    Ok(())
}

/// Whether the viewer may read this person's file.
pub async fn may_read(
    txn: &DatabaseTransaction,
    scope: &Scope,
    row: &staff::Model,
) -> ServiceResult<bool> {
    Ok(match scope.role {
        Role::GhtAdmin | Role::Hr => true,
        Role::SiteManager | Role::UnitManager => {
            let units = scope.readable_units(txn).await?.unwrap_or_default();
            units.contains(&row.home_unit_id) || unit_ids(row).iter().any(|u| units.contains(u))
        }
        Role::Staff | Role::Auditor => scope.staff_id == Some(row.id),
    })
}

/// Opens the personal fields of a staff row (all `None` when the person's key is gone).
pub async fn open_view(
    txn: &DatabaseTransaction,
    tenant_key: &DataKey,
    tenant: TenantId,
    row: staff::Model,
) -> ServiceResult<StaffView> {
    let key = key_store::person_key(txn, tenant_key, tenant, row.person_id).await?;
    open_with(key.as_ref(), tenant, row, Fields::ALL)
}

/// Opens a page of staff rows with one key query for all of them.
pub async fn open_views(
    txn: &DatabaseTransaction,
    tenant_key: &DataKey,
    tenant: TenantId,
    rows: Vec<staff::Model>,
) -> ServiceResult<Vec<StaffView>> {
    let keys =
        key_store::person_keys(txn, tenant_key, tenant, rows.iter().map(|r| r.person_id)).await?;
    open_all(&keys, tenant, rows, Fields::ALL)
}

fn open_all(
    keys: &HashMap<Uuid, DataKey>,
    tenant: TenantId,
    rows: Vec<staff::Model>,
    fields: Fields,
) -> ServiceResult<Vec<StaffView>> {
    rows.into_iter()
        .map(|row| open_with(keys.get(&row.person_id), tenant, row, fields))
        .collect()
}

fn open_with(
    key: Option<&DataKey>,
    tenant: TenantId,
    row: staff::Model,
    fields: Fields,
) -> ServiceResult<StaffView> {
    let Some(key) = key else {
        return Ok(StaffView {
            row,
            first_name: None,
            last_name: None,
            email: None,
            phone: None,
        });
    };
    let opener = FieldOpener::new(key);
    let field = |wanted: bool, column: &'static str, sealed: Option<&Vec<u8>>| match sealed {
        Some(sealed) if wanted => open(&opener, tenant, row.id, column, sealed).map(Some),
        _ => Ok(None),
    };
    let first_name = field(
        fields.first_name,
        "first_name",
        Some(&row.first_name_sealed),
    )?;
    let last_name = field(fields.last_name, "last_name", Some(&row.last_name_sealed))?;
    let email = field(fields.email, "email", row.email_sealed.as_ref())?;
    let phone = field(fields.phone, "phone", row.phone_sealed.as_ref())?;
    Ok(StaffView {
        row,
        first_name,
        last_name,
        email,
        phone,
    })
}

/// Logs an operation on staff records.
async fn log(
    txn: &DatabaseTransaction,
    scope: &Scope,
    operation: Operation,
    rows: &[&staff::Model],
    purpose: &str,
) -> ServiceResult<()> {
    if let Some(entry) = entry(scope, operation, rows, purpose)? {
        entry.record(txn).await?;
    }
    Ok(())
}

/// The entry of an operation on staff records (`None` for no record). An entry about one
/// record names the record and its person (the person id also names their account's
/// entries); an entry about a page names the records only, as a roster's entries do: each
/// record leads to its person (`staff.person_id`, kept after an erasure), and the person ids
/// would double the entry that every page read writes (on the read bench, the ids in a
/// read's entries cost about a third of what the personal-data layer adds to the read).
fn entry(
    scope: &Scope,
    operation: Operation,
    rows: &[&staff::Model],
    purpose: &str,
) -> ServiceResult<Option<PendingEntry>> {
    let object_ids = match rows {
        [] => return Ok(None),
        [row] => vec![row.id, row.person_id],
        page => page.iter().map(|r| r.id).collect(),
    };
    let access = Access {
        operation,
        object_type: TABLE,
        object_ids,
        purpose,
    };
    Ok(Some(PendingEntry::new(
        scope.tenant,
        &scope.actor(),
        access,
    )?))
}

pub async fn find(
    txn: &DatabaseTransaction,
    tenant: TenantId,
    id: Uuid,
) -> ServiceResult<staff::Model> {
    staff::Entity::find_by_id(id)
        .filter(staff::Column::TenantId.eq(tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("agent"))
}

pub async fn create(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    input: StaffInput,
) -> ServiceResult<StaffView> {
    let home_id = input
        .home_unit_id
        .ok_or_else(|| ServiceError::invalid("homeUnitId", "obligatoire"))?;
    let home = find_unit(txn, scope.tenant, home_id).await?;
    if !scope.manages_staff_of(&home) {
        return Err(ServiceError::forbidden(format!(
            "l'unité {} est hors de votre périmètre",
            home.code
        )));
    }
    let first_name = check_name("firstName", input.first_name.as_deref().unwrap_or(""))?;
    let last_name = check_name("lastName", input.last_name.as_deref().unwrap_or(""))?;
    let email = check_email(input.email.as_deref().unwrap_or(""))?;
    let phone = optional_text("phone", input.phone.as_deref().unwrap_or(""), 32)?;
    let profession = check_code("profession", input.profession.as_deref().unwrap_or(""), 32)?;
    let qualifications =
        check_qualifications("qualifications", &input.qualifications.unwrap_or_default())?;
    let quotite = check_quotite(input.quotite.unwrap_or(100))?;
    let units = input.authorised_unit_ids.unwrap_or_default();
    let sites = input.authorised_site_ids.unwrap_or_default();
    check_units(txn, scope, &units, &sites).await?;

    let tenant_key = key_store::tenant_key(txn, keys, scope.tenant).await?;
    // A person with an account keeps one key for both: erasing them shreds both records.
    let (person_id, person_key) = match input.user_id {
        Some(user_id) => {
            let user = app_user::Entity::find_by_id(user_id)
                .filter(app_user::Column::TenantId.eq(scope.tenant.0))
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound("compte"))?;
            let linked = staff::Entity::find()
                .filter(staff::Column::TenantId.eq(scope.tenant.0))
                .filter(staff::Column::UserId.eq(user_id))
                .one(txn)
                .await?;
            if linked.is_some() {
                return Err(ServiceError::invalid(
                    "userId",
                    "compte déjà lié à un agent",
                ));
            }
            let key = key_store::person_key(txn, &tenant_key, scope.tenant, user.person_id)
                .await?
                .ok_or_else(|| ServiceError::invalid("userId", "compte effacé"))?;
            (user.person_id, key)
        }
        None => {
            let person = Uuid::new_v4();
            let key = key_store::create_person_key(txn, &tenant_key, scope.tenant, person).await?;
            (person, key)
        }
    };
    let id = Uuid::new_v4();
    let tenant = scope.tenant;
    let now = chrono::Utc::now().fixed_offset();
    let row = staff::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant.0),
        person_id: Set(person_id),
        user_id: Set(input.user_id),
        profession: Set(profession),
        qualifications: Set(serde_json::to_string(&qualifications).context("qualifications")?),
        quotite: Set(quotite),
        home_unit_id: Set(home.id),
        authorised_unit_ids: Set(ids_json(&units)?),
        authorised_site_ids: Set(ids_json(&sites)?),
        pool: Set(input.pool.unwrap_or(false)),
        first_name_sealed: Set(seal(&person_key, tenant, id, "first_name", &first_name)?),
        last_name_sealed: Set(seal(&person_key, tenant, id, "last_name", &last_name)?),
        email_sealed: Set(match &email {
            Some(e) => Some(seal(&person_key, tenant, id, "email", e)?),
            None => None,
        }),
        phone_sealed: Set(match &phone {
            Some(p) => Some(seal(&person_key, tenant, id, "phone", p)?),
            None => None,
        }),
        last_name_index: Set(last_name_index(&tenant_key, tenant, &last_name)?),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    log(txn, scope, Operation::Create, &[&row], "staff_management").await?;
    Ok(StaffView {
        row,
        first_name: Some(first_name),
        last_name: Some(last_name),
        email,
        phone,
    })
}

pub async fn update(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    id: Uuid,
    input: StaffInput,
) -> ServiceResult<StaffView> {
    let found = find(txn, scope.tenant, id).await?;
    let home = find_unit(txn, scope.tenant, found.home_unit_id).await?;
    if !scope.manages_staff_of(&home) {
        return Err(ServiceError::forbidden(format!(
            "l'unité {} est hors de votre périmètre",
            home.code
        )));
    }
    if input.user_id.is_some() {
        return Err(ServiceError::invalid("userId", "se choisit à la création"));
    }
    let tenant = scope.tenant;
    let tenant_key = key_store::tenant_key(txn, keys, tenant).await?;
    let person_key = key_store::person_key(txn, &tenant_key, tenant, found.person_id)
        .await?
        .ok_or_else(|| ServiceError::Conflict("agent effacé : sa fiche ne change plus".into()))?;
    let mut row = found.clone().into_active_model();
    if let Some(name) = &input.first_name {
        let name = check_name("firstName", name)?;
        row.first_name_sealed = Set(seal(&person_key, tenant, id, "first_name", &name)?);
    }
    if let Some(name) = &input.last_name {
        let name = check_name("lastName", name)?;
        row.last_name_sealed = Set(seal(&person_key, tenant, id, "last_name", &name)?);
        row.last_name_index = Set(last_name_index(&tenant_key, tenant, &name)?);
    }
    if let Some(email) = &input.email {
        row.email_sealed = Set(match check_email(email)? {
            Some(e) => Some(seal(&person_key, tenant, id, "email", &e)?),
            None => None,
        });
    }
    if let Some(phone) = &input.phone {
        row.phone_sealed = Set(match optional_text("phone", phone, 32)? {
            Some(p) => Some(seal(&person_key, tenant, id, "phone", &p)?),
            None => None,
        });
    }
    if let Some(profession) = &input.profession {
        row.profession = Set(check_code("profession", profession, 32)?);
    }
    if let Some(list) = &input.qualifications {
        let list = check_qualifications("qualifications", list)?;
        row.qualifications = Set(serde_json::to_string(&list).context("qualifications")?);
    }
    if let Some(quotite) = input.quotite {
        row.quotite = Set(check_quotite(quotite)?);
    }
    if let Some(home_id) = input.home_unit_id {
        let new_home = find_unit(txn, tenant, home_id).await?;
        if !scope.manages_staff_of(&new_home) {
            return Err(ServiceError::forbidden(format!(
                "l'unité {} est hors de votre périmètre",
                new_home.code
            )));
        }
        row.home_unit_id = Set(new_home.id);
    }
    let units = input
        .authorised_unit_ids
        .unwrap_or_else(|| unit_ids(&found));
    let sites = input
        .authorised_site_ids
        .unwrap_or_else(|| site_ids(&found));
    check_units(txn, scope, &units, &sites).await?;
    row.authorised_unit_ids = Set(ids_json(&units)?);
    row.authorised_site_ids = Set(ids_json(&sites)?);
    if let Some(pool) = input.pool {
        row.pool = Set(pool);
    }
    row.updated_at = Set(chrono::Utc::now().fixed_offset());
    let saved = row.update(txn).await?;
    log(txn, scope, Operation::Update, &[&saved], "staff_management").await?;
    open_view(txn, &tenant_key, tenant, saved).await
}

/// One person's file, opened and logged.
pub async fn get(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    id: Uuid,
) -> ServiceResult<StaffView> {
    let row = find(txn, scope.tenant, id).await?;
    if !may_read(txn, scope, &row).await? {
        return Err(ServiceError::forbidden("agent hors de votre périmètre"));
    }
    log(txn, scope, Operation::Read, &[&row], "staff_management").await?;
    let tenant_key = key_store::tenant_key(txn, keys, scope.tenant).await?;
    open_view(txn, &tenant_key, scope.tenant, row).await
}

/// A page of people in the viewer's scope, optionally of one unit (home or authorised) and
/// with an exact last name (blind index: case and accents do not matter).
pub async fn list(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    unit_id: Option<Uuid>,
    last_name: Option<&str>,
    page: PageRequest,
    fields: Fields,
) -> ServiceResult<Page<StaffView>> {
    let readable = match (scope.role, last_name) {
        (Role::Staff, _) | (Role::Auditor, None) => {
            return Err(ServiceError::forbidden(
                "liste des agents : rôle non autorisé",
            ));
        }
        // The DPO finds a person by exact last name anywhere in the GHT, to search the access
        // log by them (read-only; the read itself is logged like any other).
        (Role::Auditor, Some(_)) => None,
        _ => scope.readable_units(txn).await?,
    };
    let mut query = staff::Entity::find().filter(staff::Column::TenantId.eq(scope.tenant.0));
    // A name search needs the tenant key first (blind index); it then opens the page too.
    let mut search_key = None;
    if let Some(name) = last_name {
        let tenant_key = key_store::tenant_key(txn, keys, scope.tenant).await?;
        query = query.filter(staff::Column::LastNameIndex.eq(last_name_index(
            &tenant_key,
            scope.tenant,
            name,
        )?));
        search_key = Some(tenant_key);
    }
    let unit_filter: Option<HashSet<Uuid>> = match (unit_id, readable) {
        (Some(unit_id), readable) => {
            let unit = find_unit(txn, scope.tenant, unit_id).await?;
            scope.require_reads(&unit)?;
            if readable.is_some_and(|r| !r.contains(&unit.id)) {
                return Err(ServiceError::forbidden("unité hors de votre périmètre"));
            }
            Some(HashSet::from([unit.id]))
        }
        (None, Some(readable)) => Some(readable.into_iter().collect()),
        (None, None) => None,
    };
    // Authorised units live in a JSON list, so the unit filter is applied here; pages are
    // filled by reading on until full (bounded by the GHT's staff count). The database
    // narrows first (home unit, or the unit's id in the list's text), so a unit's page is
    // not found by reading the whole GHT; the exact test below stays the authority.
    if let Some(units) = unit_filter.as_ref().filter(|units| !units.is_empty()) {
        let mut any = Condition::any();
        for unit in units {
            any = any
                .add(staff::Column::HomeUnitId.eq(*unit))
                .add(staff::Column::AuthorisedUnitIds.contains(unit.to_string()));
        }
        query = query.filter(any);
    }
    let mut items = Vec::new();
    let mut cursor = page;
    let has_next = loop {
        let batch = pagination::fetch(txn, query.clone(), staff::Column::Id, cursor).await?;
        let last = batch.items.last().map(|r| r.id);
        for row in batch.items {
            let keep = match &unit_filter {
                None => true,
                Some(units) => {
                    units.contains(&row.home_unit_id)
                        || unit_ids(&row).iter().any(|u| units.contains(u))
                }
            };
            if keep {
                items.push(row);
            }
            if items.len() as u64 == page.first {
                break;
            }
        }
        if items.len() as u64 == page.first {
            break true;
        }
        if !batch.has_next {
            break false;
        }
        cursor.after = last;
    };
    let purpose = if scope.role == Role::Auditor {
        "audit"
    } else {
        "staff_management"
    };
    let rows: Vec<&staff::Model> = items.iter().collect();
    let page_entry = entry(scope, Operation::Read, &rows, purpose)?;
    let persons = items.iter().map(|r| r.person_id);
    let person_keys = match (&search_key, page_entry) {
        (_, None) => HashMap::new(),
        (Some(tenant_key), Some(entry)) => {
            entry.record(txn).await?;
            key_store::person_keys(txn, tenant_key, scope.tenant, persons).await?
        }
        // The page's entry is written by the key query itself (one round trip less).
        (None, Some(entry)) => {
            key_store::tenant_and_person_keys(txn, keys, scope.tenant, persons, entry)
                .await?
                .1
        }
    };
    let views = open_all(&person_keys, scope.tenant, items, fields)?;
    Ok(Page {
        items: views,
        has_next,
    })
}

/// Right to erasure of a staff member, with or without an account (`hr` or `ght_admin`):
/// destroys the person's key, so their names, contacts and absence details become unreadable
/// everywhere (backups included, through the erasure ledger written before the commit);
/// shreds their search indexes and, if they have an account, ends its logins and
/// sessions. The pseudonymous record, assignments and absence categories stay: the legal HR
/// minima (hours worked, counters) that the employer must keep.
pub async fn erase(
    txn: &DatabaseTransaction,
    ledger: &ErasureLedger,
    scope: &Scope,
    id: Uuid,
) -> ServiceResult<staff::Model> {
    if !matches!(scope.role, Role::GhtAdmin | Role::Hr) {
        return Err(ServiceError::forbidden(
            "effacement réservé aux ressources humaines et à la direction du GHT",
        ));
    }
    let row = find(txn, scope.tenant, id).await?;
    let destroyed = users::shred_person(txn, scope.tenant, row.person_id).await?;
    if destroyed == 0 {
        return Err(ServiceError::Conflict("agent déjà effacé".into()));
    }
    log(txn, scope, Operation::Delete, &[&row], "erasure").await?;
    ledger.append(Erased::Person {
        tenant_id: scope.tenant.0,
        person_id: row.person_id,
    })?;
    Ok(row)
}
