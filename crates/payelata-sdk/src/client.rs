//! [`Credentials`], the private-API [`Client`] and its [`ClientBuilder`], and the
//! [`CardgateClient`] for the per-merchant card gateway.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use payments_core::http::header::{ACCEPT, AUTHORIZATION};
use payments_core::http::{HeaderValue, StatusCode};
use payments_core::secret::Redacted;
use payments_core::{
    BuildError, ExposeSecret, HttpClient, HttpClientBuilder, InvalidRequest, Request, Resolution,
    Response, SecretString, UnknownOutcome,
};

use crate::error::{Error, ErrorEnvelope, Result};
use crate::jsonapi::{Document, Resource, ResourceKind};

/// The upstream Paycore/Corefy private API base URL, the example for
/// [`Client::builder`]. Payelata does not publish its own host: read it from the dashboard
/// (Account settings → Integration).
pub const PAYCORE_BASE_URL: &str = "https://com.paycore.io/api";

/// The upstream Paycore cardgate URL. Payelata's is issued per merchant by the manager.
pub const PAYCORE_CARDGATE_URL: &str = "https://cardgate.paycore.io";

const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// JSON members this SDK treats as secrets: masked wherever an error body or excerpt echoes
/// them (`payload.token`, `flow_data.metadata.token`, card data, payout recipient fields).
pub(crate) const SECRET_FIELDS: &[&str] = &["token", "card_number", "cvv", "cvv2", "pan"];

/// The commerce account's API credentials: HTTP Basic with the account id as the user name and
/// the API key as the password.
///
/// Named fields, so the two cannot be swapped by position. `Debug` shows the account id only.
///
/// ```
/// use payelata_sdk::{Credentials, SecretString};
///
/// let credentials = Credentials {
///     account_id: "coma_123".into(),
///     api_key: SecretString::from("my-api-key"),
/// };
/// assert!(!format!("{credentials:?}").contains("my-api-key"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    /// The commerce account id (HTTP Basic user name; not a secret, format unconfirmed).
    pub account_id: String,
    /// The API key (HTTP Basic password).
    pub api_key: SecretString,
}

impl Credentials {
    /// Credentials of `account_id` with `api_key`.
    pub fn new(account_id: impl Into<String>, api_key: impl Into<SecretString>) -> Self {
        Self {
            account_id: account_id.into(),
            api_key: api_key.into(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("account_id", &self.account_id)
            .field("api_key", &Redacted)
            .finish()
    }
}

/// A client of the Payelata commerce **private** API (`Authorization: Basic ...`). Cheap to
/// clone (one `Arc`).
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) http: HttpClient,
}

impl Client {
    /// A builder for a client of the private API at `base_url` (required: Payelata does not
    /// publish its host; the upstream Paycore one is [`PAYCORE_BASE_URL`],
    /// `https://com.paycore.io/api`) with `credentials`.
    ///
    /// ```
    /// use payelata_sdk::{Client, Credentials, PAYCORE_BASE_URL};
    ///
    /// # fn main() -> Result<(), payments_core::BuildError> {
    /// let client = Client::builder(PAYCORE_BASE_URL, Credentials::new("coma_123", "my-api-key"))
    ///     .timeout(std::time::Duration::from_secs(20))
    ///     .build()?;
    /// assert!(!format!("{client:?}").contains("my-api-key"));
    /// # Ok(()) }
    /// ```
    pub fn builder(base_url: impl Into<String>, credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            http: HttpClient::builder("payelata", base_url, USER_AGENT),
            credentials,
        }
    }

    /// Sends a read and returns the document's resource.
    pub(crate) async fn read<A: ResourceKind>(&self, request: Request) -> Result<Resource<A>> {
        self.http
            .call::<Document<A>, ErrorEnvelope>(request)
            .await
            .map(|d| d.data)
    }

    /// Sends a write (never repeated) and returns the document's resource; see [`write`].
    pub(crate) async fn write<A: ResourceKind>(
        &self,
        request: Request,
        resolution: Option<Resolution>,
    ) -> Result<Resource<A>> {
        write(&self.http, request, resolution).await
    }
}

/// Sends a write: never repeated (creates are not deduplicated by the provider), resolved by
/// `resolution` when its outcome is unknown. A 429 answer, which may mean "duplicate request
/// detected", is reported with an unknown outcome too: an earlier request may have acted.
pub(crate) async fn write<A: ResourceKind>(
    http: &HttpClient,
    mut request: Request,
    resolution: Option<Resolution>,
) -> Result<Resource<A>> {
    request = request.safe_to_repeat(false);
    if let Some(r) = &resolution {
        request = request.resolve_with(r.clone());
    }
    let response = http.send::<ErrorEnvelope>(request).await?;
    if response.is_success() {
        return response
            .json::<Document<A>, ErrorEnvelope>()
            .map(|d| d.data);
    }
    Err(write_error(&response, resolution))
}

/// The error for a write's error answer: a 429 (maybe "duplicate request detected") leaves the
/// outcome unknown, like a 5xx, resolved by `resolution`.
pub(crate) fn write_error(response: &Response, resolution: Option<Resolution>) -> Error {
    let mut error: Error = response.error();
    if response.status == StatusCode::TOO_MANY_REQUESTS
        && let payments_core::Error::Api(api) = &mut error
    {
        api.outcome_unknown = Some(UnknownOutcome::new(resolution));
    }
    error
}

/// Builds a [`Client`]: timeouts, retries, the transport, another base URL.
#[derive(Debug)]
pub struct ClientBuilder {
    http: HttpClientBuilder,
    credentials: Credentials,
}

impl ClientBuilder {
    payments_core::http_options!(http);

    /// Builds the client.
    ///
    /// Fails when the account id is empty or holds `:` (HTTP Basic cannot carry it), the API
    /// key is empty, or the base URL is not an http(s) URL.
    pub fn build(self) -> Result<Client, BuildError> {
        let Credentials {
            account_id,
            api_key,
        } = self.credentials;
        let invalid = |field: &'static str, reason: &str| {
            BuildError::Invalid(InvalidRequest::new(field, reason))
        };
        if account_id.trim().is_empty() {
            return Err(invalid("credentials.account_id", "is empty"));
        }
        if account_id.contains(':') {
            return Err(invalid(
                "credentials.account_id",
                "holds `:`, which HTTP Basic cannot carry",
            ));
        }
        if api_key.expose_secret().trim().is_empty() {
            return Err(invalid("credentials.api_key", "is empty"));
        }
        let basic = SecretString::from(
            STANDARD.encode(format!("{account_id}:{}", api_key.expose_secret())),
        );
        let header = SecretString::from(format!("Basic {}", basic.expose_secret()));
        let http = self
            .http
            .secret_header(AUTHORIZATION, &header)
            .scrub(&basic)
            .scrub(&api_key)
            .default_header(ACCEPT, "application/json")
            .secret_fields(SECRET_FIELDS)
            .build()?;
        Ok(Client { http })
    }
}

/// A client of the merchant's **cardgate** (`CARDGATE_URL`, issued by the Payelata manager):
/// the card sale of a token or H2H payment. Each call is authorized with the invoice's own
/// bearer (`Authorization: Bearer {flow_data.metadata.token}`), so one client serves every
/// invoice. Cheap to clone.
#[derive(Clone, Debug)]
pub struct CardgateClient {
    pub(crate) http: HttpClient,
}

impl CardgateClient {
    /// A builder for a client of the cardgate at `cardgate_url` (e.g. the upstream
    /// [`PAYCORE_CARDGATE_URL`]; Payelata issues one per merchant).
    ///
    /// ```
    /// # fn main() -> Result<(), payments_core::BuildError> {
    /// let cardgate = payelata_sdk::CardgateClient::builder("https://cardgate.example.io").build()?;
    /// # let _ = cardgate; Ok(()) }
    /// ```
    pub fn builder(cardgate_url: impl Into<String>) -> CardgateClientBuilder {
        CardgateClientBuilder {
            http: HttpClient::builder("payelata-cardgate", cardgate_url, USER_AGENT)
                .default_header(ACCEPT, "application/json")
                .secret_fields(SECRET_FIELDS),
        }
    }

    /// The `Authorization: Bearer ...` header of one call, marked sensitive.
    pub(crate) fn bearer(token: &SecretString) -> Result<HeaderValue> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
            .map_err(|_| Error::invalid("token", "holds characters a header cannot carry"))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// Builds a [`CardgateClient`].
#[derive(Debug)]
pub struct CardgateClientBuilder {
    http: HttpClientBuilder,
}

impl CardgateClientBuilder {
    payments_core::http_options!(http);

    /// Builds the client; fails when the URL is not an http(s) URL.
    pub fn build(self) -> Result<CardgateClient, BuildError> {
        Ok(CardgateClient {
            http: self.http.build()?,
        })
    }
}
