//! Wire types: hosted checkouts, the payment processors they can use, and temporary payment
//! methods (card tokens).

use payments_core::string_enum;
use serde::Deserialize;

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
    /// Wire `token`: the checkout token (32 lowercase hex characters); the answer's key.
    pub token: String,
    /// Wire `checkout_url`: the hosted card form, e.g. `https://askell.is/checkout/<token>/`.
    #[serde(default)]
    pub checkout_url: Option<String>,
}

/// Answer to `GET /checkouts/{token}/` and `GET /temporarypaymentmethod/{token}/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TokenState {
    /// Wire `token`: the token polled; the answer's key.
    pub token: String,
    /// Wire `status`: `tokencreated` once the token is ready; other values are undocumented
    /// and kept as sent.
    #[serde(default)]
    pub status: Option<TokenStatus>,
}

impl TokenState {
    /// `true` once the token is ready to use.
    pub fn is_ready(&self) -> bool {
        self.status == Some(TokenStatus::TokenCreated)
    }
}

/// Answer to `GET /checkouts/paymentprocessors/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub(crate) struct CheckoutPaymentProcessorList {
    /// Wire `payment_processors`: the account's processors (`null` or absent reads as none).
    #[serde(default, with = "serde_with::As::<serde_with::DefaultOnNull>")]
    pub(crate) payment_processors: Vec<CheckoutPaymentProcessor>,
}

/// Wire `CheckoutPaymentProcessor`: one of the account's payment processors.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CheckoutPaymentProcessor {
    /// Wire `id`: the account payment processor id (its key), passed as `payment_processor`
    /// when creating a checkout.
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
    /// Wire `allowed_currencies`: ISO 4217 codes it can charge in (`null` or absent reads as
    /// none).
    #[serde(default, with = "serde_with::As::<serde_with::DefaultOnNull>")]
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
    /// Wire `token`: the temporary payment method token (32 lowercase hex characters); the
    /// answer's key.
    pub token: String,
    /// Wire `card_verification_url`: the 3-D Secure page, e.g.
    /// `https://askell.is/verify/<token>/`.
    #[serde(default)]
    pub card_verification_url: Option<String>,
}
