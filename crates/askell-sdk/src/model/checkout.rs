//! Wire types: hosted checkouts, the payment processors they can use, and temporary payment
//! methods (card tokens).

use serde::Deserialize;

use payments_core::string_enum;

string_enum! {
    /// Wire `status` of a checkout or a temporary payment method token.
    pub enum TokenStatus {
        /// Wire `tokencreated`: the card is tokenised; the token can now be attached to a
        /// customer or used to start a subscription.
        TokenCreated = "tokencreated",
    }
}

/// Answer to `POST /checkouts/`: render [`checkout_url`](Self::checkout_url) in an iframe, then
/// poll the checkout with [`PublicClient::checkout`](crate::PublicClient::checkout) until its
/// status is [`TokenStatus::TokenCreated`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CheckoutCreated {
    /// Wire `token`: the checkout token (32 lowercase hex characters).
    pub token: String,
    /// Wire `checkout_url`: the hosted card form, e.g. `https://askell.is/checkout/<token>/`.
    pub checkout_url: String,
}

/// Answer to `GET /checkouts/{token}/` and `GET /temporarypaymentmethod/{token}/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TokenState {
    /// Wire `token`: the token polled.
    pub token: String,
    /// Wire `status`: `tokencreated` once the token is ready; other values are undocumented
    /// and kept as sent.
    pub status: TokenStatus,
}

impl TokenState {
    /// `true` once the token is ready to use.
    pub fn is_ready(&self) -> bool {
        self.status == TokenStatus::TokenCreated
    }
}

/// Answer to `GET /checkouts/paymentprocessors/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CheckoutPaymentProcessorList {
    /// Wire `payment_processors`: the account's processors.
    #[serde(default)]
    pub payment_processors: Vec<CheckoutPaymentProcessor>,
}

/// Wire `CheckoutPaymentProcessor`: one of the account's payment processors.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CheckoutPaymentProcessor {
    /// Wire `id`: the account payment processor id, passed as `payment_processor` when
    /// creating a checkout.
    pub id: i64,
    /// Wire `name`: the account's name for it.
    #[serde(default)]
    pub name: Option<String>,
    /// Wire `display_name`: the name shown to payers.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Wire `payment_processor`: the processor kind, e.g. `saltpay`, `adyen`, `valitor`.
    #[serde(default)]
    pub payment_processor: Option<String>,
    /// Wire `allowed_currencies`: ISO 4217 codes it can charge in.
    #[serde(default)]
    pub allowed_currencies: Vec<String>,
    /// Wire `supports_checkout`: whether a hosted checkout can use it.
    #[serde(default)]
    pub supports_checkout: Option<bool>,
    /// Wire `error`: why it is unusable, present only when misconfigured.
    #[serde(default)]
    pub error: Option<String>,
}

/// Answer to `POST /temporarypaymentmethod/`: send the payer to
/// [`card_verification_url`](Self::card_verification_url) (3-D Secure), then poll the token
/// until it is ready.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TemporaryPaymentMethodCreated {
    /// Wire `token`: the temporary payment method token (32 lowercase hex characters).
    pub token: String,
    /// Wire `card_verification_url`: the 3-D Secure page, e.g.
    /// `https://askell.is/verify/<token>/`.
    pub card_verification_url: String,
}
