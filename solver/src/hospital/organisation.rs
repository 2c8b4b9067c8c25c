//! Where people may work and at what price: units and their establishments (sites), travel time
//! between sites, authorised units (home unit, pool de suppléance, volunteers) and qualification
//! substitutions. Resolved once into per staff x shift tables that `allowed`, the preference
//! and substitution costs and the rest rules read.

use super::model::{Hospital, StaffHospital};
use crate::problem::{Problem, ValidationError};
use serde::Serialize;
use std::collections::HashMap;

/// How an assignment relates to the person's home unit, in the order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Own unit (or a shift of no unit).
    Home,
    /// A pool de suppléance member deployed on a unit of their site.
    Pool,
    /// A volunteer from another unit of the same site.
    Volunteer,
    /// Another establishment of the GHT.
    OtherSite,
}

impl Placement {
    pub fn label(self) -> &'static str {
        match self {
            Placement::Home => "unité d'affectation",
            Placement::Pool => "pool de suppléance",
            Placement::Volunteer => "volontaire d'une autre unité",
            Placement::OtherSite => "autre établissement du GHT",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Organisation {
    /// Establishment of each shift type (through its unit), if known.
    pub shift_site: Vec<Option<String>>,
    /// Per staff x shift: `None` = not allowed there (unit or qualification), else the
    /// placement and the substitution cost (0 when the person holds the qualification).
    pub access: Vec<Vec<Option<(Placement, u32)>>>,
    travel: HashMap<(String, String), u32>,
}

fn err(path: String, reason: impl Into<String>) -> ValidationError {
    ValidationError {
        path,
        reason: reason.into(),
    }
}

impl Organisation {
    pub fn build(problem: &Problem, h: &Hospital, errors: &mut Vec<ValidationError>) -> Self {
        let mut unit_site: HashMap<&str, &str> = HashMap::new();
        for (i, u) in h.units.iter().enumerate() {
            if unit_site
                .insert(u.id.as_str(), u.establishment.as_str())
                .is_some()
            {
                errors.push(err(
                    format!("$.hospital.units[{i}].id"),
                    format!("duplicate unit `{}`", u.id),
                ));
            }
        }
        let known_unit = |u: &str| h.units.is_empty() || unit_site.contains_key(u);
        let mut shift_site = Vec::with_capacity(problem.shift_types.len());
        for (i, t) in problem.shift_types.iter().enumerate() {
            let unit = t.hospital.as_ref().and_then(|s| s.unit.as_deref());
            if let Some(u) = unit
                && !known_unit(u)
            {
                errors.push(err(
                    format!("$.shift_types[{i}].hospital.unit"),
                    format!("unknown unit `{u}`"),
                ));
            }
            shift_site.push(unit.and_then(|u| unit_site.get(u).map(|s| s.to_string())));
        }
        let mut travel = HashMap::new();
        for t in &h.travel {
            travel.insert((t.from.clone(), t.to.clone()), t.minutes);
            travel.insert((t.to.clone(), t.from.clone()), t.minutes);
        }
        let mut subs: HashMap<(&str, &str), u32> = HashMap::new();
        for (i, s) in h.substitutions.iter().enumerate() {
            if s.holder == s.slot {
                errors.push(err(
                    format!("$.hospital.substitutions[{i}].slot"),
                    "a qualification does not substitute for itself",
                ));
            }
            subs.insert((s.holder.as_str(), s.slot.as_str()), s.cost);
        }
        let mut access = Vec::with_capacity(problem.staff.len());
        for (i, s) in problem.staff.iter().enumerate() {
            let sh = s.hospital.as_ref();
            if let Some(sh) = sh {
                for (k, u) in sh.authorised_units.iter().enumerate() {
                    if !known_unit(u) {
                        errors.push(err(
                            format!("$.staff[{i}].hospital.authorised_units[{k}]"),
                            format!("unknown unit `{u}`"),
                        ));
                    }
                }
            }
            let row = problem
                .shift_types
                .iter()
                .enumerate()
                .map(|(t, st)| {
                    // Qualifications: held, or filled by substitution at the cheapest cost.
                    let mut cost = 0;
                    for q in &st.qualifications {
                        if s.qualifications.contains(q) {
                            continue;
                        }
                        let best = s
                            .qualifications
                            .iter()
                            .filter_map(|hq| subs.get(&(hq.as_str(), q.as_str())))
                            .min()?;
                        cost += best;
                    }
                    let unit = st.hospital.as_ref().and_then(|x| x.unit.as_deref());
                    let placement = placement(sh, unit, &unit_site, shift_site[t].as_deref())?;
                    Some((placement, cost))
                })
                .collect();
            access.push(row);
        }
        Organisation {
            shift_site,
            access,
            travel,
        }
    }

    /// Travel minutes from the site of shift `a` to the site of shift `b` (0 on one site or
    /// when unknown).
    pub fn travel_minutes(&self, a: usize, b: usize) -> i64 {
        match (&self.shift_site[a], &self.shift_site[b]) {
            (Some(x), Some(y)) if x != y => i64::from(
                self.travel
                    .get(&(x.clone(), y.clone()))
                    .copied()
                    .unwrap_or(0),
            ),
            _ => 0,
        }
    }
}

/// Where a person stands relative to a shift's unit; `None` = not authorised there.
fn placement(
    sh: Option<&StaffHospital>,
    unit: Option<&str>,
    unit_site: &HashMap<&str, &str>,
    shift_site: Option<&str>,
) -> Option<Placement> {
    let (Some(sh), Some(unit)) = (sh, unit) else {
        return Some(Placement::Home);
    };
    let restricted = sh.unit.is_some() || !sh.authorised_units.is_empty();
    if !restricted || sh.unit.as_deref() == Some(unit) {
        return Some(Placement::Home);
    }
    if !sh.authorised_units.iter().any(|u| u == unit) {
        return None;
    }
    let home_site = sh
        .establishment
        .as_deref()
        .or_else(|| sh.unit.as_deref().and_then(|u| unit_site.get(u).copied()));
    let same_site = match (home_site, shift_site) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    Some(if !same_site {
        Placement::OtherSite
    } else if sh.pool {
        Placement::Pool
    } else {
        Placement::Volunteer
    })
}
