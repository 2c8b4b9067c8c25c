//! What every request handler can reach.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::keys::KeyRing;

pub struct AppState {
    pub keys: Arc<KeyRing>,
    pub db: DatabaseConnection,
    /// Present when `RELEVE_REDIS_URL` is set; the embedded default runs without it.
    pub redis: Option<redis::Client>,
}
