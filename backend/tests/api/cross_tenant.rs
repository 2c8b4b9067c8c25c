//! Generated cross-tenant suite (security.md T-02): every query, mutation and subscription
//! that takes an id is called by tenant B with tenant A's ids and must reveal nothing.
//! The list of such fields is read from the schema itself, so a new resolver that takes an
//! id fails this test until it has a case here.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};

use crate::helpers::{Engine, TestApp, spawn_app, ws_message};

const INTROSPECTION: &str = "{ __schema { queryType { name } mutationType { name } \
    subscriptionType { name } types { name fields { name args { name type { name kind \
    ofType { name kind ofType { name } } } } } } } }";

/// `Type.field(arg)` for every argument whose type is UUID or ID.
async fn fields_taking_ids(app: &TestApp) -> BTreeSet<String> {
    let schema = app.graphql(INTROSPECTION).await;
    let roots: Vec<String> = ["queryType", "mutationType", "subscriptionType"]
        .iter()
        .filter_map(|r| {
            schema["data"]["__schema"][r]["name"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    let mut found = BTreeSet::new();
    for ty in schema["data"]["__schema"]["types"].as_array().unwrap() {
        let name = ty["name"].as_str().unwrap();
        if !roots.iter().any(|r| r == name) {
            continue;
        }
        for field in ty["fields"].as_array().unwrap() {
            for arg in field["args"].as_array().unwrap() {
                let t = &arg["type"];
                let names = [
                    &t["name"],
                    &t["ofType"]["name"],
                    &t["ofType"]["ofType"]["name"],
                ];
                if names.iter().any(|n| *n == "UUID" || *n == "ID") {
                    found.insert(format!(
                        "{name}.{}({})",
                        field["name"].as_str().unwrap(),
                        arg["name"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    found
}

fn assert_not_found(body: &serde_json::Value, case: &str) {
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "{case}: {body}"
    );
    assert!(body["data"].is_null(), "{case} leaked data: {body}");
}

#[tokio::test]
async fn every_id_taking_field_refuses_another_tenants_ids() {
    let app = spawn_app(Engine::Postgres).await;
    let north = app.create_tenant("nord").await;
    let south = app.create_tenant("sud").await;
    for (tenant, domain) in [(north, "nord"), (south, "sud")] {
        app.create_user(
            tenant,
            &format!("cadre@{domain}.fr"),
            "mot-de-passe-long",
            "unit_manager",
        )
        .await;
        app.create_user(
            tenant,
            &format!("dpo@{domain}.fr"),
            "mot-de-passe-long",
            "auditor",
        )
        .await;
    }
    // Tenant A's objects: a job and an account.
    let cadre_a = app.token("cadre@nord.fr").await;
    let problem: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../solver/examples/ward.problem.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let job = app
        .graphql_as(
            Some(&cadre_a),
            "mutation($p: JSON!) { submitSolve(problem: $p, timeLimit: 2) { id } }",
            serde_json::json!({ "p": problem }),
        )
        .await;
    let job_a = job["data"]["submitSolve"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = app
        .graphql_as(Some(&cadre_a), "{ me { userId } }", serde_json::json!({}))
        .await;
    let user_a = me["data"]["me"]["userId"].as_str().unwrap().to_owned();

    // Tenant B, with the roles that may call each field.
    let cadre_b = app.token("cadre@sud.fr").await;
    let dpo_b = app.token("dpo@sud.fr").await;
    let mut covered = BTreeSet::new();

    let vars = serde_json::json!({ "id": job_a });
    let body = app
        .graphql_as(
            Some(&cadre_b),
            "query($id: UUID!) { job(id: $id) { id state } }",
            vars.clone(),
        )
        .await;
    assert_not_found(&body, "job");
    covered.insert("QueryRoot.job(id)");

    let body = app
        .graphql_as(
            Some(&cadre_b),
            "mutation($id: UUID!) { cancelJob(id: $id) { state } }",
            vars.clone(),
        )
        .await;
    assert_not_found(&body, "cancelJob");
    covered.insert("MutationRoot.cancelJob(id)");

    app.create_user(south, "admin@sud.fr", "mot-de-passe-long", "ght_admin")
        .await;
    let admin_b = app.token("admin@sud.fr").await;
    let body = app
        .graphql_as(
            Some(&admin_b),
            "mutation($id: UUID!) { eraseAccount(userId: $id) }",
            serde_json::json!({ "id": user_a }),
        )
        .await;
    assert_not_found(&body, "eraseAccount");
    covered.insert("MutationRoot.eraseAccount(userId)");
    // Tenant A's account is intact.
    let me = app
        .graphql_as(Some(&cadre_a), "{ me { email } }", serde_json::json!({}))
        .await;
    assert_eq!(me["data"]["me"]["email"], "cadre@nord.fr", "{me}");

    // Filters of the auditor's search: another tenant's ids simply match nothing.
    for arg in ["actorId", "objectId"] {
        let query = format!("query($id: UUID!) {{ accessLog({arg}: $id) {{ seq }} }}");
        let body = app
            .graphql_as(Some(&dpo_b), &query, serde_json::json!({ "id": user_a }))
            .await;
        assert_eq!(
            body["data"]["accessLog"],
            serde_json::json!([]),
            "accessLog({arg}): {body}"
        );
    }
    covered.insert("QueryRoot.accessLog(actorId)");
    covered.insert("QueryRoot.accessLog(objectId)");

    // The subscription answers with an error and no event.
    let mut socket = app.websocket(Some(&cadre_b)).await;
    socket
        .send(ws_message(serde_json::json!({
            "id": "1",
            "type": "subscribe",
            "payload": {
                "query": "subscription($id: UUID!) { jobProgress(id: $id) { state } }",
                "variables": { "id": job_a }
            }
        })))
        .await
        .unwrap();
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("an answer within 10 s")
            .unwrap()
            .unwrap();
        let Ok(text) = message.to_text() else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        match value["type"].as_str() {
            Some("next") => {
                assert!(
                    value["payload"]["data"].is_null(),
                    "jobProgress leaked: {value}"
                );
                assert_eq!(
                    value["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND",
                    "{value}"
                );
                break;
            }
            Some("error") => {
                assert_eq!(
                    value["payload"][0]["extensions"]["code"], "NOT_FOUND",
                    "{value}"
                );
                break;
            }
            _ => {}
        }
    }
    covered.insert("SubscriptionRoot.jobProgress(id)");

    let all = fields_taking_ids(&app).await;
    assert!(
        all.contains("QueryRoot.job(id)"),
        "the schema reading must work: {all:?}"
    );
    let missing: Vec<&String> = all
        .iter()
        .filter(|f| !covered.contains(f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "fields taking ids without a cross-tenant case: {missing:?}"
    );
}
