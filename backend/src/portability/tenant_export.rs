//! `releve tenant export <slug> DIR`: every table of a GHT leaving the service, as JSON and
//! CSV files, names, contacts and absence reasons opened with the keys (still present: this
//! runs before `releve tenant shred`). The export itself is logged in the GHT's access log.

use std::path::Path;

use anyhow::Context;
use sea_orm::{ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::audit::Actor;
use crate::audit::access_log::{self, Access};
use crate::entity::{
    absence, access_log_checkpoint, app_user, assignment, desiderata, establishment,
    fairness_ledger, joint_requirement, maquette_demand, pole, qualification_substitution, roster,
    roster_notification, roster_override, roster_transition, roster_version, rule_parameter,
    shift_type, site_travel_time, staff, staff_counter, staff_cycle, tenant, theatre_session, unit,
    work_cycle,
};
use crate::identity::key_store;
use crate::keys::KeyRing;
use crate::portability::dataset::Dataset;
use crate::portability::person_export::{opened_absence, opened_staff};
use crate::security::access_chain::Operation;
use crate::tenancy::{self, TenantId};

/// A GHT by its slug (read with the owner's connection: the tenant table has no RLS).
pub async fn find_tenant(db: &DatabaseConnection, slug: &str) -> anyhow::Result<tenant::Model> {
    tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(slug))
        .one(db)
        .await
        .context("Lecture des GHT impossible")?
        .with_context(|| format!("GHT inconnu : {slug}"))
}

macro_rules! plain {
    ($txn:expr, $tenant:expr, $name:literal, $module:ident) => {
        Dataset::new(
            $name,
            $module::Entity::find()
                .filter($module::Column::TenantId.eq($tenant.0))
                .into_json()
                .all($txn)
                .await
                .context(concat!("Lecture de ", $name, " impossible"))?,
        )
    };
}

async fn datasets(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    tenant: TenantId,
) -> anyhow::Result<Vec<Dataset>> {
    let tenant_key = key_store::tenant_key(txn, keys, tenant).await?;
    let mut people = Vec::new();
    for row in staff::Entity::find()
        .filter(staff::Column::TenantId.eq(tenant.0))
        .all(txn)
        .await?
    {
        people.push(opened_staff(txn, &tenant_key, tenant, row).await?);
    }
    let mut absences = Vec::new();
    for row in absence::Entity::find()
        .filter(absence::Column::TenantId.eq(tenant.0))
        .all(txn)
        .await?
    {
        absences.push(opened_absence(txn, &tenant_key, tenant, row).await?);
    }
    let log = access_log::entries(txn, tenant).await?;
    Ok(vec![
        plain!(txn, tenant, "establishment", establishment),
        plain!(txn, tenant, "pole", pole),
        plain!(txn, tenant, "unit", unit),
        Dataset::new("staff", people),
        plain!(txn, tenant, "app_user", app_user),
        plain!(txn, tenant, "shift_type", shift_type),
        plain!(txn, tenant, "maquette_demand", maquette_demand),
        plain!(txn, tenant, "work_cycle", work_cycle),
        plain!(txn, tenant, "staff_cycle", staff_cycle),
        plain!(txn, tenant, "rule_parameter", rule_parameter),
        plain!(txn, tenant, "site_travel_time", site_travel_time),
        plain!(
            txn,
            tenant,
            "qualification_substitution",
            qualification_substitution
        ),
        plain!(txn, tenant, "desiderata", desiderata),
        Dataset::new("absence", absences),
        plain!(txn, tenant, "roster", roster),
        plain!(txn, tenant, "roster_version", roster_version),
        plain!(txn, tenant, "assignment", assignment),
        plain!(txn, tenant, "roster_transition", roster_transition),
        plain!(txn, tenant, "roster_override", roster_override),
        plain!(txn, tenant, "roster_notification", roster_notification),
        plain!(txn, tenant, "theatre_session", theatre_session),
        plain!(txn, tenant, "joint_requirement", joint_requirement),
        plain!(txn, tenant, "staff_counter", staff_counter),
        plain!(txn, tenant, "fairness_ledger", fairness_ledger),
        Dataset::new(
            "access_log",
            log.iter()
                .map(|e| serde_json::to_value(e).unwrap_or(Value::Null)),
        ),
        plain!(txn, tenant, "access_log_checkpoint", access_log_checkpoint),
    ])
}

/// Writes every dataset of the GHT `slug` into `dir` (created if needed) plus a
/// `manifest.json` with the counts; returns the manifest.
pub async fn export(
    owner: &DatabaseConnection,
    keys: &KeyRing,
    slug: &str,
    dir: &Path,
) -> anyhow::Result<Value> {
    let found = find_tenant(owner, slug).await?;
    let tenant = TenantId(found.id);
    std::fs::create_dir_all(dir)
        .with_context(|| format!("Impossible de créer {}", dir.display()))?;
    access_log::append_pending(owner, tenant).await?;
    let txn = tenancy::begin(owner, tenant).await?;
    let sets = datasets(&txn, keys, tenant).await?;
    for set in &sets {
        set.write_to(dir)?;
    }
    let manifest = json!({
        "ght": { "id": found.id, "slug": found.slug, "nom": found.name },
        "exporte_le": chrono::Utc::now().to_rfc3339(),
        "fichiers": sets.iter().map(|s| json!({ "table": s.name, "lignes": s.records.len() })).collect::<Vec<_>>(),
    });
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest).context("manifeste")?,
    )
    .context("écriture du manifeste")?;
    let access = Access {
        operation: Operation::Export,
        object_type: "tenant",
        object_ids: vec![found.id],
        purpose: "tenant_exit",
    };
    access_log::record(&txn, tenant, &Actor::system(), access).await?;
    txn.commit().await.context("Fin de l'export impossible")?;
    // A command, not `serve`: chain its own entry rather than leave it to the next appender.
    access_log::append_pending(owner, tenant).await?;
    Ok(manifest)
}
