//! FPH-REST-2: under a local accord (décret 2021-1544), daily rest may be lowered to 11 h; the
//! accord is cited from the parameter set's reference.

use super::shape::pairs::{Pairs, daily_rest};
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::Item;

static META: Meta = Meta {
    id: "FPH-REST-2",
    kind: Kind::Hard,
    citation: "art. 6, décret 2002-9 modifié par le décret 2021-1544, repos quotidien réduit par accord local",
    effective_from: "2021-12-01",
    categories: FPH,
};

pub static RULE: Pairs = Pairs {
    meta: &META,
    test,
    rows: |_| true,
};

fn test(cx: &Context, s: &StaffInfo, a: &Item, b: &Item) -> Option<String> {
    let p = &s.params;
    if !p.fph_daily_rest_accord {
        return None;
    }
    daily_rest(cx, a, b, p.fph_daily_rest_accord_minutes).map(|m| match s.references.last() {
        Some(r) => format!("{m} ; accord : {r}"),
        None => m,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::{Category::Fph, ParameterValues};

    fn accord(p: &mut crate::problem::Problem) {
        tenant(
            p,
            ParameterValues {
                fph_daily_rest_accord: Some(true),
                ..Default::default()
            },
        );
        if let Some(h) = p.hospital.as_mut() {
            h.rule_parameters[0].reference = Some("accord du 15/01/2022".into());
        }
    }

    #[test]
    fn fph_rest_2_eleven_hours_pass_ten_do_not_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("f", Fph)], accord);
        // S 13:30-21:00 then a 12 h day at 07:00: 10 h. J 07:00-19:00 then J: 12 h.
        let bad = roster(&inst, &[("f", 1, "S"), ("f", 2, "J")]);
        let good = roster(&inst, &[("f", 1, "J"), ("f", 2, "J")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
        assert!(
            RULE.violations(&inst, &bad)[0]
                .message
                .contains("accord du 15/01/2022")
        );
        // The 12 h rule gives way to the accord.
        assert_eq!(count(&super::super::fph_rest_1::RULE, &inst, &bad), 0);
    }

    #[test]
    fn fph_rest_2_not_in_force_before_december_2021() {
        let inst = instance("2021-11-01", 7, &[("f", Fph)], accord);
        let bad = roster(&inst, &[("f", 1, "S"), ("f", 2, "J")]);
        assert_eq!(count(&RULE, &inst, &bad), 0);
        assert_eq!(count(&super::super::fph_rest_1::RULE, &inst, &bad), 1);
    }
}
