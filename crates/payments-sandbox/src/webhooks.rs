//! Webhook and callback delivery: every delivery is recorded, sent in the background, retried
//! with exponential backoff on a failed answer, and can be awaited by tests.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use payments_core::{HttpRequest, HttpTransport};
use serde_json::{Value, json};
use time::OffsetDateTime;
use tokio::sync::watch;

use crate::Provider;
use crate::tasks::Tasks;

/// How deliveries are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookRetry {
    /// The wait after the first failed attempt; it doubles after each further failure.
    pub first_delay: Duration,
    /// The longest wait between two attempts.
    pub max_delay: Duration,
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// The limit on one attempt (connect, send, answer).
    pub attempt_timeout: Duration,
}

impl Default for WebhookRetry {
    /// 6 attempts (Barion's count), waiting 0.5 s, 1 s, 2 s, 4 s, 5 s; 10 s per attempt.
    fn default() -> Self {
        Self {
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
            max_attempts: 6,
            attempt_timeout: Duration::from_secs(10),
        }
    }
}

impl WebhookRetry {
    /// `max_attempts` attempts, the first retry after `first_delay`.
    pub fn new(first_delay: Duration, max_attempts: u32) -> Self {
        Self {
            first_delay,
            max_attempts: max_attempts.max(1),
            ..Self::default()
        }
    }

    /// The wait after failed attempt number `attempt` (1-based).
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let factor = 2_u32.saturating_pow(attempt.saturating_sub(1));
        self.first_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeliveryState {
    /// Not yet accepted; attempts remain.
    Pending,
    /// The receiver accepted it.
    Delivered,
    /// Every attempt failed.
    Failed,
}

impl DeliveryState {
    /// `pending`, `delivered` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }
}

/// One attempt to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliveryAttempt {
    /// When it was made (wall-clock time, not the sandbox clock).
    pub at: OffsetDateTime,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<u16>,
    /// Why there was no answer, if there was none.
    pub error: Option<String>,
}

/// One webhook or callback the sandbox sent (or is sending), with every attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookDelivery {
    /// Sequence number, from 1.
    pub id: u64,
    /// Which provider sent it.
    pub provider: Provider,
    /// What it is about: Askell's `Hook-Event` (`payment.changed`), `callback` (Barion),
    /// the operation's method (Financial Line) or the resource type and status (Payelata).
    pub event: String,
    /// The target URL.
    pub url: String,
    /// The request headers, in order.
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: String,
    /// Every attempt so far.
    pub attempts: Vec<DeliveryAttempt>,
    /// Where it stands.
    pub state: DeliveryState,
}

impl WebhookDelivery {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status of the last answer, if any attempt got one.
    pub fn last_status(&self) -> Option<u16> {
        self.attempts.iter().rev().find_map(|a| a.status)
    }

    /// The body as JSON, when it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(&self.body).ok()
    }

    /// Whether the delivery is done (delivered or given up).
    pub fn is_settled(&self) -> bool {
        self.state != DeliveryState::Pending
    }

    pub(crate) fn to_json(&self) -> Value {
        let headers: serde_json::Map<String, Value> = self
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect();
        let attempts: Vec<Value> = self
            .attempts
            .iter()
            .map(|a| {
                json!({
                    "at": crate::timefmt::micros_z(a.at),
                    "status": a.status,
                    "error": a.error,
                })
            })
            .collect();
        json!({
            "id": self.id,
            "provider": self.provider.as_str(),
            "event": self.event,
            "url": self.url,
            "headers": headers,
            "body": self.body,
            "attempts": self.attempts.len(),
            "attempt_log": attempts,
            "last_status": self.last_status(),
            "state": self.state.as_str(),
        })
    }
}

/// Which answers count as accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accept {
    /// Exactly `200` (Barion, Financial Line, Payelata).
    Exactly200,
    /// Any `2xx` (Askell documents nothing stricter).
    AnySuccess,
}

impl Accept {
    fn accepts(self, status: u16) -> bool {
        match self {
            Self::Exactly200 => status == 200,
            Self::AnySuccess => (200..300).contains(&status),
        }
    }
}

/// A webhook to send.
pub(crate) struct Outgoing {
    pub(crate) provider: Provider,
    pub(crate) event: String,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) accept: Accept,
}

/// The time-out of [`Sandbox::wait_for_webhooks`](crate::Sandbox::wait_for_webhooks).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{settled} of the {wanted} webhooks awaited were settled when the wait timed out")]
#[non_exhaustive]
pub struct WaitTimeout {
    /// How many were awaited.
    pub wanted: usize,
    /// How many were settled (delivered or given up) at the deadline.
    pub settled: usize,
    /// Every delivery at the deadline.
    pub deliveries: Vec<WebhookDelivery>,
}

/// The delivery log and sender.
pub(crate) struct Webhooks {
    log: Mutex<Vec<WebhookDelivery>>,
    version: watch::Sender<u64>,
    transport: Arc<dyn HttpTransport>,
    retry: WebhookRetry,
}

impl Webhooks {
    pub(crate) fn new(transport: Arc<dyn HttpTransport>, retry: WebhookRetry) -> Self {
        Self {
            log: Mutex::new(Vec::new()),
            version: watch::channel(0).0,
            transport,
            retry,
        }
    }

    fn with_log<T>(&self, f: impl FnOnce(&mut Vec<WebhookDelivery>) -> T) -> T {
        let out = f(&mut self.log.lock().unwrap_or_else(PoisonError::into_inner));
        self.version.send_modify(|v| *v += 1);
        out
    }

    /// Every delivery so far, in order.
    pub(crate) fn snapshot(&self) -> Vec<WebhookDelivery> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Records `outgoing` and sends it in the background.
    pub(crate) fn send(self: &Arc<Self>, tasks: &Tasks, outgoing: Outgoing) {
        let body = String::from_utf8_lossy(&outgoing.body).into_owned();
        let id = self.with_log(|log| {
            let id = log.len() as u64 + 1;
            log.push(WebhookDelivery {
                id,
                provider: outgoing.provider,
                event: outgoing.event.clone(),
                url: outgoing.url.clone(),
                headers: outgoing.headers.clone(),
                body,
                attempts: Vec::new(),
                state: DeliveryState::Pending,
            });
            id
        });
        tracing::debug!(id, provider = outgoing.provider.as_str(), event = %outgoing.event, "webhook queued");
        let this = Arc::clone(self);
        tasks.spawn(async move { this.deliver(id, outgoing).await });
    }

    async fn deliver(&self, id: u64, outgoing: Outgoing) {
        let mut headers = HeaderMap::new();
        for (name, value) in &outgoing.headers {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.append(n, v);
            }
        }
        let body = Bytes::from(outgoing.body);
        for attempt in 1..=self.retry.max_attempts {
            let request = HttpRequest::new(
                Method::POST,
                outgoing.url.clone(),
                headers.clone(),
                body.clone(),
            );
            let result =
                tokio::time::timeout(self.retry.attempt_timeout, self.transport.send(request))
                    .await;
            let (status, error) = match result {
                Ok(Ok(response)) => (Some(response.status.as_u16()), None),
                Ok(Err(e)) => (None, Some(e.to_string())),
                Err(_) => (None, Some("timed out".to_owned())),
            };
            let accepted = status.is_some_and(|s| outgoing.accept.accepts(s));
            let last = attempt == self.retry.max_attempts;
            self.with_log(|log| {
                if let Some(d) = log.iter_mut().find(|d| d.id == id) {
                    d.attempts.push(DeliveryAttempt {
                        at: OffsetDateTime::now_utc(),
                        status,
                        error,
                    });
                    if accepted {
                        d.state = DeliveryState::Delivered;
                    } else if last {
                        d.state = DeliveryState::Failed;
                    }
                }
            });
            if accepted || last {
                return;
            }
            tokio::time::sleep(self.retry.delay_after(attempt)).await;
        }
    }

    /// Waits until at least `n` deliveries are settled (delivered or given up).
    pub(crate) async fn wait_settled(
        &self,
        n: usize,
        timeout: Duration,
    ) -> Result<Vec<WebhookDelivery>, WaitTimeout> {
        let mut rx = self.version.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let snapshot = self.snapshot();
            let settled = snapshot.iter().filter(|d| d.is_settled()).count();
            if settled >= n {
                return Ok(snapshot);
            }
            let changed = tokio::time::timeout_at(deadline, rx.changed()).await;
            if !matches!(changed, Ok(Ok(()))) {
                let deliveries = self.snapshot();
                let settled = deliveries.iter().filter(|d| d.is_settled()).count();
                if settled >= n {
                    return Ok(deliveries);
                }
                return Err(WaitTimeout {
                    wanted: n,
                    settled,
                    deliveries,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let r = WebhookRetry {
            first_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(500),
            max_attempts: 6,
            attempt_timeout: Duration::from_secs(1),
        };
        let delays: Vec<u128> = (1..=5).map(|a| r.delay_after(a).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 500, 500]);
        assert_eq!(WebhookRetry::new(Duration::ZERO, 0).max_attempts, 1);
    }
}
