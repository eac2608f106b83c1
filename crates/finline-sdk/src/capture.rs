//! `POST /capture`: charge a successful `auth`, in full or in part.

use payments_core::{Decimal, InvalidRequest};
use serde::Serialize;

use crate::client::Client;
use crate::error::Result;
use crate::model::operation::Operation;
use crate::model::product::Product;
use crate::validate;

/// Capture of a successful `auth`.
///
/// ```
/// use finline_sdk::{CaptureRequest, dec};
/// let full = CaptureRequest::full("123", "UAH");
/// let partial = CaptureRequest::partial("123", "UAH", dec!(50.25)).comment("half");
/// # let _ = (full, partial);
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct CaptureRequest {
    order_id: String,
    order_currency: String,
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "payments_core::amount::json_number_option"
    )]
    charge_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    products: Vec<Product>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_url: Option<String>,
}

impl CaptureRequest {
    /// Captures the whole amount held for `order_id` (`order_currency` is the auth's currency).
    pub fn full(order_id: impl Into<String>, order_currency: impl Into<String>) -> Self {
        Self {
            order_id: order_id.into(),
            order_currency: order_currency.into(),
            charge_amount: None,
            products: Vec::new(),
            comment: None,
            server_url: None,
        }
    }

    /// Captures `charge_amount` (major units, at most 2 decimals) of the amount held.
    pub fn partial(
        order_id: impl Into<String>,
        order_currency: impl Into<String>,
        charge_amount: Decimal,
    ) -> Self {
        Self {
            charge_amount: Some(charge_amount),
            ..Self::full(order_id, order_currency)
        }
    }

    /// `comment` (at most 2048 characters).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// `server_url`: where the webhook of this capture goes.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    /// `products`: product lines for fiscalization.
    pub fn products(mut self, products: Vec<Product>) -> Self {
        self.products = products;
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        validate::order_id(&self.order_id)?;
        validate::currency("order_currency", &self.order_currency)?;
        if let Some(amount) = self.charge_amount {
            validate::amount("charge_amount", amount)?;
        }
        validate::comment(self.comment.as_deref())?;
        validate::url("server_url", self.server_url.as_deref())?;
        for (i, product) in self.products.iter().enumerate() {
            product.validate(i)?;
        }
        Ok(())
    }
}

impl Client {
    /// `POST /capture`: charges a successful `auth` (full or partial). Returns the capture
    /// operation; `amount` is what was captured.
    ///
    /// Never repeated. After a 5xx, a timeout or an answer that cannot be read the outcome is
    /// unknown: the error names [`order_status`](Self::order_status), which shows whether a
    /// capture exists.
    ///
    /// ```no_run
    /// # async fn run(client: finline_sdk::Client) -> finline_sdk::Result<()> {
    /// use finline_sdk::{CaptureRequest, dec};
    ///
    /// let op = client.capture(&CaptureRequest::partial("123", "UAH", dec!(50.25))).await?;
    /// println!("captured {:?} {:?}: {}", op.amount, op.currency, op.status);
    /// # Ok(()) }
    /// ```
    pub async fn capture(&self, request: &CaptureRequest) -> Result<Operation> {
        request.validate()?;
        self.call(self.write("/capture", "capture", &request.order_id, request)?)
            .await
    }
}
