//! [`PayelataGateway`]: Payelata (the Corefy/Paycore platform) behind [`Gateway`].
//!
//! A payment is a payment invoice (`cpi_...`) of the gateway's payment service. Without a card
//! token the payer is sent to the invoice's `flow_data` (a link or a posted form); with one
//! ([`PaymentRequest::card_token`]) the invoice is created by token with `instant`, and charged
//! at once through the cardgate: 3-D Secure comes back as a POST redirect, a charge without it
//! as [`NextAction::None`]. Refunds take any amount up to what remains; callbacks are verified
//! with the live and/or test secret.

use std::collections::BTreeMap;

use async_trait::async_trait;
use payelata_sdk::webhook::CallbackVerifier;
use payelata_sdk::{
    AuthPayload, CardgateClient, CardgateStatus, Client, CreatePaymentInvoice, CreateRefund,
    Credentials, FlowData, FormMethod, InvoiceCustomer, InvoiceStatus, PaymentInvoice,
    RefundOutcome, RefundStatus, Resource, SaleAnswer, SaleOperation,
};
use payments_core::http::HeaderMap;
use payments_core::{Decimal, ExposeSecret, SecretString};

use super::{after_refunds, money, wire_amount};
use crate::capability::{Capabilities, Operation};
use crate::config::GatewayConfig;
use crate::error::Error;
use crate::gateway::{
    CaptureMode, CreatedPayment, Gateway, NextAction, Payment, PaymentId, PaymentRequest,
    RedirectMethod, WebhookEvent,
};
use crate::money::Money;
use crate::status::PaymentStatus;
use crate::{Provider, ProviderObject};

const PROVIDER: Provider = Provider::Payelata;

/// Payelata behind [`Gateway`]: an invoice and a redirect, or a card token charged through the
/// cardgate; read, refund, signed callbacks.
///
/// ```
/// use payments_facade::payelata::webhook::CallbackVerifier;
/// use payments_facade::payelata::{CardgateClient, Client, Credentials, SecretString};
/// use payments_facade::PayelataGateway;
///
/// let client = Client::builder(
///     "https://com.paycore.io/api",
///     Credentials::new("coma_123", SecretString::from("my-api-key")),
/// )
/// .build()?;
/// let gateway = PayelataGateway::new(client, "payment_card_uah_hpp")
///     .cardgate(CardgateClient::builder("https://cardgate.example.io").build()?)
///     .callbacks(CallbackVerifier::live(SecretString::from("my-live-secret")));
/// # let _ = gateway;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct PayelataGateway {
    client: Client,
    service: String,
    cardgate: Option<CardgateClient>,
    verifier: Option<CallbackVerifier>,
    test_mode: Option<bool>,
}

impl PayelataGateway {
    /// A gateway over `client` whose invoices use the payment service `service` (e.g.
    /// `payment_card_uah_hpp`). Add [`cardgate`](Self::cardgate) to charge card tokens and
    /// [`callbacks`](Self::callbacks) to verify callbacks.
    pub fn new(client: Client, service: impl Into<String>) -> Self {
        Self {
            client,
            service: service.into(),
            cardgate: None,
            verifier: None,
            test_mode: None,
        }
    }

    /// The cardgate that charges invoices created by card token.
    pub fn cardgate(mut self, cardgate: CardgateClient) -> Self {
        self.cardgate = Some(cardgate);
        self
    }

    /// The verifier of callbacks (the live and/or test secret).
    pub fn callbacks(mut self, verifier: CallbackVerifier) -> Self {
        self.verifier = Some(verifier);
        self
    }

    /// Creates test invoices (`test_mode: true`), or says `false` explicitly.
    pub fn test_mode(mut self, test_mode: bool) -> Self {
        self.test_mode = Some(test_mode);
        self
    }

    /// The SDK client, for what the unified interface does not cover (lists, payouts).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The payment service of every invoice.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The gateway `config` describes (`PAYELATA_*`).
    pub(crate) fn from_config(config: &GatewayConfig) -> Result<Self, Error> {
        let base_url = config.require("PAYELATA_BASE_URL")?.expose_secret();
        let account_id = config.require("PAYELATA_ACCOUNT_ID")?.expose_secret();
        let api_key = config.require("PAYELATA_API_KEY")?.clone();
        let service = config
            .require("PAYELATA_SERVICE")?
            .expose_secret()
            .to_owned();
        let client = Client::builder(base_url, Credentials::new(account_id, api_key))
            .build()
            .map_err(|e| config.build_error(&e, "PAYELATA_BASE_URL"))?;
        let mut gateway = Self::new(client, service);
        if let Some(url) = config.text("PAYELATA_CARDGATE_URL") {
            let cardgate = CardgateClient::builder(url)
                .build()
                .map_err(|e| config.build_error(&e, "PAYELATA_CARDGATE_URL"))?;
            gateway = gateway.cardgate(cardgate);
        }
        let live = config.get("PAYELATA_LIVE_SECRET").cloned();
        let test = config.get("PAYELATA_TEST_SECRET").cloned();
        gateway.verifier = verifier(live, test);
        if let Some(test_mode) = config.flag("PAYELATA_TEST_MODE")? {
            gateway = gateway.test_mode(test_mode);
        }
        Ok(gateway)
    }

    async fn invoice(&self, id: &PaymentId) -> Result<Resource<PaymentInvoice>, Error> {
        self.client.payment_invoice(&id.0).await.map_err(sdk_error)
    }
}

fn verifier(live: Option<SecretString>, test: Option<SecretString>) -> Option<CallbackVerifier> {
    match (live, test) {
        (Some(live), Some(test)) => Some(CallbackVerifier::new(live, test)),
        (Some(live), None) => Some(CallbackVerifier::live(live)),
        (None, Some(test)) => Some(CallbackVerifier::test(test)),
        (None, None) => None,
    }
}

fn sdk_error(e: payelata_sdk::Error) -> Error {
    Error::from_provider(PROVIDER, e)
}

fn unsupported(operation: Operation) -> Error {
    Error::unsupported(
        PROVIDER,
        operation,
        PROVIDER.capabilities().support(operation).note(),
    )
}

fn amount(money: &Money) -> Result<Decimal, Error> {
    wire_amount(PROVIDER, money, money.exponent())
}

#[async_trait]
impl Gateway for PayelataGateway {
    fn provider(&self) -> Provider {
        PROVIDER
    }

    fn capabilities(&self) -> Capabilities {
        PROVIDER.capabilities()
    }

    async fn create_payment(&self, request: &PaymentRequest) -> Result<CreatedPayment, Error> {
        let wire = amount(&request.amount)?;
        if request.capture == CaptureMode::Manual {
            return Err(unsupported(Operation::Capture));
        }
        let cardgate = match (&request.card_token, &self.cardgate) {
            (Some(_), None) => {
                return Err(Error::config(
                    PROVIDER,
                    "charging a card token needs the cardgate: set `PAYELATA_CARDGATE_URL` (or `PayelataGateway::cardgate`)",
                ));
            }
            (Some(_), Some(cardgate)) => Some(cardgate),
            (None, _) => None,
        };
        let mut invoice = CreatePaymentInvoice::new(
            &request.reference,
            wire,
            request.amount.currency().code(),
            &self.service,
        )
        .description(&request.description);
        if let Some(url) = &request.return_url {
            invoice = invoice.return_url(url);
        }
        if let Some(url) = &request.callback_url {
            invoice = invoice.callback_url(url);
        }
        if let Some(customer) = &request.customer {
            let mut c = InvoiceCustomer::new(&customer.reference);
            if let Some(name) = &customer.name {
                c = c.name(name);
            }
            if let Some(email) = &customer.email {
                c = c.email(email);
            }
            invoice = invoice.customer(c);
        }
        if let Some(test_mode) = self.test_mode {
            invoice = invoice.test_mode(test_mode);
        }
        if let Some(token) = &request.card_token {
            invoice = invoice.token(token.clone()).instant(true);
        }
        let created = self
            .client
            .create_payment_invoice(&invoice)
            .await
            .map_err(sdk_error)?;
        let id = PaymentId(created.id.clone());
        let amount = invoice_money(&created.attributes).or(Some(request.amount));
        let Some(cardgate) = cardgate else {
            let next = flow_action(created.attributes.flow_data.as_ref());
            let status = invoice_status(&created.attributes);
            let raw = ProviderObject::PayelataInvoice(Box::new(created));
            return Ok(CreatedPayment::new(
                Payment::new(PROVIDER, id, status, amount, raw),
                next,
            ));
        };
        let sale = cardgate
            .sale(&created, &SaleOperation::token())
            .await
            .map_err(sdk_error)?;
        let next = sale
            .auth_payload()
            .map_or(NextAction::None, three_ds_action);
        let status = sale_status(&sale, &created.attributes);
        let raw = ProviderObject::PayelataSale {
            invoice: Box::new(created),
            sale: Box::new(sale),
        };
        Ok(CreatedPayment::new(
            Payment::new(PROVIDER, id, status, amount, raw),
            next,
        ))
    }

    async fn payment(&self, id: &PaymentId) -> Result<Payment, Error> {
        let invoice = self.invoice(id).await?;
        let status = invoice_status(&invoice.attributes);
        let amount = invoice_money(&invoice.attributes);
        Ok(Payment::new(
            PROVIDER,
            id.clone(),
            status,
            amount,
            ProviderObject::PayelataInvoice(Box::new(invoice)),
        ))
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

    /// Refunds `amount`, or all that remains refundable; the refund's `reference_id` is the
    /// invoice's plus the refunded total after it (`cpi_1-refund-25.00`), the same for the same
    /// refund asked twice, so Payelata can tell a repeat.
    async fn refund(&self, id: &PaymentId, amount_asked: Option<Money>) -> Result<Payment, Error> {
        let asked = amount_asked.as_ref().map(amount).transpose()?;
        let invoice = self.invoice(id).await?;
        let attributes = &invoice.attributes;
        if let (Some(m), Some(currency)) = (&amount_asked, attributes.currency.as_deref())
            && !m.currency().code().eq_ignore_ascii_case(currency.trim())
        {
            return Err(Error::invalid(
                PROVIDER,
                format!(
                    "the invoice `{id}` is in {currency}, the refund in {}",
                    m.currency().code()
                ),
            ));
        }
        let remaining = attributes.refundable_amount().ok_or_else(|| {
            Error::invalid(
                PROVIDER,
                format!("the invoice `{id}` shows no amount to refund"),
            )
        })?;
        let refund_amount = match asked {
            Some(a) => a,
            None if remaining > Decimal::ZERO => remaining,
            None => {
                return Err(Error::invalid(
                    PROVIDER,
                    format!("nothing remains to refund on `{id}`"),
                ));
            }
        };
        let refunded_after = attributes.refunded_amount.unwrap_or_default() + refund_amount;
        let base = attributes.reference_id.as_deref().unwrap_or(&invoice.id);
        let refund = CreateRefund::new(format!("{base}-refund-{refunded_after}"), refund_amount);
        let outcome = self
            .client
            .refund_payment_invoice_checked(&invoice, &refund)
            .await
            .map_err(sdk_error)?;
        let paid = attributes.processed_amount.or(attributes.amount);
        let status = match &outcome {
            RefundOutcome::Refund(r) => {
                refund_status(r.attributes.status.as_ref(), paid, refunded_after)
            }
            RefundOutcome::Invoice(i) => invoice_status(&i.attributes),
            _ => PaymentStatus::Unknown(String::new()),
        };
        let currency = attributes.currency.clone();
        Ok(Payment::new(
            PROVIDER,
            id.clone(),
            status,
            money(Some(refund_amount), currency.as_deref()),
            ProviderObject::PayelataRefund(Box::new(outcome)),
        ))
    }

    async fn webhook(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, Error> {
        let verifier = self.verifier.as_ref().ok_or_else(|| {
            Error::config(
                PROVIDER,
                "no callback secret: set `PAYELATA_LIVE_SECRET` and/or `PAYELATA_TEST_SECRET` (or `PayelataGateway::callbacks`)",
            )
        })?;
        let callback = verifier
            .verify_headers(headers, body)
            .map_err(|e| Error::webhook(PROVIDER, e))?;
        let Some(invoice) = callback.payment_invoice() else {
            return Err(Error::webhook_refused(
                PROVIDER,
                format!(
                    "the callback (verified) is about a `{}` resource, not a payment invoice: read it with `payelata::webhook`",
                    callback.kind()
                ),
            ));
        };
        let status = invoice_status(invoice);
        Ok(WebhookEvent::new(
            PROVIDER,
            PaymentId(callback.id().to_owned()),
            status,
            ProviderObject::PayelataCallback(Box::new(callback)),
        ))
    }
}

fn invoice_money(invoice: &PaymentInvoice) -> Option<Money> {
    money(invoice.amount, invoice.currency.as_deref())
}

/// Where `flow_data` sends the payer: a link (`GET`, or no method: the params go in the
/// query) or a posted form (`POST`, or a method this SDK does not know); nothing without an
/// `action`.
fn flow_action(flow: Option<&FlowData>) -> NextAction {
    let Some(flow) = flow else {
        return NextAction::None;
    };
    if flow.action.as_deref().is_none_or(|a| a.trim().is_empty()) {
        return NextAction::None;
    }
    match (&flow.method, flow.redirect_url()) {
        (None | Some(FormMethod::Get), Some(url)) => NextAction::Redirect {
            url,
            method: RedirectMethod::Get,
            params: Vec::new(),
        },
        _ => NextAction::Redirect {
            url: flow.action.clone().unwrap_or_default(),
            method: RedirectMethod::Post,
            params: params(&flow.params),
        },
    }
}

/// The 3-D Secure step: the payer's browser posts `params` to the issuer's `action`.
fn three_ds_action(payload: &AuthPayload) -> NextAction {
    let method = match payload.method() {
        FormMethod::Get => RedirectMethod::Get,
        FormMethod::Post | FormMethod::Unknown(_) => RedirectMethod::Post,
    };
    NextAction::Redirect {
        url: payload.action.clone().unwrap_or_default(),
        method,
        params: params(&payload.params),
    }
}

fn params(params: &BTreeMap<String, serde_json::Value>) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_owned),
            )
        })
        .collect()
}

/// An invoice's status, weighed with its `refunded_amount` (a paid invoice with part of it
/// refunded is `PartiallyRefunded`, whatever refund stage it shows).
pub(crate) fn invoice_status(invoice: &PaymentInvoice) -> PaymentStatus {
    let base = match &invoice.status {
        Some(status) => status_of(status),
        None => PaymentStatus::Unknown(String::new()),
    };
    let paid = invoice.processed_amount.or(invoice.amount);
    after_refunds(base, paid, invoice.refunded_amount.unwrap_or_default())
}

/// Payelata's invoice status.
pub(crate) fn status_of(status: &InvoiceStatus) -> PaymentStatus {
    match status {
        InvoiceStatus::Created => PaymentStatus::Pending,
        InvoiceStatus::Processing | InvoiceStatus::ProcessPending | InvoiceStatus::ProcessError => {
            PaymentStatus::Processing
        }
        // Paid; a refund in flight, or one that failed, leaves it paid.
        InvoiceStatus::Processed
        | InvoiceStatus::PartiallyProcessed
        | InvoiceStatus::Refunding
        | InvoiceStatus::RefundPending
        | InvoiceStatus::RefundError
        | InvoiceStatus::RefundFailed => PaymentStatus::Succeeded,
        InvoiceStatus::PartiallyRefunded => PaymentStatus::PartiallyRefunded,
        // A chargeback is a refund the payer's bank made.
        InvoiceStatus::Refunded | InvoiceStatus::ChargedBack => PaymentStatus::Refunded,
        InvoiceStatus::Terminated => PaymentStatus::Canceled,
        InvoiceStatus::ProcessFailed => PaymentStatus::Failed,
        InvoiceStatus::Expired => PaymentStatus::Expired,
        InvoiceStatus::Unknown(wire) => PaymentStatus::Unknown(wire.clone()),
    }
}

/// A cardgate sale's status.
pub(crate) fn cardgate_status(status: &CardgateStatus) -> PaymentStatus {
    match status {
        CardgateStatus::AuthorizeRequired => PaymentStatus::Pending,
        CardgateStatus::Processing | CardgateStatus::ProcessPending => PaymentStatus::Processing,
        CardgateStatus::Processed => PaymentStatus::Succeeded,
        CardgateStatus::ProcessFailed => PaymentStatus::Failed,
        CardgateStatus::Unknown(wire) => PaymentStatus::Unknown(wire.clone()),
    }
}

fn sale_status(sale: &SaleAnswer, invoice: &PaymentInvoice) -> PaymentStatus {
    match sale.status() {
        Some(status) => cardgate_status(status),
        None if sale.requires_3ds() => PaymentStatus::Pending,
        None => invoice_status(invoice),
    }
}

/// A refund's status, as the payment's: `processed` refunds `refunded_after` of `paid`.
pub(crate) fn refund_status(
    status: Option<&RefundStatus>,
    paid: Option<Decimal>,
    refunded_after: Decimal,
) -> PaymentStatus {
    match status {
        Some(RefundStatus::Processed) => {
            after_refunds(PaymentStatus::Succeeded, paid, refunded_after)
        }
        Some(RefundStatus::Unknown(wire)) => PaymentStatus::Unknown(wire.clone()),
        // No status: the refund is not through yet; the payment is still paid.
        None => PaymentStatus::Succeeded,
    }
}

/// The wire statuses and what they map to, for the crate docs' table.
#[cfg(all(test, feature = "full"))]
pub(crate) fn status_rows() -> Vec<(String, String)> {
    let pairs = InvoiceStatus::KNOWN
        .iter()
        .map(|s| (s.to_string(), format!("`{}`", status_of(s).name())));
    let mut rows = super::grouped("invoice ", pairs);
    rows.push((
        "invoice `processed` with a `refunded_amount` below the paid one".to_owned(),
        format!(
            "`{}`",
            after_refunds(
                status_of(&InvoiceStatus::Processed),
                Some(Decimal::TWO),
                Decimal::ONE
            )
            .name()
        ),
    ));
    let pairs = CardgateStatus::KNOWN
        .iter()
        .map(|s| (s.to_string(), format!("`{}`", cardgate_status(s).name())));
    rows.extend(super::grouped("cardgate sale ", pairs));
    rows.extend(RefundStatus::KNOWN.iter().map(|s| {
        (
            format!("refund `{s}`, the whole paid amount refunded"),
            format!(
                "`{}`",
                refund_status(Some(s), Some(Decimal::ONE), Decimal::ONE).name()
            ),
        )
    }));
    rows.push((
        "a status this SDK does not know".to_owned(),
        format!(
            "`{}` (the wire text)",
            PaymentStatus::Unknown(String::new()).name()
        ),
    ));
    rows
}
