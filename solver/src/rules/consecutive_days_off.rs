//! Minimum number of consecutive days off. A run of days off touching either edge of the known
//! window (history + horizon) is exempt, since it may continue outside it.

use super::{Kind, Rule, Violation, ext_worked, horizon_days, runs, work_window};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct ConsecutiveDaysOff;

impl Rule for ConsecutiveDaysOff {
    fn id(&self) -> &'static str {
        "consecutive_days_off"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Décret 2002-9, art. 6 : 4 jours de repos par quinzaine dont 2 consécutifs")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let h = inst.history_days;
        let len = m.n_ext_days();
        for e in 0..inst.n_staff {
            let Some(omin) = inst.limits[e].min_consecutive_days_off else {
                continue;
            };
            // Forbid on, off x s, on for s < omin:
            // (1 - w[k]) + sum w[k+1..k+s] + (1 - w[k+s+1]) >= 1.
            for s in 1..omin as usize {
                for k in 0..len.saturating_sub(s + 1) {
                    if k + s < h {
                        continue;
                    }
                    let mut lin = work_window(m, e, k + 1, s, 1.0);
                    m.work(&mut lin, e, k, -1.0);
                    m.work(&mut lin, e, k + s + 1, -1.0);
                    m.add_lin_row(-1.0, f64::INFINITY, &lin);
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let h = inst.history_days;
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(omin) = inst.limits[e].min_consecutive_days_off else {
                continue;
            };
            let ext = ext_worked(inst, roster, e);
            for (start, n) in runs(&ext, false) {
                if start + n <= h || start == 0 || start + n >= ext.len() || n >= omin as usize {
                    continue;
                }
                v.push(Violation {
                    rule: self.id(),
                    kind: self.kind(),
                    staff: Some(inst.staff_id(e).to_string()),
                    days: horizon_days(inst, start, n),
                    cost: 0,
                    message: format!(
                        "{n} jour(s) de repos consécutif(s) pour un minimum de {omin}"
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
    fn a_single_day_off_breaks_a_minimum_of_two() {
        let inst = tiny_with(|p| p.staff[0].limits.min_consecutive_days_off = Some(2));
        let bad = roster(&inst, &[("a", 1, "D"), ("a", 3, "D"), ("a", 4, "D")]);
        assert_eq!(ConsecutiveDaysOff.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("a", 1, "D"), ("a", 4, "D"), ("a", 5, "D")]);
        assert!(ConsecutiveDaysOff.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
