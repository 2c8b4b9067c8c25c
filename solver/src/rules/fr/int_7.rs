//! INT-7: internes, a break of at least 15 min per demi-journée.

use super::half_days::{half_days, missing_break};
use super::shape::same_day::SameDay;
use super::{INT, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "INT-7",
    kind: Kind::Hard,
    citation: "arrêté du 30 juin 2015 relatif aux modalités d'élaboration et de transmission des tableaux de service des internes",
    effective_from: "2015-07-01",
    categories: INT,
};

pub static RULE: SameDay = SameDay { meta: &META, test };

fn test(cx: &Context, s: &StaffInfo, items: &[&Item]) -> Option<String> {
    let per = s.params.int_break_minutes_per_half_day;
    missing_break(cx, items, 0, |i| per * half_days(cx, s, i))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Interne;

    #[test]
    fn int_7_a_night_garde_needs_thirty_minutes_once_and_mip_agrees() {
        // A night garde counts 2 demi-journées: 30 min of break; 20 min is short.
        let inst = instance("2026-03-02", 7, &[("i", Interne)], |p| {
            let mut g = p.shift_types.iter().find(|t| t.id == "G").unwrap().clone();
            g.id = "G20".into();
            g.hospital.as_mut().unwrap().break_minutes = 20;
            p.shift_types.push(g);
        });
        let bad = roster(&inst, &[("i", 1, "G20")]);
        let good = roster(&inst, &[("i", 1, "G")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
