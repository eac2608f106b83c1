//! The two Askell clients and their credentials: [`Client`] with the account's **secret** key,
//! [`PublicClient`] with its **public** key.
//!
//! Both send `Authorization: Api-Key <key>` (the scheme word, one space, the key) on every
//! request. Every spelling of the key a server could echo back (the header value, the bare key,
//! JSON-escaped or form-encoded) is masked in every body an error keeps, and so are the values
//! of the JSON members this SDK models as secrets (`hmac_secret`, `token`, `card_number`,
//! `cvv_number`), wherever they appear in an error body or a decode error's excerpt.

use std::fmt;

use payments_core::http::header::{ACCEPT, AUTHORIZATION};
use payments_core::secret::Redacted;
use payments_core::{
    BuildError, ExposeSecret, HttpClient, HttpClientBuilder, InvalidRequest, SecretString,
};

/// Askell's API base URL (v1 resources live under it, e.g. `https://askell.is/api/payments/`).
pub const BASE_URL: &str = "https://askell.is/api";

/// The provider name traces and errors carry.
const PROVIDER: &str = "askell";

const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// JSON members whose values are secrets wherever they appear in an answer: a webhook
/// registration's signing secret, a stored payment-method token, raw card data.
const SECRET_FIELDS: &[&str] = &["hmac_secret", "token", "card_number", "cvv_number"];

/// The credentials of a [`Client`]: the account's **secret** API key.
///
/// The key has the form `<prefix>.<secret>` (e.g. `abcdef.abcdefgh1234567890`) and is treated
/// as opaque. `Debug` never shows it.
///
/// ```
/// use askell_sdk::Credentials;
///
/// let credentials = Credentials { api_key: "abcdef.abcdefgh1234567890".into() };
/// assert!(!format!("{credentials:?}").contains("abcdefgh"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    /// The secret API key from Askell's dashboard.
    pub api_key: SecretString,
}

impl Credentials {
    /// Credentials with the secret API key `api_key`.
    pub fn new(api_key: impl Into<SecretString>) -> Self {
        Self {
            api_key: api_key.into(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &Redacted)
            .finish()
    }
}

/// The credentials of a [`PublicClient`]: the account's **public** API key, which Askell
/// accepts only on the card-capture endpoints and which may be visible to payers.
///
/// ```
/// use askell_sdk::PublicCredentials;
///
/// let credentials = PublicCredentials { public_key: "pubpre.publickey0987654321".into() };
/// assert!(!format!("{credentials:?}").contains("publickey"));
/// ```
#[derive(Clone)]
pub struct PublicCredentials {
    /// The public API key from Askell's dashboard.
    pub public_key: SecretString,
}

impl PublicCredentials {
    /// Credentials with the public API key `public_key`.
    pub fn new(public_key: impl Into<SecretString>) -> Self {
        Self {
            public_key: public_key.into(),
        }
    }
}

impl fmt::Debug for PublicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicCredentials")
            .field("public_key", &Redacted)
            .finish()
    }
}

/// A client authenticated with the account's **secret** key: every v1 endpoint except the
/// three public-key ones (those are on [`PublicClient`]).
///
/// Cheap to clone (one `Arc`); `Debug` never shows the key. Every call needs a tokio runtime.
///
/// ```
/// use askell_sdk::{Client, Credentials};
///
/// # fn main() -> Result<(), payments_core::BuildError> {
/// let client = Client::builder(Credentials::new("abcdef.abcdefgh1234567890")).build()?;
/// assert!(!format!("{client:?}").contains("abcdefgh1234567890"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) http: HttpClient,
}

impl Client {
    /// A builder for a client with the secret key in `credentials`, talking to [`BASE_URL`]
    /// unless told otherwise.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        let Credentials { api_key } = credentials;
        ClientBuilder {
            empty: api_key.expose_secret().is_empty(),
            http: authorized(&api_key),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }
}

/// Builds a [`Client`]: base URL (default [`BASE_URL`]), retries, timeouts, response-size cap,
/// transport.
#[derive(Debug)]
pub struct ClientBuilder {
    http: HttpClientBuilder,
    empty: bool,
}

impl ClientBuilder {
    payments_core::http_options!(http);

    /// Builds the client. Fails when the key is empty or cannot be sent in a header, or the
    /// base URL is not an `http(s)` URL.
    pub fn build(self) -> Result<Client, BuildError> {
        if self.empty {
            return Err(empty_key("api_key"));
        }
        Ok(Client {
            http: self.http.build()?,
        })
    }
}

/// A client authenticated with the account's **public** key: only the endpoints Askell allows
/// it (polling a checkout, tokenising a card, polling that token). Safe where the payer can see
/// the key. Cheap to clone; `Debug` never shows the key.
///
/// ```
/// use askell_sdk::{PublicClient, PublicCredentials};
///
/// # fn main() -> Result<(), payments_core::BuildError> {
/// let public = PublicClient::builder(PublicCredentials::new("pubpre.publickey0987654321"))
///     .build()?;
/// assert!(!format!("{public:?}").contains("publickey"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct PublicClient {
    pub(crate) http: HttpClient,
}

impl PublicClient {
    /// A builder for a client with the public key in `credentials`, talking to [`BASE_URL`]
    /// unless told otherwise.
    pub fn builder(credentials: PublicCredentials) -> PublicClientBuilder {
        let PublicCredentials { public_key } = credentials;
        PublicClientBuilder {
            empty: public_key.expose_secret().is_empty(),
            http: authorized(&public_key),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }
}

/// Builds a [`PublicClient`]: the same options as [`ClientBuilder`].
#[derive(Debug)]
pub struct PublicClientBuilder {
    http: HttpClientBuilder,
    empty: bool,
}

impl PublicClientBuilder {
    payments_core::http_options!(http);

    /// Builds the client. Fails when the key is empty or cannot be sent in a header, or the
    /// base URL is not an `http(s)` URL.
    pub fn build(self) -> Result<PublicClient, BuildError> {
        if self.empty {
            return Err(empty_key("public_key"));
        }
        Ok(PublicClient {
            http: self.http.build()?,
        })
    }
}

/// An executor sending `Authorization: Api-Key <key>`, with the bare key masked too.
fn authorized(key: &SecretString) -> HttpClientBuilder {
    const JSON: &str = "application/json";
    let header = SecretString::from(format!("Api-Key {}", key.expose_secret()));
    HttpClient::builder(PROVIDER, BASE_URL, USER_AGENT)
        .secret_header(AUTHORIZATION, &header)
        .scrub(key)
        .secret_fields(SECRET_FIELDS)
        .default_header(ACCEPT, JSON)
}

fn empty_key(field: &'static str) -> BuildError {
    BuildError::Invalid(InvalidRequest::new(field, "must not be empty"))
}
