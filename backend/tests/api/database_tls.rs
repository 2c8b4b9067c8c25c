//! The API reaches PostgreSQL over TLS when its URL asks for it (`sslmode=verify-full`
//! with the server's CA), and refuses a server it cannot verify.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use sea_orm::{ConnectionTrait, Database, Statement};
use secrecy::SecretString;

use crate::helpers::{Engine, PrivatePostgres, spawn_app_with};

/// Writes a file the PostgreSQL OS user owns with mode 0600 (the server requires it).
fn write_private(path: &Path, contents: &str, owner_of: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, contents).unwrap();
    let meta = std::fs::metadata(owner_of).unwrap();
    std::os::unix::fs::chown(path, Some(meta.uid()), Some(meta.gid())).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[tokio::test]
async fn the_api_talks_to_postgres_over_verified_tls() {
    let server = PrivatePostgres::start();
    let (dir, admin_url) = (&server.dir, server.url.clone());
    let data = dir.path().join("data");
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap();
    let cert_file = data.join("server.crt");
    write_private(&cert_file, &certified.cert.pem(), &data);
    write_private(
        &data.join("server.key"),
        &certified.signing_key.serialize_pem(),
        &data,
    );
    let root = dir.path().join("root.crt");
    std::fs::write(&root, certified.cert.pem()).unwrap();

    let admin = Database::connect(&admin_url).await.unwrap();
    admin
        .execute_unprepared("ALTER SYSTEM SET ssl = on")
        .await
        .unwrap();
    admin
        .execute_unprepared("SELECT pg_reload_conf()")
        .await
        .unwrap();
    admin.close().await.unwrap();

    let tls_url = format!(
        "{admin_url}?sslmode=verify-full&sslrootcert={}",
        root.display()
    );
    let db = Database::connect(&tls_url).await.unwrap();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "true");
    db.close().await.unwrap();

    // The whole application runs on that connection.
    let app = spawn_app_with(Engine::Sqlite, |s| {
        s.database_url = Some(SecretString::from(tls_url.clone()));
    })
    .await;
    assert_eq!(app.get("readyz").await.status(), 200);

    // A CA that did not sign the server's certificate is refused.
    let stranger = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let wrong_root = dir.path().join("wrong.crt");
    std::fs::write(&wrong_root, stranger.cert.pem()).unwrap();
    let wrong = format!(
        "{admin_url}?sslmode=verify-full&sslrootcert={}",
        wrong_root.display()
    );
    assert!(Database::connect(&wrong).await.is_err());
}
