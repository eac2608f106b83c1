//! [`Client`], [`ClientBuilder`] and [`Environment`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use payments_core::secret::Redacted;
use payments_core::{
    BuildError, DecodeError, ExposeSecret, HttpClient, HttpClientBuilder, HttpTransport, Request,
    Response, RetryPolicy, SecretString, decode_json,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use crate::error::{Error, ErrorEnvelope};

/// Which Barion system to talk to. The two are fully separate: a test POSKey fails with
/// `AuthenticationFailed` in production and vice versa.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {
    /// The sandbox: `https://api.test.barion.com`, payer gateway `https://secure.test.barion.com`.
    Test,
    /// Live money: `https://api.barion.com`, payer gateway `https://secure.barion.com`.
    Production,
}

impl Environment {
    /// The API base URL.
    pub fn api_base_url(self) -> &'static str {
        match self {
            Self::Test => "https://api.test.barion.com",
            Self::Production => "https://api.barion.com",
        }
    }

    /// The base URL of the payer-facing Smart Gateway.
    pub fn secure_base_url(self) -> &'static str {
        match self {
            Self::Test => "https://secure.test.barion.com",
            Self::Production => "https://secure.barion.com",
        }
    }

    /// Where to send the payer for `payment_id`: `https://secure[.test].barion.com/Pay?id=<id>`.
    ///
    /// ```
    /// use barion_sdk::Environment;
    /// let id = "ecc2bc7a3d8147cab1f04de3dddd657f".parse().unwrap();
    /// assert_eq!(
    ///     Environment::Test.payer_redirect_url(id),
    ///     "https://secure.test.barion.com/Pay?id=ecc2bc7a3d8147cab1f04de3dddd657f"
    /// );
    /// ```
    pub fn payer_redirect_url(self, payment_id: Uuid) -> String {
        format!(
            "{}/Pay?id={}",
            self.secure_base_url(),
            payment_id.as_simple()
        )
    }
}

/// A Barion shop client: authenticates with the shop's secret POSKey (header `x-pos-key`).
///
/// Cheap to clone (one `Arc`). `Debug` never shows the POSKey.
#[derive(Clone)]
pub struct Client {
    http: HttpClient,
    environment: Environment,
    pos_key: SecretString,
    legacy_query_auth: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("environment", &self.environment)
            .field("pos_key", &Redacted)
            .field("legacy_query_auth", &self.legacy_query_auth)
            .field("http", &self.http)
            .finish()
    }
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    http: HttpClientBuilder,
    environment: Environment,
    pos_key: SecretString,
    legacy_query_auth: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("environment", &self.environment)
            .field("pos_key", &Redacted)
            .field("legacy_query_auth", &self.legacy_query_auth)
            .field("http", &self.http)
            .finish()
    }
}

impl Client {
    /// A builder for a client of `environment` authenticating with `pos_key` (the shop's secret
    /// key from the Barion portal, a GUID).
    pub fn builder(pos_key: SecretString, environment: Environment) -> ClientBuilder {
        let http = HttpClient::builder(
            environment.api_base_url(),
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
        )
        .secret_header("x-pos-key", &pos_key);
        ClientBuilder {
            http,
            environment,
            pos_key,
            legacy_query_auth: false,
        }
    }

    /// A client with the default settings.
    pub fn new(pos_key: SecretString, environment: Environment) -> Result<Self, BuildError> {
        Self::builder(pos_key, environment).build()
    }

    /// The environment this client was built for.
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The API base URL in use.
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// Where to send the payer after [`start_payment`](Self::start_payment):
    /// the answer's `GatewayUrl`, or `https://secure[.test].barion.com/Pay?id=<id>`.
    pub fn payer_redirect_url(&self, started: &crate::StartPaymentResponse) -> String {
        started.payer_redirect_url(self.environment)
    }

    pub(crate) fn legacy_query_auth(&self) -> bool {
        self.legacy_query_auth
    }

    pub(crate) fn pos_key(&self) -> &SecretString {
        &self.pos_key
    }

    /// Sends `request` and reads the answer as `T`, turning Barion's error shapes into
    /// [`Error::Api`](payments_core::Error::Api).
    pub(crate) async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let mut response = self.http.send::<ErrorEnvelope>(request).await?;
        self.redact(&mut response);
        // Reading through a `Value` first tolerates repeated keys (the last one wins), which a
        // derived `Deserialize` rejects.
        let value: Option<Value> = serde_json::from_slice(&response.body).ok();
        let envelope = value
            .as_ref()
            .and_then(|v| <ErrorEnvelope as serde::Deserialize>::deserialize(v).ok())
            .filter(ErrorEnvelope::is_error);
        if !response.is_success() {
            return Err(response.api_error(envelope));
        }
        if envelope.as_ref().is_some_and(|e| !e.errors.is_empty()) {
            return Err(response.api_error(envelope));
        }
        decode(&response, value.as_ref()).map_err(Error::Decode)
    }

    /// Replaces every spelling of the POSKey in the answer (Barion echoes it in `AuthData`,
    /// dash-less and lower case), so no error, excerpt or `Debug` output can show it.
    fn redact(&self, response: &mut Response) {
        let key = self.pos_key.expose_secret().trim();
        // A key this short cannot be told apart from ordinary text; real POSKeys are GUIDs.
        if key.len() < 16 {
            return;
        }
        let Ok(text) = std::str::from_utf8(&response.body) else {
            return;
        };
        let dashless: String = key.chars().filter(|c| *c != '-').collect();
        let forms = [
            key.to_owned(),
            key.to_ascii_lowercase(),
            key.to_ascii_uppercase(),
            dashless.to_ascii_lowercase(),
            dashless.to_ascii_uppercase(),
        ];
        if !forms.iter().any(|f| text.contains(f.as_str())) {
            return;
        }
        let mut redacted = text.to_owned();
        for form in &forms {
            redacted = redacted.replace(form.as_str(), payments_core::secret::REDACTED);
        }
        response.body = redacted.into_bytes().into();
    }
}

/// Decodes the answer as `T`. When it parsed as JSON, decodes the de-duplicated `value` (so
/// repeated keys do not fail) while keeping the serde path and an excerpt of the original body.
fn decode<T: DeserializeOwned>(
    response: &Response,
    value: Option<&Value>,
) -> Result<T, DecodeError> {
    let status = Some(response.status);
    let Some(value) = value else {
        return decode_json(status, &response.body);
    };
    let normalised = serde_json::to_vec(value)
        .map_err(|e| DecodeError::new(status, ".", e.to_string(), &response.body))?;
    decode_json(status, &normalised)
        .map_err(|e| DecodeError::new(e.status, e.path, e.message, &response.body))
}

/// Decodes a JSON body as `T`, tolerating repeated keys (the last one wins). For bodies the
/// caller has in hand, e.g. recorded answers.
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let value: Value = decode_json(None, body)?;
    let normalised =
        serde_json::to_vec(&value).map_err(|e| DecodeError::new(None, ".", e.to_string(), body))?;
    decode_json(None, &normalised).map_err(|e| DecodeError::new(None, e.path, e.message, body))
}

impl ClientBuilder {
    /// Replaces the API base URL (e.g. a mock server or a proxy). The payer redirect URL still
    /// follows the [`Environment`].
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.http = self.http.base_url(base_url);
        self
    }

    /// The retry policy for requests that are safe to repeat (the state queries). Barion answers
    /// 429 to more than 2 state queries per payment in 5 seconds.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.http = self.http.retry(policy);
        self
    }

    /// The per-attempt timeout (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.timeout(timeout);
        self
    }

    /// The connect timeout of the default transport (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.connect_timeout(timeout);
        self
    }

    /// Uses `transport` instead of the default reqwest one.
    pub fn transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.http = self.http.transport(transport);
        self
    }

    /// Also sends the POSKey as the `POSKey` query parameter of the legacy
    /// `GET /v2/Payment/GetPaymentState` (the form of Barion's old docs), besides the
    /// `x-pos-key` header. Off by default.
    pub fn legacy_query_auth(mut self, on: bool) -> Self {
        self.legacy_query_auth = on;
        self
    }

    /// Builds the client. Fails when the POSKey is empty, or per
    /// [`HttpClientBuilder::build`].
    pub fn build(self) -> Result<Client, BuildError> {
        if self.pos_key.expose_secret().trim().is_empty() {
            return Err(BuildError::Invalid(payments_core::InvalidRequest::new(
                "pos_key", "is empty",
            )));
        }
        Ok(Client {
            http: self.http.build()?,
            environment: self.environment,
            pos_key: self.pos_key,
            legacy_query_auth: self.legacy_query_auth,
        })
    }
}
