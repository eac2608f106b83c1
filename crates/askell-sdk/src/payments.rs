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
//!
//! # When the outcome is unknown
//!
//! None of these writes is repeated by the client: Askell does not deduplicate them. After a
//! timeout, a broken connection, a 5xx, or a 2xx that does not decode, the error's
//! [`outcome_unknown`](payments_core::Error::outcome_unknown) names the status query that tells
//! what happened: [`Client::payment`] by `uuid` for a retry or a refund, and
//! [`Client::payments`] by `reference` (or by `customer_reference` when no reference was given)
//! for a new payment, whose uuid is not known yet. Give every payment a `reference`.

use payments_core::{Decimal, InvalidRequest, ItemStream, Request, Resolution};
use serde::Serialize;
use time::Date;
use uuid::Uuid;

use crate::client::Client;
use crate::customers::check_reference;
use crate::error::{Error, ErrorEnvelope, Result};
use crate::list::{Single, stream};
use crate::model::payment::{MAX_PAYMENT_RETRIES, Payment, PaymentState};

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
    /// Wire `reference`: your own reference of the payment; what an unknown outcome is resolved
    /// by (see the [module docs](self)).
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

    /// The status query that resolves an unknown outcome of this request.
    fn resolution(&self) -> Resolution {
        match &self.reference {
            Some(reference) => Resolution::new("payments", "reference", reference.clone()),
            None => Resolution::new(
                "payments",
                "customer_reference",
                self.customer_reference.clone(),
            ),
        }
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        check_reference("customer_reference", &self.customer_reference)?;
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
    /// normally `pending`; the outcome arrives later (webhook `payment.changed`, or
    /// [`payment`](Self::payment)).
    ///
    /// Checked before sending: `customer_reference` 1 to 256 characters, a positive amount, an
    /// ISO 4217 currency, a 10-digit kennitala in claim options. Never repeated by the client;
    /// an unknown outcome names [`payments`](Self::payments) with your `reference`.
    ///
    /// ```no_run
    /// use askell_sdk::{CreatePayment, dec};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let request = CreatePayment::new("customer-12345", dec!(1990), "ISK").reference("order-1001");
    /// let payment = client.create_payment(&request).await?;
    /// println!("{} is {:?}", payment.uuid, payment.state);
    /// # Ok(()) }
    /// ```
    pub async fn create_payment(&self, request: &CreatePayment) -> Result<Payment> {
        request.validate()?;
        let req = Request::post("/payments/")
            .operation("create_payment")
            .json(request)?
            .resolve_with(request.resolution());
        self.http.call::<_, ErrorEnvelope>(req).await
    }

    /// `GET /payments/{uuid}/`: one payment with its transactions (an object, or the spec's
    /// one-element array).
    ///
    /// ```no_run
    /// use askell_sdk::PaymentState;
    ///
    /// # async fn run(client: askell_sdk::Client, uuid: uuid::Uuid) -> askell_sdk::Result<()> {
    /// let payment = client.payment(uuid).await?;
    /// if payment.is(&PaymentState::Settled) {
    ///     println!("paid");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn payment(&self, uuid: Uuid) -> Result<Payment> {
        let req = Request::get(format!("/payments/{uuid}/")).operation("payment");
        let Single(payment) = self
            .http
            .call::<Single<Payment>, ErrorEnvelope>(req)
            .await?;
        Ok(payment)
    }

    /// `GET /payments/`: every one-off payment of the account, as a stream (a bare array
    /// today; pages are followed if Askell paginates it).
    ///
    /// ```no_run
    /// use askell_sdk::TryStreamExt as _;
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let mut payments = client.payments();
    /// while let Some(payment) = payments.try_next().await? {
    ///     println!("{} {:?} {:?}", payment.uuid, payment.amount, payment.reference);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn payments(&self) -> ItemStream<Payment, Error> {
        stream(&self.http, "payments", "/payments/", Vec::new())
    }

    /// `POST /payments/{uuid}/retry/`: charges a `failed` payment again; it becomes
    /// `retrying`.
    ///
    /// Checked before sending, from `payment` as given (see the [module docs](self)): its
    /// state must not be known to be other than `failed`, and it must have fewer than
    /// [`MAX_PAYMENT_RETRIES`] retries ([`Payment::retries_used`]). Otherwise
    /// [`Error::InvalidRequest`], and nothing is sent. An unknown outcome names
    /// [`payment`](Self::payment) with the uuid.
    ///
    /// ```no_run
    /// use askell_sdk::PaymentState;
    ///
    /// # async fn run(client: askell_sdk::Client, uuid: uuid::Uuid) -> askell_sdk::Result<()> {
    /// let payment = client.payment(uuid).await?;
    /// if payment.is(&PaymentState::Failed) && payment.retries_left() > 0 {
    ///     client.retry_payment(&payment).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn retry_payment(&self, payment: &Payment) -> Result<Payment> {
        check_retry(payment)?;
        self.payment_action(payment.uuid, "retry", "retry_payment")
            .await
    }

    /// Fetches the payment ([`payment`](Self::payment)), checks it as
    /// [`retry_payment`](Self::retry_payment) does, then retries it: two requests, the limit
    /// judged on fresh data.
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client, uuid: uuid::Uuid) -> askell_sdk::Result<()> {
    /// let retrying = client.retry_payment_by_uuid(uuid).await?;
    /// println!("{:?}", retrying.state);
    /// # Ok(()) }
    /// ```
    pub async fn retry_payment_by_uuid(&self, uuid: Uuid) -> Result<Payment> {
        let payment = self.payment(uuid).await?;
        self.retry_payment(&payment).await
    }

    /// `POST /payments/{uuid}/refund/`: refunds a `settled` payment, when its processor
    /// supports refunds (Askell answers a 400 envelope otherwise). Never repeated by the
    /// client; an unknown outcome names [`payment`](Self::payment) with the uuid.
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client, uuid: uuid::Uuid) -> askell_sdk::Result<()> {
    /// let refunded = client.refund_payment(uuid).await?;
    /// println!("{:?}", refunded.state);
    /// # Ok(()) }
    /// ```
    pub async fn refund_payment(&self, uuid: Uuid) -> Result<Payment> {
        self.payment_action(uuid, "refund", "refund_payment").await
    }

    /// `POST /payments/{uuid}/{action}/` with the body `{}`: an action on one payment, never
    /// repeated, resolved by [`payment`](Self::payment).
    async fn payment_action(
        &self,
        uuid: Uuid,
        action: &str,
        operation: &'static str,
    ) -> Result<Payment> {
        let req = Request::post(format!("/payments/{uuid}/{action}/"))
            .operation(operation)
            .json(&Empty {})?
            .resolve_with(Resolution::new("payment", "uuid", uuid.to_string()));
        let Single(payment) = self
            .http
            .call::<Single<Payment>, ErrorEnvelope>(req)
            .await?;
        Ok(payment)
    }
}

/// The body `{}` of the retry and refund actions.
#[derive(Serialize)]
struct Empty {}

fn check_retry(payment: &Payment) -> Result<(), InvalidRequest> {
    match &payment.state {
        Some(PaymentState::Failed | PaymentState::Unknown(_)) | None => {}
        Some(other) => {
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
