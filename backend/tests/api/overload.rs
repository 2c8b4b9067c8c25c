//! An overloaded API against real PostgreSQL: when no pooled connection frees up within the
//! acquire timeout, a request is refused with `SERVICE_UNAVAILABLE`, a French message, HTTP
//! 503 and `Retry-After`, not an `INTERNAL` fault; the request holding the connection still
//! completes, and the next one is served once the pool is free again.

use std::time::{Duration, Instant};

use releve_backend::database;
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};

use crate::helpers::{Engine, TEST_PASSWORD, TestApp, spawn_app_with};

const READ: &str = "{ staffMembers(first: 5) { nodes { id } } }";

async fn post(app: &TestApp, token: &str) -> (reqwest::StatusCode, Option<String>, Value) {
    let response = app
        .client
        .post(format!("{}graphql", app.url))
        .bearer_auth(token)
        .json(&json!({ "query": READ }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, retry_after, response.json().await.unwrap())
}

#[tokio::test]
async fn a_request_finding_no_free_database_connection_answers_service_unavailable() {
    let app = spawn_app_with(Engine::Postgres, |s| {
        s.database_max_connections = 1;
        s.database_acquire_timeout_seconds = 0.3;
    })
    .await;
    let tenant = app.create_tenant("surcharge").await;
    app.create_user(tenant, "admin@surcharge.fr", TEST_PASSWORD, "ght_admin")
        .await;
    let token = app.token("admin@surcharge.fr").await;

    // The schema owner locks the accounts table: the first request takes the pool's only
    // connection and waits on the lock (its scope reads the account), holding it. (The
    // owner's pool has one connection too: everything below goes through `lock`.)
    let owner = database::connect_owner(&app.settings).await.unwrap();
    let lock = owner.begin().await.unwrap();
    lock.execute_unprepared("LOCK TABLE app_user IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let holder = tokio::spawn({
        let (client, url, token) = (app.client.clone(), app.url.clone(), token.clone());
        async move {
            let response = client
                .post(format!("{url}graphql"))
                .bearer_auth(token)
                .json(&json!({ "query": READ }))
                .send()
                .await
                .unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    });
    let waited = Instant::now();
    loop {
        let row = lock
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                "SELECT count(*)::int AS n FROM pg_stat_activity \
                 WHERE datname = current_database() AND wait_event_type = 'Lock'",
            ))
            .await
            .unwrap()
            .unwrap();
        if row.try_get::<i32>("", "n").unwrap() > 0 {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "the first request never reached the lock"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let started = Instant::now();
    let (status, retry_after, body) = post(&app, &token).await;
    assert_eq!(status, reqwest::StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(retry_after.as_deref(), Some("2"));
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "SERVICE_UNAVAILABLE"
    );
    assert_eq!(
        body["errors"][0]["message"],
        "Service momentanément surchargé, réessayez dans quelques secondes."
    );
    assert!(body["data"].is_null(), "{body}");
    // Refused after the acquire timeout, not after the request holding the connection.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    lock.commit().await.unwrap();
    let (status, held) = holder.await.unwrap();
    assert_eq!(status, reqwest::StatusCode::OK, "{held}");
    assert!(held["errors"].is_null(), "{held}");
    assert!(held["data"]["staffMembers"]["nodes"].is_array(), "{held}");
    let (status, _, again) = post(&app, &token).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{again}");
    assert!(again["errors"].is_null(), "{again}");
}
