//! Incoming webhooks: verify the `Hook-HMAC` signature, then read the event.
//!
//! Askell posts each event to the registered URL with three headers:
//!
//! | header | meaning |
//! |---|---|
//! | `Hook-HMAC` | `base64(HMAC-<digest>(hmac_secret, raw body))`, standard alphabet, padded |
//! | `Hook-Event` | the event name, e.g. `payment.changed` |
//! | `Hook-API-Version` | `v1` (plans, subscriptions, payments) or `v2` (contracts, billing runs) |
//!
//! The digest is the registration's `hmac_digest` (`SHA512` unless Askell says otherwise) and
//! the key is its `hmac_secret` as UTF-8 bytes. [`WebhookVerifier`] checks the signature over
//! the **raw** body bytes, in constant time, **before** anything is parsed; only a verified
//! body is read into a [`WebhookEvent`].
//!
//! The body is the envelope `{"event": .., "sender": .., "data": ..}`. For `payment.*`
//! events `data` is a [`Payment`] and is decoded into [`EventData::Payment`]. Askell does not
//! document the payload of the other events (the v1 spec even shows subscription hooks without
//! the envelope), so their `data` is kept as JSON in [`EventData::Other`]; decode it with
//! [`WebhookEvent::data_as`] (for example into [`Customer`](crate::model::customer::Customer)).
//!
//! ```
//! use askell_sdk::model::webhook::EventType;
//! use askell_sdk::webhook::{EventData, WebhookVerifier};
//! use payments_core::http::HeaderMap;
//!
//! // A delivery as Askell sends it (signature from the fact sheet's test vector #1).
//! let body = br#"{"event":"payment.changed","sender":"admin","data":{"uuid":"a19ca264-5dd4-4897-bcb8-47d84844a2bc","amount":"1.0000","currency":"ISK","description":"My description","reference":"customer-12345","state":"settled","created_at":"2021-10-15T10:02:25.663806Z","updated_at":"2021-10-15T10:02:25.663824Z","transactions":[]}}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert("hook-hmac", "9W33OYnrO7thfgoXru/eVj1otSPgvsMN9PRwTW6kuAizNeU2+FRFjbtT3C2lLwKmuPHCUzJIB5TACmxdJIzV6Q==".parse().unwrap());
//! headers.insert("hook-event", "payment.changed".parse().unwrap());
//!
//! let verifier = WebhookVerifier::new("askell_test_webhook_secret");
//! let event = verifier.parse(&headers, body).unwrap();
//! assert_eq!(event.event, EventType::PaymentChanged);
//! let EventData::Payment(payment) = &event.data else { panic!("a payment event") };
//! assert_eq!(payment.amount.to_string(), "1.0000");
//! ```

use std::fmt;

use payments_core::http::HeaderMap;
use payments_core::secret::{ExposeSecret, Redacted, SecretString};
use payments_core::signature::{self, HmacAlgorithm, SignatureError};
use payments_core::{DecodeError, decode_json};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::model::payment::Payment;
use crate::model::webhook::{EventType, Webhook};

/// The signature header.
pub const HOOK_HMAC: &str = "Hook-HMAC";
/// The event name header.
pub const HOOK_EVENT: &str = "Hook-Event";
/// The API version header (`v1` or `v2`).
pub const HOOK_API_VERSION: &str = "Hook-API-Version";

/// A webhook delivery was rejected. Each cause is its own variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A required header is absent or empty (`Hook-HMAC`; `Hook-Event` when the body names no
    /// event either).
    #[error("the {0} header is missing")]
    MissingHeader(&'static str),
    /// A header's value is not visible ASCII text.
    #[error("the {0} header is not valid text")]
    InvalidHeader(&'static str),
    /// `Hook-HMAC` does not match the body and secret: the body was altered, the secret or
    /// digest is wrong, or the delivery is not from Askell. The body was not parsed.
    #[error("the Hook-HMAC signature does not match the body")]
    SignatureMismatch,
    /// The digest named for the registration is not one this SDK computes (SHA1, SHA256,
    /// SHA512).
    #[error("unsupported webhook digest {0:?}")]
    UnsupportedDigest(String),
    /// The registration has no `hmac_secret` to verify with.
    #[error("the webhook registration carries no hmac_secret")]
    MissingSecret,
    /// The `Hook-Event` header and the body's `event` name different events.
    #[error("Hook-Event says {header:?} but the body says {body:?}")]
    EventMismatch {
        /// The `Hook-Event` header.
        header: String,
        /// The body's `event`.
        body: String,
    },
    /// The verified body is not the JSON expected (serde path and excerpt inside).
    #[error("the webhook body could not be read: {0}")]
    InvalidBody(DecodeError),
}

/// Verifies and reads Askell webhook deliveries for one registration.
///
/// `Debug` never shows the secret.
#[derive(Clone)]
pub struct WebhookVerifier {
    secret: SecretString,
    algorithm: HmacAlgorithm,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secret", &Redacted)
            .field("algorithm", &self.algorithm)
            .finish()
    }
}

impl WebhookVerifier {
    /// A verifier for `secret` (the registration's `hmac_secret`) with Askell's default
    /// digest, SHA512.
    pub fn new(secret: impl Into<SecretString>) -> Self {
        Self {
            secret: secret.into(),
            algorithm: HmacAlgorithm::Sha512,
        }
    }

    /// A verifier for `secret` with the digest `digest` as Askell names it (`SHA512`,
    /// `sha256`, `SHA1`; case ignored).
    pub fn with_digest(
        secret: impl Into<SecretString>,
        digest: &str,
    ) -> Result<Self, WebhookError> {
        let algorithm = HmacAlgorithm::from_name(digest)
            .ok_or_else(|| WebhookError::UnsupportedDigest(digest.to_owned()))?;
        Ok(Self {
            secret: secret.into(),
            algorithm,
        })
    }

    /// A verifier for a registration as Askell answers it ([`Client::list_webhooks`](crate::Client::list_webhooks)):
    /// its `hmac_secret`, and its `hmac_digest` (SHA512 when absent).
    pub fn from_webhook(webhook: &Webhook) -> Result<Self, WebhookError> {
        let secret = webhook
            .hmac_secret
            .clone()
            .ok_or(WebhookError::MissingSecret)?;
        match webhook.hmac_digest.as_deref() {
            None | Some("") => Ok(Self::new(secret)),
            Some(digest) => Self::with_digest(secret, digest),
        }
    }

    /// The digest in use.
    pub fn algorithm(&self) -> HmacAlgorithm {
        self.algorithm
    }

    /// Checks the `Hook-HMAC` value `signature` against the raw `body`, in constant time.
    pub fn verify_signature(
        &self,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<(), WebhookError> {
        let signature = signature
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or(WebhookError::MissingHeader(HOOK_HMAC))?;
        signature::verify_hmac_base64(
            self.algorithm,
            self.secret.expose_secret().as_bytes(),
            body,
            signature,
        )
        .map_err(|e| match e {
            SignatureError::Missing => WebhookError::MissingHeader(HOOK_HMAC),
            SignatureError::UnsupportedAlgorithm => {
                WebhookError::UnsupportedDigest(format!("{:?}", self.algorithm))
            }
            _ => WebhookError::SignatureMismatch,
        })
    }

    /// Checks the `Hook-HMAC` header of a delivery against its raw `body`.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_signature(header(headers, HOOK_HMAC)?, body)
    }

    /// Verifies a delivery (headers as received, raw body bytes) and only then reads it.
    pub fn parse(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, WebhookError> {
        let hook = HookHeaders {
            hmac: header(headers, HOOK_HMAC)?,
            event: header(headers, HOOK_EVENT)?,
            api_version: header(headers, HOOK_API_VERSION)?,
        };
        self.parse_parts(&hook, body)
    }

    /// [`parse`](Self::parse) for frameworks that hand headers over as text.
    pub fn parse_parts(
        &self,
        headers: &HookHeaders<'_>,
        body: &[u8],
    ) -> Result<WebhookEvent, WebhookError> {
        self.verify_signature(headers.hmac, body)?;
        read_event(headers.event, headers.api_version, body)
    }
}

/// The three Askell headers of a delivery, as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HookHeaders<'a> {
    /// `Hook-HMAC`: the signature.
    pub hmac: Option<&'a str>,
    /// `Hook-Event`: the event name.
    pub event: Option<&'a str>,
    /// `Hook-API-Version`: `v1` or `v2`.
    pub api_version: Option<&'a str>,
}

/// A verified webhook delivery.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// The event: the `Hook-Event` header, or the body's `event` when the header is absent.
    pub event: EventType,
    /// The `Hook-API-Version` header (`v1`, `v2`), when sent.
    pub api_version: Option<String>,
    /// Body `sender`: who caused the event (`"admin"` in Askell's example; other values
    /// undocumented).
    pub sender: Option<String>,
    /// Body `data` (or the whole body when it has no envelope).
    pub data: EventData,
}

/// The payload of a [`WebhookEvent`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventData {
    /// `payment.created`, `payment.changed`, `payment.retry`: the payment.
    Payment(Payment),
    /// Every other event: `data` as sent (its shape is not documented by Askell).
    Other(serde_json::Value),
}

impl WebhookEvent {
    /// The payment, for a `payment.*` event.
    pub fn payment(&self) -> Option<&Payment> {
        match &self.data {
            EventData::Payment(p) => Some(p),
            EventData::Other(_) => None,
        }
    }

    /// Decodes an [`EventData::Other`] payload into `T` (e.g. a customer for
    /// `customer.changed`). A payment payload is not re-read: use [`payment`](Self::payment).
    pub fn data_as<T: DeserializeOwned>(&self) -> Result<T, WebhookError> {
        match &self.data {
            EventData::Other(value) => {
                let bytes = serde_json::to_vec(value).map_err(|e| {
                    WebhookError::InvalidBody(DecodeError::new(None, ".", e.to_string(), b""))
                })?;
                decode_json(None, &bytes).map_err(|e| WebhookError::InvalidBody(in_data(e)))
            }
            EventData::Payment(_) => Err(WebhookError::InvalidBody(DecodeError::new(
                None,
                "data",
                "a payment event: read it with WebhookEvent::payment",
                b"",
            ))),
        }
    }
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    event: Option<String>,
    #[serde(default)]
    sender: Option<String>,
    #[serde(default)]
    data: Option<Box<RawValue>>,
}

/// Reads a body whose signature has been verified.
fn read_event(
    header_event: Option<&str>,
    api_version: Option<&str>,
    body: &[u8],
) -> Result<WebhookEvent, WebhookError> {
    let envelope: Envelope = decode_json(None, body).map_err(WebhookError::InvalidBody)?;
    let header_event = header_event.map(str::trim).filter(|s| !s.is_empty());
    let name = match (header_event, envelope.event.as_deref()) {
        (Some(h), Some(b)) if h != b => {
            return Err(WebhookError::EventMismatch {
                header: h.to_owned(),
                body: b.to_owned(),
            });
        }
        (Some(h), _) => h,
        (None, Some(b)) => b,
        (None, None) => return Err(WebhookError::MissingHeader(HOOK_EVENT)),
    };
    let event: EventType = name.parse().unwrap_or_else(|never| match never {});
    let data_bytes: &[u8] = match &envelope.data {
        Some(raw) => raw.get().as_bytes(),
        None => body,
    };
    let data = match event {
        EventType::PaymentCreated | EventType::PaymentChanged | EventType::PaymentRetry => {
            let payment = decode_json::<Payment>(None, data_bytes).map_err(|e| {
                WebhookError::InvalidBody(if envelope.data.is_some() {
                    in_data(e)
                } else {
                    e
                })
            })?;
            EventData::Payment(payment)
        }
        _ => EventData::Other(
            decode_json::<serde_json::Value>(None, data_bytes)
                .map_err(WebhookError::InvalidBody)?,
        ),
    };
    Ok(WebhookEvent {
        event,
        api_version: api_version.map(str::to_owned),
        sender: envelope.sender,
        data,
    })
}

/// Prefixes a decode error's path with `data`, so it names the place in the whole body.
fn in_data(mut e: DecodeError) -> DecodeError {
    e.path = if e.path == "." {
        "data".to_owned()
    } else {
        format!("data.{}", e.path)
    };
    e
}

fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<Option<&'a str>, WebhookError> {
    match headers.get(name) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .map(Some)
            .map_err(|_| WebhookError::InvalidHeader(name)),
    }
}
