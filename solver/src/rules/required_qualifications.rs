//! A shift may only be worked by staff holding every qualification it requires.

use super::{Kind, Rule, Violation, day_label};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct RequiredQualifications;

impl Rule for RequiredQualifications {
    fn id(&self) -> &'static str {
        "required_qualifications"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Code de la santé publique : actes réservés aux professions qualifiées")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for e in 0..inst.n_staff {
            for t in 0..inst.n_shifts {
                if !inst.allowed[e][t] {
                    for d in 0..inst.n_days {
                        let c = m.x(e, d, t);
                        m.set_upper(c, 0.0);
                    }
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        roster
            .assignments()
            .filter(|&(e, _, t)| !inst.allowed[e][t])
            .map(|(e, d, t)| Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: Some(inst.staff_id(e).to_string()),
                days: vec![d],
                cost: 0,
                message: format!(
                    "poste {} le {} sans les qualifications requises ({})",
                    inst.shift_id(t),
                    day_label(inst, d),
                    inst.problem.shift_types[t].qualifications.join(", ")
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn unqualified_night_breaks_it_once() {
        let inst = tiny_with(|p| {
            p.shift_types[1].qualifications = vec!["IDE".into()];
            p.staff[1].qualifications = vec!["IDE".into()];
        });
        let bad = roster(&inst, &[("a", 2, "N"), ("b", 3, "N")]);
        assert_eq!(RequiredQualifications.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("a", 2, "D"), ("b", 3, "N")]);
        assert!(RequiredQualifications.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
