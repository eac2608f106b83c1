//! Payment invoices: create (hosted page, tokenisation, charge by token), get, list.

use std::collections::BTreeMap;

use payments_core::pagination::{Page, paginate};
use payments_core::validate::path_segment;
use payments_core::{Decimal, ItemStream, Request, Resolution, SecretString};
use serde::Serialize;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::jsonapi::{self, ListDocument, Resource};
use crate::model::customer::Address;
use crate::model::payment_invoice::PaymentInvoice;
use crate::model::status::{InvoiceStatus, PaymentFlow};

/// The status query that resolves a create whose outcome is unknown.
fn by_reference(reference_id: &str) -> Resolution {
    Resolution::new(
        "payment_invoice_by_reference_id",
        "reference_id",
        reference_id,
    )
}

/// `POST /payment-invoices`: a new payment invoice (`type: payment-invoices`).
///
/// Required fields are the constructor's arguments; the rest are builder methods. Checked
/// before sending: a non-empty `reference_id` and `service`, a positive amount, a three-letter
/// currency, a `customer` whenever `token` or `tokenize` is used, and a `token` whenever
/// `instant` is.
///
/// ```
/// use payelata_sdk::{CreatePaymentInvoice, InvoiceCustomer, dec};
///
/// // The seed's tokenisation request.
/// let invoice = CreatePaymentInvoice::new("ORDER1233", dec!(1), "USD", "payment_card_usd_hpp")
///     .test_mode(true)
///     .description("TEST")
///     .customer(InvoiceCustomer::new("my_customer_1").name("John Doe"))
///     .tokenize(true);
/// # let _ = invoice;
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct CreatePaymentInvoice {
    reference_id: String,
    #[serde(serialize_with = "payments_core::amount::json_number::serialize")]
    amount: Decimal,
    currency: String,
    service: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_mode: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flow: Option<PaymentFlow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer: Option<InvoiceCustomer>,
    #[serde(skip_serializing_if = "GatewayOptions::is_empty")]
    gateway_options: GatewayOptions,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::wire::secret::serialize_option"
    )]
    token: Option<SecretString>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    metadata: BTreeMap<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_urls: Option<ReturnUrls>,
}

/// Wire `gateway_options`: `{"cardgate": {"tokenize": true, "instant": true}}`.
#[derive(Debug, Clone, Default, Serialize)]
struct GatewayOptions {
    #[serde(skip_serializing_if = "CardgateOptions::is_empty")]
    cardgate: CardgateOptions,
}

impl GatewayOptions {
    fn is_empty(&self) -> bool {
        self.cardgate.is_empty()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
struct CardgateOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    tokenize: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instant: Option<bool>,
}

impl CardgateOptions {
    fn is_empty(&self) -> bool {
        self.tokenize.is_none() && self.instant.is_none()
    }
}

impl CreatePaymentInvoice {
    /// An invoice of `amount` (major units) in `currency` (ISO 4217) through the payment
    /// `service` (e.g. `payment_card_usd_hpp`), with the merchant's own unique `reference_id`.
    pub fn new(
        reference_id: impl Into<String>,
        amount: Decimal,
        currency: impl Into<String>,
        service: impl Into<String>,
    ) -> Self {
        Self {
            reference_id: reference_id.into(),
            amount,
            currency: currency.into(),
            service: service.into(),
            test_mode: None,
            description: None,
            flow: None,
            customer: None,
            gateway_options: GatewayOptions::default(),
            token: None,
            metadata: BTreeMap::new(),
            callback_url: None,
            return_url: None,
            return_urls: None,
        }
    }

    /// The merchant's reference id.
    pub fn reference_id(&self) -> &str {
        &self.reference_id
    }

    /// `test_mode`: a test operation (its callbacks are signed with the test secret).
    pub fn test_mode(mut self, test_mode: bool) -> Self {
        self.test_mode = Some(test_mode);
        self
    }

    /// `description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// `flow`: `charge` (the samples' value) or `verify` (unconfirmed).
    pub fn flow(mut self, flow: PaymentFlow) -> Self {
        self.flow = Some(flow);
        self
    }

    /// `customer`: required with [`token`](Self::token) and [`tokenize`](Self::tokenize).
    pub fn customer(mut self, customer: InvoiceCustomer) -> Self {
        self.customer = Some(customer);
        self
    }

    /// `gateway_options.cardgate.tokenize`: a successful card payment yields a reusable card
    /// token (read it from the callback's `payload.token`). Needs a customer.
    pub fn tokenize(mut self, tokenize: bool) -> Self {
        self.gateway_options.cardgate.tokenize = Some(tokenize);
        self
    }

    /// `gateway_options.cardgate.instant`: with a [`token`](Self::token), charge at once
    /// without the payer (then [`CardgateClient::sale`](crate::CardgateClient::sale)).
    pub fn instant(mut self, instant: bool) -> Self {
        self.gateway_options.cardgate.instant = Some(instant);
        self
    }

    /// `token`: a card token from an earlier tokenised payment (`payload.token`); the customer
    /// must be the one the token belongs to. Sent as a secret.
    pub fn token(mut self, token: SecretString) -> Self {
        self.token = Some(token);
        self
    }

    /// Adds `key` to `metadata`.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// `callback_url`: overrides the dashboard's callback URL (sent inside `attributes`, not
    /// beside it as one seed example prints it).
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }

    /// `return_url`: where the payer's browser comes back.
    pub fn return_url(mut self, url: impl Into<String>) -> Self {
        self.return_url = Some(url.into());
        self
    }

    /// `return_urls`: per-outcome return URLs.
    pub fn return_urls(mut self, urls: ReturnUrls) -> Self {
        self.return_urls = Some(urls);
        self
    }

    fn validate(&self) -> Result<()> {
        if self.reference_id.trim().is_empty() {
            return Err(Error::invalid("reference_id", "is empty"));
        }
        if self.amount <= Decimal::ZERO {
            return Err(Error::invalid("amount", "must be positive"));
        }
        check_currency(&self.currency)?;
        if self.service.trim().is_empty() {
            return Err(Error::invalid("service", "is empty"));
        }
        let tokenize = self.gateway_options.cardgate.tokenize == Some(true);
        if (self.token.is_some() || tokenize) && self.customer.is_none() {
            return Err(Error::invalid(
                "customer",
                "is required with `token` and `tokenize` (customer.reference_id)",
            ));
        }
        if let Some(c) = &self.customer
            && c.reference_id.trim().is_empty()
        {
            return Err(Error::invalid("customer.reference_id", "is empty"));
        }
        if self.gateway_options.cardgate.instant == Some(true) && self.token.is_none() {
            return Err(Error::invalid("instant", "needs a `token` to charge"));
        }
        Ok(())
    }
}

/// A currency must be three ASCII letters (ISO 4217).
pub(crate) fn check_currency(currency: &str) -> Result<()> {
    if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(Error::invalid(
            "currency",
            "must be a three-letter ISO 4217 code",
        ))
    }
}

/// Wire `customer` of a payment invoice: `reference_id` required (it must match the customer
/// a card token belongs to), the rest optional.
#[derive(Debug, Clone, Serialize)]
pub struct InvoiceCustomer {
    reference_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    meta_data: BTreeMap<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<Address>,
}

impl InvoiceCustomer {
    /// The customer with the merchant's id `reference_id`.
    pub fn new(reference_id: impl Into<String>) -> Self {
        Self {
            reference_id: reference_id.into(),
            name: None,
            email: None,
            phone: None,
            meta_data: BTreeMap::new(),
            address: None,
        }
    }

    /// `name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// `email`.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// `phone`.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// Adds `key` to `meta_data` (the seed's spelling; another Corefy brand writes `metadata`,
    /// which is unconfirmed here).
    pub fn meta_data(
        mut self,
        key: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Self {
        self.meta_data.insert(key.into(), value.into());
        self
    }

    /// `address` (fields unconfirmed for Payelata).
    pub fn address(mut self, address: Address) -> Self {
        self.address = Some(address);
        self
    }
}

/// Wire `return_urls`: `{"success": url, "pending": url, "fail": url}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReturnUrls {
    #[serde(skip_serializing_if = "Option::is_none")]
    success: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pending: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fail: Option<String>,
}

impl ReturnUrls {
    /// No URL yet; set the ones you have.
    pub fn new() -> Self {
        Self::default()
    }

    /// `success`.
    pub fn success(mut self, url: impl Into<String>) -> Self {
        self.success = Some(url.into());
        self
    }

    /// `pending`.
    pub fn pending(mut self, url: impl Into<String>) -> Self {
        self.pending = Some(url.into());
        self
    }

    /// `fail`.
    pub fn fail(mut self, url: impl Into<String>) -> Self {
        self.fail = Some(url.into());
        self
    }
}

/// `GET /payment-invoices`: which invoices to list.
///
/// The filter and paging parameters are unconfirmed; this SDK sends JSON:API's conventions:
/// `filter[reference_id]`, `filter[status]`, `filter[<name>]` for [`filter`](Self::filter),
/// `page[number]` and `page[size]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListPaymentInvoices {
    reference_id: Option<String>,
    status: Option<InvoiceStatus>,
    filters: Vec<(String, String)>,
    page: Option<u32>,
    page_size: Option<u32>,
}

impl ListPaymentInvoices {
    /// Every invoice.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the invoice(s) with this `reference_id`.
    pub fn reference_id(mut self, reference_id: impl Into<String>) -> Self {
        self.reference_id = Some(reference_id.into());
        self
    }

    /// Only invoices with this status.
    pub fn status(mut self, status: InvoiceStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Another filter, sent as `filter[name]=value`.
    pub fn filter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.filters.push((name.into(), value.into()));
        self
    }

    /// The page to start at (1-based, default 1).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// Items per page (`page[size]`).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    fn request(&self, page: u32) -> Result<Request> {
        if self.page_size == Some(0) {
            return Err(Error::invalid("page_size", "must be at least 1"));
        }
        if page == 0 {
            return Err(Error::invalid("page", "is 1-based"));
        }
        let mut r = Request::get("/payment-invoices").operation("payment_invoices");
        if let Some(id) = &self.reference_id {
            r = r.query("filter[reference_id]", id.clone());
        }
        if let Some(s) = &self.status {
            r = r.query("filter[status]", s.as_str().to_owned());
        }
        for (name, value) in &self.filters {
            r = r.query(format!("filter[{name}]"), value.clone());
        }
        if self.page.is_some() || page > 1 {
            r = r.query("page[number]", page.to_string());
        }
        if let Some(size) = self.page_size {
            r = r.query("page[size]", size.to_string());
        }
        Ok(r)
    }
}

/// Where a list goes on after a page: the next page when the list says there is one (a `next`
/// link) or, without links, when the page was full; never to a page that starts like the last.
fn next_page(
    query: &ListPaymentInvoices,
    page: u32,
    doc: &ListDocument<PaymentInvoice>,
    previous_first: Option<&str>,
) -> Option<u32> {
    let first = doc.data.first()?;
    if previous_first == Some(first.id.as_str()) {
        return None;
    }
    let more = match &doc.links {
        Some(links) => links.next.is_some(),
        None => query
            .page_size
            .is_some_and(|size| usize::try_from(size).is_ok_and(|s| doc.data.len() >= s)),
    };
    more.then(|| page.checked_add(1)).flatten()
}

impl Client {
    /// `POST /payment-invoices`: creates a payment invoice (success is HTTP 201).
    ///
    /// Never retried: a timeout, a 5xx or a 429 (which may mean "duplicate request") leaves
    /// the outcome unknown, and the error names
    /// [`payment_invoice_by_reference_id`](Self::payment_invoice_by_reference_id) to settle it.
    ///
    /// ```no_run
    /// # use payelata_sdk::{Client, CreatePaymentInvoice, Credentials, dec};
    /// # async fn run(client: Client) -> payelata_sdk::Result<()> {
    /// let invoice = client
    ///     .create_payment_invoice(&CreatePaymentInvoice::new(
    ///         "ORDER-1", dec!(100.55), "UAH", "payment_card_uah_hpp",
    ///     ))
    ///     .await?;
    /// if let Some(url) = invoice.attributes.flow_data.as_ref().and_then(|f| f.redirect_url()) {
    ///     println!("send the payer to {url}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create_payment_invoice(
        &self,
        invoice: &CreatePaymentInvoice,
    ) -> Result<Resource<PaymentInvoice>> {
        invoice.validate()?;
        let mut request = Request::post("/payment-invoices")
            .operation("create_payment_invoice")
            .json(&jsonapi::document("payment-invoices", invoice))?;
        if let Some(token) = &invoice.token {
            request = request.secret(token);
        }
        self.write(request, Some(by_reference(&invoice.reference_id)))
            .await
    }

    /// `GET /payment-invoices/{id}`: one invoice, for reconciliation.
    ///
    /// ```no_run
    /// # async fn run(client: payelata_sdk::Client) -> payelata_sdk::Result<()> {
    /// let invoice = client.payment_invoice("cpi_ADzwZTG99f3q3utQ").await?;
    /// println!("{:?}", invoice.attributes.status);
    /// # Ok(()) }
    /// ```
    pub async fn payment_invoice(&self, id: &str) -> Result<Resource<PaymentInvoice>> {
        if id.trim().is_empty() {
            return Err(Error::invalid("id", "is empty"));
        }
        let request = Request::get(format!("/payment-invoices/{}", path_segment(id)))
            .operation("payment_invoice");
        self.read(request).await
    }

    /// `GET /payment-invoices`: one page of invoices (see [`ListPaymentInvoices`]).
    ///
    /// ```no_run
    /// # async fn run(client: payelata_sdk::Client) -> payelata_sdk::Result<()> {
    /// use payelata_sdk::ListPaymentInvoices;
    /// let page = client.payment_invoices_page(&ListPaymentInvoices::new().page(2)).await?;
    /// println!("{} invoices", page.data.len());
    /// # Ok(()) }
    /// ```
    pub async fn payment_invoices_page(
        &self,
        query: &ListPaymentInvoices,
    ) -> Result<ListDocument<PaymentInvoice>> {
        let request = query.request(query.page.unwrap_or(1))?;
        self.http.call(request).await
    }

    /// `GET /payment-invoices`: every invoice matching `query`, walking the pages.
    ///
    /// A next page is fetched when the answer has a `links.next`, or, when it has no `links`,
    /// when a page held `page_size` items; a page that starts with the same invoice as the one
    /// before ends the list (a server that ignores the page parameter cannot loop it).
    ///
    /// ```no_run
    /// # async fn run(client: payelata_sdk::Client) -> payelata_sdk::Result<()> {
    /// use payelata_sdk::{InvoiceStatus, ListPaymentInvoices, TryStreamExt};
    /// let mut invoices =
    ///     client.payment_invoices(&ListPaymentInvoices::new().status(InvoiceStatus::Processed));
    /// while let Some(invoice) = invoices.try_next().await? {
    ///     println!("{} {:?}", invoice.id, invoice.attributes.amount);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn payment_invoices(
        &self,
        query: &ListPaymentInvoices,
    ) -> ItemStream<Resource<PaymentInvoice>, Error> {
        let client = self.clone();
        let query = query.clone();
        let first = (query.page.unwrap_or(1), None::<String>);
        paginate(first, move |(page, previous_first)| {
            let client = client.clone();
            let query = query.clone();
            async move {
                let request = query.request(page)?;
                let doc: ListDocument<PaymentInvoice> = client.http.call(request).await?;
                let next = next_page(&query, page, &doc, previous_first.as_deref())
                    .map(|n| (n, doc.data.first().map(|r| r.id.clone())));
                let items = if previous_first.is_some()
                    && previous_first.as_deref() == doc.data.first().map(|r| r.id.as_str())
                {
                    Vec::new()
                } else {
                    doc.data
                };
                Ok(Page::new(items, next))
            }
        })
    }

    /// The invoice with the merchant's `reference_id`, if there is one: the status query that
    /// settles a create whose outcome is unknown.
    ///
    /// Lists with `filter[reference_id]` (unconfirmed) and keeps only an exact match, so a
    /// server that ignored the filter cannot give the wrong invoice; it looks at the first page
    /// only.
    ///
    /// ```no_run
    /// # async fn run(client: payelata_sdk::Client) -> payelata_sdk::Result<()> {
    /// match client.payment_invoice_by_reference_id("ORDER-1").await? {
    ///     Some(invoice) => println!("created as {}", invoice.id),
    ///     None => println!("not created: safe to create again"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn payment_invoice_by_reference_id(
        &self,
        reference_id: &str,
    ) -> Result<Option<Resource<PaymentInvoice>>> {
        if reference_id.trim().is_empty() {
            return Err(Error::invalid("reference_id", "is empty"));
        }
        let query = ListPaymentInvoices::new().reference_id(reference_id);
        let request = query
            .request(1)?
            .operation("payment_invoice_by_reference_id");
        let doc: ListDocument<PaymentInvoice> = self.http.call(request).await?;
        Ok(doc
            .data
            .into_iter()
            .find(|r| r.attributes.reference_id.as_deref() == Some(reference_id)))
    }
}
