//! FPH-HS-4: When the work cycle is longer than a month, at most 240 h / 52 x the weeks of the cycle per cycle (cycles aligned on the cycle anchor). Overtime is the work beyond the minutes due (FPH-ANN-1's 35 h a week scaled by the
//! annual target and the quotité, pro rata of the days); only checkable on the réalisé, so the
//! planned roster is held to it with the counters carried from before day 0.

use super::shape::sum_cap::{SumCap, Window, overtime_windows, segments, work_minutes};
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{Item, hours};

static META: Meta = Meta {
    id: "FPH-HS-4",
    kind: Kind::Hard,
    citation: "art. 15, décret 2002-9 modifié par le décret 2020-297 (cycle de plus d'un mois)",
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
    if s.params.cycle_weeks <= 4 {
        return Vec::new();
    }
    let cap = i64::from(s.params.fph_overtime_year_minutes) * i64::from(s.params.cycle_weeks) / 52;
    overtime_windows(
        segments(inst, cx, |d| cycle_period(s, d)),
        s,
        i64::from(s.counters.cycle_overtime_minutes),
        cap,
        |g| crate::calendar::day_month_year(cx.date(g.from)),
    )
}

fn message(s: &StaffInfo, w: &Window, total: i64) -> String {
    format!(
        "heures supplémentaires au-delà du plafond sur le cycle (à partir du {}) : {} travaillées, {} au plus (dû et contingent restant compris){}",
        w.label,
        hours(total),
        hours(w.cap.max(0)),
        if s.counters.cycle_overtime_minutes > 0 {
            " ; compteur reporté pris en compte"
        } else {
            ""
        }
    )
}

/// The work cycle holding `d`, from the cycle anchor.
fn cycle_period(
    s: &StaffInfo,
    d: chrono::NaiveDate,
) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let anchor = crate::calendar::parse_date(&s.params.cycle_anchor)?;
    let len = i64::from(s.params.cycle_weeks.max(1)) * 7;
    let k = (d - anchor).num_days().div_euclid(len);
    let a = anchor + chrono::Duration::days(k * len);
    Some((a, a + chrono::Duration::days(len)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::{Category::Fph, ParameterValues};

    #[test]
    fn fph_hs_4_a_six_week_cycle_caps_at_27_h_41_once_and_mip_agrees() {
        // 240 / 52 x 6 weeks = 27 h 41; 26 h 40 already done in the cycle from 2 March.
        let inst = instance("2026-03-02", 7, &[("x", Fph), ("y", Fph)], |p| {
            tenant(
                p,
                ParameterValues {
                    cycle_weeks: Some(6),
                    cycle_anchor: Some("2026-03-02".into()),
                    ..Default::default()
                },
            );
            counters(p, 0).cycle_overtime_minutes = 1600;
            counters(p, 1).cycle_overtime_minutes = 1600;
        });
        let bad = roster(&inst, &(0..5).map(|d| ("x", d, "M")).collect::<Vec<_>>());
        let good = roster(&inst, &(0..4).map(|d| ("y", d, "M")).collect::<Vec<_>>());
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
        // The monthly cap does not apply to cycles over a month.
        assert_eq!(count(&super::super::fph_hs_3::RULE, &inst, &bad), 0);
    }
}
