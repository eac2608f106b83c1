//! Test helpers for users and for the provider crates (feature `test-util`).
//!
//! - [`ReplayTransport`]: a transport that answers from a recorded list of exchanges and checks
//!   each request against the recording, so a shop's integration tests run without a network.
//! - [`json_mutations`]: every variant of a JSON document with one member nulled or removed, for
//!   checking that a decoder reads an answer leniently.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::Mutex;

use async_trait::async_trait;
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde_json::Value;

use crate::transport::{
    HttpRequest, HttpResponse, HttpTransport, TransportError, TransportErrorKind,
};

/// One recorded exchange: what the client must send, and what the provider answered.
#[derive(Debug, Clone)]
pub struct ReplayEvent {
    method: Method,
    path: String,
    body: Option<Value>,
    status: StatusCode,
    headers: HeaderMap,
    response: Bytes,
}

impl ReplayEvent {
    /// Expects `method` to a URL ending in `path` (the query not compared), answered with
    /// `status` and `body`.
    pub fn new(
        method: Method,
        path: impl Into<String>,
        status: StatusCode,
        body: impl Into<Bytes>,
    ) -> Self {
        Self {
            method,
            path: path.into(),
            body: None,
            status,
            headers: HeaderMap::new(),
            response: body.into(),
        }
    }

    /// Also expects the request's JSON body to equal `body`.
    pub fn with_request_json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Answers with `headers` too.
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }
}

/// A transport that replays recorded exchanges in order.
///
/// A request that does not match the next recording (method, path, JSON body when recorded) or
/// comes after the last one fails with a transport error naming the difference, so the test
/// fails at the call. [`ReplayTransport::assert_done`] checks that every recording was used.
///
/// ```
/// use std::sync::Arc;
/// use payments_core::http::{Method, StatusCode};
/// use payments_core::test_util::{ReplayEvent, ReplayTransport};
/// use payments_core::{HttpClient, Request};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let replay = Arc::new(ReplayTransport::new([ReplayEvent::new(
///     Method::GET, "/orders/1", StatusCode::OK, r#"{"id":1}"#,
/// )]));
/// let http = HttpClient::builder("demo", "https://api.example.test", "demo/1")
///     .transport(replay.clone())
///     .build()
///     .unwrap();
/// let order: serde_json::Value = http.call::<_, ()>(Request::get("/orders/1")).await.unwrap();
/// assert_eq!(order["id"], 1);
/// replay.assert_done();
/// # }
/// ```
#[derive(Debug)]
pub struct ReplayTransport {
    events: Mutex<VecDeque<ReplayEvent>>,
    sent: Mutex<Vec<HttpRequest>>,
}

impl ReplayTransport {
    /// A transport answering with `events`, in order.
    pub fn new(events: impl IntoIterator<Item = ReplayEvent>) -> Self {
        Self {
            events: Mutex::new(events.into_iter().collect()),
            sent: Mutex::new(Vec::new()),
        }
    }

    /// The requests received so far (their `Debug` hides secret headers and the body).
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Panics (a test failure) when a recorded exchange was not used.
    pub fn assert_done(&self) {
        let left = self.events.lock().map_or(0, |e| e.len());
        assert_eq!(left, 0, "{left} recorded exchange(s) were never requested");
    }

    fn check(expected: &ReplayEvent, request: &HttpRequest) -> Result<(), String> {
        let path = request.url.split('?').next().unwrap_or_default();
        if request.method != expected.method || !path.ends_with(&expected.path) {
            return Err(format!(
                "expected {} …{}, got {} {path}",
                expected.method, expected.path, request.method
            ));
        }
        if let Some(want) = &expected.body {
            let got: Value = serde_json::from_slice(&request.body)
                .map_err(|e| format!("the request body is not JSON: {e}"))?;
            if &got != want {
                return Err(format!(
                    "the request body differs: expected {want}, got {got}"
                ));
            }
        }
        Ok(())
    }
}

#[async_trait]
impl HttpTransport for ReplayTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let next = self.events.lock().ok().and_then(|mut e| e.pop_front());
        let result = match &next {
            None => Err("no recorded exchange is left".to_owned()),
            Some(event) => Self::check(event, &request),
        };
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(request);
        }
        match (result, next) {
            (Ok(()), Some(event)) => Ok(HttpResponse::new(
                event.status,
                event.headers,
                event.response,
            )),
            (Err(why), _) => Err(TransportError::new(
                TransportErrorKind::Connect,
                format!("replay: {why}"),
            )),
            (Ok(()), None) => Err(TransportError::new(
                TransportErrorKind::Connect,
                "replay: no recorded exchange is left",
            )),
        }
    }
}

/// How [`json_mutations`] changed a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// The member's value was replaced with `null`.
    Nulled,
    /// The member was removed.
    Removed,
}

/// Every variant of `doc` with exactly one object member nulled or removed, each with the
/// member's path (`data.attributes.amount`, `Transactions[0].Items`).
pub fn json_mutations(doc: &Value) -> Vec<(String, Mutation, Value)> {
    let mut paths = Vec::new();
    collect_paths(doc, &mut Vec::new(), &mut paths);
    let mut out = Vec::with_capacity(paths.len() * 2);
    for path in paths {
        let name = path_text(&path);
        for m in [Mutation::Nulled, Mutation::Removed] {
            let mut copy = doc.clone();
            apply(&mut copy, &path, m);
            out.push((name.clone(), m, copy));
        }
    }
    out
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn collect_paths(v: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                at.push(Step::Key(k.clone()));
                out.push(at.clone());
                collect_paths(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(Step::Index(i));
                collect_paths(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn path_text(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => {
                let _ = write!(s, "[{i}]");
            }
        }
    }
    s
}

fn apply(v: &mut Value, path: &[Step], m: Mutation) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut cur = v;
    for step in parents {
        cur = match (step, cur) {
            (Step::Key(k), Value::Object(map)) => match map.get_mut(k) {
                Some(c) => c,
                None => return,
            },
            (Step::Index(i), Value::Array(items)) => match items.get_mut(*i) {
                Some(c) => c,
                None => return,
            },
            _ => return,
        };
    }
    if let (Step::Key(k), Value::Object(map)) = (last, cur) {
        match m {
            Mutation::Nulled => {
                map.insert(k.clone(), Value::Null);
            }
            Mutation::Removed => {
                map.remove(k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_member_is_nulled_and_removed_once() {
        let doc = serde_json::json!({"a": 1, "b": [{"c": 2}]});
        let m = json_mutations(&doc);
        let names: Vec<_> = m.iter().map(|(p, k, _)| format!("{p}:{k:?}")).collect();
        assert_eq!(
            names,
            [
                "a:Nulled",
                "a:Removed",
                "b:Nulled",
                "b:Removed",
                "b[0].c:Nulled",
                "b[0].c:Removed"
            ]
        );
        assert_eq!(m[5].2, serde_json::json!({"a": 1, "b": [{}]}));
        assert_eq!(m[0].2, serde_json::json!({"a": null, "b": [{"c": 2}]}));
    }
}
