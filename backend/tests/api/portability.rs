//! Portability (a person's data, a GHT's data on exit), tenant crypto-shredding and the
//! access log's retention purge, against real PostgreSQL.

use releve_backend::audit::retention;
use releve_backend::database;
use releve_backend::keys::KeyRing;
use releve_backend::portability::{tenant_export, tenant_shred};
use releve_backend::tenancy::{self, TenantId};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const PERSON: &str =
    "query($s: UUID!) { personalDataExport(staffId: $s) { json csvFiles { name content } } }";

#[tokio::test]
async fn a_person_exports_their_own_data_as_json_and_csv() {
    let g = Ght::new(Engine::Postgres, "perso").await;
    let me = &g.nurses_a[0];
    let data = ok(&g.app, &g.agent, PERSON, json!({ "s": me })).await;
    let document: Value =
        serde_json::from_str(data["personalDataExport"]["json"].as_str().unwrap()).unwrap();
    assert_eq!(document["fiche"][0]["nom"], "Lefèvre", "{document}");
    assert_eq!(document["fiche"][0]["prenom"], "Infirmière0");
    assert!(document["fiche"][0].get("last_name_sealed").is_none());
    // The creation of the record by the cadre is in the person's access log section.
    let log = document["journal_des_acces"].as_array().unwrap();
    assert!(
        log.iter()
            .any(|e| e["operation"] == "create" && e["actor_role"] == "unit_manager"),
        "{document}"
    );
    let files: Vec<&str> = data["personalDataExport"]["csvFiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "fiche.csv",
            "affectations.csv",
            "desiderata.csv",
            "absences.csv",
            "compteurs.csv",
            "equite.csv",
            "journal_des_acces.csv"
        ]
    );
    let fiche = data["personalDataExport"]["csvFiles"][0]["content"]
        .as_str()
        .unwrap();
    assert!(
        fiche.lines().next().unwrap().contains("nom") && fiche.contains("Lefèvre"),
        "{fiche}"
    );
    // HR may export on the person's behalf; a cadre may not; nor another agent.
    ok(&g.app, &g.hr, PERSON, json!({ "s": me })).await;
    let body = gql(&g.app, &g.cadre_a, PERSON, json!({ "s": me })).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
    let body = gql(&g.app, &g.agent, PERSON, json!({ "s": g.nurses_a[1] })).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn tenant_exit_exports_everything_then_shredding_makes_it_unreadable() {
    let g = Ght::new(Engine::Postgres, "sortie").await;
    let owner = database::connect_owner(&g.app.settings).await.unwrap();
    let ring = KeyRing::load(&g.app.settings).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let manifest = tenant_export::export(&owner, &ring, "sortie", dir.path())
        .await
        .unwrap();
    assert_eq!(manifest["ght"]["slug"], "sortie");
    let staff: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("staff.json")).unwrap())
            .unwrap();
    let names: Vec<&str> = staff
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["nom"].as_str())
        .collect();
    for name in ["Lefèvre", "Martin", "Durand", "Chirurgie"] {
        assert!(names.contains(&name), "{names:?}");
    }
    let csv = std::fs::read_to_string(dir.path().join("staff.csv")).unwrap();
    assert!(
        csv.contains("Chirurgie") && !csv.contains("_sealed"),
        "{csv}"
    );
    for table in [
        "unit",
        "app_user",
        "shift_type",
        "access_log",
        "roster",
        "theatre_session",
        "joint_requirement",
        "staff_counter",
        "fairness_ledger",
        "qualification_substitution",
    ] {
        assert!(
            dir.path().join(format!("{table}.json")).exists(),
            "{table}.json"
        );
        assert!(
            dir.path().join(format!("{table}.csv")).exists(),
            "{table}.csv"
        );
    }
    let users = std::fs::read_to_string(dir.path().join("app_user.json")).unwrap();
    assert!(
        !users.contains("password_hash") && !users.contains("argon2"),
        "{users}"
    );

    let before = ok(
        &g.app,
        &g.admin,
        "query($s: UUID!) { staffMember(id: $s) { lastName } }",
        json!({ "s": g.nurse_b }),
    )
    .await;
    assert_eq!(before["staffMember"]["lastName"], "Chirurgie");
    let done = tenant_shred::shred(&owner, &ring.erasures, "sortie")
        .await
        .unwrap();
    assert_eq!(done.tenant_keys, 1);
    // Seven accounts and four people, one of whom is the agent account: ten keys.
    assert_eq!(done.person_keys, 10, "{done:?}");
    assert!(done.logins >= 7, "{done:?}");
    // The record is still there, its sealed fields can no longer be opened.
    let after = ok(
        &g.app,
        &g.admin,
        "query($s: UUID!) { staffMember(id: $s) { id lastName } }",
        json!({ "s": g.nurse_b }),
    )
    .await;
    assert_eq!(after["staffMember"]["id"], json!(g.nurse_b));
    assert!(after["staffMember"]["lastName"].is_null(), "{after}");
    // Nobody of the GHT can sign in any more.
    let body = g.app.graphql(
        "mutation { login(email: \"admin@sortie.fr\", password: \"mot-de-passe-long\") { accessToken } }",
    ).await;
    assert!(!body["errors"].is_null(), "{body}");
    // And an export after the exit holds no names.
    let later = tempfile::tempdir().unwrap();
    tenant_export::export(&owner, &ring, "sortie", later.path())
        .await
        .unwrap();
    let staff = std::fs::read_to_string(later.path().join("staff.json")).unwrap();
    assert!(
        !staff.contains("Chirurgie") && !staff.contains("Lefèvre"),
        "{staff}"
    );
}

async fn verify(g: &Ght) -> Value {
    ok(
        &g.app,
        &g.dpo,
        "{ verifyAccessLog { intact entryCount lastSeq breakKind message } }",
        json!({}),
    )
    .await["verifyAccessLog"]
        .clone()
}

#[tokio::test]
async fn the_retention_purge_keeps_the_chain_verifiable() {
    let g = Ght::new(Engine::Postgres, "purge").await;
    ok(
        &g.app,
        &g.dpo,
        "mutation { signAccessLogCheckpoint }",
        json!({}),
    )
    .await;
    let old = verify(&g).await;
    let cutoff = chrono::Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    // Newer activity, which the purge keeps.
    for _ in 0..3 {
        ok(
            &g.app,
            &g.admin,
            "{ staffMembers { edges { node { lastName } } } }",
            json!({}),
        )
        .await;
    }
    let owner = database::connect_owner(&g.app.settings).await.unwrap();
    let ring = KeyRing::load(&g.app.settings).unwrap();
    let purged = retention::purge(&owner, &ring.checkpoint_key(), cutoff)
        .await
        .unwrap();
    let mine = purged.iter().find(|p| p.tenant_slug == "purge").unwrap();
    let last_old = old["lastSeq"].as_i64().unwrap() as u64;
    assert_eq!(mine.entries, last_old, "{purged:?}");
    assert_eq!(mine.anchor_seq, Some(last_old));
    let after = verify(&g).await;
    assert_eq!(after["intact"], true, "{after}");
    assert_eq!(after["entryCount"], 3, "{after}");
    // A second purge with the same cut-off has nothing left to remove.
    let again = retention::purge(&owner, &ring.checkpoint_key(), cutoff)
        .await
        .unwrap();
    assert_eq!(
        again
            .iter()
            .find(|p| p.tenant_slug == "purge")
            .unwrap()
            .entries,
        0
    );
    // Deleting the first retained entry is still detected after the purge.
    let tenant = tenant_export::find_tenant(&owner, "purge").await.unwrap();
    let txn = tenancy::begin(&owner, TenantId(tenant.id)).await.unwrap();
    txn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "DELETE FROM access_log WHERE seq = $1",
        [((last_old + 1) as i64).into()],
    ))
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let broken = verify(&g).await;
    assert_eq!(broken["intact"], false, "{broken}");
    assert_eq!(broken["breakKind"], "deleted", "{broken}");
}
