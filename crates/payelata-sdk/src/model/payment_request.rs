//! The payment request resource (`type: payment-requests`) callbacks may include.

use std::collections::BTreeMap;

use payments_core::{Decimal, Lenient};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::jsonapi::Attributes;
use crate::model::status::{InvoiceStatus, ResolutionCode};
use crate::wire::UnixSeconds;

/// The attributes of an included payment request (`type: payment-requests`): the operation
/// under an invoice. Seen with upper-case statuses and resolutions (`CHARGED_BACK`, `OK`),
/// which read case-insensitively; the layout beyond those is unconfirmed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PaymentRequest {
    /// Wire `status`.
    pub status: Option<InvoiceStatus>,
    /// Wire `resolution`.
    pub resolution: Option<ResolutionCode>,
    /// Wire `amount`.
    #[serde(deserialize_with = "payments_core::amount::json_number_option::deserialize")]
    pub amount: Option<Decimal>,
    /// Wire `currency`.
    pub currency: Option<String>,
    /// Wire `created` (unix seconds).
    #[serde(deserialize_with = "serde_with::As::<Option<UnixSeconds>>::deserialize")]
    pub created: Option<Lenient<OffsetDateTime>>,
    /// Wire `updated` (unix seconds).
    #[serde(deserialize_with = "serde_with::As::<Option<UnixSeconds>>::deserialize")]
    pub updated: Option<Lenient<OffsetDateTime>>,
    /// Every attribute this SDK does not model, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Attributes for PaymentRequest {
    const TYPE: &'static str = "payment-requests";
}
