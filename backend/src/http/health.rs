//! `/healthz` (the process answers) and `/readyz` (its dependencies answer).
//! Orchestrators restart on the first and route traffic on the second.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::state::AppState;

/// How long one dependency check may take before it counts as down.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

#[derive(Serialize)]
struct Readiness {
    status: &'static str,
    database: &'static str,
    /// `null` when Redis is not configured (embedded default).
    redis: Option<&'static str>,
}

pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let database = tokio::time::timeout(CHECK_TIMEOUT, state.db.ping())
        .await
        .is_ok_and(|r| r.is_ok());
    if !database {
        tracing::warn!("readiness: database unreachable");
    }
    let redis = match &state.redis {
        None => None,
        Some(client) => {
            let up = tokio::time::timeout(CHECK_TIMEOUT, ping_redis(client))
                .await
                .is_ok_and(|r| r.is_ok());
            if !up {
                tracing::warn!("readiness: redis unreachable");
            }
            Some(up)
        }
    };
    let ready = database && redis.unwrap_or(true);
    let word = |up: bool| if up { "up" } else { "down" };
    let body = Readiness {
        status: if ready { "ready" } else { "unavailable" },
        database: word(database),
        redis: redis.map(word),
    };
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

async fn ping_redis(client: &redis::Client) -> redis::RedisResult<()> {
    let mut connection = client.get_multiplexed_async_connection().await?;
    redis::cmd("PING")
        .query_async::<String>(&mut connection)
        .await?;
    Ok(())
}
