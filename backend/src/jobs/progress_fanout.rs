//! Job events reach the subscribers of every API replica, not only of the replica that read
//! them from the workers' events stream (a consumer group gives each entry to one replica):
//! events go out on a Redis pub/sub channel, in order, and every replica forwards what it
//! hears to its own subscribers. The database stays the source of truth; these events only
//! feed progress displays (and wake the roster importer, which is idempotent).

use std::time::Duration;

use futures_util::StreamExt;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use tokio::sync::{broadcast, mpsc};

use crate::jobs::state::JobEvent;

const CHANNEL: &str = "releve:jobs:progress";

/// Publishes events in the order given; when Redis refuses one, this replica's own
/// subscribers still get it.
pub fn start_publisher(
    mut connection: ConnectionManager,
    local: broadcast::Sender<JobEvent>,
) -> mpsc::UnboundedSender<JobEvent> {
    let (outbox, mut events) = mpsc::unbounded_channel::<JobEvent>();
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            let sent = match serde_json::to_string(&event) {
                Ok(text) => connection.publish::<_, _, i64>(CHANNEL, text).await.is_ok(),
                Err(_) => false,
            };
            if !sent {
                let _ = local.send(event);
            }
        }
    });
    outbox
}

/// Forwards every event published by any replica to this replica's subscribers, and
/// subscribes again after Redis comes back.
pub fn start_listener(client: redis::Client, local: broadcast::Sender<JobEvent>) {
    tokio::spawn(async move {
        loop {
            if let Err(error) = listen(&client, &local).await {
                tracing::debug!(error = %error, "job progress channel unavailable");
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });
}

async fn listen(
    client: &redis::Client,
    local: &broadcast::Sender<JobEvent>,
) -> redis::RedisResult<()> {
    let mut pubsub = client.get_async_pubsub().await?;
    pubsub.subscribe(CHANNEL).await?;
    let mut messages = pubsub.on_message();
    while let Some(message) = messages.next().await {
        let text: String = match message.get_payload() {
            Ok(text) => text,
            Err(_) => continue,
        };
        match serde_json::from_str::<JobEvent>(&text) {
            Ok(event) => {
                let _ = local.send(event);
            }
            Err(error) => tracing::warn!(error = %error, "malformed job progress event ignored"),
        }
    }
    Ok(())
}
