//! Solve jobs through the API: submit, follow (query and WebSocket subscription), the
//! independent checker's agreement, cancellation, validation, roles and tenant isolation.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use releve_solver::checker;
use releve_solver::problem::{Instance, Problem, RosterFile};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{Engine, TestApp, spawn_app, ws_message};

const SUBMIT: &str = "mutation($p: JSON!, $t: Float!) { submitSolve(problem: $p, timeLimit: $t) \
                      { id state } }";
const JOB: &str = "query($id: UUID!) { job(id: $id) { id state attempts error \
                   summary { status objective lowerBound hardViolations cancelled } roster } }";
const CANCEL: &str = "mutation($id: UUID!) { cancelJob(id: $id) { state } }";

fn ward_problem() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../solver/examples/ward.problem.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn app_with_cadre(engine: Engine) -> (TestApp, String) {
    let app = spawn_app(engine).await;
    let tenant = app.create_tenant("nord").await;
    app.create_user(tenant, "cadre@nord.fr", "mot-de-passe-long", "unit_manager")
        .await;
    let cadre = app.token("cadre@nord.fr").await;
    (app, cadre)
}

async fn submit(app: &TestApp, token: &str, time_limit: f64) -> serde_json::Value {
    app.graphql_as(
        Some(token),
        SUBMIT,
        serde_json::json!({ "p": ward_problem(), "t": time_limit }),
    )
    .await
}

async fn wait_final(app: &TestApp, token: &str, id: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let body = app
            .graphql_as(Some(token), JOB, serde_json::json!({ "id": id }))
            .await;
        let state = body["data"]["job"]["state"]
            .as_str()
            .unwrap_or_else(|| panic!("{body}"));
        if ["SUCCEEDED", "FAILED", "CANCELLED"].contains(&state) {
            return body["data"]["job"].clone();
        }
        assert!(Instant::now() < deadline, "job {id} still {state}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn a_solve_succeeds_and_the_checker_agrees(engine: Engine) {
    let (app, cadre) = app_with_cadre(engine).await;
    let body = submit(&app, &cadre, 3.0).await;
    let id = body["data"]["submitSolve"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    let job = wait_final(&app, &cadre, id).await;
    assert_eq!(job["state"], "SUCCEEDED", "{job}");
    assert_eq!(job["attempts"], 1);
    let summary = &job["summary"];
    assert_eq!(summary["hardViolations"], 0, "{job}");
    // The stored roster, re-checked here by the engine's independent checker.
    let problem: Problem = serde_json::from_value(ward_problem()).unwrap();
    let instance = Instance::new(problem).unwrap();
    let file: RosterFile = serde_json::from_value(job["roster"].clone()).unwrap();
    let report = checker::check(&instance, &instance.roster(&file).unwrap());
    assert_eq!(report.hard_violations, 0);
    assert_eq!(summary["objective"], report.objective);
    assert!(summary["lowerBound"].as_i64().unwrap() <= report.objective);
}

#[tokio::test]
async fn a_solve_succeeds_and_the_checker_agrees_on_sqlite() {
    a_solve_succeeds_and_the_checker_agrees(Engine::Sqlite).await;
}

#[tokio::test]
async fn a_solve_succeeds_and_the_checker_agrees_on_postgres() {
    a_solve_succeeds_and_the_checker_agrees(Engine::Postgres).await;
}

#[tokio::test]
async fn progress_arrives_by_subscription_and_cancel_stops_the_solve() {
    let (app, cadre) = app_with_cadre(Engine::Sqlite).await;
    let body = submit(&app, &cadre, 120.0).await;
    let id = body["data"]["submitSolve"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut socket = app.websocket(Some(&cadre)).await;
    let send = ws_message;
    socket
        .send(send(serde_json::json!({
            "id": "1",
            "type": "subscribe",
            "payload": {
                "query": "subscription($id: UUID!) { jobProgress(id: $id) { state objective bound } }",
                "variables": { "id": id }
            }
        })))
        .await
        .unwrap();

    let mut states = Vec::new();
    let mut cancelled_at = None;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .expect("the subscription must end within 60 s")
            .unwrap()
            .unwrap();
        let Message::Text(text) = message else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        match value["type"].as_str() {
            Some("next") => {
                let event = &value["payload"]["data"]["jobProgress"];
                assert!(value["payload"]["errors"].is_null(), "{value}");
                let state = event["state"].as_str().unwrap().to_owned();
                // Once the search reports a roster, cancel it.
                if state == "RUNNING" && event["objective"].is_number() && cancelled_at.is_none() {
                    let out = app
                        .graphql_as(Some(&cadre), CANCEL, serde_json::json!({ "id": id }))
                        .await;
                    assert!(out["errors"].is_null(), "{out}");
                    cancelled_at = Some(Instant::now());
                }
                states.push(state);
            }
            Some("complete") => break,
            Some("error") => panic!("subscription error: {value}"),
            _ => {}
        }
    }
    assert!(states.contains(&"RUNNING".to_owned()), "{states:?}");
    assert_eq!(
        states.last().map(String::as_str),
        Some("CANCELLED"),
        "{states:?}"
    );
    let stop = cancelled_at
        .expect("a progress event with an objective")
        .elapsed();
    assert!(stop < Duration::from_secs(10), "cancel took {stop:?}");
    // The cancelled job keeps its best roster.
    let job = wait_final(&app, &cadre, &id).await;
    assert_eq!(job["summary"]["cancelled"], true, "{job}");
    assert!(job["roster"].is_object(), "{job}");
}

#[tokio::test]
async fn bad_problems_and_limits_are_refused_naming_the_field() {
    let (app, cadre) = app_with_cadre(Engine::Sqlite).await;
    let mut problem = ward_problem();
    problem["staff"][0]["qualifications"] = serde_json::json!(42);
    let body = app
        .graphql_as(
            Some(&cadre),
            SUBMIT,
            serde_json::json!({ "p": problem, "t": 5.0 }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("problem"),
        "{body}"
    );

    let body = submit(&app, &cadre, 0.0).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("timeLimit"),
        "{body}"
    );
}

#[tokio::test]
async fn staff_may_not_solve_and_other_tenants_jobs_are_not_found() {
    let (app, cadre) = app_with_cadre(Engine::Postgres).await;
    let south = app.create_tenant("sud").await;
    app.create_user(south, "cadre@sud.fr", "mot-de-passe-long", "unit_manager")
        .await;
    app.create_user(south, "agent@sud.fr", "mot-de-passe-long", "staff")
        .await;

    let agent = app.token("agent@sud.fr").await;
    let body = submit(&app, &agent, 3.0).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );

    let body = submit(&app, &cadre, 3.0).await;
    let id = body["data"]["submitSolve"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = app.token("cadre@sud.fr").await;
    for query in [JOB, CANCEL] {
        let body = app
            .graphql_as(Some(&other), query, serde_json::json!({ "id": id }))
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{body}"
        );
        assert!(body["data"].is_null(), "{body}");
    }
    wait_final(&app, &cadre, &id).await;
}
