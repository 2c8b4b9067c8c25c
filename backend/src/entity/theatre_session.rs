//! One session of the operating-theatre programme (room, date, team of shift types). See migration `m20261122_000006_create_theatre_joint_counters_fairness`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "theatre_session")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub unit_id: Uuid,
    pub room: String,
    pub date: Date,
    /// JSON list of shift type ids, one person each.
    pub team: String,
    pub weight: i32,
    pub created_at: ChronoDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
