//! Serde types of the hospital section (JSON form). Every field is optional or defaulted so that
//! earlier problems stay valid.

use super::params::ParameterValues;
use crate::calendar::HolidayCalendar;
use serde::{Deserialize, Serialize};

/// Problem-level hospital settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Hospital {
    /// Public holidays derived from the dates, added to `days[i].holiday`.
    #[serde(default)]
    pub holidays: Option<HolidayCalendar>,
    /// Rule parameters per scope, resolved per staff member (tenant, then establishment, then
    /// unit; within a scope by `effective_from`).
    #[serde(default)]
    pub rule_parameters: Vec<ParameterSet>,
    /// Realised astreinte call-outs before day 0 (effective work, incl. travel).
    #[serde(default)]
    pub interventions: Vec<Intervention>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Tenant,
    Establishment,
    Unit,
}

/// Parameter values for one scope, in force from a date.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ParameterSet {
    pub scope: Scope,
    /// Establishment or unit id (absent for the tenant).
    #[serde(default)]
    pub id: Option<String>,
    /// ISO date from which these values apply; absent = always.
    #[serde(default)]
    pub effective_from: Option<String>,
    /// The local decision these values come from (e.g. the accord for 11 h daily rest); cited
    /// in violation messages.
    #[serde(default)]
    pub reference: Option<String>,
    pub values: ParameterValues,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Non-medical staff of the fonction publique hospitalière (IDE, AS, ASH, sages-femmes...).
    Fph,
    /// Praticiens hospitaliers and other senior doctors.
    Ph,
    Interne,
}

/// Hospital attributes of a staff member.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StaffHospital {
    pub category: Category,
    #[serde(default)]
    pub establishment: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    /// Part-time percentage (quotité), 100 = full time.
    #[serde(default = "full_time")]
    pub quotite_percent: u32,
    /// Exclusive night worker (équipe de nuit; 1 476 h target, night worker for EU-8).
    #[serde(default)]
    pub night_team: bool,
    #[serde(default)]
    pub counters: Counters,
}

fn full_time() -> u32 {
    100
}

/// Counters at day 0 (from the réalisé), so that yearly, monthly, cycle and averaging rules hold
/// across the boundary. Minutes of effective work.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Counters {
    /// Civil year to date.
    #[serde(default)]
    pub year_worked_minutes: u32,
    #[serde(default)]
    pub year_night_minutes: u32,
    #[serde(default)]
    pub year_sundays_holidays_worked: u32,
    #[serde(default)]
    pub year_overtime_minutes: u32,
    /// Overtime in the calendar month of day 0, before day 0.
    #[serde(default)]
    pub month_overtime_minutes: u32,
    /// Overtime in the work cycle containing day 0, before day 0.
    #[serde(default)]
    pub cycle_overtime_minutes: u32,
    /// In the averaging reference period containing day 0 (quadrimestre for praticiens and the
    /// EU rules, trimestre for internes), before day 0.
    #[serde(default)]
    pub period_worked_minutes: u32,
    #[serde(default)]
    pub period_stage_half_days: u32,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// A worked shift or demi-journée.
    #[default]
    Work,
    /// On-site on-call: working time in full.
    Garde,
    /// Reachable from home: not working time (its call-outs are).
    Astreinte,
    /// Training (internes' hors-stage demi-journées): working time, not stage.
    Training,
}

/// One continuous vacation of a split shift, relative to the shift's day.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Piece {
    pub start_minute: u32,
    pub duration_minutes: u32,
}

/// Hospital attributes of a shift type. Its times must include the handover (transmissions),
/// which is effective work and counts in the amplitude.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct ShiftHospital {
    #[serde(default)]
    pub activity: Activity,
    /// Demi-journées it counts for (derived by the legal count when absent).
    #[serde(default)]
    pub half_days: Option<u32>,
    /// Break inside the shift.
    #[serde(default)]
    pub break_minutes: u32,
    /// The vacations of a split shift (their durations sum to `duration_minutes`); absent = one
    /// vacation from `start_minute`.
    #[serde(default)]
    pub pieces: Vec<Piece>,
}

/// A realised astreinte call-out before day 0.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    pub staff: String,
    /// 1 = the day before day 0.
    pub days_before: u32,
    /// Start, in minutes after midnight of that day (travel included).
    pub start_minute: u32,
    pub duration_minutes: u32,
}
