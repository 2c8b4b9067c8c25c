//! What every request handler can reach.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::jobs::runner::JobRunner;
use crate::keys::KeyRing;
use crate::security::access_token::AccessTokenKeys;

pub struct AppState {
    pub keys: Arc<KeyRing>,
    /// Runs solve jobs (the in-process pool of the embedded default).
    pub jobs: Arc<JobRunner>,
    /// Issues and verifies access JWTs (secret from `keys.token_secret`).
    pub tokens: AccessTokenKeys,
    pub db: DatabaseConnection,
    /// Present when `RELEVE_REDIS_URL` is set; the embedded default runs without it.
    pub redis: Option<redis::Client>,
}
