//! PH-4: in "temps continu" services (anaesthesia-ICU, emergencies, large maternities), a
//! praticien's obligations are counted in hours. Soft: in each calendar week wholly in the
//! horizon, each minute short of or beyond the weekly obligation (48 h by default, U, times the
//! quotité) costs 1; the 48 h average itself is PH-2.

use super::shape::obligation::Obligation;
use super::{Meta, PH};
use crate::hospital::{Context, StaffInfo};
use crate::problem::Instance;
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "PH-4",
    kind: Kind::Soft,
    citation: "art. R6152-27, code de la santé publique ; art. 2, arrêté du 30 avril 2003",
    effective_from: "2003-05-01",
    categories: PH,
};

pub static RULE: Obligation = Obligation {
    meta: &META,
    target,
    quantity,
    weight: |_| 1,
    unit: "minute(s)",
};

fn target(_: &Instance, _: &Context, _: usize, s: &StaffInfo, _: i64) -> Option<i64> {
    let p = &s.params;
    p.ph_temps_continu
        .then(|| i64::from(p.ph_temps_continu_weekly_minutes) * i64::from(s.quotite_percent) / 100)
}

fn quantity(_: &Context, _: &StaffInfo, i: &Item) -> i64 {
    i.minutes()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::{Category::Ph, ParameterValues};

    #[test]
    fn ph_4_temps_continu_counts_hours_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("p", Ph)], |p| {
            tenant(
                p,
                ParameterValues {
                    ph_temps_continu: Some(true),
                    ..Default::default()
                },
            )
        });
        let good = roster(&inst, &[("p", 0, "G24"), ("p", 3, "G24")]);
        let bad = roster(&inst, &[("p", 0, "G24"), ("p", 3, "J")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
        assert_eq!(RULE.violations(&inst, &bad)[0].cost, 720);
        // PH-1 gives way.
        assert_eq!(count(&super::super::ph_1::RULE, &inst, &bad), 0);
    }
}
