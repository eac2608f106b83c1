//! Products of an order (fiscalization), sent with payments and captures.

use payments_core::{Decimal, InvalidRequest};
use serde::Serialize;

use super::enums::PriceType;

/// One product line of an order (`products[]`). The docs leave requiredness open; the fields
/// every known integration sends are constructor arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    /// `id`: the merchant's product id.
    pub(crate) id: String,
    /// `name`: product name.
    pub(crate) name: String,
    /// `currency`: ISO 4217 code.
    pub(crate) currency: String,
    /// `amount`: price in major units (JSON number).
    #[serde(with = "payments_core::amount::json_number")]
    pub(crate) amount: Decimal,
    /// `qty`: quantity.
    pub(crate) qty: u32,
    /// `url`: product page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    /// `category`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) category: Option<String>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    /// `price_type`: `VAT` or `NET`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) price_type: Option<PriceType>,
    /// `vat`: VAT rate or amount (JSON number).
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "payments_core::amount::json_number_option"
    )]
    pub(crate) vat: Option<Decimal>,
    /// `payload`: free merchant data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) payload: Option<String>,
}

impl Product {
    /// A product `id`/`name` costing `amount` (major units, at most 2 decimals) in `currency`,
    /// `qty` times.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        currency: impl Into<String>,
        amount: Decimal,
        qty: u32,
    ) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            currency: currency.into(),
            amount,
            qty,
            url: None,
            category: None,
            description: None,
            price_type: None,
            vat: None,
            payload: None,
        }
    }

    /// `url`: the product page.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// `category`.
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }

    /// `description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// `price_type`: whether `amount` includes VAT.
    pub fn price_type(mut self, price_type: PriceType) -> Self {
        self.price_type = Some(price_type);
        self
    }

    /// `vat`.
    pub fn vat(mut self, vat: Decimal) -> Self {
        self.vat = Some(vat);
        self
    }

    /// `payload`: free merchant data.
    pub fn payload(mut self, payload: impl Into<String>) -> Self {
        self.payload = Some(payload.into());
        self
    }

    pub(crate) fn validate(&self, index: usize) -> Result<(), InvalidRequest> {
        let field = |name: &str| format!("products[{index}].{name}");
        crate::validate::currency(field("currency"), &self.currency)?;
        crate::validate::amount(field("amount"), self.amount)?;
        if self.qty == 0 {
            return Err(InvalidRequest::new(field("qty"), "must be at least 1"));
        }
        Ok(())
    }
}
