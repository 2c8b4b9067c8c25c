//! Maximum number of worked weekends. A weekend (the Saturday and Sunday of one calendar week,
//! as far as they lie in the horizon) is worked if any of its days is.

use super::{Kind, Rule, Violation};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct MaxWeekends;

impl Rule for MaxWeekends {
    fn id(&self) -> &'static str {
        "max_weekends"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Politique de l'établissement (équité des week-ends)")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let weekends = inst.weekends();
        for e in 0..inst.n_staff {
            let Some(max) = inst.limits[e].max_weekends else {
                continue;
            };
            if weekends.len() <= max as usize {
                continue;
            }
            let mut ks = Vec::new();
            for wk in &weekends {
                let k = m.add_col(0.0, 0.0, 1.0, true);
                for &d in wk {
                    // k >= sum_t x[e,d,t]
                    let mut terms = vec![(k, 1.0)];
                    terms.extend((0..inst.n_shifts).map(|t| (m.x(e, d, t), -1.0)));
                    m.add_row(0.0, f64::INFINITY, &terms);
                }
                ks.push((k, 1.0));
            }
            m.add_row(f64::NEG_INFINITY, f64::from(max), &ks);
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let weekends = inst.weekends();
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(max) = inst.limits[e].max_weekends else {
                continue;
            };
            let worked: Vec<&Vec<usize>> = weekends
                .iter()
                .filter(|wk| wk.iter().any(|&d| roster.works(e, d)))
                .collect();
            if worked.len() > max as usize {
                v.push(Violation {
                    rule: self.id(),
                    kind: self.kind(),
                    staff: Some(inst.staff_id(e).to_string()),
                    days: worked
                        .iter()
                        .flat_map(|wk| wk.iter().copied())
                        .filter(|&d| roster.works(e, d))
                        .collect(),
                    cost: 0,
                    message: format!(
                        "{} week-ends travaillés pour un maximum de {max}",
                        worked.len()
                    ),
                });
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
    fn a_worked_weekend_breaks_a_maximum_of_zero() {
        let inst = tiny_with(|p| p.staff[0].limits.max_weekends = Some(0));
        assert_eq!(inst.weekends(), vec![vec![5, 6]]);
        let bad = roster(&inst, &[("a", 5, "D"), ("a", 6, "D")]);
        assert_eq!(MaxWeekends.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("a", 4, "D"), ("b", 5, "D")]);
        assert!(MaxWeekends.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
