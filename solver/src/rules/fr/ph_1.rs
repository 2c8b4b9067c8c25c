//! PH-1: a praticien's weekly service obligations are 10 demi-journées full time (5 to 9 part
//! time, by quotité). Soft: in each calendar week wholly in the horizon, each demi-journée
//! short of or beyond the obligation costs a weight (beyond it is temps de travail additionnel,
//! voluntary). Not in "temps continu" services, counted in hours (PH-4). Absences do not yet
//! reduce the week's obligation.

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

fn target(_: &Instance, s: &StaffInfo, _: i64) -> Option<i64> {
    let p = &s.params;
    (!p.ph_temps_continu)
        .then(|| (i64::from(p.ph_weekly_half_days) * i64::from(s.quotite_percent) + 50) / 100)
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
}
