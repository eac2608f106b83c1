//! Askell customers (`/customers/...`), their stored cards and their subscriptions.

use http::Method;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::cards::Card;
use super::hooks::{emit, send_all};
use super::subscriptions::{self, Subscription};
use super::{
    FieldErrors, State, body, business_error, list_answer, not_found, required_string, string_field,
};
use crate::http::{ApiRequest, Reply};
use crate::state::{Inner, lock};
use crate::timefmt;

/// A card on file.
pub(crate) struct StoredMethod {
    pub(crate) token: String,
    pub(crate) card: Card,
    pub(crate) verified: bool,
    pub(crate) canceled: bool,
}

impl StoredMethod {
    fn to_json(&self) -> Value {
        json!({
            "verified": self.verified,
            "canceled": self.canceled,
            "valid_until": timefmt::seconds_z(self.card.valid_until()),
            "display_info": self.card.display_info(),
        })
    }
}

/// One customer.
pub(crate) struct Customer {
    pub(crate) id: i64,
    pub(crate) reference: String,
    email: String,
    first_name: String,
    last_name: String,
    phone: Option<String>,
    pub(crate) methods: Vec<StoredMethod>,
}

impl Customer {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "phone": self.phone,
            "customer_reference": self.reference,
            "payment_method": self.methods.iter().map(StoredMethod::to_json).collect::<Vec<_>>(),
        })
    }

    /// The usable card: verified, not cancelled, not expired.
    pub(crate) fn active_card(&self, now: OffsetDateTime) -> Option<&StoredMethod> {
        self.methods
            .iter()
            .rev()
            .find(|m| m.verified && !m.canceled && m.card.valid_until() > now)
    }

    /// Stores `card` as the active method, cancelling the others.
    pub(crate) fn attach(&mut self, token: String, card: Card) {
        for m in &mut self.methods {
            m.canceled = true;
        }
        self.methods.push(StoredMethod {
            token,
            card,
            verified: true,
            canceled: false,
        });
    }
}

/// The seeded customer with a Visa card valid for years.
pub(crate) fn seed_customer(id: i64, reference: &str, now: OffsetDateTime) -> Customer {
    let mut customer = Customer {
        id,
        reference: reference.to_owned(),
        email: "jon@sandbox.example".to_owned(),
        first_name: "Jón".to_owned(),
        last_name: "Jónsson".to_owned(),
        phone: Some("+3545551234".to_owned()),
        methods: Vec::new(),
    };
    let year = u16::try_from(now.year() + 5).unwrap_or(2035);
    customer.attach(
        crate::ids::hex(32),
        Card::new(crate::scenario::cards::APPROVE, 12, year),
    );
    customer
}

/// The fields of a customer create or update; `partial` lets any be missing.
#[allow(clippy::option_option)] // `phone`: absent (keep) apart from `null` (clear)
pub(crate) struct CustomerInput {
    reference: Option<String>,
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<Option<String>>,
}

pub(crate) fn read_customer(
    map: &Map<String, Value>,
    partial: bool,
) -> Result<CustomerInput, Reply> {
    let mut errors = FieldErrors::new();
    let field = |name: &str, max: usize, errors: &mut FieldErrors| {
        if partial && !map.contains_key(name) {
            None
        } else {
            required_string(map, name, max, errors)
        }
    };
    let reference = field("customer_reference", 256, &mut errors);
    let email = field("email", 254, &mut errors);
    let first_name = field("first_name", 128, &mut errors);
    let last_name = field("last_name", 128, &mut errors);
    if let Some(e) = &email
        && !e.contains('@')
    {
        errors.add("email", "Enter a valid email address.");
    }
    let phone = if map.contains_key("phone") {
        let p = string_field(map, "phone", &mut errors);
        if p.as_ref().is_some_and(|p| p.chars().count() > 32) {
            errors.add("phone", "Ensure this field has no more than 32 characters.");
        }
        Some(p.filter(|p| !p.is_empty()))
    } else {
        None
    };
    errors.check()?;
    Ok(CustomerInput {
        reference,
        email,
        first_name,
        last_name,
        phone,
    })
}

/// Creates a customer from a full input; a taken reference is a field error.
pub(crate) fn create(st: &mut State, input: CustomerInput) -> Result<usize, Reply> {
    let reference = input.reference.unwrap_or_default();
    if st.customers.iter().any(|c| c.reference == reference) {
        let mut errors = FieldErrors::new();
        errors.add(
            "customer_reference",
            "customer with this customer reference already exists.",
        );
        errors.check()?;
    }
    let id = st.next_id();
    st.customers.push(Customer {
        id,
        reference,
        email: input.email.unwrap_or_default(),
        first_name: input.first_name.unwrap_or_default(),
        last_name: input.last_name.unwrap_or_default(),
        phone: input.phone.flatten(),
        methods: Vec::new(),
    });
    Ok(st.customers.len() - 1)
}

fn update(st: &mut State, index: usize, input: CustomerInput) -> Result<(), Reply> {
    if let Some(r) = &input.reference
        && st
            .customers
            .iter()
            .enumerate()
            .any(|(i, c)| i != index && &c.reference == r)
    {
        let mut errors = FieldErrors::new();
        errors.add(
            "customer_reference",
            "customer with this customer reference already exists.",
        );
        errors.check()?;
    }
    let c = &mut st.customers[index];
    if let Some(v) = input.reference {
        c.reference = v;
    }
    if let Some(v) = input.email {
        c.email = v;
    }
    if let Some(v) = input.first_name {
        c.first_name = v;
    }
    if let Some(v) = input.last_name {
        c.last_name = v;
    }
    if let Some(v) = input.phone {
        c.phone = v;
    }
    Ok(())
}

/// `/customers/...`.
pub(crate) fn handle(inner: &Inner, req: &ApiRequest, rest: &[&str]) -> Reply {
    let map = match body(req) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let now = inner.clock.now();
    let mut st = lock(&inner.askell);
    let reply = match (&req.method, rest) {
        (&Method::GET, []) => {
            let items = st.customers.iter().map(Customer::to_json).collect();
            list_answer(inner, req, items)
        }
        (&Method::POST, []) => match read_customer(&map, false).and_then(|i| create(&mut st, i)) {
            Ok(index) => {
                let data = st.customers[index].to_json();
                let out = emit(&st, "customer.created", &data);
                send_all(inner, out);
                Reply::json(201, &data)
            }
            Err(r) => r,
        },
        (&Method::POST, ["paymentmethod"]) => attach_method(inner, &mut st, &map),
        (method, [reference, tail @ ..]) => {
            let Some(index) = st.customers.iter().position(|c| c.reference == *reference) else {
                return not_found();
            };
            match (method, tail) {
                (&Method::GET, []) => Reply::json(200, &st.customers[index].to_json()),
                (&Method::PUT | &Method::PATCH, []) => {
                    let partial = *method == Method::PATCH;
                    match read_customer(&map, partial).and_then(|i| update(&mut st, index, i)) {
                        Ok(()) => {
                            let data = st.customers[index].to_json();
                            let out = emit(&st, "customer.changed", &data);
                            send_all(inner, out);
                            Reply::json(200, &data)
                        }
                        Err(r) => r,
                    }
                }
                (&Method::DELETE, []) => {
                    let id = st.customers[index].id;
                    st.customers.remove(index);
                    st.subscriptions.retain(|s| s.customer_id != id);
                    Reply::empty(204)
                }
                (&Method::GET, ["subscriptions"]) => {
                    let id = st.customers[index].id;
                    let list: Vec<Value> = st
                        .subscriptions
                        .iter()
                        .filter(|s| s.customer_id == id)
                        .map(|s| s.to_json(&st, now))
                        .collect();
                    Reply::json(200, &Value::Array(list))
                }
                (&Method::POST, ["subscriptions", "add"]) => {
                    match subscriptions::read_new(&st, &map)
                        .map(|n| Subscription::create(&mut st, index, n, now))
                    {
                        Ok(sub) => {
                            let data = st.subscriptions[sub].to_json(&st, now);
                            let out = emit(&st, "subscription.created", &data);
                            send_all(inner, out);
                            Reply::json(201, &data)
                        }
                        Err(r) => r,
                    }
                }
                _ => not_found(),
            }
        }
        _ => not_found(),
    };
    drop(st);
    reply
}

/// `POST /customers/paymentmethod/`: attaches a ready card token.
fn attach_method(inner: &Inner, st: &mut State, map: &Map<String, Value>) -> Reply {
    let mut errors = FieldErrors::new();
    let reference = required_string(map, "customer_reference", 256, &mut errors);
    let token = required_string(map, "token", 64, &mut errors);
    if let Err(r) = errors.check() {
        return r;
    }
    let (reference, token) = (reference.unwrap_or_default(), token.unwrap_or_default());
    let Some(index) = st.customers.iter().position(|c| c.reference == reference) else {
        return not_found();
    };
    let Some(card) = st.tokens.iter_mut().find(|t| t.token == token) else {
        return business_error("Invalid token");
    };
    let Some(card) = card.take_ready_card() else {
        return business_error("The payment method token is not ready or was already used");
    };
    st.customers[index].attach(token, card);
    let data = st.customers[index].to_json();
    let out = emit(st, "customer.changed", &data);
    send_all(inner, out);
    Reply::empty(201)
}
