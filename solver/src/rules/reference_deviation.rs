//! Stability when re-planning: every assignment of the reference roster that is dropped, and
//! every assignment that is not in it, costs the reference weight (changing a shift costs 2x).

use super::{Kind, Rule, Violation, day_label};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct ReferenceDeviation;

fn reference_roster(inst: &Instance) -> Option<(u32, Roster)> {
    inst.reference.as_ref().map(|(w, a)| {
        let mut r = Roster::new(inst.n_staff, inst.n_days);
        for &(e, d, t) in a {
            r.add(e, d, t);
        }
        (*w, r)
    })
}

impl Rule for ReferenceDeviation {
    fn id(&self) -> &'static str {
        "reference_deviation"
    }
    fn kind(&self) -> Kind {
        Kind::Soft
    }
    fn source(&self) -> Option<&'static str> {
        Some("Décret 2002-9, art. 13 : tableau de service porté à la connaissance des agents")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let Some((w, r)) = reference_roster(inst) else {
            return;
        };
        let w = f64::from(w);
        for e in 0..inst.n_staff {
            for d in 0..inst.n_days {
                for t in 0..inst.n_shifts {
                    let c = m.x(e, d, t);
                    if r.has(e, d, t) {
                        m.offset += w;
                        m.add_cost(c, -w);
                    } else {
                        m.add_cost(c, w);
                    }
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let Some((w, r)) = reference_roster(inst) else {
            return Vec::new();
        };
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            for d in 0..inst.n_days {
                for t in 0..inst.n_shifts {
                    let msg = match (r.has(e, d, t), roster.has(e, d, t)) {
                        (true, false) => format!(
                            "poste {} du {} retiré du planning de référence",
                            inst.shift_id(t),
                            day_label(inst, d)
                        ),
                        (false, true) => format!(
                            "poste {} du {} ajouté au planning de référence",
                            inst.shift_id(t),
                            day_label(inst, d)
                        ),
                        _ => continue,
                    };
                    v.push(Violation {
                        rule: self.id(),
                        kind: self.kind(),
                        staff: Some(inst.staff_id(e).to_string()),
                        days: vec![d],
                        cost: i64::from(w),
                        message: msg,
                    });
                }
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Assignment, Reference};
    use crate::rules::testing::*;

    #[test]
    fn a_dropped_assignment_costs_the_weight() {
        let inst = tiny_with(|p| {
            p.reference = Some(Reference {
                weight: 5,
                assignments: vec![Assignment {
                    staff: "a".into(),
                    day: 0,
                    shift: "D".into(),
                }],
            })
        });
        let bad = roster(&inst, &[]);
        let v = ReferenceDeviation.violations(&inst, &bad);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].cost, 5);
        let good = roster(&inst, &[("a", 0, "D")]);
        assert!(ReferenceDeviation.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
