//! PH-8: repos de sécurité of 11 h immediately after a night garde: no activity at all (work,
//! garde, astreinte, training) may start before it ends.

use super::shape::pairs::{Pairs, securite};
use super::{Meta, PH};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "PH-8",
    kind: Kind::Hard,
    citation: "art. 3, arrêté du 30 avril 2003 (permanence des soins)",
    effective_from: "2003-05-01",
    categories: PH,
};

pub static RULE: Pairs = Pairs {
    meta: &META,
    test,
    rows: |_| true,
};

fn test(cx: &Context, s: &StaffInfo, a: &Item, b: &Item) -> Option<String> {
    securite(cx, s, a, b, s.params.ph_securite_rest_minutes, false)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Ph;

    #[test]
    fn ph_8_night_garde_followed_by_a_morning_once_and_mip_agrees() {
        // Garde 18:30-08:30, then the afternoon demi-journée at 13:30: 5 h after.
        let inst = instance("2026-03-02", 7, &[("p", Ph)], |_| {});
        let bad = roster(&inst, &[("p", 1, "G"), ("p", 2, "PM")]);
        let good = roster(&inst, &[("p", 1, "G"), ("p", 3, "AM")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn ph_8_even_an_astreinte_may_not_follow_a_garde_from_the_history_once_and_mip_agrees() {
        // Garde on the last day of the previous month, ending 1 April 08:30: an astreinte at
        // 18:30 the same day comes after 10 h only; the next day's is fine.
        let inst = instance("2026-04-01", 7, &[("p", Ph)], |p| {
            history(p, 1, &[("p", 1, "G")])
        });
        let bad = roster(&inst, &[("p", 0, "A")]);
        let good = roster(&inst, &[("p", 1, "A")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
