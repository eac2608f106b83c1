//! The Operation object: the answer of every payment operation, each item of an order's status,
//! and the `data` of a webhook.

use std::fmt;

use payments_core::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use uuid::Uuid;

use super::{Method, Mode, Status, StatusCode};

/// One operation of an order (purchase, auth, capture, void, refund ...).
///
/// Fields the docs mark nullable, or that some operations (or webhooks of primary operations)
/// leave out, are `Option`. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Operation {
    /// `operation_id`: the gateway's id of this (secondary) operation; absent on some primary
    /// operations.
    #[serde(default)]
    pub operation_id: Option<Uuid>,
    /// `payment_id`: the gateway's id of the primary payment.
    #[serde(default)]
    pub payment_id: Option<Uuid>,
    /// `order_id`: the merchant's order id (at most 32 characters).
    pub order_id: String,
    /// `gateway_order_id`: an order id of the gateway seen in status examples (meaning not
    /// documented).
    #[serde(default)]
    pub gateway_order_id: Option<String>,
    /// `transaction_id`: the gateway's transaction id.
    #[serde(default)]
    pub transaction_id: Option<Uuid>,
    /// `pos_id`: the merchant's point of sale.
    #[serde(default)]
    pub pos_id: Option<Uuid>,
    /// `mode`: `hosted` or `direct` (secondary operations always report `direct`).
    #[serde(default)]
    pub mode: Option<Mode>,
    /// `method`: the kind of operation.
    pub method: Method,
    /// `amount`: the actual amount of this operation, in major units.
    #[serde(with = "payments_core::amount::json_number")]
    pub amount: Decimal,
    /// `currency`: ISO 4217 alpha-3 code (`XTS` in test mode).
    pub currency: String,
    /// `status`: the state of this operation.
    pub status: Status,
    /// `status_code`: the gateway's result code.
    #[serde(default)]
    pub status_code: Option<StatusCode>,
    /// `status_description`: the gateway's description of `status_code`.
    #[serde(default)]
    pub status_description: Option<String>,
    /// `created_at`: when the operation was created.
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    /// `processing_time`: when the operation was last updated.
    #[serde(default)]
    pub processing_time: Option<Timestamp>,
    /// `fee`: the commission, when known (`null`, an object or a bare number on the wire).
    #[serde(default)]
    pub fee: Option<Fee>,
    /// `comment`: the merchant's comment sent with the operation.
    #[serde(default)]
    pub comment: Option<String>,
    /// `payload`: echo of the merchant's `payload` of the request.
    #[serde(default)]
    pub payload: Option<String>,
    /// `provider_order_id`: legacy field seen in older integrations.
    #[serde(default)]
    pub provider_order_id: Option<String>,
    /// `response_code`: legacy field seen in older integrations.
    #[serde(default)]
    pub response_code: Option<serde_json::Value>,
    /// `response_description`: legacy field seen in older integrations.
    #[serde(default)]
    pub response_description: Option<String>,
}

impl Operation {
    /// `true` when the operation succeeded.
    pub fn is_success(&self) -> bool {
        self.status == Status::Success
    }
}

/// The commission of an operation: documented as `{amount, currency}`, seen as a bare number.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Fee {
    /// `{"amount": .., "currency": ..}`.
    Detailed(FeeAmount),
    /// A bare number (in the operation's currency).
    Amount(#[serde(with = "payments_core::amount::json_number")] Decimal),
}

/// The `fee` object.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct FeeAmount {
    /// `amount`: the commission, in major units.
    #[serde(with = "payments_core::amount::json_number")]
    pub amount: Decimal,
    /// `currency`: ISO 4217 code of the commission.
    #[serde(default)]
    pub currency: Option<String>,
}

/// A timestamp as the gateway writes it, kept as text (`2018-10-10T10:10:10.100`, or ISO 8601
/// with `Z`); [`to_offset_date_time`](Self::to_offset_date_time) reads it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// A timestamp from its wire text.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The wire text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant: RFC 3339 with an offset, or the gateway's offset-less form (fraction
    /// optional), read as UTC. `None` when the text is neither.
    pub fn to_offset_date_time(&self) -> Option<OffsetDateTime> {
        let text = self.0.trim();
        if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
            return Some(at);
        }
        let local = format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
        );
        time::PrimitiveDateTime::parse(text, local)
            .ok()
            .map(time::PrimitiveDateTime::assume_utc)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The answer of `GET /pos/{pos_id}/orders/{order_id}`: every operation of one order, in the
/// order the gateway sent them (not guaranteed chronological).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Order {
    /// The operations (auth, capture, void, refund ...).
    pub operations: Vec<Operation>,
}

impl Order {
    /// The operations sorted by `created_at` (those without a readable timestamp last, in the
    /// order received).
    pub fn chronological(&self) -> Vec<&Operation> {
        let mut ops: Vec<&Operation> = self.operations.iter().collect();
        ops.sort_by_key(|op| {
            let at = op
                .created_at
                .as_ref()
                .and_then(Timestamp::to_offset_date_time);
            (at.is_none(), at)
        });
        ops
    }

    /// The latest operation with this `method`, by `created_at`.
    pub fn latest(&self, method: &Method) -> Option<&Operation> {
        self.chronological()
            .into_iter()
            .rev()
            .find(|op| &op.method == method)
    }

    /// The latest successful operation, by `created_at`: what the order's state is derived from.
    pub fn latest_successful(&self) -> Option<&Operation> {
        self.chronological()
            .into_iter()
            .rev()
            .find(|op| op.is_success())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_read_with_and_without_offset() {
        let seed = Timestamp::new("2018-10-10T10:10:10.100");
        let at = seed.to_offset_date_time().unwrap();
        assert_eq!(at.unix_timestamp(), 1_539_166_210);
        assert_eq!(at.millisecond(), 100);
        let z = Timestamp::new("2023-05-13T13:21:22Z");
        assert_eq!(
            z.to_offset_date_time().unwrap().unix_timestamp(),
            1_683_984_082
        );
        assert!(
            Timestamp::new("2018-10-10T10:10:10")
                .to_offset_date_time()
                .is_some()
        );
        assert!(Timestamp::new("yesterday").to_offset_date_time().is_none());
    }

    #[test]
    fn fee_takes_every_documented_shape() {
        let f: Fee = serde_json::from_str(r#"{"amount":1.5,"currency":"UAH"}"#).unwrap();
        assert!(matches!(f, Fee::Detailed(FeeAmount { currency: Some(ref c), .. }) if c == "UAH"));
        let f: Fee = serde_json::from_str("2.25").unwrap();
        assert_eq!(f, Fee::Amount(Decimal::new(225, 2)));
    }
}
