//! Soft maximum of consecutive days with a flagged shift (nights, 12 h shifts): each window of
//! `max + 1` consecutive flagged days (history included, meeting the horizon) costs the weight,
//! so a run of `max + k` days costs `k` times. One flagged shift a day at most (FPH staff work
//! one shift a day), so a day's flag is the sum of its flagged assignments.

use crate::hospital::{Context, Parameters};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::Violation;
use crate::rules::fr::{FrUnit, Meta, staff, violation};
use crate::time::{Item, candidate_items, day_name, roster_items};

pub struct MaxRun {
    pub meta: &'static Meta,
    pub flag: fn(cx: &Context, p: &Parameters, i: &Item) -> bool,
    pub max: fn(&Parameters) -> u32,
    pub weight: fn(&Parameters) -> u32,
    /// "nuits" or "postes de 12 h".
    pub what: &'static str,
}

impl MaxRun {
    fn span(inst: &Instance) -> (i64, i64) {
        (-(inst.history_days as i64), inst.n_days as i64)
    }
}

impl FrUnit for MaxRun {
    fn meta(&self) -> &'static Meta {
        self.meta
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        let (lo, hi) = Self::span(inst);
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            let p = &s.params;
            let (max, w) = (i64::from((self.max)(p)), (self.weight)(p));
            if w == 0 {
                continue;
            }
            let items = candidate_items(inst, cx, m, e);
            let flagged: Vec<&Item> = items.iter().filter(|i| (self.flag)(cx, p, i)).collect();
            for k in lo..hi - max {
                if k + max < 0 {
                    continue;
                }
                let slack = m.add_col(f64::from(w), 0.0, f64::INFINITY, false);
                let mut terms = vec![(slack, -1.0)];
                let mut constant = 0.0;
                for day in k..=k + max {
                    let fixed = flagged.iter().any(|i| i.day == day && i.col.is_none());
                    if fixed {
                        constant += 1.0;
                    } else {
                        terms.extend(
                            flagged
                                .iter()
                                .filter(|i| i.day == day)
                                .filter_map(|i| i.col)
                                .map(|c| (c, 1.0)),
                        );
                    }
                }
                m.add_row(f64::NEG_INFINITY, max as f64 - constant, &terms);
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let (lo, hi) = Self::span(inst);
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            let p = &s.params;
            let (max, w) = (i64::from((self.max)(p)), i64::from((self.weight)(p)));
            if w == 0 {
                continue;
            }
            let items = roster_items(inst, cx, roster, e);
            let on = |d: i64| items.iter().any(|i| i.day == d && (self.flag)(cx, p, i));
            let mut d = lo;
            while d < hi {
                if !on(d) {
                    d += 1;
                    continue;
                }
                let start = d;
                while d < hi && on(d) {
                    d += 1;
                }
                let len = d - start;
                // Windows of max + 1 days inside the run that meet the horizon.
                let windows = (d - 1 - max) - start.max(-max) + 1;
                if windows > 0 {
                    v.push(violation(
                        self.meta,
                        inst,
                        Some(e),
                        (start.max(0)..d).map(|x| x as usize).collect(),
                        w * windows,
                        format!(
                            "{len} {} consécutifs à partir du {} pour un maximum conseillé de {max}",
                            self.what,
                            day_name(cx, start)
                        ),
                    ));
                }
            }
        }
        v
    }
}
