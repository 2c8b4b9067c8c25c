//! Qualification substitutions and pool membership, per GHT in the database (migration
//! `m20261122_000008`), on both engines: set, listed and removed by GHT and site management
//! only, the legal direction enforced (an AS never fills an IDE slot), and what the problem
//! builder hands to the engine following what is stored.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use releve_solver::hospital::Substitution;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const SET: &str = "mutation($f: String!, $t: String!, $c: Int!, $d: NaiveDate) { \
    setQualificationSubstitution(fromQualification: $f, toQualification: $t, cost: $c, \
    effectiveFrom: $d) { id fromQualification toQualification cost effectiveFrom } }";
const LIST: &str = "{ qualificationSubstitutions { id fromQualification toQualification cost \
    effectiveFrom } }";
const DELETE: &str = "mutation($id: UUID!) { deleteQualificationSubstitution(id: $id) }";

fn vars(from: &str, to: &str, cost: i32, date: Option<NaiveDate>) -> Value {
    json!({ "f": from, "t": to, "c": cost, "d": date.map(|d| d.to_string()) })
}

/// The first Monday at least `days` days from today.
fn monday_after(days: i64) -> NaiveDate {
    let d = Utc::now().date_naive() + Duration::days(days);
    d + Duration::days(i64::from((7 - d.weekday().num_days_from_monday()) % 7))
}

/// The problem the builder makes for `roster` today.
async fn built(g: &Ght, roster: &str) -> releve_solver::problem::Problem {
    use releve_backend::entity::{roster as roster_entity, unit};
    let txn = g.owner_transaction().await;
    let row = roster_entity::Entity::find_by_id(roster.parse::<uuid::Uuid>().unwrap())
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    let unit = unit::Entity::find_by_id(row.unit_id)
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    let built = releve_backend::planning::problem_builder::build(&txn, &row, &unit, &[], None)
        .await
        .unwrap();
    built.problem
}

fn substitutions(problem: &releve_solver::problem::Problem) -> Vec<(String, String, u32)> {
    let mut out: Vec<(String, String, u32)> = problem
        .hospital
        .as_ref()
        .unwrap()
        .substitutions
        .iter()
        .map(|Substitution { holder, slot, cost }| (holder.clone(), slot.clone(), *cost))
        .collect();
    out.sort();
    out
}

fn triple(from: &str, to: &str, cost: u32) -> (String, String, u32) {
    (from.to_owned(), to.to_owned(), cost)
}

async fn substitutions_follow_what_is_stored(engine: Engine) {
    let g = Ght::new(engine, "subst").await;
    let start = monday_after(14);
    let body = g.create_roster(&g.cadre_a, &g.unit_a, start, 7).await;
    let roster = body["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A new GHT has none: nobody fills another qualification's slot.
    assert!(substitutions(&built(&g, &roster).await).is_empty());

    let ide_as = ok(&g.app, &g.admin, SET, vars("ide", "AS", 20, None)).await;
    assert_eq!(
        ide_as["setQualificationSubstitution"]["fromQualification"], "IDE",
        "codes are stored upper case: {ide_as}"
    );
    ok(&g.app, &g.site, SET, vars("IADE", "IDE", 10, None)).await;
    assert_eq!(
        substitutions(&built(&g, &roster).await),
        vec![triple("IADE", "IDE", 10), triple("IDE", "AS", 20)]
    );

    // A changed cost changes what the engine is given (same pair and date: replaced).
    let again = ok(&g.app, &g.admin, SET, vars("IDE", "AS", 35, None)).await;
    assert_eq!(
        again["setQualificationSubstitution"]["id"],
        ide_as["setQualificationSubstitution"]["id"]
    );
    assert_eq!(
        substitutions(&built(&g, &roster).await),
        vec![triple("IADE", "IDE", 10), triple("IDE", "AS", 35)]
    );
    // A dated value applies from its date: in force at the roster's start, it wins over the
    // undated one; from after the start, not yet.
    ok(&g.app, &g.admin, SET, vars("IDE", "AS", 5, Some(start))).await;
    ok(
        &g.app,
        &g.admin,
        SET,
        vars("IDE", "AS", 50, Some(start + Duration::days(1))),
    )
    .await;
    assert_eq!(
        substitutions(&built(&g, &roster).await),
        vec![triple("IADE", "IDE", 10), triple("IDE", "AS", 5)]
    );

    let listed = ok(&g.app, &g.site, LIST, json!({})).await;
    let rows = listed["qualificationSubstitutions"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "{listed}");
    let iade = rows
        .iter()
        .find(|r| r["fromQualification"] == "IADE")
        .unwrap();
    assert_eq!(
        ok(&g.app, &g.admin, DELETE, json!({ "id": iade["id"] })).await,
        json!({ "deleteQualificationSubstitution": true })
    );
    assert_eq!(
        substitutions(&built(&g, &roster).await),
        vec![triple("IDE", "AS", 5)]
    );

    // Unit managers, HR and staff neither read nor write them.
    let kept = rows
        .iter()
        .find(|r| r["fromQualification"] == "IDE")
        .unwrap();
    for token in [&g.cadre_a, &g.hr, &g.agent] {
        let body = gql(&g.app, token, SET, vars("IDE", "AS", 1, None)).await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
        let body = gql(&g.app, token, LIST, json!({})).await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
        let body = gql(&g.app, token, DELETE, json!({ "id": kept["id"] })).await;
        assert_eq!(code(&body), "FORBIDDEN", "{body}");
    }
}

#[tokio::test]
async fn substitutions_follow_what_is_stored_on_postgres() {
    substitutions_follow_what_is_stored(Engine::Postgres).await;
}

#[tokio::test]
async fn substitutions_follow_what_is_stored_on_sqlite() {
    substitutions_follow_what_is_stored(Engine::Sqlite).await;
}

#[tokio::test]
async fn an_as_never_fills_an_ide_slot_and_bad_input_names_its_field() {
    let g = Ght::new(Engine::Sqlite, "sens").await;
    for (from, to, cost, field, reason) in [
        ("AS", "IDE", 20, "toQualification", "jamais l'inverse"),
        ("AS", "IBODE", 20, "toQualification", "jamais l'inverse"),
        ("IDE", "IADE", 20, "toQualification", "jamais l'inverse"),
        ("IDE", "ide", 20, "toQualification", "doit différer"),
        ("", "AS", 20, "fromQualification", "lettres"),
        ("IDE", "AS", -1, "cost", "entre 0"),
    ] {
        let body = gql(&g.app, &g.admin, SET, vars(from, to, cost, None)).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{from}->{to}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(reason), "{message}");
    }
    let body = gql(&g.app, &g.admin, SET, vars("AS", "IDE", 20, None)).await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("un AS ne peut pas occuper un poste IDE"),
        "{message}"
    );
    // Nothing was written.
    let listed = ok(&g.app, &g.admin, LIST, json!({})).await;
    assert_eq!(listed["qualificationSubstitutions"], json!([]));
}

#[tokio::test]
async fn pool_membership_is_stored_and_handed_to_the_engine() {
    let g = Ght::new(Engine::Sqlite, "pool").await;
    let created = ok(
        &g.app,
        &g.admin,
        "mutation($i: StaffMemberInput!) { createStaffMember(input: $i) { id pool } }",
        json!({ "i": { "firstName": "Zoé", "lastName": "Suppléance", "profession": "IDE",
                       "homeUnitId": g.unit_b, "authorisedUnitIds": [g.unit_a], "pool": true } }),
    )
    .await;
    let pooled = created["createStaffMember"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(created["createStaffMember"]["pool"], true);
    // A volunteer: authorised in unit A, not in the pool.
    let volunteer = ok(
        &g.app,
        &g.admin,
        "mutation($i: StaffMemberInput!) { createStaffMember(input: $i) { id pool } }",
        json!({ "i": { "firstName": "Yves", "lastName": "Volontaire", "profession": "IDE",
                       "homeUnitId": g.unit_b, "authorisedUnitIds": [g.unit_a] } }),
    )
    .await["createStaffMember"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = g
        .create_roster(&g.cadre_a, &g.unit_a, monday_after(14), 7)
        .await;
    let roster = body["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pool_of = |problem: &releve_solver::problem::Problem, id: &str| {
        problem
            .staff
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.hospital.as_ref())
            .map(|h| h.pool)
    };
    let problem = built(&g, &roster).await;
    assert_eq!(pool_of(&problem, &pooled), Some(true));
    assert_eq!(pool_of(&problem, &volunteer), Some(false));
    assert_eq!(pool_of(&problem, &g.nurses_a[1]), Some(false));

    // Leaving the pool is an update like any other; absent, the flag stays as it is.
    let update = "mutation($id: UUID!, $i: StaffMemberInput!) { updateStaffMember(id: $id, \
                  input: $i) { pool } }";
    let kept = ok(
        &g.app,
        &g.admin,
        update,
        json!({ "id": pooled, "i": { "quotite": 80 } }),
    )
    .await;
    assert_eq!(kept["updateStaffMember"]["pool"], true);
    let left = ok(
        &g.app,
        &g.admin,
        update,
        json!({ "id": pooled, "i": { "pool": false } }),
    )
    .await;
    assert_eq!(left["updateStaffMember"]["pool"], false);
    assert_eq!(pool_of(&built(&g, &roster).await, &pooled), Some(false));
}
