//! The GraphQL API: one schema, built once per process, served at `/graphql`
//! (queries and mutations over HTTP POST, subscriptions over WebSocket on the same path).

mod audit;
mod auth;
mod availability;
mod counters;
mod cycles;
pub mod error;
mod hospital;
mod jobs;
mod limits;
mod organisation;
mod parameters;
mod replan;
mod rosters;
mod schema;
mod service;
mod staff;
mod transfer;

pub use limits::{LimitedSchema, check as check_field_limit};
pub use rosters::{RosterGrid, RosterGridRow};
pub use schema::{AppSchema, build_schema};
pub(crate) use service::RequestScope;

use crate::auth::viewer::{Credentials, Viewer};

/// The verified viewer of the request, or `UNAUTHENTICATED`.
pub fn viewer<'a>(ctx: &async_graphql::Context<'a>) -> async_graphql::Result<&'a Viewer> {
    match ctx.data_opt::<Credentials>() {
        Some(Credentials::Viewer(viewer)) => Ok(viewer),
        _ => Err(error::unauthenticated()),
    }
}
