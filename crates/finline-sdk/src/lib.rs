//! Typed client for the Financial Line (finline.io, Ukraine) payment API, which is the Tranzzo
//! API: the same crate works against `https://api.finline.io/api/v1` (default) and
//! `https://cpay.tranzzo.com/api/v1` ([`Environment`]).
//!
//! | provider endpoint | SDK method |
//! |---|---|
//! | `POST /payment` (`mode: hosted`: purchase or auth on the payment page) | [`Client::create_hosted_payment`] |
//! | `POST /payment` (`mode: direct`: purchase, auth, lookup, credit with card data or token) | [`Client::create_direct_payment`] |
//! | `POST /capture` (full or partial) | [`Client::capture`] |
//! | `POST /void` | [`Client::void`] |
//! | `POST /refund` (full or partial) | [`Client::refund`] |
//! | `POST /split/capture` | [`Client::split_capture`] |
//! | `POST /split/refund` | [`Client::split_refund`] |
//! | `GET /pos/{pos_id}/orders/{order_id}` | [`Client::order_status`] |
//! | `GET /pos/{pos_id}/orders/{order_id}/{method}` | [`Client::order_operation`] |
//! | webhook (`data` + `signature` form) | [`Client::parse_webhook`], module [`webhook`] |
//!
//! Every request carries `X-API-AUTH: CPAY {API_KEY}:{API_SECRET}` and `X-API-KEY:
//! {ENDPOINTS_KEY}` from [`Credentials`]. Amounts are exact [`Decimal`]s in major units
//! ([`dec!`]), written as JSON numbers; documented limits (`order_id` ≤ 32 characters,
//! `comment` ≤ 2048, `payload` ≤ 4000, amounts positive with ≤ 2 decimals) are checked before
//! anything is sent. Money-moving `POST`s are never repeated: after a 5xx, a timeout or an
//! answer that cannot be read, the error's
//! [`outcome_unknown`](payments_core::Error::outcome_unknown) says so and its
//! [`Resolution`] names [`Client::order_status`] with the order id, the query that tells what
//! happened. Answers are read leniently (see [`Operation`]); no error, `Debug` or log shows a
//! key, the secret or card data, even when the gateway echoes them.
//!
//! Every call needs a [tokio](https://tokio.rs) runtime. Each request is one `tracing` span
//! `payments.request` (provider `finline`, operation, method, path, attempts, status, elapsed);
//! install a subscriber (for example `tracing_subscriber::fmt().init()`) to see them.
//!
//! # Quick start
//!
//! ```
//! use finline_sdk::{Client, Credentials, OperationMethod, SecretString, VoidRequest};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = httpmock::MockServer::start_async().await;
//! # server.mock_async(|when, then| {
//! #     when.method("POST").path("/void");
//! #     then.status(503).body("upstream unavailable");
//! # }).await;
//! # server.mock_async(|when, then| {
//! #     when.method("GET").path("/pos/dc728de1-51ef-4ef1-80f7-3b44b07b5667/orders/123");
//! #     then.status(200).body(r#"[{"order_id":"123","method":"auth","status":"success"},
//! #         {"order_id":"123","method":"void","status":"success","status_code":"1009"}]"#);
//! # }).await;
//! let client = Client::builder(Credentials {
//!     pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667".parse()?,
//!     api_key: SecretString::from("API_KEY"),
//!     api_secret: SecretString::from("API_SECRET"),
//!     endpoints_key: SecretString::from("ENDPOINTS_KEY"),
//! })
//! # .base_url(server.base_url())
//! .build()?;
//!
//! match client.void(&VoidRequest::new("123", "UAH").comment("out of stock")).await {
//!     Ok(op) => println!("void {}: {}", op.order_id, op.status),
//!     Err(e) if e.outcome_unknown().is_some() => {
//!         // A 5xx, a timeout or an unreadable answer: the gateway may have voided. Ask it.
//!         let order = client.order_status("123").await?;
//!         let voided = order.latest(&OperationMethod::Void).is_some_and(|op| op.is_success());
//!         println!("voided after all: {voided}");
//! #       assert!(voided);
//!     }
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The workspace README's example, compiled here:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use finline_sdk::{Client, Credentials, OperationMethod, SecretString, VoidRequest};
//!
//! let finline = Client::builder(Credentials {
//!     pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667".parse()?,
//!     api_key: SecretString::from("API_KEY"),
//!     api_secret: SecretString::from("API_SECRET"),
//!     endpoints_key: SecretString::from("ENDPOINTS_KEY"),
//! })
//! .build()?;
//! if let Err(e) = finline.void(&VoidRequest::new("123", "UAH")).await {
//!     let Some(unknown) = e.outcome_unknown() else { return Err(e.into()) };
//!     println!("{unknown}"); // ...; resolve it with Client::order_status(order_id = "123")
//!     let order = finline.order_status("123").await?;
//!     println!("voided: {}", order.latest(&OperationMethod::Void).is_some_and(|op| op.is_success()));
//! }
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod capture;
mod client;
pub mod error;
pub mod model;
pub mod orders;
pub mod payments;
pub mod refund;
pub mod split;
mod validate;
pub mod void;
pub mod webhook;

pub use capture::CaptureRequest;
pub use client::{Client, ClientBuilder, Credentials, Environment};
pub use error::{Error, ErrorArgs, ErrorEnvelope, FieldViolation, Result};
pub use model::enums::{
    ErrorCode, Mode, OperationMethod, PriceType, ResponseCode, Status, ThreeDsBypass,
};
pub use model::operation::{Fee, FeeAmount, Operation, Order, Timestamp};
pub use model::payment::{HostedPayment, RedirectSource};
pub use model::product::Product;
pub use payments::{Card, CardData, DirectPaymentRequest, HostedPaymentRequest};
pub use payments_core::{
    BuildError, Decimal, ExposeSecret, ItemStream, Lenient, Resolution, RetryPolicy, SecretString,
    StreamExt, TryStreamExt, dec,
};
pub use refund::RefundRequest;
pub use split::{SplitCaptureRequest, SplitRefundRequest, SplitShare};
/// Re-exported: ids in this crate's signatures are UUIDs.
pub use uuid::Uuid;
pub use validate::{AMOUNT_PLACES, COMMENT_MAX, ORDER_ID_MAX, PAYLOAD_MAX};
pub use void::VoidRequest;
