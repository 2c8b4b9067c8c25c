//! Solve jobs: rows in the database with their states, run by a pool of runners.
//!
//! The API writes the job row, hands it to a runner, and stores the result with a
//! compare-and-set on the job's fencing token (`store`). Without Redis the runners are
//! tasks of the API process (`runner`); with Redis the API dispatches jobs to a stream
//! (`dispatch`, `fairness`) that `releve worker` processes read (`worker`), takes their
//! reports back (`worker_events`) and reclaims what was lost (`reconciler`).

pub mod dispatch;
pub mod engine;
pub mod fairness;
pub mod messages;
pub mod metrics;
pub mod payload_signature;
pub mod progress_fanout;
pub mod queue;
pub mod reconciler;
pub mod redis_client;
pub mod redis_queue;
pub mod runner;
pub mod service;
pub mod state;
pub mod store;
pub mod worker;
pub mod worker_events;

pub use state::{JobEvent, JobState};
