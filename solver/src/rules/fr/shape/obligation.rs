//! Soft weekly service obligations (praticiens): in each calendar week wholly in the horizon,
//! each unit of deviation from the obligation costs a weight.

use crate::hospital::{Context, StaffInfo};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::Violation;
use crate::rules::fr::{FrUnit, Meta, staff, violation};
use crate::time::{Item, candidate_items, day_name, roster_items};

pub struct Obligation {
    pub meta: &'static Meta,
    /// The obligation of staff member `e` for the week starting on day `week` (`None` = the
    /// rule does not apply to them).
    pub target:
        fn(inst: &Instance, cx: &Context, e: usize, s: &StaffInfo, week: i64) -> Option<i64>,
    /// What one shift counts toward it.
    pub quantity: fn(cx: &Context, s: &StaffInfo, i: &Item) -> i64,
    pub weight: fn(&StaffInfo) -> i64,
    /// "demi-journée(s)" or "minute(s)".
    pub unit: &'static str,
}

/// First days of the calendar weeks wholly in the horizon.
pub fn full_weeks(inst: &Instance, cx: &Context) -> Vec<i64> {
    (0..inst.n_days as i64)
        .filter(|&k| cx.weekday(k) == 0 && k + 7 <= inst.n_days as i64)
        .collect()
}

impl FrUnit for Obligation {
    fn meta(&self) -> &'static Meta {
        self.meta
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            let items = candidate_items(inst, cx, m, e);
            let w = (self.weight)(s) as f64;
            for k in full_weeks(inst, cx) {
                let Some(target) = (self.target)(inst, cx, e, s, k) else {
                    continue;
                };
                let under = m.add_col(w, 0.0, f64::INFINITY, false);
                let over = m.add_col(w, 0.0, f64::INFINITY, false);
                let mut terms = vec![(under, 1.0), (over, -1.0)];
                for i in items.iter().filter(|i| i.day >= k && i.day < k + 7) {
                    let q = (self.quantity)(cx, s, i);
                    if let (Some(c), true) = (i.col, q != 0) {
                        terms.push((c, q as f64));
                    }
                }
                m.add_row(target as f64, target as f64, &terms);
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            let items = roster_items(inst, cx, roster, e);
            for k in full_weeks(inst, cx) {
                let Some(target) = (self.target)(inst, cx, e, s, k) else {
                    continue;
                };
                let total: i64 = items
                    .iter()
                    .filter(|i| i.day >= k && i.day < k + 7)
                    .map(|i| (self.quantity)(cx, s, i))
                    .sum();
                if total != target {
                    v.push(violation(
                        self.meta,
                        inst,
                        Some(e),
                        (k..k + 7).map(|d| d as usize).collect(),
                        (self.weight)(s) * (total - target).abs(),
                        format!(
                            "semaine du {} : {total} {} planifiée(s) pour une obligation de service de {target}",
                            day_name(cx, k),
                            self.unit
                        ),
                    ));
                }
            }
        }
        v
    }
}
