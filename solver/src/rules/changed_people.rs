//! Stability per person when re-planning: each person whose roster differs from the reference
//! (published) roster costs `replan.person_weight`, so that a repair touches as few people as
//! possible (the number of changed assignments is priced by `reference_deviation`).

use super::{Kind, Rule, Violation};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct ChangedPeople;

fn setting(inst: &Instance) -> Option<(u32, Roster)> {
    let w = inst.problem.replan.as_ref()?.person_weight;
    let (_, a) = inst.reference.as_ref()?;
    let mut r = Roster::new(inst.n_staff, inst.n_days);
    for &(e, d, t) in a {
        r.add(e, d, t);
    }
    (w > 0).then_some((w, r))
}

/// Assignments of `e` added to or dropped from `reference` in `roster`.
pub fn changes_of(inst: &Instance, reference: &Roster, roster: &Roster, e: usize) -> usize {
    (0..inst.n_days)
        .map(|d| {
            let (a, b) = (reference.shifts(e, d), roster.shifts(e, d));
            a.iter().filter(|t| !b.contains(t)).count()
                + b.iter().filter(|t| !a.contains(t)).count()
        })
        .sum()
}

impl Rule for ChangedPeople {
    fn id(&self) -> &'static str {
        "changed_people"
    }
    fn kind(&self) -> Kind {
        Kind::Soft
    }
    fn source(&self) -> Option<&'static str> {
        Some("Stabilité du tableau de service publié")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let Some((w, r)) = setting(inst) else {
            return;
        };
        for e in 0..inst.n_staff {
            // y_e = 1 as soon as one of the person's assignments changes.
            let y = m.add_col(f64::from(w), 0.0, 1.0, true);
            for d in 0..inst.n_days {
                for t in 0..inst.n_shifts {
                    let c = m.x(e, d, t);
                    if r.has(e, d, t) {
                        m.add_row(1.0, f64::INFINITY, &[(c, 1.0), (y, 1.0)]);
                    } else if m.upper[c] > 0.0 {
                        m.add_row(0.0, f64::INFINITY, &[(y, 1.0), (c, -1.0)]);
                    }
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let Some((w, r)) = setting(inst) else {
            return Vec::new();
        };
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let n = changes_of(inst, &r, roster, e);
            if n == 0 {
                continue;
            }
            let days = (0..inst.n_days)
                .filter(|&d| r.shifts(e, d) != roster.shifts(e, d))
                .collect();
            v.push(Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: Some(inst.staff_id(e).to_string()),
                days,
                cost: i64::from(w),
                message: format!("planning publié modifié ({n} changement(s) d'affectation)"),
            });
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Assignment, Reference, Replan};
    use crate::rules::testing::*;

    #[test]
    fn each_changed_person_costs_the_person_weight_once() {
        let inst = tiny_with(|p| {
            p.reference = Some(Reference {
                weight: 0,
                assignments: vec![Assignment {
                    staff: "a".into(),
                    day: 1,
                    shift: "D".into(),
                }],
            });
            p.replan = Some(Replan {
                person_weight: 7,
                ..Default::default()
            });
        });
        // a moves to a night and works an extra day: one person, three changes.
        let bad = roster(&inst, &[("a", 1, "N"), ("a", 4, "D")]);
        let v = ChangedPeople.violations(&inst, &bad);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].cost, 7);
        assert!(v[0].message.contains("3 changement"));
        let good = roster(&inst, &[("a", 1, "D")]);
        assert!(ChangedPeople.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
