//! Askell plans (read-only, seeded) and v1 subscriptions (`/subscriptions/...`).

use http::Method;
use serde_json::{Map, Value, json};
use time::{Date, Duration, OffsetDateTime};

use super::hooks::{emit, send_all};
use super::{
    FieldErrors, State, body, business_error, list_answer, not_found, required_string, string_field,
};
use crate::amount::Amount;
use crate::http::{ApiRequest, Reply};
use crate::state::{Inner, lock};
use crate::timefmt;

/// A plan (the account's catalogue; the API only reads it).
pub(crate) struct Plan {
    pub(crate) id: i64,
    name: &'static str,
    alternative_name: Option<&'static str>,
    reference: &'static str,
    interval: &'static str,
    interval_count: i64,
    amount: Amount,
    currency: &'static str,
    trial_period_days: i64,
    description: Option<&'static str>,
    private: bool,
    electronic_only: bool,
    processor: Option<(i64, &'static str, &'static str)>,
}

impl Plan {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "alternative_name": self.alternative_name,
            "reference": self.reference,
            "interval": self.interval,
            "interval_count": self.interval_count,
            "amount": self.amount.fixed(4),
            "currency": self.currency,
            "trial_period_days": self.trial_period_days,
            "description": self.description,
            "enabled": true,
            "private": self.private,
            "electronic_only": self.electronic_only,
            "payment_processor": self.processor.map(|(id, name, kind)| json!({"id": id, "name": name, "type": kind})),
        })
    }

    /// The end of one billing period starting at `from`.
    fn period_end(&self, from: OffsetDateTime) -> OffsetDateTime {
        let n = self.interval_count.max(1);
        match self.interval {
            "day" => from + Duration::days(n),
            "week" => from + Duration::weeks(n),
            "year" => add_months(from, n * 12),
            _ => add_months(from, n),
        }
    }
}

fn add_months(t: OffsetDateTime, months: i64) -> OffsetDateTime {
    let total = i64::from(t.year()) * 12 + i64::from(u8::from(t.month())) - 1 + months;
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(9999);
    let month = time::Month::try_from(u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1))
        .unwrap_or(time::Month::January);
    let last_day = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, t.day().min(last_day)).map_or(t, |d| t.replace_date(d))
}

/// The two plans of the sandbox account (as in `fixtures/askell/plan-list.json`).
pub(crate) fn seed_plans() -> Vec<Plan> {
    vec![
        Plan {
            id: 1,
            name: "Name of the plan.",
            alternative_name: Some("A slightly longer name or more descriptive."),
            reference: "SKU-1",
            interval: "month",
            interval_count: 1,
            amount: Amount::from_units(1),
            currency: "USD",
            trial_period_days: 0,
            description: Some("A longer description."),
            private: false,
            electronic_only: true,
            processor: Some((1, "Adyen processor", "adyen")),
        },
        Plan {
            id: 2,
            name: "Ársáskrift",
            alternative_name: None,
            reference: "SKU-2",
            interval: "year",
            interval_count: 1,
            amount: Amount::from_units(19990),
            currency: "ISK",
            trial_period_days: 14,
            description: None,
            private: true,
            electronic_only: false,
            processor: None,
        },
    ]
}

/// One billing log line (only trials are logged by the sandbox).
struct BillingLog {
    id: i64,
    kind: &'static str,
    date: OffsetDateTime,
    up_to: OffsetDateTime,
}

/// A v1 subscription.
pub(crate) struct Subscription {
    id: i64,
    pub(crate) customer_id: i64,
    plan_id: i64,
    reference: String,
    description: Option<String>,
    start_date: OffsetDateTime,
    trial_end: Option<OffsetDateTime>,
    active_until: OffsetDateTime,
    cancel_date: Option<OffsetDateTime>,
    token: Option<String>,
    logs: Vec<BillingLog>,
}

/// A subscription to create.
pub(crate) struct NewSubscription {
    plan: i64,
    reference: String,
    start_date: Option<OffsetDateTime>,
    description: Option<String>,
}

fn decimal_field(map: &Map<String, Value>, name: &str, errors: &mut FieldErrors) -> Option<Amount> {
    let v = map.get(name)?;
    if v.is_null() {
        return None;
    }
    let a = Amount::from_json(v);
    if a.is_none() {
        errors.add(name, "A valid number is required.");
    }
    a
}

/// Reads a subscription to create (`subscriptions/add/`, an item of `multi/`).
pub(crate) fn read_new(st: &State, map: &Map<String, Value>) -> Result<NewSubscription, Reply> {
    let mut errors = FieldErrors::new();
    let plan = match map.get("plan") {
        Some(Value::Number(n)) if n.is_i64() => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        None | Some(Value::Null) => {
            errors.add("plan", "This field is required.");
            None
        }
        Some(_) => None,
    };
    match plan {
        Some(p) if !st.plans.iter().any(|pl| pl.id == p) => {
            errors.add(
                "plan",
                format!("Invalid pk \"{p}\" - object does not exist."),
            );
        }
        None if map.get("plan").is_some_and(|v| !v.is_null()) => {
            errors.add("plan", "Incorrect type. Expected pk value.");
        }
        _ => {}
    }
    let reference = required_string(map, "reference", 256, &mut errors);
    let start_date = match string_field(map, "start_date", &mut errors) {
        Some(s) => {
            let t = timefmt::parse_rfc3339(&s);
            if t.is_none() {
                errors.add("start_date", "Datetime has wrong format.");
            }
            t
        }
        None => None,
    };
    // `amount` and `discount` change the charges, which the v1 Subscription does not show.
    decimal_field(map, "amount", &mut errors);
    let discount = decimal_field(map, "discount", &mut errors);
    if discount.is_some_and(|d| d.is_negative() || d > Amount::from_units(100)) {
        errors.add("discount", "Ensure this value is between 0 and 100.");
    }
    let description = string_field(map, "description", &mut errors);
    errors.check()?;
    Ok(NewSubscription {
        plan: plan.unwrap_or_default(),
        reference: reference.unwrap_or_default(),
        start_date,
        description,
    })
}

impl Subscription {
    /// Creates `new` for the customer at `customer`; returns its index.
    pub(crate) fn create(
        st: &mut State,
        customer: usize,
        new: NewSubscription,
        now: OffsetDateTime,
    ) -> usize {
        let start = new.start_date.unwrap_or(now);
        let (trial_days, period_end) = {
            let plan = st.plans.iter().find(|p| p.id == new.plan);
            (
                plan.map_or(0, |p| p.trial_period_days),
                plan.map_or(start, |p| p.period_end(start)),
            )
        };
        let trial_end = (trial_days > 0).then(|| start + Duration::days(trial_days));
        let mut logs = Vec::new();
        if let Some(end) = trial_end {
            let id = st.next_id();
            logs.push(BillingLog {
                id,
                kind: "trial",
                date: start,
                up_to: end,
            });
        }
        let id = st.next_id();
        let c = &st.customers[customer];
        let token = c.active_card(now).map(|m| m.token.clone());
        st.subscriptions.push(Subscription {
            id,
            customer_id: c.id,
            plan_id: new.plan,
            reference: new.reference,
            description: new.description,
            start_date: start,
            trial_end,
            active_until: trial_end.unwrap_or(period_end),
            cancel_date: None,
            token,
            logs,
        });
        st.subscriptions.len() - 1
    }

    fn is_active(&self, now: OffsetDateTime) -> bool {
        self.active_until > now
    }

    /// The wire form, as of `now`.
    pub(crate) fn to_json(&self, st: &State, now: OffsetDateTime) -> Value {
        let plan = st
            .plans
            .iter()
            .find(|p| p.id == self.plan_id)
            .map_or(Value::Null, Plan::to_json);
        let logs: Vec<Value> = self
            .logs
            .iter()
            .map(|l| {
                json!({
                    "id": l.id,
                    "billing_log_type": l.kind,
                    "billing_date": timefmt::seconds_z(l.date),
                    "plan_billed_up_to": timefmt::seconds_z(l.up_to),
                    "total": Value::Null,
                    "transaction": Value::Null,
                })
            })
            .collect();
        let ended = self.cancel_date.is_some() && !self.is_active(now);
        json!({
            "id": self.id,
            "trial_end": self.trial_end.map(timefmt::seconds_z),
            "start_date": timefmt::seconds_z(self.start_date),
            "ended_at": if ended { Some(timefmt::seconds_z(self.active_until)) } else { None },
            "active_until": timefmt::seconds_z(self.active_until),
            "reference": self.reference,
            "description": self.description,
            "is_on_trial": self.trial_end.is_some_and(|t| t > now),
            "active": self.is_active(now),
            "cancelled": self.cancel_date.is_some(),
            "cancel_date": self.cancel_date.map(timefmt::micros_z),
            "meta": Value::Null,
            "token": self.token,
            "customer": self.customer_id,
            "plan": plan,
            "billing_logs": logs,
        })
    }
}

/// `POST /subscriptions/multi/`: customer, card token and subscriptions in one call.
fn create_multi(
    inner: &Inner,
    st: &mut State,
    map: &Map<String, Value>,
    now: OffsetDateTime,
) -> Reply {
    let Some(Value::Object(customer)) = map.get("customer") else {
        let mut e = FieldErrors::new();
        e.add("customer", "This field is required.");
        return e.check().err().unwrap_or_else(|| Reply::empty(400));
    };
    let input = match super::customers::read_customer(customer, false) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let Some(Value::Array(items)) = map.get("subscriptions") else {
        let mut e = FieldErrors::new();
        e.add("subscriptions", "This field is required.");
        return e.check().err().unwrap_or_else(|| Reply::empty(400));
    };
    let mut news = Vec::new();
    for item in items {
        let Value::Object(item) = item else {
            return business_error("Each subscription must be an object");
        };
        match read_new(st, item) {
            Ok(n) => news.push(n),
            Err(r) => return r,
        }
    }
    let token = map
        .get("payment_method")
        .and_then(|p| p.get("token"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let card = match &token {
        Some(t) => match st
            .tokens
            .iter_mut()
            .find(|x| x.token == *t)
            .and_then(super::cards::CardToken::take_ready_card)
        {
            Some(c) => Some(c),
            None => {
                return business_error("The payment method token is not ready or was already used");
            }
        },
        None => None,
    };
    let index = match super::customers::create(st, input) {
        Ok(i) => i,
        Err(r) => return r,
    };
    if let (Some(t), Some(c)) = (token, card) {
        st.customers[index].attach(t, c);
    }
    let created: Vec<usize> = news
        .into_iter()
        .map(|n| Subscription::create(st, index, n, now))
        .collect();
    let customer = st.customers[index].to_json();
    let subs: Vec<Value> = created
        .iter()
        .map(|i| st.subscriptions[*i].to_json(st, now))
        .collect();
    let mut out = emit(st, "customer.created", &customer);
    for s in &subs {
        out.extend(emit(st, "subscription.created", s));
    }
    send_all(inner, out);
    Reply::json(201, &json!({"customer": customer, "subscriptions": subs}))
}

/// `/subscriptions/...`.
pub(crate) fn handle(inner: &Inner, req: &ApiRequest, rest: &[&str]) -> Reply {
    let map = match body(req) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let now = inner.clock.now();
    let mut st = lock(&inner.askell);
    match (&req.method, rest) {
        (&Method::GET, []) => {
            let mut subs: Vec<&Subscription> = st.subscriptions.iter().collect();
            match req.query("ordering") {
                Some("active_until") => subs.sort_by_key(|s| s.active_until),
                Some("-active_until") => subs.sort_by_key(|s| std::cmp::Reverse(s.active_until)),
                Some("start_date") => subs.sort_by_key(|s| s.start_date),
                Some("-start_date") => subs.sort_by_key(|s| std::cmp::Reverse(s.start_date)),
                _ => {}
            }
            let items = subs.iter().map(|s| s.to_json(&st, now)).collect();
            list_answer(inner, req, items)
        }
        (&Method::POST, ["multi"]) => create_multi(inner, &mut st, &map, now),
        (method, [id, tail @ ..]) => {
            let Some(index) = id
                .parse::<i64>()
                .ok()
                .and_then(|id| st.subscriptions.iter().position(|s| s.id == id))
            else {
                return not_found();
            };
            match (method, tail) {
                (&Method::GET, []) => Reply::json(200, &st.subscriptions[index].to_json(&st, now)),
                (&Method::PATCH, []) => patch(inner, &mut st, index, &map, now),
                (&Method::POST, ["cancel"]) => {
                    let sub = &mut st.subscriptions[index];
                    if sub.cancel_date.is_some() {
                        return business_error("Subscription is already canceled");
                    }
                    sub.cancel_date = Some(now);
                    changed(inner, &st, index, now);
                    Reply::json(201, &json!({"state": "canceled"}))
                }
                (&Method::POST, ["activate"]) => {
                    let sub = &mut st.subscriptions[index];
                    if sub.cancel_date.is_none() {
                        return business_error("Subscription is not canceled");
                    }
                    if !sub.is_active(now) {
                        return business_error("The paid period of the subscription has ended");
                    }
                    sub.cancel_date = None;
                    changed(inner, &st, index, now);
                    Reply::json(200, &json!({"state": "active"}))
                }
                (&Method::POST, ["set_expiry"]) => {
                    let mut errors = FieldErrors::new();
                    let expires = required_string(&map, "expires", 64, &mut errors);
                    let expires = expires.and_then(|e| {
                        let t = timefmt::parse_rfc3339(&e);
                        if t.is_none() {
                            errors.add("expires", "Datetime has wrong format.");
                        }
                        t
                    });
                    if let Err(r) = errors.check() {
                        return r;
                    }
                    let sub = &mut st.subscriptions[index];
                    sub.active_until = expires.unwrap_or(now);
                    let state = if sub.is_active(now) {
                        "active"
                    } else {
                        "expired"
                    };
                    changed(inner, &st, index, now);
                    Reply::json(200, &json!({"state": state}))
                }
                _ => not_found(),
            }
        }
        _ => not_found(),
    }
}

fn changed(inner: &Inner, st: &State, index: usize, now: OffsetDateTime) {
    let data = st.subscriptions[index].to_json(st, now);
    send_all(inner, emit(st, "subscription.changed", &data));
}

fn patch(
    inner: &Inner,
    st: &mut State,
    index: usize,
    map: &Map<String, Value>,
    now: OffsetDateTime,
) -> Reply {
    let mut errors = FieldErrors::new();
    let plan = match map.get("plan") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let id = v.get("id").and_then(Value::as_i64);
            match id {
                Some(id) if st.plans.iter().any(|p| p.id == id) => Some(id),
                Some(id) => {
                    errors.add(
                        "plan",
                        format!("Invalid pk \"{id}\" - object does not exist."),
                    );
                    None
                }
                None => {
                    errors.add("plan", "Expected an object with an `id`.");
                    None
                }
            }
        }
    };
    // `amount` and `discount` change the next charge, which the v1 Subscription does not show.
    decimal_field(map, "amount", &mut errors);
    let discount = decimal_field(map, "discount", &mut errors);
    if discount.is_some_and(|d| d.is_negative() || d > Amount::from_units(100)) {
        errors.add("discount", "Ensure this value is between 0 and 100.");
    }
    let description = string_field(map, "description", &mut errors);
    if let Err(r) = errors.check() {
        return r;
    }
    let sub = &mut st.subscriptions[index];
    if let Some(p) = plan {
        sub.plan_id = p;
    }
    if description.is_some() {
        sub.description = description;
    }
    changed(inner, st, index, now);
    Reply::json(200, &st.subscriptions[index].to_json(st, now))
}
