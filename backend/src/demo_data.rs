//! The organisation, people and rosters of the demo GHTs, behind one function
//! ([`seed_organisation`]) so that a realistic generator can replace it. Everything goes
//! through the service layer: sealed names, access-log entries, scopes, as in production.

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{establishment, unit};
use crate::identity::users;
use crate::keys::KeyRing;
use crate::organisation::maquette::{self, DemandInput};
use crate::organisation::scope::Scope;
use crate::organisation::shift_types::{self, ShiftTypeInput};
use crate::organisation::staff::{self, StaffInput};
use crate::organisation::structure::{self, UnitInput};
use crate::rosters::service as rosters;
use crate::tenancy::{self, TenantId};

const FIRST_NAMES: &[&str] = &[
    "Camille", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Nathan", "Inès", "Louis", "Jade",
    "Gabriel", "Emma", "Arthur", "Zoé", "Jules", "Alice", "Raphaël", "Lina", "Adam", "Rose",
];
const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier",
];

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
    // Read before the seeding transaction: on SQLite that transaction holds the write lock,
    // and a second transaction opened inside it would wait for it forever (busy timeout).
    let account = |prefix: &'static str| async move {
        users::find_for_login(db, keys, &crate::demo::demo_email(prefix, slug))
            .await
            .map(|found| found.map(|(_, user)| user.id))
    };
    let agent_user = account("agent").await?;
    let accounts = DemoAccounts {
        site: account("site").await?,
        cadre: account("cadre").await?,
    };
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
    let (finess, site_name, units) = match slug {
        "beta" => (
            "690000002",
            "Centre hospitalier Bêta",
            vec![
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
            ],
        ),
        _ => (
            "750000001",
            "Hôpital Alpha",
            vec![DemoUnit {
                code: "REA",
                name: "Réanimation",
                nurses: 8,
                assistants: 4,
            }],
        ),
    };
    let site = structure::create_establishment(&txn, &scope, finess, site_name)
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
        };
        shifts.push(
            shift_types::create(&txn, &scope, input)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
    }
    let mut created_units: Vec<unit::Model> = Vec::new();
    let mut person = 0usize;
    for demo in &units {
        let unit = structure::create_unit(
            &txn,
            &scope,
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
            let input = StaffInput {
                first_name: Some(FIRST_NAMES[person % FIRST_NAMES.len()].to_owned()),
                last_name: Some(LAST_NAMES[(person * 7) % LAST_NAMES.len()].to_owned()),
                email: Some(format!("agent{person}@{slug}.demo")),
                profession: Some(profession.to_owned()),
                quotite: Some(if person % 5 == 4 { 80 } else { 100 }),
                home_unit_id: Some(unit.id),
                // The demo `agent@` account is the first person of the first unit.
                user_id: if person == 0 { agent_user } else { None },
                ..StaffInput::default()
            };
            staff::create(&txn, keys, &scope, input)
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
                    maquette::set_demand(&txn, &scope, demand)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                }
            }
        }
        created_units.push(unit);
    }
    if let Some(start) = next_month_start(Utc::now().date_naive()) {
        let end =
            next_month_start(start).map_or(start + Duration::days(30), |n| n - Duration::days(1));
        for unit in &created_units {
            rosters::create(&txn, &scope, unit.id, start, end)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    scope_demo_accounts(&txn, &scope, &accounts, site.id, &created_units).await?;
    txn.commit()
        .await
        .context("Enregistrement de l'organisation de démonstration impossible")?;
    Ok(())
}

/// The ids of the demo accounts `site@` and `cadre@`, if they exist.
struct DemoAccounts {
    site: Option<Uuid>,
    cadre: Option<Uuid>,
}

/// `site@` manages the site, `cadre@` the first unit.
async fn scope_demo_accounts(
    txn: &sea_orm::DatabaseTransaction,
    scope: &Scope,
    accounts: &DemoAccounts,
    site: Uuid,
    units: &[unit::Model],
) -> anyhow::Result<()> {
    if let Some(user) = accounts.site {
        structure::set_user_scopes(txn, scope, user, &[site], &[])
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    if let (Some(user), Some(unit)) = (accounts.cadre, units.first()) {
        structure::set_user_scopes(txn, scope, user, &[], &[unit.id])
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(())
}
