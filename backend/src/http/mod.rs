//! HTTP routes other than GraphQL resolvers: probes, the GraphQL endpoints and the UI files.

pub mod graphql;
pub mod health;
pub mod metrics;
pub mod tls;
pub mod ui;
