//! FPH-DAY-1: at most 9 h of effective work a day in day teams (not under the 12 h derogation,
//! FPH-DAY-3). Day shifts starting on one day are summed.

use super::shape::same_day::SameDay;
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::{Item, day_name, hours};

static META: Meta = Meta {
    id: "FPH-DAY-1",
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
    let total: i64 = items
        .iter()
        .filter(|i| i.is_work() && !i.is_night(cx, p))
        .map(|i| i.minutes())
        .sum();
    let day = items.first()?.day;
    (total > i64::from(p.fph_day_max_minutes)).then(|| {
        format!(
            "{} de travail effectif le {} pour un maximum de {} en équipe de jour",
            hours(total),
            day_name(cx, day),
            hours(i64::from(p.fph_day_max_minutes))
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::{Category::Fph, ParameterValues};

    #[test]
    fn fph_day_1_a_twelve_hour_day_without_derogation_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("f", Fph)], |_| {});
        let bad = roster(&inst, &[("f", 1, "J")]);
        let good = roster(&inst, &[("f", 1, "M"), ("f", 3, "S")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn fph_day_1_the_derogation_lifts_it() {
        let inst = instance("2026-03-02", 7, &[("f", Fph)], |p| {
            tenant(
                p,
                ParameterValues {
                    fph_derogation_12h: Some(true),
                    ..Default::default()
                },
            )
        });
        assert_eq!(count(&RULE, &inst, &roster(&inst, &[("f", 1, "J")])), 0);
    }
}
