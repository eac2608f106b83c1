//! Resid (Iran), under `/resid/api/v1`: merchants (form or multipart), payment requests
//! (form), collect within 20 minutes of creation, the payment query and the report list; the
//! raw `Authorization: <code>` header; every answer in the `{message, info, errors}` envelope,
//! times in Iran Standard Time (`+03:30`) with microseconds.
//!
//! Payer pages: `/resid/pay/{token}` (Resid documents no payer URL; this is the sandbox's) and
//! its 3-D Secure step `/resid/3ds/{token}`. Merchant logos are served at
//! `/resid/media/merchants/{id}/logo`.

use std::sync::Arc;

use axum::extract::{FromRequest, Multipart};
use bytes::Bytes;
use http::Method;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

mod pages;

use crate::Provider;
use crate::http::{ApiRequest, Reply, form_value, refuse_before};
use crate::scenario::Scenario;
use crate::state::{Inner, lock};
use crate::timefmt;

const PROVIDER: Provider = Provider::Resid;

/// Resid's collect window, counted from the payment request's creation.
const COLLECT_WINDOW: Duration = Duration::minutes(20);

/// Resid's store.
#[derive(Default)]
pub(crate) struct State {
    merchants: Vec<Merchant>,
    payments: Vec<Payment>,
}

struct Merchant {
    id: String,
    first_name: String,
    last_name: String,
    phone_number: String,
    national_no: String,
    sheba: String,
    bank_code: i64,
    job_title: String,
    logo: Option<(String, Bytes)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stage {
    /// Created; the payer has not paid.
    Unpaid,
    /// The payer paid at the bank; waiting for collect (wire state `pending`).
    Paid,
    /// Collected (wire state `success`).
    Collected,
    /// The bank payment failed (wire state `failure`).
    Failed,
    /// Not collected in time: returned to the payer (wire state `refunded`).
    Returned,
}

struct Payment {
    token: String,
    merchant: String,
    amount: i64,
    description: String,
    payload: String,
    auto_collect: bool,
    method: String,
    created: OffsetDateTime,
    stage: Stage,
    payer: Option<String>,
    tip: i64,
    rrn: Option<String>,
    state_error: Option<&'static str>,
    paid: Option<OffsetDateTime>,
    three_ds_pending: bool,
}

impl Payment {
    fn to_json(&self, st: &State, inner: &Inner) -> Value {
        let merchant = st.merchants.iter().find(|m| m.id == self.merchant);
        let outcome = match self.stage {
            Stage::Unpaid => Value::Null,
            stage => json!({
                "rrn": self.rrn,
                "total_amount": if stage == Stage::Failed { 0 } else { self.amount + self.tip },
                "tip": self.tip,
                "state": match stage {
                    Stage::Paid => "pending",
                    Stage::Collected => "success",
                    Stage::Returned => "refunded",
                    _ => "failure",
                },
                "state_error": self.state_error,
                "method": self.method,
            }),
        };
        json!({
            "merchant": {
                "display_name": merchant.map(|m| format!("{} {}", m.first_name, m.last_name)).unwrap_or_default(),
                "display_image": merchant.filter(|m| m.logo.is_some()).map(|m| inner.url(&format!("/resid/media/merchants/{}/logo", m.id))).unwrap_or_default(),
                "display_biz_name": merchant.map(|m| m.job_title.clone()).unwrap_or_default(),
            },
            "description": self.description,
            "payer": self.payer,
            "created": timefmt::iran_micros(self.created),
            "amount": self.amount,
            "paid": self.paid.map(timefmt::iran_micros),
            "token": self.token,
            "outcome": outcome,
            "payload": self.payload,
        })
    }
}

fn ok(info: Value) -> Reply {
    let mut body = serde_json::Map::new();
    body.insert("message".into(), Value::from("OK"));
    body.insert("info".into(), info);
    body.insert("errors".into(), Value::Array(Vec::new()));
    Reply::json(200, &Value::Object(body))
}

/// An error in Resid's envelope: `message`, empty `info`, and one `{field, message}` per
/// problem in `errors`.
fn fail(status: u16, message: &str, errors: Vec<(Option<&str>, String)>) -> Reply {
    let errors: Vec<Value> = errors
        .into_iter()
        .map(|(field, text)| json!({"field": field, "message": text}))
        .collect();
    Reply::json(
        status,
        &json!({"message": message, "info": {}, "errors": errors}),
    )
}

fn fail_one(status: u16, message: &str) -> Reply {
    fail(status, message, vec![(None, message.to_owned())])
}

/// The fields of a form, multipart or JSON body, with the uploaded `logo` if any.
async fn fields(
    req: &ApiRequest,
) -> Result<(Vec<(String, String)>, Option<(String, Bytes)>), Reply> {
    match req.content_type().as_deref() {
        Some("multipart/form-data") => {
            let mut builder = http::Request::builder().method(Method::POST);
            if let Some(ct) = req.headers.get("content-type") {
                builder = builder.header("content-type", ct);
            }
            let request = builder
                .body(axum::body::Body::from(req.body.clone()))
                .map_err(|_| fail_one(400, "The multipart body could not be read"))?;
            let mut multipart = Multipart::from_request(request, &())
                .await
                .map_err(|_| fail_one(400, "The multipart body could not be read"))?;
            let mut pairs = Vec::new();
            let mut logo = None;
            while let Ok(Some(field)) = multipart.next_field().await {
                let name = field.name().unwrap_or_default().to_owned();
                let is_file = field.file_name().is_some();
                let content_type = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_owned();
                let data = field
                    .bytes()
                    .await
                    .map_err(|_| fail_one(400, "The multipart body could not be read"))?;
                if name == "logo" && is_file {
                    if !data.is_empty() {
                        logo = Some((content_type, data));
                    }
                } else {
                    pairs.push((name, String::from_utf8_lossy(&data).into_owned()));
                }
            }
            Ok((pairs, logo))
        }
        Some(ct) if ct.ends_with("json") => match req.json() {
            Ok(Value::Object(map)) => Ok((
                map.into_iter()
                    .map(|(k, v)| {
                        let v = match v {
                            Value::String(s) => s,
                            other => other.to_string(),
                        };
                        (k, v)
                    })
                    .collect(),
                None,
            )),
            _ => Err(fail_one(400, "The body is not a JSON object")),
        },
        _ => Ok((req.form(), None)),
    }
}

fn all_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// `POST /merchants`.
async fn create_merchant(inner: &Inner, req: &ApiRequest) -> Reply {
    let (pairs, logo) = match fields(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let get = |name: &str| {
        form_value(&pairs, name)
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    let mut errors: Vec<(Option<&str>, String)> = Vec::new();
    for name in [
        "first_name",
        "last_name",
        "phone_number",
        "national_no",
        "sheba",
        "bank_code",
    ] {
        if get(name).is_empty() {
            errors.push((Some(name), "This field is required.".to_owned()));
        }
    }
    let phone = get("phone_number");
    if !phone.is_empty() && (!all_digits(&phone, 11) || !phone.starts_with("09")) {
        errors.push((
            Some("phone_number"),
            "Enter a mobile number of 11 digits starting with 09.".to_owned(),
        ));
    }
    let national = get("national_no");
    if !national.is_empty() && !all_digits(&national, 10) {
        errors.push((
            Some("national_no"),
            "Enter a national code of 10 digits.".to_owned(),
        ));
    }
    let sheba = get("sheba").to_ascii_uppercase();
    let sheba_ok = sheba.len() == 26
        && sheba.starts_with("IR")
        && sheba[2..].bytes().all(|b| b.is_ascii_digit());
    if !sheba.is_empty() && !sheba_ok {
        errors.push((
            Some("sheba"),
            "Enter a Sheba number: IR followed by 24 digits.".to_owned(),
        ));
    }
    let bank_code = get("bank_code").parse::<i64>();
    if !get("bank_code").is_empty() && bank_code.is_err() {
        errors.push((Some("bank_code"), "Enter a whole number.".to_owned()));
    }
    if !errors.is_empty() {
        return fail(400, "Invalid input", errors);
    }
    let merchant = Merchant {
        id: crate::ids::alnum(11),
        first_name: get("first_name"),
        last_name: get("last_name"),
        phone_number: phone,
        national_no: national,
        sheba,
        bank_code: bank_code.unwrap_or_default(),
        job_title: get("job_title"),
        logo,
    };
    let info = json!({
        "id": merchant.id,
        "first_name": merchant.first_name,
        "last_name": merchant.last_name,
        "phone_number": merchant.phone_number,
        "national_no": merchant.national_no,
        "sheba": merchant.sheba,
        "bank_code": merchant.bank_code,
        "job_title": merchant.job_title,
        "logo": merchant.logo.as_ref().map(|_| inner.url(&format!("/resid/media/merchants/{}/logo", merchant.id))),
    });
    lock(&inner.resid).merchants.push(merchant);
    ok(info)
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" | "" => Some(false),
        _ => None,
    }
}

/// `POST /payments`.
async fn create_payment(inner: &Inner, req: &ApiRequest) -> Reply {
    let (pairs, _) = match fields(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let get = |name: &str| {
        form_value(&pairs, name)
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    let mut errors: Vec<(Option<&str>, String)> = Vec::new();
    let amount = get("amount").parse::<i64>();
    match &amount {
        Ok(a) if *a > 0 => {}
        _ => errors.push((
            Some("amount"),
            "Enter a positive whole amount (rials).".to_owned(),
        )),
    }
    let merchant = get("merchant");
    if merchant.is_empty() {
        errors.push((Some("merchant"), "This field is required.".to_owned()));
    }
    let auto_collect = parse_bool(&get("auto_collect"));
    if auto_collect.is_none() {
        errors.push((Some("auto_collect"), "Enter true or false.".to_owned()));
    }
    if !errors.is_empty() {
        return fail(400, "Invalid input", errors);
    }
    let amount = amount.unwrap_or_default();
    let now = inner.clock.now();
    let mut st = lock(&inner.resid);
    if !st.merchants.iter().any(|m| m.id == merchant) {
        return fail(
            400,
            "Invalid input",
            vec![(
                Some("merchant"),
                "No merchant with this identifier.".to_owned(),
            )],
        );
    }
    let scenario = Scenario::from_code(u8::try_from(amount.rem_euclid(100)).unwrap_or(0));
    let fault = inner.acting_fault(PROVIDER, scenario);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let preferred = get("preferred_method");
    let token = crate::ids::alnum(9);
    st.payments.push(Payment {
        token: token.clone(),
        merchant,
        amount,
        description: get("description"),
        payload: get("payload"),
        auto_collect: auto_collect.unwrap_or(false),
        method: if preferred.is_empty() {
            "asanpardakht".to_owned()
        } else {
            preferred
        },
        created: now,
        stage: Stage::Unpaid,
        payer: None,
        tip: 0,
        rrn: None,
        state_error: None,
        paid: None,
        three_ds_pending: false,
    });
    ok(json!({"token": token})).with_fault(fault)
}

/// `POST /payments/{token}/collect`.
fn collect(inner: &Inner, token: &str) -> Reply {
    let now = inner.clock.now();
    let fault = inner.acting_fault(PROVIDER, Scenario::Approve);
    if let Some(reply) = refuse_before(fault) {
        return reply;
    }
    let mut st = lock(&inner.resid);
    let Some(p) = st.payments.iter_mut().find(|p| p.token == token) else {
        return fail_one(404, "Payment not found");
    };
    match p.stage {
        Stage::Paid if now < p.created + COLLECT_WINDOW => {
            p.stage = Stage::Collected;
            p.paid = Some(now);
            ok(json!({})).with_fault(fault)
        }
        Stage::Paid | Stage::Returned => fail_one(
            400,
            "The collect window (20 minutes from creation) has passed; the payment was returned to the payer",
        ),
        Stage::Unpaid => fail_one(400, "The payment has not been paid yet"),
        Stage::Collected => fail_one(400, "The payment is already collected"),
        Stage::Failed => fail_one(400, "The payment failed; there is nothing to collect"),
    }
}

/// `GET /payments?size=&before=|after=`.
fn list(inner: &Inner, req: &ApiRequest) -> Reply {
    let size = match req.query("size").map(|s| s.trim().parse::<usize>()) {
        None => 50,
        Some(Ok(n)) if (1..=200).contains(&n) => n,
        Some(_) => {
            return fail(
                400,
                "Invalid input",
                vec![(Some("size"), "Enter a size from 1 to 200.".to_owned())],
            );
        }
    };
    let parse = |name: &'static str| -> Result<Option<OffsetDateTime>, Reply> {
        match req.query(name) {
            None => Ok(None),
            Some(raw) => timefmt::parse_rfc3339(raw).map(Some).ok_or_else(|| {
                fail(
                    400,
                    "Invalid input",
                    vec![(Some(name), "Enter an ISO-8601 date-time in UTC.".to_owned())],
                )
            }),
        }
    };
    let (before, after) = match (parse("before"), parse("after")) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    if before.is_some() && after.is_some() {
        return fail_one(400, "Give either before or after, not both");
    }
    let st = lock(&inner.resid);
    let mut items: Vec<&Payment> = st.payments.iter().collect();
    if let Some(after) = after {
        // Oldest first from the instant, so a client can page forward.
        items.retain(|p| p.created > after);
        items.sort_by_key(|p| p.created);
    } else {
        let before = before.unwrap_or_else(|| inner.clock.now() + Duration::seconds(1));
        items.retain(|p| p.created < before);
        items.sort_by_key(|p| std::cmp::Reverse(p.created));
    }
    let list: Vec<Value> = items
        .into_iter()
        .take(size)
        .map(|p| p.to_json(&st, inner))
        .collect();
    ok(Value::Array(list))
}

/// Returns the paid payments whose collect window has passed to their payers.
pub(crate) fn sweep(inner: &Inner) {
    let now = inner.clock.now();
    for p in &mut lock(&inner.resid).payments {
        if p.stage == Stage::Paid && now >= p.created + COLLECT_WINDOW {
            p.stage = Stage::Returned;
        }
    }
}

/// Every request under `/resid`.
pub(crate) async fn handle(inner: &Arc<Inner>, req: &ApiRequest) -> Reply {
    let path = req.path();
    match path.as_slice() {
        ["pay", token] => return pages::pay_page(inner, req, token),
        ["3ds", token] => return pages::three_ds_page(inner, req, token),
        ["media", "merchants", id, "logo"] => {
            let st = lock(&inner.resid);
            return match st
                .merchants
                .iter()
                .find(|m| m.id == *id)
                .and_then(|m| m.logo.clone())
            {
                Some((content_type, data)) => {
                    let mut reply = Reply::empty(200);
                    reply.body = data;
                    if let Ok(v) = http::HeaderValue::from_str(&content_type) {
                        reply.headers.push((http::header::CONTENT_TYPE, v));
                    }
                    reply
                }
                None => fail_one(404, "Not found"),
            };
        }
        ["api", "v1", ..] => {}
        _ => return fail_one(404, "Not found"),
    }
    let code = &inner.config.credentials.resid_authorization_code;
    if req.header("authorization").map(str::trim) != Some(code.as_str()) {
        return fail_one(401, "Invalid authorization code");
    }
    let api = &path[2..];
    match (&req.method, api) {
        (&Method::POST, ["merchants"]) => create_merchant(inner, req).await,
        (&Method::POST, ["payments"]) => create_payment(inner, req).await,
        (&Method::POST, ["payments", token, "collect"]) => collect(inner, token),
        (&Method::GET, ["payments", token]) => {
            let st = lock(&inner.resid);
            match st.payments.iter().find(|p| p.token == *token) {
                Some(p) => ok(p.to_json(&st, inner)),
                None => fail_one(404, "Payment not found"),
            }
        }
        (&Method::GET, ["payments"]) => list(inner, req),
        _ => fail_one(404, "Not found"),
    }
}
