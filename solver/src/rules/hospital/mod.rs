//! Organisation rules of the hospital layer (not law: policy and demand): following the work
//! cycle, qualification substitutions, the order of preference of placements (own unit, pool,
//! volunteers, another site) and joint requirements (all-or-none teams such as an
//! operating-room session, at least one of several shifts such as a senior doctor on garde or
//! astreinte). They add nothing to problems without the hospital layer.

use crate::hospital::{Context, Parameters};
use crate::problem::Instance;

pub mod cycle_departure;
pub mod joint_sessions;
pub mod joint_teams;
pub mod placement;
pub mod substitution;

/// Every organisation rule.
pub static HOSPITAL_RULES: &[&dyn super::Rule] = &[
    &cycle_departure::CycleDeparture,
    &substitution::Substitution,
    &placement::PlacementPreference,
    &joint_teams::JointTeams,
    &joint_sessions::JointSessions,
];

/// The parameters in force for `e` (the defaults for staff outside the French categories).
pub(crate) fn params(cx: &Context, e: usize) -> Parameters {
    cx.staff[e]
        .as_ref()
        .map(|s| s.params.clone())
        .unwrap_or_default()
}

/// The hospital context, when the problem has one.
pub(crate) fn context(inst: &Instance) -> Option<&Context> {
    inst.hospital.as_ref()
}

#[cfg(test)]
mod tests;
