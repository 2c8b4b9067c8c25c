//! Fatigue patterns: runs of nights, and runs of long (12 h) shifts, longer than the threshold.

use super::{Alert, Severity, Thresholds};
use crate::indicators::counts::Period;
use crate::problem::{Instance, Roster};
use crate::rules::day_label;

pub fn fatigue(inst: &Instance, roster: &Roster, period: Period, th: &Thresholds) -> Vec<Alert> {
    let mut v = Vec::new();
    let night = |t: usize| inst.problem.shift_types[t].is_night;
    let long = |t: usize| inst.problem.shift_types[t].duration_minutes >= th.long_shift_minutes;
    for e in 0..inst.n_staff {
        for (kind, test, max, what) in [
            (
                "night_run",
                &night as &dyn Fn(usize) -> bool,
                th.max_night_run,
                "nuits",
            ),
            (
                "long_shift_run",
                &long,
                th.max_long_shift_run,
                "postes longs (12 h)",
            ),
        ] {
            let mut d = 0;
            while d < inst.n_days {
                if !roster.shifts(e, d).iter().any(|&t| test(t)) {
                    d += 1;
                    continue;
                }
                let s = d;
                while d < inst.n_days && roster.shifts(e, d).iter().any(|&t| test(t)) {
                    d += 1;
                }
                let len = d - s;
                // A run counts when it reaches into the period.
                if len > max && d > period.from {
                    v.push(Alert {
                        kind,
                        severity: Severity::Warning,
                        staff: Some(inst.staff_id(e).to_string()),
                        days: (s..d).collect(),
                        value: len as i64,
                        limit: max as i64,
                        message: format!(
                            "{} : {len} {what} d'affilée à partir du {} (au plus {max} recommandé)",
                            inst.staff_id(e),
                            day_label(inst, s)
                        ),
                        loan: None,
                    });
                }
            }
        }
    }
    v
}
