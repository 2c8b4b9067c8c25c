//! Every assignment of one roster version in a single row, the form the reads use.
//!
//! Reading a unit's month from `assignment` returns one row per shift worked (1 860 for 60
//! people working 31 days): PostgreSQL sends them one by one and the API decodes each one,
//! which made most of the planning screen's read. Versions never change once written (both
//! tables are append-only), so the API also writes each version's assignments packed in one
//! text value, in the transaction that writes the rows, and reads that value back.
//!
//! - `assignment_pack.id` is the `roster_version.id` it packs (one pack per version; deleted
//!   with the version).
//! - `cells`: JSON written and read by `backend/src/rosters/assignment_pack.rs` (the people
//!   and shift types of the version, the first date, and one (person, day, shift) triple of
//!   small integers per assignment). Pseudonymous ids only: nothing to seal.
//!
//! `assignment` stays the source of truth (exports, erasure minima, SQL reporting). Versions
//! written before this migration have no pack: the API reads their rows as before.
//! Not part of a tenant's export: it holds nothing that `assignment` does not.

use sea_orm_migration::prelude::*;

use crate::m20261122_000004_create_organisation_and_rosters::{
    APPEND_ONLY, create, owned_by, tenant_table, text,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create(
            manager,
            tenant_table("assignment_pack")
                .col(text("cells"))
                .foreign_key(&mut owned_by("assignment_pack", "id", "roster_version"))
                .to_owned(),
            "assignment_pack",
            APPEND_ONLY,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("assignment_pack"))
                    .to_owned(),
            )
            .await
    }
}
