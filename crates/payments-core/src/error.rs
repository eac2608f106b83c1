//! The error skeleton every provider crate reuses.
//!
//! [`Error`] is generic over `E`, the provider's own typed error envelope, so a provider crate
//! writes `pub type Error = payments_core::Error<MyEnvelope>;` and gets the rest for free:
//!
//! | variant | meaning | did anything happen at the provider? |
//! |---|---|---|
//! | [`Error::InvalidRequest`] | rejected locally, before sending | no |
//! | [`Error::Timeout`] | no answer within the per-attempt limit | unknown for a request that is not a read |
//! | [`Error::Connection`] | the connection failed | no, if it failed while connecting; unknown otherwise |
//! | [`Error::Api`] | the provider answered with an error | per its answer; unknown for a 5xx to a write |
//! | [`Error::Decode`] | the answer could not be read | unknown for a write: a 2xx means it acted |
//! | [`Error::TooLarge`] | the answer was larger than the client's cap | unknown for a write |
//!
//! When the outcome is unknown, [`Error::outcome_unknown`] says so and carries the typed
//! [`Resolution`]: the status query (operation and key) that tells what happened.
//!
//! `Display` is one short line per layer and `source()` gives each underlying cause once (the
//! transport's error for a failed connection), so printing the whole chain never repeats itself.
//! Bodies kept by an error are capped ([`BODY_LIMIT`]), shown as an excerpt ([`EXCERPT_LIMIT`]),
//! and scrubbed of every secret the client sent.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use http::{Method, StatusCode};

/// The longest body excerpt an error shows, in bytes.
pub const EXCERPT_LIMIT: usize = 512;

/// The most of an error answer's body an [`ApiError`] keeps, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every provider's error envelope can tell, whatever its shape: the facade and generic
/// code read provider errors through it.
pub trait ProviderEnvelope: fmt::Display + fmt::Debug {
    /// The provider's machine-readable error code, when the envelope carries one.
    fn code(&self) -> Option<&str>;
    /// The provider's message, when the envelope carries one.
    fn message(&self) -> Option<&str>;
}

/// A call failed; see the [module docs](self) for what each variant means.
///
/// `E` is the provider's typed error envelope (for example Barion's `Errors` array).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request was rejected locally and never sent.
    InvalidRequest(InvalidRequest),
    /// No answer arrived within the per-attempt timeout.
    Timeout(TimeoutError),
    /// The connection could not be made, or broke before an answer arrived.
    Connection(ConnectionError),
    /// The provider answered with an error (boxed: it carries the answer).
    Api(Box<ApiError<E>>),
    /// The provider's answer could not be decoded.
    Decode(DecodeError),
    /// The answer was larger than the client's response-size cap.
    TooLarge(TooLargeError),
}

impl<E> Error<E> {
    /// A local validation failure: `field` broke a rule described by `reason`.
    pub fn invalid(field: impl Into<Cow<'static, str>>, reason: impl Into<String>) -> Self {
        Self::InvalidRequest(InvalidRequest::new(field, reason))
    }

    /// `Some` when the provider may or may not have carried out the operation: a timeout, a
    /// broken connection after sending, a 5xx answer, an undecodable or oversized answer to a
    /// request that is not a read. The value names the status query that tells which.
    pub fn outcome_unknown(&self) -> Option<&UnknownOutcome> {
        match self {
            Self::Timeout(e) => e.outcome_unknown.as_ref(),
            Self::Connection(e) => e.outcome_unknown.as_ref(),
            Self::Api(e) => e.outcome_unknown.as_ref(),
            Self::Decode(e) => e.outcome_unknown.as_ref(),
            Self::TooLarge(e) => e.outcome_unknown.as_ref(),
            Self::InvalidRequest(_) => None,
        }
    }

    /// The HTTP status of the provider's answer, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode(e) => e.status,
            Self::TooLarge(e) => Some(e.status),
            Self::InvalidRequest(_) | Self::Timeout(_) | Self::Connection(_) => None,
        }
    }

    /// The provider's typed error envelope, if it answered with one.
    pub fn envelope(&self) -> Option<&E> {
        match self {
            Self::Api(e) => e.envelope.as_ref(),
            _ => None,
        }
    }

    /// The provider's request id, if its answer named one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// `true` when the request never left this process.
    pub fn is_not_sent(&self) -> bool {
        match self {
            Self::InvalidRequest(_) => true,
            Self::Connection(e) => !e.sent,
            _ => false,
        }
    }

    /// Maps the provider envelope type, keeping everything else.
    pub fn map_envelope<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Self::InvalidRequest(e) => Error::InvalidRequest(e),
            Self::Timeout(e) => Error::Timeout(e),
            Self::Connection(e) => Error::Connection(e),
            Self::Decode(e) => Error::Decode(e),
            Self::TooLarge(e) => Error::TooLarge(e),
            Self::Api(e) => {
                let e = *e;
                Error::Api(Box::new(ApiError {
                    envelope: e.envelope.map(f),
                    status: e.status,
                    body: e.body,
                    request_id: e.request_id,
                    method: e.method,
                    path: e.path,
                    attempts: e.attempts,
                    outcome_unknown: e.outcome_unknown,
                }))
            }
        }
    }
}

impl<E: ProviderEnvelope> Error<E> {
    /// The provider's error code, when it answered with an envelope that has one.
    pub fn provider_code(&self) -> Option<&str> {
        self.envelope().and_then(ProviderEnvelope::code)
    }

    /// The provider's error message, when it answered with an envelope that has one.
    pub fn provider_message(&self) -> Option<&str> {
        self.envelope().and_then(ProviderEnvelope::message)
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest(e) => e.fmt(f),
            Self::Timeout(e) => e.fmt(f),
            Self::Connection(e) => e.fmt(f),
            Self::Api(e) => e.fmt(f),
            Self::Decode(e) => e.fmt(f),
            Self::TooLarge(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Display + fmt::Debug + 'static> StdError for Error<E> {
    /// The cause under this error's own line: `Display` already shows the variant's text, so
    /// this skips that layer and gives what lies beneath it (the transport's error for a failed
    /// connection), never the same text twice.
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Connection(e) => e.source(),
            Self::InvalidRequest(_)
            | Self::Timeout(_)
            | Self::Api(_)
            | Self::Decode(_)
            | Self::TooLarge(_) => None,
        }
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(e: InvalidRequest) -> Self {
        Self::InvalidRequest(e)
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(e: DecodeError) -> Self {
        Self::Decode(e)
    }
}

/// The status query that resolves an unknown outcome: which client call, with which key.
///
/// `Display` writes it as a call, e.g. `Client::order_status(order_id = "123")`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Resolution {
    /// The client method to call, e.g. `"order_status"` or `"payment"`.
    pub operation: &'static str,
    /// The name of its key argument, e.g. `"order_id"` or `"token"`.
    pub key_name: &'static str,
    /// The key's value: the id the failed request concerned.
    pub key: String,
}

impl Resolution {
    /// `operation` called with `key_name = key`.
    pub fn new(operation: &'static str, key_name: &'static str, key: impl Into<String>) -> Self {
        Self {
            operation,
            key_name,
            key: key.into(),
        }
    }
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Client::{}({} = {:?})",
            self.operation, self.key_name, self.key
        )
    }
}

/// The provider may or may not have carried out the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOutcome {
    // Boxed: it rides in every error variant, which stays small.
    resolve_with: Option<Box<Resolution>>,
}

impl UnknownOutcome {
    /// An unknown outcome, resolved by `resolve_with` when the provider has a status query.
    pub fn new(resolve_with: Option<Resolution>) -> Self {
        Self {
            resolve_with: resolve_with.map(Box::new),
        }
    }

    /// The status query that resolves the doubt, when the provider has one.
    pub fn resolve_with(&self) -> Option<&Resolution> {
        self.resolve_with.as_deref()
    }
}

impl fmt::Display for UnknownOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the outcome is unknown: the provider may have acted")?;
        if let Some(q) = &self.resolve_with {
            write!(f, "; resolve it with {q}")?;
        }
        Ok(())
    }
}

/// A request was rejected locally and never sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid request, not sent: `{field}` {reason}")]
pub struct InvalidRequest {
    /// The field (or argument) at fault, as the SDK names it.
    pub field: Cow<'static, str>,
    /// What rule it broke.
    pub reason: String,
}

impl InvalidRequest {
    /// `field` broke the rule described by `reason`.
    pub fn new(field: impl Into<Cow<'static, str>>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// No answer within the per-attempt timeout.
#[derive(Debug, Clone)]
pub struct TimeoutError {
    /// Method of the request.
    pub method: Method,
    /// Path of the request (never the query, which may carry secrets).
    pub path: String,
    /// The per-attempt limit that ran out.
    pub after: Duration,
    /// Attempts made, retries included.
    pub attempts: u32,
    /// Set when the request was not a read, so the provider may have acted.
    pub outcome_unknown: Option<UnknownOutcome>,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} timed out after {:?} ({} attempt{})",
            self.method,
            self.path,
            self.after,
            self.attempts,
            plural(self.attempts)
        )?;
        if let Some(u) = &self.outcome_unknown {
            write!(f, "; {u}")?;
        }
        Ok(())
    }
}

impl StdError for TimeoutError {}

/// The connection could not be made, or broke before an answer arrived.
#[derive(Debug)]
pub struct ConnectionError {
    /// Method of the request.
    pub method: Method,
    /// Path of the request (never the query).
    pub path: String,
    /// Attempts made, retries included.
    pub attempts: u32,
    /// `false` when the connection failed before anything was sent.
    pub sent: bool,
    /// Set when the request may have reached the provider and was not a read.
    pub outcome_unknown: Option<UnknownOutcome>,
    /// The transport's own error: the cause, given by `source()`.
    pub source: Box<dyn StdError + Send + Sync>,
}

impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let when = if self.sent {
            "after sending"
        } else {
            "before sending"
        };
        write!(
            f,
            "{} {}: the connection failed {when} ({} attempt{})",
            self.method,
            self.path,
            self.attempts,
            plural(self.attempts),
        )?;
        if let Some(u) = &self.outcome_unknown {
            write!(f, "; {u}")?;
        }
        Ok(())
    }
}

impl StdError for ConnectionError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The provider answered with an error.
///
/// `body` is the answer as received (at most [`BODY_LIMIT`] bytes, lossily decoded as UTF-8),
/// with every secret the client sent masked. `Debug` shows an excerpt of it, not all of it.
#[derive(Clone)]
pub struct ApiError<E> {
    /// HTTP status of the answer (a provider may answer 200 with an error envelope).
    pub status: StatusCode,
    /// The provider's typed error envelope, when the body carried one.
    pub envelope: Option<E>,
    /// The body, scrubbed of secrets and capped at [`BODY_LIMIT`] bytes.
    pub body: String,
    /// The provider's request id header, if it sent one.
    pub request_id: Option<String>,
    /// Method of the request.
    pub method: Method,
    /// Path of the request (never the query).
    pub path: String,
    /// Attempts made, retries included.
    pub attempts: u32,
    /// Set for a 5xx answer to a request that is not a read.
    pub outcome_unknown: Option<UnknownOutcome>,
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("envelope", &self.envelope)
            .field("body", &excerpt(self.body.as_bytes()))
            .field("request_id", &self.request_id)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("attempts", &self.attempts)
            .field("outcome_unknown", &self.outcome_unknown)
            .finish()
    }
}

impl<E: fmt::Display> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} answered {}", self.method, self.path, self.status)?;
        match &self.envelope {
            Some(e) => write!(f, ": {e}")?,
            None if !self.body.is_empty() => write!(f, ": {}", excerpt(self.body.as_bytes()))?,
            None => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if let Some(u) = &self.outcome_unknown {
            write!(f, "; {u}")?;
        }
        Ok(())
    }
}

impl<E: fmt::Display + fmt::Debug> StdError for ApiError<E> {}

/// The provider's answer (or a webhook body) could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// HTTP status of the answer; `None` for a webhook body.
    pub status: Option<StatusCode>,
    /// Where decoding failed, as a serde path (`Transactions[0].Total`); `.` for the root.
    pub path: String,
    /// The decoder's message.
    pub message: String,
    /// The start of the body, at most [`EXCERPT_LIMIT`] bytes, scrubbed of secrets.
    pub excerpt: String,
    /// Set when a write got a 2xx it could not read: the provider acted, but what it did is
    /// not known until the status query answers.
    pub outcome_unknown: Option<UnknownOutcome>,
}

impl DecodeError {
    /// A decode failure at `path` with `message`, keeping an excerpt of `body` (which the
    /// caller has scrubbed of secrets).
    pub fn new(
        status: Option<StatusCode>,
        path: impl Into<String>,
        message: impl Into<String>,
        body: &[u8],
    ) -> Self {
        Self {
            status,
            path: path.into(),
            message: message.into(),
            excerpt: excerpt(body),
            outcome_unknown: None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not decode ")?;
        match self.status {
            Some(s) => write!(f, "the {s} answer")?,
            None => f.write_str("the body")?,
        }
        write!(f, " at `{}`: {}", self.path, self.message)?;
        if let Some(u) = &self.outcome_unknown {
            write!(f, "; {u}")?;
        }
        Ok(())
    }
}

impl StdError for DecodeError {}

/// The answer was larger than the client's response-size cap; its body was not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLargeError {
    /// HTTP status of the answer.
    pub status: StatusCode,
    /// Method of the request.
    pub method: Method,
    /// Path of the request (never the query).
    pub path: String,
    /// The cap in force, in bytes.
    pub limit: usize,
    /// Set for a request that is not a read.
    pub outcome_unknown: Option<UnknownOutcome>,
}

impl fmt::Display for TooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} answered {} with a body over the {}-byte cap",
            self.method, self.path, self.status, self.limit
        )?;
        if let Some(u) = &self.outcome_unknown {
            write!(f, "; {u}")?;
        }
        Ok(())
    }
}

impl StdError for TooLargeError {}

/// The first [`EXCERPT_LIMIT`] bytes of `body` as text, cut on a character boundary, with `…`
/// when cut.
pub fn excerpt(body: &[u8]) -> String {
    bounded_text(body, EXCERPT_LIMIT)
}

/// The first `limit` bytes of `body` as lossy UTF-8 text, cut on a character boundary, with `…`
/// when cut.
pub(crate) fn bounded_text(body: &[u8], limit: usize) -> String {
    let cut = body.len() > limit;
    let text = String::from_utf8_lossy(&body[..body.len().min(limit)]);
    if !cut {
        return text.into_owned();
    }
    // A multi-byte character split at the limit reads as U+FFFD at the end: drop it.
    let text = text.trim_end_matches('\u{FFFD}');
    format!("{text}…")
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_cut_on_a_char_boundary() {
        let body = "æ".repeat(EXCERPT_LIMIT);
        let e = excerpt(body.as_bytes());
        assert!(e.len() <= EXCERPT_LIMIT + '…'.len_utf8());
        assert!(e.ends_with('…'));
        assert!(!e.contains('\u{FFFD}'));
        assert_eq!(excerpt(b"short"), "short");
        assert_eq!(excerpt(b"\xff\xfe ok"), "\u{FFFD}\u{FFFD} ok");
    }

    #[test]
    fn invalid_request_is_not_sent_and_names_the_field() {
        let e: Error<String> = Error::invalid("order_id", "is longer than 32 characters");
        assert!(e.is_not_sent());
        assert!(e.outcome_unknown().is_none());
        assert_eq!(
            e.to_string(),
            "invalid request, not sent: `order_id` is longer than 32 characters"
        );
    }

    fn api_503() -> Error<String> {
        Error::Api(Box::new(ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            envelope: Some("E42 try later".into()),
            body: "x".repeat(10_000),
            request_id: Some("req-1".into()),
            method: Method::POST,
            path: "/void".into(),
            attempts: 1,
            outcome_unknown: Some(UnknownOutcome::new(Some(Resolution::new(
                "order_status",
                "order_id",
                "123",
            )))),
        }))
    }

    #[test]
    fn api_error_display_carries_envelope_request_id_and_a_typed_resolution() {
        let e = api_503();
        assert_eq!(
            e.to_string(),
            "POST /void answered 503 Service Unavailable: E42 try later (request id req-1); \
             the outcome is unknown: the provider may have acted; resolve it with \
             Client::order_status(order_id = \"123\")"
        );
        let r = e.outcome_unknown().unwrap().resolve_with().unwrap();
        assert_eq!(
            (r.operation, r.key_name, r.key.as_str()),
            ("order_status", "order_id", "123")
        );
        assert_eq!(e.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(e.request_id(), Some("req-1"));
        // Debug shows an excerpt of the body, not all of it.
        assert!(format!("{e:?}").len() < 2_000);
        let mapped = e.map_envelope(|s| s.len());
        assert_eq!(mapped.envelope(), Some(&13));
    }

    #[test]
    fn the_chain_prints_each_cause_once() {
        #[derive(Debug)]
        struct Refused;
        impl fmt::Display for Refused {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("connection refused")
            }
        }
        impl StdError for Refused {}
        let e: Error<String> = Error::Connection(ConnectionError {
            method: Method::GET,
            path: "/orders/1".into(),
            attempts: 3,
            sent: false,
            outcome_unknown: None,
            source: Box::new(Refused),
        });
        let mut chain = vec![e.to_string()];
        let mut cause = StdError::source(&e);
        while let Some(c) = cause {
            chain.push(c.to_string());
            cause = c.source();
        }
        assert_eq!(
            chain,
            [
                "GET /orders/1: the connection failed before sending (3 attempts)",
                "connection refused"
            ]
        );
        assert!(StdError::source(&api_503()).is_none());
    }

    #[test]
    fn the_error_stays_small_enough_to_return_by_value() {
        // clippy's `result_large_err` limit is 128 bytes.
        assert!(std::mem::size_of::<Error<String>>() <= 128);
    }
}
