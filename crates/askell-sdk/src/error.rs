//! Askell's error answers, typed.
//!
//! Askell is a Django REST Framework service and answers errors in three shapes, all read into
//! one [`ErrorEnvelope`]:
//!
//! | shape | example |
//! |---|---|
//! | v1 business/validation error (400) | `{"status": "error", "error": "Validation error"}` |
//! | DRF default (401, 403, 404) | `{"detail": "Not found."}` |
//! | DRF field errors (400) | `{"amount": ["A valid number is required."]}` |

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

/// A failed call to Askell. See [`payments_core::Error`] for the variants.
pub type Error = payments_core::Error<ErrorEnvelope>;

/// The body of an Askell error answer.
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
    /// Any other keys: DRF field errors (`{"amount": ["A valid number is required."]}`),
    /// `non_field_errors`, and so on, as sent.
    #[serde(flatten)]
    pub fields: BTreeMap<String, serde_json::Value>,
}

impl ErrorEnvelope {
    /// The most specific message the envelope carries.
    pub fn message(&self) -> Option<&str> {
        self.error.as_deref().or(self.detail.as_deref())
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
            match value {
                serde_json::Value::String(s) => write!(f, "{field}: {s}")?,
                serde_json::Value::Array(items) => {
                    let texts: Vec<String> = items
                        .iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .collect();
                    write!(f, "{field}: {}", texts.join(" "))?;
                }
                other => write!(f, "{field}: {other}")?,
            }
        }
        if first {
            f.write_str("(no message)")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_shape_reads_and_displays() {
        let v1: ErrorEnvelope =
            serde_json::from_str(r#"{"status":"error","error":"Validation error"}"#).unwrap();
        assert_eq!(v1.status.as_deref(), Some("error"));
        assert_eq!(v1.to_string(), "Validation error");
        let drf: ErrorEnvelope = serde_json::from_str(r#"{"detail":"Not found."}"#).unwrap();
        assert_eq!(drf.message(), Some("Not found."));
        let fields: ErrorEnvelope = serde_json::from_str(
            r#"{"amount":["A valid number is required."],"non_field_errors":"Provide one."}"#,
        )
        .unwrap();
        assert_eq!(
            fields.to_string(),
            "amount: A valid number is required.; non_field_errors: Provide one."
        );
    }
}
