//! Test helpers of the French pack: a small hospital problem with real dates and a catalogue of
//! shifts (7 h 30, 10 h nights, 12 h, demi-journées, gardes, astreinte, training).

use crate::hospital::*;
use crate::problem::*;
pub use crate::rules::Rule;
use crate::rules::testing::assert_mip_agrees;

pub use crate::rules::testing::roster;

fn st(id: &str, start: u32, dur: u32, night: bool, h: ShiftHospital) -> ShiftType {
    ShiftType {
        id: id.into(),
        start_minute: start,
        duration_minutes: dur,
        is_night: night,
        qualifications: vec![],
        hospital: Some(h),
    }
}

fn with(activity: Activity, break_minutes: u32) -> ShiftHospital {
    ShiftHospital {
        activity,
        break_minutes,
        ..Default::default()
    }
}

/// Shifts: `M` 06:45 7 h 30, `S` 13:30 7 h 30, `N` 21:00 10 h (night), `J` 07:00 12 h, `NL`
/// 19:00 12 h (night), `AM` 08:30 and `PM` 13:30 demi-journées of 4 h 30, `G` night garde
/// 18:30 14 h, `G24` garde 08:30 24 h, `A` astreinte 18:30 14 h, `F` training 08:30 4 h.
pub fn shifts() -> Vec<ShiftType> {
    use Activity::*;
    vec![
        st("M", 405, 450, false, with(Work, 20)),
        st("S", 810, 450, false, with(Work, 20)),
        st("N", 1260, 600, true, with(Work, 30)),
        st("J", 420, 720, false, with(Work, 30)),
        st("NL", 1140, 720, true, with(Work, 30)),
        st("AM", 510, 270, false, with(Work, 15)),
        st("PM", 810, 270, false, with(Work, 15)),
        st("G", 1110, 840, true, with(Garde, 30)),
        st("G24", 510, 1440, false, with(Garde, 60)),
        st("A", 1110, 840, true, with(Astreinte, 0)),
        st("F", 510, 240, false, with(Training, 0)),
    ]
}

/// A problem of `n_days` days from `start` (ISO) with staff `(id, category)`.
pub fn problem(start: &str, n_days: usize, staff: &[(&str, Category)]) -> Problem {
    let s0 = crate::calendar::parse_date(start).unwrap();
    Problem {
        version: PROBLEM_VERSION,
        name: "fr".into(),
        shift_types: shifts(),
        staff: staff
            .iter()
            .map(|(id, c)| Staff {
                id: (*id).into(),
                hospital: Some(StaffHospital {
                    category: *c,
                    establishment: Some("E1".into()),
                    unit: Some("U1".into()),
                    quotite_percent: 100,
                    night_team: false,
                    counters: Counters::default(),
                    authorised_units: vec![],
                    pool: false,
                    cycle: None,
                }),
                ..Default::default()
            })
            .collect(),
        days: (0..n_days)
            .map(|d| {
                let x = s0 + chrono::Days::new(d as u64);
                Day {
                    date: x.to_string(),
                    weekday: crate::calendar::weekday(x),
                    holiday: false,
                }
            })
            .collect(),
        forbidden_successions: vec![],
        min_rest_minutes: None,
        cover: vec![],
        fixed_days_off: vec![],
        requests: vec![],
        rolling_windows: vec![],
        history: History::default(),
        reference: None,
        hospital: Some(Hospital::default()),
        replan: None,
        fairness_ledger: Vec::new(),
    }
}

pub fn instance(
    start: &str,
    n_days: usize,
    staff: &[(&str, Category)],
    f: impl FnOnce(&mut Problem),
) -> Instance {
    let mut p = problem(start, n_days, staff);
    f(&mut p);
    Instance::new(p).unwrap()
}

/// Adds history shifts `(staff, days_before, shift)`.
pub fn history(p: &mut Problem, days: u32, a: &[(&str, u32, &str)]) {
    p.history.days = days;
    p.history.assignments = a
        .iter()
        .map(|(s, b, t)| HistoryAssignment {
            staff: (*s).into(),
            days_before: *b,
            shift: (*t).into(),
        })
        .collect();
}

/// Sets parameters for the whole tenant.
pub fn tenant(p: &mut Problem, values: ParameterValues) {
    if let Some(h) = p.hospital.as_mut() {
        h.rule_parameters.push(ParameterSet {
            scope: Scope::Tenant,
            id: None,
            effective_from: None,
            reference: None,
            values,
        });
    }
}

pub fn counters(p: &mut Problem, staff: usize) -> &mut Counters {
    &mut p.staff[staff].hospital.as_mut().unwrap().counters
}

pub fn info(p: &mut Problem, staff: usize) -> &mut StaffHospital {
    p.staff[staff].hospital.as_mut().unwrap()
}

/// `rule` flags `bad` exactly once and `good` not at all, and the MIP agrees with the checker
/// on both (infeasible exactly when the checker finds a hard violation, else the same cost).
pub fn once_and_mip_agrees(rule: &dyn Rule, inst: &Instance, bad: &Roster, good: &Roster) {
    let v = rule.violations(inst, bad);
    assert_eq!(v.len(), 1, "{}: {v:#?}", rule.id());
    assert!(
        v[0].message.contains('(') && v[0].message.ends_with(')'),
        "no citation: {}",
        v[0].message
    );
    let g = rule.violations(inst, good);
    assert!(g.is_empty(), "{}: {g:#?}", rule.id());
    assert_mip_agrees(inst, bad);
    assert_mip_agrees(inst, good);
}

/// The violations of `rule` on `r`.
pub fn count(rule: &dyn Rule, inst: &Instance, r: &Roster) -> usize {
    rule.violations(inst, r).len()
}

/// For rules on the organisation's data: `rule` flags the roster once under `bad` and never under
/// `good`, and the MIP agrees with the checker under both.
pub fn data_once_and_mip_agrees(
    rule: &dyn Rule,
    bad: &Instance,
    good: &Instance,
    a: &[(&str, usize, &str)],
) {
    let rb = roster(bad, a);
    let rg = roster(good, a);
    assert_eq!(rule.violations(bad, &rb).len(), 1);
    assert!(rule.violations(good, &rg).is_empty());
    assert_mip_agrees(bad, &rb);
    assert_mip_agrees(good, &rg);
}
