//! From the database to the planning engine: the problem of one roster, built from the
//! unit's staff, maquette, desiderata, absences and rule parameters.

pub mod counter_entry;
pub mod counters;
pub mod fairness;
pub mod holidays;
pub mod hospital_section;
pub mod problem_builder;
