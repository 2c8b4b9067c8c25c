//! FPH-REST-3: weekly rest of consecutive hours in each calendar week (FPH: 36 h; directive: 24 h +
//! 11 h). Calendar weeks are the usual reading of the window (U).

use super::shape::weekly_rest::WeeklyRest;
use super::{FPH, Meta};
use crate::rules::Kind;

static META: Meta = Meta {
    id: "FPH-REST-3",
    kind: Kind::Hard,
    citation: "art. 6, décret 2002-9",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub static RULE: WeeklyRest = WeeklyRest {
    meta: &META,
    rest: |s| s.params.fph_weekly_rest_minutes,
    rows: |_| true,
};

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Fph;

    #[test]
    fn fph_rest_3_week_with_no_long_rest_once_and_mip_agrees() {
        // 12 h days Monday to Sunday with one day off mid-week: the longest rest is
        // 19:00 -> 07:00 two days later = 36 h; with nights around it, less.
        let inst = instance("2026-03-02", 7, &[("x", Fph), ("y", Fph)], |_| {});
        let bad = roster(
            &inst,
            &[
                ("x", 0, "J"),
                ("x", 1, "J"),
                ("x", 2, "NL"),
                ("x", 4, "J"),
                ("x", 5, "J"),
                ("x", 6, "J"),
            ],
        );
        let good = roster(
            &inst,
            &[
                ("y", 0, "J"),
                ("y", 1, "J"),
                ("y", 2, "J"),
                ("y", 4, "J"),
                ("y", 5, "J"),
                ("y", 6, "J"),
            ],
        );
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn fph_rest_3_a_week_running_past_the_horizon_is_not_judged() {
        // Horizon from Wednesday: the first week is not wholly known without history.
        let inst = instance("2026-03-04", 5, &[("x", Fph)], |_| {});
        let all: Vec<(&str, usize, &str)> = (0..5).map(|d| ("x", d, "J")).collect();
        assert_eq!(count(&RULE, &inst, &roster(&inst, &all)), 0);
    }
}
