//! The hand-written baseline: reqwest + serde_json, configured exactly as payments-core's
//! `ReqwestTransport` (rustls with the ring provider and the platform verifier, the default
//! connect timeout, no redirects), so that TLS setup and connection handling are not the
//! difference.

use std::sync::Arc;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use rustls_platform_verifier::BuilderVerifierExt;
use serde::de::DeserializeOwned;

/// A hand-written client: a reqwest client, a base URL and the headers of every request.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The reqwest client.
    pub http: reqwest::Client,
    /// The base URL (no trailing slash).
    pub base: String,
    /// Headers sent on every request (the same the SDK sends).
    pub headers: HeaderMap,
}

impl Baseline {
    /// A baseline at `base` sending `headers` (names lower case) on every request.
    pub fn new(base: &str, headers: &[(&'static str, String)]) -> Self {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(
                HeaderName::from_static(name),
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
        Self {
            http: reqwest_client(),
            base: base.trim_end_matches('/').to_owned(),
            headers: map,
        }
    }

    /// The same baseline with a per-request timeout set on its reqwest client (`timeout`, the
    /// deadline a production client sets; reqwest arms a timer per request, as the SDK does
    /// per attempt). Not the baseline of the targets: a second figure that shows what the
    /// SDK's deadline costs.
    pub fn with_request_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.http = reqwest_builder()
            .timeout(timeout)
            .build()
            .expect("a reqwest client");
        self
    }

    /// `GET url` with the headers, then the body read whole and decoded by serde_json as `T`;
    /// a non-2xx status is an error.
    pub async fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T, String> {
        let response = self
            .http
            .get(url)
            .headers(self.headers.clone())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()));
        }
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }
}

/// A reqwest client configured as `payments_core::ReqwestTransport::new` configures its own.
pub fn reqwest_client() -> reqwest::Client {
    reqwest_builder().build().expect("a reqwest client")
}

fn reqwest_builder() -> reqwest::ClientBuilder {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(BuilderVerifierExt::with_platform_verifier)
        .expect("a rustls configuration")
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(payments_core::DEFAULT_CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
}
