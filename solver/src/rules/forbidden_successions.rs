//! Forbidden successions: listed pairs, or pairs leaving less than the minimum rest between the
//! end of one day's shift and the start of the next day's. The day before the horizon comes
//! from the history (off when unknown).

use super::{Kind, Rule, Violation, day_label};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct ForbiddenSuccessions;

impl Rule for ForbiddenSuccessions {
    fn id(&self) -> &'static str {
        "forbidden_successions"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Décret 2002-9, art. 6 : repos quotidien de 12 h (11 h par dérogation)")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let nt = inst.n_shifts;
        for e in 0..inst.n_staff {
            // x[e,d,a] + sum_{b forbidden after a} x[e,d+1,b] <= 1: exact together with the
            // one-shift-per-day rule, and tighter than one row per pair.
            for d in 0..inst.n_days.saturating_sub(1) {
                for a in 0..nt {
                    let mut terms = vec![(m.x(e, d, a), 1.0)];
                    terms.extend(
                        (0..nt)
                            .filter(|&b| inst.forbidden[a][b])
                            .map(|b| (m.x(e, d + 1, b), 1.0)),
                    );
                    if terms.len() > 1 {
                        m.add_row(f64::NEG_INFINITY, 1.0, &terms);
                    }
                }
            }
            if inst.n_days > 0 {
                let before: Vec<usize> = inst.history_shifts(e, 1).collect();
                for a in before {
                    for b in 0..nt {
                        if inst.forbidden[a][b] {
                            let c = m.x(e, 0, b);
                            m.set_upper(c, 0.0);
                        }
                    }
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        let mut push = |e: usize, d: usize, a: usize, b: usize| {
            v.push(Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: Some(inst.staff_id(e).to_string()),
                days: if d == 0 { vec![0] } else { vec![d - 1, d] },
                cost: 0,
                message: format!(
                    "poste {} le {} après un poste {} la veille : enchaînement interdit",
                    inst.shift_id(b),
                    day_label(inst, d),
                    inst.shift_id(a)
                ),
            });
        };
        for e in 0..inst.n_staff {
            for d in 0..inst.n_days {
                let prev: Vec<usize> = if d == 0 {
                    inst.history_shifts(e, 1).collect()
                } else {
                    roster.shifts(e, d - 1).to_vec()
                };
                for &a in &prev {
                    for &b in roster.shifts(e, d) {
                        if inst.forbidden[a][b] {
                            push(e, d, a, b);
                        }
                    }
                }
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
    fn night_then_day_breaks_it_once() {
        let inst = tiny();
        let bad = roster(
            &inst,
            &[("a", 2, "N"), ("a", 3, "D"), ("b", 2, "D"), ("b", 3, "N")],
        );
        assert_eq!(ForbiddenSuccessions.violations(&inst, &bad).len(), 1);
        let good = roster(
            &inst,
            &[("a", 2, "N"), ("a", 3, "N"), ("b", 2, "D"), ("b", 3, "N")],
        );
        assert!(ForbiddenSuccessions.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }

    #[test]
    fn minimum_rest_derives_successions_and_history_counts() {
        let inst = tiny_with(|p| {
            p.forbidden_successions = vec![];
            p.min_rest_minutes = Some(720);
            p.history.days = 1;
            p.history.assignments = vec![HistoryAssignment {
                staff: "a".into(),
                days_before: 1,
                shift: "N".into(),
            }];
        });
        // N ends 07:00 and D starts 07:00: no rest. D ends 15:00, next N starts 21:00: 30 h.
        assert!(inst.forbidden[1][0]);
        assert!(!inst.forbidden[0][1]);
        let bad = roster(&inst, &[("a", 0, "D")]);
        assert_eq!(ForbiddenSuccessions.violations(&inst, &bad).len(), 1);
        assert_mip_agrees(&inst, &bad);
        let good = roster(&inst, &[("a", 0, "N"), ("a", 1, "N")]);
        assert!(ForbiddenSuccessions.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &good);
    }
}
