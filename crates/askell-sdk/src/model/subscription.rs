//! Wire types: v1 (plan) subscription, its billing logs, and the answers of the subscription
//! actions.
//!
//! Spelling: the boolean field is `cancelled` (two `l`), the action state is `canceled` (one).

use std::fmt;

use payments_core::Decimal;
use payments_core::secret::{ExposeSecret, SecretString, redact_option};
use serde::{Deserialize, Deserializer, Serializer};
use time::OffsetDateTime;

use crate::model::customer::Customer;
use crate::model::plan::Plan;
use crate::model::transaction::Transaction;
use payments_core::string_enum;

/// A v1 subscription of a customer to a plan (v1 `Subscription` schema; also reads the
/// `SubscriptionNoBillingLog` shape, whose `customer` is a whole object and which has no
/// `plan` or `billing_logs`).
///
/// `Debug` never shows the payment-method [`token`](Self::token).
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct Subscription {
    /// Wire `id`: the subscription's id, used in the subscription paths.
    pub id: i64,
    /// Wire `trial_end`: when the trial ends (read-only).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub trial_end: Option<OffsetDateTime>,
    /// Wire `start_date`: when the subscription starts.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub start_date: Option<OffsetDateTime>,
    /// Wire `ended_at`: when the subscription ended (read-only).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub ended_at: Option<OffsetDateTime>,
    /// Wire `active_until`: the end of the paid-up period (read-only).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub active_until: Option<OffsetDateTime>,
    /// Wire `reference`: your reference of the subscription, e.g. `REF-12345`.
    pub reference: String,
    /// Wire `description`: an internal note.
    #[serde(default)]
    pub description: Option<String>,
    /// Wire `is_on_trial`: whether the subscription is in its trial period.
    pub is_on_trial: bool,
    /// Wire `active`: whether the subscription is active.
    pub active: bool,
    /// Wire `cancelled` (two `l`): whether the subscription has been cancelled.
    pub cancelled: bool,
    /// Wire `cancel_date`: when it was cancelled.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub cancel_date: Option<OffsetDateTime>,
    /// Wire `meta`: free metadata. The spec types it as JSON *text*; it may arrive as a string
    /// or as an object and is kept as sent (see [`meta_json`](Self::meta_json)).
    #[serde(default)]
    pub meta: Option<serde_json::Value>,
    /// Wire `token`: the token of the payment method charged (32 hex characters). A secret.
    #[serde(default, deserialize_with = "deserialize_optional_secret")]
    pub token: Option<SecretString>,
    /// Wire `customer`: the customer's id, or (in the `SubscriptionNoBillingLog` shape) the
    /// customer itself.
    pub customer: SubscriptionCustomer,
    /// Wire `plan`: the plan subscribed to (absent in the `SubscriptionNoBillingLog` shape).
    #[serde(default)]
    pub plan: Option<SubscriptionPlan>,
    /// Wire `billing_logs`: one entry per trial or renewal billed (read-only; absent is read as
    /// none).
    #[serde(default)]
    pub billing_logs: Vec<BillingLog>,
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .field("trial_end", &self.trial_end)
            .field("start_date", &self.start_date)
            .field("ended_at", &self.ended_at)
            .field("active_until", &self.active_until)
            .field("reference", &self.reference)
            .field("description", &self.description)
            .field("is_on_trial", &self.is_on_trial)
            .field("active", &self.active)
            .field("cancelled", &self.cancelled)
            .field("cancel_date", &self.cancel_date)
            .field("meta", &self.meta)
            .field("token", &redact_option(self.token.as_ref()))
            .field("customer", &self.customer)
            .field("plan", &self.plan)
            .field("billing_logs", &self.billing_logs)
            .finish()
    }
}

impl Subscription {
    /// The `meta` value as JSON: a string holding JSON text is parsed, an object is returned as
    /// is; `None` when absent, `null`, or a string that is not JSON.
    pub fn meta_json(&self) -> Option<serde_json::Value> {
        match self.meta.as_ref()? {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => serde_json::from_str(text).ok(),
            other => Some(other.clone()),
        }
    }

    /// The id of the plan, whichever shape `plan` arrived in.
    pub fn plan_id(&self) -> Option<i64> {
        self.plan.as_ref().map(SubscriptionPlan::id)
    }

    /// The latest billing log by `billing_date`, if any.
    pub fn latest_billing_log(&self) -> Option<&BillingLog> {
        self.billing_logs.iter().max_by_key(|l| l.billing_date)
    }
}

/// The `customer` of a [`Subscription`]: an id in the `Subscription` shape, the whole
/// [`Customer`] in the `SubscriptionNoBillingLog` shape.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SubscriptionCustomer {
    /// The customer's numeric id.
    Id(i64),
    /// The customer itself.
    Customer(Box<Customer>),
}

impl SubscriptionCustomer {
    /// The customer's numeric id, whichever shape it arrived in.
    pub fn id(&self) -> i64 {
        match self {
            Self::Id(id) => *id,
            Self::Customer(c) => c.id,
        }
    }
}

/// The `plan` of a [`Subscription`]: the whole [`Plan`] in full answers; a bare id is also
/// read (as a `light` list may send it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SubscriptionPlan {
    /// The plan itself.
    Plan(Box<Plan>),
    /// The plan's id only.
    Id(i64),
}

impl SubscriptionPlan {
    /// The plan's id, whichever shape it arrived in.
    pub fn id(&self) -> i64 {
        match self {
            Self::Plan(p) => p.id,
            Self::Id(id) => *id,
        }
    }
}

/// One billing of a subscription (v1 `BillingLog` schema): a trial period or a renewal.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct BillingLog {
    /// Wire `id`: the billing log's id.
    pub id: i64,
    /// Wire `billing_log_type`: `trial` or `renewal`.
    pub billing_log_type: BillingLogType,
    /// Wire `billing_date`: when the period was billed.
    #[serde(with = "time::serde::rfc3339")]
    pub billing_date: OffsetDateTime,
    /// Wire `plan_billed_up_to`: the end of the period this billing pays for.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub plan_billed_up_to: Option<OffsetDateTime>,
    /// Wire `total`: the amount billed as Askell writes it, e.g. `"6.99"`; `None` (`null`) when
    /// nothing was charged (a trial).
    #[serde(default)]
    pub total: Option<Decimal>,
    /// Wire `transaction`: the charge attempt, when there was one.
    #[serde(default)]
    pub transaction: Option<Transaction>,
}

string_enum! {
    /// The kind of a [`BillingLog`] (wire `billing_log_type`).
    pub enum BillingLogType {
        /// `trial`: a free trial period.
        Trial = "trial",
        /// `renewal`: a paid period.
        Renewal = "renewal",
    }
}

string_enum! {
    /// The state of a subscription after an action (wire `state` of the cancel, activate and
    /// set-expiry answers).
    pub enum SubscriptionState {
        /// `active`.
        Active = "active",
        /// `canceled` (one `l`; `cancelled` is read too).
        Canceled = "canceled" | "cancelled",
    }
}

/// The answer of cancel (`201 {"state":"canceled"}`), activate and set-expiry
/// (`200 {"state":"active"}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SubscriptionActionResult {
    /// Wire `state`: the subscription's state after the action.
    pub state: SubscriptionState,
}

/// The answer of `POST /subscriptions/multi/` (v1 `inline_response_201`): the customer
/// created and its subscriptions.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct SubscriptionsCreated {
    /// Wire `customer`: the customer created.
    pub customer: Customer,
    /// Wire `subscriptions`: the subscriptions created.
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
}

/// Reads an optional string into an optional secret.
pub(crate) fn deserialize_optional_secret<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<SecretString>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(SecretString::from))
}

/// Writes a secret as a plain JSON string (only into a request body).
pub(crate) fn serialize_secret<S: Serializer>(
    secret: &SecretString,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose_secret())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_reads_as_text_or_object_and_token_never_shows() {
        let s: Subscription = serde_json::from_str(
            r#"{"id":1,"reference":"R","is_on_trial":false,"active":true,"cancelled":false,
                "meta":"{\"a\":1}","token":"637302f0412e2e11adc0ba21adafcf11","customer":5,
                "plan":3,"trial_end":null}"#,
        )
        .unwrap();
        assert_eq!(s.meta_json(), Some(serde_json::json!({"a": 1})));
        assert_eq!(s.plan_id(), Some(3));
        assert_eq!(s.customer.id(), 5);
        assert_eq!(
            s.token.as_ref().map(ExposeSecret::expose_secret),
            Some("637302f0412e2e11adc0ba21adafcf11")
        );
        assert!(!format!("{s:?}").contains("637302f0"));
        let o: Subscription = serde_json::from_str(
            r#"{"id":1,"reference":"R","is_on_trial":false,"active":true,"cancelled":true,
                "meta":{"b":2},"customer":{"id":9,"customer_reference":"c","email":"e",
                "first_name":"f","last_name":"l"}}"#,
        )
        .unwrap();
        assert_eq!(o.meta_json(), Some(serde_json::json!({"b": 2})));
        assert_eq!(o.customer.id(), 9);
        assert_eq!(o.plan_id(), None);
        assert!(o.billing_logs.is_empty());
    }
}
