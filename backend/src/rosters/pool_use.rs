//! Pool use across sites, for GHT management: the shifts held outside a person's home unit
//! over a period (pool de suppléance, people authorised in several units), per home unit and
//! unit reinforced, with the hours and whether the two units are on different sites. Read from
//! the current version of every roster of the units the viewer plans; people are counted,
//! never named, and the read is logged as a consultation of the people counted.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::audit::access_log::{self, Access};
use crate::entity::{roster, shift_type, staff, unit};
use crate::organisation::scope::Scope;
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

/// Longest period asked at once (a year, leap day included).
const MAX_DAYS: i64 = 366;

/// The shifts people of `from_unit_id` held in `to_unit_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolUseLine {
    pub from_unit_id: Uuid,
    pub to_unit_id: Uuid,
    /// The two units are on different establishments.
    pub cross_site: bool,
    pub people: usize,
    /// Among them, members of the pool de suppléance (the others are volunteers).
    pub pool_members: usize,
    pub shifts: usize,
    pub minutes: i64,
}

#[derive(Default)]
struct Tally {
    people: BTreeSet<Uuid>,
    pool: BTreeSet<Uuid>,
    shifts: usize,
    minutes: i64,
}

/// The pool use of `from`..`to` (both included): cross-site lines first, then by hours.
pub async fn pool_use(
    txn: &DatabaseTransaction,
    scope: &Scope,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<PoolUseLine>> {
    scope.require_role(
        &[Role::GhtAdmin, Role::SiteManager],
        "renforts entre unités et sites",
    )?;
    if to < from {
        return Err(ServiceError::invalid("to", "avant le début de la période"));
    }
    if (to - from).num_days() + 1 > MAX_DAYS {
        return Err(ServiceError::invalid(
            "to",
            format!("période de {MAX_DAYS} jours au plus"),
        ));
    }
    let units = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(scope.tenant.0))
        .all(txn)
        .await?;
    let site_of: HashMap<Uuid, Uuid> = units.iter().map(|u| (u.id, u.establishment_id)).collect();
    let planned: Vec<Uuid> = units
        .iter()
        .filter(|u| scope.plans(u))
        .map(|u| u.id)
        .collect();
    let rosters = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .filter(roster::Column::UnitId.is_in(planned))
        .filter(roster::Column::PeriodStart.lte(to))
        .filter(roster::Column::PeriodEnd.gte(from))
        .all(txn)
        .await?;
    // (unit reinforced, person, shift type) of every shift of the period.
    let mut held = Vec::new();
    for r in &rosters {
        for a in store::assignments(txn, r, r.current_version).await? {
            if from <= a.date && a.date <= to {
                held.push((r.unit_id, a.staff_id, a.shift_type_id));
            }
        }
    }
    let ids: BTreeSet<Uuid> = held.iter().map(|(_, s, _)| *s).collect();
    let people: HashMap<Uuid, (Uuid, bool)> = staff::Entity::find()
        .filter(staff::Column::TenantId.eq(scope.tenant.0))
        .filter(staff::Column::Id.is_in(ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| (s.id, (s.home_unit_id, s.pool)))
        .collect();
    let minutes_of: HashMap<Uuid, i64> = shift_type::Entity::find()
        .filter(shift_type::Column::TenantId.eq(scope.tenant.0))
        .all(txn)
        .await?
        .into_iter()
        .map(|t| (t.id, i64::from(t.duration_minutes)))
        .collect();

    let mut tallies: BTreeMap<(Uuid, Uuid), Tally> = BTreeMap::new();
    for (to_unit, person, shift) in held {
        let Some(&(home, pool)) = people.get(&person) else {
            continue;
        };
        if home == to_unit {
            continue;
        }
        let tally = tallies.entry((home, to_unit)).or_default();
        tally.people.insert(person);
        if pool {
            tally.pool.insert(person);
        }
        tally.shifts += 1;
        tally.minutes += minutes_of.get(&shift).copied().unwrap_or(0);
    }
    let counted: BTreeSet<Uuid> = tallies.values().flat_map(|t| t.people.clone()).collect();
    if !counted.is_empty() {
        let access = Access {
            operation: Operation::Read,
            object_type: "roster",
            object_ids: counted.into_iter().collect(),
            purpose: "pool_use",
        };
        access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    }
    let mut lines: Vec<PoolUseLine> = tallies
        .into_iter()
        .map(|((from_unit_id, to_unit_id), t)| PoolUseLine {
            from_unit_id,
            to_unit_id,
            cross_site: site_of.get(&from_unit_id) != site_of.get(&to_unit_id),
            people: t.people.len(),
            pool_members: t.pool.len(),
            shifts: t.shifts,
            minutes: t.minutes,
        })
        .collect();
    lines.sort_by(|a, b| {
        b.cross_site
            .cmp(&a.cross_site)
            .then(b.minutes.cmp(&a.minutes))
            .then(a.from_unit_id.cmp(&b.from_unit_id))
            .then(a.to_unit_id.cmp(&b.to_unit_id))
    });
    Ok(lines)
}
