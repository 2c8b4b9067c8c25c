//! A minimum uninterrupted rest in each calendar week (Monday 00:00 to Monday 00:00) lying wholly
//! in the known window (history and horizon; a week running past either edge may take its rest
//! outside it). Astreinte time is rest; call-outs are not.
//!
//! MIP: a binary per candidate start of the rest (the week's start and every shift end inside
//! the week), set only if no shift overlaps the rest; at least one per week. Exact: a longest
//! free gap starts at the week's start or at the end of a worked shift.

use crate::hospital::{Context, StaffInfo};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::Violation;
use crate::rules::fr::{FrUnit, HARD, Meta, staff, violation};
use crate::time::{DAY, Item, candidate_items, day_name, hours, roster_items};

pub struct WeeklyRest {
    pub meta: &'static Meta,
    /// Minimum rest in minutes.
    pub rest: fn(&StaffInfo) -> u32,
    pub rows: fn(&StaffInfo) -> bool,
}

/// First days (extended day numbers) of the weeks checked.
pub fn weeks(inst: &Instance, cx: &Context) -> Vec<i64> {
    let h = inst.history_days as i64;
    let n = inst.n_days as i64;
    (-h..n)
        .filter(|&k| cx.weekday(k) == 0 && k + 7 <= n && k + 7 > 0)
        .collect()
}

/// Longest free gap inside `[a, b)` between the work items (sorted by start).
pub fn longest_rest(items: &[Item], a: i64, b: i64) -> i64 {
    let mut cursor = a;
    let mut best = 0;
    for i in items.iter().filter(|i| i.is_work()) {
        if i.end() <= a {
            continue;
        }
        if i.start() >= b {
            break;
        }
        best = best.max(i.start() - cursor);
        cursor = cursor.max(i.end());
    }
    best.max(b - cursor)
}

impl FrUnit for WeeklyRest {
    fn meta(&self) -> &'static Meta {
        self.meta
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            if !(self.rows)(s) {
                continue;
            }
            let rest = i64::from((self.rest)(s));
            let items = candidate_items(inst, cx, m, e);
            let work: Vec<&Item> = items.iter().filter(|i| i.is_work()).collect();
            for k in weeks(inst, cx) {
                let (a, b) = (k * DAY, (k + 7) * DAY);
                let mut starts: Vec<i64> = std::iter::once(a)
                    .chain(work.iter().map(|i| i.end()))
                    .filter(|&s| s >= a && s + rest <= b)
                    .collect();
                starts.sort_unstable();
                starts.dedup();
                let mut ys = Vec::new();
                for s0 in starts {
                    let y = m.add_col(0.0, 0.0, 1.0, true);
                    for i in work.iter().filter(|i| i.touches(s0, s0 + rest)) {
                        match i.col {
                            Some(c) => m.add_row(f64::NEG_INFINITY, 1.0, &[(y, 1.0), (c, 1.0)]),
                            None => m.set_upper(y, 0.0),
                        }
                    }
                    ys.push((y, 1.0));
                }
                m.add_elastic_row(1.0, f64::INFINITY, &ys, HARD);
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            let rest = i64::from((self.rest)(s));
            let items = roster_items(inst, cx, roster, e);
            for k in weeks(inst, cx) {
                let best = longest_rest(&items, k * DAY, (k + 7) * DAY);
                if best < rest {
                    v.push(violation(
                        self.meta,
                        inst,
                        Some(e),
                        (k.max(0)..k + 7).map(|d| d as usize).collect(),
                        0,
                        format!(
                            "semaine du {} : repos hebdomadaire le plus long de {}, {} consécutives requises",
                            day_name(cx, k),
                            hours(best),
                            hours(rest)
                        ),
                    ));
                }
            }
        }
        v
    }
}
