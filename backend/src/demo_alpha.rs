//! The demo GHT `alpha`, seeded from the solver's demo generator
//! ([`releve_solver::ght::generate`]): its 3 establishments, 20 units and about 620 staff, the
//! shift types, and the maquettes as far as the backend's model expresses them (unit × day type
//! × shift × qualification, min and target). The solver-only parts (cycles, the theatre
//! programme, joint night requirements, the pool's cross-site rights beyond units, absences and
//! wishes) are not seeded. Everything goes through the services: sealed names, access log.

use std::collections::BTreeMap;

use anyhow::Context;
use chrono::NaiveDate;
use releve_solver::hospital::{Activity, DayType};
use releve_solver::problem::ShiftType;
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::demo_names::person_name;
use crate::entity::{establishment, shift_type, unit};
use crate::keys::KeyRing;
use crate::organisation::maquette::{self, DemandInput};
use crate::organisation::scope::Scope;
use crate::organisation::shift_types::{self, ShiftTypeInput};
use crate::organisation::staff::{self, StaffInput};
use crate::organisation::structure::{self, UnitInput};

/// The generator's seed and horizon: the same GHT on every machine.
const SEED: u64 = 1;
const WEEKS: u32 = 4;

/// Display names and départements of the generator's establishments, in order (E1, E2, E3).
const SITES: &[(&str, u32)] = &[
    ("Centre hospitalier Alpha", 75),
    ("Hôpital Alpha-Rivière", 92),
    ("Hôpital Alpha-Plateau", 94),
];

/// What the alpha seeding created, for the roster and the demo accounts' scopes.
pub struct Seeded {
    pub establishments: Vec<establishment::Model>,
    pub units: Vec<unit::Model>,
}

fn service(e: crate::service_error::ServiceError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Seeds the generator's GHT for a horizon starting on `start`; `agent_user` is linked to the
/// first staff member of the first unit.
pub async fn seed(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    slug: &str,
    start: NaiveDate,
    agent_user: Option<Uuid>,
) -> anyhow::Result<Seeded> {
    let problem = releve_solver::ght::generate(SEED, WEEKS, start);
    let hospital = problem
        .hospital
        .as_ref()
        .context("Le générateur de démonstration n'a produit aucune organisation")?;

    let mut sites: BTreeMap<String, establishment::Model> = BTreeMap::new();
    let mut establishments = Vec::new();
    for def in &hospital.units {
        if sites.contains_key(&def.establishment) {
            continue;
        }
        let k = sites.len();
        let (name, departement) = SITES.get(k).copied().unwrap_or(("Établissement Alpha", 75));
        let site = structure::create_establishment(txn, scope, &finess(departement, k), name)
            .await
            .map_err(service)?;
        establishments.push(site.clone());
        sites.insert(def.establishment.clone(), site);
    }

    let mut units: BTreeMap<String, unit::Model> = BTreeMap::new();
    let mut ordered_units = Vec::new();
    for def in &hospital.units {
        let site = sites
            .get(&def.establishment)
            .with_context(|| format!("Établissement {} introuvable", def.establishment))?;
        let name = unit_name(&def.id, def.kind.as_deref());
        let created = structure::create_unit(
            txn,
            scope,
            UnitInput {
                establishment_id: site.id,
                pole_id: None,
                code: &def.id,
                name: &name,
            },
        )
        .await
        .map_err(service)?;
        ordered_units.push(created.clone());
        units.insert(def.id.clone(), created);
    }

    // The generator's shift types are per unit and role (`E1-MED1-M-IDE`); the backend's are
    // the GHT's codes (`M`), the role going to the maquette line's qualification.
    let mut by_code: BTreeMap<String, shift_type::Model> = BTreeMap::new();
    let mut of_solver_shift: BTreeMap<&str, shift_type::Model> = BTreeMap::new();
    for t in &problem.shift_types {
        let (code, label) = ght_code(t);
        let row = match by_code.get(&code) {
            Some(row) => row.clone(),
            None => {
                let input = ShiftTypeInput {
                    code: &code,
                    label: &label,
                    start_minute: i32::try_from(t.start_minute).context("début de poste")?,
                    duration_minutes: i32::try_from(t.duration_minutes)
                        .context("durée de poste")?,
                    is_night: t.is_night,
                    qualifications: &[],
                };
                let row = shift_types::create(txn, scope, input)
                    .await
                    .map_err(service)?;
                by_code.insert(code, row.clone());
                row
            }
        };
        of_solver_shift.insert(&t.id, row);
    }

    for (i, person) in problem.staff.iter().enumerate() {
        let Some(h) = person.hospital.as_ref() else {
            continue;
        };
        // Pool members have no unit in the generator; the backend wants a home unit, so they
        // belong to the first unit they may work in and keep the others as authorised.
        let mut authorised: Vec<Uuid> = h
            .authorised_units
            .iter()
            .filter_map(|u| units.get(u).map(|m| m.id))
            .collect();
        let home = match h.unit.as_ref().and_then(|u| units.get(u)) {
            Some(unit) => unit.id,
            None if !authorised.is_empty() => authorised.remove(0),
            None => continue,
        };
        authorised.retain(|u| *u != home);
        let (first, last) = person_name(i);
        let mut qualifications = person.qualifications.iter();
        let profession = qualifications.next().cloned();
        let input = StaffInput {
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
            email: Some(format!("agent{i}@{slug}.demo")),
            profession,
            qualifications: Some(qualifications.cloned().collect()),
            quotite: Some(i32::try_from(h.quotite_percent).context("quotité")?),
            home_unit_id: Some(home),
            authorised_unit_ids: Some(authorised),
            user_id: if i == 0 { agent_user } else { None },
            ..StaffInput::default()
        };
        staff::create(txn, keys, scope, input)
            .await
            .map_err(service)?;
    }

    for line in &hospital.maquettes {
        // The backend has one day type for Sundays and holidays: the Sunday line stands for both.
        let day_type = match line.day_type {
            DayType::Weekday => "weekday",
            DayType::Saturday => "saturday",
            DayType::Sunday => "sunday_holiday",
            DayType::Holiday => continue,
        };
        let Some(t) = problem.shift_types.iter().find(|t| t.id == line.shift) else {
            continue;
        };
        let unit = t
            .hospital
            .as_ref()
            .and_then(|h| h.unit.as_ref())
            .and_then(|u| units.get(u));
        let (Some(unit), Some(shift)) = (unit, of_solver_shift.get(t.id.as_str())) else {
            continue;
        };
        let demand = DemandInput {
            unit_id: unit.id,
            day_type,
            shift_type_id: shift.id,
            qualification: t.qualifications.first().map(String::as_str),
            min: i32::try_from(line.min).context("minimum de maquette")?,
            target: i32::try_from(line.target).context("cible de maquette")?,
        };
        maquette::set_demand(txn, scope, demand)
            .await
            .map_err(service)?;
    }
    Ok(Seeded {
        establishments,
        units: ordered_units,
    })
}

/// The GHT-wide code and label of one of the generator's shift types, from its times and
/// activity (the generator's codes are unit-specific).
fn ght_code(t: &ShiftType) -> (String, String) {
    match known_code(t) {
        Some((code, label)) => (code.to_owned(), label.to_owned()),
        None => (
            format!("P{}-{}", t.start_minute, t.duration_minutes),
            format!(
                "Poste de {}h{:02} ({} min)",
                t.start_minute / 60,
                t.start_minute % 60,
                t.duration_minutes
            ),
        ),
    }
}

/// The code and label of the shift types the generator makes today.
fn known_code(t: &ShiftType) -> Option<(&'static str, &'static str)> {
    let activity = t.hospital.as_ref().map(|h| h.activity).unwrap_or_default();
    match (activity, t.start_minute, t.duration_minutes) {
        (Activity::Garde, _, _) => Some(("G", "Garde")),
        (Activity::Astreinte, _, _) => Some(("A", "Astreinte")),
        (_, 405, 450) => Some(("M", "Matin")),
        (_, 825, 450) => Some(("S", "Soir")),
        (_, 1260, 600) => Some(("N", "Nuit 10 h")),
        (_, 1140, 720) => Some(("N12", "Nuit 12 h")),
        (_, 420, 720) => Some(("J12", "Jour 12 h")),
        (_, 480, 600) => Some(("J10", "Journée de bloc 10 h")),
        (_, 510, 600) => Some(("SEANCE", "Séance opératoire")),
        (_, 510, 270) => Some(("AM", "Demi-journée du matin")),
        (_, 810, 270) => Some(("PM", "Demi-journée de l'après-midi")),
        _ => None,
    }
}

/// `E1-MED2` of kind « médecine » → « Médecine 2 ».
fn unit_name(id: &str, kind: Option<&str>) -> String {
    let kind = kind.unwrap_or("unité");
    let mut chars = kind.chars();
    let capitalised: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let number: String = id
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if number.is_empty() {
        capitalised
    } else {
        format!("{capitalised} {number}")
    }
}

/// A FINESS number for the `k`-th demo establishment of a département: département, a category
/// digit, a sequence number, and the Luhn key FINESS numbers end with.
fn finess(departement: u32, k: usize) -> String {
    let body = format!("{departement:02}0{:05}", 100 + k);
    format!("{body}{}", luhn_key(&body))
}

fn luhn_key(digits: &str) -> u32 {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finess_numbers_are_nine_digits_with_a_valid_luhn_key() {
        let n = finess(75, 0);
        assert_eq!(n.len(), 9);
        assert!(n.starts_with("750"), "{n}");
        // Luhn over the full number (key included) sums to a multiple of 10.
        let sum: u32 = n
            .chars()
            .rev()
            .filter_map(|c| c.to_digit(10))
            .enumerate()
            .map(|(i, d)| match (i % 2, d * 2) {
                (1, x) if x > 9 => x - 9,
                (1, x) => x,
                _ => d,
            })
            .sum();
        assert_eq!(sum % 10, 0, "{n}");
        assert_ne!(finess(75, 0), finess(75, 1));
    }

    #[test]
    fn unit_names_read_like_a_hospital_directory() {
        assert_eq!(unit_name("E1-MED2", Some("médecine")), "Médecine 2");
        assert_eq!(unit_name("E2-REA1", Some("réanimation")), "Réanimation 1");
        assert_eq!(unit_name("X", None), "Unité");
    }

    #[test]
    fn every_generated_shift_type_maps_to_a_short_ght_code() {
        let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        let problem = releve_solver::ght::generate(SEED, WEEKS, start);
        for t in &problem.shift_types {
            assert!(known_code(t).is_some(), "unmapped shift {}", t.id);
            let (code, _) = ght_code(t);
            assert!(code.len() <= 16, "{code}");
        }
    }
}
