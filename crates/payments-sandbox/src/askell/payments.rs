//! Askell one-off payments (`/payments/`) and transactions (`/transactions/`).
//!
//! A payment is created `pending` with one `initial` transaction and settles (or fails) in the
//! background after the processing delay, announced by `payment.changed`. A failed payment can
//! be retried at most four times; a settled one refunded once.

use std::sync::Arc;

use http::Method;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use super::cards::Card;
use super::hooks::{emit, send_all};
use super::{
    FieldErrors, State, body, business_error, list_answer, not_found, required_string, string_field,
};
use crate::amount::Amount;
use crate::http::{ApiRequest, Reply, refuse_before};
use crate::scenario::{ChargeResult, Scenario};
use crate::state::{Inner, lock};
use crate::timefmt;

/// The retries Askell allows per payment.
const MAX_RETRIES: usize = 4;

/// One charge attempt.
struct Tx {
    uuid: Uuid,
    state: &'static str,
    external_reference: Option<String>,
    fail_code: Option<&'static str>,
    refund_code: Option<String>,
    data: Value,
    created: OffsetDateTime,
    settled: Option<OffsetDateTime>,
}

/// A one-off payment.
pub(crate) struct Payment {
    id: i64,
    uuid: Uuid,
    amount: Amount,
    currency: String,
    description: Option<String>,
    reference: Option<String>,
    state: &'static str,
    created: OffsetDateTime,
    updated: OffsetDateTime,
    transactions: Vec<Tx>,
    scenario: Scenario,
    card: Option<Card>,
}

impl Payment {
    fn tx_json(&self, tx: &Tx) -> Value {
        json!({
            "external_reference": tx.external_reference,
            "data": tx.data,
            "state": tx.state,
            "uuid": tx.uuid.to_string(),
            "fail_code": tx.fail_code,
            "refund_code": tx.refund_code,
            "cancel_code": Value::Null,
            "amount": self.amount.fixed(2),
            "currency": self.currency,
        })
    }

    fn to_json(&self) -> Value {
        json!({
            "uuid": self.uuid.to_string(),
            "amount": self.amount.fixed(4),
            "currency": self.currency,
            "description": self.description,
            "reference": self.reference,
            "state": self.state,
            "created_at": timefmt::micros_z(self.created),
            "updated_at": timefmt::micros_z(self.updated),
            "transactions": self.transactions.iter().map(|t| self.tx_json(t)).collect::<Vec<_>>(),
        })
    }

    /// The receipt document of a settled transaction: `{"receipt": <base64 PDF>, "filename"}`.
    fn receipt_document(tx: &Tx) -> Value {
        use base64::Engine as _;
        let r = &tx.data["receipt"];
        let field = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
        let mut lines = vec![
            field("VerslunNafn"),
            field("VerslunStadur"),
            String::new(),
            format!("{} {}", field("Dagsetning"), field("Timi")),
            format!("{} {}", field("TegundKorts"), field("Kortnumer")),
            format!("Færslunúmer: {}", field("Faerslunumer")),
            format!("Heimild: {}", field("Heimildarnumer")),
            field("Vidskiptaskilabod"),
        ];
        if tx.state == "refunded" {
            lines.push(format!(
                "Endurgreitt: {}",
                tx.refund_code.as_deref().unwrap_or_default()
            ));
        }
        let pdf = super::pdf::document(&lines);
        json!({
            "receipt": base64::engine::general_purpose::STANDARD.encode(pdf),
            "filename": format!("{}.pdf", tx.uuid),
        })
    }

    /// The Icelandic card receipt of a settled charge (Valitor style).
    fn receipt(&self, external: &str, card: Option<&Card>, at: OffsetDateTime) -> Value {
        let amount = self.amount.to_string();
        let authorization = format!("{:06}", fastrand::u32(100_000..1_000_000));
        json!({
            "BuidAdOgilda": false,
            "Bunkanumer": "B0003049",
            "Dagsetning": timefmt::receipt_date(at),
            "F22_1til4": "1005",
            "Faersluhirdir": "SANDBOX, sími: 000 0000",
            "Faerslunumer": external,
            "FaerslunumerUpphafleguFaerslu": Value::Null,
            "Heimildarnumer": authorization,
            "Hugbunadarnumer": "11101040000",
            "Kortnumer": card.map_or_else(|| "****-****-****-0000".to_owned(), |c| format!("****-****-****-{}", c.last4())),
            "LinaC1": "060",
            "LinaC2": "1509",
            "LinaC3": format!("FÆRSLUNR: {external}"),
            "LinaC4": format!("HEIMILD:{authorization}"),
            "LinaD1": "12",
            "LinaD2": Value::Null,
            "PinSkilabod": Value::Null,
            "PosiID": "0225",
            "Soluadilinumer": "S0053128",
            "StadsetningNumer": "0001",
            "TegundAdgerd": "SALA",
            "TegundKorts": card.map_or("Kort", |c| if c.brand() == "MasterCard" { "Mastercard" } else { c.brand() }),
            "TegundKortsKodi": "500",
            "TerminalID": "11100126",
            "Timi": timefmt::receipt_time(at),
            "Upphaed": amount,
            "UtstodNumer": "0001",
            "VerslunHeimilisfang": Value::Null,
            "VerslunNafn": "Sandbox ehf.",
            "VerslunStadur": "Reykjavík",
            "Vidskiptaskilabod": format!("VIÐSKIPTI {}: {amount}", self.currency),
        })
    }
}

fn new_tx(now: OffsetDateTime) -> Tx {
    Tx {
        uuid: crate::ids::uuid(),
        state: "initial",
        external_reference: None,
        fail_code: None,
        refund_code: None,
        data: json!({}),
        created: now,
        settled: None,
    }
}

fn find(st: &State, uuid: &str) -> Option<usize> {
    let uuid = Uuid::parse_str(uuid).ok()?;
    st.payments.iter().position(|p| p.uuid == uuid)
}

/// `/payments/...`.
pub(crate) fn handle(inner: &Arc<Inner>, req: &ApiRequest, rest: &[&str]) -> Reply {
    let map = match body(req) {
        Ok(m) => m,
        Err(r) => return r,
    };
    match (&req.method, rest) {
        (&Method::GET, []) => {
            let st = lock(&inner.askell);
            let list: Vec<Value> = st.payments.iter().map(Payment::to_json).collect();
            Reply::json(200, &Value::Array(list))
        }
        (&Method::POST, []) => create(inner, &map),
        (&Method::GET, [uuid]) => {
            let st = lock(&inner.askell);
            find(&st, uuid).map_or_else(not_found, |i| Reply::json(200, &st.payments[i].to_json()))
        }
        (&Method::POST, [uuid, "retry"]) => retry(inner, uuid),
        (&Method::POST, [uuid, "refund"]) => refund(inner, uuid),
        _ => not_found(),
    }
}

fn create(inner: &Arc<Inner>, map: &Map<String, Value>) -> Reply {
    let mut errors = FieldErrors::new();
    let reference = required_string(map, "customer_reference", 256, &mut errors);
    let amount = match map.get("amount") {
        None | Some(Value::Null) => {
            errors.add("amount", "This field is required.");
            None
        }
        Some(v) => match Amount::from_json(v) {
            Some(a) if a.is_positive() => Some(a),
            Some(_) => {
                errors.add("amount", "Ensure this value is greater than 0.");
                None
            }
            None => {
                errors.add("amount", "A valid number is required.");
                None
            }
        },
    };
    let currency = required_string(map, "currency", 3, &mut errors);
    if let Some(c) = &currency
        && !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        errors.add("currency", "Enter a valid ISO 4217 currency code.");
    }
    let description = string_field(map, "description", &mut errors);
    let payment_reference = string_field(map, "reference", &mut errors);
    let claim = match map.get("payment_options") {
        None | Some(Value::Null) => false,
        Some(Value::Object(o)) => {
            if o.get("payment_processor").and_then(Value::as_str) != Some("claim") {
                errors.add("payment_options", "payment_processor must be \"claim\".");
            }
            if let Some(p) = o.get("payor_id").and_then(Value::as_str)
                && !(p.len() == 10 && p.bytes().all(|b| b.is_ascii_digit()))
            {
                errors.add("payment_options", "payor_id must be a valid kennitala.");
            }
            true
        }
        Some(_) => {
            errors.add("payment_options", "Expected an object.");
            false
        }
    };
    if let Err(r) = errors.check() {
        return r;
    }
    let (reference, amount, currency) = (
        reference.unwrap_or_default(),
        amount.unwrap_or_default(),
        currency.unwrap_or_default(),
    );
    let scenario = Scenario::for_amount(amount, &currency);
    let fault = inner.acting_fault(super::PROVIDER, scenario);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let now = inner.clock.now();
    let mut st = lock(&inner.askell);
    let Some(customer) = st.customers.iter().find(|c| c.reference == reference) else {
        return business_error("Customer does not exist");
    };
    let card = customer.active_card(now).map(|m| m.card.clone());
    if card.is_none() && !claim {
        return business_error("Customer has no valid payment method");
    }
    let id = i64::try_from(st.payments.len()).unwrap_or(i64::MAX) + 1;
    let payment = Payment {
        id,
        uuid: crate::ids::uuid(),
        amount,
        currency,
        description,
        reference: payment_reference,
        state: "pending",
        created: now,
        updated: now,
        transactions: vec![new_tx(now)],
        scenario,
        card,
    };
    let uuid = payment.uuid;
    let data = payment.to_json();
    st.payments.push(payment);
    send_all(inner, emit(&st, "payment.created", &data));
    drop(st);
    inner.later(move |inner| settle(inner, uuid));
    Reply::json(201, &data).with_fault(fault)
}

/// Finishes the latest charge attempt of payment `uuid`.
fn settle(inner: &Inner, uuid: Uuid) {
    let now = inner.clock.now();
    let mut st = lock(&inner.askell);
    let external = st.next_external();
    let Some(p) = st.payments.iter_mut().find(|p| p.uuid == uuid) else {
        return;
    };
    let attempt = p.transactions.len();
    let result = match p.scenario {
        // Funds arrive later: the first attempt fails, a retry succeeds.
        Scenario::InsufficientFunds if attempt > 1 => ChargeResult::Approved,
        s => ChargeResult::without_payer(s),
    };
    let receipt = result
        .is_approved()
        .then(|| p.receipt(&external, p.card.as_ref(), now));
    let Some(tx) = p.transactions.last_mut() else {
        return;
    };
    if tx.state != "initial" {
        return;
    }
    tx.external_reference = Some(external.clone());
    if let Some(receipt) = receipt {
        tx.state = "settled";
        tx.settled = Some(now);
        tx.data = json!({"id": external, "receipt": receipt, "status": "settled"});
        p.state = "settled";
    } else {
        tx.state = "failed";
        tx.fail_code = Some(match result {
            ChargeResult::InsufficientFunds => "51",
            ChargeResult::AuthenticationFailed => "1A",
            _ => "05",
        });
        p.state = "failed";
    }
    p.updated = now;
    let data = p.to_json();
    send_all(inner, emit(&st, "payment.changed", &data));
}

fn retry(inner: &Arc<Inner>, uuid: &str) -> Reply {
    let now = inner.clock.now();
    let fault = inner.acting_fault(super::PROVIDER, Scenario::Approve);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let mut st = lock(&inner.askell);
    let Some(index) = find(&st, uuid) else {
        return not_found();
    };
    let p = &mut st.payments[index];
    if p.state != "failed" {
        return business_error("Payment is not in a failed state");
    }
    if p.transactions.len() > MAX_RETRIES {
        return business_error("Payment has reached the maximum number of retries");
    }
    p.transactions.push(new_tx(now));
    p.state = "retrying";
    p.updated = now;
    let uuid = p.uuid;
    let data = p.to_json();
    send_all(inner, emit(&st, "payment.retry", &data));
    drop(st);
    inner.later(move |inner| settle(inner, uuid));
    // The spec documents an array (fixtures/askell/payment-retry-response.json).
    Reply::json(200, &Value::Array(vec![data])).with_fault(fault)
}

fn refund(inner: &Arc<Inner>, uuid: &str) -> Reply {
    let now = inner.clock.now();
    let fault = inner.acting_fault(super::PROVIDER, Scenario::Approve);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let mut st = lock(&inner.askell);
    let Some(index) = find(&st, uuid) else {
        return not_found();
    };
    let p = &mut st.payments[index];
    if p.state == "refunded" {
        return business_error("Payment has already been refunded");
    }
    if p.state != "settled" {
        return business_error("Payment is not in a settled state");
    }
    let Some(tx) = p
        .transactions
        .iter_mut()
        .rev()
        .find(|t| t.state == "settled")
    else {
        return business_error("Payment has no settled transaction");
    };
    tx.state = "refunded";
    tx.refund_code = Some(format!("R{:04}", fastrand::u16(1..10_000)));
    p.state = "refunded";
    p.updated = now;
    let data = p.to_json();
    send_all(inner, emit(&st, "payment.changed", &data));
    Reply::json(200, &Value::Array(vec![data])).with_fault(fault)
}

/// `/transactions/...`.
pub(crate) fn handle_transactions(inner: &Inner, req: &ApiRequest, rest: &[&str]) -> Reply {
    let st = lock(&inner.askell);
    match (&req.method, rest) {
        (&Method::GET, []) => {
            let states: Option<Vec<&str>> = req
                .query("state")
                .map(|s| s.split(',').map(str::trim).collect());
            let date = |name: &str| req.query(name).and_then(timefmt::parse_date);
            let (c_after, c_before, p_after, p_before) = (
                date("created_at_after"),
                date("created_at_before"),
                date("paid_at_after"),
                date("paid_at_before"),
            );
            let search = req.query("search");
            let payment_id = req.query("payment_id").and_then(|p| p.parse::<i64>().ok());
            let subscription = req.query("subscription_id");
            let items: Vec<Value> = st
                .payments
                .iter()
                .filter(|p| payment_id.is_none_or(|id| p.id == id) && subscription.is_none())
                .flat_map(|p| p.transactions.iter().map(move |t| (p, t)))
                .filter(|(_, t)| states.as_ref().is_none_or(|s| s.contains(&t.state)))
                .filter(|(_, t)| {
                    search.is_none_or(|q| {
                        t.uuid.to_string().contains(q)
                            || t.external_reference
                                .as_deref()
                                .is_some_and(|e| e.contains(q))
                    })
                })
                .filter(|(_, t)| {
                    let d = t.created.date();
                    c_after.is_none_or(|a| d >= a) && c_before.is_none_or(|b| d <= b)
                })
                .filter(|(_, t)| {
                    let paid = t.settled.map(OffsetDateTime::date);
                    (p_after.is_none() && p_before.is_none())
                        || paid.is_some_and(|d| {
                            p_after.is_none_or(|a| d >= a) && p_before.is_none_or(|b| d <= b)
                        })
                })
                .map(|(p, t)| p.tx_json(t))
                .collect();
            list_answer(inner, req, items)
        }
        (&Method::GET, [uuid, "receipt"]) => {
            let Ok(uuid) = Uuid::parse_str(uuid) else {
                return not_found();
            };
            let Some(t) = st
                .payments
                .iter()
                .flat_map(|p| p.transactions.iter())
                .find(|t| t.uuid == uuid)
            else {
                return not_found();
            };
            if !matches!(t.state, "settled" | "refunded") {
                return business_error("Transaction is not settled");
            }
            Reply::json(200, &Payment::receipt_document(t))
        }
        _ => not_found(),
    }
}
