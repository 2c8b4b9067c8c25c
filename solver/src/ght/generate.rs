//! The seeded demo GHT: 3 establishments, 20 units (medicine, surgery, ICU, emergency,
//! maternity, operating theatre, long-term care), about 600 staff (about 10 % PH, 5 % internes,
//! 40 % IDE incl. IADE and IBODE, 30 % AS, the rest ASH and sages-femmes; about 20 % part-time),
//! 4-week cycles in 7 h 30, 10 h and 12 h, maquettes sized on each unit's staff, the
//! operating-theatre programme, a senior doctor on garde or astreinte every night, a pool de
//! suppléance per establishment (some authorised on another site), 2 to 4 desiderata per person
//! per month, about 7 % absence (sickness and leave). Deterministic for a seed.

use super::rng::Rng;
use super::trames::{self, DAY_7H30, MIXED_12H, NIGHT_10H, THEATRE_10H};
use crate::calendar::{self, HolidayCalendar};
use crate::hospital::*;
use crate::problem::*;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    Medicine,
    Surgery,
    Icu,
    Emergency,
    Maternity,
    Theatre,
    LongTerm,
}

impl UnitKind {
    fn code(self) -> &'static str {
        match self {
            UnitKind::Medicine => "MED",
            UnitKind::Surgery => "CHIR",
            UnitKind::Icu => "REA",
            UnitKind::Emergency => "URG",
            UnitKind::Maternity => "MAT",
            UnitKind::Theatre => "BLOC",
            UnitKind::LongTerm => "USLD",
        }
    }
    fn label(self) -> &'static str {
        match self {
            UnitKind::Medicine => "médecine",
            UnitKind::Surgery => "chirurgie",
            UnitKind::Icu => "réanimation",
            UnitKind::Emergency => "urgences",
            UnitKind::Maternity => "maternité",
            UnitKind::Theatre => "bloc opératoire",
            UnitKind::LongTerm => "soins de longue durée",
        }
    }
    /// Senior doctors on site at night (garde) rather than at home (astreinte) only.
    fn garde(self) -> bool {
        matches!(
            self,
            UnitKind::Icu | UnitKind::Emergency | UnitKind::Maternity
        )
    }
}

/// A group of paramedical staff of one role on one line pattern.
struct Group {
    role: &'static str,
    /// The trame's patterns: its members alternate between them, in groups of 4 week offsets.
    patterns: &'static [[&'static str; 4]],
    /// Pattern name, in trame ids.
    regime: &'static str,
    size: usize,
}

fn groups(kind: UnitKind) -> Vec<Group> {
    let g = |role, patterns, regime, size| Group {
        role,
        patterns,
        regime,
        size,
    };
    match kind {
        UnitKind::Medicine | UnitKind::Surgery => vec![
            g("IDE", DAY_7H30, "jour", 9),
            g("IDE", NIGHT_10H, "nuit", 3),
            g("AS", DAY_7H30, "jour", 7),
            g("AS", NIGHT_10H, "nuit", 3),
            g("ASH", DAY_7H30, "jour", 2),
        ],
        UnitKind::LongTerm => vec![
            g("IDE", DAY_7H30, "jour", 5),
            g("IDE", NIGHT_10H, "nuit", 2),
            g("AS", DAY_7H30, "jour", 9),
            g("AS", NIGHT_10H, "nuit", 3),
            g("ASH", DAY_7H30, "jour", 5),
        ],
        UnitKind::Icu => vec![
            g("IDE", MIXED_12H, "12h", 18),
            g("AS", MIXED_12H, "12h", 9),
            g("ASH", DAY_7H30, "jour", 2),
        ],
        UnitKind::Emergency => vec![
            g("IDE", MIXED_12H, "12h", 17),
            g("AS", MIXED_12H, "12h", 9),
            g("ASH", DAY_7H30, "jour", 2),
        ],
        UnitKind::Maternity => vec![
            g("SF", MIXED_12H, "12h", 13),
            g("AS", MIXED_12H, "12h", 9),
            g("ASH", DAY_7H30, "jour", 2),
        ],
        UnitKind::Theatre => vec![
            g("IADE", THEATRE_10H, "10h", 6),
            g("IBODE", THEATRE_10H, "10h", 6),
            g("AS", THEATRE_10H, "10h", 3),
            g("ASH", DAY_7H30, "jour", 1),
        ],
    }
}

/// `(shift code, start, minutes, night, break)` of the paramedical codes.
fn code_times(code: &str, regime: &str) -> (u32, u32, bool, u32) {
    match (code, regime) {
        ("M", _) => (405, 450, false, 20),
        ("S", _) => (825, 450, false, 20),
        ("N", "nuit") => (1260, 600, true, 30),
        ("N", _) => (1140, 720, true, 30),
        ("J", "10h") => (480, 600, false, 30),
        _ => (420, 720, false, 30),
    }
}

struct Builder {
    rng: Rng,
    p: Problem,
    shift_ix: BTreeMap<String, usize>,
}

impl Builder {
    #[allow(clippy::too_many_arguments)] // one call per field of a shift type, all named at the call
    fn shift(
        &mut self,
        id: String,
        unit: &str,
        start: u32,
        dur: u32,
        night: bool,
        quals: &[&str],
        h: ShiftHospital,
    ) {
        if self.shift_ix.contains_key(&id) {
            return;
        }
        self.shift_ix.insert(id.clone(), self.p.shift_types.len());
        self.p.shift_types.push(ShiftType {
            id,
            start_minute: start,
            duration_minutes: dur,
            is_night: night,
            qualifications: quals.iter().map(|q| (*q).to_string()).collect(),
            hospital: Some(ShiftHospital {
                unit: Some(unit.to_string()),
                ..h
            }),
        });
    }

    fn staff(
        &mut self,
        id: String,
        quals: &[&str],
        category: Category,
        est: &str,
        unit: Option<&str>,
    ) -> usize {
        self.p.staff.push(Staff {
            id,
            qualifications: quals.iter().map(|q| (*q).to_string()).collect(),
            hospital: Some(StaffHospital {
                category,
                establishment: Some(est.to_string()),
                unit: unit.map(str::to_string),
                quotite_percent: 100,
                night_team: false,
                counters: Counters::default(),
                authorised_units: vec![],
                pool: false,
                cycle: None,
            }),
            ..Default::default()
        });
        self.p.staff.len() - 1
    }

    fn hospital(&mut self) -> &mut Hospital {
        self.p.hospital.get_or_insert_with(Hospital::default)
    }
}

fn half_day(
    start: u32,
    dur: u32,
    activity: Activity,
    half_days: u32,
    break_minutes: u32,
) -> (u32, u32, ShiftHospital) {
    (
        start,
        dur,
        ShiftHospital {
            activity,
            half_days: Some(half_days),
            break_minutes,
            ..Default::default()
        },
    )
}

/// The demo GHT over `weeks` weeks from `start` (any date; cycles are anchored on the Monday
/// on or before it).
pub fn generate(seed: u64, weeks: u32, start: NaiveDate) -> Problem {
    let n_days = (weeks.max(1) * 7) as usize;
    let anchor = start - chrono::Days::new(u64::from(calendar::weekday(start)));
    let days: Vec<Day> = (0..n_days)
        .map(|d| {
            let x = start + chrono::Days::new(d as u64);
            Day {
                date: x.to_string(),
                weekday: calendar::weekday(x),
                holiday: calendar::is_holiday(x, HolidayCalendar::France),
            }
        })
        .collect();
    let mut b = Builder {
        rng: Rng::new(seed),
        p: Problem {
            version: PROBLEM_VERSION,
            name: format!("ght-demo-seed-{seed}"),
            shift_types: vec![],
            staff: vec![],
            days,
            forbidden_successions: vec![],
            min_rest_minutes: None,
            cover: vec![],
            fixed_days_off: vec![],
            requests: vec![],
            rolling_windows: vec![],
            history: History::default(),
            reference: None,
            hospital: None,
            replan: None,
            fairness_ledger: Default::default(),
        },
        shift_ix: BTreeMap::new(),
    };
    let anchor_s = anchor.to_string();
    // Days from the cycles' anchor to the first day of the horizon.
    let lead = (start - anchor).num_days() as usize;
    {
        let h = b.hospital();
        h.holidays = Some(HolidayCalendar::France);
        h.rule_parameters.push(ParameterSet {
            scope: Scope::Tenant,
            id: None,
            effective_from: None,
            reference: Some("Guide du temps de travail du GHT (démo)".into()),
            values: ParameterValues {
                cycle_weeks: Some(4),
                cycle_anchor: Some(anchor_s.clone()),
                fph_fortnight_anchor: Some(anchor_s.clone()),
                ..Default::default()
            },
        });
        h.substitutions = vec![
            Substitution {
                holder: "IDE".into(),
                slot: "AS".into(),
                cost: 20,
            },
            Substitution {
                holder: "IADE".into(),
                slot: "IDE".into(),
                cost: 10,
            },
            Substitution {
                holder: "IBODE".into(),
                slot: "IDE".into(),
                cost: 10,
            },
        ];
        for (a, z, m) in [("E1", "E2", 30), ("E1", "E3", 45), ("E2", "E3", 40)] {
            h.travel.push(Travel {
                from: a.into(),
                to: z.into(),
                minutes: m,
            });
        }
    }
    use UnitKind::*;
    let layout: [(&str, &[UnitKind]); 3] = [
        (
            "E1",
            &[
                Medicine, Medicine, Medicine, Surgery, Surgery, Icu, Emergency, Maternity, Theatre,
            ],
        ),
        (
            "E2",
            &[Medicine, Surgery, Emergency, Maternity, Theatre, LongTerm],
        ),
        ("E3", &[Medicine, Medicine, LongTerm, LongTerm, Emergency]),
    ];
    let mut units_of: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (est, kinds) in layout {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for &kind in kinds {
            let k = seen.entry(kind.code()).or_insert(0);
            *k += 1;
            let unit = format!("{est}-{}{}", kind.code(), k);
            b.hospital().units.push(UnitDef {
                id: unit.clone(),
                establishment: est.into(),
                kind: Some(kind.label().into()),
            });
            if kind != Theatre {
                units_of.entry(est).or_default().push(unit.clone());
            }
            unit_paramedical(&mut b, est, &unit, kind, &anchor_s, lead);
            unit_doctors(&mut b, est, &unit, kind);
        }
    }
    pool(&mut b, &units_of);
    absences_and_wishes(&mut b, n_days);
    b.p
}

/// Relief sages-femmes per maternity (7 % of a team of about 13, rounded up).
const MATERNITY_RELIEF: usize = 1;

fn unit_paramedical(
    b: &mut Builder,
    est: &str,
    unit: &str,
    kind: UnitKind,
    anchor: &str,
    lead: usize,
) {
    if matches!(
        kind,
        UnitKind::Icu | UnitKind::Emergency | UnitKind::Maternity | UnitKind::Theatre
    ) {
        b.hospital().rule_parameters.push(ParameterSet {
            scope: Scope::Unit,
            id: Some(unit.into()),
            effective_from: None,
            reference: Some(format!(
                "Dérogation 12 h de l'unité {unit} après avis du CSE (démo)"
            )),
            values: ParameterValues {
                fph_derogation_12h: Some(true),
                ..Default::default()
            },
        });
    }
    // Head count the cycles put on each shift, per day of the horizon.
    let n_days = b.p.days.len();
    let mut on_cycle: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for g in groups(kind) {
        let jitter = b.rng.range(0, 2) as i64 - 1;
        let size = if matches!(g.role, "IADE" | "IBODE") {
            rooms(est) + 2
        } else {
            (g.size as i64 + jitter).max(1) as usize
        };
        let trame = format!("{unit}-{}-{}", g.role, g.regime);
        // Lines: for each pattern, full time, 80 % and 50 %.
        let mut lines = Vec::new();
        for pattern in g.patterns {
            for q in [100, 80, 50] {
                lines.push(
                    trames::line(pattern, q)
                        .into_iter()
                        .map(|c| c.map(|c| format!("{unit}-{c}-{}", g.role)))
                        .collect::<Vec<_>>(),
                );
            }
        }
        for code in ["M", "S", "N", "J"] {
            let used = g.patterns.iter().flatten();
            if used.clone().any(|w| w.split(' ').any(|c| c == code)) {
                let (start, dur, night, brk) = code_times(code, g.regime);
                b.shift(
                    format!("{unit}-{code}-{}", g.role),
                    unit,
                    start,
                    dur,
                    night,
                    &[g.role],
                    ShiftHospital {
                        break_minutes: brk,
                        ..Default::default()
                    },
                );
            }
        }
        b.hospital().cycles.push(Trame {
            id: trame.clone(),
            anchor: anchor.into(),
            lines: lines.clone(),
        });
        for i in 0..size {
            let e = b.staff(
                format!("{unit}-{}-{}{:02}", g.role, &g.regime[..1], i + 1),
                &[g.role],
                Category::Fph,
                est,
                Some(unit),
            );
            let r = b.rng.below(100);
            let (quotite, q_line) = if r < 15 {
                (80, 1)
            } else if r < 20 {
                (50, 2)
            } else {
                (100, 0)
            };
            let line = 3 * ((i / 4) % g.patterns.len()) + q_line;
            let night_team = g.regime == "nuit";
            let volunteer = b.rng.chance(0.05);
            if let Some(h) = b.p.staff[e].hospital.as_mut() {
                h.quotite_percent = quotite;
                h.night_team = night_team;
                h.cycle = Some(CyclePlace {
                    trame: trame.clone(),
                    line,
                    offset_days: 7 * (i as u32 % 4),
                });
                if volunteer {
                    h.authorised_units.push(unit.into());
                }
            }
            let offset = 7 * (i % 4);
            for d in 0..n_days {
                let code = &lines[line][(lead + offset + d) % lines[line].len()];
                if let Some(c) = code {
                    on_cycle.entry(c.clone()).or_insert_with(|| vec![0; n_days])[d] += 1;
                }
            }
        }
    }
    // Maquettes read off the unit's own cycles, day type by day type: the target is the head
    // count the cycles give on an average day, the minimum a share of the leanest day's. Where
    // absences bring a shift below it, the unit re-plans or (IDE and AS) the pool fills in.
    // Sages-femmes have no pool: the maternity keeps relief midwives off cycle (about the
    // absence rate of its team), placed where sickness or leave leaves a shift short.
    if kind == UnitKind::Maternity {
        for i in 0..MATERNITY_RELIEF {
            b.staff(
                format!("{unit}-SF-r{:02}", i + 1),
                &["SF"],
                Category::Fph,
                est,
                Some(unit),
            );
        }
    }
    let theatre_unit = kind == UnitKind::Theatre;
    if theatre_unit {
        theatre(b, est, unit);
    }
    for (shift, counts) in on_cycle {
        if theatre_unit && !(shift.ends_with("-AS") || shift.ends_with("-ASH")) {
            continue;
        }
        let pooled = shift.ends_with("-IDE") || shift.ends_with("-AS");
        maquette(
            b,
            &shift,
            &counts,
            if pooled { 0.85 } else { 0.75 },
            theatre_unit,
        );
    }
}

/// Maquette lines of `shift` from the cycles' head counts per day (see `unit_paramedical`); a
/// day type absent from the horizon takes the Sunday's numbers (holidays) or the weekday's.
fn maquette(b: &mut Builder, shift: &str, counts: &[u32], min_share: f64, weekdays_only: bool) {
    let types = [
        DayType::Weekday,
        DayType::Saturday,
        DayType::Sunday,
        DayType::Holiday,
    ];
    let of_type = |t: DayType| -> Vec<u32> {
        b.p.days
            .iter()
            .zip(counts)
            .filter(|(d, _)| demand::day_type(d.weekday, d.holiday) == t)
            .map(|(_, &c)| c)
            .collect()
    };
    let mut lines = Vec::new();
    for t in types {
        if weekdays_only && t != DayType::Weekday {
            continue;
        }
        let mut v = of_type(t);
        if v.is_empty() {
            v = of_type(if t == DayType::Holiday {
                DayType::Sunday
            } else {
                DayType::Weekday
            });
        }
        let Some(&lean) = v.iter().min() else {
            continue;
        };
        let mean = f64::from(v.iter().sum::<u32>()) / v.len() as f64;
        let min = (f64::from(lean) * min_share).floor() as u32;
        let target = (mean.round() as u32).max(min);
        if target == 0 {
            continue;
        }
        lines.push(MaquetteLine {
            shift: shift.into(),
            day_type: t,
            min,
            target,
            max: None,
            under_weight: None,
            over_weight: None,
        });
    }
    b.hospital().maquettes.extend(lines);
}

fn rooms(est: &str) -> usize {
    if est == "E1" { 3 } else { 2 }
}

/// The operating-theatre programme: one session per room on each working weekday.
fn theatre(b: &mut Builder, est: &str, unit: &str) {
    let rooms = rooms(est);
    // The IADE and IBODE of a session work the theatre's 10 h cycle shift.
    let team: Vec<String> = vec![
        format!("{unit}-SEANCE-CHIR"),
        format!("{unit}-SEANCE-ANES"),
        format!("{unit}-J-IADE"),
        format!("{unit}-J-IBODE"),
    ];
    for (i, role) in ["CHIR", "ANES"].iter().enumerate() {
        let (start, dur, h) = half_day(510, 600, Activity::Work, 2, 30);
        b.shift(team[i].clone(), unit, start, dur, false, &[role], h);
    }
    let n_days = b.p.days.len();
    for d in 0..n_days {
        let day = &b.p.days[d];
        if day.weekday >= 5 || day.holiday {
            continue;
        }
        for r in 0..rooms {
            b.hospital().theatre_sessions.push(TheatreSession {
                room: format!("{unit}-S{}", r + 1),
                day: d,
                team: team.clone(),
                weight: 500,
            });
        }
    }
    for (role, n) in [("CHIR", rooms + 1), ("ANES", rooms + 1)] {
        for i in 0..n {
            b.staff(
                format!("{unit}-PH-{role}{:02}", i + 1),
                &["PH", role],
                Category::Ph,
                est,
                Some(unit),
            );
        }
    }
}

fn unit_doctors(b: &mut Builder, est: &str, unit: &str, kind: UnitKind) {
    if kind == UnitKind::Theatre {
        return;
    }
    let (n_ph, n_int) = match kind {
        UnitKind::Icu | UnitKind::Emergency => (5, 3),
        // Obstetricians: a garde every night and a senior every weekday morning.
        UnitKind::Maternity => (4, 1),
        UnitKind::LongTerm => (2, 0),
        _ => (3, 2),
    };
    let mut night = Vec::new();
    for (prof, n) in [("PH", n_ph), ("INT", n_int)] {
        if n == 0 {
            continue;
        }
        let cat = if prof == "PH" {
            Category::Ph
        } else {
            Category::Interne
        };
        let am = format!("{unit}-{prof}-AM");
        let pm = format!("{unit}-{prof}-PM");
        let (s, d, h) = half_day(510, 270, Activity::Work, 1, 15);
        b.shift(am.clone(), unit, s, d, false, &[prof], h);
        let (s, d, h) = half_day(810, 270, Activity::Work, 1, 15);
        b.shift(pm.clone(), unit, s, d, false, &[prof], h);
        for shift in [&am, &pm] {
            let target = if prof == "PH" {
                2.min(n as u32 - 1).max(1)
            } else {
                1
            };
            b.hospital().maquettes.push(MaquetteLine {
                shift: shift.clone(),
                day_type: DayType::Weekday,
                // A senior each weekday morning; afternoons only aim at the target.
                min: u32::from(prof == "PH" && shift == &am),
                target,
                max: None,
                under_weight: Some(50),
                over_weight: Some(1),
            });
        }
        if prof == "PH" || kind.garde() {
            let (code, act) = if kind.garde() {
                ("G", Activity::Garde)
            } else {
                ("A", Activity::Astreinte)
            };
            let id = format!("{unit}-{prof}-{code}");
            let (s, d, h) = half_day(1110, 840, act, 2, 30);
            b.shift(id.clone(), unit, s, d, true, &[prof], h);
            if prof == "PH" {
                night.push(id);
                if kind.garde() {
                    // A senior may also be at home on astreinte behind the interne's garde.
                    let a = format!("{unit}-PH-A");
                    let (s, d, h) = half_day(1110, 840, Activity::Astreinte, 2, 0);
                    b.shift(a.clone(), unit, s, d, true, &["PH"], h);
                    night.push(a);
                }
            } else {
                b.hospital().maquettes.push(MaquetteLine {
                    shift: id,
                    day_type: DayType::Weekday,
                    min: 0,
                    target: 1,
                    max: Some(1),
                    under_weight: Some(10),
                    over_weight: Some(1),
                });
            }
        }
        for i in 0..n {
            b.staff(
                format!("{unit}-{prof}{:02}", i + 1),
                &[prof],
                cat,
                est,
                Some(unit),
            );
        }
    }
    b.hospital().joint_requirements.push(JointRequirement {
        kind: JointKind::AtLeast,
        days: None,
        shifts: night,
        count: 1,
        weight: 0,
        label: Some(format!("sénior de garde ou d'astreinte la nuit ({unit})")),
    });
}

/// A pool de suppléance per establishment, IDE and AS, authorised on its units (every third
/// member also on the units of the next establishment).
fn pool(b: &mut Builder, units_of: &BTreeMap<&str, Vec<String>>) {
    let ests: Vec<&str> = units_of.keys().copied().collect();
    for (k, est) in ests.iter().enumerate() {
        let other = ests[(k + 1) % ests.len()];
        let (n_ide, n_as) = if *est == "E1" { (8, 5) } else { (5, 3) };
        for (role, n) in [("IDE", n_ide), ("AS", n_as)] {
            for i in 0..n {
                let e = b.staff(
                    format!("{est}-POOL-{role}{:02}", i + 1),
                    &[role],
                    Category::Fph,
                    est,
                    None,
                );
                let mut auth = units_of[est].clone();
                if i % 3 == 2 {
                    auth.extend(units_of[other].iter().cloned());
                }
                if let Some(h) = b.p.staff[e].hospital.as_mut() {
                    h.pool = true;
                    h.authorised_units = auth;
                }
            }
        }
    }
}

/// About 7 % of staff-days absent (sickness spells of 3 to 10 days, a week of leave), then 2 to 4
/// desiderata per person and month (days off, no night, a wished shift).
fn absences_and_wishes(b: &mut Builder, n_days: usize) {
    let n_staff = b.p.staff.len();
    let goal = (n_staff * n_days) * 7 / 100;
    let mut off: BTreeSet<(usize, usize)> = BTreeSet::new();
    while off.len() < goal {
        let e = b.rng.below(n_staff);
        let len = if b.rng.chance(0.3) {
            7
        } else {
            b.rng.range(3, 10)
        };
        let first = b.rng.below(n_days);
        for d in first..(first + len).min(n_days) {
            off.insert((e, d));
        }
    }
    b.p.fixed_days_off = off
        .iter()
        .map(|&(e, d)| FixedDayOff {
            staff: b.p.staff[e].id.clone(),
            day: d,
        })
        .collect();
    let months = (n_days as f64 / 28.0).max(0.25);
    for e in 0..n_staff {
        let unit = b.p.staff[e].hospital.as_ref().and_then(|h| h.unit.clone());
        let quals = b.p.staff[e].qualifications.clone();
        let own: Vec<usize> =
            b.p.shift_types
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    t.hospital.as_ref().and_then(|h| h.unit.as_ref()) == unit.as_ref()
                        && t.qualifications.iter().all(|q| quals.contains(q))
                })
                .map(|(i, _)| i)
                .collect();
        let n = ((b.rng.range(2, 4) as f64) * months).round().max(1.0) as usize;
        let mut used = BTreeSet::new();
        for _ in 0..n {
            let d = b.rng.below(n_days);
            if !used.insert(d) || off.contains(&(e, d)) {
                continue;
            }
            let r = b.rng.below(10);
            let night = own.iter().copied().find(|&t| b.p.shift_types[t].is_night);
            let (shift, kind, weight) = if r < 6 || own.is_empty() {
                (None, RequestKind::Off, 10)
            } else if r < 8 && night.is_some() {
                (night, RequestKind::Off, 8)
            } else {
                (Some(own[b.rng.below(own.len())]), RequestKind::On, 5)
            };
            b.p.requests.push(Request {
                staff: b.p.staff[e].id.clone(),
                day: d,
                shift: shift.map(|t| b.p.shift_types[t].id.clone()),
                kind,
                weight,
            });
        }
    }
}
