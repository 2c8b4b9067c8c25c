//! PH-1: a praticien's weekly service obligations are 10 demi-journées full time (5 to 9 part
//! time, by quotité). Soft: in each calendar week wholly in the horizon, each demi-journée
//! short of or beyond the obligation costs a weight (beyond it is temps de travail additionnel,
//! voluntary). Not in "temps continu" services, counted in hours (PH-4). Each day of absence
//! (fixed day off: leave, sickness, training elsewhere) from Monday to Friday lowers the week's
//! obligation by a fifth (2 demi-journées full time), so that an absent praticien is not asked
//! to make up the days elsewhere in the week.

use super::half_days::half_days;
use super::shape::obligation::Obligation;
use super::{Meta, PH};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "PH-1",
    kind: Kind::Soft,
    citation: "art. R6152-27, code de la santé publique (statut de praticien hospitalier, 2022)",
    effective_from: "2022-02-07",
    categories: PH,
};

pub static RULE: Obligation = Obligation {
    meta: &META,
    target,
    quantity,
    weight: |s| i64::from(s.params.ph_obligation_weight),
    unit: "demi-journée(s)",
};

fn target(inst: &Instance, cx: &Context, e: usize, s: &StaffInfo, week: i64) -> Option<i64> {
    let p = &s.params;
    if p.ph_temps_continu {
        return None;
    }
    let absent = (week..week + 7)
        .filter(|&d| cx.weekday(d) < 5 && inst.fixed_off.contains(&(e, d as usize)))
        .count() as i64;
    let present = 5 - absent.min(5);
    // Weekly half-days x quotité x present weekdays / 5, rounded to the nearest.
    let owed = i64::from(p.ph_weekly_half_days) * i64::from(s.quotite_percent) * present;
    Some((owed + 250) / 500)
}

fn quantity(cx: &Context, s: &StaffInfo, i: &Item) -> i64 {
    i64::from(half_days(cx, s, i))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Ph;

    #[test]
    fn ph_1_nine_demi_journees_for_ten_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("p", Ph), ("q", Ph)], |p| {
            info(p, 1).quotite_percent = 60;
        });
        let mut a: Vec<(&str, usize, &str)> = (0..4)
            .flat_map(|d| [("p", d, "AM"), ("p", d, "PM")])
            .collect();
        a.push(("p", 4, "AM"));
        // q at 60 %: 6 demi-journées, one being a night garde counting 2.
        a.extend([
            ("q", 0, "AM"),
            ("q", 0, "PM"),
            ("q", 1, "AM"),
            ("q", 1, "PM"),
            ("q", 3, "G"),
        ]);
        let bad = roster(&inst, &a);
        let v = RULE.violations(&inst, &bad);
        assert_eq!(v[0].cost, 50);
        a.push(("p", 4, "PM"));
        let good = roster(&inst, &a);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn ph_1_days_of_absence_lower_the_week_s_obligation_and_mip_agrees() {
        use crate::problem::FixedDayOff;
        // p is off sick on Wednesday and Thursday: 6 demi-journées owed, not 10. q at 80 % is
        // on leave on Friday: 8 x 4 / 5 = 6.4, rounded to 6.
        let inst = instance("2026-03-02", 7, &[("p", Ph), ("q", Ph)], |p| {
            info(p, 1).quotite_percent = 80;
            for (staff, day) in [("p", 2), ("p", 3), ("q", 4)] {
                p.fixed_days_off.push(FixedDayOff {
                    staff: staff.into(),
                    day,
                });
            }
        });
        let week =
            |who: &'static str, days: &[usize]| -> Vec<(&'static str, usize, &'static str)> {
                days.iter()
                    .flat_map(|&d| [(who, d, "AM"), (who, d, "PM")])
                    .collect()
            };
        let mut a = week("p", &[0, 1, 4]);
        a.extend(week("q", &[0, 1, 2]));
        let good = roster(&inst, &a);
        assert!(RULE.violations(&inst, &good).is_empty());
        // Without the absences the same weeks would each be short of their obligation.
        let present = instance("2026-03-02", 7, &[("p", Ph), ("q", Ph)], |p| {
            info(p, 1).quotite_percent = 80;
        });
        let v = RULE.violations(&present, &roster(&present, &a));
        assert_eq!(v.len(), 2, "{v:#?}");
        assert_eq!(v[0].cost + v[1].cost, (4 + 2) * 50, "{v:#?}");
        // Making up the absent days elsewhere in the week is now beyond the obligation.
        a.push(("p", 5, "AM"));
        let bad = roster(&inst, &a);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
