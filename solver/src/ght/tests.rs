use super::*;
use crate::checker;
use crate::hospital::Category;
use crate::problem::Instance;
use crate::rules::Kind;
use crate::rules::hospital::cycle_departure::cycle_roster;
use std::collections::BTreeMap;

fn start() -> chrono::NaiveDate {
    crate::calendar::parse_date("2026-03-02").unwrap()
}

#[test]
fn the_demo_ght_is_deterministic_for_a_seed_and_has_the_announced_shape() {
    let a = generate(7, 4, start());
    assert_eq!(a, generate(7, 4, start()));
    assert_ne!(a, generate(8, 4, start()));
    let n = a.staff.len();
    assert!((570..=630).contains(&n), "{n} staff");
    let h = a.hospital.as_ref().unwrap();
    let ests: std::collections::BTreeSet<_> = h.units.iter().map(|u| &u.establishment).collect();
    assert_eq!(ests.len(), 3);
    assert_eq!(h.units.len(), 20);
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    let mut part_time = 0;
    for s in &a.staff {
        let sh = s.hospital.as_ref().unwrap();
        let key = match sh.category {
            Category::Ph => "PH",
            Category::Interne => "INT",
            Category::Fph => match s.qualifications[0].as_str() {
                "IDE" | "IADE" | "IBODE" => "IDE",
                "AS" => "AS",
                _ => "other",
            },
        };
        *by.entry(key).or_default() += 1;
        part_time += usize::from(sh.quotite_percent < 100);
    }
    let share = |k: &str| 100.0 * by[k] as f64 / n as f64;
    assert!((8.0..=13.0).contains(&share("PH")), "{by:?}");
    assert!((3.5..=7.0).contains(&share("INT")), "{by:?}");
    assert!((35.0..=45.0).contains(&share("IDE")), "{by:?}");
    assert!((26.0..=34.0).contains(&share("AS")), "{by:?}");
    let pt = 100.0 * part_time as f64 / n as f64;
    assert!((12.0..=22.0).contains(&pt), "{pt} % part-time");
    // 6-8 % of staff-days absent, 2-4 wishes a person.
    let absent = 100.0 * a.fixed_days_off.len() as f64 / (n * 28) as f64;
    assert!((6.0..=8.0).contains(&absent), "{absent} % absent");
    let wishes = a.requests.len() as f64 / n as f64;
    assert!((1.8..=4.0).contains(&wishes), "{wishes} wishes a person");
    // The file is a problem like any other.
    let json = serde_json::to_string(&a).unwrap();
    let back: crate::problem::Problem = serde_json::from_str(&json).unwrap();
    Instance::new(back).unwrap();
}

#[test]
fn the_demo_cycles_alone_keep_every_legal_rule_of_their_agents() {
    let p = generate(3, 4, start());
    let inst = Instance::new(p).unwrap();
    let r = cycle_roster(&inst);
    let rep = checker::check(&inst, &r);
    let legal: Vec<_> = rep
        .violations
        .iter()
        .filter(|v| v.kind == Kind::Hard && v.rule.starts_with("FPH"))
        .collect();
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &legal {
        *by_rule.entry(v.rule).or_default() += 1;
    }
    assert!(
        legal.is_empty(),
        "{by_rule:?} e.g. {:#?}",
        &legal[..legal.len().min(3)]
    );
}

#[test]
fn every_key_of_a_generated_problem_is_documented_in_the_json_schema() {
    fn walk(v: &serde_json::Value, keys: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    keys.insert(k.clone());
                    walk(x, keys);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, keys)),
            _ => {}
        }
    }
    let schema = include_str!("../../schema/problem.schema.json");
    let v = serde_json::to_value(generate(1, 1, start())).unwrap();
    let mut keys = Default::default();
    walk(&v, &mut keys);
    for k in keys {
        assert!(
            schema.contains(&format!("\"{k}\"")),
            "{k} missing from the schema"
        );
    }
}

/// Two units of one site: U2's own nurse cannot hold its minimum of 2 on weekdays alone, a pool
/// member authorised on U2 can.
fn two_units_and_a_pool() -> crate::problem::Problem {
    use crate::hospital::{Category::Fph, UnitDef};
    use crate::problem::Cover;
    let mut p = crate::rules::fr::testing::problem(
        "2026-03-02",
        7,
        &[("a", Fph), ("b", Fph), ("pool", Fph)],
    );
    let h = p.hospital.as_mut().unwrap();
    for u in ["U1", "U2"] {
        h.units.push(UnitDef {
            id: u.into(),
            establishment: "E1".into(),
            kind: None,
        });
    }
    let m = p.shift_types[0].clone();
    p.shift_types.clear();
    for u in ["U1", "U2"] {
        let mut t = m.clone();
        t.id = format!("M-{u}");
        t.hospital.as_mut().unwrap().unit = Some(u.into());
        p.shift_types.push(t);
    }
    p.staff[1].hospital.as_mut().unwrap().unit = Some("U2".into());
    let ph = p.staff[2].hospital.as_mut().unwrap();
    ph.unit = None;
    ph.pool = true;
    ph.authorised_units = vec!["U1".into(), "U2".into()];
    for d in 0..5 {
        for (shift, min) in [("M-U1", 1), ("M-U2", 2)] {
            p.cover.push(Cover {
                day: d,
                shift: shift.into(),
                qualification: None,
                min: Some(min),
                target: min,
                max: None,
                under_weight: 100,
                over_weight: 1,
            });
        }
    }
    p
}

#[test]
fn the_pool_phase_fills_a_minimum_another_unit_cannot_hold_and_reports_the_placement() {
    let p = two_units_and_a_pool();
    let params = crate::solve::Params {
        time_limit: 10.0,
        max_iterations: Some(5),
        ..Default::default()
    };
    let (inst, roster, report) = solve_by_unit(&p, &params).unwrap();
    assert_eq!(report.hard_violations, 0, "{:?}", report.hard_by_rule);
    let pool = inst.staff_ix("pool").unwrap();
    let m_u2 = inst.shift_ix("M-U2").unwrap();
    for d in 0..5 {
        assert!(
            roster.has(pool, d, m_u2),
            "day {d}: the pool member is not on U2"
        );
    }
    assert_eq!(
        report.placements.get(&crate::hospital::Placement::Pool),
        Some(&5),
        "{:?}",
        report.placements
    );
    assert_eq!(report.coverage_min_percent, 100.0);
    assert!(report.runs.iter().any(|r| r.unit == "pool"));
}

#[test]
fn the_legal_start_keeps_every_hard_rule_and_gives_each_night_its_senior_and_each_weekday_morning_its_ph()
 {
    // The engine's own greedy knows no French rule: doctors started from it broke their rules
    // and lost the senior mornings. One week of the demo, every unit at once.
    let inst = Instance::new(generate(1, 1, start())).unwrap();
    let r = legal_start(&inst).unwrap();
    let rep = checker::check(&inst, &r);
    // The operating-theatre teams (all or none) are left to the units' MIP.
    let hard: Vec<_> = rep
        .violations
        .iter()
        .filter(|v| v.kind == Kind::Hard && !v.message.contains("équipe incomplète"))
        .collect();
    assert!(hard.is_empty(), "{:#?}", &hard[..hard.len().min(3)]);
    let seniors = (0..inst.n_days)
        .flat_map(|d| (0..inst.n_shifts).map(move |t| (d, t)))
        .filter(|&(_, t)| {
            inst.shift_id(t).ends_with("-PH-G") || inst.shift_id(t).ends_with("-PH-A")
        })
        .filter(|&(d, t)| (0..inst.n_staff).any(|e| r.has(e, d, t)))
        .count();
    assert!(seniors >= 17 * inst.n_days, "{seniors} senior nights");
    let am: Vec<usize> = (0..inst.n_shifts)
        .filter(|&t| inst.shift_id(t).ends_with("-PH-AM"))
        .collect();
    assert!(am.len() >= 15, "{} units with senior mornings", am.len());
    for &t in &am {
        for d in (0..inst.n_days).filter(|&d| inst.problem.days[d].weekday < 5) {
            assert!(
                (0..inst.n_staff).any(|e| r.has(e, d, t)),
                "{} on day {d}: no senior",
                inst.shift_id(t)
            );
        }
    }
}

/// Over the four week offsets of a trame's patterns (what four members on offsets 0, 7, 14 and
/// 21 days work), how many of `code` each weekday gets, Monday first.
fn weekday_coverage(patterns: &[[&str; 4]], code: &str) -> [usize; 7] {
    let mut per_day = [0; 7];
    for pattern in patterns {
        for week in pattern {
            for (d, c) in week.split(' ').enumerate() {
                per_day[d] += usize::from(c == code);
            }
        }
    }
    per_day
}

#[test]
fn every_demo_trame_covers_each_weekday_within_one_shift_of_the_others() {
    use super::trames::{DAY_7H30, MIXED_12H, NIGHT_10H, THEATRE_10H};
    let every_day = [
        ("7 h 30", DAY_7H30, "M"),
        ("7 h 30", DAY_7H30, "S"),
        ("10 h nuit", NIGHT_10H, "N"),
        ("12 h", MIXED_12H, "J"),
        ("12 h", MIXED_12H, "N"),
    ];
    for (name, patterns, code) in every_day {
        let per_day = weekday_coverage(patterns, code);
        let (min, max) = (per_day.iter().min(), per_day.iter().max());
        assert!(
            min.zip(max).is_some_and(|(a, b)| *a >= 1 && b - a <= 1),
            "{name} {code}: {per_day:?}"
        );
    }
    // The theatre works the programme's weekdays only.
    let per_day = weekday_coverage(THEATRE_10H, "J");
    let weekdays = &per_day[..5];
    let (min, max) = (weekdays.iter().min(), weekdays.iter().max());
    assert!(
        min.zip(max).is_some_and(|(a, b)| *a >= 1 && b - a <= 1),
        "theatre: {per_day:?}"
    );
    assert_eq!(per_day[5..], [0, 0], "theatre: {per_day:?}");
}
