//! Finishing reservations and delayed captures: `POST /v2/Payment/FinishReservation`,
//! `POST /v2/Payment/Capture` and `POST /v2/Payment/CancelAuthorization`.

use payments_core::{Decimal, InvalidRequest, Request};
use serde::Serialize;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Error;
use crate::model::enums::Currency;
use crate::model::payment::{
    CancelAuthorizationResponse, CaptureResponse, FinishReservationResponse, Item,
};
use crate::payments::{resolve_with, validate_item};
use crate::validate::{Sign, amount, fail, opt_max_chars};

/// The body of `POST /v2/Payment/FinishReservation` and `POST /v2/Payment/Capture`: settles
/// the payment's transactions, each with a final amount between 0 and its original amount (the
/// rest goes back to the payer).
///
/// ```
/// use barion_sdk::{Currency, Decimal, FinishRequest, TransactionToFinish};
/// let payment_id = "ecc2bc7a3d8147cab1f04de3dddd657f".parse().unwrap();
/// let transaction_id = "ef01be38ad6e413eb47fbeeb6026b8aa".parse().unwrap();
/// let request = FinishRequest::new(payment_id, Currency::Huf)
///     .transaction(TransactionToFinish::new(transaction_id, Decimal::from(400)));
/// assert!(request.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinishRequest {
    /// `PaymentId`: the payment (`Reserved` for a finish, `Authorized` for a capture).
    #[serde(rename = "PaymentId")]
    pub payment_id: Uuid,
    /// `Transactions`: the payment's own transactions to settle (at least one; never the fee
    /// transactions Barion added).
    #[serde(rename = "Transactions")]
    pub transactions: Vec<TransactionToFinish>,
    /// The payment's currency. Not sent: used to check the amounts' decimal places before
    /// sending (HUF: whole forints).
    #[serde(skip)]
    pub currency: Currency,
}

/// The body of `POST /v2/Payment/FinishReservation`.
pub type FinishReservationRequest = FinishRequest;
/// The body of `POST /v2/Payment/Capture`.
pub type CaptureRequest = FinishRequest;

impl FinishRequest {
    /// Settles transactions of `payment_id`, a payment in `currency`; add them with
    /// [`transaction`](Self::transaction).
    pub fn new(payment_id: Uuid, currency: Currency) -> Self {
        Self {
            payment_id,
            transactions: Vec::new(),
            currency,
        }
    }

    /// Adds a transaction to settle.
    pub fn transaction(mut self, transaction: TransactionToFinish) -> Self {
        self.transactions.push(transaction);
        self
    }

    /// Checks every documented limit; the client calls it before sending.
    pub fn validate(&self) -> Result<(), InvalidRequest> {
        if self.transactions.is_empty() {
            return Err(fail("transactions", "needs at least one transaction"));
        }
        for (i, t) in self.transactions.iter().enumerate() {
            let at = format!("transactions[{i}]");
            amount(
                &format!("{at}.total"),
                t.total,
                &self.currency,
                Sign::NonNegative,
            )?;
            opt_max_chars(format!("{at}.comment"), t.comment.as_deref(), 640)?;
            for (j, p) in t.payee_transactions.iter().enumerate() {
                let at = format!("{at}.payee_transactions[{j}]");
                amount(
                    &format!("{at}.total"),
                    p.total,
                    &self.currency,
                    Sign::NonNegative,
                )?;
                opt_max_chars(format!("{at}.comment"), p.comment.as_deref(), 640)?;
            }
            for (j, item) in t.items.iter().enumerate() {
                validate_item(&format!("{at}.items[{j}]"), item)?;
            }
        }
        Ok(())
    }
}

/// `TransactionToFinish`: one transaction to finish or capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransactionToFinish {
    /// `TransactionId`: Barion's id of the payment transaction.
    #[serde(rename = "TransactionId")]
    pub transaction_id: Uuid,
    /// `Total`: the final amount, 0 up to the original amount.
    #[serde(
        rename = "Total",
        serialize_with = "payments_core::amount::json_number::serialize"
    )]
    pub total: Decimal,
    /// `Comment` (max 640).
    #[serde(rename = "Comment", skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `PayeeTransactions`: the payee transactions' final amounts.
    #[serde(rename = "PayeeTransactions", skip_serializing_if = "Vec::is_empty")]
    pub payee_transactions: Vec<PayeeTransactionToFinish>,
    /// `Items`: replaces the original items when given.
    #[serde(rename = "Items", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

impl TransactionToFinish {
    /// Settles `transaction_id` at `total`.
    pub fn new(transaction_id: Uuid, total: Decimal) -> Self {
        Self {
            transaction_id,
            total,
            comment: None,
            payee_transactions: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Sets `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Adds a payee transaction.
    pub fn payee_transaction(mut self, p: PayeeTransactionToFinish) -> Self {
        self.payee_transactions.push(p);
        self
    }

    /// Adds an item (the items given replace the original ones).
    pub fn item(mut self, item: Item) -> Self {
        self.items.push(item);
        self
    }
}

/// `PayeeTransactionToFinish`: the final amount of a payee transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayeeTransactionToFinish {
    /// `TransactionId`: Barion's id of the payee transaction.
    #[serde(rename = "TransactionId")]
    pub transaction_id: Uuid,
    /// `Total`: the final amount (0 or more).
    #[serde(
        rename = "Total",
        serialize_with = "payments_core::amount::json_number::serialize"
    )]
    pub total: Decimal,
    /// `Comment` (max 640).
    #[serde(rename = "Comment", skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl PayeeTransactionToFinish {
    /// Settles payee transaction `transaction_id` at `total`.
    pub fn new(transaction_id: Uuid, total: Decimal) -> Self {
        Self {
            transaction_id,
            total,
            comment: None,
        }
    }
}

/// The body of `POST /v2/Payment/CancelAuthorization`: releases a `DelayedCapture`
/// authorization (all transactions reversed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancelAuthorizationRequest {
    /// `PaymentId`: the `DelayedCapture` payment.
    #[serde(rename = "PaymentId")]
    pub payment_id: Uuid,
}

impl CancelAuthorizationRequest {
    /// Cancels the authorization of `payment_id`.
    pub fn new(payment_id: Uuid) -> Self {
        Self { payment_id }
    }
}

impl Client {
    /// `POST /v2/Payment/FinishReservation`: finishes (fully, partly or with 0) a `Reservation`
    /// payment. Each transaction can be finished once.
    pub async fn finish_reservation(
        &self,
        request: &FinishReservationRequest,
    ) -> Result<FinishReservationResponse, Error> {
        request.validate()?;
        let http = Request::post("/v2/Payment/FinishReservation")
            .json(request)?
            .resolve_with(resolve_with(request.payment_id));
        self.execute(http).await
    }

    /// `POST /v2/Payment/Capture`: captures an `Authorized` `DelayedCapture` payment before
    /// `DelayedCaptureUntil`.
    pub async fn capture(&self, request: &CaptureRequest) -> Result<CaptureResponse, Error> {
        request.validate()?;
        let http = Request::post("/v2/Payment/Capture")
            .json(request)?
            .resolve_with(resolve_with(request.payment_id));
        self.execute(http).await
    }

    /// `POST /v2/Payment/CancelAuthorization`: releases a `DelayedCapture` authorization.
    pub async fn cancel_authorization(
        &self,
        request: &CancelAuthorizationRequest,
    ) -> Result<CancelAuthorizationResponse, Error> {
        let http = Request::post("/v2/Payment/CancelAuthorization")
            .json(request)?
            .resolve_with(resolve_with(request.payment_id));
        self.execute(http).await
    }
}
