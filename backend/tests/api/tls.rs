//! `serve` terminates TLS itself when given a certificate (security.md: in transit).

use crate::helpers::{Engine, spawn_app_with};

#[tokio::test]
async fn graphql_is_served_over_https_with_the_configured_certificate() {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cert_file = dir.path().join("cert.pem");
    let key_file = dir.path().join("key.pem");
    std::fs::write(&cert_file, certified.cert.pem()).unwrap();
    std::fs::write(&key_file, certified.signing_key.serialize_pem()).unwrap();

    let app = spawn_app_with(Engine::Sqlite, |s| {
        s.tls_cert_file = Some(cert_file.clone());
        s.tls_key_file = Some(key_file.clone());
    })
    .await;
    assert!(app.url.starts_with("https://127.0.0.1:"), "{}", app.url);

    let client = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(certified.cert.pem().as_bytes()).unwrap(),
        )
        .build()
        .unwrap();
    let body: serde_json::Value = client
        .post(format!("{}graphql", app.url))
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["__typename"], "QueryRoot");

    // A client that does not trust the certificate is refused, and plain HTTP gets nothing.
    assert!(reqwest::get(format!("{}healthz", app.url)).await.is_err());
    let plain = app.url.replacen("https://", "http://", 1);
    let answer = reqwest::get(format!("{plain}healthz")).await;
    assert!(answer.is_err() || !answer.unwrap().status().is_success());
}
