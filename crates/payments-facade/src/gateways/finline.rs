//! [`FinlineGateway`]: Financial Line (the Tranzzo API) behind [`Gateway`].
//!
//! A payment is an order, keyed by the shop's own order id (`PaymentRequest::reference`, at most
//! 32 characters, never reused on a POS). Create is a hosted `purchase` (or an `auth` for
//! [`CaptureMode::Manual`]) whose page the payer is sent to; capture, void and refund are
//! secondary operations on the same order; the order's status is read from all its operations
//! (`GET /pos/{pos_id}/orders/{order_id}`).

use async_trait::async_trait;
use finline_sdk::{
    AMOUNT_PLACES, CaptureRequest, Client, Credentials, HostedPaymentRequest, Operation,
    OperationMethod, Order, RefundRequest, Status, VoidRequest,
};
use payments_core::Decimal;
use payments_core::http::HeaderMap;

use super::{after_refunds, money, wire_amount};
use crate::capability::Capabilities;
use crate::config::GatewayConfig;
use crate::error::Error;
use crate::gateway::{
    CaptureMode, CreatedPayment, Gateway, NextAction, Payment, PaymentId, PaymentRequest,
    RedirectMethod, WebhookEvent,
};
use crate::money::Money;
use crate::status::PaymentStatus;
use crate::{Provider, ProviderObject};

const PROVIDER: Provider = Provider::Finline;

/// Financial Line behind [`Gateway`]: hosted purchase or auth, capture, void, refund, the
/// order's status, and signed webhooks (verified with the client's API secret).
///
/// ```
/// use payments_facade::finline::{Client, Credentials, SecretString};
/// use payments_facade::{FinlineGateway, Gateway, Provider};
///
/// let client = Client::builder(Credentials {
///     pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667".parse().unwrap(),
///     api_key: SecretString::from("API_KEY"),
///     api_secret: SecretString::from("API_SECRET"),
///     endpoints_key: SecretString::from("ENDPOINTS_KEY"),
/// })
/// .build()?;
/// let gateway: Box<dyn Gateway> = Box::new(FinlineGateway::new(client));
/// assert_eq!(gateway.provider(), Provider::Finline);
/// # Ok::<(), payments_facade::finline::BuildError>(())
/// ```
#[derive(Debug, Clone)]
pub struct FinlineGateway {
    client: Client,
}

impl FinlineGateway {
    /// A gateway over `client`, whose API secret also verifies the webhooks.
    pub fn new(client: Client) -> Self {
        Self { client }
    }

    /// The SDK client, for what the unified interface does not cover (direct payments,
    /// splits, one operation of an order).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The gateway `config` describes (`FINLINE_*`).
    pub(crate) fn from_config(config: &GatewayConfig) -> Result<Self, Error> {
        let pos_id = config
            .require("FINLINE_POS_ID")
            .map(payments_core::ExposeSecret::expose_secret)?
            .parse()
            .map_err(|_| config.malformed("FINLINE_POS_ID", "a UUID"))?;
        let credentials = Credentials {
            pos_id,
            api_key: config.require("FINLINE_API_KEY")?.clone(),
            api_secret: config.require("FINLINE_API_SECRET")?.clone(),
            endpoints_key: config.require("FINLINE_ENDPOINTS_KEY")?.clone(),
        };
        let mut builder = Client::builder(credentials);
        if let Some(url) = config.text("FINLINE_BASE_URL") {
            builder = builder.base_url(url);
        }
        let client = builder
            .build()
            .map_err(|e| config.build_error(&e, "FINLINE_BASE_URL"))?;
        Ok(Self::new(client))
    }

    async fn order(&self, id: &PaymentId) -> Result<Order, Error> {
        self.client.order_status(&id.0).await.map_err(sdk_error)
    }

    /// The amount as sent, and its currency.
    fn amount(money: &Money) -> Result<(Decimal, &'static str), Error> {
        Ok((
            wire_amount(PROVIDER, money, AMOUNT_PLACES)?,
            money.currency().code(),
        ))
    }

    /// The order's currency (that of its primary operation), needed by every secondary one.
    fn currency(order: &Order, id: &PaymentId) -> Result<String, Error> {
        order
            .operations
            .iter()
            .find(|op| is_primary(&op.method))
            .and_then(|op| op.currency.clone())
            .ok_or_else(|| {
                Error::invalid(
                    PROVIDER,
                    format!("the order `{id}` shows no primary operation and currency"),
                )
            })
    }
}

fn sdk_error(e: finline_sdk::Error) -> Error {
    Error::from_provider(PROVIDER, e)
}

#[async_trait]
impl Gateway for FinlineGateway {
    fn provider(&self) -> Provider {
        PROVIDER
    }

    fn capabilities(&self) -> Capabilities {
        PROVIDER.capabilities()
    }

    async fn create_payment(&self, request: &PaymentRequest) -> Result<CreatedPayment, Error> {
        let (amount, currency) = Self::amount(&request.amount)?;
        if request.card_token.is_some() {
            return Err(Error::invalid(
                PROVIDER,
                "this gateway creates hosted payments and takes no card token (use the SDK's direct payment)",
            ));
        }
        let (description, order_id) = (request.description.clone(), request.reference.clone());
        let mut hosted = match request.capture {
            CaptureMode::Immediate => {
                HostedPaymentRequest::purchase(amount, currency, description, order_id)
            }
            CaptureMode::Manual => {
                HostedPaymentRequest::auth(amount, currency, description, order_id)
            }
        };
        if let Some(url) = &request.callback_url {
            hosted = hosted.server_url(url);
        }
        if let Some(url) = &request.return_url {
            hosted = hosted.result_url(url);
        }
        if let Some(customer) = &request.customer {
            hosted = hosted.customer_id(&customer.reference);
            if let Some(email) = &customer.email {
                hosted = hosted.customer_email(email);
            }
        }
        let page = self
            .client
            .create_hosted_payment(&hosted)
            .await
            .map_err(sdk_error)?;
        let next = NextAction::Redirect {
            url: page.redirect_url.clone(),
            method: RedirectMethod::Get,
            params: Vec::new(),
        };
        let payment = Payment::new(
            PROVIDER,
            PaymentId(request.reference.clone()),
            PaymentStatus::Pending,
            Some(request.amount),
            ProviderObject::FinlineHosted(Box::new(page)),
        );
        Ok(CreatedPayment::new(payment, next))
    }

    async fn payment(&self, id: &PaymentId) -> Result<Payment, Error> {
        let order = self.order(id).await?;
        let summary = Summary::of(&order);
        Ok(Payment::new(
            PROVIDER,
            id.clone(),
            summary.status(),
            summary.amount,
            ProviderObject::FinlineOrder(Box::new(order)),
        ))
    }

    async fn capture(&self, id: &PaymentId, amount: Option<Money>) -> Result<Payment, Error> {
        let request = match amount {
            Some(m) => {
                let (amount, currency) = Self::amount(&m)?;
                CaptureRequest::partial(&id.0, currency, amount)
            }
            None => CaptureRequest::full(&id.0, Self::currency(&self.order(id).await?, id)?),
        };
        let op = declined(
            crate::Operation::Capture,
            self.client.capture(&request).await.map_err(sdk_error)?,
        )?;
        let status =
            operation_status(&op.method, &op.status).unwrap_or_else(|| unchanged(&op.method));
        Ok(operation_payment(id, status, op))
    }

    async fn cancel(&self, id: &PaymentId) -> Result<Payment, Error> {
        let currency = Self::currency(&self.order(id).await?, id)?;
        let op = self
            .client
            .void(&VoidRequest::new(&id.0, currency))
            .await
            .map_err(sdk_error)?;
        let op = declined(crate::Operation::Cancel, op)?;
        let status =
            operation_status(&op.method, &op.status).unwrap_or_else(|| unchanged(&op.method));
        Ok(operation_payment(id, status, op))
    }

    async fn refund(&self, id: &PaymentId, amount: Option<Money>) -> Result<Payment, Error> {
        let wire = amount.as_ref().map(Self::amount).transpose()?;
        let order = self.order(id).await?;
        let before = Summary::of(&order);
        let request = match wire {
            Some((amount, currency)) => RefundRequest::partial(&id.0, currency, amount),
            None => RefundRequest::full(&id.0, Self::currency(&order, id)?),
        };
        let op = declined(
            crate::Operation::Refund,
            self.client.refund(&request).await.map_err(sdk_error)?,
        )?;
        let status = match operation_status(&op.method, &op.status) {
            Some(PaymentStatus::Refunded) => match (op.amount, wire) {
                // What this refund moved, weighed with the earlier ones against what was paid.
                (Some(this), _) => after_refunds(
                    PaymentStatus::Succeeded,
                    before.paid,
                    before.refunded + this,
                ),
                // No amount in the answer: a full refund refunded what remained.
                (None, None) => PaymentStatus::Refunded,
                (None, Some((asked, _))) => after_refunds(
                    PaymentStatus::Succeeded,
                    before.paid,
                    before.refunded + asked,
                ),
            },
            Some(other) => other,
            None => before.status(),
        };
        Ok(operation_payment(id, status, op))
    }

    async fn webhook(&self, _headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, Error> {
        let op = self
            .client
            .parse_webhook(body)
            .map_err(|e| Error::webhook(PROVIDER, e))?;
        // One operation: a follow-up's place in the whole (a refund's share of what was paid) is
        // not in it, so after a verified capture, void or refund the order is read for the
        // unified status, as `Gateway::payment` gives it.
        let status = if is_primary(&op.method) {
            operation_status(&op.method, &op.status).unwrap_or_else(|| unchanged(&op.method))
        } else {
            self.payment(&PaymentId(op.order_id.clone())).await?.status
        };
        Ok(WebhookEvent::new(
            PROVIDER,
            PaymentId(op.order_id.clone()),
            status,
            ProviderObject::FinlineOperation(Box::new(op)),
        ))
    }
}

/// `op`, or the provider's refusal of `operation` when the answer is a failed operation (a
/// business decline is an HTTP 200 with `failure`, not an HTTP error).
fn declined(operation: crate::Operation, op: Operation) -> Result<Operation, Error> {
    match op.status {
        Status::Failure | Status::Rejected | Status::Unsuccessful => Err(Error::declined(
            PROVIDER,
            operation,
            op.status_code.as_ref().map(|c| c.as_str().to_owned()),
            op.status_description.clone(),
        )),
        Status::Init
        | Status::Pending
        | Status::Success
        | Status::Processing
        | Status::Antifraud
        | Status::Unknown(_) => Ok(op),
    }
}

fn operation_payment(id: &PaymentId, status: PaymentStatus, op: Operation) -> Payment {
    let amount = money(op.amount, op.currency.as_deref());
    Payment::new(
        PROVIDER,
        id.clone(),
        status,
        amount,
        ProviderObject::FinlineOperation(Box::new(op)),
    )
}

/// `true` for the operations that start an order (purchase, auth, credit, p2p, lookup, and one
/// this SDK does not know).
fn is_primary(method: &OperationMethod) -> bool {
    match method {
        OperationMethod::Purchase
        | OperationMethod::Auth
        | OperationMethod::Credit
        | OperationMethod::P2p
        | OperationMethod::Lookup
        | OperationMethod::Unknown(_) => true,
        OperationMethod::Capture | OperationMethod::Void | OperationMethod::Refund => false,
    }
}

/// The order's status after one operation: `Some` sets it, `None` leaves it as it was (a
/// secondary operation that failed or is not final yet: the auth is still held, the payment
/// still paid). A successful refund says `Refunded`; [`after_refunds`] then weighs the sum.
pub(crate) fn operation_status(method: &OperationMethod, status: &Status) -> Option<PaymentStatus> {
    match method {
        OperationMethod::Purchase
        | OperationMethod::Credit
        | OperationMethod::P2p
        | OperationMethod::Lookup => Some(primary(status, PaymentStatus::Succeeded)),
        OperationMethod::Auth => Some(primary(status, PaymentStatus::Authorized)),
        OperationMethod::Capture => secondary(status, PaymentStatus::Succeeded),
        OperationMethod::Void => secondary(status, PaymentStatus::Canceled),
        OperationMethod::Refund => secondary(status, PaymentStatus::Refunded),
        OperationMethod::Unknown(wire) => Some(PaymentStatus::Unknown(wire.clone())),
    }
}

/// The status a secondary operation that failed (or is not final yet) leaves: the auth is
/// still held after a capture or a void, the payment still paid after a refund.
fn unchanged(method: &OperationMethod) -> PaymentStatus {
    match method {
        OperationMethod::Capture | OperationMethod::Void => PaymentStatus::Authorized,
        OperationMethod::Refund => PaymentStatus::Succeeded,
        OperationMethod::Purchase
        | OperationMethod::Auth
        | OperationMethod::Credit
        | OperationMethod::P2p
        | OperationMethod::Lookup => PaymentStatus::Pending,
        OperationMethod::Unknown(wire) => PaymentStatus::Unknown(wire.clone()),
    }
}

fn primary(status: &Status, success: PaymentStatus) -> PaymentStatus {
    match status {
        Status::Init => PaymentStatus::Pending,
        Status::Pending | Status::Processing | Status::Antifraud => PaymentStatus::Processing,
        Status::Success => success,
        Status::Failure | Status::Rejected | Status::Unsuccessful => PaymentStatus::Failed,
        Status::Unknown(wire) => PaymentStatus::Unknown(wire.clone()),
    }
}

fn secondary(status: &Status, success: PaymentStatus) -> Option<PaymentStatus> {
    match status {
        Status::Success => Some(success),
        Status::Init
        | Status::Pending
        | Status::Processing
        | Status::Antifraud
        | Status::Failure
        | Status::Rejected
        | Status::Unsuccessful => None,
        Status::Unknown(wire) => Some(PaymentStatus::Unknown(wire.clone())),
    }
}

/// What an order's operations add up to.
struct Summary {
    /// The status the operations, in order, leave.
    status: PaymentStatus,
    /// What was paid: the successful purchase's or capture's amount.
    paid: Option<Decimal>,
    /// The sum of the successful refunds.
    refunded: Decimal,
    /// The order's amount (its primary operation's).
    amount: Option<Money>,
}

impl Summary {
    fn of(order: &Order) -> Self {
        let mut summary = Self {
            status: PaymentStatus::Unknown(String::new()),
            paid: None,
            refunded: Decimal::ZERO,
            amount: None,
        };
        for op in order.chronological() {
            let Some(status) = operation_status(&op.method, &op.status) else {
                continue;
            };
            if is_primary(&op.method) {
                summary.amount = money(op.amount, op.currency.as_deref());
            }
            match status {
                PaymentStatus::Refunded => {
                    summary.refunded += op.amount.unwrap_or_default();
                    summary.status = PaymentStatus::Refunded;
                }
                PaymentStatus::Succeeded => {
                    summary.paid = op.amount;
                    summary.status = status;
                }
                other => summary.status = other,
            }
        }
        summary
    }

    fn status(&self) -> PaymentStatus {
        match &self.status {
            PaymentStatus::Refunded if self.refunded > Decimal::ZERO => {
                after_refunds(PaymentStatus::Succeeded, self.paid, self.refunded)
            }
            other => other.clone(),
        }
    }
}

/// The wire statuses and what they map to, for the crate docs' table.
#[cfg(all(test, feature = "full"))]
pub(crate) fn status_rows() -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for method in [
        OperationMethod::Purchase,
        OperationMethod::Auth,
        OperationMethod::Capture,
        OperationMethod::Void,
        OperationMethod::Refund,
    ] {
        let pairs = Status::KNOWN.iter().map(|status| {
            let unified = match operation_status(&method, status) {
                Some(s) => format!("`{}`", s.name()),
                None => format!("unchanged (`{}`)", unchanged(&method).name()),
            };
            (status.to_string(), unified)
        });
        rows.extend(super::grouped(&format!("`{method}` "), pairs));
    }
    rows.push((
        "`refund` `success`, less than was paid in all".to_owned(),
        format!(
            "`{}`",
            after_refunds(PaymentStatus::Succeeded, Some(Decimal::TWO), Decimal::ONE).name()
        ),
    ));
    rows.push((
        "`credit`, `p2p`, `lookup`".to_owned(),
        "as `purchase`".to_owned(),
    ));
    rows.push((
        "a method or status this SDK does not know".to_owned(),
        format!(
            "`{}` (the wire text)",
            PaymentStatus::Unknown(String::new()).name()
        ),
    ));
    rows
}
