//! Errors: the gateway's error envelope as types, the crate's [`Error`] alias, and
//! [`WebhookError`].
//!
//! An error answer (4xx/5xx) carries `{"message": "...", "args": {"code": "S-404"}}`; `args` has
//! been seen in three shapes, all read into [`ErrorArgs`].

use std::fmt;

use serde::Deserialize;

use crate::model::ErrorCode;

/// A failed call: invalid locally, timed out, connection failed, an error answer (with
/// [`ErrorEnvelope`]) or an undecodable answer. See [`payments_core::Error`].
///
/// After a 500/503 or a timeout on a money-moving `POST`,
/// [`outcome_unknown`](payments_core::Error::outcome_unknown) is `Some` and names the status
/// query, [`Client::order_status`](crate::Client::order_status), that tells what happened.
pub type Error = payments_core::Error<ErrorEnvelope>;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The body of an error answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ErrorEnvelope {
    /// `message`: what went wrong, in words (at most 512 characters).
    pub message: String,
    /// `args`: details; usually `{"code": "..."}`.
    #[serde(default)]
    pub args: ErrorArgs,
    /// `code`: a top-level code some answers carry.
    #[serde(default)]
    pub code: Option<serde_json::Value>,
    /// `details`: extra details some answers carry.
    #[serde(default)]
    pub details: Option<serde_json::Value>,
}

impl ErrorEnvelope {
    /// The error code of `args.code`, when the answer has one.
    pub fn code(&self) -> Option<&ErrorCode> {
        match &self.args {
            ErrorArgs::Code { code } => Some(code),
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

impl fmt::Display for ErrorEnvelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(code) = self.code() {
            write!(f, " ({code})")?;
        }
        for v in self.violations() {
            write!(f, "; {}: {}", v.field_name, v.violation)?;
        }
        Ok(())
    }
}

/// `args` of an error answer, in the shapes seen.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ErrorArgs {
    /// `{"code": "S-404"}`: the documented shape.
    Code {
        /// `code`: the error code (at most 16 characters).
        code: ErrorCode,
    },
    /// `[{"field_name": "amount", "violation": "..."}]`: per-field validation failures.
    Violations(Vec<FieldViolation>),
    /// Any other shape (for example `{"obj": [{"msg": ["..."]}]}`), kept as sent.
    Other(serde_json::Value),
}

impl Default for ErrorArgs {
    fn default() -> Self {
        Self::Other(serde_json::Value::Null)
    }
}

/// One field's validation failure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct FieldViolation {
    /// `field_name`: the request field at fault.
    pub field_name: String,
    /// `violation`: what is wrong with it.
    pub violation: String,
}

/// A webhook could not be accepted.
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
    #[error("the webhook signature did not verify: {0}")]
    Signature(#[from] payments_core::SignatureError),
    /// `data` is not base64url.
    #[error("the webhook `data` is not base64url")]
    Base64,
    /// The decoded `data` is not the expected JSON.
    #[error("the webhook `data` could not be decoded: {0}")]
    Decode(#[from] payments_core::DecodeError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_args_shape_is_read() {
        let e: ErrorEnvelope =
            serde_json::from_str(r#"{"message":"Not found","args":{"code":"S-404"}}"#).unwrap();
        assert_eq!(e.code(), Some(&ErrorCode::NotFound));
        assert_eq!(e.to_string(), "Not found (S-404)");
        let e: ErrorEnvelope = serde_json::from_str(
            r#"{"message":"Bad","args":[{"field_name":"amount","violation":"too big"}]}"#,
        )
        .unwrap();
        assert_eq!(e.violations()[0].field_name, "amount");
        let e: ErrorEnvelope =
            serde_json::from_str(r#"{"message":"Bad","args":{"obj":[{"msg":["x"]}]}}"#).unwrap();
        assert!(matches!(e.args, ErrorArgs::Other(_)));
        let e: ErrorEnvelope = serde_json::from_str(r#"{"message":"Bad"}"#).unwrap();
        assert_eq!(e.code(), None);
    }
}
