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
    println!("Relève démo prête : {}", app.url());
    println!("  API GraphQL : {}graphql", app.url());
    let tenants: Vec<&str> = demo::DEMO_TENANTS.iter().map(|(slug, _)| *slug).collect();
    println!("  GHT de démonstration : {}", tenants.join(", "));
    println!("  Comptes (mot de passe « {} ») :", demo::DEMO_PASSWORD);
    for slug in &tenants {
        let emails: Vec<String> = demo::DEMO_ACCOUNTS
            .iter()
            .map(|(prefix, _)| demo::demo_email(prefix, slug))
            .collect();
        println!("    {}", emails.join("  "));
    }
    println!("  Données : {}", settings.data_dir.display());
    println!("Arrêt : Ctrl+C");
    app.run_until_stopped().await?;
    Ok(())
}
