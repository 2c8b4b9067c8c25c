//! The GraphQL endpoint answers on both engines and holds requests to its limits.

use crate::helpers::{Engine, spawn_app};

#[tokio::test]
async fn typename_and_version_on_sqlite() {
    let app = spawn_app(Engine::Sqlite).await;
    let body = app.graphql("{ __typename apiVersion }").await;
    assert_eq!(body["data"]["__typename"], "QueryRoot");
    assert_eq!(body["data"]["apiVersion"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn typename_on_postgres() {
    let app = spawn_app(Engine::Postgres).await;
    let body = app.graphql("{ __typename }").await;
    assert_eq!(body["data"]["__typename"], "QueryRoot");
}

#[tokio::test]
async fn unknown_field_is_an_error_not_a_crash() {
    let app = spawn_app(Engine::Sqlite).await;
    let body = app.graphql("{ nope }").await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nope")
    );
    assert!(body["data"].is_null());
}

#[tokio::test]
async fn too_deep_queries_are_refused() {
    let app = spawn_app(Engine::Sqlite).await;
    // Introspection lets us nest deeply without any domain type yet.
    let mut selection = "name".to_owned();
    for _ in 0..15 {
        selection = format!("ofType {{ {selection} }}");
    }
    let body = app
        .graphql(&format!(
            "{{ __schema {{ queryType {{ fields {{ type {{ {selection} }} }} }} }} }}"
        ))
        .await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.to_lowercase().contains("nested too deep"), "{body}");
}

#[tokio::test]
async fn a_thousand_aliases_are_refused() {
    let app = spawn_app(Engine::Sqlite).await;
    let aliases: String = (0..1000).map(|i| format!("a{i}: apiVersion ")).collect();
    let body = app.graphql(&format!("{{ {aliases} }}")).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("trop de champs")
    );
    assert!(body["data"].is_null());
    // A reasonable number still works.
    let aliases: String = (0..20).map(|i| format!("a{i}: apiVersion ")).collect();
    let body = app.graphql(&format!("{{ {aliases} }}")).await;
    assert_eq!(body["data"]["a19"], env!("CARGO_PKG_VERSION"), "{body}");
}

#[tokio::test]
async fn ui_placeholder_when_not_built() {
    let app = spawn_app(Engine::Sqlite).await;
    let response = app.get("").await;
    assert_eq!(response.status(), 404);
    let text = response.text().await.unwrap();
    assert!(text.contains("L'interface web n'est pas construite"));
}

#[tokio::test]
async fn subscriptions_stream_over_websocket() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    let app = spawn_app(Engine::Sqlite).await;
    let mut socket = app.websocket(None).await;
    let send = crate::helpers::ws_message;
    socket
        .send(send(serde_json::json!({
            "id": "1",
            "type": "subscribe",
            "payload": { "query": "subscription { serverClock(intervalMs: 100) }" }
        })))
        .await
        .unwrap();

    let mut ticks = Vec::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while ticks.len() < 2 {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .expect("two ticks within 10 s")
            .unwrap()
            .unwrap();
        let Message::Text(text) = message else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        if value["type"] == "next" {
            let tick = value["payload"]["data"]["serverClock"]
                .as_str()
                .unwrap()
                .to_owned();
            assert!(
                chrono::DateTime::parse_from_rfc3339(&tick).is_ok(),
                "{tick}"
            );
            ticks.push(tick);
        }
    }
    assert!(ticks[0] <= ticks[1]);
}

/// The field cap holds over WebSocket too (the same executor serves both transports).
#[tokio::test]
async fn a_thousand_aliases_are_refused_over_websocket() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    let app = spawn_app(Engine::Sqlite).await;
    let mut socket = app.websocket(None).await;
    let aliases: String = (0..1000).map(|i| format!("a{i}: jobId ")).collect();
    let query = format!(
        "subscription {{ jobProgress(id: \"00000000-0000-0000-0000-000000000000\") {{ {aliases} }} }}"
    );
    socket
        .send(crate::helpers::ws_message(serde_json::json!({
            "id": "1", "type": "subscribe", "payload": { "query": query }
        })))
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .expect("an answer within 10 s")
            .unwrap()
            .unwrap();
        let Message::Text(text) = message else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        if value["type"] == "error" || value["type"] == "next" {
            assert!(text.contains("trop de champs"), "{text}");
            assert!(value["payload"]["data"].is_null(), "{text}");
            break;
        }
    }
}

#[tokio::test]
async fn huge_or_empty_pages_are_refused_naming_first() {
    let g = crate::organisation::Ght::new(Engine::Postgres, "page").await;
    for query in [
        "{ staffMembers(first: 99999999) { edges { node { id } } } }",
        "{ units(first: 101) { edges { node { id } } } }",
        "{ establishments(first: 0) { edges { node { id } } } }",
        "{ accessLog(first: 99999999) { seq } }",
    ] {
        let token = if query.contains("accessLog") {
            &g.dpo
        } else {
            &g.admin
        };
        let body = g
            .app
            .graphql_as(Some(token), query, serde_json::json!({}))
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{query}: {body}"
        );
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("first"),
            "{query}: {body}"
        );
        assert!(body["data"].is_null(), "{query}: {body}");
    }
    // The cap itself is accepted.
    let body = g
        .app
        .graphql_as(
            Some(&g.admin),
            "{ staffMembers(first: 100) { edges { node { id } } } }",
            serde_json::json!({}),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
}
