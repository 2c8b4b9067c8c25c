use super::*;

const H: i64 = 3600;

fn v(number: u32, source: VersionSource, at: i64, changes: usize) -> VersionRecord {
    VersionRecord {
        number,
        source,
        at,
        changes,
    }
}

fn published(version: u32, at: i64) -> StateChange {
    StateChange {
        to_state: "published".into(),
        version,
        at,
    }
}

fn quality(coverage: f64, wishes: Option<f64>, overtime: i64, nights: f64) -> Option<Quality> {
    Some(Quality {
        coverage_rate: coverage,
        desiderata_rate: wishes,
        overtime_minutes: overtime,
        nights_gini: nights,
        weekends_gini: 0.2,
        refused_wishes_gini: 0.1,
    })
}

fn history() -> Vec<MonthHistory> {
    use VersionSource::*;
    let t = 1_767_225_600; // 2026-01-01T00:00:00Z
    vec![
        // March with Relève: created, solved an hour later, 3 assignments changed by hand in
        // two edits, published 10 h after creation, then 2 changes after publication.
        MonthHistory {
            unit: "U1".into(),
            month: "2026-03".into(),
            before_releve: false,
            versions: vec![
                v(1, Created, t, 0),
                v(2, Solve, t + H, 120),
                v(3, Edit, t + 2 * H, 2),
                v(4, Edit, t + 3 * H, 1),
                v(5, Edit, t + 20 * H, 2),
            ],
            states: vec![
                StateChange {
                    to_state: "validated".into(),
                    version: 4,
                    at: t + 9 * H,
                },
                published(4, t + 10 * H),
                published(5, t + 20 * H),
            ],
            quality: quality(0.95, Some(0.8), 600, 0.1),
        },
        // January, imported: published 30 h after its import, 4 changes after.
        MonthHistory {
            unit: "U1".into(),
            month: "2026-01".into(),
            before_releve: true,
            versions: vec![v(1, Import, t, 300), v(2, Import, t + 40 * H, 4)],
            states: vec![published(1, t + 30 * H), published(2, t + 40 * H)],
            quality: quality(0.9, None, 1200, 0.3),
        },
        // February, imported with no history: only its indicators count.
        MonthHistory {
            unit: "U1".into(),
            month: "2026-02".into(),
            before_releve: true,
            versions: vec![v(1, Import, t, 310)],
            states: vec![],
            quality: quality(0.8, Some(0.5), 1800, 0.2),
        },
    ]
}

#[test]
fn a_releve_month_is_measured_from_its_versions_and_compared_with_the_months_before() {
    let r = gains(&history());
    assert_eq!(
        r.months
            .iter()
            .map(|m| m.month.as_str())
            .collect::<Vec<_>>(),
        ["2026-01", "2026-02", "2026-03"]
    );
    let march = &r.months[2];
    let m = &march.metrics;
    assert_eq!(m.draft_to_publication_hours, Some(10.0));
    assert_eq!(m.manual_edits_after_solving, Some(3.0));
    assert_eq!(m.changes_after_publication, Some(2.0));
    assert_eq!(m.overtime_minutes, Some(600.0));
    // The baseline: January alone for the times, both months for the indicators.
    let b = &r.baselines[0];
    assert_eq!((b.unit.as_str(), b.months), ("U1", 2));
    assert_eq!(b.metrics.draft_to_publication_hours, Some(30.0));
    assert_eq!(b.metrics.changes_after_publication, Some(4.0));
    assert_eq!(b.metrics.manual_edits_after_solving, None);
    assert_eq!(b.metrics.coverage_rate, Some(0.85));
    assert_eq!(b.metrics.overtime_minutes, Some(1500.0));
    assert_eq!(b.metrics.desiderata_rate, Some(0.5));
    assert_eq!(b.metrics.nights_gini, Some(0.25));
    let d = march.against_before.as_ref().unwrap();
    assert_eq!(d.draft_to_publication_hours, Some(-20.0));
    assert_eq!(d.changes_after_publication, Some(-2.0));
    assert_eq!(d.overtime_minutes, Some(-900.0));
    assert_eq!(d.coverage_rate, Some(0.1));
    assert_eq!(d.desiderata_rate, Some(0.3));
    assert_eq!(d.nights_gini, Some(-0.15));
    assert_eq!(d.manual_edits_after_solving, None);
    // Months before Relève are the baseline, not compared with it.
    assert!(r.months[0].against_before.is_none());
}

#[test]
fn an_unpublished_month_has_no_publication_time_and_edits_before_any_solve_do_not_count() {
    use VersionSource::*;
    let h = MonthHistory {
        unit: "U2".into(),
        month: "2026-04".into(),
        before_releve: false,
        versions: vec![
            v(1, Created, 0, 0),
            v(2, Edit, H, 1),
            v(3, Repair, 2 * H, 5),
            v(4, Edit, 3 * H, 2),
        ],
        states: vec![],
        quality: None,
    };
    let m = metrics(&h);
    assert_eq!(m.draft_to_publication_hours, None);
    assert_eq!(m.changes_after_publication, None);
    assert_eq!(m.manual_edits_after_solving, Some(2.0));
    assert_eq!(m.coverage_rate, None);
    let r = gains(&[h]);
    assert!(r.baselines.is_empty() && r.months[0].against_before.is_none());
}
