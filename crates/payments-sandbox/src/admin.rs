//! The admin endpoints (`/admin/...`) and the index page at `/`: the sandbox's own control
//! surface for test suites in any language.

use std::time::Duration;

use http::Method;
use serde_json::{Value, json};

use crate::http::{ApiRequest, Reply, form_value};
use crate::pages::Page;
use crate::scenario::{Fault, Scenario, cards};
use crate::state::Inner;
use crate::{Provider, timefmt};

fn clock_json(inner: &Inner) -> Value {
    let now = inner.clock.now();
    json!({
        "now": timefmt::micros_z(now),
        "unix": now.unix_timestamp(),
        "offset_seconds": inner.clock.offset().whole_seconds(),
    })
}

fn error(status: u16, message: &str) -> Reply {
    Reply::json(status, &json!({"error": message}))
}

/// Reads a field from a JSON body, a form body or the query.
fn field(req: &ApiRequest, name: &str) -> Option<Value> {
    if let Ok(Value::Object(map)) = req.json()
        && let Some(v) = map.get(name)
    {
        return Some(v.clone());
    }
    let form = req.form();
    form_value(&form, name)
        .or_else(|| req.query(name))
        .map(|v| Value::from(v.to_owned()))
}

fn number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Everything a test suite needs to reach the providers.
pub(crate) fn config_json(inner: &Inner) -> Value {
    let root = &inner.config.public_url;
    let c = &inner.config.credentials;
    let askell = c.askell(root);
    let barion = c.barion(root);
    let resid = c.resid(root);
    let finline = c.finline(root);
    let payelata = c.payelata(root);
    json!({
        "url": root,
        "askell": {
            "base_url": askell.base_url,
            "api_key": askell.api_key,
            "public_key": askell.public_key,
            "webhook_secret": askell.webhook_secret,
        },
        "barion": {"base_url": barion.base_url, "pos_key": barion.pos_key},
        "resid": {"base_url": resid.base_url, "authorization_code": resid.authorization_code},
        "finline": {
            "base_url": finline.base_url,
            "pos_id": finline.pos_id,
            "api_key": finline.api_key,
            "api_secret": finline.api_secret,
            "endpoints_key": finline.endpoints_key,
        },
        "payelata": {
            "base_url": payelata.base_url,
            "cardgate_url": payelata.cardgate_url,
            "account_id": payelata.account_id,
            "api_key": payelata.api_key,
            "test_secret": payelata.test_secret,
            "live_secret": payelata.live_secret,
        },
        "test_cards": cards::ALL.iter().map(|(card, code)| json!({
            "number": card,
            "code": format!("{code:02}"),
            "scenario": format!("{:?}", Scenario::from_code(*code)),
        })).collect::<Vec<_>>(),
    })
}

/// `/admin/...`.
pub(crate) fn handle(inner: &Inner, req: &ApiRequest) -> Reply {
    let path = req.path();
    match (&req.method, path.as_slice()) {
        (&Method::GET, [] | ["config"]) => Reply::json(200, &config_json(inner)),
        (&Method::GET, ["clock"]) => Reply::json(200, &clock_json(inner)),
        (&Method::POST, ["clock", "advance"]) => {
            let Some(seconds) = field(req, "seconds").as_ref().and_then(number) else {
                return error(
                    400,
                    "give `seconds`: a whole number of seconds, e.g. {\"seconds\": 1200}",
                );
            };
            inner.clock.advance(Duration::from_secs(seconds));
            inner.sweep();
            Reply::json(200, &clock_json(inner))
        }
        (&Method::GET, ["webhooks"]) => {
            let provider = req.query("provider").and_then(Provider::from_name);
            let list: Vec<Value> = inner
                .webhooks
                .snapshot()
                .iter()
                .filter(|d| provider.is_none_or(|p| d.provider == p))
                .map(crate::webhooks::WebhookDelivery::to_json)
                .collect();
            Reply::json(200, &Value::Array(list))
        }
        (&Method::POST, ["faults"]) => {
            let provider = field(req, "provider")
                .as_ref()
                .and_then(Value::as_str)
                .and_then(Provider::from_name);
            let fault = field(req, "fault")
                .as_ref()
                .and_then(Value::as_str)
                .and_then(Fault::from_name);
            let count = field(req, "count").as_ref().map_or(Some(1), number);
            match (provider, fault, count) {
                (Some(p), Some(f), Some(n)) => {
                    let n = usize::try_from(n).unwrap_or(usize::MAX).min(1000);
                    inner.inject_fault(p, f, n);
                    Reply::json(
                        200,
                        &json!({"provider": p.as_str(), "fault": f.name(), "queued": n}),
                    )
                }
                _ => error(
                    400,
                    "give `provider` (askell, barion, resid, finline, payelata), `fault` (slow, \
                     error_500, error_503, act_then_503, act_then_drop) and optionally `count`",
                ),
            }
        }
        _ => error(404, "unknown admin endpoint"),
    }
}

/// The index page at `/`: base URLs, credentials and pointers.
pub(crate) fn index(inner: &Inner) -> Reply {
    let config = config_json(inner);
    let mut rows = Vec::new();
    for provider in Provider::ALL {
        let Some(entry) = config[provider.as_str()].as_object() else {
            continue;
        };
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        rows.push((
            provider.display_name(),
            format!("base URL: {}", text(&entry["base_url"])),
        ));
        for (key, value) in entry.iter().filter(|(k, _)| *k != "base_url") {
            rows.push(("", format!("{key}: {}", text(value))));
        }
    }
    let page = Page {
        provider: Provider::Askell,
        title: "Payments sandbox".to_owned(),
        rows,
        note: Some(format!(
            "Admin: GET {0}/admin/config, GET {0}/admin/clock, POST {0}/admin/clock/advance, \
             GET {0}/admin/webhooks, POST {0}/admin/faults.",
            inner.config.public_url
        )),
        form: None,
    };
    let html = page.render_for("Askell, Barion, Resid, Financial Line and Payelata");
    Reply::html(200, html)
}
