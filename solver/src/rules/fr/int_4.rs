//! INT-4: internes' counting: night garde 2 demi-journées, day garde on a Sunday or holiday 2,
//! 24 h garde 4, weekend-morning astreinte 1. The engine counts so (see `half_days`); this rule
//! flags a catalogue declaring otherwise for a shift an interne works (and the MIP does not use
//! it for them).

use super::half_days::legal_count;
use super::shape::same_day::SameDay;
use super::{INT, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::{Item, day_name};

static META: Meta = Meta {
    id: "INT-4",
    kind: Kind::Hard,
    citation: "art. R6153-2, code de la santé publique ; arrêté du 30 juin 2015",
    effective_from: "2015-05-01",
    categories: INT,
};

pub static RULE: SameDay = SameDay { meta: &META, test };

fn test(cx: &Context, s: &StaffInfo, items: &[&Item]) -> Option<String> {
    items.iter().find_map(|i| {
        let t = i.shift?;
        let declared = cx.shifts[t].declared_half_days?;
        let legal = legal_count(cx, s, i)?;
        (declared != legal).then(|| {
            format!(
                "le poste du {} (type n° {t}) est déclaré pour {declared} demi-journée(s), il en compte {legal}",
                day_name(cx, i.day)
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::Category::Interne;

    #[test]
    fn int_4_a_sunday_day_garde_counts_two_once_and_mip_agrees() {
        // A day garde declared 1: on Sunday it counts 2 (broken); on a weekday the texts fix
        // nothing and the declaration stands.
        let inst = instance("2026-03-02", 7, &[("i", Interne)], |p| {
            let mut g = p.shift_types.iter().find(|t| t.id == "J").unwrap().clone();
            g.id = "GJ".into();
            g.hospital = Some(crate::hospital::ShiftHospital {
                activity: crate::hospital::Activity::Garde,
                half_days: Some(1),
                break_minutes: 60,
                pieces: Default::default(),
                unit: None,
            });
            p.shift_types.push(g);
        });
        let bad = roster(&inst, &[("i", 6, "GJ")]);
        let good = roster(&inst, &[("i", 2, "GJ")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
