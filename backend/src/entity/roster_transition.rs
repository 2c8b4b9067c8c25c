//! A change of a roster's state: who, when, why. See migration `m20261122_000004_create_organisation_and_rosters`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roster_transition")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub roster_id: Uuid,
    pub from_state: String,
    pub to_state: String,
    pub version: i32,
    pub reason_code: Option<String>,
    pub actor_id: Uuid,
    pub actor_role: String,
    pub at: ChronoDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
