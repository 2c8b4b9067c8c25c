//! FPH-WK-1: at most 48 h of effective work (overtime included) in any period of 7 days,
//! computed on real minutes (a night counts where its hours lie), history and realised call-outs
//! included.

use super::shape::sum_cap::{SumCap, Window, sliding, work_minutes};
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::{DAY, Item, hours};

static META: Meta = Meta {
    id: "FPH-WK-1",
    kind: Kind::Hard,
    citation: "art. 6, décret 2002-9",
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

fn windows(inst: &Instance, _: &Context, s: &StaffInfo, items: &[Item]) -> Vec<Window> {
    sliding(
        inst,
        items,
        7 * DAY,
        i64::from(s.params.fph_max_minutes_per_7_days),
    )
}

fn message(_: &StaffInfo, w: &Window, total: i64) -> String {
    // Minutes are relative to day 0; the label is filled without the context, so use offsets.
    format!(
        "{} de travail effectif sur 7 jours glissants (à partir de {}) pour un maximum de {}",
        hours(total),
        w.label_or_start(),
        hours(w.cap)
    )
}

impl Window {
    /// The window's label, or its start as "jour N hh:mm".
    pub fn label_or_start(&self) -> String {
        if self.label.is_empty() {
            let d = self.start.div_euclid(DAY);
            let m = self.start.rem_euclid(DAY);
            format!("jour {d} {:02}:{:02}", m / 60, m % 60)
        } else {
            self.label.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Fph;

    #[test]
    fn fph_wk_1_five_twelve_hour_days_in_seven_break_it_once_and_mip_agrees() {
        // 4 x 12 h = 48 h fine; the history's 12 h night of the day before makes 60 h.
        let inst = instance("2026-03-02", 7, &[("f", Fph), ("g", Fph)], |p| {
            history(p, 2, &[("f", 2, "J")]);
        });
        let days = |s: &'static str| [(s, 0, "J"), (s, 1, "J"), (s, 3, "J"), (s, 4, "J")];
        let bad = roster(&inst, &days("f"));
        let good = roster(&inst, &days("g"));
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn fph_wk_1_a_night_counts_where_its_hours_lie() {
        // 4 nights of 10 h + a 7 h 30: the window from the first night's start holds 47 h 30;
        // one more hour in it would break it.
        let inst = instance("2026-03-02", 9, &[("f", Fph)], |_| {});
        let r = roster(
            &inst,
            &[
                ("f", 0, "N"),
                ("f", 1, "N"),
                ("f", 2, "N"),
                ("f", 3, "N"),
                ("f", 6, "S"),
            ],
        );
        assert_eq!(count(&RULE, &inst, &r), 0);
        let r2 = roster(
            &inst,
            &[
                ("f", 0, "N"),
                ("f", 1, "N"),
                ("f", 2, "N"),
                ("f", 3, "N"),
                ("f", 6, "J"),
            ],
        );
        assert_eq!(count(&RULE, &inst, &r2), 1);
    }
}
