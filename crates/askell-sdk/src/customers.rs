//! Endpoints: customers (`/customers/…`), their subscriptions and payment methods.
//!
//! Askell addresses a customer by **your** reference, percent-encoded in the path (it is free
//! text of up to 256 characters). The writes answer `201`/`200`/`204` with no body; an unknown
//! outcome names [`Client::customer`] with the reference as the status query.

use std::fmt;

use payments_core::secret::{ExposeSecret, Redacted, SecretString};
use payments_core::{InvalidRequest, ItemStream, Request, Resolution};
use serde::Serialize;

use crate::client::Client;
use crate::error::{Error, ErrorEnvelope, Result};
use crate::list::{Query, paging, refused, stream};
use crate::model::customer::Customer;
use crate::model::subscription::{Subscription, serialize_secret};
use crate::subscriptions::NewSubscription;

/// The longest `customer_reference` Askell stores.
pub const MAX_CUSTOMER_REFERENCE_LEN: usize = 256;
/// The longest `email` Askell stores.
const MAX_EMAIL_LEN: usize = 254;
/// The longest `first_name` / `last_name` Askell stores.
const MAX_NAME_LEN: usize = 128;
/// The longest `phone` Askell stores.
const MAX_PHONE_LEN: usize = 32;
/// The largest `page_size` Askell accepts.
pub const MAX_PAGE_SIZE: u32 = crate::list::MAX_PAGE_SIZE;

/// Checks a customer reference: not empty, at most 256 characters.
pub(crate) fn check_reference(field: &'static str, reference: &str) -> Result<(), InvalidRequest> {
    if reference.is_empty() {
        return Err(InvalidRequest::new(field, "must not be empty"));
    }
    payments_core::validate::max_chars(field, reference, MAX_CUSTOMER_REFERENCE_LEN)
}

/// The path of one customer.
fn customer_path(reference: &str) -> Result<String, InvalidRequest> {
    check_reference("customer_reference", reference)?;
    Ok(format!(
        "/customers/{}/",
        payments_core::validate::path_segment(reference)
    ))
}

/// A new customer (v1 `CustomerCreate`), the body of `POST /customers/` and of the full update
/// `PUT /customers/{customer_reference}/`.
///
/// ```
/// use askell_sdk::NewCustomer;
///
/// let customer = NewCustomer::new("cust-1", "jon@example.com", "Jón", "Jónsson")
///     .phone("+3545551234");
/// assert_eq!(customer.customer_reference(), "cust-1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewCustomer {
    customer_reference: String,
    email: String,
    first_name: String,
    last_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
}

impl NewCustomer {
    /// A customer with its required fields: your reference (wire `customer_reference`, 1 to 256
    /// characters, unique in the account), `email` (at most 254), `first_name` and `last_name`
    /// (at most 128 each).
    pub fn new(
        customer_reference: impl Into<String>,
        email: impl Into<String>,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
    ) -> Self {
        Self {
            customer_reference: customer_reference.into(),
            email: email.into(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            phone: None,
        }
    }

    /// Wire `phone`: a phone number, e.g. `+3545551234` (at most 32 characters).
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// Wire `customer_reference`: your reference of the customer.
    pub fn customer_reference(&self) -> &str {
        &self.customer_reference
    }

    /// Checks the documented limits.
    pub(crate) fn validate(&self) -> Result<(), InvalidRequest> {
        check_reference("customer_reference", &self.customer_reference)?;
        if self.email.is_empty() {
            return Err(InvalidRequest::new("email", "must not be empty"));
        }
        payments_core::validate::max_chars("email", &self.email, MAX_EMAIL_LEN)?;
        payments_core::validate::max_chars("first_name", &self.first_name, MAX_NAME_LEN)?;
        payments_core::validate::max_chars("last_name", &self.last_name, MAX_NAME_LEN)?;
        if let Some(phone) = &self.phone {
            payments_core::validate::max_chars("phone", phone, MAX_PHONE_LEN)?;
        }
        Ok(())
    }
}

/// A partial update of a customer, the body of `PATCH /customers/{customer_reference}/`: only
/// the fields set are sent.
///
/// ```
/// use askell_sdk::CustomerPatch;
///
/// let patch = CustomerPatch::new().email("new@example.com");
/// assert!(!patch.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CustomerPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
}

impl CustomerPatch {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Wire `customer_reference`: a new reference for the customer (1 to 256 characters).
    pub fn customer_reference(mut self, reference: impl Into<String>) -> Self {
        self.customer_reference = Some(reference.into());
        self
    }

    /// Wire `email`: a new e-mail address (at most 254 characters).
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Wire `first_name`: a new first name (at most 128 characters).
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.first_name = Some(first_name.into());
        self
    }

    /// Wire `last_name`: a new last name (at most 128 characters).
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.last_name = Some(last_name.into());
        self
    }

    /// Wire `phone`: a new phone number (at most 32 characters).
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// `true` when no field is set.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        if self.is_empty() {
            return Err(InvalidRequest::new(
                "body",
                "a partial update must set a field",
            ));
        }
        if let Some(r) = &self.customer_reference {
            check_reference("customer_reference", r)?;
        }
        if let Some(e) = &self.email {
            if e.is_empty() {
                return Err(InvalidRequest::new("email", "must not be empty"));
            }
            payments_core::validate::max_chars("email", e, MAX_EMAIL_LEN)?;
        }
        if let Some(n) = &self.first_name {
            payments_core::validate::max_chars("first_name", n, MAX_NAME_LEN)?;
        }
        if let Some(n) = &self.last_name {
            payments_core::validate::max_chars("last_name", n, MAX_NAME_LEN)?;
        }
        if let Some(p) = &self.phone {
            payments_core::validate::max_chars("phone", p, MAX_PHONE_LEN)?;
        }
        Ok(())
    }
}

/// The query of `GET /customers/`: without a `page_size` Askell answers every customer at
/// once; with one, page after page (the stream of [`Client::customers`] walks them).
///
/// ```
/// use askell_sdk::CustomerListQuery;
///
/// let query = CustomerListQuery::new().page_size(100);
/// # let _ = query;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CustomerListQuery {
    page_size: Option<u32>,
    page: Option<u32>,
}

impl CustomerListQuery {
    /// Every customer, unpaginated.
    pub fn new() -> Self {
        Self::default()
    }

    /// Query `page_size`: customers per page, 1 to 1000 (Askell's default is 10 once paginated).
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// Query `page`: the page to start at, from 1 (pages are walked on from there).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    fn to_query(self) -> Result<Query, InvalidRequest> {
        paging(self.page_size, self.page)
    }
}

/// Attaches a confirmed payment method to a customer, the body of
/// `POST /customers/paymentmethod/` (v1 `CustomerAddPaymentMethod`).
///
/// The token comes from `POST /temporarypaymentmethod/` or a checkout once its status is
/// `tokencreated`. It is a secret: `Debug` never shows it.
///
/// ```
/// use askell_sdk::AttachPaymentMethod;
///
/// let attach = AttachPaymentMethod::new("cust-1", "637302f0412e2e11adc0ba21adafcf11");
/// assert!(!format!("{attach:?}").contains("637302f0"));
/// ```
#[derive(Clone, Serialize)]
pub struct AttachPaymentMethod {
    customer_reference: String,
    #[serde(serialize_with = "serialize_secret")]
    token: SecretString,
}

impl AttachPaymentMethod {
    /// Attaches the payment method `token` to the customer with your reference
    /// `customer_reference`.
    pub fn new(customer_reference: impl Into<String>, token: impl Into<SecretString>) -> Self {
        Self {
            customer_reference: customer_reference.into(),
            token: token.into(),
        }
    }
}

impl fmt::Debug for AttachPaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttachPaymentMethod")
            .field("customer_reference", &self.customer_reference)
            .field("token", &Redacted)
            .finish()
    }
}

impl Client {
    /// `POST /customers/`: creates a customer. Askell answers `201` with no body; read the
    /// customer back with [`customer`](Self::customer).
    ///
    /// Checked before sending (the documented lengths). Not repeated by the client; an unknown
    /// outcome names [`customer`](Self::customer) with the reference.
    ///
    /// ```no_run
    /// use askell_sdk::{AttachPaymentMethod, NewCustomer, NewSubscription};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let customer = NewCustomer::new("cust-1", "jon@example.com", "Jón", "Jónsson");
    /// client.create_customer(&customer).await?;
    /// // A token confirmed through the public-key card flow or a checkout:
    /// client
    ///     .attach_payment_method(&AttachPaymentMethod::new("cust-1", "637302f0412e2e11adc0ba21adafcf11"))
    ///     .await?;
    /// client
    ///     .add_customer_subscription("cust-1", &NewSubscription::new(1, "Sub-1"))
    ///     .await?;
    /// let stored = client.customer("cust-1").await?;
    /// assert_eq!(stored.customer_reference, "cust-1");
    /// # Ok(()) }
    /// ```
    pub async fn create_customer(&self, customer: &NewCustomer) -> Result<()> {
        customer.validate()?;
        let request = Request::post("/customers/")
            .operation("create_customer")
            .json(customer)?
            .resolve_with(Resolution::new(
                "customer",
                "customer_reference",
                customer.customer_reference.clone(),
            ));
        self.http.call_empty::<ErrorEnvelope>(request).await
    }

    /// `GET /customers/{customer_reference}/`: one customer by your reference (`404` when there
    /// is none).
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let customer = client.customer("cust-1").await?;
    /// println!("{:?} has {} card(s)", customer.email, customer.usable_payment_methods().count());
    /// # Ok(()) }
    /// ```
    pub async fn customer(&self, customer_reference: &str) -> Result<Customer> {
        let path = customer_path(customer_reference)?;
        let request = Request::get(path).operation("customer");
        self.http.call::<_, ErrorEnvelope>(request).await
    }

    /// `GET /customers/`: every customer, as a stream that walks the pages when `query` sets a
    /// `page_size`. A query outside the limits is the stream's only item
    /// ([`Error::InvalidRequest`]), and nothing is sent.
    ///
    /// ```no_run
    /// use askell_sdk::{CustomerListQuery, TryStreamExt as _};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let mut customers = client.customers(&CustomerListQuery::new().page_size(100));
    /// while let Some(customer) = customers.try_next().await? {
    ///     println!("{} {:?}", customer.customer_reference, customer.email);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn customers(&self, query: &CustomerListQuery) -> ItemStream<Customer, Error> {
        match query.to_query() {
            Ok(q) => stream(&self.http, "customers", "/customers/", q),
            Err(e) => refused(e),
        }
    }

    /// `PUT /customers/{customer_reference}/`: replaces every field of a customer (the body may
    /// carry a new reference). Askell answers `200` with no documented body. Idempotent, so
    /// repeated after a failure like a read.
    ///
    /// ```no_run
    /// use askell_sdk::NewCustomer;
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let customer = NewCustomer::new("cust-1", "new@example.com", "Jón", "Jónsson");
    /// client.replace_customer("cust-1", &customer).await?;
    /// # Ok(()) }
    /// ```
    pub async fn replace_customer(
        &self,
        customer_reference: &str,
        customer: &NewCustomer,
    ) -> Result<()> {
        let path = customer_path(customer_reference)?;
        customer.validate()?;
        let request = Request::put(path)
            .operation("replace_customer")
            .json(customer)?
            .safe_to_repeat(true)
            .resolve_with(Resolution::new(
                "customer",
                "customer_reference",
                customer.customer_reference.clone(),
            ));
        self.http.call_empty::<ErrorEnvelope>(request).await
    }

    /// `PATCH /customers/{customer_reference}/`: changes the fields set in `patch`. Askell
    /// answers `200` with no documented body. An empty patch is refused locally. Idempotent,
    /// so repeated after a failure like a read.
    ///
    /// ```no_run
    /// use askell_sdk::CustomerPatch;
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// client.update_customer("cust-1", &CustomerPatch::new().phone("+3545550000")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_customer(
        &self,
        customer_reference: &str,
        patch: &CustomerPatch,
    ) -> Result<()> {
        let path = customer_path(customer_reference)?;
        patch.validate()?;
        let key = patch
            .customer_reference
            .clone()
            .unwrap_or_else(|| customer_reference.to_owned());
        let request = Request::patch(path)
            .operation("update_customer")
            .json(patch)?
            .safe_to_repeat(true)
            .resolve_with(Resolution::new("customer", "customer_reference", key));
        self.http.call_empty::<ErrorEnvelope>(request).await
    }

    /// `DELETE /customers/{customer_reference}/`: deletes a customer (`204`). An unknown
    /// outcome names [`customer`](Self::customer) (a `404` once deleted).
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// client.delete_customer("cust-1").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_customer(&self, customer_reference: &str) -> Result<()> {
        let path = customer_path(customer_reference)?;
        let request = Request::delete(path)
            .operation("delete_customer")
            .resolve_with(Resolution::new(
                "customer",
                "customer_reference",
                customer_reference.to_owned(),
            ));
        self.http.call_empty::<ErrorEnvelope>(request).await
    }

    /// `GET /customers/{customer_reference}/subscriptions/`: every subscription of a customer,
    /// as a stream. A bad reference is the stream's only item, and nothing is sent.
    ///
    /// ```no_run
    /// use askell_sdk::TryStreamExt as _;
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let subscriptions: Vec<_> = client.customer_subscriptions("cust-1").try_collect().await?;
    /// println!("{} subscription(s)", subscriptions.len());
    /// # Ok(()) }
    /// ```
    pub fn customer_subscriptions(
        &self,
        customer_reference: &str,
    ) -> ItemStream<Subscription, Error> {
        match customer_path(customer_reference) {
            Ok(path) => stream(
                &self.http,
                "customer_subscriptions",
                format!("{path}subscriptions/"),
                Query::new(),
            ),
            Err(e) => refused(e),
        }
    }

    /// `POST /customers/{customer_reference}/subscriptions/add/`: subscribes a customer to a
    /// plan. Askell answers `201` with no body. Not repeated by the client; an unknown outcome
    /// names [`customer_subscriptions`](Self::customer_subscriptions).
    ///
    /// ```no_run
    /// use askell_sdk::{NewSubscription, dec};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let subscription = NewSubscription::new(1, "Sub-12345").discount(dec!(10));
    /// client.add_customer_subscription("cust-1", &subscription).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_customer_subscription(
        &self,
        customer_reference: &str,
        subscription: &NewSubscription,
    ) -> Result<()> {
        let path = format!("{}subscriptions/add/", customer_path(customer_reference)?);
        subscription.validate()?;
        let request = Request::post(path)
            .operation("add_customer_subscription")
            .json(subscription)?
            .resolve_with(Resolution::new(
                "customer_subscriptions",
                "customer_reference",
                customer_reference.to_owned(),
            ));
        self.http.call_empty::<ErrorEnvelope>(request).await
    }

    /// `POST /customers/paymentmethod/`: attaches a confirmed payment-method token to a
    /// customer (`201`, no body; `404` for an unknown customer). The token is declared secret
    /// on the request. An unknown outcome names [`customer`](Self::customer) (its
    /// `payment_method` list).
    ///
    /// ```no_run
    /// use askell_sdk::AttachPaymentMethod;
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let attach = AttachPaymentMethod::new("cust-1", "637302f0412e2e11adc0ba21adafcf11");
    /// client.attach_payment_method(&attach).await?;
    /// # Ok(()) }
    /// ```
    pub async fn attach_payment_method(&self, attach: &AttachPaymentMethod) -> Result<()> {
        check_reference("customer_reference", &attach.customer_reference)?;
        if attach.token.expose_secret().is_empty() {
            return Err(Error::invalid("token", "must not be empty"));
        }
        let request = Request::post("/customers/paymentmethod/")
            .operation("attach_payment_method")
            .json(attach)?
            .secret(&attach.token)
            .resolve_with(Resolution::new(
                "customer",
                "customer_reference",
                attach.customer_reference.clone(),
            ));
        self.http.call_empty::<ErrorEnvelope>(request).await
    }
}
