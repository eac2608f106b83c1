//! Every regional payment provider SDK of this workspace behind a feature, and one [`Gateway`]
//! trait over all of them.
//!
//! - Features `askell`, `barion`, `resid`, `finline`, `payelata` (and `full` for all five); the
//!   default is none, so a build carries only the providers it names. Each provider's SDK is
//!   re-exported as a module: `payments_facade::barion` is `barion_sdk`.
//! - [`Gateway`]: create a payment, read its state, capture, cancel, refund, verify a webhook;
//!   object safe, so a `Box<dyn Gateway>` can be picked from configuration at run time
//!   ([`GatewayConfig`]).
//! - [`PaymentStatus`]: one status every provider's wire status maps into, with
//!   [`is_final`](PaymentStatus::is_final) and [`is_success`](PaymentStatus::is_success).
//! - [`Money`]: minor units of an ISO 4217 [`Currency`], converted exactly to each provider's
//!   wire amount.
//! - [`Error`]: one error type whose source is the provider SDK's own typed error.
#![deny(missing_docs)]

mod capability;
mod config;
mod error;
mod gateway;
mod money;
mod status;

use std::fmt;

pub use capability::{Capabilities, Operation, Support};
pub use config::{GatewayConfig, PROVIDER_VARIABLE, VARIABLES, Variable};
pub use error::{Error, ErrorKind};
pub use gateway::{
    CaptureMode, CreatedPayment, Customer, Gateway, NextAction, Payment, PaymentId,
    PaymentRequest, RedirectMethod, WebhookEvent,
};
pub use money::{Currency, Money, MoneyError};
pub use payments_core::{Decimal, Resolution, SecretString, UnknownOutcome, dec};
pub use status::PaymentStatus;

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
/// the provider sent. One variant per enabled provider feature.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ProviderObject {}

fn build_gateway(config: &GatewayConfig) -> Result<Box<dyn Gateway>, Error> {
    let provider = config.provider();
    Err(Error::config(
        provider,
        format!("this build has no `{provider}` feature: enable it in Cargo.toml"),
    ))
}
