//! The seeded demo GHT (`generate`) and its solve by decomposition per unit coupled through the
//! pool de suppléance (`solve_by_unit`).

mod decompose;
mod generate;
mod rng;
mod trames;

#[cfg(test)]
mod anap_duel;
#[cfg(test)]
mod tests;

pub use decompose::{GhtError, GhtReport, UnitRun, legal_start, solve_by_unit};
pub use generate::generate;
