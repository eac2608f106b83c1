//! Payelata's private API: payment invoices (create, get, list, refund) and payout invoices.

use std::sync::Arc;

use http::Method;
use serde_json::{Map, Value, json};
use time::Duration;

use super::{
    Customer, Invoice, PROVIDER, Payout, Refund, attributes, basic_ok, callback, error, invalid,
    invoice_callback, not_found, send, unauthorized,
};
use crate::amount::Amount;
use crate::http::{ApiRequest, Reply, is_http_url, refuse_before};
use crate::scenario::{ChargeResult, Scenario};
use crate::signing::jwt_hs256;
use crate::state::{Inner, lock};

fn string(attrs: &Map<String, Value>, name: &str) -> Option<String> {
    attrs
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn flag(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Bool(true)))
}

/// The common attributes: `reference_id`, `amount` (> 0, at most 2 decimals), `currency`.
fn money(attrs: &Map<String, Value>) -> Result<(String, Amount, String), Reply> {
    let reference = string(attrs, "reference_id")
        .ok_or_else(|| invalid("reference_id", "This value should not be blank."))?;
    let amount = attrs
        .get("amount")
        .and_then(Amount::from_json)
        .filter(|a| a.is_positive() && a.has_at_most_decimals(2))
        .ok_or_else(|| {
            invalid(
                "amount",
                "This value should be a positive number with at most 2 decimals.",
            )
        })?;
    let currency = string(attrs, "currency")
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        .ok_or_else(|| invalid("currency", "This value is not a valid currency."))?;
    Ok((reference, amount, currency))
}

/// Whether the sandbox account has payment service `service` for `currency`
/// (`payment_card_<currency>_hpp`, `payment_card_<currency>`).
fn service_ok(service: &str, currency: &str) -> bool {
    let c = currency.to_ascii_lowercase();
    service == format!("payment_card_{c}_hpp") || service == format!("payment_card_{c}")
}

/// A cardgate bearer token: an HS256 JWT carrying the session id and its expiry.
fn bearer(key: &[u8], sid: &str, exp: i64) -> String {
    use base64::Engine as _;
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let head = b64(&json!({"typ": "JWT", "alg": "HS256"}));
    let body = b64(&json!({"sid": sid, "expires": exp, "exp": exp}));
    let signing_input = format!("{head}.{body}");
    let signature = jwt_hs256(key, signing_input.as_bytes());
    format!("{signing_input}.{signature}")
}

/// `POST /payment-invoices`.
fn create_invoice(inner: &Inner, req: &ApiRequest) -> Reply {
    let attrs = match attributes(req, &["payment-invoices"]) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (reference_id, amount, currency) = match money(&attrs) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(service) = string(&attrs, "service") else {
        return invalid("service", "This value should not be blank.");
    };
    if !service_ok(&service, &currency) {
        return invalid(
            "service",
            format!("The service {service} is not available for {currency}."),
        );
    }
    let options = attrs.get("gateway_options").and_then(|g| g.get("cardgate"));
    let tokenize = flag(options.and_then(|c| c.get("tokenize")));
    let instant = flag(options.and_then(|c| c.get("instant")));
    let token = string(&attrs, "token");
    let customer_ref = attrs
        .get("customer")
        .and_then(|c| c.get("reference_id"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    if (tokenize || token.is_some()) && customer_ref.is_none() {
        return invalid(
            "customer.reference_id",
            "A customer is required with a token or tokenization.",
        );
    }
    if instant && token.is_none() {
        return invalid(
            "gateway_options.cardgate.instant",
            "An instant charge needs a token.",
        );
    }
    for field in ["callback_url", "return_url"] {
        if string(&attrs, field).is_some_and(|u| !is_http_url(&u)) {
            return invalid(field, "This value is not a valid URL.");
        }
    }
    let metadata = match attrs.get("metadata") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(Value::Array(a)) if a.is_empty() => Map::new(),
        Some(_) => return invalid("metadata", "This value should be an object."),
    };
    let scenario = Scenario::for_amount(amount, &currency).faults_only();
    let fault = inner.acting_fault(PROVIDER, scenario);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let now = inner.clock.now();
    let mut st = lock(&inner.payelata);
    if st.invoices.iter().any(|i| i.reference_id == reference_id) {
        return invalid("reference_id", "This reference_id is already used.");
    }
    if let Some(t) = &token
        && !st
            .tokens
            .iter()
            .any(|x| &x.token == t && Some(&x.customer) == customer_ref.as_ref())
    {
        return invalid(
            "token",
            "The token does not exist or belongs to another customer.",
        );
    }
    let customer = customer_ref.map(|reference_id| {
        let id = st
            .invoices
            .iter()
            .filter_map(|i| i.customer.as_ref())
            .find(|c| c.reference_id == reference_id)
            .map_or_else(
                || format!("cus_{}", crate::ids::alnum(16)),
                |c| c.id.clone(),
            );
        Customer { id, reference_id }
    });
    let sid = format!("cgi_{}", crate::ids::alnum(16));
    let lifetime =
        Duration::try_from(inner.config.invoice_lifetime).unwrap_or(Duration::minutes(30));
    let expires = now + lifetime;
    let invoice = Invoice {
        id: format!("cpi_{}", crate::ids::alnum(16)),
        reference_id,
        amount,
        currency,
        service,
        test_mode: flag(attrs.get("test_mode")),
        description: string(&attrs, "description"),
        customer,
        tokenize,
        instant,
        token: token.clone(),
        metadata,
        callback_url: string(&attrs, "callback_url"),
        return_url: string(&attrs, "return_url"),
        return_urls: attrs.get("return_urls").filter(|v| v.is_object()).cloned(),
        status: if token.is_some() {
            "process_pending"
        } else {
            "created"
        },
        resolution: "ok".to_owned(),
        created: now,
        updated: now,
        processed: None,
        expires,
        refunded: Amount::ZERO,
        payload: None,
        rrn: None,
        approval_code: None,
        bearer: bearer(&st.jwt_key, &sid, expires.unix_timestamp()),
        sid,
        three_ds_pending: false,
        card: None,
    };
    let answer = invoice.to_json(inner);
    st.invoices.push(invoice);
    Reply::json(201, &answer).with_fault(fault)
}

/// `POST /payment-invoices/{id}/refund`.
fn refund(inner: &Inner, req: &ApiRequest, id: &str) -> Reply {
    let attrs = match attributes(req, &["refund", "refunds"]) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let now = inner.clock.now();
    let mut st = lock(&inner.payelata);
    let Some(index) = st.invoices.iter().position(|i| i.id == id) else {
        return not_found("Payment invoice");
    };
    if string(&attrs, "invoiceId").is_some_and(|i| i != id) {
        return invalid(
            "invoiceId",
            "The invoiceId does not match the invoice of the path.",
        );
    }
    let Some(reference_id) = string(&attrs, "reference_id") else {
        return invalid("reference_id", "This value should not be blank.");
    };
    let invoice = &st.invoices[index];
    if !matches!(invoice.status, "processed" | "partially_refunded") {
        return error(
            422,
            "validation_error",
            &[(
                "invalid_status",
                None,
                format!(
                    "An invoice in status {} cannot be refunded.",
                    invoice.status
                ),
            )],
        );
    }
    let left = invoice
        .amount
        .checked_sub(invoice.refunded)
        .unwrap_or_default();
    let Some(amount) = attrs
        .get("amount")
        .and_then(Amount::from_json)
        .filter(|a| a.is_positive() && a.has_at_most_decimals(2))
    else {
        return invalid(
            "amount",
            "This value should be a positive number with at most 2 decimals.",
        );
    };
    if amount > left {
        return invalid(
            "amount",
            format!("At most {left} {} can still be refunded.", invoice.currency),
        );
    }
    let fault = inner.acting_fault(
        PROVIDER,
        Scenario::for_amount(amount, &invoice.currency).faults_only(),
    );
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let refund = Refund {
        id: format!("ref_{}", crate::ids::alnum(16)),
        reference_id,
        description: string(&attrs, "description"),
        amount,
        currency: invoice.currency.clone(),
        created: now,
    };
    let invoice = &mut st.invoices[index];
    invoice.refunded = invoice.refunded.saturating_add(amount);
    invoice.status = if invoice.refunded == invoice.amount {
        "refunded"
    } else {
        "partially_refunded"
    };
    invoice.updated = now;
    let out = invoice_callback(inner, invoice);
    let answer = refund.to_json();
    st.refunds.push(refund);
    drop(st);
    send(inner, out);
    Reply::json(201, &answer).with_fault(fault)
}

/// `POST /payout-invoices`: processed (or failed) after the processing delay.
fn create_payout(inner: &Arc<Inner>, req: &ApiRequest) -> Reply {
    let attrs = match attributes(req, &["payout-invoices", "payout-invoice"]) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (reference_id, amount, currency) = match money(&attrs) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(service) = string(&attrs, "service") else {
        return invalid("service", "This value should not be blank.");
    };
    if !service_ok(&service, &currency) {
        return invalid(
            "service",
            format!("The service {service} is not available for {currency}."),
        );
    }
    let card = attrs
        .get("fields")
        .and_then(|f| f.get("card_number"))
        .and_then(Value::as_str)
        .map(|c| c.chars().filter(char::is_ascii_digit).collect::<String>());
    match &card {
        Some(c) if (12..=19).contains(&c.len()) => {}
        _ => {
            return invalid(
                "fields.card_number",
                "This value is not a valid card number.",
            );
        }
    }
    if string(&attrs, "callback_url").is_some_and(|u| !is_http_url(&u)) {
        return invalid("callback_url", "This value is not a valid URL.");
    }
    let scenario = Scenario::for_card_and_amount(card.as_deref(), amount, &currency);
    let fault = inner.acting_fault(PROVIDER, scenario);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let now = inner.clock.now();
    let mut st = lock(&inner.payelata);
    if st.payouts.iter().any(|p| p.reference_id == reference_id) {
        return invalid("reference_id", "This reference_id is already used.");
    }
    let payout = Payout {
        id: format!("cpoi_{}", crate::ids::alnum(16)),
        reference_id,
        amount,
        currency,
        service,
        test_mode: flag(attrs.get("test_mode")),
        description: string(&attrs, "description"),
        callback_url: string(&attrs, "callback_url"),
        card,
        status: "processing",
        resolution: "ok".to_owned(),
        created: now,
        updated: now,
        processed: None,
    };
    let answer = payout.to_json();
    let id = payout.id.clone();
    st.payouts.push(payout);
    drop(st);
    let result = ChargeResult::without_payer(scenario);
    inner.later(move |inner| {
        let now = inner.clock.now();
        let mut st = lock(&inner.payelata);
        let Some(p) = st.payouts.iter_mut().find(|p| p.id == id) else {
            return;
        };
        p.updated = now;
        if result.is_approved() {
            p.status = "processed";
            p.processed = Some(now);
        } else {
            p.status = "process_failed";
            match result {
                ChargeResult::InsufficientFunds => "INSUFFICIENT_FUNDS",
                _ => "DECLINED_ERROR",
            }
            .clone_into(&mut p.resolution);
        }
        let out = callback(
            inner,
            p.callback_url.as_deref(),
            p.test_mode,
            format!("payout-invoices.{}", p.status),
            &p.to_json(),
        );
        drop(st);
        send(inner, out);
    });
    Reply::json(201, &answer).with_fault(fault)
}

/// `GET /payment-invoices`: newest first, `filter[<attribute>]=<value>` (e.g. `reference_id`,
/// `status`), pages of `page[size]` (default 20, at most 100) numbered by `page[number]`, with
/// a `links.next` while more follow.
fn list(inner: &Inner, req: &ApiRequest) -> Reply {
    let number = req.query("page[number]").map_or(Ok(1), str::parse::<usize>);
    let size = req.query("page[size]").map_or(Ok(20), str::parse::<usize>);
    let (Ok(number @ 1..), Ok(size @ 1..)) = (number, size) else {
        return invalid(
            "page",
            "page[number] and page[size] must be whole numbers from 1.",
        );
    };
    let size = size.min(100);
    let filters: Vec<(&str, &str)> = req
        .query
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("filter[")?.strip_suffix(']')?, v.as_str())))
        .collect();
    let st = lock(&inner.payelata);
    let matching: Vec<Value> = st
        .invoices
        .iter()
        .rev()
        .map(|i| i.to_json(inner)["data"].clone())
        .filter(|doc| {
            filters
                .iter()
                .all(|(name, wanted)| match &doc["attributes"][*name] {
                    Value::String(s) => s == wanted,
                    Value::Null => false,
                    other => serde_json::from_str::<Value>(wanted).ok().as_ref() == Some(other),
                })
        })
        .collect();
    let total = matching.len();
    let data: Vec<Value> = matching
        .into_iter()
        .skip((number - 1) * size)
        .take(size)
        .collect();
    let link = |n: usize| format!("/api/payment-invoices?page[number]={n}&page[size]={size}");
    let mut links = serde_json::Map::new();
    links.insert("self".into(), Value::from(link(number)));
    if number * size < total {
        links.insert("next".into(), Value::from(link(number + 1)));
    }
    if number > 1 {
        links.insert("prev".into(), Value::from(link(number - 1)));
    }
    Reply::json(
        200,
        &json!({"data": data, "links": links, "meta": {"total": total}}),
    )
}

/// Every request under `/payelata`.
pub(crate) fn handle_api(inner: &Arc<Inner>, req: &ApiRequest) -> Reply {
    let path = req.path();
    let Some(["api", api @ ..]) = Some(path.as_slice()) else {
        return not_found("Endpoint");
    };
    if !basic_ok(inner, req) {
        return unauthorized("Invalid commerce account id or API key.");
    }
    match (&req.method, api) {
        (&Method::POST, ["payment-invoices"]) => create_invoice(inner, req),
        (&Method::GET, ["payment-invoices"]) => list(inner, req),
        (&Method::GET, ["payment-invoices", id]) => {
            let st = lock(&inner.payelata);
            st.invoices.iter().find(|i| i.id == *id).map_or_else(
                || not_found("Payment invoice"),
                |i| Reply::json(200, &i.to_json(inner)),
            )
        }
        (&Method::POST, ["payment-invoices", id, "refund"]) => refund(inner, req, id),
        (&Method::GET, ["refunds", id]) => {
            let st = lock(&inner.payelata);
            st.refunds
                .iter()
                .find(|r| r.id == *id)
                .map_or_else(|| not_found("Refund"), |r| Reply::json(200, &r.to_json()))
        }
        (&Method::POST, ["payout-invoices"]) => create_payout(inner, req),
        (&Method::GET, ["payout-invoices", id]) => {
            let st = lock(&inner.payelata);
            st.payouts.iter().find(|p| p.id == *id).map_or_else(
                || not_found("Payout invoice"),
                |p| Reply::json(200, &p.to_json()),
            )
        }
        _ => not_found("Endpoint"),
    }
}
