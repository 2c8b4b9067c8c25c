//! A person's counters over a period (planned, worked, night, overtime, leave, CET). See migration `m20261122_000006_create_theatre_joint_counters_fairness`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_counter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub staff_id: Uuid,
    pub period_start: Date,
    pub period_end: Date,
    pub planned_minutes: i32,
    pub worked_minutes: i32,
    pub night_minutes: i32,
    pub overtime_minutes: i32,
    pub sundays_holidays_worked: i32,
    pub leave_days_taken: i32,
    pub cet_days_balance: i32,
    /// `published`, `realised` or `manual`.
    pub source: String,
    /// The account that last entered worked time, leave or the CET balance by hand (migration
    /// `m20261122_000008_add_counter_recorded_by`); `None` for publication totals only.
    pub recorded_by: Option<Uuid>,
    /// When HR entered `cet_days_balance`; `None`: never entered on this row (its 0 is no value).
    pub cet_recorded_at: Option<ChronoDateTimeWithTimeZone>,
    pub updated_at: ChronoDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
