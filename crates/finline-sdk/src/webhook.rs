//! Webhooks: an `application/x-www-form-urlencoded` `POST` with two fields, `data` (base64url of
//! a JSON operation) and `signature` = `base64url(SHA1(API_SECRET ‖ data ‖ API_SECRET))`, where
//! `data` is the base64url text exactly as received.
//!
//! The signature is checked in constant time before `data` is decoded. Webhooks may arrive more
//! than once; deduplicate on (`order_id`, `method`, `operation_id`/`transaction_id`, `status`).
//!
//! The webhook's sender is `35.187.74.148`; answer HTTP 200 once the webhook is accepted.
//!
//! ```
//! use finline_sdk::SecretString;
//! use finline_sdk::webhook::{WebhookError, WebhookForm};
//!
//! let body = b"data=eyJuYW1lIjoiSm9lIiwiYWdlIjoyMH0%3D&signature=Bcj3hb-h00HrEMIoJ5nPW5ZHlVQ%3D";
//! let form = WebhookForm::parse(body)?;
//! let verified = form.verify(&SecretString::from("changeme"))?;
//! assert_eq!(verified.json(), br#"{"name":"Joe","age":20}"#);
//! # Ok::<(), WebhookError>(())
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_PAD_INDIFFERENT;
use payments_core::signature::verify_sha1_sandwich_base64url;
use payments_core::{DecodeError, ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::model::operation::Operation;

/// Why a signature did not verify (payments-core's, re-exported so it can be matched).
pub use payments_core::SignatureError;

/// A webhook could not be accepted. `Display` is one line; `source()` gives the cause once.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is not an `application/x-www-form-urlencoded` form.
    #[error("the webhook body is not a form: {0}")]
    Form(String),
    /// A form field is missing.
    #[error("the webhook form has no `{0}` field")]
    MissingField(&'static str),
    /// The signature did not verify: the body was not sent by the gateway, or was altered.
    #[error("the webhook signature did not verify")]
    Signature(#[from] SignatureError),
    /// `data` is not base64url.
    #[error("the webhook `data` is not base64url")]
    Base64,
    /// The decoded `data` is not the expected JSON.
    #[error("the webhook `data` could not be decoded")]
    Decode(#[from] DecodeError),
}

/// The two form fields of a webhook, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WebhookForm {
    /// `data`: base64url of the JSON operation, exactly as received (after form decoding).
    pub data: String,
    /// `signature`: base64url of the SHA-1 over `secret ‖ data ‖ secret`.
    pub signature: String,
}

impl WebhookForm {
    /// Reads the form body of the webhook request.
    pub fn parse(body: &[u8]) -> Result<Self, WebhookError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|e| WebhookError::Form(e.to_string()))?;
        let field = |name: &'static str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .ok_or(WebhookError::MissingField(name))
        };
        Ok(Self {
            data: field("data")?,
            signature: field("signature")?,
        })
    }

    /// Checks the signature with the POS's `API_SECRET` in constant time, then decodes `data`
    /// from base64url (padded or not). Nothing of `data` is read before the signature holds.
    pub fn verify(&self, api_secret: &SecretString) -> Result<VerifiedWebhook, WebhookError> {
        verify_sha1_sandwich_base64url(
            api_secret.expose_secret().as_bytes(),
            self.data.as_bytes(),
            &self.signature,
        )?;
        let json = URL_SAFE_PAD_INDIFFERENT
            .decode(self.data.trim())
            .map_err(|_| WebhookError::Base64)?;
        Ok(VerifiedWebhook { json })
    }
}

/// A webhook whose signature verified: the decoded JSON of `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedWebhook {
    json: Vec<u8>,
}

impl VerifiedWebhook {
    /// The JSON bytes of `data`.
    pub fn json(&self) -> &[u8] {
        &self.json
    }

    /// `data` as the operation it reports.
    pub fn operation(&self) -> Result<Operation, WebhookError> {
        self.decode()
    }

    /// `data` as any type (for fields this SDK does not model).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, WebhookError> {
        Ok(payments_core::decode_json(None, &self.json)?)
    }
}

/// Parses, verifies and decodes a webhook body in one step.
///
/// ```
/// use finline_sdk::SecretString;
/// use finline_sdk::webhook::{WebhookError, parse_webhook};
///
/// let err = parse_webhook(&SecretString::from("changeme"), b"data=e30%3D&signature=x").unwrap_err();
/// assert!(matches!(err, WebhookError::Signature(_)));
/// ```
pub fn parse_webhook(api_secret: &SecretString, body: &[u8]) -> Result<Operation, WebhookError> {
    WebhookForm::parse(body)?.verify(api_secret)?.operation()
}

impl Client {
    /// Parses, verifies (with this POS's `API_SECRET`) and decodes a webhook body: the
    /// operation it reports. Answer HTTP 200 once it is accepted; webhooks may come twice.
    ///
    /// ```no_run
    /// # fn run(client: &finline_sdk::Client, body: &[u8]) -> Result<(), finline_sdk::webhook::WebhookError> {
    /// let op = client.parse_webhook(body)?;
    /// println!("{} {} is {}", op.order_id, op.method, op.status);
    /// # Ok(()) }
    /// ```
    pub fn parse_webhook(&self, body: &[u8]) -> Result<Operation, WebhookError> {
        parse_webhook(self.api_secret(), body)
    }
}
