//! Barion's follow-up operations: `FinishReservation`, `Capture`, `CancelAuthorization`,
//! `Refund`, and the deadlines (payment window, reservation and capture periods).

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    ApiError, Caller, PROVIDER, Payment, Tx, callback, find_payment, get_ci, get_str, send, simple,
    store, time_or_min,
};
use crate::amount::Amount;
use crate::http::{Reply, refuse_before};
use crate::scenario::Scenario;
use crate::state::Inner;
use crate::webhooks::Outgoing;

/// One transaction to finish, as read from the request.
struct Planned {
    id: Uuid,
    total: Amount,
    comment: Option<String>,
    items: Option<Vec<Value>>,
}

/// Which of the two finishing operations.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Finish {
    /// `FinishReservation` of a `Reserved` `Reservation` payment.
    Reservation,
    /// `Capture` of an `Authorized` `DelayedCapture` payment.
    Capture,
}

fn processed(t: &Tx) -> Value {
    json!({
        "POSTransactionId": t.pos_transaction_id,
        "TransactionId": simple(t.id),
        "Status": t.status,
        "TransactionTime": time_or_min(t.time),
        "RelatedId": t.related.map(simple),
    })
}

fn finish_answer(p: &Payment, ids: &[Uuid]) -> Value {
    let txs: Vec<Value> = p
        .transactions
        .iter()
        .filter(|t| ids.contains(&t.id))
        .map(processed)
        .collect();
    json!({
        "IsSuccessful": true,
        "PaymentId": simple(p.id),
        "PaymentRequestId": p.request_id,
        "Status": p.status,
        "Transactions": txs,
        "Errors": [],
    })
}

fn skeleton(id: Option<&str>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("IsSuccessful".into(), Value::Bool(false));
    m.insert(
        "PaymentId".into(),
        id.map_or(Value::Null, |i| Value::from(i.to_owned())),
    );
    m.insert("Transactions".into(), Value::Array(Vec::new()));
    m
}

/// Finishes transaction `t` with `total` (0 reverses it).
fn finish_tx(t: &mut Tx, total: Amount, now: OffsetDateTime) {
    t.finished = Some(total);
    t.status = if total.is_positive() {
        "Succeeded"
    } else {
        "Reversed"
    };
    t.time = Some(now);
}

/// Marks `p` finished once every payment transaction is.
fn settle_if_done(p: &mut Payment, now: OffsetDateTime) {
    if p.transactions
        .iter()
        .filter(|t| t.is_payment())
        .all(|t| t.finished.is_some())
    {
        p.status = "Succeeded";
        p.completed = Some(now);
    }
}

/// `POST /v2/Payment/FinishReservation` and `POST /v2/Payment/Capture`.
pub(super) fn finish(
    inner: &Inner,
    caller: &Caller,
    body: &Map<String, Value>,
    kind: Finish,
) -> Reply {
    let now = inner.clock.now();
    let raw_id = get_str(body, "PaymentId");
    let base = skeleton(raw_id);
    let mut st = store(inner);
    let index = match find_payment(&st, caller, now, raw_id, &base) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let p = &st.payments[index];
    let (wanted_type, wanted_status) = match kind {
        Finish::Reservation => ("Reservation", "Reserved"),
        Finish::Capture => ("DelayedCapture", "Authorized"),
    };
    if p.payment_type != wanted_type || p.status != wanted_status {
        return caller.reply(
            now,
            base,
            vec![ApiError::new("PaymentStatusNotValid", "Payment status not valid")
                .description(format!(
                    "The payment is a {} payment in status {}; this operation needs a {wanted_type} payment in status {wanted_status}.",
                    p.payment_type, p.status
                ))
                .payment(p.id)],
        );
    }
    let Some(Value::Array(list)) = get_ci(body, "Transactions") else {
        return caller.reply(
            now,
            base,
            vec![ApiError::new(
                "ModelValidationError",
                "The Transactions field is required.",
            )],
        );
    };
    let mut errors = Vec::new();
    let mut plan: Vec<Planned> = Vec::new();
    for item in list {
        let Some(t) = item.as_object() else {
            errors.push(ApiError::new(
                "ModelValidationError",
                "A transaction must be an object.",
            ));
            continue;
        };
        let Some(id) = get_str(t, "TransactionId").and_then(|s| Uuid::parse_str(s).ok()) else {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The TransactionId field must be a GUID.",
            ));
            continue;
        };
        let Some(tx) = p.transactions.iter().find(|x| x.id == id && x.is_payment()) else {
            errors.push(
                ApiError::new(
                    "TransactionDoesNotBelongToPayment",
                    "The transaction does not belong to the payment",
                )
                .payment(p.id),
            );
            continue;
        };
        if tx.finished.is_some() || plan.iter().any(|x| x.id == id) {
            errors.push(
                ApiError::new(
                    "PaymentStatusNotValid",
                    "The transaction is already finished",
                )
                .payment(p.id),
            );
            continue;
        }
        let Some(total) = super::start::amount(t, "Total", &p.currency, true, &mut errors) else {
            continue;
        };
        if total > tx.total {
            errors.push(
                ApiError::new(
                    "ModelValidationError",
                    "The Total cannot exceed the transaction's original amount.",
                )
                .payment(p.id),
            );
            continue;
        }
        let items = match get_ci(t, "Items") {
            Some(Value::Array(items)) => Some(items.clone()),
            _ => None,
        };
        plan.push(Planned {
            id,
            total,
            comment: get_str(t, "Comment").map(str::to_owned),
            items,
        });
    }
    if plan.is_empty() && errors.is_empty() {
        errors.push(ApiError::new(
            "ModelValidationError",
            "The Transactions field must hold at least one transaction.",
        ));
    }
    if !errors.is_empty() {
        return caller.reply(now, base, errors);
    }
    let sum: Amount = plan.iter().map(|x| x.total).sum();
    let fault = inner.acting_fault(
        PROVIDER,
        Scenario::for_amount(sum, &p.currency).faults_only(),
    );
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let p = &mut st.payments[index];
    let ids: Vec<Uuid> = plan.iter().map(|x| x.id).collect();
    for Planned {
        id,
        total,
        comment,
        items,
    } in plan
    {
        if let Some(t) = p.transactions.iter_mut().find(|t| t.id == id) {
            finish_tx(t, total, now);
            if comment.is_some() {
                t.comment = comment;
            }
            if let Some(items) = items {
                t.items = items;
            }
        }
    }
    settle_if_done(p, now);
    let answer = finish_answer(p, &ids);
    let out = callback(p);
    drop(st);
    send(inner, out);
    Reply::json(200, &answer).with_fault(fault)
}

/// Releases every transaction of an authorized payment (the payment finishes with 0).
fn release(p: &mut Payment, now: OffsetDateTime) {
    for t in p
        .transactions
        .iter_mut()
        .filter(|t| t.is_payment() && t.finished.is_none())
    {
        finish_tx(t, Amount::ZERO, now);
    }
    settle_if_done(p, now);
}

/// `POST /v2/Payment/CancelAuthorization`.
pub(super) fn cancel_authorization(
    inner: &Inner,
    caller: &Caller,
    body: &Map<String, Value>,
) -> Reply {
    let now = inner.clock.now();
    let raw_id = get_str(body, "PaymentId");
    let base = skeleton(raw_id);
    let fault = inner.acting_fault(PROVIDER, Scenario::Approve);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let mut st = store(inner);
    let index = match find_payment(&st, caller, now, raw_id, &base) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let p = &mut st.payments[index];
    if p.payment_type != "DelayedCapture" || p.status != "Authorized" {
        let (id, status) = (p.id, p.status);
        return caller.reply(
            now,
            base,
            vec![ApiError::new("PaymentStatusNotValid", "Payment status not valid")
                .description(format!("Only an authorized DelayedCapture payment can be cancelled; this one is {status}."))
                .payment(id)],
        );
    }
    release(p, now);
    let ids: Vec<Uuid> = p
        .transactions
        .iter()
        .filter(|t| t.is_payment())
        .map(|t| t.id)
        .collect();
    let answer = finish_answer(p, &ids);
    let out = callback(p);
    drop(st);
    send(inner, out);
    Reply::json(200, &answer).with_fault(fault)
}

/// `POST /v2/Payment/Refund`.
pub(super) fn refund(inner: &Inner, caller: &Caller, body: &Map<String, Value>) -> Reply {
    let now = inner.clock.now();
    let raw_id = get_str(body, "PaymentId");
    let mut base = Map::new();
    base.insert(
        "PaymentId".into(),
        raw_id.map_or(Value::Null, |i| Value::from(i.to_owned())),
    );
    base.insert("RefundedTransactions".into(), Value::Array(Vec::new()));
    let mut st = store(inner);
    let index = match find_payment(&st, caller, now, raw_id, &base) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let p = &st.payments[index];
    if !matches!(p.status, "Succeeded" | "PartiallySucceeded") {
        return caller.reply(
            now,
            base,
            vec![
                ApiError::new("PaymentStatusNotValid", "Payment status not valid")
                    .description("The payment must be Succeeded to refund.")
                    .payment(p.id),
            ],
        );
    }
    let Some(Value::Array(list)) = get_ci(body, "TransactionsToRefund") else {
        return caller.reply(
            now,
            base,
            vec![ApiError::new(
                "ModelValidationError",
                "The TransactionsToRefund field is required.",
            )],
        );
    };
    let mut errors = Vec::new();
    let mut plan: Vec<(Uuid, Amount, Option<String>)> = Vec::new();
    for item in list {
        let Some(t) = item.as_object() else {
            errors.push(ApiError::new(
                "ModelValidationError",
                "A transaction to refund must be an object.",
            ));
            continue;
        };
        let Some(id) = get_str(t, "TransactionId").and_then(|s| Uuid::parse_str(s).ok()) else {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The TransactionId field must be a GUID.",
            ));
            continue;
        };
        if get_str(t, "POSTransactionId").is_none() {
            errors.push(ApiError::new(
                "ModelValidationError",
                "The POSTransactionId field is required.",
            ));
        }
        let Some(tx) = p.transactions.iter().find(|x| x.id == id) else {
            errors.push(
                ApiError::new(
                    "TransactionDoesNotBelongToPayment",
                    "The transaction does not belong to the payment",
                )
                .payment(p.id),
            );
            continue;
        };
        if !tx.is_payment() {
            errors.push(
                ApiError::new(
                    "InvalidTransactionType",
                    "Only card payment transactions can be refunded",
                )
                .payment(p.id),
            );
            continue;
        }
        let Some(amount) =
            super::start::amount(t, "AmountToRefund", &p.currency, false, &mut errors)
        else {
            continue;
        };
        let already: Amount = plan
            .iter()
            .filter(|(x, ..)| *x == id)
            .map(|(_, a, _)| *a)
            .sum();
        let left = tx
            .effective()
            .checked_sub(tx.refunded)
            .and_then(|l| l.checked_sub(already))
            .unwrap_or_default();
        if amount > left || tx.status != "Succeeded" {
            errors.push(
                ApiError::new(
                    "ModelValidationError",
                    "The AmountToRefund exceeds the refundable amount of the transaction.",
                )
                .description(format!(
                    "At most {left} {} can still be refunded.",
                    p.currency
                ))
                .payment(p.id),
            );
            continue;
        }
        plan.push((id, amount, get_str(t, "Comment").map(str::to_owned)));
    }
    if plan.is_empty() && errors.is_empty() {
        errors.push(ApiError::new(
            "ModelValidationError",
            "The TransactionsToRefund field must hold at least one transaction.",
        ));
    }
    if !errors.is_empty() {
        return caller.reply(now, base, errors);
    }
    let sum: Amount = plan.iter().map(|(_, a, _)| *a).sum();
    let fault = inner.acting_fault(
        PROVIDER,
        Scenario::for_amount(sum, &p.currency).faults_only(),
    );
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let p = &mut st.payments[index];
    let mut refunded = Vec::new();
    for (id, amount, comment) in plan {
        let Some(original) = p.transactions.iter_mut().find(|t| t.id == id) else {
            continue;
        };
        original.refunded = original.refunded.saturating_add(amount);
        let refund = Tx {
            id: crate::ids::uuid(),
            pos_transaction_id: original.pos_transaction_id.clone(),
            payee: original.payee.clone(),
            total: amount,
            finished: None,
            refunded: Amount::ZERO,
            comment,
            items: Vec::new(),
            status: "Succeeded",
            kind: "Refund",
            related: Some(id),
            time: Some(now),
        };
        refunded.push(json!({
            "TransactionId": simple(refund.id),
            "POSTransactionId": refund.pos_transaction_id,
            "Total": amount.to_json(),
            "Comment": refund.comment,
            "Status": "Succeeded",
        }));
        p.transactions.push(refund);
    }
    let answer = json!({
        "PaymentId": simple(p.id),
        "RefundedTransactions": refunded,
        "Errors": [],
    });
    let out = callback(p);
    drop(st);
    send(inner, out);
    Reply::json(200, &answer).with_fault(fault)
}

/// Applies the deadlines that passed: unpaid payments expire, reservations finish with 0,
/// authorizations are released.
pub(crate) fn sweep(inner: &Inner) {
    let now = inner.clock.now();
    let mut out: Vec<Outgoing> = Vec::new();
    {
        let mut st = store(inner);
        for p in &mut st.payments {
            let changed = match p.status {
                "Prepared" | "Started" if p.valid_until <= now => {
                    p.status = "Expired";
                    p.three_ds_pending = false;
                    for t in p.transactions.iter_mut().filter(|t| t.is_payment()) {
                        t.status = "Expired";
                    }
                    true
                }
                "Reserved" if p.reserved_until.is_some_and(|u| u <= now) => {
                    release(p, now);
                    true
                }
                "Authorized" if p.delayed_capture_until.is_some_and(|u| u <= now) => {
                    release(p, now);
                    true
                }
                _ => false,
            };
            if changed && let Some(o) = callback(p) {
                out.push(o);
            }
        }
    }
    for o in out {
        inner.send_webhook(o);
    }
}
