//! Payelata's error answers, typed, and [`ErrorKind`] for the documented statuses.
//!
//! | status | meaning | [`ErrorKind`] |
//! |---|---|---|
//! | 401 | unauthorized (wrong account id or API key, or an expired cardgate bearer) | [`Unauthorized`](ErrorKind::Unauthorized) |
//! | 403 | not allowed (e.g. an IP not on the whitelist) | [`Forbidden`](ErrorKind::Forbidden) |
//! | 404 | not found | [`NotFound`](ErrorKind::NotFound) |
//! | 422 | invalid data: `request_id`, `error_type`, `error_codes` | [`InvalidData`](ErrorKind::InvalidData) |
//! | 429 | too many requests **or a duplicate request detected** | [`RateLimitedOrDuplicate`](ErrorKind::RateLimitedOrDuplicate) |
//! | 502 | bad gateway | [`BadGateway`](ErrorKind::BadGateway) |
//!
//! The exact layout of an error body is unconfirmed: [`ErrorEnvelope`] reads Paycore's 422
//! fields, a JSON:API `errors` array, a `message` and an `error` object alike, every field
//! optional, and the raw body (scrubbed of secrets) is always kept in
//! [`ApiError::body`](payments_core::ApiError::body).
//!
//! Creates and other money-moving writes are never retried, a 429 included: it may mean the
//! provider saw the request before, so such a 429 says the outcome is unknown and names the
//! status query that tells (see [`Error::outcome_unknown`](payments_core::Error::outcome_unknown)).

use std::collections::BTreeMap;
use std::fmt;

use payments_core::http::StatusCode;
use payments_core::{Lenient, ProviderEnvelope};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// A failed call to Payelata. See [`payments_core::Error`] for the variants.
pub type Error = payments_core::Error<ErrorEnvelope>;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The body of a Payelata error answer; every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ErrorEnvelope {
    /// Wire `request_id`: the trace id of a 422 (quote it to support).
    pub request_id: Option<Lenient<String>>,
    /// Wire `error_type`: the kind of a 422.
    pub error_type: Option<String>,
    /// Wire `error_codes`: a 422's validation errors (strings or objects); `null` reads as
    /// empty.
    #[serde(deserialize_with = "serde_with::As::<serde_with::DefaultOnNull>::deserialize")]
    pub error_codes: Vec<ErrorCode>,
    /// Wire `errors`: JSON:API error objects; `null` reads as empty.
    #[serde(deserialize_with = "serde_with::As::<serde_with::DefaultOnNull>::deserialize")]
    pub errors: Vec<ErrorObject>,
    /// Wire `message`.
    pub message: Option<String>,
    /// Wire `error`: an object with a `message` (or a bare string).
    pub error: Option<ErrorCode>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl ErrorEnvelope {
    /// The request id of a 422, as text.
    pub fn request_id(&self) -> Option<&str> {
        match self.request_id.as_ref()? {
            Lenient::Parsed(s) | Lenient::Raw(s) => Some(s),
        }
    }
}

impl ProviderEnvelope for ErrorEnvelope {
    /// `error_type`, else the first JSON:API error's `code`, else the first error code.
    fn code(&self) -> Option<&str> {
        self.error_type
            .as_deref()
            .or_else(|| self.errors.iter().find_map(ErrorObject::code))
            .or_else(|| self.error_codes.iter().find_map(|c| c.code.as_deref()))
            .or_else(|| self.error.as_ref().and_then(|e| e.code.as_deref()))
    }

    /// `message`, else `error.message`, else the first JSON:API error's `detail` or `title`,
    /// else the first error code's message.
    fn message(&self) -> Option<&str> {
        self.message
            .as_deref()
            .or_else(|| self.error.as_ref().and_then(|e| e.message.as_deref()))
            .or_else(|| self.errors.iter().find_map(ErrorObject::text))
            .or_else(|| self.error_codes.iter().find_map(|c| c.message.as_deref()))
    }
}

impl fmt::Display for ErrorEnvelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(t) = &self.error_type {
            parts.push(t.clone());
        }
        let own = self.message.as_deref();
        if let Some(m) = own.or_else(|| self.error.as_ref().and_then(|e| e.message.as_deref())) {
            parts.push(m.to_owned());
        }
        let codes: Vec<String> = self.error_codes.iter().map(ToString::to_string).collect();
        if !codes.is_empty() {
            parts.push(format!("[{}]", codes.join(", ")));
        }
        for e in &self.errors {
            parts.push(e.to_string());
        }
        if parts.is_empty() {
            f.write_str("(no message)")?;
        } else {
            f.write_str(&parts.join(": "))?;
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request_id {id})")?;
        }
        Ok(())
    }
}

/// One entry of `error_codes` (or the `error` member): a bare code string, or an object whose
/// fields are read when present (layout unconfirmed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorCode {
    /// Wire `code` (or the bare string).
    pub code: Option<String>,
    /// Wire `message` (or `title`, `detail`).
    pub message: Option<String>,
    /// Wire `field` (or `attribute`, `property_path`, `pointer`): what it is about.
    pub field: Option<String>,
    /// Every other member, as sent.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for part in [&self.field, &self.code, &self.message]
            .into_iter()
            .flatten()
        {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            f.write_str(part)?;
        }
        if first {
            f.write_str("?")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl<'de> Visitor<'de> for CodeVisitor {
            type Value = ErrorCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error code string or object")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorCode, E> {
                Ok(ErrorCode {
                    code: Some(v.to_owned()),
                    ..ErrorCode::default()
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ErrorCode, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ErrorCode, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<ErrorCode, E> {
                Ok(ErrorCode::default())
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<ErrorCode, M::Error> {
                let mut out = ErrorCode::default();
                while let Some(key) = map.next_key::<String>()? {
                    let value: serde_json::Value = map.next_value()?;
                    let text = match &value {
                        serde_json::Value::String(s) => Some(s.clone()),
                        serde_json::Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    };
                    let slot = match key.as_str() {
                        "code" => &mut out.code,
                        "message" | "title" | "detail" => &mut out.message,
                        "field" | "attribute" | "property_path" | "pointer" => &mut out.field,
                        _ => {
                            out.extra.insert(key, value);
                            continue;
                        }
                    };
                    if slot.is_none() && text.is_some() {
                        *slot = text;
                    } else {
                        out.extra.insert(key, value);
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_any(CodeVisitor)
    }
}

/// A JSON:API error object (`errors[]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ErrorObject {
    /// Wire `id`.
    pub id: Option<Lenient<String>>,
    /// Wire `status`: the HTTP status as a string (a number is kept as its text).
    pub status: Option<Lenient<String>>,
    /// Wire `code`.
    pub code: Option<Lenient<String>>,
    /// Wire `title`.
    pub title: Option<String>,
    /// Wire `detail`.
    pub detail: Option<String>,
    /// Wire `source`: `pointer` (e.g. `/data/attributes/amount`) and `parameter`.
    pub source: Option<ErrorSource>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl ErrorObject {
    fn code(&self) -> Option<&str> {
        lenient_text(self.code.as_ref())
    }

    fn text(&self) -> Option<&str> {
        self.detail.as_deref().or(self.title.as_deref())
    }
}

fn lenient_text(v: Option<&Lenient<String>>) -> Option<&str> {
    match v? {
        Lenient::Parsed(s) | Lenient::Raw(s) => Some(s),
    }
}

impl fmt::Display for ErrorObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = self.source.as_ref().and_then(|s| s.pointer.as_deref());
        let parts: Vec<&str> = [
            pointer,
            self.code(),
            self.title.as_deref(),
            self.detail.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            f.write_str(lenient_text(self.status.as_ref()).unwrap_or("error"))
        } else {
            f.write_str(&parts.join(" "))
        }
    }
}

/// Wire `errors[].source`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ErrorSource {
    /// Wire `pointer`: a JSON pointer into the request document.
    pub pointer: Option<String>,
    /// Wire `parameter`: a query parameter.
    pub parameter: Option<String>,
}

/// What a provider error answer means, by the status Payelata documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 401: the credentials (or the cardgate bearer) were refused.
    Unauthorized,
    /// 403: not allowed.
    Forbidden,
    /// 404: not found.
    NotFound,
    /// 422: invalid data (see the envelope's `error_codes`).
    InvalidData,
    /// 429: rate limited **or a duplicate request detected**: never retried on a write.
    RateLimitedOrDuplicate,
    /// 502: bad gateway.
    BadGateway,
    /// Any other status.
    Other,
}

impl ErrorKind {
    /// The kind of an answer with `status`.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            422 => Self::InvalidData,
            429 => Self::RateLimitedOrDuplicate,
            502 => Self::BadGateway,
            _ => Self::Other,
        }
    }

    /// The kind of `error` when the provider answered with an error; `None` otherwise.
    ///
    /// ```
    /// use payelata_sdk::{Error, ErrorKind};
    /// let e: Error = Error::invalid("amount", "must be positive");
    /// assert_eq!(ErrorKind::of(&e), None);
    /// ```
    pub fn of(error: &Error) -> Option<Self> {
        match error {
            payments_core::Error::Api(e) => Some(Self::from_status(e.status)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paycore_422_and_json_api_errors_both_read() {
        let e: ErrorEnvelope = serde_json::from_str(
            r#"{"request_id":"a1b2","error_type":"validation_error","error_codes":[
                {"code":"required","field":"reference_id","message":"This value should not be blank."},
                "invalid_amount"]}"#,
        )
        .unwrap();
        assert_eq!(e.request_id(), Some("a1b2"));
        assert_eq!(e.code(), Some("validation_error"));
        assert_eq!(e.error_codes[1].code.as_deref(), Some("invalid_amount"));
        assert_eq!(
            e.to_string(),
            "validation_error: [reference_id required This value should not be blank., invalid_amount] (request_id a1b2)"
        );
        let e: ErrorEnvelope = serde_json::from_str(
            r#"{"errors":[{"status":422,"title":"Invalid attribute","detail":"amount is required","source":{"pointer":"/data/attributes/amount"}}]}"#,
        )
        .unwrap();
        assert_eq!(e.message(), Some("amount is required"));
        assert_eq!(e.errors[0].status.as_ref().unwrap().to_string(), "422");
        let e: ErrorEnvelope =
            serde_json::from_str(r#"{"error":{"message":"Unauthorized"}}"#).unwrap();
        assert_eq!(e.message(), Some("Unauthorized"));
        let e: ErrorEnvelope =
            serde_json::from_str(r#"{"request_id":null,"errors":null}"#).unwrap();
        assert_eq!(e.to_string(), "(no message)");
    }
}
