//! Counters entered by hand: the réalisé (worked minutes and overtime of a period), leave taken
//! and the CET balance at a period's end. Publications only write planned totals; these values
//! come from the time clock or HR and feed the live counters, the next problems' counters and
//! the engine's overtime and CET alerts (`counters::at`).
//!
//! Who may enter what (R-14 matrix): worked time by `hr` and by the cadre (`unit_manager`)
//! whose units include the person's home unit; leave and the CET by `hr` only. Never a staff
//! member, not even for themself (they read their own with `myCounters`). Every entry names
//! its author on the row (`recorded_by`) and in the access log.
//!
//! A value belongs to one counter row, one per person and period start. A period already
//! recorded (by a publication or an earlier entry) must be given with the same end; a period
//! overlapping another one is refused, so that totals never count a day twice.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::audit::access_log::{self, Access};
use crate::entity::{staff, staff_counter};
use crate::organisation::scope::Scope;
use crate::organisation::staff as people;
use crate::planning::counters::SOURCE_REALISED;
use crate::security::access_chain::Operation;
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

/// Longest period one entry may cover (a year, leap day included).
pub const MAX_PERIOD_DAYS: i64 = 366;
/// A CET balance beyond this is a typing error (the FPH ceiling is 60 days, FPH-CET-1).
pub const MAX_CET_DAYS: i32 = 366;
const MINUTES_PER_DAY: i64 = 24 * 60;

/// The period a value is entered for (both days included).
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// Refuses an empty or over-long period; returns its number of days.
    fn days(self) -> ServiceResult<i64> {
        if self.end < self.start {
            return Err(ServiceError::invalid(
                "periodEnd",
                "avant le début de la période",
            ));
        }
        let days = (self.end - self.start).num_days() + 1;
        if days > MAX_PERIOD_DAYS {
            return Err(ServiceError::invalid(
                "periodEnd",
                format!("période de {MAX_PERIOD_DAYS} jours au plus"),
            ));
        }
        Ok(days)
    }
}

/// `value` within `0..=max`, else an error naming `field`.
fn within(field: &'static str, value: i64, max: i64, unit: &str) -> ServiceResult<()> {
    if (0..=max).contains(&value) {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            field,
            format!("doit être compris entre 0 et {max} {unit}, reçu {value}"),
        ))
    }
}

/// Records the réalisé of a period: worked minutes and the overtime among them. `hr`, or the
/// cadre of the person's home unit.
pub async fn record_worked_time(
    txn: &DatabaseTransaction,
    scope: &Scope,
    staff_id: Uuid,
    period: Period,
    worked_minutes: i32,
    overtime_minutes: i32,
) -> ServiceResult<staff_counter::Model> {
    let person = people::find(txn, scope.tenant, staff_id).await?;
    let allowed = match scope.role {
        Role::Hr => true,
        Role::UnitManager => scope.units.contains(&person.home_unit_id),
        _ => false,
    };
    if !allowed {
        return Err(ServiceError::forbidden(
            "saisie du temps travaillé : réservée aux RH et au cadre de l'unité de l'agent",
        ));
    }
    let days = period.days()?;
    within(
        "workedMinutes",
        i64::from(worked_minutes),
        days * MINUTES_PER_DAY,
        &format!("minutes ({days} jour(s) de 24 h)"),
    )?;
    within(
        "overtimeMinutes",
        i64::from(overtime_minutes),
        i64::from(worked_minutes),
        "minutes (pas plus que les minutes travaillées)",
    )?;
    write(txn, scope, &person, period, |row, _| {
        row.worked_minutes = Set(worked_minutes);
        row.overtime_minutes = Set(overtime_minutes);
        row.source = Set(SOURCE_REALISED.to_owned());
    })
    .await
}

/// Records the days of leave taken over a period (`hr`).
pub async fn record_leave_taken(
    txn: &DatabaseTransaction,
    scope: &Scope,
    staff_id: Uuid,
    period: Period,
    leave_days_taken: i32,
) -> ServiceResult<staff_counter::Model> {
    let person = people::find(txn, scope.tenant, staff_id).await?;
    scope.require_role(&[Role::Hr], "saisie des congés pris")?;
    let days = period.days()?;
    within(
        "leaveDaysTaken",
        i64::from(leave_days_taken),
        days,
        "jours (la durée de la période)",
    )?;
    write(txn, scope, &person, period, |row, _| {
        row.leave_days_taken = Set(leave_days_taken);
    })
    .await
}

/// Sets the CET balance at the period's end, in days (`hr`).
pub async fn set_cet_balance(
    txn: &DatabaseTransaction,
    scope: &Scope,
    staff_id: Uuid,
    period: Period,
    cet_days_balance: i32,
) -> ServiceResult<staff_counter::Model> {
    let person = people::find(txn, scope.tenant, staff_id).await?;
    scope.require_role(&[Role::Hr], "saisie du solde du compte épargne-temps")?;
    period.days()?;
    within(
        "cetDaysBalance",
        i64::from(cet_days_balance),
        i64::from(MAX_CET_DAYS),
        "jours",
    )?;
    write(txn, scope, &person, period, |row, now| {
        row.cet_days_balance = Set(cet_days_balance);
        row.cet_recorded_at = Set(Some(now));
    })
    .await
}

/// Applies `change` to the person's row of `period` (created when missing, source `manual`),
/// attributed to the viewer and logged.
async fn write(
    txn: &DatabaseTransaction,
    scope: &Scope,
    person: &staff::Model,
    period: Period,
    change: impl FnOnce(&mut staff_counter::ActiveModel, chrono::DateTime<chrono::FixedOffset>),
) -> ServiceResult<staff_counter::Model> {
    let overlapping = staff_counter::Entity::find()
        .filter(staff_counter::Column::TenantId.eq(scope.tenant.0))
        .filter(staff_counter::Column::StaffId.eq(person.id))
        .filter(staff_counter::Column::PeriodStart.lte(period.end))
        .filter(staff_counter::Column::PeriodEnd.gte(period.start))
        .all(txn)
        .await?;
    let mut existing = None;
    for row in overlapping {
        if row.period_start == period.start && row.period_end == period.end {
            existing = Some(row);
        } else if row.period_start == period.start {
            return Err(ServiceError::invalid(
                "periodEnd",
                format!(
                    "la période enregistrée qui commence le {} finit le {}",
                    row.period_start.format("%d/%m/%Y"),
                    row.period_end.format("%d/%m/%Y")
                ),
            ));
        } else {
            return Err(ServiceError::invalid(
                "periodStart",
                format!(
                    "chevauche la période enregistrée du {} au {}",
                    row.period_start.format("%d/%m/%Y"),
                    row.period_end.format("%d/%m/%Y")
                ),
            ));
        }
    }
    let now = chrono::Utc::now().fixed_offset();
    let (mut row, operation) = match existing {
        Some(row) => (row.into_active_model(), Operation::Update),
        None => (
            staff_counter::ActiveModel {
                id: Set(Uuid::new_v4()),
                tenant_id: Set(scope.tenant.0),
                staff_id: Set(person.id),
                period_start: Set(period.start),
                period_end: Set(period.end),
                planned_minutes: Set(0),
                worked_minutes: Set(0),
                night_minutes: Set(0),
                overtime_minutes: Set(0),
                sundays_holidays_worked: Set(0),
                leave_days_taken: Set(0),
                cet_days_balance: Set(0),
                source: Set("manual".to_owned()),
                updated_at: Set(now),
                recorded_by: Set(None),
                cet_recorded_at: Set(None),
            },
            Operation::Create,
        ),
    };
    change(&mut row, now);
    row.recorded_by = Set(Some(scope.user_id));
    row.updated_at = Set(now);
    let saved = match operation {
        Operation::Create => row.insert(txn).await?,
        _ => row.update(txn).await?,
    };
    let access = Access {
        operation,
        object_type: "staff_counter",
        object_ids: vec![saved.id, person.id, person.person_id],
        purpose: if scope.role == Role::Hr {
            "hr_management"
        } else {
            "time_recording"
        },
    };
    access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    Ok(saved)
}
