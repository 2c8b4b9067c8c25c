//! Per-person counts over a period of days, shared by the indicators and the alerts.

use crate::hospital::{Activity, weekly_due_minutes};
use crate::problem::{Instance, Req, RequestKind, Roster};

/// A range of horizon days `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: usize,
    pub to: usize,
}

impl Period {
    pub fn whole(inst: &Instance) -> Self {
        Period {
            from: 0,
            to: inst.n_days,
        }
    }
    /// Clamped to the horizon.
    pub fn new(inst: &Instance, from: usize, to: usize) -> Self {
        let to = to.min(inst.n_days);
        Period {
            from: from.min(to),
            to,
        }
    }
    pub fn days(&self) -> std::ops::Range<usize> {
        self.from..self.to
    }
    pub fn len(&self) -> usize {
        self.to - self.from
    }
    pub fn is_empty(&self) -> bool {
        self.to == self.from
    }
    pub fn contains(&self, d: usize) -> bool {
        (self.from..self.to).contains(&d)
    }
}

/// Effective work minutes of shift `t` (an astreinte is not work).
pub fn work_minutes(inst: &Instance, t: usize) -> u32 {
    let st = &inst.problem.shift_types[t];
    match st.hospital.as_ref().map(|h| h.activity) {
        Some(Activity::Astreinte) => 0,
        _ => st.duration_minutes,
    }
}

pub fn is_holiday(inst: &Instance, d: usize) -> bool {
    inst.problem.days[d].holiday
        || inst
            .hospital
            .as_ref()
            .and_then(|cx| cx.holiday.get(d).copied())
            .unwrap_or(false)
}

/// Whether a wish is met by the roster (the `requests` rule's semantics).
pub fn wish_met(roster: &Roster, r: &Req) -> bool {
    let worked = match r.shift {
        Some(t) => roster.has(r.staff, r.day, t),
        None => roster.works(r.staff, r.day),
    };
    match r.kind {
        RequestKind::On => worked,
        RequestKind::Off => !worked,
    }
}

/// What one person worked and was refused in a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonCounts {
    pub shifts: u32,
    pub nights: u32,
    /// Weekends (Saturday and Sunday of one week) with at least one worked day in the period.
    pub weekends: u32,
    pub holidays: u32,
    pub worked_minutes: u32,
    pub wishes: u32,
    pub refused_wishes: u32,
}

pub fn person_counts(inst: &Instance, roster: &Roster, period: Period) -> Vec<PersonCounts> {
    let mut v = vec![PersonCounts::default(); inst.n_staff];
    for (e, d, t) in roster.assignments() {
        if !period.contains(d) {
            continue;
        }
        let c = &mut v[e];
        c.shifts += 1;
        c.worked_minutes += work_minutes(inst, t);
        if inst.problem.shift_types[t].is_night {
            c.nights += 1;
        }
    }
    let weekends = inst.weekends();
    for (e, c) in v.iter_mut().enumerate() {
        for d in period.days() {
            if roster.works(e, d) && is_holiday(inst, d) {
                c.holidays += 1;
            }
        }
        for w in &weekends {
            if w.iter().any(|&d| period.contains(d) && roster.works(e, d)) {
                c.weekends += 1;
            }
        }
    }
    for r in inst.requests.iter().filter(|r| period.contains(r.day)) {
        v[r.staff].wishes += 1;
        if !wish_met(roster, r) {
            v[r.staff].refused_wishes += 1;
        }
    }
    v
}

/// Minutes due by `e` over a period: the French weekly due pro rata of the days, else the
/// horizon's total-minutes limits pro rata (the minimum, else the maximum); `None` without any.
pub fn due_minutes(inst: &Instance, e: usize, period: Period) -> Option<f64> {
    let days = period.len() as f64;
    if let Some(s) = inst
        .hospital
        .as_ref()
        .and_then(|cx| cx.staff.get(e))
        .and_then(Option::as_ref)
    {
        return Some(weekly_due_minutes(s) * days / 7.0);
    }
    let l = &inst.limits[e];
    l.min_total_minutes
        .or(l.max_total_minutes)
        .map(|m| f64::from(m) * days / inst.n_days.max(1) as f64)
}
