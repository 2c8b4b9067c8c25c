//! FPH-CYC-1: work is organised in cycles of 1 to 12 weeks, repeating identically (weekly hours
//! may vary inside, FPH-WK-2 caps each week at 44 h). A check of the unit's organisation (the
//! cycle length in force for each agent), not of the roster: no MIP rows. One violation per
//! agent whose cycle length is outside the bounds.

use super::{FPH, FrUnit, Meta, staff, violation};
use crate::hospital::Context;
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Violation};

static META: Meta = Meta {
    id: "FPH-CYC-1",
    kind: Kind::Hard,
    citation: "art. 9, décret 2002-9",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub struct CycleLength;
pub static RULE: CycleLength = CycleLength;

impl FrUnit for CycleLength {
    fn meta(&self) -> &'static Meta {
        &META
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        // Data outside the bounds makes every roster illegal: an empty infeasible row says so.
        for e in 0..inst.n_staff {
            if let Some(s) = staff(&META, cx, e)
                && !(1..=12).contains(&s.params.cycle_weeks)
            {
                m.add_elastic_row(1.0, f64::INFINITY, &[], super::HARD);
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, _: &Roster) -> Vec<Violation> {
        (0..inst.n_staff)
            .filter_map(|e| {
                let s = staff(&META, cx, e)?;
                let w = s.params.cycle_weeks;
                (!(1..=12).contains(&w)).then(|| {
                    violation(
                        &META,
                        inst,
                        Some(e),
                        vec![],
                        0,
                        format!(
                            "cycle de travail de {w} semaine(s) : il doit durer de 1 à 12 semaines"
                        ),
                    )
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::{Category::Fph, ParameterSet, ParameterValues, Scope};

    #[test]
    fn fph_cyc_1_a_thirteen_week_cycle_in_one_unit_once_and_mip_agrees() {
        // The unit U2 declares 13 weeks from 1 January; U1 keeps the tenant's 10.
        let build = |weeks_u2: u32| {
            instance("2026-03-02", 7, &[("x", Fph), ("y", Fph)], move |p| {
                info(p, 1).unit = Some("U2".into());
                tenant(
                    p,
                    ParameterValues {
                        cycle_weeks: Some(10),
                        ..Default::default()
                    },
                );
                if let Some(h) = p.hospital.as_mut() {
                    h.rule_parameters.push(ParameterSet {
                        scope: Scope::Unit,
                        id: Some("U2".into()),
                        effective_from: Some("2026-01-01".into()),
                        reference: None,
                        values: ParameterValues {
                            cycle_weeks: Some(weeks_u2),
                            ..Default::default()
                        },
                    });
                }
            })
        };
        let bad = build(13);
        let good = build(12);
        data_once_and_mip_agrees(&RULE, &bad, &good, &[("x", 1, "M")]);
        assert_eq!(
            RULE.violations(&bad, &roster(&bad, &[]))[0]
                .staff
                .as_deref(),
            Some("y")
        );
    }
}
