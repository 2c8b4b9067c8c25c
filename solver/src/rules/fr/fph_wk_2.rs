//! FPH-WK-2: at most 44 h in each calendar week of the work cycle (Monday to Sunday, real
//! minutes, the history completing the first week).

use super::shape::sum_cap::{SumCap, Window, work_minutes};
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{DAY, Item, day_name, hours};

static META: Meta = Meta {
    id: "FPH-WK-2",
    kind: Kind::Hard,
    citation: "art. 9, décret 2002-9",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub static RULE: SumCap = SumCap {
    meta: &META,
    windows,
    quantity: work_minutes,
    message,
    rows: |_| true,
};

fn windows(inst: &Instance, cx: &Context, s: &StaffInfo, _: &[Item]) -> Vec<Window> {
    (-6..inst.n_days as i64)
        .filter(|&k| cx.weekday(k) == 0)
        .map(|k| Window {
            start: k * DAY,
            end: (k + 7) * DAY,
            carried: 0,
            cap: i64::from(s.params.fph_max_minutes_per_week),
            label: format!("semaine du {}", day_name(cx, k)),
        })
        .collect()
}

fn message(_: &StaffInfo, w: &Window, total: i64) -> String {
    format!(
        "{} : {} de travail effectif pour un maximum de {} par semaine du cycle",
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
    fn fph_wk_2_a_week_started_in_the_previous_month_once_and_mip_agrees() {
        // The week of Monday 30 March: 2 x 12 h in the history (30 and 31 March), then 2 x 12 h
        // in April = 48 h > 44 h. Another agent with 3 x 12 h + 7 h 30 = 43 h 30 is fine.
        let inst = instance("2026-04-01", 5, &[("f", Fph), ("g", Fph)], |p| {
            history(p, 2, &[("f", 2, "J"), ("f", 1, "J"), ("g", 2, "J")]);
        });
        let bad = roster(&inst, &[("f", 1, "J"), ("f", 3, "J")]);
        let good = roster(&inst, &[("g", 1, "J"), ("g", 3, "J"), ("g", 4, "S")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
