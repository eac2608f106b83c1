//! The HTTP plumbing shared by the emulators: the parsed request, the answer with its
//! scenario fault, form encoding, and the providers' outage bodies.

use std::fmt::Write as _;
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use serde_json::Value;

use crate::Provider;
use crate::scenario::Fault;

/// A request to one provider, its path relative to the provider's prefix.
pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    /// The path segments after the prefix, percent-decoded, empty ones dropped.
    pub(crate) segments: Vec<String>,
    /// Whether the path ended with `/`.
    pub(crate) trailing_slash: bool,
    /// The path as requested, from the root (for error answers that echo the endpoint).
    pub(crate) full_path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl ApiRequest {
    /// Builds the request; `prefix_len` is the number of leading path segments to drop.
    pub(crate) fn new(
        method: Method,
        uri: &http::Uri,
        prefix_len: usize,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        let path = uri.path();
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .skip(prefix_len)
            .map(percent_decode)
            .collect();
        Self {
            method,
            segments,
            trailing_slash: path.ends_with('/'),
            full_path: path.to_owned(),
            query: uri.query().map(parse_form).unwrap_or_default(),
            headers,
            body,
        }
    }

    /// Segments as `&str`, for matching.
    pub(crate) fn path(&self) -> Vec<&str> {
        self.segments.iter().map(String::as_str).collect()
    }

    /// Header `name`, if present and text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Query parameter `name` (exact name).
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Query parameter `name`, its name compared case-insensitively.
    pub(crate) fn query_ci(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body, lower case, without parameters.
    pub(crate) fn content_type(&self) -> Option<String> {
        self.header("content-type").map(|ct| {
            ct.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// Whether the body is declared JSON (`application/json`, `application/vnd.api+json`).
    pub(crate) fn is_json(&self) -> bool {
        self.content_type()
            .is_some_and(|ct| ct == "application/json" || ct.ends_with("+json"))
    }

    /// The body as JSON.
    pub(crate) fn json(&self) -> Result<Value, String> {
        serde_json::from_slice(&self.body).map_err(|e| e.to_string())
    }

    /// The body as `application/x-www-form-urlencoded` pairs.
    pub(crate) fn form(&self) -> Vec<(String, String)> {
        parse_form(&String::from_utf8_lossy(&self.body))
    }
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: &u8| char::from(*b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(hex),
                bytes.get(i + 2).and_then(hex),
            )
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses `a=1&b=two+words` (a query string or a form body).
pub(crate) fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode(&k.replace('+', " ")),
                percent_decode(&v.replace('+', " ")),
            )
        })
        .collect()
}

/// The first value of `name` in form pairs.
pub(crate) fn form_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Percent-encodes everything but the unreserved characters.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Encodes pairs as an `application/x-www-form-urlencoded` body.
pub(crate) fn encode_form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Adds `name=value` to the query of `url` (keeping a fragment at the end).
pub(crate) fn with_query_param(url: &str, name: &str, value: &str) -> String {
    let url = url.trim();
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let sep = if base.contains('?') {
        if base.ends_with('?') || base.ends_with('&') {
            ""
        } else {
            "&"
        }
    } else {
        "?"
    };
    let mut out = format!(
        "{base}{sep}{}={}",
        percent_encode(name),
        percent_encode(value)
    );
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Whether `url` is an absolute http(s) URL.
pub(crate) fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    rest.is_some_and(|r| !r.is_empty() && !r.chars().any(char::is_whitespace))
}

/// An answer, with the fault to apply to it once the operation is done.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Bytes,
    pub(crate) fault: Option<Fault>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers: vec![(CONTENT_TYPE, HeaderValue::from_static(content_type))],
            body: body.into(),
            fault: None,
        }
    }

    /// A JSON answer.
    pub(crate) fn json(status: u16, value: &Value) -> Self {
        Self::new(status, "application/json", value.to_string())
    }

    /// A plain-text answer.
    pub(crate) fn text(status: u16, text: impl Into<String>) -> Self {
        Self::new(status, "text/plain; charset=utf-8", text.into())
    }

    /// An HTML page.
    pub(crate) fn html(status: u16, page: String) -> Self {
        Self::new(status, "text/html; charset=utf-8", page)
    }

    /// An answer without a body.
    pub(crate) fn empty(status: u16) -> Self {
        let mut reply = Self::new(status, "text/plain", Bytes::new());
        reply.headers.clear();
        reply
    }

    /// `303 See Other` to `url`.
    pub(crate) fn see_other(url: &str) -> Self {
        let mut reply = Self::html(
            303,
            format!(
                "<!doctype html><p>Continue to <a href=\"{0}\">{0}</a></p>",
                crate::pages::escape(url)
            ),
        );
        if let Ok(v) = HeaderValue::from_str(url) {
            reply.headers.push((LOCATION, v));
        }
        reply
    }

    /// Applies `fault` (if any) when the answer is sent.
    pub(crate) fn with_fault(mut self, fault: Option<Fault>) -> Self {
        self.fault = fault;
        self
    }

    /// The answer as it is, with no fault applied.
    pub(crate) fn into_plain_response(self) -> Response {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response
    }

    /// The answer as sent: slow, replaced by a 503, or cut off, as the fault says.
    pub(crate) async fn into_response(self, provider: Provider, slow: Duration) -> Response {
        match self.fault {
            None => self.into_plain_response(),
            Some(Fault::SlowAnswer) => {
                tokio::time::sleep(slow).await;
                self.into_plain_response()
            }
            Some(Fault::Error500) => outage(provider, 500).into_plain_response(),
            Some(Fault::Error503 | Fault::ActThen503) => {
                outage(provider, 503).into_plain_response()
            }
            Some(Fault::ActThenDrop) => {
                // Announce the whole body, send half of it, then fail the body stream: the
                // server aborts the connection short of the declared length, as a connection
                // lost mid-answer does.
                let full = self.body.len().max(2);
                let half = self.body.slice(..self.body.len() / 2);
                let cut: Result<bytes::Bytes, std::io::Error> = Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "the sandbox drops this answer",
                ));
                let chunks = futures_util::stream::iter([Ok(half), cut]);
                let mut response = Response::new(Body::from_stream(chunks));
                *response.status_mut() = self.status;
                for (name, value) in self.headers {
                    response.headers_mut().append(name, value);
                }
                response
                    .headers_mut()
                    .insert(CONTENT_LENGTH, HeaderValue::from(full));
                response
            }
        }
    }
}

/// The early answer of a fault that strikes before the operation (`500`, `503`); `None` when
/// the operation goes ahead.
pub(crate) fn refuse_before(fault: Option<Fault>) -> Option<Reply> {
    fault
        .filter(|f| !f.acts())
        .map(|f| Reply::empty(500).with_fault(Some(f)))
}

/// A provider's answer to an outage (`500` or `503`), in the shape its servers send.
pub(crate) fn outage(provider: Provider, status: u16) -> Reply {
    let text = if status == 503 {
        "Service Unavailable"
    } else {
        "Internal Server Error"
    };
    match provider {
        // Barion's ASP.NET default (node-barion test data, fixtures/barion/error-500-message.json).
        Provider::Barion if status == 500 => {
            Reply::json(500, &serde_json::json!({"Message": "An error has occurred."}))
        }
        // Django's default 500 page.
        Provider::Askell if status == 500 => Reply::html(
            500,
            "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n".to_owned(),
        ),
        _ => Reply::text(status, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_queries() {
        let pairs = parse_form("paymentId=ecc2&x=a+b%3D&empty=&flag");
        assert_eq!(form_value(&pairs, "paymentId"), Some("ecc2"));
        assert_eq!(form_value(&pairs, "x"), Some("a b="));
        assert_eq!(form_value(&pairs, "empty"), Some(""));
        assert_eq!(form_value(&pairs, "flag"), Some(""));
        assert_eq!(percent_decode("%7"), "%7");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(
            encode_form(&[("data", "ab=="), ("signature", "x_y-=")]),
            "data=ab%3D%3D&signature=x_y-%3D"
        );
        assert_eq!(
            with_query_param("https://s.example/r", "paymentId", "ab"),
            "https://s.example/r?paymentId=ab"
        );
        assert_eq!(
            with_query_param("https://s.example/r?x=1#top", "paymentId", "ab"),
            "https://s.example/r?x=1&paymentId=ab#top"
        );
        assert!(is_http_url("http://127.0.0.1:8080/hook"));
        assert!(!is_http_url("ftp://x"));
    }
}
