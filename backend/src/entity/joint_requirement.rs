//! A requirement tying shift types (professions) together in a unit. See migration `m20261122_000006_create_theatre_joint_counters_fairness`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "joint_requirement")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub unit_id: Uuid,
    /// `all_or_none` or `at_least`.
    pub kind: String,
    /// JSON list of shift type ids.
    pub shift_type_ids: String,
    /// JSON list of weekdays (0 = Monday); empty = every day.
    pub weekdays: String,
    pub count: i32,
    pub weight: i32,
    pub label: String,
    pub effective_from: Date,
    pub effective_to: Option<Date>,
    pub created_at: ChronoDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
