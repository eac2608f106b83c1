//! Typed, async Rust client for **Payelata** (Ukraine), which runs the Corefy (formerly
//! PayCore.io) commerce platform: payment invoices (hosted page, card tokenisation, charge by
//! token), refunds, payout invoices, the per-merchant **cardgate** and signed callbacks, all
//! in JSON:API documents ([`jsonapi`]).
//!
//! | Payelata endpoint | SDK method |
//! |---|---|
//! | `POST /api/payment-invoices` | [`Client::create_payment_invoice`] |
//! | `GET /api/payment-invoices/{id}` | [`Client::payment_invoice`] |
//! | `GET /api/payment-invoices` | [`Client::payment_invoices`] (a stream over the pages), [`Client::payment_invoices_page`], [`Client::payment_invoice_by_reference_id`] |
//! | `POST /api/payment-invoices/{id}/refund` | [`Client::refund_payment_invoice`], [`Client::refund_payment_invoice_checked`] |
//! | `POST /api/payout-invoices` | [`Client::create_payout_invoice`] |
//! | `GET /api/payout-invoices/{id}` | [`Client::payout_invoice`] |
//! | `POST {CARDGATE_URL}/payment/sale` | [`CardgateClient::sale`], [`CardgateClient::sale_with_token`] |
//! | callback `POST` with `X-Signature` | [`webhook::CallbackVerifier::verify`] |
//!
//! The private API authenticates with HTTP Basic (`Authorization: Basic
//! base64(account_id:api_key)`); the cardgate with the invoice's own bearer
//! (`Authorization: Bearer {flow_data.metadata.token}`). Payelata does not publish its API host,
//! so the base URL is a required argument ([`PAYCORE_BASE_URL`] is the upstream one).
//!
//! # Quick start
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = httpmock::MockServer::start_async().await;
//! # server.mock_async(|when, then| {
//! #     when.method("POST").path("/payment-invoices");
//! #     then.status(201).header("content-type", "application/json").body(r#"{"data":{"type":"payment-invoices","id":"cpi_1","attributes":{"status":"created","amount":100,"currency":"UAH","flow_data":{"action":"https://cardgate.example.io/hpp/cgi_1","method":"GET","params":[]}}}}"#);
//! # }).await;
//! use payelata_sdk::{Client, CreatePaymentInvoice, Credentials, InvoiceStatus, SecretString, dec};
//!
//! let client = Client::builder(
//!     "https://com.paycore.io/api",
//!     Credentials::new("coma_123", SecretString::from("my-api-key")),
//! )
//! # .base_url(server.base_url())
//! .build()?;
//!
//! let invoice = client
//!     .create_payment_invoice(
//!         &CreatePaymentInvoice::new("ORDER-1", dec!(100), "UAH", "payment_card_uah_hpp")
//!             .description("Order 1")
//!             .return_url("https://shop.example/return"),
//!     )
//!     .await?;
//! assert_eq!(invoice.attributes.status, Some(InvoiceStatus::Created));
//! // Send the payer to the payment page.
//! let url = invoice.attributes.flow_data.as_ref().and_then(|f| f.redirect_url());
//! assert_eq!(url.as_deref(), Some("https://cardgate.example.io/hpp/cgi_1"));
//! # Ok(()) }
//! ```
//!
//! # Tokenise a card, then charge it by token
//!
//! The first payment runs with `tokenize`; its callback's `payload.token` is the card token.
//! A later invoice with that token and `instant` is charged through the cardgate, and when the
//! issuer asks for 3-D Secure the shop returns the auto-submitting form to the payer.
//!
//! ```no_run
//! use payelata_sdk::webhook::CallbackVerifier;
//! use payelata_sdk::{
//!     CardgateClient, Client, CreatePaymentInvoice, Credentials, InvoiceCustomer, SaleOperation,
//!     SecretString, dec,
//! };
//!
//! # async fn run(callback_body: &[u8], x_signature: &str) -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder(
//!     "https://com.paycore.io/api",
//!     Credentials::new("coma_123", SecretString::from("my-api-key")),
//! )
//! .build()?;
//! let cardgate = CardgateClient::builder("https://cardgate.example.io").build()?;
//!
//! // 1. The first payment, on the hosted page, with tokenisation.
//! let first = client
//!     .create_payment_invoice(
//!         &CreatePaymentInvoice::new("ORDER-1", dec!(1), "USD", "payment_card_usd_hpp")
//!             .customer(InvoiceCustomer::new("my_customer_1").name("John Doe"))
//!             .tokenize(true),
//!     )
//!     .await?;
//! println!("pay at {:?}", first.attributes.flow_data.and_then(|f| f.redirect_url()));
//!
//! // 2. Its callback carries the card token and the masked card.
//! let verifier = CallbackVerifier::live(SecretString::from("my-live-secret"));
//! let callback = verifier.verify(callback_body, x_signature)?;
//! let paid = callback.payment_invoice().ok_or("not a payment invoice")?;
//! let token = paid.card_token().ok_or("no card token")?.clone();
//! println!("card {:?}", paid.payment_card().and_then(|c| c.mask.as_deref()));
//!
//! // 3. Later: an invoice by token, charged at once through the cardgate.
//! let invoice = client
//!     .create_payment_invoice(
//!         &CreatePaymentInvoice::new("ORDER-2", dec!(25), "USD", "payment_card_usd_hpp")
//!             .token(token)
//!             .customer(InvoiceCustomer::new("my_customer_1"))
//!             .instant(true),
//!     )
//!     .await?;
//! let answer = cardgate.sale(&invoice, &SaleOperation::token()).await?;
//! if let Some(step) = answer.auth_payload() {
//!     let page = step.html_form()?; // 3-D Secure: return this HTML to the payer's browser
//!     println!("{} bytes of HTML", page.len());
//! }
//! // The outcome arrives by callback, or: client.payment_invoice(&invoice.id).await?
//! # Ok(()) }
//! ```
//!
//! # What to know
//!
//! - **Retries**: reads are retried per the [`RetryPolicy`]; creates, refunds, payouts and
//!   sales never are. A timeout, a 5xx or a **429** (Payelata's "too many requests *or*
//!   duplicate request detected") on one of them leaves the outcome unknown, and the error
//!   names the status query that settles it ([`Error::outcome_unknown`](payments_core::Error::outcome_unknown)).
//! - **Lenient input**: every attribute is optional, `[]` reads as an empty object (PHP),
//!   unknown statuses and attributes are kept, a malformed time is kept raw. Facts the
//!   published docs do not confirm (list filters and paging, the payout answer, refund
//!   statuses, the 422 layout, the cardgate answer) are read as tolerantly as that and marked
//!   *unconfirmed* where they appear.
//! - **Secrets**: the API key, the Basic header, card tokens, the cardgate bearer and card data
//!   are [`SecretString`]s, never shown by `Debug`, and masked in every body an error keeps.
#![deny(missing_docs)]

pub mod cardgate;
mod client;
mod error;
pub mod jsonapi;
pub mod model;
mod object;
pub mod payment_invoices;
pub mod payouts;
pub mod refunds;
pub mod webhook;
mod wire;

pub use payments_core::{
    BuildError, Decimal, ExposeSecret, ItemStream, Lenient, Resolution, RetryPolicy, SecretString,
    StreamExt, TryStreamExt, dec,
};

pub use cardgate::{BrowserInfo, SaleOperation};
pub use client::{
    CardgateClient, CardgateClientBuilder, Client, ClientBuilder, Credentials, PAYCORE_BASE_URL,
    PAYCORE_CARDGATE_URL,
};
pub use error::{Error, ErrorCode, ErrorEnvelope, ErrorKind, ErrorObject, ErrorSource, Result};
pub use jsonapi::{Document, ListDocument, Resource};
pub use model::cardgate::{
    AuthPayload, CardgateMetadata, CardgateSession, OperationState, SaleAnswer,
};
pub use model::customer::{Address, Customer};
pub use model::form::{FormError, FormMethod};
pub use model::payment_invoice::{FlowData, FlowMetadata, Payload, PaymentCard, PaymentInvoice};
pub use model::payment_request::PaymentRequest;
pub use model::payout_invoice::PayoutInvoice;
pub use model::refund::Refund;
pub use model::status::{
    CardgateStatus, Flow, InvoiceStatus, PaymentFlow, PayoutStatus, RefundStatus, ResolutionCode,
};
pub use payment_invoices::{
    CreatePaymentInvoice, InvoiceCustomer, ListPaymentInvoices, ReturnUrls,
};
pub use payouts::CreatePayoutInvoice;
pub use refunds::{CreateRefund, RefundOutcome};
