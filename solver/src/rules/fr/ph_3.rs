//! PH-3: a night counts as 2 demi-journées. The engine counts so (see `half_days`); this rule
//! flags a catalogue that declares otherwise for a night a praticien works (and the MIP does not
//! use such a shift for them).

use super::shape::same_day::SameDay;
use super::{Meta, PH};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::{Item, day_name};

static META: Meta = Meta {
    id: "PH-3",
    kind: Kind::Hard,
    citation: "art. R6152-27, code de la santé publique",
    effective_from: "2003-01-01",
    categories: PH,
};

pub static RULE: SameDay = SameDay { meta: &META, test };

fn test(cx: &Context, s: &StaffInfo, items: &[&Item]) -> Option<String> {
    items.iter().find_map(|i| {
        let t = i.shift?;
        let declared = cx.shifts[t].declared_half_days?;
        (i.is_night(cx, &s.params) && declared != 2).then(|| {
            format!(
                "la nuit du {} est déclarée pour {declared} demi-journée(s) au lieu de 2",
                day_name(cx, i.day)
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Ph;

    #[test]
    fn ph_3_a_night_declared_as_one_demi_journee_once_and_mip_agrees() {
        let inst = instance("2026-03-02", 7, &[("p", Ph)], |p| {
            let t = p.shift_types.iter_mut().find(|t| t.id == "NL").unwrap();
            t.hospital.as_mut().unwrap().half_days = Some(1);
        });
        let bad = roster(&inst, &[("p", 1, "NL")]);
        let good = roster(&inst, &[("p", 1, "G")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
