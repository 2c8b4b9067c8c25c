//! Solve jobs: the database is the source of truth of every job's state (design decision 4).
//!
//! A job row is written in the transaction that accepts the request; runners (the in-process
//! pool now, Redis-fed workers later) move it through `queued → running → succeeded | failed |
//! cancelled`. `fencing_token` grows each time the job is handed to a runner, and a result is
//! stored only if it carries the current token, so a late duplicate never overwrites.
//! The problem and the result are pseudonymous JSON (ids, no names): what a worker sees.
//!
//! `releve_unfinished_jobs()` lets the API find, at start-up, jobs of every tenant that a
//! crash left queued or running: a SECURITY DEFINER function returning ids only, because the
//! API's own role sees one tenant at a time under row-level security.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::tenant_isolation::{APP_ROLE, protect_tenant_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SolveJob {
    Table,
    Id,
    TenantId,
    Kind,
    State,
    Problem,
    Params,
    Result,
    Summary,
    Progress,
    Error,
    Attempts,
    FencingToken,
    CreatedBy,
    CreatedAt,
    StartedAt,
    FinishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SolveJob::Table)
                    .col(ColumnDef::new(SolveJob::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(SolveJob::TenantId).uuid().not_null())
                    // `solve` or `repair`.
                    .col(ColumnDef::new(SolveJob::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(SolveJob::State).string_len(16).not_null())
                    .col(ColumnDef::new(SolveJob::Problem).text().not_null())
                    .col(ColumnDef::new(SolveJob::Params).text().not_null())
                    .col(ColumnDef::new(SolveJob::Result).text().null())
                    .col(ColumnDef::new(SolveJob::Summary).text().null())
                    .col(ColumnDef::new(SolveJob::Progress).text().null())
                    .col(ColumnDef::new(SolveJob::Error).text().null())
                    .col(
                        ColumnDef::new(SolveJob::Attempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(SolveJob::FencingToken)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new(SolveJob::CreatedBy).uuid().not_null())
                    .col(
                        ColumnDef::new(SolveJob::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null()
                            .default(Expr::current_timestamp()),
                    )
                    .col(
                        ColumnDef::new(SolveJob::StartedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(SolveJob::FinishedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SolveJob::Table, SolveJob::TenantId)
                            .to(Tenant::Table, Tenant::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("solve_job_tenant_state_idx")
                    .table(SolveJob::Table)
                    .col(SolveJob::TenantId)
                    .col(SolveJob::State)
                    .to_owned(),
            )
            .await?;
        protect_tenant_table(manager, "solve_job", "SELECT, INSERT, UPDATE").await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            db.execute_unprepared(
                "CREATE FUNCTION releve_unfinished_jobs() \
                 RETURNS TABLE (tenant_id uuid, id uuid) \
                 LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS \
                 $$ SELECT tenant_id, id FROM solve_job WHERE state IN ('queued', 'running') \
                    ORDER BY created_at $$",
            )
            .await?;
            db.execute_unprepared("REVOKE ALL ON FUNCTION releve_unfinished_jobs() FROM PUBLIC")
                .await?;
            db.execute_unprepared(&format!(
                "GRANT EXECUTE ON FUNCTION releve_unfinished_jobs() TO {APP_ROLE}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS releve_unfinished_jobs()")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(SolveJob::Table).to_owned())
            .await
    }
}
