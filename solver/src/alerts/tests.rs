use super::*;
use crate::problem::{Cover, Request, RequestKind};
use crate::rules::testing::*;

fn kinds(a: &Alerts) -> Vec<&'static str> {
    a.alerts.iter().map(|x| x.kind).collect()
}

#[test]
fn gaps_nights_48h_and_refused_wishes_on_a_hand_computed_week() {
    let inst = tiny_with(|p| {
        let c = |day, min: Option<u32>, target| Cover {
            day,
            shift: "D".into(),
            qualification: None,
            min,
            target,
            max: None,
            under_weight: 1,
            over_weight: 1,
        };
        p.cover = vec![c(2, Some(1), 2), c(3, None, 1)];
        let w = |staff: &str, day, kind| Request {
            staff: staff.into(),
            day,
            shift: None,
            kind,
            weight: 1,
        };
        // a: 2 refused of 2; b: 4 granted. Team 2/6.
        p.requests = vec![
            w("a", 5, RequestKind::On),
            w("a", 6, RequestKind::On),
            w("b", 5, RequestKind::Off),
            w("b", 6, RequestKind::Off),
            w("b", 0, RequestKind::On),
            w("b", 1, RequestKind::On),
        ];
    });
    // b: 5 nights of 10 h in a row, 50 h in the week.
    let r = roster(
        &inst,
        &[
            ("b", 0, "N"),
            ("b", 1, "N"),
            ("b", 2, "N"),
            ("b", 3, "N"),
            ("b", 4, "N"),
        ],
    );
    let a = alerts(&inst, &r, &Thresholds::default());
    assert_eq!(
        kinds(&a),
        vec![
            "coverage_gap",
            "coverage_gap",
            "weekly_48h",
            "night_run",
            "wishes_refused"
        ]
    );
    let gap = &a.alerts[0];
    assert_eq!(
        (gap.severity, gap.value, gap.limit),
        (Severity::Critical, 0, 1)
    );
    assert_eq!(a.alerts[1].severity, Severity::Warning);
    assert_eq!((a.alerts[2].value, a.alerts[2].limit), (3000, 2880));
    assert!(
        a.alerts[2].message.contains("50 h"),
        "{}",
        a.alerts[2].message
    );
    assert_eq!(a.alerts[3].value, 5);
    assert_eq!(a.alerts[3].days, vec![0, 1, 2, 3, 4]);
    assert_eq!(a.alerts[4].staff.as_deref(), Some("a"));
    assert!(a.alerts[4].message.contains("100 %") && a.alerts[4].message.contains("33 %"));
}

#[test]
fn alerts_start_at_now() {
    let inst = tiny_with(|p| {
        p.cover = vec![Cover {
            day: 1,
            shift: "D".into(),
            qualification: None,
            min: Some(1),
            target: 1,
            max: None,
            under_weight: 1,
            over_weight: 1,
        }];
        p.replan = Some(crate::problem::Replan {
            now_day: Some(2),
            ..Default::default()
        });
    });
    let a = alerts(&inst, &roster(&inst, &[]), &Thresholds::default());
    assert_eq!(a.from_day, 2);
    assert!(a.alerts.is_empty());
}

#[test]
fn fph_overtime_and_the_internes_quarter_are_projected_from_the_counters() {
    use crate::hospital::Category::{Fph, Interne};
    use crate::rules::fr::testing::{counters, instance};
    let inst = instance("2026-03-02", 7, &[("f", Fph), ("i", Interne)], |p| {
        let c = counters(p, 0);
        c.month_overtime_minutes = 1100;
        c.year_overtime_minutes = 14000;
        counters(p, 1).period_worked_minutes = 15000;
    });
    // 4 x 12 h = 2 880 min against 7 x 300 due: 780 min of overtime.
    let r = roster(
        &inst,
        &[("f", 0, "J"), ("f", 1, "J"), ("f", 3, "J"), ("f", 4, "J")],
    );
    let a = alerts(&inst, &r, &Thresholds::default());
    let find = |k: &str| a.alerts.iter().find(|x| x.kind == k).unwrap();
    let m = find("overtime_month");
    assert_eq!(
        (m.value, m.limit, m.severity),
        (1880, 1200, Severity::Critical)
    );
    let y = find("overtime_year");
    assert_eq!(
        (y.value, y.limit, y.severity),
        (14780, 14400, Severity::Critical)
    );
    // Quarter from 1 February to 9 March: 36 days, 15 000 min: 2 916 a week.
    let q = find("interne_quarter");
    assert_eq!((q.value, q.limit), (2916, 2880));
    assert_eq!(q.staff.as_deref(), Some("i"));
    assert!(
        !a.alerts
            .iter()
            .any(|x| x.kind == "weekly_48h" || x.kind == "annual_hours")
    );
}

/// A week with units U1 and U2 on site E1 and U3 on site E2; morning shifts M1, M2, M3 at the
/// same hours, one per unit; everyone is an IDE.
fn three_units(
    staff: &[(&str, &str, &str, bool, bool)],
    cover: &[(usize, &str, u32, u32)],
    worked: &[(&str, usize, &str)],
) -> (crate::problem::Instance, crate::problem::Roster) {
    use crate::hospital::Category::Fph;
    use crate::hospital::UnitDef;
    let ids: Vec<(&str, crate::hospital::Category)> = staff.iter().map(|s| (s.0, Fph)).collect();
    let inst = crate::rules::fr::testing::instance("2026-03-02", 7, &ids, |p| {
        for (i, u) in ["U1", "U2", "U3"].iter().enumerate() {
            let mut t = p.shift_types[0].clone();
            t.id = format!("M{}", i + 1);
            t.hospital.as_mut().unwrap().unit = Some((*u).into());
            p.shift_types.push(t);
        }
        let h = p.hospital.as_mut().unwrap();
        for (u, e) in [("U1", "E1"), ("U2", "E1"), ("U3", "E2")] {
            h.units.push(UnitDef {
                id: u.into(),
                establishment: e.into(),
                kind: None,
            });
        }
        for (k, (_, unit, site, lends, pool)) in staff.iter().enumerate() {
            p.staff[k].qualifications = vec!["IDE".into()];
            let sh = p.staff[k].hospital.as_mut().unwrap();
            sh.unit = Some((*unit).into());
            sh.establishment = Some((*site).into());
            sh.pool = *pool;
            if *lends {
                sh.authorised_units = vec!["U1".into()];
            }
        }
        for (day, shift, min, target) in cover {
            p.cover.push(Cover {
                day: *day,
                shift: (*shift).into(),
                qualification: Some("IDE".into()),
                min: Some(*min),
                target: *target,
                max: None,
                under_weight: 100,
                over_weight: 1,
            });
        }
    });
    let r = roster(&inst, worked);
    (inst, r)
}

#[test]
fn a_short_unit_gets_the_loan_of_the_same_sites_unit_in_surplus_pool_first() {
    // Name, home unit, site, authorised in U1, pool.
    let staff = [
        ("u1a", "U1", "E1", false, false),
        ("u2a", "U2", "E1", false, false),
        ("u2b", "U2", "E1", true, false),
        ("u2c", "U2", "E1", true, true),
        ("u3a", "U3", "E2", true, false),
        ("u3b", "U3", "E2", true, false),
    ];
    // Tuesday (day 1): U1 has 1 of a minimum of 2; U2 has 3 for 1, U3 2 for 1.
    // Thursday (day 3): U1 has 1 for a target of 3 (minimum 1); U2 2 for 1, U3 2 for 1.
    let cover = [
        (1, "M1", 2, 2),
        (1, "M2", 1, 1),
        (1, "M3", 1, 1),
        (3, "M1", 1, 3),
        (3, "M2", 1, 1),
        (3, "M3", 1, 1),
    ];
    let worked = [
        ("u1a", 1, "M1"),
        ("u2a", 1, "M2"),
        ("u2b", 1, "M2"),
        ("u2c", 1, "M2"),
        ("u3a", 1, "M3"),
        ("u3b", 1, "M3"),
        ("u1a", 3, "M1"),
        ("u2a", 3, "M2"),
        ("u2b", 3, "M2"),
        ("u3a", 3, "M3"),
        ("u3b", 3, "M3"),
    ];
    let (inst, r) = three_units(&staff, &cover, &worked);
    let a = alerts(&inst, &r, &Thresholds::default());
    let loans: Vec<&Alert> = a
        .alerts
        .iter()
        .filter(|x| x.kind == "unit_imbalance")
        .collect();
    let summary: Vec<_> = loans
        .iter()
        .map(|x| {
            let l = x.loan.as_ref().unwrap();
            (
                l.day,
                l.staff.as_str(),
                l.from_unit.as_str(),
                l.placement,
                l.same_site,
                x.severity,
                x.value,
                x.limit,
            )
        })
        .collect();
    use crate::hospital::Placement::*;
    assert_eq!(
        summary,
        vec![
            // Short of the minimum: the pool member of the same site, not the volunteer
            // (u2a is not authorised in U1); then U1 reaches its target.
            (1, "u2c", "U2", Pool, true, Severity::Critical, 1, 2),
            // Short of the target by 2: U2's only spare (u2b), then U3's on the other site.
            (3, "u2b", "U2", Volunteer, true, Severity::Warning, 1, 3),
            (3, "u3a", "U3", OtherSite, false, Severity::Warning, 2, 3),
        ]
    );
    assert!(
        loans[0]
            .message
            .contains("prêt proposé : u2c de l'unité U2 vers l'unité U1"),
        "{}",
        loans[0].message
    );
}

#[test]
fn a_surplus_nobody_may_lend_is_reported_without_a_loan() {
    let staff = [
        ("u1a", "U1", "E1", false, false),
        ("u2a", "U2", "E1", false, false),
        ("u2b", "U2", "E1", false, false),
    ];
    let (inst, r) = three_units(
        &staff,
        &[(2, "M1", 1, 1), (2, "M2", 1, 1)],
        &[("u2a", 2, "M2"), ("u2b", 2, "M2")],
    );
    let a = alerts(&inst, &r, &Thresholds::default());
    let x = a
        .alerts
        .iter()
        .find(|x| x.kind == "unit_imbalance")
        .unwrap();
    assert!(x.loan.is_none());
    assert_eq!((x.value, x.limit), (0, 1));
    assert!(
        x.message.contains("aucun agent de l'unité U2"),
        "{}",
        x.message
    );
}

#[test]
fn the_cet_is_projected_against_its_ceiling_and_yearly_increase() {
    use crate::hospital::Category::{Fph, Interne};
    use crate::rules::fr::testing::{counters, instance};
    let inst = instance(
        "2026-03-02",
        7,
        &[("f1", Fph), ("f2", Fph), ("f3", Fph), ("i", Interne)],
        |p| {
            for (k, (balance, deposit)) in [(50, 8), (15, 20), (58, 5), (70, 0)].iter().enumerate()
            {
                counters(p, k).cet_days = *balance;
                counters(p, k).cet_planned_deposit_days = *deposit;
            }
        },
    );
    let a = alerts(&inst, &roster(&inst, &[]), &Thresholds::default());
    let cet: Vec<_> = a
        .alerts
        .iter()
        .filter(|x| x.kind.starts_with("cet"))
        .map(|x| {
            (
                x.kind,
                x.staff.as_deref().unwrap(),
                x.severity,
                x.value,
                x.limit,
            )
        })
        .collect();
    assert_eq!(
        cet,
        vec![
            // 50 + 8 = 58, past 90 % of 60.
            ("cet_ceiling", "f1", Severity::Warning, 58, 60),
            // 15 on the CET: 5 up to 20, then 10 more; 20 to put on it.
            ("cet_yearly_increase", "f2", Severity::Warning, 20, 15),
            ("cet_ceiling", "f3", Severity::Critical, 63, 60),
        ]
    );
    assert!(a.alerts.iter().any(|x| x.message.contains("FPH-CET-3")));
}
