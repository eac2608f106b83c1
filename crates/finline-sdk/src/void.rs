//! `POST /void`: cancel (reverse) a successful `auth`.

use payments_core::InvalidRequest;
use serde::Serialize;

use crate::client::Client;
use crate::error::Result;
use crate::model::operation::Operation;
use crate::validate;

/// Cancellation of a successful `auth`: the hold is released.
///
/// ```
/// use finline_sdk::VoidRequest;
/// let request = VoidRequest::new("123", "UAH")
///     .comment("10101")
///     .server_url("https://callback.blackhole.com/callback/");
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct VoidRequest {
    order_id: String,
    order_currency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_url: Option<String>,
}

impl VoidRequest {
    /// Voids the auth of `order_id` (at most 32 characters) held in `order_currency`.
    pub fn new(order_id: impl Into<String>, order_currency: impl Into<String>) -> Self {
        Self {
            order_id: order_id.into(),
            order_currency: order_currency.into(),
            comment: None,
            server_url: None,
        }
    }

    /// `comment`: the reason, or other data about the void (at most 2048 characters).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// `server_url`: where the webhook of this void goes.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        validate::order_id(&self.order_id)?;
        validate::currency("order_currency", &self.order_currency)?;
        validate::comment(self.comment.as_deref())?;
        validate::url("server_url", self.server_url.as_deref())
    }
}

impl Client {
    /// `POST /void`: cancels a successful `auth`. Returns the void operation (`method: void`,
    /// `status_code` `1009` "Reverse successful." on success).
    ///
    /// Never repeated. After a 5xx, a timeout or an answer that cannot be read (an HTML 200)
    /// the outcome is unknown: the error's
    /// [`outcome_unknown`](payments_core::Error::outcome_unknown) names
    /// [`order_status`](Self::order_status) with this `order_id`, which shows whether a void
    /// exists.
    ///
    /// ```no_run
    /// # async fn run(client: finline_sdk::Client) -> finline_sdk::Result<()> {
    /// use finline_sdk::{OperationMethod, VoidRequest};
    ///
    /// match client.void(&VoidRequest::new("123", "UAH").comment("out of stock")).await {
    ///     Ok(op) => println!("void: {} {:?}", op.status, op.status_description),
    ///     Err(e) if e.outcome_unknown().is_some() => {
    ///         let order = client.order_status("123").await?;
    ///         let voided = order.latest(&OperationMethod::Void).is_some_and(|op| op.is_success());
    ///         println!("voided after all: {voided}");
    ///     }
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn void(&self, request: &VoidRequest) -> Result<Operation> {
        request.validate()?;
        self.call(self.write("/void", "void", &request.order_id, request)?)
            .await
    }
}
