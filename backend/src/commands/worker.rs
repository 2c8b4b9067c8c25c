//! `releve worker`: a solver process fed through Redis (see `jobs::worker`). It needs
//! `RELEVE_REDIS_URL` (with `RELEVE_REDIS_CA_FILE` for TLS under a private CA) and the job
//! signing key, and holds no database credentials.
//! `releve worker --health` checks both and exits: a liveness probe.

use std::time::Duration;

use anyhow::Context;

use crate::cli::WorkerArgs;
use crate::config::Settings;
use crate::jobs::payload_signature::JobSigningKey;
use crate::jobs::redis_client;
use crate::jobs::worker::{self, WorkerConfig};

pub async fn run(settings: &Settings, args: &WorkerArgs) -> anyhow::Result<()> {
    let url = settings.redis_url.as_ref().context(
        "configuration invalide : RELEVE_REDIS_URL — un worker a besoin de Redis \
         (sans Redis, `releve serve` exécute les calculs dans son propre processus)",
    )?;
    let client = redis_client::open(url, settings.redis_ca_file.as_deref())?;
    let key = JobSigningKey::load(settings)?;
    ping(&client).await?;
    if args.health {
        say!("ok : Redis répond, clé de signature des tâches lue");
        return Ok(());
    }
    let config = WorkerConfig {
        concurrency: settings.worker_concurrency,
        heartbeat: Duration::from_secs_f64(settings.job_heartbeat_seconds),
        shutdown_grace: Duration::from_secs(settings.shutdown_timeout_seconds),
        consumer: consumer_name(),
    };
    say!("Worker Relève connecté à Redis ; arrêt par SIGTERM ou Ctrl+C.");
    worker::run(client, key, config, shutdown_signal()).await
}

async fn ping(client: &redis::Client) -> anyhow::Result<()> {
    let check = async {
        let mut connection = client.get_multiplexed_async_connection().await?;
        redis::cmd("PING")
            .query_async::<String>(&mut connection)
            .await
    };
    tokio::time::timeout(Duration::from_secs(3), check)
        .await
        .context("Redis ne répond pas (RELEVE_REDIS_URL)")?
        .context("Redis injoignable (RELEVE_REDIS_URL)")?;
    Ok(())
}

/// Host name and process id: unique per process, readable in `XINFO CONSUMERS`.
fn consumer_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".to_owned());
    format!("{host}-{}", std::process::id())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {},
                    _ = term.recv() => {},
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
