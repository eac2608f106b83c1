//! [`ResidGateway`]: Resid (taxi fares through Iranian bank gateways) behind [`Gateway`].
//!
//! A payment is a payment request of whole rials to the gateway's merchant; the payer pays with
//! its token ([`NextAction::ShowToken`]). [`CaptureMode::Immediate`] creates it with
//! `auto_collect`; [`CaptureMode::Manual`] leaves it to [`Gateway::capture`], which is Resid's
//! collect and must come within 20 minutes of the creation. Resid has no cancel, no refund and
//! no webhooks: a payment that is not collected in time goes back to the payer by itself.

use async_trait::async_trait;
use payments_core::ExposeSecret;
use payments_core::http::HeaderMap;
use resid_sdk::{Client, CreatePayment, Credentials, PaymentState, Rials};

use super::wire_amount;
use crate::capability::{Capabilities, Operation};
use crate::config::GatewayConfig;
use crate::error::Error;
use crate::gateway::{
    CaptureMode, CreatedPayment, Gateway, NextAction, Payment, PaymentId, PaymentRequest,
    WebhookEvent,
};
use crate::money::{Currency, Money};
use crate::status::PaymentStatus;
use crate::{Provider, ProviderObject};

const PROVIDER: Provider = Provider::Resid;

/// Resid behind [`Gateway`]: create (a token for the payer), read, and collect as capture.
///
/// ```
/// use payments_facade::resid::{Client, Credentials};
/// use payments_facade::{Gateway, Operation, ResidGateway};
///
/// let client = Client::builder(Credentials::new("AUTHORIZATION_CODE")).build()?;
/// let gateway = ResidGateway::new(client, "faSDF42w3Fs");
/// assert!(!gateway.capabilities().support(Operation::Refund).is_supported());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ResidGateway {
    client: Client,
    merchant: String,
}

impl ResidGateway {
    /// A gateway over `client` whose payments are paid to `merchant` (the payee's identifier,
    /// e.g. `faSDF42w3Fs`).
    pub fn new(client: Client, merchant: impl Into<String>) -> Self {
        Self {
            client,
            merchant: merchant.into(),
        }
    }

    /// The SDK client, for what the unified interface does not cover (merchants, the list).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The merchant every payment is paid to.
    pub fn merchant(&self) -> &str {
        &self.merchant
    }

    /// The gateway `config` describes (`RESID_*`).
    pub(crate) fn from_config(config: &GatewayConfig) -> Result<Self, Error> {
        let credentials = Credentials::new(config.require("RESID_AUTHORIZATION_CODE")?.clone());
        let merchant = config.require("RESID_MERCHANT")?.expose_secret().to_owned();
        let mut builder = Client::builder(credentials);
        if let Some(url) = config.text("RESID_BASE_URL") {
            builder = builder.base_url(url);
        }
        let client = builder
            .build()
            .map_err(|e| config.build_error(&e, "RESID_BASE_URL"))?;
        Ok(Self::new(client, merchant))
    }

    async fn read(&self, id: &PaymentId) -> Result<resid_sdk::Payment, Error> {
        self.client.payment(&id.0).await.map_err(sdk_error)
    }
}

fn sdk_error(e: resid_sdk::Error) -> Error {
    Error::from_provider(PROVIDER, e)
}

/// `money` in whole rials: only IRR, and only whole rials (ISO 4217 gives the rial two decimals
/// Resid does not take).
fn rials(money: &Money) -> Result<Rials, Error> {
    let amount = wire_amount(PROVIDER, money, 0)?;
    Rials::try_from(amount).map_err(|e| Error::invalid(PROVIDER, e.to_string()))
}

fn unsupported(operation: Operation) -> Error {
    Error::unsupported(
        PROVIDER,
        operation,
        PROVIDER.capabilities().support(operation).note(),
    )
}

#[async_trait]
impl Gateway for ResidGateway {
    fn provider(&self) -> Provider {
        PROVIDER
    }

    fn capabilities(&self) -> Capabilities {
        PROVIDER.capabilities()
    }

    async fn create_payment(&self, request: &PaymentRequest) -> Result<CreatedPayment, Error> {
        let amount = rials(&request.amount)?;
        if request.card_token.is_some() {
            return Err(Error::invalid(
                PROVIDER,
                "Resid takes no card token: the payer pays with the payment's token",
            ));
        }
        let mut create = CreatePayment::new(&self.merchant, amount)
            .description(&request.description)
            .payload(&request.reference);
        if request.capture == CaptureMode::Immediate {
            create = create.auto_collect(true);
        }
        let created = self
            .client
            .create_payment(&create)
            .await
            .map_err(sdk_error)?;
        let next = NextAction::ShowToken {
            token: created.token.clone(),
        };
        let payment = Payment::new(
            PROVIDER,
            PaymentId(created.token.clone()),
            PaymentStatus::Pending,
            Some(request.amount),
            ProviderObject::ResidCreated(Box::new(created)),
        );
        Ok(CreatedPayment::new(payment, next))
    }

    async fn payment(&self, id: &PaymentId) -> Result<Payment, Error> {
        Ok(unified(self.read(id).await?))
    }

    /// Resid's collect, of the whole amount, within 20 minutes of the creation; answers the
    /// payment as read right after.
    async fn capture(&self, id: &PaymentId, amount: Option<Money>) -> Result<Payment, Error> {
        if amount.is_some() {
            return Err(unsupported(Operation::PartialCapture));
        }
        self.client
            .collect_payment(&id.0)
            .await
            .map_err(sdk_error)?;
        Ok(unified(self.read(id).await?))
    }

    async fn cancel(&self, _id: &PaymentId) -> Result<Payment, Error> {
        Err(unsupported(Operation::Cancel))
    }

    async fn refund(&self, _id: &PaymentId, amount: Option<Money>) -> Result<Payment, Error> {
        Err(unsupported(match amount {
            Some(_) => Operation::PartialRefund,
            None => Operation::Refund,
        }))
    }

    async fn webhook(&self, _headers: &HeaderMap, _body: &[u8]) -> Result<WebhookEvent, Error> {
        Err(unsupported(Operation::Webhook))
    }
}

fn unified(payment: resid_sdk::Payment) -> Payment {
    let status = payment_status(&payment);
    let amount = payment
        .amount
        .and_then(|r| i64::try_from(r.get()).ok()?.checked_mul(100))
        .and_then(|minor| Money::new(minor, Currency::IRR).ok());
    Payment::new(
        PROVIDER,
        PaymentId(payment.token.clone()),
        status,
        amount,
        ProviderObject::ResidPayment(Box::new(payment)),
    )
}

/// Resid's `outcome.state`. Resid documents `pending` only; `success`, `failure` and
/// `refunded` are the SDK's unconfirmed names (see `resid_sdk::PaymentState`), and any other
/// state arrives as `Unknown` with its wire text. No outcome yet: nobody has paid.
pub(crate) fn state_status(state: Option<&PaymentState>) -> PaymentStatus {
    match state {
        None | Some(PaymentState::Pending) => PaymentStatus::Pending,
        Some(PaymentState::Success) => PaymentStatus::Succeeded,
        Some(PaymentState::Failure) => PaymentStatus::Failed,
        // Paid, not collected within 20 minutes: the hold lapsed, the money went back to the
        // payer without the shop having had it.
        Some(PaymentState::Refunded) => PaymentStatus::Expired,
        Some(PaymentState::Unknown(wire)) => PaymentStatus::Unknown(wire.clone()),
    }
}

/// A payment's unified status: its state, except that `pending` with the bank's reference
/// (`outcome.rrn`) is a payment the payer made and the shop has not collected yet: the money is
/// held until collected within 20 minutes (`Authorized`), as Resid's own `pending` sample
/// shows (a payer, an `rrn`).
fn payment_status(payment: &resid_sdk::Payment) -> PaymentStatus {
    let paid = payment
        .outcome
        .as_ref()
        .and_then(|o| o.rrn.as_deref())
        .is_some_and(|rrn| !rrn.trim().is_empty());
    match payment.state() {
        Some(PaymentState::Pending) if paid => PaymentStatus::Authorized,
        state => state_status(state),
    }
}

/// The wire statuses and what they map to, for the crate docs' table.
#[cfg(all(test, feature = "full"))]
pub(crate) fn status_rows() -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = PaymentState::KNOWN
        .iter()
        .map(|s| {
            (
                format!("`{s}`"),
                format!("`{}`", state_status(Some(s)).name()),
            )
        })
        .collect();
    rows.insert(
        1,
        (
            "`pending` with the bank's `rrn` (paid, not collected)".to_owned(),
            format!("`{}`", PaymentStatus::Authorized.name()),
        ),
    );
    rows.push((
        "no `outcome` yet".to_owned(),
        format!("`{}`", state_status(None).name()),
    ));
    rows.push((
        "any other state (undocumented)".to_owned(),
        format!(
            "`{}` (the wire text)",
            state_status(Some(&PaymentState::Unknown(String::new()))).name()
        ),
    ));
    rows
}
