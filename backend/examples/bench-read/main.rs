//! Read benchmark: one unit's month (60 staff × 31 days) read through GraphQL over loopback
//! against PostgreSQL under row-level security, as a cadre's planning screen reads it. Run it
//! through `infra/bench-read.sh` (throwaway PostgreSQL, `RELEVE_TEST_DATABASE_URL`).
//!
//! The month is full: every person works every day (1 860 assignments, more than a real
//! month, where a full-time nurse works about 20 days in 31), so the grid the read returns
//! has 60 × 31 cells and the object list below has one object per cell.
//!
//! The document read (`MONTH`) is the planning screen's: the version's `grid` (one row of day
//! numbers per person) and the unit's staff with their names (60 person keys unwrapped, 120
//! fields decrypted, one access-log entry per root field, two in all). It is driven, each
//! time at a fixed arrival rate (open loop: latency counts from the scheduled send time, so
//! a stalled server cannot hide its queue), then one request at a time (service time), then
//! as fast as 8 connections go, against:
//! - the API, as served in production;
//! - the baseline: the same document over the same stack without the personal-data layer
//!   (names in clear, no key, no access-log entry; see `plain.rs`, bench-only);
//! - the API again with `assignments` (one object per shift) instead of `grid`, the read of
//!   earlier versions, for comparison.
//!
//! The ratio API / baseline is the overhead of encryption and access logging. Its headline
//! figure comes from a last phase where the two servers take turns, one request at a time, in
//! blocks of one second: a neighbour on the machine that slows it for a while then weighs on
//! both sides alike, where phases a minute apart gave single-run ratios from ×0.98 to ×1.53
//! for the same binary.

mod plain;

/// The allocator of the `releve` binary (backend/src/main.rs), so the server embedded here
/// runs as in production.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use releve_backend::config::{Overrides, Settings};
use releve_backend::entity::tenant;
use releve_backend::security::access_token::AccessTokenKeys;
use releve_backend::startup::{Application, Signals, TOKEN_AUDIENCE, TOKEN_ISSUER};
use releve_backend::tenancy::TenantId;
use releve_backend::{database, keys};
use sea_orm::{ActiveValue::Set, ConnectionTrait, Database, EntityTrait};
use secrecy::SecretString;
use serde_json::{Value, json};
use uuid::Uuid;

const STAFF: usize = 60;
const DAYS: u32 = 31;
const RATE: u64 = 200;
const SECONDS: u64 = 20;
const HALF_RUN: Duration = Duration::from_secs(SECONDS / 2);
const CONCURRENCY: usize = 8;
/// Turns of the alternating phase, each one block of the API and one of the baseline.
const TURNS: usize = 20;
const BLOCK: Duration = Duration::from_secs(1);
/// After each block of the alternating phase, time for the access-log appender (a tick every
/// 100 ms) to move the block's entries out of the outbox, so that its work counts in the API's
/// block and not in the baseline's that follows.
const SETTLE: Duration = Duration::from_millis(300);

const MONTH: &str = "query($r: UUID!, $u: UUID!) { \
    roster(id: $r) { version grid { firstDay shiftSets rows { staffId days } } } \
    staffMembers(unitId: $u, first: 100) { nodes { id firstName lastName profession quotite } } }";
const MONTH_AS_OBJECTS: &str = "query($r: UUID!, $u: UUID!) { \
    roster(id: $r) { version assignments { staffId date shiftTypeId } } \
    staffMembers(unitId: $u, first: 100) { nodes { id firstName lastName profession quotite } } }";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let admin_url = std::env::var("RELEVE_TEST_DATABASE_URL")
        .context("RELEVE_TEST_DATABASE_URL manquant : lancez infra/bench-read.sh")?;
    let data_dir = tempfile::tempdir()?;
    let owner_url = create_database(&admin_url).await?;
    let mut settings = Settings::load_from(&Overrides::default(), &[])?;
    settings.bind = "127.0.0.1:0".to_owned();
    settings.data_dir = data_dir.path().to_path_buf();
    settings.static_dir = "/nonexistent-ui".into();
    settings.log = "warn".to_owned();
    settings.migration_database_url = Some(SecretString::from(owner_url.clone()));
    settings.database_url = Some(SecretString::from(create_app_login(&owner_url).await?));
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
    let ring = keys::KeyRing::load(&settings)?;
    releve_backend::identity::users::create_user(
        &db,
        &ring,
        tenant,
        &releve_backend::audit::Actor::system(),
        releve_backend::identity::users::NewUser {
            email: "admin@bench.fr",
            password: "mot-de-passe-long",
            role: "ght_admin",
            scopes: Vec::new(),
        },
    )
    .await?;
    let app = Application::build(&settings, Signals::Ignore).await?;
    let url = format!("{}graphql", app.url());
    tokio::spawn(app.run_until_stopped());

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    let api = Api {
        client,
        url,
        token: String::new(),
    };
    let login = api
        .call(
            "mutation { login(email: \"admin@bench.fr\", password: \"mot-de-passe-long\") { accessToken } }",
            json!({}),
        )
        .await?;
    let api = Arc::new(Api {
        token: text(&login, &["login", "accessToken"])?,
        ..api
    });
    let (roster, unit, names) = seed(&api).await?;
    let tokens = AccessTokenKeys::new(ring.token_secret.as_slice(), TOKEN_ISSUER, TOKEN_AUDIENCE)?;
    let plain_url =
        plain::start(&owner, database::connect(&settings).await?, tokens, &names).await?;
    let baseline = Arc::new(Api {
        client: api.client.clone(),
        url: plain_url,
        token: api.token.clone(),
    });
    let vars = json!({ "r": roster, "u": unit });
    let listed = api.call(MONTH_AS_OBJECTS, vars.clone()).await?;
    let assignments = listed["roster"]["assignments"]
        .as_array()
        .map_or(0, Vec::len);
    for (name, server) in [("API", &api), ("baseline", &baseline)] {
        let read = server.call(MONTH, vars.clone()).await?;
        let rows = read["roster"]["grid"]["rows"]
            .as_array()
            .map_or(0, Vec::len);
        let cells: usize = read["roster"]["grid"]["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|row| row["days"].as_array().map_or(0, Vec::len))
            .sum();
        let named = read["staffMembers"]["nodes"].as_array().map_or(0, |nodes| {
            nodes.iter().filter(|n| n["lastName"].is_string()).count()
        });
        if named != STAFF || rows != STAFF || cells != STAFF * DAYS as usize {
            bail!("{name}: {named} names, {rows} grid rows, {cells} cells");
        }
    }
    if assignments != STAFF * DAYS as usize {
        bail!("seed incomplete: {assignments} assignments");
    }
    println!(
        "Read of one unit's month: {STAFF} staff × {DAYS} days, {assignments} assignments, \
         PostgreSQL (RLS), {} profile — {} CPU(s), load average {}",
        if cfg!(debug_assertions) {
            "dev"
        } else {
            "release"
        },
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let mut runs = Vec::new();
    for (name, server, doc) in [
        ("API", &api, MONTH),
        ("baseline", &baseline, MONTH),
        ("API, assignments as objects", &api, MONTH_AS_OBJECTS),
    ] {
        for _ in 0..50 {
            server.call(doc, vars.clone()).await?;
        }
        println!("load average before {name}: {}", load_average());
        let open = open_loop(server, doc, &vars).await;
        open.print(&format!("{name}, {RATE} req/s for {SECONDS} s"));
        // One at a time: the service time without queueing.
        let alone = closed_loop(server, doc, &vars, 1, HALF_RUN, Duration::ZERO).await;
        alone.print(&format!("{name}, 1 connection"));
        let closed = closed_loop(server, doc, &vars, CONCURRENCY, HALF_RUN, Duration::ZERO).await;
        closed.print(&format!("{name}, {CONCURRENCY} connections flat out"));
        runs.push((open, alone, closed));
    }
    let (api_runs, base_runs) = (&runs[0], &runs[1]);
    let ratio = |a: Duration, b: Duration| ms(a) / ms(b).max(0.001);
    println!(
        "ratio API / baseline, phases apart: p99 at {RATE} req/s ×{:.2}, p50 1 connection ×{:.2}, \
         p50 flat out ×{:.2}, CPU per request (1 connection, API process + PostgreSQL) ×{:.2}",
        ratio(api_runs.0.percentile(0.99), base_runs.0.percentile(0.99)),
        ratio(api_runs.1.percentile(0.50), base_runs.1.percentile(0.50)),
        ratio(api_runs.2.percentile(0.50), base_runs.2.percentile(0.50)),
        api_runs.1.cpu_per_request() / base_runs.1.cpu_per_request().max(1e-9)
    );
    println!(
        "load average before the alternating phase: {}",
        load_average()
    );
    let turns = alternating(&api, &baseline, &vars).await;
    turns.print();
    println!("load average after: {}", load_average());
    Ok(())
}

/// The alternating phase: both sides one request at a time, in turns.
struct Turns {
    api: Run,
    baseline: Run,
    /// CPU per request API / baseline within each turn.
    ratios: Vec<f64>,
}

/// `TURNS` turns of one `BLOCK` of the API and one of the baseline, the order swapped every
/// turn so that neither side always follows the other.
async fn alternating(api: &Arc<Api>, baseline: &Arc<Api>, vars: &Value) -> Turns {
    let mut turns = Turns {
        api: Run::empty(),
        baseline: Run::empty(),
        ratios: Vec::new(),
    };
    for turn in 0..TURNS {
        let (a, b) = if turn % 2 == 0 {
            let a = closed_loop(api, MONTH, vars, 1, BLOCK, SETTLE).await;
            (
                a,
                closed_loop(baseline, MONTH, vars, 1, BLOCK, SETTLE).await,
            )
        } else {
            let b = closed_loop(baseline, MONTH, vars, 1, BLOCK, SETTLE).await;
            (closed_loop(api, MONTH, vars, 1, BLOCK, SETTLE).await, b)
        };
        turns
            .ratios
            .push(a.cpu_per_request() / b.cpu_per_request().max(1e-9));
        turns.api.absorb(a);
        turns.baseline.absorb(b);
    }
    turns.api.latencies.sort();
    turns.baseline.latencies.sort();
    turns
        .ratios
        .sort_by(|x, y| x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal));
    turns
}

impl Turns {
    fn print(&self) {
        let label = format!("{TURNS} turns of {} s, 1 connection", BLOCK.as_secs_f64());
        self.api.print(&format!("API, {label}"));
        self.baseline.print(&format!("baseline, {label}"));
        let median = self
            .ratios
            .get(self.ratios.len() / 2)
            .copied()
            .unwrap_or(0.0);
        let lowest = self.ratios.first().copied().unwrap_or(0.0);
        let highest = self.ratios.last().copied().unwrap_or(0.0);
        println!(
            "overhead ratio API / baseline, alternating: CPU per request (API process + \
             PostgreSQL, appender included) ×{:.2} over all turns (per turn: median ×{median:.2}, \
             from ×{lowest:.2} to ×{highest:.2}), p50 ×{:.2}",
            self.api.cpu_per_request() / self.baseline.cpu_per_request().max(1e-9),
            ms(self.api.percentile(0.50)) / ms(self.baseline.percentile(0.50)).max(0.001)
        );
    }
}

struct Api {
    client: reqwest::Client,
    url: String,
    token: String,
}

impl Api {
    async fn call(&self, query: &str, variables: Value) -> anyhow::Result<Value> {
        let mut request = self
            .client
            .post(&self.url)
            .json(&json!({ "query": query, "variables": variables }));
        if !self.token.is_empty() {
            request = request.bearer_auth(&self.token);
        }
        let body: Value = request.send().await?.json().await?;
        if let Some(errors) = body.get("errors") {
            bail!("GraphQL: {errors}");
        }
        Ok(body["data"].clone())
    }
}

fn text(data: &Value, path: &[&str]) -> anyhow::Result<String> {
    let mut value = data;
    for key in path {
        value = &value[key];
    }
    value
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("{} absent: {data}", path.join(".")))
}

/// Staff ids with their first and last names.
type Names = Vec<(Uuid, String, String)>;

/// One site, one unit, three shift types, 60 staff (CSV import) and a 31-day roster where
/// each person works every day, the shift changing each week (roster import).
async fn seed(api: &Api) -> anyhow::Result<(String, String, Names)> {
    let site = api
        .call(
            "mutation { createEstablishment(finess: \"690000002\", name: \"CH Bench\") { id } }",
            json!({}),
        )
        .await?;
    let site = text(&site, &["createEstablishment", "id"])?;
    let unit = api
        .call(
            "mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }",
            json!({ "i": { "establishmentId": site, "code": "MED", "name": "Médecine" } }),
        )
        .await?;
    let unit = text(&unit, &["createUnit", "id"])?;
    let codes = ["M", "S", "N"];
    for (code, start, night) in [("M", 405, false), ("S", 825, false), ("N", 1260, true)] {
        api.call(
            "mutation($i: ShiftTypeInput!) { createShiftType(input: $i) { id } }",
            json!({ "i": { "code": code, "label": code, "startMinute": start,
                           "durationMinutes": 450, "isNight": night } }),
        )
        .await?;
    }
    let name = |i: usize| (format!("Prénom{i}"), format!("Nom{i}"));
    let mut csv = String::from("nom;prenom;profession;unite;email\n");
    for i in 0..STAFF {
        let (first, last) = name(i);
        csv.push_str(&format!("{last};{first};IDE;MED;agent{i}@bench.fr\n"));
    }
    let imported = api
        .call(
            "mutation($c: String!) { importStaffMembers(format: CSV, content: $c) { imported staffIds } }",
            json!({ "c": csv }),
        )
        .await?;
    let staff: Vec<String> = imported["importStaffMembers"]["staffIds"]
        .as_array()
        .map(|ids| {
            ids.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if staff.len() != STAFF {
        bail!("staff import: {imported}");
    }
    let start = NaiveDate::from_ymd_opt(2027, 3, 1).context("date")?;
    let end = start + chrono::Duration::days(i64::from(DAYS) - 1);
    let roster = api
        .call(
            "mutation($u: UUID!, $s: NaiveDate!, $e: NaiveDate!) { createRoster(unitId: $u, periodStart: $s, periodEnd: $e) { id } }",
            json!({ "u": unit, "s": start.to_string(), "e": end.to_string() }),
        )
        .await?;
    let roster = text(&roster, &["createRoster", "id"])?;
    let mut csv = String::from("agent;date;poste\n");
    for (i, id) in staff.iter().enumerate() {
        for d in 0..DAYS {
            let date = start + chrono::Duration::days(i64::from(d));
            let code = codes[(i + d as usize / 7) % 3];
            csv.push_str(&format!("{id};{date};{code}\n"));
        }
    }
    let imported = api
        .call(
            "mutation($r: UUID!, $c: String!) { importRoster(rosterId: $r, format: CSV, content: $c) { imported errors { row message } } }",
            json!({ "r": roster, "c": csv }),
        )
        .await?;
    if imported["importRoster"]["imported"].as_u64().unwrap_or(0) == 0 {
        bail!("roster import: {imported}");
    }
    let names = staff
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let (first, last) = name(i);
            Ok((id.parse()?, first, last))
        })
        .collect::<anyhow::Result<Names>>()?;
    Ok((roster, unit, names))
}

struct Run {
    latencies: Vec<Duration>,
    /// CPU seconds spent during the run by this process (server and load generator) and by
    /// the PostgreSQL server: less sensitive to other load on the machine than latency.
    cpu: Cpu,
    errors: usize,
    /// The first error, to tell a timeout from a refusal.
    first_error: Option<String>,
    elapsed: Duration,
}

impl Run {
    fn empty() -> Self {
        Self {
            latencies: Vec::new(),
            cpu: Cpu::default(),
            errors: 0,
            first_error: None,
            elapsed: Duration::ZERO,
        }
    }

    /// Adds another run's requests and costs to this one (latencies left unsorted).
    fn absorb(&mut self, other: Run) {
        self.latencies.extend(other.latencies);
        self.cpu.process += other.cpu.process;
        self.cpu.postgres += other.cpu.postgres;
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
        self.elapsed += other.elapsed;
    }

    fn percentile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let index = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[index.min(self.latencies.len() - 1)]
    }

    /// CPU milliseconds per answered request, this process and PostgreSQL together.
    fn cpu_per_request(&self) -> f64 {
        (self.cpu.process + self.cpu.postgres) * 1000.0 / self.latencies.len().max(1) as f64
    }

    fn print(&self, label: &str) {
        println!(
            "{label}: {} ok, {} errors, {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.latencies.len(),
            self.errors,
            self.latencies.len() as f64 / self.elapsed.as_secs_f64(),
            ms(self.percentile(0.50)),
            ms(self.percentile(0.99)),
            ms(self.latencies.last().copied().unwrap_or_default())
        );
        let done = self.latencies.len().max(1) as f64;
        println!(
            "  CPU per request: {:.2} ms in this process (API + load generator), {:.2} ms in PostgreSQL",
            self.cpu.process * 1000.0 / done,
            self.cpu.postgres * 1000.0 / done
        );
        if let Some(error) = &self.first_error {
            println!("  first error: {error}");
        }
    }
}

/// Sends at a fixed rate whatever the answers; latency counts from the scheduled instant.
async fn open_loop(api: &Arc<Api>, doc: &'static str, vars: &Value) -> Run {
    let cpu = Cpu::now();
    let started = Instant::now();
    let period = Duration::from_nanos(1_000_000_000 / RATE);
    let mut tasks = Vec::new();
    for n in 0..RATE * SECONDS {
        let due = started + period * u32::try_from(n).unwrap_or(u32::MAX);
        tokio::time::sleep_until(due.into()).await;
        let api = api.clone();
        let vars = vars.clone();
        tasks.push(tokio::spawn(async move {
            api.call(doc, vars).await.map(|_| due.elapsed())
        }));
    }
    collect(tasks, started, cpu).await
}

/// `connections` clients, each sending its next request as soon as the last answers, for
/// `length`; the CPU is read `settle` after the last answer (background work included).
async fn closed_loop(
    api: &Arc<Api>,
    doc: &'static str,
    vars: &Value,
    connections: usize,
    length: Duration,
    settle: Duration,
) -> Run {
    let cpu = Cpu::now();
    let started = Instant::now();
    let until = started + length;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let api = api.clone();
        let vars = vars.clone();
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            while Instant::now() < until {
                let sent = Instant::now();
                out.push(api.call(doc, vars.clone()).await.map(|_| sent.elapsed()));
            }
            out
        }));
    }
    let mut run = Run::empty();
    for task in tasks {
        for result in task.await.unwrap_or_default() {
            match result {
                Ok(latency) => run.latencies.push(latency),
                Err(error) => {
                    run.errors += 1;
                    run.first_error.get_or_insert_with(|| format!("{error:#}"));
                }
            }
        }
    }
    run.elapsed = started.elapsed();
    tokio::time::sleep(settle).await;
    run.cpu = Cpu::now().since(&cpu);
    run.latencies.sort();
    run
}

async fn collect(
    tasks: Vec<tokio::task::JoinHandle<anyhow::Result<Duration>>>,
    started: Instant,
    cpu: Cpu,
) -> Run {
    let mut run = Run::empty();
    for task in tasks {
        match task.await {
            Ok(Ok(latency)) => run.latencies.push(latency),
            Ok(Err(error)) => {
                run.errors += 1;
                run.first_error.get_or_insert_with(|| format!("{error:#}"));
            }
            Err(error) => {
                run.errors += 1;
                run.first_error.get_or_insert_with(|| error.to_string());
            }
        }
    }
    run.elapsed = started.elapsed();
    run.cpu = Cpu::now().since(&cpu);
    run.latencies.sort();
    run
}

/// CPU seconds used so far (user + system) by this process and by the PostgreSQL server of
/// `RELEVE_TEST_PG_DIR` (its postmaster, the children it reaped, and its live backends).
#[derive(Default)]
struct Cpu {
    process: f64,
    postgres: f64,
}

impl Cpu {
    fn now() -> Self {
        Self {
            process: proc_cpu("self", false),
            postgres: postgres_cpu(),
        }
    }

    fn since(&self, before: &Cpu) -> Cpu {
        Cpu {
            process: self.process - before.process,
            postgres: self.postgres - before.postgres,
        }
    }
}

/// utime + stime (+ cutime + cstime with `children`) of /proc/PID/stat, in seconds.
fn proc_cpu(pid: &str, children: bool) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces), from field 3 on.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<f64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    let ticks = |i: usize| fields.get(i).copied().unwrap_or(0.0);
    // utime, stime, cutime, cstime are fields 14-17 (index 11-14 here); 100 ticks/s on Linux.
    let own = ticks(11) + ticks(12);
    let reaped = if children { ticks(13) + ticks(14) } else { 0.0 };
    (own + reaped) / 100.0
}

fn postgres_cpu() -> f64 {
    let Ok(dir) = std::env::var("RELEVE_TEST_PG_DIR") else {
        return 0.0;
    };
    let pid = std::fs::read_to_string(format!("{dir}/data/postmaster.pid")).unwrap_or_default();
    let Some(postmaster) = pid.lines().next().map(str::trim).filter(|p| !p.is_empty()) else {
        return 0.0;
    };
    let mut total = proc_cpu(postmaster, true);
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1));
        if parent == Some(postmaster) {
            total += proc_cpu(&name, false);
        }
    }
    total
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
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
