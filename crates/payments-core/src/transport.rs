//! The transport seam: one HTTP exchange, no retries, no provider knowledge.
//!
//! Provider clients hold an `Arc<dyn HttpTransport>`. The default is [`ReqwestTransport`]
//! (feature `reqwest`, on by default); plug your own to route through a proxy layer, record
//! traffic, or test offline.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

/// One outgoing HTTP request, fully built.
///
/// `Debug` shows the URL without its query (which may carry a secret) and headers marked
/// sensitive as `Sensitive`.
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpRequest {
    /// HTTP method.
    pub method: Method,
    /// Absolute URL, query included.
    pub url: String,
    /// Headers; secrets are marked sensitive ([`http::HeaderValue::set_sensitive`]).
    pub headers: HeaderMap,
    /// Body bytes (empty for none).
    pub body: Bytes,
}

impl HttpRequest {
    /// A request with the given parts.
    pub fn new(method: Method, url: impl Into<String>, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            method,
            url: url.into(),
            headers,
            body,
        }
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match self.url.split_once('?') {
            Some((base, _)) => format!("{base}?<query redacted>"),
            None => self.url.clone(),
        };
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// One HTTP answer, whatever its status.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HttpResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Bytes,
}

impl HttpResponse {
    /// An answer with the given parts.
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers,
            body: body.into(),
        }
    }
}

/// What went wrong in one exchange, as far as the retry logic needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made: nothing was sent.
    Connect,
    /// No answer in time: the request may have been received.
    Timeout,
    /// Anything else (connection reset, protocol error): the request may have been received.
    Other,
}

/// A transport failure.
#[derive(Debug)]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// The underlying error.
    pub source: Box<dyn StdError + Send + Sync>,
}

impl TransportError {
    /// A failure of `kind` caused by `source`.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            TransportErrorKind::Connect => "connect failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Other => "transport failed",
        };
        write!(f, "{kind}: {}", self.source)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Sends one HTTP request and returns the answer, whatever its status.
///
/// Implementations do not retry and need not enforce the total timeout: the caller wraps each
/// attempt in its own limit. The trait is object safe; clients hold `Arc<dyn HttpTransport>`.
#[async_trait]
pub trait HttpTransport: Send + Sync + fmt::Debug {
    /// Sends `request` once.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

/// The connect timeout of the default transport: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[cfg(feature = "reqwest")]
pub use self::reqwest_impl::ReqwestTransport;

#[cfg(feature = "reqwest")]
mod reqwest_impl {
    use std::sync::Arc;
    use std::time::Duration;

    use async_trait::async_trait;
    use rustls_platform_verifier::BuilderVerifierExt;

    use super::{HttpRequest, HttpResponse, HttpTransport, TransportError, TransportErrorKind};

    /// The default transport: reqwest over rustls with the ring crypto provider and the
    /// platform's certificate verifier, HTTP/1.1, no redirects followed (a provider's `302`
    /// is an answer the SDK reads, not a hop to take).
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
    }

    impl ReqwestTransport {
        /// A transport with the given connect timeout.
        pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let tls = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .and_then(BuilderVerifierExt::with_platform_verifier)
                .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?
                .with_no_client_auth();
            let client = reqwest::Client::builder()
                .tls_backend_preconfigured(tls)
                .connect_timeout(connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
            Ok(Self { client })
        }

        /// A transport over a reqwest client you configured yourself.
        pub fn from_client(client: reqwest::Client) -> Self {
            Self { client }
        }
    }

    #[async_trait]
    impl HttpTransport for ReqwestTransport {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            let response = self
                .client
                .request(request.method, &request.url)
                .headers(request.headers)
                .body(request.body)
                .send()
                .await
                .map_err(classify)?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(classify)?;
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        }
    }

    fn classify(e: reqwest::Error) -> TransportError {
        // reqwest's error text can carry the URL, whose query may hold a secret: drop it.
        let e = e.without_url();
        let kind = if e.is_connect() {
            TransportErrorKind::Connect
        } else if e.is_timeout() {
            TransportErrorKind::Timeout
        } else {
            TransportErrorKind::Other
        };
        TransportError::new(kind, e)
    }
}
