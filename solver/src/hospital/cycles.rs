//! Work cycles (FPH-CYC-1): trames of 1 to 12 weeks whose lines list a shift (or a rest day) per
//! day, repeating from a Monday anchor; each person sits on a line with an offset. Resolved into
//! the expected shift of each person on each horizon day, which the roster follows by default
//! (`rules::hospital::cycle_departure` prices every departure).

use super::model::Hospital;
use crate::calendar::{parse_date, weekday};
use crate::problem::{Problem, ValidationError};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Expected shift per horizon day (`None` = rest day) of each staff member on a cycle.
pub type Expected = Vec<Option<Vec<Option<usize>>>>;

/// Lines of a trame as shift indices (`None` = rest day).
type Lines = Vec<Vec<Option<usize>>>;

fn err(path: String, reason: impl Into<String>) -> ValidationError {
    ValidationError {
        path,
        reason: reason.into(),
    }
}

pub fn resolve(
    problem: &Problem,
    h: &Hospital,
    shift_index: &HashMap<&str, usize>,
    start: Option<NaiveDate>,
    errors: &mut Vec<ValidationError>,
) -> Expected {
    let mut trames: HashMap<&str, (NaiveDate, Lines)> = HashMap::new();
    for (i, tr) in h.cycles.iter().enumerate() {
        let p = format!("$.hospital.cycles[{i}]");
        let anchor = match parse_date(&tr.anchor) {
            Some(a) if weekday(a) == 0 => a,
            Some(_) => {
                errors.push(err(format!("{p}.anchor"), "the anchor must be a Monday"));
                continue;
            }
            None => {
                errors.push(err(format!("{p}.anchor"), "not a date YYYY-MM-DD"));
                continue;
            }
        };
        if tr.lines.is_empty() {
            errors.push(err(format!("{p}.lines"), "a trame needs at least one line"));
        }
        let mut lines = Vec::new();
        for (l, line) in tr.lines.iter().enumerate() {
            if line.is_empty() || line.len() % 7 != 0 || line.len() > 84 {
                errors.push(err(
                    format!("{p}.lines[{l}]"),
                    format!(
                        "a line lists one entry per day of a cycle of 1 to 12 weeks (7 to 84), not {}",
                        line.len()
                    ),
                ));
                continue;
            }
            let mut v = Vec::with_capacity(line.len());
            for (k, code) in line.iter().enumerate() {
                v.push(match code {
                    None => None,
                    Some(c) => match shift_index.get(c.as_str()) {
                        Some(&t) => Some(t),
                        None => {
                            errors.push(err(
                                format!("{p}.lines[{l}][{k}]"),
                                format!("unknown shift type `{c}`"),
                            ));
                            None
                        }
                    },
                });
            }
            lines.push(v);
        }
        if trames.insert(tr.id.as_str(), (anchor, lines)).is_some() {
            errors.push(err(
                format!("{p}.id"),
                format!("duplicate trame `{}`", tr.id),
            ));
        }
    }
    let n_days = problem.days.len();
    problem
        .staff
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let place = s.hospital.as_ref()?.cycle.as_ref()?;
            let p = format!("$.staff[{i}].hospital.cycle");
            let Some((anchor, lines)) = trames.get(place.trame.as_str()) else {
                errors.push(err(
                    format!("{p}.trame"),
                    format!("unknown trame `{}`", place.trame),
                ));
                return None;
            };
            let Some(line) = lines.get(place.line) else {
                errors.push(err(
                    format!("{p}.line"),
                    format!("the trame has {} line(s)", lines.len()),
                ));
                return None;
            };
            let start = start?;
            let len = line.len() as i64;
            let first =
                start.signed_duration_since(*anchor).num_days() + i64::from(place.offset_days);
            Some(
                (0..n_days as i64)
                    .map(|d| line[(first + d).rem_euclid(len) as usize])
                    .collect(),
            )
        })
        .collect()
}
