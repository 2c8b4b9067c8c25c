//! FPH-DAY-2: at most 10 h of effective work for a night (night teams), unless under the 12 h
//! derogation (FPH-DAY-3).

use super::shape::same_day::SameDay;
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::{Item, day_name, hours};

static META: Meta = Meta {
    id: "FPH-DAY-2",
    kind: Kind::Hard,
    citation: "art. 7, décret 2002-9",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub static RULE: SameDay = SameDay { meta: &META, test };

fn test(cx: &Context, s: &StaffInfo, items: &[&Item]) -> Option<String> {
    let p = &s.params;
    if p.fph_derogation_12h {
        return None;
    }
    items.iter().find_map(|i| {
        let long =
            i.is_work() && i.is_night(cx, p) && i.minutes() > i64::from(p.fph_night_max_minutes);
        long.then(|| {
            format!(
                "nuit du {} de {} de travail effectif pour un maximum de {} en équipe de nuit",
                day_name(cx, i.day),
                hours(i.minutes()),
                hours(i64::from(p.fph_night_max_minutes))
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Fph;

    #[test]
    fn fph_day_2_a_twelve_hour_night_without_derogation_once_and_mip_agrees() {
        // A 10 h night is the maximum; a 12 h night breaks it.
        let inst = instance("2026-03-02", 7, &[("f", Fph)], |_| {});
        let bad = roster(&inst, &[("f", 1, "NL")]);
        let good = roster(&inst, &[("f", 1, "N")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
