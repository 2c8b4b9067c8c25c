//! `releve demo`: migrate and seed the embedded database, then serve.

use crate::config::Settings;
use crate::startup::{Application, Signals};
use crate::{database, demo, keys};

pub async fn run(settings: &Settings) -> anyhow::Result<()> {
    keys::init(settings)?;
    let key_ring = keys::KeyRing::load(settings)?;
    let db = database::connect_owner(settings).await?;
    database::migrate_up(&db).await?;
    demo::seed(&db, &key_ring).await?;
    db.close().await.ok();
    let app = Application::build(settings, Signals::Handle).await?;
    tracing::info!(url = %app.url(), settings = %settings.describe(), "demo serving");
    say!("Relève démo prête : {}", app.url());
    say!("  API GraphQL : {}graphql", app.url());
    let tenants: Vec<&str> = demo::DEMO_TENANTS.iter().map(|(slug, _)| *slug).collect();
    say!("  GHT de démonstration : {}", tenants.join(", "));
    say!("  Comptes (mot de passe « {} ») :", demo::DEMO_PASSWORD);
    for slug in &tenants {
        let emails: Vec<String> = demo::DEMO_ACCOUNTS
            .iter()
            .map(|(prefix, _)| demo::demo_email(prefix, slug))
            .collect();
        say!("    {}", emails.join("  "));
    }
    say!("  Données : {}", settings.data_dir.display());
    say!("Arrêt : Ctrl+C");
    app.run_until_stopped().await?;
    Ok(())
}
