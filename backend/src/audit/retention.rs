//! The retention purge of the access log (R-04: one year by default, `audit_retention_days`),
//! kept verifiable.
//!
//! Design: the chain is cut at the last entry older than the cut-off. The whole chain is
//! verified first (a purge never launders a tampered log); then a checkpoint is signed at
//! the cut (unless one exists there) and kept, while the entries up to it and the older
//! checkpoints are deleted in the same transaction. Verification then starts from that
//! anchoring checkpoint: the first retained entry must link to its hash, so deleting more,
//! or rewriting the retained part, is still detected.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::audit::access_log;
use crate::entity::{access_log as log_row, access_log_checkpoint, tenant};
use crate::security::access_chain::{self, ChainHead, CheckpointSigningKey};
use crate::tenancy::{self, TenantId};

/// What a purge removed for one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purged {
    pub tenant_slug: String,
    /// Entries deleted (0 when nothing was old enough).
    pub entries: u64,
    /// The checkpoint anchoring the retained chain.
    pub anchor_seq: Option<u64>,
}

/// Purges every tenant's entries older than `before`. Needs the schema owner's connection
/// (the API's role may not delete from the log).
pub async fn purge(
    owner: &DatabaseConnection,
    key: &CheckpointSigningKey,
    before: DateTime<Utc>,
) -> anyhow::Result<Vec<Purged>> {
    let tenants = tenant::Entity::find()
        .all(owner)
        .await
        .context("Lecture des GHT impossible")?;
    let mut done = Vec::new();
    for t in tenants {
        let (entries, anchor_seq) = purge_tenant(owner, key, TenantId(t.id), before).await?;
        done.push(Purged {
            tenant_slug: t.slug,
            entries,
            anchor_seq,
        });
    }
    Ok(done)
}

async fn purge_tenant(
    owner: &DatabaseConnection,
    key: &CheckpointSigningKey,
    tenant: TenantId,
    before: DateTime<Utc>,
) -> anyhow::Result<(u64, Option<u64>)> {
    access_log::append_pending(owner, tenant).await?;
    let txn = tenancy::begin(owner, tenant).await?;
    let entries = access_log::entries(&txn, tenant).await?;
    let checkpoints = access_log::checkpoints(&txn, tenant).await?;
    access_chain::verify(tenant.0, &entries, &checkpoints, &key.verifying_key())
        .map_err(|e| anyhow::anyhow!("purge refusée, journal du GHT {tenant} : {e}"))?;
    // Entries are appended in time order: the cut is the last one older than `before`.
    let Some(cut) = entries.iter().take_while(|e| e.at < before).last() else {
        txn.commit()
            .await
            .context("Fin de transaction impossible")?;
        return Ok((0, None));
    };
    let cut_seq = i64::try_from(cut.seq).context("journal trop long")?;
    if !checkpoints.iter().any(|c| c.seq == cut.seq) {
        let signed = key
            .sign(&ChainHead::after(cut), Utc::now())
            .context("Signature impossible")?;
        access_log_checkpoint::Entity::insert(access_log_checkpoint::ActiveModel {
            tenant_id: Set(signed.tenant_id),
            seq: Set(cut_seq),
            hash: Set(signed.hash.0.to_vec()),
            signed_at: Set(access_log::time_text(signed.signed_at)),
            signature: Set(signed.signature.clone()),
        })
        .exec(&txn)
        .await
        .context("Écriture du point de contrôle d'ancrage impossible")?;
    }
    let deleted = log_row::Entity::delete_many()
        .filter(log_row::Column::TenantId.eq(tenant.0))
        .filter(log_row::Column::Seq.lte(cut_seq))
        .exec(&txn)
        .await
        .context("Purge du journal impossible")?
        .rows_affected;
    access_log_checkpoint::Entity::delete_many()
        .filter(access_log_checkpoint::Column::TenantId.eq(tenant.0))
        .filter(access_log_checkpoint::Column::Seq.lt(cut_seq))
        .exec(&txn)
        .await
        .context("Purge des points de contrôle impossible")?;
    txn.commit().await.context("Purge du journal impossible")?;
    Ok((deleted, Some(cut.seq)))
}
