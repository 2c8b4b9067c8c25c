//! Counters projected to break their limits: 48 h in any 7 days (everyone), and for the French
//! categories the annual hours against the target, FPH overtime (240 h a year, 20 h a month;
//! the monthly cap is applied as is, the pro rata for cycles over a month is not), and the
//! internes' 48 h average over the quarter. Planned work = effective minutes of the roster.

use super::{Alert, Severity};
use crate::calendar::period_start;
use crate::hospital::{Category, annual_target_minutes, weekly_due_minutes};
use crate::indicators::counts::{Period, work_minutes};
use crate::problem::{Instance, Roster};
use crate::rules::day_label;
use crate::time::hours;
use chrono::Datelike;

const WEEK_48H: i64 = 2880;

fn worked(inst: &Instance, roster: &Roster, e: usize, days: std::ops::Range<usize>) -> i64 {
    days.map(|d| {
        roster
            .shifts(e, d)
            .iter()
            .map(|&t| i64::from(work_minutes(inst, t)))
            .sum::<i64>()
    })
    .sum()
}

fn alert(
    kind: &'static str,
    sev: Severity,
    inst: &Instance,
    e: usize,
    days: Vec<usize>,
    (value, limit): (i64, i64),
    message: String,
) -> Alert {
    Alert {
        kind,
        severity: sev,
        staff: Some(inst.staff_id(e).to_string()),
        days,
        value,
        limit,
        message: format!("{} : {message}", inst.staff_id(e)),
        loan: None,
    }
}

pub fn counters(inst: &Instance, roster: &Roster, period: Period) -> Vec<Alert> {
    let mut v = Vec::new();
    let n = inst.n_days;
    for e in 0..inst.n_staff {
        // 48 h in any 7 consecutive days touching the period: the worst window.
        let worst = (0..n.saturating_sub(6).max(1))
            .filter(|&s| s + 7 > period.from)
            .map(|s| (worked(inst, roster, e, s..(s + 7).min(n)), s))
            .max();
        if let Some((m, s)) = worst.filter(|(m, _)| *m > WEEK_48H) {
            v.push(alert("weekly_48h", Severity::Critical, inst, e, (s..(s + 7).min(n)).collect(), (m, WEEK_48H), format!(
                    "{} travaillées sur les 7 jours à partir du {} (48 h au plus, art. 6 décret 2002-9 ; directive 2003/88/CE)",
                    hours(m),
                    day_label(inst, s)
                )));
        }
        let Some((cx, s)) = inst
            .hospital
            .as_ref()
            .and_then(|cx| Some((cx, cx.staff.get(e)?.as_ref()?)))
        else {
            continue;
        };
        let planned = worked(inst, roster, e, 0..n);
        let end = cx.start + chrono::Days::new(n as u64);
        match s.category {
            Category::Fph => {
                // Annual hours: what is worked by the horizon's end, and the pace to year end.
                let target = annual_target_minutes(s);
                let done = i64::from(s.counters.year_worked_minutes) + planned;
                let elapsed = i64::from(end.ordinal0()).max(1);
                let pace = done * 365 / elapsed;
                if done > target {
                    v.push(alert("annual_hours", Severity::Critical, inst, e, vec![], (done, target), format!("{} travaillées dans l'année à la fin de la période pour une cible annuelle de {}", hours(done), hours(target))));
                } else if pace > target * 105 / 100 && elapsed >= 28 {
                    v.push(alert(
                        "annual_hours",
                        Severity::Warning,
                        inst,
                        e,
                        vec![],
                        (pace, target),
                        format!(
                            "au rythme actuel, {} sur l'année pour une cible de {}",
                            hours(pace),
                            hours(target)
                        ),
                    ));
                }
                // Overtime: work beyond the due, pro rata of the days.
                let due = weekly_due_minutes(s) / 7.0;
                let over = |days: std::ops::Range<usize>| {
                    let len = days.len() as f64;
                    (worked(inst, roster, e, days) as f64 - due * len).max(0.0) as i64
                };
                let year = i64::from(s.counters.year_overtime_minutes) + over(0..n);
                let cap_year = i64::from(s.params.fph_overtime_year_minutes);
                if year > cap_year * 9 / 10 {
                    let sev = if year > cap_year {
                        Severity::Critical
                    } else {
                        Severity::Warning
                    };
                    v.push(alert("overtime_year", sev, inst, e, vec![], (year, cap_year), format!("{} d'heures supplémentaires projetées sur l'année pour un plafond de {} (art. 15, décret 2002-9)", hours(year), hours(cap_year))));
                }
                // The calendar month of day 0.
                let month_days = (0..n)
                    .take_while(|&d| {
                        (cx.start + chrono::Days::new(d as u64)).month() == cx.start.month()
                    })
                    .count();
                let month = i64::from(s.counters.month_overtime_minutes) + over(0..month_days);
                let cap_month = i64::from(s.params.fph_overtime_month_minutes);
                if month > cap_month {
                    v.push(alert("overtime_month", Severity::Critical, inst, e, (0..month_days).collect(), (month, cap_month), format!("{} d'heures supplémentaires projetées sur le mois pour un plafond de {} (art. 15, décret 2002-9)", hours(month), hours(cap_month))));
                }
            }
            Category::Interne => {
                let Some(q) = period_start(cx.start, 3, s.params.int_period_anchor_month) else {
                    continue;
                };
                let days = (end - q).num_days().max(1);
                let total = i64::from(s.counters.period_worked_minutes) + planned;
                let avg = total * 7 / days;
                if avg > WEEK_48H {
                    v.push(alert("interne_quarter", Severity::Critical, inst, e, vec![], (avg, WEEK_48H), format!("moyenne de {} par semaine sur le trimestre depuis le {} (48 h au plus en moyenne sur 3 mois, art. R6153-2 CSP)", hours(avg), q.format("%d/%m/%Y"))));
                }
            }
            Category::Ph => {}
        }
    }
    v
}
