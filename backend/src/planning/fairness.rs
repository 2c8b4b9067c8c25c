//! The fairness ledger: what each published roster gave each person (nights, weekends,
//! holidays worked, wishes refused). Written when a roster is published (replacing that
//! roster's earlier rows), summed over the last twelve months into the next period's problem
//! so that the burden is shared out over time.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use releve_solver::problem::LedgerEntry;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::entity::{assignment, desiderata, fairness_ledger, roster, shift_type};
use crate::planning::holidays::is_holiday;
use crate::service_error::ServiceResult;

/// How far back the ledger counts.
const LOOKBACK_DAYS: i64 = 365;

/// One person's share of a roster.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Share {
    pub nights: i32,
    pub weekends: i32,
    pub holidays: i32,
    pub refused_wishes: i32,
}

/// Each person's share of `rows` (the published assignments), wishes included.
pub fn shares(
    rows: &[assignment::Model],
    shifts: &[shift_type::Model],
    wishes: &[desiderata::Model],
) -> BTreeMap<Uuid, Share> {
    let night: BTreeSet<Uuid> = shifts.iter().filter(|s| s.is_night).map(|s| s.id).collect();
    let mut out: BTreeMap<Uuid, Share> = BTreeMap::new();
    let mut weekends: BTreeSet<(Uuid, i32, u32)> = BTreeSet::new();
    let mut holidays: BTreeSet<(Uuid, NaiveDate)> = BTreeSet::new();
    for a in rows {
        let share = out.entry(a.staff_id).or_default();
        if night.contains(&a.shift_type_id) {
            share.nights += 1;
        }
        if matches!(a.date.weekday(), Weekday::Sat | Weekday::Sun) {
            let week = a.date.iso_week();
            weekends.insert((a.staff_id, week.year(), week.week()));
        }
        if is_holiday(a.date) {
            holidays.insert((a.staff_id, a.date));
        }
    }
    for (staff, _, _) in weekends {
        out.entry(staff).or_default().weekends += 1;
    }
    for (staff, _) in holidays {
        out.entry(staff).or_default().holidays += 1;
    }
    for w in wishes {
        let worked = |shift: Option<Uuid>| {
            rows.iter().any(|a| {
                a.staff_id == w.staff_id
                    && a.date == w.date
                    && shift.is_none_or(|s| s == a.shift_type_id)
            })
        };
        let refused = if w.kind == "on" {
            !worked(w.shift_type_id)
        } else {
            worked(w.shift_type_id)
        };
        if refused {
            out.entry(w.staff_id).or_default().refused_wishes += 1;
        }
    }
    out
}

/// Replaces the ledger rows of `roster` by the shares of its published assignments.
pub async fn record_publication(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    version: i32,
    rows: &[assignment::Model],
) -> ServiceResult<usize> {
    let shifts = shift_type::Entity::find()
        .filter(shift_type::Column::TenantId.eq(roster.tenant_id))
        .all(txn)
        .await?;
    let people: Vec<Uuid> = rows
        .iter()
        .map(|a| a.staff_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let wishes = desiderata::Entity::find()
        .filter(desiderata::Column::TenantId.eq(roster.tenant_id))
        .filter(desiderata::Column::StaffId.is_in(people))
        .filter(desiderata::Column::Date.between(roster.period_start, roster.period_end))
        .all(txn)
        .await?;
    fairness_ledger::Entity::delete_many()
        .filter(fairness_ledger::Column::TenantId.eq(roster.tenant_id))
        .filter(fairness_ledger::Column::RosterId.eq(roster.id))
        .exec(txn)
        .await?;
    let shares = shares(rows, &shifts, &wishes);
    let now = chrono::Utc::now().fixed_offset();
    for (staff, share) in &shares {
        fairness_ledger::ActiveModel {
            id: Set(Uuid::new_v4()),
            tenant_id: Set(roster.tenant_id),
            staff_id: Set(*staff),
            roster_id: Set(roster.id),
            roster_version: Set(version),
            period_start: Set(roster.period_start),
            period_end: Set(roster.period_end),
            nights: Set(share.nights),
            weekends: Set(share.weekends),
            holidays: Set(share.holidays),
            refused_wishes: Set(share.refused_wishes),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
    }
    Ok(shares.len())
}

/// The ledger of `people` over the twelve months before `start`, summed per person (the
/// problem's `fairness_ledger`).
pub async fn before(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    people: &[Uuid],
    start: NaiveDate,
) -> ServiceResult<Vec<LedgerEntry>> {
    let rows = fairness_ledger::Entity::find()
        .filter(fairness_ledger::Column::TenantId.eq(tenant))
        .filter(fairness_ledger::Column::StaffId.is_in(people.to_vec()))
        .filter(fairness_ledger::Column::PeriodEnd.lt(start))
        .filter(fairness_ledger::Column::PeriodEnd.gte(start - Duration::days(LOOKBACK_DAYS)))
        .all(txn)
        .await?;
    let mut sums: BTreeMap<Uuid, LedgerEntry> = BTreeMap::new();
    let count = |v: i32| u32::try_from(v.max(0)).unwrap_or(0);
    for r in rows {
        let e = sums.entry(r.staff_id).or_insert_with(|| LedgerEntry {
            staff: r.staff_id.to_string(),
            nights: 0,
            weekends: 0,
            holidays: 0,
            refused_wishes: 0,
        });
        e.nights += count(r.nights);
        e.weekends += count(r.weekends);
        e.holidays += count(r.holidays);
        e.refused_wishes += count(r.refused_wishes);
    }
    Ok(sums.into_values().collect())
}

/// The ledger rows of one person (for their counters view), most recent first.
pub async fn of_staff(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    staff: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<fairness_ledger::Model>> {
    let mut rows = fairness_ledger::Entity::find()
        .filter(fairness_ledger::Column::TenantId.eq(tenant))
        .filter(fairness_ledger::Column::StaffId.eq(staff))
        .filter(fairness_ledger::Column::PeriodStart.lte(to))
        .filter(fairness_ledger::Column::PeriodEnd.gte(from))
        .all(txn)
        .await?;
    rows.sort_by_key(|r| std::cmp::Reverse(r.period_start));
    Ok(rows)
}
