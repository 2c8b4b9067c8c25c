//! INT-5: internes, repos de sécurité of 11 h immediately after each night garde and after the
//! last call-out of an astreinte: total interruption of every activity.

use super::shape::pairs::{Pairs, securite};
use super::{INT, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "INT-5",
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
    securite(cx, s, a, b, s.params.int_securite_rest_minutes, true)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::{Category::Interne, Intervention};

    #[test]
    fn int_5_night_garde_followed_by_a_morning_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("i", Interne)], |_| {});
        let bad = roster(&inst, &[("i", 1, "G"), ("i", 2, "F")]);
        let good = roster(&inst, &[("i", 1, "G"), ("i", 3, "F")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn int_5_after_the_last_call_out_of_an_astreinte_once_and_mip_agrees() {
        // Call-out from 02:00 to 04:00 on day 0 (recorded the night before): nothing before 15:00.
        let inst = instance("2026-03-02", 7, &[("i", Interne)], |p| {
            p.history.days = 1;
            if let Some(h) = p.hospital.as_mut() {
                h.interventions.push(Intervention {
                    staff: "i".into(),
                    days_before: 1,
                    start_minute: 1440 + 120,
                    duration_minutes: 120,
                });
            }
        });
        let bad = roster(&inst, &[("i", 0, "AM")]);
        let good = roster(&inst, &[("i", 0, "G")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
