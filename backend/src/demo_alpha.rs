//! The demo GHT `alpha`, seeded from the solver's demo generator
//! ([`releve_solver::ght::generate`]): its 3 establishments, 20 units and about 620 staff
//! (nurses, assistants, midwives, PH and internes), the shift types (demi-journées, gardes and
//! astreintes for doctors, with their activity, demi-journées and breaks), the maquettes, the
//! work cycles and each person's line, travel times between sites, the French pack's
//! parameters (tenant and unit), the operating-theatre programme, the joint night
//! requirements, absences and desiderata. Two units get a pre-computed roster for the month
//! (see [`PRECOMPUTED`]). Everything goes through the services: sealed names, access log.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate};
use releve_solver::hospital::{Activity, DayType, JointKind, Scope as ParamScope};
use releve_solver::problem::{Problem, RequestKind, ShiftType};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::availability::absences::{self, AbsenceInput};
use crate::availability::desiderata;
use crate::demo_names::person_name;
use crate::entity::{establishment, shift_type, unit};
use crate::keys::KeyRing;
use crate::organisation::joint_requirements::{self, JointInput};
use crate::organisation::maquette::{self, DemandInput};
use crate::organisation::rule_parameters::{self, ParameterScope};
use crate::organisation::scope::Scope;
use crate::organisation::shift_types::{self, ShiftTypeInput};
use crate::organisation::staff::{self, StaffInput};
use crate::organisation::structure::{self, UnitInput};
use crate::organisation::theatre_programme::{self, SessionInput};
use crate::organisation::travel_times;
use crate::organisation::work_cycles::{self, CycleAssignment};
use crate::security::access_token::Role;

/// The generator's seed and horizon: the same GHT on every machine.
const SEED: u64 = 1;
const WEEKS: u32 = 4;

/// Units whose roster for the month is pre-computed: an ICU (a PH on garde `G` every night)
/// and an operating theatre (the programme's sessions `SEANCE-CHIR`, `SEANCE-ANES`,
/// `J10-IADE`, `J10-IBODE`), both on the first site.
pub const PRECOMPUTED: &[&str] = &["E1-REA1", "E1-BLOC1"];

/// Display names and départements of the generator's establishments, in order (E1, E2, E3).
const SITES: &[(&str, u32)] = &[
    ("Centre hospitalier Alpha", 75),
    ("Hôpital Alpha-Rivière", 92),
    ("Hôpital Alpha-Plateau", 94),
];

/// One assignment of a pre-computed roster: staff, date, shift type.
pub type RosterRow = (Uuid, NaiveDate, Uuid);

/// What the alpha seeding created, for the roster and the demo accounts' scopes.
pub struct Seeded {
    pub establishments: Vec<establishment::Model>,
    pub units: Vec<unit::Model>,
    /// The pre-computed roster rows `(staff, date, shift type)` per unit id.
    pub precomputed: Vec<(Uuid, Vec<RosterRow>)>,
}

fn service(e: crate::service_error::ServiceError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// The unit a generator shift belongs to.
fn unit_of(problem: &Problem, shift: &str) -> Option<String> {
    problem
        .shift_types
        .iter()
        .find(|t| t.id == shift)
        .and_then(|t| t.hospital.as_ref())
        .and_then(|h| h.unit.clone())
}

/// Seeds the generator's GHT for a month from `start` to `end`; `agent_user` is linked to the
/// first staff member of the first unit.
pub async fn seed(
    txn: &DatabaseTransaction,
    keys: &KeyRing,
    scope: &Scope,
    slug: &str,
    (start, end): (NaiveDate, NaiveDate),
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
    // the GHT's codes (`M`), the role going to the maquette line's qualification, except where
    // a joint requirement must tell roles apart (theatre teams, the senior's garde).
    let mut by_code: BTreeMap<String, shift_type::Model> = BTreeMap::new();
    let mut of_solver_shift: BTreeMap<&str, shift_type::Model> = BTreeMap::new();
    for t in &problem.shift_types {
        let code = ght_code(t);
        let row = match by_code.get(&code.code) {
            Some(row) => row.clone(),
            None => {
                let h = t.hospital.clone().unwrap_or_default();
                let input = ShiftTypeInput {
                    code: &code.code,
                    label: &code.label,
                    start_minute: i32::try_from(t.start_minute).context("début de poste")?,
                    duration_minutes: i32::try_from(t.duration_minutes)
                        .context("durée de poste")?,
                    is_night: t.is_night,
                    qualifications: &code.qualifications,
                    activity: activity_name(h.activity),
                    half_days: h.half_days.map(i32::try_from).transpose()?,
                    break_minutes: Some(i32::try_from(h.break_minutes)?),
                };
                let row = shift_types::create(txn, scope, input)
                    .await
                    .map_err(service)?;
                by_code.insert(code.code, row.clone());
                row
            }
        };
        of_solver_shift.insert(&t.id, row);
    }
    let shift_id = |solver: &str| -> anyhow::Result<Uuid> {
        of_solver_shift
            .get(solver)
            .map(|r| r.id)
            .with_context(|| format!("Poste {solver} introuvable"))
    };

    let mut staff_ids: HashMap<&str, Uuid> = HashMap::new();
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
            pool: Some(h.pool),
            user_id: if i == 0 { agent_user } else { None },
            ..StaffInput::default()
        };
        let created = staff::create(txn, keys, scope, input)
            .await
            .map_err(service)?;
        staff_ids.insert(&person.id, created.row.id);
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

    // Travel times between sites, and the French pack's parameters (the GHT's cycle and
    // fortnight anchors, the units' 12 h derogation), in force from the start of the year.
    for t in &hospital.travel {
        let (Some(from), Some(to)) = (sites.get(&t.from), sites.get(&t.to)) else {
            continue;
        };
        travel_times::set(txn, scope, from.id, to.id, i32::try_from(t.minutes)?)
            .await
            .map_err(service)?;
    }
    let year_start = NaiveDate::from_ymd_opt(start.year(), 1, 1).unwrap_or(start);
    for set in &hospital.rule_parameters {
        let at = match (set.scope, set.id.as_ref()) {
            (ParamScope::Tenant, _) => ParameterScope::Tenant,
            (ParamScope::Establishment, Some(id)) => match sites.get(id) {
                Some(site) => ParameterScope::Site(site.id),
                None => continue,
            },
            (ParamScope::Unit, Some(id)) => match units.get(id) {
                Some(unit) => ParameterScope::Unit(unit.id),
                None => continue,
            },
            _ => continue,
        };
        let from = set
            .effective_from
            .as_deref()
            .and_then(|d| d.parse().ok())
            .unwrap_or(year_start);
        let values = serde_json::to_value(&set.values)?;
        for (key, value) in values.as_object().into_iter().flatten() {
            rule_parameters::set(txn, scope, at, key, &value.to_string(), from)
                .await
                .map_err(service)?;
        }
    }

    // Work cycles: one backend trame per generator line, each person on theirs from the
    // Monday their offset gives.
    let anchor = start - Duration::days(i64::from(start.weekday().num_days_from_monday()));
    let mut cycle_ids: HashMap<(&str, usize), Uuid> = HashMap::new();
    for trame in &hospital.cycles {
        let Some(unit) = trame
            .lines
            .iter()
            .flatten()
            .flatten()
            .find_map(|s| unit_of(&problem, s))
            .and_then(|u| units.get(&u))
        else {
            continue;
        };
        let rest = trame
            .id
            .strip_prefix(&format!("{}-", unit.code))
            .unwrap_or(&trame.id)
            .replace('-', " ");
        for (k, line) in trame.lines.iter().enumerate() {
            let pattern: Vec<Option<String>> = line
                .iter()
                .map(|s| {
                    s.as_deref()
                        .and_then(|s| of_solver_shift.get(s))
                        .map(|r| r.code.clone())
                })
                .collect();
            let weeks = i32::try_from(line.len() / 7)?;
            let quotite = ["100 %", "80 %", "50 %"].get(k).copied().unwrap_or("");
            let name = format!("Trame {rest}, ligne {} ({quotite})", k + 1);
            let row = work_cycles::create(txn, scope, Some(unit.id), &name, weeks, pattern)
                .await
                .map_err(service)?;
            cycle_ids.insert((&trame.id, k), row.id);
        }
    }
    for person in &problem.staff {
        let Some(place) = person.hospital.as_ref().and_then(|h| h.cycle.as_ref()) else {
            continue;
        };
        let (Some(staff_id), Some(cycle_id)) = (
            staff_ids.get(person.id.as_str()),
            cycle_ids.get(&(place.trame.as_str(), place.line)),
        ) else {
            continue;
        };
        let input = CycleAssignment {
            staff_id: *staff_id,
            cycle_id: *cycle_id,
            start_date: anchor - Duration::days(i64::from(place.offset_days)),
            line: 1,
            end_date: None,
        };
        work_cycles::assign(txn, scope, input)
            .await
            .map_err(service)?;
    }

    // The operating-theatre programme and the joint night requirements.
    for session in &hospital.theatre_sessions {
        let Some(unit) = session
            .team
            .first()
            .and_then(|s| unit_of(&problem, s))
            .and_then(|u| units.get(&u))
        else {
            continue;
        };
        let number = session.room.rsplit('S').next().unwrap_or("1");
        let team = session
            .team
            .iter()
            .map(|s| shift_id(s))
            .collect::<anyhow::Result<Vec<Uuid>>>()?;
        let input = SessionInput {
            unit_id: unit.id,
            room: &format!("Salle {number}"),
            date: start + Duration::days(i64::try_from(session.day)?),
            team,
            weight: Some(i32::try_from(session.weight)?),
        };
        theatre_programme::set_session(txn, scope, input)
            .await
            .map_err(service)?;
    }
    for joint in &hospital.joint_requirements {
        let Some(unit) = joint
            .shifts
            .first()
            .and_then(|s| unit_of(&problem, s))
            .and_then(|u| units.get(&u))
        else {
            continue;
        };
        let mut shifts = Vec::new();
        for s in &joint.shifts {
            let id = shift_id(s)?;
            if !shifts.contains(&id) {
                shifts.push(id);
            }
        }
        let input = JointInput {
            unit_id: unit.id,
            kind: match joint.kind {
                JointKind::AllOrNone => "all_or_none",
                JointKind::AtLeast => "at_least",
            },
            shift_type_ids: shifts,
            weekdays: Vec::new(),
            count: i32::try_from(joint.count)?,
            weight: i32::try_from(joint.weight)?,
            label: joint
                .label
                .as_deref()
                .unwrap_or("exigence conjointe")
                .split(" (")
                .next()
                .unwrap_or("exigence conjointe"),
            effective_from: year_start,
            effective_to: None,
        };
        joint_requirements::create(txn, scope, input)
            .await
            .map_err(service)?;
    }

    // Absences (spells of consecutive days: a week is leave, shorter spells sickness) and
    // each person's desiderata, entered as the person would.
    let mut away: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for off in &problem.fixed_days_off {
        away.entry(off.staff.as_str()).or_default().insert(off.day);
    }
    // Absences are HR's to record (the system acting as HR: still sealed and logged).
    let hr = Scope {
        role: Role::Hr,
        ..Scope::system(scope.tenant)
    };
    for (person, days) in &away {
        let Some(staff_id) = staff_ids.get(person) else {
            continue;
        };
        for (first, last) in spells(days) {
            let input = AbsenceInput {
                staff_id: *staff_id,
                start_date: start + Duration::days(i64::try_from(first)?),
                end_date: start + Duration::days(i64::try_from(last)?),
                category: if last - first + 1 >= 7 {
                    "leave"
                } else {
                    "unplanned"
                },
                reason: None,
            };
            absences::record(txn, keys, &hr, input)
                .await
                .map_err(service)?;
        }
    }
    for wish in &problem.requests {
        let Some(staff_id) = staff_ids.get(wish.staff.as_str()) else {
            continue;
        };
        let own = Scope {
            role: Role::Staff,
            staff_id: Some(*staff_id),
            ..Scope::system(scope.tenant)
        };
        let shift = wish.shift.as_deref().map(shift_id).transpose()?;
        let kind = match wish.kind {
            RequestKind::On => "on",
            RequestKind::Off => "off",
        };
        let date = start + Duration::days(i64::try_from(wish.day)?);
        desiderata::submit(txn, &own, date, shift, kind)
            .await
            .map_err(service)?;
    }

    let mut precomputed = Vec::new();
    for code in PRECOMPUTED {
        let Some(unit) = units.get(*code) else {
            continue;
        };
        let rows = precompute(&problem, code, (start, end), &staff_ids, &of_solver_shift)?;
        precomputed.push((unit.id, rows));
    }
    Ok(Seeded {
        establishments,
        units: ordered_units,
        precomputed,
    })
}

/// Runs of consecutive day indices, first and last.
fn spells(days: &BTreeSet<usize>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &d in days {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == d => *last = d,
            _ => out.push((d, d)),
        }
    }
    out
}

/// A plausible roster of `unit_code` for the month, built without the solver so that the demo
/// starts in seconds: paramedical staff follow their cycle except on absence days; each
/// session of the theatre programme is held with a whole team (surgeon, anaesthetist, IADE and
/// IBODE whose cycle has them at work), as many sessions as complete teams; the unit's senior
/// doctors take the nightly garde in turn (internes on weekdays), with no demi-journée the day
/// after (repos de sécurité), and the others cover the weekday demi-journées.
fn precompute(
    problem: &Problem,
    unit_code: &str,
    (start, end): (NaiveDate, NaiveDate),
    staff_ids: &HashMap<&str, Uuid>,
    of_solver_shift: &BTreeMap<&str, shift_type::Model>,
) -> anyhow::Result<Vec<RosterRow>> {
    let hospital = problem
        .hospital
        .as_ref()
        .context("Le générateur de démonstration n'a produit aucune organisation")?;
    let anchor = start - Duration::days(i64::from(start.weekday().num_days_from_monday()));
    let dates: Vec<NaiveDate> = (0..=(end - start).num_days())
        .map(|d| start + Duration::days(d))
        .collect();
    let absent: BTreeSet<(&str, usize)> = problem
        .fixed_days_off
        .iter()
        .map(|o| (o.staff.as_str(), o.day))
        .collect();
    let people: Vec<&releve_solver::problem::Staff> = problem
        .staff
        .iter()
        .filter(|p| p.hospital.as_ref().and_then(|h| h.unit.as_deref()) == Some(unit_code))
        .collect();
    let role =
        |p: &releve_solver::problem::Staff| p.qualifications.last().cloned().unwrap_or_default();
    let expected = |p: &releve_solver::problem::Staff, d: usize| -> Option<String> {
        let place = p.hospital.as_ref()?.cycle.as_ref()?;
        let trame = hospital.cycles.iter().find(|t| t.id == place.trame)?;
        let line = trame.lines.get(place.line)?;
        let len = i64::try_from(line.len()).ok()?.max(1);
        let at = ((dates[d] - anchor).num_days() + i64::from(place.offset_days)).rem_euclid(len);
        line.get(usize::try_from(at).ok()?)?.clone()
    };
    let mut rows = Vec::new();
    let mut put = |person: &str, d: usize, shift: &str| {
        if let (Some(s), Some(t)) = (staff_ids.get(person), of_solver_shift.get(shift)) {
            rows.push((*s, dates[d], t.id));
        }
    };

    // The theatre programme's sessions per day, with their team's shifts.
    let mut sessions: BTreeMap<usize, (usize, Vec<String>)> = BTreeMap::new();
    for s in &hospital.theatre_sessions {
        if s.team.first().and_then(|t| unit_of(problem, t)).as_deref() == Some(unit_code) {
            let e = sessions.entry(s.day).or_insert((0, s.team.clone()));
            e.0 += 1;
        }
    }
    let team_roles: BTreeSet<String> = sessions
        .values()
        .flat_map(|(_, team)| team.iter())
        .filter_map(|t| problem.shift_types.iter().find(|s| &s.id == t))
        .filter_map(|t| t.qualifications.first().cloned())
        .collect();

    // Paramedical staff outside the theatre teams: their cycle.
    for p in people.iter().filter(|p| !team_roles.contains(&role(p))) {
        for d in 0..dates.len() {
            if absent.contains(&(p.id.as_str(), d)) {
                continue;
            }
            if let Some(shift) = expected(p, d) {
                put(&p.id, d, &shift);
            }
        }
    }

    // Theatre sessions: as many as complete teams that day.
    for (&d, (rooms, team)) in &sessions {
        if d >= dates.len() {
            continue;
        }
        let mut crews: Vec<(String, Vec<&str>)> = Vec::new();
        for shift in team {
            let needed = problem
                .shift_types
                .iter()
                .find(|t| &t.id == shift)
                .and_then(|t| t.qualifications.first().cloned())
                .unwrap_or_default();
            let mut free: Vec<&str> = people
                .iter()
                .filter(|p| role(p) == needed && !absent.contains(&(p.id.as_str(), d)))
                .filter(|p| {
                    p.hospital.as_ref().is_none_or(|h| h.cycle.is_none())
                        || expected(p, d).is_some()
                })
                .map(|p| p.id.as_str())
                .collect();
            // Doctors in turn, day after day.
            if !free.is_empty() {
                let turn = d % free.len();
                free.rotate_left(turn);
            }
            crews.push((shift.clone(), free));
        }
        let held = crews
            .iter()
            .map(|(_, free)| free.len())
            .min()
            .unwrap_or(0)
            .min(*rooms);
        for (shift, free) in &crews {
            for person in free.iter().take(held) {
                put(person, d, shift);
            }
        }
    }

    // Doctors: the garde in turn, then the weekday demi-journées.
    for prof in ["PH", "INT"] {
        let doctors: Vec<&str> = people
            .iter()
            .filter(|p| p.qualifications.first().map(String::as_str) == Some(prof))
            .filter(|p| p.qualifications.len() == 1)
            .map(|p| p.id.as_str())
            .collect();
        if doctors.is_empty() {
            continue;
        }
        let garde = format!("{unit_code}-{prof}-G");
        let has_garde = of_solver_shift.contains_key(garde.as_str());
        let (am, pm) = (
            format!("{unit_code}-{prof}-AM"),
            format!("{unit_code}-{prof}-PM"),
        );
        let per_half_day = if prof == "PH" { 2 } else { 1 };
        let mut last_garde: HashMap<&str, usize> = HashMap::new();
        for (d, date) in dates.iter().enumerate() {
            let weekday = date.weekday().num_days_from_monday() < 5;
            let rested = |p: &&str| d == 0 || last_garde.get(p) != Some(&(d - 1));
            let mut order: Vec<&str> = doctors
                .iter()
                .copied()
                .filter(|p| !absent.contains(&(*p, d)))
                .collect();
            if !order.is_empty() {
                let turn = d % order.len();
                order.rotate_left(turn);
            }
            let on_garde = (has_garde && (prof == "PH" || weekday))
                .then(|| order.iter().copied().find(|p| rested(p)))
                .flatten();
            if let Some(p) = on_garde {
                put(p, d, &garde);
            }
            if weekday {
                let day: Vec<&str> = order
                    .iter()
                    .copied()
                    .filter(|p| rested(p) && Some(*p) != on_garde)
                    .take(per_half_day)
                    .collect();
                for p in &day {
                    put(p, d, &am);
                    put(p, d, &pm);
                }
            }
            if let Some(p) = on_garde {
                last_garde.insert(p, d);
            }
        }
    }
    rows.sort();
    rows.dedup();
    Ok(rows)
}

/// The stored name of a generator activity.
fn activity_name(activity: Activity) -> &'static str {
    match activity {
        Activity::Work => "work",
        Activity::Garde => "garde",
        Activity::Astreinte => "astreinte",
        Activity::Training => "training",
    }
}

/// A GHT-wide shift code, its label and the qualifications it requires.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GhtCode {
    code: String,
    label: String,
    qualifications: Vec<String>,
}

/// The GHT-wide code of one of the generator's shift types, from its times and activity (the
/// generator's codes are unit-specific). Where a joint requirement must tell roles apart, the
/// role is part of the code and required: the theatre team's shifts (`SEANCE-CHIR`,
/// `SEANCE-ANES`, `J10-IADE`, `J10-IBODE`) and gardes (`G` a senior's, `G-INT` an interne's).
fn ght_code(t: &ShiftType) -> GhtCode {
    let (code, label) = match known_code(t) {
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
    };
    let role = t.qualifications.first().map(String::as_str).unwrap_or("");
    let named = |code: String, label: String, required: &str| GhtCode {
        code,
        label,
        qualifications: vec![required.to_owned()],
    };
    match (code.as_str(), role) {
        ("G", "INT") => named("G-INT".into(), "Garde d'interne".into(), "INT"),
        ("G", _) => named(code, "Garde de sénior".into(), "PH"),
        ("A", _) => named(code, "Astreinte de sénior".into(), "PH"),
        ("SEANCE", "CHIR") => named(
            "SEANCE-CHIR".into(),
            "Séance opératoire (chirurgien)".into(),
            role,
        ),
        ("SEANCE", "ANES") => named(
            "SEANCE-ANES".into(),
            "Séance opératoire (anesthésiste)".into(),
            role,
        ),
        ("J10", "IADE" | "IBODE") => named(
            format!("J10-{role}"),
            format!("Journée de bloc 10 h ({role})"),
            role,
        ),
        _ => GhtCode {
            code,
            label,
            qualifications: Vec::new(),
        },
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
            let code = ght_code(t);
            assert!(code.code.len() <= 16, "{code:?}");
        }
        let codes: BTreeSet<String> = problem
            .shift_types
            .iter()
            .map(|t| ght_code(t).code)
            .collect();
        for code in [
            "G",
            "G-INT",
            "A",
            "SEANCE-CHIR",
            "SEANCE-ANES",
            "J10-IADE",
            "J10-IBODE",
            "J10",
        ] {
            assert!(codes.contains(code), "{code} missing from {codes:?}");
        }
    }

    #[test]
    fn spells_group_consecutive_days() {
        let days: BTreeSet<usize> = [1, 2, 3, 7, 9, 10].into_iter().collect();
        assert_eq!(spells(&days), vec![(1, 3), (7, 7), (9, 10)]);
    }
}
