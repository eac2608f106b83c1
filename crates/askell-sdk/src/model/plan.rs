//! Wire types: plan (what a v1 subscription bills, and how often).

use payments_core::{Decimal, Lenient, string_enum};
use serde::Deserialize;

/// A plan (v1 `Plan` schema).
///
/// Only [`id`](Self::id), the plan's key, is required; every other member reads `null` or
/// absent as `None`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// Wire `id`: the plan's id, used as `plan` when subscribing.
    pub id: i64,
    /// Wire `name`: the plan's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Wire `alternative_name`: a longer or more descriptive name.
    #[serde(default)]
    pub alternative_name: Option<String>,
    /// Wire `reference`: your reference of the plan, e.g. `SKU-1`.
    #[serde(default)]
    pub reference: Option<String>,
    /// Wire `interval`: the unit of the billing period.
    #[serde(default)]
    pub interval: Option<PlanInterval>,
    /// Wire `interval_count`: how many `interval`s one billing period lasts.
    #[serde(default)]
    pub interval_count: Option<u32>,
    /// Wire `amount`: the price per period as Askell writes it, e.g. `"1.0000"` (a decimal
    /// string; the scale is kept).
    #[serde(default)]
    pub amount: Option<Decimal>,
    /// Wire `currency`: ISO 4217 code, e.g. `ISK`, `USD`.
    #[serde(default)]
    pub currency: Option<String>,
    /// Wire `trial_period_days`: days of free trial before the first charge.
    #[serde(default)]
    pub trial_period_days: Option<u32>,
    /// Wire `description`: a longer description.
    #[serde(default)]
    pub description: Option<String>,
    /// Wire `enabled`: whether new subscriptions to the plan are possible.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Wire `private`: whether the plan is hidden from public listings.
    #[serde(default)]
    pub private: Option<bool>,
    /// Wire `electronic_only`: whether the plan can only be paid electronically (card).
    #[serde(default)]
    pub electronic_only: Option<bool>,
    /// Wire `payment_processor`: the processor that charges this plan, if one is set.
    #[serde(default)]
    pub payment_processor: Option<PlanPaymentProcessor>,
}

/// The payment processor of a [`Plan`] (the `payment_processor` object).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PlanPaymentProcessor {
    /// Wire `id`: the processor's id in the account (a related id: kept as sent when it is not
    /// an integer).
    #[serde(default)]
    pub id: Option<Lenient<i64>>,
    /// Wire `name`: its name, e.g. `Adyen processor`.
    #[serde(default)]
    pub name: Option<String>,
    /// Wire `type`: its kind, e.g. `adyen`, `saltpay`, `valitor` (an open set).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

string_enum! {
    /// The unit of a plan's billing period (wire `interval`).
    pub enum PlanInterval {
        /// `day`.
        Day = "day",
        /// `week`.
        Week = "week",
        /// `month`.
        Month = "month",
        /// `year`.
        Year = "year",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_reads_with_an_unknown_interval_and_keeps_the_amount_scale() {
        let plan: Plan = serde_json::from_str(
            r#"{"id":1,"name":"N","reference":"SKU-1","interval":"fortnight","interval_count":1,"amount":"1.0000","currency":"ISK","enabled":true,"private":false,"electronic_only":true,"new_field":[]}"#,
        )
        .unwrap();
        assert_eq!(
            plan.amount.map(|a| a.to_string()).as_deref(),
            Some("1.0000")
        );
        assert_eq!(
            plan.interval,
            Some(PlanInterval::Unknown("fortnight".into()))
        );
        assert_eq!(plan.payment_processor, None);
    }
}
