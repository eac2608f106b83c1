//! Every regional payment provider SDK of this workspace behind a feature, and one [`Gateway`]
//! trait over all of them.
//!
//! - Features `askell`, `barion`, `resid`, `finline`, `payelata` (and `full` for all five); the
//!   default is none, so a build carries only the providers it names
//!   (`cargo add payments-facade -F barion`). Each provider's SDK is re-exported as a module:
//!   `payments_facade::barion` is `barion_sdk`.
//! - [`Gateway`]: create a payment, read its state, capture, cancel, refund, verify a webhook;
//!   object safe, so a `Box<dyn Gateway>` can be picked from configuration at run time
//!   ([`GatewayConfig`]). One gateway per provider ([`AskellGateway`], [`BarionGateway`],
//!   [`ResidGateway`], [`FinlineGateway`], [`PayelataGateway`], each behind its feature), built
//!   from the SDK's own client or from the configuration. What a provider lacks fails with
//!   [`ErrorKind::Unsupported`], never a panic; [`Capabilities`] says which and how.
//! - [`CreatedPayment::next`]: what the shop does after a create, as data: redirect the payer
//!   (URL, method, form fields), show a token, or nothing.
//! - [`PaymentStatus`]: one status every provider's wire status maps into, with
//!   [`is_final`](PaymentStatus::is_final) and [`is_success`](PaymentStatus::is_success); the
//!   provider's own typed answer stays in every unified one ([`ProviderObject`]).
//! - [`Money`]: minor units of an ISO 4217 [`Currency`], converted exactly to each provider's
//!   wire amount with its rules (whole forints for Barion, whole rials for Resid); a conversion
//!   that would lose a digit, or a currency the provider does not take, is an error before
//!   anything is sent.
//! - [`Error`]: one error type whose source is the provider SDK's own typed error, answering the
//!   common questions (sent? outcome unknown, and what resolves it? provider code and message).
//!
//! # Quick start
//!
//! The checkout names no provider: the configuration does (`PAYMENTS_PROVIDER` and the
//! provider's variables, see [`GatewayConfig`]), so switching provider is a change of
//! environment, not of code. The README's example:
//!
//! ```no_run
//! use payments_facade::{Currency, GatewayConfig, Money, NextAction, PaymentRequest, RedirectMethod};
//!
//! # async fn checkout() -> Result<(), Box<dyn std::error::Error>> {
//! // PAYMENTS_PROVIDER=barion BARION_POS_KEY=... BARION_PAYEE=shop@example.com
//! // (or PAYMENTS_PROVIDER=finline FINLINE_POS_ID=... and so on)
//! let gateway = GatewayConfig::from_env()?.build()?;
//!
//! let amount = Money::new(100_000, Currency::HUF)?; // 1000.00 HUF, in minor units (fillér)
//! let request = PaymentRequest::new(amount, "order-1001", "Blue mug")
//!     .return_url("https://shop.example/return")
//!     .callback_url("https://shop.example/payments/callback");
//! let created = gateway.create_payment(&request).await?;
//! match &created.next {
//!     NextAction::Redirect { url, method: RedirectMethod::Get, .. } => println!("redirect to {url}"),
//!     NextAction::Redirect { url, params, .. } => println!("post {} fields to {url}", params.len()),
//!     NextAction::ShowToken { token } => println!("pay with token {token}"),
//!     _ => println!("{}: {}", created.payment.id, created.payment.status),
//! }
//!
//! // Later, in the callback handler (headers and raw body as received):
//! # let (headers, body) = (payments_facade::HeaderMap::new(), Vec::<u8>::new());
//! let event = gateway.webhook(&headers, &body).await?;
//! if event.status.is_success() {
//!     println!("order of payment {} is paid", event.payment_id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The same, run here against a local stand-in for Financial Line (with `-F finline`):
//!
//! ```
//! use payments_facade::{Currency, GatewayConfig, Money, NextAction, PaymentRequest, PaymentStatus, Provider};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # if !Provider::Finline.is_enabled() { return Ok(()); }
//! # let server = httpmock::MockServer::start_async().await;
//! # server.mock_async(|when, then| {
//! #     when.method("POST").path("/payment");
//! #     then.status(200).body(r#"{"redirect_url":"https://cpay.tranzzo.com/pay/7c1b9a0e"}"#);
//! # }).await;
//! # let base_url = server.base_url();
//! let env = [
//!     ("PAYMENTS_PROVIDER", "finline"),
//!     ("FINLINE_POS_ID", "dc728de1-51ef-4ef1-80f7-3b44b07b5667"),
//!     ("FINLINE_API_KEY", "API_KEY"),
//!     ("FINLINE_API_SECRET", "API_SECRET"),
//!     ("FINLINE_ENDPOINTS_KEY", "ENDPOINTS_KEY"),
//! #   ("FINLINE_BASE_URL", base_url.as_str()),
//! ];
//! let config = GatewayConfig::from_lookup(|name| {
//!     env.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
//! })?;
//! let gateway = config.build()?;
//!
//! let request = PaymentRequest::new(Money::new(10_000, Currency::UAH)?, "order-1001", "Blue mug");
//! let created = gateway.create_payment(&request).await?;
//! assert_eq!(created.payment.status, PaymentStatus::Pending);
//! assert!(matches!(created.next, NextAction::Redirect { .. }));
//! # Ok(())
//! # }
//! ```
//!
//! # Errors
//!
//! Every method answers [`Error`]. Refused before sending ([`Error::is_not_sent`]): an
//! unsupported operation, an amount the provider cannot take exactly, a missing argument. From
//! the provider: its answer, a timeout, a failed connection, an answer that did not decode; when
//! the provider may have acted, [`Error::outcome_unknown`] says so and names the status query
//! that tells (for a payment with an id, [`Gateway::payment`] is that query).
//!
#![doc = include_str!("../PROVIDERS.md")]
#![deny(missing_docs)]

mod capability;
mod config;
mod error;
mod gateway;
#[cfg(any(
    feature = "askell",
    feature = "barion",
    feature = "finline",
    feature = "payelata",
    feature = "resid"
))]
mod gateways;
mod money;
mod status;
#[cfg(all(test, feature = "full"))]
mod tables;

/// The tables the crate docs include, for the test that checks them against the code.
#[cfg(all(test, feature = "full"))]
const PROVIDERS_MD: &str = include_str!("../PROVIDERS.md");

use std::fmt;

pub use capability::{Capabilities, Operation, Support};
pub use config::{GatewayConfig, PROVIDER_VARIABLE, VARIABLES, Variable};
pub use error::{Error, ErrorKind};
pub use gateway::{
    CaptureMode, CreatedPayment, Customer, Gateway, NextAction, Payment, PaymentId, PaymentRequest,
    RedirectMethod, WebhookEvent,
};
pub use money::{Currency, Money, MoneyError};
pub use payments_core::http::HeaderMap;
pub use payments_core::{Decimal, Resolution, SecretString, UnknownOutcome, dec};
pub use status::PaymentStatus;

#[cfg(feature = "askell")]
pub use gateways::askell::AskellGateway;
#[cfg(feature = "barion")]
pub use gateways::barion::BarionGateway;
#[cfg(feature = "finline")]
pub use gateways::finline::FinlineGateway;
#[cfg(feature = "payelata")]
pub use gateways::payelata::PayelataGateway;
#[cfg(feature = "resid")]
pub use gateways::resid::ResidGateway;

/// The Askell SDK (`askell_sdk`).
#[cfg(feature = "askell")]
pub use askell_sdk as askell;
/// The Barion SDK (`barion_sdk`).
#[cfg(feature = "barion")]
pub use barion_sdk as barion;
/// The Financial Line SDK (`finline_sdk`).
#[cfg(feature = "finline")]
pub use finline_sdk as finline;
/// The Payelata SDK (`payelata_sdk`).
#[cfg(feature = "payelata")]
pub use payelata_sdk as payelata;
/// The Resid SDK (`resid_sdk`).
#[cfg(feature = "resid")]
pub use resid_sdk as resid;

/// A payment provider this workspace has an SDK for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    /// Askell (Iceland).
    Askell,
    /// Barion (Hungary).
    Barion,
    /// Resid (Iran).
    Resid,
    /// Financial Line (Ukraine), the Tranzzo API.
    Finline,
    /// Payelata (Ukraine), the Corefy/Paycore platform.
    Payelata,
}

impl Provider {
    /// Every provider.
    pub const ALL: [Self; 5] = [
        Self::Askell,
        Self::Barion,
        Self::Resid,
        Self::Finline,
        Self::Payelata,
    ];

    /// The provider's name as configuration writes it (`barion`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Askell => "askell",
            Self::Barion => "barion",
            Self::Resid => "resid",
            Self::Finline => "finline",
            Self::Payelata => "payelata",
        }
    }

    /// The provider named `name` (case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }

    /// What the provider supports, and how (whether or not this build has its feature).
    ///
    /// ```
    /// use payments_facade::{Operation, Provider};
    /// assert!(!Provider::Resid.capabilities().support(Operation::Webhook).is_supported());
    /// assert!(Provider::Barion.capabilities().takes("HUF"));
    /// ```
    pub fn capabilities(self) -> Capabilities {
        capability::of(self)
    }

    /// `true` when this build has the provider's feature.
    pub fn is_enabled(self) -> bool {
        match self {
            Self::Askell => cfg!(feature = "askell"),
            Self::Barion => cfg!(feature = "barion"),
            Self::Resid => cfg!(feature = "resid"),
            Self::Finline => cfg!(feature = "finline"),
            Self::Payelata => cfg!(feature = "payelata"),
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The provider SDK's own typed answer behind a unified one: match on it to reach everything
/// the provider sent. Variants exist per enabled provider feature.
///
/// ```
/// # #[cfg(feature = "barion")]
/// fn barion_state(payment: &payments_facade::Payment) -> Option<&payments_facade::barion::PaymentState> {
///     match &payment.raw {
///         payments_facade::ProviderObject::BarionState(state) => Some(state),
///         _ => None,
///     }
/// }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ProviderObject {
    /// Askell's payment (create, read, refund, and the `payment.changed` webhook's payload).
    #[cfg(feature = "askell")]
    AskellPayment(Box<askell_sdk::Payment>),
    /// Barion's answer to Payment/Start.
    #[cfg(feature = "barion")]
    BarionStarted(Box<barion_sdk::StartPaymentResponse>),
    /// Barion's payment state (read, and what a callback fetched).
    #[cfg(feature = "barion")]
    BarionState(Box<barion_sdk::PaymentState>),
    /// Barion's answer to Capture, FinishReservation or CancelAuthorization.
    #[cfg(feature = "barion")]
    BarionOperation(Box<barion_sdk::PaymentOperationResponse>),
    /// Barion's answer to Refund.
    #[cfg(feature = "barion")]
    BarionRefund(Box<barion_sdk::RefundResponse>),
    /// Resid's answer to a create: the token.
    #[cfg(feature = "resid")]
    ResidCreated(Box<resid_sdk::PaymentCreated>),
    /// Resid's payment request and its bank outcome.
    #[cfg(feature = "resid")]
    ResidPayment(Box<resid_sdk::Payment>),
    /// Financial Line's hosted payment: the payment page.
    #[cfg(feature = "finline")]
    FinlineHosted(Box<finline_sdk::HostedPayment>),
    /// Financial Line's order: all its operations.
    #[cfg(feature = "finline")]
    FinlineOrder(Box<finline_sdk::Order>),
    /// One Financial Line operation (capture, void, refund, or a webhook's).
    #[cfg(feature = "finline")]
    FinlineOperation(Box<finline_sdk::Operation>),
    /// Payelata's payment invoice.
    #[cfg(feature = "payelata")]
    PayelataInvoice(Box<payelata_sdk::Resource<payelata_sdk::PaymentInvoice>>),
    /// Payelata's invoice created by card token, and the cardgate's answer to its sale.
    #[cfg(feature = "payelata")]
    PayelataSale {
        /// The invoice.
        invoice: Box<payelata_sdk::Resource<payelata_sdk::PaymentInvoice>>,
        /// The cardgate's answer (3-D Secure step, status).
        sale: Box<payelata_sdk::SaleAnswer>,
    },
    /// Payelata's answer to a refund: the refund, or the invoice.
    #[cfg(feature = "payelata")]
    PayelataRefund(Box<payelata_sdk::RefundOutcome>),
    /// A verified Payelata callback.
    #[cfg(feature = "payelata")]
    PayelataCallback(Box<payelata_sdk::webhook::Callback>),
}

fn build_gateway(config: &GatewayConfig) -> Result<Box<dyn Gateway>, Error> {
    let provider = config.provider();
    match provider {
        #[cfg(feature = "askell")]
        Provider::Askell => Ok(Box::new(AskellGateway::from_config(config)?)),
        #[cfg(feature = "barion")]
        Provider::Barion => Ok(Box::new(BarionGateway::from_config(config)?)),
        #[cfg(feature = "resid")]
        Provider::Resid => Ok(Box::new(ResidGateway::from_config(config)?)),
        #[cfg(feature = "finline")]
        Provider::Finline => Ok(Box::new(FinlineGateway::from_config(config)?)),
        #[cfg(feature = "payelata")]
        Provider::Payelata => Ok(Box::new(PayelataGateway::from_config(config)?)),
        #[allow(unreachable_patterns)]
        _ => Err(Error::config(
            provider,
            format!("this build has no `{provider}` feature: enable it in Cargo.toml"),
        )),
    }
}
