//! Job figures for Prometheus: queue depth and running jobs (read from the database at each
//! scrape, so every API replica reports the same), solve durations, finished jobs by state
//! and failures by reason (counted by this process since it started).
//!
//! Hand-written text exposition (format 0.0.4): a dozen lines, where a client crate would
//! add a registry and its dependencies for the same output.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use crate::jobs::state::JobState;
use crate::jobs::store::ScheduleRow;

/// Upper bounds (seconds) of the duration histogram's buckets.
const DURATION_BUCKETS: [f64; 12] = [
    0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0,
];

/// Why a job failed, as a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FailureReason {
    /// The engine refused the problem or failed on it.
    Engine,
    /// Its workers went silent `job_max_attempts` times.
    AttemptsExhausted,
}

impl FailureReason {
    fn label(self) -> &'static str {
        match self {
            FailureReason::Engine => "engine",
            FailureReason::AttemptsExhausted => "attempts_exhausted",
        }
    }
}

#[derive(Default)]
struct Counters {
    bucket_counts: [u64; DURATION_BUCKETS.len()],
    duration_count: u64,
    duration_sum: f64,
    finished: BTreeMap<&'static str, u64>,
    failures: BTreeMap<FailureReason, u64>,
    reclaimed: u64,
    redispatched: u64,
    rejected_messages: u64,
}

#[derive(Default)]
pub struct JobMetrics {
    counters: Mutex<Counters>,
}

impl JobMetrics {
    /// A job reached a final state; `seconds` is its solve time when it ran.
    pub fn finished(&self, state: JobState, seconds: Option<f64>) {
        let Ok(mut c) = self.counters.lock() else {
            return;
        };
        *c.finished.entry(state.as_str()).or_default() += 1;
        if let Some(seconds) = seconds {
            for (i, bound) in DURATION_BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    c.bucket_counts[i] += 1;
                }
            }
            c.duration_count += 1;
            c.duration_sum += seconds;
        }
    }

    pub fn failed(&self, reason: FailureReason) {
        if let Ok(mut c) = self.counters.lock() {
            *c.failures.entry(reason).or_default() += 1;
        }
        self.finished(JobState::Failed, None);
    }

    /// A running job whose worker went silent was taken back.
    pub fn reclaimed(&self) {
        if let Ok(mut c) = self.counters.lock() {
            c.reclaimed += 1;
        }
    }

    /// A dispatch was lost (Redis restarted or emptied, or its worker died before starting).
    pub fn redispatched(&self) {
        if let Ok(mut c) = self.counters.lock() {
            c.redispatched += 1;
        }
    }

    /// A forged or malformed message was refused.
    pub fn rejected_message(&self) {
        if let Ok(mut c) = self.counters.lock() {
            c.rejected_messages += 1;
        }
    }

    /// The text exposition, with the current queue from `rows` (unfinished jobs).
    pub fn render(&self, rows: &[ScheduleRow]) -> String {
        let waiting = rows
            .iter()
            .filter(|r| r.state == JobState::Queued && r.dispatch_id.is_none())
            .count();
        let dispatched = rows
            .iter()
            .filter(|r| r.state == JobState::Queued && r.dispatch_id.is_some())
            .count();
        let running = rows.iter().filter(|r| r.state == JobState::Running).count();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP releve_jobs_queued Solve jobs waiting for a worker.\n\
             # TYPE releve_jobs_queued gauge\n\
             releve_jobs_queued{{stage=\"waiting\"}} {waiting}\n\
             releve_jobs_queued{{stage=\"dispatched\"}} {dispatched}\n\
             # HELP releve_jobs_running Solve jobs a worker is solving.\n\
             # TYPE releve_jobs_running gauge\n\
             releve_jobs_running {running}"
        );
        let Ok(c) = self.counters.lock() else {
            return out;
        };
        let _ = writeln!(
            out,
            "# HELP releve_job_duration_seconds Solve time of finished jobs.\n\
             # TYPE releve_job_duration_seconds histogram"
        );
        for (bound, count) in DURATION_BUCKETS.iter().zip(c.bucket_counts) {
            let _ = writeln!(
                out,
                "releve_job_duration_seconds_bucket{{le=\"{bound}\"}} {count}"
            );
        }
        let _ = writeln!(
            out,
            "releve_job_duration_seconds_bucket{{le=\"+Inf\"}} {}\n\
             releve_job_duration_seconds_sum {}\n\
             releve_job_duration_seconds_count {}",
            c.duration_count, c.duration_sum, c.duration_count
        );
        let _ = writeln!(
            out,
            "# HELP releve_jobs_finished_total Jobs that reached a final state.\n\
             # TYPE releve_jobs_finished_total counter"
        );
        for state in [JobState::Succeeded, JobState::Failed, JobState::Cancelled] {
            let n = c.finished.get(state.as_str()).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "releve_jobs_finished_total{{state=\"{}\"}} {n}",
                state.as_str()
            );
        }
        let _ = writeln!(
            out,
            "# HELP releve_job_failures_total Failed jobs by reason.\n\
             # TYPE releve_job_failures_total counter"
        );
        for reason in [FailureReason::Engine, FailureReason::AttemptsExhausted] {
            let n = c.failures.get(&reason).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "releve_job_failures_total{{reason=\"{}\"}} {n}",
                reason.label()
            );
        }
        let _ = writeln!(
            out,
            "# HELP releve_jobs_reclaimed_total Running jobs taken back from a silent worker.\n\
             # TYPE releve_jobs_reclaimed_total counter\n\
             releve_jobs_reclaimed_total {}\n\
             # HELP releve_jobs_redispatched_total Dispatches lost in Redis and sent again.\n\
             # TYPE releve_jobs_redispatched_total counter\n\
             releve_jobs_redispatched_total {}\n\
             # HELP releve_job_messages_rejected_total Forged or malformed queue messages refused.\n\
             # TYPE releve_job_messages_rejected_total counter\n\
             releve_job_messages_rejected_total {}",
            c.reclaimed, c.redispatched, c.rejected_messages
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_fall_in_cumulative_buckets_and_failures_keep_their_reason() {
        let metrics = JobMetrics::default();
        metrics.finished(JobState::Succeeded, Some(0.3));
        metrics.finished(JobState::Succeeded, Some(7.0));
        metrics.failed(FailureReason::AttemptsExhausted);
        let text = metrics.render(&[]);
        assert!(text.contains("releve_job_duration_seconds_bucket{le=\"0.25\"} 0"));
        assert!(text.contains("releve_job_duration_seconds_bucket{le=\"0.5\"} 1"));
        assert!(text.contains("releve_job_duration_seconds_bucket{le=\"10\"} 2"));
        assert!(text.contains("releve_job_duration_seconds_bucket{le=\"+Inf\"} 2"));
        assert!(text.contains("releve_job_duration_seconds_sum 7.3"));
        assert!(text.contains("releve_jobs_finished_total{state=\"failed\"} 1"));
        assert!(text.contains("releve_job_failures_total{reason=\"attempts_exhausted\"} 1"));
        assert!(text.contains("releve_job_failures_total{reason=\"engine\"} 0"));
        assert!(text.contains("releve_jobs_queued{stage=\"waiting\"} 0"));
    }
}
