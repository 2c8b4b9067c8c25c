//! Why a person got an assignment: who else could have taken it (and at what cost), and why the
//! others could not.

use super::local::{LocalChecker, with_shift, without_shift};
use super::{Candidate, Reason, candidate_text, slot};
use crate::problem::Roster;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AssignmentWhy {
    pub staff: String,
    pub day: usize,
    pub shift: String,
    pub alternatives: Vec<Candidate>,
    /// In French.
    pub text: String,
}

/// Explains `e` working `t` on `d`.
pub fn why(lc: &LocalChecker, roster: &Roster, e: usize, d: usize, t: usize) -> AssignmentWhy {
    let inst = lc.inst;
    let id = inst.staff_id(e);
    let what = format!("faire {} à la place de {id}", slot(inst, d, t));
    let freed = without_shift(roster, e, d, t);
    let mut alternatives = Vec::new();
    for e2 in (0..inst.n_staff).filter(|&x| x != e && !roster.has(x, d, t)) {
        let id2 = inst.staff_id(e2);
        let (reasons, cost) = if inst.allowed[e2][t] {
            let after = with_shift(&freed, e2, d, t);
            let delta = lc.delta(roster, &after, &[e, e2], &[d]);
            (
                delta.new_hard.iter().map(Reason::from_violation).collect(),
                delta.cost,
            )
        } else {
            (
                vec![Reason {
                    rule: "required_qualifications".into(),
                    source: None,
                    staff: Some(id2.to_string()),
                    message: format!("n'a pas les qualifications du poste {}", inst.shift_id(t)),
                }],
                0,
            )
        };
        alternatives.push(Candidate {
            staff: id2.to_string(),
            blocked: !reasons.is_empty(),
            text: candidate_text(id2, &what, &reasons, cost),
            reasons,
            cost,
        });
    }
    alternatives.sort_by_key(|c| (c.blocked, c.cost));
    let possible: Vec<String> = alternatives
        .iter()
        .filter(|c| !c.blocked)
        .map(|c| format!("{} ({:+})", c.staff, c.cost))
        .collect();
    let text = if possible.is_empty() {
        format!(
            "{id} fait {} : personne d'autre ne pouvait le faire sans enfreindre une règle",
            slot(inst, d, t)
        )
    } else {
        format!(
            "{id} fait {} : d'autres pouvaient le faire (écart de coût pour le planning) : {}",
            slot(inst, d, t),
            possible.join(", ")
        )
    };
    AssignmentWhy {
        staff: id.to_string(),
        day: d,
        shift: inst.shift_id(t).to_string(),
        alternatives,
        text,
    }
}
