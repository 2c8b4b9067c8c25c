//! Imbalance between units: one unit short on a shift while another unit of the same site (or,
//! failing that, of the GHT) has more than its target of the same qualification on a shift at
//! the same hours that day, with the loan that fixes both: someone of the unit in surplus,
//! authorised in the short unit, moved there (preferring the pool, then volunteers, then
//! another site, as the repair does).

use super::{Alert, Severity};
use crate::hospital::Placement;
use crate::indicators::counts::Period;
use crate::problem::{CoverReq, Instance, Roster};
use crate::rules::cover_target::{count, counts};
use crate::rules::day_label;
use serde::Serialize;

/// Moving one person from a unit in surplus to a short one, on one day.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Loan {
    pub staff: String,
    pub day: usize,
    pub from_unit: String,
    pub from_shift: String,
    pub to_unit: String,
    pub to_shift: String,
    /// How the person stands in the short unit (pool, volunteer, another site).
    pub placement: Placement,
    /// Both units are on the same site.
    pub same_site: bool,
}

fn unit_of(inst: &Instance, t: usize) -> Option<&str> {
    inst.problem.shift_types[t]
        .hospital
        .as_ref()
        .and_then(|h| h.unit.as_deref())
}

/// Same day, same qualification counted, same hours, another unit.
fn comparable(inst: &Instance, a: &CoverReq, b: &CoverReq) -> bool {
    let (sa, sb) = (
        &inst.problem.shift_types[a.shift],
        &inst.problem.shift_types[b.shift],
    );
    a.day == b.day
        && a.qualification == b.qualification
        && sa.start_minute == sb.start_minute
        && sa.duration_minutes == sb.duration_minutes
        && unit_of(inst, a.shift).is_some()
        && unit_of(inst, b.shift).is_some()
        && unit_of(inst, a.shift) != unit_of(inst, b.shift)
}

pub fn imbalance(inst: &Instance, roster: &Roster, period: Period) -> Vec<Alert> {
    let Some(cx) = inst.hospital.as_ref() else {
        return Vec::new();
    };
    let cover: Vec<&CoverReq> = inst
        .cover
        .iter()
        .filter(|c| period.contains(c.day) && unit_of(inst, c.shift).is_some())
        .collect();
    let mut present: Vec<u32> = cover.iter().map(|c| count(inst, roster, c)).collect();
    let mut lent = vec![vec![false; inst.n_days]; inst.n_staff];
    let mut v = Vec::new();
    for i in 0..cover.len() {
        let short = cover[i];
        let same_site =
            |j: usize| cx.org.shift_site[short.shift] == cx.org.shift_site[cover[j].shift];
        while present[i] < short.target {
            // Units in surplus: the same site first, then the largest surplus.
            let surplus = (0..cover.len())
                .filter(|&j| comparable(inst, short, cover[j]) && present[j] > cover[j].target)
                .max_by_key(|&j| {
                    (
                        same_site(j),
                        present[j] - cover[j].target,
                        std::cmp::Reverse(j),
                    )
                });
            let Some(j) = surplus else { break };
            let from = cover[j];
            let candidate = (0..inst.n_staff)
                .filter(|&e| {
                    !lent[e][short.day]
                        && roster.has(e, short.day, from.shift)
                        && counts(inst, from, e)
                        && counts(inst, short, e)
                })
                .filter_map(|e| cx.org.access[e][short.shift].map(|(p, _)| (p, e)))
                .min();
            let (severity, limit) = match short.min {
                Some(min) if present[i] < min => (Severity::Critical, min),
                _ => (Severity::Warning, short.target),
            };
            let (to_unit, from_unit) = (
                unit_of(inst, short.shift).unwrap_or_default(),
                unit_of(inst, from.shift).unwrap_or_default(),
            );
            let scope = if same_site(j) {
                "même établissement"
            } else {
                "autre établissement du GHT"
            };
            let q = short
                .qualification
                .as_deref()
                .map(|q| format!(" ({q})"))
                .unwrap_or_default();
            let head = format!(
                "déséquilibre le {} : unité {to_unit} à {} pour {} {limit} au poste {}{q}, unité {from_unit} ({scope}) à {} pour un objectif de {} au poste {}",
                day_label(inst, short.day),
                present[i],
                if severity == Severity::Critical {
                    "un minimum de"
                } else {
                    "un objectif de"
                },
                inst.shift_id(short.shift),
                present[j],
                from.target,
                inst.shift_id(from.shift),
            );
            let Some((placement, e)) = candidate else {
                v.push(Alert {
                    kind: "unit_imbalance",
                    severity,
                    staff: None,
                    days: vec![short.day],
                    value: i64::from(present[i]),
                    limit: i64::from(limit),
                    message: format!("{head} ; aucun agent de l'unité {from_unit} n'est autorisé dans l'unité {to_unit}"),
                    loan: None,
                });
                break;
            };
            let loan = Loan {
                staff: inst.staff_id(e).to_string(),
                day: short.day,
                from_unit: from_unit.to_string(),
                from_shift: inst.shift_id(from.shift).to_string(),
                to_unit: to_unit.to_string(),
                to_shift: inst.shift_id(short.shift).to_string(),
                placement,
                same_site: same_site(j),
            };
            v.push(Alert {
                kind: "unit_imbalance",
                severity,
                staff: Some(loan.staff.clone()),
                days: vec![short.day],
                value: i64::from(present[i]),
                limit: i64::from(limit),
                message: format!(
                    "{head} ; prêt proposé : {} de l'unité {from_unit} vers l'unité {to_unit} ({})",
                    loan.staff,
                    placement.label()
                ),
                loan: Some(loan),
            });
            lent[e][short.day] = true;
            present[i] += 1;
            present[j] -= 1;
        }
    }
    v
}
