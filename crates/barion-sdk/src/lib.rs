//! Typed client for the Barion Smart Gateway API (Hungary): start a payment, send the payer to
//! the gateway, read the state, finish reservations, capture or cancel delayed captures, refund,
//! complete off-site 3DS payments, and read callbacks.
//!
//! - Authentication: the shop's secret POSKey, sent in the `x-pos-key` header (optionally also
//!   as the legacy `POSKey` query parameter of `GetPaymentState`). It is a [`SecretString`]:
//!   no `Debug`, error or log shows it, and Barion's echo of it in error `AuthData` is redacted.
//! - Money: amounts are exact [`Decimal`]s written as JSON numbers; HUF amounts must be whole
//!   forints and are checked before sending, like every other documented limit.
//! - Errors: [`Error`] is [`payments_core::Error`] over Barion's [`ErrorEnvelope`]; a 200 whose
//!   `Errors` array is not empty is an error too.
//! - Wire quirks: GUIDs with or without dashes (and stray spaces), DateTimes without offset
//!   (UTC), every TimeSpan form, repeated JSON keys (the last wins), field- and enum-spelling
//!   variants; unknown enum values are kept in `Unknown(String)`.
//!
//! # Quick start
//!
//! ```no_run
//! use barion_sdk::secrecy::SecretString;
//! use barion_sdk::{
//!     Client, Currency, Decimal, Environment, Item, Locale, PaymentTransaction, PaymentType,
//!     StartPaymentRequest,
//! };
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(
//!     SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC"),
//!     Environment::Test,
//! )?;
//!
//! let mug = Item::new("Mug", "Blue mug", Decimal::ONE, "piece", Decimal::from(1000), Decimal::from(1000))
//!     .sku("MUG-1");
//! let request = StartPaymentRequest::new(
//!     PaymentType::Immediate,
//!     "ORDER-0001-1",
//!     Currency::Huf,
//!     Locale::Hungarian,
//!     vec![PaymentTransaction::new("ORDER-0001-T1", "owner@shop.example", Decimal::from(1000)).item(mug)],
//! )
//! .redirect_url("https://shop.example/return")
//! .callback_url("https://shop.example/barion/callback");
//!
//! let started = client.start_payment(&request).await?;
//! println!("send the payer to {}", client.payer_redirect_url(&started));
//!
//! // Later (e.g. on the callback): ask Barion, never trust the callback body.
//! let state = client.payment_state(started.payment_id).await?;
//! println!("{} {} {}", state.status, state.total, state.currency);
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod client;
mod error;
pub mod model;
mod payments;
mod refunds;
mod reservations;
mod validate;
mod webhook;

pub use client::{Client, ClientBuilder, Environment, decode_body};
pub use error::{BarionError, Error, ErrorEnvelope};
pub use model::enums::{
    AccountChangeIndicator, AccountCreationIndicator, AvailabilityIndicator, BankCardProcessResult,
    CardType, ChallengePreference, Currency, DeliveryTimeframe, ErrorCode, FundingSourceType,
    Locale, PasswordChangeIndicator, PaymentMethod, PaymentMethodIndicator, PaymentStatus,
    PaymentType, PurchaseType, ReOrderIndicator, RecurrenceResult, RecurrenceType,
    ShippingAddressIndicator, ShippingAddressUsageIndicator, SuspiciousActivityIndicator,
    TransactionStatus, TransactionType,
};
pub use model::payment::{
    BankCard, CancelAuthorizationResponse, CaptureResponse, CompleteResponse, DetailedTransaction,
    FinishReservationResponse, FundingInformation, Item, NameInformation, PaymentOperationResponse,
    PaymentState, ProcessedTransaction, RefundResponse, RefundedTransaction, StartPaymentResponse,
    UserInformation,
};
pub use model::timespan::{TimeSpan, TimeSpanParseError};
pub use payments::{
    BillingAddress, CompleteRequest, GiftCardPurchase, PayeeTransaction, PayerAccountInformation,
    PaymentTransaction, PurchaseInformation, ShippingAddress, StartPaymentRequest,
};
pub use payments_core::{Decimal, RetryPolicy, SecretString, secrecy};
pub use refunds::{RefundRequest, TransactionToRefund};
pub use reservations::{
    CancelAuthorizationRequest, CaptureRequest, FinishRequest, FinishReservationRequest,
    PayeeTransactionToFinish, TransactionToFinish,
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
