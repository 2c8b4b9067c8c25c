//! `spawn_app`: a real application on port 0 with a fresh database of its own
//! (a new SQLite file, or a new PostgreSQL database on the test server).

use std::path::PathBuf;

use releve_backend::config::{Overrides, Settings};
use releve_backend::database;
use releve_backend::startup::{Application, Signals};
use releve_migrations::MigratorTrait;
use sea_orm::{ConnectionTrait, Database};
use secrecy::SecretString;

/// Which database engine a test runs against.
#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The `releve` binary, with none of the tests' own `RELEVE_*` variables leaking into it
/// and quiet logs.
pub fn releve_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_releve"));
    for (name, _) in std::env::vars() {
        if name.starts_with("RELEVE_") {
            command.env_remove(name);
        }
    }
    command.env("RELEVE_LOG", "warn");
    command
}

/// The password of every account the tests create.
pub const TEST_PASSWORD: &str = "mot-de-passe-long";

pub type WebSocket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A JSON text frame.
pub fn ws_message(value: serde_json::Value) -> tokio_tungstenite::tungstenite::Message {
    tokio_tungstenite::tungstenite::Message::Text(value.to_string().into())
}

pub struct TestApp {
    pub url: String,
    pub client: reqwest::Client,
    pub settings: Settings,
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    /// Creates a tenant (as the schema owner: the API's role may not) and returns its id.
    pub async fn create_tenant(&self, slug: &str) -> uuid::Uuid {
        use releve_backend::entity::tenant;
        use sea_orm::{ActiveValue::Set, EntityTrait};
        let owner = database::connect_owner(&self.settings).await.unwrap();
        let id = uuid::Uuid::new_v4();
        tenant::Entity::insert(tenant::ActiveModel {
            id: Set(id),
            slug: Set(slug.to_owned()),
            name: Set(format!("GHT {slug}")),
            created_at: Set(chrono::Utc::now().fixed_offset()),
        })
        .exec(&owner)
        .await
        .unwrap();
        id
    }

    /// Creates an account through the service layer, as the API's role.
    pub async fn create_user(&self, tenant: uuid::Uuid, email: &str, password: &str, role: &str) {
        let db = database::connect(&self.settings).await.unwrap();
        let keys = releve_backend::keys::KeyRing::load(&self.settings).unwrap();
        let new = releve_backend::identity::users::NewUser {
            email,
            password,
            role,
            scopes: Vec::new(),
        };
        releve_backend::identity::users::create_user(
            &db,
            &keys,
            releve_backend::tenancy::TenantId(tenant),
            &releve_backend::audit::Actor::system(),
            new,
        )
        .await
        .unwrap();
    }

    /// Logs in with the test password and returns the access token.
    pub async fn token(&self, email: &str) -> String {
        let body = self
            .graphql_as(
                None,
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
                serde_json::json!({ "e": email, "p": TEST_PASSWORD }),
            )
            .await;
        body["data"]["login"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("login of {email} failed: {body}"))
            .to_owned()
    }

    /// A second API process on the same database, keys and Redis: another replica.
    pub async fn replica(&self) -> TestApp {
        let app = Application::build(&self.settings, Signals::Ignore)
            .await
            .unwrap();
        let url = app.url();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            url,
            client: reqwest::Client::new(),
            settings: self.settings.clone(),
            _data_dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Opens a `graphql-transport-ws` WebSocket and sends `connection_init`, with the
    /// access token in its payload when given.
    pub async fn websocket(&self, token: Option<&str>) -> WebSocket {
        use futures_util::SinkExt;
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let ws_url = format!("{}graphql", self.url.replacen("http://", "ws://", 1));
        let mut request = ws_url.into_client_request().unwrap();
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        let payload = match token {
            Some(token) => serde_json::json!({ "Authorization": format!("Bearer {token}") }),
            None => serde_json::json!({}),
        };
        socket
            .send(ws_message(
                serde_json::json!({ "type": "connection_init", "payload": payload }),
            ))
            .await
            .unwrap();
        socket
    }

    /// Runs a GraphQL operation with variables and an optional bearer token.
    pub async fn graphql_as(
        &self,
        token: Option<&str>,
        query: &str,
        variables: serde_json::Value,
    ) -> serde_json::Value {
        let mut request = self
            .client
            .post(format!("{}graphql", self.url))
            .json(&serde_json::json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap().json().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .unwrap()
    }

    pub async fn graphql(&self, query: &str) -> serde_json::Value {
        self.client
            .post(format!("{}graphql", self.url))
            .json(&serde_json::json!({ "query": query }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// The admin URL of the throwaway PostgreSQL started by `infra/with-services.sh`.
pub fn test_postgres_url() -> String {
    std::env::var("RELEVE_TEST_DATABASE_URL").expect(
        "RELEVE_TEST_DATABASE_URL is not set: run the tests through `make test` \
         (or `infra/with-services.sh cargo test`), which starts a throwaway PostgreSQL",
    )
}

pub fn test_redis_url() -> String {
    std::env::var("RELEVE_TEST_REDIS_URL").expect(
        "RELEVE_TEST_REDIS_URL is not set: run the tests through `make test` \
         (or `infra/with-services.sh cargo test`), which starts a throwaway Redis",
    )
}

/// Creates an empty database named after a fresh UUID on the server at `admin_url`.
pub async fn create_postgres_database(admin_url: &str) -> String {
    let name = format!("test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(admin_url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    admin.close().await.unwrap();
    let mut url = url::Url::parse(admin_url).unwrap();
    url.set_path(&name);
    url.to_string()
}

/// Settings for a test: port 0, a temporary data directory, quiet logs.
pub fn test_settings(data_dir: PathBuf, database_url: Option<String>) -> Settings {
    let mut settings = Settings::load_from(&Overrides::default(), &[]).unwrap();
    settings.bind = "127.0.0.1:0".to_owned();
    settings.data_dir = data_dir;
    settings.database_url = database_url.map(SecretString::from);
    settings.static_dir = PathBuf::from("/nonexistent-ui");
    settings
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, |_| {}).await
}

/// Creates a login role that is a member of `releve_app` (as the API runs in production)
/// and returns `owner_url` rewritten to log in as it.
pub async fn create_app_login(owner_url: &str) -> String {
    let owner = Database::connect(owner_url).await.unwrap();
    let login = format!("api_{}", uuid::Uuid::new_v4().simple());
    owner
        .execute_unprepared(&format!(
            "CREATE ROLE {login} LOGIN IN ROLE {}",
            releve_migrations::tenant_isolation::APP_ROLE
        ))
        .await
        .unwrap();
    owner.close().await.unwrap();
    let mut url = url::Url::parse(owner_url).unwrap();
    url.set_username(&login).unwrap();
    url.to_string()
}

/// Spawns an app after letting the test adjust its settings. On PostgreSQL the schema is
/// migrated by its owner and the API connects as a member of `releve_app`, under RLS.
pub async fn spawn_app_with(engine: Engine, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let owner_url = match engine {
        Engine::Sqlite => None,
        Engine::Postgres => Some(create_postgres_database(&test_postgres_url()).await),
    };
    let mut settings = test_settings(data_dir.path().to_path_buf(), None);
    if let Some(owner_url) = owner_url {
        settings.migration_database_url = Some(SecretString::from(owner_url.clone()));
        let owner = Database::connect(&owner_url).await.unwrap();
        releve_migrations::Migrator::up(&owner, None).await.unwrap();
        owner.close().await.unwrap();
        settings.database_url = Some(SecretString::from(create_app_login(&owner_url).await));
    }
    adjust(&mut settings);
    releve_backend::keys::init(&settings).unwrap();
    let db = database::connect_owner(&settings).await.unwrap();
    database::migrate_up(&db).await.unwrap();
    db.close().await.unwrap();
    let app = Application::build(&settings, Signals::Ignore)
        .await
        .unwrap();
    let url = app.url();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        url,
        client: reqwest::Client::new(),
        settings,
        _data_dir: data_dir,
    }
}

/// Starts another application on prepared settings (say, a restored database opened with
/// an earlier application's keys): a fresh data directory, port 0.
pub async fn start_app(mut settings: Settings) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    settings.data_dir = data_dir.path().to_path_buf();
    settings.bind = "127.0.0.1:0".to_owned();
    let app = Application::build(&settings, Signals::Ignore)
        .await
        .unwrap();
    let url = app.url();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        url,
        client: reqwest::Client::new(),
        settings,
        _data_dir: data_dir,
    }
}

/// A PostgreSQL client program (`pg_dump`, `pg_restore`): Debian keeps them per version
/// in /usr/lib/postgresql/VERSION/bin; the newest is taken, else the one on PATH.
pub fn postgres_tool(name: &str) -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let path = entry.path().join("bin").join(name);
            path.exists().then_some((version, path))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map_or_else(|| PathBuf::from(name), |(_, path)| path)
}

/// A PostgreSQL server of one test's own (for tests that stop it or reconfigure it),
/// stopped when dropped, even if the test fails.
pub struct PrivatePostgres {
    pub dir: tempfile::TempDir,
    pub url: String,
}

impl PrivatePostgres {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = Self::script("start", dir.path());
        Self { dir, url }
    }

    pub fn stop(&self) {
        Self::script("stop", self.dir.path());
    }

    fn script(action: &str, dir: &std::path::Path) -> String {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/postgres.sh");
        let output = std::process::Command::new("bash")
            .arg(script)
            .arg(action)
            .arg(dir)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "postgres.sh {action}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        // Idempotent: stopping a stopped server is a no-op.
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/postgres.sh");
        let _ = std::process::Command::new("bash")
            .arg(script)
            .arg("stop")
            .arg(self.dir.path())
            .output();
    }
}
