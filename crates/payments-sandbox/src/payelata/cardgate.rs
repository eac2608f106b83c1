//! Payelata's cardgate: `POST /payment/sale` (token charge or raw card, H2H), the hosted
//! payment page and the 3-D Secure step.
//!
//! Page actions (also callable directly): `POST /payelata-cardgate/hpp/{sid}` with `action` =
//! `pay` | `decline` | `cancel` and the card fields; `POST /payelata-cardgate/3ds/{sid}` with
//! `action` = `pass` | `fail` (a `POST` with only `creq`, as the shop's auto-submitted form
//! sends it, shows the challenge page). Both answer `303` to the invoice's return URL.

use std::sync::Arc;

use base64::Engine as _;
use http::Method;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::{
    CardToken, Invoice, PROVIDER, PayCard, State, error, invalid, invoice_callback, send,
    unauthorized,
};
use crate::http::{ApiRequest, Reply, form_value, refuse_before};
use crate::pages::{
    Field, Form, PAY_BUTTONS, Page, PayerAction, THREE_DS_BUTTONS, refused, unknown,
};
use crate::scenario::{ChargeResult, Scenario, cards};
use crate::state::{Inner, lock};

/// The cardgate's answer for a session: its state, and (for a 3DS step) `auth_payload`.
fn session_json(inner: &Inner, invoice: &Invoice) -> Value {
    let status = invoice.status;
    let payment_status = if invoice.three_ds_pending {
        "authorize_required"
    } else {
        status
    };
    let mut doc = json!({
        "data": {
            "type": "sale-operation",
            "id": invoice.sid,
            "attributes": {
                "amount": invoice.amount.to_json(),
                "currency": invoice.currency,
                "description": invoice.description,
                "service": invoice.service,
                "options": {"tokenize": invoice.tokenize, "instant": invoice.instant},
                "customer": invoice.customer.as_ref().map(|c| json!({"reference_id": c.reference_id})),
                "repeatable": false,
                "flow": "charge",
                "status": status,
                "resolution": invoice.resolution,
                "active_request": {"status": status, "resolution": invoice.resolution},
                "active_payment": {"status": payment_status, "resolution": invoice.resolution},
                "auto_repay": false,
                "metadata": {"fee": "0.00", "fee_strategy": "deduct"},
                "form_data": [],
            },
        }
    });
    if invoice.three_ds_pending
        && let Value::Object(map) = &mut doc
    {
        let creq = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
            json!({"threeDSServerTransID": invoice.sid, "messageType": "CReq", "messageVersion": "2.2.0", "challengeWindowSize": "05"}).to_string(),
        );
        map.insert(
            "auth_payload".into(),
            json!({
                "action": inner.url(&format!("/payelata-cardgate/3ds/{}", invoice.sid)),
                "method": "POST",
                "params": {"creq": creq},
            }),
        );
    }
    doc
}

/// Reads raw card fields (H2H attributes or the page form).
fn read_card(get: impl Fn(&str) -> Option<String>) -> Result<PayCard, Reply> {
    let number: String = get("card_number")
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if !(12..=19).contains(&number.len()) {
        return Err(invalid(
            "card_number",
            "This value is not a valid card number.",
        ));
    }
    let month = get("exp_month").unwrap_or_default();
    if !matches!(month.parse::<u8>(), Ok(1..=12)) || month.len() != 2 {
        return Err(invalid(
            "exp_month",
            "The month must be two digits, 01 to 12.",
        ));
    }
    let year = get("exp_year").unwrap_or_default();
    if year.len() != 2 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("exp_year", "The year must be two digits."));
    }
    let cvv = get("cvv").unwrap_or_default();
    if !(3..=4).contains(&cvv.len()) || !cvv.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("cvv", "This value is not a valid CVV."));
    }
    Ok(PayCard {
        number,
        holder: get("card_holder").unwrap_or_default(),
        exp_month: month,
        exp_year: year,
    })
}

/// Applies the result of the charge to the invoice; a successful tokenized payment yields a
/// token in `payload.token`.
fn finish(st: &mut State, index: usize, result: ChargeResult, now: OffsetDateTime) {
    let invoice = &mut st.invoices[index];
    invoice.three_ds_pending = false;
    invoice.updated = now;
    let card = invoice.card.clone();
    if result == ChargeResult::Cancelled {
        invoice.status = "terminated";
        "canceled_by_payer".clone_into(&mut invoice.resolution);
        return;
    }
    if !result.is_approved() {
        invoice.status = "process_failed";
        match result {
            ChargeResult::InsufficientFunds => "insufficient_funds",
            ChargeResult::AuthenticationFailed => "authentication_failed",
            _ => "declined",
        }
        .clone_into(&mut invoice.resolution);
        return;
    }
    invoice.status = "processed";
    "ok".clone_into(&mut invoice.resolution);
    invoice.processed = Some(now);
    invoice.rrn = Some(crate::ids::digits(12));
    invoice.approval_code = Some(crate::ids::digits(6));
    let mut payload = Map::new();
    payload.insert("client_ip".into(), Value::from("127.0.0.1"));
    if let Some(card) = &card {
        payload.insert("payment_card".into(), card.to_json());
    }
    let token = match (&invoice.token, invoice.tokenize, &invoice.customer, &card) {
        (Some(existing), ..) => Some(existing.clone()),
        (None, true, Some(customer), Some(card)) => {
            let token = crate::ids::alnum(32);
            let customer = customer.reference_id.clone();
            st.tokens.push(CardToken {
                token: token.clone(),
                customer,
                card: card.clone(),
            });
            Some(token)
        }
        _ => None,
    };
    if let Some(t) = token {
        payload.insert("token".into(), Value::from(t));
    }
    st.invoices[index].payload = Some(Value::Object(payload));
}

/// The card of a token invoice.
fn token_card(st: &State, invoice: &Invoice) -> Option<PayCard> {
    let token = invoice.token.as_ref()?;
    st.tokens
        .iter()
        .find(|t| &t.token == token)
        .map(|t| t.card.clone())
}

/// `POST /payment/sale` with `Authorization: Bearer <flow_data.metadata.token>`.
fn sale(inner: &Inner, req: &ApiRequest) -> Reply {
    let now = inner.clock.now();
    let bearer = req
        .header("authorization")
        .and_then(|v| v.trim().strip_prefix("Bearer "))
        .map(str::trim);
    let Some(bearer) = bearer else {
        return unauthorized("A Bearer token is required.");
    };
    let attrs = match super::attributes(req, &["sale-operation"]) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let mut st = lock(&inner.payelata);
    let Some(index) = st.invoices.iter().position(|i| i.bearer == bearer) else {
        return unauthorized("The token is not valid.");
    };
    if st.invoices[index].expires <= now {
        return unauthorized("The token has expired.");
    }
    if !st.invoices[index].is_payable() {
        let status = st.invoices[index].status;
        return error(
            422,
            "validation_error",
            &[(
                "invalid_status",
                None,
                format!("The invoice is {status}; it cannot be paid."),
            )],
        );
    }
    if attrs.contains_key("google_pay") {
        return invalid("google_pay", "Google Pay is not emulated by the sandbox.");
    }
    let (card, instant) = if attrs.contains_key("card_number") {
        let get = |name: &str| {
            attrs.get(name).map(|v| match v {
                Value::String(s) => s.trim().to_owned(),
                other => other.to_string(),
            })
        };
        match read_card(get) {
            Ok(c) => (c, false),
            Err(r) => return r,
        }
    } else {
        match token_card(&st, &st.invoices[index]) {
            Some(c) => (c, true),
            None => {
                return invalid(
                    "card_number",
                    "Card data is required for an invoice without a token.",
                );
            }
        }
    };
    let invoice = &st.invoices[index];
    let scenario =
        Scenario::for_card_and_amount(Some(&card.number), invoice.amount, &invoice.currency);
    let fault = inner.acting_fault(PROVIDER, scenario);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    st.invoices[index].card = Some(card);
    st.invoices[index].status = "processing";
    st.invoices[index].updated = now;
    if scenario == Scenario::ThreeDsRequired && !instant {
        st.invoices[index].three_ds_pending = true;
        let answer = session_json(inner, &st.invoices[index]);
        return Reply::json(201, &answer).with_fault(fault);
    }
    finish(&mut st, index, ChargeResult::without_payer(scenario), now);
    let invoice = &st.invoices[index];
    let answer = session_json(inner, invoice);
    let out = invoice_callback(inner, invoice);
    drop(st);
    send(inner, out);
    Reply::json(200, &answer).with_fault(fault)
}

fn rows(invoice: &Invoice) -> Vec<(&'static str, String)> {
    vec![
        ("Amount", format!("{} {}", invoice.amount, invoice.currency)),
        ("Order", invoice.reference_id.clone()),
        (
            "Description",
            invoice.description.clone().unwrap_or_default(),
        ),
        ("Status", invoice.status.to_owned()),
    ]
}

/// Where the payer goes after the payment: `return_urls.success|fail`, else `return_url`,
/// else the payment page.
fn leave(inner: &Inner, invoice: &Invoice) -> Reply {
    let key = if invoice.status == "processed" {
        "success"
    } else {
        "fail"
    };
    let url = invoice
        .return_urls
        .as_ref()
        .and_then(|r| r.get(key))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| invoice.return_url.clone())
        .unwrap_or_else(|| inner.url(&format!("/payelata-cardgate/hpp/{}", invoice.sid)));
    Reply::see_other(&url)
}

/// `GET|POST /payelata-cardgate/hpp/{sid}`.
fn hpp(inner: &Inner, req: &ApiRequest, sid: &str) -> Reply {
    let now = inner.clock.now();
    let mut st = lock(&inner.payelata);
    let Some(index) = st.invoices.iter().position(|i| i.sid == sid) else {
        return unknown(PROVIDER, sid);
    };
    let saved = token_card(&st, &st.invoices[index]);
    let invoice = &st.invoices[index];
    let open = invoice.is_payable();
    if req.method == Method::GET {
        let mut fields = Vec::new();
        if saved.is_none() {
            fields = vec![
                Field {
                    name: "card_number",
                    label: "Card number",
                    value: cards::APPROVE.to_owned(),
                },
                Field {
                    name: "card_holder",
                    label: "Card holder",
                    value: "TEST HOLDER".to_owned(),
                },
                Field {
                    name: "exp_month",
                    label: "Expiry month (MM)",
                    value: "12".to_owned(),
                },
                Field {
                    name: "exp_year",
                    label: "Expiry year (YY)",
                    value: "30".to_owned(),
                },
                Field {
                    name: "cvv",
                    label: "CVV",
                    value: "123".to_owned(),
                },
            ];
        }
        let mut rows = rows(invoice);
        if let Some(card) = &saved {
            rows.push((
                "Saved card",
                card.to_json()["mask"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ));
        }
        return Page {
            provider: PROVIDER,
            title: if open {
                "Pay by card".to_owned()
            } else {
                "Payment".to_owned()
            },
            rows,
            note: (!open).then(|| format!("This invoice is {}.", invoice.status)),
            form: open.then(|| Form {
                action: format!("/payelata-cardgate/hpp/{sid}"),
                hidden: Vec::new(),
                fields,
                buttons: PAY_BUTTONS,
            }),
        }
        .reply();
    }
    if !open {
        return refused(PROVIDER, "This invoice can no longer be paid.");
    }
    let form = req.form();
    let result = match PayerAction::from_form(&form) {
        Some(PayerAction::Pay) => {
            let card = match saved {
                Some(c) => c,
                None => {
                    match read_card(|name| form_value(&form, name).map(|v| v.trim().to_owned())) {
                        Ok(c) => c,
                        Err(_) => return refused(PROVIDER, "The card details are not valid."),
                    }
                }
            };
            let scenario = Scenario::for_card_and_amount(
                Some(&card.number),
                invoice.amount,
                &invoice.currency,
            );
            let invoice = &mut st.invoices[index];
            invoice.card = Some(card);
            invoice.status = "processing";
            invoice.updated = now;
            if scenario == Scenario::ThreeDsRequired {
                invoice.three_ds_pending = true;
                return Reply::see_other(&inner.url(&format!("/payelata-cardgate/3ds/{sid}")));
            }
            ChargeResult::without_payer(scenario)
        }
        Some(PayerAction::Decline) => ChargeResult::Declined,
        Some(PayerAction::Cancel) => ChargeResult::Cancelled,
        _ => return refused(PROVIDER, "Choose pay, decline or cancel."),
    };
    finish(&mut st, index, result, now);
    let invoice = &st.invoices[index];
    let out = invoice_callback(inner, invoice);
    let reply = leave(inner, invoice);
    drop(st);
    send(inner, out);
    reply
}

/// `GET|POST /payelata-cardgate/3ds/{sid}`.
fn three_ds(inner: &Inner, req: &ApiRequest, sid: &str) -> Reply {
    let now = inner.clock.now();
    let mut st = lock(&inner.payelata);
    let Some(index) = st.invoices.iter().position(|i| i.sid == sid) else {
        return unknown(PROVIDER, sid);
    };
    if !st.invoices[index].three_ds_pending {
        return refused(PROVIDER, "This payment has no 3-D Secure step waiting.");
    }
    let form = if req.method == Method::POST {
        req.form()
    } else {
        Vec::new()
    };
    let action = PayerAction::from_form(&form);
    if action.is_none() {
        let invoice = &st.invoices[index];
        return Page {
            provider: PROVIDER,
            title: "3-D Secure check".to_owned(),
            rows: rows(invoice),
            note: Some("Your bank asks you to confirm this payment.".to_owned()),
            form: Some(Form {
                action: format!("/payelata-cardgate/3ds/{sid}"),
                hidden: Vec::new(),
                fields: Vec::new(),
                buttons: THREE_DS_BUTTONS,
            }),
        }
        .reply();
    }
    let result = match action {
        Some(PayerAction::Pass) => ChargeResult::Approved,
        Some(PayerAction::Fail) => ChargeResult::AuthenticationFailed,
        _ => return refused(PROVIDER, "Choose pass or fail."),
    };
    finish(&mut st, index, result, now);
    let invoice = &st.invoices[index];
    let out = invoice_callback(inner, invoice);
    let reply = leave(inner, invoice);
    drop(st);
    send(inner, out);
    reply
}

/// Every request under `/payelata-cardgate`.
pub(crate) fn handle_cardgate(inner: &Arc<Inner>, req: &ApiRequest) -> Reply {
    let path = req.path();
    match (&req.method, path.as_slice()) {
        (&Method::POST, ["payment", "sale"]) => sale(inner, req),
        (_, ["hpp", sid]) => hpp(inner, req, sid),
        (_, ["3ds", sid]) => three_ds(inner, req, sid),
        _ => super::not_found("Endpoint"),
    }
}
