//! The RGPD access log (design decision 3): every read or write of personal data appends an
//! entry in the same transaction as the operation, so nothing is done unlogged and nothing
//! is logged that was rolled back. Entries hold pseudonymous ids only.

pub mod access_log;
pub mod actor;
pub mod object_ids;
pub mod retention;

pub use actor::Actor;
