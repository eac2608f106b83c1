//! [`PaymentStatus`]: the one status every provider's wire status maps into.

use std::fmt;

/// Where a payment stands, whatever the provider.
///
/// Each gateway maps its provider's wire status into this in a `match` with no wildcard arm (a
/// new wire value is a compile error in this crate, not a silent default); a value the provider
/// SDK itself does not know arrives as the SDK's `Unknown(_)` and maps to
/// [`PaymentStatus::Unknown`] with the wire text.
///
/// | status | meaning | [`is_final`](Self::is_final) | [`is_success`](Self::is_success) |
/// |---|---|---|---|
/// | `Pending` | created; waiting for the payer (redirect, token, payer page) | no | no |
/// | `Processing` | the payer acted; the provider or bank is still working on it | no | no |
/// | `Authorized` | the money is held: capture or cancel it (it lapses otherwise) | no | no |
/// | `Succeeded` | paid: charged, captured or collected | yes | yes |
/// | `PartiallyRefunded` | paid, then part of it refunded | yes | yes |
/// | `Refunded` | paid, then refunded in full | yes | no |
/// | `Canceled` | cancelled or voided before the money moved | yes | no |
/// | `Failed` | declined or failed | yes | no |
/// | `Expired` | the payer did not pay in time, or the hold lapsed | yes | no |
/// | `Unknown` | a provider status this facade cannot place | no | no |
///
/// "Final" means nothing more happens unless the shop acts (a refund of a paid payment).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentStatus {
    /// Created; waiting for the payer.
    Pending,
    /// The payer acted; the provider or bank is still working on it.
    Processing,
    /// The money is held; capture or cancel it.
    Authorized,
    /// Paid.
    Succeeded,
    /// Paid, then part of it refunded.
    PartiallyRefunded,
    /// Paid, then refunded in full.
    Refunded,
    /// Cancelled or voided before the money moved.
    Canceled,
    /// Declined or failed.
    Failed,
    /// Not paid in time, or the hold lapsed.
    Expired,
    /// A provider status this facade cannot place, with its wire text.
    Unknown(String),
}

impl PaymentStatus {
    /// Every status, for tables and tests (`Unknown` with an empty text).
    pub fn all() -> [Self; 10] {
        [
            Self::Pending,
            Self::Processing,
            Self::Authorized,
            Self::Succeeded,
            Self::PartiallyRefunded,
            Self::Refunded,
            Self::Canceled,
            Self::Failed,
            Self::Expired,
            Self::Unknown(String::new()),
        ]
    }

    /// `true` when nothing more happens to the payment unless the shop acts.
    pub fn is_final(&self) -> bool {
        match self {
            Self::Succeeded
            | Self::PartiallyRefunded
            | Self::Refunded
            | Self::Canceled
            | Self::Failed
            | Self::Expired => true,
            Self::Pending | Self::Processing | Self::Authorized | Self::Unknown(_) => false,
        }
    }

    /// `true` when the shop has the payer's money (paid, at most part of it refunded).
    pub fn is_success(&self) -> bool {
        match self {
            Self::Succeeded | Self::PartiallyRefunded => true,
            Self::Pending
            | Self::Processing
            | Self::Authorized
            | Self::Refunded
            | Self::Canceled
            | Self::Failed
            | Self::Expired
            | Self::Unknown(_) => false,
        }
    }

    /// The status's name, as the tables write it (`Unknown` without its text).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Processing => "Processing",
            Self::Authorized => "Authorized",
            Self::Succeeded => "Succeeded",
            Self::PartiallyRefunded => "PartiallyRefunded",
            Self::Refunded => "Refunded",
            Self::Canceled => "Canceled",
            Self::Failed => "Failed",
            Self::Expired => "Expired",
            Self::Unknown(_) => "Unknown",
        }
    }
}

impl fmt::Display for PaymentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown(wire) => write!(f, "Unknown({wire})"),
            other => f.write_str(other.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_is_always_final_and_pending_states_are_not() {
        for s in PaymentStatus::all() {
            if s.is_success() {
                assert!(s.is_final(), "{s}");
            }
        }
        assert!(!PaymentStatus::Authorized.is_final());
        assert!(PaymentStatus::Refunded.is_final() && !PaymentStatus::Refunded.is_success());
        assert_eq!(PaymentStatus::Unknown("x".into()).to_string(), "Unknown(x)");
    }
}
