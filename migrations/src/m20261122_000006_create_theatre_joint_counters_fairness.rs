//! The rest of the hospital problem in the database: the operating-theatre programme, joint
//! requirements tying professions together, each person's counters, and the fairness ledger.
//!
//! Same conventions as `m20261122_000004_create_organisation_and_rosters` (whose column
//! helpers this migration reuses): a UUID `id`, `tenant_id` leading a unique `(tenant_id, id)`,
//! composite `(tenant_id, x_id)` foreign keys so no row points into another GHT, row-level
//! security enabled and forced, lists of ids as JSON text. Nothing here is personal data beyond
//! pseudonymous ids and numbers, so nothing is sealed; counters and the ledger are still
//! personal data under the RGPD, which is why the API logs every read of them.
//!
//! Shift types gain what doctors' planning needs (`shift_type`):
//! - `activity`: `work` (a shift or demi-journée), `garde` (on-site on-call, working time in
//!   full), `astreinte` (reachable from home: not working time, its call-outs are), `training`
//!   (internes' hors-stage demi-journées);
//! - `half_days`: the demi-journées a shift counts for (a night garde counts 2); null = derived
//!   from its times by the legal count;
//! - `break_minutes`: the break inside the shift (FPH-DAY-5, EU-4, INT-7); null = the legal
//!   minimum is assumed to be taken inside the shift.
//!
//! Tables:
//! - `theatre_session`: one session of the operating-theatre programme, in a room of a theatre
//!   unit on a date. `team` lists the shift types of its team, one person each (surgeon,
//!   anaesthetist, IADE, IBODE): the session is held with its whole team or not at all, and a
//!   session not held costs `weight` in the solver's objective. The programme is an input that
//!   drives paramedical demand (IADE and IBODE follow the sessions).
//! - `joint_requirement`: a requirement over several shift types of a unit on some weekdays:
//!   `all_or_none` (every listed shift staffed by the same number of people, 0 to `count`) or
//!   `at_least` (at least `count` people over the listed shifts, hard: e.g. a senior doctor on
//!   garde or astreinte every night). In force from `effective_from` to `effective_to`.
//! - `staff_counter`: a person's counters over a period (usually a month): planned and worked
//!   minutes, night minutes, overtime, Sundays and holidays worked, leave taken and the CET
//!   (compte épargne-temps) balance at the period's end. Planned minutes are written when a
//!   roster is published; worked minutes come from the réalisé (time clock or HR import). The
//!   solver reads the civil year's and the averaging period's totals from them (history across
//!   the month boundary).
//! - `fairness_ledger`: what a published roster gave each person (nights, weekends, holidays
//!   worked, wishes refused), one row per roster and person, replaced if the roster is
//!   published again. The next period's problem adds up the last twelve months so that the
//!   burden is shared out over time, not only within a month.

use sea_orm_migration::prelude::*;

use crate::m20261122_000004_create_organisation_and_rosters::{
    READ_WRITE, create, date, date_null, index, instant, integer, json_list, owned_by, reference,
    string, tenant_table, unique, uuid,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every table of this migration, parents first (dropped in reverse).
pub const TABLES: &[&str] = &[
    "theatre_session",
    "joint_requirement",
    "staff_counter",
    "fairness_ledger",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(Alias::new("shift_type"))
                .add_column(
                    ColumnDef::new(Alias::new("activity"))
                        .string_len(16)
                        .not_null()
                        .default("work"),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("shift_type"))
                .add_column(ColumnDef::new(Alias::new("half_days")).integer().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("shift_type"))
                .add_column(ColumnDef::new(Alias::new("break_minutes")).integer().null())
                .to_owned(),
        )
        .await?;
        create(
            m,
            tenant_table("theatre_session")
                .col(uuid("unit_id"))
                // The room's name in the unit (e.g. "Salle 2").
                .col(string("room", 64))
                .col(date("date"))
                // JSON list of shift type ids, one person each.
                .col(json_list("team"))
                // Cost of the session not being held.
                .col(integer("weight"))
                .col(instant("created_at"))
                .foreign_key(&mut owned_by("theatre_session", "unit_id", "unit"))
                .to_owned(),
            "theatre_session",
            READ_WRITE,
        )
        .await?;
        unique(
            m,
            "theatre_session",
            &["tenant_id", "unit_id", "room", "date"],
        )
        .await?;

        create(
            m,
            tenant_table("joint_requirement")
                .col(uuid("unit_id"))
                // all_or_none or at_least.
                .col(string("kind", 16))
                // JSON list of shift type ids.
                .col(json_list("shift_type_ids"))
                // JSON list of weekdays (0 = Monday); empty = every day.
                .col(json_list("weekdays"))
                .col(integer("count"))
                // Cost of a session not held (all_or_none); unused by at_least (hard).
                .col(integer("weight"))
                // Shown in violation messages, e.g. "sénior de garde ou d'astreinte la nuit".
                .col(string("label", 200))
                .col(date("effective_from"))
                .col(date_null("effective_to"))
                .col(instant("created_at"))
                .foreign_key(&mut owned_by("joint_requirement", "unit_id", "unit"))
                .to_owned(),
            "joint_requirement",
            READ_WRITE,
        )
        .await?;
        index(m, "joint_requirement", &["tenant_id", "unit_id"]).await?;

        create(
            m,
            tenant_table("staff_counter")
                .col(uuid("staff_id"))
                .col(date("period_start"))
                // Inclusive.
                .col(date("period_end"))
                // Minutes of effective work.
                .col(integer("planned_minutes"))
                .col(integer("worked_minutes"))
                .col(integer("night_minutes"))
                .col(integer("overtime_minutes"))
                .col(integer("sundays_holidays_worked"))
                .col(integer("leave_days_taken"))
                // Compte épargne-temps balance at the period's end, in days.
                .col(integer("cet_days_balance"))
                // published (planned from a roster), realised (réalisé import), manual.
                .col(string("source", 16))
                .col(instant("updated_at"))
                .foreign_key(&mut owned_by("staff_counter", "staff_id", "staff"))
                .to_owned(),
            "staff_counter",
            READ_WRITE,
        )
        .await?;
        unique(
            m,
            "staff_counter",
            &["tenant_id", "staff_id", "period_start"],
        )
        .await?;

        create(
            m,
            tenant_table("fairness_ledger")
                .col(uuid("staff_id"))
                .col(uuid("roster_id"))
                .col(integer("roster_version"))
                .col(date("period_start"))
                .col(date("period_end"))
                .col(integer("nights"))
                .col(integer("weekends"))
                .col(integer("holidays"))
                .col(integer("refused_wishes"))
                .col(instant("created_at"))
                .foreign_key(&mut owned_by("fairness_ledger", "staff_id", "staff"))
                .foreign_key(&mut reference("fairness_ledger", "roster_id", "roster"))
                .to_owned(),
            "fairness_ledger",
            READ_WRITE,
        )
        .await?;
        unique(
            m,
            "fairness_ledger",
            &["tenant_id", "roster_id", "staff_id"],
        )
        .await?;
        index(
            m,
            "fairness_ledger",
            &["tenant_id", "staff_id", "period_end"],
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
        for column in ["break_minutes", "half_days", "activity"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("shift_type"))
                        .drop_column(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
