//! Endpoints: customers (`/customers/…`), their subscriptions and payment methods.

use std::fmt;

use payments_core::secret::{Redacted, SecretString};
use payments_core::{InvalidRequest, Request};
use serde::Serialize;

use crate::client::{self, Client};
use crate::error::Error;
use crate::model::customer::Customer;
use crate::model::list::List;
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
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Checks a customer reference: not empty, at most 256 characters.
pub(crate) fn check_reference(field: &'static str, reference: &str) -> Result<(), InvalidRequest> {
    if reference.is_empty() {
        return Err(InvalidRequest::new(field, "must not be empty"));
    }
    payments_core::validate::max_chars(field, reference, MAX_CUSTOMER_REFERENCE_LEN)
}

/// Checks a `page_size`: 1 to 1000.
pub(crate) fn check_page_size(page_size: Option<u32>) -> Result<(), InvalidRequest> {
    match page_size {
        Some(n) if n == 0 || n > MAX_PAGE_SIZE => Err(InvalidRequest::new(
            "page_size",
            format!("must be between 1 and {MAX_PAGE_SIZE}, is {n}"),
        )),
        _ => Ok(()),
    }
}

/// Checks a `page` number: 1 or more.
pub(crate) fn check_page(page: Option<u32>) -> Result<(), InvalidRequest> {
    if page == Some(0) {
        return Err(InvalidRequest::new("page", "pages are numbered from 1"));
    }
    Ok(())
}

/// The `page` number in a page's `next` URL (`…?page_size=2&page=3` → 3).
pub(crate) fn page_number(url: &str) -> Option<u32> {
    let (_, query) = url.split_once('?')?;
    let query = query.split('#').next().unwrap_or_default();
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "page")
        .and_then(|(_, v)| v.parse().ok())
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

/// The query of `GET /customers/`. Without a `page_size` Askell answers every customer in a
/// bare array ([`List::All`]); with one, a page ([`List::Page`]).
///
/// Walk every page with [`next_after`](Self::next_after):
///
/// ```no_run
/// use askell_sdk::{Client, CustomerListQuery};
///
/// # async fn run(client: Client) -> Result<(), askell_sdk::Error> {
/// let mut query = CustomerListQuery::new().page_size(100);
/// loop {
///     let page = client.list_customers(&query).await?;
///     for customer in page.items() {
///         println!("{} {}", customer.customer_reference, customer.email);
///     }
///     match query.next_after(&page) {
///         Some(next) => query = next,
///         None => break,
///     }
/// }
/// # Ok(()) }
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

    /// Query `page`: which page, from 1 (the number in a page's `next` URL).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// The query of the page after `list`, read from its `next` URL; `None` on the last page
    /// and for an unpaginated answer.
    pub fn next_after<T>(&self, list: &List<T>) -> Option<Self> {
        let page = page_number(list.next_page()?)?;
        Some(Self {
            page: Some(page),
            ..*self
        })
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
    /// customer back with [`get_customer`](Self::get_customer).
    ///
    /// Not retried: after a timeout, look the customer up by its reference.
    ///
    /// ```no_run
    /// use askell_sdk::{Client, NewCustomer, NewSubscription, AttachPaymentMethod};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = Client::builder("abcdef.abcdefgh1234567890").build()?;
    /// let customer = NewCustomer::new("cust-1", "jon@example.com", "Jón", "Jónsson");
    /// client.create_customer(&customer).await?;
    /// // A token confirmed through the public-key card flow or a checkout:
    /// client
    ///     .attach_payment_method(&AttachPaymentMethod::new("cust-1", "637302f0412e2e11adc0ba21adafcf11"))
    ///     .await?;
    /// client
    ///     .add_customer_subscription("cust-1", &NewSubscription::new(1, "Sub-1"))
    ///     .await?;
    /// let stored = client.get_customer("cust-1").await?;
    /// assert_eq!(stored.customer_reference, "cust-1");
    /// # Ok(()) }
    /// ```
    pub async fn create_customer(&self, customer: &NewCustomer) -> Result<(), Error> {
        customer.validate()?;
        let request = Request::post("/customers/")
            .json(customer)?
            .resolve_with(format!(
                "Client::get_customer({:?})",
                customer.customer_reference
            ));
        client::call_empty(&self.http, request).await
    }

    /// `GET /customers/{customer_reference}/`: one customer by your reference (`404` when there
    /// is none).
    pub async fn get_customer(&self, customer_reference: &str) -> Result<Customer, Error> {
        let path = customer_path(customer_reference)?;
        client::call(&self.http, Request::get(path)).await
    }

    /// `GET /customers/`: the customers, all at once or one page at a time.
    pub async fn list_customers(&self, query: &CustomerListQuery) -> Result<List<Customer>, Error> {
        check_page_size(query.page_size)?;
        check_page(query.page)?;
        let mut request = Request::get("/customers/");
        if let Some(n) = query.page_size {
            request = request.query("page_size", n.to_string());
        }
        if let Some(n) = query.page {
            request = request.query("page", n.to_string());
        }
        client::call(&self.http, request).await
    }

    /// `PUT /customers/{customer_reference}/`: replaces every field of a customer (the body may
    /// carry a new reference). Askell answers `200` with no documented body.
    pub async fn replace_customer(
        &self,
        customer_reference: &str,
        customer: &NewCustomer,
    ) -> Result<(), Error> {
        let path = customer_path(customer_reference)?;
        customer.validate()?;
        let request = Request::put(path).json(customer)?.safe_to_repeat(true);
        client::call_empty(&self.http, request).await
    }

    /// `PATCH /customers/{customer_reference}/`: changes the fields set in `patch`. Askell
    /// answers `200` with no documented body. An empty patch is refused locally.
    pub async fn update_customer(
        &self,
        customer_reference: &str,
        patch: &CustomerPatch,
    ) -> Result<(), Error> {
        let path = customer_path(customer_reference)?;
        patch.validate()?;
        let request = Request::patch(path).json(patch)?.safe_to_repeat(true);
        client::call_empty(&self.http, request).await
    }

    /// `DELETE /customers/{customer_reference}/`: deletes a customer (`204`).
    pub async fn delete_customer(&self, customer_reference: &str) -> Result<(), Error> {
        let path = customer_path(customer_reference)?;
        let request = Request::delete(path).resolve_with(format!(
            "Client::get_customer({customer_reference:?}) (404 once deleted)"
        ));
        client::call_empty(&self.http, request).await
    }

    /// `GET /customers/{customer_reference}/subscriptions/`: every subscription of a customer.
    pub async fn customer_subscriptions(
        &self,
        customer_reference: &str,
    ) -> Result<Vec<Subscription>, Error> {
        let path = format!("{}subscriptions/", customer_path(customer_reference)?);
        client::call(&self.http, Request::get(path)).await
    }

    /// `POST /customers/{customer_reference}/subscriptions/add/`: subscribes a customer to a
    /// plan. Askell answers `201` with no body; see
    /// [`customer_subscriptions`](Self::customer_subscriptions).
    pub async fn add_customer_subscription(
        &self,
        customer_reference: &str,
        subscription: &NewSubscription,
    ) -> Result<(), Error> {
        let path = format!("{}subscriptions/add/", customer_path(customer_reference)?);
        subscription.validate()?;
        let request = Request::post(path)
            .json(subscription)?
            .resolve_with(format!(
                "Client::customer_subscriptions({customer_reference:?})"
            ));
        client::call_empty(&self.http, request).await
    }

    /// `POST /customers/paymentmethod/`: attaches a confirmed payment-method token to a
    /// customer (`201`, no body; `404` for an unknown customer).
    pub async fn attach_payment_method(&self, attach: &AttachPaymentMethod) -> Result<(), Error> {
        check_reference("customer_reference", &attach.customer_reference)?;
        if payments_core::ExposeSecret::expose_secret(&attach.token).is_empty() {
            return Err(Error::invalid("token", "must not be empty"));
        }
        let request = Request::post("/customers/paymentmethod/")
            .json(attach)?
            .resolve_with(format!(
                "Client::get_customer({:?}) (its payment_method list)",
                attach.customer_reference
            ));
        client::call_empty(&self.http, request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_read_from_next_urls() {
        assert_eq!(
            page_number("https://askell.is/api/customers/?page_size=1&page=2"),
            Some(2)
        );
        assert_eq!(
            page_number("https://askell.is/api/x/?page=17#frag"),
            Some(17)
        );
        assert_eq!(page_number("https://askell.is/api/x/?page_size=5"), None);
        assert_eq!(page_number("https://askell.is/api/x/?page=two"), None);
        assert_eq!(page_number("https://askell.is/api/x/"), None);
        assert_eq!(page_number("?subpage=3&page=4"), Some(4));
    }
}
