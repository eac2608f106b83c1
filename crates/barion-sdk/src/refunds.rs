//! Refunds: `POST /v2/Payment/Refund`.

use payments_core::{Decimal, InvalidRequest, Request};
use serde::Serialize;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::model::enums::CurrencyCode;
use crate::model::refund::RefundResponse;
use crate::payments::payment_state_of;
use crate::validate::{Sign, amount, fail, required_max};

/// The body of `POST /v2/Payment/Refund`: refunds (part of) a `Succeeded` payment's
/// transactions. Only `CardPayment`, `Shop` and `BankTransferPayment` transactions can be
/// refunded.
///
/// ```
/// use barion_sdk::{CurrencyCode, Decimal, RefundRequest, TransactionToRefund};
/// let payment_id = "ecc2bc7a3d8147cab1f04de3dddd657f".parse().unwrap();
/// let transaction_id = "ef01be38ad6e413eb47fbeeb6026b8aa".parse().unwrap();
/// let request = RefundRequest::new(payment_id, CurrencyCode::Eur)
///     .transaction(TransactionToRefund::new(transaction_id, "TEST-01-01", Decimal::new(1050, 2)));
/// assert!(request.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundRequest {
    /// `PaymentId`: the payment to refund.
    #[serde(rename = "PaymentId")]
    pub payment_id: Uuid,
    /// `TransactionsToRefund`: what to refund (at least one).
    #[serde(rename = "TransactionsToRefund")]
    pub transactions_to_refund: Vec<TransactionToRefund>,
    /// The payment's currency. Not sent: used to check the amounts' decimal places before
    /// sending (HUF: whole forints).
    #[serde(skip)]
    pub currency: CurrencyCode,
}

impl RefundRequest {
    /// Refunds transactions of `payment_id`, a payment in `currency`; add them with
    /// [`transaction`](Self::transaction).
    pub fn new(payment_id: Uuid, currency: CurrencyCode) -> Self {
        Self {
            payment_id,
            transactions_to_refund: Vec::new(),
            currency,
        }
    }

    /// Adds a transaction to refund.
    pub fn transaction(mut self, transaction: TransactionToRefund) -> Self {
        self.transactions_to_refund.push(transaction);
        self
    }

    /// Checks every documented limit; [`Client::refund_payment`] calls it before sending.
    pub fn validate(&self) -> Result<(), InvalidRequest> {
        if self.transactions_to_refund.is_empty() {
            return Err(fail(
                "transactions_to_refund",
                "needs at least one transaction",
            ));
        }
        for (i, t) in self.transactions_to_refund.iter().enumerate() {
            let at = format!("transactions_to_refund[{i}]");
            required_max(
                &format!("{at}.pos_transaction_id"),
                &t.pos_transaction_id,
                100,
            )?;
            amount(
                &format!("{at}.amount_to_refund"),
                t.amount_to_refund,
                &self.currency,
                Sign::Positive,
            )?;
        }
        Ok(())
    }
}

/// `TransactionToRefund`: one transaction to refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransactionToRefund {
    /// `TransactionId`: Barion's id of the transaction.
    #[serde(rename = "TransactionId")]
    pub transaction_id: Uuid,
    /// `POSTransactionId`: the shop's id of the transaction.
    #[serde(rename = "POSTransactionId")]
    pub pos_transaction_id: String,
    /// `AmountToRefund`: greater than 0, at most what is left to refund.
    #[serde(
        rename = "AmountToRefund",
        serialize_with = "payments_core::amount::json_number::serialize"
    )]
    pub amount_to_refund: Decimal,
    /// `Comment`: shown to the payer.
    #[serde(rename = "Comment", skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl TransactionToRefund {
    /// Refunds `amount_to_refund` of `transaction_id` (the shop's id `pos_transaction_id`).
    pub fn new(
        transaction_id: Uuid,
        pos_transaction_id: impl Into<String>,
        amount_to_refund: Decimal,
    ) -> Self {
        Self {
            transaction_id,
            pos_transaction_id: pos_transaction_id.into(),
            amount_to_refund,
            comment: None,
        }
    }

    /// Sets `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }
}

impl Client {
    /// `POST /v2/Payment/Refund`: refunds (part of) a `Succeeded` payment. The payment's
    /// `Status` does not change; refund transactions are added. Checked locally first; never
    /// retried; an unknown outcome is resolved with [`payment_state`](Self::payment_state).
    ///
    /// ```no_run
    /// use barion_sdk::{CurrencyCode, RefundRequest, TransactionToRefund, dec, parse_id};
    /// # async fn run(client: &barion_sdk::Client) -> barion_sdk::Result<()> {
    /// let request = RefundRequest::new(parse_id("ecc2bc7a3d8147cab1f04de3dddd657f").unwrap(), CurrencyCode::Huf)
    ///     .transaction(
    ///         TransactionToRefund::new(parse_id("ef01be38ad6e413eb47fbeeb6026b8aa").unwrap(), "TEST-01-01", dec!(250))
    ///             .comment("Damaged item"),
    ///     );
    /// let refunded = client.refund_payment(&request).await?;
    /// println!("{:?}", refunded.refunded_transactions);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn refund_payment(&self, request: &RefundRequest) -> Result<RefundResponse> {
        request.validate()?;
        let http = Request::post("/v2/Payment/Refund")
            .operation("refund_payment")
            .json(request)?
            .resolve_with(payment_state_of(request.payment_id));
        self.execute(http).await
    }
}
