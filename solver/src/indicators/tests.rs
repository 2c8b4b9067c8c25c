use super::*;
use crate::problem::{Assignment, Cover, LedgerEntry, Reference, Request, RequestKind};
use crate::rules::testing::*;

fn cover(day: usize, shift: &str, min: u32, target: u32) -> Cover {
    Cover {
        day,
        shift: shift.into(),
        qualification: None,
        min: Some(min),
        target,
        max: None,
        under_weight: 10,
        over_weight: 1,
    }
}

fn wish(staff: &str, day: usize, shift: Option<&str>, kind: RequestKind) -> Request {
    Request {
        staff: staff.into(),
        day,
        shift: shift.map(Into::into),
        kind,
        weight: 5,
    }
}

fn hand_case() -> (Instance, Roster) {
    let inst = tiny_with(|p| {
        p.cover = vec![
            cover(0, "D", 1, 2),
            cover(1, "N", 1, 1),
            cover(2, "D", 1, 1),
        ];
        p.requests = vec![
            wish("a", 5, None, RequestKind::Off),
            wish("a", 0, Some("D"), RequestKind::On),
            wish("b", 1, None, RequestKind::On),
        ];
        p.days[6].holiday = true;
        p.staff[0].limits.max_total_minutes = Some(1680);
        p.reference = Some(Reference {
            weight: 1,
            assignments: vec![
                Assignment {
                    staff: "a".into(),
                    day: 0,
                    shift: "D".into(),
                },
                Assignment {
                    staff: "b".into(),
                    day: 1,
                    shift: "D".into(),
                },
            ],
        });
        p.fairness_ledger = vec![LedgerEntry {
            staff: "b".into(),
            weekends: 2,
            ..Default::default()
        }];
    });
    let r = roster(
        &inst,
        &[
            ("a", 0, "D"),
            ("a", 1, "N"),
            ("a", 5, "D"),
            ("a", 6, "D"),
            ("b", 5, "D"),
        ],
    );
    (inst, r)
}

#[test]
fn indicators_of_a_hand_computed_week() {
    let (inst, r) = hand_case();
    let i = compute(&inst, &r, Period::whole(&inst));
    // Targets 2 + 1 + 1; present min(1,2) + 1 + 0; day 2 is one short of its minimum.
    assert_eq!(
        i.coverage,
        Coverage {
            demand: 4,
            covered: 2,
            rate: 0.5,
            below_minimum: 1,
            missing_to_minimum: 1
        }
    );
    assert_eq!((i.desiderata.total, i.desiderata.satisfied), (3, 1));
    assert_eq!(i.desiderata.rate, 0.333);
    assert_eq!(i.desiderata.per_person[0].staff, "a");
    assert_eq!(i.desiderata.per_person[0].rate, 0.5);
    assert_eq!(i.desiderata.per_person[1].rate, 0.0);
    // Nights a 1, b 0: Gini 2 * 1 / (2 * 4 * 0.5) = 0.5.
    assert_eq!((i.fairness.nights.spread, i.fairness.nights.gini), (1, 0.5));
    // Weekends a 1, b 1 + 2 from the ledger.
    assert_eq!(i.fairness.weekends.per_person["b"], 3);
    assert_eq!(
        (i.fairness.weekends.spread, i.fairness.weekends.gini),
        (2, 0.25)
    );
    assert!(i.fairness.ledger_included);
    assert_eq!(i.fairness.holidays.per_person["a"], 1);
    assert_eq!(i.fairness.holidays.per_person["b"], 0);
    assert_eq!(i.fairness.refused_wishes.spread, 0);
    // a: +N1 +D5 +D6; b: -D1 +D5.
    let s = i.stability.unwrap();
    assert_eq!((s.changes, s.people_changed), (5, 2));
    // a: 8 + 10 + 8 + 8 h = 2 040 min against 1 680 due.
    assert_eq!(i.hours[0].worked_minutes, 2040);
    assert_eq!(i.hours[0].difference_minutes, Some(360));
    assert_eq!(i.hours[1].due_minutes, None);
    assert_eq!(i.overtime_minutes, 360);
    // Day 2 under its minimum, and a above the maximum minutes.
    assert_eq!(i.legal.hard_violations, 2);
}

#[test]
fn a_period_counts_only_its_days() {
    let (inst, r) = hand_case();
    let i = compute(&inst, &r, Period::new(&inst, 0, 2));
    assert_eq!((i.coverage.demand, i.coverage.covered), (3, 2));
    assert_eq!(i.coverage.below_minimum, 0);
    assert_eq!((i.desiderata.total, i.desiderata.satisfied), (2, 1));
    assert_eq!(i.fairness.weekends.per_person["a"], 0);
    assert_eq!(i.stability.unwrap().changes, 2);
    assert_eq!(i.period.to_date.as_deref(), Some("2026-01-06"));
    // The minutes rule concerns the whole horizon, without days: it stays.
    assert_eq!(i.legal.hard_violations, 1);
}
