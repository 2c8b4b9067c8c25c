//! The `releve` command line: one binary for the API, the workers and the admin commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Overrides;

#[derive(Debug, Parser)]
#[command(
    name = "releve",
    version,
    about = "Relève : plannings des équipes hospitalières"
)]
pub struct Cli {
    /// TOML configuration file (also `RELEVE_CONFIG`); environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API, its subscriptions and the web UI.
    Serve(ServeArgs),
    /// Run a solver worker that takes solve jobs from Redis.
    Worker(WorkerArgs),
    /// Apply, revert or list database migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Migrate and seed the demo data into the embedded database, then serve.
    Demo(ServeArgs),
    /// Manage the key files (key-encryption key, token and audit signing keys).
    Keys {
        #[command(subcommand)]
        action: KeysAction,
    },
    /// A GHT's exit: export all its data, then crypto-shred it.
    Tenant {
        #[command(subcommand)]
        action: TenantAction,
    },
    /// Maintenance of the RGPD access log.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum TenantAction {
    /// Write every table of the GHT as JSON and CSV (personal fields opened) into DIR.
    Export { slug: String, dir: PathBuf },
    /// Destroy the GHT's key and its people's keys: its sealed data becomes unreadable,
    /// backups included. Irreversible; export first.
    Shred {
        slug: String,
        /// Confirms the destruction.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Delete access-log entries older than the retention (`audit_retention_days`, default
    /// 365), anchoring the retained chain on a signed checkpoint.
    Purge {
        /// Purge entries older than this instant instead (RFC 3339).
        #[arg(long, value_name = "RFC3339")]
        before: Option<chrono::DateTime<chrono::Utc>>,
    },
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Check that Redis answers and the job signing key is readable, then exit (0 when
    /// healthy): a liveness probe for orchestrators.
    #[arg(long)]
    pub health: bool,
}

#[derive(Debug, Subcommand)]
pub enum KeysAction {
    /// Create the missing key files in the keys directory (never replaces one).
    Init,
    /// Re-wrap every tenant key still under the retiring KEK (`kek.previous.key`) with the
    /// current one (`kek.key`). Runs with the schema owner's connection.
    Rotate,
    /// Destroy again every key the erasure ledger lists (run after restoring a backup;
    /// `serve` also does it on start). Runs with the schema owner's connection.
    ReplayErasures,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on, HOST:PORT (port 0 picks a free port).
    #[arg(long, value_name = "HOST:PORT")]
    pub bind: Option<String>,
    /// Directory of the embedded database and local files.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Directory of the built web UI.
    #[arg(long, value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply pending migrations (all, or the next N).
    Up {
        #[arg(long)]
        steps: Option<u32>,
    },
    /// Revert the last N applied migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

impl Cli {
    /// The configuration values given as flags.
    pub fn overrides(&self) -> Overrides {
        let mut overrides = Overrides {
            config_file: self.config.clone(),
            ..Default::default()
        };
        if let Command::Serve(args) | Command::Demo(args) = &self.command {
            overrides.bind = args.bind.clone();
            overrides.data_dir = args.data_dir.clone();
            overrides.static_dir = args.static_dir.clone();
        }
        overrides
    }
}
