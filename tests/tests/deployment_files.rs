//! No Docker engine runs here, so the compose file is checked by reading it: every
//! `RELEVE_*` setting it uses must be one the application reads.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure report

use std::collections::BTreeSet;
use std::path::PathBuf;

use releve_backend::config::ENV_NAMES;

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

/// Every `RELEVE_…` word in a YAML document, keys and values alike.
fn releve_settings(value: &serde_yaml::Value, found: &mut BTreeSet<String>) {
    let mut scan = |text: &str| {
        for (start, _) in text.match_indices("RELEVE_") {
            let name: String = text[start..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            found.insert(name);
        }
    };
    match value {
        serde_yaml::Value::String(s) => scan(s),
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| releve_settings(v, found)),
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                releve_settings(k, found);
                releve_settings(v, found);
            }
        }
        _ => {}
    }
}

#[test]
fn compose_file_uses_only_known_settings() {
    let text = std::fs::read_to_string(repo_file("infra/docker-compose.yml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let services = doc["services"].as_mapping().expect("a services section");
    for name in ["api", "worker"] {
        assert!(services.contains_key(name), "service {name} missing");
    }
    let mut used = BTreeSet::new();
    releve_settings(&doc, &mut used);
    assert!(
        used.contains("RELEVE_DATABASE_URL"),
        "the api needs its database: {used:?}"
    );
    let unknown: Vec<&String> = used
        .iter()
        .filter(|n| !ENV_NAMES.contains(&n.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "unknown settings in docker-compose.yml: {unknown:?}"
    );
}

#[test]
fn compose_workers_hold_no_database_credentials_or_keys() {
    let text = std::fs::read_to_string(repo_file("infra/docker-compose.yml")).unwrap();
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    doc.apply_merge().unwrap();
    let worker = &doc["services"]["worker"];
    let environment = worker["environment"]
        .as_mapping()
        .expect("worker environment");
    assert!(environment.contains_key("RELEVE_REDIS_URL"));
    for secret in [
        "RELEVE_DATABASE_URL",
        "RELEVE_MIGRATION_DATABASE_URL",
        "RELEVE_KEK",
        "RELEVE_KEYS_DIR",
    ] {
        assert!(
            !environment.contains_key(secret),
            "the worker gets {secret}"
        );
    }
    assert!(
        worker.get("volumes").is_none(),
        "the worker mounts the api's data (keys)"
    );
    let api_env = doc["services"]["api"]["environment"].as_mapping().unwrap();
    assert!(api_env.contains_key("RELEVE_DATABASE_URL"));
}

#[test]
fn the_setting_scan_catches_an_unknown_name() {
    let doc: serde_yaml::Value =
        serde_yaml::from_str("services: {api: {environment: {RELEVE_NOPE: '1'}}}").unwrap();
    let mut used = BTreeSet::new();
    releve_settings(&doc, &mut used);
    assert!(used.contains("RELEVE_NOPE"));
    assert!(!ENV_NAMES.contains(&"RELEVE_NOPE"));
}
