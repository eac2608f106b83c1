//! Endpoints: v1 (plan) subscriptions (`/subscriptions/…`).
//!
//! The actions (cancel, activate, set expiry) and the multi-create are not repeated by the
//! client unless idempotent; an unknown outcome names [`Client::subscription`] (or, for a new
//! customer's subscriptions, [`Client::customer_subscriptions`]) as the status query.

use std::fmt;

use payments_core::secret::{ExposeSecret, Redacted, SecretString};
use payments_core::{Decimal, InvalidRequest, ItemStream, Request, Resolution, string_enum};
use serde::Serialize;
use time::OffsetDateTime;

use crate::client::Client;
use crate::customers::NewCustomer;
use crate::error::{Error, ErrorEnvelope, Result};
use crate::list::{Query, paging, refused, stream};
use crate::model::subscription::{
    Subscription, SubscriptionActionResult, SubscriptionsCreated, serialize_secret,
};

/// Checks a discount: a percentage from 0 to 100.
fn check_discount(discount: Option<Decimal>) -> Result<(), InvalidRequest> {
    match discount {
        Some(d) if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED => Err(InvalidRequest::new(
            "discount",
            format!("must be a percentage from 0 to 100, is {d}"),
        )),
        _ => Ok(()),
    }
}

/// Checks an amount: not negative.
fn check_amount(amount: Option<Decimal>) -> Result<(), InvalidRequest> {
    match amount {
        Some(a) if a < Decimal::ZERO => Err(InvalidRequest::new(
            "amount",
            format!("must not be negative, is {a}"),
        )),
        _ => Ok(()),
    }
}

/// A new subscription of a customer to a plan (v1 `SubscriptionCreate`): the body of
/// `POST /customers/{customer_reference}/subscriptions/add/` and an item of
/// [`MultiSubscriptionCreate`].
///
/// ```
/// use askell_sdk::{Decimal, NewSubscription};
///
/// let sub = NewSubscription::new(1, "Sub-12345")
///     .amount(Decimal::new(1500, 0))
///     .discount(Decimal::TEN)
///     .description("My custom note");
/// # let _ = sub;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewSubscription {
    plan: i64,
    reference: String,
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    start_date: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

impl NewSubscription {
    /// A subscription to the plan with id `plan` (wire `plan`), under your `reference` (wire
    /// `reference`, not empty).
    pub fn new(plan: i64, reference: impl Into<String>) -> Self {
        Self {
            plan,
            reference: reference.into(),
            start_date: None,
            amount: None,
            discount: None,
            description: None,
        }
    }

    /// Wire `start_date`: when the subscription starts (default: now).
    pub fn start_date(mut self, start_date: OffsetDateTime) -> Self {
        self.start_date = Some(start_date);
        self
    }

    /// Wire `amount`: a price per period overriding the plan's (sent as a decimal string, e.g.
    /// `"1500"`; not negative).
    pub fn amount(mut self, amount: Decimal) -> Self {
        self.amount = Some(amount);
        self
    }

    /// Wire `discount`: a discount in percent, 0 to 100 (`10` = 10 %), applied to the next
    /// charge.
    pub fn discount(mut self, percent: Decimal) -> Self {
        self.discount = Some(percent);
        self
    }

    /// Wire `description`: an internal note.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Checks the documented limits.
    pub(crate) fn validate(&self) -> Result<(), InvalidRequest> {
        if self.reference.is_empty() {
            return Err(InvalidRequest::new("reference", "must not be empty"));
        }
        check_amount(self.amount)?;
        check_discount(self.discount)
    }
}

/// Creates a customer, stores its payment method and subscribes it to several plans in one
/// call: the body of `POST /subscriptions/multi/` (v1 `SubscriptionCreateMulti`).
///
/// `Debug` never shows the payment-method token.
///
/// ```
/// use askell_sdk::{MultiSubscriptionCreate, NewCustomer, NewSubscription};
///
/// let request = MultiSubscriptionCreate::new(
///     NewCustomer::new("cust-1", "jon@example.com", "Jón", "Jónsson"),
///     vec![NewSubscription::new(1, "Sub-1"), NewSubscription::new(2, "Sub-2")],
/// )
/// .payment_method_token("637302f0412e2e11adc0ba21adafcf11");
/// assert!(!format!("{request:?}").contains("637302f0"));
/// ```
#[derive(Clone, Serialize)]
pub struct MultiSubscriptionCreate {
    customer: NewCustomer,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_method: Option<PaymentMethodToken>,
    subscriptions: Vec<NewSubscription>,
}

/// Wire `PaymentMethodTokenCreate`: `{"token": …}`.
#[derive(Clone, Serialize)]
struct PaymentMethodToken {
    #[serde(serialize_with = "serialize_secret")]
    token: SecretString,
}

impl MultiSubscriptionCreate {
    /// Creates `customer` with `subscriptions` (at least one).
    pub fn new(customer: NewCustomer, subscriptions: Vec<NewSubscription>) -> Self {
        Self {
            customer,
            payment_method: None,
            subscriptions,
        }
    }

    /// Wire `payment_method.token`: a confirmed temporary payment-method token (from
    /// `/temporarypaymentmethod/` or a checkout with status `tokencreated`) to store on the
    /// customer. Declared secret on the request.
    pub fn payment_method_token(mut self, token: impl Into<SecretString>) -> Self {
        self.payment_method = Some(PaymentMethodToken {
            token: token.into(),
        });
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        self.customer.validate()?;
        if self.subscriptions.is_empty() {
            return Err(InvalidRequest::new(
                "subscriptions",
                "must hold at least one subscription",
            ));
        }
        for s in &self.subscriptions {
            s.validate()?;
        }
        if let Some(PaymentMethodToken { token }) = &self.payment_method
            && token.expose_secret().is_empty()
        {
            return Err(InvalidRequest::new(
                "payment_method.token",
                "must not be empty",
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for MultiSubscriptionCreate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MultiSubscriptionCreate")
            .field("customer", &self.customer)
            .field(
                "payment_method",
                &self.payment_method.as_ref().map(|_| Redacted),
            )
            .field("subscriptions", &self.subscriptions)
            .finish()
    }
}

/// A change to a subscription, the body of `PATCH /subscriptions/{id}/` (v1
/// `SubscriptionUpdate`): only the fields set are sent.
///
/// ```
/// use askell_sdk::{Decimal, SubscriptionUpdate};
///
/// let update = SubscriptionUpdate::new().plan(2).discount(Decimal::new(25, 0));
/// # let _ = update;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubscriptionUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<PlanId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

/// Wire `{"id": …}`: a plan as the update refers to it (an object, unlike on create).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
struct PlanId {
    id: i64,
}

impl SubscriptionUpdate {
    /// A change that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Wire `plan` (sent as `{"id": plan}`): moves the subscription to another plan.
    pub fn plan(mut self, plan: i64) -> Self {
        self.plan = Some(PlanId { id: plan });
        self
    }

    /// Wire `amount`: a price per period overriding the plan's (not negative).
    pub fn amount(mut self, amount: Decimal) -> Self {
        self.amount = Some(amount);
        self
    }

    /// Wire `discount`: a discount in percent, 0 to 100, applied to the next charge.
    pub fn discount(mut self, percent: Decimal) -> Self {
        self.discount = Some(percent);
        self
    }

    /// Wire `description`: an internal note.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// `true` when no field is set.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        if self.is_empty() {
            return Err(InvalidRequest::new("body", "an update must set a field"));
        }
        check_amount(self.amount)?;
        check_discount(self.discount)
    }
}

string_enum! {
    /// How much of each subscription `GET /subscriptions/` returns (query `type`).
    pub enum SubscriptionListType {
        /// `light`: a reduced answer.
        Light = "light",
        /// `full`: everything (Askell's default).
        Full = "full",
    }
}

string_enum! {
    /// The order of `GET /subscriptions/` (query `ordering`).
    pub enum SubscriptionOrdering {
        /// `active_until`: paid-up date, ascending.
        ActiveUntil = "active_until",
        /// `-active_until`: paid-up date, descending.
        ActiveUntilDesc = "-active_until",
        /// `start_date`: start date, ascending.
        StartDate = "start_date",
        /// `-start_date`: start date, descending.
        StartDateDesc = "-start_date",
    }
}

/// The query of `GET /subscriptions/`: without a `page_size` Askell answers every subscription
/// at once; with one, page after page (the stream of [`Client::subscriptions`] walks them).
///
/// ```
/// use askell_sdk::{SubscriptionListQuery, SubscriptionOrdering};
///
/// let query = SubscriptionListQuery::new()
///     .page_size(100)
///     .ordering(SubscriptionOrdering::ActiveUntilDesc);
/// # let _ = query;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriptionListQuery {
    page_size: Option<u32>,
    page: Option<u32>,
    kind: Option<SubscriptionListType>,
    ordering: Option<SubscriptionOrdering>,
}

impl SubscriptionListQuery {
    /// Every subscription, unpaginated, unordered, in full.
    pub fn new() -> Self {
        Self::default()
    }

    /// Query `page_size`: subscriptions per page, 1 to 1000.
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// Query `page`: the page to start at, from 1 (pages are walked on from there).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// Query `type`: `light` or `full` (Askell's default).
    pub fn kind(mut self, kind: SubscriptionListType) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Query `ordering`.
    pub fn ordering(mut self, ordering: SubscriptionOrdering) -> Self {
        self.ordering = Some(ordering);
        self
    }

    fn to_query(&self) -> Result<Query, InvalidRequest> {
        let mut query = paging(self.page_size, self.page)?;
        if let Some(kind) = &self.kind {
            query.push(("type".into(), kind.as_str().to_owned()));
        }
        if let Some(ordering) = &self.ordering {
            query.push(("ordering".into(), ordering.as_str().to_owned()));
        }
        Ok(query)
    }
}

/// The body of `POST /subscriptions/{id}/set_expiry/` (v1 `SubscriptionSetExpiry`).
#[derive(Serialize)]
struct SetExpiry {
    #[serde(with = "time::serde::rfc3339")]
    expires: OffsetDateTime,
}

fn subscription_path(id: i64, action: &str) -> String {
    format!("/subscriptions/{id}/{action}")
}

fn by_id(id: i64) -> Resolution {
    Resolution::new("subscription", "id", id.to_string())
}

impl Client {
    /// `GET /subscriptions/`: every subscription, as a stream that walks the pages when `query`
    /// sets a `page_size`. A query outside the limits is the stream's only item
    /// ([`Error::InvalidRequest`]), and nothing is sent.
    ///
    /// ```no_run
    /// use askell_sdk::{SubscriptionListQuery, TryStreamExt as _};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let active: Vec<_> = client
    ///     .subscriptions(&SubscriptionListQuery::new().page_size(100))
    ///     .try_filter(|s| std::future::ready(s.active == Some(true)))
    ///     .try_collect()
    ///     .await?;
    /// println!("{} active", active.len());
    /// # Ok(()) }
    /// ```
    pub fn subscriptions(&self, query: &SubscriptionListQuery) -> ItemStream<Subscription, Error> {
        match query.to_query() {
            Ok(q) => stream(&self.http, "subscriptions", "/subscriptions/", q),
            Err(e) => refused(e),
        }
    }

    /// `GET /subscriptions/{id}/`: one subscription.
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let subscription = client.subscription(123).await?;
    /// println!("active: {:?}, plan {:?}", subscription.active, subscription.plan_id());
    /// # Ok(()) }
    /// ```
    pub async fn subscription(&self, id: i64) -> Result<Subscription> {
        let request = Request::get(subscription_path(id, "")).operation("subscription");
        self.http.call::<_, ErrorEnvelope>(request).await
    }

    /// `PATCH /subscriptions/{id}/`: changes plan, amount, discount or description; answers the
    /// subscription. An empty update is refused locally. Idempotent (it sets values), so
    /// repeated after a failure like a read.
    ///
    /// ```no_run
    /// use askell_sdk::{SubscriptionUpdate, dec};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let updated = client
    ///     .update_subscription(123, &SubscriptionUpdate::new().plan(2).discount(dec!(25)))
    ///     .await?;
    /// println!("now on plan {:?}", updated.plan_id());
    /// # Ok(()) }
    /// ```
    pub async fn update_subscription(
        &self,
        id: i64,
        update: &SubscriptionUpdate,
    ) -> Result<Subscription> {
        update.validate()?;
        let request = Request::patch(subscription_path(id, ""))
            .operation("update_subscription")
            .json(update)?
            .safe_to_repeat(true)
            .resolve_with(by_id(id));
        self.http.call::<_, ErrorEnvelope>(request).await
    }

    /// `POST /subscriptions/multi/`: creates a customer, stores its payment method and creates
    /// several subscriptions at once (`201`). Not repeated by the client; an unknown outcome
    /// names [`customer_subscriptions`](Self::customer_subscriptions) with the new customer's
    /// reference.
    ///
    /// ```no_run
    /// use askell_sdk::{MultiSubscriptionCreate, NewCustomer, NewSubscription};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let request = MultiSubscriptionCreate::new(
    ///     NewCustomer::new("cust-1", "jon@example.com", "Jón", "Jónsson"),
    ///     vec![NewSubscription::new(1, "Sub-1")],
    /// )
    /// .payment_method_token("637302f0412e2e11adc0ba21adafcf11");
    /// let created = client.create_subscriptions(&request).await?;
    /// println!("{} subscription(s)", created.subscriptions.len());
    /// # Ok(()) }
    /// ```
    pub async fn create_subscriptions(
        &self,
        request: &MultiSubscriptionCreate,
    ) -> Result<SubscriptionsCreated> {
        request.validate()?;
        let mut http_request = Request::post("/subscriptions/multi/")
            .operation("create_subscriptions")
            .json(request)?
            .resolve_with(Resolution::new(
                "customer_subscriptions",
                "customer_reference",
                request.customer.customer_reference().to_owned(),
            ));
        if let Some(PaymentMethodToken { token }) = &request.payment_method {
            http_request = http_request.secret(token);
        }
        self.http.call::<_, ErrorEnvelope>(http_request).await
    }

    /// `POST /subscriptions/{id}/cancel/`: cancels a subscription (`201 {"state":"canceled"}`).
    /// Not repeated by the client; an unknown outcome names
    /// [`subscription`](Self::subscription).
    ///
    /// ```no_run
    /// use askell_sdk::SubscriptionState;
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let result = client.cancel_subscription(123).await?;
    /// assert_eq!(result.state, Some(SubscriptionState::Canceled));
    /// # Ok(()) }
    /// ```
    pub async fn cancel_subscription(&self, id: i64) -> Result<SubscriptionActionResult> {
        let request = Request::post(subscription_path(id, "cancel/"))
            .operation("cancel_subscription")
            .resolve_with(by_id(id));
        self.http.call::<_, ErrorEnvelope>(request).await
    }

    /// `POST /subscriptions/{id}/activate/`: re-activates a cancelled subscription whose last
    /// paid period has not passed (`200 {"state":"active"}`). Not repeated by the client; an
    /// unknown outcome names [`subscription`](Self::subscription).
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let result = client.activate_subscription(123).await?;
    /// println!("{:?}", result.state);
    /// # Ok(()) }
    /// ```
    pub async fn activate_subscription(&self, id: i64) -> Result<SubscriptionActionResult> {
        let request = Request::post(subscription_path(id, "activate/"))
            .operation("activate_subscription")
            .resolve_with(by_id(id));
        self.http.call::<_, ErrorEnvelope>(request).await
    }

    /// `POST /subscriptions/{id}/set_expiry/`: sets when the subscription expires, by moving
    /// the end of its latest billing log to `expires`. Idempotent (it sets a date), so
    /// repeated after a failure like a read.
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let expires = time::macros::datetime!(2024-01-31 00:00:00 UTC);
    /// client.set_subscription_expiry(123, expires).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_subscription_expiry(
        &self,
        id: i64,
        expires: OffsetDateTime,
    ) -> Result<SubscriptionActionResult> {
        let request = Request::post(subscription_path(id, "set_expiry/"))
            .operation("set_subscription_expiry")
            .json(&SetExpiry { expires })?
            .safe_to_repeat(true)
            .resolve_with(by_id(id));
        self.http.call::<_, ErrorEnvelope>(request).await
    }
}
