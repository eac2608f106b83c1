//! The error skeleton every provider crate reuses.
//!
//! [`Error`] is generic over `E`, the provider's own typed error envelope, so a provider crate
//! writes `pub type Error = payments_core::Error<MyEnvelope>;` and gets the rest for free:
//!
//! | variant | meaning | did anything happen at the provider? |
//! |---|---|---|
//! | [`Error::InvalidRequest`] | rejected locally, before sending | no |
//! | [`Error::Timeout`] | no answer within the per-attempt limit | unknown for a request that is not safe to repeat |
//! | [`Error::Connection`] | the connection failed | no, if it failed while connecting; unknown otherwise |
//! | [`Error::Api`] | the provider answered with an error | per its answer; unknown for a 5xx on a request that moves money |
//! | [`Error::Decode`] | the answer could not be read | the provider acted; re-read the state |
//!
//! When the outcome is unknown, [`Error::outcome_unknown`] says so and carries the status query
//! that resolves it.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use http::{Method, StatusCode};

/// The longest body excerpt an error keeps, in bytes.
pub const EXCERPT_LIMIT: usize = 512;

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
    /// The provider answered with an error (boxed: it carries the whole answer).
    Api(Box<ApiError<E>>),
    /// The provider's answer could not be decoded.
    Decode(DecodeError),
}

impl<E> Error<E> {
    /// A local validation failure: `field` broke a rule described by `reason`.
    pub fn invalid(field: impl Into<Cow<'static, str>>, reason: impl Into<String>) -> Self {
        Self::InvalidRequest(InvalidRequest::new(field, reason))
    }

    /// `Some` when the provider may or may not have carried out the operation: a timeout, a
    /// broken connection after sending, or a 5xx answer to a request that is not a plain read.
    /// The returned value names the status query that tells which.
    pub fn outcome_unknown(&self) -> Option<&UnknownOutcome> {
        match self {
            Self::Timeout(e) => e.outcome_unknown.as_ref(),
            Self::Connection(e) => e.outcome_unknown.as_ref(),
            Self::Api(e) => e.outcome_unknown.as_ref(),
            Self::InvalidRequest(_) | Self::Decode(_) => None,
        }
    }

    /// The HTTP status of the provider's answer, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode(e) => e.status,
            _ => None,
        }
    }

    /// The provider's typed error envelope, if it answered with one.
    pub fn envelope(&self) -> Option<&E> {
        match self {
            Self::Api(e) => e.envelope.as_ref(),
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

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest(e) => e.fmt(f),
            Self::Timeout(e) => e.fmt(f),
            Self::Connection(e) => e.fmt(f),
            Self::Api(e) => e.fmt(f),
            Self::Decode(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Display + fmt::Debug + 'static> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::InvalidRequest(e) => Some(e),
            Self::Timeout(e) => Some(e),
            Self::Connection(e) => Some(e),
            Self::Api(e) => Some(e.as_ref()),
            Self::Decode(e) => Some(e),
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

/// The provider may or may not have carried out the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOutcome {
    /// The status query that resolves the doubt, in words a user can act on
    /// (for example `Client::order_status(pos_id, "123")`), when the provider has one.
    pub resolve_with: Option<String>,
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
    /// Set when the request was not a plain read, so the provider may have acted.
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
    /// Set when the request may have reached the provider and was not a plain read.
    pub outcome_unknown: Option<UnknownOutcome>,
    /// The transport's own error.
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
            "{} {}: connection failed {when} ({} attempt{}): {}",
            self.method,
            self.path,
            self.attempts,
            plural(self.attempts),
            self.source
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
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// HTTP status of the answer (a provider may answer 200 with an error envelope).
    pub status: StatusCode,
    /// The provider's typed error envelope, when the body carried one.
    pub envelope: Option<E>,
    /// The raw body, lossily decoded as UTF-8.
    pub body: String,
    /// The provider's request id header, if it sent one.
    pub request_id: Option<String>,
    /// Method of the request.
    pub method: Method,
    /// Path of the request (never the query).
    pub path: String,
    /// Attempts made, retries included.
    pub attempts: u32,
    /// Set for a 5xx answer to a request that is not a plain read.
    pub outcome_unknown: Option<UnknownOutcome>,
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
    /// The start of the body, at most [`EXCERPT_LIMIT`] bytes.
    pub excerpt: String,
}

impl DecodeError {
    /// A decode failure at `path` with `message`, keeping an excerpt of `body`.
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
        write!(f, " at `{}`: {}", self.path, self.message)
    }
}

impl StdError for DecodeError {}

/// The first [`EXCERPT_LIMIT`] bytes of `body` as text, cut on a character boundary, with `…`
/// when cut.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= EXCERPT_LIMIT {
        return text.into_owned();
    }
    let mut end = EXCERPT_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
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
        assert_eq!(excerpt(b"short"), "short");
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

    #[test]
    fn api_error_display_carries_envelope_request_id_and_unknown_outcome() {
        let e: Error<String> = Error::Api(Box::new(ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            envelope: Some("E42 try later".into()),
            body: "{}".into(),
            request_id: Some("req-1".into()),
            method: Method::POST,
            path: "/void".into(),
            attempts: 1,
            outcome_unknown: Some(UnknownOutcome {
                resolve_with: Some("Client::order_status(\"123\")".into()),
            }),
        }));
        assert_eq!(
            e.to_string(),
            "POST /void answered 503 Service Unavailable: E42 try later (request id req-1); \
             the outcome is unknown: the provider may have acted; resolve it with \
             Client::order_status(\"123\")"
        );
        assert_eq!(e.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        let mapped = e.map_envelope(|s| s.len());
        assert_eq!(mapped.envelope(), Some(&13));
    }

    #[test]
    fn the_error_stays_small_enough_to_return_by_value() {
        // clippy's `result_large_err` limit is 128 bytes.
        assert!(std::mem::size_of::<Error<String>>() <= 128);
    }
}
