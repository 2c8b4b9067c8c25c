//! Edge cases of the organisation rules, each checked against the MIP.

use super::*;
use crate::hospital::Category::{Fph, Ph};
use crate::hospital::*;
use crate::problem::*;
use crate::rules::Rule;
use crate::rules::fr::testing::{instance, roster};
use crate::rules::testing::assert_mip_agrees;

fn with_unit(p: &mut Problem, id: &str, from: &str, unit: &str, quals: &[&str]) {
    let mut t = p.shift_types.iter().find(|t| t.id == from).unwrap().clone();
    t.id = id.into();
    t.qualifications = quals.iter().map(|q| (*q).to_string()).collect();
    if let Some(h) = t.hospital.as_mut() {
        h.unit = Some(unit.into());
    }
    p.shift_types.push(t);
}

fn hosp(p: &mut Problem) -> &mut Hospital {
    p.hospital.as_mut().unwrap()
}

#[test]
fn a_two_week_cycle_crossing_the_month_is_followed_and_each_departure_costs_its_weight() {
    // Trame anchored Monday 2026-02-23; the horizon runs from Monday 30 March into April.
    let line: Vec<Option<String>> = "M M S S . . . . N N N . . ."
        .split(' ')
        .map(|c| (c != ".").then(|| c.to_string()))
        .collect();
    let inst = instance("2026-03-30", 7, &[("x", Fph)], |p| {
        hosp(p).cycles.push(Trame {
            id: "T".into(),
            anchor: "2026-02-23".into(),
            lines: vec![line.clone()],
        });
        p.staff[0].hospital.as_mut().unwrap().cycle = Some(CyclePlace {
            trame: "T".into(),
            line: 0,
            offset_days: 7,
        });
    });
    // 35 days after the anchor + 7 of offset = day 0 of the line (42 mod 14): M M S S . . .
    let exp = inst.hospital.as_ref().unwrap().expected[0].clone().unwrap();
    let names: Vec<_> = exp.iter().map(|t| t.map(|t| inst.shift_id(t))).collect();
    assert_eq!(
        names,
        [Some("M"), Some("M"), Some("S"), Some("S"), None, None, None]
    );
    let follows = cycle_departure::cycle_roster(&inst);
    assert!(
        cycle_departure::CycleDeparture
            .violations(&inst, &follows)
            .is_empty()
    );
    // Wednesday 1 April (day 2) worked M instead of S, and Friday worked: two departures.
    let departs = roster(
        &inst,
        &[
            ("x", 0, "M"),
            ("x", 1, "M"),
            ("x", 2, "M"),
            ("x", 3, "S"),
            ("x", 4, "M"),
        ],
    );
    let v = cycle_departure::CycleDeparture.violations(&inst, &departs);
    assert_eq!(v.len(), 2, "{v:#?}");
    assert_eq!(v.iter().map(|v| v.cost).sum::<i64>(), 10);
    assert!(v[0].message.contains("2026-04-01"), "{}", v[0].message);
    assert_mip_agrees(&inst, &follows);
    assert_mip_agrees(&inst, &departs);
}

#[test]
fn an_ide_may_fill_an_as_slot_at_a_cost_and_an_as_never_an_ide_slot() {
    let inst = instance("2026-03-02", 7, &[("ide", Fph), ("as", Fph)], |p| {
        p.staff[0].qualifications = vec!["IDE".into()];
        p.staff[1].qualifications = vec!["AS".into()];
        with_unit(p, "M-AS", "M", "U1", &["AS"]);
        with_unit(p, "M-IDE", "M", "U1", &["IDE"]);
        hosp(p).substitutions.push(Substitution {
            holder: "IDE".into(),
            slot: "AS".into(),
            cost: 20,
        });
    });
    let sub = roster(&inst, &[("ide", 0, "M-AS"), ("as", 1, "M-AS")]);
    let v = substitution::Substitution.violations(&inst, &sub);
    assert_eq!((v.len(), v[0].cost), (1, 20));
    assert_mip_agrees(&inst, &sub);
    let reverse = roster(&inst, &[("as", 0, "M-IDE")]);
    assert!(!inst.allowed[1][inst.shift_ix("M-IDE").unwrap()]);
    let rep = crate::checker::check(&inst, &reverse);
    assert_eq!(rep.hard_violations, 1, "{:?}", rep.violations);
    assert_mip_agrees(&inst, &reverse);
}

#[test]
fn maquettes_expand_by_day_type_with_holidays_first_and_their_minimum_is_hard() {
    // Week of Easter Monday 2026-04-06.
    let inst = instance("2026-04-06", 7, &[("a", Fph), ("b", Fph)], |p| {
        hosp(p).holidays = Some(crate::calendar::HolidayCalendar::France);
        for (t, min, target) in [
            (DayType::Weekday, 1, 2),
            (DayType::Saturday, 1, 1),
            (DayType::Sunday, 0, 1),
            (DayType::Holiday, 1, 1),
        ] {
            hosp(p).maquettes.push(MaquetteLine {
                shift: "M".into(),
                day_type: t,
                min,
                target,
                max: None,
                under_weight: None,
                over_weight: None,
            });
        }
    });
    let per_day: Vec<(u32, u32)> = inst
        .cover
        .iter()
        .map(|c| (c.min.unwrap_or(0), c.target))
        .collect();
    let mut by_day = vec![(9, 9); 7];
    for (c, v) in inst.cover.iter().zip(per_day) {
        by_day[c.day] = v;
    }
    assert_eq!(
        by_day,
        [(1, 1), (1, 2), (1, 2), (1, 2), (1, 2), (1, 1), (0, 1)]
    );
    // Nobody on Easter Monday breaks its minimum; a weekday with one person costs 100.
    let r = roster(
        &inst,
        &[
            ("a", 1, "M"),
            ("b", 2, "M"),
            ("a", 3, "M"),
            ("b", 4, "M"),
            ("a", 5, "M"),
            ("b", 6, "M"),
        ],
    );
    let rep = crate::checker::check(&inst, &r);
    assert_eq!(rep.hard_violations, 1, "{:?}", rep.violations);
    assert!(
        rep.violations
            .iter()
            .any(|v| v.rule == "cover_target" && v.cost == 100)
    );
    assert_mip_agrees(&inst, &r);
}

fn ght_like(p: &mut Problem) {
    let h = hosp(p);
    for (u, e) in [("U1", "E1"), ("U2", "E1"), ("U3", "E2")] {
        h.units.push(UnitDef {
            id: u.into(),
            establishment: e.into(),
            kind: None,
        });
    }
    h.travel.push(Travel {
        from: "E1".into(),
        to: "E2".into(),
        minutes: 30,
    });
}

#[test]
fn placements_follow_the_order_of_preference_and_unauthorised_units_are_closed() {
    // pool: pool member of E1 authorised on U1 and U3; vol: home U2, volunteer on U1; other:
    // home U2 with no authorisation.
    let inst = instance(
        "2026-03-02",
        7,
        &[("pool", Fph), ("vol", Fph), ("other", Fph)],
        |p| {
            ght_like(p);
            with_unit(p, "M-U1", "M", "U1", &[]);
            with_unit(p, "M-U3", "M", "U3", &[]);
            for (i, unit, auth, pool) in [
                (0, None, vec!["U1", "U3"], true),
                (1, Some("U2"), vec!["U1"], false),
                (2, Some("U2"), vec![], false),
            ] {
                let h = p.staff[i].hospital.as_mut().unwrap();
                h.unit = unit.map(str::to_string);
                h.authorised_units = auth.into_iter().map(str::to_string).collect();
                h.pool = pool;
            }
        },
    );
    let r = roster(
        &inst,
        &[("pool", 0, "M-U1"), ("pool", 2, "M-U3"), ("vol", 0, "M-U1")],
    );
    let v = placement::PlacementPreference.violations(&inst, &r);
    let costs: Vec<i64> = v.iter().map(|v| v.cost).collect();
    assert_eq!(costs, [3, 12, 6], "{v:#?}");
    assert!(v[1].message.contains("autre établissement"));
    assert_mip_agrees(&inst, &r);
    let closed = roster(&inst, &[("other", 0, "M-U1")]);
    assert_eq!(crate::checker::check(&inst, &closed).hard_violations, 1);
    assert_mip_agrees(&inst, &closed);
}

#[test]
fn travel_between_sites_counts_against_the_daily_rest() {
    // S ends 21:00 on site E1; a 09:00 start the next day leaves 12 h, minus 30 min of travel
    // to E2.
    let build = |unit: &'static str| {
        instance("2026-03-02", 3, &[("x", Fph)], move |p| {
            ght_like(p);
            with_unit(p, "S-U1", "S", "U1", &[]);
            with_unit(p, "L", "M", unit, &[]);
            let l = p.shift_types.iter_mut().find(|t| t.id == "L").unwrap();
            l.start_minute = 540;
            let s = p.shift_types.iter_mut().find(|t| t.id == "S-U1").unwrap();
            s.start_minute = 810;
            p.staff[0].hospital.as_mut().unwrap().authorised_units = vec!["U1".into(), "U3".into()];
        })
    };
    let same = build("U2");
    let other = build("U3");
    let a = [("x", 0, "S-U1"), ("x", 1, "L")];
    let r_same = roster(&same, &a);
    let r_other = roster(&other, &a);
    let rest = |i: &Instance, r: &Roster| {
        crate::checker::check(i, r)
            .violations
            .into_iter()
            .filter(|v| v.rule == "FPH-REST-1")
            .collect::<Vec<_>>()
    };
    assert!(rest(&same, &r_same).is_empty());
    let v = rest(&other, &r_other);
    assert_eq!(v.len(), 1);
    assert!(v[0].message.contains("trajet"), "{}", v[0].message);
    assert_mip_agrees(&same, &r_same);
    assert_mip_agrees(&other, &r_other);
}

#[test]
fn a_theatre_session_needs_its_whole_team_and_a_night_needs_a_senior_on_call() {
    let inst = instance(
        "2026-03-02",
        2,
        &[
            ("chir", Ph),
            ("anes", Ph),
            ("iade", Fph),
            ("ibode", Fph),
            ("ph", Ph),
        ],
        |p| {
            for t in ["CHIR", "ANES"] {
                with_unit(p, t, "G24", "BLOC", &[]);
                let s = p.shift_types.iter_mut().find(|s| s.id == t).unwrap();
                s.duration_minutes = 600;
                if let Some(h) = s.hospital.as_mut() {
                    h.activity = Activity::Work;
                }
            }
            for t in ["IADE", "IBODE"] {
                with_unit(p, t, "M", "BLOC", &[]);
            }
            let h = hosp(p);
            h.theatre_sessions.push(TheatreSession {
                room: "S1".into(),
                day: 0,
                team: vec!["CHIR".into(), "ANES".into(), "IADE".into(), "IBODE".into()],
                weight: 500,
            });
            h.joint_requirements.push(JointRequirement {
                kind: JointKind::AtLeast,
                days: Some(vec![1]),
                shifts: vec!["G".into(), "A".into()],
                count: 1,
                weight: 0,
                label: Some("sénior la nuit".into()),
            });
        },
    );
    let team = [
        ("chir", 0, "CHIR"),
        ("anes", 0, "ANES"),
        ("iade", 0, "IADE"),
        ("ibode", 0, "IBODE"),
        ("ph", 1, "A"),
    ];
    let full = roster(&inst, &team);
    assert!(joint_teams::JointTeams.violations(&inst, &full).is_empty());
    assert!(
        joint_sessions::JointSessions
            .violations(&inst, &full)
            .is_empty()
    );
    assert_mip_agrees(&inst, &full);
    // Without the IBODE the session is incomplete (hard); without anyone it is not held (500).
    let partial = roster(&inst, &team[..3]);
    let v = joint_teams::JointTeams.violations(&inst, &partial);
    assert_eq!(v.len(), 2, "{v:#?}");
    assert!(v.iter().any(|v| v.message.contains("séance")));
    assert!(v.iter().any(|v| v.message.contains("sénior la nuit")));
    assert_mip_agrees(&inst, &partial);
    let none = roster(&inst, &[("ph", 1, "G")]);
    assert!(joint_teams::JointTeams.violations(&inst, &none).is_empty());
    assert_eq!(
        joint_sessions::JointSessions.violations(&inst, &none)[0].cost,
        500
    );
    assert_mip_agrees(&inst, &none);
}

#[test]
fn a_morning_an_afternoon_and_a_night_garde_count_on_real_minutes() {
    // A PH works AM (08:30-13:00), PM (13:30-18:00) and the night garde G (18:30-08:30).
    let inst = instance("2026-03-02", 3, &[("ph", Ph)], |_| {});
    let cx = inst.hospital.as_ref().unwrap();
    let day0 = roster(&inst, &[("ph", 0, "AM"), ("ph", 0, "PM"), ("ph", 0, "G")]);
    let items = crate::time::roster_items(&inst, cx, &day0, 0);
    let minutes: i64 = items.iter().map(|i| i.minutes()).sum();
    assert_eq!(minutes, 270 + 270 + 840);
    assert_eq!(
        items.last().unwrap().end(),
        1440 + 510,
        "the garde ends at 08:30 the next day"
    );
    // Nothing the next day before 19:30 (11 h repos de sécurité): an afternoon breaks it.
    let bad = roster(
        &inst,
        &[
            ("ph", 0, "AM"),
            ("ph", 0, "PM"),
            ("ph", 0, "G"),
            ("ph", 1, "PM"),
        ],
    );
    let rep = crate::checker::check(&inst, &bad);
    assert!(
        rep.violations.iter().any(|v| v.rule == "PH-8"),
        "{:?}",
        rep.violations
    );
    let good = roster(
        &inst,
        &[
            ("ph", 0, "AM"),
            ("ph", 0, "PM"),
            ("ph", 0, "G"),
            ("ph", 2, "AM"),
        ],
    );
    let rep = crate::checker::check(&inst, &good);
    assert_eq!(rep.hard_violations, 0, "{:?}", rep.violations);
    assert_mip_agrees(&inst, &bad);
    assert_mip_agrees(&inst, &good);
}
