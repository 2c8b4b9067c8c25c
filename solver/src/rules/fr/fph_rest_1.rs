//! FPH-REST-1: daily rest of 12 consecutive hours between the work of two days (unless an
//! accord lowers it, FPH-REST-2).

use super::shape::pairs::{Pairs, daily_rest};
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "FPH-REST-1",
    kind: Kind::Hard,
    citation: "art. 6, décret 2002-9",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub static RULE: Pairs = Pairs {
    meta: &META,
    test,
    rows: |_| true,
};

fn test(cx: &Context, s: &StaffInfo, a: &Item, b: &Item) -> Option<String> {
    let p = &s.params;
    // The accord only has a legal basis from the décret 2021-1544 on.
    let accord_in_force = crate::calendar::parse_date("2021-12-01").is_some_and(|d| cx.start >= d);
    if p.fph_daily_rest_accord && accord_in_force {
        return None;
    }
    daily_rest(cx, a, b, p.fph_daily_rest_minutes)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Fph;

    #[test]
    fn fph_rest_1_evening_then_morning_breaks_it_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("f", Fph)], |_| {});
        // S ends 21:00, M starts 06:45: 9 h 45 of rest.
        let bad = roster(&inst, &[("f", 1, "S"), ("f", 2, "M")]);
        let good = roster(&inst, &[("f", 1, "S"), ("f", 2, "S")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
        assert!(
            RULE.violations(&inst, &bad)[0]
                .message
                .contains("repos quotidien de 12 h")
        );
    }

    #[test]
    fn fph_rest_1_rest_across_the_month_boundary_through_history_once_and_mip_agrees() {
        // Night of 31 March (history) ends 1 April 07:00; a 12 h day at 07:00 has no rest.
        let inst = instance("2026-04-01", 7, &[("f", Fph)], |p| {
            history(p, 2, &[("f", 1, "N")]);
        });
        let bad = roster(&inst, &[("f", 0, "J")]);
        let good = roster(&inst, &[("f", 1, "J")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn fph_rest_1_exactly_twelve_hours_is_enough() {
        // J ends 19:00, next J 07:00: 12 h exactly.
        let inst = instance("2026-03-02", 7, &[("f", Fph)], |_| {});
        let r = roster(&inst, &[("f", 0, "J"), ("f", 1, "J")]);
        assert_eq!(count(&RULE, &inst, &r), 0);
    }
}
