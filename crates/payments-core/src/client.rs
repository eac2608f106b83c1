//! The request executor every provider client is built on: base URL, default (auth) headers,
//! `User-Agent`, per-attempt timeout, retries, a response-size cap, secret scrubbing and one
//! tracing span per call and per attempt.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use http::{HeaderMap, Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use crate::error::{
    ApiError, BODY_LIMIT, ConnectionError, DecodeError, Error, InvalidRequest, Resolution,
    TimeoutError, TooLargeError, UnknownOutcome, bounded_text,
};
use crate::retry::RetryPolicy;
use crate::scrub::Scrubber;
use crate::transport::{HttpRequest, HttpTransport, TransportErrorKind};

/// The per-attempt timeout by default: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest answer a client reads by default: 8 MiB. A larger one is
/// [`Error::TooLarge`](crate::Error::TooLarge).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 8 * 1024 * 1024;

/// Headers a provider may use to name its request id, tried in this order.
const REQUEST_ID_HEADERS: [HeaderName; 4] = [
    HeaderName::from_static("x-request-id"),
    HeaderName::from_static("request-id"),
    HeaderName::from_static("x-correlation-id"),
    HeaderName::from_static("x-amzn-requestid"),
];

/// Executes [`Request`]s against one provider: cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    provider: &'static str,
    transport: Arc<dyn HttpTransport>,
    base_url: String,
    default_headers: HeaderMap,
    retry: RetryPolicy,
    timeout: Duration,
    max_response_size: usize,
    scrubber: Scrubber,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("provider", &self.inner.provider)
            .field("base_url", &self.inner.base_url)
            .field("default_headers", &self.inner.default_headers)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("max_response_size", &self.inner.max_response_size)
            .field("transport", &self.inner.transport)
            .finish_non_exhaustive()
    }
}

/// Builds an [`HttpClient`]. Provider crates wrap one in their own `ClientBuilder` and forward
/// the common options with [`http_options!`](crate::http_options).
pub struct HttpClientBuilder {
    provider: &'static str,
    base_url: String,
    base_url_given: bool,
    user_agent: String,
    default_headers: HeaderMap,
    secrets: Vec<SecretString>,
    secret_fields: &'static [&'static str],
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    max_response_size: usize,
    transport: Option<Arc<dyn HttpTransport>>,
    invalid: Option<InvalidRequest>,
}

impl fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClientBuilder")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("default_headers", &self.default_headers)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_size", &self.max_response_size)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A builder for a client of `provider` (a short name for traces, e.g. `"barion"`) at
    /// `base_url`, identifying itself as `user_agent` (conventionally `"<crate>/<version>"`;
    /// `payments-core/<version>` is appended).
    pub fn builder(
        provider: &'static str,
        base_url: impl Into<String>,
        user_agent: &str,
    ) -> HttpClientBuilder {
        HttpClientBuilder {
            provider,
            base_url: base_url.into(),
            base_url_given: false,
            user_agent: format!(
                "{user_agent} {}/{}",
                env!("CARGO_PKG_NAME"),
                env!("CARGO_PKG_VERSION")
            ),
            default_headers: HeaderMap::new(),
            secrets: Vec::new(),
            secret_fields: &[],
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: crate::transport::DEFAULT_CONNECT_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            transport: None,
            invalid: None,
        }
    }

    /// The provider's short name, as traces show it.
    pub fn provider(&self) -> &'static str {
        self.inner.provider
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

    /// `body` with every secret this client knows masked (see [`Scrubber`]).
    pub fn scrub<'b>(&self, body: &'b [u8]) -> Cow<'b, [u8]> {
        self.inner.scrubber.scrub(body)
    }

    /// Sends `request` and reads a 2xx answer as `T`; any other status becomes
    /// [`Error::Api`] with the provider's envelope `E` when the body holds one.
    pub async fn call<T: DeserializeOwned, E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<T, Error<E>> {
        let response = self.send(request).await?;
        if response.is_success() {
            response.json()
        } else {
            Err(response.error())
        }
    }

    /// Sends `request` and expects a 2xx answer whose body, if any, is not needed.
    pub async fn call_empty<E: DeserializeOwned>(&self, request: Request) -> Result<(), Error<E>> {
        let response = self.send(request).await?;
        if response.is_success() {
            Ok(())
        } else {
            Err(response.error())
        }
    }

    /// Sends `request`, retrying per the policy when it is safe to repeat, and returns the
    /// provider's answer whatever its status. Turning an error status into a typed error is the
    /// caller's part ([`Response::error`], or [`call`](Self::call) for both).
    ///
    /// Traced as one `payments.request` span (provider, operation, method, path, attempts,
    /// status, elapsed, request id) with a `payments.attempt` span per attempt; no secret, query
    /// or body is ever a span field.
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let span = tracing::info_span!(
            "payments.request",
            provider = self.inner.provider,
            operation = request.operation,
            method = %request.method,
            path = %request.path,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        if span.is_disabled() {
            // No subscriber wants it: nothing to time or record. The executor's future is
            // boxed so that the caller's future stays small (it is moved on every poll chain).
            return Box::pin(self.execute(request)).await;
        }
        let started = Instant::now();
        let result = Box::pin(self.execute(request))
            .instrument(span.clone())
            .await;
        span.record("elapsed_ms", started.elapsed().as_millis());
        match &result {
            Ok(r) => {
                span.record("attempts", r.attempts);
                span.record("status", r.status.as_u16());
                if let Some(id) = r.request_id() {
                    span.record("request_id", id);
                }
            }
            Err(e) => {
                if let Some(status) = e.status() {
                    span.record("status", status.as_u16());
                }
            }
        }
        result
    }

    async fn execute<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let inner = &*self.inner;
        let mut url = request.url(&inner.base_url);
        let mut headers = inner.default_headers.clone();
        for (name, value) in &request.headers {
            headers.insert(name.clone(), value.clone());
        }
        let max_attempts = if request.safe_to_repeat {
            inner.retry.max_attempts()
        } else {
            1
        };
        let unknown =
            (!request.is_read()).then(|| UnknownOutcome::new(request.resolve_with.clone()));
        let is_read = request.is_read();
        let mut attempt = 0;
        loop {
            attempt += 1;
            // The last attempt takes the URL and headers; earlier ones send copies.
            let (url, headers) = if attempt < max_attempts {
                (url.clone(), headers.clone())
            } else {
                (std::mem::take(&mut url), std::mem::take(&mut headers))
            };
            let wire = HttpRequest::new(request.method.clone(), url, headers, request.body.clone())
                .max_response_size(inner.max_response_size);
            let attempt_span =
                tracing::debug_span!("payments.attempt", attempt, status = tracing::field::Empty);
            let outcome = tokio::time::timeout(inner.timeout, inner.transport.send(wire))
                .instrument(attempt_span.clone())
                .await;
            let retries_left = attempt < max_attempts;
            let failure = match outcome {
                Ok(Ok(answer)) => {
                    attempt_span.record("status", answer.status.as_u16());
                    if answer.body.len() > inner.max_response_size {
                        return Err(Error::TooLarge(TooLargeError {
                            status: answer.status,
                            method: request.method,
                            path: request.path,
                            limit: inner.max_response_size,
                            outcome_unknown: unknown,
                        }));
                    }
                    if retries_left
                        && RetryPolicy::is_retryable_status(answer.status)
                        && let Some(wait) = inner.retry.wait_after_answer(attempt, &answer.headers)
                    {
                        tracing::debug!(status = answer.status.as_u16(), ?wait, "retrying");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Ok(Response {
                        status: answer.status,
                        headers: answer.headers,
                        body: answer.body,
                        method: request.method,
                        path: request.path,
                        attempts: attempt,
                        is_read,
                        unknown,
                        scrubber: inner.scrubber.with(&request.secrets),
                    });
                }
                Ok(Err(e)) if e.kind == TransportErrorKind::TooLarge => {
                    return Err(Error::TooLarge(TooLargeError {
                        status: e.status.unwrap_or(StatusCode::OK),
                        method: request.method,
                        path: request.path,
                        limit: inner.max_response_size,
                        outcome_unknown: unknown,
                    }));
                }
                Ok(Err(e)) => Some(e),
                Err(_elapsed) => None,
            };
            if retries_left {
                let wait = inner.retry.backoff(attempt);
                tracing::debug!(?wait, "retrying after a failed attempt");
                tokio::time::sleep(wait).await;
                continue;
            }
            return Err(match failure {
                Some(e) if e.kind != TransportErrorKind::Timeout => {
                    let sent = e.kind != TransportErrorKind::Connect;
                    Error::Connection(ConnectionError {
                        method: request.method,
                        path: request.path,
                        attempts: attempt,
                        sent,
                        outcome_unknown: if sent { unknown } else { None },
                        source: e.source,
                    })
                }
                _ => Error::Timeout(TimeoutError {
                    method: request.method,
                    path: request.path,
                    after: inner.timeout,
                    attempts: attempt,
                    outcome_unknown: unknown,
                }),
            });
        }
    }
}

impl HttpClientBuilder {
    /// Replaces the base URL; a later [`default_base_url`](Self::default_base_url) does not
    /// undo it.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self.base_url_given = true;
        self
    }

    /// Replaces the provider's default host (an environment's), unless a
    /// [`base_url`](Self::base_url) was given: the order of builder calls does not matter.
    pub fn default_base_url(mut self, base_url: impl Into<String>) -> Self {
        if !self.base_url_given {
            self.base_url = base_url.into();
        }
        self
    }

    /// Sends `name: value` on every request.
    pub fn default_header(mut self, name: HeaderName, value: &str) -> Self {
        match HeaderValue::from_str(value) {
            Ok(v) => {
                self.default_headers.insert(name, v);
            }
            Err(_) => {
                self.invalid.get_or_insert_with(|| {
                    InvalidRequest::new(name.to_string(), "is not a valid header value")
                });
            }
        }
        self
    }

    /// Sends `name: value` on every request, marked sensitive (`Debug` never shows it) and
    /// masked in every body an error keeps.
    /// An empty (or blank) value fails the build: a provider would answer it with an
    /// authentication error at the first call.
    pub fn secret_header(mut self, name: HeaderName, value: &SecretString) -> Self {
        if value.expose_secret().trim().is_empty() {
            self.invalid
                .get_or_insert_with(|| InvalidRequest::new(name.to_string(), "is empty"));
            return self;
        }
        match HeaderValue::from_str(value.expose_secret()) {
            Ok(mut v) => {
                v.set_sensitive(true);
                self.default_headers.insert(name, v);
                self.secrets.push(value.clone());
            }
            Err(_) => {
                // The value itself is never echoed.
                self.invalid.get_or_insert_with(|| {
                    InvalidRequest::new(name.to_string(), "holds characters a header cannot carry")
                });
            }
        }
        self
    }

    /// Also masks `value` in every body an error keeps: a part of a secret header a provider
    /// may echo on its own (an API key without its scheme word, a key in another case).
    pub fn scrub(mut self, value: &SecretString) -> Self {
        self.secrets.push(value.clone());
        self
    }

    /// Names JSON members whose values are secrets wherever they appear (for example a webhook
    /// signing secret the provider generates): masked in every body and excerpt an error keeps.
    pub fn secret_fields(mut self, fields: &'static [&'static str]) -> Self {
        self.secret_fields = fields;
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

    /// The largest answer read, in bytes (default [`DEFAULT_MAX_RESPONSE_SIZE`]); a larger one
    /// is [`Error::TooLarge`](crate::Error::TooLarge).
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
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
                provider: self.provider,
                transport,
                base_url,
                default_headers,
                retry: self.retry,
                timeout: self.timeout,
                max_response_size: self.max_response_size,
                scrubber: Scrubber::new(&self.secrets, self.secret_fields),
            }),
        })
    }
}

/// Forwards the common client options (base URL, retry, timeouts, response-size cap, transport)
/// from a provider's `ClientBuilder` to the [`HttpClientBuilder`] in its field `$field`, so
/// every provider crate's builder has the same options with the same docs.
///
/// ```
/// pub struct ClientBuilder {
///     http: payments_core::HttpClientBuilder,
/// }
/// impl ClientBuilder {
///     payments_core::http_options!(http);
/// }
/// let b = ClientBuilder { http: payments_core::HttpClient::builder("demo", "https://x.test", "demo/1") }
///     .timeout(std::time::Duration::from_secs(5))
///     .retry(payments_core::RetryPolicy::disabled());
/// # let _ = b;
/// ```
#[macro_export]
macro_rules! http_options {
    ($field:ident) => {
        /// Talks to `base_url` instead of the provider's host (a proxy, the local sandbox, a
        /// mock server); paths are appended to it.
        pub fn base_url(
            mut self,
            base_url: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.$field = self.$field.base_url(base_url);
            self
        }

        /// The retry policy for requests that are safe to repeat (default
        /// [`RetryPolicy::default`]($crate::RetryPolicy::default): 3 attempts with jittered
        /// backoff); money-moving requests the provider does not deduplicate are never repeated.
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.$field = self.$field.retry(policy);
            self
        }

        /// The limit on each attempt, from sending to the last body byte (default
        /// [`DEFAULT_TIMEOUT`]($crate::DEFAULT_TIMEOUT), 30 s).
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.timeout(timeout);
            self
        }

        /// The limit on connecting (default
        /// [`DEFAULT_CONNECT_TIMEOUT`]($crate::DEFAULT_CONNECT_TIMEOUT), 10 s); applies to the
        /// default transport.
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.connect_timeout(timeout);
            self
        }

        /// The largest answer read, in bytes (default
        /// [`DEFAULT_MAX_RESPONSE_SIZE`]($crate::DEFAULT_MAX_RESPONSE_SIZE), 8 MiB); a larger
        /// one fails with [`Error::TooLarge`]($crate::Error::TooLarge).
        pub fn max_response_size(mut self, bytes: usize) -> Self {
            self.$field = self.$field.max_response_size(bytes);
            self
        }

        /// Sends through `transport` instead of the default reqwest one (a proxy layer, a
        /// recording or replaying transport in tests).
        pub fn transport(mut self, transport: ::std::sync::Arc<dyn $crate::HttpTransport>) -> Self {
            self.$field = self.$field.transport(transport);
            self
        }
    };
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
/// [`safe_to_repeat`](Self::safe_to_repeat). `Debug` shows the body's size, never its text.
#[derive(Clone)]
pub struct Request {
    method: Method,
    path: String,
    operation: &'static str,
    query: Vec<(Cow<'static, str>, QueryValue)>,
    headers: HeaderMap,
    body: Bytes,
    secrets: Vec<SecretString>,
    safe_to_repeat: bool,
    resolve_with: Option<Resolution>,
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
            .field("operation", &self.operation)
            .field("query", &query)
            .field("headers", &self.headers)
            // The body may carry card data: only its size is shown.
            .field("body_len", &self.body.len())
            .field("safe_to_repeat", &self.safe_to_repeat)
            .field("resolve_with", &self.resolve_with)
            .finish_non_exhaustive()
    }
}

impl Request {
    /// A request with `method` to `path` (appended to the base URL as is: keep trailing slashes).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let safe = matches!(method, Method::GET | Method::HEAD);
        Self {
            method,
            path: path.into(),
            operation: "",
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            secrets: Vec::new(),
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

    /// Names the operation for traces (the client method, e.g. `"start_payment"`).
    pub fn operation(mut self, name: &'static str) -> Self {
        self.operation = name;
        self
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

    /// Adds a query parameter that is a secret: sent, but never shown by `Debug` and masked in
    /// every body an error keeps.
    pub fn secret_query(mut self, key: impl Into<Cow<'static, str>>, value: &SecretString) -> Self {
        self.query
            .push((key.into(), QueryValue::Secret(value.clone())));
        self.secrets.push(value.clone());
        self
    }

    /// Declares that the body carries `secret` (card data, a token), so that an answer echoing
    /// it has it masked in every body and excerpt an error keeps.
    pub fn secret(mut self, secret: &SecretString) -> Self {
        self.secrets.push(secret.clone());
        self
    }

    /// Adds a header for this request only.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Adds a secret header for this request only (a per-payment bearer): marked sensitive, so
    /// `Debug` never shows it, and masked in every body an error keeps. A value a header cannot
    /// carry fails the call before sending.
    pub fn secret_header(
        mut self,
        name: HeaderName,
        value: &SecretString,
    ) -> Result<Self, InvalidRequest> {
        let mut v = HeaderValue::from_str(value.expose_secret()).map_err(|_| {
            InvalidRequest::new(name.to_string(), "holds characters a header cannot carry")
        })?;
        v.set_sensitive(true);
        self.headers.insert(name, v);
        self.secrets.push(value.clone());
        Ok(self)
    }

    /// Sets a JSON body (`Content-Type: application/json`).
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, InvalidRequest> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| InvalidRequest::new("body", format!("cannot be written as JSON: {e}")))?;
        Ok(self.body_bytes(HeaderValue::from_static("application/json"), bytes))
    }

    /// Sets a form body (`Content-Type: application/x-www-form-urlencoded`).
    pub fn form<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, InvalidRequest> {
        let text = serde_urlencoded::to_string(body).map_err(|e| {
            InvalidRequest::new("body", format!("cannot be written as a form: {e}"))
        })?;
        Ok(self.body_bytes(
            HeaderValue::from_static("application/x-www-form-urlencoded"),
            text,
        ))
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(self, form: &crate::multipart::Form) -> Self {
        let (content_type, body) = form.encode();
        self.body_bytes(content_type, body)
    }

    /// Sets a body already encoded as `content_type` (for example `multipart/form-data` with
    /// its boundary).
    pub fn body_bytes(mut self, content_type: HeaderValue, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self.headers.insert(CONTENT_TYPE, content_type);
        self
    }

    /// Marks whether the request may be sent again after a failure: reads are by default;
    /// mark a write only when the provider deduplicates it (for example by the merchant's own
    /// order id).
    pub fn safe_to_repeat(mut self, safe: bool) -> Self {
        self.safe_to_repeat = safe;
        self
    }

    /// Names the status query that resolves an unknown outcome of this request, carried by the
    /// error (for example `Resolution::new("order_status", "order_id", "123")`).
    pub fn resolve_with(mut self, query: Resolution) -> Self {
        self.resolve_with = Some(query);
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
    let path = path.trim_start_matches('/');
    let mut url = String::with_capacity(base.len() + 1 + path.len());
    url.push_str(base);
    if !path.is_empty() {
        url.push('/');
        url.push_str(path);
    }
    url
}

/// A provider's answer, with what is needed to turn it into a typed value or error.
///
/// `Debug` shows the body's size, never its text (it may echo a secret).
#[derive(Clone)]
pub struct Response {
    /// HTTP status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes, as received.
    pub body: Bytes,
    method: Method,
    path: String,
    attempts: u32,
    is_read: bool,
    unknown: Option<UnknownOutcome>,
    scrubber: Scrubber,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("method", &self.method)
            .field("path", &self.path)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
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
    /// `x-correlation-id`, `x-amzn-requestid` present.
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|h| self.headers.get(h).and_then(|v| v.to_str().ok()))
    }

    /// The body with every secret the client sent masked (for keeping or printing).
    pub fn scrubbed_body(&self) -> Cow<'_, [u8]> {
        self.scrubber.scrub(&self.body)
    }

    /// Decodes the body as JSON into `T`. A failure names the serde path, keeps a scrubbed
    /// excerpt, and, for a write, says the outcome is unknown (the provider answered, so it
    /// probably acted, but what it did could not be read).
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        // The fast path decodes directly; only a failure pays for finding the serde path.
        serde_json::from_slice(&self.body).map_err(|_| {
            let (path, message) = locate::<T>(&self.body);
            Error::Decode(self.decode_error(path, message))
        })
    }

    /// A decode failure of this answer at `path`: scrubbed excerpt, and the unknown outcome of a
    /// write that got a 2xx.
    pub fn decode_error(&self, path: impl Into<String>, message: impl Into<String>) -> DecodeError {
        let mut e = DecodeError::new(Some(self.status), path, message, &self.scrubbed_body());
        if self.is_success() && !self.is_read {
            e.outcome_unknown.clone_from(&self.unknown);
        }
        e
    }

    /// The typed error for this answer: its envelope `E` decoded from the scrubbed body (when
    /// it reads as one), the scrubbed body capped at [`BODY_LIMIT`], and the request id. A 5xx
    /// answer to a write says the outcome is unknown.
    pub fn error<E: DeserializeOwned>(&self) -> Error<E> {
        self.error_with(|body| serde_json::from_slice(body).ok())
    }

    /// Like [`error`](Self::error), with the envelope read from the scrubbed body by `envelope`.
    pub fn error_with<E>(&self, envelope: impl FnOnce(&[u8]) -> Option<E>) -> Error<E> {
        let body = self.scrubbed_body();
        let unknown = if self.status.is_server_error() {
            self.unknown.clone()
        } else {
            None
        };
        Error::Api(Box::new(ApiError {
            status: self.status,
            envelope: envelope(&body),
            body: bounded_text(&body, BODY_LIMIT),
            request_id: self.request_id().map(str::to_owned),
            method: self.method.clone(),
            path: self.path.clone(),
            attempts: self.attempts,
            outcome_unknown: unknown,
        }))
    }
}

/// Decodes `body` as JSON into `T`, naming the serde path where it failed. For bodies the SDK
/// holds outside a call (webhooks); mask secret fields with [`decode_json_scrubbed`].
pub fn decode_json<T: DeserializeOwned>(
    status: Option<StatusCode>,
    body: &[u8],
) -> Result<T, DecodeError> {
    decode_json_scrubbed(status, body, &Scrubber::default())
}

/// [`decode_json`], with the excerpt of a failure passed through `scrubber`.
pub fn decode_json_scrubbed<T: DeserializeOwned>(
    status: Option<StatusCode>,
    body: &[u8],
    scrubber: &Scrubber,
) -> Result<T, DecodeError> {
    serde_json::from_slice(body).map_err(|_| {
        let (path, message) = locate::<T>(body);
        DecodeError::new(status, path, message, &scrubber.scrub(body))
    })
}

/// Decodes `body` again, tracking the serde path, to say where and why it fails: the error path
/// only, so a successful decode never pays for it.
fn locate<T: DeserializeOwned>(body: &[u8]) -> (String, String) {
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        // An exact amount is read through serde_json's raw-value hook, whose private name
        // would show as a last path segment: the path is the amount's own.
        Err(e) => (
            e.path()
                .to_string()
                .replace(".$serde_json::private::RawValue", "")
                .replace(".$serde_json::private::Number", ""),
            e.into_inner().to_string(),
        ),
        Ok(_) => match de.end() {
            Err(e) => (".".into(), e.to_string()),
            // Cannot happen for the same input; say so rather than invent a path.
            Ok(()) => (".".into(), "the body did not decode".into()),
        },
    }
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
    fn decode_errors_name_the_path_and_mask_secret_fields() {
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
        let scrubber = Scrubber::new([], &["token"]);
        let e = decode_json_scrubbed::<Outer>(None, br#"{"token":"tok_1","items":7}"#, &scrubber)
            .unwrap_err();
        assert!(!e.excerpt.contains("tok_1"), "{}", e.excerpt);
    }

    #[test]
    fn writes_are_not_safe_to_repeat_by_default() {
        assert!(Request::get("/x").safe_to_repeat);
        assert!(!Request::post("/x").safe_to_repeat);
        assert!(Request::post("/x").safe_to_repeat(true).safe_to_repeat);
    }
}
