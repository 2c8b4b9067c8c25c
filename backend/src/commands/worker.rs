//! `releve worker`: a solver process fed through Redis. It holds no database credentials.
//!
//! This first version connects to Redis and stays up until SIGTERM; taking solve jobs
//! from the stream arrives with the jobs issue (consumer group, heartbeats, results).

use anyhow::Context;
use secrecy::ExposeSecret;

use crate::config::Settings;

pub async fn run(settings: &Settings) -> anyhow::Result<()> {
    let url = settings.redis_url.as_ref().context(
        "configuration invalide : RELEVE_REDIS_URL — un worker a besoin de Redis \
         (sans Redis, `releve serve` exécute les calculs dans son propre processus)",
    )?;
    let client = redis::Client::open(url.expose_secret())
        .context("configuration invalide : RELEVE_REDIS_URL")?;
    let mut connection = client
        .get_multiplexed_async_connection()
        .await
        .context("Redis injoignable (RELEVE_REDIS_URL)")?;
    redis::cmd("PING")
        .query_async::<String>(&mut connection)
        .await
        .context("Redis ne répond pas au PING")?;
    tracing::info!(
        concurrency = settings.worker_concurrency,
        "worker connected to redis"
    );
    println!("Worker Relève connecté à Redis ; arrêt par SIGTERM ou Ctrl+C.");
    shutdown_signal().await;
    tracing::info!("worker stopped");
    Ok(())
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
