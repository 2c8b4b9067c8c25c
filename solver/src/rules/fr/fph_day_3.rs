//! FPH-DAY-3: under the 12 h derogation (continuity of service, after the CSE's avis), a day may
//! exceed 9 h / 10 h but its amplitude, handover included, is at most 12 h. Shift times include
//! the transmissions.

use super::shape::same_day::SameDay;
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::{Item, day_name, hours};

static META: Meta = Meta {
    id: "FPH-DAY-3",
    kind: Kind::Hard,
    citation: "art. 7, décret 2002-9 (dérogation après avis du CSE)",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub static RULE: SameDay = SameDay { meta: &META, test };

fn test(cx: &Context, s: &StaffInfo, items: &[&Item]) -> Option<String> {
    let p = &s.params;
    if !p.fph_derogation_12h {
        return None;
    }
    let work: Vec<&&Item> = items.iter().filter(|i| i.is_work()).collect();
    let start = work.iter().map(|i| i.start()).min()?;
    let end = work.iter().map(|i| i.end()).max()?;
    (end - start > i64::from(p.fph_amplitude_max_minutes)).then(|| {
        format!(
            "amplitude de {} le {}, transmissions comprises, pour un maximum de {}",
            hours(end - start),
            day_name(cx, work[0].day),
            hours(i64::from(p.fph_amplitude_max_minutes))
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::{Category::Fph, ParameterValues};
    use crate::problem::ShiftType;

    #[test]
    fn fph_day_3_handover_past_twelve_hours_once_and_mip_agrees() {
        // Under the derogation, a 12 h day is fine; 12 h plus a 15 min handover is not.
        let inst = instance("2026-03-02", 7, &[("f", Fph)], |p| {
            tenant(
                p,
                ParameterValues {
                    fph_derogation_12h: Some(true),
                    ..Default::default()
                },
            );
            let j = p.shift_types.iter().find(|t| t.id == "J").unwrap().clone();
            p.shift_types.push(ShiftType {
                id: "JT".into(),
                duration_minutes: 735,
                ..j
            });
        });
        let bad = roster(&inst, &[("f", 1, "JT")]);
        let good = roster(&inst, &[("f", 1, "J")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }
}
