//! A seeded unit month for the re-planning tests and benchmarks: `n` nurses on 12 h day and
//! night shifts (07:00-19:00, 19:00-07:00), 11 h minimum rest, at most 3 consecutive working
//! days, 48 h in any 7 days, a monthly maximum, day and night minima with a little slack, and
//! 2 wishes per person. `problem` has generic rules only, so that a month builds and checks in
//! milliseconds; `french_problem` is the same unit under the whole French rules pack (FPH
//! nurses of unit U1 with the 12 h derogation, French public holidays).

use crate::problem::*;

/// SplitMix64, for determinism without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

/// A unit of `n_staff` over `n_days` days from Monday 2026-03-02.
pub fn problem(n_staff: usize, n_days: usize, seed: u64) -> Problem {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    problem_from(start, n_staff, n_days, seed)
}

/// The unit of `problem` from `start` under the French rules pack: every nurse an FPH agent of
/// unit U1 (establishment E1), the 12 h shifts allowed by the unit's derogation, 30 min breaks,
/// French public holidays.
pub fn french_problem(
    start: chrono::NaiveDate,
    n_staff: usize,
    n_days: usize,
    seed: u64,
) -> Problem {
    use crate::hospital::*;
    let mut p = problem_from(start, n_staff, n_days, seed);
    p.name = format!("unit-fr-{n_staff}x{n_days}-seed{seed}");
    for t in &mut p.shift_types {
        t.hospital = Some(ShiftHospital {
            break_minutes: 30,
            unit: Some("U1".into()),
            ..Default::default()
        });
    }
    for s in &mut p.staff {
        s.hospital = Some(StaffHospital {
            category: Category::Fph,
            establishment: Some("E1".into()),
            unit: Some("U1".into()),
            quotite_percent: 100,
            night_team: false,
            counters: Counters::default(),
            authorised_units: vec![],
            pool: false,
            cycle: None,
        });
    }
    p.hospital = Some(Hospital {
        holidays: Some(crate::calendar::HolidayCalendar::France),
        units: vec![UnitDef {
            id: "U1".into(),
            establishment: "E1".into(),
            kind: None,
        }],
        rule_parameters: vec![ParameterSet {
            scope: Scope::Unit,
            id: Some("U1".into()),
            effective_from: None,
            reference: Some("Dérogation 12 h de l'unité U1 après avis du CSE".into()),
            values: ParameterValues {
                fph_derogation_12h: Some(true),
                ..Default::default()
            },
        }],
        ..Default::default()
    });
    p
}

fn problem_from(start: chrono::NaiveDate, n_staff: usize, n_days: usize, seed: u64) -> Problem {
    let mut rng = Rng(seed);
    let st = |id: &str, s: u32, night: bool| ShiftType {
        id: id.into(),
        start_minute: s,
        duration_minutes: 720,
        is_night: night,
        qualifications: vec![],
        hospital: None,
    };
    // About 3 shifts a week each, with 10 % slack above the minima.
    let per_day = (n_staff * 3) as f64 / 7.0 / 1.1;
    let day_min = (per_day * 0.55).round().max(1.0) as u32;
    let night_min = (per_day * 0.45).round().max(1.0) as u32;
    let staff: Vec<Staff> = (0..n_staff)
        .map(|i| Staff {
            id: format!("S{:03}", i + 1),
            qualifications: vec!["IDE".into()],
            limits: Limits {
                max_consecutive_days: Some(3),
                max_total_minutes: Some((n_days as u32).div_ceil(7) * 3 * 720 + 720),
                ..Default::default()
            },
            ..Default::default()
        })
        .collect();
    let mut cover = Vec::new();
    for d in 0..n_days {
        for (shift, min) in [("J", day_min), ("NL", night_min)] {
            cover.push(Cover {
                day: d,
                shift: shift.into(),
                qualification: None,
                min: Some(min),
                target: min,
                max: Some(min + 2),
                under_weight: 100,
                over_weight: 10,
            });
        }
    }
    let mut requests = Vec::new();
    for s in &staff {
        for _ in 0..2 {
            let day = rng.below(n_days as u64) as usize;
            let kind = if rng.below(2) == 0 {
                RequestKind::Off
            } else {
                RequestKind::On
            };
            requests.push(Request {
                staff: s.id.clone(),
                day,
                shift: (kind == RequestKind::On).then(|| "J".to_string()),
                kind,
                weight: 5 + rng.below(6) as u32,
            });
        }
    }
    Problem {
        version: PROBLEM_VERSION,
        name: format!("unit-{n_staff}x{n_days}-seed{seed}"),
        shift_types: vec![st("J", 420, false), st("NL", 1140, true)],
        staff,
        days: (0..n_days)
            .map(|d| {
                let x = start + chrono::Days::new(d as u64);
                Day {
                    date: x.to_string(),
                    weekday: crate::calendar::weekday(x),
                    holiday: false,
                }
            })
            .collect(),
        forbidden_successions: vec![],
        min_rest_minutes: Some(660),
        cover,
        fixed_days_off: vec![],
        requests,
        rolling_windows: vec![RollingWindow {
            days: 7,
            max_minutes: 2880,
        }],
        history: History::default(),
        reference: None,
        hospital: None,
        replan: None,
        fairness_ledger: Vec::new(),
    }
}

/// `count` absences of `days` days each, on people who work on their first day in `roster`,
/// from day `from` on (deterministic for the seed).
pub fn absences(
    inst: &Instance,
    roster: &Roster,
    count: usize,
    days: usize,
    from: usize,
    seed: u64,
) -> Vec<FixedDayOff> {
    let mut rng = Rng(seed ^ 0xAB5E);
    let mut out = Vec::new();
    let mut taken = Vec::new();
    let mut guard = 0;
    while out.len() < count * days && guard < 10_000 {
        guard += 1;
        let e = rng.below(inst.n_staff as u64) as usize;
        let d = from + rng.below((inst.n_days - from).saturating_sub(days).max(1) as u64) as usize;
        if taken.contains(&e) || !roster.works(e, d) {
            continue;
        }
        taken.push(e);
        for k in d..(d + days).min(inst.n_days) {
            out.push(FixedDayOff {
                staff: inst.staff_id(e).to_string(),
                day: k,
            });
        }
    }
    out
}
