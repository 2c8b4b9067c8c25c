//! Forward alerts through the API against PostgreSQL on data built through the API: a CET
//! balance recorded by HR reaches the problem's hospital section (the builder) and raises the
//! CET ceiling alert in `unitAlerts`, a warning near the ceiling and critical above it; a unit
//! short on a morning while another unit of the site has a surplus gets the imbalance alert
//! with the loan that fixes both.

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const SET_CET: &str = "mutation($s: UUID!, $d: NaiveDate!, $n: Int!) { \
    setCetBalance(staffId: $s, periodStart: $d, periodEnd: $d, cetDaysBalance: $n) { staffId periodStart cetDaysBalance source } }";
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
    assert_eq!(bad["errors"][0]["extensions"]["field"], "cetDaysBalance");

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

/// Test's first weekday on or after `d`.
fn weekday_from(d: chrono::NaiveDate) -> chrono::NaiveDate {
    let mut d = d;
    while chrono::Datelike::weekday(&d).num_days_from_monday() >= 5 {
        d += Duration::days(1);
    }
    d
}

#[tokio::test]
async fn a_unit_short_while_another_has_a_surplus_gets_the_imbalance_alert_with_the_loan() {
    let g = Ght::new(Engine::Postgres, "nord").await;
    let app = &g.app;
    // A nurse of unit B (CHIR) also authorised in unit A (MED), on the same site.
    let claire = ok(
        app,
        &g.admin,
        "mutation($i: StaffMemberInput!) { createStaffMember(input: $i) { id } }",
        json!({ "i": { "firstName": "Claire", "lastName": "Renfort", "profession": "IDE",
                       "homeUnitId": g.unit_b, "authorisedUnitIds": [g.unit_a] } }),
    )
    .await["createStaffMember"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Unit A needs one IDE every weekday morning, unit B one at most.
    g.morning_maquette().await;
    ok(
        app,
        &g.cadre_b,
        "mutation($i: MaquetteDemandInput!) { setMaquetteDemand(input: $i) { id } }",
        json!({ "i": { "unitId": g.unit_b, "dayType": "WEEKDAY", "shiftTypeId": g.morning,
                       "qualification": "IDE", "min": 0, "target": 1 } }),
    )
    .await;
    let start = Utc::now().date_naive() + Duration::days(3);
    let day = weekday_from(start);
    let roster_a =
        g.create_roster(&g.cadre_a, &g.unit_a, start, 7).await["data"]["createRoster"]["id"]
            .clone();
    let roster_b =
        g.create_roster(&g.cadre_b, &g.unit_b, start, 7).await["data"]["createRoster"]["id"]
            .clone();
    // Unit A's roster is still empty; in unit B, Paul and Claire both work the morning of `day`.
    for nurse in [&g.nurse_b, &claire] {
        ok(
            app,
            &g.admin,
            "mutation($i: SetAssignmentInput!) { setAssignment(input: $i) { version } }",
            json!({ "i": { "rosterId": roster_b, "staffId": nurse, "date": day.to_string(),
                           "shiftTypeId": g.morning } }),
        )
        .await;
    }
    let alerts = ok(
        app,
        &g.cadre_a,
        "query($u: UUID!) { unitAlerts(unitId: $u, weeks: 4) { rosterId kind severity staffId dates value limit message loan } }",
        json!({ "u": g.unit_a }),
    )
    .await;
    let imbalance: Vec<&Value> = alerts["unitAlerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "unit_imbalance")
        .collect();
    // Only `day`: the other mornings of unit A are short too, but unit B has no surplus then;
    // Paul, not authorised in unit A, is not the one proposed.
    assert_eq!(imbalance.len(), 1, "{alerts}");
    let a = imbalance[0];
    assert_eq!(a["rosterId"], roster_a);
    assert_eq!(a["dates"], json!([day.to_string()]));
    assert_eq!(a["severity"], "critical");
    assert_eq!(
        (a["value"].as_i64(), a["limit"].as_i64()),
        (Some(0), Some(1))
    );
    assert_eq!(a["staffId"], json!(claire));
    let loan = &a["loan"];
    assert_eq!(loan["staff"], json!(claire));
    assert_eq!(loan["from_unit"], json!(g.unit_b));
    assert_eq!(loan["to_unit"], json!(g.unit_a));
    assert_eq!(loan["same_site"], true);
    assert!(
        a["message"].as_str().unwrap().contains("prêt proposé"),
        "{a}"
    );
    // The coverage gap of that morning is there as well, and unit B, with its surplus, has no
    // imbalance of its own.
    assert!(
        alerts["unitAlerts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "coverage_gap" && x["dates"] == json!([day.to_string()]))
    );
    let b = ok(
        app,
        &g.cadre_b,
        "query($u: UUID!) { unitAlerts(unitId: $u, weeks: 4) { kind } }",
        json!({ "u": g.unit_b }),
    )
    .await;
    assert!(
        !b["unitAlerts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "unit_imbalance"),
        "{b}"
    );
}
