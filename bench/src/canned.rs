//! An in-memory transport answering every request with one fixed answer: the SDK client's
//! whole decode path runs (executor, answer wrappers, model types) without a network.

use async_trait::async_trait;
use bytes::Bytes;
use payments_core::http::header::CONTENT_TYPE;
use payments_core::http::{HeaderMap, HeaderValue, StatusCode};
use payments_core::{HttpRequest, HttpResponse, HttpTransport, TransportError};

/// Answers every request with `200 OK`, `content-type: application/json` and one body.
#[derive(Debug, Clone)]
pub struct Canned {
    headers: HeaderMap,
    body: Bytes,
}

impl Canned {
    /// A transport answering `body`.
    pub fn new(body: &'static [u8]) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Self {
            headers,
            body: Bytes::from_static(body),
        }
    }
}

#[async_trait]
impl HttpTransport for Canned {
    async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse::new(
            StatusCode::OK,
            self.headers.clone(),
            self.body.clone(),
        ))
    }
}
