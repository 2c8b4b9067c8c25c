//! The shapes the French rules share; each rule file instantiates one.

pub mod obligation;
pub mod pairs;
pub mod runs;
pub mod same_day;
pub mod sum_cap;
pub mod weekly_rest;
