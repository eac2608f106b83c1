//! Barion's callback (the "webhook"): Barion POSTs the payment id to the shop's `CallbackUrl`
//! whenever a payment completes, is cancelled, expires, is refunded or goes under / out of
//! review.
//!
//! The callback is **not signed**: anyone can post any id. So the only thing this module reads
//! from it is the payment id, and the only thing it offers is to fetch the payment's state with
//! your own POSKey ([`Client::callback_state`]). Act on that answer (status *and* transactions,
//! and check the `PaymentRequestId` is one of your orders), answer the callback with HTTP 200
//! within 15 seconds, and keep the processing idempotent: Barion retries up to 5 times.
//!
//! ```no_run
//! use barion_sdk::webhook::Callback;
//! use barion_sdk::{Client, PaymentStatus};
//!
//! # async fn handler(client: &Client, content_type: Option<&str>, body: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
//! let callback = Callback::from_body(content_type, body)?; // only an id: untrusted
//! let state = client.callback_state(&callback).await?;     // the truth, from Barion
//! if state.status == Some(PaymentStatus::Succeeded) {
//!     // mark the order `state.payment_request_id` paid (idempotently)
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;

use payments_core::{DecodeError, Lenient, decode_json};
use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use uuid::Uuid;

use crate::client::Client;
use crate::decode::Key;
use crate::error::Result;
use crate::model::payment::PaymentState;
use crate::model::wire::parse_guid;

/// A callback could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No `paymentId` (or `PaymentId`, any case) in the body or query.
    #[error("the callback carries no paymentId")]
    MissingPaymentId,
    /// The `paymentId` is not a GUID.
    #[error("the callback's paymentId `{0}` is not a GUID")]
    InvalidPaymentId(String),
    /// The JSON body could not be decoded.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The form body or query string could not be decoded.
    #[error("the callback form could not be decoded: {0}")]
    Form(String),
}

/// A Barion callback: only the id of the payment that changed. Fetch the state with
/// [`Client::callback_state`]; nothing else of the request is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Callback {
    payment_id: Uuid,
}

impl Callback {
    /// Reads the callback body: a form (`paymentId=<id>`) or JSON (`{"PaymentId": "<id>"}`); the
    /// key in any case, the id dashed or not. `content_type` is the request's `Content-Type`
    /// header, if any (a body starting with `{` is read as JSON whatever it says).
    ///
    /// ```
    /// use barion_sdk::webhook::Callback;
    /// let a = Callback::from_body(Some("application/x-www-form-urlencoded"),
    ///     b"paymentId=ecc2bc7a3d8147cab1f04de3dddd657f").unwrap();
    /// let b = Callback::from_body(None, br#"{"PaymentId":"ECC2BC7A-3D81-47CA-B1F0-4DE3DDDD657F"}"#).unwrap();
    /// assert_eq!(a, b);
    /// assert_eq!(a.payment_id().to_string(), "ecc2bc7a-3d81-47ca-b1f0-4de3dddd657f");
    /// ```
    pub fn from_body(content_type: Option<&str>, body: &[u8]) -> Result<Self, WebhookError> {
        let looks_json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        let says_json = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("json"));
        if looks_json || says_json {
            let CallbackJson(id) = decode_json(None, body)?;
            return match id.ok_or(WebhookError::MissingPaymentId)? {
                Lenient::Parsed(text) => Self::from_id(&text),
                Lenient::Raw(other) => Err(WebhookError::InvalidPaymentId(other)),
            };
        }
        Self::from_query(std::str::from_utf8(body).map_err(|e| WebhookError::Form(e.to_string()))?)
    }

    /// Reads the id from a query string (Barion may append `paymentId=<id>` to the callback
    /// URL), with or without the leading `?`.
    pub fn from_query(query: &str) -> Result<Self, WebhookError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query.trim().trim_start_matches('?'))
                .map_err(|e| WebhookError::Form(e.to_string()))?;
        let (_, id) = pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("paymentId"))
            .ok_or(WebhookError::MissingPaymentId)?;
        Self::from_id(id)
    }

    fn from_id(id: &str) -> Result<Self, WebhookError> {
        parse_guid(id)
            .map(|payment_id| Self { payment_id })
            .ok_or_else(|| WebhookError::InvalidPaymentId(id.to_owned()))
    }

    /// The id of the payment that changed (untrusted until you fetch its state).
    pub fn payment_id(&self) -> Uuid {
        self.payment_id
    }
}

/// The JSON form of a callback: only its `paymentId` member (any case), any JSON value.
struct CallbackJson(Option<Lenient<String>>);

impl<'de> Deserialize<'de> for CallbackJson {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CallbackVisitor;

        impl<'de> Visitor<'de> for CallbackVisitor {
            type Value = CallbackJson;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object with a paymentId")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CallbackJson, A::Error> {
                let mut id = None;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if key.as_str().eq_ignore_ascii_case("paymentId") {
                        id = map.next_value::<Option<Lenient<String>>>()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(CallbackJson(id))
            }
        }

        deserializer.deserialize_map(CallbackVisitor)
    }
}

impl Client {
    /// The state of the payment a callback names, fetched from Barion with this client's POSKey
    /// (`GET /v4/Payment/{id}/PaymentState`): the only trustworthy reading of a callback.
    ///
    /// ```no_run
    /// use barion_sdk::webhook::Callback;
    /// # async fn run(client: &barion_sdk::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let callback = Callback::from_body(None, b"paymentId=ecc2bc7a3d8147cab1f04de3dddd657f")?;
    /// let state = client.callback_state(&callback).await?;
    /// println!("{:?}", state.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn callback_state(&self, callback: &Callback) -> Result<PaymentState> {
        self.payment_state(callback.payment_id).await
    }
}
