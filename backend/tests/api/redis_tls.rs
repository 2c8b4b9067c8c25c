//! Redis over TLS with ACL users (issue 6: "reaches PostgreSQL and Redis over TLS when
//! configured"; issue 7: workers hold no database credentials). A throwaway redis-server
//! listens on TLS only (plain port 0), with a certificate issued in the test by a CA of its
//! own, and loads `infra/redis-users.acl.example` (passwords substituted). The API and a real
//! `releve worker` connect as their own users with `rediss://` and the CA file; a job runs end
//! to end, a forged entry is dead-lettered and a running job cancelled, without a single ACL
//! refusal (`ACL LOG`), and the worker user is refused what it has no use for.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use releve_backend::jobs::redis_client;
use secrecy::SecretString;

use crate::helpers::{Engine, TestApp, releve_command, spawn_app_with};

const API_PASSWORD: &str = "mot-de-passe-api-de-test";
const WORKER_PASSWORD: &str = "mot-de-passe-worker-de-test";
/// Only this test's own checks use it (not in the example file).
const ADMIN_PASSWORD: &str = "mot-de-passe-admin-de-test";

/// A redis-server on TLS only, killed when dropped.
struct TlsRedis {
    child: Child,
    port: u16,
    ca_file: PathBuf,
    dir: tempfile::TempDir,
}

impl TlsRedis {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        // A CA of the test's own, and the server's certificate for 127.0.0.1 signed by it.
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let server_key = KeyPair::generate().unwrap();
        let server = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap()
            .signed_by(&server_key, &ca)
            .unwrap();
        std::fs::write(path("ca.crt"), ca.pem()).unwrap();
        std::fs::write(path("server.crt"), server.pem()).unwrap();
        std::fs::write(path("server.key"), server_key.serialize_pem()).unwrap();

        let example = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../infra/redis-users.acl.example"
        ))
        .unwrap();
        let users = example
            .replace("CHANGE-ME-API", API_PASSWORD)
            .replace("CHANGE-ME-WORKER", WORKER_PASSWORD)
            + &format!("user admin on >{ADMIN_PASSWORD} ~* &* +@all\n");
        std::fs::write(path("users.acl"), users).unwrap();

        let port = free_port();
        let child = std::process::Command::new("redis-server")
            .args(["--port", "0", "--bind", "127.0.0.1", "--save", ""])
            .args(["--tls-port", &port.to_string()])
            .arg("--tls-cert-file")
            .arg(path("server.crt"))
            .arg("--tls-key-file")
            .arg(path("server.key"))
            .arg("--tls-ca-cert-file")
            .arg(path("ca.crt"))
            .args(["--tls-auth-clients", "no"])
            .arg("--aclfile")
            .arg(path("users.acl"))
            .arg("--dir")
            .arg(dir.path())
            .stdout(std::fs::File::create(path("redis.log")).unwrap())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let redis = Self {
            child,
            port,
            ca_file: path("ca.crt"),
            dir,
        };
        redis.wait_ready();
        redis
    }

    fn url(&self, user: &str, password: &str) -> String {
        format!("rediss://{user}:{password}@127.0.0.1:{}/", self.port)
    }

    fn client(&self, user: &str, password: &str) -> redis::Client {
        redis_client::open(
            &SecretString::from(self.url(user, password)),
            Some(&self.ca_file),
        )
        .unwrap()
    }

    async fn admin(&self) -> redis::aio::MultiplexedConnection {
        self.client("admin", ADMIN_PASSWORD)
            .get_multiplexed_async_connection()
            .await
            .unwrap()
    }

    /// Denials recorded since start (`ACL LOG`), as (username, reason, object).
    async fn denials(&self) -> Vec<(String, String, String)> {
        let mut admin = self.admin().await;
        let entries: Vec<std::collections::HashMap<String, redis::Value>> = redis::cmd("ACL")
            .arg("LOG")
            .query_async(&mut admin)
            .await
            .unwrap();
        let text =
            |entry: &std::collections::HashMap<String, redis::Value>, field: &str| match entry
                .get(field)
            {
                Some(redis::Value::BulkString(bytes)) => String::from_utf8_lossy(bytes).into(),
                Some(redis::Value::SimpleString(text)) => text.clone(),
                other => format!("{other:?}"),
            };
        entries
            .iter()
            .map(|e| (text(e, "username"), text(e, "reason"), text(e, "object")))
            .collect()
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "redis-server never listened on TLS: {}",
                std::fs::read_to_string(self.dir.path().join("redis.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for TlsRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn worker(url: &str, ca_file: Option<&Path>, key: &str, data: &Path) -> std::process::Command {
    let mut command = releve_command();
    command
        .arg("worker")
        .env("RELEVE_REDIS_URL", url)
        .env("RELEVE_JOB_SIGNING_KEY", key)
        .env("RELEVE_JOB_HEARTBEAT_SECONDS", "0.5")
        .env("RELEVE_SHUTDOWN_TIMEOUT_SECONDS", "1")
        .env("RELEVE_DATA_DIR", data);
    if let Some(ca_file) = ca_file {
        command.env("RELEVE_REDIS_CA_FILE", ca_file);
    }
    command
}

async fn job_of(app: &TestApp, token: &str, id: &str) -> serde_json::Value {
    let body = app
        .graphql_as(
            Some(token),
            "query($id: UUID!) { job(id: $id) { state attempts error } }",
            serde_json::json!({ "id": id }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["job"].clone()
}

async fn wait_final(app: &TestApp, token: &str, id: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let job = job_of(app, token, id).await;
        if ["SUCCEEDED", "FAILED", "CANCELLED"].contains(&job["state"].as_str().unwrap_or("")) {
            return job;
        }
        assert!(Instant::now() < deadline, "job {id} never finished: {job}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn submit(app: &TestApp, token: &str, problem: &serde_json::Value, limit: f64) -> String {
    let body = app
        .graphql_as(
            Some(token),
            "mutation($p: JSON!, $t: Float!) { submitSolve(problem: $p, timeLimit: $t) { id } }",
            serde_json::json!({ "p": problem, "t": limit }),
        )
        .await;
    body["data"]["submitSolve"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

fn ward_problem() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../solver/examples/ward.problem.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Two nurses, three days, one shift a day: solved in milliseconds.
fn tiny_problem() -> serde_json::Value {
    let day = |d: u32| serde_json::json!({ "date": format!("2027-01-0{}", 4 + d), "weekday": d, "holiday": false });
    let cover = |d: u32| serde_json::json!({ "day": d, "shift": "M", "target": 1, "under_weight": 100, "over_weight": 10 });
    let nurse = |id: &str| serde_json::json!({ "id": id, "contract": "100%", "qualifications": ["IDE"], "limits": {} });
    serde_json::json!({
        "version": 1,
        "name": "tiny",
        "shift_types": [{ "id": "M", "start_minute": 420, "duration_minutes": 450 }],
        "staff": [nurse("A"), nurse("B")],
        "days": [day(0), day(1), day(2)],
        "min_rest_minutes": 720,
        "cover": [cover(0), cover(1), cover(2)],
    })
}

#[tokio::test]
async fn a_job_runs_through_redis_over_tls_with_acl_users_and_the_worker_is_confined() {
    let redis = TlsRedis::start();
    let data = tempfile::tempdir().unwrap();
    let key = base64::engine::general_purpose::STANDARD.encode(
        [
            uuid::Uuid::new_v4().into_bytes(),
            uuid::Uuid::new_v4().into_bytes(),
        ]
        .concat(),
    );
    let worker_url = redis.url("worker", WORKER_PASSWORD);

    // Without the CA, the server's certificate is not trusted: the worker does not start.
    let untrusted = worker(&worker_url, None, &key, data.path())
        .arg("--health")
        .output()
        .unwrap();
    assert!(
        !untrusted.status.success(),
        "a worker trusted an unknown certificate: {}",
        String::from_utf8_lossy(&untrusted.stdout)
    );
    // Plain text to the TLS port is no Redis conversation either.
    let plain = releve_backend::jobs::redis_client::open(
        &SecretString::from(format!(
            "redis://worker:{WORKER_PASSWORD}@127.0.0.1:{}/",
            redis.port
        )),
        None,
    )
    .unwrap();
    let attempt = tokio::time::timeout(Duration::from_secs(5), async {
        let mut connection = plain.get_multiplexed_async_connection().await?;
        redis::cmd("PING")
            .query_async::<String>(&mut connection)
            .await
    })
    .await;
    assert!(
        !matches!(attempt, Ok(Ok(_))),
        "plain text was answered on the TLS port"
    );
    // With it, the health check passes.
    let health = worker(&worker_url, Some(&redis.ca_file), &key, data.path())
        .arg("--health")
        .output()
        .unwrap();
    assert!(
        health.status.success(),
        "worker --health over TLS: {}",
        String::from_utf8_lossy(&health.stderr)
    );

    let (api_url, ca_file, signing) = (
        redis.url("api", API_PASSWORD),
        redis.ca_file.clone(),
        key.clone(),
    );
    let app = spawn_app_with(Engine::Postgres, move |settings| {
        settings.redis_url = Some(SecretString::from(api_url));
        settings.redis_ca_file = Some(ca_file);
        settings.job_signing_key = Some(SecretString::from(signing));
        settings.job_heartbeat_seconds = 0.5;
        settings.job_reclaim_seconds = 3.0;
    })
    .await;
    let tenant = app.create_tenant("nord").await;
    app.create_user(tenant, "cadre@nord.fr", "mot-de-passe-long", "unit_manager")
        .await;
    let cadre = app.token("cadre@nord.fr").await;
    let log = data.path().join("worker.log");
    let mut running = worker(&worker_url, Some(&redis.ca_file), &key, data.path())
        .env("RELEVE_LOG", "releve_backend=info,warn")
        .env("RELEVE_LOG_FORMAT", "json")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();

    // A forged entry first: the worker refuses it, dead-letters it and acknowledges it.
    let mut admin = redis.admin().await;
    let _: String = redis::cmd("XADD")
        .arg("releve:jobs:dispatch")
        .arg("*")
        .arg("body")
        .arg("{\"job_id\": 1}")
        .arg("tag")
        .arg("AAAA")
        .query_async(&mut admin)
        .await
        .unwrap();
    let id = submit(&app, &cadre, &tiny_problem(), 5.0).await;
    let job = wait_final(&app, &cadre, &id).await;
    let worker_log = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(job["state"], "SUCCEEDED", "{job}\n{worker_log}");
    assert_eq!(job["attempts"], 1, "{job}");
    assert!(worker_log.contains("job done"), "{worker_log}");
    let dead: usize = redis::cmd("XLEN")
        .arg("releve:jobs:dead-letter")
        .query_async(&mut admin)
        .await
        .unwrap();
    assert_eq!(dead, 1, "the forged entry is dead-lettered: {worker_log}");
    // A cancellation reaches the running solve through its stop key.
    let long = submit(&app, &cadre, &ward_problem(), 60.0).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while job_of(&app, &cadre, &long).await["state"] != "RUNNING" {
        assert!(Instant::now() < deadline, "the long job never started");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let body = app
        .graphql_as(
            Some(&cadre),
            "mutation($id: UUID!) { cancelJob(id: $id) { state } }",
            serde_json::json!({ "id": long }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let job = wait_final(&app, &cadre, &long).await;
    assert_eq!(job["state"], "CANCELLED", "{job}");
    let pending: usize = redis::cmd("XLEN")
        .arg("releve:jobs:dispatch")
        .query_async(&mut admin)
        .await
        .unwrap();
    assert_eq!(pending, 0, "every dispatch acknowledged and deleted");
    // Neither the API nor the worker was refused anything on the way (pub/sub, the forged
    // entry's dead letter and acknowledgement, the cancellation's stop key included).
    assert_eq!(redis.denials().await, Vec::new());

    // The worker user may do its job and nothing more.
    let mut confined = redis
        .client("worker", WORKER_PASSWORD)
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let refused = |result: redis::RedisResult<redis::Value>, what: &str| {
        let error = result.expect_err(what);
        assert_eq!(error.code(), Some("NOPERM"), "{what}: {error}");
    };
    refused(
        redis::cmd("FLUSHALL").query_async(&mut confined).await,
        "FLUSHALL",
    );
    refused(
        redis::cmd("XADD")
            .arg("autre:flux")
            .arg("*")
            .arg("a")
            .arg("b")
            .query_async(&mut confined)
            .await,
        "a stream outside the queue's keys",
    );
    refused(
        redis::cmd("XADD")
            .arg("releve:jobs:stop:x")
            .arg("*")
            .arg("a")
            .arg("b")
            .query_async(&mut confined)
            .await,
        "writing a stop key (read-only for workers)",
    );
    refused(
        redis::cmd("PUBLISH")
            .arg("releve:jobs:progress")
            .arg("x")
            .query_async(&mut confined)
            .await,
        "publishing progress (the API's channel)",
    );
    let denials = redis.denials().await;
    assert_eq!(denials.len(), 4, "{denials:?}");
    assert!(
        denials.iter().all(|(user, _, _)| user == "worker"),
        "{denials:?}"
    );
    assert!(
        denials
            .iter()
            .any(|(_, reason, object)| reason == "command" && object == "flushall"),
        "{denials:?}"
    );
    assert!(
        denials
            .iter()
            .any(|(_, reason, object)| reason == "key" && object == "autre:flux"),
        "{denials:?}"
    );
    // And no anonymous access.
    let mut anonymous = redis_client::open(
        &SecretString::from(format!("rediss://127.0.0.1:{}/", redis.port)),
        Some(&redis.ca_file),
    )
    .unwrap()
    .get_multiplexed_async_connection()
    .await
    .unwrap();
    let error = redis::cmd("PING")
        .query_async::<String>(&mut anonymous)
        .await
        .expect_err("anonymous PING");
    assert_eq!(error.code(), Some("NOAUTH"), "{error}");

    let _ = running.kill();
    let _ = running.wait();
}
