//! The Barion payer pages: `/barion/Pay?id=<PaymentId>` and `/barion/Pay/3ds?id=<PaymentId>`.
//!
//! Form actions (also callable directly): `POST /barion/Pay` with `id`, `action` =
//! `pay` | `decline` | `cancel` and an optional `card_number`; `POST /barion/Pay/3ds` with `id`
//! and `action` = `pass` | `fail`. Both answer `303` to the shop's `RedirectUrl`.

use http::Method;
use uuid::Uuid;

use super::payments::charge;
use super::{CardInfo, PROVIDER, Payment, callback, send, simple, store};
use crate::http::{ApiRequest, Reply, form_value};
use crate::pages::{
    Field, Form, PAY_BUTTONS, Page, PayerAction, THREE_DS_BUTTONS, refused, unknown,
};
use crate::scenario::{ChargeResult, Scenario, cards};
use crate::state::Inner;

fn payment_id(req: &ApiRequest, form: &[(String, String)]) -> Option<Uuid> {
    form_value(form, "id")
        .or_else(|| req.query_ci("id"))
        .and_then(|id| Uuid::parse_str(id.trim()).ok())
}

fn rows(p: &Payment) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        ("Shop", super::POS_NAME.to_owned()),
        ("Amount", format!("{} {}", p.total(), p.currency)),
        ("Payment type", p.payment_type.to_owned()),
        ("Status", p.status.to_owned()),
        ("Payment id", simple(p.id)),
    ];
    if let Some(order) = &p.order_number {
        rows.push(("Order number", order.clone()));
    }
    rows
}

/// Where the payer goes after a step: the shop's `RedirectUrl`, else the payment page.
fn leave(inner: &Inner, p: &Payment) -> Reply {
    match &p.redirect_url {
        Some(url) => Reply::see_other(url),
        None => Reply::see_other(&inner.url(&format!("/barion/Pay?id={}", simple(p.id)))),
    }
}

/// `GET|POST /barion/Pay`.
pub(super) fn pay_page(inner: &Inner, req: &ApiRequest) -> Reply {
    let now = inner.clock.now();
    let form = if req.method == Method::POST {
        req.form()
    } else {
        Vec::new()
    };
    let Some(id) = payment_id(req, &form) else {
        return unknown(PROVIDER, req.query_ci("id").unwrap_or_default());
    };
    let mut st = store(inner);
    let Some(index) = st.payments.iter().position(|p| p.id == id) else {
        return unknown(PROVIDER, &simple(id));
    };
    if req.method == Method::GET {
        let p = &mut st.payments[index];
        if p.status == "Prepared" {
            p.status = "Started";
            p.started = Some(now);
        }
        let open = p.status == "Started" && !p.three_ds_pending;
        let page = Page {
            provider: PROVIDER,
            title: if open {
                "Pay with Barion".to_owned()
            } else {
                "Payment".to_owned()
            },
            rows: rows(p),
            note: (!open).then(|| match &p.redirect_url {
                Some(u) => format!("This payment is {}. Back to the shop: {u}", p.status),
                None => format!("This payment is {}.", p.status),
            }),
            form: open.then(|| Form {
                action: "/barion/Pay".to_owned(),
                hidden: vec![("id", simple(p.id))],
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
    let mut p = st.payments.remove(index);
    if !matches!(p.status, "Prepared" | "Started") || p.three_ds_pending {
        st.payments.insert(index, p);
        return refused(PROVIDER, "This payment can no longer be paid.");
    }
    let card = CardInfo {
        number: form_value(&form, "card_number")
            .map(|c| c.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|c| c.len() >= 12)
            .unwrap_or_else(|| cards::APPROVE.to_owned()),
    };
    let result = match PayerAction::from_form(&form) {
        Some(PayerAction::Pay) => {
            let scenario =
                Scenario::for_card_and_amount(Some(&card.number), p.total(), &p.currency);
            if scenario == Scenario::ThreeDsRequired {
                p.three_ds_pending = true;
                p.started.get_or_insert(now);
                p.status = "Started";
                p.card = Some(card);
                st.payments.insert(index, p);
                return Reply::see_other(&inner.url(&format!("/barion/Pay/3ds?id={}", simple(id))));
            }
            ChargeResult::without_payer(scenario)
        }
        Some(PayerAction::Decline) => ChargeResult::Declined,
        Some(PayerAction::Cancel) => ChargeResult::Cancelled,
        _ => {
            st.payments.insert(index, p);
            return refused(PROVIDER, "Choose pay, decline or cancel.");
        }
    };
    charge(&mut st, &mut p, result, card, now);
    let out = callback(&p);
    let reply = leave(inner, &p);
    st.payments.insert(index, p);
    drop(st);
    send(inner, out);
    reply
}

/// `GET|POST /barion/Pay/3ds`.
pub(super) fn three_ds_page(inner: &Inner, req: &ApiRequest) -> Reply {
    let now = inner.clock.now();
    let form = if req.method == Method::POST {
        req.form()
    } else {
        Vec::new()
    };
    let Some(id) = payment_id(req, &form) else {
        return unknown(PROVIDER, req.query_ci("id").unwrap_or_default());
    };
    let mut st = store(inner);
    let Some(index) = st.payments.iter().position(|p| p.id == id) else {
        return unknown(PROVIDER, &simple(id));
    };
    if !st.payments[index].three_ds_pending {
        return refused(PROVIDER, "This payment has no 3-D Secure step waiting.");
    }
    if req.method == Method::GET {
        let p = &st.payments[index];
        return Page {
            provider: PROVIDER,
            title: "3-D Secure check".to_owned(),
            rows: rows(p),
            note: Some("Your bank asks you to confirm this payment.".to_owned()),
            form: Some(Form {
                action: "/barion/Pay/3ds".to_owned(),
                hidden: vec![("id", simple(p.id))],
                fields: Vec::new(),
                buttons: THREE_DS_BUTTONS,
            }),
        }
        .reply();
    }
    let result = match PayerAction::from_form(&form) {
        Some(PayerAction::Pass) => ChargeResult::Approved,
        Some(PayerAction::Fail) => ChargeResult::AuthenticationFailed,
        _ => return refused(PROVIDER, "Choose pass or fail."),
    };
    let mut p = st.payments.remove(index);
    let card = p.card.clone().unwrap_or(CardInfo {
        number: cards::THREE_DS.to_owned(),
    });
    charge(&mut st, &mut p, result, card, now);
    let out = callback(&p);
    let reply = leave(inner, &p);
    st.payments.insert(index, p);
    drop(st);
    send(inner, out);
    reply
}
