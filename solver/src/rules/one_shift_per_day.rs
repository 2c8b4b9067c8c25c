//! At most one shift per staff member and day, except for praticiens and internes (hospital
//! layer), who work two demi-journées a day or a garde after a day of work.

use super::{Kind, Rule, Violation, day_label};
use crate::hospital::Category;
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct OneShiftPerDay;

/// Whether the rule holds for `e`.
fn applies(inst: &Instance, e: usize) -> bool {
    let doctor = inst
        .hospital
        .as_ref()
        .and_then(|cx| cx.staff[e].as_ref())
        .is_some_and(|s| matches!(s.category, Category::Ph | Category::Interne));
    !doctor
}

impl Rule for OneShiftPerDay {
    fn id(&self) -> &'static str {
        "one_shift_per_day"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Politique de l'établissement (un poste par jour)")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for e in (0..inst.n_staff).filter(|&e| applies(inst, e)) {
            for d in 0..inst.n_days {
                let terms: Vec<_> = (0..inst.n_shifts).map(|t| (m.x(e, d, t), 1.0)).collect();
                m.add_row(f64::NEG_INFINITY, 1.0, &terms);
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in (0..inst.n_staff).filter(|&e| applies(inst, e)) {
            for d in 0..inst.n_days {
                let s = roster.shifts(e, d);
                if s.len() > 1 {
                    let names: Vec<&str> = s.iter().map(|&t| inst.shift_id(t)).collect();
                    v.push(Violation {
                        rule: self.id(),
                        kind: self.kind(),
                        staff: Some(inst.staff_id(e).to_string()),
                        days: vec![d],
                        cost: 0,
                        message: format!(
                            "{} postes le {} ({}) : un seul poste par jour est permis",
                            s.len(),
                            day_label(inst, d),
                            names.join(", ")
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
    use crate::rules::testing::*;

    #[test]
    fn two_shifts_on_one_day_break_it_once() {
        let inst = tiny();
        let bad = roster(&inst, &[("a", 0, "D"), ("a", 0, "N")]);
        assert_eq!(OneShiftPerDay.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("a", 0, "D"), ("a", 1, "N")]);
        assert!(OneShiftPerDay.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
