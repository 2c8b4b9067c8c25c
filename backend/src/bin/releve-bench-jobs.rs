//! `releve-bench-jobs`: measures solve jobs through Redis with real `releve worker`
//! processes and prints the figures. Run it through `infra/bench-jobs.sh`, which starts a
//! throwaway PostgreSQL and Redis (it reads their URLs from `RELEVE_TEST_DATABASE_URL` and
//! `RELEVE_TEST_REDIS_URL`) and builds the binaries.
//!
//! - dispatch latency: job accepted (submit returns) → the worker's "started" is applied by
//!   the API, with idle workers, one job at a time;
//! - cancel → stop: cancel request → the cancelled result stored;
//! - throughput of small jobs (a 6-day ward, solved to optimality in ~0.2 s) with 1, 2 and
//!   4 workers, 40 jobs each.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine;
use releve_backend::config::{Overrides, Settings};
use releve_backend::entity::tenant;
use releve_backend::jobs::engine::SolveParams;
use releve_backend::jobs::queue::JobQueue;
use releve_backend::jobs::{JobState, service};
use releve_backend::tenancy::TenantId;
use releve_backend::{database, keys};
use sea_orm::{ActiveValue::Set, ConnectionTrait, Database, EntityTrait};
use secrecy::SecretString;
use tokio::sync::broadcast;
use uuid::Uuid;

const WARD: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../solver/examples/ward.problem.json"
));
const LATENCY_SAMPLES: usize = 100;
const CANCEL_SAMPLES: usize = 5;
const THROUGHPUT_JOBS: usize = 40;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let admin_url = std::env::var("RELEVE_TEST_DATABASE_URL")
        .context("RELEVE_TEST_DATABASE_URL manquant : lancez infra/bench-jobs.sh")?;
    let redis_url = std::env::var("RELEVE_TEST_REDIS_URL")
        .context("RELEVE_TEST_REDIS_URL manquant : lancez infra/bench-jobs.sh")?;
    let data_dir = std::env::temp_dir().join(format!("releve-bench-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&data_dir)?;
    let key = base64::engine::general_purpose::STANDARD
        .encode([Uuid::new_v4().into_bytes(), Uuid::new_v4().into_bytes()].concat());

    let owner_url = create_database(&admin_url).await?;
    let mut settings = Settings::load_from(&Overrides::default(), &[])?;
    settings.data_dir = data_dir.clone();
    settings.migration_database_url = Some(SecretString::from(owner_url.clone()));
    settings.database_url = Some(SecretString::from(create_app_login(&owner_url).await?));
    settings.redis_url = Some(SecretString::from(redis_url.clone()));
    settings.job_signing_key = Some(SecretString::from(key.clone()));
    // Throughput is measured for one tenant: lift the per-tenant limit.
    settings.job_tenant_running_limit = 1000;
    keys::init(&settings)?;
    let owner = database::connect_owner(&settings).await?;
    database::migrate_up(&owner).await?;
    let tenant = TenantId(Uuid::new_v4());
    tenant::Entity::insert(tenant::ActiveModel {
        id: Set(tenant.0),
        slug: Set("bench".to_owned()),
        name: Set("GHT bench".to_owned()),
        created_at: Set(chrono::Utc::now().fixed_offset()),
    })
    .exec(&owner)
    .await?;

    let db = database::connect(&settings).await?;
    let client = redis::Client::open(redis_url.as_str())?;
    let queue = JobQueue::start(&settings, Some(client), db.clone()).await?;
    let bench = Bench {
        db,
        queue,
        tenant,
        redis_url,
        key,
    };
    println!(
        "Jobs through Redis — {} CPU(s), load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    let mut workers = bench.workers(4)?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut latencies = Vec::new();
    for _ in 0..LATENCY_SAMPLES {
        latencies.push(bench.dispatch_latency().await?);
    }
    latencies.sort();
    println!(
        "dispatch latency (accepted → started, 4 idle workers, {LATENCY_SAMPLES} jobs): \
         p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    );

    let mut stops = Vec::new();
    for _ in 0..CANCEL_SAMPLES {
        stops.push(bench.cancel_to_stop().await?);
    }
    stops.sort();
    println!(
        "cancel → stop (running solve, {CANCEL_SAMPLES} jobs): median {:.0} ms, max {:.0} ms",
        ms(percentile(&stops, 0.5)),
        ms(stops.last().copied().unwrap_or_default()),
    );
    stop_all(&mut workers);

    let mut first = None;
    for count in [1, 2, 4] {
        let mut workers = bench.workers(count)?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let jobs_per_second = bench.throughput().await?;
        stop_all(&mut workers);
        let base = *first.get_or_insert(jobs_per_second);
        println!(
            "throughput, {count} worker(s), {THROUGHPUT_JOBS} jobs of a 6-day ward: \
             {jobs_per_second:.2} jobs/s (×{:.2})",
            jobs_per_second / base
        );
    }
    let _ = std::fs::remove_dir_all(&data_dir);
    Ok(())
}

struct Bench {
    db: sea_orm::DatabaseConnection,
    queue: JobQueue,
    tenant: TenantId,
    redis_url: String,
    key: String,
}

impl Bench {
    fn workers(&self, count: usize) -> anyhow::Result<Vec<Child>> {
        let releve = std::env::current_exe()?.with_file_name("releve");
        (0..count)
            .map(|_| {
                Command::new(&releve)
                    .arg("worker")
                    .env("RELEVE_REDIS_URL", &self.redis_url)
                    .env("RELEVE_JOB_SIGNING_KEY", &self.key)
                    .env("RELEVE_LOG", "warn")
                    .env("RELEVE_SHUTDOWN_TIMEOUT_SECONDS", "0")
                    .stdout(Stdio::null())
                    .spawn()
                    .with_context(|| format!("{} introuvable", releve.display()))
            })
            .collect()
    }

    async fn submit(&self, problem: &str, time_limit: f64) -> anyhow::Result<Uuid> {
        let params = SolveParams {
            time_limit,
            seed: 0,
            max_iterations: None,
            repair: None,
        };
        let job = service::submit(
            &self.db,
            &self.queue,
            self.tenant,
            Uuid::new_v4(),
            problem.to_owned(),
            params,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(job.id)
    }

    /// Accepted → started, for one tiny job; waits for it to finish.
    async fn dispatch_latency(&self) -> anyhow::Result<Duration> {
        let mut events = self.queue.subscribe();
        let problem = tiny_problem().to_string();
        let id = self.submit(&problem, 5.0).await?;
        let accepted = Instant::now();
        wait_state(&mut events, id, |s| s == JobState::Running).await?;
        let latency = accepted.elapsed();
        wait_state(&mut events, id, JobState::is_final).await?;
        Ok(latency)
    }

    /// A 60 s solve, cancelled 1 s after it started.
    async fn cancel_to_stop(&self) -> anyhow::Result<Duration> {
        let mut events = self.queue.subscribe();
        let id = self.submit(WARD, 60.0).await?;
        wait_state(&mut events, id, |s| s == JobState::Running).await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let asked = Instant::now();
        service::cancel(&self.db, &self.queue, self.tenant, id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let state = wait_state(&mut events, id, JobState::is_final).await?;
        if state != JobState::Cancelled {
            bail!("job {id} ended {state:?}, not cancelled");
        }
        Ok(asked.elapsed())
    }

    /// Jobs per second for a batch submitted at once.
    async fn throughput(&self) -> anyhow::Result<f64> {
        let mut events = self.queue.subscribe();
        let problem = short_ward().to_string();
        let started = Instant::now();
        let mut pending = std::collections::HashSet::new();
        for _ in 0..THROUGHPUT_JOBS {
            pending.insert(self.submit(&problem, 30.0).await?);
        }
        while !pending.is_empty() {
            let event = next_event(&mut events).await?;
            if event.state.is_final()
                && pending.remove(&event.job_id)
                && event.state != JobState::Succeeded
            {
                bail!("job {} ended {:?}", event.job_id, event.state);
            }
        }
        Ok(THROUGHPUT_JOBS as f64 / started.elapsed().as_secs_f64())
    }
}

async fn next_event(
    events: &mut broadcast::Receiver<releve_backend::jobs::JobEvent>,
) -> anyhow::Result<releve_backend::jobs::JobEvent> {
    tokio::time::timeout(Duration::from_secs(120), events.recv())
        .await
        .context("aucun événement depuis 120 s")?
        .context("flux d'événements interrompu")
}

async fn wait_state(
    events: &mut broadcast::Receiver<releve_backend::jobs::JobEvent>,
    id: Uuid,
    wanted: impl Fn(JobState) -> bool,
) -> anyhow::Result<JobState> {
    loop {
        let event = next_event(events).await?;
        if event.job_id == id && wanted(event.state) {
            return Ok(event.state);
        }
    }
}

fn stop_all(workers: &mut Vec<Child>) {
    for worker in workers.iter_mut() {
        let _ = worker.kill();
        let _ = worker.wait();
    }
    workers.clear();
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Two nurses, three days: solved in milliseconds.
fn tiny_problem() -> serde_json::Value {
    let day = |d: u32| serde_json::json!({ "date": format!("2027-01-0{}", 4 + d), "weekday": d, "holiday": false });
    let cover = |d: u32| serde_json::json!({ "day": d, "shift": "M", "target": 1, "under_weight": 100, "over_weight": 10 });
    let nurse = |id: &str| serde_json::json!({ "id": id, "contract": "100%", "qualifications": ["IDE"], "limits": {} });
    serde_json::json!({
        "version": 1, "name": "tiny",
        "shift_types": [{ "id": "M", "start_minute": 420, "duration_minutes": 450 }],
        "staff": [nurse("A"), nurse("B")],
        "days": [day(0), day(1), day(2)],
        "min_rest_minutes": 720,
        "cover": [cover(0), cover(1), cover(2)],
    })
}

/// The example ward cut to 6 days (without its monthly limits): a real model that HiGHS
/// solves to optimality in about 0.2 s, so that each job is a fixed amount of work.
fn short_ward() -> serde_json::Value {
    const DAYS: u64 = 6;
    let mut ward: serde_json::Value = serde_json::from_str(WARD).unwrap_or_default();
    let before = |item: &serde_json::Value| item["day"].as_u64().is_some_and(|d| d < DAYS);
    if let Some(days) = ward["days"].as_array_mut() {
        days.truncate(DAYS as usize);
    }
    for list in ["cover", "fixed_days_off", "requests"] {
        if let Some(items) = ward[list].as_array_mut() {
            items.retain(before);
        }
    }
    ward["rolling_windows"] = serde_json::json!([]);
    if let Some(staff) = ward["staff"].as_array_mut() {
        for person in staff {
            if let Some(limits) = person["limits"].as_object_mut() {
                for monthly in ["min_total_minutes", "max_total_minutes", "max_weekends"] {
                    limits.remove(monthly);
                }
            }
        }
    }
    ward
}

async fn create_database(admin_url: &str) -> anyhow::Result<String> {
    let name = format!("bench_{}", Uuid::new_v4().simple());
    let admin = Database::connect(admin_url).await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await?;
    admin.close().await?;
    let mut url = url::Url::parse(admin_url)?;
    url.set_path(&name);
    Ok(url.to_string())
}

/// A login role in `releve_app`, as the API runs in production (row-level security on).
async fn create_app_login(owner_url: &str) -> anyhow::Result<String> {
    let owner = Database::connect(owner_url).await?;
    <releve_migrations::Migrator as releve_migrations::MigratorTrait>::up(&owner, None).await?;
    let login = format!("bench_{}", Uuid::new_v4().simple());
    owner
        .execute_unprepared(&format!(
            "CREATE ROLE {login} LOGIN IN ROLE {}",
            releve_migrations::tenant_isolation::APP_ROLE
        ))
        .await?;
    owner.close().await?;
    let mut url = url::Url::parse(owner_url)?;
    url.set_username(&login)
        .map_err(|()| anyhow::anyhow!("URL PostgreSQL sans hôte"))?;
    Ok(url.to_string())
}
