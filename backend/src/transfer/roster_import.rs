//! Import of a roster's assignments from a CSV or Excel file: the file is the whole new
//! version (every shift of the period), appended as version n+1 of a draft roster. Every
//! row is checked before anything is written; one refused row refuses the file.
//!
//! Columns: `agent` (the person's id, as in the export), `date` (`AAAA-MM-JJ` or
//! `JJ/MM/AAAA`) and `poste` (a shift type code) are required; `nom` and `prenom` (as
//! exported, for the reader) are accepted and ignored, so an export can be edited and
//! imported back.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{roster, shift_type, staff as staff_entity};
use crate::organisation::scope::Scope;
use crate::organisation::staff;
use crate::rosters::service::log;
use crate::rosters::store::{self, Source};
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};
use crate::transfer::table::{RowError, Table};

pub const REQUIRED: &[&str] = &["agent", "date", "poste"];
pub const COLUMNS: &[&str] = &["agent", "nom", "prenom", "date", "poste", "debut", "fin"];

/// `2026-12-01` or `01/12/2026`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// What a successful import made.
pub struct Imported {
    pub roster: roster::Model,
    pub version: i32,
    pub assignments: usize,
}

pub async fn import(
    txn: &DatabaseTransaction,
    scope: &Scope,
    roster_id: Uuid,
    table: &Table,
) -> ServiceResult<Result<Imported, Vec<RowError>>> {
    let (roster, unit) = store::load(txn, scope, roster_id, true).await?;
    if roster.state != "draft" {
        return Err(ServiceError::Conflict(
            "un fichier ne s'importe que dans un planning en brouillon".into(),
        ));
    }
    if let Err(errors) = table.check_columns(REQUIRED, COLUMNS) {
        return Ok(Err(errors));
    }
    let shifts: HashMap<String, Uuid> = shift_type::Entity::find()
        .filter(shift_type::Column::TenantId.eq(scope.tenant.0))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| (s.code.to_uppercase(), s.id))
        .collect();
    let people: HashMap<Uuid, staff_entity::Model> = staff_entity::Entity::find()
        .filter(staff_entity::Column::TenantId.eq(scope.tenant.0))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let already: HashSet<Uuid> = store::assignments(txn, &roster, roster.current_version)
        .await?
        .iter()
        .map(|a| a.staff_id)
        .collect();
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut seen = HashMap::new();
    for row in table.rows() {
        let person = match Uuid::parse_str(row.get("agent")) {
            Err(_) => {
                errors.push(row.error("agent", "identifiant d'agent attendu (voir l'export)"));
                None
            }
            Ok(id) => match people.get(&id) {
                None => {
                    errors.push(row.error("agent", "agent introuvable"));
                    None
                }
                Some(p) if !staff::works_in(p, &unit) && !already.contains(&p.id) => {
                    errors.push(row.error(
                        "agent",
                        format!("l'agent n'est pas autorisé dans l'unité {}", unit.code),
                    ));
                    None
                }
                Some(p) => Some(p.id),
            },
        };
        let date = match parse_date(row.get("date")) {
            None => {
                errors.push(row.error("date", "date attendue (AAAA-MM-JJ ou JJ/MM/AAAA)"));
                None
            }
            Some(d) if d < roster.period_start || d > roster.period_end => {
                errors.push(row.error("date", "hors de la période du planning"));
                None
            }
            Some(d) => Some(d),
        };
        let shift = match shifts.get(&row.get("poste").to_uppercase()) {
            None => {
                errors.push(row.error("poste", "code de poste inconnu"));
                None
            }
            Some(id) => Some(*id),
        };
        if let (Some(person), Some(date), Some(shift)) = (person, date, shift) {
            if let Some(first) = seen.insert((person, date, shift), row.number) {
                errors.push(row.error("poste", format!("en double avec la ligne {first}")));
            } else {
                rows.push((person, date, shift));
            }
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let version = store::append_version(txn, &roster, scope.user_id, Source::Import, &rows).await?;
    let roster = store::reload(txn, &roster).await?;
    log(
        txn,
        scope,
        Operation::Update,
        &roster,
        rows.iter().map(|r| r.0),
        "roster_import",
    )
    .await?;
    Ok(Ok(Imported {
        roster,
        version: version.number,
        assignments: rows.len(),
    }))
}
