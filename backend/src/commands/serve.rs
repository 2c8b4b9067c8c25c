//! `releve serve`: the API and the UI, until SIGTERM.

use crate::config::Settings;
use crate::startup::{Application, Signals};

pub async fn run(settings: &Settings) -> anyhow::Result<()> {
    let app = Application::build(settings, Signals::Handle).await?;
    tracing::info!(url = %app.url(), settings = %settings.describe(), "serving");
    say!("Relève à l'écoute : {}", app.url());
    app.run_until_stopped().await?;
    tracing::info!("stopped");
    Ok(())
}
