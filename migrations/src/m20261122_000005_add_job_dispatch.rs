//! What the API needs to dispatch solve jobs to Redis-fed workers (design decision 4).
//!
//! - `dispatch_id`: the Redis Stream entry of the job's current dispatch. NULL while the job
//!   waits in the database (per-tenant fairness keeps it there), `''` for the instant between
//!   claiming the job and writing the entry, then the entry id. The API acknowledges and
//!   deletes that entry once the result is stored, and re-dispatches if it vanished (Redis
//!   restarted or emptied).
//! - `heartbeat_at`: the last sign of life of the current dispatch (written when dispatched,
//!   started, and at every worker heartbeat or progress). A running job silent for longer
//!   than the reclaim delay is taken back and dispatched again with a new fencing token.
//!
//! `releve_job_schedule()` lists the unfinished jobs of every tenant with these scheduling
//! columns only (no problem, no result): the dispatcher chooses tenants round-robin and the
//! reconciler looks for lost dispatches, while the API's own role sees one tenant at a time
//! under row-level security. SECURITY DEFINER, like `releve_unfinished_jobs()`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::tenant_isolation::APP_ROLE;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SolveJob {
    Table,
    DispatchId,
    HeartbeatAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(SolveJob::Table)
                    .add_column(ColumnDef::new(SolveJob::DispatchId).string_len(64).null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SolveJob::Table)
                    .add_column(
                        ColumnDef::new(SolveJob::HeartbeatAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            db.execute_unprepared(
                "CREATE FUNCTION releve_job_schedule() \
                 RETURNS TABLE (tenant_id uuid, id uuid, state varchar, dispatch_id varchar, \
                                attempts integer, fencing_token bigint, \
                                created_at timestamptz, started_at timestamptz, \
                                heartbeat_at timestamptz) \
                 LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS \
                 $$ SELECT tenant_id, id, state, dispatch_id, attempts, fencing_token, \
                           created_at, started_at, heartbeat_at \
                    FROM solve_job WHERE state IN ('queued', 'running') ORDER BY created_at $$",
            )
            .await?;
            db.execute_unprepared("REVOKE ALL ON FUNCTION releve_job_schedule() FROM PUBLIC")
                .await?;
            db.execute_unprepared(&format!(
                "GRANT EXECUTE ON FUNCTION releve_job_schedule() TO {APP_ROLE}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS releve_job_schedule()")
                .await?;
        }
        for column in [SolveJob::HeartbeatAt, SolveJob::DispatchId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SolveJob::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
