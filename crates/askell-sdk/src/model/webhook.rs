//! Wire types: webhook registrations (`/webhooks/`) and the event names they subscribe to.

use std::fmt;

use payments_core::secret::SecretString;
use serde::{Deserialize, Deserializer};

use payments_core::string_enum;

string_enum! {
    /// A webhook event name: what a registration subscribes to (`event`, wildcards allowed)
    /// and what a delivery carries in its `Hook-Event` header.
    pub enum EventType {
        /// Wire `subscription.*`: every v1 subscription event.
        SubscriptionAll = "subscription.*",
        /// Wire `subscription.created`: a v1 subscription was created.
        SubscriptionCreated = "subscription.created",
        /// Wire `subscription.changed`: a v1 subscription changed.
        SubscriptionChanged = "subscription.changed",
        /// Wire `subscription.renewed`: a v1 subscription was renewed.
        SubscriptionRenewed = "subscription.renewed",
        /// Wire `subscription_contract.*`: every v2 contract event.
        SubscriptionContractAll = "subscription_contract.*",
        /// Wire `subscription_contract.created`: a v2 contract was created.
        SubscriptionContractCreated = "subscription_contract.created",
        /// Wire `subscription_contract.changed`: a v2 contract changed.
        SubscriptionContractChanged = "subscription_contract.changed",
        /// Wire `subscription_contract.renewed`: a v2 contract was renewed.
        SubscriptionContractRenewed = "subscription_contract.renewed",
        /// Wire `billing_run.*`: every v2 billing-run event.
        BillingRunAll = "billing_run.*",
        /// Wire `billing_run.created`: a billing run was created.
        BillingRunCreated = "billing_run.created",
        /// Wire `billing_run.changed`: a billing run changed.
        BillingRunChanged = "billing_run.changed",
        /// Wire `billing_run.succeeded`: a billing run was paid.
        BillingRunSucceeded = "billing_run.succeeded",
        /// Wire `billing_run.failed`: a billing run failed permanently.
        BillingRunFailed = "billing_run.failed",
        /// Wire `billing_run.retry`: a billing-run retry is scheduled.
        BillingRunRetry = "billing_run.retry",
        /// Wire `customer.*`: every customer event.
        CustomerAll = "customer.*",
        /// Wire `customer.created`: a customer was created.
        CustomerCreated = "customer.created",
        /// Wire `customer.changed`: a customer changed.
        CustomerChanged = "customer.changed",
        /// Wire `payment.*`: every one-off payment event.
        PaymentAll = "payment.*",
        /// Wire `payment.created`: a one-off payment was created.
        PaymentCreated = "payment.created",
        /// Wire `payment.changed`: a one-off payment changed state (settled or failed).
        PaymentChanged = "payment.changed",
        /// Wire `payment.retry`: a retry of a one-off payment is pending.
        PaymentRetry = "payment.retry",
        /// Wire `checkout.*`: every checkout event.
        CheckoutAll = "checkout.*",
        /// Wire `checkout.created`: a checkout was created.
        CheckoutCreated = "checkout.created",
        /// Wire `checkout.changed`: a checkout changed.
        CheckoutChanged = "checkout.changed",
    }
}

impl EventType {
    /// `true` for a wildcard (`payment.*`): valid for a registration, never the name of a
    /// delivered event.
    pub fn is_wildcard(&self) -> bool {
        self.as_str().ends_with(".*")
    }
}

/// Wire `Webhook`: a registered webhook. Its [`hmac_secret`](Self::hmac_secret) and
/// [`hmac_digest`](Self::hmac_digest) are what a
/// [`WebhookVerifier`](crate::webhook::WebhookVerifier) needs.
///
/// Only [`id`](Self::id), the registration's key, is required. `Debug` never shows the secret.
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct Webhook {
    /// Wire `id`: the webhook's id, used in paths.
    pub id: i64,
    /// Wire `uuid`: the webhook's UUID.
    #[serde(default)]
    pub uuid: Option<String>,
    /// Wire `event`: the event name or wildcard it is registered for.
    #[serde(default)]
    pub event: Option<EventType>,
    /// Wire `url`: where Askell posts the events.
    #[serde(default)]
    pub url: Option<String>,
    /// Wire `hmac_digest`: the hash of the `Hook-HMAC` signature, e.g. `SHA512` (the default).
    #[serde(default)]
    pub hmac_digest: Option<String>,
    /// Wire `hmac_secret`: the key of the `Hook-HMAC` signature (any UTF-8 text). A secret.
    #[serde(default, deserialize_with = "secret_option")]
    pub hmac_secret: Option<SecretString>,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("id", &self.id)
            .field("uuid", &self.uuid)
            .field("event", &self.event)
            .field("url", &self.url)
            .field("hmac_digest", &self.hmac_digest)
            .field(
                "hmac_secret",
                &payments_core::secret::redact_option(self.hmac_secret.as_ref()),
            )
            .finish()
    }
}

fn secret_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(SecretString::from))
}
