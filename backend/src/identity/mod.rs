//! Accounts and their keys: creating users with sealed personal fields, and finding the
//! account behind a login. The token side (JWT, refresh rotation) lives in `auth`.

pub mod erasure_ledger;
pub mod key_store;
pub mod users;
