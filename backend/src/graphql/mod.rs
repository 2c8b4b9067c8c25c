//! The GraphQL API: one schema, built once per process, served at `/graphql`
//! (queries and mutations over HTTP POST, subscriptions over WebSocket on the same path).

mod schema;

pub use schema::{AppSchema, build_schema};
