//! Imbalance between units planned in separate rosters: each roster's problem holds its own
//! unit only, so [`super::imbalance`] cannot see the other unit. Here one unit's roster is
//! short on a shift while another unit's roster has more than its target of the same
//! qualification on a shift at the same hours that date, with the loan that fixes both:
//! someone working the surplus shift, authorised in the short unit and free there that day.

use super::imbalance::Loan;
use super::{Alert, Severity};
use crate::indicators::counts::Period;
use crate::problem::{CoverReq, Instance, Roster};
use crate::rules::cover_target::{count, counts};
use crate::rules::day_label;

/// One unit's roster, over the days alerts look at.
pub struct Side<'a> {
    pub inst: &'a Instance,
    pub roster: &'a Roster,
    pub period: Period,
}

fn unit_of(inst: &Instance, t: usize) -> Option<&str> {
    inst.problem.shift_types[t]
        .hospital
        .as_ref()
        .and_then(|h| h.unit.as_deref())
}

fn site_of(inst: &Instance, t: usize) -> Option<&str> {
    inst.hospital
        .as_ref()
        .and_then(|cx| cx.org.shift_site.get(t))
        .and_then(|s| s.as_deref())
}

/// The alerts of `short`'s shifts below target that `other` could fix; `other`'s day `k` is
/// `short`'s day `k - offset` (`offset`: days from `other`'s first day to `short`'s).
pub fn between(short: &Side, other: &Side, offset: i64) -> Vec<Alert> {
    let Some(cx) = short.inst.hospital.as_ref() else {
        return Vec::new();
    };
    let (a, b) = (short.inst, other.inst);
    let day_in_other = |d: usize| usize::try_from(d as i64 + offset).ok();
    let others: Vec<&CoverReq> = b
        .cover
        .iter()
        .filter(|c| other.period.contains(c.day) && unit_of(b, c.shift).is_some())
        .collect();
    let mut present_b: Vec<u32> = others.iter().map(|c| count(b, other.roster, c)).collect();
    let mut lent = vec![vec![false; a.n_days]; a.n_staff];
    let mut v = Vec::new();
    for c in a
        .cover
        .iter()
        .filter(|c| short.period.contains(c.day) && unit_of(a, c.shift).is_some())
    {
        let mut present = count(a, short.roster, c);
        let sa = &a.problem.shift_types[c.shift];
        while present < c.target {
            let comparable = |o: &CoverReq| {
                let sb = &b.problem.shift_types[o.shift];
                Some(o.day) == day_in_other(c.day)
                    && o.qualification == c.qualification
                    && sb.start_minute == sa.start_minute
                    && sb.duration_minutes == sa.duration_minutes
                    && unit_of(b, o.shift) != unit_of(a, c.shift)
            };
            let Some(j) = (0..others.len())
                .filter(|&j| comparable(others[j]) && present_b[j] > others[j].target)
                .max_by_key(|&j| (present_b[j] - others[j].target, std::cmp::Reverse(j)))
            else {
                break;
            };
            let from = others[j];
            // Someone on the surplus shift who is in the short unit's problem (authorised
            // there), counts for its need, and is free in its roster that day.
            let candidate = (0..b.n_staff)
                .filter(|&e| other.roster.has(e, from.day, from.shift) && counts(b, from, e))
                .filter_map(|e| a.staff_ix(b.staff_id(e)))
                .filter(|&e| !lent[e][c.day] && !short.roster.works(e, c.day) && counts(a, c, e))
                .filter_map(|e| cx.org.access[e][c.shift].map(|(p, _)| (p, e)))
                .min();
            let (severity, limit) = match c.min {
                Some(min) if present < min => (Severity::Critical, min),
                _ => (Severity::Warning, c.target),
            };
            let same_site =
                site_of(a, c.shift).is_some() && site_of(a, c.shift) == site_of(b, from.shift);
            let (to_unit, from_unit) = (
                unit_of(a, c.shift).unwrap_or_default(),
                unit_of(b, from.shift).unwrap_or_default(),
            );
            let q = c
                .qualification
                .as_deref()
                .map(|q| format!(" ({q})"))
                .unwrap_or_default();
            let head = format!(
                "déséquilibre le {} : unité {to_unit} à {present} pour {} {limit} au poste {}{q}, unité {from_unit} ({}) à {} pour un objectif de {} au poste {}",
                day_label(a, c.day),
                if severity == Severity::Critical {
                    "un minimum de"
                } else {
                    "un objectif de"
                },
                a.shift_id(c.shift),
                if same_site {
                    "même établissement"
                } else {
                    "autre établissement du GHT"
                },
                present_b[j],
                from.target,
                b.shift_id(from.shift),
            );
            let Some((placement, e)) = candidate else {
                v.push(Alert {
                    kind: "unit_imbalance",
                    severity,
                    staff: None,
                    days: vec![c.day],
                    value: i64::from(present),
                    limit: i64::from(limit),
                    message: format!(
                        "{head} ; aucun agent de l'unité {from_unit} n'est autorisé dans l'unité {to_unit}"
                    ),
                    loan: None,
                });
                break;
            };
            let loan = Loan {
                staff: a.staff_id(e).to_string(),
                day: c.day,
                from_unit: from_unit.to_string(),
                from_shift: b.shift_id(from.shift).to_string(),
                to_unit: to_unit.to_string(),
                to_shift: a.shift_id(c.shift).to_string(),
                placement,
                same_site,
            };
            v.push(Alert {
                kind: "unit_imbalance",
                severity,
                staff: Some(loan.staff.clone()),
                days: vec![c.day],
                value: i64::from(present),
                limit: i64::from(limit),
                message: format!(
                    "{head} ; prêt proposé : {} de l'unité {from_unit} vers l'unité {to_unit} ({})",
                    loan.staff,
                    placement.label()
                ),
                loan: Some(loan),
            });
            lent[e][c.day] = true;
            present += 1;
            present_b[j] -= 1;
        }
    }
    v
}
