//! Typed client for the [Resid](https://resid.ir) API (Iran): taxi fares paid through Iranian
//! bank gateways. Register a payee (merchant) bound to a Sheba, create a payment request for a
//! fare, let the payer pay, and **collect** it within 20 minutes.
//!
//! # Quick start
//!
//! Build a [`Client`] with the account's authorization code (sent as the whole
//! `Authorization` header, no scheme word), create a payment request of an integer amount of
//! [`Rials`], collect it once the payer has paid, and read the bank's outcome.
//!
//! ```
//! use resid_sdk::{Client, CreatePayment, Credentials, PaymentState, Rials};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // A local stand-in for resid.ir, so this example runs as a test.
//! # let server = httpmock::MockServer::start_async().await;
//! # for (method, path, fixture) in [
//! #     ("POST", "/payments", include_str!("../../../fixtures/resid/payment-create-response.json")),
//! #     ("POST", "/payments/AsF42Sg53/collect", include_str!("../../../fixtures/resid/payment-collect-response.json")),
//! #     ("GET", "/payments/AsF42Sg53", include_str!("../../../fixtures/resid/payment-get-response.json")),
//! # ] {
//! #     server.mock_async(|when, then| {
//! #         when.method(method).path(path).header("authorization", "AUTHORIZATION_CODE");
//! #         then.status(200).header("content-type", "application/json").body(fixture);
//! #     }).await;
//! # }
//! let client = Client::builder(Credentials::new("AUTHORIZATION_CODE"))
//! #   .base_url(server.base_url())
//!     .build()?;
//! let request = CreatePayment::new("faSDF42w3Fs", Rials::new(10_000)).payload("ride-1001");
//! let created = client.create_payment(&request).await?;
//! // The payer pays with `created.token`; then, within 20 minutes of the creation:
//! client.collect_payment(&created.token).await?;
//! let payment = client.payment(&created.token).await?;
//! assert_eq!(payment.state(), Some(&PaymentState::Pending));
//! println!("collect by {:?}", payment.collect_deadline());
//! # Ok(())
//! # }
//! ```
//!
//! # What is where
//!
//! | Resid | SDK |
//! |---|---|
//! | `POST /merchants` (form, or multipart with a logo) | [`Client::register_merchant`] with [`RegisterMerchant`] → [`Merchant`] |
//! | `POST /payments` | [`Client::create_payment`] with [`CreatePayment`] → [`PaymentCreated`] (the `token`) |
//! | `POST /payments/{token}/collect` | [`Client::collect_payment`] |
//! | `GET /payments/{token}` | [`Client::payment`] → [`Payment`] |
//! | `GET /payments` (`size`, `before` \| `after`) | [`Client::payments`] (a stream over every page), [`Client::payments_page`] (one page), with [`ListPayments`] |
//! | envelope `{message, info, errors}` | `info` typed per endpoint; an error as [`ErrorEnvelope`] in [`Error::Api`](payments_core::Error::Api) |
//! | webhooks / callbacks | none documented: poll [`Client::payment`] |
//!
//! # The 20-minute collect window
//!
//! A payment must be collected within [`COLLECT_WINDOW`] (20 minutes) of its creation
//! ([`Payment::collect_deadline`]), unless created with
//! [`auto_collect`](CreatePayment::auto_collect). Past it, a successful bank payment that was
//! not collected goes back to the payer automatically, and collecting fails with Resid's
//! error: nothing needs refunding; create a new payment request if the fare is still due.
//!
//! # Errors and retries
//!
//! Errors are [`Error`]: refused locally before sending (`InvalidRequest`: an empty token, a
//! zero amount, ...; a page size of 0 or 201, both `before` and `after`, a negative or
//! fractional amount, a malformed Sheba cannot even be built), a timeout or connection
//! failure, Resid's error answer (any non-2xx, **and** any answer whose `errors` holds
//! something or whose `message` is not `OK`, even with status 200), or an answer that did not
//! decode (status, serde path, excerpt). Only reads are retried. A create or a collect is
//! never repeated; after a timeout or a 5xx the error's
//! [`outcome_unknown`](payments_core::Error::outcome_unknown) names the call that resolves
//! it (see [`payments`] for both). No authorization code appears in `Debug` output or in an
//! error, even when Resid echoes it.
//!
//! # What Resid does not document
//!
//! Resid's public docs are three short Persian articles. Where they are silent the SDK reads
//! leniently and says so on the item: the error envelope's content and statuses, the
//! `outcome.state` values other than `pending`, the type of `paid` and `state_error`, the
//! merchant identifier's member name, the currency unit (rials assumed), the list's order and
//! paging, the rate limits, and any sandbox host.
#![deny(missing_docs)]

mod client;
pub mod error;
pub mod merchants;
pub mod model;
pub mod payments;

pub use client::{BASE_URL, Client, ClientBuilder, Credentials};
pub use error::{Error, ErrorEnvelope, Result};
pub use merchants::{Logo, MobileNumber, NationalCode, RegisterMerchant, Sheba};
pub use model::amount::{Rials, RialsError};
pub use model::merchant::Merchant;
pub use model::payment::{
    COLLECT_WINDOW, Gateway, MerchantDisplay, Outcome, Payment, PaymentCreated, PaymentState,
};
pub use model::time::{Timestamp, TimestampError};
pub use payments::{CreatePayment, ListPayments, PageSize, TimeFilter};
pub use payments_core::{
    BuildError, Decimal, ExposeSecret, ItemStream, Lenient, Resolution, RetryPolicy, SecretString,
    StreamExt, TryStreamExt, dec,
};
