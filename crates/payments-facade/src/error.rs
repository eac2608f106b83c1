//! [`Error`]: one error type for every gateway, keeping the provider's typed error as its source.

use std::error::Error as StdError;
use std::fmt;

use payments_core::http::StatusCode;
use payments_core::{ProviderEnvelope, UnknownOutcome};

use crate::Provider;
use crate::capability::Operation;
use crate::money::MoneyError;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The provider does not support the operation (see [`Capabilities`](crate::Capabilities)).
    Unsupported(Operation),
    /// The request was refused before sending: a missing or malformed argument.
    InvalidRequest,
    /// The amount cannot be sent exactly in this provider's wire format, or the provider does
    /// not take the currency.
    Money,
    /// A configuration value is missing or malformed.
    Config,
    /// The provider answered with an error.
    Provider,
    /// No answer within the timeout.
    Timeout,
    /// The connection failed.
    Connection,
    /// The provider's answer could not be read (or was over the size cap).
    Decode,
    /// A webhook or callback did not verify or could not be read.
    Webhook,
}

/// A gateway call failed.
///
/// Short `Display` (the provider and what failed); [`source`](StdError::source) is the provider
/// SDK's own typed error, which keeps the whole story (status, envelope, request id). The common
/// questions are answered here for every provider alike.
pub struct Error {
    provider: Provider,
    kind: ErrorKind,
    detail: Option<String>,
    not_sent: bool,
    status: Option<StatusCode>,
    code: Option<String>,
    message: Option<String>,
    outcome_unknown: Option<UnknownOutcome>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("provider", &self.provider)
            .field("kind", &self.kind)
            .field("detail", &self.detail)
            .field("not_sent", &self.not_sent)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("outcome_unknown", &self.outcome_unknown)
            .field("source", &self.source)
            .finish()
    }
}

impl Error {
    fn local(provider: Provider, kind: ErrorKind, detail: String) -> Self {
        Self {
            provider,
            kind,
            detail: Some(detail),
            not_sent: true,
            status: None,
            code: None,
            message: None,
            outcome_unknown: None,
            source: None,
        }
    }

    /// `provider` does not support `operation`; `why` says what to do instead.
    pub fn unsupported(provider: Provider, operation: Operation, why: &str) -> Self {
        Self::local(
            provider,
            ErrorKind::Unsupported(operation),
            format!("{operation} is not supported: {why}"),
        )
    }

    /// An argument was missing or malformed; nothing was sent.
    pub fn invalid(provider: Provider, detail: impl Into<String>) -> Self {
        Self::local(provider, ErrorKind::InvalidRequest, detail.into())
    }

    /// A configuration value was missing or malformed.
    pub fn config(provider: Provider, detail: impl Into<String>) -> Self {
        Self::local(provider, ErrorKind::Config, detail.into())
    }

    /// An amount could not be converted for `provider`.
    pub fn money(provider: Provider, e: MoneyError) -> Self {
        let mut err = Self::local(provider, ErrorKind::Money, e.to_string());
        err.source = Some(Box::new(e));
        err
    }

    /// The provider answered and refused `operation` (a declined capture, void or refund
    /// reported as a failed operation in a successful answer): nothing changed and the outcome
    /// is known. `code` and `message` are the provider's.
    pub fn declined(
        provider: Provider,
        operation: Operation,
        code: Option<String>,
        message: Option<String>,
    ) -> Self {
        let why = message
            .as_deref()
            .or(code.as_deref())
            .unwrap_or("no reason given");
        let mut err = Self::local(
            provider,
            ErrorKind::Provider,
            format!("the provider declined the {operation}: {why}"),
        );
        err.not_sent = false;
        err.code = code;
        err.message = message;
        err
    }

    /// A webhook failed to verify or decode; `e` is the provider SDK's webhook error.
    pub fn webhook(provider: Provider, e: impl StdError + Send + Sync + 'static) -> Self {
        let mut err = Self::local(
            provider,
            ErrorKind::Webhook,
            "the webhook was refused".into(),
        );
        err.source = Some(Box::new(e));
        err
    }

    /// A webhook was refused for `detail` (no SDK error behind it).
    #[cfg(any(feature = "askell", feature = "payelata"))]
    pub(crate) fn webhook_refused(provider: Provider, detail: impl Into<String>) -> Self {
        Self::local(provider, ErrorKind::Webhook, detail.into())
    }

    /// Wraps a provider SDK's error, answering the common questions from it.
    pub fn from_provider<E>(provider: Provider, e: payments_core::Error<E>) -> Self
    where
        E: ProviderEnvelope + Send + Sync + 'static,
    {
        use payments_core::Error as E0;
        let kind = match &e {
            E0::InvalidRequest(_) => ErrorKind::InvalidRequest,
            E0::Timeout(_) => ErrorKind::Timeout,
            E0::Connection(_) => ErrorKind::Connection,
            E0::Decode(_) | E0::TooLarge(_) => ErrorKind::Decode,
            // `Api`, and any variant core adds later (its `Error` is non-exhaustive).
            _ => ErrorKind::Provider,
        };
        Self {
            provider,
            kind,
            detail: None,
            not_sent: e.is_not_sent(),
            status: e.status(),
            code: e.provider_code().map(str::to_owned),
            message: e.provider_message().map(str::to_owned),
            outcome_unknown: e.outcome_unknown().cloned(),
            source: Some(Box::new(e)),
        }
    }

    /// The provider whose gateway failed.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// `true` when nothing was sent to the provider.
    pub fn is_not_sent(&self) -> bool {
        self.not_sent
    }

    /// `Some` when the provider may have acted: the value names the status query that tells
    /// (its [`Resolution`](payments_core::Resolution)); [`Gateway::payment`](crate::Gateway::payment)
    /// with the payment's id resolves it for a payment that has one.
    pub fn outcome_unknown(&self) -> Option<&UnknownOutcome> {
        self.outcome_unknown.as_ref()
    }

    /// The HTTP status of the provider's answer, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The provider's error code, when its answer carried one.
    pub fn provider_code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The provider's error message, when its answer carried one.
    pub fn provider_message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.provider)?;
        match (&self.detail, &self.source) {
            (Some(d), _) => f.write_str(d),
            (None, Some(_)) => f.write_str(match self.kind {
                ErrorKind::Timeout => "the provider did not answer in time",
                ErrorKind::Connection => "the connection to the provider failed",
                ErrorKind::Decode => "the provider's answer could not be read",
                ErrorKind::InvalidRequest => "the request was refused before sending",
                _ => "the provider refused the request",
            }),
            (None, None) => f.write_str("failed"),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.source {
            // A money error's text is already this error's detail: do not repeat it.
            Some(_) if self.kind == ErrorKind::Money => None,
            Some(s) => Some(s.as_ref()),
            None => None,
        }
    }
}
