//! Barion's state queries (v4 and legacy v2), `Payment/Complete`, and the charge itself
//! (shared with the payer pages, `Start` of a token payment and `Complete`).

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::{
    ApiError, Caller, CardInfo, POS_ID, POS_NAME, POS_OWNER, PROVIDER, Payment, RecurrenceToken,
    State, callback, find_payment, get_str, send, simple, store, time_or_min,
};
use crate::http::{Reply, refuse_before};
use crate::scenario::{ChargeResult, Scenario};
use crate::state::Inner;
use crate::timefmt;

/// Applies a finished charge: the card's result moves the payment on by its type.
pub(super) fn charge(
    st: &mut State,
    p: &mut Payment,
    result: ChargeResult,
    card: CardInfo,
    now: OffsetDateTime,
) {
    p.three_ds_pending = false;
    p.started.get_or_insert(now);
    p.completed = Some(now);
    p.card = Some(card.clone());
    let (status, tx_status) = match result {
        ChargeResult::Approved => match p.payment_type {
            "Reservation" => {
                p.reserved_until = Some(now + p.reservation_period);
                p.completed = None;
                ("Reserved", "Reserved")
            }
            "DelayedCapture" => {
                p.delayed_capture_until = Some(now + p.delayed_capture_period);
                p.completed = None;
                ("Authorized", "Authorized")
            }
            _ => ("Succeeded", "Succeeded"),
        },
        ChargeResult::Cancelled => ("Canceled", "Rejected"),
        _ => ("Failed", "Rejected"),
    };
    p.status = status;
    p.process_result = Some(match result {
        ChargeResult::Approved => "Successful",
        ChargeResult::Declined => "Declined",
        ChargeResult::InsufficientFunds => "LowFunds",
        ChargeResult::AuthenticationFailed => "FailedDuringAuthentication",
        ChargeResult::Cancelled => "Unknown",
    });
    if result.is_approved() {
        p.authorization_code = Some(crate::ids::digits(6));
    }
    for t in p.transactions.iter_mut().filter(|t| t.is_payment()) {
        t.status = tx_status;
        t.time = Some(now);
    }
    if result.is_approved()
        && p.initiate_recurrence
        && let Some(rid) = p.recurrence_id.clone()
    {
        let trace = p
            .trace_id
            .get_or_insert_with(|| format!("TRACE-{}", crate::ids::alnum(12)))
            .clone();
        st.tokens.retain(|t| t.id != rid);
        st.tokens.push(RecurrenceToken {
            id: rid,
            card,
            trace_id: trace,
        });
    }
}

fn user(email: Option<&str>) -> Value {
    match email {
        None => Value::Null,
        Some(e) => json!({
            "Name": {"LoginName": e, "FirstName": Value::Null, "LastName": Value::Null, "OrganizationName": Value::Null},
            "Email": e,
        }),
    }
}

/// The `PaymentState` answer; `v4` adds `PaymentMethod`, v2 has `StartedAt` instead.
pub(super) fn state_json(p: &Payment, v4: bool) -> Value {
    let payer = p.card.as_ref().map(|_| {
        p.payer_hint
            .clone()
            .unwrap_or_else(|| "payer@sandbox.barion.example".to_owned())
    });
    let transactions: Vec<Value> = p
        .transactions
        .iter()
        .map(|t| {
            json!({
                "TransactionId": simple(t.id),
                "POSTransactionId": t.pos_transaction_id,
                "TransactionTime": time_or_min(t.time),
                "Total": t.total.to_json(),
                "Currency": p.currency,
                "Payer": if t.is_payment() { user(payer.as_deref()) } else { user(t.payee.as_deref()) },
                "Payee": if t.is_payment() { user(t.payee.as_deref()) } else { user(payer.as_deref()) },
                "Comment": t.comment,
                "Status": t.status,
                "TransactionType": t.kind,
                "Items": t.items,
                "RelatedId": t.related.map(simple),
                "POSId": POS_ID,
                "PaymentId": simple(p.id),
            })
        })
        .collect();
    let funding = p.card.as_ref().map(|c| {
        json!({
            "BankCard": {
                "MaskedPan": c.last4(),
                "BankCardType": c.brand(),
                "ValidThruYear": "2030",
                "ValidThruMonth": "12",
            },
            "AuthorizationCode": p.authorization_code.clone().unwrap_or_default(),
            "ProcessResult": p.process_result,
        })
    });
    let mut answer = json!({
        "PaymentId": simple(p.id),
        "PaymentRequestId": p.request_id,
        "OrderNumber": p.order_number,
        "POSId": POS_ID,
        "POSName": POS_NAME,
        "POSOwnerEmail": POS_OWNER,
        "POSOwnerCountry": "HU",
        "Status": p.status,
        "PaymentType": p.payment_type,
        "FundingSource": p.card.as_ref().map(|_| "BankCard"),
        "FundingInformation": funding,
        "RecurrenceType": p.recurrence_type,
        "TraceId": p.trace_id,
        "AllowedFundingSources": p.funding_sources,
        "GuestCheckout": p.guest_checkout,
        "CreatedAt": timefmt::naive_millis(p.created),
        "CompletedAt": p.completed.map(timefmt::naive_millis),
        "ValidUntil": timefmt::naive_millis(p.valid_until),
        "ReservedUntil": p.reserved_until.map(timefmt::naive_millis),
        "DelayedCaptureUntil": p.delayed_capture_until.map(timefmt::naive_millis),
        "Transactions": transactions,
        "Total": p.current_total().to_json(),
        "Currency": p.currency,
        "SuggestedLocale": p.locale,
        "FraudRiskScore": 0,
        "CallbackUrl": p.callback_url,
        "RedirectUrl": p.redirect_url,
        "Errors": [],
    });
    if let Value::Object(map) = &mut answer {
        if v4 {
            let method = if p.card.is_some() {
                "BankCard"
            } else {
                "Unknown"
            };
            map.insert("PaymentMethod".into(), Value::from(method));
        } else {
            map.insert(
                "StartedAt".into(),
                Value::from(p.started.map(timefmt::naive_millis)),
            );
        }
    }
    answer
}

/// `GET /v4/Payment/{id}/PaymentState` and `GET /v2/Payment/GetPaymentState?PaymentId=`.
pub(super) fn state_query(inner: &Inner, caller: &Caller, raw_id: &str, v4: bool) -> Reply {
    let now = inner.clock.now();
    let st = store(inner);
    let raw = Some(raw_id).filter(|r| !r.trim().is_empty());
    match find_payment(&st, caller, now, raw, &Map::new()) {
        Ok(i) => Reply::json(200, &state_json(&st.payments[i], v4)),
        Err(r) => r,
    }
}

/// `POST /v2/Payment/Complete`: charges a prepared payment whose 3-D Secure step happened
/// off-site.
pub(super) fn complete(inner: &Inner, caller: &Caller, body: &Map<String, Value>) -> Reply {
    let now = inner.clock.now();
    let fault = inner.acting_fault(PROVIDER, Scenario::Approve);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let mut st = store(inner);
    let index = match find_payment(&st, caller, now, get_str(body, "PaymentId"), &Map::new()) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut p = st.payments.remove(index);
    if !matches!(p.status, "Prepared" | "Started") {
        let id = p.id;
        let status = p.status;
        st.payments.insert(index, p);
        return caller.error(
            now,
            ApiError::new("PaymentStatusNotValid", "Payment status not valid")
                .description(format!(
                    "The payment is {status}; only a prepared or started payment can be completed."
                ))
                .payment(id),
        );
    }
    let scenario = p.scenario();
    // The 3-D Secure step is done: only a decline can still stop it.
    let result = match scenario {
        Scenario::ThreeDsRequired => ChargeResult::Approved,
        s => ChargeResult::without_payer(s),
    };
    charge(
        &mut st,
        &mut p,
        result,
        CardInfo {
            number: crate::scenario::cards::APPROVE.to_owned(),
        },
        now,
    );
    let answer = json!({
        "PaymentId": simple(p.id),
        "PaymentRequestId": p.request_id,
        "PaymentStatus": p.status,
        "IsSuccessful": result.is_approved(),
        "TraceId": p.trace_id,
        "Errors": [],
    });
    let out = callback(&p);
    st.payments.insert(index, p);
    drop(st);
    send(inner, out);
    Reply::json(200, &answer).with_fault(fault)
}
