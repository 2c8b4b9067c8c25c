//! Who may fill a slot requiring another qualification, per GHT, and who belongs to the pool
//! de suppléance. Until now both were constants of the problem builder (every GHT had the same
//! substitutions, nobody was in a pool).
//!
//! Same conventions as `m20261122_000004_create_organisation_and_rosters` (whose column
//! helpers this migration reuses, as `m20261122_000006` does): a UUID `id`, `tenant_id` leading
//! a unique `(tenant_id, id)`, row-level security enabled and forced with the app role's
//! read-write grants. Qualification codes are not personal data: nothing is sealed.
//!
//! Tables:
//! - `qualification_substitution`: a holder of `from_qualification` may fill a slot requiring
//!   `to_qualification` at `cost` per shift in the solver's objective (e.g. an IDE an AS slot
//!   at 20, an IADE or IBODE an IDE slot at 10). From `effective_from` (null: always); for a
//!   pair, the latest date on or before a roster's start applies. The legal direction (an IDE
//!   may fill an AS slot, never the reverse) is checked by the API, not here: it is a rule
//!   about qualification codes, which a CHECK constraint could only hard-code.
//!
//! Columns:
//! - `staff.pool`: the person belongs to the pool de suppléance (deployed on the units they
//!   are authorised in). A person authorised in other units without it is a volunteer; the
//!   solver prefers the own unit, then the pool, then volunteers, then another site.

use sea_orm_migration::prelude::*;

use crate::m20261122_000004_create_organisation_and_rosters::{
    READ_WRITE, create, date_null, instant, integer, string, tenant_table, unique,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every table of this migration.
pub const TABLES: &[&str] = &["qualification_substitution"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        m.alter_table(
            Table::alter()
                .table(Alias::new("staff"))
                .add_column(
                    ColumnDef::new(Alias::new("pool"))
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await?;
        create(
            m,
            tenant_table("qualification_substitution")
                // Qualification codes as on staff and in the maquette (IDE, AS, IADE...).
                .col(string("from_qualification", 32))
                .col(string("to_qualification", 32))
                // Cost per shift filled this way, in the objective's units.
                .col(integer("cost"))
                .col(date_null("effective_from"))
                .col(instant("created_at"))
                .to_owned(),
            "qualification_substitution",
            READ_WRITE,
        )
        .await?;
        // One value per pair and date. PostgreSQL and SQLite both treat NULLs as distinct in
        // a unique index, so the API itself replaces an undated value instead of adding one.
        unique(
            m,
            "qualification_substitution",
            &[
                "tenant_id",
                "from_qualification",
                "to_qualification",
                "effective_from",
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(Alias::new(*table)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("staff"))
                    .drop_column(Alias::new("pool"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
