//! PH-5: praticiens, 11 consecutive hours of daily rest per 24 h.

use super::shape::pairs::{Pairs, daily_rest};
use super::{Meta, PH};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "PH-5",
    kind: Kind::Hard,
    citation: "art. R6152-27, code de la santé publique",
    effective_from: "2003-01-01",
    categories: PH,
};

pub static RULE: Pairs = Pairs {
    meta: &META,
    test,
    rows: |_| true,
};

fn test(cx: &Context, s: &StaffInfo, a: &Item, b: &Item) -> Option<String> {
    daily_rest(cx, a, b, s.params.ph_daily_rest_minutes)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Ph;

    #[test]
    fn ph_5_afternoon_then_early_morning_breaks_it_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("p", Ph)], |_| {});
        // A 12 h day 07:00-19:00 then 06:45: 11 h 45 (fine); evening S ends 21:00 then M at
        // 06:45: 9 h 45. Two demi-journées on one day are no daily-rest matter.
        let bad = roster(&inst, &[("p", 1, "AM"), ("p", 1, "S"), ("p", 2, "M")]);
        let good = roster(&inst, &[("p", 1, "AM"), ("p", 1, "PM"), ("p", 2, "AM")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
