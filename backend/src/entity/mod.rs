//! sea-orm entities: the database rows, never exposed as GraphQL types directly.

pub mod access_log;
pub mod access_log_checkpoint;
pub mod app_user;
pub mod login_directory;
pub mod person_key;
pub mod refresh_family;
pub mod refresh_token;
pub mod solve_job;
pub mod tenant;
pub mod tenant_key;
