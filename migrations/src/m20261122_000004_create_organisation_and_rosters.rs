//! The organisation of a GHT, its staff, what units need, and the rosters built for them.
//!
//! Conventions shared by every table here:
//! - `id` is a UUID made by the application; `tenant_id` leads a unique key `(tenant_id, id)`
//!   and every reference to another row is a composite foreign key `(tenant_id, x_id)`, so a
//!   row can never point into another GHT (security.md R-28);
//! - row-level security is enabled and forced on every table (`protect_tenant_table`);
//! - dates are calendar days (`date`), instants are `timestamp with time zone`;
//! - lists of ids or codes are JSON text (portable between PostgreSQL and SQLite);
//! - personal data is sealed with the person's key (`*_sealed`, AES-GCM bound to tenant, table,
//!   column and row); only pseudonymous ids, codes and numbers are stored clear.
//!
//! Tables:
//! - `establishment`: a hospital (site), identified by its FINESS number (public).
//! - `pole`: a group of units of one establishment.
//! - `unit`: a care unit (service); belongs to an establishment and optionally a pole.
//! - `staff`: a person who works shifts. Profession, qualifications, quotité (per cent), home
//!   unit, and the other units and sites they may be planned in. First and last name, e-mail
//!   and phone are sealed with the person's key (`person_id` names it in `person_key`);
//!   `last_name_index` is an HMAC blind index so managers can search by name. `user_id` links
//!   the person to their account, for self-service (own desiderata, own roster).
//! - `shift_type`: a kind of shift (code, start, duration, night, qualifications required).
//! - `maquette_demand`: the staffing template: how many people a unit needs on a type of day
//!   (weekday, saturday, sunday or holiday) for a shift, optionally per qualification; `min`
//!   is hard, `target` is what the solver aims for.
//! - `work_cycle` / `staff_cycle`: a repeating 1-12 week pattern (trame) of shift codes, and
//!   which person follows it from which date.
//! - `rule_parameter`: a value overriding a legal/policy default (e.g. minimum daily rest) for
//!   the whole GHT, one site or one unit, from an effective date; the most specific and most
//!   recent applicable value wins.
//! - `site_travel_time`: minutes between two sites, for staff shared across sites.
//! - `desiderata`: a person's wish to work (`on`) or not work (`off`) a day or a shift.
//! - `absence`: a person is away over a date range. Only a *category* is stored clear (e.g.
//!   `leave`, `unplanned`): never a diagnosis. The optional reason is sealed and only the `hr`
//!   role may read it (security.md R-00a).
//! - `roster`: the roster of one unit for one period, with its state (draft, proposed,
//!   validated, published), its latest version and the version staff see once published.
//! - `roster_version`: every version of a roster, with when, by whom and how it was made
//!   (creation, manual edit, solve); versions are never changed once written.
//! - `assignment`: one shift worked by one person on one day, in one roster version.
//! - `roster_transition`: who moved a roster from one state to another, when, with which
//!   reason code (FPH-TDS-2 publication notice, FPH-TDS-3 late change).
//! - `roster_override`: a hard-rule violation a person accepted, with a reason code and its
//!   author; matched to violations by a fingerprint (rule, person, dates).
//! - `roster_solve`: a solve job requested for a roster; once the job succeeds its result is
//!   stored as a new version exactly once (`imported_version` is a compare-and-set).
//! - `roster_notification`: a person told that their published roster changed.

use sea_orm_migration::prelude::*;

use crate::tenant_isolation::protect_tenant_table;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) fn name(text: &str) -> Alias {
    Alias::new(text)
}

pub(crate) fn uuid(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).uuid().not_null().to_owned()
}

pub(crate) fn uuid_null(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).uuid().null().to_owned()
}

pub(crate) fn string(column: &str, len: u32) -> ColumnDef {
    ColumnDef::new(name(column))
        .string_len(len)
        .not_null()
        .to_owned()
}

pub(crate) fn string_null(column: &str, len: u32) -> ColumnDef {
    ColumnDef::new(name(column))
        .string_len(len)
        .null()
        .to_owned()
}

pub(crate) fn text(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).text().not_null().to_owned()
}

pub(crate) fn json_list(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .text()
        .not_null()
        .default("[]")
        .to_owned()
}

pub(crate) fn integer(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).integer().not_null().to_owned()
}

pub(crate) fn integer_null(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).integer().null().to_owned()
}

pub(crate) fn date(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).date().not_null().to_owned()
}

pub(crate) fn date_null(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).date().null().to_owned()
}

fn sealed(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).binary().not_null().to_owned()
}

fn sealed_null(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).binary().null().to_owned()
}

pub(crate) fn instant(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .timestamp_with_time_zone()
        .not_null()
        .default(Expr::current_timestamp())
        .to_owned()
}

fn instant_null(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

/// A tenant table with its `id` primary key and `tenant_id` (deleted with the tenant).
pub(crate) fn tenant_table(table: &str) -> TableCreateStatement {
    Table::create()
        .table(name(table))
        .col(uuid("id").primary_key())
        .col(uuid("tenant_id"))
        .foreign_key(
            ForeignKey::create()
                .from(name(table), name("tenant_id"))
                .to(name("tenant"), name("id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// `(tenant_id, column)` references `(tenant_id, id)` of `parent`: never across tenants.
pub(crate) fn reference(table: &str, column: &str, parent: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(name(table), (name("tenant_id"), name(column)))
        .to(name(parent), (name("tenant_id"), name("id")))
        .to_owned()
}

/// Like [`reference`], deleting the row with its parent.
pub(crate) fn owned_by(table: &str, column: &str, parent: &str) -> ForeignKeyCreateStatement {
    reference(table, column, parent)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

pub(crate) async fn unique(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &[&str],
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index
        .name(format!("{table}_{}_key", columns.join("_")))
        .table(name(table))
        .unique();
    for column in columns {
        index.col(name(column));
    }
    manager.create_index(index.to_owned()).await
}

pub(crate) async fn index(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &[&str],
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index
        .name(format!("{table}_{}_idx", columns.join("_")))
        .table(name(table));
    for column in columns {
        index.col(name(column));
    }
    manager.create_index(index.to_owned()).await
}

/// Creates the table, its `(tenant_id, id)` key for composite references, and its RLS.
pub(crate) async fn create(
    manager: &SchemaManager<'_>,
    table: TableCreateStatement,
    table_name: &str,
    privileges: &str,
) -> Result<(), DbErr> {
    manager.create_table(table).await?;
    unique(manager, table_name, &["tenant_id", "id"]).await?;
    protect_tenant_table(manager, table_name, privileges).await
}

/// Every table of this migration, parents first (dropped in reverse).
const TABLES: &[&str] = &[
    "establishment",
    "pole",
    "unit",
    "staff",
    "shift_type",
    "maquette_demand",
    "work_cycle",
    "staff_cycle",
    "rule_parameter",
    "site_travel_time",
    "desiderata",
    "absence",
    "roster",
    "roster_version",
    "assignment",
    "roster_transition",
    "roster_override",
    "roster_solve",
    "roster_notification",
];

pub(crate) const READ_WRITE: &str = "SELECT, INSERT, UPDATE, DELETE";
/// History tables: rows are added, never changed.
pub(crate) const APPEND_ONLY: &str = "SELECT, INSERT";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        create(
            m,
            tenant_table("establishment")
                .col(string("finess", 9))
                .col(string("name", 200))
                .col(instant("created_at"))
                .to_owned(),
            "establishment",
            READ_WRITE,
        )
        .await?;
        unique(m, "establishment", &["tenant_id", "finess"]).await?;

        create(
            m,
            tenant_table("pole")
                .col(uuid("establishment_id"))
                .col(string("name", 200))
                .col(instant("created_at"))
                .foreign_key(&mut reference("pole", "establishment_id", "establishment"))
                .to_owned(),
            "pole",
            READ_WRITE,
        )
        .await?;

        create(
            m,
            tenant_table("unit")
                .col(uuid("establishment_id"))
                .col(uuid_null("pole_id"))
                .col(string("code", 32))
                .col(string("name", 200))
                .col(instant("created_at"))
                .foreign_key(&mut reference("unit", "establishment_id", "establishment"))
                .foreign_key(&mut reference("unit", "pole_id", "pole"))
                .to_owned(),
            "unit",
            READ_WRITE,
        )
        .await?;
        unique(m, "unit", &["tenant_id", "code"]).await?;

        create(
            m,
            tenant_table("staff")
                .col(uuid("person_id"))
                .col(uuid_null("user_id"))
                // IDE, AS, IADE, IBODE, PH, interne…: a code, not personal data on its own.
                .col(string("profession", 32))
                .col(json_list("qualifications"))
                // Quotité in per cent of full time (50 to 100).
                .col(integer("quotite"))
                .col(uuid("home_unit_id"))
                .col(json_list("authorised_unit_ids"))
                .col(json_list("authorised_site_ids"))
                .col(sealed("first_name_sealed"))
                .col(sealed("last_name_sealed"))
                .col(sealed_null("email_sealed"))
                .col(sealed_null("phone_sealed"))
                .col(sealed("last_name_index"))
                .col(instant("created_at"))
                .col(instant("updated_at"))
                .foreign_key(&mut reference("staff", "home_unit_id", "unit"))
                .to_owned(),
            "staff",
            READ_WRITE,
        )
        .await?;
        index(m, "staff", &["tenant_id", "last_name_index"]).await?;
        index(m, "staff", &["tenant_id", "home_unit_id"]).await?;
        unique(m, "staff", &["tenant_id", "user_id"]).await?;

        create(
            m,
            tenant_table("shift_type")
                .col(string("code", 16))
                .col(string("label", 100))
                // Minutes after midnight of the shift's day.
                .col(integer("start_minute"))
                .col(integer("duration_minutes"))
                .col(ColumnDef::new(name("is_night")).boolean().not_null())
                .col(json_list("qualifications"))
                .col(instant("created_at"))
                .to_owned(),
            "shift_type",
            READ_WRITE,
        )
        .await?;
        unique(m, "shift_type", &["tenant_id", "code"]).await?;

        create(
            m,
            tenant_table("maquette_demand")
                .col(uuid("unit_id"))
                // weekday, saturday, sunday_holiday.
                .col(string("day_type", 16))
                .col(uuid("shift_type_id"))
                // Empty: any qualification counts.
                .col(string("qualification", 32))
                .col(integer("min"))
                .col(integer("target"))
                .foreign_key(&mut owned_by("maquette_demand", "unit_id", "unit"))
                .foreign_key(&mut reference(
                    "maquette_demand",
                    "shift_type_id",
                    "shift_type",
                ))
                .to_owned(),
            "maquette_demand",
            READ_WRITE,
        )
        .await?;
        unique(
            m,
            "maquette_demand",
            &[
                "tenant_id",
                "unit_id",
                "day_type",
                "shift_type_id",
                "qualification",
            ],
        )
        .await?;

        create(
            m,
            tenant_table("work_cycle")
                .col(uuid_null("unit_id"))
                .col(string("name", 200))
                .col(integer("weeks"))
                // 7 × weeks entries, Monday first: a shift type code or null (day off).
                .col(text("pattern"))
                .col(instant("created_at"))
                .foreign_key(&mut reference("work_cycle", "unit_id", "unit"))
                .to_owned(),
            "work_cycle",
            READ_WRITE,
        )
        .await?;

        create(
            m,
            tenant_table("staff_cycle")
                .col(uuid("staff_id"))
                .col(uuid("cycle_id"))
                // The pattern's first Monday falls on this date.
                .col(date("start_date"))
                .col(date_null("end_date"))
                .foreign_key(&mut owned_by("staff_cycle", "staff_id", "staff"))
                .foreign_key(&mut reference("staff_cycle", "cycle_id", "work_cycle"))
                .to_owned(),
            "staff_cycle",
            READ_WRITE,
        )
        .await?;

        create(
            m,
            tenant_table("rule_parameter")
                // tenant, site or unit; scope_id is null for the tenant.
                .col(string("scope_kind", 16))
                .col(uuid_null("scope_id"))
                .col(string("key", 64))
                .col(text("value"))
                .col(date("effective_from"))
                .col(instant("created_at"))
                .to_owned(),
            "rule_parameter",
            READ_WRITE,
        )
        .await?;
        index(m, "rule_parameter", &["tenant_id", "key"]).await?;

        create(
            m,
            tenant_table("site_travel_time")
                .col(uuid("from_site_id"))
                .col(uuid("to_site_id"))
                .col(integer("minutes"))
                .foreign_key(&mut reference(
                    "site_travel_time",
                    "from_site_id",
                    "establishment",
                ))
                .foreign_key(&mut reference(
                    "site_travel_time",
                    "to_site_id",
                    "establishment",
                ))
                .to_owned(),
            "site_travel_time",
            READ_WRITE,
        )
        .await?;
        unique(
            m,
            "site_travel_time",
            &["tenant_id", "from_site_id", "to_site_id"],
        )
        .await?;

        create(
            m,
            tenant_table("desiderata")
                .col(uuid("staff_id"))
                .col(date("date"))
                // Null: the whole day.
                .col(uuid_null("shift_type_id"))
                // on or off.
                .col(string("kind", 8))
                .col(instant("created_at"))
                .foreign_key(&mut owned_by("desiderata", "staff_id", "staff"))
                .foreign_key(&mut reference("desiderata", "shift_type_id", "shift_type"))
                .to_owned(),
            "desiderata",
            READ_WRITE,
        )
        .await?;
        index(m, "desiderata", &["tenant_id", "staff_id", "date"]).await?;

        create(
            m,
            tenant_table("absence")
                .col(uuid("staff_id"))
                .col(date("start_date"))
                .col(date("end_date"))
                // A category only (leave, unplanned, training…), never a diagnosis.
                .col(string("category", 32))
                // Free text for HR, sealed with the person's key.
                .col(sealed_null("reason_sealed"))
                .col(uuid("created_by"))
                .col(instant("created_at"))
                .foreign_key(&mut owned_by("absence", "staff_id", "staff"))
                .to_owned(),
            "absence",
            READ_WRITE,
        )
        .await?;
        index(m, "absence", &["tenant_id", "staff_id", "start_date"]).await?;

        create(
            m,
            tenant_table("roster")
                .col(uuid("unit_id"))
                .col(date("period_start"))
                // Inclusive.
                .col(date("period_end"))
                // draft, proposed, validated, published.
                .col(string("state", 16))
                .col(integer("current_version"))
                .col(integer_null("published_version"))
                .col(uuid("created_by"))
                .col(instant("created_at"))
                .col(instant("updated_at"))
                .foreign_key(&mut reference("roster", "unit_id", "unit"))
                .to_owned(),
            "roster",
            READ_WRITE,
        )
        .await?;
        index(m, "roster", &["tenant_id", "unit_id", "period_start"]).await?;

        create(
            m,
            tenant_table("roster_version")
                .col(uuid("roster_id"))
                .col(integer("number"))
                // created, edit, solve.
                .col(string("source", 16))
                .col(uuid_null("job_id"))
                .col(uuid("created_by"))
                .col(instant("created_at"))
                .foreign_key(&mut owned_by("roster_version", "roster_id", "roster"))
                .to_owned(),
            "roster_version",
            APPEND_ONLY,
        )
        .await?;
        unique(m, "roster_version", &["tenant_id", "roster_id", "number"]).await?;

        m.create_table(
            Table::create()
                .table(name("assignment"))
                .col(uuid("tenant_id"))
                .col(uuid("roster_version_id"))
                .col(uuid("staff_id"))
                .col(date("date"))
                .col(uuid("shift_type_id"))
                .primary_key(
                    Index::create()
                        .col(name("tenant_id"))
                        .col(name("roster_version_id"))
                        .col(name("staff_id"))
                        .col(name("date"))
                        .col(name("shift_type_id")),
                )
                .foreign_key(&mut owned_by(
                    "assignment",
                    "roster_version_id",
                    "roster_version",
                ))
                .foreign_key(&mut reference("assignment", "staff_id", "staff"))
                .foreign_key(&mut reference("assignment", "shift_type_id", "shift_type"))
                .to_owned(),
        )
        .await?;
        protect_tenant_table(m, "assignment", APPEND_ONLY).await?;

        create(
            m,
            tenant_table("roster_transition")
                .col(uuid("roster_id"))
                .col(string("from_state", 16))
                .col(string("to_state", 16))
                .col(integer("version"))
                .col(string_null("reason_code", 32))
                .col(uuid("actor_id"))
                .col(string("actor_role", 32))
                .col(instant("at"))
                .foreign_key(&mut owned_by("roster_transition", "roster_id", "roster"))
                .to_owned(),
            "roster_transition",
            APPEND_ONLY,
        )
        .await?;

        create(
            m,
            tenant_table("roster_override")
                .col(uuid("roster_id"))
                .col(string("rule", 64))
                .col(uuid_null("staff_id"))
                // JSON list of ISO dates the violation covers.
                .col(text("dates"))
                // rule | staff | dates: what a violation is matched on.
                .col(text("fingerprint"))
                .col(string("reason_code", 32))
                .col(uuid("author_id"))
                .col(string("author_role", 32))
                .col(instant("created_at"))
                .foreign_key(&mut owned_by("roster_override", "roster_id", "roster"))
                .to_owned(),
            "roster_override",
            APPEND_ONLY,
        )
        .await?;
        unique(
            m,
            "roster_override",
            &["tenant_id", "roster_id", "fingerprint"],
        )
        .await?;

        create(
            m,
            tenant_table("roster_solve")
                .col(uuid("roster_id"))
                .col(uuid("job_id"))
                .col(integer("base_version"))
                .col(integer_null("imported_version"))
                .col(uuid("requested_by"))
                .col(instant("created_at"))
                .foreign_key(&mut owned_by("roster_solve", "roster_id", "roster"))
                .to_owned(),
            "roster_solve",
            "SELECT, INSERT, UPDATE",
        )
        .await?;
        unique(m, "roster_solve", &["tenant_id", "job_id"]).await?;

        create(
            m,
            tenant_table("roster_notification")
                .col(uuid("roster_id"))
                .col(uuid("staff_id"))
                .col(integer("version"))
                .col(date("date"))
                .col(string("reason_code", 32))
                .col(instant("created_at"))
                .col(instant_null("read_at"))
                .foreign_key(&mut owned_by("roster_notification", "roster_id", "roster"))
                .foreign_key(&mut reference("roster_notification", "staff_id", "staff"))
                .to_owned(),
            "roster_notification",
            "SELECT, INSERT, UPDATE",
        )
        .await?;
        index(m, "roster_notification", &["tenant_id", "staff_id"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(name(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
