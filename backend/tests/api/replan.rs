//! Re-planning through the API against PostgreSQL: a published roster repaired as a job after an
//! absence (best alternative stored as a proposed version, every alternative readable), its
//! score, explanations, the unit's alerts and gains; roles, scopes and other tenants refused;
//! each read in the access log.

use std::time::{Duration as Wait, Instant};

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

pub(crate) const READ: &str = "query($id: UUID!) { roster(id: $id) { version \
    blockingViolations assignments { staffId date shiftTypeId } \
    roster { state currentVersion publishedVersion versions { number source jobId } } } }";
const SCORE: &str = "query($r: UUID!, $v: Int) { rosterScore(rosterId: $r, version: $v) { \
    version from to coverageRate belowMinimum desiderataRate overtimeMinutes nightsGini \
    changesAgainstPublished hardViolations softCost details } }";
const REPAIR: &str = "mutation($r: UUID!) { requestRosterRepair(rosterId: $r, timeLimit: 5, \
    alternatives: 2, seed: 1) { id state } }";
pub(crate) const PROPOSALS: &str = "query($j: UUID!) { rosterRepair(jobId: $j) { rosterId importedVersion \
    preferenceOrder alternatives job { state summary { hardViolations } } } }";

/// Polls `READ` until `done` holds (90 s at most).
pub(crate) async fn wait_for(g: &Ght, roster: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Wait::from_secs(90);
    loop {
        let data = ok(&g.app, &g.cadre_a, READ, json!({ "id": roster })).await;
        if done(&data["roster"]) {
            return data["roster"].clone();
        }
        assert!(Instant::now() < deadline, "timed out: {data}");
        tokio::time::sleep(Wait::from_millis(300)).await;
    }
}

/// A week of unit A starting in 30 days, solved (one IDE every weekday morning) and published.
pub(crate) async fn published_week(g: &Ght) -> (String, Value) {
    g.morning_maquette().await;
    let start = Utc::now().date_naive() + Duration::days(30);
    let body = g.create_roster(&g.cadre_a, &g.unit_a, start, 7).await;
    let id = body["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        &g.app,
        &g.cadre_a,
        "mutation($r: UUID!) { requestRosterSolve(rosterId: $r, timeLimit: 5, seed: 1) { id } }",
        json!({ "r": id }),
    )
    .await;
    let solved = wait_for(g, &id, |r| r["version"] == 2).await;
    assert_eq!(solved["blockingViolations"], 0, "{solved}");
    for op in ["validateRoster", "publishRoster"] {
        ok(
            &g.app,
            &g.cadre_a,
            &format!("mutation($id: UUID!) {{ {op}(id: $id) {{ state }} }}"),
            json!({ "id": id }),
        )
        .await;
    }
    let published = wait_for(g, &id, |r| r["roster"]["state"] == "PUBLISHED").await;
    (id, published)
}

#[tokio::test]
async fn a_published_roster_is_repaired_after_an_absence_into_a_proposed_version() {
    let g = Ght::new(Engine::Postgres, "nord").await;
    let app = &g.app;
    let (id, published) = published_week(&g).await;
    // The nurse on a morning falls ill that day: the agent account's nurse if she works one
    // (so that her notification can be read below), else the first morning's.
    let mornings: Vec<&Value> = published["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["shiftTypeId"] == json!(g.morning))
        .collect();
    let first = mornings
        .iter()
        .find(|a| a["staffId"] == json!(g.nurses_a[0]))
        .unwrap_or(&mornings[0])
        .to_owned()
        .clone();
    let (nurse, date) = (first["staffId"].clone(), first["date"].clone());
    ok(
        app,
        &g.hr,
        "mutation($i: AbsenceRecordInput!) { recordAbsence(input: $i) { id } }",
        json!({ "i": { "staffId": nurse, "startDate": date, "endDate": date, "category": "UNPLANNED" } }),
    )
    .await;
    // A draft is solved, not repaired; a bad number of alternatives names the field.
    let bad = gql(
        app,
        &g.cadre_a,
        "mutation($r: UUID!) { requestRosterRepair(rosterId: $r, alternatives: 9) { id } }",
        json!({ "r": id }),
    )
    .await;
    assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "alternatives");

    let job =
        ok(app, &g.cadre_a, REPAIR, json!({ "r": id })).await["requestRosterRepair"]["id"].clone();
    let repaired = wait_for(&g, &id, |r| r["roster"]["state"] == "PROPOSED").await;
    let versions = repaired["roster"]["versions"].as_array().unwrap();
    assert_eq!(versions.last().unwrap()["source"], "repair");
    assert_eq!(versions.last().unwrap()["jobId"], job);
    // Staff keep seeing the published version until the repair is published.
    assert_eq!(repaired["roster"]["publishedVersion"], 2);
    assert_eq!(repaired["roster"]["currentVersion"], 3);
    assert!(
        !repaired["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["staffId"] == nurse && a["date"] == date),
        "{repaired}"
    );
    // A repair of a roster no longer published is refused.
    let again = gql(app, &g.cadre_a, REPAIR, json!({ "r": id })).await;
    assert_eq!(code(&again), "CONFLICT", "{again}");

    let proposals =
        ok(app, &g.cadre_a, PROPOSALS, json!({ "j": job })).await["rosterRepair"].clone();
    assert_eq!(proposals["rosterId"], json!(id));
    assert_eq!(proposals["importedVersion"], 3);
    assert!(
        proposals["preferenceOrder"]
            .as_str()
            .unwrap()
            .contains("pool de suppléance")
    );
    let best = &proposals["alternatives"][0];
    assert_eq!(best["hard_violations"], 0, "{proposals}");
    // The absent nurse's shift is dropped and someone else takes it (one added, one dropped
    // per line of change).
    let changes = best["changes"].as_array().unwrap();
    let counted: usize = changes
        .iter()
        .map(|c| usize::from(!c["added"].is_null()) + usize::from(!c["removed"].is_null()))
        .sum();
    assert_eq!(best["changed_assignments"], counted, "{best}");
    assert!(
        changes
            .iter()
            .any(|c| c["staff"] == nurse && c["date"] == date && c["removed"] == "M"),
        "{best}"
    );
    let added = changes.iter().find(|c| c["added"] == "M").unwrap();
    assert_eq!(added["source"], "home");
    assert_eq!(best["sources"]["home"], 1);

    // The repair scored against the published version.
    let score = ok(app, &g.cadre_a, SCORE, json!({ "r": id })).await["rosterScore"].clone();
    assert_eq!(score["version"], 3);
    assert_eq!(
        score["changesAgainstPublished"], best["changed_assignments"],
        "{score}"
    );
    assert_eq!(score["hardViolations"], 0);
    assert_eq!(score["belowMinimum"], 0);
    // One morning a weekday (4 or 5 in the week, depending on public holidays).
    assert!(score["details"]["coverage"]["demand"].as_u64().unwrap() >= 4);
    let published_score = ok(app, &g.cadre_a, SCORE, json!({ "r": id, "v": 2 })).await;
    // The published version leaves the absent nurse's morning uncovered... by law, since she
    // is away: the checker counts her absence as a hard violation.
    assert!(
        published_score["rosterScore"]["hardViolations"]
            .as_i64()
            .unwrap()
            >= 1
    );
    assert!(published_score["rosterScore"]["changesAgainstPublished"].is_null());
    let period = ok(
        app,
        &g.cadre_a,
        "query($r: UUID!, $d: NaiveDate!) { rosterScore(rosterId: $r, from: $d, to: $d) { from to } }",
        json!({ "r": id, "d": date }),
    )
    .await;
    assert_eq!(period["rosterScore"]["from"], date);
    assert_eq!(period["rosterScore"]["to"], date);

    // Why the replacement got the shift (who else could have, and why not).
    let ex = ok(
        app,
        &g.cadre_a,
        "query($r: UUID!, $s: [UUID!]) { rosterExplanations(rosterId: $r, staffIds: $s) { version uncovered refusedWishes assignments conflict } }",
        json!({ "r": id, "s": [added["staff"]] }),
    )
    .await["rosterExplanations"]
        .clone();
    assert_eq!(ex["version"], 3);
    let whys = ex["assignments"].as_array().unwrap();
    assert!(!whys.is_empty(), "{ex}");
    assert!(whys.iter().all(|w| w["staff"] == added["staff"]), "{ex}");
    assert_eq!(ex["uncovered"], json!([]));

    // Alerts of the coming weeks and the gains of the month read without error.
    let alerts = ok(
        app,
        &g.site,
        "query($u: UUID!) { unitAlerts(unitId: $u, weeks: 8) { rosterId version kind severity staffId dates value limit message loan } }",
        json!({ "u": g.unit_a }),
    )
    .await;
    for a in alerts["unitAlerts"].as_array().unwrap() {
        assert_eq!(a["rosterId"], json!(id), "{a}");
        assert!(!a["message"].as_str().unwrap().is_empty());
    }
    let month = date.as_str().unwrap()[..7].to_owned();
    let gains = ok(
        app,
        &g.admin,
        "query($u: UUID!, $m: String!) { unitGains(unitId: $u, month: $m) { month report } }",
        json!({ "u": g.unit_a, "m": month }),
    )
    .await["unitGains"]
        .clone();
    let m = &gains["report"]["months"][0];
    assert_eq!(m["before_releve"], false);
    // Edits after solving: none by hand (the repair is the engine's).
    assert_eq!(m["metrics"]["manual_edits_after_solving"], 0.0, "{gains}");
    assert!(m["metrics"]["draft_to_publication_hours"].as_f64().unwrap() >= 0.0);
    assert_eq!(
        m["metrics"]["changes_after_publication"].as_f64(),
        best["changed_assignments"].as_f64(),
        "{gains}"
    );
    assert!(m["against_before"].is_null());

    // A week before Relève, imported and published as it was worked, becomes the baseline.
    let before = Utc::now().date_naive() - Duration::days(5);
    let body = g.create_roster(&g.cadre_a, &g.unit_a, before, 7).await;
    let old = body["data"]["createRoster"]["id"].clone();
    let mut csv = String::from("agent,date,poste\n");
    for d in 0..7 {
        let day = before + Duration::days(d);
        if chrono::Datelike::weekday(&day).num_days_from_monday() < 5 {
            csv.push_str(&format!("{},{day},M\n", g.nurses_a[1]));
        }
    }
    let imported = ok(
        app,
        &g.cadre_a,
        "mutation($r: UUID!, $c: String!) { importRoster(rosterId: $r, format: CSV, content: $c) { version } }",
        json!({ "r": old, "c": csv }),
    )
    .await;
    assert_eq!(imported["importRoster"]["version"], 2, "{imported}");
    for (op, reason) in [
        ("validateRoster", ""),
        ("publishRoster", ", reasonCode: OTHER"),
    ] {
        ok(
            app,
            &g.cadre_a,
            &format!("mutation($id: UUID!) {{ {op}(id: $id{reason}) {{ state }} }}"),
            json!({ "id": old }),
        )
        .await;
    }
    let gains = ok(
        app,
        &g.admin,
        "query($u: UUID!, $m: String!) { unitGains(unitId: $u, month: $m) { report } }",
        json!({ "u": g.unit_a, "m": month }),
    )
    .await["unitGains"]["report"]
        .clone();
    let baseline = &gains["baselines"][0];
    assert_eq!(baseline["months"], 1, "{gains}");
    let past = gains["months"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["before_releve"] == true)
        .unwrap();
    assert!(past["against_before"].is_null());
    assert!(past["metrics"]["manual_edits_after_solving"].is_null());
    let now = gains["months"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["before_releve"] == false)
        .unwrap();
    // This month against the one before Relève: the differences of its own numbers.
    let diff = &now["against_before"];
    for key in ["coverage_rate", "overtime_minutes", "nights_gini"] {
        let expected =
            now["metrics"][key].as_f64().unwrap() - baseline["metrics"][key].as_f64().unwrap();
        assert!(
            (diff[key].as_f64().unwrap() - expected).abs() < 1e-3,
            "{key}: {gains}"
        );
    }
    assert!(diff["manual_edits_after_solving"].is_null());

    // Each of these reads is in the access log as a consultation of the nurse.
    let dpo = &g.dpo;
    let log = ok(
        app,
        dpo,
        "query($o: UUID!) { accessLog(objectId: $o, first: 100) { purpose operation } }",
        json!({ "o": nurse }),
    )
    .await;
    let purposes: Vec<&str> = log["accessLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["purpose"].as_str().unwrap())
        .collect();
    for p in [
        "planning_repair",
        "planning_indicators",
        "planning_explanations",
        "planning_gains",
    ] {
        assert!(purposes.contains(&p), "{p} missing from {purposes:?}");
    }

    // Publishing the repair tells everyone whose shifts changed, once per changed day (read
    // for the agent account, the first nurse's).
    for op in ["validateRoster", "publishRoster"] {
        ok(
            app,
            &g.cadre_a,
            &format!("mutation($id: UUID!) {{ {op}(id: $id) {{ state }} }}"),
            json!({ "id": id }),
        )
        .await;
    }
    let after = wait_for(&g, &id, |r| r["roster"]["state"] == "PUBLISHED").await;
    assert_eq!(after["roster"]["publishedVersion"], 3);
    let mine = ok(
        app,
        &g.agent,
        "{ myNotifications { edges { node { rosterId version date } } } }",
        json!({}),
    )
    .await;
    let notes: Vec<(Value, Value)> = mine["myNotifications"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["node"]["version"].clone(), e["node"]["date"].clone()))
        .collect();
    let agent_changes: Vec<(Value, Value)> = changes
        .iter()
        .filter(|c| c["staff"] == json!(g.nurses_a[0]))
        .map(|c| (json!(3), c["date"].clone()))
        .collect();
    let mut expected = agent_changes.clone();
    expected.dedup();
    assert_eq!(notes, expected, "{mine} {best}");
    if nurse == json!(g.nurses_a[0]) {
        assert!(notes.contains(&(json!(3), date.clone())), "{mine}");
    }

    // Another tenant's planner finds nothing of it.
    let other = app.create_tenant("sud").await;
    app.create_user(other, "cadre@sud.fr", "mot-de-passe-long", "ght_admin")
        .await;
    let outsider = app.token("cadre@sud.fr").await;
    let body = gql(app, &outsider, PROPOSALS, json!({ "j": job })).await;
    assert_eq!(code(&body), "NOT_FOUND", "{body}");
    assert!(body["data"].is_null(), "{body}");
}

#[tokio::test]
async fn only_planners_in_scope_repair_score_explain_and_read_alerts_and_gains() {
    let g = Ght::new(Engine::Postgres, "est").await;
    let app = &g.app;
    let start = Utc::now().date_naive() + Duration::days(30);
    let body = g.create_roster(&g.cadre_a, &g.unit_a, start, 7).await;
    let id = body["data"]["createRoster"]["id"].clone();
    let month = start.format("%Y-%m").to_string();
    let (on_roster, on_unit) = (json!({ "r": id }), json!({ "u": g.unit_a }));
    let calls = [
        (
            "rosterScore",
            "query($r: UUID!) { rosterScore(rosterId: $r) { version } }".to_owned(),
            &on_roster,
        ),
        (
            "rosterExplanations",
            "query($r: UUID!) { rosterExplanations(rosterId: $r) { version } }".to_owned(),
            &on_roster,
        ),
        (
            "unitAlerts",
            "query($u: UUID!) { unitAlerts(unitId: $u) { kind } }".to_owned(),
            &on_unit,
        ),
        (
            "unitGains",
            format!("query($u: UUID!) {{ unitGains(unitId: $u, month: \"{month}\") {{ month }} }}"),
            &on_unit,
        ),
        (
            "requestRosterRepair",
            "mutation($r: UUID!) { requestRosterRepair(rosterId: $r) { id } }".to_owned(),
            &on_roster,
        ),
    ];
    // Staff, HR and the auditor are not planners; cadre B plans another unit.
    for (who, token, expected) in [
        ("agent", &g.agent, "FORBIDDEN"),
        ("rh", &g.hr, "FORBIDDEN"),
        ("dpo", &g.dpo, "FORBIDDEN"),
        ("cadre B", &g.cadre_b, "FORBIDDEN"),
    ] {
        for (field, query, vars) in &calls {
            let body = gql(app, token, query, (*vars).clone()).await;
            assert_eq!(code(&body), expected, "{who} {field}: {body}");
            assert!(
                body["data"].is_null() || body["data"][field].is_null(),
                "{who} {field}: {body}"
            );
        }
    }
    // Planners in scope read; a draft is not repaired.
    for token in [&g.cadre_a, &g.site, &g.admin] {
        for (field, query, vars) in &calls[..4] {
            let body = gql(app, token, query, (*vars).clone()).await;
            assert!(body["errors"].is_null(), "{field}: {body}");
        }
        let body = gql(app, token, &calls[4].1, on_roster.clone()).await;
        assert_eq!(code(&body), "CONFLICT", "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("publié")
        );
    }
    // Bad input names its field, in French.
    for (query, field) in [
        (
            "query($u: UUID!) { unitGains(unitId: $u, month: \"2026-13\") { month } }",
            "month",
        ),
        (
            "query($u: UUID!) { unitAlerts(unitId: $u, weeks: 40) { kind } }",
            "weeks",
        ),
    ] {
        let body = gql(app, &g.cadre_a, query, json!({ "u": g.unit_a })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    let outside = gql(
        app,
        &g.cadre_a,
        "query($r: UUID!, $d: NaiveDate!) { rosterScore(rosterId: $r, from: $d) { version } }",
        json!({ "r": id, "d": (start - Duration::days(1)).to_string() }),
    )
    .await;
    assert_eq!(
        outside["errors"][0]["extensions"]["field"], "from",
        "{outside}"
    );
    // A person outside the roster is not found in it.
    let body = gql(
        app,
        &g.cadre_a,
        "query($r: UUID!, $s: [UUID!]) { rosterExplanations(rosterId: $r, staffIds: $s) { version } }",
        json!({ "r": id, "s": [g.nurse_b] }),
    )
    .await;
    assert_eq!(code(&body), "NOT_FOUND", "{body}");
}
