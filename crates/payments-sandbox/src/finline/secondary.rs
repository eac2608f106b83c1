//! Financial Line secondary operations: `/capture`, `/void`, `/refund` and their split forms.
//! Each adds an operation (mode `direct`) to the order.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::{
    Op, Order, PROVIDER, Violations, amount_field, error, not_found, outcome, send, str_field,
    webhook,
};
use crate::amount::Amount;
use crate::http::{Reply, refuse_before};
use crate::scenario::{ChargeResult, Scenario};
use crate::state::{Inner, lock};

fn new_op(
    method: &str,
    amount: Amount,
    result: ChargeResult,
    comment: Option<String>,
    now: OffsetDateTime,
) -> Op {
    let (status, code, text) = outcome(method, result);
    Op {
        operation_id: Some(crate::ids::uuid()),
        transaction_id: result.is_approved().then(crate::ids::uuid),
        mode: "direct",
        method: method.to_owned(),
        amount,
        status,
        status_code: code,
        status_description: Some(text),
        created: now,
        processing_time: Some(now),
        comment,
        redirect_url: None,
    }
}

/// Checks the split list: each part names a sub-merchant, and the parts add up to `total`.
fn check_split(body: &Map<String, Value>, total: Option<Amount>, v: &mut Violations) {
    let Some(Value::Array(parts)) = body.get("split") else {
        v.add("split", "Missing required field split");
        return;
    };
    let mut sum = Amount::ZERO;
    for part in parts {
        let Some(p) = part.as_object() else {
            v.add("split", "Each split part must be an object");
            continue;
        };
        if str_field(p, "sub_merchant_id").is_none() {
            v.add(
                "split.sub_merchant_id",
                "Missing required field sub_merchant_id",
            );
        }
        if let Some(a) = amount_field(p, "amount", true, v) {
            sum = sum.saturating_add(a);
        }
    }
    if let Some(total) = total
        && sum != total
    {
        v.add(
            "split",
            format!("The split parts add up to {sum}, not {total}"),
        );
    }
}

/// The order and the common checks of a secondary operation: `order_id`, the currency field
/// (`order_currency`, or `currency` for a split refund).
fn order_index(
    st: &super::State,
    body: &Map<String, Value>,
    currency_field: &str,
) -> Result<usize, Reply> {
    let mut v = Violations::new();
    let order_id = str_field(body, "order_id");
    if order_id.is_none() {
        v.add("order_id", "Missing required field order_id");
    }
    let currency = str_field(body, currency_field);
    if currency.is_none() {
        v.add(
            currency_field,
            format!("Missing required field {currency_field}"),
        );
    }
    v.check()?;
    let index = st
        .orders
        .iter()
        .position(|o| Some(o.order_id.as_str()) == order_id)
        .ok_or_else(not_found)?;
    let order = &st.orders[index];
    if Some(order.currency.as_str()) != currency {
        let mut v = Violations::new();
        v.add(
            currency_field,
            format!(
                "Invalid value for {currency_field}: the order is in {}",
                order.currency
            ),
        );
        v.check()?;
    }
    Ok(index)
}

fn not_allowed(order: &Order, what: &str) -> Reply {
    let p = order.primary();
    error(
        400,
        &format!(
            "{what} is not allowed: the order's {} is {}",
            p.method, p.status
        ),
        json!({}),
    )
}

/// Adds `op` to the order at `index`, sends its webhook, answers it.
fn record(
    inner: &Inner,
    st: &mut super::State,
    index: usize,
    op: Op,
    body: &Map<String, Value>,
    fault: Option<crate::scenario::Fault>,
) -> Reply {
    let order = &mut st.orders[index];
    order.operations.push(op);
    let op_index = order.operations.len() - 1;
    let pos_id = inner.config.credentials.finline_pos_id.clone();
    let answer = order.op_json(&order.operations[op_index], &pos_id);
    let out = webhook(inner, order, op_index, str_field(body, "server_url"));
    send(inner, out);
    Reply::json(200, &answer).with_fault(fault)
}

/// `POST /capture` and `POST /split/capture`.
pub(super) fn capture(inner: &Inner, body: &Map<String, Value>, split: bool) -> Reply {
    let now = inner.clock.now();
    let mut st = lock(&inner.finline);
    let index = match order_index(&st, body, "order_currency") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut v = Violations::new();
    let charge = amount_field(body, "charge_amount", split, &mut v);
    if split {
        check_split(body, charge, &mut v);
    }
    if let Err(r) = v.check() {
        return r;
    }
    let order = &st.orders[index];
    let p = order.primary();
    if p.method != "auth" || p.status != "success" || order.captured().is_some() || order.voided() {
        return not_allowed(order, "Capture");
    }
    let amount = charge.unwrap_or(p.amount);
    if amount > p.amount {
        let mut v = Violations::new();
        v.add(
            "charge_amount",
            format!(
                "Invalid value for charge_amount: more than the authorized {}",
                p.amount
            ),
        );
        if let Err(r) = v.check() {
            return r;
        }
    }
    let scenario = charge.map_or(Scenario::Approve, |a| {
        Scenario::for_amount(a, &order.currency).faults_only()
    });
    let fault = inner.acting_fault(PROVIDER, scenario);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let comment = str_field(body, "comment").map(str::to_owned);
    let op = new_op("capture", amount, ChargeResult::Approved, comment, now);
    record(inner, &mut st, index, op, body, fault)
}

/// `POST /void`.
pub(super) fn void(inner: &Inner, body: &Map<String, Value>) -> Reply {
    let now = inner.clock.now();
    let mut st = lock(&inner.finline);
    let index = match order_index(&st, body, "order_currency") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let order = &st.orders[index];
    let p = order.primary();
    if p.method != "auth" || p.status != "success" || order.captured().is_some() || order.voided() {
        return not_allowed(order, "Void");
    }
    let amount = p.amount;
    let fault = inner.acting_fault(PROVIDER, Scenario::Approve);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let comment = str_field(body, "comment").map(str::to_owned);
    let op = new_op("void", amount, ChargeResult::Approved, comment, now);
    record(inner, &mut st, index, op, body, fault)
}

/// `POST /refund` and `POST /split/refund`. Refunding more than is left is a `failure`
/// operation (code `2122`), as Financial Line answers it.
pub(super) fn refund(inner: &Inner, body: &Map<String, Value>, split: bool) -> Reply {
    let now = inner.clock.now();
    let currency_field = if split { "currency" } else { "order_currency" };
    let mut st = lock(&inner.finline);
    let index = match order_index(&st, body, currency_field) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut v = Violations::new();
    let requested = amount_field(body, "refund_amount", split, &mut v);
    if split {
        check_split(body, requested, &mut v);
    }
    if let Err(r) = v.check() {
        return r;
    }
    let order = &st.orders[index];
    let p = order.primary();
    let paid = match (p.method.as_str(), p.status) {
        ("purchase", "success") => Some(p.amount),
        ("auth", "success") => order.captured(),
        _ => None,
    };
    let Some(paid) = paid else {
        return not_allowed(order, "Refund");
    };
    let left = paid.checked_sub(order.refunded()).unwrap_or_default();
    let amount = requested.unwrap_or(left);
    let scenario = requested.map_or(Scenario::Approve, |a| {
        Scenario::for_amount(a, &order.currency).faults_only()
    });
    let fault = inner.acting_fault(PROVIDER, scenario);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let comment = str_field(body, "comment").map(str::to_owned);
    let op = if amount.is_positive() && amount <= left {
        new_op("refund", amount, ChargeResult::Approved, comment, now)
    } else {
        let mut op = new_op("refund", amount, ChargeResult::Declined, comment, now);
        op.status_code = Some("2122");
        op.status_description = Some("Refund amount exceeds the captured amount".to_owned());
        op
    };
    record(inner, &mut st, index, op, body, fault)
}
