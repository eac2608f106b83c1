//! [`Capabilities`]: which unified operations a provider supports, and how.

use std::fmt;

use crate::Provider;

/// One operation of the [`Gateway`](crate::Gateway) trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// [`Gateway::create_payment`](crate::Gateway::create_payment).
    Create,
    /// [`Gateway::payment`](crate::Gateway::payment): read the state.
    Status,
    /// [`Gateway::capture`](crate::Gateway::capture) of the whole amount.
    Capture,
    /// [`Gateway::capture`](crate::Gateway::capture) of part of the amount.
    PartialCapture,
    /// [`Gateway::cancel`](crate::Gateway::cancel): cancel or void before the money moves.
    Cancel,
    /// [`Gateway::refund`](crate::Gateway::refund) of the whole amount.
    Refund,
    /// [`Gateway::refund`](crate::Gateway::refund) of part of the amount.
    PartialRefund,
    /// [`Gateway::webhook`](crate::Gateway::webhook): verify and read a callback.
    Webhook,
}

impl Operation {
    /// Every operation, in table order.
    pub const ALL: [Self; 8] = [
        Self::Create,
        Self::Status,
        Self::Capture,
        Self::PartialCapture,
        Self::Cancel,
        Self::Refund,
        Self::PartialRefund,
        Self::Webhook,
    ];

    /// The operation's name as the tables write it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Status => "status",
            Self::Capture => "capture",
            Self::PartialCapture => "partial capture",
            Self::Cancel => "cancel",
            Self::Refund => "refund",
            Self::PartialRefund => "partial refund",
            Self::Webhook => "webhook",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a provider supports an operation, with how or why not in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Support {
    /// Supported; how the provider does it (e.g. "collect, within 20 minutes of creation").
    Yes(&'static str),
    /// Not supported; why, and what to do instead.
    No(&'static str),
}

impl Support {
    /// `true` when supported.
    pub fn is_supported(self) -> bool {
        matches!(self, Self::Yes(_))
    }

    /// The how or why, in words.
    pub fn note(self) -> &'static str {
        match self {
            Self::Yes(n) | Self::No(n) => n,
        }
    }
}

/// What a provider's gateway supports, operation by operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// The provider.
    pub provider: Provider,
    /// The currencies it takes (ISO 4217 codes).
    pub currencies: &'static [&'static str],
    /// One entry per [`Operation`], in [`Operation::ALL`] order.
    pub operations: [Support; 8],
}

impl Capabilities {
    /// How (or whether) the provider does `operation`.
    pub fn support(&self, operation: Operation) -> Support {
        let i = Operation::ALL
            .iter()
            .position(|o| *o == operation)
            .unwrap_or_default();
        self.operations[i]
    }

    /// `true` when the provider takes `currency` (an ISO 4217 code).
    pub fn takes(&self, currency: &str) -> bool {
        self.currencies.contains(&currency)
    }
}
