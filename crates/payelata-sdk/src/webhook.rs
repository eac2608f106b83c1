//! Callbacks: verifying `X-Signature`, then reading the document.
//!
//! Payelata `POST`s the same JSON:API document as the GET resource to the invoice's
//! `callback_url`, signed `X-Signature: base64(SHA1(SECRET ‖ RAW_BODY ‖ SECRET))` (standard
//! base64 alphabet, padded), where `SECRET` is the **test** secret for a test operation and the
//! **live** secret for a live one. Answer HTTP 200 exactly, or the delivery is retried (up to
//! 100 times by default).
//!
//! # How the secret is chosen without trusting the body
//!
//! The document's `test_mode` names the secret, but it is part of what the signature
//! protects, so [`CallbackVerifier::verify`] never reads the body before a signature checks:
//! it checks the signature against every secret it holds (each in constant time, over the raw
//! bytes as received), decodes only a body that one of them verified, and then requires the
//! secret that verified it to be the one the document's `test_mode` names (`true`: test;
//! `false` or missing: live). A live secret never accepts a test document and a test secret
//! never a live one ([`WebhookError::WrongMode`]). A shop that must never act on test
//! operations builds its verifier with [`CallbackVerifier::live`] only: a test callback then
//! fails to verify.
//!
//! # Order and duplicates
//!
//! Deliveries repeat and arrive out of order, and rapid changes may be batched into one.
//! Deduplicate on the resource id and apply a callback only when
//! [`Callback::is_newer_than`] the `updated` you stored.
//!
//! ```
//! use payelata_sdk::SecretString;
//! use payelata_sdk::webhook::{CallbackVerifier, Mode};
//!
//! let body = br#"{"data":{"type":"payment-invoices","id":"cpi_1","attributes":{"status":"processed","test_mode":true,"updated":1585175070}}}"#;
//! let test_secret = SecretString::from("sk_test_payelata_0");
//! let signature = payelata_sdk::webhook::sign(&test_secret, body);
//!
//! let verifier = CallbackVerifier::new(SecretString::from("sk_live_payelata_0"), test_secret);
//! let callback = verifier.verify(body, &signature).unwrap();
//! assert_eq!(callback.mode, Mode::Test);
//! assert!(callback.payment_invoice().unwrap().is_success());
//! assert!(verifier.verify(body, "osjIcDvhuOaSrP9adItfOd-CsQE=").is_err());
//! ```

use std::collections::BTreeMap;
use std::fmt;

use payments_core::http::HeaderMap;
use payments_core::scrub::Scrubber;
use payments_core::secret::redact_option;
use payments_core::signature::{SignatureError, sha1_sandwich_base64, verify_sha1_sandwich_base64};
use payments_core::{DecodeError, ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::Deserializer;
use time::OffsetDateTime;

use crate::client::SECRET_FIELDS;
use crate::jsonapi::{Attributes, Document, Included, Resource, ResourceKind};
use crate::model::payment_invoice::PaymentInvoice;
use crate::model::payout_invoice::PayoutInvoice;
use crate::model::refund::Refund;
use crate::wire::PhpObject;

/// The callback signature header, `X-Signature` (header names are case-insensitive).
pub const SIGNATURE_HEADER: &str = "x-signature";

/// Which secret verified a callback: the live or the test one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// A live operation (`test_mode` false or missing), signed with the live secret.
    Live,
    /// A test operation (`test_mode: true`), signed with the test secret.
    Test,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Live => "live",
            Self::Test => "test",
        })
    }
}

/// A callback could not be accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// `X-Signature` is missing or matches none of the secrets held.
    #[error("the callback signature did not verify")]
    Signature(#[source] SignatureError),
    /// The signature verified with the other mode's secret than the document's `test_mode`
    /// names (e.g. the live secret on a test document).
    #[error("the callback claims {claimed} mode but was signed with the other mode's secret")]
    WrongMode {
        /// The mode the document's `test_mode` claims.
        claimed: Mode,
    },
    /// The body verified but is not a callback document.
    #[error("the callback body could not be decoded")]
    Decode(#[source] DecodeError),
}

/// Verifies and reads callbacks with the account's live and/or test secret.
#[derive(Clone)]
pub struct CallbackVerifier {
    live: Option<SecretString>,
    test: Option<SecretString>,
    scrubber: Scrubber,
}

impl fmt::Debug for CallbackVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackVerifier")
            .field("live", &redact_option(self.live.as_ref()))
            .field("test", &redact_option(self.test.as_ref()))
            .finish_non_exhaustive()
    }
}

impl CallbackVerifier {
    /// Accepts live callbacks signed with `live_secret` and test ones signed with
    /// `test_secret`; [`Callback::mode`] says which. An empty secret is ignored (it would
    /// verify anything anyone signs).
    pub fn new(live_secret: SecretString, test_secret: SecretString) -> Self {
        Self::with(Some(live_secret), Some(test_secret))
    }

    /// Accepts live callbacks only.
    pub fn live(live_secret: SecretString) -> Self {
        Self::with(Some(live_secret), None)
    }

    /// Accepts test callbacks only.
    pub fn test(test_secret: SecretString) -> Self {
        Self::with(None, Some(test_secret))
    }

    fn with(live: Option<SecretString>, test: Option<SecretString>) -> Self {
        // An empty secret (a missing setting) would verify what anyone signs: it is ignored.
        let set = |s: Option<SecretString>| s.filter(|s| !s.expose_secret().trim().is_empty());
        let (live, test) = (set(live), set(test));
        let scrubber = Scrubber::new(live.iter().chain(test.iter()), SECRET_FIELDS);
        Self {
            live,
            test,
            scrubber,
        }
    }

    /// Verifies `signature` (the `X-Signature` value) over the raw `body` exactly as received,
    /// then reads it (see the [module docs](self) for how the secret is chosen).
    pub fn verify(&self, body: &[u8], signature: &str) -> Result<Callback, WebhookError> {
        if signature.trim().is_empty() {
            return Err(WebhookError::Signature(SignatureError::Missing));
        }
        let check = |secret: Option<&SecretString>| {
            secret.is_some_and(|s| {
                verify_sha1_sandwich_base64(s.expose_secret().as_bytes(), body, signature).is_ok()
            })
        };
        // Both are checked, whatever the first gave.
        let live_ok = check(self.live.as_ref());
        let test_ok = check(self.test.as_ref());
        if !live_ok && !test_ok {
            return Err(WebhookError::Signature(SignatureError::Mismatch));
        }
        let document: Document<CallbackObject> =
            payments_core::decode_json_scrubbed(None, body, &self.scrubber)
                .map_err(WebhookError::Decode)?;
        let claimed = if document.data.attributes.test_mode() == Some(true) {
            Mode::Test
        } else {
            Mode::Live
        };
        let accepted = match claimed {
            Mode::Live => live_ok,
            Mode::Test => test_ok,
        };
        if !accepted {
            return Err(WebhookError::WrongMode { claimed });
        }
        Ok(Callback {
            mode: claimed,
            document,
        })
    }

    /// [`verify`](Self::verify) with the signature read from `headers` (`X-Signature`).
    ///
    /// ```
    /// use payelata_sdk::SecretString;
    /// use payelata_sdk::webhook::CallbackVerifier;
    /// use payments_core::http::{HeaderMap, HeaderValue};
    ///
    /// let body = br#"{"data":{"type":"payment-invoices","id":"cpi_1","attributes":{}}}"#;
    /// let secret = SecretString::from("sk_live_1");
    /// let signature = payelata_sdk::webhook::sign(&secret, body);
    /// let mut headers = HeaderMap::new();
    /// headers.insert("X-Signature", HeaderValue::from_str(&signature).unwrap());
    /// let callback = CallbackVerifier::live(secret).verify_headers(&headers, body).unwrap();
    /// assert_eq!(callback.id(), "cpi_1");
    /// ```
    pub fn verify_headers(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Callback, WebhookError> {
        let signature = headers
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .ok_or(WebhookError::Signature(SignatureError::Missing))?;
        self.verify(body, signature)
    }
}

/// The `X-Signature` of `body` under `secret`: `base64(SHA1(secret ‖ body ‖ secret))`. For
/// testing your own callback handler.
///
/// ```
/// let secret = payelata_sdk::SecretString::from("sk_test_payelata_0");
/// assert_eq!(payelata_sdk::webhook::sign(&secret, b"{}").len(), 28);
/// ```
pub fn sign(secret: &SecretString, body: &[u8]) -> String {
    sha1_sandwich_base64(secret.expose_secret().as_bytes(), body)
}

/// A verified callback: which secret verified it and the document.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Callback {
    /// Live or test: the secret that verified the callback, which is the one its `test_mode`
    /// names. Check it before fulfilling a live order.
    pub mode: Mode,
    /// The document: the resource (by its `type`) and any `included` resources.
    pub document: Document<CallbackObject>,
}

impl Callback {
    /// The resource, e.g. the payment invoice `cpi_...`.
    pub fn resource(&self) -> &Resource<CallbackObject> {
        &self.document.data
    }

    /// The resource's id: the key to deduplicate on.
    pub fn id(&self) -> &str {
        &self.document.data.id
    }

    /// The resource's `type`, e.g. `payment-invoices` (the truth, whatever a doc's title says).
    pub fn kind(&self) -> &str {
        &self.document.data.kind
    }

    /// `true` for a test operation.
    pub fn is_test(&self) -> bool {
        self.mode == Mode::Test
    }

    /// The payment invoice, when the callback is about one.
    pub fn payment_invoice(&self) -> Option<&PaymentInvoice> {
        match &*self.document.data.attributes {
            CallbackObject::PaymentInvoice(i) => Some(i),
            _ => None,
        }
    }

    /// The payout invoice, when the callback is about one.
    pub fn payout_invoice(&self) -> Option<&PayoutInvoice> {
        match &*self.document.data.attributes {
            CallbackObject::PayoutInvoice(i) => Some(i),
            _ => None,
        }
    }

    /// The refund, when the callback is about one.
    pub fn refund(&self) -> Option<&Refund> {
        match &*self.document.data.attributes {
            CallbackObject::Refund(r) => Some(r),
            _ => None,
        }
    }

    /// The `included` resources (a `customers` one, `payment-requests`, ...).
    pub fn included(&self) -> &[Resource<Included>] {
        &self.document.included
    }

    /// The resource's `updated`, when it read as a time.
    pub fn updated(&self) -> Option<OffsetDateTime> {
        self.document.data.attributes.updated()
    }

    /// Whether this callback is newer than the state you stored, whose `updated` was
    /// `stored_updated`: `Some(true)` to apply it, `Some(false)` for a duplicate or an older
    /// delivery, `None` when the callback has no readable `updated` (fetch the resource to be
    /// sure).
    ///
    /// `updated` has one-second resolution and rapid changes may be batched: when it equals
    /// the stored one but the status differs, fetch the resource
    /// ([`Client::payment_invoice`](crate::Client::payment_invoice)) rather than guess.
    pub fn is_newer_than(&self, stored_updated: OffsetDateTime) -> Option<bool> {
        self.updated().map(|u| u > stored_updated)
    }
}

/// The attributes of a callback's resource, by its `type`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum CallbackObject {
    /// `payment-invoices`.
    PaymentInvoice(PaymentInvoice),
    /// `payout-invoices` (or the singular `payout-invoice`).
    PayoutInvoice(PayoutInvoice),
    /// `refunds`.
    Refund(Refund),
    /// Any other type: its attributes as sent.
    Other(BTreeMap<String, serde_json::Value>),
}

impl CallbackObject {
    /// The document's `test_mode`.
    pub fn test_mode(&self) -> Option<bool> {
        match self {
            Self::PaymentInvoice(i) => i.test_mode,
            Self::PayoutInvoice(p) => p.test_mode,
            Self::Refund(r) => r
                .extra
                .get("test_mode")
                .and_then(serde_json::Value::as_bool),
            Self::Other(m) => m.get("test_mode").and_then(serde_json::Value::as_bool),
        }
    }

    /// The resource's `updated`, when it read as a time.
    pub fn updated(&self) -> Option<OffsetDateTime> {
        match self {
            Self::PaymentInvoice(i) => i.updated_at(),
            Self::PayoutInvoice(p) => p.updated_at(),
            Self::Refund(_) | Self::Other(_) => None,
        }
    }
}

impl ResourceKind for CallbackObject {
    fn expected() -> String {
        "callback resource".into()
    }

    fn accepts(_kind: &str) -> bool {
        true
    }

    fn deserialize_attributes<'de, D: Deserializer<'de>>(
        kind: &str,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        if <PaymentInvoice as ResourceKind>::accepts(kind) {
            PaymentInvoice::deserialize(deserializer).map(Self::PaymentInvoice)
        } else if <PayoutInvoice as ResourceKind>::accepts(kind) {
            PayoutInvoice::deserialize(deserializer).map(Self::PayoutInvoice)
        } else if <Refund as ResourceKind>::accepts(kind) {
            Refund::deserialize(deserializer).map(Self::Refund)
        } else {
            serde_with::As::<PhpObject>::deserialize(deserializer).map(Self::Other)
        }
    }

    fn empty(kind: &str) -> Self {
        if kind == PaymentInvoice::TYPE {
            Self::PaymentInvoice(PaymentInvoice::default())
        } else if <PayoutInvoice as ResourceKind>::accepts(kind) {
            Self::PayoutInvoice(PayoutInvoice::default())
        } else if <Refund as ResourceKind>::accepts(kind) {
            Self::Refund(Refund::default())
        } else {
            Self::Other(BTreeMap::new())
        }
    }
}
