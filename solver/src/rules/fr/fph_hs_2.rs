//! FPH-HS-2: At most 240 h of overtime in the civil year (counter from before day 0), unless the ARS has lifted the caps (FPH-HS-5). Overtime is the work beyond the minutes due (FPH-ANN-1's 35 h a week scaled by the
//! annual target and the quotité, pro rata of the days); only checkable on the réalisé, so the
//! planned roster is held to it with the counters carried from before day 0.

use super::shape::sum_cap::{SumCap, Window, overtime_windows, segments, work_minutes};
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{Item, hours};

static META: Meta = Meta {
    id: "FPH-HS-2",
    kind: Kind::Hard,
    citation: "art. 15, décret 2002-9 modifié par le décret 2020-297 (240 h par an)",
    effective_from: "2020-03-25",
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
    let cap = i64::from(s.params.fph_overtime_year_minutes);
    overtime_windows(
        segments(
            inst,
            cx,
            crate::rules::fr::shape::sum_cap::reference_period(12, 1),
        ),
        s,
        i64::from(s.counters.year_overtime_minutes),
        cap,
        |g| crate::calendar::day_month_year(cx.date(g.from)),
    )
}

fn message(s: &StaffInfo, w: &Window, total: i64) -> String {
    format!(
        "heures supplémentaires au-delà du plafond sur l'année civile (à partir du {}) : {} travaillées, {} au plus (dû et contingent restant compris){}",
        w.label,
        hours(total),
        hours(w.cap.max(0)),
        if s.counters.year_overtime_minutes > 0 {
            " ; compteur reporté pris en compte"
        } else {
            ""
        }
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Fph;

    #[test]
    fn fph_hs_2_the_year_counter_leaves_one_hour_once_and_mip_agrees() {
        // 239 h of overtime already this year; 35 h are due this week: 37 h 30 breaks the cap.
        let inst = instance("2026-03-02", 7, &[("x", Fph), ("y", Fph)], |p| {
            counters(p, 0).year_overtime_minutes = 14340;
            counters(p, 1).year_overtime_minutes = 14340;
        });
        let week = |s: &'static str, n: usize| -> Vec<(&'static str, usize, &'static str)> {
            (0..n).map(|d| (s, d, "M")).collect()
        };
        let bad = roster(&inst, &week("x", 5));
        let good = roster(&inst, &week("y", 4));
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn fph_hs_2_a_part_timer_owes_less() {
        // At 50 %, 17 h 30 are due: 4 x 7 h 30 = 30 h is 12 h 30 of overtime.
        let inst = instance("2026-03-02", 7, &[("x", Fph)], |p| {
            info(p, 0).quotite_percent = 50;
            counters(p, 0).year_overtime_minutes = 14400 - 700;
        });
        let r = roster(&inst, &(0..4).map(|d| ("x", d, "M")).collect::<Vec<_>>());
        assert_eq!(count(&RULE, &inst, &r), 1);
    }
}
