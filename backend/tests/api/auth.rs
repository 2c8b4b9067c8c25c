//! Login, `me`, refresh rotation with reuse detection, logout, and token attacks, on both
//! engines (security.md T-05).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::{Engine as Db, TestApp, spawn_app};

const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) \
                     { accessToken refreshToken role } }";
const ME: &str = "{ me { userId role tenantSlug } }";
const REFRESH: &str =
    "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }";

async fn app_with_account(engine: Db) -> (TestApp, uuid::Uuid) {
    let app = spawn_app(engine).await;
    let tenant = app.create_tenant("nord").await;
    app.create_user(
        tenant,
        "Cadre.Nord@exemple.fr",
        "mot-de-passe-long",
        "unit_manager",
    )
    .await;
    (app, tenant)
}

async fn login(app: &TestApp, email: &str, password: &str) -> serde_json::Value {
    app.graphql_as(
        None,
        LOGIN,
        serde_json::json!({ "e": email, "p": password }),
    )
    .await
}

fn code(body: &serde_json::Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

async fn login_me_refresh_logout(engine: Db) {
    let (app, _) = app_with_account(engine).await;
    // E-mails are matched case- and space-insensitively.
    let body = login(&app, "  cadre.nord@exemple.fr ", "mot-de-passe-long").await;
    let session = &body["data"]["login"];
    assert_eq!(session["role"], "unit_manager", "{body}");
    let access = session["accessToken"].as_str().unwrap();
    let refresh = session["refreshToken"].as_str().unwrap().to_owned();

    let me = app
        .graphql_as(Some(access), ME, serde_json::json!({}))
        .await;
    assert_eq!(me["data"]["me"]["tenantSlug"], "nord", "{me}");
    assert_eq!(me["data"]["me"]["role"], "unit_manager");

    // Rotation: the refresh token gives new tokens once.
    let rotated = app
        .graphql_as(None, REFRESH, serde_json::json!({ "t": refresh }))
        .await;
    let next = rotated["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(next, refresh);
    let new_access = rotated["data"]["refreshSession"]["accessToken"]
        .as_str()
        .unwrap();
    let me = app
        .graphql_as(Some(new_access), ME, serde_json::json!({}))
        .await;
    assert_eq!(me["data"]["me"]["tenantSlug"], "nord");

    // Reuse of the spent token: refused, and the whole session is revoked.
    let reused = app
        .graphql_as(None, REFRESH, serde_json::json!({ "t": refresh }))
        .await;
    assert_eq!(code(&reused), "UNAUTHENTICATED", "{reused}");
    let after_theft = app
        .graphql_as(None, REFRESH, serde_json::json!({ "t": next }))
        .await;
    assert_eq!(code(&after_theft), "UNAUTHENTICATED", "{after_theft}");

    // Logout ends a fresh session.
    let body = login(&app, "cadre.nord@exemple.fr", "mot-de-passe-long").await;
    let refresh = body["data"]["login"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = app
        .graphql_as(
            None,
            "mutation($t: String!) { logout(refreshToken: $t) }",
            serde_json::json!({ "t": refresh }),
        )
        .await;
    assert_eq!(out["data"]["logout"], true);
    let after_logout = app
        .graphql_as(None, REFRESH, serde_json::json!({ "t": refresh }))
        .await;
    assert_eq!(code(&after_logout), "UNAUTHENTICATED");
}

#[tokio::test]
async fn login_me_refresh_logout_on_sqlite() {
    login_me_refresh_logout(Db::Sqlite).await;
}

#[tokio::test]
async fn login_me_refresh_logout_on_postgres() {
    login_me_refresh_logout(Db::Postgres).await;
}

#[tokio::test]
async fn wrong_password_and_unknown_account_look_the_same() {
    let (app, _) = app_with_account(Db::Sqlite).await;
    let wrong = login(&app, "cadre.nord@exemple.fr", "mauvais").await;
    let unknown = login(&app, "personne@exemple.fr", "mauvais").await;
    assert_eq!(code(&wrong), "UNAUTHENTICATED");
    assert_eq!(
        wrong["errors"][0]["message"],
        unknown["errors"][0]["message"]
    );
    assert!(
        wrong["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("mot de passe incorrect")
    );
}

#[tokio::test]
async fn me_refuses_missing_forged_and_none_tokens() {
    let (app, _) = app_with_account(Db::Sqlite).await;
    let body = login(&app, "cadre.nord@exemple.fr", "mot-de-passe-long").await;
    let access = body["data"]["login"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();

    assert_eq!(
        code(&app.graphql_as(None, ME, serde_json::json!({})).await),
        "UNAUTHENTICATED"
    );
    // Same claims, header switched to alg "none" and the signature dropped.
    let payload = access.split('.').nth(1).unwrap();
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"at+jwt"}"#);
    let none = format!("{header}.{payload}.");
    assert_eq!(
        code(&app.graphql_as(Some(&none), ME, serde_json::json!({})).await),
        "UNAUTHENTICATED"
    );
    // A flipped signature character.
    let mut forged = access.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(
        code(
            &app.graphql_as(Some(&forged), ME, serde_json::json!({}))
                .await
        ),
        "UNAUTHENTICATED"
    );
    // The genuine token still works.
    let me = app
        .graphql_as(Some(&access), ME, serde_json::json!({}))
        .await;
    assert_eq!(me["data"]["me"]["tenantSlug"], "nord", "{me}");
}

#[tokio::test]
async fn each_token_sees_only_its_own_tenant_on_postgres() {
    let app = spawn_app(Db::Postgres).await;
    let north = app.create_tenant("nord").await;
    let south = app.create_tenant("sud").await;
    app.create_user(north, "a@nord.fr", "mot-de-passe-long", "ght_admin")
        .await;
    app.create_user(south, "a@sud.fr", "mot-de-passe-long", "ght_admin")
        .await;
    for (email, slug) in [("a@nord.fr", "nord"), ("a@sud.fr", "sud")] {
        let body = login(&app, email, "mot-de-passe-long").await;
        let access = body["data"]["login"]["accessToken"].as_str().unwrap();
        let me = app
            .graphql_as(Some(access), ME, serde_json::json!({}))
            .await;
        assert_eq!(me["data"]["me"]["tenantSlug"], slug, "{me}");
    }
}

#[tokio::test]
async fn no_plaintext_email_is_stored() {
    let (app, _) = app_with_account(Db::Postgres).await;
    let owner = releve_backend::database::connect_owner(&app.settings)
        .await
        .unwrap();
    let backend = owner.get_database_backend();
    for table in ["app_user", "login_directory", "person_key", "tenant_key"] {
        let rows = owner
            .query_all_raw(Statement::from_string(
                backend,
                format!("SELECT row_to_json(t)::text FROM {table} t"),
            ))
            .await
            .unwrap();
        assert!(!rows.is_empty(), "{table} is empty");
        for row in rows {
            let text: String = row.try_get_by_index(0).unwrap();
            assert!(
                !text.to_lowercase().contains("nord@exemple"),
                "{table}: {text}"
            );
            assert!(!text.contains("mot-de-passe"), "{table}: {text}");
        }
    }
}

#[tokio::test]
async fn erasure_shreds_the_persons_key_ends_login_and_is_logged() {
    let app = spawn_app(Db::Postgres).await;
    let tenant = app.create_tenant("nord").await;
    app.create_user(tenant, "admin@nord.fr", "mot-de-passe-long", "ght_admin")
        .await;
    app.create_user(tenant, "partant@nord.fr", "mot-de-passe-long", "staff")
        .await;
    app.create_user(tenant, "dpo@nord.fr", "mot-de-passe-long", "auditor")
        .await;
    let admin = app.token("admin@nord.fr").await;
    let leaving = app.token("partant@nord.fr").await;
    let me_email = "{ me { userId email } }";

    let me = app
        .graphql_as(Some(&leaving), me_email, serde_json::json!({}))
        .await;
    assert_eq!(me["data"]["me"]["email"], "partant@nord.fr", "{me}");
    let user_id = me["data"]["me"]["userId"].as_str().unwrap().to_owned();

    // Only GHT management may erase.
    let erase = "mutation($id: UUID!) { eraseAccount(userId: $id) }";
    let refused = app
        .graphql_as(Some(&leaving), erase, serde_json::json!({ "id": user_id }))
        .await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    let done = app
        .graphql_as(Some(&admin), erase, serde_json::json!({ "id": user_id }))
        .await;
    assert_eq!(done["data"]["eraseAccount"], true, "{done}");

    // The sealed e-mail is unreadable now, and the account cannot log in any more.
    let me = app
        .graphql_as(Some(&leaving), me_email, serde_json::json!({}))
        .await;
    assert!(me["data"]["me"]["email"].is_null(), "{me}");
    assert_eq!(
        code(&login(&app, "partant@nord.fr", "mot-de-passe-long").await),
        "UNAUTHENTICATED"
    );

    // The consultation and the erasure are in the access log, by pseudonymous id.
    let dpo = app.token("dpo@nord.fr").await;
    let log = app
        .graphql_as(
            Some(&dpo),
            "query($id: UUID!) { accessLog(objectId: $id) { operation purpose actorRole } }",
            serde_json::json!({ "id": user_id }),
        )
        .await;
    let entries = log["data"]["accessLog"].as_array().unwrap();
    let seen: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["operation"].as_str().unwrap().to_owned(),
                e["purpose"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(seen.contains(&("delete".into(), "erasure".into())), "{log}");
    assert!(
        seen.contains(&("read".into(), "self_service".into())),
        "{log}"
    );
    assert!(
        seen.contains(&("create".into(), "account_management".into())),
        "{log}"
    );
}
