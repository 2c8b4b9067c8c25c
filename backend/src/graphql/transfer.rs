//! Files in and out: imports of staff and rosters (CSV, or Excel in base64) and exports of
//! rosters (CSV, JSON) and of a person's shifts (iCalendar).
//!
//! Exports are GraphQL fields returning the file's text rather than `/export/...` HTTP
//! routes: the same bearer token, limits, error codes and access logging apply, and the
//! generated cross-tenant suite covers them. A calendar *subscription* URL would need a
//! long-lived secret in the URL, which short-lived access tokens (15 min) rule out; the web
//! UI saves the text as a `.ics`/`.csv` file.

use async_graphql::{Context, Enum, Object, SimpleObject};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::graphql::error::internal;
use crate::graphql::rosters::Roster;
use crate::graphql::service::{Work, service_error};
use crate::portability::person_export;
use crate::transfer::table::{FileFormat, RowError, Table};
use crate::transfer::{calendar, roster_export, roster_import, staff_import};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ImportFormat {
    /// UTF-8 text, `,` or `;` separated, header row first.
    Csv,
    /// An Excel `.xlsx` workbook, base64-encoded; its first sheet is read.
    Xlsx,
}

impl From<ImportFormat> for FileFormat {
    fn from(format: ImportFormat) -> Self {
        match format {
            ImportFormat::Csv => FileFormat::Csv,
            ImportFormat::Xlsx => FileFormat::Xlsx,
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// A refused row: nothing of the file was kept.
#[derive(SimpleObject)]
pub struct ImportRowError {
    /// Row number in the spreadsheet (the header is row 1; 0: the whole file).
    pub row: i32,
    /// Column name as in the header (empty: the whole row or file).
    pub column: String,
    /// Why, in French.
    pub message: String,
}

fn row_errors(errors: Vec<RowError>) -> Vec<ImportRowError> {
    errors
        .into_iter()
        .map(|e| ImportRowError {
            row: i32::try_from(e.row).unwrap_or(i32::MAX),
            column: e.column,
            message: e.message,
        })
        .collect()
}

/// The outcome of a staff import: all rows created, or none (then `errors` says why).
#[derive(SimpleObject)]
pub struct StaffImportReport {
    pub imported: i32,
    pub staff_ids: Vec<Uuid>,
    pub errors: Vec<ImportRowError>,
}

/// The outcome of a roster import: a new version, or nothing (then `errors` says why).
#[derive(SimpleObject)]
pub struct RosterImportReport {
    pub roster: Option<Roster>,
    pub version: Option<i32>,
    pub imported: i32,
    pub errors: Vec<ImportRowError>,
}

/// One file of an export.
#[derive(SimpleObject)]
pub struct ExportFile {
    /// e.g. `fiche.csv`, `affectations.csv`.
    pub name: String,
    pub content: String,
}

/// A person's data (RGPD art. 20): one JSON document, and one CSV file per section.
#[derive(SimpleObject)]
pub struct PersonalDataExport {
    pub json: String,
    pub csv_files: Vec<ExportFile>,
}

#[derive(Default)]
pub struct TransferQuery;

#[Object]
impl TransferQuery {
    /// A person's data: record, published shifts, desiderata, absences and the access-log
    /// entries about them. The person asks for their own; HR or the administrator on
    /// their behalf.
    async fn personal_data_export(
        &self,
        ctx: &Context<'_>,
        staff_id: Uuid,
    ) -> async_graphql::Result<PersonalDataExport> {
        // The export lists the log entries about the person: chain the backlog first.
        let viewer = crate::graphql::viewer(ctx)?;
        let state = ctx.data::<std::sync::Arc<crate::state::AppState>>()?;
        crate::audit::access_log::append_pending(&state.db, viewer.tenant)
            .await
            .map_err(internal)?;
        let work = Work::begin(ctx).await?;
        let sets = person_export::export(&work.txn, &work.state.keys, &work.scope, staff_id)
            .await
            .map_err(service_error)?;
        let mut document = serde_json::Map::new();
        let mut csv_files = Vec::new();
        for set in sets {
            csv_files.push(ExportFile {
                name: format!("{}.csv", set.name),
                content: set.to_csv().map_err(internal)?,
            });
            document.insert(set.name, serde_json::Value::Array(set.records));
        }
        let json = serde_json::to_string_pretty(&document).map_err(internal)?;
        work.done(PersonalDataExport { json, csv_files }).await
    }

    /// A roster version (default: current) as CSV (the columns `importRoster` reads) or JSON.
    async fn export_roster(
        &self,
        ctx: &Context<'_>,
        roster_id: Uuid,
        version: Option<i32>,
        format: ExportFormat,
    ) -> async_graphql::Result<String> {
        let work = Work::begin(ctx).await?;
        let export =
            roster_export::export(&work.txn, &work.state.keys, &work.scope, roster_id, version)
                .await
                .map_err(service_error)?;
        let text = match format {
            ExportFormat::Csv => roster_export::to_csv(&export).map_err(internal)?,
            ExportFormat::Json => serde_json::to_string_pretty(&export).map_err(internal)?,
        };
        work.done(text).await
    }

    /// A person's published shifts from `from` to `to` (at most 366 days) as iCalendar
    /// (RFC 5545). Staff read their own; managers and HR the people in their scope.
    async fn staff_calendar(
        &self,
        ctx: &Context<'_>,
        staff_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<String> {
        let work = Work::begin(ctx).await?;
        let text = calendar::person_calendar(&work.txn, &work.scope, staff_id, from, to)
            .await
            .map_err(service_error)?;
        work.done(text).await
    }
}

#[derive(Default)]
pub struct TransferMutation;

#[Object]
impl TransferMutation {
    /// Creates one person per row (columns `nom`, `prenom`, `profession`, `unite`, and
    /// optionally `email`, `telephone`, `quotite`, `qualifications` separated by `|`).
    /// All rows or none.
    async fn import_staff_members(
        &self,
        ctx: &Context<'_>,
        format: ImportFormat,
        content: String,
    ) -> async_graphql::Result<StaffImportReport> {
        let table = match Table::read(format.into(), &content) {
            Ok(table) => table,
            Err(errors) => {
                return Ok(StaffImportReport {
                    imported: 0,
                    staff_ids: Vec::new(),
                    errors: row_errors(errors),
                });
            }
        };
        let work = Work::begin(ctx).await?;
        let outcome = staff_import::import(&work.txn, &work.state.keys, &work.scope, &table)
            .await
            .map_err(service_error)?;
        match outcome {
            Ok(ids) => {
                let report = StaffImportReport {
                    imported: i32::try_from(ids.len()).unwrap_or(i32::MAX),
                    staff_ids: ids,
                    errors: Vec::new(),
                };
                work.done(report).await
            }
            // Dropping the transaction rolls back every row already written.
            Err(errors) => Ok(StaffImportReport {
                imported: 0,
                staff_ids: Vec::new(),
                errors: row_errors(errors),
            }),
        }
    }

    /// Replaces a draft roster's assignments with the file's (columns `agent`, `date`,
    /// `poste`), as a new version. All rows or none.
    async fn import_roster(
        &self,
        ctx: &Context<'_>,
        roster_id: Uuid,
        format: ImportFormat,
        content: String,
    ) -> async_graphql::Result<RosterImportReport> {
        let work = Work::begin(ctx).await?;
        let table = match Table::read(format.into(), &content) {
            Ok(table) => table,
            Err(errors) => {
                // Still answer NOT_FOUND for a roster the viewer cannot see.
                crate::rosters::store::load(&work.txn, &work.scope, roster_id, true)
                    .await
                    .map_err(service_error)?;
                return Ok(RosterImportReport {
                    roster: None,
                    version: None,
                    imported: 0,
                    errors: row_errors(errors),
                });
            }
        };
        let outcome = roster_import::import(&work.txn, &work.scope, roster_id, &table)
            .await
            .map_err(service_error)?;
        match outcome {
            Ok(done) => {
                let report = RosterImportReport {
                    roster: Some(done.roster.into()),
                    version: Some(done.version),
                    imported: i32::try_from(done.assignments).unwrap_or(i32::MAX),
                    errors: Vec::new(),
                };
                work.done(report).await
            }
            Err(errors) => Ok(RosterImportReport {
                roster: None,
                version: None,
                imported: 0,
                errors: row_errors(errors),
            }),
        }
    }
}
