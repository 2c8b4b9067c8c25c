//! Maximum and minimum number of shifts of each type per staff member over the horizon.

use super::{Kind, Rule, Violation};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

/// Price per shift of breach in the repair model (see `MipBuilder::elastic_copy`).
const PENALTY: f64 = 5000.0;

pub struct ShiftsPerType;

impl Rule for ShiftsPerType {
    fn id(&self) -> &'static str {
        "shifts_per_type"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Contrat de travail / tableau de service")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for e in 0..inst.n_staff {
            let l = &inst.limits[e];
            for t in 0..inst.n_shifts {
                let max = l.max_shifts[t];
                let min = l.min_shifts[t];
                if max.is_none() && min == 0 {
                    continue;
                }
                if max == Some(0) {
                    for d in 0..inst.n_days {
                        let c = m.x(e, d, t);
                        m.set_upper(c, 0.0);
                    }
                    if min == 0 {
                        continue;
                    }
                }
                let terms: Vec<_> = (0..inst.n_days).map(|d| (m.x(e, d, t), 1.0)).collect();
                let hi = max.map_or(f64::INFINITY, f64::from);
                m.add_elastic_row(f64::from(min), hi, &terms, PENALTY);
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let l = &inst.limits[e];
            for t in 0..inst.n_shifts {
                let days: Vec<usize> = (0..inst.n_days).filter(|&d| roster.has(e, d, t)).collect();
                let n = days.len() as u32;
                let msg = if let Some(max) = l.max_shifts[t].filter(|&m| n > m) {
                    format!("{n} postes {} pour un maximum de {max}", inst.shift_id(t))
                } else if n < l.min_shifts[t] {
                    format!(
                        "{n} postes {} pour un minimum de {}",
                        inst.shift_id(t),
                        l.min_shifts[t]
                    )
                } else {
                    continue;
                };
                v.push(Violation {
                    rule: self.id(),
                    kind: self.kind(),
                    staff: Some(inst.staff_id(e).to_string()),
                    days,
                    cost: 0,
                    message: msg,
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
    fn too_many_nights_break_it_once() {
        let inst = tiny_with(|p| {
            p.staff[0].limits.max_shifts.insert("N".into(), 1);
        });
        let bad = roster(&inst, &[("a", 0, "N"), ("a", 1, "N")]);
        assert_eq!(ShiftsPerType.violations(&inst, &bad).len(), 1);
        let good = roster(
            &inst,
            &[("a", 0, "N"), ("a", 1, "D"), ("b", 1, "N"), ("b", 2, "N")],
        );
        assert!(ShiftsPerType.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }

    #[test]
    fn too_few_days_break_it_once() {
        let inst = tiny_with(|p| {
            p.staff[1].limits.min_shifts.insert("D".into(), 2);
        });
        let bad = roster(&inst, &[("b", 0, "D")]);
        assert_eq!(ShiftsPerType.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("b", 0, "D"), ("b", 4, "D")]);
        assert!(ShiftsPerType.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
