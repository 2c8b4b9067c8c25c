//! PH-2: at most 48 h of work per week on average over the quadrimestre. Only checkable at the end of
//! the period; the rule checks (and the MIP enforces) the average so far, from the period's
//! start (counter before day 0) to each horizon day's end of period part: a cautious
//! approximation that never accepts a roster the full period could not make legal.

use super::shape::sum_cap::{SumCap, Window, average_windows, work_minutes};
use super::{Meta, PH};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{Item, hours};

static META: Meta = Meta {
    id: "PH-2",
    kind: Kind::Hard,
    citation: "art. R6152-27, code de la santé publique",
    effective_from: "2003-01-01",
    categories: PH,
};

pub static RULE: SumCap = SumCap {
    meta: &META,
    windows,
    quantity: work_minutes,
    message,
    rows: |_| true,
};

fn windows(inst: &Instance, cx: &Context, s: &StaffInfo, _: &[Item]) -> Vec<Window> {
    let p = &s.params;
    average_windows(
        inst,
        cx,
        p.ph_period_months,
        p.ph_period_anchor_month,
        i64::from(s.counters.period_worked_minutes),
        i64::from(p.ph_average_weekly_minutes),
        7,
    )
}

fn message(s: &StaffInfo, w: &Window, total: i64) -> String {
    format!(
        "quadrimestre {} : {} de travail, au-delà de la moyenne de {} par semaine ({} au plus à ce jour)",
        w.label,
        hours(total),
        hours(i64::from(s.params.ph_average_weekly_minutes)),
        hours(w.cap)
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Ph;

    #[test]
    fn ph_2_counter_from_before_the_month_once_and_mip_agrees() {
        // Period started long before: its counter already sits at the average. One more garde
        // of 24 h in the week breaks it; a demi-journée does not (the counter leaves room).
        let inst = instance("2026-03-02", 7, &[("x", Ph), ("y", Ph)], |p| {
            let s0 = crate::calendar::parse_date("2026-03-02").unwrap();
            let start = reference_start(s0, &crate::hospital::Parameters::default());
            let elapsed = (s0 - start).num_days();
            let per_week =
                i64::from(crate::hospital::Parameters::default().ph_average_weekly_minutes);
            let at_average = (per_week * elapsed / 7) as u32;
            counters(p, 0).period_worked_minutes = at_average;
            counters(p, 1).period_worked_minutes = at_average;
        });
        // 7 days allow 48 h more: 2 gardes of 24 h fit exactly; adding a demi-journée breaks it.
        let bad = roster(&inst, &[("x", 0, "G24"), ("x", 3, "G24"), ("x", 6, "AM")]);
        let good = roster(&inst, &[("y", 0, "G24"), ("y", 3, "G24")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    fn reference_start(d: chrono::NaiveDate, p: &crate::hospital::Parameters) -> chrono::NaiveDate {
        crate::calendar::period_start(d, p.ph_period_months, p.ph_period_anchor_month).unwrap()
    }

    #[test]
    fn ph_2_a_heavy_week_is_fine_when_the_period_so_far_was_light() {
        let inst = instance("2026-03-02", 7, &[("x", Ph)], |_| {});
        let r = roster(&inst, &[("x", 0, "G24"), ("x", 3, "G24"), ("x", 6, "AM")]);
        assert_eq!(count(&RULE, &inst, &r), 0);
    }
}
