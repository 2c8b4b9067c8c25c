//! EU-5: weekly rest of consecutive hours in each calendar week (FPH: 36 h; directive: 24 h +
//! 11 h). Calendar weeks are the usual reading of the window (U).

use super::shape::weekly_rest::WeeklyRest;
use super::{ALL, Meta};
use crate::rules::Kind;

static META: Meta = Meta {
    id: "EU-5",
    kind: Kind::Hard,
    citation: "art. 5, directive 2003/88/CE",
    effective_from: "2004-08-02",
    categories: ALL,
};

pub static RULE: WeeklyRest = WeeklyRest {
    meta: &META,
    rest: |s| s.params.eu_weekly_rest_minutes,
    rows: |s| s.category != crate::hospital::Category::Fph,
};

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Ph;

    #[test]
    fn eu_5_week_with_no_long_rest_once_and_mip_agrees() {
        // 12 h days Monday to Sunday with one day off mid-week: the longest rest is
        // 19:00 -> 07:00 two days later = 36 h; with nights around it, less.
        let inst = instance("2026-03-02", 7, &[("x", Ph), ("y", Ph)], |_| {});
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
    fn eu_5_a_week_running_past_the_horizon_is_not_judged() {
        // Horizon from Wednesday: the first week is not wholly known without history.
        let inst = instance("2026-03-04", 5, &[("x", Ph)], |_| {});
        let all: Vec<(&str, usize, &str)> = (0..5).map(|d| ("x", d, "J")).collect();
        assert_eq!(count(&RULE, &inst, &roster(&inst, &all)), 0);
    }
}
