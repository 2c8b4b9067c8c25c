//! Hard cover bounds: at least `min` and at most `max` staff on a shift on a day (holding the
//! qualification, if given).

use super::cover_target::{count, counts, what};
use super::{Kind, Rule, Violation};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

/// Price per person of breach in the repair model (see `MipBuilder::elastic_copy`).
pub(crate) const PENALTY: f64 = 5000.0;

pub struct CoverBounds;

impl Rule for CoverBounds {
    fn id(&self) -> &'static str {
        "cover_bounds"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Effectif minimum de sécurité du service")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for c in &inst.cover {
            if c.min.is_none() && c.max.is_none() {
                continue;
            }
            let terms: Vec<_> = (0..inst.n_staff)
                .filter(|&e| counts(inst, c, e))
                .map(|e| (m.x(e, c.day, c.shift), 1.0))
                .collect();
            let lo = c.min.map_or(f64::NEG_INFINITY, f64::from);
            let hi = c.max.map_or(f64::INFINITY, f64::from);
            m.add_elastic_row(lo, hi, &terms, PENALTY);
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for c in &inst.cover {
            let n = count(inst, roster, c);
            let msg = if let Some(min) = c.min.filter(|&m| n < m) {
                format!(
                    "{} : {n} personne(s) pour un effectif minimum de {min}",
                    what(inst, c)
                )
            } else if let Some(max) = c.max.filter(|&m| n > m) {
                format!(
                    "{} : {n} personne(s) pour un effectif maximum de {max}",
                    what(inst, c)
                )
            } else {
                continue;
            };
            v.push(Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: None,
                days: vec![c.day],
                cost: 0,
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
    fn nobody_qualified_on_a_night_breaks_a_minimum_of_one() {
        let inst = tiny_with(|p| {
            p.staff[1].qualifications = vec!["IDE".into()];
            p.cover = vec![Cover {
                day: 3,
                shift: "N".into(),
                qualification: Some("IDE".into()),
                min: Some(1),
                target: 1,
                max: Some(1),
                under_weight: 10,
                over_weight: 1,
            }]
        });
        let bad = roster(&inst, &[("a", 3, "N")]);
        assert_eq!(CoverBounds.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("a", 3, "N"), ("b", 3, "N")]);
        assert!(CoverBounds.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
