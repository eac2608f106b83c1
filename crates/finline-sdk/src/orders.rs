//! `GET /pos/{pos_id}/orders/{order_id}`: the status query, keyed by the merchant's order id.

use crate::client::Client;
use crate::error::Result;
use crate::model::{Method, Operation, Order};
use crate::validate;

impl Client {
    /// `GET /pos/{pos_id}/orders/{order_id}`: every operation of the order.
    ///
    /// This is the query that resolves an unknown outcome (a 5xx or a timeout on a payment,
    /// capture, void or refund): look for the operation in the answer. It is a read, so it is
    /// retried per the client's [`RetryPolicy`](payments_core::RetryPolicy) (429 and 5xx
    /// included). An order the gateway does not know is an API error 404 with
    /// [`ErrorCode::NotFound`](crate::ErrorCode::NotFound) (`S-404`).
    pub async fn order_status(&self, order_id: &str) -> Result<Order> {
        validate::order_id(order_id)?;
        self.get(&format!(
            "/pos/{}/orders/{}",
            self.pos_id(),
            payments_core::validate::path_segment(order_id)
        ))
        .await
    }

    /// `GET /pos/{pos_id}/orders/{order_id}/{method}`: one operation of the order, for
    /// example its `void`.
    pub async fn order_operation(&self, order_id: &str, method: &Method) -> Result<Operation> {
        validate::order_id(order_id)?;
        self.get(&format!(
            "/pos/{}/orders/{}/{}",
            self.pos_id(),
            payments_core::validate::path_segment(order_id),
            payments_core::validate::path_segment(method.as_str())
        ))
        .await
    }
}
