//! The refund resource of the new refund model (`type: refunds`, id `ref_...`).

use std::collections::BTreeMap;

use payments_core::{Decimal, Lenient};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::jsonapi::Attributes;
use crate::model::status::RefundStatus;
use crate::wire::UnixSeconds;

/// The attributes of a refund (`type: refunds`; the request's type is the singular `refund`,
/// which reads too). Its `links.self` is `/refunds/ref_...`, without `/api`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Refund {
    /// Wire `reference_id`: the merchant's own id of the refund.
    pub reference_id: Option<String>,
    /// Wire `original_id` (`null` in the sample; meaning unconfirmed).
    pub original_id: Option<String>,
    /// Wire `description`.
    pub description: Option<String>,
    /// Wire `status` (only `processed` is confirmed).
    pub status: Option<RefundStatus>,
    /// Wire `amount`: the refunded amount, in major units.
    #[serde(deserialize_with = "payments_core::amount::json_number_option::deserialize")]
    pub amount: Option<Decimal>,
    /// Wire `fee`.
    #[serde(deserialize_with = "payments_core::amount::json_number_option::deserialize")]
    pub fee: Option<Decimal>,
    /// Wire `currency`.
    pub currency: Option<String>,
    /// Wire `created` (unix seconds).
    #[serde(deserialize_with = "serde_with::As::<Option<UnixSeconds>>::deserialize")]
    pub created: Option<Lenient<OffsetDateTime>>,
    /// Every attribute this SDK does not model, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Attributes for Refund {
    const TYPE: &'static str = "refunds";
    const ALIASES: &'static [&'static str] = &["refund"];
}
