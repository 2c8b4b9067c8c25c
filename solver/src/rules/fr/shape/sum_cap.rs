//! Rules capping a quantity (minutes of work, overtime, demi-journées) summed over windows of
//! time: rolling 7 days, calendar weeks, months, cycles, the civil year, and the averaging
//! reference periods (quadrimestre, trimestre) with the counters carried from before day 0.
//! One MIP row per window; the check sums the same quantity, so both agree exactly.

use crate::hospital::{Context, StaffInfo};
use crate::mip::{Lin, MipBuilder};
use crate::problem::{Instance, Roster};
use crate::rules::Violation;
use crate::rules::fr::{FrUnit, HARD_PER_MINUTE, Meta, staff, violation};
use crate::time::{DAY, Item, candidate_items, roster_items};

/// A window `[start, end)` whose quantity (plus `carried`) may not exceed `cap`.
#[derive(Debug, Clone)]
pub struct Window {
    pub start: i64,
    pub end: i64,
    pub carried: i64,
    pub cap: i64,
    /// Describes the window in messages ("semaine du 09/03").
    pub label: String,
}

/// The windows to check for one staff member, given their items (history included).
pub type Windows = fn(inst: &Instance, cx: &Context, s: &StaffInfo, items: &[Item]) -> Vec<Window>;
/// The quantity an item contributes to `[a, b)`.
pub type Quantity = fn(cx: &Context, s: &StaffInfo, item: &Item, a: i64, b: i64) -> i64;
/// The message for a window and its total.
pub type Message = fn(s: &StaffInfo, w: &Window, total: i64) -> String;

pub struct SumCap {
    pub meta: &'static Meta,
    pub windows: Windows,
    pub quantity: Quantity,
    pub message: Message,
    pub rows: fn(&StaffInfo) -> bool,
}

/// Minutes of effective work in the window.
pub fn work_minutes(_: &Context, _: &StaffInfo, i: &Item, a: i64, b: i64) -> i64 {
    i.minutes_in(a, b)
}

/// Windows of `len` minutes starting at every item start and ending at every item end (where
/// the maximum of a sliding sum lies), meeting the horizon.
pub fn sliding(inst: &Instance, items: &[Item], len: i64, cap: i64) -> Vec<Window> {
    let horizon_end = inst.n_days as i64 * DAY;
    let mut starts: Vec<i64> = items
        .iter()
        .filter(|i| i.is_work())
        .flat_map(|i| [i.start(), i.end() - len])
        .filter(|&s| s + len > 0 && s < horizon_end)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
        .into_iter()
        .map(|s| Window {
            start: s,
            end: s + len,
            carried: 0,
            cap,
            label: String::new(),
        })
        .collect()
}

impl FrUnit for SumCap {
    fn meta(&self) -> &'static Meta {
        self.meta
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            if !(self.rows)(s) {
                continue;
            }
            let items = candidate_items(inst, cx, m, e);
            for w in (self.windows)(inst, cx, s, &items) {
                let mut lin = Lin {
                    terms: Vec::new(),
                    constant: w.carried as f64,
                };
                for i in &items {
                    let q = (self.quantity)(cx, s, i, w.start, w.end);
                    if q == 0 {
                        continue;
                    }
                    match i.col {
                        Some(c) => lin.terms.push((c, q as f64)),
                        None => lin.constant += q as f64,
                    }
                }
                if lin.terms.is_empty() && lin.constant <= w.cap as f64 {
                    continue;
                }
                let (lo, hi) = (f64::NEG_INFINITY, w.cap as f64 - lin.constant);
                m.add_elastic_row(lo, hi, &lin.terms, HARD_PER_MINUTE);
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            let items = roster_items(inst, cx, roster, e);
            // Overlapping breaking windows (sliding ones) make one violation, with the worst.
            let mut worst: Option<(Window, i64)> = None;
            let flush = |worst: &mut Option<(Window, i64)>, v: &mut Vec<Violation>| {
                if let Some((w, total)) = worst.take() {
                    let days: Vec<usize> = (0..inst.n_days)
                        .filter(|&d| {
                            let a = d as i64 * DAY;
                            a < w.end && w.start < a + DAY
                        })
                        .collect();
                    v.push(violation(
                        self.meta,
                        inst,
                        Some(e),
                        days,
                        0,
                        (self.message)(s, &w, total),
                    ));
                }
            };
            let mut windows = (self.windows)(inst, cx, s, &items);
            windows.sort_by_key(|w| w.start);
            for w in windows {
                let total = w.carried
                    + items
                        .iter()
                        .map(|i| (self.quantity)(cx, s, i, w.start, w.end))
                        .sum::<i64>();
                if total <= w.cap {
                    continue;
                }
                match &mut worst {
                    Some((cur, t)) if w.start < cur.end => {
                        if total - w.cap > *t - cur.cap {
                            *cur = w;
                            *t = total;
                        }
                    }
                    _ => {
                        flush(&mut worst, &mut v);
                        worst = Some((w, total));
                    }
                }
            }
            flush(&mut worst, &mut v);
        }
        v
    }
}

/// A part of the horizon lying in one period: days `[from, to)`, and the period's first day
/// (extended day number, maybe before day 0).
#[derive(Debug, Clone, Copy)]
pub struct Segment {
    pub from: i64,
    pub to: i64,
    pub period_start: i64,
}

/// Splits the horizon by periods; `period` gives `[start, end)` of the period holding a date.
pub fn segments(
    inst: &Instance,
    cx: &Context,
    period: impl Fn(chrono::NaiveDate) -> Option<(chrono::NaiveDate, chrono::NaiveDate)>,
) -> Vec<Segment> {
    let n = inst.n_days as i64;
    let mut v = Vec::new();
    let mut d = 0;
    while d < n {
        let Some((a, b)) = period(cx.date(d)) else {
            break;
        };
        let ps = (a - cx.start).num_days();
        let pe = (b - cx.start).num_days();
        let to = pe.min(n).max(d + 1);
        v.push(Segment {
            from: d,
            to,
            period_start: ps,
        });
        d = to;
    }
    v
}

/// Calendar months.
pub fn month(date: chrono::NaiveDate) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let a = crate::calendar::period_start(date, 1, 1)?;
    Some((a, crate::calendar::period_end(a, 1)?))
}

/// Reference periods of `months` months anchored on `anchor_month`.
pub fn reference_period(
    months: u32,
    anchor_month: u32,
) -> impl Fn(chrono::NaiveDate) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    move |date| {
        let a = crate::calendar::period_start(date, months, anchor_month)?;
        Some((a, crate::calendar::period_end(a, months)?))
    }
}

/// Windows of the averaging rules: in each reference period met by the horizon, the work from
/// the period's start (the counter before day 0, then the horizon) may not exceed
/// `per_week * elapsed days / 7` (no borrowing from the weeks still to come: the average so far
/// must hold, which keeps every later completion of the period legal).
pub fn average_windows(
    inst: &Instance,
    cx: &Context,
    months: u32,
    anchor: u32,
    counter: i64,
    per_day_num: i64,
    per_day_den: i64,
) -> Vec<Window> {
    segments(inst, cx, reference_period(months, anchor))
        .into_iter()
        .map(|s| {
            let elapsed = s.to - s.period_start;
            Window {
                start: s.from * DAY,
                end: s.to * DAY,
                carried: if s.from == 0 { counter } else { 0 },
                cap: per_day_num * elapsed / per_day_den,
                label: format!(
                    "du {} au {}",
                    crate::calendar::day_month_year(cx.date(s.period_start)),
                    crate::calendar::day_month_year(cx.date(s.to - 1))
                ),
            }
        })
        .collect()
}

/// The averaging period of a staff member's category: trimestre for internes, quadrimestre for
/// praticiens, the EU reference period for the others.
pub fn category_period(s: &StaffInfo) -> (u32, u32) {
    use crate::hospital::Category::*;
    let p = &s.params;
    match s.category {
        Interne => (p.int_period_months, p.int_period_anchor_month),
        Ph => (p.ph_period_months, p.ph_period_anchor_month),
        Fph => (p.eu_period_months, p.eu_period_anchor_month),
    }
}

/// Overtime windows (FPH-HS-*): in each period part of the horizon, the work beyond the minutes
/// due (the weekly due pro rata of the days) plus the overtime already done in the period
/// (`counter`, for the period holding day 0) may not exceed `cap`. Expressed on work minutes:
/// `work <= due + cap - counter`; when the counter alone is over the cap every roster breaks it.
pub fn overtime_windows(
    segments: Vec<Segment>,
    s: &StaffInfo,
    counter: i64,
    cap: i64,
    label: impl Fn(&Segment) -> String,
) -> Vec<Window> {
    if s.params.fph_overtime_derogation {
        return Vec::new();
    }
    let weekly = crate::hospital::weekly_due_minutes(s);
    segments
        .into_iter()
        .map(|g| {
            let due = (weekly * (g.to - g.from) as f64 / 7.0).floor() as i64;
            let carried = if g.from == 0 { counter } else { 0 };
            Window {
                start: g.from * DAY,
                end: g.to * DAY,
                carried: 0,
                cap: if carried > cap {
                    -1
                } else {
                    due + cap - carried
                },
                label: label(&g),
            }
        })
        .collect()
}
