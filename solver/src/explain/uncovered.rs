//! Why a need is uncovered: for every person who could count for it, the rules that adding
//! them would break (or, when none, the soft cost of adding them).

use super::local::{LocalChecker, with_shift};
use super::{Candidate, Reason, candidate_text, slot};
use crate::problem::Roster;
use crate::rules::cover_target::{count, counts, what};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct UncoveredNeed {
    pub day: usize,
    pub shift: String,
    pub qualification: Option<String>,
    pub present: u32,
    pub min: Option<u32>,
    pub target: u32,
    /// Below the minimum (hard) or only below the target (soft).
    pub below_minimum: bool,
    /// In French.
    pub text: String,
    pub candidates: Vec<Candidate>,
}

/// Every need of the roster below its target.
pub fn uncovered(lc: &LocalChecker, roster: &Roster) -> Vec<UncoveredNeed> {
    let inst = lc.inst;
    let mut out = Vec::new();
    for c in &inst.cover {
        let n = count(inst, roster, c);
        if n >= c.target {
            continue;
        }
        let (d, t) = (c.day, c.shift);
        let what_slot = format!("faire {}", slot(inst, d, t));
        let mut candidates = Vec::new();
        for e in (0..inst.n_staff).filter(|&e| counts(inst, c, e) && !roster.has(e, d, t)) {
            let id = inst.staff_id(e);
            let reasons: Vec<Reason>;
            let cost;
            if !inst.allowed[e][t] {
                reasons = vec![Reason {
                    rule: "required_qualifications".into(),
                    source: None,
                    staff: Some(id.to_string()),
                    message: format!("n'a pas les qualifications du poste {}", inst.shift_id(t)),
                }];
                cost = 0;
            } else {
                let after = with_shift(roster, e, d, t);
                let delta = lc.delta(roster, &after, &[e], &[d]);
                reasons = delta.new_hard.iter().map(Reason::from_violation).collect();
                cost = delta.cost;
            }
            candidates.push(Candidate {
                staff: id.to_string(),
                blocked: !reasons.is_empty(),
                text: candidate_text(id, &what_slot, &reasons, cost),
                reasons,
                cost,
            });
        }
        let free: Vec<&str> = candidates
            .iter()
            .filter(|c| !c.blocked)
            .map(|c| c.staff.as_str())
            .collect();
        let below_minimum = c.min.is_some_and(|m| n < m);
        let text = if free.is_empty() {
            format!(
                "{} : {n} présent(s) pour {} demandé(s) ; personne d'autre ne peut le faire sans enfreindre une règle",
                what(inst, c),
                c.target
            )
        } else {
            format!(
                "{} : {n} présent(s) pour {} demandé(s) ; possible sans enfreindre de règle pour {} (voir les coûts)",
                what(inst, c),
                c.target,
                free.join(", ")
            )
        };
        out.push(UncoveredNeed {
            day: d,
            shift: inst.shift_id(t).to_string(),
            qualification: c.qualification.clone(),
            present: n,
            min: c.min,
            target: c.target,
            below_minimum,
            text,
            candidates,
        });
    }
    out
}
