//! What a published roster gave a person (nights, weekends, holidays, refused wishes). See migration `m20261122_000006_create_theatre_joint_counters_fairness`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fairness_ledger")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub staff_id: Uuid,
    pub roster_id: Uuid,
    pub roster_version: i32,
    pub period_start: Date,
    pub period_end: Date,
    pub nights: i32,
    pub weekends: i32,
    pub holidays: i32,
    pub refused_wishes: i32,
    pub created_at: ChronoDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
