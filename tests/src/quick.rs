//! A sandbox and a retry policy tuned for tests: short delays everywhere, so that a test of a
//! settlement, a webhook retry or a slow answer takes milliseconds, not the sandbox's defaults.

use std::time::Duration;

use payments_core::RetryPolicy;
use payments_sandbox::{Sandbox, WebhookRetry};

/// The sandbox's slow-answer delay (scenario `..04`), past the timeout of a test's impatient
/// clients.
pub const SLOW: Duration = Duration::from_millis(1500);
/// The timeout of every client that should not time out.
pub const PATIENT: Duration = Duration::from_secs(10);
/// How long a test waits for an asynchronous change (a settlement, a webhook).
pub const WAIT: Duration = Duration::from_secs(10);

/// A sandbox with short delays: slow answers after [`SLOW`], settlements after 50 ms, webhook
/// retries after 50 ms (4 at most).
///
/// # Panics
/// When the sandbox cannot start (no free port on 127.0.0.1).
pub async fn sandbox() -> Sandbox {
    Sandbox::builder()
        .slow_answer_delay(SLOW)
        .processing_delay(Duration::from_millis(50))
        .webhook_retry(WebhookRetry::new(Duration::from_millis(50), 4))
        .start()
        .await
        .expect("the sandbox starts")
}

/// Reads are retried quickly, three attempts at most; writes never are (the SDKs decide that,
/// not this policy).
pub fn retry() -> RetryPolicy {
    RetryPolicy::new(3)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(50))
}
