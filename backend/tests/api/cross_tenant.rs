//! Generated cross-tenant suite (security.md T-02): every query, mutation and subscription
//! that takes an id is called by tenant B with tenant A's ids and must reveal nothing.
//! The list of such fields is read from the schema itself, so a new resolver that takes an
//! id fails this test until it has a case here.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};

use crate::helpers::{Engine, TestApp, ws_message};
use crate::organisation::{Ght, code, ok};

const INTROSPECTION: &str = "{ __schema { queryType { name } mutationType { name } \
    subscriptionType { name } types { name fields { name args { name type { name kind \
    ofType { name kind ofType { name } } } } } } } }";

/// `Type.field(arg)` for every argument whose type is UUID or ID.
async fn fields_taking_ids(app: &TestApp) -> BTreeSet<String> {
    let schema = app.graphql(INTROSPECTION).await;
    let roots: Vec<String> = ["queryType", "mutationType", "subscriptionType"]
        .iter()
        .filter_map(|r| {
            schema["data"]["__schema"][r]["name"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    let mut found = BTreeSet::new();
    for ty in schema["data"]["__schema"]["types"].as_array().unwrap() {
        let name = ty["name"].as_str().unwrap();
        if !roots.iter().any(|r| r == name) {
            continue;
        }
        for field in ty["fields"].as_array().unwrap() {
            for arg in field["args"].as_array().unwrap() {
                let t = &arg["type"];
                let names = [
                    &t["name"],
                    &t["ofType"]["name"],
                    &t["ofType"]["ofType"]["name"],
                ];
                if names.iter().any(|n| *n == "UUID" || *n == "ID") {
                    found.insert(format!(
                        "{name}.{}({})",
                        field["name"].as_str().unwrap(),
                        arg["name"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    found
}

fn assert_not_found(body: &serde_json::Value, case: &str) {
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "{case}: {body}"
    );
    assert!(body["data"].is_null(), "{case} leaked data: {body}");
}

#[tokio::test]
async fn every_id_taking_field_refuses_another_tenants_ids() {
    let g = Ght::new(Engine::Postgres, "est").await;
    let app = &g.app;
    let north = app.create_tenant("nord").await;
    let south = app.create_tenant("sud").await;
    for (tenant, domain) in [(north, "nord"), (south, "sud")] {
        app.create_user(
            tenant,
            &format!("cadre@{domain}.fr"),
            "mot-de-passe-long",
            "unit_manager",
        )
        .await;
        app.create_user(
            tenant,
            &format!("dpo@{domain}.fr"),
            "mot-de-passe-long",
            "auditor",
        )
        .await;
    }
    // Tenant A's objects: a job and an account.
    let cadre_a = app.token("cadre@nord.fr").await;
    let problem: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../solver/examples/ward.problem.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let job = app
        .graphql_as(
            Some(&cadre_a),
            "mutation($p: JSON!) { submitSolve(problem: $p, timeLimit: 2) { id } }",
            serde_json::json!({ "p": problem }),
        )
        .await;
    let job_a = job["data"]["submitSolve"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = app
        .graphql_as(Some(&cadre_a), "{ me { userId } }", serde_json::json!({}))
        .await;
    let user_a = me["data"]["me"]["userId"].as_str().unwrap().to_owned();

    // Tenant B, with the roles that may call each field.
    let cadre_b = app.token("cadre@sud.fr").await;
    let dpo_b = app.token("dpo@sud.fr").await;
    let mut covered = BTreeSet::new();

    let vars = serde_json::json!({ "id": job_a });
    let body = app
        .graphql_as(
            Some(&cadre_b),
            "query($id: UUID!) { job(id: $id) { id state } }",
            vars.clone(),
        )
        .await;
    assert_not_found(&body, "job");
    covered.insert("QueryRoot.job(id)");

    let body = app
        .graphql_as(
            Some(&cadre_b),
            "mutation($id: UUID!) { cancelJob(id: $id) { state } }",
            vars.clone(),
        )
        .await;
    assert_not_found(&body, "cancelJob");
    covered.insert("MutationRoot.cancelJob(id)");

    // A's job read as a repair's proposals.
    let body = app
        .graphql_as(
            Some(&cadre_b),
            "query($id: UUID!) { rosterRepair(jobId: $id) { rosterId alternatives } }",
            vars.clone(),
        )
        .await;
    assert_not_found(&body, "rosterRepair");
    covered.insert("QueryRoot.rosterRepair(jobId)");

    // A's job adopted as a repair's alternative.
    let body = app
        .graphql_as(
            Some(&cadre_b),
            "mutation($id: UUID!) { adoptRosterRepair(jobId: $id, alternative: 1) { id } }",
            vars.clone(),
        )
        .await;
    assert_not_found(&body, "adoptRosterRepair");
    covered.insert("MutationRoot.adoptRosterRepair(jobId)");

    app.create_user(south, "admin@sud.fr", "mot-de-passe-long", "ght_admin")
        .await;
    let admin_b = app.token("admin@sud.fr").await;
    let body = app
        .graphql_as(
            Some(&admin_b),
            "mutation($id: UUID!) { eraseAccount(userId: $id) }",
            serde_json::json!({ "id": user_a }),
        )
        .await;
    assert_not_found(&body, "eraseAccount");
    covered.insert("MutationRoot.eraseAccount(userId)");
    // Tenant A's account is intact.
    let me = app
        .graphql_as(Some(&cadre_a), "{ me { email } }", serde_json::json!({}))
        .await;
    assert_eq!(me["data"]["me"]["email"], "cadre@nord.fr", "{me}");

    // Filters of the auditor's search: another tenant's ids simply match nothing.
    for arg in ["actorId", "objectId"] {
        let query = format!("query($id: UUID!) {{ accessLog({arg}: $id) {{ seq }} }}");
        let body = app
            .graphql_as(Some(&dpo_b), &query, serde_json::json!({ "id": user_a }))
            .await;
        assert_eq!(
            body["data"]["accessLog"],
            serde_json::json!([]),
            "accessLog({arg}): {body}"
        );
    }
    let body = app
        .graphql_as(
            Some(&dpo_b),
            "query($ids: [UUID!]) { accessLog(objectIds: $ids) { seq } }",
            serde_json::json!({ "ids": [user_a, job_a] }),
        )
        .await;
    assert_eq!(
        body["data"]["accessLog"],
        serde_json::json!([]),
        "accessLog(objectIds): {body}"
    );
    covered.insert("QueryRoot.accessLog(actorId)");
    covered.insert("QueryRoot.accessLog(objectId)");
    covered.insert("QueryRoot.accessLog(objectIds)");

    // The subscription answers with an error and no event.
    let mut socket = app.websocket(Some(&cadre_b)).await;
    socket
        .send(ws_message(serde_json::json!({
            "id": "1",
            "type": "subscribe",
            "payload": {
                "query": "subscription($id: UUID!) { jobProgress(id: $id) { state } }",
                "variables": { "id": job_a }
            }
        })))
        .await
        .unwrap();
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("an answer within 10 s")
            .unwrap()
            .unwrap();
        let Ok(text) = message.to_text() else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        match value["type"].as_str() {
            Some("next") => {
                assert!(
                    value["payload"]["data"].is_null(),
                    "jobProgress leaked: {value}"
                );
                assert_eq!(
                    value["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND",
                    "{value}"
                );
                break;
            }
            Some("error") => {
                assert_eq!(
                    value["payload"][0]["extensions"]["code"], "NOT_FOUND",
                    "{value}"
                );
                break;
            }
            _ => {}
        }
    }
    covered.insert("SubscriptionRoot.jobProgress(id)");

    organisation_and_roster_cases(&g, &app.token("cadre@sud.fr").await, &admin_b, &mut covered)
        .await;

    let all = fields_taking_ids(app).await;
    assert!(
        all.contains("QueryRoot.job(id)"),
        "the schema reading must work: {all:?}"
    );
    let missing: Vec<&String> = all
        .iter()
        .filter(|f| !covered.contains(f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "fields taking ids without a cross-tenant case: {missing:?}"
    );
}

/// NOT_FOUND, and no data (null, or every field null).
fn assert_hidden(body: &serde_json::Value, case: &str) {
    assert_eq!(code(body), "NOT_FOUND", "{case}: {body}");
    let data = &body["data"];
    let empty = data.is_null()
        || data
            .as_object()
            .is_some_and(|o| o.values().all(|v| v.is_null()));
    assert!(empty, "{case} leaked data: {body}");
}

/// Tenant B's cadre and admin call every organisation and roster field with tenant A's ids.
async fn organisation_and_roster_cases(
    g: &Ght,
    cadre_b: &str,
    admin_b: &str,
    covered: &mut BTreeSet<&'static str>,
) {
    let app = &g.app;
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    let roster = g.create_roster(&g.cadre_a, &g.unit_a, start, 3).await;
    let roster_a = roster["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pole_a = ok(
        app,
        &g.admin,
        "mutation($s: UUID!) { createPole(establishmentId: $s, name: \"P\") { id } }",
        serde_json::json!({ "s": g.site_id }),
    )
    .await["createPole"]["id"]
        .clone();
    let wish_a = ok(
        app,
        &g.agent,
        "mutation($d: NaiveDate!) { submitDesiderata(date: $d, kind: ON) { id } }",
        serde_json::json!({ "d": start.to_string() }),
    )
    .await["submitDesiderata"]["id"]
        .clone();
    let user_a =
        ok(app, &g.cadre_a, "{ me { userId } }", serde_json::json!({})).await["me"]["userId"]
            .clone();
    // Tenant B's own establishment and unit, to pair with A's ids where a field takes two.
    let site_b = ok(
        app,
        admin_b,
        "mutation { createEstablishment(finess: \"130000003\", name: \"CH Sud\") { id } }",
        serde_json::json!({}),
    )
    .await["createEstablishment"]["id"]
        .clone();
    let unit_b = ok(app, admin_b, "mutation($s: UUID!) { createUnit(input: { establishmentId: $s, code: \"SUD\", name: \"Sud\" }) { id } }",
        serde_json::json!({ "s": site_b })).await["createUnit"]["id"].clone();
    let user_b =
        ok(app, admin_b, "{ me { userId } }", serde_json::json!({})).await["me"]["userId"].clone();
    let parameter_a = ok(
        app,
        &g.admin,
        "mutation { setRuleParameter(scope: TENANT, key: \"fph_daily_rest_minutes\", value: \"660\", effectiveFrom: \"2026-01-01\") { id } }",
        serde_json::json!({}),
    )
    .await["setRuleParameter"]["id"]
        .clone();
    let substitution_a = ok(
        app,
        &g.admin,
        "mutation { setQualificationSubstitution(fromQualification: \"IDE\", toQualification: \"AS\", cost: 20) { id } }",
        serde_json::json!({}),
    )
    .await["setQualificationSubstitution"]["id"]
        .clone();
    let cycle_of = |token: &str| {
        let token = token.to_owned();
        async move {
            ok(
                app,
                &token,
                "mutation { createWorkCycle(name: \"T\", weeks: 1, pattern: [null, null, null, null, null, null, null]) { id } }",
                serde_json::json!({}),
            )
            .await["createWorkCycle"]["id"]
                .clone()
        }
    };
    let cycle_a = cycle_of(&g.admin).await;
    let cycle_b = cycle_of(admin_b).await;
    let staff_b = ok(
        app,
        admin_b,
        "mutation($u: UUID!) { createStaffMember(input: { firstName: \"S\", lastName: \"Sud\", profession: \"IDE\", homeUnitId: $u }) { id } }",
        serde_json::json!({ "u": unit_b }),
    )
    .await["createStaffMember"]["id"]
        .clone();
    let day = start.to_string();
    let roster_b = ok(
        app,
        admin_b,
        "mutation($u: UUID!, $d: NaiveDate!) { createRoster(unitId: $u, periodStart: $d, periodEnd: $d) { id } }",
        serde_json::json!({ "u": unit_b, "d": day }),
    )
    .await["createRoster"]["id"]
        .clone();
    // Tenant A's theatre session and joint requirement.
    let session_a = ok(
        app,
        &g.cadre_a,
        "mutation($u: UUID!, $d: NaiveDate!, $t: [UUID!]!) { setTheatreSession(unitId: $u, \
         room: \"Salle 1\", date: $d, teamShiftTypeIds: $t) { id } }",
        serde_json::json!({ "u": g.unit_a, "d": day, "t": [g.morning] }),
    )
    .await["setTheatreSession"]["id"]
        .clone();
    let joint_a = ok(
        app,
        &g.cadre_a,
        "mutation($u: UUID!, $s: [UUID!]!) { createJointRequirement(unitId: $u, kind: AT_LEAST, \
         shiftTypeIds: $s, label: \"Nuit\", effectiveFrom: \"2026-01-01\") { id } }",
        serde_json::json!({ "u": g.unit_a, "s": [g.night] }),
    )
    .await["createJointRequirement"]["id"]
        .clone();
    let cases: Vec<(&'static [&'static str], &str, &str, serde_json::Value)> = vec![
        (
            &["QueryRoot.rosterScore(rosterId)"],
            cadre_b,
            "query($a: UUID!) { rosterScore(rosterId: $a) { version details } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["QueryRoot.rosterExplanations(rosterId)"],
            cadre_b,
            "query($a: UUID!) { rosterExplanations(rosterId: $a) { version uncovered } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["QueryRoot.rosterExplanations(staffIds)"],
            admin_b,
            "query($r: UUID!, $a: UUID!) { rosterExplanations(rosterId: $r, staffIds: [$a]) { version assignments } }",
            serde_json::json!({ "r": roster_b, "a": g.nurses_a[0] }),
        ),
        (
            &["QueryRoot.cellExplanation(rosterId)"],
            cadre_b,
            "query($a: UUID!, $s: UUID!, $d: NaiveDate!) { cellExplanation(rosterId: $a, staffId: $s, date: $d) { version assignments } }",
            serde_json::json!({ "a": roster_a, "s": g.nurses_a[0], "d": start.to_string() }),
        ),
        (
            &["QueryRoot.cellExplanation(staffId)"],
            admin_b,
            "query($r: UUID!, $a: UUID!, $d: NaiveDate!) { cellExplanation(rosterId: $r, staffId: $a, date: $d) { version assignments } }",
            serde_json::json!({ "r": roster_b, "a": g.nurses_a[0], "d": start.to_string() }),
        ),
        (
            &["QueryRoot.unitAlerts(unitId)"],
            admin_b,
            "query($a: UUID!) { unitAlerts(unitId: $a) { kind message } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["QueryRoot.unitGains(unitId)"],
            admin_b,
            "query($a: UUID!) { unitGains(unitId: $a, month: \"2026-01\") { report } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["MutationRoot.requestRosterRepair(rosterId)"],
            cadre_b,
            "mutation($a: UUID!) { requestRosterRepair(rosterId: $a, timeLimit: 1) { id } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["QueryRoot.theatreProgramme(unitId)"],
            admin_b,
            "query($a: UUID!, $d: NaiveDate!) { theatreProgramme(unitId: $a, from: $d, to: $d) { id } }",
            serde_json::json!({ "a": g.unit_a, "d": day }),
        ),
        (
            &["MutationRoot.setTheatreSession(unitId)"],
            admin_b,
            "mutation($a: UUID!, $d: NaiveDate!, $t: [UUID!]!) { setTheatreSession(unitId: $a, room: \"S\", date: $d, teamShiftTypeIds: $t) { id } }",
            serde_json::json!({ "a": g.unit_a, "d": day, "t": [g.morning] }),
        ),
        (
            &["MutationRoot.setTheatreSession(teamShiftTypeIds)"],
            admin_b,
            "mutation($u: UUID!, $d: NaiveDate!, $a: [UUID!]!) { setTheatreSession(unitId: $u, room: \"S\", date: $d, teamShiftTypeIds: $a) { id } }",
            serde_json::json!({ "u": unit_b, "d": day, "a": [g.morning] }),
        ),
        (
            &["MutationRoot.deleteTheatreSession(id)"],
            admin_b,
            "mutation($a: UUID!) { deleteTheatreSession(id: $a) }",
            serde_json::json!({ "a": session_a }),
        ),
        (
            &["QueryRoot.jointRequirements(unitId)"],
            admin_b,
            "query($a: UUID!) { jointRequirements(unitId: $a) { id } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["MutationRoot.createJointRequirement(unitId)"],
            admin_b,
            "mutation($a: UUID!, $s: [UUID!]!) { createJointRequirement(unitId: $a, kind: AT_LEAST, shiftTypeIds: $s, label: \"N\", effectiveFrom: \"2026-01-01\") { id } }",
            serde_json::json!({ "a": g.unit_a, "s": [g.night] }),
        ),
        (
            &["MutationRoot.createJointRequirement(shiftTypeIds)"],
            admin_b,
            "mutation($u: UUID!, $a: [UUID!]!) { createJointRequirement(unitId: $u, kind: AT_LEAST, shiftTypeIds: $a, label: \"N\", effectiveFrom: \"2026-01-01\") { id } }",
            serde_json::json!({ "u": unit_b, "a": [g.night] }),
        ),
        (
            &["MutationRoot.deleteJointRequirement(id)"],
            admin_b,
            "mutation($a: UUID!) { deleteJointRequirement(id: $a) }",
            serde_json::json!({ "a": joint_a }),
        ),
        (
            &["QueryRoot.recordedCounters(staffId)"],
            admin_b,
            "query($a: UUID!, $d: NaiveDate!) { recordedCounters(staffId: $a, from: $d, to: $d) { id } }",
            serde_json::json!({ "a": g.nurses_a[0], "d": day }),
        ),
        (
            &["MutationRoot.recordWorkedTime(staffId)"],
            admin_b,
            "mutation($a: UUID!, $d: NaiveDate!) { recordWorkedTime(staffId: $a, periodStart: $d, periodEnd: $d, workedMinutes: 60) { id } }",
            serde_json::json!({ "a": g.nurses_a[0], "d": day }),
        ),
        (
            &["MutationRoot.recordLeaveTaken(staffId)"],
            admin_b,
            "mutation($a: UUID!, $d: NaiveDate!) { recordLeaveTaken(staffId: $a, periodStart: $d, periodEnd: $d, leaveDaysTaken: 1) { id } }",
            serde_json::json!({ "a": g.nurses_a[0], "d": day }),
        ),
        (
            &["MutationRoot.setCetBalance(staffId)"],
            admin_b,
            "mutation($a: UUID!, $d: NaiveDate!) { setCetBalance(staffId: $a, periodStart: $d, periodEnd: $d, cetDaysBalance: 1) { id } }",
            serde_json::json!({ "a": g.nurses_a[0], "d": day }),
        ),
        (
            &["QueryRoot.fairnessLedger(staffId)"],
            admin_b,
            "query($a: UUID!, $d: NaiveDate!) { fairnessLedger(staffId: $a, from: $d, to: $d) { rosterId } }",
            serde_json::json!({ "a": g.nurses_a[0], "d": day }),
        ),
        (
            &["QueryRoot.workCycles(unitId)"],
            admin_b,
            "query($a: UUID!) { workCycles(unitId: $a) { id } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["MutationRoot.createWorkCycle(unitId)"],
            admin_b,
            "mutation($a: UUID!) { createWorkCycle(unitId: $a, name: \"T\", weeks: 1, pattern: [null, null, null, null, null, null, null]) { id } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["QueryRoot.workCycleMembers(cycleId)"],
            admin_b,
            "query($a: UUID!) { workCycleMembers(cycleId: $a) { id } }",
            serde_json::json!({ "a": cycle_a }),
        ),
        (
            &["MutationRoot.updateWorkCycle(id)"],
            admin_b,
            "mutation($a: UUID!) { updateWorkCycle(id: $a, name: \"X\", weeks: 1, pattern: [null, null, null, null, null, null, null]) { id } }",
            serde_json::json!({ "a": cycle_a }),
        ),
        (
            &["MutationRoot.deleteWorkCycle(id)"],
            admin_b,
            "mutation($a: UUID!) { deleteWorkCycle(id: $a) }",
            serde_json::json!({ "a": cycle_a }),
        ),
        (
            &["QueryRoot.staffCounters(staffId)"],
            admin_b,
            "query($a: UUID!, $d: NaiveDate!) { staffCounters(staffId: $a, from: $d, to: $d) { dueMinutes } }",
            serde_json::json!({ "a": g.nurses_a[0], "d": day }),
        ),
        (
            &["QueryRoot.staffCycles(staffId)"],
            admin_b,
            "query($a: UUID!) { staffCycles(staffId: $a) { id } }",
            serde_json::json!({ "a": g.nurses_a[0] }),
        ),
        (
            &["MutationRoot.assignWorkCycle(staffId)"],
            admin_b,
            "mutation($a: UUID!, $c: UUID!) { assignWorkCycle(staffId: $a, cycleId: $c, startDate: \"2026-01-05\") { id } }",
            serde_json::json!({ "a": g.nurses_a[0], "c": cycle_b }),
        ),
        (
            &["MutationRoot.assignWorkCycle(cycleId)"],
            admin_b,
            "mutation($a: UUID!, $s: UUID!) { assignWorkCycle(staffId: $s, cycleId: $a, startDate: \"2026-01-05\") { id } }",
            serde_json::json!({ "a": cycle_a, "s": staff_b }),
        ),
        (
            &["QueryRoot.ruleParameters(unitId)"],
            admin_b,
            "query($a: UUID!) { ruleParameters(unitId: $a) { id value } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["MutationRoot.setRuleParameter(scopeId)"],
            admin_b,
            "mutation($a: UUID!) { setRuleParameter(scope: UNIT, scopeId: $a, key: \"fph_daily_rest_minutes\", value: \"600\", effectiveFrom: \"2026-01-01\") { id } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["MutationRoot.deleteRuleParameter(id)"],
            admin_b,
            "mutation($a: UUID!) { deleteRuleParameter(id: $a) }",
            serde_json::json!({ "a": parameter_a }),
        ),
        (
            &["MutationRoot.deleteQualificationSubstitution(id)"],
            admin_b,
            "mutation($a: UUID!) { deleteQualificationSubstitution(id: $a) }",
            serde_json::json!({ "a": substitution_a }),
        ),
        (
            &["QueryRoot.travelTimes(fromSiteId)"],
            admin_b,
            "query($a: UUID!) { travelTimes(fromSiteId: $a) { minutes } }",
            serde_json::json!({ "a": g.site_id }),
        ),
        (
            &["MutationRoot.setTravelTime(fromSiteId)"],
            admin_b,
            "mutation($a: UUID!, $b: UUID!) { setTravelTime(fromSiteId: $a, toSiteId: $b, minutes: 20) { minutes } }",
            serde_json::json!({ "a": g.site_id, "b": site_b }),
        ),
        (
            &["MutationRoot.setTravelTime(toSiteId)"],
            admin_b,
            "mutation($a: UUID!, $b: UUID!) { setTravelTime(fromSiteId: $b, toSiteId: $a, minutes: 20) { minutes } }",
            serde_json::json!({ "a": g.site_id, "b": site_b }),
        ),
        (
            &["MutationRoot.renameEstablishment(id)"],
            admin_b,
            "mutation($a: UUID!) { renameEstablishment(id: $a, name: \"x\") { id } }",
            serde_json::json!({ "a": g.site_id }),
        ),
        (
            &["QueryRoot.poles(establishmentId)"],
            admin_b,
            "query($a: UUID!) { poles(establishmentId: $a) { id } }",
            serde_json::json!({ "a": g.site_id }),
        ),
        (
            &["MutationRoot.createPole(establishmentId)"],
            admin_b,
            "mutation($a: UUID!) { createPole(establishmentId: $a, name: \"x\") { id } }",
            serde_json::json!({ "a": g.site_id }),
        ),
        (
            &["QueryRoot.units(establishmentId)"],
            admin_b,
            "query($a: UUID!) { units(establishmentId: $a) { edges { node { id } } } }",
            serde_json::json!({ "a": g.site_id }),
        ),
        (
            &["MutationRoot.updateUnit(id)"],
            admin_b,
            "mutation($a: UUID!) { updateUnit(id: $a, name: \"x\") { id } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["MutationRoot.updateUnit(poleId)"],
            admin_b,
            "mutation($u: UUID!, $a: UUID!) { updateUnit(id: $u, poleId: $a) { id } }",
            serde_json::json!({ "u": unit_b, "a": pole_a }),
        ),
        (
            &["MutationRoot.setUserScopes(userId)"],
            admin_b,
            "mutation($a: UUID!) { setUserScopes(userId: $a) }",
            serde_json::json!({ "a": user_a }),
        ),
        (
            &["MutationRoot.setUserScopes(siteIds)"],
            admin_b,
            "mutation($u: UUID!, $a: UUID!) { setUserScopes(userId: $u, siteIds: [$a]) }",
            serde_json::json!({ "u": user_b, "a": g.site_id }),
        ),
        (
            &["MutationRoot.setUserScopes(unitIds)"],
            admin_b,
            "mutation($u: UUID!, $a: UUID!) { setUserScopes(userId: $u, unitIds: [$a]) }",
            serde_json::json!({ "u": user_b, "a": g.unit_a }),
        ),
        (
            &["MutationRoot.updateShiftType(id)"],
            admin_b,
            "mutation($a: UUID!) { updateShiftType(id: $a, input: { code: \"M\", label: \"x\", startMinute: 0, durationMinutes: 60 }) { id } }",
            serde_json::json!({ "a": g.morning }),
        ),
        (
            &["QueryRoot.maquette(unitId)"],
            cadre_b,
            "query($a: UUID!) { maquette(unitId: $a) { id } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["QueryRoot.staffMembers(unitId)"],
            admin_b,
            "query($a: UUID!) { staffMembers(unitId: $a) { edges { node { id } } } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["QueryRoot.staffMember(id)"],
            admin_b,
            "query($a: UUID!) { staffMember(id: $a) { lastName } }",
            serde_json::json!({ "a": g.nurses_a[0] }),
        ),
        (
            &["MutationRoot.eraseStaffMember(id)"],
            admin_b,
            "mutation($a: UUID!) { eraseStaffMember(id: $a) }",
            serde_json::json!({ "a": g.nurses_a[1] }),
        ),
        (
            &["MutationRoot.updateStaffMember(id)"],
            admin_b,
            "mutation($a: UUID!) { updateStaffMember(id: $a, input: { quotite: 50 }) { id } }",
            serde_json::json!({ "a": g.nurses_a[0] }),
        ),
        (
            &["MutationRoot.submitDesiderata(shiftTypeId)"],
            cadre_b,
            "mutation($a: UUID!, $d: NaiveDate!) { submitDesiderata(date: $d, shiftTypeId: $a, kind: ON) { id } }",
            serde_json::json!({ "a": g.morning, "d": day }),
        ),
        (
            &["MutationRoot.deleteDesiderata(id)"],
            cadre_b,
            "mutation($a: UUID!) { deleteDesiderata(id: $a) }",
            serde_json::json!({ "a": wish_a }),
        ),
        (
            &["QueryRoot.desiderata(unitId)"],
            cadre_b,
            "query($a: UUID!, $d: NaiveDate!) { desiderata(unitId: $a, from: $d, to: $d) { edges { node { id } } } }",
            serde_json::json!({ "a": g.unit_a, "d": day }),
        ),
        (
            &["QueryRoot.absences(unitId)"],
            admin_b,
            "query($a: UUID!, $d: NaiveDate!) { absences(unitId: $a, from: $d, to: $d) { edges { node { id } } } }",
            serde_json::json!({ "a": g.unit_a, "d": day }),
        ),
        (
            &["QueryRoot.rosters(unitId)"],
            cadre_b,
            "query($a: UUID!) { rosters(unitId: $a) { edges { node { id } } } }",
            serde_json::json!({ "a": g.unit_a }),
        ),
        (
            &["QueryRoot.roster(id)"],
            cadre_b,
            "query($a: UUID!) { roster(id: $a) { version } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["QueryRoot.compareRosterVersions(rosterId)"],
            cadre_b,
            "query($a: UUID!) { compareRosterVersions(rosterId: $a, fromVersion: 1, toVersion: 1) { staffAffected } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["MutationRoot.createRoster(unitId)"],
            cadre_b,
            "mutation($a: UUID!, $d: NaiveDate!) { createRoster(unitId: $a, periodStart: $d, periodEnd: $d) { id } }",
            serde_json::json!({ "a": g.unit_a, "d": day }),
        ),
        (
            &["MutationRoot.overrideViolation(rosterId)"],
            cadre_b,
            "mutation($a: UUID!) { overrideViolation(rosterId: $a, fingerprint: \"x\", reasonCode: OTHER) { id } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["MutationRoot.requestRosterSolve(rosterId)"],
            cadre_b,
            "mutation($a: UUID!) { requestRosterSolve(rosterId: $a, timeLimit: 1) { id } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["MutationRoot.proposeRoster(id)"],
            cadre_b,
            "mutation($a: UUID!) { proposeRoster(id: $a) { state } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["MutationRoot.validateRoster(id)"],
            cadre_b,
            "mutation($a: UUID!) { validateRoster(id: $a) { state } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["QueryRoot.exportRoster(rosterId)"],
            cadre_b,
            "query($a: UUID!) { exportRoster(rosterId: $a, format: CSV) }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["MutationRoot.importRoster(rosterId)"],
            cadre_b,
            "mutation($a: UUID!) { importRoster(rosterId: $a, format: CSV, content: \"agent,date,poste\\n\") { imported } }",
            serde_json::json!({ "a": roster_a }),
        ),
        (
            &["QueryRoot.personalDataExport(staffId)"],
            admin_b,
            "query($a: UUID!) { personalDataExport(staffId: $a) { json } }",
            serde_json::json!({ "a": g.nurses_a[0] }),
        ),
        (
            &["QueryRoot.staffCalendar(staffId)"],
            admin_b,
            "query($a: UUID!, $d: NaiveDate!) { staffCalendar(staffId: $a, from: $d, to: $d) }",
            serde_json::json!({ "a": g.nurses_a[0], "d": day }),
        ),
        (
            &["MutationRoot.publishRoster(id)"],
            cadre_b,
            "mutation($a: UUID!) { publishRoster(id: $a, reasonCode: OTHER) { state } }",
            serde_json::json!({ "a": roster_a }),
        ),
    ];
    for (fields, token, query, vars) in cases {
        let body = app.graphql_as(Some(token), query, vars).await;
        assert_hidden(&body, fields[0]);
        covered.extend(fields.iter().copied());
    }
    // Tenant A's roster is untouched.
    let data = ok(
        app,
        &g.cadre_a,
        "query($a: UUID!) { roster(id: $a) { roster { state currentVersion } } }",
        serde_json::json!({ "a": roster_a }),
    )
    .await;
    assert_eq!(data["roster"]["roster"]["state"], "DRAFT");
    assert_eq!(data["roster"]["roster"]["currentVersion"], 1);
    // Tenant A's programme and joint requirement too.
    let data = ok(
        app,
        &g.cadre_a,
        "query($u: UUID!, $d: NaiveDate!) { theatreProgramme(unitId: $u, from: $d, to: $d) { id } \
         jointRequirements(unitId: $u) { id } }",
        serde_json::json!({ "u": g.unit_a, "d": day }),
    )
    .await;
    assert_eq!(data["theatreProgramme"][0]["id"], session_a);
    assert_eq!(data["jointRequirements"][0]["id"], joint_a);
    // And its qualification substitution.
    let data = ok(
        app,
        &g.admin,
        "{ qualificationSubstitutions { id } }",
        serde_json::json!({}),
    )
    .await;
    assert_eq!(data["qualificationSubstitutions"][0]["id"], substitution_a);
}
