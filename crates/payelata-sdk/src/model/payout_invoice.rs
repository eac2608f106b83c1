//! The payout invoice resource (`type: payout-invoices`, id `cpoi_...`).
//!
//! No payout answer is published; the attributes mirror the payment invoice's and the payout
//! request's, so every one of them is unconfirmed and read leniently.

use std::collections::BTreeMap;

use payments_core::{Decimal, Lenient};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::jsonapi::Attributes;
use crate::model::status::{PayoutStatus, ResolutionCode};
use crate::wire::{PhpObject, UnixSeconds};

/// The attributes of a payout invoice (`type: payout-invoices`; some white-labels write the
/// singular `payout-invoice`, which reads too).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PayoutInvoice {
    /// Wire `serial_number`: the id without its prefix.
    pub serial_number: Option<String>,
    /// Wire `status`.
    pub status: Option<PayoutStatus>,
    /// Wire `resolution` (Paycore documents the payout codes in upper case).
    pub resolution: Option<ResolutionCode>,
    /// Wire `moderation_required`.
    pub moderation_required: Option<bool>,
    /// Wire `reference_id`: the merchant's own id.
    pub reference_id: Option<String>,
    /// Wire `service`: the payout service code, e.g. `payment_card_uah`.
    pub service: Option<String>,
    /// Wire `amount`, in major units.
    #[serde(deserialize_with = "payments_core::amount::json_number_option::deserialize")]
    pub amount: Option<Decimal>,
    /// Wire `currency`.
    pub currency: Option<String>,
    /// Wire `fee`.
    #[serde(deserialize_with = "payments_core::amount::json_number_option::deserialize")]
    pub fee: Option<Decimal>,
    /// Wire `processed_amount`.
    #[serde(deserialize_with = "payments_core::amount::json_number_option::deserialize")]
    pub processed_amount: Option<Decimal>,
    /// Wire `test_mode`.
    pub test_mode: Option<bool>,
    /// Wire `description`.
    pub description: Option<String>,
    /// Wire `fields`: the recipient details as echoed (values such as `card_number` are masked
    /// in every error body this SDK keeps); `[]` reads as empty.
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub fields: BTreeMap<String, serde_json::Value>,
    /// Wire `metadata`; `[]` reads as empty.
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Wire `callback_url`.
    pub callback_url: Option<String>,
    /// Wire `processed` (unix seconds).
    #[serde(deserialize_with = "serde_with::As::<Option<UnixSeconds>>::deserialize")]
    pub processed: Option<Lenient<OffsetDateTime>>,
    /// Wire `created` (unix seconds).
    #[serde(deserialize_with = "serde_with::As::<Option<UnixSeconds>>::deserialize")]
    pub created: Option<Lenient<OffsetDateTime>>,
    /// Wire `updated` (unix seconds): orders callbacks.
    #[serde(deserialize_with = "serde_with::As::<Option<UnixSeconds>>::deserialize")]
    pub updated: Option<Lenient<OffsetDateTime>>,
    /// Wire `payouts`: the payout parts (`po_...`) of a payout callback, as sent (layout
    /// unconfirmed); `null` reads as empty.
    #[serde(deserialize_with = "serde_with::As::<serde_with::DefaultOnNull>::deserialize")]
    pub payouts: Vec<serde_json::Value>,
    /// Every attribute this SDK does not model, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Attributes for PayoutInvoice {
    const TYPE: &'static str = "payout-invoices";
    const ALIASES: &'static [&'static str] = &["payout-invoice"];
}

impl PayoutInvoice {
    /// `true` when the status is final ([`PayoutStatus::is_final`]).
    pub fn is_final(&self) -> bool {
        self.status.as_ref().is_some_and(PayoutStatus::is_final)
    }

    /// `true` when the payout went through ([`PayoutStatus::is_success`]).
    pub fn is_success(&self) -> bool {
        self.status.as_ref().is_some_and(PayoutStatus::is_success)
    }

    /// `updated` as a time, when it read as one.
    pub fn updated_at(&self) -> Option<OffsetDateTime> {
        self.updated.as_ref().and_then(Lenient::parsed).copied()
    }
}
