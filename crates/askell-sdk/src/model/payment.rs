//! Wire types: one-off payments.

use payments_core::{Decimal, Lenient, string_enum};
use serde::Deserialize;
use uuid::Uuid;

use crate::model::Timestamp;
use crate::model::transaction::Transaction;

/// How many times Askell lets a failed payment be retried.
pub const MAX_PAYMENT_RETRIES: usize = 4;

string_enum! {
    /// Wire `Payment.state`: where a one-off payment stands.
    pub enum PaymentState {
        /// Wire `pending`: created, the charge is being made now.
        Pending = "pending",
        /// Wire `settled`: the charge went through.
        Settled = "settled",
        /// Wire `failed`: the charge did not go through; it may be retried up to
        /// [`MAX_PAYMENT_RETRIES`] times.
        Failed = "failed",
        /// Wire `retrying`: a retry will be attempted as soon as possible.
        Retrying = "retrying",
        /// Wire `refunded`: the settled payment was refunded (seen in real answers after
        /// `POST /payments/{uuid}/refund/`; not in the spec's enum).
        Refunded = "refunded",
    }
}

/// Wire `Payment` (and `PaymentInitial`, the same shape): a one-off charge of a customer's
/// stored payment method.
///
/// Only [`uuid`](Self::uuid), the payment's key, is required; every other member reads `null`
/// or absent as `None` (or as empty for [`transactions`](Self::transactions)).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// Wire `uuid`: the payment's id (dashed UUID), used in paths.
    pub uuid: Uuid,
    /// Wire `amount`: decimal string, four decimals on the wire (`"1.0000"`); the scale is kept.
    #[serde(default)]
    pub amount: Option<Decimal>,
    /// Wire `currency`: ISO 4217 code, e.g. `ISK`.
    #[serde(default)]
    pub currency: Option<String>,
    /// Wire `description`: the free text given at creation.
    #[serde(default)]
    pub description: Option<String>,
    /// Wire `reference`: the merchant's own reference given at creation.
    #[serde(default)]
    pub reference: Option<String>,
    /// Wire `state`: where the payment stands.
    #[serde(default)]
    pub state: Option<PaymentState>,
    /// Wire `created_at`: when the payment was created (UTC); kept as sent if not RFC 3339.
    #[serde(default)]
    pub created_at: Option<Lenient<Timestamp>>,
    /// Wire `updated_at`: when the payment last changed (UTC); kept as sent if not RFC 3339.
    #[serde(default)]
    pub updated_at: Option<Lenient<Timestamp>>,
    /// Wire `transactions`: one per charge attempt, the first made at creation and one more
    /// per retry (`null` or absent reads as none).
    #[serde(default, with = "serde_with::As::<serde_with::DefaultOnNull>")]
    pub transactions: Vec<Transaction>,
}

impl Payment {
    /// Retries already made on this payment, as this copy of it shows: every charge attempt
    /// after the first is a retry, so this is `transactions.len() - 1` (0 with no
    /// transaction).
    pub fn retries_used(&self) -> usize {
        self.transactions.len().saturating_sub(1)
    }

    /// Retries Askell still allows on this payment ([`MAX_PAYMENT_RETRIES`] minus
    /// [`retries_used`](Self::retries_used)).
    pub fn retries_left(&self) -> usize {
        MAX_PAYMENT_RETRIES.saturating_sub(self.retries_used())
    }

    /// `true` when the state is known and is `state`.
    pub fn is(&self, state: &PaymentState) -> bool {
        self.state.as_ref() == Some(state)
    }
}
