//! Import of people from a CSV or Excel file: one row per person, in one transaction.
//! Every row goes through the same checks as `createStaffMember` (scope, names, e-mail,
//! quotité...); the caller commits only when no row was refused, so a file with one bad row
//! changes nothing.
//!
//! Columns (header row, any order, case ignored): `nom`, `prenom`, `profession`, `unite`
//! (the home unit's code) are required; `email`, `telephone`, `quotite` (10-100, default
//! 100) and `qualifications` (codes separated by `|`) are optional.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::unit;
use crate::keys::KeyRing;
use crate::organisation::scope::Scope;
use crate::organisation::staff::{self, StaffInput};
use crate::service_error::{ServiceError, ServiceResult};
use crate::transfer::table::{RowError, Table};

pub const REQUIRED: &[&str] = &["nom", "prenom", "profession", "unite"];
pub const COLUMNS: &[&str] = &[
    "nom",
    "prenom",
    "email",
    "telephone",
    "profession",
    "qualifications",
    "quotite",
    "unite",
];

/// The file column a service field comes from.
fn column_of(field: &str) -> &'static str {
    match field {
        "firstName" => "prenom",
        "lastName" => "nom",
        "email" => "email",
        "phone" => "telephone",
        "profession" => "profession",
        "qualifications" => "qualifications",
        "quotite" => "quotite",
        _ => "unite",
    }
}

/// Creates one person per row. `Ok(Err(rows))` lists every refused row: the caller must then
/// roll back (drop the transaction) so that nothing is kept.
pub async fn import(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    table: &Table,
) -> ServiceResult<Result<Vec<Uuid>, Vec<RowError>>> {
    if let Err(errors) = table.check_columns(REQUIRED, COLUMNS) {
        return Ok(Err(errors));
    }
    let units: HashMap<String, Uuid> = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(scope.tenant.0))
        .all(txn)
        .await?
        .into_iter()
        .map(|u| (u.code.to_uppercase(), u.id))
        .collect();
    let mut errors = Vec::new();
    let mut created = Vec::new();
    for row in table.rows() {
        let Some(home) = units.get(&row.get("unite").to_uppercase()) else {
            errors.push(row.error("unite", "code d'unité inconnu"));
            continue;
        };
        let quotite = match row.get("quotite") {
            "" => None,
            text => match text.trim_end_matches('%').trim().parse::<i32>() {
                Ok(value) => Some(value),
                Err(_) => {
                    errors.push(row.error("quotite", "nombre entier attendu (10 à 100)"));
                    continue;
                }
            },
        };
        let qualifications = row
            .get("qualifications")
            .split('|')
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned)
            .collect();
        let input = StaffInput {
            first_name: Some(row.get("prenom").to_owned()),
            last_name: Some(row.get("nom").to_owned()),
            email: Some(row.get("email").to_owned()),
            phone: Some(row.get("telephone").to_owned()),
            profession: Some(row.get("profession").to_owned()),
            qualifications: Some(qualifications),
            quotite,
            home_unit_id: Some(*home),
            ..StaffInput::default()
        };
        match staff::create(txn, keys, scope, input).await {
            Ok(view) => created.push(view.row.id),
            Err(ServiceError::Invalid { field, reason }) => {
                errors.push(row.error(column_of(field), reason));
            }
            Err(ServiceError::Forbidden(reason)) => errors.push(row.error("unite", reason)),
            Err(ServiceError::NotFound(what)) => {
                errors.push(row.error("unite", format!("{what} introuvable")));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(if errors.is_empty() {
        Ok(created)
    } else {
        Err(errors)
    })
}
