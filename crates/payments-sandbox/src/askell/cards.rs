//! Askell card capture: hosted checkouts (`/checkouts/`), temporary payment methods
//! (`/temporarypaymentmethod/`), and their payer pages.

use http::Method;
use serde_json::{Map, Value, json};
use time::{Date, Month, OffsetDateTime, Time};

use super::{FieldErrors, State, body, business_error, not_found, required_string};
use crate::http::{ApiRequest, Reply, form_value};
use crate::pages::{
    Field, Form, PAY_BUTTONS, Page, PayerAction, THREE_DS_BUTTONS, refused, unknown,
};
use crate::scenario::Scenario;
use crate::state::{Inner, lock};

/// A card as the sandbox keeps it.
#[derive(Clone)]
pub(crate) struct Card {
    number: String,
    exp_month: u8,
    exp_year: u16,
}

impl Card {
    /// A card with expiry `month`/`year` (four-digit year).
    pub(crate) fn new(number: &str, month: u8, year: u16) -> Self {
        Self {
            number: number.chars().filter(char::is_ascii_digit).collect(),
            exp_month: month.clamp(1, 12),
            exp_year: year,
        }
    }

    pub(crate) fn last4(&self) -> &str {
        &self.number[self.number.len().saturating_sub(4)..]
    }

    /// The brand by the number's prefix, as Askell spells it in `display_info`.
    pub(crate) fn brand(&self) -> &'static str {
        match self.number.as_bytes().first() {
            Some(b'4') => "Visa",
            Some(b'5' | b'2') => "MasterCard",
            Some(b'3') => "American Express",
            _ => "Card",
        }
    }

    /// `XXXX-XXXX-XXXX-2887 (MasterCard)`.
    pub(crate) fn display_info(&self) -> String {
        format!("XXXX-XXXX-XXXX-{} ({})", self.last4(), self.brand())
    }

    /// The first instant after the expiry month.
    pub(crate) fn valid_until(&self) -> OffsetDateTime {
        let (year, month) = if self.exp_month == 12 {
            (i32::from(self.exp_year) + 1, Month::January)
        } else {
            (
                i32::from(self.exp_year),
                Month::try_from(self.exp_month + 1).unwrap_or(Month::January),
            )
        };
        Date::from_calendar_date(year, month, 1).map_or(OffsetDateTime::UNIX_EPOCH, |d| {
            d.with_time(Time::MIDNIGHT).assume_utc()
        })
    }

    /// The scenario the number selects.
    pub(crate) fn scenario(&self) -> Scenario {
        Scenario::for_card(&self.number)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Checkout,
    Temporary,
}

/// A checkout or temporary-payment-method token.
pub(crate) struct CardToken {
    pub(crate) token: String,
    kind: Kind,
    status: &'static str,
    card: Option<Card>,
    used: bool,
}

impl CardToken {
    fn to_json(&self) -> Value {
        json!({"token": self.token, "status": self.status})
    }

    /// The card, once, when the token is ready (`tokencreated`).
    pub(crate) fn take_ready_card(&mut self) -> Option<Card> {
        if self.status == "tokencreated" && !self.used {
            self.used = true;
            self.card.clone()
        } else {
            None
        }
    }
}

/// The payment processors of the sandbox account.
fn processors() -> Value {
    json!([
        {"id": 4, "name": "Saltpay ISK", "display_name": "Kort", "payment_processor": "saltpay",
         "allowed_currencies": ["ISK"], "supports_checkout": true},
        {"id": 7, "name": "Adyen EUR", "display_name": "Card (EUR)", "payment_processor": "adyen",
         "allowed_currencies": ["EUR", "USD"], "supports_checkout": true},
        {"id": 9, "name": "Valitor", "display_name": "Kort (Valitor)", "payment_processor": "valitor",
         "allowed_currencies": ["ISK"], "supports_checkout": false, "error": "Missing merchant account"},
    ])
}

fn new_token(st: &mut State, kind: Kind, card: Option<Card>) -> String {
    let token = crate::ids::hex(32);
    st.tokens.push(CardToken {
        token: token.clone(),
        kind,
        status: "waiting",
        card,
        used: false,
    });
    token
}

fn origin_ok(origin: &str) -> bool {
    origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .is_some_and(|host| {
            !host.is_empty()
                && !host
                    .chars()
                    .any(|c| matches!(c, '/' | '?' | '#' | '@') || c.is_whitespace())
        })
}

fn int_field(map: &Map<String, Value>, name: &str, errors: &mut FieldErrors) -> Option<i64> {
    match map.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.is_i64() => n.as_i64(),
        Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
        Some(_) => {
            errors.add(name, "A valid integer is required.");
            None
        }
    }
}

/// `/checkouts/...`.
pub(crate) fn handle_checkouts(inner: &Inner, req: &ApiRequest, rest: &[&str]) -> Reply {
    let map = match body(req) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut st = lock(&inner.askell);
    match (&req.method, rest) {
        (&Method::GET, ["paymentprocessors"]) => {
            Reply::json(200, &json!({"payment_processors": processors()}))
        }
        (&Method::GET, [token]) => st
            .tokens
            .iter()
            .find(|t| t.kind == Kind::Checkout && t.token == *token)
            .map_or_else(not_found, |t| Reply::json(200, &t.to_json())),
        (&Method::POST, []) => {
            let mut errors = FieldErrors::new();
            let plan = int_field(&map, "plan", &mut errors);
            let processor = int_field(&map, "payment_processor", &mut errors);
            let currency = super::string_field(&map, "currency", &mut errors);
            if let Some(origin) = super::string_field(&map, "allowed_origin", &mut errors)
                && !origin_ok(&origin)
            {
                errors.add(
                    "allowed_origin",
                    "Enter a valid origin (scheme://host[:port]).",
                );
            }
            match (plan, processor) {
                (Some(_), Some(_)) | (None, None) if errors.is_empty() => errors.add(
                    "non_field_errors",
                    "Provide exactly one of `plan` or `payment_processor`.",
                ),
                (Some(p), None) if !st.plans.iter().any(|plan| plan.id == p) => {
                    errors.add(
                        "plan",
                        format!("Invalid pk \"{p}\" - object does not exist."),
                    );
                }
                (None, Some(_)) if currency.is_none() => {
                    errors.add("currency", "This field is required with payment_processor.");
                }
                _ => {}
            }
            if let Err(r) = errors.check() {
                return r;
            }
            if let Some(id) = processor {
                let list = processors();
                let Some(p) = list
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|p| p["id"] == json!(id))
                else {
                    return business_error("No payment processor configured");
                };
                if p["supports_checkout"] != json!(true) {
                    return business_error(p["error"].as_str().unwrap_or("Checkout not supported"));
                }
                let currency = currency.unwrap_or_default();
                if !p["allowed_currencies"]
                    .as_array()
                    .is_some_and(|c| c.iter().any(|c| c.as_str() == Some(currency.as_str())))
                {
                    return business_error("Currency is not allowed for this payment processor");
                }
            }
            let token = new_token(&mut st, Kind::Checkout, None);
            Reply::json(
                201,
                &json!({
                    "token": token,
                    "checkout_url": inner.url(&format!("/askell/checkout/{token}/")),
                }),
            )
        }
        _ => not_found(),
    }
}

/// Reads card fields (API body or page form) into a card, or field errors.
fn read_card(map: &Map<String, Value>) -> Result<Card, Reply> {
    let mut errors = FieldErrors::new();
    let number = required_string(map, "card_number", 19, &mut errors);
    let month = required_string(map, "expiration_month", 2, &mut errors);
    let year = required_string(map, "expiration_year", 2, &mut errors);
    let cvv = required_string(map, "cvv_number", 4, &mut errors);
    if let Some(n) = &number
        && !(12..=19).contains(&n.len())
    {
        errors.add("card_number", "Enter a valid card number.");
    }
    let month_num = month.as_deref().and_then(|m| m.parse::<u8>().ok());
    if month.is_some() && !matches!(month_num, Some(1..=12)) {
        errors.add("expiration_month", "Enter a valid month.");
    }
    let year_num = year.as_deref().and_then(|y| y.parse::<u16>().ok());
    if year.is_some() && year_num.is_none() {
        errors.add("expiration_year", "Enter a valid year.");
    }
    if cvv
        .as_deref()
        .is_some_and(|c| c.len() < 3 || !c.bytes().all(|b| b.is_ascii_digit()))
    {
        errors.add("cvv_number", "Enter a valid CVV.");
    }
    errors.check()?;
    Ok(Card::new(
        &number.unwrap_or_default(),
        month_num.unwrap_or(1),
        2000 + year_num.unwrap_or(0),
    ))
}

/// `/temporarypaymentmethod/...` (public key).
pub(crate) fn handle_temporary(inner: &Inner, req: &ApiRequest, rest: &[&str]) -> Reply {
    let map = match body(req) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut st = lock(&inner.askell);
    match (&req.method, rest) {
        (&Method::GET, [token]) => st
            .tokens
            .iter()
            .find(|t| t.kind == Kind::Temporary && t.token == *token)
            .map_or_else(not_found, |t| Reply::json(200, &t.to_json())),
        (&Method::POST, []) => {
            let card = match read_card(&map) {
                Ok(c) => c,
                Err(r) => return r,
            };
            let mut errors = FieldErrors::new();
            if let Some(p) = int_field(&map, "plan", &mut errors)
                && !st.plans.iter().any(|plan| plan.id == p)
            {
                errors.add(
                    "plan",
                    format!("Invalid pk \"{p}\" - object does not exist."),
                );
            }
            if let Err(r) = errors.check() {
                return r;
            }
            let token = new_token(&mut st, Kind::Temporary, Some(card));
            Reply::json(
                201,
                &json!({
                    "token": token,
                    "card_verification_url": inner.url(&format!("/askell/verify/{token}/")),
                }),
            )
        }
        _ => not_found(),
    }
}

fn status_rows(t: &CardToken) -> Vec<(&'static str, String)> {
    let mut rows = vec![("Token", t.token.clone()), ("Status", t.status.to_owned())];
    if let Some(card) = &t.card {
        rows.push(("Card", card.display_info()));
    }
    rows
}

/// `GET|POST /askell/checkout/{token}/`: the hosted card form.
pub(crate) fn checkout_page(inner: &Inner, req: &ApiRequest) -> Reply {
    let Some(token) = req.segments.get(1).cloned() else {
        return unknown(super::PROVIDER, "");
    };
    let mut st = lock(&inner.askell);
    let Some(t) = st
        .tokens
        .iter_mut()
        .find(|t| t.kind == Kind::Checkout && t.token == token)
    else {
        return unknown(super::PROVIDER, &token);
    };
    let here = format!("/askell/checkout/{token}/");
    if req.method == Method::POST {
        if t.status != "waiting" {
            return refused(super::PROVIDER, "This checkout is already finished.");
        }
        let form = req.form();
        match PayerAction::from_form(&form) {
            Some(PayerAction::Pay) => {
                let map: Map<String, Value> = form
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from(v.clone())))
                    .collect();
                let Ok(card) = read_card(&map) else {
                    return refused(super::PROVIDER, "The card details are not valid.");
                };
                let scenario = card.scenario();
                t.card = Some(card);
                match scenario {
                    Scenario::Decline | Scenario::InsufficientFunds => t.status = "failed",
                    Scenario::ThreeDsRequired => {
                        return Reply::see_other(&inner.url(&format!("/askell/verify/{token}/")));
                    }
                    _ => t.status = "tokencreated",
                }
            }
            Some(PayerAction::Decline) => t.status = "failed",
            Some(PayerAction::Cancel) => t.status = "canceled",
            _ => return refused(super::PROVIDER, "Choose pay, decline or cancel."),
        }
        return Reply::see_other(&inner.url(&here));
    }
    let form = (t.status == "waiting").then(|| Form {
        action: here.clone(),
        hidden: Vec::new(),
        fields: vec![
            Field {
                name: "card_number",
                label: "Card number",
                value: crate::scenario::cards::APPROVE.to_owned(),
            },
            Field {
                name: "expiration_month",
                label: "Expiry month (MM)",
                value: "12".to_owned(),
            },
            Field {
                name: "expiration_year",
                label: "Expiry year (YY)",
                value: "30".to_owned(),
            },
            Field {
                name: "cvv_number",
                label: "CVV",
                value: "123".to_owned(),
            },
        ],
        buttons: PAY_BUTTONS,
    });
    Page {
        provider: super::PROVIDER,
        title: "Card details".to_owned(),
        rows: status_rows(t),
        note: (t.status == "waiting").then(|| {
            "Enter a test card (see the sandbox's card table) and pay, decline or cancel."
                .to_owned()
        }),
        form,
    }
    .reply()
}

/// `GET|POST /askell/verify/{token}/`: the card verification (3-D Secure) page.
pub(crate) fn verify_page(inner: &Inner, req: &ApiRequest) -> Reply {
    let Some(token) = req.segments.get(1).cloned() else {
        return unknown(super::PROVIDER, "");
    };
    let mut st = lock(&inner.askell);
    let Some(t) = st
        .tokens
        .iter_mut()
        .find(|t| t.token == token && t.card.is_some())
    else {
        return unknown(super::PROVIDER, &token);
    };
    let here = format!("/askell/verify/{token}/");
    if req.method == Method::POST {
        if t.status != "waiting" {
            return refused(super::PROVIDER, "This card is already verified or failed.");
        }
        let form = req.form();
        let declined = t.card.as_ref().is_some_and(|c| {
            matches!(
                c.scenario(),
                Scenario::Decline | Scenario::InsufficientFunds
            )
        });
        match PayerAction::from_form(&form) {
            Some(PayerAction::Pass) if !declined => t.status = "tokencreated",
            Some(PayerAction::Pass | PayerAction::Fail) => t.status = "failed",
            _ => return refused(super::PROVIDER, "Choose pass or fail."),
        }
        if form_value(&form, "return").is_some_and(|r| r == "checkout") {
            return Reply::see_other(&inner.url(&format!("/askell/checkout/{token}/")));
        }
        return Reply::see_other(&inner.url(&here));
    }
    let form = (t.status == "waiting").then(|| Form {
        action: here.clone(),
        hidden: if t.kind == Kind::Checkout {
            vec![("return", "checkout".to_owned())]
        } else {
            Vec::new()
        },
        fields: Vec::new(),
        buttons: THREE_DS_BUTTONS,
    });
    Page {
        provider: super::PROVIDER,
        title: "Card verification (3-D Secure)".to_owned(),
        rows: status_rows(t),
        note: None,
        form,
    }
    .reply()
}
