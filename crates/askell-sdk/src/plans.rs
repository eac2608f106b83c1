//! Endpoint: plans (`GET /plans/`), what v1 subscriptions bill and how often.

use payments_core::ItemStream;

use crate::client::Client;
use crate::error::Error;
use crate::list::{Query, stream};
use crate::model::plan::Plan;

impl Client {
    /// `GET /plans/`: every plan of the account, as a stream.
    ///
    /// The spec documents the answer as a single `Plan` object though the endpoint lists; an
    /// array, a `{count, next, previous, results}` page and a single object are all read.
    ///
    /// ```no_run
    /// use askell_sdk::TryStreamExt as _;
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let mut plans = client.plans();
    /// while let Some(plan) = plans.try_next().await? {
    ///     println!("{} {:?} {:?} every {:?} {:?}", plan.id, plan.amount, plan.currency,
    ///         plan.interval_count, plan.interval);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn plans(&self) -> ItemStream<Plan, Error> {
        stream(&self.http, "plans", "/plans/", Query::new())
    }
}
