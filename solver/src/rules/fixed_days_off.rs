//! Fixed days off and absences: no shift on those days.

use super::{Kind, Rule, Violation, day_label};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct FixedDaysOff;

impl Rule for FixedDaysOff {
    fn id(&self) -> &'static str {
        "fixed_days_off"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Congés et absences validés (Décret 2002-8)")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for &(e, d) in &inst.fixed_off {
            for t in 0..inst.n_shifts {
                let c = m.x(e, d, t);
                m.set_upper(c, 0.0);
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut seen = std::collections::BTreeSet::new();
        inst.fixed_off
            .iter()
            .filter(|&&(e, d)| roster.works(e, d) && seen.insert((e, d)))
            .map(|&(e, d)| Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: Some(inst.staff_id(e).to_string()),
                days: vec![d],
                cost: 0,
                message: format!(
                    "travail le {}, jour de repos fixé ou d'absence",
                    day_label(inst, d)
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::FixedDayOff;
    use crate::rules::testing::*;

    #[test]
    fn working_on_a_fixed_day_off_breaks_it_once() {
        let inst = tiny_with(|p| {
            p.fixed_days_off = vec![FixedDayOff {
                staff: "b".into(),
                day: 2,
            }]
        });
        let bad = roster(&inst, &[("b", 2, "N"), ("a", 2, "D")]);
        assert_eq!(FixedDaysOff.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("b", 3, "N"), ("a", 2, "D")]);
        assert!(FixedDaysOff.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
