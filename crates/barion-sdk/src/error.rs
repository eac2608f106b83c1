//! Barion's error envelope as types, and the crate's [`Error`].

use std::fmt;

use payments_core::{Lenient, ProviderEnvelope};
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::decode::{is_duplicate_key, without_repeated_keys};
use crate::model::enums::ErrorCode;
use crate::model::wire;

/// Every failure of this crate's client calls: see [`payments_core::Error`].
///
/// Barion answers failures with a non-empty `Errors` array, on HTTP 200 as well as on 4xx;
/// ASP.NET itself may answer a 500 with `{"Message": "..."}`. Both are
/// [`Error::Api`](payments_core::Error::Api) carrying an [`ErrorEnvelope`]; a body that is not
/// JSON at all (XML, HTML) is `Error::Api` without an envelope, keeping status and (scrubbed)
/// text.
pub type Error = payments_core::Error<ErrorEnvelope>;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The typed error body of a Barion answer. Every part is optional, so an entry missing a
/// field (an `Errors` entry with only `Title` and `Description`) still reads.
///
/// Built from the body with every secret the client sent masked, so `AuthData` (where Barion
/// echoes the POSKey) reads `*** redacted ***`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[non_exhaustive]
pub struct ErrorEnvelope {
    /// `Errors` (node-barion also reads `ErrorList`): what went wrong (`null` reads as empty).
    #[serde(
        rename = "Errors",
        alias = "ErrorList",
        default,
        with = "serde_with::As::<serde_with::DefaultOnNull>"
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
        self.errors
            .iter()
            .any(|e| e.error_code.as_ref() == Some(code))
    }

    /// The envelope of an error body (already scrubbed), when it names an error; a body that
    /// repeats a key is read with the last value of each.
    pub(crate) fn from_body(body: &[u8]) -> Option<Self> {
        let envelope = match serde_json::from_slice::<Self>(body) {
            Ok(envelope) => envelope,
            Err(e) if is_duplicate_key(&e.to_string()) => {
                serde_json::from_slice(&without_repeated_keys(body)?).ok()?
            }
            Err(_) => return None,
        };
        Some(envelope).filter(Self::is_error)
    }
}

impl ProviderEnvelope for ErrorEnvelope {
    /// The first entry's `ErrorCode`.
    fn code(&self) -> Option<&str> {
        self.errors
            .iter()
            .find_map(|e| e.error_code.as_ref().map(ErrorCode::as_str))
    }

    /// The first entry's `Title` (else `Description`), or the ASP.NET `Message`.
    fn message(&self) -> Option<&str> {
        self.errors
            .iter()
            .find_map(|e| e.title.as_deref().or(e.description.as_deref()))
            .or(self.message.as_deref())
    }
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

/// One entry of Barion's `Errors` array; every field optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct BarionError {
    /// `ErrorCode`: what went wrong (an open set; unknown codes kept). Absent in some answers
    /// (a 400 with only `Title` and `Description`).
    #[serde(rename = "ErrorCode", default, deserialize_with = "wire::opt_enum")]
    pub error_code: Option<ErrorCode>,
    /// `Title`: a short text, e.g. `"Authentication failed."`.
    #[serde(rename = "Title", default)]
    pub title: Option<String>,
    /// `Description`: a longer text, may embed ids.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `EndPoint`: the URL of the endpoint called.
    #[serde(rename = "EndPoint", alias = "Endpoint", default)]
    pub end_point: Option<String>,
    /// `AuthData`: who called. Barion echoes the POSKey here; it is masked
    /// (`*** redacted ***`) before the envelope is read.
    #[serde(rename = "AuthData", default)]
    pub auth_data: Option<String>,
    /// `HappenedAt`: when the error happened (UTC); kept raw when it is not a DateTime.
    #[serde(
        rename = "HappenedAt",
        default,
        deserialize_with = "wire::opt_lenient_datetime"
    )]
    pub happened_at: Option<Lenient<OffsetDateTime>>,
    /// `PaymentId`: the payment concerned, for payment-related errors; kept raw when it is
    /// not a GUID.
    #[serde(
        rename = "PaymentId",
        default,
        deserialize_with = "wire::opt_lenient_guid"
    )]
    pub payment_id: Option<Lenient<Uuid>>,
}

impl fmt::Display for BarionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = self.title.as_deref().filter(|t| !t.is_empty());
        let description = self.description.as_deref().filter(|d| !d.is_empty());
        match (&self.error_code, title) {
            (Some(code), Some(t)) => write!(f, "{code}: {t}")?,
            (Some(code), None) => write!(f, "{code}")?,
            (None, Some(t)) => f.write_str(t)?,
            (None, None) => f.write_str(description.unwrap_or("error without a code"))?,
        }
        if let Some(d) = description.filter(|_| self.error_code.is_some() || title.is_some()) {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}
