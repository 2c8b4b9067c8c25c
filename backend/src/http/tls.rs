//! HTTPS termination by `serve` itself (rustls), for deployments without a TLS proxy.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// Reads a PEM certificate chain and key into a server configuration (TLS 1.2 and 1.3,
/// rustls's safe defaults, ring as the crypto provider).
pub fn server_config(cert_file: &Path, key_file: &Path) -> anyhow::Result<ServerConfig> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_file)
        .and_then(|certs| certs.collect())
        .with_context(|| {
            format!(
                "configuration invalide : RELEVE_TLS_CERT_FILE — certificat illisible ({})",
                cert_file.display()
            )
        })?;
    if certs.is_empty() {
        anyhow::bail!(
            "configuration invalide : RELEVE_TLS_CERT_FILE — aucun certificat dans {}",
            cert_file.display()
        );
    }
    let key = PrivateKeyDer::from_pem_file(key_file).with_context(|| {
        format!(
            "configuration invalide : RELEVE_TLS_KEY_FILE — clé illisible ({})",
            key_file.display()
        )
    })?;
    ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .context("Versions TLS indisponibles")?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .context(
            "configuration invalide : RELEVE_TLS_KEY_FILE — la clé ne correspond pas au certificat",
        )
}
