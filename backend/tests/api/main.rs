//! Integration tests of the `releve` application: one binary, one file per feature.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure report

mod audit;
mod auth;
mod backup;
mod binary;
mod cell_explanation;
mod config;
mod counter_entry;
mod counters;
mod cross_tenant;
mod cycles;
mod database_tls;
mod erasure;
mod graphql;
mod health;
mod helpers;
mod hospital;
mod job_workers;
mod jobs;
mod keys;
mod organisation;
mod overload;
mod parameters;
mod pool_use;
mod portability;
mod redis_tls;
mod replan;
mod replan_alerts;
mod replan_repair;
mod rosters;
mod substitutions;
mod tenant_isolation;
mod tls;
mod transfer;
