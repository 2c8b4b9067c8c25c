//! A kind of shift. See migration `m20261122_000004_create_organisation_and_rosters`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shift_type")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub code: String,
    pub label: String,
    pub start_minute: i32,
    pub duration_minutes: i32,
    pub is_night: bool,
    pub qualifications: String,
    /// `work`, `garde`, `astreinte` or `training` (migration `m20261122_000006`).
    pub activity: String,
    /// Demi-journées it counts for; null = derived from its times.
    pub half_days: Option<i32>,
    /// Break inside the shift; null = the legal minimum, taken inside it.
    pub break_minutes: Option<i32>,
    pub created_at: ChronoDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
