//! Financial Line `POST /payment` (hosted and direct) and the payer pages.
//!
//! Page actions (also callable directly): `POST /finline/pay/{payment_id}` with `action` =
//! `pay` | `decline` | `cancel` and an optional `card_number`; `POST /finline/3ds/{payment_id}`
//! with `action` = `pass` | `fail`. Both answer `303` to the order's `result_url`.

use std::sync::Arc;

use http::Method;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{
    Op, Order, PROVIDER, Violations, amount_field, error, finish_primary, send, str_field, webhook,
};
use crate::http::{ApiRequest, Reply, form_value, is_http_url, refuse_before};
use crate::pages::{
    Field, Form, PAY_BUTTONS, Page, PayerAction, THREE_DS_BUTTONS, refused, unknown,
};
use crate::scenario::{ChargeResult, Scenario, cards};
use crate::state::{Inner, lock};

const HOSTED_METHODS: &[&str] = &["purchase", "auth"];
const DIRECT_METHODS: &[&str] = &["purchase", "auth", "credit", "lookup", "p2p"];

fn card_number(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.bytes().all(|b| b.is_ascii_digit()) && (12..=19).contains(&digits.len()))
        .then_some(digits)
}

fn int(map: &Map<String, Value>, name: &str) -> Option<i64> {
    match map.get(name)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `POST /payment`.
pub(super) fn create(inner: &Arc<Inner>, body: &Map<String, Value>) -> Reply {
    let now = inner.clock.now();
    let mut v = Violations::new();
    let mode = match str_field(body, "mode") {
        Some("hosted") => "hosted",
        Some("direct") => "direct",
        other => {
            v.add(
                "mode",
                format!("Invalid value for mode: {}", other.unwrap_or("(missing)")),
            );
            "direct"
        }
    };
    let method = str_field(body, "method").unwrap_or_default().to_owned();
    let allowed = if mode == "hosted" {
        HOSTED_METHODS
    } else {
        DIRECT_METHODS
    };
    if !allowed.contains(&method.as_str()) {
        v.add(
            "method",
            format!("Invalid value for method in {mode} mode: {method}"),
        );
    }
    let amount = if method == "lookup" && body.get("amount").is_none() {
        Some(crate::amount::Amount::ZERO)
    } else {
        amount_field(body, "amount", true, &mut v)
    };
    let currency = str_field(body, "currency").unwrap_or_default().to_owned();
    if !(currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase())) {
        v.add(
            "currency",
            format!("Invalid value for currency: {currency}"),
        );
    }
    let order_id = str_field(body, "order_id").unwrap_or_default().to_owned();
    if order_id.is_empty() || order_id.chars().count() > 32 {
        v.add("order_id", "order_id must be 1 to 32 characters");
    }
    for field in ["server_url", "result_url"] {
        if str_field(body, field).is_some_and(|u| !is_http_url(u)) {
            v.add(
                field,
                format!("Invalid value for {field}: not an absolute URL"),
            );
        }
    }
    let payload = str_field(body, "payload").map(str::to_owned);
    if payload.as_ref().is_some_and(|p| p.chars().count() > 4000) {
        v.add("payload", "payload must be at most 4000 characters");
    }
    let mut card = None;
    if mode == "direct" {
        match (str_field(body, "cc_number"), str_field(body, "cc_token")) {
            (Some(n), _) => match card_number(n) {
                Some(n) => card = Some(n),
                None => v.add("cc_number", "Invalid value for cc_number"),
            },
            (None, Some(_)) if method != "credit" => {}
            _ => v.add(
                "cc_number",
                "Missing required field cc_number (or cc_token)",
            ),
        }
        if card.is_some() && !matches!(method.as_str(), "credit" | "p2p") {
            if !matches!(int(body, "exp_month"), Some(1..=12)) {
                v.add("exp_month", "Invalid value for exp_month");
            }
            if int(body, "exp_year").is_none_or(|y| y < 0) {
                v.add("exp_year", "Invalid value for exp_year");
            }
            if str_field(body, "card_cvv").is_none_or(|c| {
                !(3..=4).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit())
            }) {
                v.add("card_cvv", "Invalid value for card_cvv");
            }
        }
    }
    if let Err(r) = v.check() {
        return r;
    }
    let amount = amount.unwrap_or_default();
    let scenario = Scenario::for_card_and_amount(card.as_deref(), amount, &currency);
    let fault = inner.acting_fault(PROVIDER, scenario);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let mut st = lock(&inner.finline);
    if st.orders.iter().any(|o| o.order_id == order_id) {
        return error(
            409,
            "Order with such order_id already exists",
            json!({"code": "P-409"}),
        );
    }
    let payment_id = crate::ids::uuid();
    let mut order = Order {
        order_id,
        payment_id,
        gateway_order_id: format!("GW-{}", crate::ids::digits(9)),
        currency,
        server_url: str_field(body, "server_url").map(str::to_owned),
        result_url: str_field(body, "result_url").map(str::to_owned),
        payload,
        card,
        three_ds_pending: false,
        operations: vec![Op {
            operation_id: None,
            transaction_id: (mode == "direct").then(crate::ids::uuid),
            mode,
            method: method.clone(),
            amount,
            status: "init",
            status_code: None,
            status_description: None,
            created: now,
            processing_time: None,
            comment: None,
            redirect_url: None,
        }],
    };
    let pos_id = inner.config.credentials.finline_pos_id.clone();
    let mut out = None;
    let answer = if mode == "hosted" {
        json!({"redirect_url": inner.url(&format!("/finline/pay/{payment_id}"))})
    } else if matches!(method.as_str(), "credit" | "p2p") {
        // Payouts are asynchronous: pending now, final after the processing delay.
        order.primary_mut().status = "pending";
        let result = ChargeResult::without_payer(scenario);
        let order_id = order.order_id.clone();
        inner.later(move |inner| {
            let now = inner.clock.now();
            let mut st = lock(&inner.finline);
            if let Some(o) = st.orders.iter_mut().find(|o| o.order_id == order_id) {
                finish_primary(o, result, now);
                let out = webhook(inner, o, 0, None);
                drop(st);
                send(inner, out);
            }
        });
        order.op_json(order.primary(), &pos_id)
    } else if scenario == Scenario::ThreeDsRequired {
        order.three_ds_pending = true;
        let op = order.primary_mut();
        op.status = "pending";
        op.status_description = Some("3-D Secure authentication required".to_owned());
        op.redirect_url = Some(inner.url(&format!("/finline/3ds/{payment_id}")));
        order.op_json(order.primary(), &pos_id)
    } else {
        finish_primary(&mut order, ChargeResult::without_payer(scenario), now);
        out = webhook(inner, &order, 0, None);
        order.op_json(order.primary(), &pos_id)
    };
    st.orders.push(order);
    drop(st);
    send(inner, out);
    Reply::json(200, &answer).with_fault(fault)
}

fn find(st: &super::State, id: &str) -> Option<usize> {
    let id = Uuid::parse_str(id).ok()?;
    st.orders.iter().position(|o| o.payment_id == id)
}

fn rows(o: &Order) -> Vec<(&'static str, String)> {
    let p = o.primary();
    let mut rows = vec![
        ("Order", o.order_id.clone()),
        ("Amount", format!("{} {}", p.amount, o.currency)),
        ("Operation", p.method.clone()),
        ("Status", p.status.to_owned()),
    ];
    if let Some(card) = &o.card {
        rows.push((
            "Card",
            format!("**** {}", &card[card.len().saturating_sub(4)..]),
        ));
    }
    rows
}

fn leave(inner: &Inner, o: &Order) -> Reply {
    match &o.result_url {
        Some(url) => Reply::see_other(url),
        None => Reply::see_other(&inner.url(&format!("/finline/pay/{}", o.payment_id))),
    }
}

/// `GET|POST /finline/pay/{payment_id}`: the hosted payment page.
pub(super) fn pay_page(inner: &Inner, req: &ApiRequest, id: &str) -> Reply {
    let now = inner.clock.now();
    let mut st = lock(&inner.finline);
    let Some(index) = find(&st, id) else {
        return unknown(PROVIDER, id);
    };
    let order = &mut st.orders[index];
    let open = order.primary().mode == "hosted" && order.primary().status == "init";
    if req.method == Method::GET {
        let page = Page {
            provider: PROVIDER,
            title: if open {
                "Pay by card".to_owned()
            } else {
                "Payment".to_owned()
            },
            rows: rows(order),
            note: (!open).then(|| format!("This payment is {}.", order.primary().status)),
            form: open.then(|| Form {
                action: format!("/finline/pay/{}", order.payment_id),
                hidden: Vec::new(),
                fields: vec![Field {
                    name: "card_number",
                    label: "Card number",
                    value: cards::APPROVE.to_owned(),
                }],
                buttons: PAY_BUTTONS,
            }),
        };
        return page.reply();
    }
    if !open {
        return refused(PROVIDER, "This payment can no longer be paid.");
    }
    let form = req.form();
    let card = form_value(&form, "card_number")
        .and_then(card_number)
        .unwrap_or_else(|| cards::APPROVE.to_owned());
    let result = match PayerAction::from_form(&form) {
        Some(PayerAction::Pay) => {
            let scenario =
                Scenario::for_card_and_amount(Some(&card), order.primary().amount, &order.currency);
            order.card = Some(card);
            if scenario == Scenario::ThreeDsRequired {
                order.three_ds_pending = true;
                order.primary_mut().status = "pending";
                return Reply::see_other(&inner.url(&format!("/finline/3ds/{}", order.payment_id)));
            }
            ChargeResult::without_payer(scenario)
        }
        Some(PayerAction::Decline) => ChargeResult::Declined,
        Some(PayerAction::Cancel) => ChargeResult::Cancelled,
        _ => return refused(PROVIDER, "Choose pay, decline or cancel."),
    };
    finish_primary(order, result, now);
    let out = webhook(inner, order, 0, None);
    let reply = leave(inner, order);
    drop(st);
    send(inner, out);
    reply
}

/// `GET|POST /finline/3ds/{payment_id}`: the 3-D Secure step (hosted and direct payments).
pub(super) fn three_ds_page(inner: &Inner, req: &ApiRequest, id: &str) -> Reply {
    let now = inner.clock.now();
    let mut st = lock(&inner.finline);
    let Some(index) = find(&st, id) else {
        return unknown(PROVIDER, id);
    };
    let order = &mut st.orders[index];
    if !order.three_ds_pending {
        return refused(PROVIDER, "This payment has no 3-D Secure step waiting.");
    }
    if req.method == Method::GET {
        return Page {
            provider: PROVIDER,
            title: "3-D Secure check".to_owned(),
            rows: rows(order),
            note: Some("Your bank asks you to confirm this payment.".to_owned()),
            form: Some(Form {
                action: format!("/finline/3ds/{}", order.payment_id),
                hidden: Vec::new(),
                fields: Vec::new(),
                buttons: THREE_DS_BUTTONS,
            }),
        }
        .reply();
    }
    let result = match PayerAction::from_form(&req.form()) {
        Some(PayerAction::Pass) => ChargeResult::Approved,
        Some(PayerAction::Fail) => ChargeResult::AuthenticationFailed,
        _ => return refused(PROVIDER, "Choose pass or fail."),
    };
    finish_primary(order, result, now);
    let out = webhook(inner, order, 0, None);
    let reply = leave(inner, order);
    drop(st);
    send(inner, out);
    reply
}
