//! The hospital problem through the API and the database: the theatre programme and joint
//! requirements in scope, counters and the fairness ledger written at publication and read in
//! scope with an access-log entry, the next period's problem built with history and ledger,
//! a solve that follows a unit's cycle, and a unit's local accord on daily rest changing what
//! the checker flags.

use std::time::{Duration as Wait, Instant};

use chrono::{Datelike, Duration, NaiveDate, Utc};
use releve_backend::tenancy;
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const READ: &str = "query($id: UUID!) { roster(id: $id) { version blockingViolations \
    assignments { staffId date shiftTypeId } \
    violations { rule hard staffId dates fingerprint override { reasonCode } } \
    roster { state versions { number source } } } }";
const SET: &str = "mutation($i: SetAssignmentInput!) { setAssignment(input: $i) { version \
    violations { rule hard staffId dates } } }";
const SESSION: &str = "mutation($u: UUID!, $r: String!, $d: NaiveDate!, $t: [UUID!]!, $w: Int) { \
    setTheatreSession(unitId: $u, room: $r, date: $d, teamShiftTypeIds: $t, weight: $w) \
    { id unitId room date teamShiftTypeIds weight } }";
const PROGRAMME: &str = "query($u: UUID!, $f: NaiveDate!, $t: NaiveDate!) { \
    theatreProgramme(unitId: $u, from: $f, to: $t) { id room date teamShiftTypeIds weight } }";
const JOINT: &str = "mutation($u: UUID!, $k: JointKind!, $s: [UUID!]!, $w: [Int!], $l: String!) { \
    createJointRequirement(unitId: $u, kind: $k, shiftTypeIds: $s, weekdays: $w, count: 1, \
    label: $l, effectiveFrom: \"2026-01-01\") { id kind shiftTypeIds weekdays count label } }";
const JOINTS: &str = "query($u: UUID!) { jointRequirements(unitId: $u) { id kind label } }";
const COUNTERS: &str = "query($s: UUID!, $f: NaiveDate!, $t: NaiveDate!) { \
    recordedCounters(staffId: $s, from: $f, to: $t) { staffId periodStart plannedMinutes \
    nightMinutes sundaysHolidaysWorked source } }";
const LEDGER: &str = "query($s: UUID!, $f: NaiveDate!, $t: NaiveDate!) { \
    fairnessLedger(staffId: $s, from: $f, to: $t) { rosterId nights weekends holidays refusedWishes } }";

/// The first Monday at least `days` days from today.
fn monday_after(days: i64) -> NaiveDate {
    let d = Utc::now().date_naive() + Duration::days(days);
    d + Duration::days(i64::from((7 - d.weekday().num_days_from_monday()) % 7))
}

async fn roster(g: &Ght, start: NaiveDate, days: i64) -> String {
    let body = g.create_roster(&g.cadre_a, &g.unit_a, start, days).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn assign(g: &Ght, roster: &str, staff: &str, date: NaiveDate, shift: &str) -> Value {
    let input = json!({ "i": { "rosterId": roster, "staffId": staff, "date": date.to_string(),
                               "shiftTypeId": shift } });
    ok(&g.app, &g.cadre_a, SET, input).await["setAssignment"].clone()
}

async fn publish(g: &Ght, roster: &str) {
    let data = ok(&g.app, &g.cadre_a, READ, json!({ "id": roster })).await;
    for v in data["roster"]["violations"].as_array().unwrap() {
        if v["hard"] == true && v["override"].is_null() {
            ok(
                &g.app,
                &g.cadre_a,
                "mutation($r: UUID!, $f: String!) { overrideViolation(rosterId: $r, \
                 fingerprint: $f, reasonCode: SERVICE_CONTINUITY) { reasonCode } }",
                json!({ "r": roster, "f": v["fingerprint"] }),
            )
            .await;
        }
    }
    for op in ["validateRoster", "publishRoster"] {
        let body = gql(
            &g.app,
            &g.cadre_a,
            &format!("mutation($id: UUID!) {{ {op}(id: $id) {{ state }} }}"),
            json!({ "id": roster }),
        )
        .await;
        assert!(body["errors"].is_null(), "{op}: {body}");
    }
}

/// The violations of `rule` for `staff` in the roster's current version.
async fn flagged(g: &Ght, roster: &str, rule: &str, staff: &str) -> usize {
    let data = ok(&g.app, &g.cadre_a, READ, json!({ "id": roster })).await;
    data["roster"]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["rule"] == rule && v["staffId"] == json!(staff))
        .count()
}

#[tokio::test]
async fn theatre_programme_and_joint_requirements_are_planned_in_scope() {
    let g = Ght::new(Engine::Postgres, "bloc").await;
    let app = &g.app;
    let day = monday_after(20);
    let team = json!([g.morning, g.night]);
    let vars = |unit: &str, room: &str, team: Value, weight: Option<i32>| json!({ "u": unit, "r": room, "d": day.to_string(), "t": team, "w": weight });

    // The unit's cadre sets a session; setting it again replaces its team and weight.
    let first = ok(
        app,
        &g.cadre_a,
        SESSION,
        vars(&g.unit_a, "Salle 1", team.clone(), None),
    )
    .await["setTheatreSession"]
        .clone();
    assert_eq!(first["weight"], 500, "{first}");
    assert_eq!(first["teamShiftTypeIds"], team);
    let again = ok(
        app,
        &g.cadre_a,
        SESSION,
        vars(&g.unit_a, "Salle 1", json!([g.morning]), Some(800)),
    )
    .await["setTheatreSession"]
        .clone();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["weight"], 800);

    // Readers of the unit read the programme; another unit's cadre and staff do not.
    let span =
        json!({ "u": g.unit_a, "f": day.to_string(), "t": (day + Duration::days(6)).to_string() });
    for reader in [&g.cadre_a, &g.site, &g.hr, &g.admin] {
        let data = ok(app, reader, PROGRAMME, span.clone()).await;
        assert_eq!(
            data["theatreProgramme"].as_array().unwrap().len(),
            1,
            "{data}"
        );
    }
    for outsider in [&g.cadre_b, &g.agent, &g.dpo] {
        let body = gql(app, outsider, PROGRAMME, span.clone()).await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
        let body = gql(
            app,
            outsider,
            SESSION,
            vars(&g.unit_a, "Salle 2", team.clone(), None),
        )
        .await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
    }
    let body = gql(
        app,
        &g.site,
        SESSION,
        vars(&g.unit_a, "Salle 2", team.clone(), None),
    )
    .await;
    assert!(
        body["errors"].is_null(),
        "the site manager plans the site's units: {body}"
    );

    // Bad input names the field.
    let body = gql(
        app,
        &g.cadre_a,
        SESSION,
        vars(&g.unit_a, "Salle 3", json!([]), None),
    )
    .await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], "team", "{body}");
    let twice = json!([g.morning, g.morning]);
    let body = gql(
        app,
        &g.cadre_a,
        SESSION,
        vars(&g.unit_a, "Salle 3", twice, None),
    )
    .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "team", "{body}");
    let body = gql(
        app,
        &g.cadre_a,
        SESSION,
        vars(&g.unit_a, " ", team.clone(), None),
    )
    .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "room", "{body}");

    // Deleting: the unit's planners only.
    let delete = "mutation($i: UUID!) { deleteTheatreSession(id: $i) }";
    let body = gql(app, &g.cadre_b, delete, json!({ "i": first["id"] })).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    ok(app, &g.cadre_a, delete, json!({ "i": first["id"] })).await;
    let data = ok(app, &g.cadre_a, PROGRAMME, span.clone()).await;
    let rooms: Vec<&Value> = data["theatreProgramme"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(rooms.len(), 1, "{data}");
    assert_eq!(rooms[0]["room"], "Salle 2");

    // Joint requirements: a senior every night, written by the unit's planners.
    let joint = |unit: &str, weekdays: Value| {
        json!({ "u": unit, "k": "AT_LEAST", "s": [g.night], "w": weekdays,
                "l": "sénior de garde ou d'astreinte la nuit" })
    };
    let made =
        ok(app, &g.cadre_a, JOINT, joint(&g.unit_a, json!([]))).await["createJointRequirement"]
            .clone();
    assert_eq!(made["kind"], "AT_LEAST");
    assert_eq!(made["weekdays"], json!([]));
    let body = gql(app, &g.cadre_a, JOINT, joint(&g.unit_a, json!([7]))).await;
    assert_eq!(
        body["errors"][0]["extensions"]["field"], "weekdays",
        "{body}"
    );
    let body = gql(app, &g.cadre_b, JOINT, joint(&g.unit_a, json!([]))).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    let list = ok(app, &g.hr, JOINTS, json!({ "u": g.unit_a })).await;
    assert_eq!(
        list["jointRequirements"].as_array().unwrap().len(),
        1,
        "{list}"
    );
    let body = gql(app, &g.cadre_b, JOINTS, json!({ "u": g.unit_a })).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    let delete = "mutation($i: UUID!) { deleteJointRequirement(id: $i) }";
    let body = gql(app, &g.cadre_b, delete, json!({ "i": made["id"] })).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    ok(app, &g.cadre_a, delete, json!({ "i": made["id"] })).await;
    let list = ok(app, &g.cadre_a, JOINTS, json!({ "u": g.unit_a })).await;
    assert_eq!(list["jointRequirements"], json!([]));
}

#[tokio::test]
async fn publication_writes_counters_and_the_ledger_read_in_scope_and_fed_into_the_next_period() {
    let g = Ght::new(Engine::Postgres, "cpt").await;
    let app = &g.app;
    let start = monday_after(30);
    let sunday = start + Duration::days(6);
    let first = roster(&g, start, 7).await;
    let nurse = g.nurses_a[0].clone();
    // A night on the Sunday: one night, one weekend, 600 planned minutes, 540 of legal night.
    assign(&g, &first, &nurse, sunday, &g.night).await;
    assign(&g, &first, &g.nurses_a[1], start, &g.morning).await;
    publish(&g, &first).await;

    let span = json!({ "s": nurse, "f": start.to_string(), "t": sunday.to_string() });
    let own = ok(
        app,
        &g.agent,
        "query($f: NaiveDate!, $t: NaiveDate!) { myCounters(from: $f, to: $t) { staffId \
         plannedMinutes nightMinutes sundaysHolidaysWorked source } }",
        span.clone(),
    )
    .await;
    let counters = own["myCounters"].as_array().unwrap();
    assert_eq!(counters.len(), 1, "{own}");
    assert_eq!(counters[0]["staffId"], json!(nurse));
    assert_eq!(counters[0]["plannedMinutes"], 600);
    assert_eq!(counters[0]["nightMinutes"], 540);
    assert_eq!(counters[0]["sundaysHolidaysWorked"], 1);
    assert_eq!(counters[0]["source"], "published");
    for reader in [&g.cadre_a, &g.hr, &g.site, &g.admin] {
        let data = ok(app, reader, COUNTERS, span.clone()).await;
        assert_eq!(data["recordedCounters"][0]["plannedMinutes"], 600, "{data}");
    }
    for outsider in [&g.cadre_b, &g.dpo] {
        let body = gql(app, outsider, COUNTERS, span.clone()).await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
        let body = gql(app, outsider, LEDGER, span.clone()).await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
    }
    // Another person's counters are not the agent's to read.
    let other = json!({ "s": g.nurses_a[1], "f": start.to_string(), "t": sunday.to_string() });
    let body = gql(app, &g.agent, COUNTERS, other).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");

    let ledger = ok(app, &g.agent, LEDGER, span.clone()).await;
    assert_eq!(
        ledger["fairnessLedger"],
        json!([{ "rosterId": first, "nights": 1, "weekends": 1, "holidays": 0, "refusedWishes": 0 }]),
        "{ledger}"
    );

    // Every read is in the access log, with its purpose.
    let log = ok(
        app,
        &g.dpo,
        "query($o: UUID) { accessLog(objectId: $o, first: 100) { actorRole objectType purpose } }",
        json!({ "o": nurse }),
    )
    .await;
    let entries = log["accessLog"].as_array().unwrap();
    let read = |object: &str, role: &str, purpose: &str| {
        entries
            .iter()
            .any(|e| e["objectType"] == object && e["actorRole"] == role && e["purpose"] == purpose)
    };
    assert!(read("staff_counter", "staff", "own_data"), "{log}");
    assert!(read("staff_counter", "hr", "hr_management"), "{log}");
    assert!(read("staff_counter", "unit_manager", "planning"), "{log}");
    assert!(read("fairness_ledger", "staff", "own_data"), "{log}");

    // The next week: the Sunday night is history (a Monday morning breaks the daily rest),
    // and the ledger is in the problem.
    let next_start = start + Duration::days(7);
    let next = roster(&g, next_start, 7).await;
    assert_eq!(flagged(&g, &next, "FPH-REST-1", &nurse).await, 0);
    assign(&g, &next, &nurse, next_start, &g.morning).await;
    assert!(
        flagged(&g, &next, "FPH-REST-1", &nurse).await >= 1,
        "the published Sunday night is not carried into the next roster"
    );

    let url = g
        .app
        .settings
        .database_url
        .as_ref()
        .unwrap()
        .expose_secret()
        .to_owned();
    let db = Database::connect(&url).await.unwrap();
    let txn = tenancy::begin(&db, g.tenant).await.unwrap();
    let next_id: uuid::Uuid = next.parse().unwrap();
    let row = releve_backend::entity::roster::Entity::find_by_id(next_id)
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    let unit = releve_backend::entity::unit::Entity::find()
        .filter(releve_backend::entity::unit::Column::Id.eq(row.unit_id))
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    let built = releve_backend::planning::problem_builder::build(&txn, &row, &unit, &[], None)
        .await
        .unwrap();
    let problem = &built.problem;
    let entry = problem
        .fairness_ledger
        .iter()
        .find(|e| e.staff == nurse)
        .expect("the nurse's ledger in the next problem");
    assert_eq!((entry.nights, entry.weekends), (1, 1));
    assert!(
        problem
            .history
            .assignments
            .iter()
            .any(|h| h.staff == nurse && h.days_before == 1 && h.shift == "N"),
        "{:?}",
        problem.history
    );
    let person = problem.staff.iter().find(|s| s.id == nurse).unwrap();
    let hospital = person.hospital.as_ref().expect("the nurse's hospital data");
    assert_eq!(hospital.unit.as_deref(), Some(g.unit_a.as_str()));
    assert_eq!(hospital.quotite_percent, 100);
    assert_eq!(hospital.category, releve_solver::hospital::Category::Fph);
    assert!(
        problem
            .hospital
            .as_ref()
            .is_some_and(|h| !h.units.is_empty())
    );
}

#[tokio::test]
async fn a_solve_requested_through_the_api_follows_the_units_cycle() {
    let g = Ght::new(Engine::Postgres, "cyc").await;
    g.morning_maquette().await;
    let app = &g.app;
    // A week without a public holiday (the maquette treats those as Sundays).
    let mut start = monday_after(30);
    while (0..7).any(|d| releve_backend::planning::holidays::is_holiday(start + Duration::days(d)))
    {
        start += Duration::days(7);
    }
    // Mornings from Monday to Wednesday; the cover needs a morning every weekday.
    let pattern = json!(["M", "M", "M", null, null, null, null]);
    let cycle = ok(
        app,
        &g.cadre_a,
        "mutation($u: UUID!, $p: [String]!) { createWorkCycle(unitId: $u, name: \"Matins\", \
         weeks: 1, pattern: $p) { id } }",
        json!({ "u": g.unit_a, "p": pattern }),
    )
    .await["createWorkCycle"]["id"]
        .clone();
    let follower = g.nurses_a[1].clone();
    ok(
        app,
        &g.cadre_a,
        "mutation($s: UUID!, $c: UUID!, $d: NaiveDate!) { assignWorkCycle(staffId: $s, \
         cycleId: $c, startDate: $d) { id } }",
        json!({ "s": follower, "c": cycle, "d": (start - Duration::days(14)).to_string() }),
    )
    .await;
    let id = roster(&g, start, 7).await;
    let job = ok(
        app,
        &g.cadre_a,
        "mutation($r: UUID!) { requestRosterSolve(rosterId: $r, timeLimit: 10, seed: 1) { id } }",
        json!({ "r": id }),
    )
    .await;
    assert!(job["requestRosterSolve"]["id"].is_string());
    let deadline = Instant::now() + Wait::from_secs(120);
    let data = loop {
        let data = ok(app, &g.cadre_a, READ, json!({ "id": id })).await;
        let solved = data["roster"]["roster"]["versions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["source"] == "solve" && v["number"] == data["roster"]["version"]);
        if solved {
            break data;
        }
        assert!(Instant::now() < deadline, "solve not imported: {data}");
        tokio::time::sleep(Wait::from_millis(300)).await;
    };
    assert_eq!(data["roster"]["blockingViolations"], 0, "{data}");
    let assignments = data["roster"]["assignments"].as_array().unwrap();
    let mut followed: Vec<(String, String)> = assignments
        .iter()
        .filter(|a| a["staffId"] == json!(follower))
        .map(|a| {
            (
                a["date"].as_str().unwrap().to_owned(),
                a["shiftTypeId"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    followed.sort();
    let expected: Vec<(String, String)> = [0, 1, 2]
        .iter()
        .map(|d| ((start + Duration::days(*d)).to_string(), g.morning.clone()))
        .collect();
    assert_eq!(followed, expected, "{data}");
    // The others cover Thursday and Friday.
    for d in [3, 4] {
        let date = (start + Duration::days(d)).to_string();
        assert!(
            assignments
                .iter()
                .any(|a| a["date"] == json!(date) && a["shiftTypeId"] == json!(g.morning)),
            "no morning on {date}: {data}"
        );
    }
}

#[tokio::test]
async fn a_units_local_accord_on_daily_rest_changes_what_the_checker_flags() {
    let g = Ght::new(Engine::Postgres, "acc").await;
    let app = &g.app;
    // An evening ending at 19:15, then a morning at 06:45: 11 h 30 of rest.
    let evening = ok(
        app,
        &g.admin,
        "mutation($i: ShiftTypeInput!) { createShiftType(input: $i) { id activity } }",
        json!({ "i": { "code": "E", "label": "Fin de journée", "startMinute": 1005,
                       "durationMinutes": 150 } }),
    )
    .await["createShiftType"]
        .clone();
    assert_eq!(evening["activity"], "WORK");
    let start = monday_after(30);
    let id = roster(&g, start, 3).await;
    let nurse = g.nurses_a[2].clone();
    assign(&g, &id, &nurse, start, evening["id"].as_str().unwrap()).await;
    assign(&g, &id, &nurse, start + Duration::days(1), &g.morning).await;
    assert_eq!(
        flagged(&g, &id, "FPH-REST-1", &nurse).await,
        1,
        "12 h of daily rest by default"
    );

    // Unit B's accord changes nothing for unit A; unit A's removes the violation.
    let accord = "mutation($i: UUID!) { setRuleParameter(scope: UNIT, scopeId: $i, \
        key: \"fph_daily_rest_accord\", value: \"true\", effectiveFrom: \"2026-01-01\") { id } }";
    ok(app, &g.cadre_b, accord, json!({ "i": g.unit_b })).await;
    assert_eq!(flagged(&g, &id, "FPH-REST-1", &nurse).await, 1);
    ok(app, &g.cadre_a, accord, json!({ "i": g.unit_a })).await;
    assert_eq!(flagged(&g, &id, "FPH-REST-1", &nurse).await, 0);
    assert_eq!(flagged(&g, &id, "FPH-REST-2", &nurse).await, 0);

    // 11 h is still the floor under the accord (FPH-REST-2): an evening ending at 20:15 then
    // a morning at 06:45 breaks it.
    let late = ok(
        app,
        &g.admin,
        "mutation($i: ShiftTypeInput!) { createShiftType(input: $i) { id } }",
        json!({ "i": { "code": "E2", "label": "Fin de soirée", "startMinute": 1065,
                       "durationMinutes": 150 } }),
    )
    .await["createShiftType"]["id"]
        .clone();
    let other = g.nurses_a[0].clone();
    assign(&g, &id, &other, start, late.as_str().unwrap()).await;
    assign(&g, &id, &other, start + Duration::days(1), &g.morning).await;
    assert_eq!(flagged(&g, &id, "FPH-REST-2", &other).await, 1);
    assert_eq!(flagged(&g, &id, "FPH-REST-1", &other).await, 0);
}
