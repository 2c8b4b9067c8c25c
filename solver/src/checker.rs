//! The independent checker: only the rules' violation functions, no MIP code. It gives every
//! violation of a roster and the objective recomputed from the soft ones.

use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Violation, all_rules};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub hard_violations: usize,
    pub objective: i64,
    pub violations: Vec<Violation>,
}

pub fn check(inst: &Instance, roster: &Roster) -> Report {
    let _items = crate::time::items_scope(inst, roster);
    let violations: Vec<Violation> = all_rules()
        .flat_map(|r| r.violations(inst, roster))
        .collect();
    let hard_violations = violations.iter().filter(|v| v.kind == Kind::Hard).count();
    let objective = violations
        .iter()
        .filter(|v| v.kind == Kind::Soft)
        .map(|v| v.cost)
        .sum();
    Report {
        hard_violations,
        objective,
        violations,
    }
}
