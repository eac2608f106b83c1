//! Helpers shared by the integration tests: a sandbox with fast settings, an HTTP client, a
//! recording "shop" that receives webhooks, payer-form submission and fixture comparison.
#![allow(dead_code, unreachable_pub)]

mod providers;

pub use providers::*;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use base64::Engine as _;
use bytes::Bytes;
use payments_core::http::{HeaderMap, HeaderName, HeaderValue, Method};
use payments_core::{HttpRequest, HttpTransport, ReqwestTransport, TransportError};
use payments_sandbox::{Sandbox, WebhookRetry};
use serde_json::Value;

/// The slow-answer delay of the test sandboxes.
pub const SLOW: Duration = Duration::from_millis(1200);

/// A sandbox with short delays: slow answers after 1.2 s, settlements after 50 ms, webhook
/// retries after 30 ms (4 attempts).
pub async fn sandbox() -> Sandbox {
    Sandbox::builder()
        .slow_answer_delay(SLOW)
        .processing_delay(Duration::from_millis(50))
        .webhook_retry(WebhookRetry::new(Duration::from_millis(30), 4))
        .start()
        .await
        .expect("the sandbox starts")
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> &str {
        self.header("location").expect("a Location header")
    }
}

/// A client over payments-core's transport (no redirects followed).
#[derive(Clone)]
pub struct Client {
    transport: Arc<ReqwestTransport>,
}

impl Client {
    pub fn new() -> Self {
        Self {
            transport: Arc::new(ReqwestTransport::new(Duration::from_secs(5)).unwrap()),
        }
    }

    pub async fn try_send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Result<Answer, TransportError> {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        let response = self
            .transport
            .send(HttpRequest::new(method, url, map, body.into()))
            .await?;
        Ok(Answer {
            status: response.status.as_u16(),
            headers: response.headers,
            body: response.body,
        })
    }

    pub async fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Answer {
        self.try_send(method, url, headers, body)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    pub async fn get(&self, url: &str, headers: &[(&str, &str)]) -> Answer {
        self.send(Method::GET, url, headers, Bytes::new()).await
    }

    pub async fn post_json(&self, url: &str, headers: &[(&str, &str)], body: &Value) -> Answer {
        let mut h = headers.to_vec();
        h.push(("content-type", "application/json"));
        self.send(Method::POST, url, &h, body.to_string()).await
    }

    pub async fn post_form(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        pairs: &[(&str, &str)],
    ) -> Answer {
        let mut h = headers.to_vec();
        h.push(("content-type", "application/x-www-form-urlencoded"));
        self.send(Method::POST, url, &h, encode_form(pairs)).await
    }
}

pub fn encode_form(pairs: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn decode_form(body: &str) -> Vec<(String, String)> {
    fn dec(s: &str) -> String {
        let s = s.replace('+', " ");
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%'
                && i + 2 < b.len()
                && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
            out.push(b[i]);
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (dec(k), dec(v))
        })
        .collect()
}

/// One request the shop received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub uri: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Default)]
struct ShopState {
    received: Vec<Received>,
    statuses: VecDeque<u16>,
}

/// A shop on 127.0.0.1 that records every request and answers the queued statuses, then 200.
pub struct Shop {
    url: String,
    state: Arc<Mutex<ShopState>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Shop {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn record(State(state): State<Arc<Mutex<ShopState>>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let mut st = state.lock().unwrap();
    st.received.push(Received {
        method: parts.method.to_string(),
        uri: parts.uri.to_string(),
        headers: parts.headers,
        body,
    });
    let status = st.statuses.pop_front().unwrap_or(200);
    (axum::http::StatusCode::from_u16(status).unwrap(), "ok").into_response()
}

impl Shop {
    /// A shop answering 200 to everything.
    pub async fn start() -> Self {
        Self::answering(&[]).await
    }

    /// A shop answering `statuses` in turn, then 200.
    pub async fn answering(statuses: &[u16]) -> Self {
        let state = Arc::new(Mutex::new(ShopState {
            received: Vec::new(),
            statuses: statuses.iter().copied().collect(),
        }));
        let app = Router::new()
            .route("/{*path}", any(record))
            .with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { url, state, server }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }
}

/// A payer form read from a page: its action and every input with its value.
#[derive(Debug, Clone)]
pub struct PageForm {
    pub action: String,
    pub inputs: Vec<(String, String)>,
    pub buttons: Vec<String>,
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!("{name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

impl PageForm {
    /// Reads the (first) form of `html`.
    pub fn parse(html: &str) -> Option<Self> {
        let start = html.find("<form")?;
        let end = html[start..].find("</form>")? + start;
        let form = &html[start..end];
        let head_end = form.find('>')?;
        let action = attribute(&form[..head_end], "action")?;
        let mut inputs = Vec::new();
        let mut buttons = Vec::new();
        for piece in form.split('<').skip(1) {
            let tag = piece.split('>').next().unwrap_or_default();
            if tag.starts_with("input") {
                inputs.push((
                    attribute(tag, "name")?,
                    attribute(tag, "value").unwrap_or_default(),
                ));
            } else if tag.starts_with("button")
                && attribute(tag, "name").as_deref() == Some("action")
            {
                buttons.push(attribute(tag, "value")?);
            }
        }
        Some(Self {
            action,
            inputs,
            buttons,
        })
    }

    /// Sets input `name` (adding it if the form has none).
    pub fn set(&mut self, name: &str, value: &str) {
        match self.inputs.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => value.clone_into(&mut entry.1),
            None => self.inputs.push((name.to_owned(), value.to_owned())),
        }
    }
}

/// Loads the page at `url`, checks it offers `button`, and submits its form with it (after
/// `overrides` of its inputs). Returns the answer to the submission.
pub async fn submit(
    client: &Client,
    root: &str,
    url: &str,
    button: &str,
    overrides: &[(&str, &str)],
) -> Answer {
    let page = client.get(url, &[]).await;
    assert_eq!(page.status, 200, "{url}: {}", page.text());
    assert!(
        page.header("content-type")
            .unwrap_or_default()
            .starts_with("text/html")
    );
    let mut form = PageForm::parse(&page.text())
        .unwrap_or_else(|| panic!("no form on {url}: {}", page.text()));
    assert!(
        form.buttons.iter().any(|b| b == button),
        "no `{button}` button on {url}: {:?}",
        form.buttons
    );
    for (k, v) in overrides {
        form.set(k, v);
    }
    form.inputs.push(("action".to_owned(), button.to_owned()));
    let pairs: Vec<(&str, &str)> = form
        .inputs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let target = if form.action.starts_with("http") {
        form.action.clone()
    } else {
        format!("{root}{}", form.action)
    };
    client.post_form(&target, &[], &pairs).await
}

/// Submits forms from `url`: `steps` buttons in order, following each `303` to the next page
/// when it stays on the sandbox. Returns the last answer.
pub async fn pay_through(client: &Client, root: &str, url: &str, steps: &[&str]) -> Answer {
    let mut next = url.to_owned();
    let mut last = None;
    for (i, step) in steps.iter().enumerate() {
        let answer = submit(client, root, &next, step, &[]).await;
        assert_eq!(answer.status, 303, "step {step}: {}", answer.text());
        if i + 1 < steps.len() {
            answer.location().clone_into(&mut next);
            assert!(
                next.starts_with(root),
                "step {step} left the sandbox for {next}"
            );
        }
        last = Some(answer);
    }
    last.unwrap()
}

pub fn fixture(path: &str) -> Value {
    let full: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "..", "fixtures", path]
        .iter()
        .collect();
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn compare(path: &str, expected: &Value, actual: &Value, allowed: &[&str], out: &mut Vec<String>) {
    if allowed.contains(&path) {
        return;
    }
    match (expected, actual) {
        (Value::Null, _) | (_, Value::Null) => {}
        // An empty object in a sample stands for "any object" (Askell's polymorphic `data`).
        (Value::Object(e), Value::Object(_)) if e.is_empty() => {}
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let p = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match a.get(key) {
                    Some(av) => compare(&p, ev, av, allowed, out),
                    None if allowed.contains(&p.as_str()) => {}
                    None => out.push(format!("{p}: missing")),
                }
            }
            for key in a.keys().filter(|k| !e.contains_key(*k)) {
                let p = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if !allowed.contains(&p.as_str()) {
                    out.push(format!("{p}: not in the fixture"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.is_empty() {
                return;
            }
            for (i, av) in a.iter().enumerate() {
                compare(
                    &format!("{path}[]"),
                    &e[i.min(e.len() - 1)],
                    av,
                    allowed,
                    out,
                );
            }
        }
        (e, a) if kind(e) != kind(a) => out.push(format!(
            "{}: {} in the fixture, {} in the answer ({a})",
            if path.is_empty() { "." } else { path },
            kind(e),
            kind(a)
        )),
        _ => {}
    }
}

/// Asserts that `actual` has the keys and JSON types of the recorded sample `fixture_path`
/// (under `fixtures/`), except at the `allowed` paths (`a.b[].c`): a `null` on either side
/// matches any type; array items are compared with the sample's item at the same index (or
/// its last).
pub fn assert_matches_fixture_except(fixture_path: &str, actual: &Value, allowed: &[&str]) {
    let expected = fixture(fixture_path);
    let mut problems = Vec::new();
    compare("", &expected, actual, allowed, &mut problems);
    assert!(
        problems.is_empty(),
        "the answer does not match fixtures/{fixture_path}:\n  {}\nanswer: {actual:#}",
        problems.join("\n  ")
    );
}

/// [`assert_matches_fixture_except`] with no exceptions.
pub fn assert_matches_fixture(fixture_path: &str, actual: &Value) {
    assert_matches_fixture_except(fixture_path, actual, &[]);
}

/// `base64(HMAC-SHA512(secret, body))` (Askell).
pub fn hmac_sha512_b64(secret: &str, body: &[u8]) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha512>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn sha1_sandwich(secret: &str, data: &[u8]) -> Vec<u8> {
    use sha1::Digest;
    let mut h = sha1::Sha1::new();
    h.update(secret.as_bytes());
    h.update(data);
    h.update(secret.as_bytes());
    h.finalize().to_vec()
}

/// `base64url(SHA1(secret ‖ data ‖ secret))` (Financial Line).
pub fn finline_signature(secret: &str, data: &str) -> String {
    base64::engine::general_purpose::URL_SAFE.encode(sha1_sandwich(secret, data.as_bytes()))
}

/// `base64(SHA1(secret ‖ body ‖ secret))` (Payelata).
pub fn payelata_signature(secret: &str, body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(sha1_sandwich(secret, body))
}

/// Decodes Financial Line's base64url `data`.
pub fn finline_decode(data: &str) -> Value {
    let bytes = base64::engine::general_purpose::URL_SAFE
        .decode(data)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// Polls `check` every 20 ms until it is true, for at most 3 s.
pub async fn eventually(mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..150 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the condition did not become true within 3 s");
}
