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

/// History and roster items of `e`, by start (from the check's memo inside an
/// [`items_scope`]). Shared, not copied: copying a person's items for each of the twenty
/// rules that ask for them was a sixth of the hospital annealing's time.
pub fn roster_items(
    inst: &Instance,
    cx: &Context,
    roster: &Roster,
    e: usize,
) -> std::rc::Rc<[Item]> {
    let key = memo_key(inst, cx, roster);
    CHECK_ITEMS.with(|memo| {
        let mut memo = memo.borrow_mut();
        let Some(m) = memo.as_mut().filter(|m| m.key == key) else {
            return build_roster_items(inst, cx, roster, e).into();
        };
        if m.by_staff.len() <= e {
            m.by_staff.resize(e + 1, None);
        }
        m.by_staff[e]
            .get_or_insert_with(|| build_roster_items(inst, cx, roster, e).into())
            .clone()
    })
}

/// Items of one check, per person: each French rule asks for the same person's items, so
/// that a check of one person built them some twenty times (a seventh of the hospital
/// annealing's time).
struct ItemsMemo {
    /// Addresses of the instance, context and roster checked.
    key: (usize, usize, usize),
    by_staff: Vec<Option<std::rc::Rc<[Item]>>>,
}

fn memo_key(inst: &Instance, cx: &Context, roster: &Roster) -> (usize, usize, usize) {
    (
        std::ptr::from_ref(inst) as usize,
        std::ptr::from_ref(cx) as usize,
        std::ptr::from_ref(roster) as usize,
    )
}

thread_local! {
    static CHECK_ITEMS: std::cell::RefCell<Option<ItemsMemo>> =
        const { std::cell::RefCell::new(None) };
}

/// While alive, [`roster_items`] on `inst` and `roster` are built once per person. Sound
/// because the scope borrows both: they can neither change nor be freed (and their addresses
/// reused) before it ends. Scopes nest: the outer one is restored at the end.
pub struct ItemsScope<'a> {
    outer: Option<ItemsMemo>,
    _borrows: std::marker::PhantomData<(&'a Instance, &'a Roster)>,
}

pub fn items_scope<'a>(inst: &'a Instance, roster: &'a Roster) -> ItemsScope<'a> {
    let key = inst.hospital.as_ref().map(|cx| memo_key(inst, cx, roster));
    let memo = key.map(|key| ItemsMemo {
        key,
        by_staff: Vec::new(),
    });
    ItemsScope {
        outer: CHECK_ITEMS.with(|m| m.replace(memo)),
        _borrows: std::marker::PhantomData,
    }
}

impl Drop for ItemsScope<'_> {
    fn drop(&mut self) {
        let outer = self.outer.take();
        CHECK_ITEMS.with(|m| m.replace(outer));
    }
}

fn build_roster_items(inst: &Instance, cx: &Context, roster: &Roster, e: usize) -> Vec<Item> {
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

    #[test]
    fn a_checks_item_memo_gives_each_rosters_own_items_and_the_same_violations() {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let inst = Instance::new(crate::unit_month::french_problem(start, 10, 28, 7)).unwrap();
        let cx = inst.hospital.as_ref().unwrap();
        // Two shifts out of three, alternating day and night; `b` also works day 3.
        let mut a = Roster::new(inst.n_staff, inst.n_days);
        for e in 0..inst.n_staff {
            for d in (0..inst.n_days).filter(|d| (d + e) % 3 != 0) {
                a.add(e, d, (d + e) % 2);
            }
        }
        let mut b = a.clone();
        for e in 0..inst.n_staff {
            b.clear(e, 3);
            b.add(e, 3, 0);
        }
        assert_ne!(
            build_roster_items(&inst, cx, &a, 0),
            build_roster_items(&inst, cx, &b, 0)
        );
        {
            let _outer = items_scope(&inst, &a);
            let first = roster_items(&inst, cx, &a, 0);
            assert_eq!(*first, *build_roster_items(&inst, cx, &a, 0));
            {
                // Another roster inside the scope: its own items, memoised apart.
                let _inner = items_scope(&inst, &b);
                assert_eq!(
                    *roster_items(&inst, cx, &b, 0),
                    *build_roster_items(&inst, cx, &b, 0)
                );
                assert_eq!(roster_items(&inst, cx, &a, 0), first);
            }
            assert_eq!(roster_items(&inst, cx, &a, 0), first);
            assert_eq!(
                *roster_items(&inst, cx, &b, 0),
                *build_roster_items(&inst, cx, &b, 0)
            );
        }
        // The checker (memo on) and each rule alone (memo off) report the same violations.
        for r in [&a, &b] {
            let rep = crate::checker::check(&inst, r);
            let alone: Vec<_> = crate::rules::all_rules()
                .flat_map(|rule| rule.violations(&inst, r))
                .collect();
            assert!(!alone.is_empty());
            assert_eq!(rep.violations, alone);
        }
    }
}
