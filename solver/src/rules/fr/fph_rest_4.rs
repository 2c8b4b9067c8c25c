//! FPH-REST-4: 4 rest days per fortnight, 2 of them consecutive including a Sunday. A rest day
//! is a calendar day with no minute of work (the day a night ends is not one). Fortnights are
//! 14-day blocks from a Monday anchor (U: alignment is local); those wholly in the known window
//! (history and horizon) are checked, so the Sunday may lie in the history.
//!
//! MIP: a binary "rest" per day of the fortnight, zero when any shift touches the day; at least
//! 4 of them; a binary per Sunday pair (Saturday-Sunday or Sunday-Monday inside the fortnight)
//! set only if both days are rest; at least one pair.

use super::{FPH, FrUnit, HARD, Meta, staff, violation};
use crate::hospital::{Context, StaffInfo};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Violation};
use crate::time::{DAY, Item, candidate_items, day_name, roster_items};

static META: Meta = Meta {
    id: "FPH-REST-4",
    kind: Kind::Hard,
    citation: "art. 6, décret 2002-9",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub struct Fortnight;
pub static RULE: Fortnight = Fortnight;

/// First days of the fortnights checked.
fn fortnights(inst: &Instance, cx: &Context, s: &StaffInfo) -> Vec<i64> {
    let Some(anchor) = crate::calendar::parse_date(&s.params.fph_fortnight_anchor) else {
        return Vec::new();
    };
    let h = inst.history_days as i64;
    let n = inst.n_days as i64;
    (-h..n)
        .filter(|&k| {
            (cx.date(k) - anchor).num_days().rem_euclid(14) == 0 && k + 14 <= n && k + 14 > 0
        })
        .collect()
}

/// Sunday pairs `(sunday, neighbour)` inside the fortnight from `k`.
fn pairs(cx: &Context, k: i64) -> Vec<(i64, i64)> {
    let mut v = Vec::new();
    for d in k..k + 14 {
        if cx.weekday(d) == 6 {
            if d > k {
                v.push((d - 1, d));
            }
            if d + 1 < k + 14 {
                v.push((d, d + 1));
            }
        }
    }
    v
}

fn touches(i: &Item, d: i64) -> bool {
    i.is_work() && i.touches(d * DAY, (d + 1) * DAY)
}

impl FrUnit for Fortnight {
    fn meta(&self) -> &'static Meta {
        &META
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        for e in 0..inst.n_staff {
            let Some(s) = staff(&META, cx, e) else {
                continue;
            };
            let items = candidate_items(inst, cx, m, e);
            for k in fortnights(inst, cx, s) {
                let mut rest = Vec::new();
                for d in k..k + 14 {
                    let o = m.add_col(0.0, 0.0, 1.0, true);
                    for i in items.iter().filter(|i| touches(i, d)) {
                        match i.col {
                            Some(c) => m.add_row(f64::NEG_INFINITY, 1.0, &[(o, 1.0), (c, 1.0)]),
                            None => m.set_upper(o, 0.0),
                        }
                    }
                    rest.push(o);
                }
                let total: Vec<(usize, f64)> = rest.iter().map(|&o| (o, 1.0)).collect();
                let need = f64::from(s.params.fph_fortnight_days_off);
                m.add_elastic_row(need, f64::INFINITY, &total, HARD);
                let mut ps = Vec::new();
                for (a, b) in pairs(cx, k) {
                    let y = m.add_col(0.0, 0.0, 1.0, true);
                    for d in [a, b] {
                        let o = rest[(d - k) as usize];
                        m.add_row(f64::NEG_INFINITY, 0.0, &[(y, 1.0), (o, -1.0)]);
                    }
                    ps.push((y, 1.0));
                }
                m.add_elastic_row(1.0, f64::INFINITY, &ps, HARD);
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(&META, cx, e) else {
                continue;
            };
            let items = roster_items(inst, cx, roster, e);
            let off = |d: i64| !items.iter().any(|i| touches(i, d));
            for k in fortnights(inst, cx, s) {
                let n_off = (k..k + 14).filter(|&d| off(d)).count();
                let need = s.params.fph_fortnight_days_off as usize;
                let sunday_pair = pairs(cx, k).iter().any(|&(a, b)| off(a) && off(b));
                let why = if n_off < need {
                    format!("{n_off} jours de repos pour {need} requis")
                } else if !sunday_pair {
                    "pas de repos de 2 jours consécutifs comprenant un dimanche".to_string()
                } else {
                    continue;
                };
                v.push(violation(
                    &META,
                    inst,
                    Some(e),
                    (k.max(0)..k + 14).map(|d| d as usize).collect(),
                    0,
                    format!("quinzaine du {} : {why}", day_name(cx, k)),
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
    use crate::hospital::Category::Fph;
    use crate::rules::Rule;

    fn anchor(p: &mut crate::problem::Problem) {
        tenant(
            p,
            crate::hospital::ParameterValues {
                fph_fortnight_anchor: Some("2026-03-02".into()),
                ..Default::default()
            },
        );
    }

    #[test]
    fn fph_rest_4_the_sunday_in_the_fortnight_once_and_mip_agrees() {
        // Fortnight 2-15 March 2026. x rests Tuesday to Friday of week 1 (4 days) but works
        // both Sundays; y rests Saturday 7 + Sunday 8 and 2 more days.
        let inst = instance("2026-03-02", 14, &[("x", Fph), ("y", Fph)], anchor);
        let work = |s: &'static str, off: &[usize]| -> Vec<(&'static str, usize, &'static str)> {
            (0..14)
                .filter(|d| !off.contains(d))
                .map(|d| (s, d, "M"))
                .collect()
        };
        let bad = roster(&inst, &work("x", &[1, 2, 3, 4]));
        let good = roster(&inst, &work("y", &[5, 6, 9, 10]));
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
        assert!(RULE.violations(&inst, &bad)[0].message.contains("dimanche"));
    }

    #[test]
    fn fph_rest_4_the_day_after_a_night_is_not_a_rest_day() {
        // Nights of Friday 6 and Saturday 7 end on Saturday and Sunday mornings: Sunday 8 is no
        // rest day, and Sunday 15 is worked: 6 rest days but no Sunday pair.
        let inst = instance("2026-03-02", 14, &[("x", Fph)], anchor);
        let mut a: Vec<(&str, usize, &str)> = vec![("x", 4, "N"), ("x", 5, "N"), ("x", 7, "M")];
        a.extend((10..14).map(|d| ("x", d, "M")));
        let r = roster(&inst, &a);
        assert_eq!(count(&RULE, &inst, &r), 1);
        assert_eq!(RULE.id(), "FPH-REST-4");
    }
}
