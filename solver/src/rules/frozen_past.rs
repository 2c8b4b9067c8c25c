//! The past of a published roster is not re-planned: before `replan.frozen_until`, every
//! assignment stays as in the reference (published) roster.

use super::{Kind, Rule, Violation, day_label};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct FrozenPast;

/// Days that are past, and the published roster.
pub(crate) fn frozen(inst: &Instance) -> Option<(usize, Roster)> {
    let until = inst.problem.replan.as_ref()?.frozen_until.min(inst.n_days);
    let (_, a) = inst.reference.as_ref()?;
    let mut r = Roster::new(inst.n_staff, inst.n_days);
    for &(e, d, t) in a {
        r.add(e, d, t);
    }
    (until > 0).then_some((until, r))
}

impl Rule for FrozenPast {
    fn id(&self) -> &'static str {
        "frozen_past"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Le réalisé ne se replanifie pas")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let Some((until, published)) = frozen(inst) else {
            return;
        };
        for e in 0..inst.n_staff {
            for d in 0..until {
                for t in 0..inst.n_shifts {
                    let c = m.x(e, d, t);
                    if published.has(e, d, t) {
                        // A published assignment the person may not hold stays breakable, and
                        // the checker reports it through its own rule.
                        m.lower[c] = m.upper[c].min(1.0);
                    } else {
                        m.set_upper(c, 0.0);
                    }
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let Some((until, published)) = frozen(inst) else {
            return Vec::new();
        };
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            for d in 0..until {
                if roster.shifts(e, d) != published.shifts(e, d) {
                    v.push(Violation {
                        rule: self.id(),
                        kind: self.kind(),
                        staff: Some(inst.staff_id(e).to_string()),
                        days: vec![d],
                        cost: 0,
                        message: format!(
                            "le {} est passé : son planning publié ne peut plus changer",
                            day_label(inst, d)
                        ),
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
    use crate::problem::{Assignment, Reference, Replan};
    use crate::rules::testing::*;

    #[test]
    fn changing_a_past_day_is_a_hard_violation_and_the_future_is_free() {
        let inst = tiny_with(|p| {
            p.reference = Some(Reference {
                weight: 1,
                assignments: vec![
                    Assignment {
                        staff: "a".into(),
                        day: 0,
                        shift: "D".into(),
                    },
                    Assignment {
                        staff: "a".into(),
                        day: 3,
                        shift: "D".into(),
                    },
                ],
            });
            p.replan = Some(Replan {
                frozen_until: 2,
                ..Default::default()
            });
        });
        let bad = roster(&inst, &[("a", 0, "N"), ("a", 3, "D")]);
        let v = FrozenPast.violations(&inst, &bad);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].days, vec![0]);
        let good = roster(&inst, &[("a", 0, "D"), ("b", 2, "N")]);
        assert!(FrozenPast.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
