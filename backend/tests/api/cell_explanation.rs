//! « Pourquoi cette personne ? » for one cell (`cellExplanation`) against PostgreSQL: the same
//! answer as the whole-version explanation for that day, a day off explained as empty, bad
//! input named, planners in scope only, and the read in the access log.

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};
use crate::replan::published_week;

const CELL: &str = "query($r: UUID!, $s: UUID!, $d: NaiveDate!) { cellExplanation(rosterId: $r, \
    staffId: $s, date: $d) { rosterId version staffId date assignments } }";

#[tokio::test]
async fn one_cell_is_explained_like_the_whole_version_for_that_day() {
    let g = Ght::new(Engine::Postgres, "ouest").await;
    let app = &g.app;
    let (id, published) = published_week(&g).await;
    let morning = published["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["shiftTypeId"] == json!(g.morning))
        .unwrap()
        .clone();
    let (nurse, date) = (morning["staffId"].clone(), morning["date"].clone());

    let cell = ok(
        app,
        &g.cadre_a,
        CELL,
        json!({ "r": id, "s": nurse, "d": date }),
    )
    .await["cellExplanation"]
        .clone();
    assert_eq!(cell["version"], 2, "{cell}");
    assert_eq!(cell["staffId"], nurse);
    assert_eq!(cell["date"], date);
    let whys = cell["assignments"].as_array().unwrap();
    assert_eq!(whys.len(), 1, "{cell}");
    assert_eq!(whys[0]["shift"], "M");
    assert_eq!(whys[0]["staff"], nurse);
    // Every other nurse of the unit is weighed, each either possible or blocked by a rule.
    let alternatives = whys[0]["alternatives"].as_array().unwrap();
    assert!(!alternatives.is_empty(), "{cell}");
    assert!(alternatives.iter().all(|c| c["staff"] != nurse));
    assert!(
        alternatives
            .iter()
            .all(|c| c["blocked"] == false || !c["reasons"].as_array().unwrap().is_empty()),
        "{cell}"
    );

    // The whole version's explanation of that person says the same for that day.
    let all = ok(
        app,
        &g.cadre_a,
        "query($r: UUID!, $s: [UUID!]) { rosterExplanations(rosterId: $r, staffIds: $s) { assignments } }",
        json!({ "r": id, "s": [nurse] }),
    )
    .await;
    let same_day: Vec<&Value> = all["rosterExplanations"]["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["day"] == whys[0]["day"])
        .collect();
    assert_eq!(same_day, whys.iter().collect::<Vec<_>>());

    // A day off (some nurse on some day of the week: one morning a weekday for several
    // nurses) has nothing to explain.
    let start = Utc::now().date_naive() + Duration::days(30);
    let worked: Vec<(&Value, &Value)> = published["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (&a["staffId"], &a["date"]))
        .collect();
    let (idle, off) = g
        .nurses_a
        .iter()
        .flat_map(|n| {
            (0..7).map(move |d| (json!(n), json!((start + Duration::days(d)).to_string())))
        })
        .find(|(n, d)| !worked.iter().any(|(wn, wd)| *wn == n && *wd == d))
        .unwrap();
    let body = ok(
        app,
        &g.cadre_a,
        CELL,
        json!({ "r": id, "s": idle, "d": off }),
    )
    .await;
    assert_eq!(body["cellExplanation"]["assignments"], json!([]), "{body}");

    // The read is logged as a consultation of the roster's people, for an explanation.
    let log = ok(
        app,
        &g.dpo,
        "query($o: UUID) { accessLog(objectId: $o, first: 100) { objectType purpose } }",
        json!({ "o": nurse }),
    )
    .await;
    assert!(
        log["accessLog"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["objectType"] == "roster" && e["purpose"] == "planning_explanations"),
        "{log}"
    );

    // Bad input: a date outside the period names its field; a person outside the roster is
    // not found in it.
    let body = gql(
        app,
        &g.cadre_a,
        CELL,
        json!({ "r": id, "s": nurse, "d": "2001-01-01" }),
    )
    .await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], "date", "{body}");
    let body = gql(
        app,
        &g.cadre_a,
        CELL,
        json!({ "r": id, "s": g.nurse_b, "d": date }),
    )
    .await;
    assert_eq!(code(&body), "NOT_FOUND", "{body}");

    // Planners in scope only.
    for token in [&g.site, &g.admin] {
        let body = gql(app, token, CELL, json!({ "r": id, "s": nurse, "d": date })).await;
        assert!(body["errors"].is_null(), "{body}");
    }
    for (who, token) in [
        ("agent", &g.agent),
        ("rh", &g.hr),
        ("dpo", &g.dpo),
        ("cadre B", &g.cadre_b),
    ] {
        let body = gql(app, token, CELL, json!({ "r": id, "s": nurse, "d": date })).await;
        assert_eq!(code(&body), "FORBIDDEN", "{who}: {body}");
        assert!(body["data"].is_null(), "{who}: {body}");
    }
}
