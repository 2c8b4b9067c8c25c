//! The RGPD access log through the API: entries written with the operations, the auditor's
//! search, chain verification that detects tampering (security.md T-08), role checks.

use sea_orm::ConnectionTrait;

use crate::helpers::{Engine, TestApp, spawn_app};

const LOG: &str =
    "{ accessLog(first: 50) { seq actorRole operation objectType objectIds purpose } }";
const VERIFY: &str =
    "{ verifyAccessLog { intact entryCount checkpointsVerified breakKind breakSeq message } }";
const SIGN: &str = "mutation { signAccessLogCheckpoint }";

async fn app_with_auditor(engine: Engine) -> (TestApp, String) {
    let app = spawn_app(engine).await;
    let tenant = app.create_tenant("nord").await;
    app.create_user(tenant, "dpo@nord.fr", "mot-de-passe-long", "auditor")
        .await;
    app.create_user(tenant, "agent@nord.fr", "mot-de-passe-long", "staff")
        .await;
    let dpo = app.token("dpo@nord.fr").await;
    (app, dpo)
}

async fn query(app: &TestApp, token: &str, q: &str) -> serde_json::Value {
    app.graphql_as(Some(token), q, serde_json::json!({})).await
}

async fn log_is_written_searched_and_verified(engine: Engine) {
    let (app, dpo) = app_with_auditor(engine).await;
    let log = query(&app, &dpo, LOG).await;
    let entries = log["data"]["accessLog"]
        .as_array()
        .unwrap_or_else(|| panic!("{log}"));
    // Both account creations, newest first, pseudonymous ids only.
    assert_eq!(entries.len(), 2, "{log}");
    assert_eq!(entries[0]["seq"], 2);
    assert_eq!(entries[0]["operation"], "create");
    assert_eq!(entries[0]["objectType"], "app_user");
    assert!(
        !log.to_string().contains("@nord.fr"),
        "personal data in the log: {log}"
    );

    // The auditor's search was itself logged (seq 3); then a checkpoint anchors 1..=3.
    let signed = query(&app, &dpo, SIGN).await;
    assert_eq!(signed["data"]["signAccessLogCheckpoint"], 3, "{signed}");
    let verified = query(&app, &dpo, VERIFY).await;
    let result = &verified["data"]["verifyAccessLog"];
    assert_eq!(result["intact"], true, "{verified}");
    assert_eq!(result["entryCount"], 3);
    assert_eq!(result["checkpointsVerified"], 1);
}

#[tokio::test]
async fn log_is_written_searched_and_verified_on_sqlite() {
    log_is_written_searched_and_verified(Engine::Sqlite).await;
}

#[tokio::test]
async fn log_is_written_searched_and_verified_on_postgres() {
    log_is_written_searched_and_verified(Engine::Postgres).await;
}

#[tokio::test]
async fn only_auditors_read_the_log() {
    let (app, _) = app_with_auditor(Engine::Sqlite).await;
    let staff = app.token("agent@nord.fr").await;
    for q in [LOG, VERIFY, SIGN] {
        let body = query(&app, &staff, q).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{body}"
        );
    }
    let anonymous = app.graphql_as(None, LOG, serde_json::json!({})).await;
    assert_eq!(
        anonymous["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
}

/// Tampering done behind the application's back, as the schema owner could.
async fn tamper(app: &TestApp, sql: &str) {
    let owner = releve_backend::database::connect_owner(&app.settings)
        .await
        .unwrap();
    owner.execute_unprepared(sql).await.unwrap();
}

#[tokio::test]
async fn verification_detects_an_edit_a_deletion_and_a_truncation() {
    for (sql, kind, seq) in [
        (
            "UPDATE access_log SET purpose = 'other' WHERE seq = 1",
            "edited",
            1,
        ),
        ("DELETE FROM access_log WHERE seq = 2", "deleted", 2),
        ("DELETE FROM access_log WHERE seq >= 2", "truncated", 2),
    ] {
        let (app, dpo) = app_with_auditor(Engine::Postgres).await;
        // Entries 1-2: account creations; 3: this search; then a checkpoint anchors 1..=3.
        let _ = query(&app, &dpo, LOG).await;
        assert_eq!(
            query(&app, &dpo, SIGN).await["data"]["signAccessLogCheckpoint"],
            3
        );
        tamper(&app, sql).await;
        let verified = query(&app, &dpo, VERIFY).await;
        let result = &verified["data"]["verifyAccessLog"];
        assert_eq!(result["intact"], false, "{sql}: {verified}");
        assert_eq!(result["breakKind"], kind, "{sql}: {verified}");
        assert!(
            result["breakSeq"].as_u64().unwrap() <= seq,
            "{sql}: {verified}"
        );
    }
}

#[tokio::test]
async fn oversized_pages_are_refused() {
    let (app, dpo) = app_with_auditor(Engine::Sqlite).await;
    let body = query(&app, &dpo, "{ accessLog(first: 100000) { seq } }").await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
}

#[tokio::test]
async fn search_filters_by_person_period_and_cursor() {
    let (app, dpo) = app_with_auditor(Engine::Postgres).await;
    let agent = app.token("agent@nord.fr").await;
    let me = app
        .graphql_as(
            Some(&agent),
            "{ me { userId email } }",
            serde_json::json!({}),
        )
        .await;
    let agent_id = me["data"]["me"]["userId"].as_str().unwrap().to_owned();
    let search = "query($o: UUID, $a: UUID, $f: DateTime, $b: Int) { accessLog(objectId: $o, \
                  actorId: $a, from: $f, beforeSeq: $b) { seq operation actorId objectIds } }";
    let run = |vars: serde_json::Value| app.graphql_as(Some(&dpo), search, vars);

    // The agent's account: its creation and its own e-mail read, newest first.
    let body = run(serde_json::json!({ "o": agent_id })).await;
    let entries = body["data"]["accessLog"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    let operations: Vec<&str> = entries
        .iter()
        .map(|e| e["operation"].as_str().unwrap())
        .collect();
    assert_eq!(operations, ["read", "create"], "{body}");
    assert!(
        entries
            .iter()
            .all(|e| e["objectIds"].to_string().contains(&agent_id))
    );

    // By actor: only what the agent did.
    let body = run(serde_json::json!({ "a": agent_id })).await;
    let entries = body["data"]["accessLog"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{body}");
    assert_eq!(entries[0]["actorId"], agent_id);

    // A period in the future is empty; the cursor pages backwards.
    let body = run(serde_json::json!({ "f": "2999-01-01T00:00:00Z" })).await;
    assert_eq!(body["data"]["accessLog"], serde_json::json!([]), "{body}");
    let body = run(serde_json::json!({ "b": 2 })).await;
    let seqs: Vec<u64> = body["data"]["accessLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [1], "{body}");
}

#[tokio::test]
async fn a_person_sees_who_consulted_their_data_by_role_and_purpose() {
    let (app, _) = app_with_auditor(Engine::Sqlite).await;
    let agent = app.token("agent@nord.fr").await;
    // Reading one's own e-mail is a consultation too.
    let _ = app
        .graphql_as(Some(&agent), "{ me { email } }", serde_json::json!({}))
        .await;
    let body = app
        .graphql_as(
            Some(&agent),
            "{ myDataAccesses { operation purpose actorRole objectType } }",
            serde_json::json!({}),
        )
        .await;
    let entries = body["data"]["myDataAccesses"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    let seen: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["operation"].as_str().unwrap(),
                e["purpose"].as_str().unwrap(),
                e["actorRole"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("read", "self_service", "staff"),
            ("create", "account_management", "system")
        ],
        "{body}"
    );
    // The auditor's own account history is not mixed in.
    assert!(!body.to_string().contains("auditor"), "{body}");
}

/// Every consultation of the log is itself logged, so each query below reads then writes.
/// On SQLite, concurrent transactions that read then write used to fail at once with
/// "database is locked"; they must wait their turn instead (one query with many root fields
/// runs them concurrently, as do parallel requests).
#[tokio::test]
async fn concurrent_logged_reads_all_succeed_on_sqlite() {
    let (app, dpo) = app_with_auditor(Engine::Sqlite).await;
    let many_roots = "{ a: accessLog(first: 5) { seq } b: accessLog(first: 5) { seq } \
                      c: accessLog(first: 5) { seq } d: accessLog(first: 5) { seq } }";
    let requests = (0..8).map(|_| query(&app, &dpo, many_roots));
    for body in futures_util::future::join_all(requests).await {
        assert!(body["errors"].is_null(), "{body}");
        assert!(body["data"]["d"].is_array(), "{body}");
    }
    // 8 requests x 4 consultations, each logged once, plus the 2 account creations.
    let verify = query(&app, &dpo, VERIFY).await;
    assert_eq!(
        verify["data"]["verifyAccessLog"]["intact"], true,
        "{verify}"
    );
    assert_eq!(
        verify["data"]["verifyAccessLog"]["entryCount"], 34,
        "{verify}"
    );
}

/// The outbox: a logged operation no longer holds its tenant's chain lock until it commits,
/// so a read of the same tenant does not wait for another open transaction; once both commit,
/// the appender has chained every entry and the chain verifies.
#[tokio::test]
async fn a_tenants_logged_reads_do_not_wait_for_each_other_and_all_are_chained() {
    use releve_backend::audit::Actor;
    use releve_backend::audit::access_log::{self, Access};
    use releve_backend::security::access_chain::Operation;
    use releve_backend::tenancy::{self, TenantId};

    let app = spawn_app(Engine::Postgres).await;
    let tenant = TenantId(app.create_tenant("nord").await);
    app.create_user(tenant.0, "dpo@nord.fr", "mot-de-passe-long", "auditor")
        .await;
    app.create_user(tenant.0, "agent@nord.fr", "mot-de-passe-long", "staff")
        .await;
    let dpo = app.token("dpo@nord.fr").await;
    let agent = app.token("agent@nord.fr").await;

    // Another operation of the tenant has logged its access and is still running.
    let db = releve_backend::database::connect(&app.settings)
        .await
        .unwrap();
    let open = tenancy::begin(&db, tenant).await.unwrap();
    let held = Access {
        operation: Operation::Read,
        object_type: "staff",
        object_ids: vec![uuid::Uuid::from_u128(42)],
        purpose: "planning",
    };
    access_log::record(&open, tenant, &Actor::system(), held)
        .await
        .unwrap();
    // A logged read of the same tenant (the e-mail is opened and logged) answers meanwhile.
    let me = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        query(&app, &agent, "{ me { email } }"),
    )
    .await
    .expect("a logged read waited for another transaction of its tenant");
    assert_eq!(me["data"]["me"]["email"], "agent@nord.fr", "{me}");
    open.commit().await.unwrap();

    // The background appender chains both without anyone asking.
    let mut chained = 0;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let txn = tenancy::begin(&db, tenant).await.unwrap();
        chained = access_log::entries(&txn, tenant).await.unwrap().len();
        txn.commit().await.unwrap();
        if chained == 4 {
            break;
        }
    }
    // 2 account creations, the held access, the e-mail read.
    assert_eq!(chained, 4);
    let log = query(&app, &dpo, LOG).await;
    let entries = log["data"]["accessLog"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["purpose"] == "planning"
            && e["objectIds"][0] == "00000000-0000-0000-0000-00000000002a"),
        "{log}"
    );
    let verified = query(&app, &dpo, VERIFY).await;
    assert_eq!(
        verified["data"]["verifyAccessLog"]["intact"], true,
        "{verified}"
    );
    assert_eq!(
        verified["data"]["verifyAccessLog"]["entryCount"], 5,
        "{verified}"
    );
}

/// Entries of an operation that rolls back are not logged (they share its transaction).
#[tokio::test]
async fn a_rolled_back_operation_leaves_no_entry() {
    use releve_backend::audit::Actor;
    use releve_backend::audit::access_log::{self, Access};
    use releve_backend::security::access_chain::Operation;
    use releve_backend::tenancy::{self, TenantId};

    let (app, dpo) = app_with_auditor(Engine::Postgres).await;
    let db = releve_backend::database::connect(&app.settings)
        .await
        .unwrap();
    let owner = releve_backend::database::connect_owner(&app.settings)
        .await
        .unwrap();
    let tenant = TenantId(
        releve_backend::portability::tenant_export::find_tenant(&owner, "nord")
            .await
            .unwrap()
            .id,
    );
    let txn = tenancy::begin(&db, tenant).await.unwrap();
    let access = Access {
        operation: Operation::Read,
        object_type: "staff",
        object_ids: Vec::new(),
        purpose: "rolled_back",
    };
    access_log::record(&txn, tenant, &Actor::system(), access)
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    let log = query(&app, &dpo, LOG).await;
    assert!(!log.to_string().contains("rolled_back"), "{log}");
}

/// The appender's periodic anchoring: a checkpoint is signed once enough entries follow the
/// last one, and not before.
#[tokio::test]
async fn a_checkpoint_is_signed_once_enough_entries_follow_the_last() {
    use releve_backend::audit::access_log;
    use releve_backend::tenancy::TenantId;

    let app = spawn_app(Engine::Postgres).await;
    let tenant = TenantId(app.create_tenant("nord").await);
    for n in 0..3 {
        app.create_user(
            tenant.0,
            &format!("u{n}@nord.fr"),
            "mot-de-passe-long",
            "staff",
        )
        .await;
    }
    let db = releve_backend::database::connect(&app.settings)
        .await
        .unwrap();
    let key = releve_backend::keys::KeyRing::load(&app.settings)
        .unwrap()
        .checkpoint_key();
    access_log::append_pending(&db, tenant).await.unwrap();
    assert!(
        access_log::checkpoint_if_due(&db, &key, tenant, 4)
            .await
            .unwrap()
            .is_none()
    );
    let signed = access_log::checkpoint_if_due(&db, &key, tenant, 3)
        .await
        .unwrap()
        .expect("3 entries, one due every 3");
    assert_eq!(signed.seq, 3);
    // Nothing new since: not due again, even every entry.
    assert!(
        access_log::checkpoint_if_due(&db, &key, tenant, 1)
            .await
            .unwrap()
            .is_none()
    );
    app.create_user(tenant.0, "dpo@nord.fr", "mot-de-passe-long", "auditor")
        .await;
    let dpo = app.token("dpo@nord.fr").await;
    let verified = query(&app, &dpo, VERIFY).await;
    assert_eq!(
        verified["data"]["verifyAccessLog"]["intact"], true,
        "{verified}"
    );
    assert_eq!(
        verified["data"]["verifyAccessLog"]["checkpointsVerified"], 1,
        "{verified}"
    );
}

/// Entries another process committed but never chained (it stopped first) are found by the
/// appender's periodic look at every tenant's outbox, though this process never logged for
/// that tenant.
#[tokio::test]
async fn entries_left_by_a_stopped_process_are_chained() {
    use releve_backend::audit::access_log::{self, BACKLOG_INTERVAL};
    use releve_backend::entity::access_log_outbox;
    use releve_backend::tenancy::{self, TenantId};
    use sea_orm::{ActiveValue::Set, EntityTrait};

    let app = spawn_app(Engine::Postgres).await;
    let tenant = TenantId(app.create_tenant("orphelin").await);
    // Written as the other process did: straight into the outbox, not through `record`.
    let owner = releve_backend::database::connect_owner(&app.settings)
        .await
        .unwrap();
    let txn = tenancy::begin(&owner, tenant).await.unwrap();
    access_log_outbox::Entity::insert(access_log_outbox::ActiveModel {
        tenant_id: Set(tenant.0),
        id: Set(uuid::Uuid::new_v4()),
        at: Set(access_log::time_text(chrono::Utc::now())),
        actor_id: Set(uuid::Uuid::from_u128(7)),
        actor_role: Set("unit_manager".to_owned()),
        operation: Set("read".to_owned()),
        object_type: Set("staff".to_owned()),
        object_ids: Set(releve_backend::audit::object_ids::to_bytes(&[
            uuid::Uuid::from_u128(42),
        ])),
        purpose: Set("planning".to_owned()),
    })
    .exec_without_returning(&txn)
    .await
    .unwrap();
    txn.commit().await.unwrap();

    let deadline = std::time::Instant::now() + BACKLOG_INTERVAL * 3;
    let chained = loop {
        let txn = tenancy::begin(&owner, tenant).await.unwrap();
        let chained = access_log::entries(&txn, tenant).await.unwrap();
        txn.commit().await.unwrap();
        if !chained.is_empty() || std::time::Instant::now() > deadline {
            break chained;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!(chained.len(), 1, "{chained:?}");
    assert_eq!(chained[0].seq, 1);
    assert_eq!(chained[0].purpose, "planning");
}

/// A page of staff read by a cadre is one entry naming each staff record once (the records,
/// not their persons: `staff.person_id` links them); the auditor finds it under one nurse's
/// record, and the nurse's right of access shows it. A single record's entry also names its
/// person.
async fn a_staff_page_read_names_each_record(engine: Engine) {
    use crate::organisation::{Ght, ok};
    use serde_json::json;
    let g = Ght::new(engine, "page").await;
    let page = ok(
        &g.app,
        &g.cadre_a,
        "query($u: UUID!) { staffMembers(unitId: $u, first: 10) { nodes { id lastName } } }",
        json!({ "u": g.unit_a }),
    )
    .await;
    let mut read: Vec<String> = page["staffMembers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect();
    read.sort();
    let mut nurses = g.nurses_a.clone();
    nurses.sort();
    assert_eq!(read, nurses);
    let found = ok(
        &g.app,
        &g.dpo,
        "query($o: UUID) { accessLog(objectId: $o, first: 50) { operation objectType objectIds purpose actorRole } }",
        json!({ "o": g.nurses_a[1] }),
    )
    .await;
    let entries = found["accessLog"].as_array().unwrap();
    let page_read = entries
        .iter()
        .find(|e| e["operation"] == "read" && e["objectType"] == "staff")
        .unwrap_or_else(|| panic!("{found}"));
    let mut named: Vec<String> = page_read["objectIds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap().to_owned())
        .collect();
    named.sort();
    assert_eq!(named, nurses, "{page_read}");
    assert_eq!(page_read["purpose"], "staff_management");
    assert_eq!(page_read["actorRole"], "unit_manager");
    let created = entries
        .iter()
        .find(|e| e["operation"] == "create" && e["objectType"] == "staff")
        .unwrap_or_else(|| panic!("{found}"));
    assert_eq!(
        created["objectIds"].as_array().unwrap().len(),
        2,
        "{created}"
    );
    assert_eq!(created["objectIds"][0], g.nurses_a[1].as_str());
    // The first nurse holds the agent's account: her right of access shows the page read.
    let mine = ok(
        &g.app,
        &g.agent,
        "{ myDataAccesses(first: 200) { operation objectType purpose actorRole } }",
        json!({}),
    )
    .await;
    assert!(
        mine["myDataAccesses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["operation"] == "read"
                && e["objectType"] == "staff"
                && e["purpose"] == "staff_management"
                && e["actorRole"] == "unit_manager"),
        "{mine}"
    );
}

#[tokio::test]
async fn a_staff_page_read_names_each_record_on_sqlite() {
    a_staff_page_read_names_each_record(Engine::Sqlite).await;
}

#[tokio::test]
async fn a_staff_page_read_names_each_record_on_postgres() {
    a_staff_page_read_names_each_record(Engine::Postgres).await;
}

/// A new 3-day roster of unit A, starting in 30 days: its id and first day.
async fn roster_of_unit_a(g: &crate::organisation::Ght) -> (String, chrono::NaiveDate) {
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    let created = g.create_roster(&g.cadre_a, &g.unit_a, start, 3).await;
    let roster = created["data"]["createRoster"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    (roster, start)
}

/// A roster read is one entry naming the roster, then each person of the version read once,
/// in id order; on PostgreSQL the database writes it from the version's pack in the read's
/// own statement, on SQLite the service writes it apart: the entries are the same. An empty
/// version's read names the roster alone.
async fn a_roster_read_names_the_roster_and_each_person(engine: Engine) {
    use crate::organisation::{Ght, ok};
    use serde_json::json;
    let g = Ght::new(engine, "lecture").await;
    let (roster, start) = roster_of_unit_a(&g).await;
    let read = "query($r: UUID!) { roster(id: $r) { version grid { rows { staffId } } } }";
    ok(&g.app, &g.cadre_a, read, json!({ "r": roster })).await;
    let set = "mutation($i: SetAssignmentInput!) { setAssignment(input: $i) { version } }";
    for (nurse, day) in [(2, 0), (1, 0), (2, 1)] {
        let date = (start + chrono::Duration::days(day)).to_string();
        ok(
            &g.app,
            &g.cadre_a,
            set,
            json!({ "i": { "rosterId": roster, "staffId": g.nurses_a[nurse], "date": date,
                           "shiftTypeId": g.morning } }),
        )
        .await;
    }
    let data = ok(&g.app, &g.cadre_a, read, json!({ "r": roster })).await;
    assert_eq!(data["roster"]["version"], 4, "{data}");
    let found = ok(
        &g.app,
        &g.dpo,
        "query($o: UUID) { accessLog(objectId: $o, first: 50) { operation objectType objectIds purpose actorRole } }",
        json!({ "o": roster }),
    )
    .await;
    let reads: Vec<Vec<String>> = found["accessLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["operation"] == "read" && e["objectType"] == "roster")
        .map(|e| {
            assert_eq!(e["purpose"], "planning", "{e}");
            assert_eq!(e["actorRole"], "unit_manager", "{e}");
            e["objectIds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| id.as_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    let mut people = vec![g.nurses_a[1].clone(), g.nurses_a[2].clone()];
    people.sort();
    let full: Vec<String> = std::iter::once(roster.clone()).chain(people).collect();
    assert!(reads.contains(&vec![roster.clone()]), "{found}");
    assert!(reads.contains(&full), "{found}");
    assert!(reads.iter().all(|ids| ids[0] == roster), "{found}");
    // Each read is chained once: the verification sees an intact log.
    let verified = ok(&g.app, &g.dpo, VERIFY, json!({})).await;
    assert_eq!(verified["verifyAccessLog"]["intact"], true, "{verified}");
}

#[tokio::test]
async fn a_roster_read_names_the_roster_and_each_person_on_sqlite() {
    a_roster_read_names_the_roster_and_each_person(Engine::Sqlite).await;
}

#[tokio::test]
async fn a_roster_read_names_the_roster_and_each_person_on_postgres() {
    a_roster_read_names_the_roster_and_each_person(Engine::Postgres).await;
}

/// Migration 13 (object ids stored as bytes, packs carrying their people) undone and redone
/// over a log and packs the API wrote: the entries read the same ids before and after, the
/// chain still verifies, the undone form is JSON text naming the roster, and a read after it
/// logs its people from the rebuilt `people` column.
async fn log_ids_survive_their_change_of_storage(engine: Engine) {
    use crate::organisation::{Ght, ok};
    use releve_migrations::MigratorTrait;
    use serde_json::json;
    let g = Ght::new(engine, "stockage").await;
    let (roster, start) = roster_of_unit_a(&g).await;
    let set = "mutation($i: SetAssignmentInput!) { setAssignment(input: $i) { version } }";
    for nurse in [2, 0] {
        ok(
            &g.app,
            &g.cadre_a,
            set,
            json!({ "i": { "rosterId": roster, "staffId": g.nurses_a[nurse],
                           "date": start.to_string(), "shiftTypeId": g.morning } }),
        )
        .await;
    }
    let read = "query($r: UUID!) { roster(id: $r) { version grid { rows { staffId } } } }";
    ok(&g.app, &g.cadre_a, read, json!({ "r": roster })).await;
    let search =
        "query($o: UUID) { accessLog(objectId: $o, first: 50) { seq objectType objectIds } }";
    let before = ok(&g.app, &g.dpo, search, json!({ "o": roster })).await;
    assert!(
        before["accessLog"].as_array().is_some_and(|e| e.len() >= 3),
        "{before}"
    );

    let owner = releve_backend::database::connect_owner(&g.app.settings)
        .await
        .unwrap();
    // The search's own entry chained first: the running app's appender must not meet a
    // pending row in the middle of the change (`releve migrate` runs before `serve` does).
    let count = "SELECT count(*) FROM access_log_outbox";
    for _ in 0..50 {
        let pending: i64 = owner
            .query_one_raw(sea_orm::Statement::from_string(
                owner.get_database_backend(),
                count,
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index(0)
            .unwrap();
        if pending == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    releve_migrations::Migrator::down(&owner, Some(1))
        .await
        .unwrap();
    let texts = owner
        .query_all_raw(sea_orm::Statement::from_string(
            owner.get_database_backend(),
            "SELECT object_ids FROM access_log",
        ))
        .await
        .unwrap();
    let texts: Vec<String> = texts
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with(&format!("[\"{roster}\"")) && t.ends_with(']')),
        "{texts:?}"
    );
    releve_migrations::Migrator::up(&owner, None).await.unwrap();

    // The auditor's own searches are logged too: compare the entries found before.
    let after = ok(&g.app, &g.dpo, search, json!({ "o": roster })).await;
    let after = after["accessLog"].as_array().unwrap();
    for entry in before["accessLog"].as_array().unwrap() {
        assert!(after.contains(entry), "{entry} lost in {after:?}");
    }
    let verified = ok(&g.app, &g.dpo, VERIFY, json!({})).await;
    assert_eq!(verified["verifyAccessLog"]["intact"], true, "{verified}");
    // A read of a pack written before the change names the roster and both nurses.
    ok(&g.app, &g.cadre_a, read, json!({ "r": roster })).await;
    let latest = ok(&g.app, &g.dpo, search, json!({ "o": roster })).await;
    let mut people = vec![g.nurses_a[0].clone(), g.nurses_a[2].clone()];
    people.sort();
    let full: Vec<String> = std::iter::once(roster.clone()).chain(people).collect();
    let newest_roster_entry = latest["accessLog"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["objectType"] == "roster")
        .unwrap_or_else(|| panic!("{latest}"));
    assert_eq!(newest_roster_entry["objectIds"], json!(full), "{latest}");
}

#[tokio::test]
async fn log_ids_survive_their_change_of_storage_on_sqlite() {
    log_ids_survive_their_change_of_storage(Engine::Sqlite).await;
}

#[tokio::test]
async fn log_ids_survive_their_change_of_storage_on_postgres() {
    log_ids_survive_their_change_of_storage(Engine::Postgres).await;
}
