//! Counting in demi-journées (PH-3, INT-4): a night garde counts 2, a day garde on a Sunday or
//! public holiday 2, a 24 h garde 4, a weekend-morning astreinte 1; other shifts count what the
//! catalogue declares, or 2 for a night or more than 6 h of work, else 1.

use crate::hospital::{Activity, Context, StaffInfo};
use crate::time::{DAY, Item};

/// The legal count of a garde or astreinte, when the texts fix one.
pub fn legal_count(cx: &Context, s: &StaffInfo, i: &Item) -> Option<u32> {
    let start = i.start().rem_euclid(DAY);
    match i.activity {
        Activity::Garde if i.end() - i.start() >= 20 * 60 => Some(4),
        Activity::Garde if i.is_night(cx, &s.params) => Some(2),
        Activity::Garde if cx.sunday_or_holiday(i.day) => Some(2),
        Activity::Astreinte if cx.weekday(i.day) >= 5 && start < 12 * 60 => Some(1),
        _ => None,
    }
}

/// Demi-journées a shift counts for.
pub fn half_days(cx: &Context, s: &StaffInfo, i: &Item) -> u32 {
    let Some(t) = i.shift else {
        return 0;
    };
    if let Some(n) = legal_count(cx, s, i) {
        return n;
    }
    if let Some(n) = cx.shifts[t].declared_half_days {
        return n;
    }
    match i.activity {
        Activity::Astreinte => 0,
        _ if i.is_night(cx, &s.params) || i.minutes() > 6 * 60 => 2,
        _ => 1,
    }
}

/// `Some(message)` when a shift has a continuous vacation over `after` minutes with a break
/// under `min_break`.
pub fn missing_break(
    cx: &Context,
    items: &[&Item],
    after: u32,
    min_break: impl Fn(&Item) -> u32,
) -> Option<String> {
    use crate::time::{day_name, hours};
    items.iter().find_map(|i| {
        let t = i.shift?;
        let longest = i.pieces.iter().map(|p| p.1 - p.0).max()?;
        let need = min_break(i);
        let has = cx.shifts[t].break_minutes;
        (i.is_work() && has < need && longest > i64::from(after)).then(|| {
            format!(
                "poste du {} : {} de travail continu avec une pause de {} min pour {} min requises",
                day_name(cx, i.day),
                hours(longest),
                has,
                need
            )
        })
    })
}
