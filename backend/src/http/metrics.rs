//! `/metrics`: the solve-job figures in Prometheus text format (see `jobs::metrics`).
//! Counts only, no tenant or job ids.

use actix_web::{HttpResponse, web};

use crate::jobs::store;
use crate::state::AppState;

pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    match store::schedule(&state.db).await {
        Ok(rows) => HttpResponse::Ok()
            .content_type("text/plain; version=0.0.4; charset=utf-8")
            .body(state.jobs.metrics().render(&rows)),
        Err(error) => {
            tracing::warn!(error = ?error, "metrics: job queue unreadable");
            HttpResponse::ServiceUnavailable().finish()
        }
    }
}
