//! Repair jobs through the API against PostgreSQL: cancelling a running repair stops its search
//! at once and keeps nothing; another alternative than the best is adopted as the proposed
//! version, the alternative's number checked.

use std::collections::BTreeSet;
use std::time::{Duration as Wait, Instant};

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};
use crate::replan::{PROPOSALS, READ, published_week, wait_for};

const JOB: &str = "query($id: UUID!) { job(id: $id) { state roster summary { cancelled } } }";
const ADOPT: &str = "mutation($j: UUID!, $a: Int!) { adoptRosterRepair(jobId: $j, alternative: $a) \
    { state currentVersion publishedVersion } }";

async fn job_state(g: &Ght, id: &Value) -> Value {
    ok(&g.app, &g.cadre_a, JOB, json!({ "id": id })).await["job"].clone()
}

/// Polls the job until its state is one of `states` (`within` at most).
async fn wait_job(g: &Ght, id: &Value, states: &[&str], within: Wait) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let job = job_state(g, id).await;
        if states.iter().any(|s| job["state"] == *s) {
            return job;
        }
        assert!(Instant::now() < deadline, "job still {job}");
        tokio::time::sleep(Wait::from_millis(100)).await;
    }
}

/// A four-week roster of unit A with 23 nurses, mornings and nights every day with targets above
/// their minimums, solved and published: large enough that a repair searches for long.
async fn published_month(g: &Ght) -> String {
    let app = &g.app;
    g.morning_maquette().await;
    for day_type in ["WEEKDAY", "SATURDAY", "SUNDAY_HOLIDAY"] {
        ok(
            app,
            &g.cadre_a,
            "mutation($i: MaquetteDemandInput!) { setMaquetteDemand(input: $i) { id } }",
            json!({ "i": { "unitId": g.unit_a, "dayType": day_type, "shiftTypeId": g.night,
                           "qualification": "IDE", "min": 1, "target": 3 } }),
        )
        .await;
    }
    for day_type in ["SATURDAY", "SUNDAY_HOLIDAY"] {
        ok(
            app,
            &g.cadre_a,
            "mutation($i: MaquetteDemandInput!) { setMaquetteDemand(input: $i) { id } }",
            json!({ "i": { "unitId": g.unit_a, "dayType": day_type, "shiftTypeId": g.morning,
                           "qualification": "IDE", "min": 1, "target": 3 } }),
        )
        .await;
    }
    for i in 0..20 {
        ok(
            app,
            &g.cadre_a,
            "mutation($i: StaffMemberInput!) { createStaffMember(input: $i) { id } }",
            json!({ "i": { "firstName": format!("Renfort{i}"), "lastName": "Équipe",
                           "profession": "IDE", "homeUnitId": g.unit_a } }),
        )
        .await;
    }
    let start = Utc::now().date_naive() + Duration::days(30);
    let body = g.create_roster(&g.cadre_a, &g.unit_a, start, 28).await;
    let id = body["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        app,
        &g.cadre_a,
        "mutation($r: UUID!) { requestRosterSolve(rosterId: $r, timeLimit: 10, seed: 1) { id } }",
        json!({ "r": id }),
    )
    .await;
    let solved = wait_for(g, &id, |r| r["version"] == 2).await;
    assert_eq!(solved["blockingViolations"], 0, "{solved}");
    for op in ["validateRoster", "publishRoster"] {
        ok(
            app,
            &g.cadre_a,
            &format!("mutation($id: UUID!) {{ {op}(id: $id) {{ state }} }}"),
            json!({ "id": id }),
        )
        .await;
    }
    id
}

#[tokio::test]
async fn a_cancelled_repair_stops_at_once_and_keeps_nothing() {
    let g = Ght::new(Engine::Postgres, "nord").await;
    let app = &g.app;
    let id = published_month(&g).await;
    let published = ok(app, &g.cadre_a, READ, json!({ "id": id })).await["roster"].clone();
    let first = published["assignments"][0].clone();
    ok(
        app,
        &g.hr,
        "mutation($i: AbsenceRecordInput!) { recordAbsence(input: $i) { id } }",
        json!({ "i": { "staffId": first["staffId"], "startDate": first["date"],
                       "endDate": first["date"], "category": "UNPLANNED" } }),
    )
    .await;
    let job = ok(
        app,
        &g.cadre_a,
        "mutation($r: UUID!) { requestRosterRepair(rosterId: $r, timeLimit: 600, alternatives: 5, seed: 1) { id } }",
        json!({ "r": id }),
    )
    .await["requestRosterRepair"]["id"]
        .clone();
    wait_job(&g, &job, &["RUNNING"], Wait::from_secs(30)).await;
    let asked = Instant::now();
    let cancel = ok(
        app,
        &g.cadre_a,
        "mutation($id: UUID!) { cancelJob(id: $id) { state } }",
        json!({ "id": job }),
    )
    .await;
    // Asked while the search runs (five alternatives of up to 120 s each).
    assert_eq!(cancel["cancelJob"]["state"], "RUNNING", "{cancel}");
    let done = wait_job(
        &g,
        &job,
        &["CANCELLED", "SUCCEEDED", "FAILED"],
        Wait::from_secs(60),
    )
    .await;
    let stopped = asked.elapsed();
    assert_eq!(done["state"], "CANCELLED", "{done}");
    assert_eq!(done["summary"]["cancelled"], true, "{done}");
    // Within seconds of a 600 s search (before: only once all alternatives were searched).
    assert!(stopped < Wait::from_secs(5), "stopped after {stopped:?}");
    // Nothing stored: no roster, no alternative, the roster still the published version.
    assert!(done["roster"].is_null(), "{done}");
    let proposals =
        ok(app, &g.cadre_a, PROPOSALS, json!({ "j": job })).await["rosterRepair"].clone();
    assert_eq!(proposals["alternatives"], json!([]), "{proposals}");
    assert!(proposals["importedVersion"].is_null(), "{proposals}");
    let after = ok(app, &g.cadre_a, READ, json!({ "id": id })).await["roster"].clone();
    assert_eq!(after["roster"]["state"], "PUBLISHED");
    assert_eq!(after["roster"]["currentVersion"], 2);
    // And the alternatives of a cancelled repair cannot be adopted.
    let adopt = gql(app, &g.cadre_a, ADOPT, json!({ "j": job, "a": 1 })).await;
    assert_eq!(code(&adopt), "CONFLICT", "{adopt}");
}

/// Assignments of a roster read as `(staff, date, shift code)`.
fn cells(roster: &Value, g: &Ght) -> BTreeSet<(String, String, String)> {
    roster["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let shift = if a["shiftTypeId"] == json!(g.morning) {
                "M"
            } else {
                "N"
            };
            (
                a["staffId"].as_str().unwrap().to_owned(),
                a["date"].as_str().unwrap().to_owned(),
                shift.to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_second_alternative_of_a_repair_is_adopted_as_the_proposed_version() {
    let g = Ght::new(Engine::Postgres, "nord").await;
    let app = &g.app;
    let (id, published) = published_week(&g).await;
    let morning = published["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["shiftTypeId"] == json!(g.morning))
        .unwrap()
        .clone();
    ok(
        app,
        &g.hr,
        "mutation($i: AbsenceRecordInput!) { recordAbsence(input: $i) { id } }",
        json!({ "i": { "staffId": morning["staffId"], "startDate": morning["date"],
                       "endDate": morning["date"], "category": "UNPLANNED" } }),
    )
    .await;
    let job = ok(
        app,
        &g.cadre_a,
        "mutation($r: UUID!) { requestRosterRepair(rosterId: $r, timeLimit: 5, alternatives: 3, seed: 1) { id } }",
        json!({ "r": id }),
    )
    .await["requestRosterRepair"]["id"]
        .clone();
    wait_for(&g, &id, |r| r["roster"]["state"] == "PROPOSED").await;
    let proposals =
        ok(app, &g.cadre_a, PROPOSALS, json!({ "j": job })).await["rosterRepair"].clone();
    let alternatives = proposals["alternatives"].as_array().unwrap().clone();
    // Two other nurses may take the morning: at least two distinct repairs.
    assert!(alternatives.len() >= 2, "{proposals}");
    assert_eq!(proposals["importedVersion"], 3);

    // Out of range: a French error naming the field, nothing written.
    for bad in [0, alternatives.len() as i64 + 1, -1] {
        let body = gql(app, &g.cadre_a, ADOPT, json!({ "j": job, "a": bad })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "alternative");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("entre 1 et"), "{message}");
    }
    let unchanged = ok(app, &g.cadre_a, READ, json!({ "id": id })).await["roster"].clone();
    assert_eq!(unchanged["roster"]["currentVersion"], 3);

    let adopted = ok(app, &g.cadre_a, ADOPT, json!({ "j": job, "a": 2 })).await;
    assert_eq!(adopted["adoptRosterRepair"]["state"], "PROPOSED");
    assert_eq!(adopted["adoptRosterRepair"]["currentVersion"], 4);
    assert_eq!(adopted["adoptRosterRepair"]["publishedVersion"], 2);
    let roster = ok(app, &g.cadre_a, READ, json!({ "id": id })).await["roster"].clone();
    let versions = roster["roster"]["versions"].as_array().unwrap();
    assert_eq!(versions.last().unwrap()["source"], "repair");
    assert_eq!(versions.last().unwrap()["jobId"], job);
    // Version 4 is the published version with exactly the second alternative's changes.
    let mut expected = cells(&published, &g);
    for c in alternatives[1]["changes"].as_array().unwrap() {
        let staff = c["staff"].as_str().unwrap().to_owned();
        let date = c["date"].as_str().unwrap().to_owned();
        if let Some(s) = c["removed"].as_str() {
            assert!(expected.remove(&(staff.clone(), date.clone(), s.to_owned())));
        }
        if let Some(s) = c["added"].as_str() {
            expected.insert((staff, date, s.to_owned()));
        }
    }
    assert_eq!(cells(&roster, &g), expected);
    assert_ne!(
        cells(&roster, &g),
        cells(&unchanged, &g),
        "the second alternative differs from the best"
    );
    // The absent nurse's morning is gone in the adopted version too.
    assert!(!expected.contains(&(
        morning["staffId"].as_str().unwrap().to_owned(),
        morning["date"].as_str().unwrap().to_owned(),
        "M".to_owned()
    )));
    // Once validated, the repair is no longer a proposal to choose from.
    ok(
        app,
        &g.cadre_a,
        "mutation($id: UUID!) { validateRoster(id: $id) { state } }",
        json!({ "id": id }),
    )
    .await;
    let late = gql(app, &g.cadre_a, ADOPT, json!({ "j": job, "a": 1 })).await;
    assert_eq!(code(&late), "CONFLICT", "{late}");
}
