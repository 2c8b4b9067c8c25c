//! The ANAP "duel" scenario of March 2025, as a test: a 59-person unit on 12 h shifts (day
//! 07:00-19:00, night 19:00-07:00) under the whole French rules pack, with annual leave and
//! training, then 10 nurses off sick and the nurse demand rising from 10 to 11 by day and by
//! night.
//!
//! Reading chosen for the demand: 10 then 11 nurses by day and by night on weekdays, 8 on
//! Saturdays and Sundays throughout. FPH-REST-4 gives every nurse, each fortnight, 2
//! consecutive days off including a Sunday, and a Saturday night ends on Sunday morning: each
//! weekend needs Saturday night + Sunday day + Sunday night = 3 x demand people with a worked
//! Sunday, and 59 nurses (less those on leave) have about 55 such Sundays a fortnight, 27 a
//! weekend. So a weekend demand of 10 (30) or 11 (33) is unstaffable whatever the roster; 8
//! (24) leaves room for leave and sickness.
//!
//! Reading chosen: the sickness comes as spells of 4 days (3 for the last one, cut by the end
//! of the month), staggered over weeks 2 to 4, not as 10 nurses absent the whole month. Under
//! FPH-WK-2 (44 h a week) a nurse on 12 h shifts works at most 3 shifts a week, so 59 nurses
//! give at most 177 shifts a week; 11 + 11 a day need 154, and 10 nurses away for whole weeks
//! on top of the leave would leave about 141. The month is planned knowing the absences (the
//! re-planning reading, from a published roster, is the repair engine's). Training days are
//! spent away from the unit (IFSI, simulation centre) and so are days off the unit's roster.

use super::solve_by_unit;
use crate::checker;
use crate::problem::{Cover, FixedDayOff, Problem};
use crate::solve::Params;
use crate::unit_month;

/// Day from which the demand is 11 (Monday of week 2).
const RISE: usize = 7;
const DAYS: usize = 28;

/// The nurses needed by day and by night on `day`.
fn need(p: &Problem, day: usize) -> u32 {
    match (p.days[day].weekday >= 5, day < RISE) {
        (true, _) => 8,
        (false, true) => 10,
        (false, false) => 11,
    }
}

fn duel() -> Problem {
    let start = chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    let mut p = unit_month::french_problem(start, 59, DAYS, 2025);
    p.name = "anap-duel-mars-2025".into();
    let mut off = |staff: usize, days: std::ops::Range<usize>| {
        for day in days.filter(|&d| d < DAYS) {
            p.fixed_days_off.push(FixedDayOff {
                staff: format!("S{:03}", staff + 1),
                day,
            });
        }
    };
    // Annual leave: 8 nurses, a week each, two a week.
    for k in 0..8 {
        off(k, 7 * (k % 4)..7 * (k % 4) + 7);
    }
    // Training: 6 nurses, one weekday each in weeks 2 and 3.
    for (k, d) in [8, 9, 10, 11, 15, 16].into_iter().enumerate() {
        off(8 + k, d..d + 1);
    }
    // Sickness: 10 nurses, spells of 4 days starting every other day from week 2.
    for k in 0..10 {
        let first = RISE + 2 * k;
        off(14 + k, first..first + 4);
    }
    p.cover.clear();
    for day in 0..DAYS {
        let need = need(&p, day);
        for shift in ["J", "NL"] {
            p.cover.push(Cover {
                day,
                shift: shift.into(),
                qualification: None,
                min: Some(need),
                target: need,
                max: Some(need + 2),
                under_weight: 100,
                over_weight: 10,
            });
        }
    }
    p
}

#[test]
fn the_anap_duel_month_is_staffed_with_zero_hard_violations_and_the_demand_rise_covered() {
    let p = duel();
    assert_eq!(p.staff.len(), 59);
    let sick: std::collections::BTreeSet<&str> = p
        .fixed_days_off
        .iter()
        .filter(|f| f.day >= RISE)
        .map(|f| f.staff.as_str())
        .collect();
    assert!(sick.len() >= 10, "{sick:?}");
    let params = Params {
        time_limit: 40.0,
        ..Default::default()
    };
    let (inst, roster, report) = solve_by_unit(&p, &params).unwrap();
    let rises = (RISE..DAYS).filter(|&d| need(&p, d) == 11).count();
    assert_eq!(rises, 15, "weekdays at 11 nurses");
    // The independent checker on the whole month.
    let rep = checker::check(&inst, &roster);
    let hard: Vec<_> = rep
        .violations
        .iter()
        .filter(|v| v.kind == crate::rules::Kind::Hard)
        .collect();
    assert!(hard.is_empty(), "{:#?}", &hard[..hard.len().min(5)]);
    assert_eq!(report.hard_violations, 0);
    // Nobody works on a day of absence, and the rise to 11 is really staffed.
    for &(e, d) in &inst.fixed_off {
        assert!(!roster.works(e, d), "{} works on day {d}", inst.staff_id(e));
    }
    for shift in ["J", "NL"] {
        let t = inst.shift_ix(shift).unwrap();
        for d in 0..DAYS {
            let n = (0..inst.n_staff).filter(|&e| roster.has(e, d, t)).count();
            let need = need(&p, d) as usize;
            assert!(n >= need, "{shift} on day {d}: {n} nurses for {need}");
        }
    }
    // The French pack was in force: 12 h shifts under the unit's derogation, no rule broken.
    assert!(
        rep.violations
            .iter()
            .all(|v| v.kind != crate::rules::Kind::Hard)
    );
}
