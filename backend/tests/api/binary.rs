//! The `releve` binary as an operator runs it: migrate, demo, graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{create_postgres_database, test_postgres_url};

use crate::helpers::releve_command as releve;

/// A running `releve demo` and the URL it printed.
struct Demo {
    child: Child,
    url: String,
    _data_dir: tempfile::TempDir,
}

impl Demo {
    fn start(extra_env: &[(&str, &str)], static_dir: Option<&std::path::Path>) -> Demo {
        let data_dir = tempfile::tempdir().unwrap();
        let mut command = releve();
        command
            .args(["demo", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(dir) = static_dir {
            command.arg("--static-dir").arg(dir);
        }
        for (k, v) in extra_env {
            command.env(k, v);
        }
        let mut child = command.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().unwrap().unwrap();
        assert!(
            first.starts_with("Relève démo prête : http://127.0.0.1:"),
            "{first}"
        );
        let url = first.rsplit(' ').next().unwrap().to_owned();
        // Keep draining stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Demo {
            child,
            url,
            _data_dir: data_dir,
        }
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn wait_exit(&mut self, within: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "releve did not stop within {within:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn demo_serves_graphql_and_the_ui_then_stops_on_sigterm() {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(
        ui.path().join("index.html"),
        "<!doctype html><title>Relève UI</title>",
    )
    .unwrap();
    let mut demo = Demo::start(&[], Some(ui.path()));
    let client = reqwest::Client::new();

    let body: serde_json::Value = client
        .post(format!("{}graphql", demo.url))
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["__typename"], "QueryRoot");
    let page = client
        .get(&demo.url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Relève UI"));
    // Client-side routes get the UI's index page too.
    let routed = client
        .get(format!("{}planning/semaine", demo.url))
        .send()
        .await
        .unwrap();
    assert_eq!(routed.status(), 200);
    assert!(routed.text().await.unwrap().contains("Relève UI"));

    demo.terminate();
    let status = demo.wait_exit(Duration::from_secs(15));
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn requests_are_logged_as_json_lines_with_a_request_id() {
    let data_dir = tempfile::tempdir().unwrap();
    let mut child = releve()
        .args(["demo", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir.path())
        .env("RELEVE_LOG", "info")
        .env("RELEVE_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first.trim().rsplit(' ').next().unwrap().to_owned();
    let status = reqwest::get(format!("{url}healthz"))
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let request_lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).expect("every log line is JSON")
        })
        .filter(|entry| entry.to_string().contains("/healthz"))
        .collect();
    assert!(
        !request_lines.is_empty(),
        "no log line for the request: {stderr}"
    );
    let entry = request_lines[0].to_string();
    assert!(entry.contains("request_id"), "{entry}");
    assert!(entry.contains("\"http.status_code\":200"), "{entry}");
}

#[tokio::test]
async fn sigterm_lets_an_in_flight_request_finish() {
    // A "Redis" that accepts connections and never answers makes /readyz wait for its
    // 2 s check timeout: a request still in flight when SIGTERM arrives.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let redis_url = format!("redis://{}/", silent.local_addr().unwrap());
    let mut demo = Demo::start(&[("RELEVE_REDIS_URL", &redis_url)], None);
    let url = format!("{}readyz", demo.url);
    let in_flight = tokio::spawn(async move { reqwest::get(url).await.map(|r| r.status()) });
    tokio::time::sleep(Duration::from_millis(500)).await;
    demo.terminate();
    let status = in_flight
        .await
        .unwrap()
        .expect("the in-flight request must get its answer");
    assert_eq!(status, 503);
    assert!(demo.wait_exit(Duration::from_secs(15)).success());
}

#[test]
fn demo_seeding_twice_changes_nothing() {
    let data_dir = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let mut child = releve()
            .args(["demo", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.contains("http://127.0.0.1:"), "{first}");
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let output = releve()
        .args(["migrate", "status"])
        .env("RELEVE_DATA_DIR", data_dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Applied"), "{text}");
}

#[tokio::test]
async fn migrate_up_status_down_on_postgres() {
    let url = create_postgres_database(&test_postgres_url()).await;
    let run = |args: &[&str]| {
        let output = releve()
            .args(args)
            .env("RELEVE_DATABASE_URL", &url)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(run(&["migrate", "status"]).contains("Pending"));
    run(&["migrate", "up"]);
    let status = run(&["migrate", "status"]);
    assert!(
        status.contains("Applied") && !status.contains("Pending"),
        "{status}"
    );
    run(&["migrate", "down", "--steps", "1"]);
    assert!(run(&["migrate", "status"]).contains("Pending"));
}

/// Runs one GraphQL operation against a running demo.
async fn demo_gql(
    client: &reqwest::Client,
    demo: &Demo,
    token: Option<&str>,
    query: &str,
    variables: serde_json::Value,
) -> serde_json::Value {
    let mut request = client
        .post(format!("{}graphql", demo.url))
        .json(&serde_json::json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let body: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body}");
    body["data"].clone()
}

async fn demo_login(client: &reqwest::Client, demo: &Demo, email: &str) -> String {
    let data = demo_gql(
        client,
        demo,
        None,
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        serde_json::json!({ "e": email, "p": releve_backend::demo::DEMO_PASSWORD }),
    )
    .await;
    data["login"]["accessToken"].as_str().unwrap().to_owned()
}

fn nodes(connection: &serde_json::Value) -> Vec<serde_json::Value> {
    connection["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

#[tokio::test]
async fn demo_alpha_is_the_generated_ght_with_named_staff_maquettes_and_rosters() {
    let demo = Demo::start(&[], None);
    let client = reqwest::Client::new();
    let admin = demo_login(&client, &demo, "admin@alpha.demo").await;

    let q = "{ establishments(first: 10) { edges { node { finess name } } } \
               units(first: 100) { edges { node { id code name } } } \
               shiftTypes { code } }";
    let data = demo_gql(&client, &demo, Some(&admin), q, serde_json::json!({})).await;
    let sites = nodes(&data["establishments"]);
    assert_eq!(sites.len(), 3, "{sites:?}");
    assert!(
        sites
            .iter()
            .all(|s| s["finess"].as_str().unwrap().len() == 9)
    );
    let units = nodes(&data["units"]);
    assert_eq!(units.len(), 20, "{units:?}");
    let unit = |code: &str| {
        units
            .iter()
            .find(|u| u["code"] == code)
            .unwrap_or_else(|| panic!("unit {code} missing"))
            .clone()
    };
    assert_eq!(unit("E1-REA1")["name"], "Réanimation 1");
    let codes: Vec<&str> = data["shiftTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    for code in ["M", "S", "N", "N12", "J12", "G", "A", "AM", "PM"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }

    // Every person of the generator, with a made-up name (sealed, read back through the API).
    let mut people = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = demo_gql(
            &client,
            &demo,
            Some(&admin),
            "query($a: String) { staffMembers(first: 100, after: $a) { \
               edges { node { id firstName lastName profession userId homeUnitId pool } } \
               pageInfo { hasNextPage } } }",
            serde_json::json!({ "a": after }),
        )
        .await;
        let page = nodes(&data["staffMembers"]);
        after = page.last().map(|p| p["id"].as_str().unwrap().to_owned());
        people.extend(page);
        if data["staffMembers"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
    }
    assert!(
        (550..=700).contains(&people.len()),
        "{} staff",
        people.len()
    );
    assert!(people.iter().all(|p| {
        let name = p["lastName"].as_str().unwrap();
        !name.is_empty() && !name.contains("E1-")
    }));
    for profession in ["IDE", "AS", "ASH", "SF", "IADE", "IBODE", "PH", "INT"] {
        assert!(
            people.iter().any(|p| p["profession"] == profession),
            "no {profession}"
        );
    }
    // The generator's pool de suppléance is stored as such (IDE and AS of each site).
    let pooled: Vec<_> = people.iter().filter(|p| p["pool"] == true).collect();
    assert!(
        pooled.len() >= 10 && pooled.len() < people.len() / 4,
        "{} pool members",
        pooled.len()
    );
    assert!(
        pooled
            .iter()
            .all(|p| p["profession"] == "IDE" || p["profession"] == "AS")
    );
    // Today's default substitutions, editable per GHT.
    let data = demo_gql(
        &client,
        &demo,
        Some(&admin),
        "{ qualificationSubstitutions { fromQualification toQualification cost effectiveFrom } }",
        serde_json::json!({}),
    )
    .await;
    let mut seeded: Vec<(String, String, i64)> = data["qualificationSubstitutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert!(s["effectiveFrom"].is_null(), "{s}");
            (
                s["fromQualification"].as_str().unwrap().to_owned(),
                s["toQualification"].as_str().unwrap().to_owned(),
                s["cost"].as_i64().unwrap(),
            )
        })
        .collect();
    seeded.sort();
    assert_eq!(
        seeded,
        [("IADE", "IDE", 10), ("IBODE", "IDE", 10), ("IDE", "AS", 20)].map(|(f, t, c)| (
            f.to_owned(),
            t.to_owned(),
            c
        ))
    );
    let med1 = unit("E1-MED1");
    let linked: Vec<_> = people.iter().filter(|p| !p["userId"].is_null()).collect();
    assert_eq!(linked.len(), 1, "agent@alpha.demo is one staff record");
    assert_eq!(linked[0]["homeUnitId"], med1["id"]);

    let data = demo_gql(
        &client,
        &demo,
        Some(&admin),
        "query($u: UUID!) { maquette(unitId: $u) { qualification min target } \
           rosters(unitId: $u) { edges { node { id } } } }",
        serde_json::json!({ "u": med1["id"] }),
    )
    .await;
    let lines = data["maquette"].as_array().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l["qualification"] == "IDE" && l["min"].as_i64().unwrap() > 0),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l["qualification"] == "PH"),
        "{lines:?}"
    );
    assert_eq!(nodes(&data["rosters"]).len(), 1);

    // The cadre manages the first unit only: they see its people (and the pool members
    // authorised there), nobody else.
    let cadre = demo_login(&client, &demo, "cadre@alpha.demo").await;
    let data = demo_gql(
        &client,
        &demo,
        Some(&cadre),
        "{ staffMembers(first: 100) { edges { node { homeUnitId authorisedUnitIds } } } }",
        serde_json::json!({}),
    )
    .await;
    let visible = nodes(&data["staffMembers"]);
    assert!(
        (20..100).contains(&visible.len()),
        "{} visible",
        visible.len()
    );
    assert!(visible.iter().all(|p| {
        p["homeUnitId"] == med1["id"]
            || p["authorisedUnitIds"]
                .as_array()
                .unwrap()
                .contains(&med1["id"])
    }));

    // The generator's hospital data is in the database: doctors' shift codes with their
    // activity, cycles and each person's line, joint night requirements, the theatre
    // programme, parameters, travel times, absences and desiderata.
    let data = demo_gql(
        &client,
        &demo,
        Some(&admin),
        "{ shiftTypes { id code activity halfDays breakMinutes qualifications } }",
        serde_json::json!({}),
    )
    .await;
    let shift = |code: &str| {
        data["shiftTypes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == code)
            .unwrap_or_else(|| panic!("shift {code} missing: {data}"))
            .clone()
    };
    assert_eq!(shift("G")["activity"], "GARDE");
    assert_eq!(shift("G")["halfDays"], 2);
    assert_eq!(shift("G")["qualifications"], serde_json::json!(["PH"]));
    assert_eq!(shift("G-INT")["activity"], "GARDE");
    assert_eq!(shift("A")["activity"], "ASTREINTE");
    assert_eq!(shift("AM")["halfDays"], 1);
    assert_eq!(shift("M")["activity"], "WORK");
    assert_eq!(shift("M")["breakMinutes"], 20);
    for code in ["SEANCE-CHIR", "SEANCE-ANES", "J10-IADE", "J10-IBODE"] {
        assert_eq!(
            shift(code)["qualifications"].as_array().unwrap().len(),
            1,
            "{code}"
        );
    }
    let (garde, seance) = (shift("G")["id"].clone(), shift("SEANCE-CHIR")["id"].clone());

    let agent_record = linked[0]["id"].clone();
    let data = demo_gql(
        &client,
        &demo,
        Some(&admin),
        "query($u: UUID!, $s: UUID!) { workCycles(unitId: $u) { id weeks pattern } \
           staffCycles(staffId: $s) { cycleId anchorDate } \
           ruleParameters(unitId: $u) { scope key value } \
           travelTimes { minutes } }",
        serde_json::json!({ "u": med1["id"], "s": agent_record }),
    )
    .await;
    let cycles = data["workCycles"].as_array().unwrap();
    assert!(cycles.len() >= 9, "{} trames in E1-MED1", cycles.len());
    assert!(
        cycles
            .iter()
            .all(|c| c["weeks"] == 4 && c["pattern"].as_array().unwrap().len() == 28)
    );
    let own = &data["staffCycles"][0];
    assert!(
        cycles.iter().any(|c| c["id"] == own["cycleId"]),
        "the agent follows one of the unit's trames: {data}"
    );
    let keys: Vec<&str> = data["ruleParameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    for key in ["cycle_weeks", "cycle_anchor", "fph_fortnight_anchor"] {
        assert!(keys.contains(&key), "{key} missing: {keys:?}");
    }
    assert_eq!(data["travelTimes"].as_array().unwrap().len(), 6, "{data}");

    let rea1 = unit("E1-REA1");
    let bloc1 = unit("E1-BLOC1");
    let data = demo_gql(
        &client,
        &demo,
        Some(&admin),
        "query($r: UUID!, $b: UUID!) { jointRequirements(unitId: $r) { kind shiftTypeIds label } \
           ruleParameters(unitId: $r) { scope key value } \
           rosters(unitId: $b) { edges { node { id periodStart periodEnd } } } }",
        serde_json::json!({ "r": rea1["id"], "b": bloc1["id"] }),
    )
    .await;
    let joint = &data["jointRequirements"][0];
    assert_eq!(joint["kind"], "AT_LEAST", "{data}");
    assert!(joint["shiftTypeIds"].as_array().unwrap().contains(&garde));
    assert!(
        data["ruleParameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["scope"] == "UNIT"
                && p["key"] == "fph_derogation_12h"
                && p["value"] == "true")
    );
    let month = nodes(&data["rosters"])[0].clone();
    let data = demo_gql(
        &client,
        &demo,
        Some(&admin),
        "query($b: UUID!, $f: NaiveDate!, $t: NaiveDate!) { \
           theatreProgramme(unitId: $b, from: $f, to: $t) { room date teamShiftTypeIds } \
           absences(unitId: $b, from: $f, to: $t, first: 100) { edges { node { id } } } \
           desiderata(unitId: $b, from: $f, to: $t, first: 100) { edges { node { id } } } }",
        serde_json::json!({ "b": bloc1["id"], "f": month["periodStart"], "t": month["periodEnd"] }),
    )
    .await;
    let sessions = data["theatreProgramme"].as_array().unwrap();
    // Three rooms on each working weekday of the generator's four weeks.
    assert!(
        (45..=60).contains(&sessions.len()),
        "{} sessions",
        sessions.len()
    );
    assert!(
        sessions
            .iter()
            .all(|s| s["teamShiftTypeIds"].as_array().unwrap().len() == 4
                && s["teamShiftTypeIds"][0] == seance)
    );
    assert!(
        !nodes(&data["absences"]).is_empty(),
        "no absence in E1-BLOC1"
    );
    assert!(
        !nodes(&data["desiderata"]).is_empty(),
        "no desiderata in E1-BLOC1"
    );

    // The pre-computed rosters of next month, read by the first site's manager: the ICU's has
    // a senior's garde every night, the theatre's its sessions.
    let site = demo_login(&client, &demo, "site@alpha.demo").await;
    let read = "query($u: UUID!) { rosters(unitId: $u) { edges { node { id } } } }";
    let roster_of = |unit: serde_json::Value| {
        let (client, demo, site) = (&client, &demo, &site);
        async move {
            let data = demo_gql(
                client,
                demo,
                Some(site),
                read,
                serde_json::json!({ "u": unit }),
            )
            .await;
            let id = nodes(&data["rosters"])[0]["id"].clone();
            demo_gql(
                client,
                demo,
                Some(site),
                "query($id: UUID!) { roster(id: $id) { assignments { staffId date shiftTypeId } \
                   roster { versions { source } } } }",
                serde_json::json!({ "id": id }),
            )
            .await
        }
    };
    let icu = roster_of(rea1["id"].clone()).await;
    let assignments = icu["roster"]["assignments"].as_array().unwrap();
    let gardes: std::collections::BTreeSet<&str> = assignments
        .iter()
        .filter(|a| a["shiftTypeId"] == garde)
        .map(|a| a["date"].as_str().unwrap())
        .collect();
    assert!(
        gardes.len() >= 28,
        "{} nights with a senior on garde",
        gardes.len()
    );
    assert!(
        icu["roster"]["roster"]["versions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["source"] == "import")
    );
    let theatre = roster_of(bloc1["id"].clone()).await;
    let held = theatre["roster"]["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["shiftTypeId"] == seance)
        .count();
    assert!(held >= 30, "{held} sessions with their surgeon");
}
