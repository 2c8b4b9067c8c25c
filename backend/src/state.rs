//! What every request handler can reach.

use sea_orm::DatabaseConnection;

pub struct AppState {
    pub db: DatabaseConnection,
    /// Present when `RELEVE_REDIS_URL` is set; the embedded default runs without it.
    pub redis: Option<redis::Client>,
}
