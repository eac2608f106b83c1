//! Retry policy: which answers are retried, and how long to wait between attempts.
//!
//! Only requests marked safe to repeat are ever retried (see
//! [`Request::safe_to_repeat`](crate::Request::safe_to_repeat)): reads, and writes the provider
//! deduplicates by the merchant's own id. Retried are: a connection that failed, a timeout, and
//! the answers 408, 429, 500, 502, 503 and 504.
//!
//! The wait before retry `n` (1-based) is drawn uniformly from
//! `[0, min(max_backoff, initial_backoff * 2^(n-1))]` ("full jitter"), so that many clients
//! that failed together do not come back together. A `Retry-After` header on the answer
//! replaces the drawn wait; one asking for longer than
//! [`max_retry_after`](RetryPolicy::with_max_retry_after) ends the retries instead.

use std::time::Duration;

use http::{HeaderMap, StatusCode};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc2822;

/// How many attempts a safe request gets and how long to wait between them.
///
/// The default: 3 attempts in all, waits drawn with full jitter from 200 ms doubling up to a
/// cap of 5 s, and a `Retry-After` of up to 30 s honoured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The default policy with `max_attempts` attempts in all (1 means no retry; 0 counts as 1).
    pub fn new(max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            ..Self::default()
        }
    }

    /// The off switch: every request gets exactly one attempt.
    pub fn disabled() -> Self {
        Self::new(1)
    }

    /// The wait ceiling before the first retry; it doubles for each further retry.
    pub fn with_initial_backoff(mut self, initial: Duration) -> Self {
        self.initial_backoff = initial;
        self
    }

    /// The cap on the wait ceiling.
    pub fn with_max_backoff(mut self, cap: Duration) -> Self {
        self.max_backoff = cap;
        self
    }

    /// The longest `Retry-After` honoured; an answer asking for more is returned as it is.
    pub fn with_max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// Attempts in all, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The ceiling of the wait before retry `retry` (1-based): `min(cap, initial * 2^(retry-1))`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// A wait before retry `retry` (1-based), drawn uniformly from `[0, backoff_ceiling(retry)]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.backoff_ceiling(retry);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// Whether an answer with this status is worth another attempt of a safe request.
    pub fn is_retryable_status(status: StatusCode) -> bool {
        matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
    }

    /// The wait before retry `retry` after an answer with `headers`: its `Retry-After` when
    /// present and within the limit, a drawn backoff when absent, `None` (do not retry) when it
    /// asks for longer than the limit.
    pub fn wait_after_answer(&self, retry: u32, headers: &HeaderMap) -> Option<Duration> {
        let asked = headers
            .get(http::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, OffsetDateTime::now_utc()));
        match asked {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(retry)),
        }
    }
}

/// Reads a `Retry-After` value, either delay-seconds (`120`) or an HTTP-date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, read relative to `now`; a past date means no wait).
pub fn parse_retry_after(value: &str, now: OffsetDateTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = OffsetDateTime::parse(value, &Rfc2822).ok()?;
    let delta = at - now;
    Some(Duration::try_from(delta).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use time::macros::datetime;

    #[test]
    fn ceilings_double_from_the_initial_backoff_up_to_the_cap() {
        let p = RetryPolicy::new(10)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        let ceilings: Vec<_> = (1..=6).map(|n| p.backoff_ceiling(n).as_millis()).collect();
        assert_eq!(ceilings, [100, 200, 400, 800, 1000, 1000]);
        // Far beyond the shift width still saturates at the cap.
        assert_eq!(p.backoff_ceiling(200), Duration::from_secs(1));
    }

    #[test]
    fn jittered_backoff_stays_within_bounds_and_spreads() {
        let p = RetryPolicy::new(5)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(300));
        for retry in 1..=4 {
            let ceiling = p.backoff_ceiling(retry);
            let draws: Vec<_> = (0..500).map(|_| p.backoff(retry)).collect();
            assert!(
                draws.iter().all(|d| *d <= ceiling),
                "retry {retry} over {ceiling:?}"
            );
            // Full jitter: draws cover the low and the high part of the range.
            assert!(draws.iter().any(|d| *d < ceiling / 4));
            assert!(draws.iter().any(|d| *d > ceiling * 3 / 4));
        }
    }

    #[test]
    fn attempts_are_at_least_one_and_disabled_means_one() {
        assert_eq!(RetryPolicy::new(0).max_attempts(), 1);
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(RetryPolicy::default().max_attempts(), 3);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = datetime!(2015-10-21 07:27:00 UTC);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn retry_after_replaces_the_backoff_and_too_long_stops_retrying() {
        let p = RetryPolicy::default().with_max_retry_after(Duration::from_secs(10));
        let mut h = HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(p.wait_after_answer(1, &h), Some(Duration::from_secs(7)));
        h.insert(http::header::RETRY_AFTER, HeaderValue::from_static("11"));
        assert_eq!(p.wait_after_answer(1, &h), None);
        let none = HeaderMap::new();
        assert!(p.wait_after_answer(1, &none).unwrap() <= p.backoff_ceiling(1));
    }

    #[test]
    fn retryable_statuses() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(RetryPolicy::is_retryable_status(
                StatusCode::from_u16(s).unwrap()
            ));
        }
        for s in [200, 400, 401, 404, 409, 422, 501] {
            assert!(!RetryPolicy::is_retryable_status(
                StatusCode::from_u16(s).unwrap()
            ));
        }
    }
}
