//! Webhooks, both ways: the registrations (`/webhooks/`) and the deliveries Askell posts to them.
//!
//! # Registrations
//!
//! One registration subscribes one URL to one event name or wildcard ([`EventType`]); register
//! several for several events. Askell answers each with the registration's `hmac_secret` and
//! `hmac_digest`, which a [`WebhookVerifier`] needs ([`WebhookVerifier::from_webhook`]). The
//! secret is a [`SecretString`] (`Debug` never shows it), and the client masks every
//! `hmac_secret` member in the bodies and excerpts its errors keep.
//!
//! Askell's spec documents no body for the answers to create (201) and partial update (200),
//! and an array for replace; those methods therefore answer `Option<Webhook>`: the
//! registration when Askell sends one (as an object or a one-element array), `None` for an
//! empty body.
//!
//! | endpoint | method |
//! |---|---|
//! | `GET /webhooks/` | [`Client::webhooks`] |
//! | `POST /webhooks/` | [`Client::create_webhook`] |
//! | `PUT /webhooks/{id}/` | [`Client::replace_webhook`] |
//! | `PATCH /webhooks/{id}/` | [`Client::update_webhook`] |
//! | `DELETE /webhooks/{id}/` | [`Client::delete_webhook`] |
//!
//! # Deliveries
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
//! events `data` is a [`Payment`] and is decoded into [`EventData::Payment`] (in one pass when
//! `Hook-Event` names the event). Askell does not document the payload of the other events
//! (the v1 spec even shows subscription hooks without the envelope), so their `data` is kept as
//! raw JSON in [`EventData::Other`]; decode it with [`WebhookEvent::data_as`] (for example into
//! a [`Customer`](crate::model::customer::Customer)).
//!
//! ```
//! use askell_sdk::EventType;
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
//! assert_eq!(payment.amount.map(|a| a.to_string()).as_deref(), Some("1.0000"));
//! ```

use std::fmt;

use payments_core::http::HeaderMap;
use payments_core::scrub::Scrubber;
use payments_core::secret::{ExposeSecret, Redacted, SecretString};
use payments_core::signature::{self, HmacAlgorithm, SignatureError};
use payments_core::{
    DecodeError, HttpClient, InvalidRequest, ItemStream, Request, Resolution, decode_json_scrubbed,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::client::Client;
use crate::error::{Error, ErrorEnvelope, Result};
use crate::list::{Query, Single, stream};
use crate::model::payment::Payment;
use crate::model::webhook::{EventType, Webhook};

/// Body of `POST /webhooks/` and `PUT /webhooks/{id}/`: the URL and the event it receives.
///
/// ```
/// use askell_sdk::{EventType, WebhookCreate};
///
/// let request = WebhookCreate::new("https://example.com/hooks/askell/", EventType::PaymentAll);
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     serde_json::json!({"url": "https://example.com/hooks/askell/", "event": "payment.*"})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WebhookCreate {
    /// Wire `url`: where Askell posts the events (`http://` or `https://`).
    pub url: String,
    /// Wire `event`: one event name or wildcard.
    pub event: EventType,
}

impl WebhookCreate {
    /// Posts `event` to `url`.
    pub fn new(url: impl Into<String>, event: EventType) -> Self {
        Self {
            url: url.into(),
            event,
        }
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        validate_url(&self.url)
    }
}

/// Body of `PATCH /webhooks/{id}/`: the fields to change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WebhookPatch {
    /// Wire `url`: a new target URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Wire `event`: a new event name or wildcard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<EventType>,
}

impl WebhookPatch {
    /// A patch that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the URL.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Changes the event.
    pub fn event(mut self, event: EventType) -> Self {
        self.event = Some(event);
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        if self.url.is_none() && self.event.is_none() {
            return Err(InvalidRequest::new(
                "url",
                "a patch must change url or event",
            ));
        }
        if let Some(url) = &self.url {
            validate_url(url)?;
        }
        Ok(())
    }
}

fn validate_url(url: &str) -> Result<(), InvalidRequest> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    if rest.is_some_and(|r| !r.is_empty() && !r.chars().any(char::is_whitespace)) {
        Ok(())
    } else {
        Err(InvalidRequest::new(
            "url",
            format!("must be an http(s) URL, got {url:?}"),
        ))
    }
}

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
/// `Debug` never shows the secret, and a body that fails to decode after verifying has the
/// secret (and every `hmac_secret` member) masked in its excerpt.
#[derive(Clone)]
pub struct WebhookVerifier {
    secret: SecretString,
    algorithm: HmacAlgorithm,
    scrubber: Scrubber,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secret", &Redacted)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl WebhookVerifier {
    /// A verifier for `secret` (the registration's `hmac_secret`) with Askell's default
    /// digest, SHA512.
    pub fn new(secret: impl Into<SecretString>) -> Self {
        Self::with_algorithm(secret.into(), HmacAlgorithm::Sha512)
    }

    fn with_algorithm(secret: SecretString, algorithm: HmacAlgorithm) -> Self {
        let scrubber = Scrubber::new([&secret], &["hmac_secret"]);
        Self {
            secret,
            algorithm,
            scrubber,
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
        Ok(Self::with_algorithm(secret.into(), algorithm))
    }

    /// A verifier for a registration as Askell answers it ([`Client::webhooks`]): its
    /// `hmac_secret`, and its `hmac_digest` (SHA512 when absent).
    pub fn from_webhook(webhook: &Webhook) -> Result<Self, WebhookError> {
        let secret = webhook
            .hmac_secret
            .clone()
            .ok_or(WebhookError::MissingSecret)?;
        match webhook.hmac_digest.as_deref().map(str::trim) {
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
        self.read_event(headers.event, headers.api_version, body)
    }

    fn decode<T: DeserializeOwned>(&self, body: &[u8]) -> Result<T, WebhookError> {
        decode_json_scrubbed(None, body, &self.scrubber).map_err(WebhookError::InvalidBody)
    }

    /// Reads a body whose signature has been verified.
    fn read_event(
        &self,
        header_event: Option<&str>,
        api_version: Option<&str>,
        body: &[u8],
    ) -> Result<WebhookEvent, WebhookError> {
        let header_event = header_event.map(str::trim).filter(|s| !s.is_empty());
        let api_version = api_version.map(str::to_owned);
        // With `Hook-Event` naming a payment event, the envelope and the payment are read in one
        // pass.
        if let Some(name) = header_event
            && is_payment(&EventType::from_wire(name))
        {
            let envelope: Envelope<Payment> = self.decode(body)?;
            check_event(name, envelope.event.as_deref())?;
            let payment = match envelope.data {
                Some(p) => p,
                // No envelope: the body is the payment.
                None => self.decode(body)?,
            };
            return Ok(WebhookEvent {
                event: EventType::from_wire(name),
                api_version,
                sender: envelope.sender,
                data: EventData::Payment(Box::new(payment)),
            });
        }
        let envelope: Envelope<Box<RawValue>> = self.decode(body)?;
        let name = match header_event {
            Some(h) => {
                check_event(h, envelope.event.as_deref())?;
                h
            }
            None => envelope
                .event
                .as_deref()
                .ok_or(WebhookError::MissingHeader(HOOK_EVENT))?,
        };
        let event = EventType::from_wire(name);
        let data = match (is_payment(&event), envelope.data) {
            (true, Some(raw)) => EventData::Payment(Box::new(
                self.decode(raw.get().as_bytes()).map_err(in_data)?,
            )),
            (true, None) => EventData::Payment(Box::new(self.decode(body)?)),
            (false, Some(raw)) => EventData::Other(raw),
            (false, None) => EventData::Other(self.decode(body)?),
        };
        Ok(WebhookEvent {
            event,
            api_version,
            sender: envelope.sender,
            data,
        })
    }
}

fn is_payment(event: &EventType) -> bool {
    matches!(
        event,
        EventType::PaymentCreated | EventType::PaymentChanged | EventType::PaymentRetry
    )
}

/// `Hook-Event` and the body's `event`, when both are there, must name the same event.
fn check_event(header: &str, body: Option<&str>) -> Result<(), WebhookError> {
    match body {
        Some(b) if b.trim() != header => Err(WebhookError::EventMismatch {
            header: header.to_owned(),
            body: b.to_owned(),
        }),
        _ => Ok(()),
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
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum EventData {
    /// `payment.created`, `payment.changed`, `payment.retry`: the payment.
    Payment(Box<Payment>),
    /// Every other event: `data` as sent, unparsed (its shape is not documented by Askell);
    /// read it with [`WebhookEvent::data_as`].
    Other(Box<RawValue>),
}

impl PartialEq for EventData {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Payment(a), Self::Payment(b)) => a == b,
            (Self::Other(a), Self::Other(b)) => a.get() == b.get(),
            _ => false,
        }
    }
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
            EventData::Other(raw) => payments_core::decode_json(None, raw.get().as_bytes())
                .map_err(|e| WebhookError::InvalidBody(prefix_data(e))),
            EventData::Payment(_) => Err(WebhookError::InvalidBody(DecodeError::new(
                None,
                "data",
                "a payment event: read it with WebhookEvent::payment",
                b"",
            ))),
        }
    }
}

/// The delivery envelope, with `data` read as `D`.
#[derive(Deserialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>"))]
struct Envelope<D> {
    #[serde(default)]
    event: Option<String>,
    #[serde(default)]
    sender: Option<String>,
    #[serde(default)]
    data: Option<D>,
}

/// Prefixes a decode error's path with `data`, so it names the place in the whole body.
fn in_data(e: WebhookError) -> WebhookError {
    match e {
        WebhookError::InvalidBody(d) => WebhookError::InvalidBody(prefix_data(d)),
        other => other,
    }
}

fn prefix_data(mut e: DecodeError) -> DecodeError {
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

/// Sends `request`; a 2xx answer with an empty body is `None`, otherwise the body is read as
/// `T` (an object or a one-element array).
async fn call_optional<T: DeserializeOwned>(
    http: &HttpClient,
    request: Request,
) -> Result<Option<T>> {
    let response = http.send::<ErrorEnvelope>(request).await?;
    if !response.is_success() {
        return Err(response.error());
    }
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let Single(value) = response.json::<Single<T>, ErrorEnvelope>()?;
    Ok(Some(value))
}

fn by_id(id: i64) -> Resolution {
    Resolution::new("webhooks", "id", id.to_string())
}

impl Client {
    /// `GET /webhooks/`: every registration of the account, as a stream.
    ///
    /// ```no_run
    /// use askell_sdk::TryStreamExt as _;
    /// use askell_sdk::webhook::WebhookVerifier;
    ///
    /// # async fn run(client: askell_sdk::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let hooks: Vec<_> = client.webhooks().try_collect().await?;
    /// for hook in &hooks {
    ///     let verifier = WebhookVerifier::from_webhook(hook)?;
    ///     println!("{} {:?} {:?}", hook.id, hook.event, verifier.algorithm());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn webhooks(&self) -> ItemStream<Webhook, Error> {
        stream(&self.http, "webhooks", "/webhooks/", Query::new())
    }

    /// `POST /webhooks/`: registers `request.url` for `request.event`. Answers the
    /// registration (with its HMAC secret) when Askell sends it back. Not repeated by the
    /// client; an unknown outcome names [`webhooks`](Self::webhooks), to look for the URL.
    ///
    /// ```no_run
    /// use askell_sdk::{EventType, WebhookCreate};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let request = WebhookCreate::new("https://example.com/hooks/askell/", EventType::PaymentAll);
    /// if let Some(hook) = client.create_webhook(&request).await? {
    ///     println!("registered {}", hook.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create_webhook(&self, request: &WebhookCreate) -> Result<Option<Webhook>> {
        request.validate()?;
        let req = Request::post("/webhooks/")
            .operation("create_webhook")
            .json(request)?
            .resolve_with(Resolution::new("webhooks", "url", request.url.clone()));
        call_optional(&self.http, req).await
    }

    /// `PUT /webhooks/{id}/`: replaces the registration's URL and event. Idempotent, so
    /// repeated after a failure like a read.
    ///
    /// ```no_run
    /// use askell_sdk::{EventType, WebhookCreate};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let request = WebhookCreate::new("https://example.com/customers/", EventType::CustomerAll);
    /// client.replace_webhook(1, &request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn replace_webhook(
        &self,
        id: i64,
        request: &WebhookCreate,
    ) -> Result<Option<Webhook>> {
        request.validate()?;
        let req = Request::put(format!("/webhooks/{id}/"))
            .operation("replace_webhook")
            .json(request)?
            .safe_to_repeat(true)
            .resolve_with(by_id(id));
        call_optional(&self.http, req).await
    }

    /// `PATCH /webhooks/{id}/`: changes the URL, the event or both. Idempotent, so repeated
    /// after a failure like a read.
    ///
    /// ```no_run
    /// use askell_sdk::{EventType, WebhookPatch};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// client
    ///     .update_webhook(1, &WebhookPatch::new().event(EventType::SubscriptionRenewed))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_webhook(&self, id: i64, patch: &WebhookPatch) -> Result<Option<Webhook>> {
        patch.validate()?;
        let req = Request::patch(format!("/webhooks/{id}/"))
            .operation("update_webhook")
            .json(patch)?
            .safe_to_repeat(true)
            .resolve_with(by_id(id));
        call_optional(&self.http, req).await
    }

    /// `DELETE /webhooks/{id}/`: removes the registration (204). Not repeated by the client;
    /// an unknown outcome names [`webhooks`](Self::webhooks).
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// client.delete_webhook(1).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_webhook(&self, id: i64) -> Result<()> {
        let req = Request::delete(format!("/webhooks/{id}/"))
            .operation("delete_webhook")
            .resolve_with(by_id(id));
        self.http.call_empty::<ErrorEnvelope>(req).await
    }
}
