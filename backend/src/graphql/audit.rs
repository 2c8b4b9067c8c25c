//! The auditor's (DPO's) view of the RGPD access log: search, chain verification, and
//! checkpoint signing. Only the `auditor` role; its own consultations are logged too.

use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::audit::Actor;
use crate::audit::access_log::{self, Access, Search};
use crate::auth::viewer::Viewer;
use crate::entity::staff;
use crate::graphql::error::{Code, api_error, internal};
use crate::graphql::viewer;
use crate::security::access_chain::{AccessEntry, Operation};
use crate::security::access_token::Role;
use crate::state::AppState;
use crate::tenancy;

/// Largest page of log entries one request may ask for.
const MAX_PAGE: usize = 200;

fn auditor<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Viewer> {
    let viewer = viewer(ctx)?;
    if viewer.role != Role::Auditor {
        return Err(api_error(Code::Forbidden, "réservé au rôle auditeur (DPO)"));
    }
    Ok(viewer)
}

#[derive(SimpleObject)]
pub struct AccessLogEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor_id: Uuid,
    pub actor_role: String,
    pub operation: String,
    pub object_type: String,
    pub object_ids: Vec<Uuid>,
    pub purpose: String,
}

impl From<AccessEntry> for AccessLogEntry {
    fn from(entry: AccessEntry) -> Self {
        Self {
            seq: entry.seq,
            at: entry.at,
            actor_id: entry.actor_id,
            actor_role: entry.actor_role,
            operation: entry.operation.as_str().to_owned(),
            object_type: entry.object_type,
            object_ids: entry.object_ids,
            purpose: entry.purpose,
        }
    }
}

/// One consultation or change of a person's data, as shown to that person (right of access:
/// when, what, why, and by which role; not by whom).
#[derive(SimpleObject)]
pub struct MyDataAccess {
    pub at: DateTime<Utc>,
    pub operation: String,
    pub object_type: String,
    pub purpose: String,
    pub actor_role: String,
}

/// The result of recomputing the chain.
#[derive(SimpleObject)]
pub struct AccessLogVerification {
    /// `true` when every entry and checkpoint is intact.
    pub intact: bool,
    pub entry_count: u64,
    pub last_seq: u64,
    pub checkpoints_verified: u64,
    /// Entries after the last checkpoint (a deletion there cannot be proven).
    pub unanchored_entries: u64,
    /// On a break: `edited`, `deleted`, `reordered`, `truncated` or `forged_checkpoint`.
    pub break_kind: Option<String>,
    pub break_seq: Option<u64>,
    /// French summary for the auditor.
    pub message: String,
}

fn plural(count: usize) -> &'static str {
    if count > 1 { "s" } else { "" }
}

fn shown_people(page: &[AccessEntry]) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = page
        .iter()
        .filter(|e| e.object_type != "access_log")
        .flat_map(|e| std::iter::once(e.actor_id).chain(e.object_ids.iter().copied()))
        .filter(|id| !id.is_nil())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Most ids one search may match at once (a person's staff record and account, and a
/// few more).
const MAX_OBJECT_IDS: usize = 4;

/// The newest `first` entries matching `search` for any of `objects` (or for
/// `search.object_id` when `objects` is empty): one search per id, merged newest first.
/// Each search returns its own newest `first`, so the merge's first `first` are exact.
async fn search_any(
    txn: &sea_orm::DatabaseTransaction,
    viewer: &Viewer,
    search: &Search,
    objects: &[Uuid],
    first: usize,
) -> anyhow::Result<Vec<AccessEntry>> {
    if objects.is_empty() {
        return access_log::search(txn, viewer.tenant, search, first as u64).await;
    }
    let mut merged: Vec<AccessEntry> = Vec::new();
    for object in objects {
        let one = Search {
            object_id: Some(*object),
            ..search.clone()
        };
        merged.extend(access_log::search(txn, viewer.tenant, &one, first as u64).await?);
    }
    merged.sort_by_key(|e| std::cmp::Reverse(e.seq));
    merged.dedup_by_key(|e| e.seq);
    merged.truncate(first);
    Ok(merged)
}

/// One page of the log, read and logged as a consultation in the same transaction.
/// `logged_ids` says whose data the page showed, from the entries read.
async fn read_logged_page(
    ctx: &Context<'_>,
    viewer: &Viewer,
    search: Search,
    objects: &[Uuid],
    first: usize,
    purpose: &str,
    logged_ids: impl FnOnce(&[AccessEntry]) -> Vec<Uuid>,
) -> async_graphql::Result<Vec<AccessEntry>> {
    if first > MAX_PAGE {
        return Err(api_error(
            Code::BadUserInput,
            format!("first : au plus {MAX_PAGE} entrées par page"),
        ));
    }
    let state = ctx.data::<Arc<AppState>>()?;
    // Entries still in the outbox are chained first: the auditor sees everything committed.
    access_log::append_pending(&state.db, viewer.tenant)
        .await
        .map_err(internal)?;
    let txn = tenancy::begin(&state.db, viewer.tenant)
        .await
        .map_err(internal)?;
    let page = search_any(&txn, viewer, &search, objects, first)
        .await
        .map_err(internal)?;
    let access = Access {
        operation: Operation::Read,
        object_type: "access_log",
        object_ids: logged_ids(&page),
        purpose,
    };
    access_log::record(&txn, viewer.tenant, &Actor::from(viewer), access)
        .await
        .map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    Ok(page)
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Entries of the access log, newest first, filtered by actor, object (person) and period.
    /// `objectIds` (at most 4) matches entries about any of them: a person's staff record
    /// and their account, whose events are logged under different ids.
    #[allow(clippy::too_many_arguments)]
    async fn access_log(
        &self,
        ctx: &Context<'_>,
        actor_id: Option<Uuid>,
        object_id: Option<Uuid>,
        object_ids: Option<Vec<Uuid>>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        #[graphql(default = 50)] first: usize,
        before_seq: Option<u64>,
    ) -> async_graphql::Result<Vec<AccessLogEntry>> {
        let viewer = auditor(ctx)?;
        let objects = object_ids.unwrap_or_default();
        if objects.len() > MAX_OBJECT_IDS {
            return Err(api_error(
                Code::BadUserInput,
                format!("objectIds : au plus {MAX_OBJECT_IDS} identifiants"),
            ));
        }
        if object_id.is_some() && !objects.is_empty() {
            return Err(api_error(
                Code::BadUserInput,
                "objectId et objectIds : l'un ou l'autre",
            ));
        }
        let search = Search {
            actor_id,
            object_id,
            from,
            to,
            before_seq,
        };
        // Whose accesses were shown: the actors and objects of the entries read, leaving
        // out earlier consultations of the log itself so that entries do not snowball.
        let page =
            read_logged_page(ctx, viewer, search, &objects, first, "audit", shown_people).await?;
        Ok(page.into_iter().map(Into::into).collect())
    }

    /// Right of access (RGPD art. 15): every consultation and change of the signed-in
    /// person's own data (their account and their staff record), newest first. Any role may
    /// ask for its own.
    async fn my_data_accesses(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50)] first: usize,
        before_seq: Option<u64>,
    ) -> async_graphql::Result<Vec<MyDataAccess>> {
        let viewer = viewer(ctx)?;
        // The account's events are logged under its id, the roster's and counters' under the
        // staff record's: the person's data is both.
        let state = ctx.data::<Arc<AppState>>()?;
        let txn = tenancy::begin(&state.db, viewer.tenant)
            .await
            .map_err(internal)?;
        let staff = staff::Entity::find()
            .filter(staff::Column::TenantId.eq(viewer.tenant.0))
            .filter(staff::Column::UserId.eq(viewer.user_id))
            .one(&txn)
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        let mut own = vec![viewer.user_id];
        own.extend(staff.map(|s| s.id));
        let search = Search {
            before_seq,
            ..Search::default()
        };
        let logged = own.clone();
        let page = read_logged_page(ctx, viewer, search, &own, first, "right_of_access", |_| {
            logged
        })
        .await?;
        Ok(page
            .into_iter()
            .filter(|e| e.object_type != "access_log")
            .map(|e| MyDataAccess {
                at: e.at,
                operation: e.operation.as_str().to_owned(),
                object_type: e.object_type,
                purpose: e.purpose,
                actor_role: e.actor_role,
            })
            .collect())
    }

    /// Recomputes the whole chain of the GHT and checks every signed checkpoint.
    async fn verify_access_log(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<AccessLogVerification> {
        let viewer = auditor(ctx)?;
        let state = ctx.data::<Arc<AppState>>()?;
        let key = state.keys.checkpoint_key();
        let outcome = access_log::verify(&state.db, &key, viewer.tenant)
            .await
            .map_err(internal)?;
        Ok(match outcome {
            Ok(summary) => AccessLogVerification {
                intact: true,
                entry_count: summary.entry_count as u64,
                last_seq: summary.last_seq,
                checkpoints_verified: summary.checkpoints_verified as u64,
                unanchored_entries: summary.unanchored_entries,
                break_kind: None,
                break_seq: None,
                message: format!(
                    "Journal intègre : {} entrée{}, {} point{} de contrôle signé{} vérifié{}.",
                    summary.entry_count,
                    plural(summary.entry_count),
                    summary.checkpoints_verified,
                    plural(summary.checkpoints_verified),
                    plural(summary.checkpoints_verified),
                    plural(summary.checkpoints_verified),
                ),
            },
            Err(chain_break) => AccessLogVerification {
                intact: false,
                entry_count: 0,
                last_seq: 0,
                checkpoints_verified: 0,
                unanchored_entries: 0,
                break_kind: serde_json::to_value(chain_break.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned)),
                break_seq: Some(chain_break.seq),
                message: chain_break.to_string(),
            },
        })
    }
}

#[derive(Default)]
pub struct AuditMutation;

#[Object]
impl AuditMutation {
    /// Signs a checkpoint of the current head of the chain; returns its sequence number,
    /// or null when there is nothing new to sign.
    async fn sign_access_log_checkpoint(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<u64>> {
        let viewer = auditor(ctx)?;
        let state = ctx.data::<Arc<AppState>>()?;
        let key = state.keys.checkpoint_key();
        let signed = access_log::checkpoint(&state.db, &key, viewer.tenant)
            .await
            .map_err(internal)?;
        Ok(signed.map(|c| c.seq))
    }
}
