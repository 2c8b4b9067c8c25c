//! The gains report of a unit for a month: the history of the month's roster (its versions
//! with their sources and times, its state changes) and the indicators of the version worked,
//! compared with the unit's months before Relève: rosters that were only ever imported (no
//! solve, repair or hand edit), planned before the month asked for.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use releve_solver::gains::{
    GainsReport, MonthHistory, Quality, StateChange, VersionRecord, VersionSource, gains,
};
use releve_solver::indicators::{self, counts::Period};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{roster, unit};
use crate::organisation::scope::{Scope, find_unit};
use crate::rosters::analysis::engine_view;
use crate::rosters::service::log;
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};

/// The first and last days of `YYYY-MM`.
pub fn month_bounds(month: &str) -> ServiceResult<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map_err(|_| ServiceError::invalid("month", "au format AAAA-MM"))?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| ServiceError::invalid("month", "hors limites"))?;
    Ok((first, next - chrono::Duration::days(1)))
}

fn source(name: &str) -> VersionSource {
    match name {
        "edit" => VersionSource::Edit,
        "import" => VersionSource::Import,
        "solve" => VersionSource::Solve,
        "repair" => VersionSource::Repair,
        _ => VersionSource::Created,
    }
}

/// One roster's history and the quality of the version worked (the last published one, else
/// the current one).
async fn history(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit: &unit::Model,
    r: &roster::Model,
) -> ServiceResult<MonthHistory> {
    let versions = store::versions(txn, r).await?;
    let mut records = Vec::with_capacity(versions.len());
    let mut previous: HashSet<(Uuid, NaiveDate, Uuid)> = HashSet::new();
    for v in &versions {
        let rows = store::assignments(txn, r, v.number).await?;
        let cells: HashSet<(Uuid, NaiveDate, Uuid)> = rows
            .iter()
            .map(|a| (a.staff_id, a.date, a.shift_type_id))
            .collect();
        records.push(VersionRecord {
            number: u32::try_from(v.number).unwrap_or_default(),
            source: source(&v.source),
            at: v.created_at.timestamp(),
            changes: cells.symmetric_difference(&previous).count(),
        });
        previous = cells;
    }
    let states = store::transitions(txn, r)
        .await?
        .into_iter()
        .map(|t| StateChange {
            to_state: t.to_state,
            version: u32::try_from(t.version).unwrap_or_default(),
            at: t.at.timestamp(),
        })
        .collect();
    let worked = r.published_version.unwrap_or(r.current_version);
    let rows = store::assignments(txn, r, worked).await?;
    let (_, instance, solver_roster) = engine_view(txn, r, unit, &rows, worked).await?;
    let computed = indicators::compute(&instance, &solver_roster, Period::whole(&instance));
    log(
        txn,
        scope,
        Operation::Read,
        r,
        rows.iter().map(|a| a.staff_id),
        "planning_gains",
    )
    .await?;
    let before_releve = records.iter().any(|v| v.source == VersionSource::Import)
        && records
            .iter()
            .all(|v| matches!(v.source, VersionSource::Created | VersionSource::Import));
    Ok(MonthHistory {
        unit: unit.code.clone(),
        month: format!("{:04}-{:02}", r.period_start.year(), r.period_start.month()),
        before_releve,
        versions: records,
        states,
        quality: Some(Quality::of(&computed)),
    })
}

/// The gains report of `unit_id` for `month` (`YYYY-MM`), with the months before Relève.
pub async fn unit_gains(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
    month: &str,
) -> ServiceResult<GainsReport> {
    let (first, last) = month_bounds(month)?;
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_plans(&unit)?;
    let rosters = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .filter(roster::Column::UnitId.eq(unit.id))
        .filter(roster::Column::PeriodStart.lte(last))
        .all(txn)
        .await?;
    let mut months = Vec::new();
    for r in &rosters {
        let h = history(txn, scope, &unit, r).await?;
        let in_month = r.period_end >= first;
        if in_month || h.before_releve {
            months.push(h);
        }
    }
    Ok(gains(&months))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_read_as_its_first_and_last_days() {
        let (a, b) = month_bounds("2024-02").unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert!(matches!(
            month_bounds("2024-13"),
            Err(ServiceError::Invalid { field: "month", .. })
        ));
    }
}
