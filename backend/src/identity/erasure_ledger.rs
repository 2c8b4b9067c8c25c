//! The erasure ledger: every crypto-shredding decision (a person erased, a GHT that left),
//! kept in a file next to the keys, outside the database.
//!
//! Why: person and tenant keys live in the database, so a dump taken before an erasure
//! still holds the erased person's wrapped key, and the KEK (outside the dump) would open it
//! again after a restore. Design decision 2 promises erasure "backups included" (RGPD
//! art. 17, security.md R-33). So each erasure is also appended here (and synced to disk)
//! before its transaction commits, the file is backed up with the keys (infra/BACKUP.md), and
//! `serve` (or `releve keys replay-erasures`) re-applies every entry to the database it
//! opens: a restored person key is destroyed again before any request can read it.
//!
//! One JSON object per line; the file only holds pseudonymous ids and dates.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::Actor;
use crate::audit::access_log::{self, Access};
use crate::entity::{login_directory, person_key, tenant_key};
use crate::identity::users;
use crate::security::access_chain::Operation;
use crate::tenancy::{self, TenantId};

/// What was crypto-shredded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Erased {
    /// A person's data key (their sealed fields in every table).
    Person { tenant_id: Uuid, person_id: Uuid },
    /// A GHT's key and every person key it wraps.
    Tenant { tenant_id: Uuid },
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureEntry {
    #[serde(flatten)]
    pub erased: Erased,
    pub at: DateTime<Utc>,
}

/// The ledger file.
#[derive(Debug, Clone)]
pub struct ErasureLedger {
    path: PathBuf,
}

impl ErasureLedger {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends an entry and syncs it to disk (mode 0600 when the file is created).
    pub fn append(&self, erased: Erased) -> anyhow::Result<()> {
        let entry = ErasureEntry {
            erased,
            at: Utc::now(),
        };
        let mut line = serde_json::to_string(&entry).context("Entrée du registre invalide")?;
        line.push('\n');
        let mut options = fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let context = || {
            format!(
                "Registre des effacements {} inaccessible en écriture (RELEVE_ERASURE_LEDGER)",
                self.path.display()
            )
        };
        let mut file = options.open(&self.path).with_context(context)?;
        file.write_all(line.as_bytes()).with_context(context)?;
        file.sync_data().with_context(context)?;
        Ok(())
    }

    /// Every entry, oldest first; none when the file does not exist yet. A line that cannot
    /// be read fails the whole reading, naming the line: skipping it could resurrect a person.
    pub fn entries(&self) -> anyhow::Result<Vec<ErasureEntry>> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => {
                return Err(error).with_context(|| {
                    format!("Registre des effacements {} illisible", self.path.display())
                });
            }
        };
        text.lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(index, line)| {
                serde_json::from_str(line).with_context(|| {
                    format!(
                        "Registre des effacements {} : ligne {} illisible",
                        self.path.display(),
                        index + 1
                    )
                })
            })
            .collect()
    }
}

/// What a replay destroyed again (zero on a database that was already up to date).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Replayed {
    pub person_keys: u64,
    pub tenant_keys: u64,
}

/// Re-applies every entry of the ledger to `db`: idempotent, and logged in the tenant's
/// access log only when a key had come back (a restore). Works with the API's role, one
/// tenant transaction per entry.
pub async fn replay(db: &DatabaseConnection, ledger: &ErasureLedger) -> anyhow::Result<Replayed> {
    let mut replayed = Replayed::default();
    for entry in ledger.entries()? {
        match entry.erased {
            Erased::Person {
                tenant_id,
                person_id,
            } => {
                let tenant = TenantId(tenant_id);
                let txn = tenancy::begin(db, tenant).await?;
                let destroyed = users::shred_person(&txn, tenant, person_id).await?;
                if destroyed > 0 {
                    let access = Access {
                        operation: Operation::Delete,
                        object_type: "person_key",
                        object_ids: vec![person_id],
                        purpose: "erasure_replay",
                    };
                    access_log::record(&txn, tenant, &Actor::system(), access).await?;
                }
                txn.commit().await.context("Ré-application impossible")?;
                if destroyed > 0 {
                    access_log::append_pending(db, tenant).await?;
                }
                replayed.person_keys += destroyed;
            }
            Erased::Tenant { tenant_id } => {
                let done = shred_tenant_keys(db, TenantId(tenant_id)).await?;
                replayed.person_keys += done.0;
                replayed.tenant_keys += done.1;
            }
        }
    }
    Ok(replayed)
}

/// Destroys a GHT's key, its people's keys and its login-directory entries; returns the
/// number of person keys and tenant keys deleted.
pub async fn shred_tenant_keys(
    db: &DatabaseConnection,
    tenant: TenantId,
) -> anyhow::Result<(u64, u64)> {
    let txn = tenancy::begin(db, tenant).await?;
    let person_keys = person_key::Entity::delete_many()
        .filter(person_key::Column::TenantId.eq(tenant.0))
        .exec(&txn)
        .await
        .context("Destruction des clés des personnes impossible")?
        .rows_affected;
    let tenant_keys = tenant_key::Entity::delete_many()
        .filter(tenant_key::Column::TenantId.eq(tenant.0))
        .exec(&txn)
        .await
        .context("Destruction de la clé du GHT impossible")?
        .rows_affected;
    txn.commit()
        .await
        .context("Destruction des clés impossible")?;
    // The login directory is shared (no RLS): its own transaction.
    let shared = db.begin().await.context("Transaction impossible")?;
    login_directory::Entity::delete_many()
        .filter(login_directory::Column::TenantId.eq(tenant.0))
        .exec(&shared)
        .await
        .context("Suppression de l'annuaire de connexion impossible")?;
    shared.commit().await.context("Suppression impossible")?;
    Ok((person_keys, tenant_keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_in_order_and_a_missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = ErasureLedger::new(dir.path().join("erasures.log"));
        assert!(ledger.entries().unwrap().is_empty());
        let person = Erased::Person {
            tenant_id: Uuid::new_v4(),
            person_id: Uuid::new_v4(),
        };
        let tenant = Erased::Tenant {
            tenant_id: Uuid::new_v4(),
        };
        ledger.append(person).unwrap();
        ledger.append(tenant).unwrap();
        let kinds: Vec<Erased> = ledger
            .entries()
            .unwrap()
            .into_iter()
            .map(|e| e.erased)
            .collect();
        assert_eq!(kinds, vec![person, tenant]);
    }

    #[test]
    fn a_damaged_line_fails_the_reading_and_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = ErasureLedger::new(dir.path().join("erasures.log"));
        ledger
            .append(Erased::Tenant {
                tenant_id: Uuid::new_v4(),
            })
            .unwrap();
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(ledger.path())
            .unwrap();
        file.write_all(b"{\"kind\":\"person\"\n").unwrap();
        let error = format!("{:#}", ledger.entries().unwrap_err());
        assert!(error.contains("ligne 2"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn the_ledger_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ledger = ErasureLedger::new(dir.path().join("erasures.log"));
        ledger
            .append(Erased::Tenant {
                tenant_id: Uuid::new_v4(),
            })
            .unwrap();
        let mode = fs::metadata(ledger.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
