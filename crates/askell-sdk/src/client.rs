//! The Askell clients: [`Client`] with the secret key, [`PublicClient`] with the public key.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use payments_core::secret::{ExposeSecret, Redacted, SecretString};
use payments_core::{
    BuildError, HttpClient, HttpClientBuilder, HttpTransport, Request, Response, RetryPolicy,
};
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorEnvelope};

/// Askell's API base URL.
pub const BASE_URL: &str = "https://askell.is/api";

const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client authenticated with the account's **secret** key (`Authorization: Api-Key <key>`):
/// every v1 endpoint. Cheap to clone.
///
/// ```
/// # fn main() -> Result<(), payments_core::BuildError> {
/// let client = askell_sdk::Client::builder("abcdef.abcdefgh1234567890").build()?;
/// assert!(!format!("{client:?}").contains("abcdefgh1234567890"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) http: HttpClient,
}

/// A client authenticated with the account's **public** key: only the endpoints Askell allows
/// it (tokenising a card, polling that token, polling a checkout), safe to use where the key
/// is visible to the payer. Cheap to clone.
#[derive(Clone)]
pub struct PublicClient {
    pub(crate) http: HttpClient,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("http", &self.http).finish()
    }
}

impl fmt::Debug for PublicClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicClient")
            .field("http", &self.http)
            .finish()
    }
}

impl Client {
    /// A builder for a client with the secret API key `key` (`<prefix>.<secret>`).
    pub fn builder(key: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder::new(key.into())
    }
}

impl PublicClient {
    /// A builder for a client with the public API key `key`; finish it with
    /// [`ClientBuilder::build_public`].
    pub fn builder(key: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder::new(key.into())
    }
}

/// Builds a [`Client`] or a [`PublicClient`]: base URL (default [`BASE_URL`]), timeouts,
/// retries, transport.
pub struct ClientBuilder {
    key: SecretString,
    base_url: String,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    transport: Option<Arc<dyn HttpTransport>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("key", &Redacted)
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("transport", &self.transport)
            .finish()
    }
}

impl ClientBuilder {
    fn new(key: SecretString) -> Self {
        Self {
            key,
            base_url: BASE_URL.to_owned(),
            retry: RetryPolicy::default(),
            timeout: None,
            connect_timeout: None,
            transport: None,
        }
    }

    /// Another base URL (a sandbox, a local emulator, a mock server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The retry policy for requests safe to repeat (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The limit on each attempt (default [`payments_core::DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit on connecting (default [`payments_core::DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sends through `transport` instead of the default reqwest one.
    pub fn transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// A client with the secret key.
    pub fn build(self) -> Result<Client, BuildError> {
        Ok(Client { http: self.http()? })
    }

    /// A client with the public key.
    pub fn build_public(self) -> Result<PublicClient, BuildError> {
        Ok(PublicClient { http: self.http()? })
    }

    fn http(self) -> Result<HttpClient, BuildError> {
        let auth = SecretString::from(format!("Api-Key {}", self.key.expose_secret()));
        let mut b: HttpClientBuilder = HttpClient::builder(self.base_url, USER_AGENT)
            .secret_header("authorization", &auth)
            .default_header("accept", "application/json")
            .retry(self.retry);
        if let Some(t) = self.timeout {
            b = b.timeout(t);
        }
        if let Some(t) = self.connect_timeout {
            b = b.connect_timeout(t);
        }
        if let Some(t) = self.transport {
            b = b.transport(t);
        }
        b.build()
    }
}

/// Sends `request` and decodes a 2xx JSON answer into `T`; anything else becomes an
/// [`Error`] carrying Askell's [`ErrorEnvelope`].
pub(crate) async fn call<T: DeserializeOwned>(
    http: &HttpClient,
    request: Request,
) -> Result<T, Error> {
    let response = http.send(request).await?;
    check(&response)?;
    response.json()
}

/// Sends `request` and expects a 2xx answer whose body, if any, is not needed (201 with an
/// empty body, 204).
pub(crate) async fn call_empty(http: &HttpClient, request: Request) -> Result<(), Error> {
    let response = http.send(request).await?;
    check(&response)
}

fn check(response: &Response) -> Result<(), Error> {
    if response.is_success() {
        Ok(())
    } else {
        Err(response.api_error(response.try_json::<ErrorEnvelope>()))
    }
}
