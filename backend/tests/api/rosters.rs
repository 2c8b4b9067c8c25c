//! Rosters through the API on both engines: edit with an immediate rule check, overrides,
//! validation and publication rules (FPH-TDS-2, FPH-TDS-3), version comparison, solving,
//! the role × scope matrix and encryption at rest.

use std::time::{Duration as Wait, Instant};

use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const SET: &str = "mutation($i: SetAssignmentInput!) { setAssignment(input: $i) { version \
    roster { state currentVersion publishedVersion } notifiedStaffIds \
    violations { rule hard staffId dates message fingerprint override { reasonCode authorId } } } }";
const READ: &str = "query($id: UUID!, $v: Int) { roster(id: $id, version: $v) { version \
    hardViolations blockingViolations assignments { staffId date shiftTypeId } \
    grid { firstDay shiftSets rows { staffId days } } \
    violations { rule hard message fingerprint override { reasonCode } } \
    roster { state currentVersion publishedVersion versions { number source jobId } \
    transitions { fromState toState reasonCode actorRole } } } }";

/// The version's `grid` lists the same shifts as its `assignments`, one entry per day of the
/// period in every row.
fn assert_grid_matches(view: &Value, period_start: NaiveDate, days: usize) {
    let grid = &view["grid"];
    assert_eq!(grid["firstDay"], json!(period_start.to_string()), "{view}");
    let sets = grid["shiftSets"].as_array().unwrap();
    assert_eq!(sets[0], json!([]), "position 0 is a day off: {view}");
    let mut from_grid = Vec::new();
    for row in grid["rows"].as_array().unwrap() {
        let line = row["days"].as_array().unwrap();
        assert_eq!(line.len(), days, "{view}");
        for (day, set) in line.iter().enumerate() {
            for shift in sets[set.as_u64().unwrap() as usize].as_array().unwrap() {
                let date = period_start + Duration::days(day as i64);
                from_grid.push((
                    row["staffId"].clone(),
                    json!(date.to_string()),
                    shift.clone(),
                ));
            }
        }
    }
    let mut listed: Vec<_> = view["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["staffId"].clone(),
                a["date"].clone(),
                a["shiftTypeId"].clone(),
            )
        })
        .collect();
    let key = |t: &(Value, Value, Value)| t.0.to_string() + &t.1.to_string() + &t.2.to_string();
    from_grid.sort_by_key(key);
    listed.sort_by_key(key);
    assert!(!listed.is_empty(), "{view}");
    assert_eq!(from_grid, listed, "{view}");
}

fn days_from_today(n: i64) -> NaiveDate {
    Utc::now().date_naive() + Duration::days(n)
}

async fn roster(g: &Ght, start: NaiveDate, days: i64) -> String {
    let body = g.create_roster(&g.cadre_a, &g.unit_a, start, days).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"]["createRoster"]["state"], "DRAFT");
    body["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Accepts every blocking violation of the current version.
async fn override_all(g: &Ght, roster: &str) {
    let data = ok(&g.app, &g.cadre_a, READ, json!({ "id": roster })).await;
    for v in data["roster"]["violations"].as_array().unwrap() {
        if v["hard"] == true && v["override"].is_null() {
            ok(
                &g.app,
                &g.cadre_a,
                "mutation($r: UUID!, $f: String!) { overrideViolation(rosterId: $r, fingerprint: $f, \
                 reasonCode: SERVICE_CONTINUITY) { reasonCode authorRole } }",
                json!({ "r": roster, "f": v["fingerprint"] }),
            )
            .await;
        }
    }
}

async fn transition(g: &Ght, op: &str, roster: &str, reason: Option<&str>) -> Value {
    let query = match reason {
        Some(r) => format!(
            "mutation($id: UUID!) {{ {op}(id: $id, reasonCode: {r}) {{ state publishedVersion }} }}"
        ),
        None => format!("mutation($id: UUID!) {{ {op}(id: $id) {{ state publishedVersion }} }}"),
    };
    gql(&g.app, &g.cadre_a, &query, json!({ "id": roster })).await
}

async fn workflow_rules(engine: Engine) {
    let g = Ght::new(engine, "nord").await;
    g.morning_maquette().await;
    let app = &g.app;

    // A three-day roster a month ahead: the empty roster breaks the hard minimum each day.
    let start = Utc::now().date_naive() + Duration::days(30);
    let id = roster(&g, start, 3).await;
    let data = ok(app, &g.cadre_a, READ, json!({ "id": id })).await;
    let blocking = data["roster"]["blockingViolations"].as_i64().unwrap();
    let weekdays = (0..3)
        .filter(|i| {
            chrono::Datelike::weekday(&(start + Duration::days(*i))).num_days_from_monday() < 5
        })
        .count() as i64;
    let holidays_free = blocking <= weekdays;
    assert!(holidays_free && blocking >= 1 || weekdays == 0, "{data}");
    assert!(
        data["roster"]["violations"][0]["message"]
            .as_str()
            .unwrap()
            .contains("effectif minimum"),
        "{data}"
    );

    // Validation is refused while a hard violation lacks an override.
    if blocking > 0 {
        let body = transition(&g, "validateRoster", &id, None).await;
        assert_eq!(code(&body), "HARD_VIOLATIONS", "{body}");
    }

    // An edit is checked at once: a night then a morning breaks the 12 h daily rest.
    let nurse = &g.nurses_a[1];
    let edit = |date: NaiveDate, shift: &str| json!({ "i": { "rosterId": id, "staffId": nurse, "date": date.to_string(), "shiftTypeId": shift } });
    ok(app, &g.cadre_a, SET, edit(start, &g.night)).await;
    let data = ok(
        app,
        &g.cadre_a,
        SET,
        edit(start + Duration::days(1), &g.morning),
    )
    .await;
    let violations = data["setAssignment"]["violations"].as_array().unwrap();
    let rest = violations
        .iter()
        .find(|v| v["staffId"] == json!(nurse) && v["hard"] == true);
    assert!(rest.is_some(), "no rest violation: {data}");
    assert_eq!(data["setAssignment"]["version"], 3);

    // Proposed, then back to draft by an edit; overrides let validation and publication pass.
    let body = transition(&g, "proposeRoster", &id, None).await;
    assert_eq!(body["data"]["proposeRoster"]["state"], "PROPOSED", "{body}");
    let data = ok(
        app,
        &g.cadre_a,
        SET,
        edit(start + Duration::days(2), &g.morning),
    )
    .await;
    assert_eq!(data["setAssignment"]["roster"]["state"], "DRAFT");
    let data = ok(app, &g.cadre_a, READ, json!({ "id": id })).await;
    assert_grid_matches(&data["roster"], start, 3);
    override_all(&g, &id).await;
    let body = transition(&g, "validateRoster", &id, None).await;
    assert_eq!(
        body["data"]["validateRoster"]["state"], "VALIDATED",
        "{body}"
    );
    // A month ahead: no reason needed to publish.
    let body = transition(&g, "publishRoster", &id, None).await;
    assert_eq!(
        body["data"]["publishRoster"]["state"], "PUBLISHED",
        "{body}"
    );
    assert_eq!(body["data"]["publishRoster"]["publishedVersion"], 4);
    let data = ok(app, &g.cadre_a, READ, json!({ "id": id })).await;
    let transitions = data["roster"]["roster"]["transitions"].as_array().unwrap();
    assert_eq!(transitions.last().unwrap()["toState"], "PUBLISHED");
    assert_eq!(transitions.last().unwrap()["actorRole"], "unit_manager");

    // FPH-TDS-2: publishing less than 15 days ahead needs a reason code.
    let soon = days_from_today(1);
    let soon_id = roster(&g, soon, 2).await;
    override_all(&g, &soon_id).await;
    let body = transition(&g, "validateRoster", &soon_id, None).await;
    assert_eq!(
        body["data"]["validateRoster"]["state"], "VALIDATED",
        "{body}"
    );
    let body = transition(&g, "publishRoster", &soon_id, None).await;
    assert_eq!(code(&body), "REASON_REQUIRED", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("FPH-TDS-2")
    );
    let body = transition(&g, "publishRoster", &soon_id, Some("UNPLANNED_ABSENCE")).await;
    assert_eq!(
        body["data"]["publishRoster"]["state"], "PUBLISHED",
        "{body}"
    );

    // FPH-TDS-3: a change within 48 h needs a reason code and notifies the person.
    let agent_record = &g.nurses_a[0];
    let late = json!({ "i": { "rosterId": soon_id, "staffId": agent_record, "date": soon.to_string(), "shiftTypeId": g.morning } });
    let body = gql(app, &g.cadre_a, SET, late.clone()).await;
    assert_eq!(code(&body), "REASON_REQUIRED", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("FPH-TDS-3")
    );
    let mut with_reason = late.clone();
    with_reason["i"]["reasonCode"] = json!("UNPLANNED_ABSENCE");
    with_reason["i"]["overrideReasonCode"] = json!("UNPLANNED_ABSENCE");
    let data = ok(app, &g.cadre_a, SET, with_reason).await;
    assert_eq!(
        data["setAssignment"]["notifiedStaffIds"],
        json!([agent_record])
    );
    assert_eq!(data["setAssignment"]["roster"]["state"], "PUBLISHED");
    let version = data["setAssignment"]["version"].as_i64().unwrap();
    assert_eq!(data["setAssignment"]["roster"]["publishedVersion"], version);
    let mine = ok(
        app,
        &g.agent,
        "{ myNotifications { edges { node { date reasonCode version } } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        mine["myNotifications"]["edges"][0]["node"]["reasonCode"],
        "unplanned_absence"
    );
    let shifts = ok(
        app,
        &g.agent,
        "query($f: NaiveDate!, $t: NaiveDate!) { myShifts(from: $f, to: $t) { date shiftTypeId } }",
        json!({ "f": soon.to_string(), "t": (soon + Duration::days(3)).to_string() }),
    )
    .await;
    assert_eq!(
        shifts["myShifts"],
        json!([{ "date": soon.to_string(), "shiftTypeId": g.morning }])
    );

    // « Pourquoi moi ? »: the shift with colleagues counted per rule, nobody named.
    const WHY: &str = "query($d: NaiveDate!) { myShiftExplanations(date: $d) { date shiftTypeId \
        othersPossible othersBlocked blockedBy { rule label source colleagues } text } }";
    let body = gql(app, &g.agent, WHY, json!({ "d": soon.to_string() })).await;
    assert!(body["errors"].is_null(), "{body}");
    let why = body["data"]["myShiftExplanations"].as_array().unwrap();
    assert_eq!(why.len(), 1, "{body}");
    assert_eq!(why[0]["shiftTypeId"], json!(g.morning));
    assert_eq!(why[0]["date"], json!(soon.to_string()));
    let possible = why[0]["othersPossible"].as_i64().unwrap();
    let blocked = why[0]["othersBlocked"].as_i64().unwrap();
    assert!(possible + blocked >= 1, "{body}");
    let per_rule: i64 = why[0]["blockedBy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["colleagues"].as_i64().unwrap())
        .sum();
    assert!(per_rule >= blocked, "{body}");
    assert!(
        why[0]["text"].as_str().unwrap().starts_with("Poste "),
        "{body}"
    );
    for other in g.nurses_a.iter().skip(1) {
        assert!(!body.to_string().contains(other.as_str()), "{body}");
    }
    let none = ok(
        app,
        &g.agent,
        WHY,
        json!({ "d": (soon + Duration::days(1)).to_string() }),
    )
    .await;
    assert_eq!(none["myShiftExplanations"], json!([]));
    let body = gql(app, &g.cadre_a, WHY, json!({ "d": soon.to_string() })).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");

    // Compare: what changed, for whom.
    let data = ok(app, &g.cadre_a, "query($r: UUID!, $a: Int!, $b: Int!) { compareRosterVersions(rosterId: $r, fromVersion: $a, toVersion: $b) { staffAffected changes { staffId date before after } } }",
        json!({ "r": soon_id, "a": version - 1, "b": version })).await;
    assert_eq!(
        data["compareRosterVersions"]["staffAffected"],
        json!([agent_record])
    );
    assert_eq!(
        data["compareRosterVersions"]["changes"][0]["after"],
        json!([g.morning])
    );
    assert_eq!(
        data["compareRosterVersions"]["changes"][0]["before"],
        json!([])
    );
    assert_versions_read_their_rows(&g, &[&id, &soon_id]).await;
}

/// Every version the API reads (from its one-row pack) holds exactly the version's rows in
/// `assignment`, read here with the schema owner.
async fn assert_versions_read_their_rows(g: &Ght, rosters: &[&str]) {
    use releve_backend::entity::{assignment, assignment_pack, roster_version};
    use releve_backend::rosters::assignment_pack::unpack;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let txn = g.owner_transaction().await;
    let mut versions = 0;
    for id in rosters {
        let roster_id: uuid::Uuid = id.parse().unwrap();
        for version in roster_version::Entity::find()
            .filter(roster_version::Column::RosterId.eq(roster_id))
            .all(&txn)
            .await
            .unwrap()
        {
            let pack = assignment_pack::Entity::find_by_id(version.id)
                .one(&txn)
                .await
                .unwrap()
                .expect("every version written by the API has its pack");
            let mut packed = unpack(g.tenant.0, version.id, &pack.cells).unwrap();
            let mut rows = assignment::Entity::find()
                .filter(assignment::Column::RosterVersionId.eq(version.id))
                .all(&txn)
                .await
                .unwrap();
            let key = |a: &assignment::Model| (a.date, a.staff_id, a.shift_type_id);
            packed.sort_by_key(key);
            rows.sort_by_key(key);
            assert_eq!(packed, rows, "version {} of {id}", version.number);
            versions += 1;
        }
    }
    assert!(versions >= 5, "{versions} versions checked");
    // SQLite: the API's logged reads would wait for this transaction.
    txn.commit().await.unwrap();

    // A version written before packs existed (its pack removed here) reads from its rows.
    let read = |version: i64| {
        let vars = json!({ "id": rosters[0], "v": version });
        async move {
            let data = ok(&g.app, &g.cadre_a, READ, vars).await;
            let mut cells: Vec<String> = data["roster"]["assignments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.to_string())
                .collect();
            cells.sort();
            cells
        }
    };
    let packed = read(3).await;
    assert!(!packed.is_empty());
    let roster_id: uuid::Uuid = rosters[0].parse().unwrap();
    let txn = g.owner_transaction().await;
    let third = roster_version::Entity::find()
        .filter(roster_version::Column::RosterId.eq(roster_id))
        .filter(roster_version::Column::Number.eq(3))
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    let removed = assignment_pack::Entity::delete_by_id(third.id)
        .exec(&txn)
        .await
        .unwrap();
    assert_eq!(removed.rows_affected, 1);
    txn.commit().await.unwrap();
    assert_eq!(read(3).await, packed);
}

#[tokio::test]
async fn workflow_rules_sqlite() {
    workflow_rules(Engine::Sqlite).await;
}

#[tokio::test]
async fn workflow_rules_postgres() {
    workflow_rules(Engine::Postgres).await;
}

async fn role_scope_matrix(engine: Engine) {
    let g = Ght::new(engine, "nord").await;
    let app = &g.app;
    let start = Utc::now().date_naive() + Duration::days(40);
    // A cadre plans their unit only; the site manager both; HR and staff none.
    let b_roster = g.create_roster(&g.cadre_b, &g.unit_b, start, 7).await;
    let b_id = b_roster["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = g
        .create_roster(&g.cadre_a, &g.unit_b, start + Duration::days(10), 7)
        .await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    let body = gql(app, &g.cadre_a, SET, json!({ "i": { "rosterId": b_id, "staffId": g.nurse_b, "date": start.to_string(), "shiftTypeId": g.morning } })).await;
    assert_eq!(code(&body), "FORBIDDEN", "cadre A edited unit B: {body}");
    let body = gql(app, &g.cadre_a, READ, json!({ "id": b_id })).await;
    assert_eq!(code(&body), "FORBIDDEN", "cadre A read unit B: {body}");
    let data = ok(app, &g.site, SET, json!({ "i": { "rosterId": b_id, "staffId": g.nurse_b, "date": start.to_string(), "shiftTypeId": g.morning } })).await;
    assert_eq!(data["setAssignment"]["version"], 2);
    for token in [&g.hr, &g.agent, &g.dpo] {
        let body = g
            .create_roster(token, &g.unit_a, start + Duration::days(20), 7)
            .await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
    }
    // Staff lists: cadre A sees unit A's people only; staff and auditor none.
    let page = "{ staffMembers { edges { node { id lastName } } } }";
    let data = ok(app, &g.cadre_a, page, json!({})).await;
    let ids: Vec<&Value> = data["staffMembers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["id"])
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(!ids.contains(&&json!(g.nurse_b)));
    for token in [&g.agent, &g.dpo] {
        assert_eq!(code(&gql(app, token, page, json!({})).await), "FORBIDDEN");
    }
    // The DPO finds a person by exact last name (to search the access log), never a list.
    let by_name = "query($n: String) { staffMembers(lastName: $n) { nodes { id lastName } } }";
    let data = ok(app, &g.dpo, by_name, json!({ "n": "LEFEVRE" })).await;
    let found = &data["staffMembers"]["nodes"];
    assert_eq!(found[0]["id"], json!(g.nurses_a[0]), "{data}");
    assert_eq!(found[0]["lastName"], "Lefèvre");
    let body = gql(app, &g.agent, by_name, json!({ "n": "Lefèvre" })).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    let body = gql(
        app,
        &g.cadre_a,
        "query($id: UUID!) { staffMember(id: $id) { lastName } }",
        json!({ "id": g.nurse_b }),
    )
    .await;
    assert_eq!(code(&body), "FORBIDDEN");
    let own = ok(
        app,
        &g.agent,
        "query($id: UUID!) { staffMember(id: $id) { lastName } }",
        json!({ "id": g.nurses_a[0] }),
    )
    .await;
    assert_eq!(own["staffMember"]["lastName"], "Lefèvre");
    // Organisation changes are for GHT management.
    let body = gql(
        app,
        &g.cadre_a,
        "mutation { createEstablishment(finess: \"750000001\", name: \"X\") { id } }",
        json!({}),
    )
    .await;
    assert_eq!(code(&body), "FORBIDDEN");
    // Absences: HR records them; the reason is visible to HR only.
    let absence = json!({ "i": { "staffId": g.nurses_a[1], "startDate": start.to_string(), "endDate": (start + Duration::days(2)).to_string(), "category": "UNPLANNED", "reason": "Motif confidentiel" } });
    let record =
        "mutation($i: AbsenceRecordInput!) { recordAbsence(input: $i) { id category reason } }";
    assert_eq!(
        code(&gql(app, &g.cadre_a, record, absence.clone()).await),
        "FORBIDDEN"
    );
    let data = ok(app, &g.hr, record, absence).await;
    assert_eq!(data["recordAbsence"]["reason"], "Motif confidentiel");
    let list = "query($u: UUID!, $f: NaiveDate!, $t: NaiveDate!) { absences(unitId: $u, from: $f, to: $t) { edges { node { staffId category reason } } } }";
    let vars = json!({ "u": g.unit_a, "f": start.to_string(), "t": (start + Duration::days(7)).to_string() });
    let as_hr = ok(app, &g.hr, list, vars.clone()).await;
    assert_eq!(
        as_hr["absences"]["edges"][0]["node"]["reason"],
        "Motif confidentiel"
    );
    let as_cadre = ok(app, &g.cadre_a, list, vars.clone()).await;
    assert_eq!(
        as_cadre["absences"]["edges"][0]["node"]["category"],
        "UNPLANNED"
    );
    assert!(
        as_cadre["absences"]["edges"][0]["node"]["reason"].is_null(),
        "{as_cadre}"
    );
    assert_eq!(code(&gql(app, &g.cadre_b, list, vars).await), "FORBIDDEN");
    // Desiderata: each person their own.
    let wish =
        "mutation($d: NaiveDate!) { submitDesiderata(date: $d, kind: OFF) { id staffId kind } }";
    let data = ok(app, &g.agent, wish, json!({ "d": start.to_string() })).await;
    assert_eq!(data["submitDesiderata"]["staffId"], json!(g.nurses_a[0]));
    let wish_id = data["submitDesiderata"]["id"].clone();
    assert_eq!(
        code(&gql(app, &g.cadre_a, wish, json!({ "d": start.to_string() })).await),
        "FORBIDDEN"
    );
    let mine = ok(
        app,
        &g.agent,
        "{ myDesiderata { edges { node { id kind } } } }",
        json!({}),
    )
    .await;
    assert_eq!(mine["myDesiderata"]["edges"][0]["node"]["kind"], "OFF");
    // The unit's planners read the wishes of its people; other units' planners and staff do not.
    let unit_wishes = "query($u: UUID!, $f: NaiveDate!, $t: NaiveDate!) { desiderata(unitId: $u, from: $f, to: $t) { edges { node { id staffId date kind } } } }";
    let vars = json!({ "u": g.unit_a, "f": start.to_string(), "t": (start + Duration::days(7)).to_string() });
    let seen = ok(app, &g.cadre_a, unit_wishes, vars.clone()).await;
    assert_eq!(seen["desiderata"]["edges"][0]["node"]["id"], wish_id);
    assert_eq!(seen["desiderata"]["edges"][0]["node"]["kind"], "OFF");
    assert_eq!(
        code(&gql(app, &g.cadre_b, unit_wishes, vars.clone()).await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(&gql(app, &g.agent, unit_wishes, vars).await),
        "FORBIDDEN"
    );
    let later = json!({ "u": g.unit_a, "f": (start + Duration::days(1)).to_string(), "t": (start + Duration::days(7)).to_string() });
    let none = ok(app, &g.cadre_a, unit_wishes, later).await;
    assert_eq!(none["desiderata"]["edges"], json!([]));
    let too_long = json!({ "u": g.unit_a, "f": start.to_string(), "t": (start + Duration::days(200)).to_string() });
    let body = gql(app, &g.cadre_a, unit_wishes, too_long).await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    let body = gql(
        app,
        &g.cadre_a,
        "mutation($id: UUID!) { deleteDesiderata(id: $id) }",
        json!({ "id": wish_id }),
    )
    .await;
    assert_eq!(code(&body), "NOT_FOUND");
    ok(
        app,
        &g.agent,
        "mutation($id: UUID!) { deleteDesiderata(id: $id) }",
        json!({ "id": wish_id }),
    )
    .await;
    let _ = &g.admin;
}

#[tokio::test]
async fn role_scope_matrix_sqlite() {
    role_scope_matrix(Engine::Sqlite).await;
}

#[tokio::test]
async fn role_scope_matrix_postgres() {
    role_scope_matrix(Engine::Postgres).await;
}

/// No staff name reaches the database in clear: every column of every row (PostgreSQL),
/// and the whole database file (SQLite).
async fn names_are_sealed(engine: Engine) {
    use sea_orm::{ConnectionTrait, Statement};
    let g = Ght::new(engine, "nord").await;
    let owner = releve_backend::database::connect_owner(&g.app.settings)
        .await
        .unwrap();
    let backend = owner.get_database_backend();
    match engine {
        Engine::Postgres => {
            let rows = owner
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT encode(convert_to(s::text, 'UTF8'), 'escape') FROM staff s",
                ))
                .await
                .unwrap();
            assert_eq!(rows.len(), 4);
            for row in rows {
                let text: String = row.try_get_by_index(0).unwrap();
                for name in ["Lef", "Martin", "Infirmi", "ide0@"] {
                    assert!(!text.contains(name), "plaintext {name} in {text}");
                }
            }
        }
        Engine::Sqlite => {
            owner
                .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await
                .ok();
            let dir = &g.app.settings.data_dir;
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    let bytes = std::fs::read(&path).unwrap();
                    for name in ["Lefèvre", "Martin", "Infirmière0", "ide0@nord.fr"] {
                        let found = bytes.windows(name.len()).any(|w| w == name.as_bytes());
                        assert!(!found, "plaintext {name} in {}", path.display());
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn staff_names_are_sealed_at_rest_sqlite() {
    names_are_sealed(Engine::Sqlite).await;
}

#[tokio::test]
async fn staff_names_are_sealed_at_rest_postgres() {
    names_are_sealed(Engine::Postgres).await;
}

/// A solve request becomes a new version of the roster when its job succeeds.
#[tokio::test]
async fn a_solved_roster_becomes_a_new_version() {
    let g = Ght::new(Engine::Postgres, "nord").await;
    g.morning_maquette().await;
    let start = Utc::now().date_naive() + Duration::days(30);
    let id = roster(&g, start, 7).await;
    let data = ok(&g.app, &g.cadre_a, "mutation($r: UUID!) { requestRosterSolve(rosterId: $r, timeLimit: 5, seed: 1) { id state } }", json!({ "r": id })).await;
    let job = data["requestRosterSolve"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let deadline = Instant::now() + Wait::from_secs(90);
    loop {
        let data = ok(&g.app, &g.cadre_a, READ, json!({ "id": id })).await;
        let versions = data["roster"]["roster"]["versions"]
            .as_array()
            .unwrap()
            .clone();
        let solved = versions.iter().find(|v| v["source"] == "solve");
        // The importer may commit between the two reads of one answer: wait for both.
        if let Some(solved) = solved.filter(|s| s["number"] == data["roster"]["version"]) {
            assert_eq!(solved["jobId"], json!(job));
            assert_eq!(data["roster"]["version"], 2);
            assert_eq!(data["roster"]["blockingViolations"], 0, "{data}");
            assert!(!data["roster"]["assignments"].as_array().unwrap().is_empty());
            break;
        }
        assert!(Instant::now() < deadline, "solve not imported: {data}");
        tokio::time::sleep(Wait::from_millis(300)).await;
    }
}
