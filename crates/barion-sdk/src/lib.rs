//! Typed client for the Barion Smart Gateway API (Hungary): start a payment, send the payer to
//! the gateway, read the state, finish reservations, capture or cancel delayed captures, refund,
//! complete off-site 3DS payments, and read callbacks.
//!
//! # Quick start
//!
//! Build a [`Client`] with the shop's secret POSKey ([`Credentials`]; sent as the `x-pos-key`
//! header), start a payment, send the payer to the gateway, and read the state back. Amounts
//! are exact [`Decimal`]s written as JSON numbers ([`dec!`] for literals). Every call needs a
//! [tokio](https://tokio.rs) runtime.
//!
//! ```
//! use barion_sdk::{
//!     Client, Credentials, CurrencyCode, Environment, Item, Locale, PaymentStatus,
//!     PaymentTransaction, PaymentType, SecretString, StartPaymentRequest, dec,
//! };
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // A local stand-in for api.test.barion.com, so this example runs as a test.
//! # let server = httpmock::MockServer::start_async().await;
//! # server.mock_async(|when, then| {
//! #     when.method("POST").path("/v2/Payment/Start")
//! #         .header("x-pos-key", "999FFDDA-04FF-333F-CCCC-345FCB555FFC");
//! #     then.status(200).body(include_str!("../../../fixtures/barion/start-payment-response.json"));
//! # }).await;
//! # server.mock_async(|when, then| {
//! #     when.method("GET").path("/v4/Payment/f28b2b2572644d1084bbb3a7d8362337/PaymentState");
//! #     then.status(200).body(include_str!("../../../fixtures/barion/payment-state-v4-delayed-capture.json"));
//! # }).await;
//! let pos_key = SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC"); // from your secrets
//! let client = Client::builder(Credentials { pos_key })
//!     .environment(Environment::Test) // the default; Environment::Production for live money
//! #   .base_url(server.base_url())
//!     .build()?;
//!
//! let mug = Item::new("Mug", "Blue mug", dec!(1), "piece", dec!(1000), dec!(1000)).sku("MUG-1");
//! let request = StartPaymentRequest::new(
//!     PaymentType::Immediate,
//!     "ORDER-0001-1",
//!     CurrencyCode::Huf,
//!     Locale::Hungarian,
//!     vec![PaymentTransaction::new("ORDER-0001-T1", "owner@shop.example", dec!(1000)).item(mug)],
//! )
//! .redirect_url("https://shop.example/return")
//! .callback_url("https://shop.example/barion/callback");
//!
//! let started = client.start_payment(&request).await?;
//! assert_eq!(
//!     client.payer_redirect_url(&started),
//!     "https://secure.test.barion.com/Pay?id=f28b2b2572644d1084bbb3a7d8362337"
//! );
//!
//! // Later (on the callback, see [`webhook`]): ask Barion, never trust the callback body.
//! let state = client.payment_state(started.payment_id).await?;
//! assert_eq!(state.status, Some(PaymentStatus::Authorized));
//! assert_eq!(state.total, Some(dec!(12.50)));
//! # Ok(())
//! # }
//! ```
//!
//! The example of the workspace README, the same in ten lines:
//!
//! ```no_run
//! use barion_sdk::{Client, Credentials, CurrencyCode, Item, Locale, PaymentTransaction, PaymentType, SecretString, StartPaymentRequest, dec};
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder(Credentials { pos_key: SecretString::from(std::env::var("BARION_POS_KEY")?) }).build()?;
//! let mug = Item::new("Mug", "Blue mug", dec!(1), "piece", dec!(1000), dec!(1000));
//! let transaction = PaymentTransaction::new("ORDER-1-T1", "owner@shop.example", dec!(1000)).item(mug);
//! let request = StartPaymentRequest::new(PaymentType::Immediate, "ORDER-1", CurrencyCode::Huf, Locale::Hungarian, vec![transaction])
//!     .callback_url("https://shop.example/barion/callback");
//! let started = client.start_payment(&request).await?;
//! println!("send the payer to {}", client.payer_redirect_url(&started));
//! let state = client.payment_state(started.payment_id).await?; // on the callback, later
//! println!("{:?}", state.status);
//! # Ok(())
//! # }
//! ```
//!
//! # What is where
//!
//! | Barion | SDK |
//! |---|---|
//! | `POST /v2/Payment/Start` | [`Client::start_payment`] with [`StartPaymentRequest`] |
//! | `GET /v4/Payment/{id}/PaymentState` | [`Client::payment_state`] → [`PaymentState`] |
//! | `GET /v2/Payment/GetPaymentState` (legacy) | [`Client::legacy_payment_state`] |
//! | `POST /v2/Payment/FinishReservation` | [`Client::finish_reservation`] with [`FinishRequest`] |
//! | `POST /v2/Payment/Capture` | [`Client::capture`] with [`FinishRequest`] |
//! | `POST /v2/Payment/CancelAuthorization` | [`Client::cancel_authorization`] |
//! | `POST /v2/Payment/Refund` | [`Client::refund_payment`] with [`RefundRequest`] |
//! | `POST /v2/Payment/Complete` (off-site 3DS) | [`Client::complete_payment`] |
//! | callback to your `CallbackUrl` | [`webhook::Callback`], then [`Client::callback_state`] |
//! | the payer's gateway `https://secure.barion.com/Pay?id=…` | [`Client::payer_redirect_url`] |
//!
//! # Behaviour
//!
//! - Secrets: the POSKey is a [`SecretString`]; no `Debug`, error or log shows it. Barion
//!   echoes it (in error `AuthData`, dash-less and lower case): every spelling, raw or
//!   JSON-escaped, in any body (UTF-8 or not), is masked in whatever an error keeps.
//! - Errors: [`Error`] is [`payments_core::Error`] over Barion's [`ErrorEnvelope`]; a 200 whose
//!   `Errors` array is not empty is an error too, and an entry without `ErrorCode` still reads.
//!   A write that may have happened says so ([`Error::outcome_unknown`](payments_core::Error::outcome_unknown))
//!   and names the status query that tells ([`Resolution`]).
//! - Input is read leniently: collections that arrive `null` read as empty, related ids and
//!   timestamps that do not parse are kept raw ([`Lenient`]), unknown enum values are kept
//!   (`Unknown(String)`), GUIDs with or without dashes (and stray spaces), DateTimes without an
//!   offset (UTC), every TimeSpan form, repeated JSON keys (the last wins). Only an object's own
//!   id is required.
//! - Output is strict: documented limits (HUF whole forints, lengths, periods) are checked
//!   before sending and fail with `Error::InvalidRequest`, nothing sent. TimeSpans are written
//!   as the API reference documents them, `d:hh:mm:ss` ([`TimeSpan`]).
//! - Every call is one `payments.request` tracing span (provider `barion`, operation = the
//!   method name); no secret or body is ever a span field.
#![deny(missing_docs)]

mod client;
mod decode;
mod error;
pub mod model;
pub mod payments;
pub mod refunds;
pub mod reservations;
mod validate;
pub mod webhook;

pub use client::{Client, ClientBuilder, Credentials, Environment};
pub use decode::decode_body;
pub use error::{BarionError, Error, ErrorEnvelope, Result};
pub use model::enums::{
    AccountChangeIndicator, AccountCreationIndicator, AvailabilityIndicator, BankCardProcessResult,
    CardType, ChallengePreference, CurrencyCode, DeliveryTimeframe, ErrorCode, FundingSourceType,
    Locale, PasswordChangeIndicator, PaymentMethod, PaymentMethodIndicator, PaymentStatus,
    PaymentType, PurchaseType, ReOrderIndicator, RecurrenceResult, RecurrenceType,
    ShippingAddressIndicator, ShippingAddressUsageIndicator, SuspiciousActivityIndicator,
    TransactionStatus, TransactionType,
};
pub use model::payment::{
    BankCard, CompleteResponse, DetailedTransaction, FundingInformation, NameInformation,
    PaymentState, ProcessedTransaction, StartPaymentResponse, TransactionItem, UserInformation,
};
pub use model::refund::{RefundResponse, RefundedTransaction};
pub use model::reservation::PaymentOperationResponse;
pub use model::timespan::{TimeSpan, TimeSpanParseError};
pub use payments::{
    BillingAddress, CompleteRequest, GiftCardPurchase, Item, PayeeTransaction,
    PayerAccountInformation, PaymentTransaction, PurchaseInformation, ShippingAddress,
    StartPaymentRequest,
};
pub use payments_core::{
    BuildError, Decimal, ExposeSecret, ItemStream, Lenient, Resolution, RetryPolicy, SecretString,
    StreamExt, TryStreamExt, dec,
};
pub use refunds::{RefundRequest, TransactionToRefund};
pub use reservations::{
    CancelAuthorizationRequest, FinishRequest, PayeeTransactionToFinish, TransactionToFinish,
};
pub use uuid::Uuid;
pub use webhook::{Callback, WebhookError};

/// Parses a Barion id (payment or transaction): dashed or dash-less, any case, surrounding
/// whitespace ignored.
///
/// ```
/// let a = barion_sdk::parse_id("ecc2bc7a3d8147cab1f04de3dddd657f ").unwrap();
/// let b = barion_sdk::parse_id("ECC2BC7A-3D81-47CA-B1F0-4DE3DDDD657F").unwrap();
/// assert_eq!(a, b);
/// ```
pub fn parse_id(text: &str) -> Option<uuid::Uuid> {
    model::wire::parse_guid(text)
}
