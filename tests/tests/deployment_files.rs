//! No Docker engine or cluster runs here, so the compose file and the Kubernetes manifests
//! are checked by reading them: every `RELEVE_*` setting they use must be one the
//! application reads, and workers get Redis and the job signing key, no database or other key.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure report

use std::collections::BTreeSet;
use std::path::PathBuf;

use releve_backend::config::ENV_NAMES;
use serde::Deserialize;

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
    assert!(environment.contains_key("RELEVE_JOB_SIGNING_KEY"));
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

/// Every document of every manifest under `infra/k8s/`.
fn kubernetes_documents() -> Vec<(String, serde_yaml::Value)> {
    let dir = repo_file("infra/k8s");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3, "manifests missing in {}", dir.display());
    let mut documents = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        for document in serde_yaml::Deserializer::from_str(&text) {
            let value = serde_yaml::Value::deserialize(document)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            documents.push((name, value));
        }
    }
    documents
}

fn find<'a>(
    documents: &'a [(String, serde_yaml::Value)],
    kind: &str,
    name: &str,
) -> &'a serde_yaml::Value {
    documents
        .iter()
        .map(|(_, doc)| doc)
        .find(|doc| doc["kind"] == kind && doc["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} {name} in infra/k8s"))
}

/// The environment variable names of a Deployment's containers (init containers included).
fn env_names(deployment: &serde_yaml::Value) -> BTreeSet<String> {
    let spec = &deployment["spec"]["template"]["spec"];
    let mut names = BTreeSet::new();
    for list in ["containers", "initContainers"] {
        for container in spec[list].as_sequence().into_iter().flatten() {
            assert!(
                container.get("envFrom").is_none(),
                "envFrom hides which settings a container gets"
            );
            for variable in container["env"].as_sequence().into_iter().flatten() {
                names.insert(variable["name"].as_str().unwrap().to_owned());
            }
        }
    }
    names
}

#[test]
fn kubernetes_manifests_use_only_known_settings() {
    let documents = kubernetes_documents();
    let mut used = BTreeSet::new();
    for (_, document) in &documents {
        releve_settings(document, &mut used);
    }
    assert!(used.contains("RELEVE_JOB_SIGNING_KEY"), "{used:?}");
    let unknown: Vec<&String> = used
        .iter()
        .filter(|n| !ENV_NAMES.contains(&n.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "unknown settings in infra/k8s: {unknown:?}"
    );
}

#[test]
fn kubernetes_workers_get_redis_and_the_job_key_only() {
    let documents = kubernetes_documents();
    let worker = find(&documents, "Deployment", "releve-worker");
    let names = env_names(worker);
    for needed in [
        "RELEVE_REDIS_URL",
        "RELEVE_REDIS_CA_FILE",
        "RELEVE_JOB_SIGNING_KEY",
    ] {
        assert!(names.contains(needed), "the worker lacks {needed}");
    }
    for secret in [
        "RELEVE_DATABASE_URL",
        "RELEVE_MIGRATION_DATABASE_URL",
        "RELEVE_KEK",
        "RELEVE_KEYS_DIR",
    ] {
        assert!(!names.contains(secret), "the worker gets {secret}");
    }
    let spec = &worker["spec"]["template"]["spec"];
    // One volume: the Redis CA certificate, public, from a ConfigMap (no Secret, no key).
    let volumes = spec["volumes"].as_sequence().expect("worker volumes");
    assert_eq!(volumes.len(), 1, "the worker mounts more than Redis' CA");
    assert_eq!(volumes[0]["configMap"]["name"], "releve-redis-ca");
    assert!(volumes[0].get("secret").is_none());
    // Secrets it reads: only the jobs secret, never the API's.
    let mut secrets = BTreeSet::new();
    for container in spec["containers"].as_sequence().unwrap() {
        for mount in container["volumeMounts"]
            .as_sequence()
            .into_iter()
            .flatten()
        {
            assert_eq!(mount["name"], "redis-ca", "the worker mounts {mount:?}");
        }
        for variable in container["env"].as_sequence().unwrap() {
            if let Some(name) = variable["valueFrom"]["secretKeyRef"]["name"].as_str() {
                secrets.insert(name.to_owned());
            }
        }
    }
    assert_eq!(secrets, BTreeSet::from(["releve-jobs".to_owned()]));
    let probe = &spec["containers"][0]["livenessProbe"]["exec"]["command"];
    assert_eq!(
        probe,
        &serde_yaml::from_str::<serde_yaml::Value>("[releve, worker, --health]").unwrap()
    );
}

#[test]
fn kubernetes_api_owns_the_database_and_workers_scale_on_the_jobs_stream() {
    use releve_backend::jobs::redis_queue::{JOB_STREAM, WORKER_GROUP};
    let documents = kubernetes_documents();
    let api = find(&documents, "Deployment", "releve-api");
    let names = env_names(api);
    for needed in [
        "RELEVE_DATABASE_URL",
        "RELEVE_MIGRATION_DATABASE_URL",
        "RELEVE_REDIS_URL",
        "RELEVE_REDIS_CA_FILE",
        "RELEVE_JOB_SIGNING_KEY",
        "RELEVE_KEYS_DIR",
    ] {
        assert!(names.contains(needed), "the api lacks {needed}");
    }
    let service = find(&documents, "Service", "releve-api");
    assert_eq!(
        service["spec"]["selector"],
        api["spec"]["template"]["metadata"]["labels"]
    );
    let scaler = find(&documents, "ScaledObject", "releve-worker");
    assert_eq!(scaler["spec"]["scaleTargetRef"]["name"], "releve-worker");
    let trigger = &scaler["spec"]["triggers"][0];
    assert_eq!(trigger["type"], "redis-streams");
    assert_eq!(trigger["metadata"]["stream"], JOB_STREAM);
    assert_eq!(trigger["metadata"]["consumerGroup"], WORKER_GROUP);
}
