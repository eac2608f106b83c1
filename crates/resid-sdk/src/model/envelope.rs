//! Resid's answer envelope, `{"message": "OK", "info": ..., "errors": []}`, read in one pass
//! with `info` typed per endpoint.
//!
//! On the success path only what tells success from failure is looked at: whether `message` is
//! `OK` and whether `errors` holds anything (counted, not kept). The error's own content is read
//! by [`ErrorEnvelope`](crate::ErrorEnvelope), on the error path only.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// `true` for the success message: `OK`, ignoring ASCII case and surrounding whitespace.
pub(crate) fn is_ok_message(message: &str) -> bool {
    message.trim().eq_ignore_ascii_case("ok")
}

/// A Resid answer with `info` read as `T`.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub(crate) struct Envelope<T> {
    /// Wire `message`.
    #[serde(default)]
    message: Message,
    /// Wire `info`: the payload; `None` when missing or `null`.
    #[serde(default = "none")]
    pub(crate) info: Option<T>,
    /// Wire `errors`: only whether it holds anything.
    #[serde(default)]
    errors: ErrorsPresent,
}

fn none<T>() -> Option<T> {
    None
}

impl<T> Envelope<T> {
    /// `false` for a body with neither `message` nor `info`: a JSON answer that is not Resid's
    /// envelope at all (a proxy's, a framework's), which must not read as a success.
    pub(crate) fn is_envelope(&self) -> bool {
        self.message != Message::Absent || self.info.is_some() || self.errors.0
    }

    /// `message` is `OK` (or absent) and `errors` is empty (or absent).
    ///
    /// A missing `message` is tolerated (Resid's docs show it on every answer, but say nothing of
    /// an answer without one): with no errors, the answer counts as a success.
    pub(crate) fn is_success(&self) -> bool {
        !self.errors.0 && !matches!(self.message, Message::Other)
    }
}

/// What `message` said, as far as success goes.
#[derive(Debug, Default, PartialEq, Eq)]
enum Message {
    /// Missing or `null`.
    #[default]
    Absent,
    /// `OK`.
    Ok,
    /// Anything else: an error text, or not text at all.
    Other,
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MessageVisitor;
        impl<'de> Visitor<'de> for MessageVisitor {
            type Value = Message;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a message")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Message, E> {
                Ok(if is_ok_message(v) {
                    Message::Ok
                } else {
                    Message::Other
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Message, E> {
                Ok(Message::Absent)
            }
            fn visit_none<E: de::Error>(self) -> Result<Message, E> {
                Ok(Message::Absent)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Message, E> {
                Ok(Message::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Message, E> {
                Ok(Message::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Message, E> {
                Ok(Message::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Message, E> {
                Ok(Message::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Message, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Message::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Message, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Message::Other)
            }
        }
        deserializer.deserialize_any(MessageVisitor)
    }
}

/// Whether `errors` holds anything: a non-empty array, object or text, or any other value.
/// `null`, `[]`, `{}` and `""` hold nothing.
#[derive(Debug, Default, PartialEq, Eq)]
struct ErrorsPresent(bool);

impl<'de> Deserialize<'de> for ErrorsPresent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ErrorsVisitor;
        impl<'de> Visitor<'de> for ErrorsVisitor {
            type Value = ErrorsPresent;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of errors")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ErrorsPresent, A::Error> {
                let mut any = false;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    any = true;
                }
                Ok(ErrorsPresent(any))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorsPresent, A::Error> {
                let mut any = false;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {
                    any = true;
                }
                Ok(ErrorsPresent(any))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorsPresent, E> {
                Ok(ErrorsPresent(!v.trim().is_empty()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<ErrorsPresent, E> {
                Ok(ErrorsPresent(false))
            }
            fn visit_none<E: de::Error>(self) -> Result<ErrorsPresent, E> {
                Ok(ErrorsPresent(false))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<ErrorsPresent, E> {
                Ok(ErrorsPresent(true))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<ErrorsPresent, E> {
                Ok(ErrorsPresent(true))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<ErrorsPresent, E> {
                Ok(ErrorsPresent(true))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<ErrorsPresent, E> {
                Ok(ErrorsPresent(true))
            }
        }
        deserializer.deserialize_any(ErrorsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> Envelope<serde::de::IgnoredAny> {
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn success_needs_ok_and_no_errors() {
        assert!(read(r#"{"message":"OK","info":{},"errors":[]}"#).is_success());
        assert!(read(r#"{"message":" ok ","errors":null}"#).is_success());
        assert!(read(r#"{"info":{}}"#).is_success());
        assert!(read(r#"{"message":"OK","errors":{}}"#).is_success());
        for failed in [
            r#"{"message":"OK","info":{},"errors":["expired"]}"#,
            r#"{"message":"OK","errors":[{}]}"#,
            r#"{"message":"OK","errors":{"amount":["required"]}}"#,
            r#"{"message":"OK","errors":"expired"}"#,
            r#"{"message":"Payment not found","info":{},"errors":[]}"#,
            r#"{"message":404,"errors":[]}"#,
            r#"{"message":["x"]}"#,
        ] {
            assert!(!read(failed).is_success(), "{failed}");
        }
    }

    #[test]
    fn info_is_typed_and_null_or_missing_is_none() {
        #[derive(Deserialize, Debug)]
        struct Token {
            token: String,
        }
        let e: Envelope<Token> =
            serde_json::from_str(r#"{"message":"OK","info":{"token":"AsF42Sg53"},"errors":[]}"#)
                .unwrap();
        assert_eq!(e.info.unwrap().token, "AsF42Sg53");
        let e: Envelope<Token> = serde_json::from_str(r#"{"message":"OK","info":null}"#).unwrap();
        assert!(e.info.is_none());
        let e: Envelope<Vec<Token>> = serde_json::from_str(r#"{"message":"OK"}"#).unwrap();
        assert!(e.info.is_none());
    }
}
