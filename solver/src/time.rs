//! Timed intervals for the French rules: every worked shift, garde, astreinte and realised
//! call-out of one staff member as absolute minutes from day 0's midnight (history negative), so
//! that rest, amplitude and rolling windows are computed on real minutes, across midnight and
//! across the history boundary.

use crate::hospital::{Activity, Context, Parameters};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub const DAY: i64 = 1440;

/// The vacations of one item; shifts have one or two.
pub type Pieces = smallvec::SmallVec<[(i64, i64); 2]>;

/// One shift (or call-out) of one staff member as timed vacations.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Day the shift belongs to (negative = history).
    pub day: i64,
    /// Shift type; `None` for a realised astreinte call-out.
    pub shift: Option<usize>,
    /// Vacations `[start, end)`, absolute minutes (inline: every rule builds a person's items
    /// on every check, millions of times in the hospital local searches).
    pub pieces: Pieces,
    pub activity: Activity,
    /// MIP column, for a horizon candidate.
    pub col: Option<usize>,
}

impl Item {
    pub fn start(&self) -> i64 {
        self.pieces.first().map_or(0, |p| p.0)
    }
    pub fn end(&self) -> i64 {
        self.pieces.last().map_or(0, |p| p.1)
    }
    /// Effective work (an astreinte is not; its call-outs are).
    pub fn is_work(&self) -> bool {
        self.activity != Activity::Astreinte
    }
    pub fn is_callout(&self) -> bool {
        self.shift.is_none()
    }
    /// A horizon shift (history shifts and call-outs are past).
    pub fn in_horizon(&self) -> bool {
        self.day >= 0 && !self.is_callout()
    }
    /// Effective work minutes.
    pub fn minutes(&self) -> i64 {
        if self.is_work() {
            self.pieces.iter().map(|p| p.1 - p.0).sum()
        } else {
            0
        }
    }
    /// Effective work minutes inside `[a, b)`.
    pub fn minutes_in(&self, a: i64, b: i64) -> i64 {
        if !self.is_work() {
            return 0;
        }
        self.pieces
            .iter()
            .map(|p| (p.1.min(b) - p.0.max(a)).max(0))
            .sum()
    }
    /// Night minutes (FPH-NIGHT-1) of effective work.
    pub fn night_minutes(&self, p: &Parameters) -> i64 {
        if !self.is_work() {
            return 0;
        }
        let (ns, ne) = (
            i64::from(p.night_start_minute),
            i64::from(p.night_end_minute),
        );
        let mut total = 0;
        for &(a, b) in &self.pieces {
            for k in (a.div_euclid(DAY) - 1)..=(b.div_euclid(DAY)) {
                let (ws, we) = if ns >= ne {
                    (k * DAY + ns, (k + 1) * DAY + ne)
                } else {
                    (k * DAY + ns, k * DAY + ne)
                };
                total += (b.min(we) - a.max(ws)).max(0);
            }
        }
        total
    }
    /// Night work: declared night, or mostly in night hours.
    pub fn is_night(&self, cx: &Context, p: &Parameters) -> bool {
        let declared = self.shift.is_some_and(|t| cx.shifts[t].is_night);
        declared || (self.is_work() && 2 * self.night_minutes(p) >= self.minutes().max(1))
    }
    /// Whether any part of `[a, b)` is covered by the item (any activity).
    pub fn touches(&self, a: i64, b: i64) -> bool {
        self.pieces.iter().any(|p| p.0 < b && a < p.1)
    }
}

fn shift_item(cx: &Context, day: i64, t: usize, col: Option<usize>) -> Item {
    let s = &cx.shifts[t];
    Item {
        day,
        shift: Some(t),
        pieces: s
            .pieces
            .iter()
            .map(|&(a, b)| (day * DAY + a, day * DAY + b))
            .collect(),
        activity: s.activity,
        col,
    }
}

/// History shifts and realised call-outs of `e`.
pub fn history_items(inst: &Instance, cx: &Context, e: usize) -> Vec<Item> {
    let mut v: Vec<Item> = inst
        .history
        .iter()
        .filter(|h| h.0 == e)
        .map(|&(_, before, t)| shift_item(cx, -(before as i64), t, None))
        .collect();
    for &(ie, a, b) in &cx.interventions {
        if ie == e {
            v.push(Item {
                day: a.div_euclid(DAY),
                shift: None,
                pieces: smallvec::smallvec![(a, b)],
                activity: Activity::Work,
                col: None,
            });
        }
    }
    v
}

fn sorted(mut v: Vec<Item>) -> Vec<Item> {
    v.sort_by_key(|i| (i.start(), i.end()));
    v
}

/// History and roster items of `e`, by start.
pub fn roster_items(inst: &Instance, cx: &Context, roster: &Roster, e: usize) -> Vec<Item> {
    let mut v = history_items(inst, cx, e);
    for d in 0..inst.n_days {
        for &t in roster.shifts(e, d) {
            v.push(shift_item(cx, d as i64, t, None));
        }
    }
    sorted(v)
}

/// History items and every horizon shift `e` may work (with its MIP column), by start.
pub fn candidate_items(inst: &Instance, cx: &Context, m: &MipBuilder, e: usize) -> Vec<Item> {
    let mut v = history_items(inst, cx, e);
    for d in 0..inst.n_days {
        for t in 0..inst.n_shifts {
            if inst.allowed[e][t] {
                v.push(shift_item(cx, d as i64, t, Some(m.x(e, d, t))));
            }
        }
    }
    sorted(v)
}

/// The known window `[first minute of the history, end of the horizon)`.
pub fn known_window(inst: &Instance) -> (i64, i64) {
    (-(inst.history_days as i64) * DAY, inst.n_days as i64 * DAY)
}

/// "11/03" for a day.
pub fn day_name(cx: &Context, day: i64) -> String {
    crate::calendar::day_month(cx.date(day))
}

/// "11/03 21:00" for a minute.
pub fn minute_name(cx: &Context, minute: i64) -> String {
    let day = minute.div_euclid(DAY);
    let m = minute.rem_euclid(DAY);
    format!("{} {:02}:{:02}", day_name(cx, day), m / 60, m % 60)
}

/// "12 h" or "11 h 30".
pub fn hours(minutes: i64) -> String {
    let (h, m) = (minutes.div_euclid(60), minutes.rem_euclid(60));
    if m == 0 {
        format!("{h} h")
    } else {
        format!("{h} h {m:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn night_minutes_follow_the_legal_night_across_midnight() {
        let p = Parameters::default();
        let item = |a: i64, b: i64| Item {
            day: 0,
            shift: None,
            pieces: smallvec::smallvec![(a, b)],
            activity: Activity::Work,
            col: None,
        };
        // 19:00-07:00: night from 21:00 to 06:00 = 9 h.
        assert_eq!(item(19 * 60, 31 * 60).night_minutes(&p), 540);
        // 06:45-14:15: none. 04:00-08:00 on day -1: 2 h.
        assert_eq!(item(405, 855).night_minutes(&p), 0);
        assert_eq!(item(-DAY + 240, -DAY + 480).night_minutes(&p), 120);
        assert_eq!(item(0, 600).minutes_in(540, 2000), 60);
        assert_eq!(hours(690), "11 h 30");
    }
}
