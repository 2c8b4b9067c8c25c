//! The Redis side of the job queue: stream and key names, signed entries, consumer groups.
//!
//! - `releve:jobs:dispatch` (group `releve-workers`): jobs for the workers. An entry stays
//!   until the API has stored its result, then the API acknowledges and deletes it.
//! - `releve:jobs:events` (group `releve-api`): what workers report (started, heartbeat,
//!   progress, result). The API acknowledges and deletes each event once applied.
//! - `releve:jobs:dead-letter`: refused entries and jobs that ran out of attempts, with the
//!   reason, for operators (trimmed to the last 10 000).
//! - `releve:jobs:stop:<job>:<token>`: set by the API when that dispatch must stop
//!   (cancellation, or a dispatch taken back); the worker running it polls the key.

use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::streams::{StreamId, StreamReadOptions, StreamReadReply};
use redis::{AsyncCommands, RedisResult, Value};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::jobs::payload_signature::{Direction, JobSigningKey};

pub const JOB_STREAM: &str = "releve:jobs:dispatch";
pub const WORKER_GROUP: &str = "releve-workers";
pub const EVENT_STREAM: &str = "releve:jobs:events";
pub const API_GROUP: &str = "releve-api";
pub const DEAD_LETTER_STREAM: &str = "releve:jobs:dead-letter";
const DEAD_LETTER_KEEP: usize = 10_000;
/// How long a stop request is kept: longer than any solve (`MAX_TIME_LIMIT`).
const STOP_KEY_SECONDS: u64 = 3600;
/// How long one blocking read waits for an entry before looping (and checking shutdown).
pub const BLOCK_MILLISECONDS: usize = 1000;

/// The key that asks the worker running this dispatch to stop.
pub fn stop_key(job: Uuid, fencing_token: i64) -> String {
    format!("releve:jobs:stop:{job}:{fencing_token}")
}

/// A connection that connects on first use and reconnects by itself after Redis restarts,
/// so that the API starts (and says it is not ready) while Redis is down. Blocking reads
/// need a connection of their own (they hold it for up to `BLOCK_MILLISECONDS`).
pub fn connect(client: &redis::Client) -> RedisResult<ConnectionManager> {
    let config = redis::aio::ConnectionManagerConfig::new()
        .set_response_timeout(Some(
            Duration::from_millis(BLOCK_MILLISECONDS as u64) + Duration::from_secs(2),
        ))
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_number_of_retries(2)
        .set_max_delay(Duration::from_millis(500));
    client.get_connection_manager_lazy(config)
}

/// Creates the stream and its consumer group when missing (first start, or Redis emptied).
pub async fn ensure_group(
    connection: &mut ConnectionManager,
    stream: &str,
    group: &str,
) -> RedisResult<()> {
    let created: RedisResult<()> = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(stream)
        .arg(group)
        .arg("0")
        .arg("MKSTREAM")
        .query_async(connection)
        .await;
    match created {
        Err(error) if error.code() == Some("BUSYGROUP") => Ok(()),
        other => other,
    }
}

/// Whether an error means the stream or group is missing (Redis restarted or emptied).
pub fn is_missing_group(error: &redis::RedisError) -> bool {
    error.code() == Some("NOGROUP")
}

/// Appends `message` with its tag and returns the entry id.
pub async fn publish<T: Serialize>(
    connection: &mut ConnectionManager,
    key: &JobSigningKey,
    stream: &str,
    direction: Direction,
    message: &T,
) -> anyhow::Result<String> {
    let body = serde_json::to_string(message)?;
    let tag = key.sign(direction, body.as_bytes());
    let id: String = connection
        .xadd(
            stream,
            "*",
            &[("body", body.as_str()), ("tag", tag.as_str())],
        )
        .await?;
    Ok(id)
}

/// One stream entry as read, before its tag is checked.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    body: Option<String>,
    tag: Option<String>,
}

impl Entry {
    fn from_stream_id(entry: &StreamId) -> Self {
        let text = |name: &str| match entry.map.get(name) {
            Some(Value::BulkString(bytes)) => String::from_utf8(bytes.clone()).ok(),
            Some(Value::SimpleString(text)) => Some(text.clone()),
            _ => None,
        };
        Self {
            id: entry.id.clone(),
            body: text("body"),
            tag: text("tag"),
        }
    }

    /// The message, if its tag is right and it parses; otherwise why not (for the logs
    /// and the dead letter).
    pub fn open<T: DeserializeOwned>(
        &self,
        key: &JobSigningKey,
        direction: Direction,
    ) -> Result<T, String> {
        let body = self.body.as_deref().ok_or("champ body manquant")?;
        let tag = self.tag.as_deref().ok_or("champ tag manquant")?;
        if !key.verify(direction, body.as_bytes(), tag) {
            return Err("signature invalide (message forgé ou altéré)".to_owned());
        }
        serde_json::from_str(body).map_err(|e| format!("message illisible : {e}"))
    }
}

/// Reads up to `count` new entries for `consumer`, waiting up to `BLOCK_MILLISECONDS`.
pub async fn read_group(
    connection: &mut ConnectionManager,
    stream: &str,
    group: &str,
    consumer: &str,
    count: usize,
) -> RedisResult<Vec<Entry>> {
    let options = StreamReadOptions::default()
        .group(group, consumer)
        .count(count)
        .block(BLOCK_MILLISECONDS);
    let reply: Option<StreamReadReply> = connection
        .xread_options(&[stream], &[">"], &options)
        .await?;
    Ok(reply
        .map(|reply| {
            reply
                .keys
                .iter()
                .flat_map(|key| key.ids.iter().map(Entry::from_stream_id))
                .collect()
        })
        .unwrap_or_default())
}

/// Takes over entries that another consumer of `group` left unacknowledged for `min_idle`
/// (a crashed API replica's events).
pub async fn autoclaim(
    connection: &mut ConnectionManager,
    stream: &str,
    group: &str,
    consumer: &str,
    min_idle: Duration,
) -> RedisResult<Vec<Entry>> {
    let reply: Value = redis::cmd("XAUTOCLAIM")
        .arg(stream)
        .arg(group)
        .arg(consumer)
        .arg(min_idle.as_millis() as u64)
        .arg("0-0")
        .arg("COUNT")
        .arg(100)
        .query_async(connection)
        .await?;
    // Reply: [next cursor, [[id, [field, value, …]], …], [deleted ids]].
    let Value::Array(parts) = reply else {
        return Ok(Vec::new());
    };
    let Some(entries) = parts.get(1) else {
        return Ok(Vec::new());
    };
    let claimed: redis::streams::StreamRangeReply =
        redis::FromRedisValue::from_redis_value_ref(entries)?;
    Ok(claimed.ids.iter().map(Entry::from_stream_id).collect())
}

/// Acknowledges an entry and deletes it (the database holds what matters).
pub async fn ack_delete(
    connection: &mut ConnectionManager,
    stream: &str,
    group: &str,
    id: &str,
) -> RedisResult<()> {
    let _: () = redis::pipe()
        .cmd("XACK")
        .arg(stream)
        .arg(group)
        .arg(id)
        .ignore()
        .cmd("XDEL")
        .arg(stream)
        .arg(id)
        .ignore()
        .query_async(connection)
        .await?;
    Ok(())
}

/// Whether the entry is still in the stream.
pub async fn entry_exists(
    connection: &mut ConnectionManager,
    stream: &str,
    id: &str,
) -> RedisResult<bool> {
    let found: Vec<Value> = redis::cmd("XRANGE")
        .arg(stream)
        .arg(id)
        .arg(id)
        .arg("COUNT")
        .arg(1)
        .query_async(connection)
        .await?;
    Ok(!found.is_empty())
}

/// Records a refused entry or an abandoned job for operators.
pub async fn dead_letter(
    connection: &mut ConnectionManager,
    source: &str,
    entry_id: &str,
    job_id: Option<Uuid>,
    reason: &str,
) -> RedisResult<()> {
    let job = job_id.map(|id| id.to_string()).unwrap_or_default();
    let _: String = redis::cmd("XADD")
        .arg(DEAD_LETTER_STREAM)
        .arg("MAXLEN")
        .arg("~")
        .arg(DEAD_LETTER_KEEP)
        .arg("*")
        .arg(&[
            ("source", source),
            ("entry", entry_id),
            ("job", job.as_str()),
            ("reason", reason),
        ])
        .query_async(connection)
        .await?;
    Ok(())
}

/// Asks the worker running this dispatch to stop.
pub async fn request_stop(
    connection: &mut ConnectionManager,
    job: Uuid,
    fencing_token: i64,
) -> RedisResult<()> {
    connection
        .set_ex(stop_key(job, fencing_token), 1, STOP_KEY_SECONDS)
        .await
}

pub async fn stop_requested(
    connection: &mut ConnectionManager,
    job: Uuid,
    fencing_token: i64,
) -> RedisResult<bool> {
    connection.exists(stop_key(job, fencing_token)).await
}
