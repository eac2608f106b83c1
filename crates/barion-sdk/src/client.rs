//! [`Credentials`], [`Client`], [`ClientBuilder`] and [`Environment`].

use std::fmt;

use payments_core::http::HeaderName;
use payments_core::secret::Redacted;
use payments_core::{
    BuildError, ExposeSecret, HttpClient, HttpClientBuilder, InvalidRequest, Request, Response,
    SecretString,
};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::decode::{Answer, is_duplicate_key, without_repeated_keys};
use crate::error::{Error, ErrorEnvelope, Result};
use crate::model::payment::StartPaymentResponse;

/// The header Barion reads the POSKey from.
const X_POS_KEY: HeaderName = HeaderName::from_static("x-pos-key");

/// JSON members whose values are secrets wherever they appear in an answer: the POSKey under
/// its legacy body name, and `AuthData`, where Barion echoes the caller's key.
const SECRET_FIELDS: &[&str] = &["POSKey", "PosKey", "AuthData"];

/// What authenticates a shop: its secret POSKey (a GUID, from the Barion portal; each
/// environment has its own).
///
/// `Debug` never shows the key.
///
/// ```
/// use barion_sdk::{Credentials, SecretString};
/// let credentials = Credentials { pos_key: SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC") };
/// assert!(!format!("{credentials:?}").contains("999F"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    /// The shop's secret POSKey, sent as the `x-pos-key` header.
    pub pos_key: SecretString,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("pos_key", &Redacted)
            .finish()
    }
}

/// Which Barion system to talk to. The two are fully separate: a test POSKey fails with
/// `AuthenticationFailed` in production and vice versa.
///
/// The default is [`Environment::Test`]: nothing moves real money until a client is built with
/// [`Environment::Production`] on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Environment {
    /// The sandbox: `https://api.test.barion.com`, payer gateway `https://secure.test.barion.com`.
    #[default]
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
/// Cheap to clone (one `Arc`). `Debug` never shows the POSKey, and neither does any error:
/// every spelling of the key Barion may echo (as sent, lower and upper case, with and without
/// dashes) is masked in every body an error keeps.
///
/// ```
/// use barion_sdk::{Client, Credentials, Environment, SecretString};
/// # fn main() -> Result<(), payments_core::BuildError> {
/// let client = Client::builder(Credentials { pos_key: SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC") })
///     .environment(Environment::Production)
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.barion.com");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    http: HttpClient,
    environment: Environment,
    pos_key: SecretString,
    legacy_query_auth: bool,
}

/// Builds a [`Client`]: [`Client::builder`], then the options, then [`build`](Self::build).
#[derive(Debug)]
pub struct ClientBuilder {
    http: HttpClientBuilder,
    environment: Environment,
    pos_key: SecretString,
    legacy_query_auth: bool,
}

impl Client {
    /// A builder for a client authenticating with `credentials`, talking to
    /// [`Environment::Test`] unless [`ClientBuilder::environment`] says otherwise.
    ///
    /// ```
    /// use barion_sdk::{Client, Credentials, SecretString};
    /// let builder = Client::builder(Credentials { pos_key: SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC") });
    /// let client = builder.build().unwrap();
    /// assert_eq!(client.base_url(), "https://api.test.barion.com");
    /// ```
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        let Credentials { pos_key } = credentials;
        let environment = Environment::default();
        let mut http = HttpClient::builder(
            "barion",
            environment.api_base_url(),
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
        )
        .secret_header(X_POS_KEY, &pos_key)
        .secret_fields(SECRET_FIELDS);
        for spelling in other_spellings(pos_key.expose_secret()) {
            http = http.scrub(&spelling);
        }
        ClientBuilder {
            http,
            environment,
            pos_key,
            legacy_query_auth: false,
        }
    }

    /// The environment this client was built for (it decides the payer redirect URL).
    ///
    /// ```
    /// # use barion_sdk::{Client, Credentials, Environment, SecretString};
    /// # let client = Client::builder(Credentials { pos_key: SecretString::from("k") }).build().unwrap();
    /// assert_eq!(client.environment(), Environment::Test);
    /// ```
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The API base URL in use.
    ///
    /// ```
    /// # use barion_sdk::{Client, Credentials, SecretString};
    /// # let client = Client::builder(Credentials { pos_key: SecretString::from("k") }).build().unwrap();
    /// assert_eq!(client.base_url(), "https://api.test.barion.com");
    /// ```
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// Where to send the payer after [`start_payment`](Self::start_payment): the answer's
    /// `GatewayUrl`, or `https://secure[.test].barion.com/Pay?id=<id>` for this client's
    /// environment.
    ///
    /// ```no_run
    /// # use barion_sdk::{Client, StartPaymentRequest};
    /// # async fn run(client: &Client, request: &StartPaymentRequest) -> barion_sdk::Result<()> {
    /// let started = client.start_payment(request).await?;
    /// let url = client.payer_redirect_url(&started); // answer the shopper with a redirect here
    /// # let _ = url; Ok(())
    /// # }
    /// ```
    pub fn payer_redirect_url(&self, started: &StartPaymentResponse) -> String {
        started.payer_redirect_url(self.environment)
    }

    pub(crate) fn legacy_query_auth(&self) -> bool {
        self.legacy_query_auth
    }

    pub(crate) fn pos_key(&self) -> &SecretString {
        &self.pos_key
    }

    /// Sends `request` and reads the answer as `T` in one pass; Barion's error shapes become
    /// [`Error::Api`](payments_core::Error::Api) with the envelope read from the scrubbed body.
    pub(crate) async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let response = self.http.send::<ErrorEnvelope>(request).await?;
        if !response.is_success() {
            return Err(response.error_with(ErrorEnvelope::from_body));
        }
        match response.json::<Answer<T>, ErrorEnvelope>() {
            Ok(answer) if !answer.has_errors => Ok(answer.value),
            // A 200 whose `Errors` names something is an error.
            Ok(_) => Err(response.error_with(ErrorEnvelope::from_body)),
            Err(e) => Self::undecodable(&response, e),
        }
    }

    /// The error path of a 2xx that did not decode as the operation's answer.
    #[cold]
    fn undecodable<T: DeserializeOwned>(response: &Response, error: Error) -> Result<T> {
        // A 200 carrying only Barion's error list (`{"Errors":[...]}`, as in the docs).
        if let Some(envelope) = ErrorEnvelope::from_body(&response.scrubbed_body()) {
            return Err(response.error_with(|_| Some(envelope)));
        }
        // Barion's docs show answers repeating a key, which serde's derive refuses: decode once
        // more with the last value of each repeated key.
        if let Error::Decode(d) = &error
            && is_duplicate_key(&d.message)
            && let Some(unique) = without_repeated_keys(&response.body)
        {
            return match payments_core::decode_json::<Answer<T>>(Some(response.status), &unique) {
                Ok(answer) if !answer.has_errors => Ok(answer.value),
                Ok(_) => Err(response.error_with(ErrorEnvelope::from_body)),
                Err(again) => Err(Error::Decode(
                    response.decode_error(again.path, again.message),
                )),
            };
        }
        Err(error)
    }
}

/// The other spellings of `key` Barion may echo: lower and upper case, with and without dashes
/// (`AuthData` carries it as 32 lower-case hex digits). The key as sent is already masked.
fn other_spellings(key: &str) -> Vec<SecretString> {
    let key = key.trim();
    let dashless: String = key.chars().filter(|c| *c != '-').collect();
    let mut forms = vec![
        key.to_owned(),
        key.to_ascii_lowercase(),
        key.to_ascii_uppercase(),
        dashless.to_ascii_lowercase(),
        dashless.to_ascii_uppercase(),
        dashless,
    ];
    if let Ok(id) = Uuid::try_parse(key) {
        let hyphenated = id.hyphenated().to_string();
        forms.push(hyphenated.to_ascii_uppercase());
        forms.push(hyphenated);
    }
    forms.sort_unstable();
    forms.dedup();
    forms
        .into_iter()
        .filter(|f| !f.is_empty())
        .map(SecretString::from)
        .collect()
}

impl ClientBuilder {
    payments_core::http_options!(http);

    /// Talks to `environment` (default [`Environment::Test`]): sets the API host and the payer
    /// redirect URL. A [`base_url`](Self::base_url), given before or after this, replaces the
    /// API host (a mock server, a proxy) and keeps the environment's redirect URL.
    ///
    /// ```
    /// use barion_sdk::{Client, Credentials, Environment, SecretString};
    /// let client = Client::builder(Credentials { pos_key: SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC") })
    ///     .environment(Environment::Production)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.environment(), Environment::Production);
    /// ```
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self.http = self.http.default_base_url(environment.api_base_url());
        self
    }

    /// Also sends the POSKey as the `POSKey` query parameter of the legacy
    /// `GET /v2/Payment/GetPaymentState` ([`Client::legacy_payment_state`]), as Barion's old
    /// docs show (`?POSKey=..&PaymentId=..`), besides the `x-pos-key` header. Off by default.
    /// The query value is a secret too: never in `Debug`, masked in every error body.
    ///
    /// ```
    /// use barion_sdk::{Client, Credentials, SecretString};
    /// let builder = Client::builder(Credentials { pos_key: SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC") })
    ///     .legacy_query_auth(true);
    /// # let _ = builder;
    /// ```
    pub fn legacy_query_auth(mut self, on: bool) -> Self {
        self.legacy_query_auth = on;
        self
    }

    /// Builds the client. Fails when the POSKey is empty, or per [`HttpClientBuilder::build`]
    /// (a base URL that is not http(s), a POSKey a header cannot carry).
    pub fn build(self) -> Result<Client, BuildError> {
        if self.pos_key.expose_secret().trim().is_empty() {
            return Err(BuildError::Invalid(InvalidRequest::new(
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
