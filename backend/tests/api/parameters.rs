//! Rule parameters per GHT, site and unit with their legal sources, and travel times between
//! sites: who may set and read them.

use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const SET: &str = "mutation($k: ParameterScopeKind!, $i: UUID, $key: String!, $v: String!) { \
    setRuleParameter(scope: $k, scopeId: $i, key: $key, value: $v, effectiveFrom: \"2026-01-01\") \
    { id scope key label value sources { rule citation } } }";

async fn set(g: &Ght, token: &str, kind: &str, id: Option<&str>, key: &str, value: &str) -> Value {
    gql(
        &g.app,
        token,
        SET,
        json!({ "k": kind, "i": id, "key": key, "v": value }),
    )
    .await
}

#[tokio::test]
async fn parameters_are_set_in_scope_and_read_with_their_legal_source() {
    let g = Ght::new(Engine::Postgres, "par").await;
    let catalogue = ok(
        &g.app,
        &g.cadre_a,
        "{ ruleParameterCatalogue { key label unit defaultValue unverified sources { rule citation } } }",
        json!({}),
    )
    .await;
    let rest = catalogue["ruleParameterCatalogue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "fph_daily_rest_minutes")
        .unwrap()
        .clone();
    assert_eq!(rest["defaultValue"], "720");
    // Every key is named in French, with the unit its value is read in.
    assert_eq!(rest["label"], "Repos quotidien minimal");
    assert_eq!(rest["unit"], "MINUTES");
    for p in catalogue["ruleParameterCatalogue"].as_array().unwrap() {
        assert_ne!(p["label"], p["key"], "{p}");
    }
    assert_eq!(rest["sources"][0]["rule"], "FPH-REST-1");
    assert!(
        rest["sources"][0]["citation"]
            .as_str()
            .unwrap()
            .contains("2002-9"),
        "{rest}"
    );

    // The GHT for its management only; a site for its manager; a unit for its cadre.
    let done = set(
        &g,
        &g.admin,
        "TENANT",
        None,
        "fph_daily_rest_minutes",
        "690",
    )
    .await;
    assert_eq!(done["data"]["setRuleParameter"]["value"], "690", "{done}");
    assert_eq!(
        done["data"]["setRuleParameter"]["label"], "Repos quotidien minimal",
        "{done}"
    );
    let refused = set(
        &g,
        &g.cadre_a,
        "TENANT",
        None,
        "fph_daily_rest_minutes",
        "600",
    )
    .await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    let done = set(
        &g,
        &g.site,
        "SITE",
        Some(&g.site_id),
        "fph_daily_rest_accord",
        "true",
    )
    .await;
    assert_eq!(done["data"]["setRuleParameter"]["scope"], "SITE", "{done}");
    let refused = set(
        &g,
        &g.cadre_a,
        "SITE",
        Some(&g.site_id),
        "fph_daily_rest_accord",
        "true",
    )
    .await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    let done = set(
        &g,
        &g.cadre_a,
        "UNIT",
        Some(&g.unit_a),
        "fph_daily_rest_accord_minutes",
        "660",
    )
    .await;
    assert_eq!(
        done["data"]["setRuleParameter"]["sources"][0]["rule"], "FPH-REST-2",
        "{done}"
    );
    let refused = set(
        &g,
        &g.cadre_a,
        "UNIT",
        Some(&g.unit_b),
        "fph_daily_rest_minutes",
        "660",
    )
    .await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    let refused = set(
        &g,
        &g.agent,
        "UNIT",
        Some(&g.unit_a),
        "fph_daily_rest_minutes",
        "660",
    )
    .await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");

    // Bad input names the field.
    let bad = set(&g, &g.admin, "TENANT", None, "repos_quotidien", "660").await;
    assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
    assert!(
        bad["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("key"),
        "{bad}"
    );
    let bad = set(
        &g,
        &g.admin,
        "TENANT",
        None,
        "fph_daily_rest_minutes",
        "onze heures",
    )
    .await;
    assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
    let bad = set(&g, &g.admin, "UNIT", None, "fph_daily_rest_minutes", "660").await;
    assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");

    // Unit A's cadre reads the GHT's, the site's and the unit's values; unit B's cadre not.
    let read = "query($u: UUID!) { ruleParameters(unitId: $u) { id scope key value } }";
    let data = ok(&g.app, &g.cadre_a, read, json!({ "u": g.unit_a })).await;
    let mut scopes: Vec<&str> = data["ruleParameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["scope"].as_str().unwrap())
        .collect();
    scopes.sort_unstable();
    assert_eq!(scopes, vec!["SITE", "TENANT", "UNIT"], "{data}");
    let refused = gql(&g.app, &g.cadre_b, read, json!({ "u": g.unit_a })).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    let unit_b = ok(&g.app, &g.cadre_b, read, json!({ "u": g.unit_b })).await;
    assert_eq!(
        unit_b["ruleParameters"].as_array().unwrap().len(),
        2,
        "{unit_b}"
    );

    // Deleting takes the same rights as setting.
    let unit_value = data["ruleParameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["scope"] == "UNIT")
        .unwrap()["id"]
        .clone();
    let delete = "mutation($i: UUID!) { deleteRuleParameter(id: $i) }";
    let refused = gql(&g.app, &g.cadre_b, delete, json!({ "i": unit_value })).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    ok(&g.app, &g.cadre_a, delete, json!({ "i": unit_value })).await;
    let data = ok(&g.app, &g.cadre_a, read, json!({ "u": g.unit_a })).await;
    assert_eq!(
        data["ruleParameters"].as_array().unwrap().len(),
        2,
        "{data}"
    );
}

#[tokio::test]
async fn travel_times_are_set_by_ght_management_both_ways() {
    let g = Ght::new(Engine::Postgres, "traj").await;
    let other = ok(
        &g.app,
        &g.admin,
        "mutation { createEstablishment(finess: \"690000003\", name: \"CH Deux\") { id } }",
        json!({}),
    )
    .await["createEstablishment"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let set = "mutation($a: UUID!, $b: UUID!, $m: Int!) { setTravelTime(fromSiteId: $a, toSiteId: $b, minutes: $m) { minutes } }";
    let refused = gql(
        &g.app,
        &g.site,
        set,
        json!({ "a": g.site_id, "b": other, "m": 25 }),
    )
    .await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    let bad = gql(
        &g.app,
        &g.admin,
        set,
        json!({ "a": g.site_id, "b": g.site_id, "m": 25 }),
    )
    .await;
    assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
    let bad = gql(
        &g.app,
        &g.admin,
        set,
        json!({ "a": g.site_id, "b": other, "m": -1 }),
    )
    .await;
    assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
    ok(
        &g.app,
        &g.admin,
        set,
        json!({ "a": g.site_id, "b": other, "m": 25 }),
    )
    .await;
    ok(
        &g.app,
        &g.admin,
        set,
        json!({ "a": other, "b": g.site_id, "m": 30 }),
    )
    .await;

    let read = "query($a: UUID) { travelTimes(fromSiteId: $a) { fromSiteId toSiteId minutes } }";
    let all = ok(&g.app, &g.cadre_a, read, json!({ "a": null })).await;
    let all = all["travelTimes"].as_array().unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all.iter().all(|t| t["minutes"] == 30), "{all:?}");
    let from = ok(&g.app, &g.cadre_a, read, json!({ "a": other })).await;
    assert_eq!(from["travelTimes"][0]["toSiteId"], json!(g.site_id));
    let refused = gql(&g.app, &g.agent, read, json!({ "a": null })).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
}
