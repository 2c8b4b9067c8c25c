//! Import of the Curtois & Qu shift-scheduling benchmark (`shared/benchmarks/curtois/FORMAT.md`)
//! onto the general problem model, and the rosters of its reference solutions.
//!
//! The benchmark's edge-of-horizon rule (days outside the horizon are off for the maximum of
//! consecutive shifts; runs touching an edge are exempt from the minimums) is exactly the general
//! model's rule with an empty history.

pub mod reference;

use crate::problem::{
    Cover, Day, FixedDayOff, History, Limits, PROBLEM_VERSION, Problem, Request, RequestKind,
    ShiftType, Staff, Succession,
};
use std::collections::{BTreeMap, HashSet};

/// A malformed instance file: where, which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}: {reason}")]
pub struct ParseError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub reason: String,
}

/// A section: its name, the line of its header, and its data rows as (line, text).
type Section = (String, usize, Vec<(usize, String)>);

struct Ctx<'a> {
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&self, line: usize, field: &str, reason: impl Into<String>) -> ParseError {
        ParseError {
            file: self.file.to_string(),
            line,
            field: field.to_string(),
            reason: reason.into(),
        }
    }
    fn num(&self, line: usize, field: &str, s: &str) -> Result<u32, ParseError> {
        s.trim()
            .parse::<u32>()
            .map_err(|_| self.err(line, field, format!("`{s}` is not a non-negative integer")))
    }
    fn fields<'s>(
        &self,
        line: usize,
        row: &'s str,
        names: &[&str],
    ) -> Result<Vec<&'s str>, ParseError> {
        let f: Vec<&str> = row.split(',').collect();
        if f.len() != names.len() {
            return Err(self.err(
                line,
                names.first().copied().unwrap_or("row"),
                format!(
                    "expected {} fields ({}), found {}",
                    names.len(),
                    names.join(","),
                    f.len()
                ),
            ));
        }
        Ok(f)
    }
}

/// Parses an instance; `file` names it in errors and becomes the problem name.
pub fn parse(text: &str, file: &str) -> Result<Problem, ParseError> {
    let cx = Ctx { file };
    // (section name, line number of the section header, rows as (line, text))
    let mut sections: Vec<Section> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim();
        let n = i + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix("SECTION_") {
            sections.push((name.to_string(), n, Vec::new()));
        } else if let Some(s) = sections.last_mut() {
            s.2.push((n, line.to_string()));
        } else {
            return Err(cx.err(n, "section", "data before the first SECTION_ line"));
        }
    }
    let expected = [
        "HORIZON",
        "SHIFTS",
        "STAFF",
        "DAYS_OFF",
        "SHIFT_ON_REQUESTS",
        "SHIFT_OFF_REQUESTS",
        "COVER",
    ];
    let mut by_name: BTreeMap<&str, &Vec<(usize, String)>> = BTreeMap::new();
    for (name, line, rows) in &sections {
        if !expected.contains(&name.as_str()) {
            return Err(cx.err(*line, "section", format!("unknown section SECTION_{name}")));
        }
        if by_name.insert(name.as_str(), rows).is_some() {
            return Err(cx.err(
                *line,
                "section",
                format!("duplicate section SECTION_{name}"),
            ));
        }
    }
    let empty = Vec::new();
    let get = |n: &str| by_name.get(n).copied().unwrap_or(&empty);
    if !by_name.contains_key("HORIZON") {
        return Err(cx.err(1, "SECTION_HORIZON", "missing section"));
    }

    // HORIZON
    let hz = get("HORIZON");
    let (hl, hs) = match hz.as_slice() {
        [(l, s)] => (*l, s.as_str()),
        [] => return Err(cx.err(1, "HORIZON", "no horizon length")),
        [_, (l, _), ..] => return Err(cx.err(*l, "HORIZON", "more than one horizon row")),
    };
    let h = cx.num(hl, "HORIZON", hs)? as usize;
    if h == 0 {
        return Err(cx.err(hl, "HORIZON", "the horizon must be at least one day"));
    }

    // SHIFTS
    let mut shift_types = Vec::new();
    let mut forbidden_raw = Vec::new();
    let mut shift_ids = HashSet::new();
    for (l, row) in get("SHIFTS") {
        let f = cx.fields(*l, row, &["ShiftID", "LengthMinutes", "Forbidden"])?;
        if f[0].is_empty() {
            return Err(cx.err(*l, "ShiftID", "empty shift id"));
        }
        if !shift_ids.insert(f[0].to_string()) {
            return Err(cx.err(*l, "ShiftID", format!("duplicate shift `{}`", f[0])));
        }
        let len = cx.num(*l, "LengthMinutes", f[1])?;
        if len == 0 {
            return Err(cx.err(*l, "LengthMinutes", "must be positive"));
        }
        shift_types.push(ShiftType {
            id: f[0].to_string(),
            start_minute: 0,
            duration_minutes: len,
            is_night: false,
            qualifications: vec![],
            hospital: None,
        });
        for b in f[2].split('|').filter(|s| !s.is_empty()) {
            forbidden_raw.push((*l, f[0].to_string(), b.to_string()));
        }
    }
    let mut forbidden_successions = Vec::new();
    for (l, a, b) in forbidden_raw {
        if !shift_ids.contains(&b) {
            return Err(cx.err(l, "Forbidden", format!("unknown shift `{b}`")));
        }
        forbidden_successions.push(Succession {
            first: a,
            second: b,
        });
    }
    let shift_known = |l: usize, field: &str, s: &str| -> Result<String, ParseError> {
        if shift_ids.contains(s) {
            Ok(s.to_string())
        } else {
            Err(cx.err(l, field, format!("unknown shift `{s}`")))
        }
    };

    // STAFF
    let mut staff = Vec::new();
    let mut staff_ids = HashSet::new();
    let names = [
        "EmpID",
        "MaxShifts",
        "MaxTotalMinutes",
        "MinTotalMinutes",
        "MaxConsecutiveShifts",
        "MinConsecutiveShifts",
        "MinConsecutiveDaysOff",
        "MaxWeekends",
    ];
    for (l, row) in get("STAFF") {
        let f = cx.fields(*l, row, &names)?;
        if f[0].is_empty() {
            return Err(cx.err(*l, "EmpID", "empty employee id"));
        }
        if !staff_ids.insert(f[0].to_string()) {
            return Err(cx.err(*l, "EmpID", format!("duplicate employee `{}`", f[0])));
        }
        let mut max_shifts: BTreeMap<String, u32> = shift_types
            .iter()
            .map(|s| (s.id.clone(), h as u32))
            .collect();
        for item in f[1].split('|').filter(|s| !s.is_empty()) {
            let (k, v) = item
                .split_once('=')
                .ok_or_else(|| cx.err(*l, "MaxShifts", format!("`{item}` is not ShiftID=n")))?;
            let k = shift_known(*l, "MaxShifts", k)?;
            max_shifts.insert(k, cx.num(*l, "MaxShifts", v)?);
        }
        let max_total = cx.num(*l, names[2], f[2])?;
        let min_total = cx.num(*l, names[3], f[3])?;
        let cmax = cx.num(*l, names[4], f[4])?;
        let cmin = cx.num(*l, names[5], f[5])?;
        let omin = cx.num(*l, names[6], f[6])?;
        let wmax = cx.num(*l, names[7], f[7])?;
        staff.push(Staff {
            id: f[0].to_string(),
            contract: None,
            qualifications: vec![],
            limits: Limits {
                max_shifts,
                min_shifts: BTreeMap::new(),
                min_total_minutes: Some(min_total),
                max_total_minutes: Some(max_total),
                max_consecutive_days: Some(cmax),
                min_consecutive_days: (cmin > 1).then_some(cmin),
                min_consecutive_days_off: (omin > 1).then_some(omin),
                max_weekends: Some(wmax),
            },
            hospital: None,
        });
    }
    let staff_known = |l: usize, s: &str| -> Result<String, ParseError> {
        if staff_ids.contains(s) {
            Ok(s.to_string())
        } else {
            Err(cx.err(l, "EmpID", format!("unknown employee `{s}`")))
        }
    };
    let day = |l: usize, field: &str, s: &str| -> Result<usize, ParseError> {
        let d = cx.num(l, field, s)? as usize;
        if d >= h {
            return Err(cx.err(l, field, format!("day {d} outside the horizon of {h} days")));
        }
        Ok(d)
    };

    // DAYS_OFF
    let mut fixed_days_off = Vec::new();
    for (l, row) in get("DAYS_OFF") {
        let f: Vec<&str> = row.split(',').collect();
        let e = staff_known(*l, f[0])?;
        for s in f[1..].iter().filter(|s| !s.is_empty()) {
            fixed_days_off.push(FixedDayOff {
                staff: e.clone(),
                day: day(*l, "Day", s)?,
            });
        }
    }

    // REQUESTS
    let mut requests = Vec::new();
    for (section, kind) in [
        ("SHIFT_ON_REQUESTS", RequestKind::On),
        ("SHIFT_OFF_REQUESTS", RequestKind::Off),
    ] {
        for (l, row) in get(section) {
            let f = cx.fields(*l, row, &["EmpID", "Day", "ShiftID", "Weight"])?;
            requests.push(Request {
                staff: staff_known(*l, f[0])?,
                day: day(*l, "Day", f[1])?,
                shift: Some(shift_known(*l, "ShiftID", f[2])?),
                kind,
                weight: cx.num(*l, "Weight", f[3])?,
            });
        }
    }

    // COVER
    let mut cover = Vec::new();
    for (l, row) in get("COVER") {
        let f = cx.fields(
            *l,
            row,
            &["Day", "ShiftID", "Requirement", "UnderWeight", "OverWeight"],
        )?;
        cover.push(Cover {
            day: day(*l, "Day", f[0])?,
            shift: shift_known(*l, "ShiftID", f[1])?,
            qualification: None,
            min: None,
            target: cx.num(*l, "Requirement", f[2])?,
            max: None,
            under_weight: cx.num(*l, "UnderWeight", f[3])?,
            over_weight: cx.num(*l, "OverWeight", f[4])?,
        });
    }

    let name = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    Ok(Problem {
        version: PROBLEM_VERSION,
        name,
        shift_types,
        staff,
        days: (0..h)
            .map(|d| Day {
                date: String::new(),
                weekday: (d % 7) as u8,
                holiday: false,
            })
            .collect(),
        forbidden_successions,
        min_rest_minutes: None,
        cover,
        fixed_days_off,
        requests,
        rolling_windows: vec![],
        history: History::default(),
        reference: None,
        hospital: None,
        replan: None,
        fairness_ledger: Vec::new(),
    })
}

/// The benchmark's roster file: one line per employee, the employee id then one tab-separated
/// cell per day (the shift id, or `-` when off).
pub fn roster_text(inst: &crate::problem::Instance, r: &crate::problem::Roster) -> String {
    let mut s = String::new();
    for e in 0..inst.n_staff {
        s.push_str(inst.staff_id(e));
        for d in 0..inst.n_days {
            s.push('\t');
            match r.shifts(e, d).first() {
                Some(&t) => s.push_str(inst.shift_id(t)),
                None => s.push('-'),
            }
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
pub(crate) mod tests;
