//! Endpoints: one-off payments (`/payments/`).
//!
//! A payment charges a customer's stored payment method once, asynchronously: it is created
//! `pending`, then becomes `settled` or `failed` (watch the `payment.changed` webhook or poll
//! [`Client::payment`]). A `failed` payment may be retried at most
//! [`MAX_PAYMENT_RETRIES`] times.
//!
//! # The retry limit
//!
//! Askell allows four retries per payment. A count kept in the client would be wrong across
//! processes and restarts, so the SDK enforces the limit from the payment itself:
//! [`Client::retry_payment`] takes the [`Payment`] (as fetched or as delivered by a webhook)
//! and counts its charge attempts. Every retry adds a transaction, so the retries already made
//! are `transactions.len() - 1` ([`Payment::retries_used`]). With four made, a fifth is
//! rejected with [`Error::InvalidRequest`] before anything is sent. A payment whose state is
//! known not to be `failed` (`pending`, `settled`, `retrying`) is rejected the same way, since
//! Askell only retries failed payments; an unknown state is left for Askell to judge.
//! [`Client::retry_payment_by_uuid`] fetches the payment first, so the check uses fresh data.

use payments_core::{Decimal, InvalidRequest, Request};
use serde::Serialize;
use time::Date;
use uuid::Uuid;

use crate::client::{self, Client};
use crate::error::Error;
use crate::model::list::List;
use crate::model::payment::{MAX_PAYMENT_RETRIES, Payment, PaymentState, Single};

/// The longest `customer_reference` Askell accepts.
const MAX_CUSTOMER_REFERENCE: usize = 256;

/// Body of `POST /payments/`: charge a customer's stored payment method once.
///
/// ```
/// use askell_sdk::{CreatePayment, Decimal};
///
/// let request = CreatePayment::new("customer-12345", Decimal::new(1, 0), "ISK")
///     .description("My description")
///     .reference("customer-12345");
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     serde_json::json!({
///         "customer_reference": "customer-12345",
///         "amount": "1",
///         "currency": "ISK",
///         "description": "My description",
///         "reference": "customer-12345"
///     })
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreatePayment {
    /// Wire `customer_reference`: your reference of the customer to charge (1 to 256
    /// characters).
    pub customer_reference: String,
    /// Wire `amount`: sent as a decimal string exactly as given (`"1"`, `"100.00"`); must be
    /// positive. Send whole amounts in ISK.
    pub amount: Decimal,
    /// Wire `currency`: ISO 4217 code (three upper-case letters), e.g. `ISK`.
    pub currency: String,
    /// Wire `description`: free text shown on the payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Wire `reference`: your own reference of the payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Wire `payment_options`: collect by bank claim instead of the default processor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_options: Option<ClaimOptions>,
}

impl CreatePayment {
    /// A payment of `amount` in `currency` from the customer `customer_reference`.
    pub fn new(
        customer_reference: impl Into<String>,
        amount: Decimal,
        currency: impl Into<String>,
    ) -> Self {
        Self {
            customer_reference: customer_reference.into(),
            amount,
            currency: currency.into(),
            description: None,
            reference: None,
            payment_options: None,
        }
    }

    /// Sets the description (wire `description`).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets your reference of the payment (wire `reference`).
    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// Collects the payment by Icelandic bank claim (wire `payment_options`).
    pub fn claim(mut self, options: ClaimOptions) -> Self {
        self.payment_options = Some(options);
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        let reference_len = self.customer_reference.chars().count();
        if reference_len == 0 || reference_len > MAX_CUSTOMER_REFERENCE {
            return Err(InvalidRequest::new(
                "customer_reference",
                format!("must be 1 to {MAX_CUSTOMER_REFERENCE} characters, got {reference_len}"),
            ));
        }
        if self.amount <= Decimal::ZERO {
            return Err(InvalidRequest::new(
                "amount",
                format!("must be positive, got {}", self.amount),
            ));
        }
        validate_currency(&self.currency)?;
        if let Some(options) = &self.payment_options {
            options.validate()?;
        }
        Ok(())
    }
}

/// Checks an ISO 4217 code: three upper-case ASCII letters.
pub(crate) fn validate_currency(currency: &str) -> Result<(), InvalidRequest> {
    if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(InvalidRequest::new(
            "currency",
            format!("must be an ISO 4217 code of three upper-case letters, got {currency:?}"),
        ))
    }
}

/// Wire `payment_options`: collect a payment through an Icelandic bank claim ("krafa").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ClaimOptions {
    /// Wire `payment_processor`: always `claim`, the only value Askell documents.
    pub payment_processor: &'static str,
    /// Wire `claimtemplate`: the claim template id.
    #[serde(rename = "claimtemplate", skip_serializing_if = "Option::is_none")]
    pub claim_template: Option<i64>,
    /// Wire `claimrule`: the claim rule id.
    #[serde(rename = "claimrule", skip_serializing_if = "Option::is_none")]
    pub claim_rule: Option<i64>,
    /// Wire `payment_date`: the claim's due date, sent as `YYYY-MM-DD`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_date_option"
    )]
    pub payment_date: Option<Date>,
    /// Wire `payor_id`: the payer's kennitala (Icelandic national id, 10 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payor_id: Option<String>,
}

impl Default for ClaimOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl ClaimOptions {
    /// Claim options with nothing but `payment_processor: "claim"`.
    pub fn new() -> Self {
        Self {
            payment_processor: "claim",
            claim_template: None,
            claim_rule: None,
            payment_date: None,
            payor_id: None,
        }
    }

    /// Sets the claim template id (wire `claimtemplate`).
    pub fn claim_template(mut self, id: i64) -> Self {
        self.claim_template = Some(id);
        self
    }

    /// Sets the claim rule id (wire `claimrule`).
    pub fn claim_rule(mut self, id: i64) -> Self {
        self.claim_rule = Some(id);
        self
    }

    /// Sets the due date (wire `payment_date`, `YYYY-MM-DD`).
    pub fn payment_date(mut self, date: Date) -> Self {
        self.payment_date = Some(date);
        self
    }

    /// Sets the payer's kennitala (wire `payor_id`, 10 digits).
    pub fn payor_id(mut self, kennitala: impl Into<String>) -> Self {
        self.payor_id = Some(kennitala.into());
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        if let Some(id) = &self.payor_id
            && !(id.len() == 10 && id.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(InvalidRequest::new(
                "payment_options.payor_id",
                "must be a kennitala of exactly 10 digits",
            ));
        }
        Ok(())
    }
}

#[allow(clippy::ref_option, clippy::trivially_copy_pass_by_ref)] // serde's signature
fn serialize_date_option<S: serde::Serializer>(
    date: &Option<Date>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => serializer.collect_str(&format_args!(
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )),
        None => serializer.serialize_none(),
    }
}

impl Client {
    /// `POST /payments/`: charges a customer's stored payment method once. The answer is
    /// normally `pending`; the outcome arrives later (webhook `payment.changed`).
    ///
    /// Not retried automatically (Askell does not deduplicate it); after a timeout or a 5xx
    /// the error says the outcome is unknown: look for your `reference` in
    /// [`Client::list_payments`].
    pub async fn create_payment(&self, request: &CreatePayment) -> Result<Payment, Error> {
        request.validate()?;
        let req = Request::post("/payments/")
            .json(request)?
            .resolve_with("Client::list_payments() (look for your payment's `reference`)");
        client::call(&self.http, req).await
    }

    /// `GET /payments/{uuid}/`: one payment with its transactions.
    pub async fn payment(&self, uuid: Uuid) -> Result<Payment, Error> {
        let req = Request::get(format!("/payments/{uuid}/"));
        client::call::<Single<Payment>>(&self.http, req)
            .await
            .map(|s| s.0)
    }

    /// `GET /payments/`: the account's one-off payments (a bare array; a page if Askell ever
    /// paginates it).
    pub async fn list_payments(&self) -> Result<List<Payment>, Error> {
        client::call(&self.http, Request::get("/payments/")).await
    }

    /// `POST /payments/{uuid}/retry/`: charges a `failed` payment again; it becomes
    /// `retrying`.
    ///
    /// Checked before sending, from `payment` as given (see the [module docs](self)): its
    /// state must not be known to be other than `failed`, and it must have fewer than
    /// [`MAX_PAYMENT_RETRIES`] retries ([`Payment::retries_used`]). Otherwise
    /// [`Error::InvalidRequest`], and nothing is sent.
    pub async fn retry_payment(&self, payment: &Payment) -> Result<Payment, Error> {
        check_retry(payment)?;
        let uuid = payment.uuid;
        let req = Request::post(format!("/payments/{uuid}/retry/"))
            .json(&serde_json::json!({}))?
            .resolve_with(format!("Client::payment({uuid})"));
        client::call::<Single<Payment>>(&self.http, req)
            .await
            .map(|s| s.0)
    }

    /// Fetches the payment ([`Client::payment`]), checks it as [`Client::retry_payment`] does,
    /// then retries it: two requests, the limit judged on fresh data.
    pub async fn retry_payment_by_uuid(&self, uuid: Uuid) -> Result<Payment, Error> {
        let payment = self.payment(uuid).await?;
        self.retry_payment(&payment).await
    }

    /// `POST /payments/{uuid}/refund/`: refunds a `settled` payment, when its processor
    /// supports refunds (Askell answers a 400 envelope otherwise).
    pub async fn refund_payment(&self, uuid: Uuid) -> Result<Payment, Error> {
        let req = Request::post(format!("/payments/{uuid}/refund/"))
            .json(&serde_json::json!({}))?
            .resolve_with(format!("Client::payment({uuid})"));
        client::call::<Single<Payment>>(&self.http, req)
            .await
            .map(|s| s.0)
    }
}

fn check_retry(payment: &Payment) -> Result<(), InvalidRequest> {
    match &payment.state {
        PaymentState::Failed | PaymentState::Unknown(_) => {}
        other => {
            return Err(InvalidRequest::new(
                "payment.state",
                format!("only a failed payment can be retried; this one is {other}"),
            ));
        }
    }
    let used = payment.retries_used();
    if used >= MAX_PAYMENT_RETRIES {
        return Err(InvalidRequest::new(
            "payment",
            format!(
                "Askell allows at most {MAX_PAYMENT_RETRIES} retries per payment; \
                 {used} already made"
            ),
        ));
    }
    Ok(())
}
