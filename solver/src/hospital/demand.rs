//! Demand: the maquettes (per shift and day type: min and target) expanded into the engine's
//! cover requirements, and the joint requirements (all-or-none teams, at-least-one-of shifts)
//! including the operating-theatre programme, resolved to shift and day indices.

use super::model::{DayType, Hospital, JointKind};
use crate::problem::{CoverReq, Problem, ValidationError};
use std::collections::{BTreeMap, HashMap};

/// A joint requirement on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Joint {
    pub kind: JointKind,
    pub day: usize,
    pub shifts: Vec<usize>,
    pub count: u32,
    pub weight: u32,
    pub label: String,
}

fn err(path: String, reason: impl Into<String>) -> ValidationError {
    ValidationError {
        path,
        reason: reason.into(),
    }
}

/// Sessions of one day and team: count, largest weight, rooms.
type Sessions = (u32, u32, Vec<String>);

/// Day type of a horizon day (a holiday first, whatever its weekday).
pub fn day_type(weekday: u8, holiday: bool) -> DayType {
    match (holiday, weekday) {
        (true, _) => DayType::Holiday,
        (false, 5) => DayType::Saturday,
        (false, 6) => DayType::Sunday,
        _ => DayType::Weekday,
    }
}

/// Cover requirements of the maquettes, for the days whose type (`holiday` per day) matches.
pub fn maquette_cover(
    problem: &Problem,
    h: &Hospital,
    shift_index: &HashMap<&str, usize>,
    holiday: &[bool],
    errors: &mut Vec<ValidationError>,
) -> Vec<CoverReq> {
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    for (i, m) in h.maquettes.iter().enumerate() {
        let p = format!("$.hospital.maquettes[{i}]");
        let Some(&t) = shift_index.get(m.shift.as_str()) else {
            errors.push(err(
                format!("{p}.shift"),
                format!("unknown shift type `{}`", m.shift),
            ));
            continue;
        };
        if m.min > m.target {
            errors.push(err(format!("{p}.min"), "min is above target"));
        }
        if let Some(max) = m.max
            && max < m.target
        {
            errors.push(err(format!("{p}.max"), "max is below target"));
        }
        if let Some(j) = seen.insert((t, m.day_type), i) {
            errors.push(err(
                format!("{p}.day_type"),
                format!(
                    "shift `{}` already has this day type in maquettes[{j}]",
                    m.shift
                ),
            ));
        }
        for (d, day) in problem.days.iter().enumerate() {
            if day_type(day.weekday, holiday.get(d).copied().unwrap_or(false)) != m.day_type {
                continue;
            }
            out.push(CoverReq {
                day: d,
                shift: t,
                qualification: None,
                min: (m.min > 0).then_some(m.min),
                target: m.target,
                max: m.max,
                under_weight: m.under_weight.unwrap_or(100),
                over_weight: m.over_weight.unwrap_or(1),
            });
        }
    }
    out
}

/// Joint requirements per day; theatre sessions with the same team on the same day are one
/// requirement counting the sessions (any complete team holds one).
pub fn joints(
    problem: &Problem,
    h: &Hospital,
    shift_index: &HashMap<&str, usize>,
    errors: &mut Vec<ValidationError>,
) -> Vec<Joint> {
    let n_days = problem.days.len();
    let mut out = Vec::new();
    let resolve = |shifts: &[String], p: &str, errors: &mut Vec<ValidationError>| {
        let mut v = Vec::new();
        for (k, s) in shifts.iter().enumerate() {
            match shift_index.get(s.as_str()) {
                Some(&t) if !v.contains(&t) => v.push(t),
                Some(_) => errors.push(err(format!("{p}[{k}]"), "shift listed twice")),
                None => errors.push(err(
                    format!("{p}[{k}]"),
                    format!("unknown shift type `{s}`"),
                )),
            }
        }
        v
    };
    for (i, j) in h.joint_requirements.iter().enumerate() {
        let p = format!("$.hospital.joint_requirements[{i}]");
        let shifts = resolve(&j.shifts, &format!("{p}.shifts"), errors);
        if shifts.is_empty() {
            errors.push(err(format!("{p}.shifts"), "at least one shift is required"));
            continue;
        }
        let days: Vec<usize> = match &j.days {
            None => (0..n_days).collect(),
            Some(v) => v.clone(),
        };
        for (k, &d) in days.iter().enumerate() {
            if d >= n_days {
                errors.push(err(
                    format!("{p}.days[{k}]"),
                    format!("day {d} outside the horizon of {n_days} days"),
                ));
                continue;
            }
            out.push(Joint {
                kind: j.kind,
                day: d,
                shifts: shifts.clone(),
                count: j.count,
                weight: j.weight,
                label: j
                    .label
                    .clone()
                    .unwrap_or_else(|| "exigence conjointe".into()),
            });
        }
    }
    let mut sessions: BTreeMap<(usize, Vec<usize>), Sessions> = BTreeMap::new();
    for (i, s) in h.theatre_sessions.iter().enumerate() {
        let p = format!("$.hospital.theatre_sessions[{i}]");
        let team = resolve(&s.team, &format!("{p}.team"), errors);
        if team.is_empty() {
            errors.push(err(
                format!("{p}.team"),
                "a session needs its team's shifts",
            ));
            continue;
        }
        if s.day >= n_days {
            errors.push(err(
                format!("{p}.day"),
                format!("day {} outside the horizon of {n_days} days", s.day),
            ));
            continue;
        }
        let e = sessions.entry((s.day, team)).or_insert((0, 0, Vec::new()));
        e.0 += 1;
        e.1 = e.1.max(s.weight);
        e.2.push(s.room.clone());
    }
    for ((day, shifts), (count, weight, rooms)) in sessions {
        out.push(Joint {
            kind: JointKind::AllOrNone,
            day,
            shifts,
            count,
            weight,
            label: format!("séance(s) de bloc opératoire (salle {})", rooms.join(", ")),
        });
    }
    out
}
