//! `releve`: thin entry point; everything lives in the library.

use std::process::ExitCode;

use clap::Parser;
use releve_backend::cli::{Cli, Command};
use releve_backend::commands;
use releve_backend::config::Settings;
use releve_backend::telemetry;

/// mimalloc rather than glibc's malloc: a read of a month allocates many small short-lived
/// objects across the runtime's threads, where glibc spent about 20 % of the API's CPU
/// (backend/examples/bench-read).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(&cli.overrides()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("releve : {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&settings);
    let result = match &cli.command {
        Command::Serve(_) => commands::serve::run(&settings).await,
        Command::Demo(_) => commands::demo::run(&settings).await,
        Command::Migrate { action } => commands::migrate::run(&settings, action).await,
        Command::Worker(args) => commands::worker::run(&settings, args).await,
        Command::Keys { action } => commands::keys::run(&settings, action).await,
        Command::Tenant { action } => commands::tenant::run(&settings, action).await,
        Command::Audit { action } => commands::audit::run(&settings, action).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = ?error, "command failed");
            eprintln!("releve : {error:#}");
            ExitCode::FAILURE
        }
    }
}
