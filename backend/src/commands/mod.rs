//! One file per `releve` subcommand.

pub mod demo;
pub mod keys;
pub mod migrate;
pub mod serve;
pub mod worker;
