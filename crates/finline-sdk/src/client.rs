//! [`Credentials`], [`Client`], [`ClientBuilder`] and the hosts ([`Environment`]).

use std::fmt;

use payments_core::http::HeaderName;
use payments_core::http::header::ACCEPT;
use payments_core::secret::Redacted;
use payments_core::{
    BuildError, ExposeSecret, HttpClient, HttpClientBuilder, InvalidRequest, Request, Resolution,
    SecretString,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::{ErrorEnvelope, Result};

/// `X-API-AUTH: CPAY {API_KEY}:{API_SECRET}`.
const X_API_AUTH: HeaderName = HeaderName::from_static("x-api-auth");
/// `X-API-KEY: {ENDPOINTS_KEY}`.
const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");

/// JSON members this SDK sends as secrets: masked wherever an error body echoes them.
const SECRET_FIELDS: &[&str] = &["cc_number", "card_cvv", "cc_token"];

/// The status query that resolves an unknown outcome of every write: [`Client::order_status`].
pub(crate) fn resolution(order_id: &str) -> Resolution {
    Resolution::new("order_status", "order_id", order_id)
}

/// The API hosts. Financial Line runs the Tranzzo API, so one client works against both.
///
/// There is no sandbox host: a test project has its own POS id and keys on the same host.
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
    ///
    /// ```
    /// assert_eq!(finline_sdk::Environment::Finline.base_url(), "https://api.finline.io/api/v1");
    /// ```
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Finline => "https://api.finline.io/api/v1",
            Self::Tranzzo => "https://cpay.tranzzo.com/api/v1",
        }
    }
}

/// The four credentials of one point of sale (POS), from the merchant portal.
///
/// Named fields, so two secrets cannot be swapped by position. `Debug` shows the POS id only.
///
/// ```
/// use finline_sdk::{Credentials, SecretString};
///
/// let credentials = Credentials {
///     pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667".parse().unwrap(),
///     api_key: SecretString::from("API_KEY"),
///     api_secret: SecretString::from("API_SECRET"),
///     endpoints_key: SecretString::from("ENDPOINTS_KEY"),
/// };
/// assert!(!format!("{credentials:?}").contains("API_SECRET"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    /// `POS_ID`: the point of sale, sent as `pos_id` in bodies and paths (not a secret).
    pub pos_id: Uuid,
    /// `API_KEY`: the first half of `X-API-AUTH: CPAY {API_KEY}:{API_SECRET}`.
    pub api_key: SecretString,
    /// `API_SECRET`: the second half of `X-API-AUTH`, and the webhook signing key.
    pub api_secret: SecretString,
    /// `ENDPOINTS_KEY`: the `X-API-KEY` header.
    pub endpoints_key: SecretString,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("pos_id", &self.pos_id)
            .field("api_key", &Redacted)
            .field("api_secret", &Redacted)
            .field("endpoints_key", &Redacted)
            .finish()
    }
}

/// A client of one point of sale. Cheap to clone (one `Arc`); `Debug` never shows a secret.
///
/// Every request carries `X-API-AUTH: CPAY {API_KEY}:{API_SECRET}`, `X-API-KEY:
/// {ENDPOINTS_KEY}` (both marked sensitive) and `Accept: application/json`; the key, the
/// secret and the card data a request sends are masked in every body an error keeps, even
/// when the gateway echoes them.
#[derive(Clone, Debug)]
pub struct Client {
    http: HttpClient,
    pos_id: Uuid,
    api_secret: SecretString,
}

impl Client {
    /// A builder for the POS of `credentials`, talking to [`Environment::Finline`] until told
    /// otherwise.
    ///
    /// ```
    /// use finline_sdk::{Client, Credentials, Environment, SecretString};
    ///
    /// # fn main() -> Result<(), finline_sdk::BuildError> {
    /// let client = Client::builder(Credentials {
    ///     pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667".parse().unwrap(),
    ///     api_key: SecretString::from("API_KEY"),
    ///     api_secret: SecretString::from("API_SECRET"),
    ///     endpoints_key: SecretString::from("ENDPOINTS_KEY"),
    /// })
    /// .environment(Environment::Tranzzo)
    /// .build()?;
    /// assert_eq!(client.base_url(), "https://cpay.tranzzo.com/api/v1");
    /// # Ok(()) }
    /// ```
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            http: HttpClient::builder(
                "finline",
                Environment::default().base_url(),
                concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            ),
            credentials,
        }
    }

    /// The POS this client acts for (`pos_id` of every request and path).
    ///
    /// ```
    /// # let credentials = finline_sdk::Credentials {
    /// #     pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667".parse().unwrap(),
    /// #     api_key: "k".into(), api_secret: "s".into(), endpoints_key: "e".into(),
    /// # };
    /// let client = finline_sdk::Client::builder(credentials).build().unwrap();
    /// assert_eq!(client.pos_id().to_string(), "dc728de1-51ef-4ef1-80f7-3b44b07b5667");
    /// assert_eq!(client.base_url(), "https://api.finline.io/api/v1");
    /// ```
    pub fn pos_id(&self) -> Uuid {
        self.pos_id
    }

    /// The base URL in use (no trailing slash); see [`pos_id`](Self::pos_id) for an example.
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    pub(crate) fn api_secret(&self) -> &SecretString {
        &self.api_secret
    }

    /// A money-moving `POST` of `body` with the client's `pos_id` first. Never repeated (the
    /// gateway does not promise to deduplicate); an unknown outcome names
    /// [`order_status`](Self::order_status) for `order_id`.
    pub(crate) fn write<B: Serialize>(
        &self,
        path: &'static str,
        operation: &'static str,
        order_id: &str,
        body: &B,
    ) -> Result<Request, InvalidRequest> {
        Ok(Request::post(path)
            .operation(operation)
            .json(&WithPos {
                pos_id: &self.pos_id,
                body,
            })?
            .resolve_with(resolution(order_id)))
    }

    /// Sends `request` and reads a 2xx answer as `T`, any other as the typed error.
    pub(crate) async fn call<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        self.http.call::<T, ErrorEnvelope>(request).await
    }

    /// Sends `request` and returns the answer whatever its status.
    pub(crate) async fn send(&self, request: Request) -> Result<payments_core::Response> {
        self.http.send::<ErrorEnvelope>(request).await
    }
}

/// A request body with the client's `pos_id` first.
#[derive(Serialize)]
struct WithPos<'a, B> {
    pos_id: &'a Uuid,
    #[serde(flatten)]
    body: &'a B,
}

/// Builds a [`Client`]: the host, retries, timeouts, the response-size cap and the transport.
///
/// ```
/// use std::time::Duration;
/// use finline_sdk::{Client, Credentials, RetryPolicy, SecretString};
///
/// # fn main() -> Result<(), finline_sdk::BuildError> {
/// # let credentials = Credentials {
/// #     pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667".parse().unwrap(),
/// #     api_key: SecretString::from("k"), api_secret: SecretString::from("s"),
/// #     endpoints_key: SecretString::from("e"),
/// # };
/// let client = Client::builder(credentials)
///     .base_url("http://127.0.0.1:8080/api/v1")
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::new(2))
///     .build()?;
/// # let _ = client;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct ClientBuilder {
    http: HttpClientBuilder,
    credentials: Credentials,
}

impl ClientBuilder {
    payments_core::http_options!(http);

    /// Talks to `environment`'s host; a [`base_url`](Self::base_url) given before or after
    /// still wins.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.http = self.http.default_base_url(environment.base_url());
        self
    }

    /// Builds the client. Fails on an empty key, secret or endpoints key, one a header cannot
    /// carry (the value itself is never shown), or a base URL that is not http(s).
    pub fn build(self) -> Result<Client, BuildError> {
        let Credentials {
            pos_id,
            api_key,
            api_secret,
            endpoints_key,
        } = self.credentials;
        for (field, value) in [
            ("api_key", &api_key),
            ("api_secret", &api_secret),
            ("endpoints_key", &endpoints_key),
        ] {
            if value.expose_secret().trim().is_empty() {
                return Err(BuildError::Invalid(InvalidRequest::new(
                    field,
                    "must not be empty",
                )));
            }
        }
        let auth = SecretString::from(format!(
            "CPAY {}:{}",
            api_key.expose_secret(),
            api_secret.expose_secret()
        ));
        let http = self
            .http
            .default_header(ACCEPT, "application/json")
            .secret_header(X_API_AUTH, &auth)
            .secret_header(X_API_KEY, &endpoints_key)
            // A gateway may echo the key or the secret on its own, without the `CPAY` header.
            .scrub(&api_key)
            .scrub(&api_secret)
            .secret_fields(SECRET_FIELDS)
            .build()?;
        Ok(Client {
            http,
            pos_id,
            api_secret,
        })
    }
}
