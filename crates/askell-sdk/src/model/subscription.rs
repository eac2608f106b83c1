//! Wire types: v1 (plan) subscription, its billing logs, and the answers of the subscription
//! actions.
//!
//! Spelling: the boolean field is `cancelled` (two `l`), the action state is `canceled` (one).

use std::fmt;

use payments_core::secret::{ExposeSecret, SecretString, redact_option};
use payments_core::{Decimal, Lenient, string_enum};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serializer};

use crate::model::customer::Customer;
use crate::model::plan::Plan;
use crate::model::transaction::Transaction;
use crate::model::{Timestamp, parsed};

/// A v1 subscription of a customer to a plan (v1 `Subscription` schema; also reads the
/// `SubscriptionNoBillingLog` shape, whose `customer` is a whole object and which has no
/// `plan` or `billing_logs`).
///
/// Only [`id`](Self::id), the subscription's key, is required. `Debug` never shows the
/// payment-method [`token`](Self::token).
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct Subscription {
    /// Wire `id`: the subscription's id, used in the subscription paths.
    pub id: i64,
    /// Wire `trial_end`: when the trial ends (read-only).
    #[serde(default)]
    pub trial_end: Option<Lenient<Timestamp>>,
    /// Wire `start_date`: when the subscription starts.
    #[serde(default)]
    pub start_date: Option<Lenient<Timestamp>>,
    /// Wire `ended_at`: when the subscription ended (read-only).
    #[serde(default)]
    pub ended_at: Option<Lenient<Timestamp>>,
    /// Wire `active_until`: the end of the paid-up period (read-only).
    #[serde(default)]
    pub active_until: Option<Lenient<Timestamp>>,
    /// Wire `reference`: your reference of the subscription, e.g. `REF-12345`.
    #[serde(default)]
    pub reference: Option<String>,
    /// Wire `description`: an internal note.
    #[serde(default)]
    pub description: Option<String>,
    /// Wire `is_on_trial`: whether the subscription is in its trial period.
    #[serde(default)]
    pub is_on_trial: Option<bool>,
    /// Wire `active`: whether the subscription is active.
    #[serde(default)]
    pub active: Option<bool>,
    /// Wire `cancelled` (two `l`): whether the subscription has been cancelled.
    #[serde(default)]
    pub cancelled: Option<bool>,
    /// Wire `cancel_date`: when it was cancelled.
    #[serde(default)]
    pub cancel_date: Option<Lenient<Timestamp>>,
    /// Wire `meta`: free metadata. The spec types it as JSON *text*; it may arrive as a string
    /// or as an object and is kept as sent (see [`meta_json`](Self::meta_json)).
    #[serde(default)]
    pub meta: Option<serde_json::Value>,
    /// Wire `token`: the token of the payment method charged (32 hex characters). A secret.
    #[serde(default, deserialize_with = "deserialize_optional_secret")]
    pub token: Option<SecretString>,
    /// Wire `customer`: the customer's id, or (in the `SubscriptionNoBillingLog` shape) the
    /// customer itself.
    #[serde(default)]
    pub customer: Option<SubscriptionCustomer>,
    /// Wire `plan`: the plan subscribed to, or its id (absent in the
    /// `SubscriptionNoBillingLog` shape).
    #[serde(default)]
    pub plan: Option<SubscriptionPlan>,
    /// Wire `billing_logs`: one entry per trial or renewal billed (read-only; `null` or absent
    /// reads as none).
    #[serde(default, with = "serde_with::As::<serde_with::DefaultOnNull>")]
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
        self.plan.as_ref().and_then(SubscriptionPlan::id)
    }

    /// The id of the customer, whichever shape `customer` arrived in.
    pub fn customer_id(&self) -> Option<i64> {
        self.customer.as_ref().and_then(SubscriptionCustomer::id)
    }

    /// The latest billing log by `billing_date` (logs whose date did not parse come first).
    pub fn latest_billing_log(&self) -> Option<&BillingLog> {
        self.billing_logs
            .iter()
            .max_by_key(|l| parsed(l.billing_date.as_ref()).copied())
    }
}

/// The `customer` of a [`Subscription`]: an id in the `Subscription` shape, the whole
/// [`Customer`] in the `SubscriptionNoBillingLog` shape.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubscriptionCustomer {
    /// The customer's numeric id (a numeric string is read as one too).
    Id(i64),
    /// The customer itself.
    Customer(Box<Customer>),
    /// A value of another shape, kept as its text (a string) or JSON text.
    Raw(String),
}

impl SubscriptionCustomer {
    /// The customer's numeric id, when the shape carries one.
    pub fn id(&self) -> Option<i64> {
        match self {
            Self::Id(id) => Some(*id),
            Self::Customer(c) => Some(c.id),
            Self::Raw(_) => None,
        }
    }
}

/// The `plan` of a [`Subscription`]: the whole [`Plan`] in full answers; a bare id is also
/// read (as a `light` list may send it).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubscriptionPlan {
    /// The plan itself.
    Plan(Box<Plan>),
    /// The plan's id only (a numeric string is read as one too).
    Id(i64),
    /// A value of another shape, kept as its text (a string) or JSON text.
    Raw(String),
}

impl SubscriptionPlan {
    /// The plan's id, when the shape carries one.
    pub fn id(&self) -> Option<i64> {
        match self {
            Self::Plan(p) => Some(p.id),
            Self::Id(id) => Some(*id),
            Self::Raw(_) => None,
        }
    }
}

/// The shapes a related object can take: its id or the object itself; anything else is kept.
enum Related<T> {
    Id(i64),
    Object(T),
    Raw(String),
}

struct RelatedVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for RelatedVisitor<T> {
    type Value = Related<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id or an object")
    }

    fn visit_i64<E>(self, v: i64) -> Result<Related<T>, E> {
        Ok(Related::Id(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Related<T>, E> {
        Ok(i64::try_from(v).map_or_else(|_| Related::Raw(v.to_string()), Related::Id))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Related<T>, E> {
        Ok(Related::Raw(v.to_string()))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Related<T>, E> {
        Ok(Related::Raw(v.to_string()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Related<T>, E> {
        Ok(v.trim()
            .parse()
            .map_or_else(|_| Related::Raw(v.to_owned()), Related::Id))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Related<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Related::Object)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Related<T>, A::Error> {
        let v = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Related::Raw(v.to_string()))
    }
}

fn related<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Related<T>, D::Error> {
    d.deserialize_any(RelatedVisitor(std::marker::PhantomData))
}

impl<'de> Deserialize<'de> for SubscriptionCustomer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match related::<Customer, D>(d)? {
            Related::Id(id) => Self::Id(id),
            Related::Object(c) => Self::Customer(Box::new(c)),
            Related::Raw(s) => Self::Raw(s),
        })
    }
}

impl<'de> Deserialize<'de> for SubscriptionPlan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match related::<Plan, D>(d)? {
            Related::Id(id) => Self::Id(id),
            Related::Object(p) => Self::Plan(Box::new(p)),
            Related::Raw(s) => Self::Raw(s),
        })
    }
}

/// One billing of a subscription (v1 `BillingLog` schema): a trial period or a renewal.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct BillingLog {
    /// Wire `id`: the billing log's id (its key; required).
    pub id: i64,
    /// Wire `billing_log_type`: `trial` or `renewal`.
    #[serde(default)]
    pub billing_log_type: Option<BillingLogType>,
    /// Wire `billing_date`: when the period was billed.
    #[serde(default)]
    pub billing_date: Option<Lenient<Timestamp>>,
    /// Wire `plan_billed_up_to`: the end of the period this billing pays for.
    #[serde(default)]
    pub plan_billed_up_to: Option<Lenient<Timestamp>>,
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
    #[serde(default)]
    pub state: Option<SubscriptionState>,
}

/// The answer of `POST /subscriptions/multi/` (v1 `inline_response_201`): the customer
/// created and its subscriptions.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct SubscriptionsCreated {
    /// Wire `customer`: the customer created.
    #[serde(default)]
    pub customer: Option<Customer>,
    /// Wire `subscriptions`: the subscriptions created (`null` or absent reads as none).
    #[serde(default, with = "serde_with::As::<serde_with::DefaultOnNull>")]
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
        assert_eq!(s.customer_id(), Some(5));
        assert_eq!(
            s.token.as_ref().map(ExposeSecret::expose_secret),
            Some("637302f0412e2e11adc0ba21adafcf11")
        );
        assert!(!format!("{s:?}").contains("637302f0"));
        let o: Subscription = serde_json::from_str(
            r#"{"id":1,"reference":"R","is_on_trial":false,"active":true,"cancelled":true,
                "meta":{"b":2},"customer":{"id":9,"customer_reference":"c","email":"e",
                "first_name":"f","last_name":"l"},"billing_logs":null}"#,
        )
        .unwrap();
        assert_eq!(o.meta_json(), Some(serde_json::json!({"b": 2})));
        assert_eq!(o.customer_id(), Some(9));
        assert_eq!(o.plan_id(), None);
        assert!(o.billing_logs.is_empty());
    }

    #[test]
    fn related_ids_of_another_shape_are_kept() {
        let s: Subscription =
            serde_json::from_str(r#"{"id":1,"customer":"17","plan":"basic"}"#).unwrap();
        assert_eq!(s.customer, Some(SubscriptionCustomer::Id(17)));
        assert_eq!(s.plan, Some(SubscriptionPlan::Raw("basic".into())));
        assert_eq!(s.plan_id(), None);
    }

    #[test]
    fn a_nested_customer_keeps_its_serde_path() {
        let e = payments_core::decode_json::<Subscription>(
            None,
            br#"{"id":1,"customer":{"id":"x","customer_reference":"c"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.path, "customer.id");
    }
}
