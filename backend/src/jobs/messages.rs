//! What goes through Redis between the API and the workers, both ways. Pseudonymous only:
//! the problem carries ids, no names or free text (security.md R-42). Every message is
//! signed (see `payload_signature`); the database stays with the API.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::jobs::engine::{SolveParams, Summary};

/// API → worker: one dispatch of a job. `fencing_token` identifies this dispatch; the API
/// stores a result only if it carries the job's current token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobPayload {
    pub job_id: Uuid,
    pub tenant_id: Uuid,
    pub fencing_token: i64,
    /// The problem in the engine's JSON format.
    pub problem: String,
    pub params: SolveParams,
}

/// Worker → API: what happened to one dispatch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkerEvent {
    pub job_id: Uuid,
    pub tenant_id: Uuid,
    pub fencing_token: i64,
    /// The stream entry of the dispatch, which the API acknowledges once the result is stored.
    pub dispatch_id: String,
    /// The worker's consumer name, for the logs.
    pub worker: String,
    pub kind: EventKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The worker took the job and starts solving.
    Started,
    /// Still solving (every `job_heartbeat_seconds`).
    Heartbeat,
    /// A better roster was found.
    Progress {
        elapsed: f64,
        objective: f64,
        bound: Option<f64>,
    },
    /// The engine finished (or was cancelled and kept its best roster).
    Finished {
        roster: Option<String>,
        summary: Summary,
    },
    /// The engine refused or failed on the problem: retrying would not help.
    Failed { reason: String },
    /// The worker stops (SIGTERM) before the solve ended: dispatch the job again.
    HandedBack,
}
