//! A person's own data (RGPD art. 15 and 20): their staff record with names and contacts
//! opened, the shifts of every published roster they are in, their desiderata, their
//! absences (with the reason, which is theirs) and the access-log entries about them.
//! Asked by the person, or by HR or the GHT administrator on their behalf.

use anyhow::Context;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::access_log::{self, Access, Search};
use crate::availability::absences::reason_context;
use crate::entity::{
    absence, assignment, desiderata, fairness_ledger, roster, roster_version, staff, staff_counter,
};
use crate::identity::key_store;
use crate::keys::KeyRing;
use crate::organisation::scope::Scope;
use crate::organisation::staff as staff_service;
use crate::portability::dataset::Dataset;
use crate::security::access_chain::Operation;
use crate::security::access_token::Role;
use crate::security::envelope::{DataKey, open_string};
use crate::service_error::{ServiceError, ServiceResult};
use crate::tenancy::TenantId;

/// A staff row as a record, personal fields opened (null once the person is erased).
pub async fn opened_staff(
    txn: &DatabaseTransaction,
    tenant_key: &DataKey,
    tenant: TenantId,
    row: staff::Model,
) -> anyhow::Result<Value> {
    let view = staff_service::open_view(txn, tenant_key, tenant, row)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut record = serde_json::to_value(json!({
        "id": view.row.id,
        "person_id": view.row.person_id,
        "user_id": view.row.user_id,
        "prenom": view.first_name,
        "nom": view.last_name,
        "email": view.email,
        "telephone": view.phone,
        "profession": view.row.profession,
        "qualifications": staff_service::qualifications(&view.row),
        "quotite": view.row.quotite,
        "home_unit_id": view.row.home_unit_id,
        "authorised_unit_ids": staff_service::unit_ids(&view.row),
        "authorised_site_ids": staff_service::site_ids(&view.row),
        "pool": view.row.pool,
        "created_at": view.row.created_at,
        "updated_at": view.row.updated_at,
    }))?;
    if let Value::Object(map) = &mut record {
        map.insert("efface".into(), Value::Bool(view.last_name.is_none()));
    }
    Ok(record)
}

/// An absence as a record, the reason opened with its person's key (null if none or erased).
pub async fn opened_absence(
    txn: &DatabaseTransaction,
    tenant_key: &DataKey,
    tenant: TenantId,
    row: absence::Model,
) -> anyhow::Result<Value> {
    let person = staff::Entity::find_by_id(row.staff_id)
        .filter(staff::Column::TenantId.eq(tenant.0))
        .one(txn)
        .await?;
    let reason = match (&row.reason_sealed, person) {
        (Some(sealed), Some(person)) => {
            match key_store::person_key(txn, tenant_key, tenant, person.person_id).await? {
                Some(key) => Some(
                    open_string(&key, sealed, &reason_context(tenant.0, row.id))
                        .context("motif d'absence indéchiffrable")?,
                ),
                None => None,
            }
        }
        _ => None,
    };
    Ok(json!({
        "id": row.id,
        "staff_id": row.staff_id,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "category": row.category,
        "reason": reason,
        "created_by": row.created_by,
        "created_at": row.created_at,
    }))
}

/// Every dataset of one person.
pub async fn export(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    staff_id: Uuid,
) -> ServiceResult<Vec<Dataset>> {
    let person = staff_service::find(txn, scope.tenant, staff_id).await?;
    let own = scope.staff_id == Some(person.id);
    if !own && !matches!(scope.role, Role::Hr | Role::GhtAdmin) {
        return Err(ServiceError::forbidden(
            "export des données d'une personne : elle-même, RH ou administrateur",
        ));
    }
    let tenant = scope.tenant;
    let tenant_key = key_store::tenant_key(txn, keys, tenant).await?;
    let record = opened_staff(txn, &tenant_key, tenant, person.clone()).await?;

    let mut shifts = Vec::new();
    let published = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(tenant.0))
        .filter(roster::Column::PublishedVersion.is_not_null())
        .all(txn)
        .await?;
    for r in published {
        let Some(number) = r.published_version else {
            continue;
        };
        let Some(version) = roster_version::Entity::find()
            .filter(roster_version::Column::TenantId.eq(tenant.0))
            .filter(roster_version::Column::RosterId.eq(r.id))
            .filter(roster_version::Column::Number.eq(number))
            .one(txn)
            .await?
        else {
            continue;
        };
        for a in assignment::Entity::find()
            .filter(assignment::Column::TenantId.eq(tenant.0))
            .filter(assignment::Column::RosterVersionId.eq(version.id))
            .filter(assignment::Column::StaffId.eq(person.id))
            .all(txn)
            .await?
        {
            shifts.push(
                json!({ "roster_id": r.id, "unit_id": r.unit_id, "version": number,
                "date": a.date, "shift_type_id": a.shift_type_id }),
            );
        }
    }
    let wishes = desiderata::Entity::find()
        .filter(desiderata::Column::TenantId.eq(tenant.0))
        .filter(desiderata::Column::StaffId.eq(person.id))
        .into_json()
        .all(txn)
        .await?;
    let counters = staff_counter::Entity::find()
        .filter(staff_counter::Column::TenantId.eq(tenant.0))
        .filter(staff_counter::Column::StaffId.eq(person.id))
        .into_json()
        .all(txn)
        .await?;
    let ledger = fairness_ledger::Entity::find()
        .filter(fairness_ledger::Column::TenantId.eq(tenant.0))
        .filter(fairness_ledger::Column::StaffId.eq(person.id))
        .into_json()
        .all(txn)
        .await?;
    let mut absences = Vec::new();
    for row in absence::Entity::find()
        .filter(absence::Column::TenantId.eq(tenant.0))
        .filter(absence::Column::StaffId.eq(person.id))
        .all(txn)
        .await?
    {
        absences.push(opened_absence(txn, &tenant_key, tenant, row).await?);
    }
    // Entries naming the staff record, the person, or their account.
    let mut about = Vec::new();
    let mut ids = vec![person.id, person.person_id];
    ids.extend(person.user_id);
    for id in ids {
        let search = Search {
            object_id: Some(id),
            ..Search::default()
        };
        about.extend(access_log::search(txn, tenant, &search, 100_000).await?);
    }
    about.sort_by_key(|e| e.seq);
    about.dedup_by_key(|e| e.seq);
    // As shown to the person (right of access): when, what, why and which role, not who.
    let log: Vec<Value> = about
        .iter()
        .map(|e| {
            json!({ "seq": e.seq, "at": e.at, "operation": e.operation.as_str(),
            "object_type": e.object_type, "purpose": e.purpose, "actor_role": e.actor_role })
        })
        .collect();

    let access = Access {
        operation: Operation::Export,
        object_type: "staff",
        object_ids: vec![person.id, person.person_id],
        purpose: if own {
            "portability"
        } else {
            "portability_request"
        },
    };
    access_log::record(txn, tenant, &scope.actor(), access).await?;
    Ok(vec![
        Dataset::new("fiche", [record]),
        Dataset::new("affectations", shifts),
        Dataset::new("desiderata", wishes),
        Dataset::new("absences", absences),
        Dataset::new("compteurs", counters),
        Dataset::new("equite", ledger),
        Dataset::new("journal_des_acces", log),
    ])
}
