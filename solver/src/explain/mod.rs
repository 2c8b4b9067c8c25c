//! Explanations in French, for a cadre and for a staff member: why a need is uncovered (which
//! rules block which people), why a wish was refused (what granting it would cost, and which
//! rule or need it conflicts with), why a person got an assignment (who else could have, and
//! why not), and when the demand cannot be covered at all, a small conflicting set
//! ([`conflict`]). Staff are named by their pseudonymous ids; the platform maps them to names.
//!
//! The blockers are local: one change of the roster is checked against every rule (see
//! [`local`]), so each named blocker really breaks a rule for that change. What a refused wish
//! would cost comes from re-solving the roster around it with the wish forced ([`forced`]).

pub mod assignment;
pub mod conflict;
pub mod forced;
pub mod local;
pub mod uncovered;
pub mod wishes;

use crate::problem::Instance;
use crate::rules::Violation;
use crate::rules::day_label;
use local::cited;
use serde::Serialize;

/// One rule a change would break.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reason {
    pub rule: String,
    pub source: Option<String>,
    /// Staff the rule concerns (absent for a need).
    pub staff: Option<String>,
    /// In French, with the source.
    pub message: String,
}

impl Reason {
    pub fn from_violation(v: &Violation) -> Self {
        Reason {
            rule: v.rule.to_string(),
            source: local::source_of(v.rule).map(str::to_string),
            staff: v.staff.clone(),
            message: cited(v),
        }
    }
}

/// A person considered for a change: blocked (with the rules) or possible (with the cost).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    pub staff: String,
    pub blocked: bool,
    pub reasons: Vec<Reason>,
    /// Soft cost of the change (objective after minus before).
    pub cost: i64,
    /// In French.
    pub text: String,
}

/// "le poste N du jour 12 (2026-03-12)".
pub(crate) fn slot(inst: &Instance, d: usize, t: usize) -> String {
    format!("le poste {} du {}", inst.shift_id(t), day_label(inst, d))
}

/// The French sentence for a candidate of a change described by `what` ("faire le poste ...").
pub(crate) fn candidate_text(staff: &str, what: &str, reasons: &[Reason], cost: i64) -> String {
    if reasons.is_empty() {
        format!("{staff} pourrait {what} (coût {cost:+})")
    } else {
        let why: Vec<&str> = reasons.iter().map(|r| r.message.as_str()).collect();
        format!("{staff} ne peut pas {what} : {}", why.join(" ; "))
    }
}

#[cfg(test)]
mod tests;

/// Everything `releve-solver explain` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Explanations {
    pub uncovered: Vec<uncovered::UncoveredNeed>,
    pub refused_wishes: Vec<wishes::RefusedWish>,
    /// For the staff asked about.
    pub assignments: Vec<assignment::AssignmentWhy>,
    /// When a minimum is uncovered and the demand cannot be covered at all.
    pub conflict: Option<conflict::Conflict>,
    pub seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    #[error("problème invalide : {0}")]
    Invalid(String),
    #[error(transparent)]
    Highs(#[from] crate::highs::HighsError),
}

/// Explains a roster: its uncovered needs, refused wishes, the assignments of `staff`, and a
/// conflicting set when a minimum is uncovered and the problem is infeasible (looked for within
/// `conflict_seconds`).
pub fn explain(
    inst: &Instance,
    roster: &crate::problem::Roster,
    staff: &[usize],
    conflict_seconds: f64,
) -> Result<Explanations, ExplainError> {
    let t0 = std::time::Instant::now();
    let lc = local::LocalChecker::new(inst).map_err(ExplainError::Invalid)?;
    let uncovered = uncovered::uncovered(&lc, roster);
    let refused_wishes = wishes::refused(&lc, roster)?;
    let assignments = roster
        .assignments()
        .filter(|(e, _, _)| staff.contains(e))
        .map(|(e, d, t)| assignment::why(&lc, roster, e, d, t))
        .collect();
    let conflict = if uncovered.iter().any(|u| u.below_minimum) && conflict_seconds > 0.0 {
        conflict::conflict(inst, conflict_seconds)?
    } else {
        None
    };
    Ok(Explanations {
        uncovered,
        refused_wishes,
        assignments,
        conflict,
        seconds: t0.elapsed().as_secs_f64(),
    })
}
