//! Solve jobs: rows in the database with their states, run by a pool of runners.
//!
//! The API writes the job row, hands it to the runner pool, and stores the result with a
//! compare-and-set on the job's fencing token. Today the pool runs in-process (the embedded
//! default); Redis-fed `releve worker` processes take its place behind the same states.

pub mod engine;
pub mod runner;
pub mod service;
pub mod state;

pub use state::{JobEvent, JobState};
