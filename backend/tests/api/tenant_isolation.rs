//! The second wall of tenant isolation, checked in PostgreSQL itself: row-level security
//! forced on every tenant table, an application role that cannot bypass it, and a
//! transaction that sees only the tenant it names (security.md, T-03).

use releve_migrations::MigratorTrait;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement, TransactionTrait};

use crate::helpers::{create_app_login, create_postgres_database, test_postgres_url};

/// A migrated database, its owner connection, and a connection as a fresh login role
/// that is a member of `releve_app`, as the API runs in production.
async fn migrated_database() -> (DatabaseConnection, DatabaseConnection) {
    use releve_migrations::Migrator;
    let url = create_postgres_database(&test_postgres_url()).await;
    let owner = Database::connect(&url).await.unwrap();
    Migrator::up(&owner, None).await.unwrap();
    let app = Database::connect(&create_app_login(&url).await)
        .await
        .unwrap();
    (owner, app)
}

async fn strings(db: &impl ConnectionTrait, sql: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect()
}

#[tokio::test]
async fn row_level_security_is_enabled_and_forced_on_every_tenant_table() {
    let (owner, _app) = migrated_database().await;
    // Every table with a tenant_id column, plus the tenant table itself.
    let tenant_tables = strings(
        &owner,
        "SELECT DISTINCT table_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND (column_name = 'tenant_id' OR table_name = 'tenant') \
         AND table_name <> 'login_directory' ORDER BY 1",
    )
    .await;
    assert!(tenant_tables.len() >= 7, "{tenant_tables:?}");
    // The hospital problem's tables (theatre programme, joint requirements, counters, fairness
    // ledger) are tenant tables too.
    for table in releve_migrations::m20261122_000006_create_theatre_joint_counters_fairness::TABLES
        .iter()
        .chain(releve_migrations::m20261122_000009_create_qualification_substitution::TABLES)
    {
        assert!(
            tenant_tables.iter().any(|t| t == table),
            "{table} is not a tenant table: {tenant_tables:?}"
        );
    }
    let unprotected = strings(
        &owner,
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind = 'r' \
         AND NOT (c.relrowsecurity AND c.relforcerowsecurity) ORDER BY 1",
    )
    .await;
    let leaks: Vec<&String> = tenant_tables
        .iter()
        .filter(|t| unprotected.contains(t))
        .collect();
    assert!(
        leaks.is_empty(),
        "tenant tables without forced RLS: {leaks:?}"
    );
}

#[tokio::test]
async fn the_application_role_owns_nothing_and_cannot_bypass_rls() {
    let (_owner, app) = migrated_database().await;
    let flags = strings(
        &app,
        "SELECT rolsuper::text || ',' || rolbypassrls::text FROM pg_roles \
         WHERE rolname = current_user",
    )
    .await;
    assert_eq!(flags, vec!["false,false".to_owned()]);
    let owned = strings(
        &app,
        "SELECT c.relname::text FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND (r.rolname = current_user OR r.rolname = 'releve_app')",
    )
    .await;
    assert!(owned.is_empty(), "tables owned by the app role: {owned:?}");
}

#[tokio::test]
async fn a_transaction_sees_only_the_tenant_it_names_and_nothing_without_one() {
    let (owner, app) = migrated_database().await;
    let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    for (id, slug) in [(a, "a"), (b, "b")] {
        owner
            .execute_unprepared(&format!(
                "INSERT INTO tenant (id, slug, name) VALUES ('{id}', '{slug}-{id}', 'GHT {slug}')"
            ))
            .await
            .unwrap();
        for n in 0..3 {
            owner
                .execute_unprepared(&format!(
                    "INSERT INTO app_user (id, tenant_id, person_id, role, email_sealed, \
                     email_index, password_hash) VALUES ('{}', '{id}', '{}', 'staff', \
                     '\\x00'::bytea, '\\x{n:02x}'::bytea, 'x')",
                    uuid::Uuid::new_v4(),
                    uuid::Uuid::new_v4()
                ))
                .await
                .unwrap();
        }
    }
    let count_users = "SELECT count(*)::text FROM app_user";

    // No tenant named: nothing is visible (fail closed).
    assert_eq!(strings(&app, count_users).await, vec!["0"]);

    let txn = app.begin().await.unwrap();
    txn.execute_unprepared(&format!(
        "SELECT set_config('releve.tenant_id', '{a}', true)"
    ))
    .await
    .unwrap();
    assert_eq!(strings(&txn, count_users).await, vec!["3"]);
    assert_eq!(
        strings(&txn, "SELECT DISTINCT tenant_id::text FROM app_user").await,
        vec![a.to_string()]
    );
    assert_eq!(strings(&txn, "SELECT slug FROM tenant").await.len(), 1);
    // Writing a row for another tenant is refused by the policy's WITH CHECK.
    let cross_write = txn
        .execute_unprepared(&format!(
            "INSERT INTO app_user (id, tenant_id, person_id, role, email_sealed, email_index, \
             password_hash) VALUES ('{}', '{b}', '{}', 'staff', '\\x00'::bytea, \
             '\\xff'::bytea, 'x')",
            uuid::Uuid::new_v4(),
            uuid::Uuid::new_v4()
        ))
        .await;
    assert!(
        cross_write.is_err(),
        "a row of tenant B was written under tenant A"
    );
    txn.rollback().await.unwrap();

    // The setting was local to the transaction: the pooled connection is clean again.
    assert_eq!(strings(&app, count_users).await, vec!["0"]);
}

#[tokio::test]
async fn the_access_log_is_append_only_for_the_application() {
    let (owner, app) = migrated_database().await;
    let tenant = uuid::Uuid::new_v4();
    owner
        .execute_unprepared(&format!(
            "INSERT INTO tenant (id, slug, name) VALUES ('{tenant}', 't-{tenant}', 'GHT')"
        ))
        .await
        .unwrap();
    let txn = app.begin().await.unwrap();
    txn.execute_unprepared(&format!(
        "SELECT set_config('releve.tenant_id', '{tenant}', true)"
    ))
    .await
    .unwrap();
    txn.execute_unprepared(&format!(
        "INSERT INTO access_log (tenant_id, seq, at, actor_id, actor_role, operation, \
         object_type, object_ids, purpose, prev_hash, hash) VALUES ('{tenant}', 1, \
         '2026-11-22T00:00:00Z', '{}', 'hr', 'read', 'staff', '\\x'::bytea, 'planning', \
         '\\x00'::bytea, '\\x01'::bytea)",
        uuid::Uuid::new_v4()
    ))
    .await
    .unwrap();
    let update = txn
        .execute_unprepared("UPDATE access_log SET purpose = 'x'")
        .await;
    assert!(update.is_err(), "the app role could rewrite the access log");
    txn.rollback().await.unwrap();

    let txn = app.begin().await.unwrap();
    let delete = txn.execute_unprepared("DELETE FROM access_log").await;
    assert!(
        delete.is_err(),
        "the app role could delete from the access log"
    );
    txn.rollback().await.unwrap();
}

#[tokio::test]
async fn production_refuses_a_database_role_that_bypasses_rls() {
    use releve_backend::config::Profile;
    use releve_backend::startup::{Application, Signals};

    // The test server's admin role is a superuser: fine for development, not production.
    let data_dir = tempfile::tempdir().unwrap();
    let owner_url = create_postgres_database(&test_postgres_url()).await;
    let mut settings = crate::helpers::test_settings(data_dir.path().to_path_buf(), None);
    settings.database_url = Some(secrecy::SecretString::from(owner_url.clone()));
    let owner = Database::connect(&owner_url).await.unwrap();
    releve_migrations::Migrator::up(&owner, None).await.unwrap();

    releve_backend::keys::init(&settings).unwrap();
    settings.profile = Profile::Production;
    let error = Application::build(&settings, Signals::Ignore)
        .await
        .err()
        .unwrap();
    assert!(error.to_string().contains("releve_app"), "{error}");

    // The same database through a releve_app member starts.
    settings.database_url = Some(secrecy::SecretString::from(
        create_app_login(&owner_url).await,
    ));
    assert!(Application::build(&settings, Signals::Ignore).await.is_ok());
}

#[tokio::test]
async fn pooled_connections_alternating_tenants_under_concurrency_never_mix() {
    use releve_backend::tenancy::{TenantId, begin};

    let url = create_postgres_database(&test_postgres_url()).await;
    // A small pool shared by many concurrent tasks, as under load.
    let owner = Database::connect(&url).await.unwrap();
    releve_migrations::Migrator::up(&owner, None).await.unwrap();
    let mut options = sea_orm::ConnectOptions::new(create_app_login(&url).await);
    options.max_connections(4);
    let app = Database::connect(options).await.unwrap();

    let tenants: Vec<uuid::Uuid> = (0..3).map(|_| uuid::Uuid::new_v4()).collect();
    for (i, id) in tenants.iter().enumerate() {
        owner
            .execute_unprepared(&format!(
                "INSERT INTO tenant (id, slug, name) VALUES ('{id}', 't{i}-{id}', 'GHT {i}')"
            ))
            .await
            .unwrap();
        for n in 0..=i {
            owner
                .execute_unprepared(&format!(
                    "INSERT INTO app_user (id, tenant_id, person_id, role, email_sealed, \
                     email_index, password_hash) VALUES ('{}', '{id}', '{}', 'staff', \
                     '\\x00'::bytea, '\\x{n:02x}'::bytea, 'x')",
                    uuid::Uuid::new_v4(),
                    uuid::Uuid::new_v4()
                ))
                .await
                .unwrap();
        }
    }

    let mut tasks = Vec::new();
    for round in 0..60 {
        let app = app.clone();
        let index = round % tenants.len();
        let tenant = tenants[index];
        tasks.push(tokio::spawn(async move {
            let txn = begin(&app, TenantId(tenant)).await.unwrap();
            // Yield inside the transaction so that tasks interleave on the pool.
            tokio::time::sleep(std::time::Duration::from_millis((round % 5) as u64)).await;
            let seen = strings(&txn, "SELECT tenant_id::text FROM app_user").await;
            txn.commit().await.unwrap();
            (tenant, index + 1, seen)
        }));
    }
    for task in tasks {
        let (tenant, expected, seen) = task.await.unwrap();
        assert_eq!(seen.len(), expected, "tenant {tenant} saw {seen:?}");
        assert!(
            seen.iter().all(|t| *t == tenant.to_string()),
            "tenant {tenant} saw {seen:?}"
        );
    }
    // Outside any tenant transaction the pool shows nothing.
    assert_eq!(
        strings(&app, "SELECT count(*)::text FROM app_user").await,
        vec!["0"]
    );
}
