//! Wire types: customer.
//!
//! Askell addresses a customer by **your** reference (`customer_reference`), not by its numeric
//! `id`. A customer holds the payment methods (cards) attached to it.

use payments_core::Lenient;
use serde::Deserialize;

use crate::model::Timestamp;

/// A customer (v1 `Customer` schema): the fields of `CustomerCreate` plus `id` and the payment
/// methods.
///
/// Its keys, [`id`](Self::id) and [`customer_reference`](Self::customer_reference), are
/// required; every other member reads `null` or absent as `None` (or empty).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Customer {
    /// Wire `id`: Askell's numeric id of the customer.
    pub id: i64,
    /// Wire `customer_reference`: your own id of the customer (at most 256 characters), unique
    /// in the account and used in paths.
    pub customer_reference: String,
    /// Wire `email`: the customer's e-mail address (at most 254 characters).
    #[serde(default)]
    pub email: Option<String>,
    /// Wire `first_name`: first name (at most 128 characters).
    #[serde(default)]
    pub first_name: Option<String>,
    /// Wire `last_name`: last name (at most 128 characters).
    #[serde(default)]
    pub last_name: Option<String>,
    /// Wire `phone`: phone number, e.g. `+3545551234` (at most 32 characters).
    #[serde(default)]
    pub phone: Option<String>,
    /// Wire `payment_method`: the payment methods attached to the customer (`null` or absent
    /// reads as none).
    #[serde(
        default,
        rename = "payment_method",
        with = "serde_with::As::<serde_with::DefaultOnNull>"
    )]
    pub payment_methods: Vec<CustomerPaymentMethod>,
}

/// A payment method attached to a customer (v1 `PaymentMethod` schema): a card, shown masked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CustomerPaymentMethod {
    /// Wire `verified`: whether the method has been verified (3-D Secure done).
    #[serde(default)]
    pub verified: Option<bool>,
    /// Wire `canceled`: whether the method has been cancelled (one `l`).
    #[serde(default)]
    pub canceled: Option<bool>,
    /// Wire `valid_until`: the card's expiry, e.g. `2022-11-01T00:00:00Z`; kept as sent if not
    /// RFC 3339.
    #[serde(default)]
    pub valid_until: Option<Lenient<Timestamp>>,
    /// Wire `display_info`: the masked card for display, e.g.
    /// `XXXX-XXXX-XXXX-2887 (MasterCard)`.
    #[serde(default)]
    pub display_info: Option<String>,
}

impl CustomerPaymentMethod {
    /// `true` when the method is known to be verified and not known to be cancelled.
    pub fn is_usable(&self) -> bool {
        self.verified == Some(true) && self.canceled != Some(true)
    }
}

impl Customer {
    /// The payment methods that can be charged now: verified and not cancelled.
    pub fn usable_payment_methods(&self) -> impl Iterator<Item = &CustomerPaymentMethod> {
        self.payment_methods.iter().filter(|m| m.is_usable())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_without_phone_or_methods_reads() {
        let c: Customer = serde_json::from_str(
            r#"{"id":7,"customer_reference":"r","email":"a@b.is","first_name":"Jón","last_name":"Jónsson","phone":null,"payment_method":null,"extra":1}"#,
        )
        .unwrap();
        assert_eq!(c.phone, None);
        assert!(c.payment_methods.is_empty());
        assert_eq!(c.usable_payment_methods().count(), 0);
    }
}
