//! [`AskellGateway`]: Askell (Iceland) behind [`Gateway`].
//!
//! A payment charges a stored customer's payment method once ([`Customer::reference`](crate::Customer)
//! is Askell's `customer_reference`); it is created `pending` and settles (or fails)
//! asynchronously, reported by the `payment.changed` webhook. Askell has no authorization to
//! capture or cancel; a settled payment is refunded in full. Webhooks are registered at Askell
//! (not per payment), so `PaymentRequest::callback_url` and `return_url` are not sent.

use askell_sdk::webhook::{EventData, WebhookVerifier};
use askell_sdk::{Client, CreatePayment, Credentials, PaymentState};
use async_trait::async_trait;
use payments_core::http::HeaderMap;

use super::{money, wire_amount};
use crate::capability::{Capabilities, Operation};
use crate::config::GatewayConfig;
use crate::error::Error;
use crate::gateway::{
    CaptureMode, CreatedPayment, Gateway, NextAction, Payment, PaymentId, PaymentRequest,
    WebhookEvent,
};
use crate::money::Money;
use crate::status::PaymentStatus;
use crate::{Provider, ProviderObject};

const PROVIDER: Provider = Provider::Askell;

/// Askell behind [`Gateway`]: a payment on a stored customer, its state, a full refund, and the
/// signed `payment.changed` webhook.
///
/// ```
/// use payments_facade::askell::webhook::WebhookVerifier;
/// use payments_facade::askell::{Client, Credentials};
/// use payments_facade::AskellGateway;
///
/// let client = Client::builder(Credentials::new("abcdef.abcdefgh1234567890")).build()?;
/// let gateway = AskellGateway::new(client).webhooks(WebhookVerifier::new("hmac-secret"));
/// # let _ = gateway;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AskellGateway {
    client: Client,
    verifier: Option<WebhookVerifier>,
}

impl AskellGateway {
    /// A gateway over `client`; add [`webhooks`](Self::webhooks) to verify deliveries.
    pub fn new(client: Client) -> Self {
        Self {
            client,
            verifier: None,
        }
    }

    /// The verifier of webhook deliveries (the registration's `hmac_secret` and digest).
    pub fn webhooks(mut self, verifier: WebhookVerifier) -> Self {
        self.verifier = Some(verifier);
        self
    }

    /// The SDK client, for what the unified interface does not cover (customers, retries,
    /// subscriptions, receipts).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The gateway `config` describes (`ASKELL_*`).
    pub(crate) fn from_config(config: &GatewayConfig) -> Result<Self, Error> {
        let mut builder =
            Client::builder(Credentials::new(config.require("ASKELL_API_KEY")?.clone()));
        if let Some(url) = config.text("ASKELL_BASE_URL") {
            builder = builder.base_url(url);
        }
        let client = builder
            .build()
            .map_err(|e| config.build_error(&e, "ASKELL_BASE_URL"))?;
        let mut gateway = Self::new(client);
        if let Some(secret) = config.get("ASKELL_WEBHOOK_SECRET") {
            let verifier = match config.text("ASKELL_WEBHOOK_DIGEST") {
                None => WebhookVerifier::new(secret.clone()),
                Some(digest) => {
                    WebhookVerifier::with_digest(secret.clone(), digest).map_err(|_| {
                        config.malformed(
                            "ASKELL_WEBHOOK_DIGEST",
                            "a digest Askell names (`SHA512`, `SHA256`, ...)",
                        )
                    })?
                }
            };
            gateway = gateway.webhooks(verifier);
        }
        Ok(gateway)
    }
}

fn sdk_error(e: askell_sdk::Error) -> Error {
    Error::from_provider(PROVIDER, e)
}

/// An Askell payment is named by its uuid; anything else fails before a request is sent.
fn payment_uuid(id: &PaymentId) -> Result<askell_sdk::Uuid, Error> {
    id.0.trim()
        .parse()
        .map_err(|_| Error::invalid(PROVIDER, format!("`{id}` is not an Askell payment uuid")))
}

fn unsupported(operation: Operation) -> Error {
    Error::unsupported(
        PROVIDER,
        operation,
        PROVIDER.capabilities().support(operation).note(),
    )
}

#[async_trait]
impl Gateway for AskellGateway {
    fn provider(&self) -> Provider {
        PROVIDER
    }

    fn capabilities(&self) -> Capabilities {
        PROVIDER.capabilities()
    }

    async fn create_payment(&self, request: &PaymentRequest) -> Result<CreatedPayment, Error> {
        let amount = wire_amount(PROVIDER, &request.amount, request.amount.exponent())?;
        if request.capture == CaptureMode::Manual {
            return Err(unsupported(Operation::Capture));
        }
        if request.card_token.is_some() {
            return Err(Error::invalid(
                PROVIDER,
                "Askell charges the customer's stored payment method: give no card token",
            ));
        }
        let customer = request.customer.as_ref().ok_or_else(|| {
            Error::invalid(
                PROVIDER,
                "Askell charges a stored customer: set `PaymentRequest::customer` with the customer's reference",
            )
        })?;
        let create = CreatePayment::new(
            &customer.reference,
            amount,
            request.amount.currency().code(),
        )
        .description(&request.description)
        .reference(&request.reference);
        let created = self
            .client
            .create_payment(&create)
            .await
            .map_err(sdk_error)?;
        Ok(CreatedPayment::new(unified(created), NextAction::None))
    }

    async fn payment(&self, id: &PaymentId) -> Result<Payment, Error> {
        let uuid = payment_uuid(id)?;
        let payment = self.client.payment(uuid).await.map_err(sdk_error)?;
        Ok(unified(payment))
    }

    async fn capture(&self, _id: &PaymentId, amount: Option<Money>) -> Result<Payment, Error> {
        Err(unsupported(match amount {
            Some(_) => Operation::PartialCapture,
            None => Operation::Capture,
        }))
    }

    async fn cancel(&self, _id: &PaymentId) -> Result<Payment, Error> {
        Err(unsupported(Operation::Cancel))
    }

    async fn refund(&self, id: &PaymentId, amount: Option<Money>) -> Result<Payment, Error> {
        if amount.is_some() {
            return Err(unsupported(Operation::PartialRefund));
        }
        let uuid = payment_uuid(id)?;
        let payment = self.client.refund_payment(uuid).await.map_err(sdk_error)?;
        Ok(unified(payment))
    }

    async fn webhook(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, Error> {
        let verifier = self.verifier.as_ref().ok_or_else(|| {
            Error::config(
                PROVIDER,
                "no webhook secret: set `ASKELL_WEBHOOK_SECRET` (or `AskellGateway::webhooks`)",
            )
        })?;
        let event = verifier
            .parse(headers, body)
            .map_err(|e| Error::webhook(PROVIDER, e))?;
        match event.data {
            EventData::Payment(payment) => {
                let payment = unified(*payment);
                Ok(WebhookEvent::new(
                    PROVIDER,
                    payment.id,
                    payment.status,
                    payment.raw,
                ))
            }
            _ => Err(Error::webhook_refused(
                PROVIDER,
                format!(
                    "the webhook (verified) is a `{}` event, not about a payment: read it with `askell::webhook`",
                    event.event
                ),
            )),
        }
    }
}

fn unified(payment: askell_sdk::Payment) -> Payment {
    let status = payment
        .state
        .as_ref()
        .map_or(PaymentStatus::Unknown(String::new()), status_of);
    let amount = money(payment.amount, payment.currency.as_deref());
    Payment::new(
        PROVIDER,
        PaymentId(payment.uuid.to_string()),
        status,
        amount,
        ProviderObject::AskellPayment(Box::new(payment)),
    )
}

/// Askell's payment state.
pub(crate) fn status_of(state: &PaymentState) -> PaymentStatus {
    match state {
        // Created; the charge of the stored card is under way (no payer involved).
        PaymentState::Pending | PaymentState::Retrying => PaymentStatus::Processing,
        PaymentState::Settled => PaymentStatus::Succeeded,
        PaymentState::Failed => PaymentStatus::Failed,
        PaymentState::Refunded => PaymentStatus::Refunded,
        PaymentState::Unknown(wire) => PaymentStatus::Unknown(wire.clone()),
    }
}

/// The wire statuses and what they map to, for the crate docs' table.
#[cfg(all(test, feature = "full"))]
pub(crate) fn status_rows() -> Vec<(String, String)> {
    let pairs = PaymentState::KNOWN
        .iter()
        .map(|s| (s.to_string(), format!("`{}`", status_of(s).name())));
    let mut rows = super::grouped("", pairs);
    rows.push((
        "a state this SDK does not know".to_owned(),
        format!(
            "`{}` (the wire text)",
            PaymentStatus::Unknown(String::new()).name()
        ),
    ));
    rows
}
