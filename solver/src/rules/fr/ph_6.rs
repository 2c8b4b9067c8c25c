//! PH-6: at most 24 h of continuous work, followed immediately by a rest of equal length.
//! Continuous work joins shifts separated by less than the 11 h daily rest (PH-5), so a day of
//! two demi-journées then a night garde is 24 h in a row and must be followed by 24 h off. The
//! equal-rest condition only adds to PH-5 for blocks over 11 h.
//!
//! MIP: chains of up to 4 candidate shifts with gaps under 11 h: a chain over 24 h is
//! forbidden; a chain over 11 h is forbidden with a shift starting too soon after it, unless a
//! shift in between extends the block. Exact for blocks of up to 4 shifts.

use super::{FrUnit, HARD, Meta, PH, item_days, staff, violation};
use crate::hospital::Context;
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Violation};
use crate::time::{Item, candidate_items, hours, minute_name, roster_items};

static META: Meta = Meta {
    id: "PH-6",
    kind: Kind::Hard,
    citation: "art. R6152-27, code de la santé publique",
    effective_from: "2003-01-01",
    categories: PH,
};

pub struct Continuous;
pub static RULE: Continuous = Continuous;

const MAX_CHAIN: usize = 4;

fn chains(items: &[&Item], join: i64) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut stack: Vec<Vec<usize>> = (0..items.len()).map(|i| vec![i]).collect();
    while let Some(c) = stack.pop() {
        let last = items[c[c.len() - 1]];
        if c.len() < MAX_CHAIN {
            for (j, n) in items.iter().enumerate().skip(c[c.len() - 1] + 1) {
                if n.start() >= last.end() && n.start() - last.end() < join {
                    let mut c2 = c.clone();
                    c2.push(j);
                    stack.push(c2);
                }
            }
        }
        out.push(c);
    }
    out
}

impl FrUnit for Continuous {
    fn meta(&self) -> &'static Meta {
        &META
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        for e in 0..inst.n_staff {
            let Some(s) = staff(&META, cx, e) else {
                continue;
            };
            let p = &s.params;
            let (join, max) = (
                i64::from(p.ph_daily_rest_minutes),
                i64::from(p.ph_max_continuous_minutes),
            );
            let all = candidate_items(inst, cx, m, e);
            let items: Vec<&Item> = all.iter().filter(|i| i.is_work()).collect();
            for c in chains(&items, join) {
                let (a, b) = (items[c[0]], items[c[c.len() - 1]]);
                let len = b.end() - a.start();
                let cols: Vec<(usize, f64)> = c
                    .iter()
                    .filter_map(|&k| items[k].col)
                    .map(|x| (x, 1.0))
                    .collect();
                if cols.is_empty() {
                    continue;
                }
                if len > max {
                    m.add_elastic_row(f64::NEG_INFINITY, cols.len() as f64 - 1.0, &cols, HARD);
                    continue;
                }
                if len <= join {
                    continue;
                }
                for n in items
                    .iter()
                    .filter(|n| n.start() >= b.end() + join && n.start() < b.end() + len)
                {
                    let mut terms = cols.clone();
                    let mut hi = cols.len() as f64;
                    match n.col {
                        Some(x) => terms.push((x, 1.0)),
                        None => hi -= 1.0,
                    }
                    // A shift between the chain and `n` extends the block: the row is relaxed.
                    for mid in items
                        .iter()
                        .filter(|x| x.start() >= b.end() && x.start() < b.end() + join)
                    {
                        if let Some(x) = mid.col {
                            terms.push((x, -1.0));
                        }
                    }
                    m.add_elastic_row(f64::NEG_INFINITY, hi, &terms, HARD);
                }
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(&META, cx, e) else {
                continue;
            };
            let p = &s.params;
            let (join, max) = (
                i64::from(p.ph_daily_rest_minutes),
                i64::from(p.ph_max_continuous_minutes),
            );
            let all = roster_items(inst, cx, roster, e);
            let items: Vec<&Item> = all.iter().filter(|i| i.is_work()).collect();
            // Blocks of shifts with gaps under the daily rest.
            let mut blocks: Vec<Vec<&Item>> = Vec::new();
            for i in items {
                match blocks.last_mut() {
                    Some(b)
                        if i.start() - b.iter().map(|x| x.end()).max().unwrap_or(i64::MIN)
                            < join =>
                    {
                        b.push(i)
                    }
                    _ => blocks.push(vec![i]),
                }
            }
            for (k, b) in blocks.iter().enumerate() {
                let start = b[0].start();
                let end = b.iter().map(|x| x.end()).max().unwrap_or(start);
                let len = end - start;
                let next = blocks.get(k + 1).map(|n| n[0]);
                let concerned =
                    b.iter().any(|x| x.in_horizon()) || next.is_some_and(|n| n.in_horizon());
                if !concerned {
                    continue;
                }
                let msg = if len > max {
                    format!(
                        "{} de travail continu à partir du {} pour un maximum de {}",
                        hours(len),
                        minute_name(cx, start),
                        hours(max)
                    )
                } else if let Some(n) = next.filter(|n| len > join && n.start() - end < len) {
                    format!(
                        "{} de travail continu jusqu'au {} suivies de {} de repos seulement (repos égal dû)",
                        hours(len),
                        minute_name(cx, end),
                        hours(n.start() - end)
                    )
                } else {
                    continue;
                };
                let mut its: Vec<&Item> = b.clone();
                its.extend(next);
                v.push(violation(
                    &META,
                    inst,
                    Some(e),
                    item_days(inst, &its),
                    0,
                    msg,
                ));
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Ph;

    #[test]
    fn ph_6_a_day_then_a_night_garde_needs_24_h_off_once_and_mip_agrees() {
        // AM 08:30 + PM 13:30-18:00 + garde 18:30-08:30 = 24 h in a row, then 24 h off: fine.
        // A 24 h garde then a night garde 10 h later makes one block of 48 h.
        let inst = instance("2026-03-02", 7, &[("p", Ph)], |_| {});
        let bad = roster(&inst, &[("p", 1, "G24"), ("p", 2, "G")]);
        let good = roster(
            &inst,
            &[
                ("p", 1, "AM"),
                ("p", 1, "PM"),
                ("p", 1, "G"),
                ("p", 3, "AM"),
            ],
        );
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn ph_6_more_than_24_hours_in_a_row_breaks_it() {
        let inst = instance("2026-03-02", 7, &[("p", Ph)], |_| {});
        let r = roster(
            &inst,
            &[
                ("p", 1, "AM"),
                ("p", 1, "PM"),
                ("p", 1, "G"),
                ("p", 2, "AM"),
            ],
        );
        assert!(
            RULE.violations(&inst, &r)[0]
                .message
                .contains("travail continu")
        );
    }
}
