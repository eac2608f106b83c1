//! Typed client for the [Askell](https://askell.is) API (Iceland): one-off payments, customers,
//! plans and subscriptions, hosted checkouts, transactions with their Icelandic card receipts
//! and PDF receipts, and signed webhooks.
//!
//! Every call needs a [tokio](https://tokio.rs) runtime. Each request is traced as one
//! `payments.request` span (provider `askell`, the client method as `operation`, method, path
//! without query, attempts, status, elapsed, request id; never a key or a body): install a
//! `tracing` subscriber to see them.
//!
//! # Quick start
//!
//! Build a [`Client`] with the account's **secret** API key (sent as
//! `Authorization: Api-Key <key>`), charge a customer's stored card once, and follow the
//! payment. Amounts are exact [`Decimal`]s ([`dec!`] writes one), sent and read as Askell
//! writes them (`"1.0000"`).
//!
//! ```
//! use askell_sdk::{Client, CreatePayment, Credentials, PaymentState, dec};
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
//! let client = Client::builder(Credentials::new("abcdef.abcdefgh1234567890")) // your secret key
//! #   .base_url(server.base_url())
//!     .build()?;
//!
//! let request = CreatePayment::new("customer-12345", dec!(1), "ISK")
//!     .description("My description")
//!     .reference("order-1001");
//! let payment = client.create_payment(&request).await?;
//! assert!(payment.is(&PaymentState::Pending));
//! assert_eq!(payment.amount, Some(dec!(1.0000)));
//!
//! // Later: the `payment.changed` webhook (see [`webhook`]) or a status query.
//! // let payment = client.payment(payment.uuid).await?;
//! // if payment.is(&PaymentState::Failed) && payment.retries_left() > 0 {
//! //     client.retry_payment(&payment).await?;
//! // }
//! # Ok(())
//! # }
//! ```
//!
//! Lists are async streams that walk Askell's pages ([`ItemStream`]); the README's example:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = httpmock::MockServer::start_async().await;
//! # server.mock_async(|when, then| {
//! #     when.method("GET").path("/payments/");
//! #     then.status(200).body(include_str!("../../../fixtures/askell/payment-list.json"));
//! # }).await;
//! use askell_sdk::{Client, Credentials, PaymentState, TryStreamExt as _};
//!
//! let key = std::env::var("ASKELL_API_KEY").unwrap_or_else(|_| "abcdef.abcdefgh1234567890".into());
//! let client = Client::builder(Credentials::new(key))
//! #   .base_url(server.base_url())
//!     .build()?;
//! let mut payments = client.payments();
//! while let Some(payment) = payments.try_next().await? {
//!     if payment.is(&PaymentState::Failed) && payment.retries_left() > 0 {
//!         println!("{} can be retried", payment.uuid); // client.retry_payment(&payment)
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # The README example
//!
//! A whole program (a tokio runtime is required; the key is read from the environment):
//!
//! ```no_run
//! use askell_sdk::{Client, CreatePayment, Credentials, dec};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let client = Client::builder(Credentials::new(std::env::var("ASKELL_API_KEY")?)).build()?;
//!     let request = CreatePayment::new("customer-12345", dec!(1990), "ISK").reference("order-1001");
//!     let payment = client.create_payment(&request).await?;
//!     println!("payment {} is {:?}", payment.uuid, payment.state);
//!     Ok(())
//! }
//! ```
//!
//! # What is where
//!
//! | Askell endpoint | SDK method |
//! |---|---|
//! | `GET /hello/` | [`Client::hello`] |
//! | `POST /payments/` | [`Client::create_payment`] |
//! | `GET /payments/` | [`Client::payments`] |
//! | `GET /payments/{uuid}/` | [`Client::payment`] |
//! | `POST /payments/{uuid}/retry/` (at most 4 per payment) | [`Client::retry_payment`], [`Client::retry_payment_by_uuid`] |
//! | `POST /payments/{uuid}/refund/` | [`Client::refund_payment`] |
//! | `GET /transactions/` | [`Client::transactions`] |
//! | `GET /transactions/{uuid}/receipt/` (a base64 PDF) | [`Client::transaction_receipt`] |
//! | `POST /checkouts/` | [`Client::create_checkout`] |
//! | `GET /checkouts/paymentprocessors/` | [`Client::checkout_payment_processors`] |
//! | `GET /checkouts/{token}/` (public key) | [`PublicClient::checkout`] |
//! | `POST /temporarypaymentmethod/` (public key) | [`PublicClient::create_temporary_payment_method`] |
//! | `GET /temporarypaymentmethod/{token}/` (public key) | [`PublicClient::temporary_payment_method`] |
//! | `POST /customers/` | [`Client::create_customer`] |
//! | `GET /customers/` | [`Client::customers`] |
//! | `GET /customers/{ref}/` | [`Client::customer`] |
//! | `PUT /customers/{ref}/` | [`Client::replace_customer`] |
//! | `PATCH /customers/{ref}/` | [`Client::update_customer`] |
//! | `DELETE /customers/{ref}/` | [`Client::delete_customer`] |
//! | `GET /customers/{ref}/subscriptions/` | [`Client::customer_subscriptions`] |
//! | `POST /customers/{ref}/subscriptions/add/` | [`Client::add_customer_subscription`] |
//! | `POST /customers/paymentmethod/` | [`Client::attach_payment_method`] |
//! | `GET /plans/` | [`Client::plans`] |
//! | `GET /subscriptions/` | [`Client::subscriptions`] |
//! | `GET /subscriptions/{id}/` | [`Client::subscription`] |
//! | `PATCH /subscriptions/{id}/` | [`Client::update_subscription`] |
//! | `POST /subscriptions/multi/` | [`Client::create_subscriptions`] |
//! | `POST /subscriptions/{id}/cancel/` | [`Client::cancel_subscription`] |
//! | `POST /subscriptions/{id}/activate/` | [`Client::activate_subscription`] |
//! | `POST /subscriptions/{id}/set_expiry/` | [`Client::set_subscription_expiry`] |
//! | `GET /webhooks/` | [`Client::webhooks`] |
//! | `POST /webhooks/` | [`Client::create_webhook`] |
//! | `PUT /webhooks/{id}/` | [`Client::replace_webhook`] |
//! | `PATCH /webhooks/{id}/` | [`Client::update_webhook`] |
//! | `DELETE /webhooks/{id}/` | [`Client::delete_webhook`] |
//! | incoming webhooks (`Hook-HMAC`, `Hook-Event`) | [`webhook::WebhookVerifier`] |
//!
//! # Errors
//!
//! Every call fails with [`Error`]: a request refused locally before sending
//! (`InvalidRequest`), a timeout or connection failure, Askell's answer with its typed
//! [`ErrorEnvelope`] (`{"status":"error","error":..}`, `{"detail":..}`, field errors), an answer
//! that did not decode (status, serde path, scrubbed excerpt), or one over the size cap. After a
//! write whose outcome is unknown (a timeout, a 5xx, a 2xx that does not decode),
//! [`Error::outcome_unknown`](payments_core::Error::outcome_unknown) names the status query
//! that resolves it, e.g. `Client::payment(uuid = "…")`. No key, card number, CVC, token or
//! webhook secret ever appears in an error's `Display`, `Debug` or source chain, even when
//! Askell echoes the request back.
//!
//! # Reading leniently
//!
//! Answers are read so that one odd member never fails a whole answer (see [`model`]): a
//! `null` or missing collection is empty, non-key members are `Option`s, unknown enum values
//! are kept, and malformed timestamps and related ids are kept as sent.
#![deny(missing_docs)]

pub mod account;
pub mod checkouts;
mod client;
pub mod customers;
pub mod error;
mod list;
pub mod model;
pub mod payments;
pub mod plans;
pub mod subscriptions;
pub mod transactions;
pub mod webhook;

pub use checkouts::{CardDetails, CreateCheckout};
pub use client::{
    BASE_URL, Client, ClientBuilder, Credentials, PublicClient, PublicClientBuilder,
    PublicCredentials,
};
pub use customers::{
    AttachPaymentMethod, CustomerListQuery, CustomerPatch, MAX_CUSTOMER_REFERENCE_LEN,
    MAX_PAGE_SIZE, NewCustomer,
};
pub use error::{Error, ErrorEnvelope, Result};
pub use model::Timestamp;
pub use model::account::Hello;
pub use model::checkout::{
    CheckoutCreated, CheckoutPaymentProcessor, TemporaryPaymentMethodCreated, TokenState,
    TokenStatus,
};
pub use model::customer::{Customer, CustomerPaymentMethod};
pub use model::payment::{MAX_PAYMENT_RETRIES, Payment, PaymentState};
pub use model::plan::{Plan, PlanInterval, PlanPaymentProcessor};
pub use model::subscription::{
    BillingLog, BillingLogType, Subscription, SubscriptionActionResult, SubscriptionCustomer,
    SubscriptionPlan, SubscriptionState, SubscriptionsCreated,
};
pub use model::transaction::{
    CardReceipt, ReceiptError, Transaction, TransactionData, TransactionReceipt, TransactionState,
};
pub use model::webhook::{EventType, Webhook};
pub use payments::{ClaimOptions, CreatePayment};
pub use payments_core::{
    BuildError, Decimal, ExposeSecret, ItemStream, Lenient, Resolution, RetryPolicy, SecretString,
    StreamExt, TryStreamExt, dec,
};
pub use subscriptions::{
    MultiSubscriptionCreate, NewSubscription, SubscriptionListQuery, SubscriptionListType,
    SubscriptionOrdering, SubscriptionUpdate,
};
pub use transactions::TransactionFilter;
/// Re-exported: ids in this crate's signatures are UUIDs.
pub use uuid::Uuid;
pub use webhook::{
    EventData, HookHeaders, WebhookCreate, WebhookError, WebhookEvent, WebhookPatch,
    WebhookVerifier,
};
