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
    /// The largest answer body to read, in bytes: a transport stops reading past it and fails
    /// with [`TransportErrorKind::TooLarge`] (the client also checks what a transport returns).
    pub max_response_size: usize,
}

impl HttpRequest {
    /// A request with the given parts, reading answers of any size.
    pub fn new(method: Method, url: impl Into<String>, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            method,
            url: url.into(),
            headers,
            body,
            max_response_size: usize::MAX,
        }
    }

    /// Caps the answer body at `bytes`.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
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
            .field("max_response_size", &self.max_response_size)
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
    /// The answer's body was larger than [`HttpRequest::max_response_size`]; reading stopped.
    TooLarge,
    /// Anything else (connection reset, protocol error): the request may have been received.
    Other,
}

/// A transport failure.
#[derive(Debug)]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// The status of the answer, when the failure came after its head (for `TooLarge`).
    pub status: Option<StatusCode>,
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
            status: None,
            source: source.into(),
        }
    }

    /// An answer with `status` whose body was over `limit` bytes.
    pub fn too_large(status: StatusCode, limit: usize) -> Self {
        Self {
            kind: TransportErrorKind::TooLarge,
            status: Some(status),
            source: format!("the body is over {limit} bytes").into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            TransportErrorKind::Connect => "connect failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::TooLarge => "answer too large",
            TransportErrorKind::Other => "transport failed",
        };
        // The cause is given by `source()`, not repeated here.
        f.write_str(kind)
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
    use bytes::BytesMut;

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
            let limit = request.max_response_size;
            let mut response = self
                .client
                .request(request.method, &request.url)
                .headers(request.headers)
                .body(request.body)
                .send()
                .await
                .map_err(classify)?;
            let status = response.status();
            let announced = response.content_length().unwrap_or(0);
            if usize::try_from(announced).map_or(true, |n| n > limit) {
                return Err(TransportError::too_large(status, limit));
            }
            let headers = std::mem::take(response.headers_mut());
            // A body of announced length (checked above) is read in one piece; a chunked one
            // chunk by chunk, so a body past the cap is never held whole.
            if response.content_length().is_some() {
                let body = response.bytes().await.map_err(classify)?;
                return Ok(HttpResponse {
                    status,
                    headers,
                    body,
                });
            }
            let mut body = BytesMut::new();
            while let Some(chunk) = response.chunk().await.map_err(classify)? {
                if body.len() + chunk.len() > limit {
                    return Err(TransportError::too_large(status, limit));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse {
                status,
                headers,
                body: body.freeze(),
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
