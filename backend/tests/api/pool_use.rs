//! Pool use across sites (`poolUse`) against PostgreSQL: the shifts held outside people's home
//! unit in the rosters of the period, per home unit and unit reinforced, cross-site first, pool
//! members told from volunteers, the period applied; GHT and site management only; bad periods
//! named; the read logged; another tenant sees nothing.

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const POOL_USE: &str = "query($f: NaiveDate!, $t: NaiveDate!) { poolUse(from: $f, to: $t) { \
    fromUnitId toUnitId crossSite people poolMembers shifts minutes } }";

async fn staff(g: &Ght, input: Value) -> String {
    ok(
        &g.app,
        &g.admin,
        "mutation($i: StaffMemberInput!) { createStaffMember(input: $i) { id } }",
        json!({ "i": input }),
    )
    .await["createStaffMember"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Access-log entries about `id` read for the pool use.
async fn logged(g: &Ght, id: &str) -> usize {
    ok(
        &g.app,
        &g.dpo,
        "query($o: UUID) { accessLog(objectId: $o, first: 100) { purpose } }",
        json!({ "o": id }),
    )
    .await["accessLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["purpose"] == "pool_use")
        .count()
}

#[tokio::test]
async fn pool_use_counts_shifts_held_outside_the_home_unit_cross_site_first() {
    let g = Ght::new(Engine::Postgres, "renfort").await;
    let app = &g.app;
    // A second site with an emergency unit.
    let other_site = ok(
        app,
        &g.admin,
        "mutation { createEstablishment(finess: \"130000003\", name: \"Hôpital Rivière\") { id } }",
        json!({}),
    )
    .await["createEstablishment"]["id"]
        .clone();
    let urg = ok(
        app,
        &g.admin,
        "mutation($s: UUID!) { createUnit(input: { establishmentId: $s, code: \"URG\", name: \"Urgences\" }) { id } }",
        json!({ "s": other_site }),
    )
    .await["createUnit"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A pool member of unit B (same site) and a volunteer of URG (other site), both
    // authorised in unit A.
    let pooled = staff(
        &g,
        json!({ "firstName": "Zoé", "lastName": "Suppléance", "profession": "IDE",
                "homeUnitId": g.unit_b, "authorisedUnitIds": [g.unit_a], "pool": true }),
    )
    .await;
    let volunteer = staff(
        &g,
        json!({ "firstName": "Yves", "lastName": "Volontaire", "profession": "IDE",
                "homeUnitId": urg, "authorisedUnitIds": [g.unit_a] }),
    )
    .await;
    let start = Utc::now().date_naive() + Duration::days(30);
    let day = |d: i64| (start + Duration::days(d)).to_string();
    let body = g.create_roster(&g.cadre_a, &g.unit_a, start, 7).await;
    let roster = body["data"]["createRoster"]["id"].clone();
    let csv = format!(
        "agent,date,poste\n{pooled},{},M\n{pooled},{},M\n{volunteer},{},N\n{},{},M\n",
        day(0),
        day(1),
        day(2),
        g.nurses_a[0],
        day(0),
    );
    let imported = ok(
        app,
        &g.cadre_a,
        "mutation($r: UUID!, $c: String!) { importRoster(rosterId: $r, format: CSV, content: $c) { version } }",
        json!({ "r": roster, "c": csv }),
    )
    .await;
    assert_eq!(imported["importRoster"]["version"], 2, "{imported}");

    let week = json!({ "f": day(0), "t": day(6) });
    let lines = ok(app, &g.admin, POOL_USE, week.clone()).await["poolUse"].clone();
    assert_eq!(
        lines,
        json!([
            { "fromUnitId": urg, "toUnitId": g.unit_a, "crossSite": true, "people": 1,
              "poolMembers": 0, "shifts": 1, "minutes": 600 },
            { "fromUnitId": g.unit_b, "toUnitId": g.unit_a, "crossSite": false, "people": 1,
              "poolMembers": 1, "shifts": 2, "minutes": 900 },
        ])
    );
    // The period is applied: the second day holds only the pool member's morning.
    let one_day = ok(app, &g.admin, POOL_USE, json!({ "f": day(1), "t": day(1) })).await;
    assert_eq!(one_day["poolUse"].as_array().unwrap().len(), 1, "{one_day}");
    assert_eq!(one_day["poolUse"][0]["shifts"], 1);
    assert_eq!(one_day["poolUse"][0]["fromUnitId"], json!(g.unit_b));
    // The site manager plans unit A: same answer.
    let site = ok(app, &g.site, POOL_USE, week.clone()).await;
    assert_eq!(site["poolUse"], lines);

    // Each read is logged as a consultation of the people it counted (the volunteer was not
    // counted on the second day alone; the unit's own nurse never).
    assert_eq!(logged(&g, &pooled).await, 3);
    assert_eq!(logged(&g, &volunteer).await, 2);
    assert_eq!(logged(&g, &g.nurses_a[0]).await, 0);

    // GHT and site management only.
    for (who, token) in [
        ("cadre", &g.cadre_a),
        ("rh", &g.hr),
        ("agent", &g.agent),
        ("dpo", &g.dpo),
    ] {
        let body = gql(app, token, POOL_USE, week.clone()).await;
        assert_eq!(code(&body), "FORBIDDEN", "{who}: {body}");
        assert!(body["data"].is_null(), "{who}: {body}");
    }
    // A bad period names its field.
    for (f, t) in [
        (day(3), day(2)),
        (day(0), (start + Duration::days(400)).to_string()),
    ] {
        let body = gql(app, &g.admin, POOL_USE, json!({ "f": f, "t": t })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "to", "{body}");
    }
    // Another tenant's administration sees nothing of this one.
    let other = app.create_tenant("ailleurs").await;
    app.create_user(other, "admin@ailleurs.fr", "mot-de-passe-long", "ght_admin")
        .await;
    let outsider = app.token("admin@ailleurs.fr").await;
    let body = ok(app, &outsider, POOL_USE, week).await;
    assert_eq!(body["poolUse"], json!([]));
}
