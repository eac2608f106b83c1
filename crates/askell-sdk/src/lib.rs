//! Typed client for the [Askell](https://askell.is) API (Iceland): one-off payments, customers,
//! plans and subscriptions, hosted checkouts, transactions with their Icelandic card receipts,
//! and signed webhooks.
//!
//! # Quick start
//!
//! Build a [`Client`] with the account's **secret** API key (sent as
//! `Authorization: Api-Key <key>`), charge a customer's stored card once, and follow the
//! payment. Amounts are exact [`Decimal`]s, sent and read as Askell writes them (`"1.0000"`).
//!
//! ```
//! use askell_sdk::{Client, CreatePayment, Decimal, PaymentState};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // A local stand-in for askell.is, so this example runs as a test.
//! # let server = httpmock::MockServer::start_async().await;
//! # server.mock_async(|when, then| {
//! #     when.method("POST").path("/payments/")
//! #         .header("authorization", "Api-Key abcdef.abcdefgh1234567890");
//! #     then.status(201).body(include_str!("../../../fixtures/askell/payment-create-response.json"));
//! # }).await;
//! let client = Client::builder("abcdef.abcdefgh1234567890") // your secret key
//! #   .base_url(server.base_url())
//!     .build()?;
//!
//! let request = CreatePayment::new("customer-12345", Decimal::new(1, 0), "ISK")
//!     .description("My description")
//!     .reference("order-1001");
//! let payment = client.create_payment(&request).await?;
//! assert_eq!(payment.state, PaymentState::Pending);
//! assert_eq!(payment.amount.to_string(), "1.0000");
//!
//! // Later: the `payment.changed` webhook (see [`webhook`]) or a status query.
//! // let payment = client.payment(payment.uuid).await?;
//! // if payment.state == PaymentState::Failed && payment.retries_left() > 0 {
//! //     client.retry_payment(&payment).await?;
//! // }
//! # Ok(())
//! # }
//! ```
//!
//! # What is where
//!
//! | Askell | SDK |
//! |---|---|
//! | `GET /hello/` | [`Client::hello`] |
//! | `/payments/` (create, get, list, retry at most 4 times, refund) | [`Client::create_payment`], [`Client::payment`], [`Client::list_payments`], [`Client::retry_payment`], [`Client::refund_payment`] |
//! | `/transactions/`, receipts (Icelandic keys as English fields) | [`Client::list_transactions`], [`Client::transaction_receipt`], [`CardReceipt`] |
//! | `/checkouts/`, `/checkouts/paymentprocessors/` | [`Client::create_checkout`], [`Client::checkout_payment_processors`] |
//! | public-key endpoints (checkout polling, card tokens) | [`PublicClient`] |
//! | `/webhooks/` registrations | [`Client::list_webhooks`], [`Client::create_webhook`], ... |
//! | incoming webhooks (`Hook-HMAC`, `Hook-Event`) | [`webhook::WebhookVerifier`] |
//! | customers, plans, subscriptions | the other methods of [`Client`] |
//!
//! Errors are [`Error`]: a request refused locally before sending (`InvalidRequest`), a
//! timeout or connection failure (with [`Error::outcome_unknown`](payments_core::Error::outcome_unknown)
//! naming the status query after a money-moving POST), Askell's answer with its typed
//! [`ErrorEnvelope`] (`{"status":"error","error":..}`, `{"detail":..}`, field errors), or an
//! answer that did not decode (status, serde path, excerpt). No key, webhook secret or card
//! number ever appears in `Debug` output or an error.
#![deny(missing_docs)]

mod client;
pub mod error;
pub mod model;
pub mod webhook;

mod account;
mod checkouts;
mod customers;
mod payments;
mod plans;
mod subscriptions;
mod transactions;
mod webhooks;

pub use account::Hello;
pub use checkouts::{CardDetails, CreateCheckout};
pub use client::{BASE_URL, Client, ClientBuilder, PublicClient};
pub use customers::*;
pub use error::{Error, ErrorEnvelope};
pub use model::checkout::{
    CheckoutCreated, CheckoutPaymentProcessor, TemporaryPaymentMethodCreated, TokenState,
    TokenStatus,
};
pub use model::customer::*;
pub use model::payment::{MAX_PAYMENT_RETRIES, Payment, PaymentState};
pub use model::plan::*;
pub use model::subscription::*;
pub use model::transaction::{CardReceipt, Transaction, TransactionData, TransactionState};
pub use model::webhook::{EventType, Webhook};
pub use payments::{ClaimOptions, CreatePayment};
pub use payments_core::{Decimal, RetryPolicy, SecretString};
pub use subscriptions::*;
pub use transactions::{MAX_TRANSACTION_PAGE_SIZE, TransactionFilter};
pub use webhook::{EventData, HookHeaders, WebhookError, WebhookEvent, WebhookVerifier};
pub use webhooks::{WebhookCreate, WebhookPatch};
