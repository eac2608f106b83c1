//! Financial Line (Ukraine, the Tranzzo API), under `/finline/api/v1`: `POST /payment`
//! (hosted and direct), `/capture`, `/void`, `/refund`, `/split/capture`, `/split/refund`
//! and the order status query; `X-API-AUTH: CPAY <key>:<secret>` plus `X-API-KEY`; webhooks
//! as a form with base64url `data` and its SHA1 `signature`.
//!
//! Payer pages: the hosted payment page `/finline/pay/{payment_id}` (the `redirect_url`) and
//! the 3-D Secure step `/finline/3ds/{payment_id}`.

mod payment;
mod secondary;

use std::sync::Arc;

use http::Method;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Provider;
use crate::amount::Amount;
use crate::http::{ApiRequest, Reply, encode_form};
use crate::scenario::ChargeResult;
use crate::signing::{finline_data, finline_signature};
use crate::state::{Inner, lock};
use crate::timefmt;
use crate::webhooks::{Accept, Outgoing};

const PROVIDER: Provider = Provider::Finline;

/// Financial Line's store.
#[derive(Default)]
pub(crate) struct State {
    orders: Vec<Order>,
}

/// One operation of an order (the primary payment, or a capture, void or refund).
struct Op {
    operation_id: Option<Uuid>,
    transaction_id: Option<Uuid>,
    mode: &'static str,
    method: String,
    amount: Amount,
    status: &'static str,
    status_code: Option<&'static str>,
    status_description: Option<String>,
    created: OffsetDateTime,
    processing_time: Option<OffsetDateTime>,
    comment: Option<String>,
    /// The 3-D Secure page of a pending direct payment.
    redirect_url: Option<String>,
}

/// One order: its primary operation first, then every secondary one.
struct Order {
    order_id: String,
    payment_id: Uuid,
    gateway_order_id: String,
    currency: String,
    server_url: Option<String>,
    result_url: Option<String>,
    payload: Option<String>,
    card: Option<String>,
    three_ds_pending: bool,
    operations: Vec<Op>,
}

impl Order {
    fn primary(&self) -> &Op {
        &self.operations[0]
    }

    fn primary_mut(&mut self) -> &mut Op {
        &mut self.operations[0]
    }

    fn successful(&self, method: &str) -> impl Iterator<Item = &Op> {
        self.operations
            .iter()
            .skip(1)
            .filter(move |o| o.method == method && o.status == "success")
    }

    fn captured(&self) -> Option<Amount> {
        let mut caps = self.successful("capture").peekable();
        caps.peek()?;
        Some(caps.map(|o| o.amount).sum())
    }

    fn refunded(&self) -> Amount {
        self.successful("refund").map(|o| o.amount).sum()
    }

    fn voided(&self) -> bool {
        self.successful("void").next().is_some()
    }

    fn op_json(&self, op: &Op, pos_id: &str) -> Value {
        let mut v = json!({
            "payment_id": self.payment_id.to_string(),
            "order_id": self.order_id,
            "transaction_id": op.transaction_id.map(|t| t.to_string()),
            "pos_id": pos_id,
            "mode": op.mode,
            "method": op.method,
            "amount": op.amount.to_json(),
            "currency": self.currency,
            "status": op.status,
            "status_code": op.status_code,
            "status_description": op.status_description,
            "created_at": timefmt::naive_millis(op.created),
            "processing_time": op.processing_time.map(timefmt::naive_millis),
            "fee": Value::Null,
        });
        if let Value::Object(map) = &mut v {
            if let Some(id) = op.operation_id {
                map.insert("operation_id".into(), Value::from(id.to_string()));
                map.insert("comment".into(), Value::from(op.comment.clone()));
            } else {
                map.insert(
                    "gateway_order_id".into(),
                    Value::from(self.gateway_order_id.clone()),
                );
                if let Some(p) = &self.payload {
                    map.insert("payload".into(), Value::from(p.clone()));
                }
                if let Some(u) = &op.redirect_url {
                    map.insert("redirect_url".into(), Value::from(u.clone()));
                }
            }
        }
        v
    }
}

/// The status code and description of a finished operation.
fn outcome(method: &str, result: ChargeResult) -> (&'static str, Option<&'static str>, String) {
    match result {
        ChargeResult::Approved => {
            let (code, text) = match method {
                "auth" => ("1002", "Auth successful"),
                "capture" => ("1000", "Capture successful"),
                "void" => ("1009", "Reverse successful."),
                "refund" => ("1000", "Refund successful"),
                "credit" => ("1000", "Credit successful"),
                "lookup" => ("1000", "Lookup successful"),
                _ => ("1000", "Purchase successful"),
            };
            ("success", Some(code), text.to_owned())
        }
        ChargeResult::Declined => ("failure", Some("2004"), "Declined by the issuer".to_owned()),
        ChargeResult::InsufficientFunds => {
            ("failure", Some("2005"), "Insufficient funds".to_owned())
        }
        ChargeResult::AuthenticationFailed => (
            "failure",
            Some("2010"),
            "3-D Secure authentication failed".to_owned(),
        ),
        ChargeResult::Cancelled => ("failure", Some("2003"), "Cancelled by the payer".to_owned()),
    }
}

/// Finishes the primary operation with `result`.
fn finish_primary(order: &mut Order, result: ChargeResult, now: OffsetDateTime) {
    order.three_ds_pending = false;
    let op = order.primary_mut();
    let (status, code, text) = outcome(&op.method, result);
    op.status = status;
    op.status_code = code;
    op.status_description = Some(text);
    op.processing_time = Some(now);
    op.redirect_url = None;
    if op.transaction_id.is_none() {
        op.transaction_id = Some(crate::ids::uuid());
    }
}

/// The webhook of operation `op_index`: `data` (base64url JSON) and its `signature`, posted as
/// a form to `url`.
fn webhook(inner: &Inner, order: &Order, op_index: usize, url: Option<&str>) -> Option<Outgoing> {
    let url = url.or(order.server_url.as_deref())?.to_owned();
    let c = &inner.config.credentials;
    let op = &order.operations[op_index];
    let json = order.op_json(op, &c.finline_pos_id).to_string();
    let data = finline_data(json.as_bytes());
    let signature = finline_signature(&c.finline_api_secret, &data);
    Some(Outgoing {
        provider: PROVIDER,
        event: op.method.clone(),
        url,
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: encode_form(&[("data", &data), ("signature", &signature)]).into_bytes(),
        accept: Accept::Exactly200,
    })
}

fn send(inner: &Inner, outgoing: Option<Outgoing>) {
    if let Some(o) = outgoing {
        inner.send_webhook(o);
    }
}

/// `{"message": .., "args": ..}` with `status`.
fn error(status: u16, message: &str, args: Value) -> Reply {
    let mut body = Map::new();
    body.insert("message".into(), Value::from(message));
    body.insert("args".into(), args);
    Reply::json(status, &Value::Object(body))
}

fn not_found() -> Reply {
    error(404, "Order not found", json!({"code": "S-404"}))
}

/// Field violations: `400 {"message": "Invalid request", "args": [{field_name, violation}]}`.
struct Violations(Vec<Value>);

impl Violations {
    fn new() -> Self {
        Self(Vec::new())
    }

    fn add(&mut self, field: &str, violation: impl Into<String>) {
        self.0
            .push(json!({"field_name": field, "violation": violation.into()}));
    }

    fn check(self) -> Result<(), Reply> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(error(400, "Invalid request", Value::Array(self.0)))
        }
    }
}

fn str_field<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    map.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Reads an amount (JSON number or numeric string) with at most two decimals.
fn amount_field(
    map: &Map<String, Value>,
    name: &str,
    required: bool,
    v: &mut Violations,
) -> Option<Amount> {
    match map.get(name) {
        None | Some(Value::Null) => {
            if required {
                v.add(name, format!("Missing required field {name}"));
            }
            None
        }
        Some(raw) => match Amount::from_json(raw) {
            Some(a) if a.is_positive() && a.has_at_most_decimals(2) => Some(a),
            _ => {
                v.add(name, format!("Invalid value for {name}: {raw}"));
                None
            }
        },
    }
}

/// Checks `X-API-AUTH` and `X-API-KEY`.
fn authorized(inner: &Inner, req: &ApiRequest) -> bool {
    let c = &inner.config.credentials;
    let expected = format!("CPAY {}:{}", c.finline_api_key, c.finline_api_secret);
    req.header("x-api-auth").map(str::trim) == Some(expected.as_str())
        && req.header("x-api-key").map(str::trim) == Some(c.finline_endpoints_key.as_str())
}

fn credentials_error() -> Reply {
    error(401, "Invalid pos_id field or credentials", json!({}))
}

/// Every request under `/finline`.
pub(crate) fn handle(inner: &Arc<Inner>, req: &ApiRequest) -> Reply {
    let path = req.path();
    match path.as_slice() {
        ["pay", id] => return payment::pay_page(inner, req, id),
        ["3ds", id] => return payment::three_ds_page(inner, req, id),
        ["api", "v1", ..] => {}
        _ => return error(404, "Not found", json!({})),
    }
    let api = &path[2..];
    if !authorized(inner, req) {
        return credentials_error();
    }
    let pos_id = inner.config.credentials.finline_pos_id.clone();
    if req.method == Method::GET {
        let st = lock(&inner.finline);
        return match api {
            ["pos", pos, "orders", order_id, rest @ ..] => {
                if !pos.eq_ignore_ascii_case(&pos_id) {
                    return credentials_error();
                }
                let Some(order) = st.orders.iter().find(|o| o.order_id == *order_id) else {
                    return not_found();
                };
                match rest {
                    [] => Reply::json(
                        200,
                        &Value::Array(
                            order
                                .operations
                                .iter()
                                .map(|op| order.op_json(op, &pos_id))
                                .collect(),
                        ),
                    ),
                    [method] => order
                        .operations
                        .iter()
                        .rev()
                        .find(|op| op.method == *method)
                        .map_or_else(not_found, |op| {
                            Reply::json(200, &order.op_json(op, &pos_id))
                        }),
                    _ => error(404, "Not found", json!({})),
                }
            }
            _ => error(404, "Not found", json!({})),
        };
    }
    if req.method != Method::POST {
        return error(405, "Method Not Allowed", json!({}));
    }
    if !req.is_json() {
        return error(
            406,
            "Not Acceptable: send the body as application/json",
            json!({}),
        );
    }
    let Ok(Value::Object(body)) = req.json() else {
        return error(
            400,
            "Invalid request",
            json!([{"field_name": "body", "violation": "The body is not a JSON object"}]),
        );
    };
    match str_field(&body, "pos_id") {
        Some(p) if p.eq_ignore_ascii_case(&pos_id) => {}
        _ => return credentials_error(),
    }
    match api {
        ["payment"] => payment::create(inner, &body),
        ["capture"] => secondary::capture(inner, &body, false),
        ["split", "capture"] => secondary::capture(inner, &body, true),
        ["void"] => secondary::void(inner, &body),
        ["refund"] => secondary::refund(inner, &body, false),
        ["split", "refund"] => secondary::refund(inner, &body, true),
        _ => error(404, "Not found", json!({})),
    }
}
