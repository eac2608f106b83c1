//! `POST /split/capture` and `POST /split/refund`: capture or refund shared between
//! sub-merchants.
//!
//! Note the wire quirk: split capture names the currency `order_currency`, split refund names it
//! `currency`.

use payments_core::{Decimal, InvalidRequest};
use serde::Serialize;

use crate::client::Client;
use crate::error::Result;
use crate::model::operation::Operation;
use crate::validate;

/// One sub-merchant's share (`split[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SplitShare {
    /// `sub_merchant_id`: the sub-merchant.
    sub_merchant_id: String,
    /// `amount`: its share, in major units.
    #[serde(with = "payments_core::amount::json_number")]
    amount: Decimal,
}

impl SplitShare {
    /// `amount` (major units, at most 2 decimals) for `sub_merchant_id`.
    pub fn new(sub_merchant_id: impl Into<String>, amount: Decimal) -> Self {
        Self {
            sub_merchant_id: sub_merchant_id.into(),
            amount,
        }
    }
}

fn validate_split(split: &[SplitShare]) -> Result<(), InvalidRequest> {
    if split.is_empty() {
        return Err(InvalidRequest::new(
            "split",
            "must name at least one sub-merchant",
        ));
    }
    for (i, share) in split.iter().enumerate() {
        validate::non_empty(
            format!("split[{i}].sub_merchant_id"),
            &share.sub_merchant_id,
        )?;
        validate::amount(format!("split[{i}].amount"), share.amount)?;
    }
    Ok(())
}

/// Capture of a successful split `auth`, shared between sub-merchants.
///
/// ```
/// use finline_sdk::{SplitCaptureRequest, SplitShare, dec};
/// let request = SplitCaptureRequest::new(
///     "123",
///     "UAH",
///     dec!(100),
///     vec![SplitShare::new("sub-1", dec!(60)), SplitShare::new("sub-2", dec!(40))],
/// );
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct SplitCaptureRequest {
    order_id: String,
    order_currency: String,
    #[serde(with = "payments_core::amount::json_number")]
    charge_amount: Decimal,
    split: Vec<SplitShare>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_url: Option<String>,
}

impl SplitCaptureRequest {
    /// Captures `charge_amount` of `order_id` (in `order_currency`), shared as `split` says.
    pub fn new(
        order_id: impl Into<String>,
        order_currency: impl Into<String>,
        charge_amount: Decimal,
        split: Vec<SplitShare>,
    ) -> Self {
        Self {
            order_id: order_id.into(),
            order_currency: order_currency.into(),
            charge_amount,
            split,
            comment: None,
            server_url: None,
        }
    }

    /// `comment` (at most 2048 characters).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// `server_url`: where the webhook goes.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        validate::order_id(&self.order_id)?;
        validate::currency("order_currency", &self.order_currency)?;
        validate::amount("charge_amount", self.charge_amount)?;
        validate_split(&self.split)?;
        validate::comment(self.comment.as_deref())?;
        validate::url("server_url", self.server_url.as_deref())
    }
}

/// Refund shared between sub-merchants.
///
/// ```
/// use finline_sdk::{SplitRefundRequest, SplitShare, dec};
/// let request = SplitRefundRequest::new("123", "UAH", dec!(30), vec![SplitShare::new("sub-2", dec!(30))])
///     .comment("return of item 2");
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct SplitRefundRequest {
    order_id: String,
    currency: String,
    #[serde(with = "payments_core::amount::json_number")]
    refund_amount: Decimal,
    split: Vec<SplitShare>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_url: Option<String>,
}

impl SplitRefundRequest {
    /// Refunds `refund_amount` of `order_id` (in `currency`), shared as `split` says.
    pub fn new(
        order_id: impl Into<String>,
        currency: impl Into<String>,
        refund_amount: Decimal,
        split: Vec<SplitShare>,
    ) -> Self {
        Self {
            order_id: order_id.into(),
            currency: currency.into(),
            refund_amount,
            split,
            comment: None,
            server_url: None,
        }
    }

    /// `comment` (at most 2048 characters).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// `server_url`: where the webhook goes.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        validate::order_id(&self.order_id)?;
        validate::currency("currency", &self.currency)?;
        validate::amount("refund_amount", self.refund_amount)?;
        validate_split(&self.split)?;
        validate::comment(self.comment.as_deref())?;
        validate::url("server_url", self.server_url.as_deref())
    }
}

impl Client {
    /// `POST /split/capture`: captures a split auth, shared between sub-merchants.
    ///
    /// Never repeated; an unknown outcome names [`order_status`](Self::order_status).
    ///
    /// ```no_run
    /// # async fn run(client: finline_sdk::Client) -> finline_sdk::Result<()> {
    /// use finline_sdk::{SplitCaptureRequest, SplitShare, dec};
    ///
    /// let split = vec![SplitShare::new("sub-1", dec!(60.5)), SplitShare::new("sub-2", dec!(39.5))];
    /// let op = client.split_capture(&SplitCaptureRequest::new("split-1", "UAH", dec!(100), split)).await?;
    /// println!("{}", op.status);
    /// # Ok(()) }
    /// ```
    pub async fn split_capture(&self, request: &SplitCaptureRequest) -> Result<Operation> {
        request.validate()?;
        self.call(self.write(
            "/split/capture",
            "split_capture",
            &request.order_id,
            request,
        )?)
        .await
    }

    /// `POST /split/refund`: refunds with a split between sub-merchants.
    ///
    /// Never repeated; an unknown outcome names [`order_status`](Self::order_status).
    ///
    /// ```no_run
    /// # async fn run(client: finline_sdk::Client) -> finline_sdk::Result<()> {
    /// use finline_sdk::{SplitRefundRequest, SplitShare, dec};
    ///
    /// let split = vec![SplitShare::new("sub-2", dec!(30))];
    /// let op = client.split_refund(&SplitRefundRequest::new("split-1", "UAH", dec!(30), split)).await?;
    /// println!("{}", op.status);
    /// # Ok(()) }
    /// ```
    pub async fn split_refund(&self, request: &SplitRefundRequest) -> Result<Operation> {
        request.validate()?;
        self.call(self.write("/split/refund", "split_refund", &request.order_id, request)?)
            .await
    }
}
