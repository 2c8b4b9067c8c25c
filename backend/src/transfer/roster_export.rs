//! Export of one roster version as CSV (for spreadsheets, re-importable) or JSON (for other
//! systems): one line per shift with the person's id and name, the day, the shift code and
//! its local start and end times. Names are opened with each person's key, so the export
//! is logged as an `export` of everyone in it (R-17: bulk exports are distinct events).

use std::collections::HashMap;

use anyhow::Context;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use crate::entity::{shift_type, staff as staff_entity};
use crate::identity::key_store;
use crate::keys::KeyRing;
use crate::organisation::scope::Scope;
use crate::organisation::staff;
use crate::rosters::service::log;
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::service_error::ServiceResult;
use crate::tenancy::TenantId;

/// One exported shift. Names are `null` once the person has been erased.
#[derive(Debug, Clone, Serialize)]
pub struct ShiftLine {
    pub agent: Uuid,
    pub nom: Option<String>,
    pub prenom: Option<String>,
    pub date: NaiveDate,
    pub poste: String,
    /// Local start and end (`AAAA-MM-JJTHH:MM`); a night shift ends the next day.
    pub debut: String,
    pub fin: String,
}

/// The whole export, as the JSON form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RosterExport {
    pub planning: Uuid,
    pub unite: String,
    pub debut_periode: NaiveDate,
    pub fin_periode: NaiveDate,
    pub version: i32,
    pub etat: String,
    pub affectations: Vec<ShiftLine>,
}

pub fn local_time(date: NaiveDate, minute: i32) -> NaiveDateTime {
    date.and_time(chrono::NaiveTime::MIN) + Duration::minutes(i64::from(minute))
}

fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

/// The names of `ids`, opened with each person's key (`None` once erased).
pub async fn names(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    tenant: TenantId,
    ids: impl IntoIterator<Item = Uuid>,
) -> ServiceResult<HashMap<Uuid, (Option<String>, Option<String>)>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let tenant_key = key_store::tenant_key(txn, keys, tenant).await?;
    let rows = staff_entity::Entity::find()
        .filter(staff_entity::Column::TenantId.eq(tenant.0))
        .filter(staff_entity::Column::Id.is_in(ids))
        .all(txn)
        .await?;
    Ok(staff::open_views(txn, &tenant_key, tenant, rows)
        .await?
        .into_iter()
        .map(|view| (view.row.id, (view.last_name, view.first_name)))
        .collect())
}

pub async fn shift_types(
    txn: &DatabaseTransaction,
    tenant: TenantId,
) -> ServiceResult<HashMap<Uuid, shift_type::Model>> {
    Ok(shift_type::Entity::find()
        .filter(shift_type::Column::TenantId.eq(tenant.0))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect())
}

/// Reads version `number` (default: current) of a roster the viewer reads, and logs it.
pub async fn export(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    roster_id: Uuid,
    number: Option<i32>,
) -> ServiceResult<RosterExport> {
    let (roster, unit) = store::load(txn, scope, roster_id, false).await?;
    let number = number.unwrap_or(roster.current_version);
    let rows = store::assignments(txn, &roster, number).await?;
    let names = names(txn, keys, scope.tenant, rows.iter().map(|a| a.staff_id)).await?;
    let shifts = shift_types(txn, scope.tenant).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for a in &rows {
        let shift = shifts
            .get(&a.shift_type_id)
            .context("type de poste d'une affectation introuvable")?;
        let start = local_time(a.date, shift.start_minute);
        let (nom, prenom) = names.get(&a.staff_id).cloned().unwrap_or_default();
        lines.push(ShiftLine {
            agent: a.staff_id,
            nom,
            prenom,
            date: a.date,
            poste: shift.code.clone(),
            debut: stamp(start),
            fin: stamp(start + Duration::minutes(i64::from(shift.duration_minutes))),
        });
    }
    lines.sort_by(|a, b| (a.date, &a.debut, a.agent).cmp(&(b.date, &b.debut, b.agent)));
    log(
        txn,
        scope,
        Operation::Export,
        &roster,
        rows.iter().map(|a| a.staff_id),
        "roster_export",
    )
    .await?;
    Ok(RosterExport {
        planning: roster.id,
        unite: unit.code,
        debut_periode: roster.period_start,
        fin_periode: roster.period_end,
        version: number,
        etat: roster.state,
        affectations: lines,
    })
}

/// RFC 4180 CSV with a header row, the columns `importRoster` reads back.
pub fn to_csv(export: &RosterExport) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["agent", "nom", "prenom", "date", "poste", "debut", "fin"])?;
    for line in &export.affectations {
        writer.write_record([
            line.agent.to_string(),
            line.nom.clone().unwrap_or_default(),
            line.prenom.clone().unwrap_or_default(),
            line.date.to_string(),
            line.poste.clone(),
            line.debut.clone(),
            line.fin.clone(),
        ])?;
    }
    let bytes = writer.into_inner().context("écriture CSV")?;
    String::from_utf8(bytes).context("CSV non UTF-8")
}
