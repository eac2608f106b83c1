//! Askell webhook registrations (`/webhooks/`) and the signed deliveries they cause.

use http::Method;
use serde_json::{Value, json};

use super::{FieldErrors, State, body, not_found, required_string};
use crate::http::{ApiRequest, Reply, is_http_url};
use crate::signing::askell_hook_hmac;
use crate::state::{Inner, lock};
use crate::webhooks::{Accept, Outgoing};

/// The event names and wildcards a registration may name.
const EVENTS: &[&str] = &[
    "subscription.*",
    "subscription.created",
    "subscription.changed",
    "subscription.renewed",
    "subscription_contract.*",
    "subscription_contract.created",
    "subscription_contract.changed",
    "subscription_contract.renewed",
    "billing_run.*",
    "billing_run.created",
    "billing_run.changed",
    "billing_run.succeeded",
    "billing_run.failed",
    "billing_run.retry",
    "customer.*",
    "customer.created",
    "customer.changed",
    "payment.*",
    "payment.created",
    "payment.changed",
    "payment.retry",
    "checkout.*",
    "checkout.created",
    "checkout.changed",
];

/// One registration.
pub(crate) struct Hook {
    id: i64,
    uuid: String,
    event: String,
    url: String,
    digest: &'static str,
    secret: String,
}

impl Hook {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "uuid": self.uuid,
            "event": self.event,
            "url": self.url,
            "hmac_digest": self.digest,
            "hmac_secret": self.secret,
        })
    }

    fn matches(&self, event: &str) -> bool {
        match self.event.strip_suffix(".*") {
            Some(prefix) => event
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.')),
            None => self.event == event,
        }
    }
}

/// The deliveries of `event` with `data` to every matching registration, signed.
pub(crate) fn emit(state: &State, event: &str, data: &Value) -> Vec<Outgoing> {
    let body = json!({"event": event, "sender": "api", "data": data}).to_string();
    state
        .hooks
        .iter()
        .filter(|h| h.matches(event))
        .filter_map(|h| {
            let signature = askell_hook_hmac(&h.secret, h.digest, body.as_bytes())?;
            Some(Outgoing {
                provider: super::PROVIDER,
                event: event.to_owned(),
                url: h.url.clone(),
                headers: vec![
                    ("Content-Type".into(), "application/json".into()),
                    ("Hook-HMAC".into(), signature),
                    ("Hook-Event".into(), event.to_owned()),
                    ("Hook-API-Version".into(), "v1".into()),
                ],
                body: body.clone().into_bytes(),
                accept: Accept::AnySuccess,
            })
        })
        .collect()
}

/// Sends `outgoing` (collected under the store's lock, sent after it).
pub(crate) fn send_all(inner: &Inner, outgoing: Vec<Outgoing>) {
    for o in outgoing {
        inner.send_webhook(o);
    }
}

fn read(
    map: &serde_json::Map<String, Value>,
    partial: bool,
) -> Result<(Option<String>, Option<String>), Reply> {
    let mut errors = FieldErrors::new();
    let url = if partial && !map.contains_key("url") {
        None
    } else {
        required_string(map, "url", 200, &mut errors)
    };
    if let Some(u) = &url
        && !is_http_url(u)
    {
        errors.add("url", "Enter a valid URL.");
    }
    let event = if partial && !map.contains_key("event") {
        None
    } else {
        required_string(map, "event", 64, &mut errors)
    };
    if let Some(e) = &event
        && !EVENTS.contains(&e.as_str())
    {
        errors.add("event", format!("\"{e}\" is not a valid choice."));
    }
    errors.check()?;
    Ok((url, event))
}

/// `/webhooks/...`.
pub(crate) fn handle(inner: &Inner, req: &ApiRequest, rest: &[&str]) -> Reply {
    let map = match body(req) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut st = lock(&inner.askell);
    match (&req.method, rest) {
        (&Method::GET, []) => Reply::json(
            200,
            &Value::Array(st.hooks.iter().map(Hook::to_json).collect()),
        ),
        (&Method::POST, []) => {
            let (url, event) = match read(&map, false) {
                Ok(v) => v,
                Err(r) => return r,
            };
            let id = st.next_id();
            let hook = Hook {
                id,
                uuid: uuid::Uuid::new_v4().to_string(),
                event: event.unwrap_or_default(),
                url: url.unwrap_or_default(),
                digest: "SHA512",
                secret: inner.config.credentials.askell_webhook_secret.clone(),
            };
            let answer = hook.to_json();
            st.hooks.push(hook);
            Reply::json(201, &answer)
        }
        (method, [id]) => {
            let Some(index) = id
                .parse::<i64>()
                .ok()
                .and_then(|id| st.hooks.iter().position(|h| h.id == id))
            else {
                return not_found();
            };
            match *method {
                Method::GET => Reply::json(200, &st.hooks[index].to_json()),
                Method::PUT | Method::PATCH => {
                    let partial = *method == Method::PATCH;
                    let (url, event) = match read(&map, partial) {
                        Ok(v) => v,
                        Err(r) => return r,
                    };
                    let hook = &mut st.hooks[index];
                    if let Some(u) = url {
                        hook.url = u;
                    }
                    if let Some(e) = event {
                        hook.event = e;
                    }
                    let answer = hook.to_json();
                    // The spec documents an array for PUT (fixtures/askell/webhook-replace-response.json).
                    if partial {
                        Reply::json(200, &answer)
                    } else {
                        Reply::json(200, &Value::Array(vec![answer]))
                    }
                }
                Method::DELETE => {
                    st.hooks.remove(index);
                    Reply::empty(204)
                }
                _ => super::detail(405, &format!("Method \"{method}\" not allowed.")),
            }
        }
        _ => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_their_family_only() {
        let hook = |event: &str| Hook {
            id: 1,
            uuid: String::new(),
            event: event.to_owned(),
            url: String::new(),
            digest: "SHA512",
            secret: String::new(),
        };
        assert!(hook("payment.*").matches("payment.changed"));
        assert!(!hook("payment.*").matches("paymentx.changed"));
        assert!(hook("payment.changed").matches("payment.changed"));
        assert!(!hook("payment.changed").matches("payment.created"));
    }
}
