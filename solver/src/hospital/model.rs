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
    /// Units (services) and the establishment (site) each belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitDef>,
    /// Travel minutes between establishments (both directions), added to the rest required
    /// between two shifts on different sites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub travel: Vec<Travel>,
    /// The maquettes organisationnelles: demand per shift (unit x shift code x qualification)
    /// and day type, expanded into cover requirements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maquettes: Vec<MaquetteLine>,
    /// Qualifications that may fill a slot requiring another one, at a cost per shift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub substitutions: Vec<Substitution>,
    /// Work cycles (trames): lines of shift codes repeating from an anchor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cycles: Vec<Trame>,
    /// Requirements tying shifts (and professions) together on a day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joint_requirements: Vec<JointRequirement>,
    /// The operating-theatre programme: sessions per room and day, each needing its whole team.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub theatre_sessions: Vec<TheatreSession>,
}

/// A unit (service) of an establishment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    pub id: String,
    pub establishment: String,
    /// Free label (medicine, surgery, ICU...).
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Travel {
    pub from: String,
    pub to: String,
    pub minutes: u32,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum DayType {
    Weekday,
    Saturday,
    Sunday,
    /// A public holiday (whatever its weekday).
    Holiday,
}

/// Demand of one shift (of a unit, a code and the qualification the shift requires) on every
/// day of a type: `min` is hard, `target` priced.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MaquetteLine {
    pub shift: String,
    pub day_type: DayType,
    pub min: u32,
    pub target: u32,
    #[serde(default)]
    pub max: Option<u32>,
    /// Cost per person short of the target (default 100).
    #[serde(default)]
    pub under_weight: Option<u32>,
    /// Cost per person over the target (default 1).
    #[serde(default)]
    pub over_weight: Option<u32>,
}

/// A holder of `holder` may fill a slot requiring `slot`, at `cost` per shift (e.g. IDE for AS,
/// IADE for IDE; never AS for IDE: simply not listed).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Substitution {
    pub holder: String,
    pub slot: String,
    pub cost: u32,
}

/// A trame: each line lists one shift id (or `null` for a rest day) per day of the cycle
/// (7 x weeks entries), from `anchor` (a Monday).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Trame {
    pub id: String,
    pub anchor: String,
    pub lines: Vec<Vec<Option<String>>>,
}

/// A staff member's place in a trame: line index and offset in days.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CyclePlace {
    pub trame: String,
    pub line: usize,
    #[serde(default)]
    pub offset_days: u32,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum JointKind {
    /// Every listed shift is staffed by the same number of people (0 to `count`): a session
    /// takes place with its whole team or not at all; each session not held costs `weight`.
    AllOrNone,
    /// At least `count` people over the listed shifts (hard), e.g. a senior doctor on garde or
    /// astreinte every night.
    AtLeast,
}

/// A requirement over several shifts on some days.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JointRequirement {
    pub kind: JointKind,
    /// Day indices; absent = every day of the horizon.
    #[serde(default)]
    pub days: Option<Vec<usize>>,
    pub shifts: Vec<String>,
    pub count: u32,
    #[serde(default)]
    pub weight: u32,
    /// Shown in messages (e.g. "séance de bloc salle 2").
    #[serde(default)]
    pub label: Option<String>,
}

/// One session of the operating-theatre programme: the shifts of its team (surgeon,
/// anaesthetist, IADE, IBODE...), one person each; a session not held costs `weight`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TheatreSession {
    pub room: String,
    pub day: usize,
    pub team: Vec<String>,
    #[serde(default = "session_weight")]
    pub weight: u32,
}

fn session_weight() -> u32 {
    500
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
    /// Other units this person may work in (pool de suppléance or volunteer); with a home unit
    /// or this list set, shifts of other units are not allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorised_units: Vec<String>,
    /// Member of the pool de suppléance (deployed on the authorised units).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pool: bool,
    /// Place in a work cycle; the roster follows it by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<CyclePlace>,
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
    /// Days on the compte épargne-temps at day 0 (FPH-CET-*).
    #[serde(default)]
    pub cet_days: u32,
    /// Days the person is expected to put on the CET at the end of the year (leave and RTT
    /// not taken, unrecovered overtime), for the projection.
    #[serde(default)]
    pub cet_planned_deposit_days: u32,
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
    /// The unit this shift is worked in (its establishment gives the site).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
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
