//! Counters entered by hand (`recordWorkedTime`, `recordLeaveTaken`, `setCetBalance`): who may
//! enter what, values refused with the field named, what is entered read back by planners and
//! the person, in the live counters, in the access log, and in the engine's overtime and CET
//! alerts of the next roster.

use chrono::{Datelike, Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const WORKED: &str = "mutation($s: UUID!, $a: NaiveDate!, $b: NaiveDate!, $w: Int!, $o: Int!) { \
    recordWorkedTime(staffId: $s, periodStart: $a, periodEnd: $b, workedMinutes: $w, \
    overtimeMinutes: $o) { id workedMinutes overtimeMinutes source recordedBy } }";
const LEAVE: &str = "mutation($s: UUID!, $a: NaiveDate!, $b: NaiveDate!, $n: Int!) { \
    recordLeaveTaken(staffId: $s, periodStart: $a, periodEnd: $b, leaveDaysTaken: $n) \
    { id leaveDaysTaken } }";
const CET: &str = "mutation($s: UUID!, $a: NaiveDate!, $b: NaiveDate!, $n: Int!) { \
    setCetBalance(staffId: $s, periodStart: $a, periodEnd: $b, cetDaysBalance: $n) \
    { id cetDaysBalance cetRecorded } }";
const FIELDS: &str = "periodStart periodEnd workedMinutes overtimeMinutes leaveDaysTaken \
    cetDaysBalance cetRecorded source recordedBy";
const MARCH: (&str, &str) = ("2030-03-01", "2030-03-31");

fn worked(staff: &str, (a, b): (&str, &str), minutes: i64, overtime: i64) -> Value {
    json!({ "s": staff, "a": a, "b": b, "w": minutes, "o": overtime })
}

fn days(staff: &str, (a, b): (&str, &str), n: i64) -> Value {
    json!({ "s": staff, "a": a, "b": b, "n": n })
}

async fn user_id(g: &Ght, token: &str) -> Value {
    ok(&g.app, token, "{ me { userId } }", json!({})).await["me"]["userId"].clone()
}

/// A refusal as BAD_USER_INPUT naming `field`, in French.
fn assert_invalid(body: &Value, field: &str) {
    assert_eq!(code(body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.starts_with(&format!("{field} : ")), "{body}");
    assert!(body["data"].is_null(), "{body}");
}

#[tokio::test]
async fn worked_time_leave_and_cet_are_entered_by_the_right_roles_validated_and_read_back() {
    let g = Ght::new(Engine::Postgres, "saisie").await;
    let app = &g.app;
    let nurse = g.nurses_a[0].clone(); // the agent's own record, home unit A

    // Worked time: HR and the cadre of the home unit; nobody else, not the agent herself.
    let by_cadre = ok(app, &g.cadre_a, WORKED, worked(&nurse, MARCH, 9000, 60)).await;
    assert_eq!(by_cadre["recordWorkedTime"]["source"], "realised");
    assert_eq!(
        by_cadre["recordWorkedTime"]["recordedBy"],
        user_id(&g, &g.cadre_a).await
    );
    for outsider in [&g.cadre_b, &g.site, &g.admin, &g.agent, &g.dpo] {
        let body = gql(app, outsider, WORKED, worked(&nurse, MARCH, 1, 0)).await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
    }
    let by_hr = ok(app, &g.hr, WORKED, worked(&nurse, MARCH, 9120, 120)).await;
    let row = by_hr["recordWorkedTime"]["id"].clone();
    assert_eq!(
        by_cadre["recordWorkedTime"]["id"], row,
        "one row per period"
    );
    // Leave and the CET: HR only.
    for outsider in [&g.cadre_a, &g.site, &g.admin, &g.agent, &g.dpo] {
        let body = gql(app, outsider, LEAVE, days(&nurse, MARCH, 1)).await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
        let body = gql(app, outsider, CET, days(&nurse, MARCH, 1)).await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
    }
    let leave = ok(app, &g.hr, LEAVE, days(&nurse, MARCH, 3)).await;
    assert_eq!(leave["recordLeaveTaken"]["id"], row);
    let cet = ok(app, &g.hr, CET, days(&nurse, MARCH, 12)).await;
    assert_eq!(cet["setCetBalance"]["cetRecorded"], true);

    // Negative or absurd values, bad periods: refused, the field named, nothing written.
    let checks = [
        (WORKED, worked(&nurse, MARCH, -5, 0), "workedMinutes"),
        (
            WORKED,
            worked(&nurse, MARCH, 31 * 1440 + 1, 0),
            "workedMinutes",
        ),
        (WORKED, worked(&nurse, MARCH, 600, 601), "overtimeMinutes"),
        (WORKED, worked(&nurse, MARCH, 600, -1), "overtimeMinutes"),
        (
            WORKED,
            worked(&nurse, ("2030-03-31", "2030-03-01"), 600, 0),
            "periodEnd",
        ),
        (
            WORKED,
            worked(&nurse, ("2030-01-01", "2031-01-31"), 600, 0),
            "periodEnd",
        ),
        // March is recorded to the 31st: not another end, and no overlapping period.
        (
            WORKED,
            worked(&nurse, ("2030-03-01", "2030-03-30"), 600, 0),
            "periodEnd",
        ),
        (
            WORKED,
            worked(&nurse, ("2030-03-15", "2030-04-14"), 600, 0),
            "periodStart",
        ),
        (LEAVE, days(&nurse, MARCH, 32), "leaveDaysTaken"),
        (LEAVE, days(&nurse, MARCH, -1), "leaveDaysTaken"),
        (CET, days(&nurse, MARCH, -1), "cetDaysBalance"),
        (CET, days(&nurse, MARCH, 400), "cetDaysBalance"),
    ];
    for (query, vars, field) in checks {
        let body = gql(app, &g.hr, query, vars).await;
        assert_invalid(&body, field);
    }
    let body = gql(app, &g.hr, WORKED, worked(&nurse, MARCH, -5, 0)).await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("doit être compris entre 0 et 44640 minutes"),
        "{body}"
    );

    // Read back: planners and HR with `recordedCounters`, the agent with `myCounters`.
    let hr_user = user_id(&g, &g.hr).await;
    let expected = json!([{
        "periodStart": "2030-03-01", "periodEnd": "2030-03-31", "workedMinutes": 9120,
        "overtimeMinutes": 120, "leaveDaysTaken": 3, "cetDaysBalance": 12, "cetRecorded": true,
        "source": "realised", "recordedBy": hr_user,
    }]);
    let span = json!({ "s": nurse, "f": "2030-03-01", "t": "2030-03-31" });
    let read = format!(
        "query($s: UUID!, $f: NaiveDate!, $t: NaiveDate!) {{ recordedCounters(staffId: $s, \
         from: $f, to: $t) {{ {FIELDS} }} }}"
    );
    for reader in [&g.cadre_a, &g.hr] {
        let data = ok(app, reader, &read, span.clone()).await;
        assert_eq!(data["recordedCounters"], expected, "{data}");
    }
    let mine = format!(
        "query($f: NaiveDate!, $t: NaiveDate!) {{ myCounters(from: $f, to: $t) {{ {FIELDS} }} }}"
    );
    let own = ok(app, &g.agent, &mine, span.clone()).await;
    assert_eq!(own["myCounters"], expected, "{own}");

    // The live counters: what was entered for the periods inside the span.
    let live = "query($s: UUID!, $f: NaiveDate!, $t: NaiveDate!) { staffCounters(staffId: $s, \
        from: $f, to: $t) { workedMinutes overtimeMinutes leaveDaysTaken cetDaysBalance } }";
    let data = ok(app, &g.agent, live, span.clone()).await;
    assert_eq!(
        data["staffCounters"],
        json!({ "workedMinutes": 9120, "overtimeMinutes": 120, "leaveDaysTaken": 3,
                "cetDaysBalance": 12 }),
        "{data}"
    );
    // A span that holds no whole recorded period has nothing recorded (and no CET yet).
    let part = json!({ "s": nurse, "f": "2030-03-04", "t": "2030-03-17" });
    let data = ok(app, &g.cadre_a, live, part).await;
    assert_eq!(
        data["staffCounters"],
        json!({ "workedMinutes": null, "overtimeMinutes": 0, "leaveDaysTaken": 0,
                "cetDaysBalance": null }),
        "{data}"
    );

    // Every entry is in the access log, with its author and purpose.
    let log = "query($o: UUID) { accessLog(objectId: $o, first: 200) { operation objectType \
        purpose actorRole objectIds } }";
    let entries = ok(app, &g.dpo, log, json!({ "o": nurse })).await["accessLog"].clone();
    let writes: Vec<(String, String, String)> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["objectType"] == "staff_counter" && e["operation"] != "read")
        .map(|e| {
            assert!(e["objectIds"].as_array().unwrap().contains(&row), "{e}");
            (
                e["operation"].as_str().unwrap().to_owned(),
                e["actorRole"].as_str().unwrap().to_owned(),
                e["purpose"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut writes = writes;
    writes.sort();
    let mut want = vec![
        ("create", "unit_manager", "time_recording"),
        ("update", "hr", "hr_management"),
        ("update", "hr", "hr_management"),
        ("update", "hr", "hr_management"),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    .collect::<Vec<_>>();
    want.sort();
    assert_eq!(writes, want, "{entries}");
}

#[tokio::test]
async fn recorded_overtime_and_cet_raise_the_engines_alerts_on_the_next_roster() {
    let g = Ght::new(Engine::Postgres, "alertes").await;
    let app = &g.app;
    let nurse = g.nurses_a[1].clone();
    let today = Utc::now().date_naive();
    // Day 0 after the 1st, so that part of its month is already worked.
    let start = if today.day() == 1 {
        today + Duration::days(1)
    } else {
        today
    };
    let month_start = start.with_day(1).unwrap();
    let before = (
        month_start.to_string(),
        (start - Duration::days(1)).to_string(),
    );
    let period = (before.0.as_str(), before.1.as_str());
    let body = g.create_roster(&g.cadre_a, &g.unit_a, start, 7).await;
    assert!(body["errors"].is_null(), "{body}");
    let alerts = "query($u: UUID!) { unitAlerts(unitId: $u, weeks: 2) { kind staffId value limit \
        message } }";
    let of_nurse = |data: &Value| -> Vec<Value> {
        data["unitAlerts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["staffId"] == json!(nurse))
            .cloned()
            .collect()
    };
    let quiet = ok(app, &g.cadre_a, alerts, json!({ "u": g.unit_a })).await;
    let kinds = |list: &[Value]| -> Vec<String> {
        list.iter()
            .map(|a| a["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        !kinds(&of_nurse(&quiet))
            .iter()
            .any(|k| k == "overtime_month" || k == "cet_ceiling"),
        "{quiet}"
    );

    // 21 h 40 of overtime this month (cap 20 h), 58 days on the CET (ceiling 60, warning at 54).
    ok(app, &g.hr, WORKED, worked(&nurse, period, 1400, 1300)).await;
    ok(app, &g.hr, CET, days(&nurse, period, 58)).await;
    let data = ok(app, &g.cadre_a, alerts, json!({ "u": g.unit_a })).await;
    let raised = of_nurse(&data);
    let month = raised
        .iter()
        .find(|a| a["kind"] == "overtime_month")
        .unwrap_or_else(|| panic!("no overtime_month alert: {data}"));
    assert!(month["value"].as_i64().unwrap() >= 1300, "{month}");
    assert_eq!(month["limit"], 1200, "{month}");
    let cet = raised
        .iter()
        .find(|a| a["kind"] == "cet_ceiling")
        .unwrap_or_else(|| panic!("no cet_ceiling alert: {data}"));
    assert_eq!(cet["value"], 58, "{cet}");
    assert_eq!(cet["limit"], 60, "{cet}");
    assert!(
        cet["message"].as_str().unwrap().contains("FPH-CET-1"),
        "{cet}"
    );
}
