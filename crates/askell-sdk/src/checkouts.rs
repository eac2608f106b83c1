//! Endpoints: hosted checkouts, the payment processors they can use, and temporary payment
//! methods (card tokens).
//!
//! Askell lets the **public** key call exactly three endpoints, and the secret key everything
//! else; the fact sheet gives the secret key no access to those three, so they live only on
//! [`PublicClient`]:
//!
//! | endpoint | client |
//! |---|---|
//! | `POST /checkouts/` | [`Client::create_checkout`] |
//! | `GET /checkouts/paymentprocessors/` | [`Client::checkout_payment_processors`] |
//! | `GET /checkouts/{token}/` | [`PublicClient::checkout`] |
//! | `POST /temporarypaymentmethod/` | [`PublicClient::create_temporary_payment_method`] |
//! | `GET /temporarypaymentmethod/{token}/` | [`PublicClient::temporary_payment_method`] |
//!
//! A token becomes usable once its status is `tokencreated`; then attach it to a customer
//! with the secret key ([`Client::attach_payment_method`]).
//!
//! Card data sent to `POST /temporarypaymentmethod/` is declared secret on the request: were
//! Askell to echo it in an error or an undecodable answer, the card number and CVC are masked
//! in every body and excerpt the error keeps.

use std::fmt;

use payments_core::secret::{ExposeSecret, Redacted, SecretString};
use payments_core::{Decimal, InvalidRequest, Request};
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::client::{Client, PublicClient};
use crate::error::{ErrorEnvelope, Result};
use crate::model::checkout::{
    CheckoutCreated, CheckoutPaymentProcessor, CheckoutPaymentProcessorList,
    TemporaryPaymentMethodCreated, TokenState,
};

/// Body of `POST /checkouts/`: a hosted card form, either for a plan or directly for one of
/// the account's payment processors (exactly one of the two, as the constructors ensure).
///
/// ```
/// use askell_sdk::{CreateCheckout, dec};
///
/// let request = CreateCheckout::for_processor(4, "ISK")
///     .amount(dec!(1990))
///     .capture_only(true)
///     .allowed_origin("https://merchant.example");
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     serde_json::json!({
///         "payment_processor": 4,
///         "currency": "ISK",
///         "amount": "1990",
///         "capture_only": true,
///         "allowed_origin": "https://merchant.example"
///     })
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CreateCheckout {
    /// Wire `plan`: the plan (variant) id; set by [`CreateCheckout::for_plan`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<i64>,
    /// Wire `payment_processor`: an id from [`Client::checkout_payment_processors`]; set by
    /// [`CreateCheckout::for_processor`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_processor: Option<i64>,
    /// Wire `currency`: ISO 4217 code, required with `payment_processor`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Wire `amount`: the amount to charge, a decimal string like Askell's other amounts
    /// (`"1990"`, `"100.00"`), sent exactly as given; must be positive. Optional, and absent
    /// from the v1 spec (seen in real integrations): without it Askell charges what the plan
    /// or processor setup says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// Wire `capture_only`: `true` only stores the card (Askell's default is `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture_only: Option<bool>,
    /// Wire `allowed_origin`: the only origin (`https://merchant.example`, no path, query or
    /// credentials) allowed to frame the checkout and receive its messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_origin: Option<String>,
}

impl CreateCheckout {
    /// A checkout for the plan `plan_id` (wire `plan`).
    pub fn for_plan(plan_id: i64) -> Self {
        Self {
            plan: Some(plan_id),
            payment_processor: None,
            currency: None,
            amount: None,
            capture_only: None,
            allowed_origin: None,
        }
    }

    /// A checkout directly on the account payment processor `processor_id` in `currency`
    /// (wire `payment_processor` and `currency`).
    pub fn for_processor(processor_id: i64, currency: impl Into<String>) -> Self {
        Self {
            plan: None,
            payment_processor: Some(processor_id),
            currency: Some(currency.into()),
            amount: None,
            capture_only: None,
            allowed_origin: None,
        }
    }

    /// Sets `amount` (wire `amount`, a decimal string; positive).
    pub fn amount(mut self, amount: Decimal) -> Self {
        self.amount = Some(amount);
        self
    }

    /// Sets `capture_only`.
    pub fn capture_only(mut self, capture_only: bool) -> Self {
        self.capture_only = Some(capture_only);
        self
    }

    /// Sets `allowed_origin` (an origin only: scheme, host, optional port).
    pub fn allowed_origin(mut self, origin: impl Into<String>) -> Self {
        self.allowed_origin = Some(origin.into());
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        match (self.plan, self.payment_processor) {
            (Some(_), Some(_)) => {
                return Err(InvalidRequest::new(
                    "plan",
                    "give either plan or payment_processor, not both",
                ));
            }
            (None, None) => {
                return Err(InvalidRequest::new(
                    "plan",
                    "give either plan or payment_processor",
                ));
            }
            (None, Some(_)) => match &self.currency {
                Some(c) => crate::payments::validate_currency(c)?,
                None => {
                    return Err(InvalidRequest::new(
                        "currency",
                        "is required with payment_processor",
                    ));
                }
            },
            (Some(_), None) => {}
        }
        if let Some(amount) = self.amount
            && amount <= Decimal::ZERO
        {
            return Err(InvalidRequest::new(
                "amount",
                format!("must be positive, got {amount}"),
            ));
        }
        if let Some(origin) = &self.allowed_origin {
            validate_origin(origin)?;
        }
        Ok(())
    }
}

/// An origin: `http(s)://host[:port]`, nothing after the authority, no credentials.
fn validate_origin(origin: &str) -> Result<(), InvalidRequest> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    let ok = rest.is_some_and(|host| {
        !host.is_empty()
            && !host
                .chars()
                .any(|c| matches!(c, '/' | '?' | '#' | '@') || c.is_whitespace())
    });
    if ok {
        Ok(())
    } else {
        Err(InvalidRequest::new(
            "allowed_origin",
            format!(
                "must be an origin only (scheme://host[:port], no path, query or credentials), \
                 got {origin:?}"
            ),
        ))
    }
}

/// Body of `POST /temporarypaymentmethod/`: raw card data to tokenise with the public key.
/// Prefer the hosted checkout ([`Client::create_checkout`]): this puts the card number through
/// your systems (PCI DSS scope).
///
/// The card number and CVC are secrets: `Debug` never shows them.
#[derive(Clone)]
#[non_exhaustive]
pub struct CardDetails {
    /// Wire `card_number`: the card number (PAN), 12 to 19 digits.
    pub card_number: SecretString,
    /// Wire `expiration_month`: two digits, `01` to `12`.
    pub expiration_month: String,
    /// Wire `expiration_year`: two digits, e.g. `27`.
    pub expiration_year: String,
    /// Wire `cvv_number`: the card's CVC, 3 or 4 digits.
    pub cvv_number: SecretString,
    /// Wire `plan`: optional plan id.
    pub plan: Option<i64>,
}

impl fmt::Debug for CardDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardDetails")
            .field("card_number", &Redacted)
            .field("expiration_month", &self.expiration_month)
            .field("expiration_year", &self.expiration_year)
            .field("cvv_number", &Redacted)
            .field("plan", &self.plan)
            .finish()
    }
}

impl Serialize for CardDetails {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("card_number", self.card_number.expose_secret())?;
        map.serialize_entry("expiration_month", &self.expiration_month)?;
        map.serialize_entry("expiration_year", &self.expiration_year)?;
        map.serialize_entry("cvv_number", self.cvv_number.expose_secret())?;
        if let Some(plan) = self.plan {
            map.serialize_entry("plan", &plan)?;
        }
        map.end()
    }
}

impl CardDetails {
    /// A card: number, expiry month and year (`"11"`, `"27"`; a single digit month is
    /// padded), and CVC.
    pub fn new(
        card_number: impl Into<SecretString>,
        expiration_month: impl Into<String>,
        expiration_year: impl Into<String>,
        cvv_number: impl Into<SecretString>,
    ) -> Self {
        let month: String = expiration_month.into();
        let month = if month.len() == 1 {
            format!("0{month}")
        } else {
            month
        };
        Self {
            card_number: card_number.into(),
            expiration_month: month,
            expiration_year: expiration_year.into(),
            cvv_number: cvv_number.into(),
            plan: None,
        }
    }

    /// Sets the plan id (wire `plan`).
    pub fn plan(mut self, plan_id: i64) -> Self {
        self.plan = Some(plan_id);
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let pan = self.card_number.expose_secret();
        if !(12..=19).contains(&pan.len()) || !digits(pan) {
            // Never echo the number.
            return Err(InvalidRequest::new(
                "card_number",
                "must be 12 to 19 digits",
            ));
        }
        let month_ok = self.expiration_month.len() == 2
            && digits(&self.expiration_month)
            && matches!(self.expiration_month.parse::<u8>(), Ok(1..=12));
        if !month_ok {
            return Err(InvalidRequest::new(
                "expiration_month",
                format!("must be 01 to 12, got {:?}", self.expiration_month),
            ));
        }
        if self.expiration_year.len() != 2 || !digits(&self.expiration_year) {
            return Err(InvalidRequest::new(
                "expiration_year",
                format!("must be two digits, got {:?}", self.expiration_year),
            ));
        }
        let cvc = self.cvv_number.expose_secret();
        if !(3..=4).contains(&cvc.len()) || !digits(cvc) {
            return Err(InvalidRequest::new("cvv_number", "must be 3 or 4 digits"));
        }
        Ok(())
    }
}

fn check_token(token: &str) -> Result<(), InvalidRequest> {
    if token.is_empty() {
        Err(InvalidRequest::new("token", "must not be empty"))
    } else {
        Ok(())
    }
}

impl Client {
    /// `POST /checkouts/`: creates a hosted card form. Render its `checkout_url` in an iframe
    /// and poll [`PublicClient::checkout`] until the token is ready.
    ///
    /// Checked before sending: exactly one of plan or processor, a currency with a processor,
    /// a positive amount, an origin-only `allowed_origin`. Not repeated by the client (it
    /// moves no money; an unknown outcome has no status query, since the token is not known).
    ///
    /// ```no_run
    /// use askell_sdk::{CreateCheckout, dec};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let checkout = client
    ///     .create_checkout(&CreateCheckout::for_processor(4, "ISK").amount(dec!(1990)))
    ///     .await?;
    /// println!("render {:?} in an iframe", checkout.checkout_url);
    /// # Ok(()) }
    /// ```
    pub async fn create_checkout(&self, request: &CreateCheckout) -> Result<CheckoutCreated> {
        request.validate()?;
        let req = Request::post("/checkouts/")
            .operation("create_checkout")
            .json(request)?;
        self.http.call::<_, ErrorEnvelope>(req).await
    }

    /// `GET /checkouts/paymentprocessors/`: the account's payment processors usable for a
    /// checkout (Askell answers a 400 envelope when the account is misconfigured).
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// for processor in client.checkout_payment_processors().await? {
    ///     println!("{} {:?} {:?}", processor.id, processor.display_name, processor.allowed_currencies);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn checkout_payment_processors(&self) -> Result<Vec<CheckoutPaymentProcessor>> {
        let req =
            Request::get("/checkouts/paymentprocessors/").operation("checkout_payment_processors");
        let list = self
            .http
            .call::<CheckoutPaymentProcessorList, ErrorEnvelope>(req)
            .await?;
        Ok(list.payment_processors)
    }
}

impl PublicClient {
    /// `GET /checkouts/{token}/` (public key): the checkout's status; `tokencreated` means the
    /// card is stored and the token can be attached to a customer.
    ///
    /// ```no_run
    /// # async fn run(public: askell_sdk::PublicClient) -> askell_sdk::Result<()> {
    /// let state = public.checkout("637302f0412e2e11adc0ba21adafcf11").await?;
    /// if state.is_ready() {
    ///     println!("attach {} to the customer", state.token);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn checkout(&self, token: &str) -> Result<TokenState> {
        check_token(token)?;
        let req = Request::get(format!(
            "/checkouts/{}/",
            payments_core::validate::path_segment(token)
        ))
        .operation("checkout");
        self.http.call::<_, ErrorEnvelope>(req).await
    }

    /// `POST /temporarypaymentmethod/` (public key): tokenises a card. Send the payer to the
    /// answer's `card_verification_url` (3-D Secure), then poll
    /// [`PublicClient::temporary_payment_method`].
    ///
    /// The card is checked locally first (number 12 to 19 digits, month `01` to `12`, year two
    /// digits, CVC 3 or 4 digits); a failure is [`Error::InvalidRequest`](payments_core::Error::InvalidRequest) and
    /// nothing is sent. The card number and CVC are declared secret on the request.
    ///
    /// ```no_run
    /// use askell_sdk::CardDetails;
    ///
    /// # async fn run(public: askell_sdk::PublicClient) -> askell_sdk::Result<()> {
    /// let card = CardDetails::new("4111111111111111", "01", "29", "123");
    /// let created = public.create_temporary_payment_method(&card).await?;
    /// println!("3-D Secure at {:?}", created.card_verification_url);
    /// # Ok(()) }
    /// ```
    pub async fn create_temporary_payment_method(
        &self,
        card: &CardDetails,
    ) -> Result<TemporaryPaymentMethodCreated> {
        card.validate()?;
        let req = Request::post("/temporarypaymentmethod/")
            .operation("create_temporary_payment_method")
            .json(card)?
            .secret(&card.card_number)
            .secret(&card.cvv_number);
        self.http.call::<_, ErrorEnvelope>(req).await
    }

    /// `GET /temporarypaymentmethod/{token}/` (public key): the token's status;
    /// `tokencreated` means it is ready.
    ///
    /// ```no_run
    /// # async fn run(public: askell_sdk::PublicClient) -> askell_sdk::Result<()> {
    /// let state = public.temporary_payment_method("0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e").await?;
    /// println!("ready: {}", state.is_ready());
    /// # Ok(()) }
    /// ```
    pub async fn temporary_payment_method(&self, token: &str) -> Result<TokenState> {
        check_token(token)?;
        let req = Request::get(format!(
            "/temporarypaymentmethod/{}/",
            payments_core::validate::path_segment(token)
        ))
        .operation("temporary_payment_method");
        self.http.call::<_, ErrorEnvelope>(req).await
    }
}
