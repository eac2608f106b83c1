//! `GET /pos/{pos_id}/orders/{order_id}`: the status query, keyed by the merchant's order id.

use payments_core::Request;
use payments_core::validate::path_segment;

use crate::client::Client;
use crate::error::Result;
use crate::model::enums::OperationMethod;
use crate::model::operation::{Operation, Order};
use crate::validate;

impl Client {
    /// `GET /pos/{pos_id}/orders/{order_id}`: every operation of the order.
    ///
    /// This is the query that resolves an unknown outcome (a 5xx, a timeout or an unreadable
    /// answer on a payment, capture, void or refund): every such error's
    /// [`Resolution`](payments_core::Resolution) is `order_status(order_id = ...)`. It is a
    /// read, so it is retried per the client's [`RetryPolicy`](payments_core::RetryPolicy)
    /// (429 and 5xx included). An order the gateway does not know is an API error 404 with
    /// [`ErrorCode::NotFound`](crate::ErrorCode::NotFound) (`S-404`).
    ///
    /// ```no_run
    /// # async fn run(client: finline_sdk::Client) -> finline_sdk::Result<()> {
    /// use finline_sdk::OperationMethod;
    ///
    /// let order = client.order_status("123").await?;
    /// for op in order.chronological() {
    ///     println!("{} {}: {:?}", op.method, op.status, op.status_code);
    /// }
    /// let captured = order.latest(&OperationMethod::Capture).is_some_and(|op| op.is_success());
    /// # let _ = captured;
    /// # Ok(()) }
    /// ```
    pub async fn order_status(&self, order_id: &str) -> Result<Order> {
        validate::order_id(order_id)?;
        let path = format!("/pos/{}/orders/{}", self.pos_id(), path_segment(order_id));
        self.call(Request::get(path).operation("order_status"))
            .await
    }

    /// `GET /pos/{pos_id}/orders/{order_id}/{method}`: one operation of the order, for
    /// example its `void`.
    ///
    /// ```no_run
    /// # async fn run(client: finline_sdk::Client) -> finline_sdk::Result<()> {
    /// use finline_sdk::OperationMethod;
    ///
    /// let void = client.order_operation("123", &OperationMethod::Void).await?;
    /// println!("{}: {:?}", void.status, void.status_description);
    /// # Ok(()) }
    /// ```
    pub async fn order_operation(
        &self,
        order_id: &str,
        method: &OperationMethod,
    ) -> Result<Operation> {
        validate::order_id(order_id)?;
        let path = format!(
            "/pos/{}/orders/{}/{}",
            self.pos_id(),
            path_segment(order_id),
            path_segment(method.as_str())
        );
        self.call(Request::get(path).operation("order_operation"))
            .await
    }
}
