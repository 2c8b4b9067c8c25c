//! FPH-DAY-5: a break when daily work goes over 6 consecutive hours. Whether the break counts as
//! work depends on reachability (art. 5, D2002-9); the catalogue states each shift's break.

use super::half_days::missing_break;
use super::shape::same_day::SameDay;
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "FPH-DAY-5",
    kind: Kind::Hard,
    citation: "art. 7, décret 2002-9",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub static RULE: SameDay = SameDay { meta: &META, test };

fn test(cx: &Context, s: &StaffInfo, items: &[&Item]) -> Option<String> {
    let p = &s.params;
    missing_break(cx, items, p.break_after_minutes, |_| p.fph_break_minutes)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Fph;

    #[test]
    fn fph_day_5_seven_and_a_half_hours_without_a_break_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("x", Fph)], |p| {
            let mut m = p.shift_types[0].clone();
            m.id = "M0".into();
            m.hospital.as_mut().unwrap().break_minutes = 0;
            p.shift_types.push(m);
        });
        let bad = roster(&inst, &[("x", 1, "M0")]);
        let good = roster(&inst, &[("x", 1, "M")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
        // Exactly 6 h needs no break.
        let inst6 = instance("2026-03-02", 7, &[("x", Fph)], |p| {
            let mut m = p.shift_types[0].clone();
            m.id = "M6".into();
            m.duration_minutes = 360;
            m.hospital.as_mut().unwrap().break_minutes = 0;
            p.shift_types.push(m);
        });
        assert_eq!(count(&RULE, &inst6, &roster(&inst6, &[("x", 1, "M6")])), 0);
    }
}
