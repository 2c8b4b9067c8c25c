//! Relève planning engine: the problem model, rules as units, a HiGHS MIP, an independent
//! checker, a large-neighbourhood search, and the Curtois & Qu benchmark import.
//!
//! No database, no web: the engine reads a [`problem::Problem`] and returns a roster.

pub mod alerts;
pub mod calendar;
pub mod checker;
pub mod colgen;
pub mod construct;
pub mod cover_ledger;
pub mod curtois;
pub mod day_moves;
pub mod explain;
pub mod gains;
pub mod ght;
pub mod highs;
pub mod hospital;
pub mod indicators;
pub mod mip;
pub mod person_descent;
pub mod person_rules;
pub mod problem;
pub mod repair;
pub mod rules;
pub mod solve;
pub mod time;
pub mod unit_month;
