//! Rules on the shifts of one staff member that start on one day (daily maxima, amplitude,
//! split shifts, breaks, demi-journée counts). The MIP forbids every minimal breaking set of up
//! to three shifts of a day, which is exact for days of at most three shifts when breaking is
//! preserved by adding shifts (true of every rule using this shape).

use crate::hospital::{Context, StaffInfo};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::Violation;
use crate::rules::fr::{FrUnit, Meta, forbid_together, staff, violation};
use crate::time::{Item, candidate_items, roster_items};

/// `Some(message)` when the shifts of one day break the rule.
pub type DayTest = fn(cx: &Context, s: &StaffInfo, items: &[&Item]) -> Option<String>;

pub struct SameDay {
    pub meta: &'static Meta,
    pub test: DayTest,
}

/// The horizon shifts by day (days in order, each day's shifts in the order of `items`): one
/// vector sorted by day (a stable sort) rather than a map of vectors, since every check of the
/// hospital local searches calls this.
fn by_day(items: &[Item]) -> Vec<&Item> {
    let mut v: Vec<&Item> = items
        .iter()
        .filter(|i| !i.is_callout() && i.in_horizon())
        .collect();
    v.sort_by_key(|i| i.day);
    v
}

impl FrUnit for SameDay {
    fn meta(&self) -> &'static Meta {
        self.meta
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            let items = candidate_items(inst, cx, m, e);
            for day in by_day(&items).chunk_by(|a, b| a.day == b.day) {
                let n = day.len();
                let bad = |set: &[&Item]| (self.test)(cx, s, set).is_some();
                for i in 0..n {
                    if bad(&[day[i]]) {
                        forbid_together(m, &[day[i]]);
                        continue;
                    }
                    for j in i + 1..n {
                        if bad(&[day[j]]) {
                            continue;
                        }
                        if bad(&[day[i], day[j]]) {
                            forbid_together(m, &[day[i], day[j]]);
                            continue;
                        }
                        for k in j + 1..n {
                            let set = [day[i], day[j], day[k]];
                            if !bad(&[day[k]])
                                && !bad(&[day[i], day[k]])
                                && !bad(&[day[j], day[k]])
                                && bad(&set)
                            {
                                forbid_together(m, &set);
                            }
                        }
                    }
                }
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
            for set in by_day(&items).chunk_by(|a, b| a.day == b.day) {
                let day = set[0].day;
                if let Some(msg) = (self.test)(cx, s, set) {
                    v.push(violation(
                        self.meta,
                        inst,
                        Some(e),
                        vec![day as usize],
                        0,
                        msg,
                    ));
                }
            }
        }
        v
    }
}
