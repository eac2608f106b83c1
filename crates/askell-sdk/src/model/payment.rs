//! Wire types: one-off payments.

use payments_core::Decimal;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::model::transaction::Transaction;
use payments_core::string_enum;

/// How many times Askell lets a failed payment be retried.
pub const MAX_PAYMENT_RETRIES: usize = 4;

string_enum! {
    /// Wire `Payment.state`.
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
    }
}

/// Wire `Payment` (and `PaymentInitial`, the same shape): a one-off charge of a customer's
/// stored payment method.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// Wire `uuid`: the payment's id (dashed UUID), used in paths.
    pub uuid: Uuid,
    /// Wire `amount`: decimal string, four decimals on the wire (`"1.0000"`); the scale is kept.
    pub amount: Decimal,
    /// Wire `currency`: ISO 4217 code, e.g. `ISK`.
    pub currency: String,
    /// Wire `description`: the free text given at creation.
    #[serde(default)]
    pub description: Option<String>,
    /// Wire `reference`: the merchant's own reference given at creation.
    #[serde(default)]
    pub reference: Option<String>,
    /// Wire `state`: where the payment stands.
    pub state: PaymentState,
    /// Wire `created_at`: when the payment was created (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Wire `updated_at`: when the payment last changed (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Wire `transactions`: one per charge attempt, the first made at creation and one more
    /// per retry.
    #[serde(default)]
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
}

/// Private: reads a single object that the spec documents as an array of it (`GET
/// /payments/{uuid}/`, retry, refund, receipt, webhook PUT). Accepts the object or a
/// one-element array; decode errors keep their serde path.
pub(crate) struct Single<T>(pub(crate) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Single<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OneOrArrayOfOne<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrArrayOfOne<T> {
            type Value = Single<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or an array of exactly one object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Single)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let Some(first) = seq.next_element::<T>()? else {
                    return Err(de::Error::invalid_length(0, &self));
                };
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(2, &self));
                }
                Ok(Single(first))
            }
        }

        d.deserialize_any(OneOrArrayOfOne(PhantomData))
    }
}
