//! The [`Gateway`] trait and the unified requests and answers it speaks.

use std::fmt;

use async_trait::async_trait;
use payments_core::SecretString;
use payments_core::http::HeaderMap;

use crate::capability::Capabilities;
use crate::error::Error;
use crate::money::Money;
use crate::status::PaymentStatus;
use crate::{Provider, ProviderObject};

/// One payment provider behind one interface: what a checkout codes against.
///
/// Object safe: pick a `Box<dyn Gateway>` from configuration at run time
/// ([`GatewayConfig`](crate::GatewayConfig)). An operation a provider lacks fails with
/// [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported), never a panic; ask
/// [`capabilities`](Self::capabilities) first.
#[async_trait]
pub trait Gateway: Send + Sync + fmt::Debug {
    /// The provider behind this gateway.
    fn provider(&self) -> Provider;

    /// What this provider supports, and how.
    fn capabilities(&self) -> Capabilities;

    /// Creates a payment; the answer says what the shop does next ([`NextAction`]).
    async fn create_payment(&self, request: &PaymentRequest) -> Result<CreatedPayment, Error>;

    /// Reads a payment's current state from the provider.
    async fn payment(&self, id: &PaymentId) -> Result<Payment, Error>;

    /// Captures an authorized payment: all of it (`None`) or `amount`.
    async fn capture(&self, id: &PaymentId, amount: Option<Money>) -> Result<Payment, Error>;

    /// Cancels (voids) a payment before the money moves.
    async fn cancel(&self, id: &PaymentId) -> Result<Payment, Error>;

    /// Refunds a paid payment: all of it (`None`) or `amount`.
    async fn refund(&self, id: &PaymentId, amount: Option<Money>) -> Result<Payment, Error>;

    /// Verifies a webhook or callback (its headers and raw body, exactly as received) and reads
    /// it as a unified event. Nothing of the body is trusted before it verifies.
    async fn webhook(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, Error>;
}

/// A payment's id at its provider (Askell's uuid, Barion's PaymentId, Resid's token,
/// Financial Line's order id, Payelata's invoice id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PaymentId(pub String);

impl fmt::Display for PaymentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for PaymentId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl From<String> for PaymentId {
    fn from(s: String) -> Self {
        Self(s)
    }
}

/// Whether a payment is charged at once or only authorized (held) for a later capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CaptureMode {
    /// Charge at once.
    #[default]
    Immediate,
    /// Authorize (hold) now, capture or cancel later.
    Manual,
}

/// The payer, where a provider needs one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Customer {
    /// The shop's own id of the customer (Askell's customer reference, Payelata's
    /// `customer.reference_id`).
    pub reference: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Full name.
    pub name: Option<String>,
}

/// A payment to create, in unified terms.
///
/// ```
/// use payments_facade::{CaptureMode, Currency, Money, PaymentRequest};
/// let request = PaymentRequest::new(Money::new(1050, Currency::EUR)?, "order-1001", "Blue mug")
///     .capture(CaptureMode::Manual)
///     .return_url("https://shop.example/return")
///     .callback_url("https://shop.example/webhook");
/// assert_eq!(request.reference, "order-1001");
/// # Ok::<(), payments_facade::MoneyError>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct PaymentRequest {
    /// How much, in which currency.
    pub amount: Money,
    /// The shop's own id of the order (unique per payment).
    pub reference: String,
    /// What is paid for.
    pub description: String,
    /// Charge now or hold for a capture.
    pub capture: CaptureMode,
    /// Where the payer returns after paying.
    pub return_url: Option<String>,
    /// Where the provider sends its webhooks or callbacks.
    pub callback_url: Option<String>,
    /// The payer.
    pub customer: Option<Customer>,
    /// A stored card token to charge (Payelata's cardgate token).
    pub card_token: Option<SecretString>,
}

impl fmt::Debug for PaymentRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaymentRequest")
            .field("amount", &self.amount)
            .field("reference", &self.reference)
            .field("description", &self.description)
            .field("capture", &self.capture)
            .field("return_url", &self.return_url)
            .field("callback_url", &self.callback_url)
            .field("customer", &self.customer)
            .field(
                "card_token",
                &payments_core::secret::redact_option(self.card_token.as_ref()),
            )
            .finish()
    }
}

impl PaymentRequest {
    /// A payment of `amount` for the shop's order `reference`, described as `description`.
    pub fn new(
        amount: Money,
        reference: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self {
            amount,
            reference: reference.into(),
            description: description.into(),
            capture: CaptureMode::Immediate,
            return_url: None,
            callback_url: None,
            customer: None,
            card_token: None,
        }
    }

    /// Charge now (default) or hold for a capture.
    pub fn capture(mut self, mode: CaptureMode) -> Self {
        self.capture = mode;
        self
    }

    /// Where the payer returns after paying.
    pub fn return_url(mut self, url: impl Into<String>) -> Self {
        self.return_url = Some(url.into());
        self
    }

    /// Where the provider sends its webhooks.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }

    /// The payer.
    pub fn customer(mut self, customer: Customer) -> Self {
        self.customer = Some(customer);
        self
    }

    /// Charges a stored card token instead of sending the payer to a page.
    pub fn card_token(mut self, token: SecretString) -> Self {
        self.card_token = Some(token);
        self
    }
}

/// How the payer is sent on: by a link, or by a form the browser posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RedirectMethod {
    /// Send the payer to the URL (an HTTP redirect or a link).
    Get,
    /// Return a page whose form posts the params to the URL (auto-submitted).
    Post,
}

/// What the shop does after creating a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NextAction {
    /// Send the payer to the provider's page.
    Redirect {
        /// Where.
        url: String,
        /// With a link (`Get`) or a posted form (`Post`).
        method: RedirectMethod,
        /// The form fields to post (empty for `Get`).
        params: Vec<(String, String)>,
    },
    /// Show the payer a token (Resid's payment token for the payer's app).
    ShowToken {
        /// The token.
        token: String,
    },
    /// Nothing: the payment was charged (or refused) without the payer.
    None,
}

/// A payment as the facade sees it, with the provider's own answer kept in [`raw`](Self::raw).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Payment {
    /// The provider.
    pub provider: Provider,
    /// Its id at the provider.
    pub id: PaymentId,
    /// Where it stands.
    pub status: PaymentStatus,
    /// The amount, when the answer carried it: the payment's for a create or a read, the
    /// amount captured or refunded for a capture or a refund answer.
    pub amount: Option<Money>,
    /// The provider's typed answer this was read from.
    pub raw: ProviderObject,
}

impl Payment {
    /// A payment read from a provider's answer.
    pub fn new(
        provider: Provider,
        id: PaymentId,
        status: PaymentStatus,
        amount: Option<Money>,
        raw: ProviderObject,
    ) -> Self {
        Self {
            provider,
            id,
            status,
            amount,
            raw,
        }
    }
}

/// The answer to [`Gateway::create_payment`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CreatedPayment {
    /// The payment as created.
    pub payment: Payment,
    /// What the shop does next.
    pub next: NextAction,
}

impl CreatedPayment {
    /// A created `payment` and what comes `next`.
    pub fn new(payment: Payment, next: NextAction) -> Self {
        Self { payment, next }
    }
}

/// A verified webhook or callback, read as a unified event.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// The provider.
    pub provider: Provider,
    /// The payment concerned.
    pub payment_id: PaymentId,
    /// Its new status (for Barion, fetched with the POSKey: the callback itself says nothing).
    pub status: PaymentStatus,
    /// The provider's typed payload (or, for Barion, the state it fetched).
    pub raw: ProviderObject,
}

impl WebhookEvent {
    /// An event about `payment_id`, now `status`, read from `raw`.
    pub fn new(
        provider: Provider,
        payment_id: PaymentId,
        status: PaymentStatus,
        raw: ProviderObject,
    ) -> Self {
        Self {
            provider,
            payment_id,
            status,
            raw,
        }
    }
}
