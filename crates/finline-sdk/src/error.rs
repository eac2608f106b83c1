//! Errors: the gateway's error envelope as types, and the crate's [`Error`] alias.
//!
//! An error answer (4xx/5xx) carries `{"message": "...", "args": {"code": "S-404"}}`. Every
//! member may be missing (the envelope still reads, with the member absent), and `args` has been
//! seen in three shapes, all read into [`ErrorArgs`].

use std::fmt;

use payments_core::ProviderEnvelope;
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::model::enums::ErrorCode;

/// A failed call: invalid locally, timed out, connection failed, an error answer (with
/// [`ErrorEnvelope`]), an undecodable or oversized answer. See [`payments_core::Error`].
///
/// After a 5xx, a timeout, or a 2xx that cannot be read on a money-moving `POST`,
/// [`outcome_unknown`](payments_core::Error::outcome_unknown) is `Some` and its
/// [`Resolution`](payments_core::Resolution) names the status query,
/// [`Client::order_status`](crate::Client::order_status), with the request's `order_id`.
pub type Error = payments_core::Error<ErrorEnvelope>;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The body of an error answer. Every member is optional: an answer missing one still reads.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ErrorEnvelope {
    /// `message`: what went wrong, in words (at most 512 characters).
    #[serde(default)]
    pub message: Option<String>,
    /// `args`: details; usually `{"code": "..."}`. Missing or `null` reads as
    /// `ErrorArgs::Other(Value::Null)`.
    #[serde(default)]
    pub args: ErrorArgs,
    /// `code`: a top-level code some answers carry (type not documented; kept as sent).
    #[serde(default)]
    pub code: Option<Value>,
    /// `details`: extra details some answers carry (kept as sent).
    #[serde(default)]
    pub details: Option<Value>,
}

impl ErrorEnvelope {
    /// The error code of `args.code`, when the answer has one.
    pub fn error_code(&self) -> Option<&ErrorCode> {
        match &self.args {
            ErrorArgs::Code { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The field violations of `args`, when the answer lists them.
    pub fn violations(&self) -> &[FieldViolation] {
        match &self.args {
            ErrorArgs::Violations(list) => list,
            _ => &[],
        }
    }
}

impl ProviderEnvelope for ErrorEnvelope {
    /// `args.code`, else a top-level string `code`.
    fn code(&self) -> Option<&str> {
        self.error_code()
            .map(ErrorCode::as_str)
            .or_else(|| self.code.as_ref().and_then(Value::as_str))
    }

    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl fmt::Display for ErrorEnvelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message.as_deref().unwrap_or("(no message)"))?;
        if let Some(code) = ProviderEnvelope::code(self) {
            write!(f, " ({code})")?;
        }
        for v in self.violations() {
            write!(
                f,
                "; {}: {}",
                v.field_name.as_deref().unwrap_or("?"),
                v.violation.as_deref().unwrap_or("invalid")
            )?;
        }
        Ok(())
    }
}

/// `args` of an error answer, in the shapes seen.
///
/// Read by a hand-written `Deserialize` (not `untagged`): an object with a string or numeric
/// `code` is [`Code`](Self::Code), a list of objects is [`Violations`](Self::Violations), and
/// anything else (another object such as `{"obj": [{"msg": ["..."]}]}`, a list of strings, a
/// string, `null`) is [`Other`](Self::Other), kept as sent. No shape fails the envelope.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorArgs {
    /// `{"code": "S-404", ...}`: the documented shape.
    Code {
        /// `code`: the error code (at most 16 characters).
        code: ErrorCode,
        /// The object's other members, kept as sent.
        other: Map<String, Value>,
    },
    /// `[{"field_name": "amount", "violation": "..."}]`: per-field validation failures.
    Violations(Vec<FieldViolation>),
    /// Any other shape, kept as sent (`Null` when `args` was missing or `null`).
    Other(Value),
}

impl Default for ErrorArgs {
    fn default() -> Self {
        Self::Other(Value::Null)
    }
}

impl<'de> Deserialize<'de> for ErrorArgs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ArgsVisitor)
    }
}

struct ArgsVisitor;

impl<'de> Visitor<'de> for ArgsVisitor {
    type Value = ErrorArgs;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("error args: an object, a list or a scalar")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ErrorArgs, A::Error> {
        let mut object = Map::deserialize(MapAccessDeserializer::new(map))?;
        let code = match object.get("code") {
            Some(Value::String(s)) => Some(ErrorCode::from_wire(s)),
            Some(Value::Number(n)) => Some(ErrorCode::from_wire(&n.to_string())),
            _ => None,
        };
        Ok(match code {
            Some(code) => {
                object.remove("code");
                ErrorArgs::Code {
                    code,
                    other: object,
                }
            }
            None => ErrorArgs::Other(Value::Object(object)),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ErrorArgs, A::Error> {
        let items = Vec::<Value>::deserialize(SeqAccessDeserializer::new(seq))?;
        let violations: Option<Vec<FieldViolation>> = items
            .iter()
            .map(|item| {
                item.is_object()
                    .then(|| FieldViolation::deserialize(item).ok())
                    .flatten()
            })
            .collect();
        Ok(match violations {
            Some(list) => ErrorArgs::Violations(list),
            None => ErrorArgs::Other(Value::Array(items)),
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<ErrorArgs, E> {
        Ok(ErrorArgs::Other(Value::Null))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<ErrorArgs, E> {
        Ok(ErrorArgs::Other(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ErrorArgs, E> {
        Ok(ErrorArgs::Other(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ErrorArgs, E> {
        Ok(ErrorArgs::Other(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ErrorArgs, E> {
        Ok(ErrorArgs::Other(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorArgs, E> {
        Ok(ErrorArgs::Other(Value::from(v)))
    }
}

/// One field's validation failure; either member may be missing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct FieldViolation {
    /// `field_name`: the request field at fault.
    #[serde(default)]
    pub field_name: Option<String>,
    /// `violation`: what is wrong with it.
    #[serde(default)]
    pub violation: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> ErrorEnvelope {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn every_args_shape_is_read() {
        let e = read(r#"{"message":"Not found","args":{"code":"S-404"}}"#);
        assert_eq!(e.error_code(), Some(&ErrorCode::NotFound));
        assert_eq!(e.to_string(), "Not found (S-404)");
        let e = read(r#"{"message":"Bad","args":[{"field_name":"amount","violation":"too big"}]}"#);
        assert_eq!(e.violations()[0].field_name.as_deref(), Some("amount"));
        assert_eq!(e.to_string(), "Bad; amount: too big");
        let e = read(r#"{"message":"Bad","args":{"obj":[{"msg":["x"]}]}}"#);
        assert!(matches!(e.args, ErrorArgs::Other(Value::Object(_))));
        let e = read(r#"{"message":"Bad","args":["x", 1]}"#);
        assert!(matches!(e.args, ErrorArgs::Other(Value::Array(ref a)) if a.len() == 2));
        let e = read(r#"{"message":"Bad","args":"x"}"#);
        assert_eq!(e.args, ErrorArgs::Other(Value::from("x")));
        let e = read(r#"{"message":"Bad","args":{"code":409,"order_id":"1"}}"#);
        assert!(
            matches!(e.args, ErrorArgs::Code { ref code, ref other } if code.as_str() == "409" && other["order_id"] == "1")
        );
        let e = read(r#"{"message":"Bad","args":null}"#);
        assert_eq!(e.args, ErrorArgs::Other(Value::Null));
    }

    #[test]
    fn every_member_may_be_missing() {
        let e = read(r#"{"args":{"code":"S-404"}}"#);
        assert_eq!(e.message, None);
        assert_eq!(ProviderEnvelope::code(&e), Some("S-404"));
        assert_eq!(e.to_string(), "(no message) (S-404)");
        assert_eq!(read("{}"), ErrorEnvelope::default());
        let e = read(r#"{"message":"Bad","code":"E1"}"#);
        assert_eq!(ProviderEnvelope::code(&e), Some("E1"));
    }
}
