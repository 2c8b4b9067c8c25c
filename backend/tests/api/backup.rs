//! Backup and restore (infra/BACKUP.md) against real PostgreSQL with `pg_dump` and
//! `pg_restore`: a dump taken before an erasure, restored into a fresh database, must not
//! bring the erased person back (design decision 2: erasure "backups included").

use std::path::Path;

use releve_backend::entity::{access_log, app_user, person_key};
use sea_orm::{ColumnTrait, Database, EntityTrait, PaginatorTrait, QueryFilter};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{
    Engine, TEST_PASSWORD, TestApp, create_app_login, create_postgres_database, postgres_tool,
    releve_command, spawn_app, start_app, test_postgres_url,
};

const ME: &str = "{ me { userId email } }";

fn owner_url(app: &TestApp) -> String {
    app.settings
        .migration_database_url
        .as_ref()
        .unwrap()
        .expose_secret()
        .to_owned()
}

fn run(command: &mut std::process::Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `pg_restore` of `dump` into a new database; returns its (owner) URL.
async fn restore(dump: &Path) -> String {
    let url = create_postgres_database(&test_postgres_url()).await;
    run(std::process::Command::new(postgres_tool("pg_restore"))
        .arg("--exit-on-error")
        .arg("--dbname")
        .arg(&url)
        .arg(dump));
    url
}

async fn person_keys_of(owner_url: &str, person: Uuid) -> u64 {
    let owner = Database::connect(owner_url).await.unwrap();
    person_key::Entity::find()
        .filter(person_key::Column::PersonId.eq(person))
        .count(&owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_dump_taken_before_an_erasure_restores_with_the_person_unreadable() {
    let app = spawn_app(Engine::Postgres).await;
    let tenant = app.create_tenant("nord").await;
    for (email, role) in [
        ("admin@nord.fr", "ght_admin"),
        ("partant@nord.fr", "staff"),
        ("restant@nord.fr", "staff"),
    ] {
        app.create_user(tenant, email, TEST_PASSWORD, role).await;
    }
    let leaving = app.token("partant@nord.fr").await;
    let me = app.graphql_as(Some(&leaving), ME, json!({})).await;
    let user_id: Uuid = me["data"]["me"]["userId"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let owner = Database::connect(&owner_url(&app)).await.unwrap();
    let person = app_user::Entity::find_by_id(user_id)
        .one(&owner)
        .await
        .unwrap()
        .unwrap()
        .person_id;

    // The backup, as infra/BACKUP.md takes it.
    let backups = tempfile::tempdir().unwrap();
    let dump = backups.path().join("releve.dump");
    run(std::process::Command::new(postgres_tool("pg_dump"))
        .args(["--format=custom", "--file"])
        .arg(&dump)
        .arg(owner_url(&app)));

    let admin = app.token("admin@nord.fr").await;
    let erased = app
        .graphql_as(
            Some(&admin),
            "mutation($id: UUID!) { eraseAccount(userId: $id) }",
            json!({ "id": user_id }),
        )
        .await;
    assert_eq!(erased["data"]["eraseAccount"], true, "{erased}");
    assert_eq!(person_keys_of(&owner_url(&app), person).await, 0);

    // Restored as is, the dump holds the erased person's key again: the database alone
    // cannot keep the promise, the ledger kept with the keys must.
    let restored = restore(&dump).await;
    assert_eq!(person_keys_of(&restored, person).await, 1);

    // Starting the API on the restored database destroys it again before serving.
    let mut settings = app.settings.clone();
    settings.keys_dir = Some(app.settings.keys_dir());
    settings.migration_database_url = Some(SecretString::from(restored.clone()));
    settings.database_url = Some(SecretString::from(create_app_login(&restored).await));
    let back = start_app(settings).await;
    assert_eq!(person_keys_of(&restored, person).await, 0);
    let login = back
        .graphql_as(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
            json!({ "e": "partant@nord.fr", "p": TEST_PASSWORD }),
        )
        .await;
    assert_eq!(
        login["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{login}"
    );
    // A token issued before the erasure reads nothing personal from the restored data.
    let me = back.graphql_as(Some(&leaving), ME, json!({})).await;
    assert!(me["data"]["me"]["email"].is_null(), "{me}");
    // Everybody else is restored readable.
    let staying = back.token("restant@nord.fr").await;
    let me = back.graphql_as(Some(&staying), ME, json!({})).await;
    assert_eq!(me["data"]["me"]["email"], "restant@nord.fr", "{me}");
    // The re-applied erasure is in the restored tenant's access log.
    let restored_owner = Database::connect(&restored).await.unwrap();
    let replays = access_log::Entity::find()
        .filter(access_log::Column::Purpose.eq("erasure_replay"))
        .count(&restored_owner)
        .await
        .unwrap();
    assert_eq!(replays, 1);

    // The documented manual step does the same, as the schema owner.
    let restored_again = restore(&dump).await;
    assert_eq!(person_keys_of(&restored_again, person).await, 1);
    let output = run(releve_command()
        .args(["keys", "replay-erasures"])
        .env("RELEVE_DATABASE_URL", &restored_again)
        .env("RELEVE_KEYS_DIR", app.settings.keys_dir())
        .env("RELEVE_DATA_DIR", backups.path()));
    assert!(output.contains("1 clé(s) de personne"), "{output}");
    assert_eq!(person_keys_of(&restored_again, person).await, 0);
    // Idempotent: a second replay finds nothing more to destroy.
    let output = run(releve_command()
        .args(["keys", "replay-erasures"])
        .env("RELEVE_DATABASE_URL", &restored_again)
        .env("RELEVE_KEYS_DIR", app.settings.keys_dir())
        .env("RELEVE_DATA_DIR", backups.path()));
    assert!(output.contains("0 clé(s) de personne"), "{output}");
}
