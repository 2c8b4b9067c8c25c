//! Forward alerts for a unit over the coming weeks: each roster of the unit overlapping the
//! window is read in its published version (else its current one) and the engine's alerts are
//! computed from today (coverage gaps, imbalance between units with the loan that fixes both,
//! counters projected to break their limits, CET, fatigue, refused wishes). A roster's problem
//! holds its own unit only: the imbalance with the other units is read from their rosters over
//! the same dates (`alerts::between_units`).

use chrono::{Duration, NaiveDate, Utc};
use releve_solver::alerts::between_units::{self, Side};
use releve_solver::alerts::{self, Alert, Thresholds};
use releve_solver::indicators::counts::Period;
use releve_solver::problem::Replan;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::roster;
use crate::organisation::scope::{Scope, find_unit};
use crate::rosters::analysis::engine_view;
use crate::rosters::service::log;
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};

/// Longest window of alerts, in weeks.
pub const MAX_WEEKS: u32 = 12;

/// One alert of one roster, with its days as dates.
pub struct UnitAlert {
    pub roster_id: Uuid,
    pub version: i32,
    pub dates: Vec<NaiveDate>,
    pub alert: Alert,
}

pub async fn unit_alerts(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
    weeks: u32,
) -> ServiceResult<Vec<UnitAlert>> {
    if !(1..=MAX_WEEKS).contains(&weeks) {
        return Err(ServiceError::invalid(
            "weeks",
            format!("entre 1 et {MAX_WEEKS}"),
        ));
    }
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_plans(&unit)?;
    let today = Utc::now().date_naive();
    let last = today + Duration::days(i64::from(weeks) * 7 - 1);
    let rosters = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .filter(roster::Column::UnitId.eq(unit.id))
        .filter(roster::Column::PeriodStart.lte(last))
        .filter(roster::Column::PeriodEnd.gte(today))
        .all(txn)
        .await?;
    // The other units' rosters over the window, for the imbalance between units.
    let others = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .filter(roster::Column::UnitId.ne(unit.id))
        .filter(roster::Column::PeriodStart.lte(last))
        .filter(roster::Column::PeriodEnd.gte(today))
        .all(txn)
        .await?;
    let mut out = Vec::new();
    for r in rosters {
        let version = r.published_version.unwrap_or(r.current_version);
        let rows = store::assignments(txn, &r, version).await?;
        let (built, mut instance, solver_roster) =
            engine_view(txn, &r, &unit, &rows, version).await?;
        // Alerts start today (or at the period's start).
        let from = usize::try_from((today - r.period_start).num_days().max(0)).unwrap_or(0);
        instance.problem.replan = Some(Replan {
            now_day: Some(from.min(instance.n_days)),
            ..Replan::default()
        });
        let mut computed = alerts::alerts(&instance, &solver_roster, &Thresholds::default()).alerts;
        let short = Side {
            inst: &instance,
            roster: &solver_roster,
            period: Period::new(&instance, from, instance.n_days),
        };
        for other in &others {
            if other.period_start > r.period_end || other.period_end < r.period_start.max(today) {
                continue;
            }
            let version = other.published_version.unwrap_or(other.current_version);
            let other_rows = store::assignments(txn, other, version).await?;
            let other_unit = find_unit(txn, scope.tenant, other.unit_id).await?;
            let (_, other_instance, other_roster) =
                engine_view(txn, other, &other_unit, &other_rows, version).await?;
            let side = Side {
                inst: &other_instance,
                roster: &other_roster,
                period: Period::new(&other_instance, 0, other_instance.n_days),
            };
            let offset = (r.period_start - other.period_start).num_days();
            let found = between_units::between(&short, &side, offset);
            // The people proposed on loan: their shift in the other unit was read.
            let lent: Vec<Uuid> = found
                .iter()
                .filter_map(|a| a.staff.as_deref().and_then(|s| Uuid::parse_str(s).ok()))
                .collect();
            if !lent.is_empty() {
                log(txn, scope, Operation::Read, other, lent, "planning_alerts").await?;
            }
            computed.extend(found);
        }
        for alert in computed {
            let dates: Vec<NaiveDate> = alert
                .days
                .iter()
                .filter_map(|d| built.dates.get(*d).copied())
                .collect();
            // Days past the window are for a later look.
            if !dates.is_empty() && dates.iter().all(|d| *d > last) {
                continue;
            }
            out.push(UnitAlert {
                roster_id: r.id,
                version,
                dates,
                alert,
            });
        }
        log(
            txn,
            scope,
            Operation::Read,
            &r,
            rows.iter().map(|a| a.staff_id),
            "planning_alerts",
        )
        .await?;
    }
    Ok(out)
}
