//! Finishing reservations and delayed captures: `POST /v2/Payment/FinishReservation`,
//! `POST /v2/Payment/Capture` and `POST /v2/Payment/CancelAuthorization`.

use payments_core::{Decimal, InvalidRequest, Request};
use serde::Serialize;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::model::enums::CurrencyCode;
use crate::model::reservation::PaymentOperationResponse;
use crate::payments::{Item, payment_state_of, validate_item};
use crate::validate::{Sign, amount, fail, opt_max_chars};

/// The body of `POST /v2/Payment/FinishReservation` and `POST /v2/Payment/Capture`: settles
/// the payment's transactions, each with a final amount between 0 and its original amount (the
/// rest goes back to the payer).
///
/// ```
/// use barion_sdk::{CurrencyCode, Decimal, FinishRequest, TransactionToFinish};
/// let payment_id = "ecc2bc7a3d8147cab1f04de3dddd657f".parse().unwrap();
/// let transaction_id = "ef01be38ad6e413eb47fbeeb6026b8aa".parse().unwrap();
/// let request = FinishRequest::new(payment_id, CurrencyCode::Huf)
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
    pub currency: CurrencyCode,
}

impl FinishRequest {
    /// Settles transactions of `payment_id`, a payment in `currency`; add them with
    /// [`transaction`](Self::transaction).
    pub fn new(payment_id: Uuid, currency: CurrencyCode) -> Self {
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
    /// payment; what is not finished goes back to the payer. Each transaction can be finished
    /// once. Checked locally first; never retried; an unknown outcome is resolved with
    /// [`payment_state`](Self::payment_state).
    ///
    /// ```no_run
    /// use barion_sdk::{CurrencyCode, FinishRequest, TransactionToFinish, dec, parse_id};
    /// # async fn run(client: &barion_sdk::Client) -> barion_sdk::Result<()> {
    /// let request = FinishRequest::new(parse_id("b1c2d3e4f5a64b7c8d9e0f1a2b3c4d5e").unwrap(), CurrencyCode::Huf)
    ///     .transaction(TransactionToFinish::new(parse_id("c2d3e4f5a6b74c8d9e0f1a2b3c4d5e6f").unwrap(), dec!(400)));
    /// let finished = client.finish_reservation(&request).await?;
    /// println!("{:?}", finished.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn finish_reservation(
        &self,
        request: &FinishRequest,
    ) -> Result<PaymentOperationResponse> {
        request.validate()?;
        let http = Request::post("/v2/Payment/FinishReservation")
            .operation("finish_reservation")
            .json(request)?
            .resolve_with(payment_state_of(request.payment_id));
        self.execute(http).await
    }

    /// `POST /v2/Payment/Capture`: captures an `Authorized` `DelayedCapture` payment before
    /// `DelayedCaptureUntil` (a total of 0 reverses the transaction). Checked locally first;
    /// never retried; an unknown outcome is resolved with [`payment_state`](Self::payment_state).
    ///
    /// ```no_run
    /// use barion_sdk::{CurrencyCode, FinishRequest, TransactionToFinish, dec, parse_id};
    /// # async fn run(client: &barion_sdk::Client) -> barion_sdk::Result<()> {
    /// let request = FinishRequest::new(parse_id("f28b2b2572644d1084bbb3a7d8362337").unwrap(), CurrencyCode::Eur)
    ///     .transaction(TransactionToFinish::new(parse_id("9c1d2e3f4a5b4c6d8e9f0a1b2c3d4e5f").unwrap(), dec!(12.50)));
    /// let captured = client.capture(&request).await?;
    /// println!("{:?}", captured.transactions);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn capture(&self, request: &FinishRequest) -> Result<PaymentOperationResponse> {
        request.validate()?;
        let http = Request::post("/v2/Payment/Capture")
            .operation("capture")
            .json(request)?
            .resolve_with(payment_state_of(request.payment_id));
        self.execute(http).await
    }

    /// `POST /v2/Payment/CancelAuthorization`: releases a `DelayedCapture` authorization (all
    /// transactions reversed). Never retried; an unknown outcome is resolved with
    /// [`payment_state`](Self::payment_state).
    ///
    /// ```no_run
    /// use barion_sdk::{CancelAuthorizationRequest, parse_id};
    /// # async fn run(client: &barion_sdk::Client) -> barion_sdk::Result<()> {
    /// let id = parse_id("f28b2b2572644d1084bbb3a7d8362337").unwrap();
    /// let cancelled = client.cancel_authorization(&CancelAuthorizationRequest::new(id)).await?;
    /// println!("{:?}", cancelled.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn cancel_authorization(
        &self,
        request: &CancelAuthorizationRequest,
    ) -> Result<PaymentOperationResponse> {
        let http = Request::post("/v2/Payment/CancelAuthorization")
            .operation("cancel_authorization")
            .json(request)?
            .resolve_with(payment_state_of(request.payment_id));
        self.execute(http).await
    }
}
