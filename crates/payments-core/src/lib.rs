//! Shared plumbing for the payment provider SDKs of this workspace; it knows no provider.
//!
//! - [`HttpTransport`]: the object-safe transport seam, with [`ReqwestTransport`] (rustls + ring)
//!   as the default (feature `reqwest`).
//! - [`HttpClient`]: base URL, auth headers as secrets, `User-Agent`, per-attempt timeout
//!   ([`DEFAULT_TIMEOUT`], connect [`DEFAULT_CONNECT_TIMEOUT`]) and retries ([`RetryPolicy`]).
//! - [`Error`]: the error skeleton, generic over the provider's typed error envelope.
//! - [`signature`]: webhook signature schemes, compared in constant time.
//! - [`money`]: exact money in minor units with ISO 4217 exponents.
//! - [`string_enum!`]: wire enums that keep values they do not know.
//!
//! ```
//! use payments_core::{HttpClient, Request, RetryPolicy, SecretString};
//! use std::time::Duration;
//!
//! # fn main() -> Result<(), payments_core::BuildError> {
//! let key = SecretString::from("sk_live_123");
//! let http = HttpClient::builder("https://api.example.com/v1", "my-sdk/1.0")
//!     .secret_header("authorization", &key)
//!     .timeout(Duration::from_secs(20))
//!     .retry(RetryPolicy::new(4))
//!     .build()?;
//! assert!(!format!("{http:?}").contains("sk_live_123"));
//! let _req = Request::get("/payments/").query("limit", "10");
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub mod amount;
mod client;
pub mod error;
pub mod money;
pub mod retry;
pub mod secret;
pub mod signature;
pub mod transport;
pub mod validate;
mod wire_enum;

pub use client::{
    BuildError, DEFAULT_TIMEOUT, HttpClient, HttpClientBuilder, Request, Response, decode_json,
};
pub use error::{
    ApiError, ConnectionError, DecodeError, Error, InvalidRequest, TimeoutError, UnknownOutcome,
};
pub use money::{Currency, Money, MoneyError};
pub use retry::RetryPolicy;
pub use secret::{ExposeSecret, SecretString};
pub use signature::{HmacAlgorithm, SignatureError};
#[cfg(feature = "reqwest")]
pub use transport::ReqwestTransport;
pub use transport::{
    DEFAULT_CONNECT_TIMEOUT, HttpRequest, HttpResponse, HttpTransport, TransportError,
    TransportErrorKind,
};

/// Re-exported for building requests and reading answers.
pub use http;
/// Re-exported so provider crates and users name one version.
pub use rust_decimal::Decimal;
/// Re-exported so provider crates and users name one version.
pub use secrecy;

/// What the exported macros name; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}
