//! [`Client`], its [`Credentials`] and its builder.

use std::fmt;

use payments_core::http::HeaderName;
use payments_core::secret::Redacted;
use payments_core::{
    BuildError, ExposeSecret, HttpClient, HttpClientBuilder, InvalidRequest, Request, Response,
    SecretString,
};
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorEnvelope, Result};
use crate::model::envelope::Envelope;

/// Resid's API base URL. There is no documented sandbox host: point
/// [`ClientBuilder::base_url`] at a mock server or the workspace's sandbox to test.
pub const BASE_URL: &str = "https://resid.ir/api/v1";

const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// `Authorization: {AUTHORIZATION_CODE}`: the whole value is the code, with no scheme word.
const AUTHORIZATION: HeaderName = HeaderName::from_static("authorization");

/// What the client authenticates with.
///
/// `Debug` never shows the code.
///
/// ```
/// use resid_sdk::Credentials;
///
/// let credentials = Credentials::new("abc123");
/// assert!(!format!("{credentials:?}").contains("abc123"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    /// The account's authorization code, sent as the whole `Authorization` header value
    /// (`Authorization: abc123`, no `Bearer`). How Resid issues it is not documented.
    pub authorization_code: SecretString,
}

impl Credentials {
    /// Credentials with `authorization_code`.
    pub fn new(authorization_code: impl Into<SecretString>) -> Self {
        Self {
            authorization_code: authorization_code.into(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("authorization_code", &Redacted)
            .finish()
    }
}

/// A Resid client. Cheap to clone (one `Arc`); `Debug` never shows the authorization code.
///
/// Reads (`GET`) are retried per the [`RetryPolicy`](payments_core::RetryPolicy); creating and
/// collecting a payment, and registering a merchant, are sent once and never repeated, because
/// Resid offers no way to deduplicate them. After a timeout or a 5xx on one of them the error's
/// [`outcome_unknown`](payments_core::Error::outcome_unknown) names the call that tells what
/// happened.
///
/// ```
/// use resid_sdk::{Client, Credentials};
///
/// # fn main() -> Result<(), payments_core::BuildError> {
/// let client = Client::builder(Credentials::new("abc123")).build()?;
/// assert_eq!(client.base_url(), "https://resid.ir/api/v1");
/// assert!(!format!("{client:?}").contains("abc123"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) http: HttpClient,
}

impl Client {
    /// A builder for a client with `credentials`, talking to [`BASE_URL`].
    ///
    /// ```
    /// use std::time::Duration;
    /// use resid_sdk::{Client, Credentials, RetryPolicy};
    ///
    /// # fn main() -> Result<(), payments_core::BuildError> {
    /// let client = Client::builder(Credentials::new("abc123"))
    ///     .timeout(Duration::from_secs(10))
    ///     .retry(RetryPolicy::new(2))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(()) }
    /// ```
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        let Credentials { authorization_code } = credentials;
        let code = authorization_code.expose_secret();
        let empty = code.trim().is_empty();
        let trimmed = code.trim();
        let mut http = HttpClient::builder("resid", BASE_URL, USER_AGENT)
            .secret_header(AUTHORIZATION, &authorization_code);
        if trimmed.len() != code.len() && !trimmed.is_empty() {
            // An echo of the code without the whitespace around it is masked too.
            http = http.scrub(&SecretString::from(trimmed));
        }
        ClientBuilder { http, empty }
    }

    /// The base URL requests go to.
    ///
    /// ```
    /// # fn main() -> Result<(), payments_core::BuildError> {
    /// let client = resid_sdk::Client::builder(resid_sdk::Credentials::new("abc123"))
    ///     .base_url("http://127.0.0.1:8080/resid/api/v1/")
    ///     .build()?;
    /// assert_eq!(client.base_url(), "http://127.0.0.1:8080/resid/api/v1");
    /// # Ok(()) }
    /// ```
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// Sends `request` and returns its `info`, which must be there.
    pub(crate) async fn call<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let response = self.http.send::<ErrorEnvelope>(request).await?;
        match read_info(&response)? {
            Some(info) => Ok(info),
            None => Err(Error::Decode(
                response.decode_error("info", "the answer carries no `info`"),
            )),
        }
    }

    /// Sends `request` and returns its `info`, or `T::default()` when it is missing or `null`.
    pub(crate) async fn call_or_default<T: DeserializeOwned + Default>(
        &self,
        request: Request,
    ) -> Result<T> {
        let response = self.http.send::<ErrorEnvelope>(request).await?;
        Ok(read_info(&response)?.unwrap_or_default())
    }
}

/// The `info` of a successful answer; the typed provider error for an answer that is not 2xx,
/// carries `errors`, or has a `message` other than `OK`.
///
/// The body is parsed once on the success path (the envelope with `info` typed as `T`); the
/// error envelope is read from the scrubbed body only when the answer is an error.
fn read_info<T: DeserializeOwned>(response: &Response) -> Result<Option<T>> {
    if !response.is_success() {
        return Err(response.error_with(ErrorEnvelope::from_body));
    }
    match response.json::<Envelope<T>, ErrorEnvelope>() {
        Ok(envelope) if !envelope.is_envelope() => Err(response
            .decode_error(
                ".",
                "not a Resid answer: it has neither `message` nor `info`",
            )
            .into()),
        Ok(envelope) if envelope.is_success() => Ok(envelope.info),
        Ok(_) => Err(response.error_with(ErrorEnvelope::from_body)),
        Err(decode) => {
            // An error answer's `info` need not have the success shape (`{}` for a payment):
            // an envelope that says "error" is the provider's error, not a decode failure.
            let envelope = ErrorEnvelope::from_body(&response.scrubbed_body());
            if envelope.as_ref().is_some_and(ErrorEnvelope::is_error) {
                Err(response.error_with(|_| envelope))
            } else {
                Err(decode)
            }
        }
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

    /// Builds the client. Fails when the authorization code is empty or cannot be a header
    /// value, or the base URL is not `http(s)://…`.
    pub fn build(self) -> Result<Client, BuildError> {
        if self.empty {
            return Err(BuildError::Invalid(InvalidRequest::new(
                "authorization_code",
                "is empty",
            )));
        }
        Ok(Client {
            http: self.http.build()?,
        })
    }
}
