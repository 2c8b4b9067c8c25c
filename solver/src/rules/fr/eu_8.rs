//! EU-8: night workers (exclusive night team) work at most 8 h per 24 h on average over the
//! reference period; checked, and enforced in the MIP, as the average so far (see PH-2).

use super::shape::sum_cap::{SumCap, Window, average_windows, category_period, work_minutes};
use super::{ALL, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{Item, hours};

static META: Meta = Meta {
    id: "EU-8",
    kind: Kind::Hard,
    citation: "art. 8, directive 2003/88/CE",
    effective_from: "2004-08-02",
    categories: ALL,
};

pub static RULE: SumCap = SumCap {
    meta: &META,
    windows,
    quantity: work_minutes,
    message,
    rows: |s| s.night_team,
};

fn windows(inst: &Instance, cx: &Context, s: &StaffInfo, _: &[Item]) -> Vec<Window> {
    if !s.night_team {
        return Vec::new();
    }
    let (months, anchor) = category_period(s);
    average_windows(
        inst,
        cx,
        months,
        anchor,
        i64::from(s.counters.period_worked_minutes),
        i64::from(s.params.eu_night_average_daily_minutes),
        1,
    )
}

fn message(_: &StaffInfo, w: &Window, total: i64) -> String {
    format!(
        "travailleur de nuit, période {} : {} de travail, au-delà de 8 h par 24 h en moyenne ({} au plus à ce jour)",
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
    fn eu_8_night_worker_over_eight_hours_a_day_on_average_once_and_mip_agrees() {
        // 61 days before at 8 h a day: every further hour breaks the average; the day team
        // member with the same counter is not a night worker.
        let inst = instance("2026-03-02", 7, &[("n", Fph), ("d", Fph)], |p| {
            info(p, 0).night_team = true;
            counters(p, 0).period_worked_minutes = 480 * 60 + 480 * 7 - 600;
            counters(p, 1).period_worked_minutes = 480 * 60;
        });
        let bad = roster(&inst, &[("n", 0, "N"), ("n", 1, "N")]);
        let good = roster(&inst, &[("n", 0, "N"), ("d", 0, "M"), ("d", 1, "M")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
