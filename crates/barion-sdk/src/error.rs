//! Barion's error envelope as types, and the crate's [`Error`].
//!
//! Barion answers failures with its usual body and a non-empty `Errors` array, on HTTP 200 as
//! well as on 4xx; ASP.NET itself may answer a 500 with `{"Message": "..."}`. Both become
//! [`Error::Api`](payments_core::Error::Api) carrying an [`ErrorEnvelope`]; a body that is not
//! JSON at all (XML, HTML) becomes `Error::Api` without an envelope, keeping status and raw text.

use std::fmt;

use serde::Deserialize;
use time::OffsetDateTime;

use crate::model::enums::ErrorCode;
use crate::model::wire;

/// Every failure of this crate's client calls: see [`payments_core::Error`].
pub type Error = payments_core::Error<ErrorEnvelope>;

/// The typed error body of a Barion answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
pub struct ErrorEnvelope {
    /// `Errors` (node-barion also reads `ErrorList`): what went wrong.
    #[serde(
        rename = "Errors",
        alias = "ErrorList",
        default,
        deserialize_with = "errors"
    )]
    pub errors: Vec<BarionError>,
    /// `Message`: the ASP.NET error text of a bare 500 (`"An error has occurred."`).
    #[serde(rename = "Message", default)]
    pub message: Option<String>,
}

impl ErrorEnvelope {
    /// `true` when the body named at least one error or an ASP.NET message.
    pub fn is_error(&self) -> bool {
        !self.errors.is_empty() || self.message.is_some()
    }

    /// `true` when any entry has error code `code`.
    pub fn has_code(&self, code: &ErrorCode) -> bool {
        self.errors.iter().any(|e| &e.error_code == code)
    }
}

fn errors<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<BarionError>, D::Error> {
    Ok(Option::<Vec<BarionError>>::deserialize(d)?.unwrap_or_default())
}

impl fmt::Display for ErrorEnvelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for e in &self.errors {
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            write!(f, "{e}")?;
        }
        if let Some(m) = &self.message {
            if !first {
                f.write_str("; ")?;
            }
            f.write_str(m)?;
        }
        Ok(())
    }
}

impl std::error::Error for ErrorEnvelope {}

/// One entry of Barion's `Errors` array.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BarionError {
    /// `ErrorCode`: what went wrong (an open set; unknown codes kept).
    #[serde(rename = "ErrorCode")]
    pub error_code: ErrorCode,
    /// `Title`: a short text, e.g. `"Authentication failed."`.
    #[serde(rename = "Title", default)]
    pub title: Option<String>,
    /// `Description`: a longer text, may embed ids.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `EndPoint`: the URL of the endpoint called.
    #[serde(rename = "EndPoint", alias = "Endpoint", default)]
    pub end_point: Option<String>,
    /// `AuthData`: who called. Barion echoes the POSKey here; the client replaces your POSKey
    /// with `*** redacted ***` in every answer before it is read.
    #[serde(rename = "AuthData", default)]
    pub auth_data: Option<String>,
    /// `HappenedAt`: when the error happened (UTC).
    #[serde(
        rename = "HappenedAt",
        default,
        deserialize_with = "wire::opt_datetime"
    )]
    pub happened_at: Option<OffsetDateTime>,
    /// `PaymentId`: the payment concerned, for payment-related errors (kept as text).
    #[serde(rename = "PaymentId", default, deserialize_with = "wire::opt_trimmed")]
    pub payment_id: Option<String>,
}

impl fmt::Display for BarionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error_code)?;
        if let Some(t) = self.title.as_deref().filter(|t| !t.is_empty()) {
            write!(f, ": {t}")?;
        }
        if let Some(d) = self.description.as_deref().filter(|d| !d.is_empty()) {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}
