//! The customer resource (`type: customers`, id `cus_...`), as callbacks may include it, and
//! the address shared with requests.

use std::collections::BTreeMap;

use payments_core::Lenient;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::jsonapi::Attributes;
use crate::wire::{PhpObject, UnixSeconds};

/// The attributes of an included customer (`type: customers`). The layout is unconfirmed: it
/// mirrors the request's `customer` object.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Customer {
    /// Wire `reference_id`: the merchant's id of the customer.
    pub reference_id: Option<String>,
    /// Wire `name`.
    pub name: Option<String>,
    /// Wire `email`.
    pub email: Option<String>,
    /// Wire `phone`.
    pub phone: Option<String>,
    /// Wire `metadata` (also read as `meta_data`, the seed's spelling); `[]` reads as empty.
    #[serde(
        alias = "meta_data",
        deserialize_with = "serde_with::As::<PhpObject>::deserialize"
    )]
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Wire `address`.
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub address: Option<Address>,
    /// Wire `created` (unix seconds).
    #[serde(deserialize_with = "serde_with::As::<Option<UnixSeconds>>::deserialize")]
    pub created: Option<Lenient<OffsetDateTime>>,
    /// Every attribute this SDK does not model, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Attributes for Customer {
    const TYPE: &'static str = "customers";
}

/// A customer's address (wire `customer.address`; the fields are GatewayPay's, unconfirmed for
/// Payelata). Written only with the fields that are set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Address {
    /// Wire `country`: ISO 3166-1 alpha-2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Wire `region`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Wire `city`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Wire `street`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Wire `full_address`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_address: Option<String>,
    /// Wire `post_code`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_code: Option<String>,
}

impl Address {
    /// An empty address; set the fields you have.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `country` (alpha-2).
    pub fn country(mut self, country: impl Into<String>) -> Self {
        self.country = Some(country.into());
        self
    }

    /// Sets `region`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets `city`.
    pub fn city(mut self, city: impl Into<String>) -> Self {
        self.city = Some(city.into());
        self
    }

    /// Sets `street`.
    pub fn street(mut self, street: impl Into<String>) -> Self {
        self.street = Some(street.into());
        self
    }

    /// Sets `full_address`.
    pub fn full_address(mut self, full_address: impl Into<String>) -> Self {
        self.full_address = Some(full_address.into());
        self
    }

    /// Sets `post_code`.
    pub fn post_code(mut self, post_code: impl Into<String>) -> Self {
        self.post_code = Some(post_code.into());
        self
    }
}
