//! Rotation of the key-encryption key without re-encrypting data (security.md R-32).

use releve_backend::audit::Actor;
use releve_backend::identity::users;
use releve_backend::keys::{self, KEK_FILE, KeyRing, PREVIOUS_KEK_FILE};
use releve_backend::tenancy::TenantId;
use secrecy::ExposeSecret;

use crate::helpers::{Engine, releve_command, spawn_app};

#[tokio::test]
async fn kek_rotation_keeps_every_field_readable() {
    let app = spawn_app(Engine::Postgres).await;
    let tenant = app.create_tenant("nord").await;
    app.create_user(tenant, "cadre@nord.fr", "mot-de-passe-long", "unit_manager")
        .await;
    let db = releve_backend::database::connect(&app.settings)
        .await
        .unwrap();
    let user = {
        let ring = KeyRing::load(&app.settings).unwrap();
        users::find_for_login(&db, &ring, "cadre@nord.fr")
            .await
            .unwrap()
            .unwrap()
            .1
            .id
    };
    let read = |ring: KeyRing| {
        let db = db.clone();
        async move {
            users::email(
                &db,
                &ring,
                TenantId(tenant),
                &Actor::system(),
                user,
                "audit",
            )
            .await
        }
    };

    // 1. The current KEK becomes the previous one; a new KEK is created.
    let dir = app.settings.keys_dir();
    let old_id = KeyRing::load(&app.settings)
        .unwrap()
        .kek
        .key_id()
        .to_owned();
    std::fs::rename(dir.join(KEK_FILE), dir.join(PREVIOUS_KEK_FILE)).unwrap();
    keys::init(&app.settings).unwrap();
    let ring = KeyRing::load(&app.settings).unwrap();
    assert_ne!(ring.kek.key_id(), old_id);
    // 2. Readers with both KEKs still read what the old one wraps.
    assert_eq!(read(ring).await.unwrap().as_deref(), Some("cadre@nord.fr"));

    // 3. `releve keys rotate` re-wraps the tenant keys.
    let mut command = releve_command();
    let owner = app.settings.migration_database_url();
    let output = command
        .args(["keys", "rotate"])
        .env("RELEVE_DATA_DIR", &app.settings.data_dir)
        .env("RELEVE_DATABASE_URL", owner.expose_secret())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).starts_with("1 clé"),
        "{output:?}"
    );

    // 4. Without the retired KEK, everything is still readable.
    std::fs::remove_file(dir.join(PREVIOUS_KEK_FILE)).unwrap();
    let ring = KeyRing::load(&app.settings).unwrap();
    assert_eq!(read(ring).await.unwrap().as_deref(), Some("cadre@nord.fr"));
}

#[tokio::test]
async fn a_missing_kek_is_named_not_guessed() {
    let app = spawn_app(Engine::Sqlite).await;
    let tenant = app.create_tenant("nord").await;
    app.create_user(tenant, "cadre@nord.fr", "mot-de-passe-long", "unit_manager")
        .await;
    let db = releve_backend::database::connect(&app.settings)
        .await
        .unwrap();
    let ring = KeyRing::load(&app.settings).unwrap();
    let user = users::find_for_login(&db, &ring, "cadre@nord.fr")
        .await
        .unwrap()
        .unwrap()
        .1
        .id;
    // Replace the KEK without keeping the old one: the tenant key cannot be unwrapped.
    let dir = app.settings.keys_dir();
    std::fs::remove_file(dir.join(KEK_FILE)).unwrap();
    keys::init(&app.settings).unwrap();
    let ring = KeyRing::load(&app.settings).unwrap();
    let error = users::email(
        &db,
        &ring,
        TenantId(tenant),
        &Actor::system(),
        user,
        "audit",
    )
    .await
    .unwrap_err();
    assert!(
        format!("{error:#}").contains("absente du trousseau"),
        "{error:#}"
    );
}
