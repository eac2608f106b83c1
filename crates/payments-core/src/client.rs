//! The request executor every provider client is built on: base URL, default (auth) headers,
//! `User-Agent`, per-attempt timeout, retries.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use http::{HeaderMap, Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{
    ApiError, ConnectionError, DecodeError, Error, InvalidRequest, TimeoutError, UnknownOutcome,
};
use crate::retry::RetryPolicy;
use crate::transport::{HttpRequest, HttpTransport, TransportErrorKind};

/// The per-attempt timeout by default: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Headers a provider may use to name its request id, tried in this order.
const REQUEST_ID_HEADERS: [&str; 4] = [
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "x-amzn-requestid",
];

/// Executes [`Request`]s against one provider: cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Arc<dyn HttpTransport>,
    base_url: String,
    default_headers: HeaderMap,
    retry: RetryPolicy,
    timeout: Duration,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("base_url", &self.inner.base_url)
            .field("default_headers", &self.inner.default_headers)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("transport", &self.inner.transport)
            .finish()
    }
}

/// Builds an [`HttpClient`].
pub struct HttpClientBuilder {
    base_url: String,
    user_agent: String,
    default_headers: HeaderMap,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    transport: Option<Arc<dyn HttpTransport>>,
    invalid: Option<InvalidRequest>,
}

impl fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClientBuilder")
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("default_headers", &self.default_headers)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A builder for a client of `base_url`, identifying itself as `user_agent`
    /// (conventionally `"<crate>/<version>"`; `payments-core/<version>` is appended).
    pub fn builder(base_url: impl Into<String>, user_agent: &str) -> HttpClientBuilder {
        HttpClientBuilder {
            base_url: base_url.into(),
            user_agent: format!(
                "{user_agent} {}/{}",
                env!("CARGO_PKG_NAME"),
                env!("CARGO_PKG_VERSION")
            ),
            default_headers: HeaderMap::new(),
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: crate::transport::DEFAULT_CONNECT_TIMEOUT,
            transport: None,
            invalid: None,
        }
    }

    /// The base URL requests are resolved against (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The full URL of `path` (no query).
    pub fn url(&self, path: &str) -> String {
        join(&self.inner.base_url, path)
    }

    /// Sends `request`, retrying per the policy when it is safe to repeat, and returns the
    /// provider's answer whatever its status. Turning an error status into a typed error is the
    /// provider crate's part (see [`Response::api_error`]).
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let inner = &*self.inner;
        let url = request.url(&inner.base_url);
        let mut headers = inner.default_headers.clone();
        for (name, value) in &request.headers {
            headers.insert(name.clone(), value.clone());
        }
        let max_attempts = if request.safe_to_repeat {
            inner.retry.max_attempts()
        } else {
            1
        };
        let unknown = (!request.is_read()).then(|| UnknownOutcome {
            resolve_with: request.resolve_with.clone(),
        });
        let mut attempt = 0;
        loop {
            attempt += 1;
            let wire = HttpRequest::new(
                request.method.clone(),
                url.clone(),
                headers.clone(),
                request.body.clone(),
            );
            tracing::debug!(method = %request.method, path = %request.path, attempt, "sending");
            let outcome = tokio::time::timeout(inner.timeout, inner.transport.send(wire)).await;
            let retries_left = attempt < max_attempts;
            match outcome {
                Ok(Ok(answer)) => {
                    if retries_left && RetryPolicy::is_retryable_status(answer.status) {
                        if let Some(wait) = inner.retry.wait_after_answer(attempt, &answer.headers)
                        {
                            tracing::debug!(status = %answer.status, ?wait, "retrying");
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    return Ok(Response {
                        status: answer.status,
                        headers: answer.headers,
                        body: answer.body,
                        method: request.method,
                        path: request.path,
                        attempts: attempt,
                        unknown,
                    });
                }
                Ok(Err(e)) => {
                    if retries_left {
                        tokio::time::sleep(inner.retry.backoff(attempt)).await;
                        continue;
                    }
                    if e.kind == TransportErrorKind::Timeout {
                        return Err(Error::Timeout(TimeoutError {
                            method: request.method,
                            path: request.path,
                            after: inner.timeout,
                            attempts: attempt,
                            outcome_unknown: unknown,
                        }));
                    }
                    let sent = e.kind != TransportErrorKind::Connect;
                    return Err(Error::Connection(ConnectionError {
                        method: request.method,
                        path: request.path,
                        attempts: attempt,
                        sent,
                        outcome_unknown: if sent { unknown } else { None },
                        source: e.source,
                    }));
                }
                Err(_elapsed) => {
                    if retries_left {
                        tokio::time::sleep(inner.retry.backoff(attempt)).await;
                        continue;
                    }
                    return Err(Error::Timeout(TimeoutError {
                        method: request.method,
                        path: request.path,
                        after: inner.timeout,
                        attempts: attempt,
                        outcome_unknown: unknown,
                    }));
                }
            }
        }
    }
}

impl HttpClientBuilder {
    /// Replaces the base URL.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Sends `name: value` on every request.
    pub fn default_header(mut self, name: &'static str, value: &str) -> Self {
        match HeaderValue::from_str(value) {
            Ok(v) => {
                self.default_headers
                    .insert(HeaderName::from_static(name), v);
            }
            Err(_) => {
                self.invalid.get_or_insert_with(|| {
                    InvalidRequest::new(name, "is not a valid header value")
                });
            }
        }
        self
    }

    /// Sends `name: value` on every request, marked sensitive: `Debug` never shows it.
    pub fn secret_header(mut self, name: &'static str, value: &SecretString) -> Self {
        match HeaderValue::from_str(value.expose_secret()) {
            Ok(mut v) => {
                v.set_sensitive(true);
                self.default_headers
                    .insert(HeaderName::from_static(name), v);
            }
            Err(_) => {
                // The value itself is never echoed.
                self.invalid.get_or_insert_with(|| {
                    InvalidRequest::new(name, "holds characters a header cannot carry")
                });
            }
        }
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]; [`RetryPolicy::disabled`] turns it off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The limit on each attempt, from sending to the last body byte (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The limit on establishing a connection (default 10 s); applies to the default transport.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Uses `transport` instead of the default reqwest one.
    pub fn transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Builds the client.
    ///
    /// Fails when the base URL is not `http(s)://…`, a header value was invalid, or the default
    /// transport could not be set up (no transport given and the `reqwest` feature is off).
    pub fn build(self) -> Result<HttpClient, BuildError> {
        if let Some(e) = self.invalid {
            return Err(BuildError::Invalid(e));
        }
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://"))
            || base_url.contains('?')
        {
            return Err(BuildError::Invalid(InvalidRequest::new(
                "base_url",
                format!("must be an http(s) URL without a query, got `{base_url}`"),
            )));
        }
        let mut default_headers = self.default_headers;
        let ua = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| BuildError::Invalid(InvalidRequest::new("user_agent", "is not ASCII")))?;
        default_headers.insert(USER_AGENT, ua);
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(self.connect_timeout)?,
        };
        Ok(HttpClient {
            inner: Arc::new(Inner {
                transport,
                base_url,
                default_headers,
                retry: self.retry,
                timeout: self.timeout,
            }),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport(connect_timeout: Duration) -> Result<Arc<dyn HttpTransport>, BuildError> {
    crate::transport::ReqwestTransport::new(connect_timeout)
        .map(|t| Arc::new(t) as Arc<dyn HttpTransport>)
        .map_err(|e| BuildError::Transport(e.to_string()))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_connect_timeout: Duration) -> Result<Arc<dyn HttpTransport>, BuildError> {
    Err(BuildError::Transport(
        "no transport given and the `reqwest` feature is off".into(),
    ))
}

/// A client could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A setting was invalid.
    #[error("invalid client setting: {0}")]
    Invalid(InvalidRequest),
    /// The transport could not be set up.
    #[error("could not set up the HTTP transport: {0}")]
    Transport(String),
}

/// A query parameter value; secret ones never show in `Debug`.
#[derive(Clone)]
enum QueryValue {
    Plain(String),
    Secret(SecretString),
}

/// One request to a provider, relative to the client's base URL.
///
/// `GET`/`HEAD` requests are safe to repeat by default; others are not unless marked with
/// [`safe_to_repeat`](Self::safe_to_repeat).
#[derive(Clone)]
pub struct Request {
    method: Method,
    path: String,
    query: Vec<(Cow<'static, str>, QueryValue)>,
    headers: HeaderMap,
    body: Bytes,
    safe_to_repeat: bool,
    resolve_with: Option<String>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<_> = self
            .query
            .iter()
            .map(|(k, v)| match v {
                QueryValue::Plain(v) => format!("{k}={v}"),
                QueryValue::Secret(_) => format!("{k}=<redacted>"),
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &query)
            .field("headers", &self.headers)
            // The body may carry card data: only its size is shown.
            .field("body_len", &self.body.len())
            .field("safe_to_repeat", &self.safe_to_repeat)
            .field("resolve_with", &self.resolve_with)
            .finish()
    }
}

impl Request {
    /// A request with `method` to `path` (appended to the base URL as is: keep trailing slashes).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let safe = matches!(method, Method::GET | Method::HEAD);
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            safe_to_repeat: safe,
            resolve_with: None,
        }
    }

    /// A `GET` request.
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    /// A `POST` request.
    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::POST, path)
    }

    /// A `PUT` request.
    pub fn put(path: impl Into<String>) -> Self {
        Self::new(Method::PUT, path)
    }

    /// A `PATCH` request.
    pub fn patch(path: impl Into<String>) -> Self {
        Self::new(Method::PATCH, path)
    }

    /// A `DELETE` request.
    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// Method of the request.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Path of the request, relative to the base URL.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The body bytes as they will be sent.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Adds a query parameter (percent-encoded when sent).
    pub fn query(mut self, key: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.query
            .push((key.into(), QueryValue::Plain(value.into())));
        self
    }

    /// Adds a query parameter that is a secret: sent, but never shown by `Debug` or in errors.
    pub fn secret_query(mut self, key: impl Into<Cow<'static, str>>, value: &SecretString) -> Self {
        self.query
            .push((key.into(), QueryValue::Secret(value.clone())));
        self
    }

    /// Adds a header for this request only.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Sets a JSON body (`Content-Type: application/json`).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, InvalidRequest> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| InvalidRequest::new("body", format!("cannot be written as JSON: {e}")))?;
        self.body = Bytes::from(bytes);
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Ok(self)
    }

    /// Sets a form body (`Content-Type: application/x-www-form-urlencoded`).
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, InvalidRequest> {
        let text = serde_urlencoded::to_string(body).map_err(|e| {
            InvalidRequest::new("body", format!("cannot be written as a form: {e}"))
        })?;
        self.body = Bytes::from(text);
        self.headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        Ok(self)
    }

    /// Marks whether the request may be sent again after a failure: reads are by default;
    /// mark a write only when the provider deduplicates it (for example by the merchant's own
    /// order id).
    pub fn safe_to_repeat(mut self, safe: bool) -> Self {
        self.safe_to_repeat = safe;
        self
    }

    /// Names the status query that resolves an unknown outcome of this request, shown in the
    /// error (for example `Client::order_status(pos_id, "123")`).
    pub fn resolve_with(mut self, query: impl Into<String>) -> Self {
        self.resolve_with = Some(query.into());
        self
    }

    fn is_read(&self) -> bool {
        matches!(self.method, Method::GET | Method::HEAD | Method::OPTIONS)
    }

    fn url(&self, base: &str) -> String {
        let mut url = join(base, &self.path);
        if !self.query.is_empty() {
            let pairs: Vec<(&str, &str)> = self
                .query
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        QueryValue::Plain(v) => v.as_str(),
                        QueryValue::Secret(s) => s.expose_secret(),
                    };
                    (k.as_ref(), v)
                })
                .collect();
            url.push(if url.contains('?') { '&' } else { '?' });
            // Strings only: this cannot fail.
            url.push_str(&serde_urlencoded::to_string(&pairs).unwrap_or_default());
        }
        url
    }
}

fn join(base: &str, path: &str) -> String {
    if path.is_empty() {
        return base.to_owned();
    }
    format!("{base}/{}", path.trim_start_matches('/'))
}

/// A provider's answer, with what is needed to turn it into a typed value or error.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Bytes,
    method: Method,
    path: String,
    attempts: u32,
    unknown: Option<UnknownOutcome>,
}

impl Response {
    /// `true` for a 2xx status.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Attempts made, retries included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The provider's request id, from the first of `x-request-id`, `request-id`,
    /// `x-correlation-id` present.
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS.iter().find_map(|h| self.header(h))
    }

    /// Decodes the body as JSON into `T`; a failure names the serde path where it failed.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        decode_json(Some(self.status), &self.body).map_err(Error::Decode)
    }

    /// Decodes the body as JSON into `T` when it looks like JSON at all; `None` otherwise or on
    /// failure. For reading an optional error envelope.
    pub fn try_json<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The typed error for this answer, carrying `envelope` (the provider's error body, when it
    /// could be read), the raw body and the request id. A 5xx answer to a request that is not a
    /// plain read says the outcome is unknown.
    pub fn api_error<E>(&self, envelope: Option<E>) -> Error<E> {
        let unknown = if self.status.is_server_error() {
            self.unknown.clone()
        } else {
            None
        };
        Error::Api(Box::new(ApiError {
            status: self.status,
            envelope,
            body: String::from_utf8_lossy(&self.body).into_owned(),
            request_id: self.request_id().map(str::to_owned),
            method: self.method.clone(),
            path: self.path.clone(),
            attempts: self.attempts,
            outcome_unknown: unknown,
        }))
    }
}

/// Decodes `body` as JSON into `T`, naming the serde path where it failed.
pub fn decode_json<T: DeserializeOwned>(
    status: Option<StatusCode>,
    body: &[u8],
) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        DecodeError::new(status, path, e.into_inner().to_string(), body)
    })?;
    de.end()
        .map_err(|e| DecodeError::new(status, ".", e.to_string(), body))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_keep_trailing_slashes_and_encode_queries() {
        let r = Request::get("/payments/")
            .query("PaymentId", "a b&c")
            .secret_query("POSKey", &SecretString::from("s3cr3t"));
        assert_eq!(
            r.url("https://askell.is/api"),
            "https://askell.is/api/payments/?PaymentId=a+b%26c&POSKey=s3cr3t"
        );
        let dbg = format!("{r:?}");
        assert!(!dbg.contains("s3cr3t"), "{dbg}");
        let card = Request::post("/tokens/")
            .json(&serde_json::json!({"card_number": "4111111111111111"}))
            .unwrap();
        assert!(!format!("{card:?}").contains("4111"));
        assert!(dbg.contains("POSKey=<redacted>"));
    }

    #[test]
    fn decode_errors_name_the_path() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            items: Vec<Inner>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            amount: u32,
        }
        let body = br#"{"items":[{"amount":1},{"amount":"x"}]}"#;
        let e = decode_json::<Outer>(Some(StatusCode::OK), body).unwrap_err();
        assert_eq!(e.path, "items[1].amount");
        assert_eq!(e.status, Some(StatusCode::OK));
        assert!(e.excerpt.contains("\"x\""));
        let e = decode_json::<Outer>(None, b"not json").unwrap_err();
        assert_eq!(e.path, ".");
    }

    #[test]
    fn writes_are_not_safe_to_repeat_by_default() {
        assert!(Request::get("/x").safe_to_repeat);
        assert!(!Request::post("/x").safe_to_repeat);
        assert!(Request::post("/x").safe_to_repeat(true).safe_to_repeat);
    }
}
