//! Authentication: login, rotating refresh sessions, and the verified viewer of a request.
//!
//! The tenant of a request comes only from its verified access token (design decision 1).
//! An external identity provider (hospital directory, Pro Santé Connect) plugs in at
//! [`session::login`]: once it has authenticated a person and mapped them to an account,
//! the same session and token issuance apply.

pub mod refresh_store;
pub mod session;
pub mod viewer;
