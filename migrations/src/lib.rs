//! The Relève database schema as an ordered list of sea-orm migrations.
//!
//! Every migration runs on PostgreSQL (production) and SQLite (embedded default).
//! File names follow `mYYYYMMDD_NNNNNN_verb_noun.rs`; each file explains its choices.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_tenant;
mod m20261122_000002_create_identity_and_keys;
mod m20261122_000003_create_solve_job;
mod m20261122_000004_create_organisation_and_rosters;
mod m20261122_000005_add_job_dispatch;
pub mod m20261122_000006_create_theatre_joint_counters_fairness;
mod m20261122_000007_add_access_log_outbox;
mod m20261122_000008_add_counter_recorded_by;
pub mod m20261122_000009_create_qualification_substitution;
mod m20261123_000010_create_assignment_pack;
mod m20261123_000011_keep_access_log_rows_inline;
mod m20261123_000012_order_the_access_log_outbox_by_time;
mod m20261123_000013_store_log_object_ids_as_bytes;
pub mod tenant_isolation;

/// The single list of migrations, in the order they apply.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_tenant::Migration),
            Box::new(m20261122_000002_create_identity_and_keys::Migration),
            Box::new(m20261122_000003_create_solve_job::Migration),
            Box::new(m20261122_000004_create_organisation_and_rosters::Migration),
            Box::new(m20261122_000005_add_job_dispatch::Migration),
            Box::new(m20261122_000006_create_theatre_joint_counters_fairness::Migration),
            Box::new(m20261122_000007_add_access_log_outbox::Migration),
            Box::new(m20261122_000008_add_counter_recorded_by::Migration),
            Box::new(m20261122_000009_create_qualification_substitution::Migration),
            Box::new(m20261123_000010_create_assignment_pack::Migration),
            Box::new(m20261123_000011_keep_access_log_rows_inline::Migration),
            Box::new(m20261123_000012_order_the_access_log_outbox_by_time::Migration),
            Box::new(m20261123_000013_store_log_object_ids_as_bytes::Migration),
        ]
    }
}
