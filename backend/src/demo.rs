//! Demo data for `releve demo`: seeded into the embedded database, idempotently, in seconds.
//! The demo GHTs grow with the product (staff, units and rosters arrive with later issues).

use anyhow::Context;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::entity::tenant;

/// The demo tenants: slug and display name.
pub const DEMO_TENANTS: &[(&str, &str)] = &[
    ("alpha", "GHT Alpha (démonstration)"),
    ("beta", "GHT Bêta (démonstration)"),
];

/// Inserts the demo tenants that are missing; running it twice changes nothing.
pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<()> {
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
