//! [`BarionGateway`]: the Barion Smart Gateway behind [`Gateway`].
//!
//! A payment is started with one transaction to the gateway's payee (the shop's Barion wallet)
//! and the payer is sent to the Smart Gateway. [`CaptureMode::Manual`] starts a `DelayedCapture`
//! payment: capture it (in full or for less) or release it with CancelAuthorization. Capture and
//! refund name transactions, so both read the payment state first and take the ids from it.
//! Barion's callback is not signed: only its PaymentId is read, and the state is fetched with the
//! POSKey.

use async_trait::async_trait;
use barion_sdk::webhook::Callback;
use barion_sdk::{
    CancelAuthorizationRequest, Client, Credentials, CurrencyCode, DetailedTransaction,
    Environment, FinishRequest, Item, Locale, PaymentOperationResponse, PaymentState,
    PaymentStatus as WireStatus, PaymentTransaction, PaymentType, RefundRequest,
    StartPaymentRequest, TimeSpan, TransactionStatus, TransactionToFinish, TransactionToRefund,
    TransactionType, Uuid,
};
use payments_core::http::HeaderMap;
use payments_core::http::header::CONTENT_TYPE;
use payments_core::{Decimal, ExposeSecret};

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

const PROVIDER: Provider = Provider::Barion;

/// The default `DelayedCapturePeriod`: 7 days, the longest Barion allows every shop.
const DELAYED_CAPTURE_PERIOD: TimeSpan = TimeSpan::from_days(7);

/// Barion behind [`Gateway`]: start + redirect, the payment state, capture, CancelAuthorization,
/// refund, and the callback answered with the state fetched by POSKey.
///
/// ```
/// use payments_facade::barion::{Client, Credentials, Locale, SecretString};
/// use payments_facade::BarionGateway;
///
/// let client = Client::builder(Credentials { pos_key: SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC") })
///     .build()?;
/// let gateway = BarionGateway::new(client, "owner@shop.example").locale(Locale::English);
/// assert_eq!(gateway.payee(), "owner@shop.example");
/// # Ok::<(), payments_facade::barion::BuildError>(())
/// ```
#[derive(Debug, Clone)]
pub struct BarionGateway {
    client: Client,
    payee: String,
    locale: Locale,
    delayed_capture_period: TimeSpan,
}

impl BarionGateway {
    /// A gateway over `client` whose payments are paid to `payee`, the e-mail address of the
    /// shop's Barion wallet. The gateway's language is Hungarian until [`locale`](Self::locale)
    /// says otherwise.
    pub fn new(client: Client, payee: impl Into<String>) -> Self {
        Self {
            client,
            payee: payee.into(),
            locale: Locale::Hungarian,
            delayed_capture_period: DELAYED_CAPTURE_PERIOD,
        }
    }

    /// How long a [`CaptureMode::Manual`] (`DelayedCapture`) payment stays capturable: 7 days
    /// (Barion's limit for most shops) until set here (at most 21 days, for Hungarian shops).
    pub fn delayed_capture_period(mut self, period: TimeSpan) -> Self {
        self.delayed_capture_period = period;
        self
    }

    /// The language of the Smart Gateway the payer sees.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = locale;
        self
    }

    /// The payee of every payment.
    pub fn payee(&self) -> &str {
        &self.payee
    }

    /// The SDK client, for what the unified interface does not cover (reservations with items,
    /// payee transactions, 3DS Complete).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The gateway `config` describes (`BARION_*`).
    pub(crate) fn from_config(config: &GatewayConfig) -> Result<Self, Error> {
        let pos_key = config.require("BARION_POS_KEY")?.clone();
        let payee = config.require("BARION_PAYEE")?.expose_secret().to_owned();
        let environment = match config
            .text("BARION_ENVIRONMENT")
            .map(str::to_ascii_lowercase)
        {
            None => Environment::Test,
            Some(e) if e == "test" => Environment::Test,
            Some(e) if e == "production" => Environment::Production,
            Some(_) => return Err(config.malformed("BARION_ENVIRONMENT", "`test` or `production`")),
        };
        let mut builder = Client::builder(Credentials { pos_key }).environment(environment);
        if let Some(url) = config.text("BARION_BASE_URL") {
            builder = builder.base_url(url);
        }
        let client = builder
            .build()
            .map_err(|e| config.build_error(&e, "BARION_BASE_URL"))?;
        Ok(Self::new(client, payee))
    }

    async fn state(&self, id: Uuid) -> Result<PaymentState, Error> {
        self.client.payment_state(id).await.map_err(sdk_error)
    }
}

fn sdk_error(e: barion_sdk::Error) -> Error {
    Error::from_provider(PROVIDER, e)
}

fn payment_id(id: &PaymentId) -> Result<Uuid, Error> {
    barion_sdk::parse_id(&id.0).ok_or_else(|| {
        Error::invalid(
            PROVIDER,
            format!("`{id}` is not a Barion payment id (a GUID)"),
        )
    })
}

/// `money` in Barion's currency code and precision (whole forints; two decimals otherwise).
fn amount(money: &Money) -> Result<(Decimal, CurrencyCode), Error> {
    let currency = CurrencyCode::from_wire(money.currency().code());
    let places = currency
        .decimal_places()
        .unwrap_or_else(|| money.exponent());
    Ok((wire_amount(PROVIDER, money, places)?, currency))
}

/// The state's currency, checked against an amount's.
fn state_currency(
    state: &PaymentState,
    asked: Option<&CurrencyCode>,
) -> Result<CurrencyCode, Error> {
    let currency = state
        .currency
        .clone()
        .or_else(|| asked.cloned())
        .ok_or_else(|| Error::invalid(PROVIDER, "the payment state shows no currency"))?;
    match asked {
        Some(a) if *a != currency => Err(Error::invalid(
            PROVIDER,
            format!("the payment is in {currency}, the amount in {a}"),
        )),
        _ => Ok(currency),
    }
}

fn is_shop_transaction(pos_transaction_id: Option<&String>) -> bool {
    pos_transaction_id.is_some_and(|id| !id.trim().is_empty())
}

fn is_refund(kind: Option<&TransactionType>) -> bool {
    matches!(
        kind,
        Some(
            TransactionType::Refund
                | TransactionType::RefundToBankCard
                | TransactionType::RefundToBankAccount
        )
    )
}

/// The shop's own transactions of a payment (the ones with a POSTransactionId, not refunds).
fn shop_transactions(state: &PaymentState) -> impl Iterator<Item = &DetailedTransaction> {
    state.transactions.iter().filter(|t| {
        is_shop_transaction(t.pos_transaction_id.as_ref())
            && !is_refund(t.transaction_type.as_ref())
    })
}

/// How much went back on `transaction` (the succeeded refunds related to it), or on the whole
/// payment for `None`.
fn refunded(state: &PaymentState, transaction: Option<Uuid>) -> Decimal {
    state
        .transactions
        .iter()
        .filter(|t| is_refund(t.transaction_type.as_ref()))
        .filter(|t| t.status == Some(TransactionStatus::Succeeded))
        .filter(|t| {
            transaction.is_none_or(|id| {
                t.related_id
                    .as_ref()
                    .and_then(payments_core::Lenient::parsed)
                    == Some(&id)
            })
        })
        .filter_map(|t| t.total)
        .map(|total| total.abs())
        .sum()
}

/// What was paid: the succeeded shop transactions' totals.
fn paid(state: &PaymentState) -> Decimal {
    shop_transactions(state)
        .filter(|t| t.status == Some(TransactionStatus::Succeeded))
        .filter_map(|t| t.total)
        .sum()
}

#[async_trait]
impl Gateway for BarionGateway {
    fn provider(&self) -> Provider {
        PROVIDER
    }

    fn capabilities(&self) -> Capabilities {
        PROVIDER.capabilities()
    }

    async fn create_payment(&self, request: &PaymentRequest) -> Result<CreatedPayment, Error> {
        let (total, currency) = amount(&request.amount)?;
        if request.card_token.is_some() {
            return Err(Error::invalid(
                PROVIDER,
                "this gateway takes no card token: the payer pays on the Smart Gateway",
            ));
        }
        let payment_type = match request.capture {
            CaptureMode::Immediate => PaymentType::Immediate,
            CaptureMode::Manual => PaymentType::DelayedCapture,
        };
        let item = Item::new(
            &request.description,
            &request.description,
            Decimal::ONE,
            "piece",
            total,
            total,
        );
        let transaction =
            PaymentTransaction::new(&request.reference, &self.payee, total).item(item);
        let mut start = StartPaymentRequest::new(
            payment_type,
            &request.reference,
            currency,
            self.locale.clone(),
            vec![transaction],
        )
        .order_number(&request.reference);
        if request.capture == CaptureMode::Manual {
            start = start.delayed_capture_period(self.delayed_capture_period);
        }
        if let Some(url) = &request.return_url {
            start = start.redirect_url(url);
        }
        if let Some(url) = &request.callback_url {
            start = start.callback_url(url);
        }
        if let Some(email) = request.customer.as_ref().and_then(|c| c.email.as_ref()) {
            start = start.payer_hint(email);
        }
        let started = self.client.start_payment(&start).await.map_err(sdk_error)?;
        let next = NextAction::Redirect {
            url: self.client.payer_redirect_url(&started),
            method: RedirectMethod::Get,
            params: Vec::new(),
        };
        let status = started
            .status
            .as_ref()
            .map_or(PaymentStatus::Pending, status_of);
        let payment = Payment::new(
            PROVIDER,
            PaymentId(started.payment_id.as_simple().to_string()),
            status,
            Some(request.amount),
            ProviderObject::BarionStarted(Box::new(started)),
        );
        Ok(CreatedPayment::new(payment, next))
    }

    async fn payment(&self, id: &PaymentId) -> Result<Payment, Error> {
        let state = self.state(payment_id(id)?).await?;
        Ok(state_payment(state))
    }

    /// Capture of a `DelayedCapture` payment (FinishReservation of a `Reservation` one) with
    /// the authorized transactions read from the state: each for its whole total, or the one
    /// transaction for `amount`.
    async fn capture(&self, id: &PaymentId, amount_asked: Option<Money>) -> Result<Payment, Error> {
        let asked = amount_asked.as_ref().map(amount).transpose()?;
        let pid = payment_id(id)?;
        let state = self.state(pid).await?;
        let currency = state_currency(&state, asked.as_ref().map(|(_, c)| c))?;
        let held: Vec<&DetailedTransaction> = shop_transactions(&state)
            .filter(|t| {
                matches!(
                    t.status,
                    Some(TransactionStatus::Authorized | TransactionStatus::Reserved)
                )
            })
            .collect();
        if held.is_empty() {
            return Err(Error::invalid(
                PROVIDER,
                format!("the payment `{id}` has no authorized transaction to capture"),
            ));
        }
        // What the capture moves: the amount asked, or every held transaction's total.
        let captured = amount_asked.or_else(|| {
            let total: Decimal = held.iter().filter_map(|t| t.total).sum();
            money(Some(total), Some(currency.as_str()))
        });
        let mut finish = FinishRequest::new(pid, currency);
        match (asked, held.as_slice()) {
            (Some((total, _)), [one]) => {
                finish = finish.transaction(TransactionToFinish::new(one.transaction_id, total));
            }
            (Some(_), _) => {
                return Err(Error::invalid(
                    PROVIDER,
                    "a partial capture needs a payment with one transaction: use the SDK's FinishRequest",
                ));
            }
            (None, all) => {
                for t in all {
                    finish = finish.transaction(TransactionToFinish::new(
                        t.transaction_id,
                        t.total.unwrap_or_default(),
                    ));
                }
            }
        }
        let answer = match state.payment_type {
            Some(PaymentType::Reservation) => self.client.finish_reservation(&finish).await,
            _ => self.client.capture(&finish).await,
        }
        .map_err(sdk_error)?;
        Ok(operation_payment(id, answer, captured))
    }

    async fn cancel(&self, id: &PaymentId) -> Result<Payment, Error> {
        let request = CancelAuthorizationRequest::new(payment_id(id)?);
        let answer = self
            .client
            .cancel_authorization(&request)
            .await
            .map_err(sdk_error)?;
        Ok(operation_payment(id, answer, None))
    }

    /// Refund of the refundable transactions read from the state: each for what remains of it,
    /// or the one refundable transaction for `amount`.
    async fn refund(&self, id: &PaymentId, amount_asked: Option<Money>) -> Result<Payment, Error> {
        let asked = amount_asked.as_ref().map(amount).transpose()?;
        let pid = payment_id(id)?;
        let state = self.state(pid).await?;
        let currency = state_currency(&state, asked.as_ref().map(|(_, c)| c))?;
        let refundable: Vec<(&DetailedTransaction, Decimal)> = shop_transactions(&state)
            .filter(|t| t.status == Some(TransactionStatus::Succeeded))
            .filter(|t| {
                t.transaction_type
                    .as_ref()
                    .is_some_and(TransactionType::is_refundable)
            })
            .map(|t| {
                (
                    t,
                    t.total.unwrap_or_default() - refunded(&state, Some(t.transaction_id)),
                )
            })
            .filter(|(_, left)| *left > Decimal::ZERO)
            .collect();
        let refund_of = |t: &DetailedTransaction, amount: Decimal| {
            TransactionToRefund::new(
                t.transaction_id,
                t.pos_transaction_id.clone().unwrap_or_default(),
                amount,
            )
        };
        let mut request = RefundRequest::new(pid, currency.clone());
        match (asked, refundable.as_slice()) {
            (_, []) => {
                return Err(Error::invalid(
                    PROVIDER,
                    format!("the payment `{id}` has nothing left to refund"),
                ));
            }
            (Some((total, _)), [(one, _)]) => request = request.transaction(refund_of(one, total)),
            (Some(_), _) => {
                return Err(Error::invalid(
                    PROVIDER,
                    "a partial refund needs a payment with one refundable transaction: use the SDK's RefundRequest",
                ));
            }
            (None, all) => {
                for (t, left) in all {
                    request = request.transaction(refund_of(t, *left));
                }
            }
        }
        let answer = self
            .client
            .refund_payment(&request)
            .await
            .map_err(sdk_error)?;
        let now: Decimal = answer
            .refunded_transactions
            .iter()
            .filter(|t| matches!(t.status, None | Some(TransactionStatus::Succeeded)))
            .filter_map(|t| t.total)
            .map(|t| t.abs())
            .sum();
        let status = after_refunds(
            PaymentStatus::Succeeded,
            Some(paid(&state)),
            refunded(&state, None) + now,
        );
        let amount = money(Some(now), Some(currency.as_str()));
        Ok(Payment::new(
            PROVIDER,
            id.clone(),
            status,
            amount,
            ProviderObject::BarionRefund(Box::new(answer)),
        ))
    }

    /// Reads only the PaymentId of the (unsigned) callback, then fetches the payment's state
    /// with the POSKey: the event's status is Barion's answer, never the body's word. The body
    /// may be a form (`paymentId=...`) or JSON; when your framework received the id in the
    /// query string only, pass that query string as the body.
    async fn webhook(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, Error> {
        let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let callback =
            Callback::from_body(content_type, body).map_err(|e| Error::webhook(PROVIDER, e))?;
        let state = self
            .client
            .callback_state(&callback)
            .await
            .map_err(sdk_error)?;
        let payment = state_payment(state);
        Ok(WebhookEvent::new(
            PROVIDER,
            payment.id,
            payment.status,
            payment.raw,
        ))
    }
}

fn state_payment(state: PaymentState) -> Payment {
    let status = state_status(&state);
    let amount = money(
        state.total,
        state.currency.as_ref().map(CurrencyCode::as_str),
    );
    Payment::new(
        PROVIDER,
        PaymentId(state.payment_id.as_simple().to_string()),
        status,
        amount,
        ProviderObject::BarionState(Box::new(state)),
    )
}

fn operation_payment(
    id: &PaymentId,
    answer: PaymentOperationResponse,
    amount: Option<Money>,
) -> Payment {
    let shop = answer
        .transactions
        .iter()
        .filter(|t| is_shop_transaction(t.pos_transaction_id.as_ref()));
    let status = after_reversal(answer.status.as_ref(), shop.map(|t| t.status.as_ref()));
    Payment::new(
        PROVIDER,
        id.clone(),
        status,
        amount,
        ProviderObject::BarionOperation(Box::new(answer)),
    )
}

/// A payment state as one status: the payment's, then what its transactions add (a cancelled
/// authorization, refunds).
pub(crate) fn state_status(state: &PaymentState) -> PaymentStatus {
    let shop = shop_transactions(state).map(|t| t.status.as_ref());
    let status = after_reversal(state.status.as_ref(), shop);
    after_refunds(status, Some(paid(state)), refunded(state, None))
}

/// Barion finishes a cancelled authorization as `Succeeded` with every transaction `Reversed`
/// (a total of 0): that is `Canceled`.
fn after_reversal<'a>(
    status: Option<&WireStatus>,
    mut shop: impl Iterator<Item = Option<&'a TransactionStatus>>,
) -> PaymentStatus {
    let base = status.map_or(PaymentStatus::Unknown(String::new()), status_of);
    let first = shop.next();
    let reversed = |s: Option<&TransactionStatus>| s == Some(&TransactionStatus::Reversed);
    if base == PaymentStatus::Succeeded && first.is_some_and(reversed) && shop.all(reversed) {
        PaymentStatus::Canceled
    } else {
        base
    }
}

/// Barion's payment status.
pub(crate) fn status_of(status: &WireStatus) -> PaymentStatus {
    match status {
        WireStatus::Prepared | WireStatus::Started => PaymentStatus::Pending,
        WireStatus::InProgress | WireStatus::Waiting => PaymentStatus::Processing,
        WireStatus::Reserved | WireStatus::Authorized => PaymentStatus::Authorized,
        WireStatus::Succeeded | WireStatus::PartiallySucceeded => PaymentStatus::Succeeded,
        WireStatus::Canceled | WireStatus::Deleted => PaymentStatus::Canceled,
        WireStatus::Failed => PaymentStatus::Failed,
        WireStatus::Expired => PaymentStatus::Expired,
        WireStatus::Unknown(wire) => PaymentStatus::Unknown(wire.clone()),
    }
}

/// The wire statuses and what they map to, for the crate docs' table.
#[cfg(all(test, feature = "full"))]
pub(crate) fn status_rows() -> Vec<(String, String)> {
    let pairs = WireStatus::KNOWN
        .iter()
        .map(|s| (s.to_string(), format!("`{}`", status_of(s).name())));
    let mut rows = super::grouped("", pairs);
    let reversed = after_reversal(
        Some(&WireStatus::Succeeded),
        [Some(&TransactionStatus::Reversed)].into_iter(),
    );
    rows.push((
        "`Succeeded`, every shop transaction `Reversed` (CancelAuthorization)".to_owned(),
        format!("`{}`", reversed.name()),
    ));
    for (what, refunded) in [("part", Decimal::ONE), ("all", Decimal::TWO)] {
        let status = after_refunds(
            status_of(&WireStatus::Succeeded),
            Some(Decimal::TWO),
            refunded,
        );
        rows.push((
            format!("`Succeeded`, {what} of it refunded (succeeded refund transactions)"),
            format!("`{}`", status.name()),
        ));
    }
    rows.push((
        "a status this SDK does not know".to_owned(),
        format!(
            "`{}` (the wire text)",
            PaymentStatus::Unknown(String::new()).name()
        ),
    ));
    rows
}
