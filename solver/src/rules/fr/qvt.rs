//! Soft quality-of-working-life rules for FPH staff (not law: DGOS guidance on 12 h shifts,
//! INRS on night work, ANAP/DGOS on roster stability), with default weights and numbers marked
//! U: QVT-1 at most 3 consecutive nights, QVT-2 at most 3 consecutive 12 h shifts, QVT-3 no
//! isolated worked day, QVT-4 no split weekend, QVT-5 no quick return (a change of shift with
//! less than 13 h of rest).

use super::shape::runs::MaxRun;
use super::{FPH, FrUnit, Meta, staff, violation};
use crate::hospital::{Context, Parameters};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Violation};
use crate::time::{Item, candidate_items, day_name, hours, roster_items};

static NIGHTS: Meta = Meta {
    id: "QVT-1",
    kind: Kind::Soft,
    citation: "INRS, travail de nuit : risque accru après la 3e nuit consécutive",
    effective_from: "2002-01-01",
    categories: FPH,
};
static LONG: Meta = Meta {
    id: "QVT-2",
    kind: Kind::Soft,
    citation: "DGOS, recommandations sur le travail en 12 heures",
    effective_from: "2002-01-01",
    categories: FPH,
};
static ISOLATED: Meta = Meta {
    id: "QVT-3",
    kind: Kind::Soft,
    citation: "ANAP/DGOS, qualité de vie au travail : stabilité des plannings",
    effective_from: "2002-01-01",
    categories: FPH,
};
static SPLIT: Meta = Meta {
    id: "QVT-4",
    kind: Kind::Soft,
    citation: "ANAP/DGOS, qualité de vie au travail : week-ends complets",
    effective_from: "2002-01-01",
    categories: FPH,
};
static QUICK: Meta = Meta {
    id: "QVT-5",
    kind: Kind::Soft,
    citation: "ANAP/DGOS, qualité de vie au travail : retours rapides",
    effective_from: "2002-01-01",
    categories: FPH,
};

fn night(cx: &Context, p: &Parameters, i: &Item) -> bool {
    !i.is_callout() && i.is_work() && i.is_night(cx, p)
}

fn long(_: &Context, p: &Parameters, i: &Item) -> bool {
    !i.is_callout() && i.minutes() >= i64::from(p.qvt_long_shift_minutes)
}

pub static CONSECUTIVE_NIGHTS: MaxRun = MaxRun {
    meta: &NIGHTS,
    flag: night,
    max: |p| p.qvt_max_consecutive_nights,
    weight: |p| p.qvt_nights_weight,
    what: "nuits",
};

pub static CONSECUTIVE_LONG_SHIFTS: MaxRun = MaxRun {
    meta: &LONG,
    flag: long,
    max: |p| p.qvt_max_consecutive_long_shifts,
    weight: |p| p.qvt_long_shifts_weight,
    what: "postes de 12 h",
};

/// Worked (a shift of work starting that day), per extended day, as a constant (history) or
/// the sum of its candidates (one shift a day for FPH staff).
fn worked(items: &[Item], day: i64) -> (f64, Vec<(usize, f64)>) {
    let mut constant = 0.0;
    let mut terms = Vec::new();
    for i in items
        .iter()
        .filter(|i| i.day == day && !i.is_callout() && i.is_work())
    {
        match i.col {
            Some(c) => terms.push((c, 1.0)),
            None => constant = 1.0,
        }
    }
    (constant, terms)
}

fn worked_in(items: &[Item], day: i64) -> bool {
    items
        .iter()
        .any(|i| i.day == day && !i.is_callout() && i.is_work())
}

pub struct IsolatedDay;
pub static ISOLATED_DAY: IsolatedDay = IsolatedDay;

impl FrUnit for IsolatedDay {
    fn meta(&self) -> &'static Meta {
        &ISOLATED
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        let h = inst.history_days as i64;
        for e in 0..inst.n_staff {
            let Some(s) = staff(&ISOLATED, cx, e) else {
                continue;
            };
            let w = f64::from(s.params.qvt_isolated_day_weight);
            if w == 0.0 {
                continue;
            }
            let items = candidate_items(inst, cx, m, e);
            for d in (1 - h).max(0)..inst.n_days as i64 - 1 {
                // slack >= w(d) - w(d-1) - w(d+1)
                let slack = m.add_col(w, 0.0, f64::INFINITY, false);
                let (c0, t0) = worked(&items, d);
                let (cp, tp) = worked(&items, d - 1);
                let (cn, tn) = worked(&items, d + 1);
                let mut terms = vec![(slack, 1.0)];
                terms.extend(t0.iter().map(|&(c, v)| (c, -v)));
                terms.extend(tp);
                terms.extend(tn);
                m.add_row(c0 - cp - cn, f64::INFINITY, &terms);
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let h = inst.history_days as i64;
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(&ISOLATED, cx, e) else {
                continue;
            };
            let w = i64::from(s.params.qvt_isolated_day_weight);
            let items = roster_items(inst, cx, roster, e);
            for d in (1 - h).max(0)..inst.n_days as i64 - 1 {
                if w > 0
                    && worked_in(&items, d)
                    && !worked_in(&items, d - 1)
                    && !worked_in(&items, d + 1)
                {
                    v.push(violation(
                        &ISOLATED,
                        inst,
                        Some(e),
                        vec![d as usize],
                        w,
                        format!("jour travaillé isolé le {}", day_name(cx, d)),
                    ));
                }
            }
        }
        v
    }
}

pub struct SplitWeekend;
pub static SPLIT_WEEKEND: SplitWeekend = SplitWeekend;

/// Saturdays whose Sunday follows in the known window, the pair meeting the horizon.
fn saturdays(inst: &Instance, cx: &Context) -> Vec<i64> {
    let h = inst.history_days as i64;
    (-h..inst.n_days as i64 - 1)
        .filter(|&d| cx.weekday(d) == 5 && d + 1 >= 0)
        .collect()
}

impl FrUnit for SplitWeekend {
    fn meta(&self) -> &'static Meta {
        &SPLIT
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        for e in 0..inst.n_staff {
            let Some(s) = staff(&SPLIT, cx, e) else {
                continue;
            };
            let w = f64::from(s.params.qvt_split_weekend_weight);
            if w == 0.0 {
                continue;
            }
            let items = candidate_items(inst, cx, m, e);
            for d in saturdays(inst, cx) {
                let slack = m.add_col(w, 0.0, f64::INFINITY, false);
                let (cs, ts) = worked(&items, d);
                let (cu, tu) = worked(&items, d + 1);
                // slack >= sat - sun and slack >= sun - sat.
                for sign in [1.0, -1.0] {
                    let mut terms = vec![(slack, 1.0)];
                    terms.extend(ts.iter().map(|&(c, v)| (c, -sign * v)));
                    terms.extend(tu.iter().map(|&(c, v)| (c, sign * v)));
                    m.add_row(sign * (cs - cu), f64::INFINITY, &terms);
                }
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(&SPLIT, cx, e) else {
                continue;
            };
            let w = i64::from(s.params.qvt_split_weekend_weight);
            let items = roster_items(inst, cx, roster, e);
            for d in saturdays(inst, cx) {
                if w > 0 && worked_in(&items, d) != worked_in(&items, d + 1) {
                    v.push(violation(
                        &SPLIT,
                        inst,
                        Some(e),
                        [d, d + 1]
                            .iter()
                            .filter(|&&x| x >= 0)
                            .map(|&x| x as usize)
                            .collect(),
                        w,
                        format!("week-end du {} travaillé à moitié", day_name(cx, d)),
                    ));
                }
            }
        }
        v
    }
}

pub struct QuickReturn;
pub static QUICK_RETURN: QuickReturn = QuickReturn;

/// A change of shift type between two days with less than the threshold of rest.
fn quick(p: &Parameters, a: &Item, b: &Item) -> Option<i64> {
    let gap = b.start() - a.end();
    let both = !a.is_callout() && !b.is_callout() && a.is_work() && b.is_work();
    (both
        && a.day < b.day
        && a.shift != b.shift
        && gap >= 0
        && gap < i64::from(p.qvt_quick_return_minutes))
    .then_some(gap)
}

impl FrUnit for QuickReturn {
    fn meta(&self) -> &'static Meta {
        &QUICK
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        for e in 0..inst.n_staff {
            let Some(s) = staff(&QUICK, cx, e) else {
                continue;
            };
            let p = &s.params;
            let w = f64::from(p.qvt_quick_return_weight);
            if w == 0.0 {
                continue;
            }
            let items = candidate_items(inst, cx, m, e);
            for (i, a) in items.iter().enumerate() {
                for b in items[i + 1..]
                    .iter()
                    .take_while(|b| b.start() < a.end() + 2 * 1440)
                {
                    if quick(p, a, b).is_none() || (a.col.is_none() && b.col.is_none()) {
                        continue;
                    }
                    // slack >= [a] + [b] - 1
                    let slack = m.add_col(w, 0.0, f64::INFINITY, false);
                    let mut terms = vec![(slack, 1.0)];
                    let mut lo = -1.0;
                    for x in [a, b] {
                        match x.col {
                            Some(c) => terms.push((c, -1.0)),
                            None => lo += 1.0,
                        }
                    }
                    m.add_row(lo, f64::INFINITY, &terms);
                }
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(&QUICK, cx, e) else {
                continue;
            };
            let p = &s.params;
            let w = i64::from(p.qvt_quick_return_weight);
            if w == 0 {
                continue;
            }
            let items = roster_items(inst, cx, roster, e);
            for (i, a) in items.iter().enumerate() {
                for b in items[i + 1..]
                    .iter()
                    .take_while(|b| b.start() < a.end() + 2 * 1440)
                {
                    if !(a.in_horizon() || b.in_horizon()) {
                        continue;
                    }
                    if let Some(gap) = quick(p, a, b) {
                        v.push(violation(
                            &QUICK,
                            inst,
                            Some(e),
                            super::item_days(inst, &[a, b]),
                            w,
                            format!(
                                "retour rapide le {} : {} de repos après le poste de la veille",
                                day_name(cx, b.day),
                                hours(gap)
                            ),
                        ));
                    }
                }
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

    #[test]
    fn qvt_1_four_nights_in_a_row_from_the_history_once_and_mip_agrees() {
        // Two nights at the end of the previous month, then two: 4 in a row.
        let inst = instance("2026-04-01", 7, &[("x", Fph)], |p| {
            history(p, 2, &[("x", 2, "N"), ("x", 1, "N")])
        });
        let bad = roster(&inst, &[("x", 0, "N"), ("x", 1, "N")]);
        let good = roster(&inst, &[("x", 0, "N"), ("x", 3, "N")]);
        once_and_mip_agrees(&CONSECUTIVE_NIGHTS, &inst, &bad, &good);
        assert_eq!(CONSECUTIVE_NIGHTS.violations(&inst, &bad)[0].cost, 30);
    }

    #[test]
    fn qvt_2_four_twelve_hour_days_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("x", Fph)], |_| {});
        let bad = roster(
            &inst,
            &[("x", 0, "J"), ("x", 1, "J"), ("x", 2, "J"), ("x", 3, "J")],
        );
        let good = roster(
            &inst,
            &[("x", 0, "J"), ("x", 1, "J"), ("x", 2, "J"), ("x", 4, "J")],
        );
        once_and_mip_agrees(&CONSECUTIVE_LONG_SHIFTS, &inst, &bad, &good);
    }

    #[test]
    fn qvt_3_an_isolated_day_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("x", Fph)], |_| {});
        let bad = roster(&inst, &[("x", 1, "M"), ("x", 2, "M"), ("x", 4, "M")]);
        let good = roster(
            &inst,
            &[("x", 1, "M"), ("x", 2, "M"), ("x", 4, "M"), ("x", 5, "M")],
        );
        once_and_mip_agrees(&ISOLATED_DAY, &inst, &bad, &good);
    }

    #[test]
    fn qvt_4_a_split_weekend_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("x", Fph)], |_| {});
        let bad = roster(&inst, &[("x", 4, "M"), ("x", 5, "M")]);
        let good = roster(&inst, &[("x", 4, "M"), ("x", 5, "M"), ("x", 6, "M")]);
        once_and_mip_agrees(&SPLIT_WEEKEND, &inst, &bad, &good);
    }

    #[test]
    fn qvt_5_a_quick_return_once_and_mip_agrees() {
        // S ends 21:00, J starts 07:00 next morning: 10 h (also illegal); M then S: 23 h 15.
        let inst = instance("2026-03-02", 7, &[("x", Fph)], |_| {});
        let bad = roster(&inst, &[("x", 1, "S"), ("x", 2, "J")]);
        let good = roster(&inst, &[("x", 1, "M"), ("x", 2, "S")]);
        once_and_mip_agrees(&QUICK_RETURN, &inst, &bad, &good);
        assert_eq!(QUICK_RETURN.id(), "QVT-5");
    }
}
