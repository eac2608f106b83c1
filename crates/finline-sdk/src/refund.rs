//! `POST /refund`: refund a successful `purchase` or `capture`, in full or in part.

use payments_core::{Decimal, InvalidRequest};
use serde::Serialize;

use crate::client::Client;
use crate::error::Result;
use crate::model::operation::Operation;
use crate::validate;

/// Refund of a successful `purchase` or `capture`.
///
/// ```
/// use finline_sdk::{RefundRequest, dec};
/// let full = RefundRequest::full("123", "UAH");
/// let partial = RefundRequest::partial("123", "UAH", dec!(10.00));
/// # let _ = (full, partial);
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct RefundRequest {
    order_id: String,
    order_currency: String,
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "payments_core::amount::json_number_option"
    )]
    refund_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_url: Option<String>,
}

impl RefundRequest {
    /// Refunds everything paid for `order_id` in `order_currency`.
    pub fn full(order_id: impl Into<String>, order_currency: impl Into<String>) -> Self {
        Self {
            order_id: order_id.into(),
            order_currency: order_currency.into(),
            refund_amount: None,
            comment: None,
            server_url: None,
        }
    }

    /// Refunds `refund_amount` (major units, at most 2 decimals); several partial refunds may
    /// follow one another.
    pub fn partial(
        order_id: impl Into<String>,
        order_currency: impl Into<String>,
        refund_amount: Decimal,
    ) -> Self {
        Self {
            refund_amount: Some(refund_amount),
            ..Self::full(order_id, order_currency)
        }
    }

    /// `comment` (at most 2048 characters).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// `server_url`: where the webhook of this refund goes.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        validate::order_id(&self.order_id)?;
        validate::currency("order_currency", &self.order_currency)?;
        if let Some(amount) = self.refund_amount {
            validate::amount("refund_amount", amount)?;
        }
        validate::comment(self.comment.as_deref())?;
        validate::url("server_url", self.server_url.as_deref())
    }
}

impl Client {
    /// `POST /refund`: refunds a successful `purchase` or `capture` (full or partial).
    ///
    /// Never repeated. After a 5xx, a timeout or an answer that cannot be read the outcome is
    /// unknown: the error names [`order_status`](Self::order_status), which shows whether a
    /// refund exists.
    ///
    /// ```no_run
    /// # async fn run(client: finline_sdk::Client) -> finline_sdk::Result<()> {
    /// use finline_sdk::{RefundRequest, dec};
    ///
    /// let op = client.refund(&RefundRequest::partial("124", "UAH", dec!(10.50))).await?;
    /// println!("refund {}: {}", op.order_id, op.status);
    /// # Ok(()) }
    /// ```
    pub async fn refund(&self, request: &RefundRequest) -> Result<Operation> {
        request.validate()?;
        self.call(self.write("/refund", "refund", &request.order_id, request)?)
            .await
    }
}
