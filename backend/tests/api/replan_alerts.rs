//! Forward alerts through the API against PostgreSQL on data built through the API: a CET
//! balance recorded by HR reaches the problem's hospital section (the builder) and raises the
//! CET ceiling alert in `unitAlerts`, a warning near the ceiling and critical above it.

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const SET_CET: &str = "mutation($s: UUID!, $d: NaiveDate!, $n: Int!) { \
    setCetBalance(staffId: $s, date: $d, days: $n) { staffId periodStart cetDaysBalance source } }";
const ALERTS: &str = "query($u: UUID!) { unitAlerts(unitId: $u, weeks: 4) { \
    rosterId kind severity staffId value limit message } }";

fn cet_alerts(alerts: &Value, staff: &str) -> Vec<Value> {
    alerts["unitAlerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "cet_ceiling" && a["staffId"] == staff)
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_cet_balance_near_its_ceiling_raises_the_cet_alert_of_the_unit() {
    let g = Ght::new(Engine::Postgres, "nord").await;
    let app = &g.app;
    let nurse = g.nurses_a[0].clone();
    let today = Utc::now().date_naive();
    // A roster of unit A starting in three days: within the four weeks of alerts.
    g.morning_maquette().await;
    let body = g
        .create_roster(&g.cadre_a, &g.unit_a, today + Duration::days(3), 7)
        .await;
    let roster = body["data"]["createRoster"]["id"].clone();
    let before = ok(app, &g.cadre_a, ALERTS, json!({ "u": g.unit_a })).await;
    assert!(cet_alerts(&before, &nurse).is_empty(), "{before}");

    // Only HR (or the GHT admin) records a CET balance, with a sensible number of days.
    let planner = gql(
        app,
        &g.cadre_a,
        SET_CET,
        json!({ "s": nurse, "d": today, "n": 55 }),
    )
    .await;
    assert_eq!(code(&planner), "FORBIDDEN", "{planner}");
    let bad = gql(
        app,
        &g.hr,
        SET_CET,
        json!({ "s": nurse, "d": today, "n": -3 }),
    )
    .await;
    assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "days");

    // 55 days: above 90 % of the 60-day ceiling (FPH-CET-1), a warning.
    let set = ok(
        app,
        &g.hr,
        SET_CET,
        json!({ "s": nurse, "d": today, "n": 55 }),
    )
    .await;
    assert_eq!(set["setCetBalance"]["cetDaysBalance"], 55);
    assert_eq!(set["setCetBalance"]["source"], "manual");
    let warned = ok(app, &g.cadre_a, ALERTS, json!({ "u": g.unit_a })).await;
    let found = cet_alerts(&warned, &nurse);
    assert_eq!(found.len(), 1, "{warned}");
    assert_eq!(found[0]["rosterId"], roster);
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["value"], 55);
    assert_eq!(found[0]["limit"], 60);
    assert!(
        found[0]["message"].as_str().unwrap().contains("FPH-CET-1"),
        "{found:?}"
    );
    // Nobody else has a CET alert.
    assert!(
        warned["unitAlerts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "cet_ceiling")
            .all(|a| a["staffId"] == nurse)
    );

    // Recorded again the same day: 62 days, above the ceiling, critical.
    ok(
        app,
        &g.hr,
        SET_CET,
        json!({ "s": nurse, "d": today, "n": 62 }),
    )
    .await;
    let critical = ok(app, &g.cadre_a, ALERTS, json!({ "u": g.unit_a })).await;
    let found = cet_alerts(&critical, &nurse);
    assert_eq!(found.len(), 1, "{critical}");
    assert_eq!(found[0]["severity"], "critical");
    assert_eq!(found[0]["value"], 62);

    // The latest balance counts: back to 10 days, no alert.
    ok(
        app,
        &g.hr,
        SET_CET,
        json!({ "s": nurse, "d": today - Duration::days(40), "n": 59 }),
    )
    .await;
    ok(
        app,
        &g.hr,
        SET_CET,
        json!({ "s": nurse, "d": today, "n": 10 }),
    )
    .await;
    let calm = ok(app, &g.cadre_a, ALERTS, json!({ "u": g.unit_a })).await;
    assert!(cet_alerts(&calm, &nurse).is_empty(), "{calm}");
}
