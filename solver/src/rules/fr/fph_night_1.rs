//! FPH-NIGHT-1: night work is the time between 21:00 and 06:00 (or 9 consecutive hours between
//! 21:00 and 07:00, by local choice of the parameters). The engine counts night hours so; an
//! agent counted as an exclusive night worker (target 1 476 h, FPH-ANN-5) must keep at least
//! 90 % of their yearly work in night hours (year counters plus the horizon).

use super::shape::sum_cap::{SumCap, Window};
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{DAY, Item};

static META: Meta = Meta {
    id: "FPH-NIGHT-1",
    kind: Kind::Hard,
    citation: "art. 7 et art. 2, décret 2002-9",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub static RULE: SumCap = SumCap {
    meta: &META,
    windows,
    quantity,
    message,
    rows: |s| s.night_team,
};

/// `share * work - 100 * night` (per cent units), which may not exceed what the year's
/// counters leave.
fn quantity(_: &Context, s: &StaffInfo, i: &Item, a: i64, b: i64) -> i64 {
    if !(a..b).contains(&(i.day * DAY)) || i.is_callout() {
        return 0;
    }
    let share = i64::from(s.params.night_worker_share_percent);
    share * i.minutes() - 100 * i.night_minutes(&s.params)
}

fn windows(inst: &Instance, _: &Context, s: &StaffInfo, _: &[Item]) -> Vec<Window> {
    if !s.night_team {
        return Vec::new();
    }
    let c = &s.counters;
    let share = i64::from(s.params.night_worker_share_percent);
    vec![Window {
        start: 0,
        end: inst.n_days as i64 * DAY,
        carried: 0,
        cap: 100 * i64::from(c.year_night_minutes) - share * i64::from(c.year_worked_minutes),
        label: String::new(),
    }]
}

fn message(s: &StaffInfo, _: &Window, _: i64) -> String {
    format!(
        "agent de nuit : moins de {} % du temps de travail de l'année en heures de nuit (21 h - 6 h), requis pour le décompte à 1 476 h",
        s.params.night_worker_share_percent
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Fph;

    #[test]
    fn fph_night_1_a_night_worker_on_day_shifts_once_and_mip_agrees() {
        // 10 h nights hold 9 h of night: exactly 90 %. A day shift drops the share.
        let inst = instance("2026-03-02", 7, &[("n", Fph)], |p| {
            info(p, 0).night_team = true;
            counters(p, 0).year_worked_minutes = 6000;
            counters(p, 0).year_night_minutes = 5400;
        });
        let bad = roster(&inst, &[("n", 0, "N"), ("n", 3, "M")]);
        let good = roster(&inst, &[("n", 0, "N"), ("n", 3, "N")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn fph_night_1_a_day_agent_is_not_concerned() {
        let inst = instance("2026-03-02", 7, &[("d", Fph)], |_| {});
        assert_eq!(count(&RULE, &inst, &roster(&inst, &[("d", 3, "M")])), 0);
    }
}
