//! Barion (Hungary), under `/barion`: the Smart Gateway shop API (PascalCase JSON, dash-less
//! GUIDs, offset-less UTC times, `Errors` arrays), POSKey in `x-pos-key` or (below v4) the
//! legacy `POSKey` body or query field, paths matched case-insensitively.
//!
//! Payer pages: `/barion/Pay?id=<PaymentId>` (the `GatewayUrl`) and its 3-D Secure step
//! `/barion/Pay/3ds?id=<PaymentId>`.

mod operations;
mod pages;
mod payments;
mod start;

use std::sync::Arc;

use http::Method;
use serde_json::{Map, Value, json};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::Provider;
use crate::amount::Amount;
use crate::http::{ApiRequest, Reply, encode_form};
use crate::scenario::Scenario;
use crate::state::{Inner, lock};
use crate::timefmt;
use crate::webhooks::{Accept, Outgoing};

pub(crate) use self::operations::sweep;

const PROVIDER: Provider = Provider::Barion;

/// The sandbox shop's public id (`POSId`), owner and name.
const POS_ID: &str = "5b5c4f1ba1e84b6f9f5a0c2d3e4f5a6b";
const POS_NAME: &str = "Sandbox shop";
const POS_OWNER: &str = "owner@sandbox-shop.example";

/// Barion's store.
#[derive(Default)]
pub(crate) struct State {
    payments: Vec<Payment>,
    /// Registered recurrence tokens: `RecurrenceId` → the card and the chain's `TraceId`.
    tokens: Vec<RecurrenceToken>,
}

struct RecurrenceToken {
    id: String,
    card: CardInfo,
    trace_id: String,
}

/// The card a payment was paid with.
#[derive(Clone)]
struct CardInfo {
    number: String,
}

impl CardInfo {
    fn last4(&self) -> &str {
        &self.number[self.number.len().saturating_sub(4)..]
    }

    fn brand(&self) -> &'static str {
        match self.number.as_bytes().first() {
            Some(b'4') => "Visa",
            Some(b'5' | b'2') => "MasterCard",
            Some(b'3') => "AmericanExpress",
            _ => "Unknown",
        }
    }
}

/// A transaction of a payment: one the shop sent, or a refund Barion added.
struct Tx {
    id: Uuid,
    pos_transaction_id: Option<String>,
    payee: Option<String>,
    /// The original amount.
    total: Amount,
    /// The amount finished or captured, once it is.
    finished: Option<Amount>,
    refunded: Amount,
    comment: Option<String>,
    items: Vec<Value>,
    status: &'static str,
    kind: &'static str,
    related: Option<Uuid>,
    time: Option<OffsetDateTime>,
}

impl Tx {
    fn is_payment(&self) -> bool {
        self.kind == "CardPayment"
    }

    /// What the payer pays for it now.
    fn effective(&self) -> Amount {
        self.finished.unwrap_or(self.total)
    }
}

/// One payment.
struct Payment {
    id: Uuid,
    request_id: String,
    order_number: Option<String>,
    payment_type: &'static str,
    status: &'static str,
    currency: String,
    locale: String,
    guest_checkout: bool,
    funding_sources: Vec<Value>,
    payer_hint: Option<String>,
    redirect_url: Option<String>,
    callback_url: Option<String>,
    recurrence_type: Option<String>,
    recurrence_id: Option<String>,
    initiate_recurrence: bool,
    trace_id: Option<String>,
    created: OffsetDateTime,
    started: Option<OffsetDateTime>,
    completed: Option<OffsetDateTime>,
    valid_until: OffsetDateTime,
    reservation_period: Duration,
    delayed_capture_period: Duration,
    reserved_until: Option<OffsetDateTime>,
    delayed_capture_until: Option<OffsetDateTime>,
    transactions: Vec<Tx>,
    card: Option<CardInfo>,
    process_result: Option<&'static str>,
    authorization_code: Option<String>,
    three_ds_pending: bool,
}

impl Payment {
    fn total(&self) -> Amount {
        self.transactions
            .iter()
            .filter(|t| t.is_payment())
            .map(|t| t.total)
            .sum()
    }

    /// The payment's current total (finished amounts once finished).
    fn current_total(&self) -> Amount {
        self.transactions
            .iter()
            .filter(|t| t.is_payment())
            .map(Tx::effective)
            .sum()
    }

    fn scenario(&self) -> Scenario {
        Scenario::for_amount(self.total(), &self.currency)
    }
}

/// Barion's time spelling; the "not yet" value `0001-01-01T00:00:00` for a missing time.
fn time_or_min(t: Option<OffsetDateTime>) -> String {
    t.map_or_else(|| "0001-01-01T00:00:00".to_owned(), timefmt::naive_millis)
}

fn simple(id: Uuid) -> String {
    id.as_simple().to_string()
}

/// A property of a .NET-bound body: the exact name, else any casing of it.
fn get_ci<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name)
        .or_else(|| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

fn get_str<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    get_ci(map, name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// One entry of an `Errors` array.
struct ApiError {
    code: &'static str,
    title: String,
    description: String,
    payment_id: Option<Uuid>,
}

impl ApiError {
    fn new(code: &'static str, title: impl Into<String>) -> Self {
        let title = title.into();
        Self {
            code,
            description: title.clone(),
            title,
            payment_id: None,
        }
    }

    fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    fn payment(mut self, id: Uuid) -> Self {
        self.payment_id = Some(id);
        self
    }
}

/// The context of an error answer: the endpoint called and who called it.
struct Caller {
    endpoint: String,
    auth_data: String,
}

impl Caller {
    fn new(inner: &Inner, req: &ApiRequest, key: Option<&str>) -> Self {
        Self {
            endpoint: inner.url(&req.full_path),
            auth_data: key
                .map(|k| k.trim().replace('-', "").to_ascii_lowercase())
                .unwrap_or_default(),
        }
    }

    /// `400` with `errors`, on top of `base` (the endpoint's answer skeleton).
    fn reply(&self, now: OffsetDateTime, base: Map<String, Value>, errors: Vec<ApiError>) -> Reply {
        let mut body = base;
        let list: Vec<Value> = errors
            .into_iter()
            .map(|e| {
                json!({
                    "ErrorCode": e.code,
                    "Title": e.title,
                    "Description": e.description,
                    "EndPoint": self.endpoint,
                    "AuthData": self.auth_data,
                    "HappenedAt": timefmt::ticks_z(now),
                    "PaymentId": e.payment_id.map(simple),
                })
            })
            .collect();
        body.insert("Errors".into(), Value::Array(list));
        Reply::json(400, &Value::Object(body))
    }

    fn error(&self, now: OffsetDateTime, error: ApiError) -> Reply {
        self.reply(now, Map::new(), vec![error])
    }
}

/// The key a request carries, if any: the header, or (below v4) the legacy body/query field.
fn request_key(
    req: &ApiRequest,
    body: Option<&Map<String, Value>>,
    legacy_allowed: bool,
) -> Option<String> {
    if let Some(k) = req
        .header("x-pos-key")
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        return Some(k.to_owned());
    }
    if !legacy_allowed {
        return None;
    }
    body.and_then(|b| get_str(b, "POSKey"))
        .or_else(|| req.query_ci("POSKey"))
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty())
}

fn same_guid(a: &str, b: &str) -> bool {
    match (Uuid::parse_str(a.trim()), Uuid::parse_str(b.trim())) {
        (Ok(x), Ok(y)) => x == y,
        _ => a.trim() == b.trim(),
    }
}

/// The callback of payment `p`: `POST <CallbackUrl>` with `paymentId=<id>`, unsigned.
fn callback(p: &Payment) -> Option<Outgoing> {
    let url = p.callback_url.clone()?;
    Some(Outgoing {
        provider: PROVIDER,
        event: "callback".to_owned(),
        url,
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: encode_form(&[("paymentId", &simple(p.id))]).into_bytes(),
        accept: Accept::Exactly200,
    })
}

fn send(inner: &Inner, outgoing: Option<Outgoing>) {
    if let Some(o) = outgoing {
        inner.send_webhook(o);
    }
}

/// The POST-only endpoints (a GET to them is answered 405, as IIS does).
const POSTS: &[&str] = &[
    "start",
    "finishreservation",
    "capture",
    "cancelauthorization",
    "refund",
    "complete",
];

/// Every request under `/barion`.
pub(crate) fn handle(inner: &Arc<Inner>, req: &ApiRequest) -> Reply {
    let lower: Vec<String> = req
        .segments
        .iter()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let path: Vec<&str> = lower.iter().map(String::as_str).collect();
    let now = inner.clock.now();
    match path.as_slice() {
        ["pay"] => return pages::pay_page(inner, req),
        ["pay", "3ds"] => return pages::three_ds_page(inner, req),
        ["v2", "payment", op] if POSTS.contains(op) && req.method != Method::POST => {
            return Reply::text(
                405,
                format!(
                    "<Error><Message>The requested resource does not support http method '{}'.</Message></Error>",
                    req.method
                ),
            );
        }
        ["v2", "payment", "getpaymentstate"] | ["v4", "payment", _, "paymentstate"]
            if req.method != Method::GET =>
        {
            return Reply::text(
                405,
                format!(
                    "<Error><Message>The requested resource does not support http method '{}'.</Message></Error>",
                    req.method
                ),
            );
        }
        _ => {}
    }
    let v4 = path.first() == Some(&"v4");
    let body = if req.method == Method::POST {
        // Barion answers an unreadable body as an authentication failure.
        let Ok(Value::Object(map)) = req.json() else {
            let caller = Caller::new(inner, req, request_key(req, None, true).as_deref());
            return caller.error(
                now,
                ApiError::new("AuthenticationFailed", "Authentication failed.")
                    .description("The request body could not be read."),
            );
        };
        Some(map)
    } else {
        None
    };
    let key = request_key(req, body.as_ref(), !v4);
    let caller = Caller::new(inner, req, key.as_deref());
    match key {
        None => {
            return caller.error(
                now,
                ApiError::new("ModelValidationError", "The POSKey field is required.")
                    .description("Send the shop's POSKey in the x-pos-key header."),
            );
        }
        Some(k) if !same_guid(&k, &inner.config.credentials.barion_pos_key) => {
            return caller.error(
                now,
                ApiError::new("AuthenticationFailed", "Authentication failed."),
            );
        }
        Some(_) => {}
    }
    let body = body.unwrap_or_default();
    match path.as_slice() {
        ["v2", "payment", "start"] => start::start(inner, &caller, &body),
        ["v4", "payment", id, "paymentstate"] => payments::state_query(inner, &caller, id, true),
        ["v2", "payment", "getpaymentstate"] => {
            let id = req.query_ci("PaymentId").unwrap_or_default().to_owned();
            payments::state_query(inner, &caller, &id, false)
        }
        ["v2", "payment", "complete"] => payments::complete(inner, &caller, &body),
        ["v2", "payment", "finishreservation"] => {
            operations::finish(inner, &caller, &body, operations::Finish::Reservation)
        }
        ["v2", "payment", "capture"] => {
            operations::finish(inner, &caller, &body, operations::Finish::Capture)
        }
        ["v2", "payment", "cancelauthorization"] => {
            operations::cancel_authorization(inner, &caller, &body)
        }
        ["v2", "payment", "refund"] => operations::refund(inner, &caller, &body),
        _ => Reply::json(
            404,
            &json!({"Message": format!("No HTTP resource was found that matches the request URI '{}'.", caller.endpoint)}),
        ),
    }
}

/// Reads `PaymentId` and finds the payment; the error answer otherwise.
fn find_payment(
    st: &State,
    caller: &Caller,
    now: OffsetDateTime,
    raw: Option<&str>,
    base: &Map<String, Value>,
) -> Result<usize, Reply> {
    let Some(raw) = raw else {
        return Err(caller.reply(
            now,
            base.clone(),
            vec![ApiError::new(
                "ModelValidationError",
                "The PaymentId field is required.",
            )],
        ));
    };
    let Ok(id) = Uuid::parse_str(raw.trim()) else {
        return Err(caller.reply(
            now,
            base.clone(),
            vec![
                ApiError::new("ModelValidationError", "The PaymentId is not a valid GUID.")
                    .description(format!("The value '{raw}' is not a valid GUID.")),
            ],
        ));
    };
    st.payments.iter().position(|p| p.id == id).ok_or_else(|| {
        caller.reply(
            now,
            base.clone(),
            vec![
                ApiError::new(
                    "NotExistingPaymentId",
                    "The given transaction id is invalid",
                )
                .description(format!(
                    "The given transaction id({}) is invalid!",
                    id.hyphenated()
                ))
                .payment(id),
            ],
        )
    })
}

/// The state store, locked.
fn store(inner: &Inner) -> std::sync::MutexGuard<'_, State> {
    lock(&inner.barion)
}
