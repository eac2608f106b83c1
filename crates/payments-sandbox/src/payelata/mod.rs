//! Payelata (Ukraine, the Corefy API): the private API under `/payelata/api` (HTTP Basic
//! `account:key`, JSON:API documents, unix-second times, `[]` for empty objects) and the
//! cardgate under `/payelata-cardgate` (`Bearer` token from `flow_data.metadata.token`);
//! callbacks signed `X-Signature: base64(sha1(secret ‖ body ‖ secret))` with the test or live
//! secret.
//!
//! Payer pages: the hosted payment page `/payelata-cardgate/hpp/{sid}` (`flow_data.action`)
//! and the 3-D Secure step `/payelata-cardgate/3ds/{sid}` (`auth_payload.action`).

mod cardgate;
mod invoices;

use base64::Engine as _;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::Provider;
use crate::amount::Amount;
use crate::http::{ApiRequest, Reply};
use crate::signing::payelata_signature;
use crate::state::{Inner, lock};
use crate::webhooks::{Accept, Outgoing};

pub(crate) use self::cardgate::handle_cardgate;
pub(crate) use self::invoices::handle_api;

const PROVIDER: Provider = Provider::Payelata;

/// Payelata's store.
pub(crate) struct State {
    invoices: Vec<Invoice>,
    payouts: Vec<Payout>,
    tokens: Vec<CardToken>,
    refunds: Vec<Refund>,
    /// The key of the cardgate bearer tokens (HS256).
    jwt_key: Vec<u8>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            invoices: Vec::new(),
            payouts: Vec::new(),
            tokens: Vec::new(),
            refunds: Vec::new(),
            jwt_key: crate::ids::alnum(32).into_bytes(),
        }
    }
}

/// A card as the cardgate saw it.
#[derive(Clone)]
struct PayCard {
    number: String,
    holder: String,
    exp_month: String,
    exp_year: String,
}

impl PayCard {
    fn brand(&self) -> &'static str {
        match self.number.as_bytes().first() {
            Some(b'4') => "visa",
            Some(b'5' | b'2') => "mastercard",
            _ => "unknown",
        }
    }

    /// `payload.payment_card` (every value a string, as the seed shows).
    fn to_json(&self) -> Value {
        let n = &self.number;
        let first = &n[..n.len().min(6)];
        let last = &n[n.len().saturating_sub(4)..];
        json!({
            "first": first,
            "last": last,
            "mask": format!("{first}{}{last}", "*".repeat(n.len().saturating_sub(10))),
            "brand": self.brand(),
            "holder": self.holder,
            "expiry_month": self.exp_month,
            "expiry_year": self.exp_year,
            "issuer_name": "SANDBOX BANK",
            "issuer_country": "UA",
        })
    }
}

/// A reusable card token, bound to the customer it was made for.
struct CardToken {
    token: String,
    customer: String,
    card: PayCard,
}

struct Customer {
    id: String,
    reference_id: String,
}

/// A payment invoice and its cardgate session.
struct Invoice {
    id: String,
    reference_id: String,
    amount: Amount,
    currency: String,
    service: String,
    test_mode: bool,
    description: Option<String>,
    customer: Option<Customer>,
    tokenize: bool,
    instant: bool,
    token: Option<String>,
    metadata: Map<String, Value>,
    callback_url: Option<String>,
    return_url: Option<String>,
    return_urls: Option<Value>,
    status: &'static str,
    resolution: String,
    created: OffsetDateTime,
    updated: OffsetDateTime,
    processed: Option<OffsetDateTime>,
    expires: OffsetDateTime,
    refunded: Amount,
    payload: Option<Value>,
    rrn: Option<String>,
    approval_code: Option<String>,
    sid: String,
    bearer: String,
    three_ds_pending: bool,
    card: Option<PayCard>,
}

impl Invoice {
    fn is_payable(&self) -> bool {
        matches!(self.status, "created" | "process_pending") && !self.three_ds_pending
    }

    fn to_json(&self, inner: &Inner) -> Value {
        let processed = self.processed.is_some();
        let money = |a: Amount| a.to_json();
        let mut relationships = json!({
            "payment-service": {"data": {"type": "payment-services", "id": self.service}},
            "payment-method": {"data": {"type": "payment-methods", "id": "payment_card"}},
        });
        if let (Some(c), Value::Object(r)) = (&self.customer, &mut relationships) {
            r.insert(
                "customer".into(),
                json!({"data": {"type": "customers", "id": c.id}}),
            );
        }
        json!({
            "data": {
                "type": "payment-invoices",
                "id": self.id,
                "attributes": {
                    "serial_number": self.id.trim_start_matches("cpi_"),
                    "status": self.status,
                    "resolution": self.resolution,
                    "moderation_required": false,
                    "amount": money(self.amount),
                    "payment_amount": money(self.amount),
                    "currency": self.currency,
                    "service_currency": self.currency,
                    "reference_id": self.reference_id,
                    "test_mode": self.test_mode,
                    "fee": 0,
                    "deposit": money(self.amount),
                    "processed": self.processed.map(OffsetDateTime::unix_timestamp),
                    "processed_amount": processed.then(|| money(self.amount)),
                    "refunded_amount": self.refunded.is_positive().then(|| money(self.refunded)),
                    "processed_fee": processed.then_some(0),
                    "processed_deposit": processed.then(|| money(self.amount)),
                    "metadata": empty_as_list(&self.metadata),
                    "flow_data": {
                        "action": inner.url(&format!("/payelata-cardgate/hpp/{}", self.sid)),
                        "method": "GET",
                        "params": [],
                        "metadata": {"sid": self.sid, "token": self.bearer},
                    },
                    "flow": "hpp",
                    "payment_flow": "charge",
                    "created": self.created.unix_timestamp(),
                    "updated": self.updated.unix_timestamp(),
                    "payload": self.payload,
                    "description": self.description,
                    "descriptor": format!("SANDBOX:Замовлення №:{}", self.reference_id),
                    "callback_url": self.callback_url,
                    "return_url": self.return_url,
                    "original_data": Value::Null,
                    "rrn": self.rrn,
                    "approval_code": self.approval_code,
                },
                "relationships": relationships,
                "links": {"self": format!("/api/payment-invoices/{}", self.id)},
            }
        })
    }
}

/// A refund (the new refund model).
struct Refund {
    id: String,
    reference_id: String,
    description: Option<String>,
    amount: Amount,
    currency: String,
    created: OffsetDateTime,
}

impl Refund {
    fn to_json(&self) -> Value {
        json!({
            "data": {
                "type": "refunds",
                "id": self.id,
                "attributes": {
                    "reference_id": self.reference_id,
                    "original_id": Value::Null,
                    "description": self.description,
                    "status": "processed",
                    "amount": self.amount.to_json(),
                    "fee": 0,
                    "currency": self.currency,
                    "created": self.created.unix_timestamp(),
                },
                "links": {"self": format!("/refunds/{}", self.id)},
            }
        })
    }
}

/// A payout invoice.
struct Payout {
    id: String,
    reference_id: String,
    amount: Amount,
    currency: String,
    service: String,
    test_mode: bool,
    description: Option<String>,
    callback_url: Option<String>,
    card: Option<String>,
    status: &'static str,
    resolution: String,
    created: OffsetDateTime,
    updated: OffsetDateTime,
    processed: Option<OffsetDateTime>,
}

impl Payout {
    fn to_json(&self) -> Value {
        let processed = self.processed.is_some();
        let fields = self.card.as_ref().map_or_else(
            || json!([]),
            |c| json!({"card_number": format!("{}******{}", &c[..c.len().min(6)], &c[c.len().saturating_sub(4)..])}),
        );
        json!({
            "data": {
                "type": "payout-invoices",
                "id": self.id,
                "attributes": {
                    "serial_number": self.id.trim_start_matches("cpoi_"),
                    "status": self.status,
                    "resolution": self.resolution,
                    "moderation_required": false,
                    "amount": self.amount.to_json(),
                    "payout_amount": self.amount.to_json(),
                    "currency": self.currency,
                    "service_currency": self.currency,
                    "reference_id": self.reference_id,
                    "test_mode": self.test_mode,
                    "fee": 0,
                    "processed": self.processed.map(OffsetDateTime::unix_timestamp),
                    "processed_amount": processed.then(|| self.amount.to_json()),
                    "processed_fee": processed.then_some(0),
                    "fields": fields,
                    "metadata": [],
                    "created": self.created.unix_timestamp(),
                    "updated": self.updated.unix_timestamp(),
                    "description": self.description,
                    "callback_url": self.callback_url,
                },
                "relationships": {
                    "payout-service": {"data": {"type": "payout-services", "id": self.service}},
                },
                "links": {"self": format!("/api/payout-invoices/{}", self.id)},
            }
        })
    }
}

/// `[]` for an empty object, as Payelata's PHP serializer writes it.
fn empty_as_list(map: &Map<String, Value>) -> Value {
    if map.is_empty() {
        json!([])
    } else {
        Value::Object(map.clone())
    }
}

/// An error answer: `request_id`, `error_type` and one `{code, field, message}` per problem in
/// `error_codes` (the layout of Paycore's documented 422 fields).
fn error(status: u16, error_type: &str, problems: &[(&str, Option<&str>, String)]) -> Reply {
    let codes: Vec<Value> = problems
        .iter()
        .map(|(code, field, message)| json!({"code": code, "field": field, "message": message}))
        .collect();
    Reply::json(
        status,
        &json!({
            "request_id": crate::ids::uuid().to_string(),
            "error_type": error_type,
            "error_codes": codes,
        }),
    )
}

fn invalid(field: &str, message: impl Into<String>) -> Reply {
    error(
        422,
        "validation_error",
        &[("invalid", Some(field), message.into())],
    )
}

fn not_found(what: &str) -> Reply {
    error(
        404,
        "not_found",
        &[("not_found", None, format!("{what} not found"))],
    )
}

fn unauthorized(message: &str) -> Reply {
    error(
        401,
        "unauthorized",
        &[("unauthorized", None, message.to_owned())],
    )
}

/// The callback of a resource document: `POST <callback_url>`, signed with the secret of the
/// operation's mode.
fn callback(
    inner: &Inner,
    url: Option<&str>,
    test_mode: bool,
    event: String,
    document: &Value,
) -> Option<Outgoing> {
    let url = url?.to_owned();
    let c = &inner.config.credentials;
    let secret = if test_mode {
        &c.payelata_test_secret
    } else {
        &c.payelata_live_secret
    };
    let body = document.to_string().into_bytes();
    let signature = payelata_signature(secret, &body);
    Some(Outgoing {
        provider: PROVIDER,
        event,
        url,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Signature".into(), signature),
        ],
        body,
        accept: Accept::Exactly200,
    })
}

fn invoice_callback(inner: &Inner, invoice: &Invoice) -> Option<Outgoing> {
    callback(
        inner,
        invoice.callback_url.as_deref(),
        invoice.test_mode,
        format!("payment-invoices.{}", invoice.status),
        &invoice.to_json(inner),
    )
}

fn send(inner: &Inner, outgoing: Option<Outgoing>) {
    if let Some(o) = outgoing {
        inner.send_webhook(o);
    }
}

/// Whether `Authorization: Basic base64(account:key)` carries the account's credentials.
fn basic_ok(inner: &Inner, req: &ApiRequest) -> bool {
    let c = &inner.config.credentials;
    let Some(value) = req.header("authorization").map(str::trim) else {
        return false;
    };
    let Some(encoded) = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
    else {
        return false;
    };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    decoded == format!("{}:{}", c.payelata_account_id, c.payelata_api_key).as_bytes()
}

/// The attributes of a JSON:API request of `types`, or the 422 answer.
fn attributes(req: &ApiRequest, types: &[&str]) -> Result<Map<String, Value>, Reply> {
    let Ok(Value::Object(body)) = req.json() else {
        return Err(invalid("data", "The body must be a JSON:API document"));
    };
    let Some(Value::Object(data)) = body.get("data") else {
        return Err(invalid("data", "This value should not be blank."));
    };
    let kind = data.get("type").and_then(Value::as_str).unwrap_or_default();
    if !types.contains(&kind) {
        return Err(invalid(
            "data.type",
            format!(
                "The type must be {}.",
                types.first().copied().unwrap_or_default()
            ),
        ));
    }
    let mut attrs = match data.get("attributes") {
        Some(Value::Object(a)) => a.clone(),
        Some(Value::Array(a)) if a.is_empty() => Map::new(),
        None => Map::new(),
        Some(_) => {
            return Err(invalid(
                "data.attributes",
                "The attributes must be an object.",
            ));
        }
    };
    // Payelata's own token-checkout example puts `callback_url` beside `attributes`.
    if let Some(url) = data.get("callback_url")
        && !attrs.contains_key("callback_url")
    {
        attrs.insert("callback_url".into(), url.clone());
    }
    Ok(attrs)
}

/// Expires the invoices whose lifetime passed without a payment.
pub(crate) fn sweep(inner: &Inner) {
    let now = inner.clock.now();
    let mut out = Vec::new();
    {
        let mut st = lock(&inner.payelata);
        for invoice in &mut st.invoices {
            if matches!(invoice.status, "created" | "process_pending") && invoice.expires <= now {
                invoice.status = "expired";
                "expired".clone_into(&mut invoice.resolution);
                invoice.three_ds_pending = false;
                invoice.updated = now;
                out.extend(invoice_callback(inner, invoice));
            }
        }
    }
    for o in out {
        inner.send_webhook(o);
    }
}
