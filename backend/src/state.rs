//! What every request handler can reach.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::jobs::queue::JobQueue;
use crate::keys::KeyRing;
use crate::security::access_token::AccessTokenKeys;

pub struct AppState {
    pub keys: Arc<KeyRing>,
    /// Runs solve jobs: the in-process pool, or the Redis dispatch to workers.
    pub jobs: JobQueue,
    /// Issues and verifies access JWTs (secret from `keys.token_secret`).
    pub tokens: AccessTokenKeys,
    pub db: DatabaseConnection,
    /// Present when `RELEVE_REDIS_URL` is set; the embedded default runs without it.
    pub redis: Option<redis::Client>,
}
