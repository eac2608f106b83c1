//! The Resid payer pages: `/resid/pay/{token}` and its 3-D Secure step `/resid/3ds/{token}`.

use http::Method;
use time::OffsetDateTime;

use super::{PROVIDER, Payment, Stage};
use crate::http::{ApiRequest, Reply, form_value};
use crate::pages::{
    Field, Form, PAY_BUTTONS, Page, PayerAction, THREE_DS_BUTTONS, refused, unknown,
};
use crate::scenario::{ChargeResult, Scenario, cards};
use crate::state::{Inner, lock};

fn rows(p: &Payment) -> Vec<(&'static str, String)> {
    vec![
        ("Amount", format!("{} IRR", p.amount)),
        ("Description", p.description.clone()),
        ("Token", p.token.clone()),
        (
            "Status",
            match p.stage {
                Stage::Unpaid => "waiting for payment",
                Stage::Paid => "paid, waiting for the merchant to collect",
                Stage::Collected => "collected",
                Stage::Failed => "failed",
                Stage::Returned => "returned to the payer",
            }
            .to_owned(),
        ),
    ]
}

fn masked(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 6 {
        return "*".repeat(digits.len());
    }
    format!(
        "{}{}{}",
        &digits[..4],
        "*".repeat(digits.len() - 6),
        &digits[digits.len() - 2..]
    )
}

/// Applies the bank's result of the payer's payment.
fn finish(p: &mut Payment, result: ChargeResult, now: OffsetDateTime) {
    p.three_ds_pending = false;
    if result.is_approved() {
        p.rrn = Some(crate::ids::digits(12));
        if p.auto_collect {
            p.stage = Stage::Collected;
            p.paid = Some(now);
        } else {
            p.stage = Stage::Paid;
        }
    } else {
        p.stage = Stage::Failed;
        p.tip = 0;
        p.state_error = Some(match result {
            ChargeResult::InsufficientFunds => "insufficient_funds",
            ChargeResult::AuthenticationFailed => "authentication_failed",
            ChargeResult::Cancelled => "canceled_by_payer",
            _ => "declined",
        });
    }
}

/// `GET|POST /resid/pay/{token}`.
///
/// `POST` takes `action` = `pay` | `decline` | `cancel`, with optional `card_number`,
/// `phone` (the payer's mobile) and `tip` (rials); it answers `303` back to this page (Resid
/// has no shop return URL).
pub(super) fn pay_page(inner: &Inner, req: &ApiRequest, token: &str) -> Reply {
    let now = inner.clock.now();
    let mut st = lock(&inner.resid);
    let Some(p) = st.payments.iter_mut().find(|p| p.token == token) else {
        return unknown(PROVIDER, token);
    };
    let here = format!("/resid/pay/{token}");
    let open = p.stage == Stage::Unpaid && !p.three_ds_pending;
    if req.method == Method::GET {
        return Page {
            provider: PROVIDER,
            title: if open {
                "Pay the fare".to_owned()
            } else {
                "Payment".to_owned()
            },
            rows: rows(p),
            note: None,
            form: open.then(|| Form {
                action: here.clone(),
                hidden: Vec::new(),
                fields: vec![
                    Field {
                        name: "card_number",
                        label: "Card number",
                        value: cards::APPROVE.to_owned(),
                    },
                    Field {
                        name: "phone",
                        label: "Mobile number",
                        value: "09381234525".to_owned(),
                    },
                    Field {
                        name: "tip",
                        label: "Tip (rials)",
                        value: "0".to_owned(),
                    },
                ],
                buttons: PAY_BUTTONS,
            }),
        }
        .reply();
    }
    if !open {
        return refused(PROVIDER, "This payment request can no longer be paid.");
    }
    let form = req.form();
    let tip = form_value(&form, "tip").map_or(Ok(0), |t| t.trim().parse::<i64>());
    let Ok(tip) = tip.map(|t| t.max(0)) else {
        return refused(PROVIDER, "The tip must be a whole number of rials.");
    };
    p.tip = tip;
    p.payer = Some(masked(form_value(&form, "phone").unwrap_or("09381234525")));
    let card = form_value(&form, "card_number").unwrap_or(cards::APPROVE);
    let result = match PayerAction::from_form(&form) {
        Some(PayerAction::Pay) => {
            let scenario = Scenario::for_card(card);
            let scenario = if scenario == Scenario::Approve {
                Scenario::from_code(u8::try_from(p.amount.rem_euclid(100)).unwrap_or(0))
            } else {
                scenario
            };
            if scenario == Scenario::ThreeDsRequired {
                p.three_ds_pending = true;
                return Reply::see_other(&inner.url(&format!("/resid/3ds/{token}")));
            }
            ChargeResult::without_payer(scenario)
        }
        Some(PayerAction::Decline) => ChargeResult::Declined,
        Some(PayerAction::Cancel) => ChargeResult::Cancelled,
        _ => return refused(PROVIDER, "Choose pay, decline or cancel."),
    };
    finish(p, result, now);
    Reply::see_other(&inner.url(&here))
}

/// `GET|POST /resid/3ds/{token}`: `POST` takes `action` = `pass` | `fail`.
pub(super) fn three_ds_page(inner: &Inner, req: &ApiRequest, token: &str) -> Reply {
    let now = inner.clock.now();
    let mut st = lock(&inner.resid);
    let Some(p) = st.payments.iter_mut().find(|p| p.token == token) else {
        return unknown(PROVIDER, token);
    };
    if !p.three_ds_pending || p.stage != Stage::Unpaid {
        return refused(PROVIDER, "This payment has no 3-D Secure step waiting.");
    }
    let here = format!("/resid/3ds/{token}");
    if req.method == Method::GET {
        return Page {
            provider: PROVIDER,
            title: "Bank authentication".to_owned(),
            rows: rows(p),
            note: Some("Your bank asks you to confirm this payment.".to_owned()),
            form: Some(Form {
                action: here,
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
    finish(p, result, now);
    Reply::see_other(&inner.url(&format!("/resid/pay/{token}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payer_phones_are_masked_like_the_seed() {
        assert_eq!(masked("09381234525"), "0938*****25");
        assert_eq!(masked("123"), "***");
    }
}
