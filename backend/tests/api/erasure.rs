//! Right to erasure beyond accounts: a staff member without an account is erased by HR or
//! GHT management (key destroyed, legal HR minima kept, logged, erasure ledger written), and
//! an erased person's blind indexes are shredded so search no longer finds them.

use releve_backend::entity::app_user;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::Engine;
use crate::organisation::{Ght, code, gql, ok};

const ERASE: &str = "mutation($id: UUID!) { eraseStaffMember(id: $id) }";
const FILE: &str = "query($id: UUID!) { staffMember(id: $id) \
    { id firstName lastName email profession quotite homeUnitId } }";
const BY_NAME: &str =
    "query($n: String!) { staffMembers(lastName: $n) { edges { node { id lastName } } } }";

async fn found_by_name(g: &Ght, name: &str) -> Vec<String> {
    let data = ok(&g.app, &g.admin, BY_NAME, json!({ "n": name })).await;
    data["staffMembers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect()
}

fn ledger_lines(g: &Ght) -> Vec<String> {
    std::fs::read_to_string(g.app.settings.erasure_ledger())
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

async fn staff_without_account_is_erased_by_hr(engine: Engine) {
    let g = Ght::new(engine, "nord").await;
    // Martin has no account; Durand stays.
    let martin = g.nurses_a[1].clone();
    assert_eq!(found_by_name(&g, "Martin").await, vec![martin.clone()]);

    // Only HR and GHT management may erase; the planner and the person are refused.
    for token in [&g.cadre_a, &g.agent, &g.dpo, &g.site] {
        let refused = gql(&g.app, token, ERASE, json!({ "id": martin })).await;
        assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    }
    let unknown = gql(&g.app, &g.hr, ERASE, json!({ "id": uuid::Uuid::new_v4() })).await;
    assert_eq!(code(&unknown), "NOT_FOUND", "{unknown}");
    assert!(ledger_lines(&g).is_empty());

    let done = ok(&g.app, &g.hr, ERASE, json!({ "id": martin })).await;
    assert_eq!(done["eraseStaffMember"], true);

    // The pseudonymous record stays (legal HR minima), the personal fields are gone.
    let file = ok(&g.app, &g.admin, FILE, json!({ "id": martin })).await;
    let file = &file["staffMember"];
    assert_eq!(file["id"], martin.as_str(), "{file}");
    assert_eq!(file["profession"], "IDE", "{file}");
    assert_eq!(file["homeUnitId"], g.unit_a.as_str(), "{file}");
    assert!(
        file["firstName"].is_null() && file["lastName"].is_null(),
        "{file}"
    );
    assert!(file["email"].is_null(), "{file}");
    // Search by name no longer finds the person; the others are still found.
    assert!(found_by_name(&g, "Martin").await.is_empty());
    assert_eq!(
        found_by_name(&g, "Durand").await,
        vec![g.nurses_a[2].clone()]
    );
    // Written to the ledger outside the database, once.
    let lines = ledger_lines(&g);
    assert_eq!(lines.len(), 1, "{lines:?}");
    // A second erasure says so rather than pretending.
    let again = gql(&g.app, &g.hr, ERASE, json!({ "id": martin })).await;
    assert_eq!(code(&again), "CONFLICT", "{again}");
    assert_eq!(ledger_lines(&g).len(), 1);
    // A planner still sees the person's place in the unit, without a name.
    let page = ok(
        &g.app,
        &g.cadre_a,
        "query($u: UUID!) { staffMembers(unitId: $u) { edges { node { id lastName } } } }",
        json!({ "u": g.unit_a }),
    )
    .await;
    let erased: Vec<&Value> = page["staffMembers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["id"] == martin.as_str())
        .collect();
    assert_eq!(erased.len(), 1, "{page}");
    assert!(erased[0]["node"]["lastName"].is_null(), "{page}");

    // The erasure is in the access log, by pseudonymous id, attributed to HR.
    let log = ok(
        &g.app,
        &g.dpo,
        "query($id: UUID!) { accessLog(objectId: $id) { operation purpose actorRole } }",
        json!({ "id": martin }),
    )
    .await;
    let entries = log["accessLog"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["operation"] == "delete"
            && e["purpose"] == "erasure"
            && e["actorRole"] == "hr"),
        "{log}"
    );
    let verified = ok(&g.app, &g.dpo, "{ verifyAccessLog { intact } }", json!({})).await;
    assert_eq!(verified["verifyAccessLog"]["intact"], true, "{verified}");

    // GHT management may erase too.
    let durand = g.nurses_a[2].clone();
    let done = ok(&g.app, &g.admin, ERASE, json!({ "id": durand })).await;
    assert_eq!(done["eraseStaffMember"], true);
    assert!(found_by_name(&g, "Durand").await.is_empty());
}

#[tokio::test]
async fn staff_without_account_is_erased_by_hr_on_postgres() {
    staff_without_account_is_erased_by_hr(Engine::Postgres).await;
}

#[tokio::test]
async fn staff_without_account_is_erased_by_hr_on_sqlite() {
    staff_without_account_is_erased_by_hr(Engine::Sqlite).await;
}

/// erasing an account shreds the blind index of its e-mail and of its staff record's
/// name: neither the rows kept for the legal minima nor search find the person any more.
#[tokio::test]
async fn erasing_an_account_shreds_its_email_and_name_blind_indexes() {
    let g = Ght::new(Engine::Postgres, "nord").await;
    let owner = releve_backend::database::connect_owner(&g.app.settings)
        .await
        .unwrap();
    let agent = ok(&g.app, &g.agent, "{ me { userId } }", json!({})).await;
    let user_id: uuid::Uuid = agent["me"]["userId"].as_str().unwrap().parse().unwrap();
    let index_of = |id: uuid::Uuid| {
        let owner = owner.clone();
        async move {
            app_user::Entity::find_by_id(id)
                .one(&owner)
                .await
                .unwrap()
                .unwrap()
                .email_index
        }
    };
    let before = index_of(user_id).await;
    // The agent's staff record (Lefèvre) is found by name before.
    assert_eq!(
        found_by_name(&g, "Lefèvre").await,
        vec![g.nurses_a[0].clone()]
    );

    let done = ok(
        &g.app,
        &g.admin,
        "mutation($id: UUID!) { eraseAccount(userId: $id) }",
        json!({ "id": user_id }),
    )
    .await;
    assert_eq!(done["eraseAccount"], true);

    let after = index_of(user_id).await;
    assert_ne!(
        after, before,
        "the e-mail's blind index survived the erasure"
    );
    let matching = app_user::Entity::find()
        .filter(app_user::Column::EmailIndex.eq(before.clone()))
        .all(&owner)
        .await
        .unwrap();
    assert!(matching.is_empty(), "{matching:?}");
    assert!(found_by_name(&g, "Lefèvre").await.is_empty());

    // The e-mail is free again: a new account gets it, and its index is the same HMAC as
    // before (so the shredded row would have matched a search without R-33).
    let tenant = app_user::Entity::find_by_id(user_id)
        .one(&owner)
        .await
        .unwrap()
        .unwrap()
        .tenant_id;
    g.app
        .create_user(tenant, "agent@nord.fr", "mot-de-passe-long", "staff")
        .await;
    let matching = app_user::Entity::find()
        .filter(app_user::Column::EmailIndex.eq(before))
        .all(&owner)
        .await
        .unwrap();
    assert_eq!(matching.len(), 1);
    assert_ne!(matching[0].id, user_id);
}
