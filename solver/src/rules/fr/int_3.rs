//! INT-3: astreinte call-outs, travel included, are effective work: they count toward rest (and
//! the 48 h windows, through the timeline), the rest of the astreinte does not; an astreinte
//! may not overlap a worked shift.

use super::shape::pairs::{Pairs, astreinte};
use super::{INT, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "INT-3",
    kind: Kind::Hard,
    citation: "art. R6153-2, code de la santé publique (décret 2015-225)",
    effective_from: "2015-05-01",
    categories: INT,
};

pub static RULE: Pairs = Pairs {
    meta: &META,
    test,
    rows: |_| true,
};

fn test(cx: &Context, s: &StaffInfo, a: &Item, b: &Item) -> Option<String> {
    let p = &s.params;
    astreinte(cx, a, b, p.eu_daily_rest_minutes)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::{Category::Interne, Intervention};

    #[test]
    fn int_3_rest_after_a_call_out_of_the_previous_month_once_and_mip_agrees() {
        // Call-out 31 March 23:00 to 1 April 03:00 (history): a 07:00 start the next morning
        // leaves 4 h; a 19:00 start leaves 16 h.
        let inst = instance("2026-04-01", 7, &[("x", Interne)], |p| {
            p.history.days = 1;
            if let Some(h) = p.hospital.as_mut() {
                h.interventions.push(Intervention {
                    staff: "x".into(),
                    days_before: 1,
                    start_minute: 1380,
                    duration_minutes: 240,
                });
            }
        });
        let bad = roster(&inst, &[("x", 0, "J")]);
        let good = roster(&inst, &[("x", 0, "NL")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn int_3_astreinte_during_a_worked_shift_once_and_mip_agrees() {
        // Astreinte 18:30 while on a 12 h night from 19:00: overlap. A day shift then the
        // astreinte: none (the astreinte is rest, not work).
        let inst = instance("2026-03-02", 7, &[("x", Interne)], |_| {});
        let bad = roster(&inst, &[("x", 2, "A"), ("x", 2, "NL")]);
        let good = roster(&inst, &[("x", 2, "AM"), ("x", 3, "A")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
