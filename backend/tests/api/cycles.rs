//! Work cycles (trames) and people on a line of one: who may create, read and assign them,
//! and the checks on a pattern.

use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const CREATE: &str = "mutation($u: UUID, $n: String!, $w: Int!, $p: [String]!) { \
    createWorkCycle(unitId: $u, name: $n, weeks: $w, pattern: $p) { id unitId weeks pattern } }";
const ASSIGN: &str = "mutation($s: UUID!, $c: UUID!, $d: NaiveDate!, $l: Int!) { \
    assignWorkCycle(staffId: $s, cycleId: $c, startDate: $d, line: $l) { id anchorDate } }";
const OF_UNIT: &str = "query($u: UUID!) { workCycles(unitId: $u) { id name } }";
const OF_STAFF: &str = "query($s: UUID!) { staffCycles(staffId: $s) { cycleId anchorDate } }";

fn week(days: [Option<&str>; 7]) -> Vec<Value> {
    days.iter().map(|d| json!(d)).collect()
}

#[tokio::test]
async fn trames_are_created_in_scope_and_people_put_on_a_line() {
    let g = Ght::new(Engine::Postgres, "trame").await;
    let mut two_weeks = week([Some("M"), Some("m"), Some("N"), None, None, Some("M"), None]);
    two_weeks.extend(week([
        None,
        Some("M"),
        Some("M"),
        Some("N"),
        None,
        None,
        None,
    ]));
    let made = ok(
        &g.app,
        &g.cadre_a,
        CREATE,
        json!({ "u": g.unit_a, "n": "Trame IDE", "w": 2, "p": two_weeks }),
    )
    .await;
    let cycle = made["createWorkCycle"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        made["createWorkCycle"]["pattern"][1], "M",
        "codes are normalised"
    );
    assert!(made["createWorkCycle"]["pattern"][3].is_null());

    // A cadre creates for their own unit only; a GHT trame is for GHT management.
    let other_unit = gql(
        &g.app,
        &g.cadre_a,
        CREATE,
        json!({ "u": g.unit_b, "n": "x", "w": 2, "p": two_weeks }),
    )
    .await;
    assert_eq!(code(&other_unit), "FORBIDDEN", "{other_unit}");
    let one_week = week([Some("M"); 7]);
    let shared = gql(
        &g.app,
        &g.cadre_a,
        CREATE,
        json!({ "u": null, "n": "Commune", "w": 1, "p": one_week }),
    )
    .await;
    assert_eq!(code(&shared), "FORBIDDEN", "{shared}");
    ok(
        &g.app,
        &g.admin,
        CREATE,
        json!({ "u": null, "n": "Commune", "w": 1, "p": one_week }),
    )
    .await;

    // Malformed trames name the field.
    for (weeks, pattern, field) in [
        (13, one_week.clone(), "weeks"),
        (2, one_week.clone(), "pattern"),
        (
            1,
            week([Some("X"), None, None, None, None, None, None]),
            "pattern",
        ),
    ] {
        let bad = gql(
            &g.app,
            &g.admin,
            CREATE,
            json!({ "u": g.unit_a, "n": "x", "w": weeks, "p": pattern }),
        )
        .await;
        assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
        assert!(
            bad["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(field),
            "{bad}"
        );
    }

    // Unit A sees its trame and the GHT's; unit B only the GHT's; B's cadre not A's.
    let a = ok(&g.app, &g.cadre_a, OF_UNIT, json!({ "u": g.unit_a })).await;
    assert_eq!(a["workCycles"].as_array().unwrap().len(), 2, "{a}");
    let b = ok(&g.app, &g.cadre_b, OF_UNIT, json!({ "u": g.unit_b })).await;
    assert_eq!(b["workCycles"].as_array().unwrap().len(), 1, "{b}");
    let refused = gql(&g.app, &g.cadre_b, OF_UNIT, json!({ "u": g.unit_a })).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");

    // Line 2 from Monday 5 January 2026: the trame's first week fell on 29 December.
    let nurse = &g.nurses_a[0];
    let vars =
        |staff: &str, day: &str, line: i32| json!({ "s": staff, "c": cycle, "d": day, "l": line });
    let refused = gql(&g.app, &g.cadre_b, ASSIGN, vars(nurse, "2026-01-05", 2)).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    for (day, line) in [("2026-01-06", 1), ("2026-01-05", 3)] {
        let bad = gql(&g.app, &g.cadre_a, ASSIGN, vars(nurse, day, line)).await;
        assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
    }
    let done = ok(&g.app, &g.cadre_a, ASSIGN, vars(nurse, "2026-01-05", 2)).await;
    assert_eq!(done["assignWorkCycle"]["anchorDate"], "2025-12-29");
    let twice = gql(&g.app, &g.cadre_a, ASSIGN, vars(nurse, "2026-02-02", 1)).await;
    assert_eq!(code(&twice), "BAD_USER_INPUT", "{twice}");
    // Unit A's trame is not for a person who does not work in unit A.
    let elsewhere = gql(&g.app, &g.admin, ASSIGN, vars(&g.nurse_b, "2026-01-05", 1)).await;
    assert_eq!(code(&elsewhere), "BAD_USER_INPUT", "{elsewhere}");

    // The cadre and the person themself read it; another unit's cadre does not.
    let read = ok(&g.app, &g.cadre_a, OF_STAFF, json!({ "s": nurse })).await;
    assert_eq!(read["staffCycles"][0]["cycleId"], json!(cycle));
    let own = ok(&g.app, &g.agent, OF_STAFF, json!({ "s": nurse })).await;
    assert_eq!(own["staffCycles"].as_array().unwrap().len(), 1, "{own}");
    let refused = gql(&g.app, &g.cadre_b, OF_STAFF, json!({ "s": nurse })).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
}

const UPDATE: &str = "mutation($id: UUID!, $n: String!, $w: Int!, $p: [String]!) { \
    updateWorkCycle(id: $id, name: $n, weeks: $w, pattern: $p) { id name weeks pattern } }";
const DELETE: &str = "mutation($id: UUID!) { deleteWorkCycle(id: $id) }";
const MEMBERS: &str =
    "query($c: UUID!) { workCycleMembers(cycleId: $c) { staffId cycleId anchorDate } }";

#[tokio::test]
async fn trames_are_updated_deleted_and_list_their_people_in_scope() {
    let g = Ght::new(Engine::Postgres, "trame-edit").await;
    let made = ok(
        &g.app,
        &g.cadre_a,
        CREATE,
        json!({ "u": g.unit_a, "n": "Trame IDE", "w": 1, "p": week([Some("M"); 7]) }),
    )
    .await;
    let cycle = made["createWorkCycle"]["id"].as_str().unwrap().to_owned();

    // Its cadre changes it (codes normalised, checks as on creation); others may not.
    let mut two = week([Some("n"), None, None, None, None, None, None]);
    two.extend(week([None; 7]));
    let changed = ok(
        &g.app,
        &g.cadre_a,
        UPDATE,
        json!({ "id": cycle, "n": "Trame nuit", "w": 2, "p": two }),
    )
    .await;
    assert_eq!(changed["updateWorkCycle"]["name"], "Trame nuit");
    assert_eq!(changed["updateWorkCycle"]["weeks"], 2);
    assert_eq!(changed["updateWorkCycle"]["pattern"][0], "N");
    for token in [&g.cadre_b, &g.hr, &g.agent, &g.dpo] {
        let refused = gql(
            &g.app,
            token,
            UPDATE,
            json!({ "id": cycle, "n": "x", "w": 2, "p": two }),
        )
        .await;
        assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    }
    let bad = gql(
        &g.app,
        &g.cadre_a,
        UPDATE,
        json!({ "id": cycle, "n": "x", "w": 3, "p": two }),
    )
    .await;
    assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
    let kept = ok(&g.app, &g.cadre_a, OF_UNIT, json!({ "u": g.unit_a })).await;
    assert_eq!(kept["workCycles"][0]["name"], "Trame nuit", "{kept}");

    // Its people in one request, for the unit's readers only.
    for (staff, line) in [(&g.nurses_a[0], 1), (&g.nurses_a[1], 2)] {
        ok(
            &g.app,
            &g.cadre_a,
            ASSIGN,
            json!({ "s": staff, "c": cycle, "d": "2026-01-05", "l": line }),
        )
        .await;
    }
    for token in [&g.cadre_a, &g.site, &g.hr, &g.admin] {
        let people = ok(&g.app, token, MEMBERS, json!({ "c": cycle })).await;
        let staff: Vec<&Value> = people["workCycleMembers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["staffId"])
            .collect();
        assert_eq!(staff.len(), 2, "{people}");
        assert!(staff.contains(&&json!(g.nurses_a[1])), "{people}");
    }
    for token in [&g.cadre_b, &g.agent, &g.dpo] {
        let refused = gql(&g.app, token, MEMBERS, json!({ "c": cycle })).await;
        assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    }

    // A trame someone follows is not deleted; an unused one is, by its cadre only.
    let followed = gql(&g.app, &g.cadre_a, DELETE, json!({ "id": cycle })).await;
    assert_eq!(code(&followed), "CONFLICT", "{followed}");
    assert!(
        followed["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2 agents"),
        "{followed}"
    );
    let spare = ok(
        &g.app,
        &g.cadre_a,
        CREATE,
        json!({ "u": g.unit_a, "n": "Inutile", "w": 1, "p": week([None; 7]) }),
    )
    .await["createWorkCycle"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = gql(&g.app, &g.cadre_b, DELETE, json!({ "id": spare })).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    let deleted = ok(&g.app, &g.cadre_a, DELETE, json!({ "id": spare })).await;
    assert_eq!(deleted["deleteWorkCycle"], true);
    let gone = gql(&g.app, &g.cadre_a, DELETE, json!({ "id": spare })).await;
    assert_eq!(code(&gone), "NOT_FOUND", "{gone}");
    let left = ok(&g.app, &g.cadre_a, OF_UNIT, json!({ "u": g.unit_a })).await;
    assert_eq!(left["workCycles"].as_array().unwrap().len(), 1, "{left}");
}
