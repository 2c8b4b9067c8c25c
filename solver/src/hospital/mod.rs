//! The French hospital layer of the problem model: staff categories (FPH paramedical,
//! praticiens, internes), quotité and counters carried from before the horizon, shift activities
//! (work, garde, astreinte, training) with demi-journée counts, breaks and split shifts, realised
//! astreinte call-outs, public holidays, and the rule parameters the platform fills from its
//! per-tenant, per-establishment and per-unit settings.
//!
//! All of it is optional in the JSON: a problem without it (the Curtois benchmark, the generic
//! engine) is read and solved exactly as before. [`Context`] is the validated, resolved form the
//! French rules (`rules::fr`) read.

mod context;
pub mod cycles;
pub mod demand;
mod model;
pub mod organisation;
mod params;
mod targets;

pub use context::{Context, ShiftInfo, StaffInfo};
pub use model::*;
pub use organisation::Placement;
pub use params::{CATALOGUE, ParameterValues, Parameters};
pub use targets::{annual_target_minutes, weekly_due_minutes};
