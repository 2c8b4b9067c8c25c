//! A person's counters (`staffCounters`) and `me.staffId`: hours due from the parameter in
//! force for their unit, their quotité and absences; who may read them; the reads logged,
//! and the auditor finding a person's events under both their staff and account ids.

use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const COUNTERS: &str = "query($s: UUID!, $f: NaiveDate!, $t: NaiveDate!) { \
    staffCounters(staffId: $s, from: $f, to: $t) { staffId quotite weeklyReferenceMinutes \
    plannedMinutes dueMinutes workingDays absenceDays shifts nights weekends \
    sundaysAndHolidays holidays } }";

fn period(staff: &str) -> Value {
    // Monday 4 to Sunday 17 March 2030: ten working days, no public holiday.
    json!({ "s": staff, "f": "2030-03-04", "t": "2030-03-17" })
}

/// Publishes a two-week roster of unit A where the agent works four shifts.
async fn publish_agents_shifts(g: &Ght) {
    let created = g
        .create_roster(
            &g.cadre_a,
            &g.unit_a,
            chrono::NaiveDate::from_ymd_opt(2030, 3, 4).unwrap(),
            14,
        )
        .await;
    let roster = created["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let set = "mutation($i: SetAssignmentInput!) { setAssignment(input: $i) { version } }";
    for (date, shift) in [
        ("2030-03-04", &g.morning),
        ("2030-03-05", &g.morning),
        ("2030-03-06", &g.night),
        ("2030-03-09", &g.morning),
    ] {
        ok(
            &g.app,
            &g.cadre_a,
            set,
            json!({ "i": { "rosterId": roster, "staffId": g.nurses_a[0], "date": date, "shiftTypeId": shift } }),
        )
        .await;
    }
    let read = "query($id: UUID!) { roster(id: $id) { violations { hard fingerprint } } }";
    let data = ok(&g.app, &g.cadre_a, read, json!({ "id": roster })).await;
    for v in data["roster"]["violations"].as_array().unwrap() {
        if v["hard"] == true {
            ok(
                &g.app,
                &g.cadre_a,
                "mutation($r: UUID!, $f: String!) { overrideViolation(rosterId: $r, fingerprint: $f, reasonCode: SERVICE_CONTINUITY) { reasonCode } }",
                json!({ "r": roster, "f": v["fingerprint"] }),
            )
            .await;
        }
    }
    for op in ["validateRoster", "publishRoster"] {
        let query = format!("mutation($id: UUID!) {{ {op}(id: $id) {{ state }} }}");
        ok(&g.app, &g.cadre_a, &query, json!({ "id": roster })).await;
    }
}

#[tokio::test]
async fn counters_deduct_absences_and_follow_the_units_parameter() {
    let g = Ght::new(Engine::Postgres, "compteurs").await;
    let agent_staff = &g.nurses_a[0];

    // `me` names the agent's own staff record and home unit; the DPO has none.
    let me = ok(
        &g.app,
        &g.agent,
        "{ me { userId staffId homeUnitId email } }",
        json!({}),
    )
    .await;
    assert_eq!(me["me"]["staffId"], json!(agent_staff), "{me}");
    assert_eq!(me["me"]["homeUnitId"], json!(g.unit_a), "{me}");
    let agent_user = me["me"]["userId"].as_str().unwrap().to_owned();
    let dpo = ok(&g.app, &g.dpo, "{ me { staffId } }", json!({})).await;
    assert!(dpo["me"]["staffId"].is_null(), "{dpo}");

    publish_agents_shifts(&g).await;
    // The GHT's 33 h 20 from 2029 is overridden by the unit's 37 h 30 from 2030.
    let set_param = "mutation($k: ParameterScopeKind!, $i: UUID, $v: String!, $d: NaiveDate!) { \
        setRuleParameter(scope: $k, scopeId: $i, key: \"weekly_reference_minutes\", value: $v, effectiveFrom: $d) { id } }";
    ok(
        &g.app,
        &g.admin,
        set_param,
        json!({ "k": "TENANT", "i": null, "v": "2000", "d": "2029-01-01" }),
    )
    .await;
    ok(
        &g.app,
        &g.cadre_a,
        set_param,
        json!({ "k": "UNIT", "i": g.unit_a, "v": "2250", "d": "2030-01-01" }),
    )
    .await;
    // Two days of leave (Thursday 14 and Friday 15) and a quotité of 80 %.
    ok(
        &g.app,
        &g.hr,
        "mutation($i: AbsenceRecordInput!) { recordAbsence(input: $i) { id } }",
        json!({ "i": { "staffId": agent_staff, "startDate": "2030-03-14", "endDate": "2030-03-15", "category": "LEAVE" } }),
    )
    .await;
    ok(
        &g.app,
        &g.hr,
        "mutation($s: UUID!) { updateStaffMember(id: $s, input: { quotite: 80 }) { id } }",
        json!({ "s": agent_staff }),
    )
    .await;

    let own = ok(&g.app, &g.agent, COUNTERS, period(agent_staff)).await;
    let c = &own["staffCounters"];
    assert_eq!(c["quotite"], 80, "{own}");
    assert_eq!(c["weeklyReferenceMinutes"], 2250, "{own}");
    assert_eq!(c["workingDays"], 10, "{own}");
    assert_eq!(c["absenceDays"], 2, "{own}");
    // 8 days owing 2250 / 5 = 450 min at 80 %.
    assert_eq!(c["dueMinutes"], 8 * 450 * 80 / 100, "{own}");
    assert_eq!(c["plannedMinutes"], 450 * 3 + 600, "{own}");
    assert_eq!(c["shifts"], 4, "{own}");
    assert_eq!(c["nights"], 1, "{own}");
    assert_eq!(c["weekends"], 1, "{own}");
    assert_eq!(c["sundaysAndHolidays"], 0, "{own}");

    // Planners in scope, HR and the GHT read them; others are refused.
    for token in [&g.cadre_a, &g.site, &g.hr, &g.admin] {
        let read = ok(&g.app, token, COUNTERS, period(agent_staff)).await;
        assert_eq!(read["staffCounters"]["dueMinutes"], c["dueMinutes"]);
    }
    for token in [&g.cadre_b, &g.dpo] {
        let refused = gql(&g.app, token, COUNTERS, period(agent_staff)).await;
        assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
        assert!(refused["data"].is_null(), "{refused}");
    }
    let colleague = gql(&g.app, &g.agent, COUNTERS, period(&g.nurses_a[1])).await;
    assert_eq!(code(&colleague), "FORBIDDEN", "{colleague}");
    for (from, to) in [("2030-03-17", "2030-03-04"), ("2030-01-01", "2031-01-02")] {
        let bad = gql(
            &g.app,
            &g.agent,
            COUNTERS,
            json!({ "s": agent_staff, "f": from, "t": to }),
        )
        .await;
        assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
        assert_eq!(bad["errors"][0]["extensions"]["field"], "to", "{bad}");
    }

    // Every read is in the log: the agent's own, and the cadre's for planning.
    let log = "query($ids: [UUID!], $o: UUID) { accessLog(objectIds: $ids, objectId: $o, first: 200) \
        { seq objectType purpose } }";
    let by_staff = ok(
        &g.app,
        &g.dpo,
        log,
        json!({ "ids": null, "o": agent_staff }),
    )
    .await;
    let entries = by_staff["accessLog"].as_array().unwrap();
    let counted = |purpose: &str| {
        entries
            .iter()
            .any(|e| e["objectType"] == "counters" && e["purpose"] == purpose)
    };
    assert!(counted("self_service") && counted("planning"), "{by_staff}");
    // The account's events are logged under the user id: only the search by both ids
    // shows them with the staff record's.
    assert!(
        !entries.iter().any(|e| e["objectType"] == "app_user"),
        "{by_staff}"
    );
    let both = ok(
        &g.app,
        &g.dpo,
        log,
        json!({ "ids": [agent_staff, agent_user], "o": null }),
    )
    .await;
    let merged = both["accessLog"].as_array().unwrap();
    assert!(
        merged.iter().any(|e| e["objectType"] == "app_user"),
        "{both}"
    );
    assert!(
        merged.iter().any(|e| e["objectType"] == "counters"),
        "{both}"
    );
    let seqs: Vec<i64> = merged.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] > w[1]),
        "newest first, no duplicate: {seqs:?}"
    );
    // The agent's right of access shows the cadre's read of her counters (staff id) as well
    // as her account's events (user id).
    let mine = ok(
        &g.app,
        &g.agent,
        "{ myDataAccesses(first: 200) { objectType purpose actorRole } }",
        json!({}),
    )
    .await;
    let seen = mine["myDataAccesses"].as_array().unwrap();
    assert!(
        seen.iter().any(|e| e["objectType"] == "counters"
            && e["purpose"] == "planning"
            && e["actorRole"] == "unit_manager"),
        "{mine}"
    );
    assert!(seen.iter().any(|e| e["objectType"] == "app_user"), "{mine}");
    let too_many = gql(
        &g.app,
        &g.dpo,
        log,
        json!({ "ids": [agent_staff, agent_user, agent_staff, agent_user, agent_staff], "o": null }),
    )
    .await;
    assert_eq!(code(&too_many), "BAD_USER_INPUT", "{too_many}");
}
