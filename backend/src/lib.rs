//! Relève backend: the `releve` binary's library, so that tests can build the application.
//!
//! Reading order: `config` (settings), `startup` (the server), `http` (routes),
//! `graphql` (the API), `database` and `entity` (storage), `commands` (one per subcommand).

pub mod audit;
pub mod auth;
pub mod availability;
pub mod cli;
pub mod commands;
pub mod config;
pub mod database;
pub mod demo;
pub mod demo_alpha;
pub mod demo_data;
pub mod demo_names;
pub mod entity;
pub mod graphql;
pub mod http;
pub mod identity;
pub mod jobs;
pub mod keys;
pub mod organisation;
pub mod pagination;
pub mod planning;
pub mod portability;
pub mod rosters;
pub mod security;
pub mod service_error;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod tenancy;
pub mod transfer;
