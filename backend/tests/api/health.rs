//! `/healthz` and `/readyz` on both engines, with and without Redis, and with dependencies down.

use std::time::{Duration, Instant};

use crate::helpers::{Engine, PrivatePostgres, spawn_app, spawn_app_with, test_redis_url};
use secrecy::SecretString;

#[tokio::test]
async fn healthz_answers_on_sqlite() {
    let app = spawn_app(Engine::Sqlite).await;
    let response = app.get("healthz").await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn readyz_is_ready_on_sqlite_without_redis() {
    let app = spawn_app(Engine::Sqlite).await;
    let response = app.get("readyz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "up");
    assert!(body["redis"].is_null());
}

#[tokio::test]
async fn readyz_is_ready_on_postgres_with_redis() {
    let redis = test_redis_url();
    let app = spawn_app_with(Engine::Postgres, |s| {
        s.redis_url = Some(SecretString::from(redis));
    })
    .await;
    let response = app.get("readyz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "up");
    assert_eq!(body["redis"], "up");
}

#[tokio::test]
async fn readyz_is_unavailable_when_redis_is_unreachable() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(Engine::Sqlite, |s| {
        s.redis_url = Some(SecretString::from(format!("redis://127.0.0.1:{port}/")));
    })
    .await;
    let response = app.get("readyz").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "up");
    assert_eq!(body["redis"], "down");
}

#[tokio::test]
async fn readyz_is_unavailable_when_postgres_stops() {
    // A PostgreSQL of this test's own, since it is stopped mid-test.
    let server = PrivatePostgres::start();
    let admin_url = server.url.clone();
    let app = spawn_app_with(Engine::Sqlite, |s| {
        s.database_url = Some(SecretString::from(admin_url.clone()));
    })
    .await;
    assert_eq!(app.get("readyz").await.status(), 200);

    server.stop();
    let started = Instant::now();
    let response = app.get("readyz").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "down");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "readyz must answer quickly"
    );
    // Liveness is not readiness: the process itself is fine.
    assert_eq!(app.get("healthz").await.status(), 200);
}
