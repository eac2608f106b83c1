//! Wire types: customer.
//!
//! Askell addresses a customer by **your** reference (`customer_reference`), not by its numeric
//! `id`. A customer holds the payment methods (cards) attached to it.

use serde::Deserialize;
use time::OffsetDateTime;

/// A customer (v1 `Customer` schema): the fields of `CustomerCreate` plus `id` and the payment
/// methods.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Customer {
    /// Wire `id`: Askell's numeric id of the customer.
    pub id: i64,
    /// Wire `customer_reference`: your own id of the customer (at most 256 characters), unique
    /// in the account and used in paths.
    pub customer_reference: String,
    /// Wire `email`: the customer's e-mail address (at most 254 characters).
    pub email: String,
    /// Wire `first_name`: first name (at most 128 characters).
    pub first_name: String,
    /// Wire `last_name`: last name (at most 128 characters).
    pub last_name: String,
    /// Wire `phone`: phone number, e.g. `+3545551234` (at most 32 characters); absent or `null`
    /// when not given.
    #[serde(default)]
    pub phone: Option<String>,
    /// Wire `payment_method`: the payment methods attached to the customer (absent is read as
    /// none).
    #[serde(default, rename = "payment_method")]
    pub payment_methods: Vec<CustomerPaymentMethod>,
}

/// A payment method attached to a customer (v1 `PaymentMethod` schema): a card, shown masked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CustomerPaymentMethod {
    /// Wire `verified`: whether the method has been verified (3-D Secure done).
    pub verified: bool,
    /// Wire `canceled`: whether the method has been cancelled (one `l`).
    pub canceled: bool,
    /// Wire `valid_until`: the card's expiry, e.g. `2022-11-01T00:00:00Z`.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub valid_until: Option<OffsetDateTime>,
    /// Wire `display_info`: the masked card for display, e.g.
    /// `XXXX-XXXX-XXXX-2887 (MasterCard)`.
    #[serde(default)]
    pub display_info: Option<String>,
}

impl Customer {
    /// The payment methods that can be charged now: verified and not cancelled.
    pub fn usable_payment_methods(&self) -> impl Iterator<Item = &CustomerPaymentMethod> {
        self.payment_methods
            .iter()
            .filter(|m| m.verified && !m.canceled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_without_phone_or_methods_reads() {
        let c: Customer = serde_json::from_str(
            r#"{"id":7,"customer_reference":"r","email":"a@b.is","first_name":"Jón","last_name":"Jónsson","phone":null,"extra":1}"#,
        )
        .unwrap();
        assert_eq!(c.phone, None);
        assert!(c.payment_methods.is_empty());
        assert_eq!(c.usable_payment_methods().count(), 0);
    }
}
