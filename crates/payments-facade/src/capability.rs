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

/// The capabilities of `provider` (whether or not this build has its feature).
pub(crate) fn of(provider: Provider) -> Capabilities {
    use Support::{No, Yes};
    match provider {
        Provider::Askell => Capabilities {
            provider,
            currencies: &["ISK", "USD", "EUR"],
            operations: [
                Yes(
                    "a payment charged to a stored customer's payment method (`Customer::reference` required); settles asynchronously",
                ),
                Yes("`GET /payments/{uuid}/`"),
                No("payments are charged at once: there is no authorization to capture"),
                No("payments are charged at once: there is no authorization to capture"),
                No("a payment cannot be cancelled: refund it once settled"),
                Yes("`POST /payments/{uuid}/refund/`, the whole payment"),
                No("Askell refunds a payment in full only"),
                Yes("`payment.changed`, signed with the webhook's `hmac_secret`"),
            ],
        },
        Provider::Barion => Capabilities {
            provider,
            currencies: &["HUF", "EUR", "USD", "CZK", "RON", "PLN"],
            operations: [
                Yes(
                    "Payment/Start (`Immediate`, or `DelayedCapture` for `CaptureMode::Manual`), then redirect the payer to the `GatewayUrl`",
                ),
                Yes("v4 PaymentState"),
                Yes(
                    "Payment/Capture of a `DelayedCapture` payment (FinishReservation of a `Reservation`), transaction ids read from the state",
                ),
                Yes(
                    "a lower total on a payment with one transaction; the rest goes back to the payer",
                ),
                Yes("Payment/CancelAuthorization of a `DelayedCapture` payment"),
                Yes("Payment/Refund of every refundable transaction, ids read from the state"),
                Yes("Payment/Refund of part of a payment with one refundable transaction"),
                Yes(
                    "the callback is unsigned: only its PaymentId is read, and the state is fetched with the POSKey",
                ),
            ],
        },
        Provider::Resid => Capabilities {
            provider,
            currencies: &["IRR"],
            operations: [
                Yes(
                    "`POST /payments` in whole rials; the payer pays with the token (`NextAction::ShowToken`); `CaptureMode::Immediate` sets `auto_collect`",
                ),
                Yes("`GET /payments/{token}`"),
                Yes(
                    "collect (`POST /payments/{token}/collect`), within 20 minutes of the creation",
                ),
                No("collect takes the whole amount"),
                No(
                    "no cancel: a payment that is not collected within 20 minutes goes back to the payer by itself",
                ),
                No("no refund in Resid's API: do not collect a fare you will not serve"),
                No("no refund in Resid's API"),
                No("Resid has no webhooks: poll `Gateway::payment`"),
            ],
        },
        Provider::Finline => Capabilities {
            provider,
            currencies: &["UAH", "USD", "EUR"],
            operations: [
                Yes(
                    "hosted `purchase` (`auth` for `CaptureMode::Manual`), then redirect the payer to the payment page",
                ),
                Yes("the order's operations, `GET /pos/{pos_id}/orders/{order_id}`"),
                Yes("`POST /capture` of a successful `auth`"),
                Yes("`POST /capture` with `charge_amount`"),
                Yes("`POST /void` of a successful `auth`"),
                Yes("`POST /refund` of a successful `purchase` or `capture`"),
                Yes("`POST /refund` with `refund_amount`; several may follow"),
                Yes("the `data` + `signature` form, SHA-1 with the API secret"),
            ],
        },
        Provider::Payelata => Capabilities {
            provider,
            currencies: &["UAH", "USD", "EUR"],
            operations: [
                Yes(
                    "a payment invoice, then redirect the payer (`flow_data`); with a card token: an invoice by token, `instant`, and a cardgate sale (3-D Secure as a POST redirect)",
                ),
                Yes("`GET /payment-invoices/{id}`"),
                No("invoices are charged at once: there is no hold to capture"),
                No("invoices are charged at once: there is no hold to capture"),
                No("an invoice cannot be cancelled through the API; an unpaid one expires"),
                Yes("`POST /payment-invoices/{id}/refund` of what remains refundable"),
                Yes("`POST /payment-invoices/{id}/refund`, any amount up to what remains"),
                Yes("`X-Signature`, SHA-1 with the live or the test callback secret"),
            ],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_says_how_or_why_not_for_every_operation() {
        for p in Provider::ALL {
            let caps = of(p);
            assert_eq!(caps.provider, p);
            assert!(!caps.currencies.is_empty());
            for op in Operation::ALL {
                assert!(!caps.support(op).note().is_empty(), "{p} {op}");
            }
            // Every provider creates and reads; a partial operation implies the whole one.
            assert!(caps.support(Operation::Create).is_supported());
            assert!(caps.support(Operation::Status).is_supported());
            for (part, whole) in [
                (Operation::PartialCapture, Operation::Capture),
                (Operation::PartialRefund, Operation::Refund),
            ] {
                assert!(!caps.support(part).is_supported() || caps.support(whole).is_supported());
            }
        }
    }
}
