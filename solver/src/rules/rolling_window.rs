//! Maximum worked minutes in every window of N consecutive days (e.g. 48 h per 7 days),
//! history days included.

use super::{Kind, Rule, Violation, horizon_days};
use crate::mip::{Lin, MipBuilder};
use crate::problem::{Instance, Roster};

pub struct RollingWindow;

fn history_minutes(inst: &Instance, e: usize, k: usize) -> u64 {
    inst.history_shifts(e, inst.history_days - k)
        .map(|t| u64::from(inst.duration(t)))
        .sum()
}

impl Rule for RollingWindow {
    fn id(&self) -> &'static str {
        "rolling_window"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Décret 2002-9, art. 6 : 48 h au plus sur toute période de 7 jours")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let h = inst.history_days;
        let len = h + inst.n_days;
        for w in &inst.problem.rolling_windows {
            let n = w.days as usize;
            for e in 0..inst.n_staff {
                for k in 0..(len + 1).saturating_sub(n) {
                    if k + n <= h {
                        continue;
                    }
                    let mut lin = Lin::default();
                    for j in k..k + n {
                        if j < h {
                            lin.constant += history_minutes(inst, e, j) as f64;
                        } else {
                            for t in 0..inst.n_shifts {
                                lin.terms
                                    .push((m.x(e, j - h, t), f64::from(inst.duration(t))));
                            }
                        }
                    }
                    m.add_lin_row(f64::NEG_INFINITY, f64::from(w.max_minutes), &lin);
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let h = inst.history_days;
        let len = h + inst.n_days;
        let mut v = Vec::new();
        for w in &inst.problem.rolling_windows {
            let n = w.days as usize;
            for e in 0..inst.n_staff {
                let minutes: Vec<u64> = (0..len)
                    .map(|j| {
                        if j < h {
                            history_minutes(inst, e, j)
                        } else {
                            roster
                                .shifts(e, j - h)
                                .iter()
                                .map(|&t| u64::from(inst.duration(t)))
                                .sum()
                        }
                    })
                    .collect();
                for k in 0..(len + 1).saturating_sub(n) {
                    if k + n <= h {
                        continue;
                    }
                    let total: u64 = minutes[k..k + n].iter().sum();
                    if total > u64::from(w.max_minutes) {
                        v.push(Violation {
                            rule: self.id(),
                            kind: self.kind(),
                            staff: Some(inst.staff_id(e).to_string()),
                            days: horizon_days(inst, k, n),
                            cost: 0,
                            message: format!(
                                "{} h {:02} travaillées sur {n} jours pour un maximum de {} h {:02}",
                                total / 60,
                                total % 60,
                                w.max_minutes / 60,
                                w.max_minutes % 60
                            ),
                        });
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
    use crate::problem::RollingWindow as Window;
    use crate::rules::testing::*;

    #[test]
    fn too_many_hours_in_three_days_break_it_once() {
        let inst = tiny_with(|p| {
            p.rolling_windows = vec![Window {
                days: 3,
                max_minutes: 1000,
            }]
        });
        // Only the window of days 4..=6 exceeds: 480 + 600 = 1080 minutes.
        let bad = roster(&inst, &[("a", 0, "D"), ("a", 4, "D"), ("a", 6, "N")]);
        assert_eq!(RollingWindow.violations(&inst, &bad).len(), 1);
        let good = roster(&inst, &[("a", 0, "D"), ("a", 3, "D"), ("a", 6, "N")]);
        assert!(RollingWindow.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
