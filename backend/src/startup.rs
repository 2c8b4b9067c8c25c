//! Building and running the HTTP server: `Application::build`, then `port`, then
//! `run_until_stopped`. Tests bind port 0 and run several applications side by side.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{App, HttpServer, guard, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::config::{Profile, Settings};
use crate::graphql::build_schema;
use crate::http::{graphql, health, metrics, tls, ui};
use crate::identity::erasure_ledger::{self, Replayed};
use crate::jobs::queue::JobQueue;
use crate::keys::KeyRing;
use crate::security::access_token::AccessTokenKeys;
use crate::state::AppState;
use crate::{database, telemetry::RequestSpan};

/// `iss` and `aud` of the access tokens this API issues and accepts.
pub const TOKEN_ISSUER: &str = "releve";
pub const TOKEN_AUDIENCE: &str = "releve-api";

pub struct Application {
    port: u16,
    scheme: &'static str,
    host: String,
    server: Server,
}

/// Whether the server reacts to SIGTERM/SIGINT itself (the binary) or is stopped through
/// its handle (tests running many servers in one process).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signals {
    Handle,
    Ignore,
}

impl Application {
    /// Connects to the database (whose schema must be up to date), Redis when configured,
    /// and binds the listener. Fails with a message naming what is wrong.
    pub async fn build(settings: &Settings, signals: Signals) -> anyhow::Result<Self> {
        let db = database::connect(settings).await?;
        let pending = database::pending_migrations(&db).await?;
        if !pending.is_empty() {
            anyhow::bail!(
                "Le schéma de la base n'est pas à jour ({} migration(s) en attente : {}). \
                 Lancez `releve migrate up`.",
                pending.len(),
                pending.join(", ")
            );
        }
        if database::role_bypasses_row_security(&db).await? {
            // The second wall of tenant isolation would be down: refuse in production.
            if settings.profile == Profile::Production {
                anyhow::bail!(
                    "RELEVE_DATABASE_URL se connecte avec un rôle qui contourne la sécurité \
                     par ligne (superutilisateur, BYPASSRLS ou propriétaire des tables). \
                     Utilisez un rôle membre de releve_app."
                );
            }
            tracing::warn!("database role bypasses row-level security (development profile)");
        }
        let keys = Arc::new(KeyRing::load(settings)?);
        // Before any request: erasures recorded after the backup this database may come
        // from are applied again (design decision 2, "backups included").
        let replayed = erasure_ledger::replay(&db, &keys.erasures).await?;
        if replayed != Replayed::default() {
            tracing::warn!(
                person_keys = replayed.person_keys,
                tenant_keys = replayed.tenant_keys,
                "erased keys found in the database (restored backup?) were destroyed again"
            );
        }
        // Entries a previous process left in the access-log outbox are chained before serving.
        crate::audit::access_log::append_all_pending(&db).await?;
        let redis = match &settings.redis_url {
            Some(url) => Some(crate::jobs::redis_client::open(
                url,
                settings.redis_ca_file.as_deref(),
            )?),
            None => None,
        };
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("Impossible d'écouter sur {} (RELEVE_BIND)", settings.bind))?;
        let address = listener.local_addr().context("Adresse d'écoute inconnue")?;
        let tokens =
            AccessTokenKeys::new(keys.token_secret.as_slice(), TOKEN_ISSUER, TOKEN_AUDIENCE)
                .context("Clé de signature des jetons invalide (jwt.key)")?;
        let jobs = JobQueue::start(settings, redis.clone(), db.clone()).await?;
        let state = Arc::new(AppState {
            keys,
            jobs,
            tokens,
            db,
            redis,
        });
        crate::rosters::solve::spawn_importer(state.clone());
        crate::audit::access_log::spawn_appender(state.db.clone(), state.keys.checkpoint_key());
        let schema = web::Data::new(build_schema(settings.profile, state.clone()));
        let state = web::Data::from(state);
        let static_dir = settings.static_dir.clone();
        let mut server = HttpServer::new(move || {
            App::new()
                .wrap(TracingLogger::<RequestSpan>::new())
                .app_data(state.clone())
                .app_data(schema.clone())
                .route("/healthz", web::get().to(health::healthz))
                .route("/readyz", web::get().to(health::readyz))
                .route("/metrics", web::get().to(metrics::metrics))
                .route("/graphql", web::post().to(graphql::execute))
                .route(
                    "/graphql",
                    web::get()
                        .guard(guard::Header("upgrade", "websocket"))
                        .to(graphql::subscribe),
                )
                .configure(ui::configure(&static_dir))
        })
        .shutdown_timeout(settings.shutdown_timeout_seconds)
        .client_request_timeout(Duration::from_secs(30));
        let scheme = match (&settings.tls_cert_file, &settings.tls_key_file) {
            (Some(cert), Some(key)) => {
                let config = tls::server_config(cert, key)?;
                server = server
                    .listen_rustls_0_23(listener, config)
                    .context("Démarrage du serveur HTTPS impossible")?;
                "https"
            }
            _ => {
                server = server
                    .listen(listener)
                    .context("Démarrage du serveur HTTP impossible")?;
                "http"
            }
        };
        if matches!(signals, Signals::Ignore) {
            server = server.disable_signals();
        }
        Ok(Self {
            port: address.port(),
            host: address.ip().to_string(),
            scheme,
            server: server.run(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The base URL, e.g. `http://127.0.0.1:8080/`.
    pub fn url(&self) -> String {
        let host = if self.host == "0.0.0.0" {
            "127.0.0.1"
        } else {
            &self.host
        };
        format!("{}://{host}:{}/", self.scheme, self.port)
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped; on SIGTERM in-flight requests get `shutdown_timeout_seconds`.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
