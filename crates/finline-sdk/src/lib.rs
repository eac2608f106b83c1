//! Typed client for the Financial Line (finline.io, Ukraine) payment API, which is the Tranzzo
//! API: the same crate works against `https://api.finline.io/api/v1` (default) and
//! `https://cpay.tranzzo.com/api/v1`.
//!
//! | call | endpoint |
//! |---|---|
//! | [`Client::hosted_payment`] | `POST /payment` (`mode: hosted`: purchase or auth on the payment page) |
//! | [`Client::direct_payment`] | `POST /payment` (`mode: direct`: purchase, auth, lookup, credit with card data or token) |
//! | [`Client::capture`] | `POST /capture` (full or partial) |
//! | [`Client::void`] | `POST /void` |
//! | [`Client::refund`] | `POST /refund` (full or partial) |
//! | [`Client::split_capture`], [`Client::split_refund`] | `POST /split/capture`, `POST /split/refund` |
//! | [`Client::order_status`] | `GET /pos/{pos_id}/orders/{order_id}` |
//! | [`Client::order_operation`] | `GET /pos/{pos_id}/orders/{order_id}/{method}` |
//! | [`webhook`] | verify and decode the gateway's callbacks |
//!
//! Amounts are exact [`Decimal`]s in major units, written as JSON numbers; documented limits
//! (`order_id` ≤ 32 characters, `comment` ≤ 2048, amounts positive with ≤ 2 decimals) are
//! checked before anything is sent. Money-moving `POST`s are never repeated: after a 500/503 or
//! a timeout the error's [`outcome_unknown`](payments_core::Error::outcome_unknown) says so and
//! names [`Client::order_status`], the query that tells what happened.
//!
//! # Quick start
//!
//! ```no_run
//! use finline_sdk::{Client, Decimal, Environment, SecretString, VoidRequest};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder(
//!     "dc728de1-51ef-4ef1-80f7-3b44b07b5667".parse()?,
//!     SecretString::from("API_KEY"),
//!     SecretString::from("API_SECRET"),
//!     SecretString::from("ENDPOINTS_KEY"),
//! )
//! .environment(Environment::Finline)
//! .build()?;
//!
//! match client.void(&VoidRequest::new("123", "UAH").comment("out of stock")).await {
//!     Ok(op) => println!("void {}: {} ({:?})", op.order_id, op.status, op.status_description),
//!     Err(e) if e.outcome_unknown().is_some() => {
//!         // 5xx or timeout: the gateway may have voided. Ask it.
//!         let order = client.order_status("123").await?;
//!         let voided = order.latest(&finline_sdk::Method::Void).is_some_and(|op| op.is_success());
//!         println!("voided after all: {voided}");
//!     }
//!     Err(e) => return Err(e.into()),
//! }
//! # let _ = Decimal::ONE;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod capture;
mod client;
pub mod error;
pub mod model;
mod orders;
mod payments;
mod refund;
mod split;
mod validate;
mod void;
pub mod webhook;

pub use capture::CaptureRequest;
pub use client::{Client, ClientBuilder, Environment};
pub use error::{Error, ErrorArgs, ErrorEnvelope, FieldViolation, Result, WebhookError};
pub use model::{
    ErrorCode, Fee, FeeAmount, HostedPayment, Method, Mode, Operation, Order, PriceType, Product,
    RedirectSource, Status, StatusCode, ThreeDsBypass, Timestamp,
};
pub use payments::{Card, CardData, DirectPaymentRequest, HostedPaymentRequest};
pub use payments_core::{Decimal, RetryPolicy, SecretString, SignatureError};
pub use refund::RefundRequest;
pub use split::{SplitCaptureRequest, SplitRefundRequest, SplitShare};
pub use validate::{AMOUNT_PLACES, COMMENT_MAX, ORDER_ID_MAX, PAYLOAD_MAX};
pub use void::VoidRequest;
pub use webhook::{VerifiedWebhook, WebhookForm, parse_webhook};
