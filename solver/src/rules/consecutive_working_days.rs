//! Maximum and minimum number of consecutive working days (any shift type).
//!
//! Across the start of the horizon the history days count; days outside the known window (before
//! the history, after the horizon) count as off for the maximum. For the minimum, a run that
//! touches either edge of the known window is exempt, since it may continue outside it.

use super::{Kind, Rule, Violation, ext_worked, horizon_days, runs, work_window};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct ConsecutiveWorkingDays;

impl Rule for ConsecutiveWorkingDays {
    fn id(&self) -> &'static str {
        "consecutive_working_days"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Tableau de service ; Décret 2002-9, art. 6 (repos hebdomadaire)")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let h = inst.history_days;
        let len = m.n_ext_days();
        for e in 0..inst.n_staff {
            if let Some(cmax) = inst.limits[e].max_consecutive_days {
                let w = cmax as usize + 1;
                for k in 0..(len + 1).saturating_sub(w) {
                    if k + w > h {
                        let lin = work_window(m, e, k, w, 1.0);
                        m.add_lin_row(f64::NEG_INFINITY, f64::from(cmax), &lin);
                    }
                }
            }
            if let Some(cmin) = inst.limits[e].min_consecutive_days {
                // Forbid off, on x s, off for s < cmin.
                for s in 1..cmin as usize {
                    for k in 0..len.saturating_sub(s + 1) {
                        if k + s < h {
                            continue;
                        }
                        let mut lin = work_window(m, e, k + 1, s, -1.0);
                        m.work(&mut lin, e, k, 1.0);
                        m.work(&mut lin, e, k + s + 1, 1.0);
                        m.add_lin_row(1.0 - s as f64, f64::INFINITY, &lin);
                    }
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let h = inst.history_days;
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let l = &inst.limits[e];
            let ext = ext_worked(inst, roster, e);
            for (start, n) in runs(&ext, true) {
                if start + n <= h {
                    continue;
                }
                let msg = if let Some(cmax) = l.max_consecutive_days.filter(|&c| n > c as usize) {
                    format!("{n} jours travaillés consécutifs pour un maximum de {cmax}")
                } else if let Some(cmin) = l
                    .min_consecutive_days
                    .filter(|&c| n < c as usize && start > 0 && start + n < ext.len())
                {
                    format!("{n} jour(s) travaillé(s) consécutif(s) pour un minimum de {cmin}")
                } else {
                    continue;
                };
                v.push(Violation {
                    rule: self.id(),
                    kind: self.kind(),
                    staff: Some(inst.staff_id(e).to_string()),
                    days: horizon_days(inst, start, n),
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
    use crate::problem::HistoryAssignment;
    use crate::rules::testing::*;

    #[test]
    fn four_days_in_a_row_break_a_maximum_of_three() {
        let inst = tiny_with(|p| p.staff[0].limits.max_consecutive_days = Some(3));
        let bad = roster(
            &inst,
            &[("a", 1, "D"), ("a", 2, "D"), ("a", 3, "D"), ("a", 4, "D")],
        );
        assert_eq!(ConsecutiveWorkingDays.violations(&inst, &bad).len(), 1);
        let good = roster(
            &inst,
            &[("a", 1, "D"), ("a", 2, "D"), ("a", 3, "D"), ("a", 5, "D")],
        );
        assert!(ConsecutiveWorkingDays.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }

    #[test]
    fn history_counts_toward_the_maximum() {
        let inst = tiny_with(|p| {
            p.staff[0].limits.max_consecutive_days = Some(3);
            p.history.days = 2;
            p.history.assignments = (1..=2)
                .map(|b| HistoryAssignment {
                    staff: "a".into(),
                    days_before: b,
                    shift: "D".into(),
                })
                .collect();
        });
        let bad = roster(&inst, &[("a", 0, "D"), ("a", 1, "D")]);
        assert_eq!(ConsecutiveWorkingDays.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("a", 0, "D"), ("a", 2, "D")]);
        assert!(ConsecutiveWorkingDays.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }

    #[test]
    fn an_isolated_day_breaks_a_minimum_of_two_but_not_at_the_edges() {
        let inst = tiny_with(|p| p.staff[0].limits.min_consecutive_days = Some(2));
        let bad = roster(&inst, &[("a", 0, "D"), ("a", 3, "D"), ("a", 6, "D")]);
        assert_eq!(ConsecutiveWorkingDays.violations(&inst, &bad).len(), 1);
        let good = roster(
            &inst,
            &[("a", 0, "D"), ("a", 3, "D"), ("a", 4, "D"), ("a", 6, "D")],
        );
        assert!(ConsecutiveWorkingDays.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
