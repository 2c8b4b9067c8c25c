//! From the database to the planning engine: the problem of one roster, built from the
//! unit's staff, maquette, desiderata, absences and rule parameters.

pub mod holidays;
pub mod problem_builder;
