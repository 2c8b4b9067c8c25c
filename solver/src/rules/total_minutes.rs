//! Minimum and maximum total worked minutes per staff member over the horizon.

use super::{Kind, Rule, Violation};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

/// Price per minute of breach in the repair model (see `MipBuilder::elastic_copy`).
const PENALTY: f64 = 10.0;

pub struct TotalMinutes;

impl Rule for TotalMinutes {
    fn id(&self) -> &'static str {
        "total_minutes"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Décret 2002-9, art. 1 et 9 : durée du travail sur le cycle")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for e in 0..inst.n_staff {
            let l = &inst.limits[e];
            if l.min_total_minutes.is_none() && l.max_total_minutes.is_none() {
                continue;
            }
            let mut terms = Vec::new();
            for d in 0..inst.n_days {
                for t in 0..inst.n_shifts {
                    terms.push((m.x(e, d, t), f64::from(inst.duration(t))));
                }
            }
            let lo = l.min_total_minutes.map_or(f64::NEG_INFINITY, f64::from);
            let hi = l.max_total_minutes.map_or(f64::INFINITY, f64::from);
            m.add_elastic_row(lo, hi, &terms, PENALTY);
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let l = &inst.limits[e];
            let total: u64 = roster
                .assignments()
                .filter(|a| a.0 == e)
                .map(|a| u64::from(inst.duration(a.2)))
                .sum();
            let msg = if let Some(max) = l.max_total_minutes.filter(|&m| total > u64::from(m)) {
                format!("{total} minutes travaillées pour un maximum de {max}")
            } else if let Some(min) = l.min_total_minutes.filter(|&m| total < u64::from(m)) {
                format!("{total} minutes travaillées pour un minimum de {min}")
            } else {
                continue;
            };
            v.push(Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: Some(inst.staff_id(e).to_string()),
                days: vec![],
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
    use crate::rules::testing::*;

    #[test]
    fn too_many_minutes_break_it_once() {
        let inst = tiny_with(|p| {
            p.staff[0].limits.max_total_minutes = Some(1000);
            p.staff[0].limits.min_total_minutes = Some(400);
        });
        let bad = roster(&inst, &[("a", 0, "D"), ("a", 1, "D"), ("a", 2, "D")]);
        assert_eq!(TotalMinutes.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("a", 0, "D"), ("a", 1, "D")]);
        assert!(TotalMinutes.violations(&inst, &good).is_empty());
        let too_few = roster(&inst, &[]);
        assert_eq!(TotalMinutes.violations(&inst, &too_few).len(), 1);
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
        assert_mip_agrees(&inst, &too_few);
    }
}
