//! Resid's error answers, typed.
//!
//! Every Resid answer has the envelope `{"message": ..., "info": ..., "errors": [...]}`. An
//! answer is an error when its HTTP status is not 2xx, **or** its `errors` holds anything, **or**
//! its `message` is not `OK`, whatever the status: a `200` whose envelope carries errors is
//! [`Error::Api`](payments_core::Error::Api) with status 200 and the typed [`ErrorEnvelope`].
//!
//! What Resid puts in an error envelope is not documented (unconfirmed): the message text, the
//! type of each `errors` entry (text or object), the HTTP statuses and any error codes. So the
//! envelope keeps the message and every raw entry as sent, and reads whatever shape comes.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::model::envelope::is_ok_message;

/// A failed call to Resid. See [`payments_core::Error`] for the variants.
pub type Error = payments_core::Error<ErrorEnvelope>;

/// The result of a call to Resid.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The envelope of a Resid error answer: its message and raw errors.
///
/// Read leniently: either member may be missing or `null`; a `message` that is not text is kept
/// as its JSON text; `errors` may be an array (each entry kept as sent), or a single object or
/// text (kept as one entry).
///
/// ```
/// use resid_sdk::ErrorEnvelope;
///
/// let e: ErrorEnvelope = serde_json::from_str(
///     r#"{"message":"Payment expired","info":{},"errors":["collect window passed"]}"#,
/// ).unwrap();
/// assert_eq!(e.message.as_deref(), Some("Payment expired"));
/// assert_eq!(e.errors, [serde_json::json!("collect window passed")]);
/// assert_eq!(e.to_string(), "Payment expired: collect window passed");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorEnvelope {
    /// Wire `message`: `OK` on success, otherwise the error text (unconfirmed).
    #[serde(default, deserialize_with = "message")]
    pub message: Option<String>,
    /// Wire `errors`: every entry as sent (text or object; the type is not documented).
    #[serde(default, deserialize_with = "raw_errors")]
    pub errors: Vec<serde_json::Value>,
}

impl ErrorEnvelope {
    /// Reads an envelope from an answer's body; `None` when it is not one (not JSON, or not an
    /// object).
    pub fn from_body(body: &[u8]) -> Option<Self> {
        serde_json::from_slice(body).ok()
    }

    /// `true` when the envelope says the call failed: `errors` holds an entry, or `message` is
    /// present and not `OK`.
    pub fn is_error(&self) -> bool {
        !self.errors.is_empty() || self.message.as_deref().is_some_and(|m| !is_ok_message(m))
    }

    /// Each error entry as text: a text entry as is, any other as its JSON text.
    pub fn error_texts(&self) -> impl Iterator<Item = Cow<'_, str>> {
        self.errors.iter().map(|e| match e {
            serde_json::Value::String(s) => Cow::Borrowed(s.as_str()),
            other => Cow::Owned(other.to_string()),
        })
    }
}

impl fmt::Display for ErrorEnvelope {
    /// `message: entry; entry`, without a message of `OK`; `(no message)` when empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message.as_deref().filter(|m| !is_ok_message(m));
        let mut wrote = false;
        if let Some(m) = message {
            f.write_str(m)?;
            wrote = true;
        }
        for (i, text) in self.error_texts().enumerate() {
            let sep = match (i, wrote) {
                (0, true) => ": ",
                (0, false) => "",
                _ => "; ",
            };
            write!(f, "{sep}{text}")?;
        }
        if !wrote && self.errors.is_empty() {
            f.write_str("(no message)")?;
        }
        Ok(())
    }
}

impl payments_core::ProviderEnvelope for ErrorEnvelope {
    /// Resid documents no error codes.
    fn code(&self) -> Option<&str> {
        None
    }

    /// The message unless it is `OK`, else the first text entry of `errors`.
    fn message(&self) -> Option<&str> {
        self.message
            .as_deref()
            .filter(|m| !is_ok_message(m))
            .or_else(|| self.errors.iter().find_map(serde_json::Value::as_str))
    }
}

/// `message`: text as is, `null` as none, anything else as its JSON text.
fn message<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct MessageVisitor;
    impl<'de> Visitor<'de> for MessageVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a message")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            let v = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
            Ok(Some(v.to_string()))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            let v = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
            Ok(Some(v.to_string()))
        }
    }
    deserializer.deserialize_any(MessageVisitor)
}

/// `errors`: an array's entries; a single object or non-empty text as one entry; `null`, `""`
/// and `{}` as none.
fn raw_errors<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<serde_json::Value>, D::Error> {
    struct ErrorsVisitor;
    impl<'de> Visitor<'de> for ErrorsVisitor {
        type Value = Vec<serde_json::Value>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of errors")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = seq.next_element::<serde_json::Value>()? {
                out.push(entry);
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            let v = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
            Ok(if v.as_object().is_some_and(serde_json::Map::is_empty) {
                Vec::new()
            } else {
                vec![v]
            })
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(if v.trim().is_empty() {
                Vec::new()
            } else {
                vec![serde_json::Value::String(v.to_owned())]
            })
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(vec![v.into()])
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(vec![v.into()])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(vec![v.into()])
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(vec![v.into()])
        }
    }
    deserializer.deserialize_any(ErrorsVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_core::ProviderEnvelope as _;

    #[test]
    fn every_shape_reads() {
        let read = |s: &str| serde_json::from_str::<ErrorEnvelope>(s).unwrap();
        let e = read(r#"{"message":"Bad request","errors":[{"field":"amount"},"required"]}"#);
        assert_eq!(
            e.to_string(),
            r#"Bad request: {"field":"amount"}; required"#
        );
        assert!(e.is_error());
        let e = read(r#"{"message":"OK","errors":{"amount":["required"]}}"#);
        assert_eq!(e.to_string(), r#"{"amount":["required"]}"#);
        assert_eq!(e.message(), None);
        let e = read(r#"{"message":"OK","errors":["expired"]}"#);
        assert_eq!(e.message(), Some("expired"));
        let e = read(r#"{"message":null,"errors":null}"#);
        assert!(!e.is_error());
        assert_eq!(e.to_string(), "(no message)");
        let e = read(r#"{"message":500,"errors":"boom"}"#);
        assert_eq!(e.message.as_deref(), Some("500"));
        assert_eq!(e.errors, [serde_json::json!("boom")]);
        assert_eq!(e.code(), None);
        let e = read(r#"{"message":{"fa":"x"},"errors":{}}"#);
        assert_eq!(e.message.as_deref(), Some(r#"{"fa":"x"}"#));
        assert!(e.errors.is_empty());
        assert!(ErrorEnvelope::from_body(b"<html>502</html>").is_none());
        assert!(ErrorEnvelope::from_body(b"{}").is_some_and(|e| !e.is_error()));
    }
}
