//! Who entered a person's counters by hand (issue 6: counters of worked hours, overtime,
//! leave and the CET, "attributed like other writes").
//!
//! `staff_counter.recorded_by` is the account that last entered worked time, leave or a CET
//! balance on the row (`recordWorkedTime`, `recordLeaveTaken`, `setCetBalance`); NULL while the
//! row only holds what a publication wrote. The access log keeps every entry with its actor;
//! this column answers "who set this value" without a log search. No foreign key to
//! `app_user`: an erased account must not take the HR history with it.
//!
//! `staff_counter.cet_recorded_at`: when HR entered the CET balance of the row; NULL means it
//! was never entered there, so the `0` of `cet_days_balance` is no value. The problem builder
//! takes the CET at day 0 from the latest row where it was entered (a later row written by a
//! publication must not read as "balance 0").

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StaffCounter {
    Table,
    RecordedBy,
    CetRecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StaffCounter::Table)
                    .add_column(ColumnDef::new(StaffCounter::RecordedBy).uuid().null())
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(StaffCounter::Table)
                    .add_column(
                        ColumnDef::new(StaffCounter::CetRecordedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StaffCounter::Table)
                    .drop_column(StaffCounter::CetRecordedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(StaffCounter::Table)
                    .drop_column(StaffCounter::RecordedBy)
                    .to_owned(),
            )
            .await
    }
}
