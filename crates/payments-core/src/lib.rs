//! Shared plumbing for the payment provider SDKs of this workspace; it knows no provider.
//!
//! - [`HttpTransport`]: the object-safe transport seam, with [`ReqwestTransport`] (rustls + ring)
//!   as the default (feature `reqwest`).
//! - [`HttpClient`]: base URL, auth headers as secrets, `User-Agent`, per-attempt timeout
//!   ([`DEFAULT_TIMEOUT`], connect [`DEFAULT_CONNECT_TIMEOUT`]), retries ([`RetryPolicy`]), a
//!   response-size cap ([`DEFAULT_MAX_RESPONSE_SIZE`]), one tracing span per call and attempt.
//! - [`Error`]: the error skeleton, generic over the provider's typed error envelope, with the
//!   typed [`Resolution`] of an unknown outcome.
//! - [`scrub`]: every secret the client sent masked in every body an error keeps.
//! - `signature` (feature `signature`): webhook signature schemes, compared in constant time.
//! - [`amount`]: exact decimal amounts on the wire.
//! - [`string_enum!`]: wire enums that keep values they do not know; [`Lenient`] for fields
//!   that keep what was sent when it does not parse.
//! - [`pagination`]: lists as an async stream of items.
//! - [`multipart`]: `multipart/form-data` bodies as bytes.
//! - [`time`]: the timestamps providers send, parsed by hand; the dates requests carry, written
//!   by hand.
//! - `test_util` (feature `test-util`): a replaying transport for offline tests.
//!
//! Every call needs a [tokio](https://tokio.rs) runtime (timeouts and backoff use its timer).
//!
//! ```
//! use payments_core::http::HeaderName;
//! use payments_core::{HttpClient, Request, RetryPolicy, SecretString};
//! use std::time::Duration;
//!
//! # fn main() -> Result<(), payments_core::BuildError> {
//! let key = SecretString::from("sk_live_123");
//! let http = HttpClient::builder("example", "https://api.example.com/v1", "my-sdk/1.0")
//!     .secret_header(HeaderName::from_static("authorization"), &key)
//!     .timeout(Duration::from_secs(20))
//!     .retry(RetryPolicy::new(4))
//!     .build()?;
//! assert!(!format!("{http:?}").contains("sk_live_123"));
//! let _req = Request::get("/payments/").query("limit", "10").operation("list_payments");
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub mod amount;
mod client;
pub mod error;
mod lenient;
pub mod multipart;
pub mod pagination;
pub mod retry;
pub mod scrub;
pub mod secret;
#[cfg(feature = "signature")]
pub mod signature;
#[cfg(feature = "test-util")]
pub mod test_util;
pub mod time;
pub mod transport;
pub mod validate;
mod wire_enum;

pub use client::{
    BuildError, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT, HttpClient, HttpClientBuilder, Request,
    Response, decode_json, decode_json_scrubbed,
};
pub use error::{
    ApiError, ConnectionError, DecodeError, Error, InvalidRequest, ProviderEnvelope, Resolution,
    TimeoutError, TooLargeError, UnknownOutcome,
};
pub use futures_core::Stream;
pub use futures_util::{StreamExt, TryStreamExt};
pub use lenient::Lenient;
pub use pagination::ItemStream;
pub use retry::RetryPolicy;
pub use secret::{ExposeSecret, SecretString};
#[cfg(feature = "signature")]
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

/// A [`Decimal`] from a literal, exactly as written: `dec!(10.50)` has scale 2.
///
/// ```
/// use payments_core::{Decimal, dec};
/// assert_eq!(dec!(10.50).to_string(), "10.50");
/// assert_eq!(dec!(-3), Decimal::from(-3));
/// ```
///
/// The literal is parsed with [`Decimal::from_str_exact`]; one that is not a decimal (or has
/// more digits than a `Decimal` holds) panics at that line, like a bad literal of any type.
#[macro_export]
macro_rules! dec {
    ($lit:literal) => {
        match $crate::Decimal::from_str_exact(stringify!($lit)) {
            ::std::result::Result::Ok(d) => d,
            ::std::result::Result::Err(_) => {
                panic!(concat!(
                    "dec!: `",
                    stringify!($lit),
                    "` is not a decimal literal"
                ))
            }
        }
    };
    (-$lit:literal) => {
        -$crate::dec!($lit)
    };
}

/// What the exported macros name; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use tracing;
}
