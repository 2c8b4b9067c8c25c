//! Imports (CSV, Excel) with per-row errors and nothing half-imported, roster exports (CSV,
//! JSON) and a person's published shifts as iCalendar.

use base64::Engine as _;
use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const IMPORT_STAFF: &str = "mutation($f: ImportFormat!, $c: String!) { importStaffMembers(format: $f, content: $c) \
    { imported staffIds errors { row column message } } }";
const IMPORT_ROSTER: &str = "mutation($r: UUID!, $f: ImportFormat!, $c: String!) { importRoster(rosterId: $r, format: $f, content: $c) \
    { imported version roster { currentVersion } errors { row column message } } }";
const EXPORT: &str =
    "query($r: UUID!, $f: ExportFormat!) { exportRoster(rosterId: $r, format: $f) }";
const STAFF_COUNT: &str = "{ staffMembers(first: 100) { edges { node { id lastName } } } }";

async fn staff_names(g: &Ght) -> Vec<String> {
    let data = ok(&g.app, &g.admin, STAFF_COUNT, json!({})).await;
    data["staffMembers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["lastName"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn xlsx(rows: &[&[&str]]) -> String {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                // Numbers as Excel numbers, as a spreadsheet user types them.
                Ok(n) => sheet.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) => sheet.write_string(r as u32, c as u16, *cell).unwrap(),
            };
        }
    }
    base64::engine::general_purpose::STANDARD.encode(book.save_to_buffer().unwrap())
}

fn errors(data: &Value, field: &str) -> Vec<(i64, String)> {
    data[field]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(!e["message"].as_str().unwrap().is_empty());
            (
                e["row"].as_i64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn staff_import_from_csv_and_excel_creates_everyone_sealed_and_searchable() {
    let g = Ght::new(Engine::Postgres, "imp").await;
    let csv = "Nom;Prénom;prenom;profession;unite;quotite;email;qualifications\n";
    // An unknown column is refused before anything is read.
    let data = ok(
        &g.app,
        &g.admin,
        IMPORT_STAFF,
        json!({ "f": "CSV", "c": csv }),
    )
    .await;
    assert_eq!(
        errors(&data, "importStaffMembers"),
        vec![(1, "prénom".to_owned())]
    );
    let csv = "nom;prenom;profession;unite;quotite;email;qualifications\n\
               Béranger;Anne;IDE;MED;80;anne@imp.fr;IDE|REA\n\
               Ndiaye;Moussa;AS;chir;;;\n";
    let data = ok(
        &g.app,
        &g.admin,
        IMPORT_STAFF,
        json!({ "f": "CSV", "c": csv }),
    )
    .await;
    assert_eq!(data["importStaffMembers"]["imported"], 2, "{data}");
    let book = xlsx(&[
        &["nom", "prenom", "profession", "unite", "quotite"],
        &["Öztürk", "Elif", "IDE", "MED", "50"],
    ]);
    let data = ok(
        &g.app,
        &g.admin,
        IMPORT_STAFF,
        json!({ "f": "XLSX", "c": book }),
    )
    .await;
    assert_eq!(data["importStaffMembers"]["imported"], 1, "{data}");
    let found = ok(
        &g.app,
        &g.admin,
        "{ staffMembers(lastName: \"beranger\") { edges { node { firstName email quotite qualifications homeUnitId } } } }",
        json!({}),
    )
    .await;
    let node = &found["staffMembers"]["edges"][0]["node"];
    assert_eq!(node["firstName"], "Anne");
    assert_eq!(node["email"], "anne@imp.fr");
    assert_eq!(node["quotite"], 80);
    assert_eq!(node["qualifications"], json!(["IDE", "REA"]));
    assert_eq!(node["homeUnitId"], json!(g.unit_a));
    let found = ok(
        &g.app,
        &g.admin,
        "{ staffMembers(lastName: \"OZTURK\") { edges { node { firstName quotite } } } }",
        json!({}),
    )
    .await;
    assert_eq!(found["staffMembers"]["edges"][0]["node"]["quotite"], 50);
    // A cadre imports only into their own units.
    let csv = "nom,prenom,profession,unite\nHors,Champ,IDE,CHIR\n";
    let data = ok(
        &g.app,
        &g.cadre_a,
        IMPORT_STAFF,
        json!({ "f": "CSV", "c": csv }),
    )
    .await;
    assert_eq!(
        errors(&data, "importStaffMembers"),
        vec![(2, "unite".to_owned())]
    );
}

async fn malformed_staff_import_changes_nothing(engine: Engine) {
    let g = Ght::new(engine, "mal").await;
    let before = staff_names(&g).await;
    // Verifying the chain is not itself logged: the two heads compare directly.
    let log_before = ok(&g.app, &g.dpo, "{ verifyAccessLog { lastSeq } }", json!({})).await;
    let csv = "nom,prenom,profession,unite,quotite,email\n\
               Valide,Vera,IDE,MED,100,vera@mal.fr\n\
               Quotite,Q,IDE,MED,beaucoup,\n\
               Unite,U,IDE,XYZ,,\n\
               Courriel,C,IDE,MED,,pas-une-adresse\n\
               ,SansNom,IDE,MED,,\n";
    let data = ok(
        &g.app,
        &g.admin,
        IMPORT_STAFF,
        json!({ "f": "CSV", "c": csv }),
    )
    .await;
    assert_eq!(data["importStaffMembers"]["imported"], 0);
    assert_eq!(
        errors(&data, "importStaffMembers"),
        vec![
            (3, "quotite".to_owned()),
            (4, "unite".to_owned()),
            (5, "email".to_owned()),
            (6, "nom".to_owned())
        ],
        "{data}"
    );
    // The valid row was rolled back with the others, and nothing was logged.
    let log_after = ok(&g.app, &g.dpo, "{ verifyAccessLog { lastSeq } }", json!({})).await;
    assert_eq!(log_after, log_before);
    assert_eq!(staff_names(&g).await, before);
    // A file that is not a workbook, or an empty one.
    let data = ok(
        &g.app,
        &g.admin,
        IMPORT_STAFF,
        json!({ "f": "XLSX", "c": "UEsDBBQ=" }),
    )
    .await;
    assert_eq!(
        errors(&data, "importStaffMembers"),
        vec![(0, String::new())]
    );
    let data = ok(
        &g.app,
        &g.admin,
        IMPORT_STAFF,
        json!({ "f": "CSV", "c": "" }),
    )
    .await;
    assert_eq!(
        errors(&data, "importStaffMembers"),
        vec![(0, String::new())]
    );
    assert_eq!(staff_names(&g).await, before);
}

#[tokio::test]
async fn a_malformed_staff_import_changes_nothing_postgres() {
    malformed_staff_import_changes_nothing(Engine::Postgres).await;
}

#[tokio::test]
async fn a_malformed_staff_import_changes_nothing_sqlite() {
    malformed_staff_import_changes_nothing(Engine::Sqlite).await;
}

fn start() -> NaiveDate {
    Utc::now().date_naive() + Duration::days(30)
}

async fn new_roster(g: &Ght) -> String {
    let body = g.create_roster(&g.cadre_a, &g.unit_a, start(), 3).await;
    body["data"]["createRoster"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn roster_import_export_round_trip_and_a_bad_file_changes_nothing() {
    let g = Ght::new(Engine::Postgres, "ros").await;
    let id = new_roster(&g).await;
    let (d0, d1) = (start(), start() + Duration::days(1));
    let d0_fr = d0.format("%d/%m/%Y").to_string();
    let csv = format!(
        "agent;date;poste\n{};{d0};M\n{};{d0_fr};n\n{};{d1};M\n",
        g.nurses_a[1], g.nurses_a[2], g.nurses_a[1]
    );
    let data = ok(
        &g.app,
        &g.cadre_a,
        IMPORT_ROSTER,
        json!({ "r": id, "f": "CSV", "c": csv }),
    )
    .await;
    assert_eq!(data["importRoster"]["imported"], 3, "{data}");
    assert_eq!(data["importRoster"]["version"], 2);

    let text = ok(&g.app, &g.cadre_a, EXPORT, json!({ "r": id, "f": "CSV" })).await["exportRoster"]
        .as_str()
        .unwrap()
        .to_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "agent,nom,prenom,date,poste,debut,fin");
    assert_eq!(lines.len(), 4, "{text}");
    let night = lines.iter().find(|l| l.contains(",N,")).unwrap();
    assert!(
        night.contains("Durand") && night.contains("Infirmière2"),
        "{night}"
    );
    assert!(
        night.ends_with(&format!("{d0}T21:00,{d1}T07:00")),
        "{night}"
    );
    let json_text =
        ok(&g.app, &g.cadre_a, EXPORT, json!({ "r": id, "f": "JSON" })).await["exportRoster"]
            .as_str()
            .unwrap()
            .to_owned();
    let export: Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(export["version"], 2);
    assert_eq!(export["unite"], "MED");
    assert_eq!(export["affectations"].as_array().unwrap().len(), 3);
    // The export logged an `export` of the people in it.
    let log = ok(
        &g.app,
        &g.dpo,
        "query($o: UUID!) { accessLog(objectId: $o, first: 5) { operation purpose } }",
        json!({ "o": g.nurses_a[2] }),
    )
    .await;
    assert_eq!(log["accessLog"][0]["operation"], "export", "{log}");
    assert_eq!(log["accessLog"][0]["purpose"], "roster_export", "{log}");

    // The export, edited in a spreadsheet, imports back as the next version.
    let data = ok(
        &g.app,
        &g.cadre_a,
        IMPORT_ROSTER,
        json!({ "r": id, "f": "CSV", "c": text }),
    )
    .await;
    assert_eq!(data["importRoster"]["version"], 3, "{data}");
    let book = xlsx(&[
        &["agent", "date", "poste"],
        &[&g.nurses_a[2], &d1.to_string(), "M"],
    ]);
    let data = ok(
        &g.app,
        &g.cadre_a,
        IMPORT_ROSTER,
        json!({ "r": id, "f": "XLSX", "c": book }),
    )
    .await;
    assert_eq!(data["importRoster"]["imported"], 1, "{data}");
    assert_eq!(data["importRoster"]["roster"]["currentVersion"], 4);

    // A bad file: every bad row is named, and the roster stays at version 4.
    let csv = format!(
        "agent,date,poste\n{a},{d0},M\n{a},{d0},M\n{b},{d0},M\n{a},2001-01-01,M\n{a},{d1},ZZ\npas-un-id,{d1},M\n{a},demain,M\n",
        a = g.nurses_a[1],
        b = g.nurse_b
    );
    let data = ok(
        &g.app,
        &g.cadre_a,
        IMPORT_ROSTER,
        json!({ "r": id, "f": "CSV", "c": csv }),
    )
    .await;
    assert_eq!(
        errors(&data, "importRoster"),
        vec![
            (3, "poste".to_owned()),
            (4, "agent".to_owned()),
            (5, "date".to_owned()),
            (6, "poste".to_owned()),
            (7, "agent".to_owned()),
            (8, "date".to_owned())
        ],
        "{data}"
    );
    let data = ok(
        &g.app,
        &g.cadre_a,
        "query($r: UUID!) { roster(id: $r) { version assignments { date } } }",
        json!({ "r": id }),
    )
    .await;
    assert_eq!(data["roster"]["version"], 4);
    assert_eq!(data["roster"]["assignments"].as_array().unwrap().len(), 1);

    // Roles: the other unit's cadre may neither read nor import; staff may not export.
    let body = gql(&g.app, &g.cadre_b, EXPORT, json!({ "r": id, "f": "CSV" })).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    let body = gql(&g.app, &g.agent, EXPORT, json!({ "r": id, "f": "JSON" })).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    let body = gql(
        &g.app,
        &g.hr,
        IMPORT_ROSTER,
        json!({ "r": id, "f": "CSV", "c": "agent,date,poste\n" }),
    )
    .await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn a_persons_published_shifts_as_icalendar() {
    let g = Ght::new(Engine::Postgres, "cal").await;
    let id = new_roster(&g).await;
    let me = &g.nurses_a[0];
    let csv = format!(
        "agent,date,poste\n{me},{},M\n{me},{},N\n{},{},M\n",
        start(),
        start() + Duration::days(2),
        g.nurses_a[1],
        start()
    );
    ok(
        &g.app,
        &g.cadre_a,
        IMPORT_ROSTER,
        json!({ "r": id, "f": "CSV", "c": csv }),
    )
    .await;
    let calendar = "query($s: UUID!, $f: NaiveDate!, $t: NaiveDate!) { staffCalendar(staffId: $s, from: $f, to: $t) }";
    let vars = json!({ "s": me, "f": start().to_string(), "t": (start() + Duration::days(10)).to_string() });
    // Nothing published yet: an empty calendar.
    let text = ok(&g.app, &g.agent, calendar, vars.clone()).await["staffCalendar"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\n") && !text.contains("VEVENT"),
        "{text}"
    );
    // Publish (accepting whatever hard rule a three-day roster breaks).
    let read = ok(
        &g.app,
        &g.cadre_a,
        "query($r: UUID!) { roster(id: $r) { violations { hard fingerprint } } }",
        json!({ "r": id }),
    )
    .await;
    for v in read["roster"]["violations"].as_array().unwrap() {
        if v["hard"] == true {
            ok(&g.app, &g.cadre_a, "mutation($r: UUID!, $f: String!) { overrideViolation(rosterId: $r, fingerprint: $f, reasonCode: OTHER) { id } }",
                json!({ "r": id, "f": v["fingerprint"] })).await;
        }
    }
    for op in ["proposeRoster", "validateRoster", "publishRoster"] {
        ok(
            &g.app,
            &g.cadre_a,
            &format!("mutation($r: UUID!) {{ {op}(id: $r) {{ state }} }}"),
            json!({ "r": id }),
        )
        .await;
    }
    let text = ok(&g.app, &g.agent, calendar, vars.clone()).await["staffCalendar"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2, "{text}");
    let night_start = format!(
        "DTSTART;TZID=Europe/Paris:{}T210000",
        (start() + Duration::days(2)).format("%Y%m%d")
    );
    assert!(text.contains(&night_start), "{text}");
    assert!(text.contains("BEGIN:VTIMEZONE") && text.ends_with("END:VCALENDAR\r\n"));
    // The cadre of the unit reads it too; the other unit's cadre and another agent may not.
    ok(&g.app, &g.cadre_a, calendar, vars.clone()).await;
    let body = gql(&g.app, &g.cadre_b, calendar, vars.clone()).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    let mut other = vars.clone();
    other["s"] = json!(g.nurses_a[1]);
    let body = gql(&g.app, &g.agent, calendar, other).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
}
