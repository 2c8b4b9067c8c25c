//! EU-3: at least 11 consecutive hours of rest per 24 h, for every category (the MIP rows are
//! only added for internes: the French rules for FPH staff and praticiens are as strict or
//! stricter and already hold them).

use super::shape::pairs::{Pairs, daily_rest};
use super::{ALL, Meta};
use crate::hospital::{Category, Context, StaffInfo};
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "EU-3",
    kind: Kind::Hard,
    citation: "art. 3, directive 2003/88/CE",
    effective_from: "2004-08-02",
    categories: ALL,
};

pub static RULE: Pairs = Pairs {
    meta: &META,
    test,
    rows: |s| s.category == Category::Interne,
};

fn test(cx: &Context, s: &StaffInfo, a: &Item, b: &Item) -> Option<String> {
    daily_rest(cx, a, b, s.params.eu_daily_rest_minutes)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::{Fph, Interne};

    #[test]
    fn eu_3_interne_evening_then_morning_breaks_it_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("i", Interne)], |_| {});
        let bad = roster(&inst, &[("i", 1, "S"), ("i", 2, "M")]);
        let good = roster(&inst, &[("i", 1, "S"), ("i", 2, "PM")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn eu_3_eleven_and_a_half_hours_satisfy_it_but_not_fph_rest_1() {
        // NL 19:00-07:00 then S 13:30 is 6 h 30 (bad for both); J 07:00-19:00 then M 06:45 is
        // 11 h 45: fine for the directive, short of the FPH 12 h.
        let inst = instance("2026-03-02", 7, &[("f", Fph)], |_| {});
        let r = roster(&inst, &[("f", 1, "J"), ("f", 2, "M")]);
        assert_eq!(count(&RULE, &inst, &r), 0);
        assert_eq!(count(&super::super::fph_rest_1::RULE, &inst, &r), 1);
    }
}
