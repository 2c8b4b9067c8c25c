//! FPH-DAY-4: a discontinuous day (split shift, or two shifts the same day) has at most 2
//! vacations, each of at least 3 h, within an amplitude of at most 10 h 30.

use super::shape::same_day::SameDay;
use super::{FPH, Meta};
use crate::hospital::{Context, StaffInfo};
use crate::rules::Kind;
use crate::time::{Item, day_name, hours};

static META: Meta = Meta {
    id: "FPH-DAY-4",
    kind: Kind::Hard,
    citation: "art. 7, décret 2002-9",
    effective_from: "2002-01-01",
    categories: FPH,
};

pub static RULE: SameDay = SameDay { meta: &META, test };

fn test(cx: &Context, s: &StaffInfo, items: &[&Item]) -> Option<String> {
    let p = &s.params;
    let mut pieces: Vec<(i64, i64)> = items
        .iter()
        .filter(|i| i.is_work())
        .flat_map(|i| i.pieces.iter().copied())
        .collect();
    pieces.sort_unstable();
    // Contiguous pieces form one vacation.
    let mut vac: Vec<(i64, i64)> = Vec::new();
    for (a, b) in pieces {
        match vac.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => vac.push((a, b)),
        }
    }
    if vac.len() < 2 {
        return None;
    }
    let day = day_name(cx, items.first()?.day);
    let amplitude = vac[vac.len() - 1].1 - vac[0].0;
    let shortest = vac.iter().map(|v| v.1 - v.0).min()?;
    let why = if vac.len() > p.fph_split_max_vacations as usize {
        format!(
            "{} vacations pour un maximum de {}",
            vac.len(),
            p.fph_split_max_vacations
        )
    } else if shortest < i64::from(p.fph_split_min_vacation_minutes) {
        format!(
            "une vacation de {} pour un minimum de {}",
            hours(shortest),
            hours(i64::from(p.fph_split_min_vacation_minutes))
        )
    } else if amplitude > i64::from(p.fph_split_amplitude_max_minutes) {
        format!(
            "amplitude de {} pour un maximum de {}",
            hours(amplitude),
            hours(i64::from(p.fph_split_amplitude_max_minutes))
        )
    } else {
        return None;
    };
    Some(format!("journée discontinue du {day} : {why}"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::hospital::{Category::Fph, Piece, ShiftHospital};
    use crate::problem::ShiftType;

    fn split(id: &str, a: (u32, u32), b: (u32, u32)) -> ShiftType {
        ShiftType {
            id: id.into(),
            start_minute: a.0,
            duration_minutes: a.1 + b.1,
            is_night: false,
            qualifications: vec![],
            hospital: Some(ShiftHospital {
                pieces: vec![
                    Piece {
                        start_minute: a.0,
                        duration_minutes: a.1,
                    },
                    Piece {
                        start_minute: b.0,
                        duration_minutes: b.1,
                    },
                ],
                ..Default::default()
            }),
        }
    }

    #[test]
    fn fph_day_4_split_shift_amplitude_over_ten_and_a_half_hours_once_and_mip_agrees() {
        // 08:00-12:00 + 16:00-19:00: amplitude 11 h. 08:00-12:00 + 15:00-18:00: 10 h.
        let inst = instance("2026-03-02", 7, &[("f", Fph)], |p| {
            p.shift_types.push(split("C1", (480, 240), (960, 180)));
            p.shift_types.push(split("C2", (480, 240), (900, 180)));
        });
        let bad = roster(&inst, &[("f", 1, "C1")]);
        let good = roster(&inst, &[("f", 1, "C2")]);
        once_and_mip_agrees(&RULE, &inst, &bad, &good);
    }

    #[test]
    fn fph_day_4_a_vacation_under_three_hours_breaks_it() {
        let inst = instance("2026-03-02", 7, &[("f", Fph)], |p| {
            p.shift_types.push(split("C3", (480, 300), (900, 150)));
        });
        let v = RULE.violations(&inst, &roster(&inst, &[("f", 1, "C3")]));
        assert_eq!(v.len(), 1);
        assert!(
            v[0].message.contains("vacation de 2 h 30"),
            "{}",
            v[0].message
        );
    }
}
