//! Layered, typed configuration: defaults, then an optional TOML file, then `RELEVE_*`
//! environment variables, then command-line flags. The only place that reads the environment.
//!
//! Secrets (database and Redis URLs may carry passwords) are `SecretString`: their `Debug`
//! prints `[REDACTED]`, and [`Settings::describe`] never shows them.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// Prefix of every environment variable the application reads.
pub const ENV_PREFIX: &str = "RELEVE_";

/// The environment variables that configure Relève, one per field of [`Settings`].
/// `RELEVE_CONFIG` names the optional TOML file. Deployment files may use only these.
pub const ENV_NAMES: &[&str] = &[
    "RELEVE_CONFIG",
    "RELEVE_BIND",
    "RELEVE_DATA_DIR",
    "RELEVE_DATABASE_URL",
    "RELEVE_DATABASE_MAX_CONNECTIONS",
    "RELEVE_DATABASE_ACQUIRE_TIMEOUT_SECONDS",
    "RELEVE_MIGRATION_DATABASE_URL",
    "RELEVE_KEYS_DIR",
    "RELEVE_ERASURE_LEDGER",
    "RELEVE_KEK",
    "RELEVE_REDIS_URL",
    "RELEVE_REDIS_CA_FILE",
    "RELEVE_STATIC_DIR",
    "RELEVE_TLS_CERT_FILE",
    "RELEVE_TLS_KEY_FILE",
    "RELEVE_LOG",
    "RELEVE_LOG_FORMAT",
    "RELEVE_PROFILE",
    "RELEVE_SHUTDOWN_TIMEOUT_SECONDS",
    "RELEVE_WORKER_CONCURRENCY",
    "RELEVE_JOB_SIGNING_KEY",
    "RELEVE_JOB_HEARTBEAT_SECONDS",
    "RELEVE_JOB_RECLAIM_SECONDS",
    "RELEVE_JOB_MAX_ATTEMPTS",
    "RELEVE_JOB_TENANT_RUNNING_LIMIT",
    "RELEVE_AUDIT_RETENTION_DAYS",
];

/// How logs are written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object per line (production, log shippers).
    Json,
    /// Human-readable lines (local development).
    Pretty,
}

/// Development keeps conveniences (GraphQL introspection); production turns them off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Development,
    Production,
}

/// Every setting of the `releve` binary. Field `x` is set by `RELEVE_X` or by `x = …` in the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address the HTTP server listens on (`HOST:PORT`; port 0 picks a free one).
    pub bind: String,
    /// Directory for the embedded SQLite database and other local files.
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; unset means the embedded SQLite file in `data_dir`.
    #[serde(serialize_with = "serialize_secret_opt")]
    pub database_url: Option<SecretString>,
    /// Size of the database connection pool.
    pub database_max_connections: u32,
    /// How long a request waits for a free pooled connection before the API answers
    /// `SERVICE_UNAVAILABLE` (HTTP 503, overloaded) rather than queueing on.
    pub database_acquire_timeout_seconds: f64,
    /// The schema owner's URL, for `migrate` and maintenance commands; unset means
    /// `database_url`. In production the API's own role owns no table (row-level security).
    #[serde(serialize_with = "serialize_secret_opt")]
    pub migration_database_url: Option<SecretString>,
    /// Directory of the key files (`kek.key`, `jwt.key`, `audit.key`); unset means
    /// `data_dir/keys`. `releve keys init` creates missing ones.
    pub keys_dir: Option<PathBuf>,
    /// The erasure ledger (one line per erased person or GHT), re-applied to the database
    /// on start so that a restored backup cannot bring an erased key back; unset means
    /// `keys_dir/erasures.log`. Back it up with the keys (infra/BACKUP.md).
    pub erasure_ledger: Option<PathBuf>,
    /// The key-encryption key itself, base64 of 32 bytes; when set it replaces `kek.key`
    /// (for platforms that inject secrets as environment variables).
    #[serde(serialize_with = "serialize_secret_opt")]
    pub kek: Option<SecretString>,
    /// `redis://…` or `rediss://…`; unset means the in-process job queue.
    #[serde(serialize_with = "serialize_secret_opt")]
    pub redis_url: Option<SecretString>,
    /// PEM bundle of the certificate authorities trusted for `rediss://` (a private CA);
    /// unset means the system roots.
    pub redis_ca_file: Option<PathBuf>,
    /// Directory of the built web UI (`frontend/dist`), served at `/`.
    pub static_dir: PathBuf,
    /// PEM certificate chain: when set (with the key), `serve` speaks HTTPS itself.
    pub tls_cert_file: Option<PathBuf>,
    /// PEM private key of that certificate.
    pub tls_key_file: Option<PathBuf>,
    /// Log filter, e.g. `info` or `releve_backend=debug,info`.
    pub log: String,
    /// `json` or `pretty`.
    pub log_format: LogFormat,
    /// `development` or `production`.
    pub profile: Profile,
    /// Seconds in-flight requests get to finish after SIGTERM.
    pub shutdown_timeout_seconds: u64,
    /// Solves a worker process runs at once.
    pub worker_concurrency: usize,
    /// The key (base64 of 32 bytes) that signs solve jobs and their results between the API
    /// and the workers; unset means the file `job.key` in the keys directory. Workers need
    /// this key and Redis, nothing else.
    #[serde(serialize_with = "serialize_secret_opt")]
    pub job_signing_key: Option<SecretString>,
    /// Seconds between two heartbeats of a worker's running solve.
    pub job_heartbeat_seconds: f64,
    /// Seconds of silence after which the API takes a job back from its worker.
    pub job_reclaim_seconds: f64,
    /// Times a job is started on a worker before it fails for good.
    pub job_max_attempts: u32,
    /// Jobs of one tenant dispatched or running at once (the others wait their turn).
    pub job_tenant_running_limit: usize,
    /// Days access-log entries are kept before `releve audit purge` removes them (CNIL
    /// délibération 2021-122: six months to one year by default; R-04).
    pub audit_retention_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".to_owned(),
            data_dir: PathBuf::from("data"),
            database_url: None,
            database_max_connections: 10,
            database_acquire_timeout_seconds: 3.0,
            migration_database_url: None,
            keys_dir: None,
            erasure_ledger: None,
            kek: None,
            redis_url: None,
            redis_ca_file: None,
            static_dir: PathBuf::from("frontend/dist"),
            tls_cert_file: None,
            tls_key_file: None,
            log: "info".to_owned(),
            log_format: LogFormat::Json,
            profile: Profile::Development,
            shutdown_timeout_seconds: 30,
            worker_concurrency: 1,
            job_signing_key: None,
            job_heartbeat_seconds: 2.0,
            job_reclaim_seconds: 10.0,
            job_max_attempts: 3,
            job_tenant_running_limit: 2,
            audit_retention_days: 365,
        }
    }
}

fn serialize_secret_opt<S: serde::Serializer>(
    value: &Option<SecretString>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(secret) => serializer.serialize_some(secret.expose_secret()),
        None => serializer.serialize_none(),
    }
}

/// A configuration error, in French for the operator, always naming the setting.
#[derive(Debug, thiserror::Error)]
#[error("configuration invalide : {setting} — {reason}")]
pub struct ConfigError {
    /// The environment variable (or file key) at fault, e.g. `RELEVE_DATABASE_URL`.
    pub setting: String,
    pub reason: String,
}

/// Values given on the command line; they win over the file and the environment.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub bind: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub static_dir: Option<PathBuf>,
}

/// Where the database lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    Postgres,
    Sqlite,
}

impl Settings {
    /// Loads defaults, then the file (`--config` or `RELEVE_CONFIG`), then the environment, then flags.
    pub fn load(overrides: &Overrides) -> Result<Self, ConfigError> {
        let env_vars: Vec<(String, String)> = std::env::vars().collect();
        Self::load_from(overrides, &env_vars)
    }

    /// Same as [`Settings::load`] with an explicit environment, so tests need not mutate the process's.
    pub fn load_from(
        overrides: &Overrides,
        env_vars: &[(String, String)],
    ) -> Result<Self, ConfigError> {
        let lookup = |name: &str| {
            env_vars
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        let file = overrides
            .config_file
            .clone()
            .or_else(|| lookup("RELEVE_CONFIG").map(PathBuf::from));
        if let Some(path) = &file {
            if !path.is_file() {
                return Err(ConfigError {
                    setting: "RELEVE_CONFIG".to_owned(),
                    reason: format!("fichier introuvable : {}", path.display()),
                });
            }
            figment = figment.merge(Toml::file(path));
        }
        // Only known names are read from the environment: other RELEVE_* variables (test
        // harness URLs, for instance) must not be mistaken for settings.
        let known: Vec<(String, String)> = env_vars
            .iter()
            .filter(|(k, _)| ENV_NAMES.contains(&k.as_str()) && k != "RELEVE_CONFIG")
            .cloned()
            .collect();
        figment = figment.merge(env_provider(known));
        if let Some(bind) = &overrides.bind {
            figment = figment.merge(Serialized::default("bind", bind));
        }
        if let Some(dir) = &overrides.data_dir {
            figment = figment.merge(Serialized::default("data_dir", dir));
        }
        if let Some(dir) = &overrides.static_dir {
            figment = figment.merge(Serialized::default("static_dir", dir));
        }
        let settings: Settings = figment.extract().map_err(figment_error)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks values whose type alone does not say they are usable.
    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |setting: &str, reason: String| ConfigError {
            setting: setting.to_owned(),
            reason,
        };
        if self.bind.parse::<std::net::SocketAddr>().is_err() && !self.bind.contains(':') {
            return Err(bad(
                "RELEVE_BIND",
                format!(
                    "adresse attendue sous la forme HÔTE:PORT, reçu « {} »",
                    self.bind
                ),
            ));
        }
        if let Some(url) = &self.database_url {
            database_kind(url.expose_secret())
                .map_err(|reason| bad("RELEVE_DATABASE_URL", reason))?;
        }
        if let Some(url) = &self.migration_database_url {
            database_kind(url.expose_secret())
                .map_err(|reason| bad("RELEVE_MIGRATION_DATABASE_URL", reason))?;
        }
        if let Some(url) = &self.redis_url {
            let parsed = url::Url::parse(url.expose_secret())
                .map_err(|e| bad("RELEVE_REDIS_URL", format!("URL mal formée ({e})")))?;
            if !matches!(parsed.scheme(), "redis" | "rediss") {
                return Err(bad(
                    "RELEVE_REDIS_URL",
                    format!(
                        "schéma « {} » non pris en charge (redis:// ou rediss://)",
                        parsed.scheme()
                    ),
                ));
            }
        }
        if self.redis_ca_file.is_some() {
            let tls = self
                .redis_url
                .as_ref()
                .is_some_and(|url| url.expose_secret().starts_with("rediss://"));
            if !tls {
                return Err(bad(
                    "RELEVE_REDIS_CA_FILE",
                    "ne sert qu'avec une URL rediss:// (RELEVE_REDIS_URL)".to_owned(),
                ));
            }
        }
        match (&self.tls_cert_file, &self.tls_key_file) {
            (Some(_), None) => {
                return Err(bad(
                    "RELEVE_TLS_KEY_FILE",
                    "requis avec RELEVE_TLS_CERT_FILE".to_owned(),
                ));
            }
            (None, Some(_)) => {
                return Err(bad(
                    "RELEVE_TLS_CERT_FILE",
                    "requis avec RELEVE_TLS_KEY_FILE".to_owned(),
                ));
            }
            _ => {}
        }
        if self.database_max_connections == 0 {
            return Err(bad(
                "RELEVE_DATABASE_MAX_CONNECTIONS",
                "doit être au moins 1".to_owned(),
            ));
        }
        if !(self.database_acquire_timeout_seconds > 0.0
            && self.database_acquire_timeout_seconds <= 60.0)
        {
            return Err(bad(
                "RELEVE_DATABASE_ACQUIRE_TIMEOUT_SECONDS",
                "doit être compris entre 0 (exclu) et 60 secondes".to_owned(),
            ));
        }
        if self.worker_concurrency == 0 {
            return Err(bad(
                "RELEVE_WORKER_CONCURRENCY",
                "doit être au moins 1".to_owned(),
            ));
        }
        if !(self.job_heartbeat_seconds > 0.0 && self.job_heartbeat_seconds <= 60.0) {
            return Err(bad(
                "RELEVE_JOB_HEARTBEAT_SECONDS",
                "doit être compris entre 0 et 60 secondes".to_owned(),
            ));
        }
        // A live worker must get at least two heartbeats in before its job is taken back.
        if self.job_reclaim_seconds.is_nan()
            || self.job_reclaim_seconds < 2.0 * self.job_heartbeat_seconds
        {
            return Err(bad(
                "RELEVE_JOB_RECLAIM_SECONDS",
                format!(
                    "doit valoir au moins deux fois RELEVE_JOB_HEARTBEAT_SECONDS ({} s)",
                    2.0 * self.job_heartbeat_seconds
                ),
            ));
        }
        if self.job_max_attempts == 0 {
            return Err(bad(
                "RELEVE_JOB_MAX_ATTEMPTS",
                "doit être au moins 1".to_owned(),
            ));
        }
        if self.job_tenant_running_limit == 0 {
            return Err(bad(
                "RELEVE_JOB_TENANT_RUNNING_LIMIT",
                "doit être au moins 1".to_owned(),
            ));
        }
        Ok(())
    }

    /// The database URL to connect to: the configured one, or the embedded SQLite file.
    pub fn database_url(&self) -> SecretString {
        match &self.database_url {
            Some(url) => url.clone(),
            None => SecretString::from(sqlite_url(&self.data_dir)),
        }
    }

    /// The URL `migrate` and maintenance commands connect with.
    pub fn migration_database_url(&self) -> SecretString {
        self.migration_database_url
            .clone()
            .unwrap_or_else(|| self.database_url())
    }

    /// Where the key files live.
    pub fn erasure_ledger(&self) -> PathBuf {
        self.erasure_ledger
            .clone()
            .unwrap_or_else(|| self.keys_dir().join("erasures.log"))
    }

    pub fn keys_dir(&self) -> PathBuf {
        self.keys_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("keys"))
    }

    /// Which engine [`Settings::database_url`] points at.
    pub fn database_kind(&self) -> DatabaseKind {
        database_kind(self.database_url().expose_secret()).unwrap_or(DatabaseKind::Sqlite)
    }

    /// A one-line summary for the start-up log, secrets left out.
    pub fn describe(&self) -> String {
        format!(
            "bind={} data_dir={} database={:?} redis={} profile={:?}",
            self.bind,
            self.data_dir.display(),
            self.database_kind(),
            if self.redis_url.is_some() {
                "configured"
            } else {
                "none (in-process queue)"
            },
            self.profile,
        )
    }
}

/// The URL of the embedded SQLite file in `data_dir` (created on first use).
pub fn sqlite_url(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("releve.sqlite").display()
    )
}

fn database_kind(url: &str) -> Result<DatabaseKind, String> {
    if let Some(rest) = url.strip_prefix("sqlite:") {
        if rest.trim_start_matches('/').is_empty() {
            return Err("chemin de fichier SQLite manquant".to_owned());
        }
        return Ok(DatabaseKind::Sqlite);
    }
    let parsed = url::Url::parse(url).map_err(|e| format!("URL mal formée ({e})"))?;
    match parsed.scheme() {
        "postgres" | "postgresql" => {
            if parsed.host_str().is_none_or(str::is_empty) {
                return Err("hôte PostgreSQL manquant".to_owned());
            }
            Ok(DatabaseKind::Postgres)
        }
        other => Err(format!(
            "schéma « {other} » non pris en charge (postgres:// ou sqlite://)"
        )),
    }
}

fn env_provider(
    vars: Vec<(String, String)>,
) -> Serialized<serde_json::Map<String, serde_json::Value>> {
    // Values are given to figment as strings; it converts them to each field's type and
    // reports a wrong one with the key, which `figment_error` turns back into the variable's name.
    let map = vars
        .into_iter()
        .map(|(k, v)| {
            let key = k.trim_start_matches(ENV_PREFIX).to_lowercase();
            let value = serde_json::from_str::<serde_json::Number>(&v)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::String(v));
            (key, value)
        })
        .collect();
    Serialized::defaults(map)
}

fn figment_error(error: figment::Error) -> ConfigError {
    let key = error.path.last().cloned().unwrap_or_else(|| "?".to_owned());
    ConfigError {
        setting: format!("{ENV_PREFIX}{}", key.to_uppercase()),
        reason: format!("valeur refusée ({})", error.kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_use_embedded_sqlite_in_data_dir() {
        let s = Settings::load_from(&Overrides::default(), &[]).unwrap();
        assert_eq!(s.database_kind(), DatabaseKind::Sqlite);
        assert!(
            s.database_url()
                .expose_secret()
                .contains("data/releve.sqlite")
        );
        assert_eq!(s.bind, "127.0.0.1:8080");
    }

    #[test]
    fn environment_overrides_defaults_and_flags_override_environment() {
        let vars = env(&[
            ("RELEVE_BIND", "0.0.0.0:9000"),
            ("RELEVE_DATABASE_MAX_CONNECTIONS", "3"),
            ("RELEVE_LOG_FORMAT", "pretty"),
        ]);
        let s = Settings::load_from(&Overrides::default(), &vars).unwrap();
        assert_eq!(s.bind, "0.0.0.0:9000");
        assert_eq!(s.database_max_connections, 3);
        assert_eq!(s.log_format, LogFormat::Pretty);
        let flags = Overrides {
            bind: Some("127.0.0.1:0".into()),
            ..Default::default()
        };
        assert_eq!(
            Settings::load_from(&flags, &vars).unwrap().bind,
            "127.0.0.1:0"
        );
    }

    #[test]
    fn file_sits_between_defaults_and_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("releve.toml");
        std::fs::write(&path, "bind = \"127.0.0.1:7000\"\nworker_concurrency = 4\n").unwrap();
        let flags = Overrides {
            config_file: Some(path),
            ..Default::default()
        };
        let s = Settings::load_from(&flags, &env(&[("RELEVE_WORKER_CONCURRENCY", "2")])).unwrap();
        assert_eq!(s.bind, "127.0.0.1:7000");
        assert_eq!(s.worker_concurrency, 2);
    }

    #[test]
    fn malformed_database_url_names_the_setting() {
        let vars = env(&[("RELEVE_DATABASE_URL", "mysql//nope")]);
        let err = Settings::load_from(&Overrides::default(), &vars).unwrap_err();
        assert_eq!(err.setting, "RELEVE_DATABASE_URL");
        assert!(err.to_string().contains("RELEVE_DATABASE_URL"), "{err}");
    }

    #[test]
    fn wrongly_typed_value_names_the_setting() {
        let vars = env(&[("RELEVE_DATABASE_MAX_CONNECTIONS", "beaucoup")]);
        let err = Settings::load_from(&Overrides::default(), &vars).unwrap_err();
        assert_eq!(err.setting, "RELEVE_DATABASE_MAX_CONNECTIONS", "{err}");
    }

    #[test]
    fn unknown_enum_value_names_the_setting() {
        let vars = env(&[("RELEVE_PROFILE", "staging")]);
        let err = Settings::load_from(&Overrides::default(), &vars).unwrap_err();
        assert_eq!(err.setting, "RELEVE_PROFILE", "{err}");
    }

    #[test]
    fn a_certificate_without_its_key_names_the_missing_setting() {
        let vars = env(&[("RELEVE_TLS_CERT_FILE", "/etc/releve/cert.pem")]);
        let err = Settings::load_from(&Overrides::default(), &vars).unwrap_err();
        assert_eq!(err.setting, "RELEVE_TLS_KEY_FILE", "{err}");
    }

    #[test]
    fn a_redis_ca_file_needs_a_tls_url() {
        let ca = ("RELEVE_REDIS_CA_FILE", "/etc/releve/redis-ca.crt");
        for vars in [
            env(&[ca]),
            env(&[ca, ("RELEVE_REDIS_URL", "redis://worker:pw@redis:6379/")]),
        ] {
            let err = Settings::load_from(&Overrides::default(), &vars).unwrap_err();
            assert_eq!(err.setting, "RELEVE_REDIS_CA_FILE", "{err}");
            assert!(err.reason.contains("rediss://"), "{err}");
        }
        let vars = env(&[ca, ("RELEVE_REDIS_URL", "rediss://worker:pw@redis:6380/")]);
        let s = Settings::load_from(&Overrides::default(), &vars).unwrap();
        assert_eq!(s.redis_ca_file, Some(PathBuf::from(ca.1)));
    }

    #[test]
    fn a_reclaim_delay_shorter_than_two_heartbeats_is_refused() {
        let vars = env(&[
            ("RELEVE_JOB_HEARTBEAT_SECONDS", "2"),
            ("RELEVE_JOB_RECLAIM_SECONDS", "3"),
        ]);
        let err = Settings::load_from(&Overrides::default(), &vars).unwrap_err();
        assert_eq!(err.setting, "RELEVE_JOB_RECLAIM_SECONDS", "{err}");
        let vars = env(&[
            ("RELEVE_JOB_HEARTBEAT_SECONDS", "0.5"),
            ("RELEVE_JOB_RECLAIM_SECONDS", "3"),
        ]);
        let s = Settings::load_from(&Overrides::default(), &vars).unwrap();
        assert_eq!(s.job_heartbeat_seconds, 0.5);
    }

    #[test]
    fn secrets_are_not_printed() {
        let vars = env(&[("RELEVE_DATABASE_URL", "postgres://app:hunter2@db/releve")]);
        let s = Settings::load_from(&Overrides::default(), &vars).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!s.describe().contains("hunter2"));
    }

    #[test]
    fn env_names_cover_every_field() {
        let value = serde_json::to_value(Settings::default()).unwrap();
        let mut fields: Vec<String> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| format!("{ENV_PREFIX}{}", k.to_uppercase()))
            .collect();
        fields.push("RELEVE_CONFIG".to_owned());
        fields.sort();
        let mut names: Vec<String> = ENV_NAMES.iter().map(|s| (*s).to_owned()).collect();
        names.sort();
        assert_eq!(fields, names);
    }
}
