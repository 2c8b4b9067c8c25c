//! FPH-HS-3: When the work cycle is at most a month, at most 20 h of overtime per calendar month. Overtime is the work beyond the minutes due (FPH-ANN-1's 35 h a week scaled by the
//! annual target and the quotité, pro rata of the days); only checkable on the réalisé, so the
//! planned roster is held to it with the counters carried from before day 0.

use super::shape::sum_cap::{SumCap, Window, month, overtime_windows, segments, work_minutes};
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{Item, hours};

static META: Meta = Meta {
    id: "FPH-HS-3",
    kind: Kind::Hard,
    citation: "art. 15, décret 2002-9 modifié par le décret 2020-297 (20 h par mois)",
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
    if s.params.cycle_weeks > 4 {
        return Vec::new();
    }
    let cap = i64::from(s.params.fph_overtime_month_minutes);
    overtime_windows(
        segments(inst, cx, month),
        s,
        i64::from(s.counters.month_overtime_minutes),
        cap,
        |g| crate::calendar::day_month_year(cx.date(g.from)),
    )
}

fn message(s: &StaffInfo, w: &Window, total: i64) -> String {
    format!(
        "heures supplémentaires au-delà du plafond sur le mois (à partir du {}) : {} travaillées, {} au plus (dû et contingent restant compris){}",
        w.label,
        hours(total),
        hours(w.cap.max(0)),
        if s.counters.month_overtime_minutes > 0 {
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
    fn fph_hs_3_the_month_counter_stops_at_the_month_boundary_once_and_mip_agrees() {
        // 19 h 10 of overtime done in March before Monday 30: two 12 h days on 30-31 March
        // (10 h due) break the 20 h; the same counter does not follow into April.
        let inst = instance("2026-03-30", 7, &[("x", Fph), ("y", Fph)], |p| {
            counters(p, 0).month_overtime_minutes = 1150;
            counters(p, 1).month_overtime_minutes = 1150;
        });
        let bad = roster(&inst, &[("x", 0, "J"), ("x", 1, "J")]);
        let good = roster(
            &inst,
            &[("y", 0, "M"), ("y", 2, "J"), ("y", 3, "J"), ("y", 4, "J")],
        );
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
