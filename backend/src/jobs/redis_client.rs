//! The Redis client of `serve` and `worker`, from `RELEVE_REDIS_URL` and, for TLS with a
//! private certificate authority, `RELEVE_REDIS_CA_FILE`.
//!
//! `rediss://` speaks TLS (rustls, the ring provider the API already uses); the server's
//! certificate is checked against the system roots, or only against the CA file when given.
//! Credentials go in the URL (`rediss://worker:password@host:6380/`): each process logs in as
//! an ACL user of its own (see `infra/redis-users.acl.example`).

use std::path::Path;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};

/// A client for `url`; with `ca_file`, TLS trusts that PEM bundle alone.
pub fn open(url: &SecretString, ca_file: Option<&Path>) -> anyhow::Result<redis::Client> {
    let url = url.expose_secret();
    let Some(ca_file) = ca_file else {
        return redis::Client::open(url).context("configuration invalide : RELEVE_REDIS_URL");
    };
    let root_cert = std::fs::read(ca_file).with_context(|| {
        format!(
            "configuration invalide : RELEVE_REDIS_CA_FILE — lecture de {} impossible",
            ca_file.display()
        )
    })?;
    let certificates = redis::TlsCertificates {
        client_tls: None,
        root_cert: Some(root_cert),
    };
    redis::Client::build_with_tls(url, certificates)
        .context("configuration invalide : RELEVE_REDIS_URL ou RELEVE_REDIS_CA_FILE")
}
