//! Rosters: one unit, one period, every version kept. The machine proposes, a human disposes
//! (design decision 6): draft → proposed → validated → published, each step attributed and
//! logged; hard-rule violations block validation until someone accepts them with a reason.

pub mod alerts;
pub mod analysis;
pub mod assignment_pack;
pub mod check;
pub mod gains;
pub mod person_counters;
pub mod pool_use;
pub mod repair;
pub mod repair_adoption;
pub mod service;
pub mod solve;
pub mod store;
pub mod why_mine;
pub mod workflow;

/// Reason codes for accepted violations, late publications (FPH-TDS-2) and late changes
/// (FPH-TDS-3).
pub const REASON_CODES: [&str; 5] = [
    "unplanned_absence",
    "service_continuity",
    "staff_agreement",
    "exceptional_event",
    "other",
];

/// Roster states, in order.
pub const STATES: [&str; 4] = ["draft", "proposed", "validated", "published"];
