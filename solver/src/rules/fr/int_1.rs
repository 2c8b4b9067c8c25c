//! INT-1: internes owe 8 demi-journées a week in stage and 2 out of it (training), each averaged
//! over the trimestre. The stage may not take more than 8 a week on average: checked, and
//! enforced in the MIP, as the average so far (counter before day 0), see PH-2.

use super::half_days::half_days;
use super::shape::sum_cap::{SumCap, Window, average_windows};
use super::{INT, Meta};
use crate::hospital::{Activity, Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{DAY, Item};

static META: Meta = Meta {
    id: "INT-1",
    kind: Kind::Hard,
    citation: "art. R6153-2, code de la santé publique (décret 2015-225)",
    effective_from: "2015-05-01",
    categories: INT,
};

pub static RULE: SumCap = SumCap {
    meta: &META,
    windows,
    quantity,
    message,
    rows: |_| true,
};

/// Stage demi-journées of shifts starting in the window.
fn quantity(cx: &Context, s: &StaffInfo, i: &Item, a: i64, b: i64) -> i64 {
    let starts_in = (a..b).contains(&(i.day * DAY));
    if !starts_in || i.is_callout() || i.activity == Activity::Training {
        return 0;
    }
    i64::from(half_days(cx, s, i))
}

fn windows(inst: &Instance, cx: &Context, s: &StaffInfo, _: &[Item]) -> Vec<Window> {
    let p = &s.params;
    average_windows(
        inst,
        cx,
        p.int_period_months,
        p.int_period_anchor_month,
        i64::from(s.counters.period_stage_half_days),
        i64::from(p.int_stage_half_days),
        7,
    )
}

fn message(s: &StaffInfo, w: &Window, total: i64) -> String {
    format!(
        "trimestre {} : {total} demi-journées en stage, au-delà de {} par semaine en moyenne ({} au plus à ce jour) ; les 2 demi-journées hors stage sont dues",
        w.label, s.params.int_stage_half_days, w.cap
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Interne;

    #[test]
    fn int_1_stage_over_eight_demi_journees_on_average_once_and_mip_agrees() {
        // Trimestre from 1 February: 36 days to 8 March allow 41 demi-journées; 34 were
        // worked before 2 March, leaving 7.
        let inst = instance("2026-03-02", 7, &[("i", Interne), ("j", Interne)], |p| {
            counters(p, 0).period_stage_half_days = 34;
            counters(p, 1).period_stage_half_days = 34;
        });
        let week = |s: &'static str| {
            vec![
                (s, 0, "AM"),
                (s, 0, "PM"),
                (s, 1, "AM"),
                (s, 1, "PM"),
                (s, 2, "AM"),
                (s, 2, "PM"),
                (s, 3, "AM"),
            ]
        };
        let good = roster(&inst, &week("j"));
        let mut b = week("i");
        b.push(("i", 4, "F"));
        b.push(("i", 4, "PM"));
        let bad = roster(&inst, &b);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
        // Training demi-journées do not count as stage.
        let mut t = week("j");
        t.push(("j", 4, "F"));
        assert_eq!(count(&RULE, &inst, &roster(&inst, &t)), 0);
    }
}
