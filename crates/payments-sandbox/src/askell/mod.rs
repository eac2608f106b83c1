//! Askell (Iceland), under `/askell/api`: the v1 API the SDK covers, Django REST Framework
//! style (trailing slashes, `{"detail": ..}` and field errors, bare lists or `page_size`
//! pages), decimal-string amounts, `Hook-HMAC` signed webhooks.
//!
//! Payer pages: the hosted card form at `/askell/checkout/{token}/` and the card verification
//! (3-D Secure) page at `/askell/verify/{token}/`.

mod cards;
mod customers;
mod hooks;
mod payments;
mod pdf;
mod subscriptions;

use http::Method;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::Provider;
use crate::http::{ApiRequest, Reply};
use crate::state::{Inner, lock};

pub(crate) use self::cards::CardToken;
pub(crate) use self::customers::Customer;
pub(crate) use self::hooks::Hook;
pub(crate) use self::payments::Payment;
pub(crate) use self::subscriptions::{Plan, Subscription};

/// The customer every sandbox starts with: a verified Visa card on file, ready for
/// `POST /payments/`.
pub(crate) const SEEDED_CUSTOMER: &str = "sandbox-customer";

/// Askell's store.
pub(crate) struct State {
    next_id: i64,
    pub(crate) customers: Vec<Customer>,
    pub(crate) plans: Vec<Plan>,
    pub(crate) subscriptions: Vec<Subscription>,
    pub(crate) payments: Vec<Payment>,
    pub(crate) tokens: Vec<CardToken>,
    pub(crate) hooks: Vec<Hook>,
    next_external: u64,
}

impl State {
    /// The store of a new sandbox: two plans, two payment processors, one customer with a
    /// card.
    pub(crate) fn seeded(now: OffsetDateTime) -> Self {
        let mut state = Self {
            next_id: 1,
            customers: Vec::new(),
            plans: subscriptions::seed_plans(),
            subscriptions: Vec::new(),
            payments: Vec::new(),
            tokens: Vec::new(),
            hooks: Vec::new(),
            next_external: 2_286_001,
        };
        let id = state.next_id();
        state
            .customers
            .push(customers::seed_customer(id, SEEDED_CUSTOMER, now));
        state
    }

    /// The next integer id (customers, subscriptions, webhooks, billing logs share one
    /// sequence; Askell's are per table, but only uniqueness is promised).
    pub(crate) fn next_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The next acquirer transaction number (`external_reference`).
    pub(crate) fn next_external(&mut self) -> String {
        let n = self.next_external;
        self.next_external += 1;
        n.to_string()
    }
}

/// `{"detail": ..}` (DRF's not-found, permission and authentication answers).
pub(crate) fn detail(status: u16, message: &str) -> Reply {
    Reply::json(status, &json!({"detail": message}))
}

/// `404 {"detail": "Not found."}`.
pub(crate) fn not_found() -> Reply {
    detail(404, "Not found.")
}

/// `400 {"status": "error", "error": ..}`: a v1 business error.
pub(crate) fn business_error(message: &str) -> Reply {
    Reply::json(400, &json!({"status": "error", "error": message}))
}

/// DRF field errors: `400 {"field": ["message"], ..}`.
pub(crate) struct FieldErrors(Map<String, Value>);

impl FieldErrors {
    pub(crate) fn new() -> Self {
        Self(Map::new())
    }

    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        let entry = self
            .0
            .entry(field.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entry {
            list.push(Value::from(message.into()));
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Err(400 ..)` when any error was added.
    pub(crate) fn check(self) -> Result<(), Reply> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Reply::json(400, &Value::Object(self.0)))
        }
    }
}

/// The JSON body of a POST/PUT/PATCH as an object (a form body is read as strings, as DRF
/// accepts both). An unreadable body is DRF's parse error.
pub(crate) fn body(req: &ApiRequest) -> Result<Map<String, Value>, Reply> {
    let has_body = matches!(req.method, Method::POST | Method::PUT | Method::PATCH);
    if !has_body || req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    if req.content_type().as_deref() == Some("application/x-www-form-urlencoded") {
        return Ok(req
            .form()
            .into_iter()
            .map(|(k, v)| (k, Value::from(v)))
            .collect());
    }
    match req.json() {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Reply::json(
            400,
            &json!({"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
        )),
        Err(e) => Err(detail(400, &format!("JSON parse error - {e}"))),
    }
}

/// A string field: `Ok(None)` when absent or null.
pub(crate) fn string_field(
    map: &Map<String, Value>,
    name: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    match map.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            errors.add(name, "Not a valid string.");
            None
        }
    }
}

/// A required string field of at most `max` characters.
pub(crate) fn required_string(
    map: &Map<String, Value>,
    name: &str,
    max: usize,
    errors: &mut FieldErrors,
) -> Option<String> {
    let value = string_field(map, name, errors);
    match value {
        None if !map.contains_key(name) || map.get(name) == Some(&Value::Null) => {
            errors.add(name, "This field is required.");
            None
        }
        Some(s) if s.trim().is_empty() => {
            errors.add(name, "This field may not be blank.");
            None
        }
        Some(s) if s.chars().count() > max => {
            errors.add(
                name,
                format!("Ensure this field has no more than {max} characters."),
            );
            None
        }
        other => other,
    }
}

/// The API key of `Authorization: Api-Key <key>`.
fn api_key(req: &ApiRequest) -> Option<&str> {
    let value = req.header("authorization")?.trim();
    let (scheme, key) = value.split_once(' ')?;
    (scheme == "Api-Key").then(|| key.trim())
}

/// Which key a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Secret,
    Public,
}

/// Checks the key: the secret key everywhere, the public key only on the public endpoints.
fn authorize(inner: &Inner, req: &ApiRequest, public_endpoint: bool) -> Result<(), Reply> {
    let c = &inner.config.credentials;
    let key = match api_key(req) {
        Some(k) if k == c.askell_api_key => Some(Key::Secret),
        Some(k) if k == c.askell_public_key => Some(Key::Public),
        _ => None,
    };
    match key {
        Some(Key::Secret) => Ok(()),
        Some(Key::Public) if public_endpoint => Ok(()),
        Some(Key::Public) => Err(detail(
            403,
            "You do not have permission to perform this action.",
        )),
        None => Err(detail(403, "Authentication credentials were not provided.")),
    }
}

/// A list answer: a bare array, or a DRF page when `page_size` is given.
pub(crate) fn list_answer(inner: &Inner, req: &ApiRequest, items: Vec<Value>) -> Reply {
    let Some(size) = req.query("page_size") else {
        return Reply::json(200, &Value::Array(items));
    };
    let Ok(size) = size.trim().parse::<usize>() else {
        return not_found();
    };
    let size = size.clamp(1, 1000);
    let page = match req.query("page").map(|p| p.trim().parse::<usize>()) {
        None => 1,
        Some(Ok(p)) if p >= 1 => p,
        Some(_) => return detail(404, "Invalid page."),
    };
    let count = items.len();
    let pages = count.div_ceil(size).max(1);
    if page > pages {
        return detail(404, "Invalid page.");
    }
    let link = |n: usize| -> Value {
        let mut query: Vec<(String, String)> = req
            .query
            .iter()
            .filter(|(k, _)| k != "page")
            .cloned()
            .collect();
        if n > 1 {
            query.push(("page".into(), n.to_string()));
        }
        let query: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        Value::from(format!(
            "{}?{}",
            inner.url(&req.full_path),
            crate::http::encode_form(&query)
        ))
    };
    let results: Vec<Value> = items
        .into_iter()
        .skip((page - 1) * size)
        .take(size)
        .collect();
    Reply::json(
        200,
        &json!({
            "count": count,
            "next": if page < pages { link(page + 1) } else { Value::Null },
            "previous": if page > 1 { link(page - 1) } else { Value::Null },
            "results": results,
        }),
    )
}

/// Every request under `/askell`.
pub(crate) fn handle(inner: &std::sync::Arc<Inner>, req: &ApiRequest) -> Reply {
    let path = req.path();
    match path.first().copied() {
        Some("checkout") => return cards::checkout_page(inner, req),
        Some("verify") => return cards::verify_page(inner, req),
        Some("api") => {}
        _ => return not_found(),
    }
    let api: Vec<&str> = path[1..].to_vec();
    if !req.trailing_slash && !api.is_empty() {
        // Django's APPEND_SLASH: GETs are redirected, other methods cannot be.
        if req.method == Method::GET {
            return Reply::see_other(&format!("{}/", req.full_path));
        }
        return not_found();
    }
    let public = matches!(
        (&req.method, api.as_slice()),
        (&Method::POST, ["temporarypaymentmethod"])
            | (&Method::GET, ["temporarypaymentmethod" | "checkouts", _])
    ) && api.get(1) != Some(&"paymentprocessors");
    if let Err(reply) = authorize(inner, req, public) {
        return reply;
    }
    let m = &req.method;
    match api.as_slice() {
        ["hello"] if m == Method::GET => Reply::json(
            200,
            &json!({
                "status": "success",
                "message": "Hello, Sandbox ehf.",
                "account": "Sandbox ehf.",
            }),
        ),
        ["plans"] if m == Method::GET => {
            let st = lock(&inner.askell);
            Reply::json(
                200,
                &Value::Array(st.plans.iter().map(Plan::to_json).collect()),
            )
        }
        ["customers", ..] => customers::handle(inner, req, &api[1..]),
        ["subscriptions", ..] => subscriptions::handle(inner, req, &api[1..]),
        ["payments", ..] => payments::handle(inner, req, &api[1..]),
        ["transactions", ..] => payments::handle_transactions(inner, req, &api[1..]),
        ["checkouts", ..] => cards::handle_checkouts(inner, req, &api[1..]),
        ["temporarypaymentmethod", ..] => cards::handle_temporary(inner, req, &api[1..]),
        ["webhooks", ..] => hooks::handle(inner, req, &api[1..]),
        _ => not_found(),
    }
}

/// The provider, for the shared helpers.
pub(crate) const PROVIDER: Provider = Provider::Askell;
