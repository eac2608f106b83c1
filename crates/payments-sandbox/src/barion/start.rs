//! Barion `POST /v2/Payment/Start`: the request checked as Barion checks it, and the
//! prepared payment (or, for a registered token, the payment charged at once).

use serde_json::{Map, Value, json};
use time::Duration;

use super::payments::charge;
use super::{
    ApiError, Caller, PROVIDER, Payment, Tx, callback, get_ci, get_str, send, simple, store,
    time_or_min,
};
use crate::amount::Amount;
use crate::http::{Reply, is_http_url, refuse_before, with_query_param};
use crate::scenario::{ChargeResult, Scenario};
use crate::state::Inner;

const CURRENCIES: &[&str] = &["HUF", "EUR", "USD", "CZK", "RON", "PLN"];
const LOCALES: &[&str] = &[
    "hu-HU", "en-US", "de-DE", "cs-CZ", "sk-SK", "sl-SI", "fr-FR", "es-ES", "el-GR", "hr-HR",
    "ro-RO", "pl-PL", "it-IT", "bg-BG",
];
const FUNDING: &[&str] = &[
    "All",
    "Balance",
    "BankCard",
    "Bankcard",
    "GooglePay",
    "ApplePay",
    "BankTransfer",
];

/// The decimals Barion allows for `currency`.
pub(super) fn currency_decimals(currency: &str) -> u32 {
    if currency == "HUF" { 0 } else { 2 }
}

/// Parses a .NET `TimeSpan` (`hh:mm:ss`, `d.hh:mm:ss`) or the docs' `d:hh:mm:ss`.
pub(super) fn parse_timespan(text: &str) -> Option<Duration> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(':').collect();
    let (days, h, m, s) = match parts.as_slice() {
        [d, h, m, s] => (d.parse::<i64>().ok()?, *h, *m, *s),
        [h, m, s] => match h.split_once('.') {
            Some((d, h)) => (d.parse::<i64>().ok()?, h, *m, *s),
            None => (0, *h, *m, *s),
        },
        _ => return None,
    };
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    let s: f64 = s.parse().ok()?;
    if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0.0..60.0).contains(&s) || days < 0 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)] // seconds below 60
    let s = s as i64;
    Some(Duration::days(days) + Duration::hours(h) + Duration::minutes(m) + Duration::seconds(s))
}

fn period(
    body: &Map<String, Value>,
    name: &str,
    default: Duration,
    range: (Duration, Duration),
    errors: &mut Vec<ApiError>,
) -> Duration {
    let Some(raw) = get_ci(body, name) else {
        return default;
    };
    match raw.as_str().and_then(parse_timespan) {
        Some(d) if d >= range.0 && d <= range.1 => d,
        _ => {
            errors.push(ApiError::new(
                "ModelValidationError",
                format!("The {name} field is not a valid period."),
            ));
            default
        }
    }
}

/// Reads and checks an amount field in `currency`.
pub(super) fn amount(
    map: &Map<String, Value>,
    name: &str,
    currency: &str,
    allow_zero: bool,
    errors: &mut Vec<ApiError>,
) -> Option<Amount> {
    let Some(raw) = get_ci(map, name) else {
        errors.push(ApiError::new(
            "ModelValidationError",
            format!("The {name} field is required."),
        ));
        return None;
    };
    let a = Amount::from_json(raw);
    match a {
        Some(a)
            if (a.is_positive() || (allow_zero && !a.is_negative()))
                && a.has_at_most_decimals(currency_decimals(currency)) =>
        {
            Some(a)
        }
        _ => {
            errors.push(ApiError::new(
                "ModelValidationError",
                format!(
                    "The {name} field must be {} with at most {} decimals for {currency}.",
                    if allow_zero {
                        "zero or more"
                    } else {
                        "greater than zero"
                    },
                    currency_decimals(currency)
                ),
            ));
            None
        }
    }
}

fn read_transactions(
    body: &Map<String, Value>,
    currency: &str,
    errors: &mut Vec<ApiError>,
) -> Vec<Tx> {
    let Some(Value::Array(list)) = get_ci(body, "Transactions") else {
        errors.push(ApiError::new(
            "ModelValidationError",
            "The Transactions field is required.",
        ));
        return Vec::new();
    };
    if list.is_empty() {
        errors.push(ApiError::new(
            "ModelValidationError",
            "The Transactions field must hold at least one transaction.",
        ));
    }
    let mut out = Vec::new();
    for item in list {
        let Value::Object(t) = item else {
            errors.push(ApiError::new(
                "ModelValidationError",
                "A transaction must be an object.",
            ));
            continue;
        };
        let pos_id = get_str(t, "POSTransactionId");
        if pos_id.is_none() {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The POSTransactionId field is required.",
            ));
        }
        let payee = get_str(t, "Payee");
        match payee {
            None => errors.push(ApiError::new(
                "ModelValidationError",
                "The Payee field is required.",
            )),
            Some(p) if !p.contains('@') => errors.push(
                ApiError::new("InvalidUser", "The payee is not a valid Barion wallet.")
                    .description(format!("'{p}' is not a valid e-mail address.")),
            ),
            Some(_) => {}
        }
        let total = amount(t, "Total", currency, false, errors);
        let items = if let Some(Value::Array(items)) = get_ci(t, "Items") {
            for i in items {
                for field in [
                    "Name",
                    "Description",
                    "Quantity",
                    "Unit",
                    "UnitPrice",
                    "ItemTotal",
                ] {
                    if i.as_object().and_then(|o| get_ci(o, field)).is_none() {
                        errors.push(ApiError::new(
                            "ModelValidationError",
                            format!("The {field} field of an item is required."),
                        ));
                    }
                }
            }
            items.clone()
        } else {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The Items field is required.",
            ));
            Vec::new()
        };
        out.push(Tx {
            id: crate::ids::uuid(),
            pos_transaction_id: pos_id.map(str::to_owned),
            payee: payee.map(str::to_owned),
            total: total.unwrap_or_default(),
            finished: None,
            refunded: Amount::ZERO,
            comment: get_str(t, "Comment").map(str::to_owned),
            items,
            status: "Prepared",
            kind: "CardPayment",
            related: None,
            time: None,
        });
    }
    out
}

/// `POST /v2/Payment/Start`.
pub(super) fn start(inner: &Inner, caller: &Caller, body: &Map<String, Value>) -> Reply {
    let now = inner.clock.now();
    let mut errors = Vec::new();
    let payment_type = match get_str(body, "PaymentType") {
        Some(t) if t.eq_ignore_ascii_case("Immediate") => "Immediate",
        Some(t) if t.eq_ignore_ascii_case("Reservation") => "Reservation",
        Some(t) if t.eq_ignore_ascii_case("DelayedCapture") => "DelayedCapture",
        _ => {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The PaymentType field must be Immediate, Reservation or DelayedCapture.",
            ));
            "Immediate"
        }
    };
    let currency = match get_str(body, "Currency") {
        Some(c) if CURRENCIES.iter().any(|x| x.eq_ignore_ascii_case(c)) => c.to_ascii_uppercase(),
        _ => {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The Currency field must be HUF, EUR, USD, CZK, RON or PLN.",
            ));
            "HUF".to_owned()
        }
    };
    let locale = match get_str(body, "Locale") {
        Some(l) if LOCALES.iter().any(|x| x.eq_ignore_ascii_case(l)) => l.to_owned(),
        _ => {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The Locale field is not a supported locale.",
            ));
            "hu-HU".to_owned()
        }
    };
    let request_id = get_str(body, "PaymentRequestId").map(str::to_owned);
    match &request_id {
        None => errors.push(ApiError::new(
            "ModelValidationError",
            "The PaymentRequestId field is required.",
        )),
        Some(r) if r.chars().count() > 100 => errors.push(ApiError::new(
            "ModelValidationError",
            "The PaymentRequestId field is longer than 100 characters.",
        )),
        Some(_) => {}
    }
    let funding_sources = match get_ci(body, "FundingSources") {
        Some(Value::Array(list))
            if !list.is_empty()
                && list.iter().all(|f| {
                    f.as_str()
                        .is_some_and(|f| FUNDING.iter().any(|x| x.eq_ignore_ascii_case(f)))
                }) =>
        {
            list.clone()
        }
        _ => {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The FundingSources field must list at least one funding source.",
            ));
            Vec::new()
        }
    };
    let guest_checkout = match get_ci(body, "GuestCheckOut") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The GuestCheckOut field must be true or false.",
            ));
            true
        }
    };
    let redirect = get_str(body, "RedirectUrl").map(str::to_owned);
    let callback_url = get_str(body, "CallbackUrl").map(str::to_owned);
    for (name, url) in [("RedirectUrl", &redirect), ("CallbackUrl", &callback_url)] {
        if url
            .as_deref()
            .is_some_and(|u| !is_http_url(u) || u.len() > 2000)
        {
            errors.push(ApiError::new(
                "ModelValidationError",
                format!("The {name} field is not a valid URL."),
            ));
        }
    }
    let window = period(
        body,
        "PaymentWindow",
        Duration::minutes(30),
        (Duration::minutes(1), Duration::weeks(1)),
        &mut errors,
    );
    let reservation_period = period(
        body,
        "ReservationPeriod",
        Duration::minutes(30),
        (Duration::minutes(1), Duration::days(365)),
        &mut errors,
    );
    let delayed_capture_period = period(
        body,
        "DelayedCapturePeriod",
        Duration::days(7),
        (Duration::minutes(1), Duration::days(21)),
        &mut errors,
    );
    let initiate_recurrence = matches!(get_ci(body, "InitiateRecurrence"), Some(Value::Bool(true)));
    let recurrence_id = get_str(body, "RecurrenceId").map(str::to_owned);
    if initiate_recurrence && recurrence_id.is_none() {
        errors.push(ApiError::new(
            "ModelValidationError",
            "The RecurrenceId field is required with InitiateRecurrence.",
        ));
    }
    let transactions = read_transactions(body, &currency, &mut errors);
    if !errors.is_empty() {
        return caller.reply(now, Map::new(), errors);
    }
    let id = crate::ids::uuid();
    let mut payment = Payment {
        id,
        request_id: request_id.unwrap_or_default(),
        order_number: get_str(body, "OrderNumber").map(str::to_owned),
        payment_type,
        status: "Prepared",
        currency,
        locale,
        guest_checkout,
        funding_sources,
        payer_hint: get_str(body, "PayerHint").map(str::to_owned),
        redirect_url: redirect.map(|u| with_query_param(&u, "paymentId", &simple(id))),
        callback_url: callback_url.map(|u| with_query_param(&u, "paymentId", &simple(id))),
        recurrence_type: get_str(body, "RecurrenceType").map(str::to_owned),
        recurrence_id,
        initiate_recurrence,
        trace_id: get_str(body, "TraceId").map(str::to_owned),
        created: now,
        started: None,
        completed: None,
        valid_until: now + window,
        reservation_period,
        delayed_capture_period,
        reserved_until: None,
        delayed_capture_until: None,
        transactions,
        card: None,
        process_result: None,
        authorization_code: None,
        three_ds_pending: false,
    };
    let scenario = payment.scenario();
    let fault = inner.acting_fault(PROVIDER, scenario);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let mut st = store(inner);
    // A token payment: charge the registered card now, without the payer.
    let mut recurrence_result = "None";
    let mut outgoing = None;
    if let (Some(rid), false) = (payment.recurrence_id.clone(), payment.initiate_recurrence) {
        match st.tokens.iter().find(|t| t.id == rid) {
            None => recurrence_result = "NotFound",
            Some(token) => {
                payment
                    .trace_id
                    .get_or_insert_with(|| token.trace_id.clone());
                let card = token.card.clone();
                if scenario == Scenario::ThreeDsRequired {
                    recurrence_result = "ThreeDSAuthenticationRequired";
                } else {
                    let result = ChargeResult::without_payer(scenario);
                    charge(&mut st, &mut payment, result, card, now);
                    recurrence_result = if result.is_approved() {
                        "Successful"
                    } else {
                        "Failed"
                    };
                    outgoing = callback(&payment);
                }
            }
        }
    }
    let answer = start_json(inner, &payment, recurrence_result);
    st.payments.push(payment);
    drop(st);
    send(inner, outgoing);
    Reply::json(200, &answer).with_fault(fault)
}

fn start_json(inner: &Inner, p: &Payment, recurrence_result: &str) -> Value {
    let transactions: Vec<Value> = p
        .transactions
        .iter()
        .map(|t| {
            json!({
                "POSTransactionId": t.pos_transaction_id,
                "TransactionId": simple(t.id),
                "Status": t.status,
                "Currency": p.currency,
                "TransactionTime": time_or_min(t.time),
                "RelatedId": t.related.map(simple),
            })
        })
        .collect();
    json!({
        "PaymentId": simple(p.id),
        "PaymentRequestId": p.request_id,
        "Status": p.status,
        "QRUrl": Value::Null,
        "RecurrenceResult": recurrence_result,
        "ThreeDSAuthClientData": Value::Null,
        "GatewayUrl": inner.url(&format!("/barion/Pay?id={}", simple(p.id))),
        "RedirectUrl": p.redirect_url,
        "CallbackUrl": p.callback_url,
        "TraceId": p.trace_id,
        "Transactions": transactions,
        "Errors": [],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timespans_in_every_spelling() {
        assert_eq!(parse_timespan("00:30:00"), Some(Duration::minutes(30)));
        assert_eq!(parse_timespan("0:00:30:00"), Some(Duration::minutes(30)));
        assert_eq!(parse_timespan("7.00:00:00"), Some(Duration::days(7)));
        assert_eq!(
            parse_timespan("1:02:03:04"),
            Some(Duration::seconds(93_784))
        );
        assert_eq!(parse_timespan("25:00:00"), None);
        assert_eq!(parse_timespan("soon"), None);
    }
}
