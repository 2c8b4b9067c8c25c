//! Solve jobs through Redis to real `releve worker` processes, with real PostgreSQL and a
//! Redis server of each test's own (some tests stop it): crash of a worker mid-solve,
//! Redis restarted empty or with its data, many jobs on several workers, cancellation,
//! per-tenant fairness, forged and malformed entries (security.md T-12, T-13).

use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use redis::AsyncCommands;
use secrecy::SecretString;

use crate::helpers::{Engine as Db, TestApp, releve_command, spawn_app_with};

const SUBMIT: &str = "mutation($p: JSON!, $t: Float!) { submitSolve(problem: $p, timeLimit: $t) \
                      { id state } }";
const JOB: &str = "query($id: UUID!) { job(id: $id) { id state attempts error startedAt \
                   summary { status cancelled } } }";
const CANCEL: &str = "mutation($id: UUID!) { cancelJob(id: $id) { state } }";

const HEARTBEAT: &str = "0.5";
const RECLAIM: f64 = 3.0;

fn ward_problem() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../solver/examples/ward.problem.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Two nurses, three days, one shift a day: solved to optimality in milliseconds.
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

/// A Redis server of this test's own, stopped when dropped.
struct PrivateRedis {
    dir: tempfile::TempDir,
    url: String,
    persist: bool,
}

impl PrivateRedis {
    fn start(persist: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = redis_script(&["start", dir.path().to_str().unwrap()], persist);
        Self { dir, url, persist }
    }

    fn stop(&self) {
        redis_script(&["stop", self.dir.path().to_str().unwrap()], false);
    }

    /// Starts it again on the same port (with its data when persistent).
    fn restart(&self) {
        let url = redis_script(&["start", self.dir.path().to_str().unwrap()], self.persist);
        assert_eq!(url, self.url, "redis came back on another port");
    }

    async fn connection(&self) -> redis::aio::MultiplexedConnection {
        redis::Client::open(self.url.as_str())
            .unwrap()
            .get_multiplexed_async_connection()
            .await
            .unwrap()
    }
}

fn redis_script(args: &[&str], persist: bool) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/redis.sh");
    let mut command = std::process::Command::new("bash");
    command.arg(script).args(args);
    if persist {
        command.arg("--persist");
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "redis.sh {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A `releve worker` process, killed when dropped. Its JSON logs go to a file.
struct Worker {
    child: Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Worker {
    fn start(redis: &PrivateRedis, key: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("worker.log");
        let child = releve_command()
            .arg("worker")
            .env("RELEVE_REDIS_URL", &redis.url)
            .env("RELEVE_JOB_SIGNING_KEY", key)
            .env("RELEVE_JOB_HEARTBEAT_SECONDS", HEARTBEAT)
            .env("RELEVE_SHUTDOWN_TIMEOUT_SECONDS", "1")
            .env("RELEVE_LOG", "releve_backend=info,warn")
            .env("RELEVE_LOG_FORMAT", "json")
            .env("RELEVE_DATA_DIR", dir.path())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Self {
            child,
            log,
            _dir: dir,
        }
    }

    /// SIGKILL: no chance to report anything.
    fn kill_hard(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Log lines carrying `message`.
    fn lines_with(&self, message: &str) -> Vec<String> {
        self.log()
            .lines()
            .filter(|line| line.contains(message))
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Setup {
    app: TestApp,
    redis: PrivateRedis,
    key: String,
    cadre: String,
}

impl Setup {
    async fn new(persist: bool) -> Self {
        Self::with_tenant_limit(persist, 2).await
    }

    async fn with_tenant_limit(persist: bool, limit: usize) -> Self {
        let redis = PrivateRedis::start(persist);
        let key = base64::engine::general_purpose::STANDARD.encode(
            [
                uuid::Uuid::new_v4().into_bytes(),
                uuid::Uuid::new_v4().into_bytes(),
            ]
            .concat(),
        );
        let (url, signing) = (redis.url.clone(), key.clone());
        let app = spawn_app_with(Db::Postgres, move |settings| {
            settings.redis_url = Some(SecretString::from(url));
            settings.job_signing_key = Some(SecretString::from(signing));
            settings.job_heartbeat_seconds = HEARTBEAT.parse().unwrap();
            settings.job_reclaim_seconds = RECLAIM;
            settings.job_tenant_running_limit = limit;
        })
        .await;
        let tenant = app.create_tenant("nord").await;
        app.create_user(tenant, "cadre@nord.fr", "mot-de-passe-long", "unit_manager")
            .await;
        let cadre = app.token("cadre@nord.fr").await;
        Self {
            app,
            redis,
            key,
            cadre,
        }
    }

    fn worker(&self) -> Worker {
        Worker::start(&self.redis, &self.key)
    }

    async fn submit_as(&self, token: &str, problem: &serde_json::Value, time_limit: f64) -> String {
        let body = self
            .app
            .graphql_as(
                Some(token),
                SUBMIT,
                serde_json::json!({ "p": problem, "t": time_limit }),
            )
            .await;
        body["data"]["submitSolve"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{body}"))
            .to_owned()
    }

    async fn submit(&self, problem: &serde_json::Value, time_limit: f64) -> String {
        self.submit_as(&self.cadre, problem, time_limit).await
    }

    async fn job_as(&self, token: &str, id: &str) -> serde_json::Value {
        let body = self
            .app
            .graphql_as(Some(token), JOB, serde_json::json!({ "id": id }))
            .await;
        assert!(body["errors"].is_null(), "{body}");
        body["data"]["job"].clone()
    }

    async fn job(&self, id: &str) -> serde_json::Value {
        self.job_as(&self.cadre, id).await
    }

    /// Polls until the job is in one of `states`.
    async fn wait_for(&self, id: &str, states: &[&str], within: Duration) -> serde_json::Value {
        let deadline = Instant::now() + within;
        loop {
            let job = self.job(id).await;
            if states.contains(&job["state"].as_str().unwrap()) {
                return job;
            }
            assert!(
                Instant::now() < deadline,
                "job {id} never reached {states:?}: {job}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn wait_final(&self, id: &str, within: Duration) -> serde_json::Value {
        self.wait_for(id, &["SUCCEEDED", "FAILED", "CANCELLED"], within)
            .await
    }

    /// The value of a sample in `/metrics`, e.g. `releve_jobs_reclaimed_total`.
    async fn metric(&self, sample: &str) -> f64 {
        let text = self.app.get("metrics").await.text().await.unwrap();
        text.lines()
            .find_map(|line| line.strip_prefix(sample)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("{sample} not in /metrics:\n{text}"))
            .parse()
            .unwrap()
    }

    async fn dead_letters(&self) -> Vec<redis::streams::StreamId> {
        let mut connection = self.redis.connection().await;
        let reply: redis::streams::StreamRangeReply = connection
            .xrange_all("releve:jobs:dead-letter")
            .await
            .unwrap();
        reply.ids
    }

    async fn stream_length(&self, stream: &str) -> usize {
        let mut connection = self.redis.connection().await;
        connection.xlen(stream).await.unwrap()
    }
}

#[tokio::test]
async fn a_worker_killed_mid_solve_has_its_job_completed_once_by_another() {
    let setup = Setup::new(false).await;
    let mut first = setup.worker();
    let id = setup.submit(&ward_problem(), 3.0).await;
    let job = setup
        .wait_for(&id, &["RUNNING"], Duration::from_secs(30))
        .await;
    assert_eq!(job["attempts"], 1);
    let second = setup.worker();
    tokio::time::sleep(Duration::from_millis(500)).await;
    first.kill_hard();

    let job = setup.wait_final(&id, Duration::from_secs(40)).await;
    assert_eq!(job["state"], "SUCCEEDED", "{job}");
    assert_eq!(job["attempts"], 2, "{job}");
    assert_eq!(setup.metric("releve_jobs_reclaimed_total").await, 1.0);
    assert_eq!(
        setup
            .metric("releve_jobs_finished_total{state=\"succeeded\"}")
            .await,
        1.0,
        "the result is stored exactly once"
    );
    assert!(setup.dead_letters().await.is_empty(), "no dead letter");
    assert_eq!(setup.stream_length("releve:jobs:dispatch").await, 0);
    assert_eq!(second.lines_with("job done").len(), 1, "{}", second.log());
}

async fn no_job_is_lost_when_redis_restarts_mid_run(persist: bool) {
    // No tenant limit here: waiting jobs sit in the stream, where a restart can lose them.
    let setup = Setup::with_tenant_limit(persist, 10).await;
    let mut ids = Vec::new();
    for _ in 0..8 {
        ids.push(setup.submit(&ward_problem(), 2.0).await);
    }
    // Workers start once every job is in the stream: most still wait there when Redis goes.
    // (Dispatch may lag on a loaded machine: wait for it rather than assume it.)
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while setup.stream_length("releve:jobs:dispatch").await < ids.len() {
        assert!(
            std::time::Instant::now() < deadline,
            "the jobs never all reached the stream"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let workers = [setup.worker(), setup.worker()];
    setup
        .wait_for(&ids[0], &["RUNNING"], Duration::from_secs(30))
        .await;
    let in_stream = setup.stream_length("releve:jobs:dispatch").await;
    // Two running, the others waiting (a loaded machine may have finished one or two).
    assert!(in_stream >= 3, "only {in_stream} entries in the stream");
    setup.redis.stop();
    tokio::time::sleep(Duration::from_millis(700)).await;
    setup.redis.restart();

    for id in &ids {
        let job = setup.wait_final(id, Duration::from_secs(60)).await;
        assert_eq!(job["state"], "SUCCEEDED", "{job}");
    }
    assert_eq!(
        setup
            .metric("releve_jobs_finished_total{state=\"succeeded\"}")
            .await,
        8.0,
        "each job stored exactly once"
    );
    let solved: usize = workers.iter().map(|w| w.lines_with("job done").len()).sum();
    assert!(solved >= 8, "{solved} solves for 8 jobs");
    let redispatched = setup.metric("releve_jobs_redispatched_total").await;
    if persist {
        assert_eq!(redispatched, 0.0, "the append-only file kept every entry");
    } else {
        assert!(
            redispatched >= 1.0,
            "the entries waiting in the stream were lost"
        );
    }
}

#[tokio::test]
async fn no_job_is_lost_when_redis_restarts_empty() {
    no_job_is_lost_when_redis_restarts_mid_run(false).await;
}

#[tokio::test]
async fn no_job_is_lost_when_redis_restarts_with_its_data() {
    no_job_is_lost_when_redis_restarts_mid_run(true).await;
}

#[tokio::test]
async fn three_workers_finish_thirty_jobs_each_exactly_once() {
    let setup = Setup::with_tenant_limit(false, 30).await;
    let workers = [setup.worker(), setup.worker(), setup.worker()];
    let problem = tiny_problem();
    let mut ids = Vec::new();
    for _ in 0..30 {
        ids.push(setup.submit(&problem, 5.0).await);
    }
    for id in &ids {
        let job = setup.wait_final(id, Duration::from_secs(60)).await;
        assert_eq!(job["state"], "SUCCEEDED", "{job}");
        assert_eq!(job["attempts"], 1, "{job}");
        assert_eq!(job["summary"]["status"], "optimal", "{job}");
    }
    assert_eq!(
        setup
            .metric("releve_jobs_finished_total{state=\"succeeded\"}")
            .await,
        30.0
    );
    // Every solve ran once: 30 "job done" lines across the workers, one per job id.
    let mut done: Vec<String> = workers
        .iter()
        .flat_map(|w| w.lines_with("job done"))
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(&line).unwrap();
            value["job_id"].as_str().unwrap().to_owned()
        })
        .collect();
    for worker in &workers {
        assert!(
            !worker.lines_with("job done").is_empty(),
            "a worker stayed idle"
        );
    }
    done.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(done, expected);
    assert_eq!(setup.stream_length("releve:jobs:dispatch").await, 0);
    assert_eq!(setup.stream_length("releve:jobs:events").await, 0);
}

#[tokio::test]
async fn cancelling_a_running_job_stops_its_worker_within_a_second() {
    let setup = Setup::new(false).await;
    let worker = setup.worker();
    let id = setup.submit(&ward_problem(), 60.0).await;
    setup
        .wait_for(&id, &["RUNNING"], Duration::from_secs(30))
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let asked = Instant::now();
    let body = setup
        .app
        .graphql_as(Some(&setup.cadre), CANCEL, serde_json::json!({ "id": id }))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let job = setup.wait_final(&id, Duration::from_secs(10)).await;
    let stopped = asked.elapsed();
    assert_eq!(job["state"], "CANCELLED", "{job}");
    assert_eq!(job["summary"]["cancelled"], true, "{job}");
    assert!(
        stopped < Duration::from_millis(1500),
        "stopped after {stopped:?}"
    );
    assert_eq!(worker.lines_with("stop requested").len(), 1);
}

#[tokio::test]
async fn a_job_cancelled_while_its_worker_is_dead_ends_cancelled_not_retried() {
    let setup = Setup::new(false).await;
    let mut worker = setup.worker();
    let id = setup.submit(&ward_problem(), 30.0).await;
    setup
        .wait_for(&id, &["RUNNING"], Duration::from_secs(30))
        .await;
    worker.kill_hard();
    let body = setup
        .app
        .graphql_as(Some(&setup.cadre), CANCEL, serde_json::json!({ "id": id }))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let job = setup.wait_final(&id, Duration::from_secs(20)).await;
    assert_eq!(job["state"], "CANCELLED", "{job}");
    assert_eq!(job["attempts"], 1, "{job}");
    assert_eq!(setup.stream_length("releve:jobs:dispatch").await, 0);
}

#[tokio::test]
async fn a_tenants_single_job_starts_before_the_third_of_another_tenants_twenty() {
    let setup = Setup::new(false).await;
    let _worker = setup.worker();
    let south = setup.app.create_tenant("sud").await;
    setup
        .app
        .create_user(south, "cadre@sud.fr", "mot-de-passe-long", "unit_manager")
        .await;
    let other = setup.app.token("cadre@sud.fr").await;
    let ward = ward_problem();
    let mut a_jobs = Vec::new();
    for _ in 0..20 {
        a_jobs.push(setup.submit(&ward, 2.0).await);
    }
    let b_job = setup.submit_as(&other, &tiny_problem(), 2.0).await;

    let deadline = Instant::now() + Duration::from_secs(60);
    let b = loop {
        let b = setup.job_as(&other, &b_job).await;
        if b["state"] == "SUCCEEDED" {
            break b;
        }
        assert!(Instant::now() < deadline, "{b}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let b_started = b["startedAt"].as_str().unwrap().to_owned();
    let third = setup.job(&a_jobs[2]).await;
    if let Some(third_started) = third["startedAt"].as_str() {
        let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
        assert!(
            parse(&b_started) < parse(third_started),
            "B started {b_started}, A's third {third_started}"
        );
    }
    // At most two of A's jobs were ever dispatched or running at once.
    let running_or_done = {
        let mut n = 0;
        for id in &a_jobs {
            if setup.job(id).await["startedAt"].is_string() {
                n += 1;
            }
        }
        n
    };
    assert!(
        running_or_done <= 3,
        "{running_or_done} of A's jobs started"
    );
}

#[tokio::test]
async fn forged_and_malformed_entries_are_refused_logged_and_the_worker_goes_on() {
    let setup = Setup::new(false).await;
    let worker = setup.worker();
    let mut connection = setup.redis.connection().await;
    let payload = serde_json::json!({
        "job_id": uuid::Uuid::new_v4(),
        "tenant_id": uuid::Uuid::new_v4(),
        "fencing_token": 1,
        "problem": tiny_problem().to_string(),
        "params": { "time_limit": 1.0, "seed": 0, "max_iterations": null },
    })
    .to_string();
    let forged_tag = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
    let entries: [&[(&str, &str)]; 3] = [
        // Forged: a well-formed job with a tag made without the key.
        &[("body", &payload), ("tag", &forged_tag)],
        // Malformed: no body, no tag.
        &[("hello", "world")],
        // Altered after signing: the tag of another body.
        &[("body", "{\"job_id\": 1}"), ("tag", &forged_tag)],
    ];
    for fields in entries {
        let _: String = connection
            .xadd("releve:jobs:dispatch", "*", fields)
            .await
            .unwrap();
    }
    // The worker goes on: a real job after them is solved.
    let id = setup.submit(&tiny_problem(), 5.0).await;
    let job = setup.wait_final(&id, Duration::from_secs(30)).await;
    assert_eq!(job["state"], "SUCCEEDED", "{job}");

    let refused = worker.lines_with("job refused");
    assert_eq!(refused.len(), 3, "{}", worker.log());
    assert!(
        refused.iter().any(|l| l.contains("signature invalide")),
        "{refused:?}"
    );
    assert!(
        refused.iter().any(|l| l.contains("champ body manquant")),
        "{refused:?}"
    );
    let dead = setup.dead_letters().await;
    assert_eq!(dead.len(), 3);
    for entry in &dead {
        assert_eq!(entry.get::<String>("source").as_deref(), Some("dispatch"));
    }
    assert_eq!(setup.stream_length("releve:jobs:dispatch").await, 0);
}

#[tokio::test]
async fn a_worker_stopped_by_sigterm_hands_its_job_back_after_the_grace_period() {
    let setup = Setup::new(false).await;
    let mut first = setup.worker();
    let id = setup.submit(&ward_problem(), 4.0).await;
    setup
        .wait_for(&id, &["RUNNING"], Duration::from_secs(30))
        .await;
    let second = setup.worker();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &first.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    // Grace period 1 s (RELEVE_SHUTDOWN_TIMEOUT_SECONDS), then the solve stops and is handed back.
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = first.child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "the worker did not stop");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(exit.success(), "{}", first.log());
    assert_eq!(first.lines_with("handed back").len(), 1, "{}", first.log());

    let job = setup.wait_final(&id, Duration::from_secs(30)).await;
    assert_eq!(job["state"], "SUCCEEDED", "{job}");
    assert_eq!(
        job["attempts"], 1,
        "a hand-back is not a failed attempt: {job}"
    );
    assert_eq!(second.lines_with("job done").len(), 1, "{}", second.log());
    assert_eq!(setup.metric("releve_jobs_reclaimed_total").await, 0.0);
}

/// Collects a job's progress through one replica's subscription until its final state.
async fn follow(app: &TestApp, token: &str, id: &str) -> Vec<serde_json::Value> {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let mut socket = app.websocket(Some(token)).await;
    socket
        .send(crate::helpers::ws_message(serde_json::json!({
            "id": "1",
            "type": "subscribe",
            "payload": {
                "query": "subscription($id: UUID!) { jobProgress(id: $id) { state objective } }",
                "variables": { "id": id }
            }
        })))
        .await
        .unwrap();
    let mut events = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .unwrap_or_else(|_| panic!("no final state within 60 s, got {events:?}"))
            .unwrap()
            .unwrap();
        let Message::Text(text) = message else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        match value["type"].as_str() {
            Some("next") => events.push(value["payload"]["data"]["jobProgress"].clone()),
            Some("complete") => return events,
            Some("error") => panic!("subscription error: {value}"),
            _ => {}
        }
    }
}

#[tokio::test]
async fn every_api_replica_streams_a_jobs_progress_to_the_end() {
    let setup = Setup::new(false).await;
    let other = setup.app.replica().await;
    let id = setup.submit(&ward_problem(), 2.0).await;
    let (cadre, app) = (setup.cadre.clone(), &setup.app);
    let watch_here = follow(app, &cadre, &id);
    let watch_there = follow(&other, &cadre, &id);
    let _worker = setup.worker();
    let (here, there) = tokio::join!(watch_here, watch_there);
    for events in [&here, &there] {
        assert_eq!(events.last().unwrap()["state"], "SUCCEEDED", "{events:?}");
        // Both saw the job start, whichever replica read the worker's events.
        assert!(events.iter().any(|e| e["state"] == "RUNNING"), "{events:?}");
    }
}

#[tokio::test]
async fn a_repair_runs_on_a_worker_and_keeps_what_did_not_change() {
    let setup = Setup::new(false).await;
    let worker = setup.worker();
    // A published roster A, A, A; A is away on day 1: B takes it, the rest stays.
    let mut problem = tiny_problem();
    let a = |d: u32| serde_json::json!({ "staff": "A", "day": d, "shift": "M" });
    problem["reference"] = serde_json::json!({ "weight": 1000, "assignments": [a(0), a(1), a(2)] });
    problem["fixed_days_off"] = serde_json::json!([{ "staff": "A", "day": 1 }]);
    // Day 1 must be covered (a target alone costs less than a change).
    problem["cover"][1]["min"] = serde_json::json!(1);
    let submit = "mutation($p: JSON!, $n: Int) { submitSolve(problem: $p, timeLimit: 5, \
                  repairAlternatives: $n) { id } }";
    // Out of range, or without the published roster: refused naming the field.
    let bad = setup
        .app
        .graphql_as(
            Some(&setup.cadre),
            submit,
            serde_json::json!({ "p": problem, "n": 9 }),
        )
        .await;
    assert_eq!(
        bad["errors"][0]["extensions"]["field"], "repairAlternatives",
        "{bad}"
    );
    let bare = setup
        .app
        .graphql_as(
            Some(&setup.cadre),
            submit,
            serde_json::json!({ "p": tiny_problem(), "n": 2 }),
        )
        .await;
    assert_eq!(
        bare["errors"][0]["extensions"]["field"], "problem",
        "{bare}"
    );
    let body = setup
        .app
        .graphql_as(
            Some(&setup.cadre),
            submit,
            serde_json::json!({ "p": problem, "n": 2 }),
        )
        .await;
    let id = body["data"]["submitSolve"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let job = setup.wait_final(&id, Duration::from_secs(60)).await;
    assert_eq!(job["state"], "SUCCEEDED", "{job}");
    let full = setup
        .app
        .graphql_as(
            Some(&setup.cadre),
            "query($id: UUID!) { job(id: $id) { roster summary { hardViolations } } }",
            serde_json::json!({ "id": id }),
        )
        .await;
    assert_eq!(
        full["data"]["job"]["summary"]["hardViolations"], 0,
        "{full}"
    );
    let mut got: Vec<(String, u64)> = full["data"]["job"]["roster"]["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["staff"].as_str().unwrap().to_owned(),
                x["day"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, vec![("A".into(), 0), ("A".into(), 2), ("B".into(), 1)]);
    // The worker, not the API, ran it.
    let done = worker.lines_with("job done");
    assert!(done.iter().any(|l| l.contains(&id)), "{done:?}");
}
