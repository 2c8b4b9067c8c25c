//! A solve job. See migration `m20261122_000003_create_solve_job`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "solve_job")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub kind: String,
    pub state: String,
    /// The pseudonymous problem (solver JSON format).
    pub problem: String,
    /// Solve parameters (JSON).
    pub params: String,
    /// The roster (solver JSON format) once succeeded.
    pub result: Option<String>,
    /// Objective, bound, violations, status (JSON) once finished.
    pub summary: Option<String>,
    /// The latest progress event (JSON).
    pub progress: Option<String>,
    pub error: Option<String>,
    pub attempts: i32,
    pub fencing_token: i64,
    pub created_by: Uuid,
    pub created_at: ChronoDateTimeWithTimeZone,
    pub started_at: Option<ChronoDateTimeWithTimeZone>,
    pub finished_at: Option<ChronoDateTimeWithTimeZone>,
    /// The Redis Stream entry of the current dispatch (`''` while it is being written).
    /// See migration `m20261122_000005_add_job_dispatch`.
    pub dispatch_id: Option<String>,
    /// Last sign of life of the current dispatch (dispatched, started, heartbeat, progress).
    pub heartbeat_at: Option<ChronoDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
