//! Why a wish was refused: what granting it would cost, from the roster re-solved around it
//! with the wish forced ([`super::forced`]), and which rules and needs that re-solve pays for;
//! also the rules and needs that granting it alone (no other change) would break, and the
//! cheapest one-step grant (with a replacement for a day-off wish).

use super::forced::{ForcedGrant, ForcedSolver};
use super::local::{LocalChecker, with_shift, without_day};
use super::{Candidate, Reason, candidate_text, slot};
use crate::highs::HighsError;
use crate::indicators::counts::wish_met;
use crate::problem::{RequestKind, Roster};
use crate::rules::day_label;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RefusedWish {
    pub staff: String,
    pub day: usize,
    pub shift: Option<String>,
    pub kind: RequestKind,
    pub weight: u32,
    /// What granting it alone (no other change) would break.
    pub conflicts: Vec<Reason>,
    /// The roster re-solved around the wish with the wish forced: its cost and what it pays
    /// for (`None`: no roster of the window grants it).
    pub forced: Option<ForcedGrant>,
    /// The cheapest one-step way found to grant it without breaking a rule, with its soft cost
    /// (objective after minus before; negative = the roster would even improve).
    pub cheapest_grant: Option<Grant>,
    /// People considered as replacements for a day-off wish.
    pub replacements: Vec<Candidate>,
    /// In French.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Grant {
    /// The person who would take over the shift, for a day-off wish.
    pub replacement: Option<String>,
    pub cost: i64,
}

pub fn refused(lc: &LocalChecker, roster: &Roster) -> Result<Vec<RefusedWish>, HighsError> {
    let inst = lc.inst;
    let solver = ForcedSolver::new(inst, roster);
    let mut out = Vec::new();
    for r in inst.requests.iter().filter(|r| !wish_met(roster, r)) {
        let forced = solver.grant(r)?;
        let (e, d) = (r.staff, r.day);
        let id = inst.staff_id(e).to_string();
        let mut conflicts = Vec::new();
        let mut cheapest: Option<Grant> = None;
        let mut replacements = Vec::new();
        match r.kind {
            RequestKind::On => {
                // Try the wished shift (or each shift the person may work).
                let shifts: Vec<usize> = match r.shift {
                    Some(t) => vec![t],
                    None => (0..inst.n_shifts).filter(|&t| inst.allowed[e][t]).collect(),
                };
                if shifts.iter().all(|&t| !inst.allowed[e][t]) {
                    conflicts.push(Reason {
                        rule: "required_qualifications".into(),
                        source: None,
                        staff: Some(id.clone()),
                        message: "n'a pas les qualifications du poste souhaité".into(),
                    });
                }
                for t in shifts.into_iter().filter(|&t| inst.allowed[e][t]) {
                    let after = with_shift(roster, e, d, t);
                    let delta = lc.delta(roster, &after, &[e], &[d]);
                    if delta.new_hard.is_empty() {
                        if cheapest.as_ref().is_none_or(|g| delta.cost < g.cost) {
                            cheapest = Some(Grant {
                                replacement: None,
                                cost: delta.cost,
                            });
                        }
                    } else {
                        conflicts.extend(delta.new_hard.iter().map(Reason::from_violation));
                    }
                }
            }
            RequestKind::Off => {
                let worked: Vec<usize> = roster.shifts(e, d).to_vec();
                let off = without_day(roster, e, d);
                let delta = lc.delta(roster, &off, &[e], &[d]);
                conflicts.extend(delta.new_hard.iter().map(Reason::from_violation));
                if delta.new_hard.is_empty() {
                    cheapest = Some(Grant {
                        replacement: None,
                        cost: delta.cost,
                    });
                }
                // Someone else takes the (first) shift.
                if let Some(&t) = worked.first() {
                    let what = format!("remplacer {id} sur {}", slot(inst, d, t));
                    for e2 in (0..inst.n_staff).filter(|&x| x != e && !roster.has(x, d, t)) {
                        let id2 = inst.staff_id(e2);
                        if !inst.allowed[e2][t] {
                            continue;
                        }
                        let after = with_shift(&off, e2, d, t);
                        let dl = lc.delta(roster, &after, &[e, e2], &[d]);
                        let reasons: Vec<Reason> =
                            dl.new_hard.iter().map(Reason::from_violation).collect();
                        if reasons.is_empty() && cheapest.as_ref().is_none_or(|g| dl.cost < g.cost)
                        {
                            cheapest = Some(Grant {
                                replacement: Some(id2.to_string()),
                                cost: dl.cost,
                            });
                        }
                        replacements.push(Candidate {
                            staff: id2.to_string(),
                            blocked: !reasons.is_empty(),
                            text: candidate_text(id2, &what, &reasons, dl.cost),
                            reasons,
                            cost: dl.cost,
                        });
                    }
                }
            }
        }
        conflicts.dedup();
        let wished = match (r.kind, r.shift) {
            (RequestKind::On, Some(t)) => format!("travailler le poste {}", inst.shift_id(t)),
            (RequestKind::On, None) => "travailler".to_string(),
            (RequestKind::Off, Some(t)) => {
                format!("ne pas travailler le poste {}", inst.shift_id(t))
            }
            (RequestKind::Off, None) => "être en repos".to_string(),
        };
        let mut text = format!(
            "Souhait de {id} de {wished} le {} (poids {}) refusé",
            day_label(inst, d),
            r.weight
        );
        if !conflicts.is_empty() {
            let why: Vec<&str> = conflicts.iter().map(|c| c.message.as_str()).collect();
            text.push_str(&format!(
                " : l'accorder seul enfreindrait {}",
                why.join(" ; ")
            ));
        }
        match &forced {
            Some(g) => {
                text.push_str(&format!(
                    ". Planning recalculé autour du {} avec le souhait imposé : coût {:+}",
                    day_label(inst, d),
                    g.cost
                ));
                let moved: Vec<String> = g
                    .changes
                    .iter()
                    .filter(|c| c.staff != id)
                    .filter_map(|c| {
                        c.added
                            .as_ref()
                            .map(|t| format!("le poste {t} du {} à {}", c.date, c.staff))
                    })
                    .collect();
                if !moved.is_empty() {
                    text.push_str(&format!(" (en confiant {})", moved.join(", ")));
                }
                let paid: Vec<String> = g
                    .costs
                    .iter()
                    .filter(|c| c.cost > 0)
                    .take(3)
                    .map(|c| format!("{} ({:+})", c.message, c.cost))
                    .collect();
                if !paid.is_empty() {
                    text.push_str(&format!(", en conflit avec : {}", paid.join(" ; ")));
                }
                if !g.broken.is_empty() {
                    let why: Vec<&str> = g.broken.iter().map(|c| c.message.as_str()).collect();
                    text.push_str(&format!(" ; il faudrait enfreindre {}", why.join(" ; ")));
                }
            }
            None => text
                .push_str(". Même en recalculant les postes voisins, aucun planning ne l'accorde"),
        }
        text.push('.');
        out.push(RefusedWish {
            staff: id,
            day: d,
            shift: r.shift.map(|t| inst.shift_id(t).to_string()),
            kind: r.kind,
            weight: r.weight,
            conflicts,
            forced,
            cheapest_grant: cheapest,
            replacements,
            text,
        });
    }
    Ok(out)
}
