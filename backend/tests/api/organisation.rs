//! The organisation, staff, availability and roster API on both engines: every mutation and
//! query, the role × operation × scope matrix (security.md T-02), validation and publication
//! rules (overrides, FPH-TDS-2, FPH-TDS-3), encryption at rest and pagination caps.

use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

use releve_backend::tenancy::{self, TenantId};
use sea_orm::DatabaseTransaction;

use crate::helpers::{Engine, TestApp, spawn_app};

/// A GHT with one site, two units, shift types, people and one account per role.
pub struct Ght {
    pub app: TestApp,
    pub tenant: TenantId,
    pub admin: String,
    pub cadre_a: String,
    pub cadre_b: String,
    pub site: String,
    pub hr: String,
    pub agent: String,
    pub dpo: String,
    pub site_id: String,
    pub unit_a: String,
    pub unit_b: String,
    pub morning: String,
    pub night: String,
    /// Nurses of unit A; the first is the `agent` account's record.
    pub nurses_a: Vec<String>,
    pub nurse_b: String,
}

pub async fn gql(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    app.graphql_as(Some(token), query, vars).await
}

/// The data of a successful answer.
pub async fn ok(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    let body = gql(app, token, query, vars).await;
    assert!(body["errors"].is_null(), "{query}: {body}");
    body["data"].clone()
}

pub fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

async fn user_id(app: &TestApp, token: &str) -> String {
    ok(app, token, "{ me { userId } }", json!({})).await["me"]["userId"]
        .as_str()
        .unwrap()
        .to_owned()
}

const CREATE_STAFF: &str = "mutation($i: StaffMemberInput!) { createStaffMember(input: $i) \
    { id firstName lastName email profession quotite homeUnitId } }";

impl Ght {
    /// A transaction of the GHT's tenant as the schema owner (under its row-level security),
    /// to read or change rows the API does not expose.
    pub async fn owner_transaction(&self) -> DatabaseTransaction {
        let owner = releve_backend::database::connect_owner(&self.app.settings)
            .await
            .unwrap();
        tenancy::begin(&owner, self.tenant).await.unwrap()
    }

    pub async fn new(engine: Engine, slug: &str) -> Self {
        let app = spawn_app(engine).await;
        let tenant = TenantId(app.create_tenant(slug).await);
        for (prefix, role) in [
            ("admin", "ght_admin"),
            ("cadre-a", "unit_manager"),
            ("cadre-b", "unit_manager"),
            ("site", "site_manager"),
            ("rh", "hr"),
            ("agent", "staff"),
            ("dpo", "auditor"),
        ] {
            app.create_user(
                tenant.0,
                &format!("{prefix}@{slug}.fr"),
                "mot-de-passe-long",
                role,
            )
            .await;
        }
        let token = |p: &str| format!("{p}@{slug}.fr");
        let admin = app.token(&token("admin")).await;
        let site = ok(
            &app,
            &admin,
            "mutation { createEstablishment(finess: \"690000002\", name: \"CH Test\") { id finess } }",
            json!({}),
        )
        .await["createEstablishment"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut units = Vec::new();
        for code in ["MED", "CHIR"] {
            let data = ok(
                &app,
                &admin,
                "mutation($i: CreateUnitInput!) { createUnit(input: $i) { id code } }",
                json!({ "i": { "establishmentId": site, "code": code, "name": format!("Unité {code}") } }),
            )
            .await;
            units.push(data["createUnit"]["id"].as_str().unwrap().to_owned());
        }
        let mut shifts = Vec::new();
        for (code, start, duration, night) in [("M", 405, 450, false), ("N", 1260, 600, true)] {
            let data = ok(
                &app,
                &admin,
                "mutation($i: ShiftTypeInput!) { createShiftType(input: $i) { id code } }",
                json!({ "i": { "code": code, "label": code, "startMinute": start,
                               "durationMinutes": duration, "isNight": night } }),
            )
            .await;
            shifts.push(data["createShiftType"]["id"].as_str().unwrap().to_owned());
        }
        let cadre_a = app.token(&token("cadre-a")).await;
        let cadre_b = app.token(&token("cadre-b")).await;
        let site_token = app.token(&token("site")).await;
        let hr = app.token(&token("rh")).await;
        let agent = app.token(&token("agent")).await;
        let dpo = app.token(&token("dpo")).await;
        let set_scopes = "mutation($u: UUID!, $s: [UUID!], $n: [UUID!]) \
                          { setUserScopes(userId: $u, siteIds: $s, unitIds: $n) }";
        for (who, sites, unit_ids) in [
            (&cadre_a, vec![], vec![units[0].clone()]),
            (&cadre_b, vec![], vec![units[1].clone()]),
            (&site_token, vec![site.clone()], vec![]),
        ] {
            let id = user_id(&app, who).await;
            ok(
                &app,
                &admin,
                set_scopes,
                json!({ "u": id, "s": sites, "n": unit_ids }),
            )
            .await;
        }
        let agent_user = user_id(&app, &agent).await;
        let mut nurses_a = Vec::new();
        for (i, last) in ["Lefèvre", "Martin", "Durand"].iter().enumerate() {
            let mut input = json!({ "firstName": format!("Infirmière{i}"), "lastName": last,
                "email": format!("ide{i}@{slug}.fr"), "profession": "IDE", "homeUnitId": units[0] });
            if i == 0 {
                input["userId"] = json!(agent_user);
            }
            let data = ok(&app, &cadre_a, CREATE_STAFF, json!({ "i": input })).await;
            nurses_a.push(data["createStaffMember"]["id"].as_str().unwrap().to_owned());
        }
        let data = ok(
            &app,
            &cadre_b,
            CREATE_STAFF,
            json!({ "i": { "firstName": "Paul", "lastName": "Chirurgie", "profession": "IDE",
                           "homeUnitId": units[1] } }),
        )
        .await;
        let nurse_b = data["createStaffMember"]["id"].as_str().unwrap().to_owned();
        Self {
            app,
            tenant,
            admin,
            cadre_a,
            cadre_b,
            site: site_token,
            hr,
            agent,
            dpo,
            site_id: site,
            unit_a: units[0].clone(),
            unit_b: units[1].clone(),
            morning: shifts[0].clone(),
            night: shifts[1].clone(),
            nurses_a,
            nurse_b,
        }
    }

    /// One IDE on the morning shift every weekday (hard minimum) in unit A.
    pub async fn morning_maquette(&self) {
        let data = ok(
            &self.app,
            &self.cadre_a,
            "mutation($i: MaquetteDemandInput!) { setMaquetteDemand(input: $i) { id min target dayType qualification } }",
            json!({ "i": { "unitId": self.unit_a, "dayType": "WEEKDAY", "shiftTypeId": self.morning,
                           "qualification": "IDE", "min": 1, "target": 1 } }),
        )
        .await;
        assert_eq!(data["setMaquetteDemand"]["qualification"], "IDE");
    }

    pub async fn create_roster(
        &self,
        token: &str,
        unit: &str,
        start: NaiveDate,
        days: i64,
    ) -> Value {
        gql(
            &self.app,
            token,
            "mutation($u: UUID!, $s: NaiveDate!, $e: NaiveDate!) { createRoster(unitId: $u, \
             periodStart: $s, periodEnd: $e) { id state currentVersion } }",
            json!({ "u": unit, "s": start.to_string(), "e": (start + Duration::days(days - 1)).to_string() }),
        )
        .await
    }
}

const STAFF_PAGE: &str = "query($u: UUID, $n: String, $f: Int, $a: String) { staffMembers(unitId: $u, \
    lastName: $n, first: $f, after: $a) { edges { cursor node { id firstName lastName email } } \
    pageInfo { hasNextPage } } }";

async fn organisation_and_staff(engine: Engine) {
    let g = Ght::new(engine, "nord").await;
    let app = &g.app;
    // Lists, with the cap on page size.
    let data = ok(app, &g.admin, "{ establishments { edges { node { finess name } } } units { edges { node { code } } } shiftTypes { code isNight } }", json!({})).await;
    assert_eq!(
        data["establishments"]["edges"][0]["node"]["finess"],
        "690000002"
    );
    assert_eq!(data["units"]["edges"].as_array().unwrap().len(), 2);
    assert_eq!(data["shiftTypes"][1]["isNight"], true);
    let body = gql(app, &g.admin, STAFF_PAGE, json!({ "f": 101 })).await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("first")
    );
    // Two pages of two, then the rest.
    let first = ok(app, &g.admin, STAFF_PAGE, json!({ "f": 2 })).await;
    assert_eq!(first["staffMembers"]["edges"].as_array().unwrap().len(), 2);
    assert_eq!(first["staffMembers"]["pageInfo"]["hasNextPage"], true);
    let cursor = first["staffMembers"]["edges"][1]["cursor"].clone();
    let rest = ok(app, &g.admin, STAFF_PAGE, json!({ "f": 10, "a": cursor })).await;
    assert_eq!(rest["staffMembers"]["edges"].as_array().unwrap().len(), 2);
    assert_eq!(rest["staffMembers"]["pageInfo"]["hasNextPage"], false);
    // Blind-index search: case and accents do not matter.
    let found = ok(app, &g.admin, STAFF_PAGE, json!({ "n": "LEFEVRE" })).await;
    let edges = found["staffMembers"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "{found}");
    assert_eq!(edges[0]["node"]["lastName"], "Lefèvre");
    assert_eq!(edges[0]["node"]["email"], "ide0@nord.fr");
    // Update, then read back.
    let data = ok(
        app,
        &g.cadre_a,
        "mutation($id: UUID!, $i: StaffMemberInput!) { updateStaffMember(id: $id, input: $i) { quotite lastName } }",
        json!({ "id": g.nurses_a[1], "i": { "quotite": 80, "lastName": "Martin-Petit" } }),
    )
    .await;
    assert_eq!(data["updateStaffMember"]["quotite"], 80);
    let data = ok(
        app,
        &g.hr,
        "query($id: UUID!) { staffMember(id: $id) { lastName quotite } }",
        json!({ "id": g.nurses_a[1] }),
    )
    .await;
    assert_eq!(data["staffMember"]["lastName"], "Martin-Petit");
    // Bad input names the field.
    let body = gql(app, &g.cadre_a, CREATE_STAFF, json!({ "i": { "firstName": "A", "lastName": "B", "profession": "IDE", "homeUnitId": g.unit_a, "quotite": 150 } })).await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("quotite"),
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["extensions"]["field"], "quotite",
        "{body}"
    );
    // Maquette, poles, unit update, shift type update.
    g.morning_maquette().await;
    let data = ok(
        app,
        &g.cadre_a,
        "query($u: UUID!) { maquette(unitId: $u) { min target dayType } }",
        json!({ "u": g.unit_a }),
    )
    .await;
    assert_eq!(data["maquette"][0]["dayType"], "WEEKDAY");
    let data = ok(
        app,
        &g.admin,
        "mutation($s: UUID!) { createPole(establishmentId: $s, name: \"Pôle médecine\") { id } }",
        json!({ "s": g.site_id }),
    )
    .await;
    let pole = data["createPole"]["id"].clone();
    let data = ok(app, &g.admin, "mutation($u: UUID!, $p: UUID!) { updateUnit(id: $u, poleId: $p, name: \"Médecine\") { poleId name } }", json!({ "u": g.unit_a, "p": pole })).await;
    assert_eq!(data["updateUnit"]["poleId"], pole);
    let data = ok(
        app,
        &g.admin,
        "query($s: UUID!) { poles(establishmentId: $s) { name } }",
        json!({ "s": g.site_id }),
    )
    .await;
    assert_eq!(data["poles"][0]["name"], "Pôle médecine");
    let data = ok(app, &g.admin, "mutation($id: UUID!) { updateShiftType(id: $id, input: { code: \"M\", label: \"Matin long\", startMinute: 400, durationMinutes: 480 }) { label } }", json!({ "id": g.morning })).await;
    assert_eq!(data["updateShiftType"]["label"], "Matin long");
    let data = ok(
        app,
        &g.admin,
        "mutation($id: UUID!) { renameEstablishment(id: $id, name: \"CH Nord\") { name } }",
        json!({ "id": g.site_id }),
    )
    .await;
    assert_eq!(data["renameEstablishment"]["name"], "CH Nord");
}

#[tokio::test]
async fn organisation_and_staff_sqlite() {
    organisation_and_staff(Engine::Sqlite).await;
}

#[tokio::test]
async fn organisation_and_staff_postgres() {
    organisation_and_staff(Engine::Postgres).await;
}

/// A page opens only the personal fields the query selects (`staff::Fields`): a field asked
/// through a named fragment, an inline fragment or `edges { node }` must still be opened,
/// and one not asked is not in the answer.
async fn a_staff_page_opens_the_fields_asked_however_they_are_asked(engine: Engine) {
    let g = Ght::new(engine, "fields").await;
    let page = ok(
        &g.app,
        &g.cadre_a,
        "query($u: UUID!) { staffMembers(unitId: $u, first: 10) { \
           nodes { id ...Names ... on StaffMember { phone } } edges { node { id email } } } } \
         fragment Names on StaffMember { firstName lastName }",
        json!({ "u": g.unit_a }),
    )
    .await;
    let nodes = page["staffMembers"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3, "{page}");
    for node in nodes {
        assert!(
            node["firstName"]
                .as_str()
                .is_some_and(|n| n.starts_with("Infirmière")),
            "{node}"
        );
        assert!(node["lastName"].is_string(), "{node}");
        assert!(node["phone"].is_null(), "{node}");
        assert!(node.get("email").is_none(), "{node}");
    }
    for edge in page["staffMembers"]["edges"].as_array().unwrap() {
        let email = edge["node"]["email"].as_str().unwrap_or_default();
        assert!(
            email.starts_with("ide") && email.ends_with("@fields.fr"),
            "{edge}"
        );
    }
    let by_name = ok(
        &g.app,
        &g.cadre_a,
        "query($u: UUID!) { staffMembers(unitId: $u, first: 10) { \
           nodes { ... on StaffMember { ... on StaffMember { lastName } } } } }",
        json!({ "u": g.unit_a }),
    )
    .await;
    let mut names: Vec<&str> = by_name["staffMembers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["lastName"].as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["Durand", "Lefèvre", "Martin"], "{by_name}");
}

#[tokio::test]
async fn a_staff_page_opens_the_fields_asked_however_they_are_asked_sqlite() {
    a_staff_page_opens_the_fields_asked_however_they_are_asked(Engine::Sqlite).await;
}

#[tokio::test]
async fn a_staff_page_opens_the_fields_asked_however_they_are_asked_postgres() {
    a_staff_page_opens_the_fields_asked_however_they_are_asked(Engine::Postgres).await;
}
