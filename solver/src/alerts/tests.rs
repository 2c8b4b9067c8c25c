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
