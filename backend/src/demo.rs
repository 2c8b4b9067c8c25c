//! Demo data for `releve demo`: seeded into the embedded database, idempotently, in seconds.
//! The demo GHTs grow with the product (staff, units and rosters arrive with later issues).

use anyhow::Context;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::audit::Actor;
use crate::entity::tenant;
use crate::identity::users::{self, NewUser};
use crate::keys::KeyRing;
use crate::tenancy::TenantId;

/// The demo tenants: slug and display name.
pub const DEMO_TENANTS: &[(&str, &str)] = &[
    ("alpha", "GHT Alpha (démonstration)"),
    ("beta", "GHT Bêta (démonstration)"),
];

/// The password of every demo account (documented in the README; demo data only).
pub const DEMO_PASSWORD: &str = "releve-demo";

/// One demo account per role in each demo GHT: `<prefix>@<slug>.demo`.
pub const DEMO_ACCOUNTS: &[(&str, &str)] = &[
    ("admin", "ght_admin"),
    ("site", "site_manager"),
    ("cadre", "unit_manager"),
    ("rh", "hr"),
    ("agent", "staff"),
    ("dpo", "auditor"),
];

/// The e-mail of a demo account.
pub fn demo_email(prefix: &str, slug: &str) -> String {
    format!("{prefix}@{slug}.demo")
}

/// Inserts the demo tenants and accounts that are missing; running it twice changes nothing.
pub async fn seed(db: &DatabaseConnection, keys: &KeyRing) -> anyhow::Result<()> {
    seed_tenants(db).await?;
    for (slug, _) in DEMO_TENANTS {
        let tenant = tenant::Entity::find()
            .filter(tenant::Column::Slug.eq(*slug))
            .one(db)
            .await
            .context("Lecture des GHT de démonstration impossible")?
            .with_context(|| format!("GHT de démonstration « {slug} » introuvable"))?;
        for (prefix, role) in DEMO_ACCOUNTS {
            let email = demo_email(prefix, slug);
            if users::find_for_login(db, keys, &email).await?.is_some() {
                continue;
            }
            let new = NewUser {
                email: &email,
                password: DEMO_PASSWORD,
                role,
                scopes: Vec::new(),
            };
            users::create_user(db, keys, TenantId(tenant.id), &Actor::system(), new)
                .await
                .with_context(|| {
                    format!("Création du compte de démonstration {email} impossible")
                })?;
        }
        crate::demo_data::seed_organisation(db, keys, TenantId(tenant.id), slug).await?;
    }
    Ok(())
}

async fn seed_tenants(db: &DatabaseConnection) -> anyhow::Result<()> {
    for (slug, name) in DEMO_TENANTS {
        let existing = tenant::Entity::find()
            .filter(tenant::Column::Slug.eq(*slug))
            .one(db)
            .await
            .context("Lecture des GHT de démonstration impossible")?;
        if existing.is_none() {
            tenant::Entity::insert(tenant::ActiveModel {
                id: Set(uuid::Uuid::new_v4()),
                slug: Set((*slug).to_owned()),
                name: Set((*name).to_owned()),
                created_at: Set(chrono::Utc::now().fixed_offset()),
            })
            .exec(db)
            .await
            .with_context(|| format!("Création du GHT de démonstration « {slug} » impossible"))?;
        }
    }
    Ok(())
}
