//! The organisation, people and rosters of the demo GHTs, behind one function
//! ([`seed_organisation`]): `alpha` from the solver's demo generator ([`crate::demo_alpha`]),
//! `beta` small and hand-written here. Everything goes through the service layer: sealed names,
//! access-log entries, scopes, as in production.

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::demo_names::person_name;
use crate::entity::{establishment, unit};
use crate::identity::users;
use crate::keys::KeyRing;
use crate::organisation::maquette::{self, DemandInput};
use crate::organisation::scope::Scope;
use crate::organisation::shift_types::{self, ShiftTypeInput};
use crate::organisation::staff::{self, StaffInput};
use crate::organisation::structure::{self, UnitInput};
use crate::organisation::substitutions;
use crate::rosters::service as rosters;
use crate::rosters::store::{self, Source};
use crate::security::access_chain::Operation;
use crate::tenancy::{self, TenantId};

/// One unit of a demo GHT: code, name, and how many nurses (IDE) and assistants (AS).
struct DemoUnit {
    code: &'static str,
    name: &'static str,
    nurses: usize,
    assistants: usize,
}

/// The first day of next month.
fn next_month_start(today: NaiveDate) -> Option<NaiveDate> {
    let (year, month) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// Seeds establishments, units, shift types, staff, maquettes and a draft roster for next
/// month in the demo GHT `slug`, unless it already has an establishment.
pub async fn seed_organisation(
    db: &DatabaseConnection,
    keys: &KeyRing,
    tenant: TenantId,
    slug: &str,
) -> anyhow::Result<()> {
    // Accounts are read before the seeding transaction: on SQLite it holds the write lock,
    // and a second transaction opened meanwhile would wait for it forever.
    let agent_user = account_id(db, keys, "agent", slug).await?;
    let site_user = account_id(db, keys, "site", slug).await?;
    let cadre_user = account_id(db, keys, "cadre", slug).await?;
    let txn = tenancy::begin(db, tenant).await?;
    let existing = establishment::Entity::find()
        .filter(establishment::Column::TenantId.eq(tenant.0))
        .one(&txn)
        .await
        .context("Lecture des établissements impossible")?;
    if existing.is_some() {
        return Ok(());
    }
    let scope = Scope::system(tenant);
    let month = next_month_start(Utc::now().date_naive())
        .context("Calcul du mois de démonstration impossible")?;
    let end = next_month_start(month).map_or(month + Duration::days(30), |n| n - Duration::days(1));
    let (sites, units, precomputed) = if slug == "alpha" {
        let seeded =
            crate::demo_alpha::seed(&txn, keys, &scope, slug, (month, end), agent_user).await?;
        (seeded.establishments, seeded.units, seeded.precomputed)
    } else {
        let (sites, units) = seed_small_ght(&txn, keys, &scope, slug, agent_user).await?;
        (sites, units, Vec::new())
    };
    for unit in &units {
        let roster = rosters::create(&txn, &scope, unit.id, month, end)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        // A pre-computed version for the units that have one (see `demo_alpha::PRECOMPUTED`).
        if let Some((_, rows)) = precomputed.iter().find(|(id, _)| *id == unit.id) {
            store::append_version(&txn, &roster, scope.user_id, Source::Import, rows)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            rosters::log(
                &txn,
                &scope,
                Operation::Create,
                &roster,
                rows.iter().map(|(staff, _, _)| *staff),
                "planning",
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    // Today's default substitutions (IDE for AS, IADE and IBODE for IDE), editable per GHT.
    substitutions::seed_defaults(&txn, &scope)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let site = sites
        .first()
        .context("GHT de démonstration sans établissement")?;
    scope_demo_accounts(&txn, &scope, site_user, cadre_user, site.id, &units).await?;
    txn.commit()
        .await
        .context("Enregistrement de l'organisation de démonstration impossible")?;
    Ok(())
}

/// The small demo GHT (`beta`): one site, two units, a dozen people each, a flat maquette.
async fn seed_small_ght(
    txn: &sea_orm::DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    slug: &str,
    agent_user: Option<Uuid>,
) -> anyhow::Result<(Vec<establishment::Model>, Vec<unit::Model>)> {
    let units = [
        DemoUnit {
            code: "MED",
            name: "Médecine polyvalente",
            nurses: 6,
            assistants: 4,
        },
        DemoUnit {
            code: "CHIR",
            name: "Chirurgie digestive",
            nurses: 6,
            assistants: 4,
        },
    ];
    let site = structure::create_establishment(txn, scope, "690000002", "Centre hospitalier Bêta")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut shifts = Vec::new();
    for (code, label, start, duration, night) in [
        ("M", "Matin", 6 * 60 + 45, 7 * 60 + 30, false),
        ("S", "Soir", 13 * 60 + 30, 7 * 60 + 30, false),
        ("N", "Nuit", 21 * 60, 10 * 60, true),
    ] {
        let input = ShiftTypeInput {
            code,
            label,
            start_minute: start,
            duration_minutes: duration,
            is_night: night,
            qualifications: &[],
            activity: "work",
            half_days: None,
            break_minutes: None,
        };
        shifts.push(
            shift_types::create(txn, scope, input)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
    }
    let mut created_units: Vec<unit::Model> = Vec::new();
    let mut person = 0usize;
    for demo in &units {
        let unit = structure::create_unit(
            txn,
            scope,
            UnitInput {
                establishment_id: site.id,
                pole_id: None,
                code: demo.code,
                name: demo.name,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let professions = std::iter::repeat_n("IDE", demo.nurses)
            .chain(std::iter::repeat_n("AS", demo.assistants));
        for profession in professions {
            let (first_name, last_name) = person_name(person);
            let input = StaffInput {
                first_name: Some(first_name.to_owned()),
                last_name: Some(last_name.to_owned()),
                email: Some(format!("agent{person}@{slug}.demo")),
                profession: Some(profession.to_owned()),
                quotite: Some(if person % 5 == 4 { 80 } else { 100 }),
                home_unit_id: Some(unit.id),
                // The demo `agent@` account is the first person of the first unit.
                user_id: if person == 0 { agent_user } else { None },
                ..StaffInput::default()
            };
            staff::create(txn, keys, scope, input)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            person += 1;
        }
        for (day_type, factor) in [("weekday", 1), ("saturday", 0), ("sunday_holiday", 0)] {
            for shift in &shifts {
                for (qualification, base) in [("IDE", 2), ("AS", 1)] {
                    let min = if shift.code == "N" { 1 } else { base };
                    let demand = DemandInput {
                        unit_id: unit.id,
                        day_type,
                        shift_type_id: shift.id,
                        qualification: Some(qualification),
                        min,
                        target: min + factor,
                    };
                    maquette::set_demand(txn, scope, demand)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                }
            }
        }
        created_units.push(unit);
    }
    Ok((vec![site], created_units))
}

/// The id of the demo account `role@slug.demo`, if it exists.
async fn account_id(
    db: &DatabaseConnection,
    keys: &KeyRing,
    role: &str,
    slug: &str,
) -> anyhow::Result<Option<Uuid>> {
    let found = users::find_for_login(db, keys, &crate::demo::demo_email(role, slug)).await?;
    Ok(found.map(|(_, user)| user.id))
}

/// `site@` manages the site, `cadre@` the first unit.
async fn scope_demo_accounts(
    txn: &sea_orm::DatabaseTransaction,
    scope: &Scope,
    site_user: Option<Uuid>,
    cadre_user: Option<Uuid>,
    site: Uuid,
    units: &[unit::Model],
) -> anyhow::Result<()> {
    if let Some(user) = site_user {
        structure::set_user_scopes(txn, scope, user, &[site], &[])
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    if let (Some(user), Some(unit)) = (cadre_user, units.first()) {
        structure::set_user_scopes(txn, scope, user, &[], &[unit.id])
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(())
}
