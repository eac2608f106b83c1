//! Wire types of refunds: the answer to `POST /v2/Payment/Refund`.

use payments_core::Decimal;
use serde::Deserialize;
use uuid::Uuid;

use crate::model::enums::TransactionStatus;
use crate::model::wire;

/// The answer to `POST /v2/Payment/Refund`. A refund does not change the payment's `Status`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct RefundResponse {
    /// `PaymentId`: Barion's id of the payment (the key: required).
    #[serde(rename = "PaymentId", deserialize_with = "wire::guid")]
    pub payment_id: Uuid,
    /// `RefundedTransactions`: one entry per refund transaction created (`null` reads as
    /// empty).
    #[serde(
        rename = "RefundedTransactions",
        default,
        with = "serde_with::As::<serde_with::DefaultOnNull>"
    )]
    pub refunded_transactions: Vec<RefundedTransaction>,
}

/// `RefundedTransaction`: a refund transaction.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct RefundedTransaction {
    /// `TransactionId`: Barion's id of the refund transaction (the key: required).
    #[serde(rename = "TransactionId", deserialize_with = "wire::guid")]
    pub transaction_id: Uuid,
    /// `POSTransactionId`: the shop's id of the refunded transaction.
    #[serde(
        rename = "POSTransactionId",
        alias = "PosTransactionId",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub pos_transaction_id: Option<String>,
    /// `Total`: the refunded amount.
    #[serde(
        rename = "Total",
        default,
        with = "payments_core::amount::json_number_option"
    )]
    pub total: Option<Decimal>,
    /// `Comment`: the refund comment.
    #[serde(rename = "Comment", default)]
    pub comment: Option<String>,
    /// `Status`: the refund transaction's status.
    #[serde(rename = "Status", default, deserialize_with = "wire::opt_enum")]
    pub status: Option<TransactionStatus>,
}
