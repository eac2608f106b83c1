//! Wire types of finishing reservations and delayed captures: the answer FinishReservation,
//! Capture and CancelAuthorization share.

use serde::Deserialize;
use uuid::Uuid;

use crate::model::enums::PaymentStatus;
use crate::model::payment::ProcessedTransaction;
use crate::model::wire;

/// The answer to `POST /v2/Payment/FinishReservation`, `POST /v2/Payment/Capture` and
/// `POST /v2/Payment/CancelAuthorization`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PaymentOperationResponse {
    /// `IsSuccessful`: whether the operation succeeded.
    #[serde(rename = "IsSuccessful", default)]
    pub is_successful: Option<bool>,
    /// `PaymentId`: Barion's id of the payment (the key: required).
    #[serde(rename = "PaymentId", deserialize_with = "wire::guid")]
    pub payment_id: Uuid,
    /// `PaymentRequestId`: the shop's own id.
    #[serde(
        rename = "PaymentRequestId",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub payment_request_id: Option<String>,
    /// `Status`: the payment's status afterwards.
    #[serde(rename = "Status", default, deserialize_with = "wire::opt_enum")]
    pub status: Option<PaymentStatus>,
    /// `Transactions`: the processed transactions (`null` reads as empty).
    #[serde(
        rename = "Transactions",
        default,
        with = "serde_with::As::<serde_with::DefaultOnNull>"
    )]
    pub transactions: Vec<ProcessedTransaction>,
}
