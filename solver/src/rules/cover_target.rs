//! Cover: the number of staff on a shift (holding a qualification, if given) on a day should be
//! the target; each person short costs `under_weight`, each person over costs `over_weight`.

use super::{Kind, Rule, Violation, day_label};
use crate::mip::MipBuilder;
use crate::problem::{CoverReq, Instance, Roster};

pub struct CoverTarget;

/// Staff counted by a cover requirement.
pub fn counts(inst: &Instance, c: &CoverReq, e: usize) -> bool {
    match &c.qualification {
        None => true,
        Some(q) => inst.problem.staff[e].qualifications.contains(q),
    }
}

pub fn count(inst: &Instance, roster: &Roster, c: &CoverReq) -> u32 {
    (0..inst.n_staff)
        .filter(|&e| counts(inst, c, e) && roster.has(e, c.day, c.shift))
        .count() as u32
}

pub fn what(inst: &Instance, c: &CoverReq) -> String {
    let q = c
        .qualification
        .as_deref()
        .map(|q| format!(" ({q})"))
        .unwrap_or_default();
    format!(
        "poste {}{q} le {}",
        inst.shift_id(c.shift),
        day_label(inst, c.day)
    )
}

impl Rule for CoverTarget {
    fn id(&self) -> &'static str {
        "cover_target"
    }
    fn kind(&self) -> Kind {
        Kind::Soft
    }
    fn source(&self) -> Option<&'static str> {
        Some("Effectif cible du service")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for c in &inst.cover {
            // sum x + under - over = target
            let under = m.add_col(f64::from(c.under_weight), 0.0, f64::INFINITY, false);
            let over = m.add_col(f64::from(c.over_weight), 0.0, f64::INFINITY, false);
            let mut terms = vec![(under, 1.0), (over, -1.0)];
            terms.extend(
                (0..inst.n_staff)
                    .filter(|&e| counts(inst, c, e))
                    .map(|e| (m.x(e, c.day, c.shift), 1.0)),
            );
            let t = f64::from(c.target);
            m.add_row(t, t, &terms);
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for c in &inst.cover {
            let n = count(inst, roster, c);
            let (cost, msg) = if n < c.target {
                (
                    i64::from(c.under_weight) * i64::from(c.target - n),
                    format!(
                        "{} : {n} personne(s) pour un effectif cible de {}",
                        what(inst, c),
                        c.target
                    ),
                )
            } else if n > c.target {
                (
                    i64::from(c.over_weight) * i64::from(n - c.target),
                    format!(
                        "{} : {n} personne(s) pour un effectif cible de {}",
                        what(inst, c),
                        c.target
                    ),
                )
            } else {
                continue;
            };
            v.push(Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: None,
                days: vec![c.day],
                cost,
                message: msg,
            });
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Cover;
    use crate::rules::testing::*;

    #[test]
    fn one_person_short_costs_the_under_weight() {
        let inst = tiny_with(|p| {
            p.cover = vec![Cover {
                day: 1,
                shift: "D".into(),
                qualification: None,
                min: None,
                target: 2,
                max: None,
                under_weight: 100,
                over_weight: 1,
            }]
        });
        let bad = roster(&inst, &[("a", 1, "D"), ("b", 1, "N")]);
        let v = CoverTarget.violations(&inst, &bad);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].cost, 100);
        let good = roster(&inst, &[("a", 1, "D"), ("b", 1, "D")]);
        assert!(CoverTarget.violations(&inst, &good).is_empty());
        let over = roster(&inst, &[("a", 1, "D"), ("b", 1, "D"), ("a", 2, "D")]);
        assert!(CoverTarget.violations(&inst, &over).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }

    #[test]
    fn a_zero_target_charges_over_cover() {
        let inst = tiny_with(|p| {
            p.cover = vec![Cover {
                day: 0,
                shift: "N".into(),
                qualification: None,
                min: None,
                target: 0,
                max: None,
                under_weight: 100,
                over_weight: 3,
            }]
        });
        let bad = roster(&inst, &[("a", 0, "N"), ("b", 0, "N")]);
        assert_eq!(CoverTarget.violations(&inst, &bad)[0].cost, 6);
        assert_mip_agrees(&inst, &bad);
    }
}
