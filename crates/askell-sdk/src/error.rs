//! Askell's error answers, typed.
//!
//! Askell is a Django REST Framework service and answers errors in three shapes, all read into
//! one [`ErrorEnvelope`] (every member optional, so any of them reads):
//!
//! | shape | example |
//! |---|---|
//! | v1 business/validation error (400) | `{"status": "error", "error": "Validation error"}` |
//! | DRF default (401, 403, 404; unconfirmed for Askell) | `{"detail": "Not found."}` |
//! | DRF field errors (400) | `{"amount": ["A valid number is required."]}` |
//!
//! An answer that is not a JSON object (an HTML 502 page) has no envelope; its body, scrubbed of
//! secrets and capped, is kept in [`ApiError::body`](payments_core::ApiError::body).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

/// A failed call to Askell. See [`payments_core::Error`] for the variants and what each says
/// about whether Askell acted.
pub type Error = payments_core::Error<ErrorEnvelope>;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The body of an Askell error answer.
///
/// ```
/// use askell_sdk::ErrorEnvelope;
///
/// let e: ErrorEnvelope = serde_json::from_str(r#"{"status":"error","error":"Validation error"}"#)?;
/// assert_eq!(e.to_string(), "Validation error");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ErrorEnvelope {
    /// Wire `status`: `"error"` on v1 business errors.
    #[serde(default)]
    pub status: Option<String>,
    /// Wire `error`: the message of a v1 business error, e.g. `"Validation error"`.
    #[serde(default)]
    pub error: Option<String>,
    /// Wire `detail`: DRF's message for authentication, permission and not-found errors.
    #[serde(default)]
    pub detail: Option<String>,
    /// Every other member: DRF field errors (`{"amount": ["A valid number is required."]}`),
    /// `non_field_errors`, and so on, as sent (a string or a list of strings, possibly nested).
    #[serde(flatten)]
    pub fields: BTreeMap<String, serde_json::Value>,
}

impl ErrorEnvelope {
    /// The most specific message the envelope carries: `error`, else `detail`.
    pub fn message(&self) -> Option<&str> {
        self.error.as_deref().or(self.detail.as_deref())
    }
}

impl payments_core::ProviderEnvelope for ErrorEnvelope {
    /// Askell's errors carry no machine-readable code: always `None`.
    fn code(&self) -> Option<&str> {
        None
    }

    fn message(&self) -> Option<&str> {
        ErrorEnvelope::message(self)
    }
}

impl fmt::Display for ErrorEnvelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        if let Some(m) = self.message() {
            f.write_str(m)?;
            first = false;
        }
        for (field, value) in &self.fields {
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            write!(f, "{field}: ")?;
            write_messages(f, value)?;
        }
        if first {
            f.write_str("(no message)")?;
        }
        Ok(())
    }
}

/// A DRF error value as text: strings as they are, lists joined by spaces, anything else as
/// JSON.
fn write_messages(f: &mut fmt::Formatter<'_>, value: &serde_json::Value) -> fmt::Result {
    match value {
        serde_json::Value::String(s) => f.write_str(s),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(" ")?;
                }
                write_messages(f, item)?;
            }
            Ok(())
        }
        other => write!(f, "{other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_core::ProviderEnvelope;

    #[test]
    fn every_documented_shape_reads_and_displays() {
        let v1: ErrorEnvelope =
            serde_json::from_str(r#"{"status":"error","error":"Validation error"}"#).unwrap();
        assert_eq!(v1.status.as_deref(), Some("error"));
        assert_eq!(v1.to_string(), "Validation error");
        let drf: ErrorEnvelope = serde_json::from_str(r#"{"detail":"Not found."}"#).unwrap();
        assert_eq!(ProviderEnvelope::message(&drf), Some("Not found."));
        assert_eq!(drf.code(), None);
        let fields: ErrorEnvelope = serde_json::from_str(
            r#"{"amount":["A valid number is required."],"non_field_errors":"Provide one."}"#,
        )
        .unwrap();
        assert_eq!(
            fields.to_string(),
            "amount: A valid number is required.; non_field_errors: Provide one."
        );
        let empty: ErrorEnvelope = serde_json::from_str(r#"{"status":null}"#).unwrap();
        assert_eq!(empty.to_string(), "(no message)");
    }
}
