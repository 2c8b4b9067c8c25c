//! EU-6: average weekly work at most 48 h, overtime included, over a reference period of at
//! most 4 months (the category's: quadrimestre, or trimestre for internes). Checked, and
//! enforced in the MIP, as the average so far (see PH-2).

use super::shape::sum_cap::{SumCap, Window, average_windows, category_period, work_minutes};
use super::{ALL, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{Item, hours};

static META: Meta = Meta {
    id: "EU-6",
    kind: Kind::Hard,
    citation: "art. 6 et 16, directive 2003/88/CE",
    effective_from: "2004-08-02",
    categories: ALL,
};

pub static RULE: SumCap = SumCap {
    meta: &META,
    windows,
    quantity: work_minutes,
    message,
    rows: |_| true,
};

fn windows(inst: &Instance, cx: &Context, s: &StaffInfo, _: &[Item]) -> Vec<Window> {
    let (months, anchor) = category_period(s);
    average_windows(
        inst,
        cx,
        months,
        anchor,
        i64::from(s.counters.period_worked_minutes),
        i64::from(s.params.eu_average_weekly_minutes),
        7,
    )
}

fn message(_: &StaffInfo, w: &Window, total: i64) -> String {
    format!(
        "période de référence {} : {} de travail, au-delà de 48 h par semaine en moyenne ({} au plus à ce jour)",
        w.label,
        hours(total),
        hours(w.cap)
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Fph;

    #[test]
    fn eu_6_fph_counter_over_the_average_once_and_mip_agrees() {
        // 61 days of the period before 2 March at exactly 48 h a week, then a week of 4 x 12 h
        // is at the limit; one more 7 h 30 breaks the average.
        let inst = instance("2026-03-02", 7, &[("f", Fph), ("g", Fph)], |p| {
            let at = (2880 * 60 / 7) as u32;
            counters(p, 0).period_worked_minutes = at;
            counters(p, 1).period_worked_minutes = at;
        });
        let bad = roster(
            &inst,
            &[
                ("f", 0, "J"),
                ("f", 1, "J"),
                ("f", 3, "J"),
                ("f", 4, "J"),
                ("f", 6, "S"),
            ],
        );
        let good = roster(
            &inst,
            &[("g", 0, "J"), ("g", 1, "J"), ("g", 3, "J"), ("g", 4, "J")],
        );
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
