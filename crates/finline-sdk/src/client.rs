//! [`Client`], its builder and the hosts it can talk to.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use payments_core::secret::Redacted;
use payments_core::{
    BuildError, ExposeSecret, HttpClient, HttpTransport, Request, Response, RetryPolicy,
    SecretString,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::{Error, ErrorEnvelope, Result};

/// The API hosts. Financial Line runs the Tranzzo API, so one client works against both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Environment {
    /// `https://api.finline.io/api/v1` (the default).
    #[default]
    Finline,
    /// `https://cpay.tranzzo.com/api/v1`.
    Tranzzo,
}

impl Environment {
    /// The base URL of this host.
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Finline => "https://api.finline.io/api/v1",
            Self::Tranzzo => "https://cpay.tranzzo.com/api/v1",
        }
    }
}

/// A client of one point of sale (POS): its id and its three secrets.
///
/// Cheap to clone (one `Arc`). There is no sandbox host: a test project has its own POS id and
/// keys on the same host.
///
/// Every request carries `X-API-AUTH: CPAY {API_KEY}:{API_SECRET}` and
/// `X-API-KEY: {ENDPOINTS_KEY}`; the headers are marked sensitive and never printed.
#[derive(Clone)]
pub struct Client {
    http: HttpClient,
    pos_id: Uuid,
    api_secret: SecretString,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("pos_id", &self.pos_id)
            .field("api_secret", &Redacted)
            .field("http", &self.http)
            .finish()
    }
}

impl Client {
    /// A builder for the POS `pos_id` with its `API_KEY`, `API_SECRET` (also the webhook
    /// signing key) and `ENDPOINTS_KEY`.
    pub fn builder(
        pos_id: Uuid,
        api_key: SecretString,
        api_secret: SecretString,
        endpoints_key: SecretString,
    ) -> ClientBuilder {
        ClientBuilder {
            pos_id,
            api_key,
            api_secret,
            endpoints_key,
            base_url: Environment::default().base_url().to_owned(),
            retry: None,
            timeout: None,
            connect_timeout: None,
            transport: None,
        }
    }

    /// The POS this client acts for (`pos_id` of every request).
    pub fn pos_id(&self) -> Uuid {
        self.pos_id
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    pub(crate) fn api_secret(&self) -> &SecretString {
        &self.api_secret
    }

    /// Sends a money-moving `POST` with `pos_id` added to `body`; never repeated (the gateway
    /// does not promise to deduplicate), and an unknown outcome points at the order status.
    pub(crate) async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        order_id: &str,
        body: &B,
    ) -> Result<T> {
        let response = self.send_post(path, order_id, body).await?;
        decode(&response)
    }

    pub(crate) async fn send_post<B: Serialize>(
        &self,
        path: &str,
        order_id: &str,
        body: &B,
    ) -> Result<Response> {
        let request = Request::post(path)
            .json(&WithPos {
                pos_id: &self.pos_id,
                body,
            })?
            .safe_to_repeat(false)
            .resolve_with(format!("Client::order_status({order_id:?})"));
        self.http.send::<ErrorEnvelope>(request).await
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        let request = Request::get(path);
        let response = self.http.send::<ErrorEnvelope>(request).await?;
        decode(&response)
    }
}

/// A 2xx answer decoded into `T`; anything else into the typed API error.
pub(crate) fn decode<T: DeserializeOwned>(response: &Response) -> Result<T> {
    if response.is_success() {
        response.json::<T, ErrorEnvelope>()
    } else {
        Err(api_error(response))
    }
}

pub(crate) fn api_error(response: &Response) -> Error {
    response.api_error(response.try_json::<ErrorEnvelope>())
}

/// A request body with the client's `pos_id` first.
#[derive(Serialize)]
struct WithPos<'a, B> {
    pos_id: &'a Uuid,
    #[serde(flatten)]
    body: &'a B,
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    pos_id: Uuid,
    api_key: SecretString,
    api_secret: SecretString,
    endpoints_key: SecretString,
    base_url: String,
    retry: Option<RetryPolicy>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    transport: Option<Arc<dyn HttpTransport>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("pos_id", &self.pos_id)
            .field("api_key", &Redacted)
            .field("api_secret", &Redacted)
            .field("endpoints_key", &Redacted)
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("transport", &self.transport.as_ref().map(|_| "custom"))
            .finish()
    }
}

impl ClientBuilder {
    /// Talks to `environment`'s host.
    pub fn environment(mut self, environment: Environment) -> Self {
        environment.base_url().clone_into(&mut self.base_url);
        self
    }

    /// Talks to `base_url` (for example a mock server), ending before the endpoint paths
    /// (`https://api.finline.io/api/v1`).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The retry policy. Only the order status query is ever retried; money-moving `POST`s are
    /// sent once.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The limit on each attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit on connecting (default 10 s; applies to the default transport).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Uses `transport` instead of the default reqwest one.
    pub fn transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Builds the client; fails on a base URL that is not http(s) or a key a header cannot
    /// carry (the key itself is never shown).
    pub fn build(self) -> Result<Client, BuildError> {
        let auth = SecretString::from(format!(
            "CPAY {}:{}",
            self.api_key.expose_secret(),
            self.api_secret.expose_secret()
        ));
        let mut http = HttpClient::builder(
            self.base_url,
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
        )
        .default_header("accept", "application/json")
        .secret_header("x-api-auth", &auth)
        .secret_header("x-api-key", &self.endpoints_key);
        if let Some(retry) = self.retry {
            http = http.retry(retry);
        }
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            http = http.connect_timeout(timeout);
        }
        if let Some(transport) = self.transport {
            http = http.transport(transport);
        }
        Ok(Client {
            http: http.build()?,
            pos_id: self.pos_id,
            api_secret: self.api_secret,
        })
    }
}
