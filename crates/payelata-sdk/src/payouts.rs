//! Payout invoices: `POST /payout-invoices` and `GET /payout-invoices/{id}`.

use std::collections::BTreeMap;
use std::fmt;

use payments_core::secret::Redacted;
use payments_core::validate::path_segment;
use payments_core::{Decimal, ExposeSecret, Request, SecretString};
use serde::{Serialize, Serializer};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::jsonapi::{self, Resource};
use crate::model::payout_invoice::PayoutInvoice;
use crate::payment_invoices::check_currency;

/// A new payout invoice (`type: payout-invoices`): `amount` in `currency` through the payout
/// `service`, to the recipient described by `fields` (the service's keys, from its
/// payout-prerequest, e.g. `card_number`).
///
/// The docs show the attributes without their envelope; this SDK wraps them like every other
/// request (unconfirmed). Customer data, expiry, attempts and partial processing exist in the
/// dashboard, but their API names are unconfirmed, so they are not offered.
///
/// ```
/// use payelata_sdk::{CreatePayoutInvoice, SecretString, dec};
/// let payout = CreatePayoutInvoice::new("PAYOUT-1", dec!(150), "UAH", "payment_card_uah")
///     .secret_field("card_number", SecretString::from("5404000000000001"))
///     .description("Withdrawal");
/// assert!(!format!("{payout:?}").contains("5404"));
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct CreatePayoutInvoice {
    reference_id: String,
    #[serde(serialize_with = "payments_core::amount::json_number::serialize")]
    amount: Decimal,
    currency: String,
    service: String,
    fields: BTreeMap<String, FieldValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_mode: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    callback_url: Option<String>,
}

/// One value of a payout's `fields`: plain, or a secret (a card number).
#[derive(Clone)]
enum FieldValue {
    Plain(String),
    Secret(SecretString),
}

impl fmt::Debug for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Plain(v) => v.fmt(f),
            Self::Secret(_) => Redacted.fmt(f),
        }
    }
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Plain(v) => v.serialize(s),
            Self::Secret(v) => v.expose_secret().serialize(s),
        }
    }
}

impl CreatePayoutInvoice {
    /// A payout of `amount` (major units) in `currency` through `service`, with the
    /// merchant's own unique `reference_id`. Add the recipient with [`field`](Self::field) /
    /// [`secret_field`](Self::secret_field): at least one is required.
    pub fn new(
        reference_id: impl Into<String>,
        amount: Decimal,
        currency: impl Into<String>,
        service: impl Into<String>,
    ) -> Self {
        Self {
            reference_id: reference_id.into(),
            amount,
            currency: currency.into(),
            service: service.into(),
            fields: BTreeMap::new(),
            test_mode: None,
            description: None,
            callback_url: None,
        }
    }

    /// Adds the recipient detail `key` (e.g. `test_details_payout_status` on the test service).
    pub fn field(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields
            .insert(key.into(), FieldValue::Plain(value.into()));
        self
    }

    /// Adds a recipient detail that is a secret (`card_number`): sent, never shown by `Debug`,
    /// masked in every error body.
    pub fn secret_field(mut self, key: impl Into<String>, value: SecretString) -> Self {
        self.fields.insert(key.into(), FieldValue::Secret(value));
        self
    }

    /// `test_mode`.
    pub fn test_mode(mut self, test_mode: bool) -> Self {
        self.test_mode = Some(test_mode);
        self
    }

    /// `description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// `callback_url` (name unconfirmed for payouts).
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }

    fn validate(&self) -> Result<()> {
        if self.reference_id.trim().is_empty() {
            return Err(Error::invalid("reference_id", "is empty"));
        }
        if self.amount <= Decimal::ZERO {
            return Err(Error::invalid("amount", "must be positive"));
        }
        check_currency(&self.currency)?;
        if self.service.trim().is_empty() {
            return Err(Error::invalid("service", "is empty"));
        }
        if self.fields.is_empty() {
            return Err(Error::invalid(
                "fields",
                "are required: the recipient's details",
            ));
        }
        Ok(())
    }
}

impl Client {
    /// `POST /payout-invoices`: creates a payout invoice.
    ///
    /// Never retried. There is no documented way to find a payout by `reference_id`, so an
    /// unknown outcome (timeout, 5xx, 429 "duplicate request") names no status query: settle it
    /// with the payout callback or the dashboard before sending it again with the same
    /// `reference_id`.
    ///
    /// ```no_run
    /// # async fn run(client: payelata_sdk::Client) -> payelata_sdk::Result<()> {
    /// use payelata_sdk::{CreatePayoutInvoice, SecretString, dec};
    /// let payout = client
    ///     .create_payout_invoice(
    ///         &CreatePayoutInvoice::new("PAYOUT-1", dec!(150), "UAH", "payment_card_uah")
    ///             .secret_field("card_number", SecretString::from("5404000000000001")),
    ///     )
    ///     .await?;
    /// println!("{} is {:?}", payout.id, payout.attributes.status);
    /// # Ok(()) }
    /// ```
    pub async fn create_payout_invoice(
        &self,
        payout: &CreatePayoutInvoice,
    ) -> Result<Resource<PayoutInvoice>> {
        payout.validate()?;
        let mut request = Request::post("/payout-invoices")
            .operation("create_payout_invoice")
            .json(&jsonapi::document("payout-invoices", payout))?;
        for value in payout.fields.values() {
            if let FieldValue::Secret(s) = value {
                request = request.secret(s);
            }
        }
        self.write(request, None).await
    }

    /// `GET /payout-invoices/{id}`: one payout invoice (the endpoint is unconfirmed: it mirrors
    /// the payment invoice's).
    ///
    /// ```no_run
    /// # async fn run(client: payelata_sdk::Client) -> payelata_sdk::Result<()> {
    /// let payout = client.payout_invoice("cpoi_1").await?;
    /// println!("{:?}", payout.attributes.status);
    /// # Ok(()) }
    /// ```
    pub async fn payout_invoice(&self, id: &str) -> Result<Resource<PayoutInvoice>> {
        if id.trim().is_empty() {
            return Err(Error::invalid("id", "is empty"));
        }
        let request = Request::get(format!("/payout-invoices/{}", path_segment(id)))
            .operation("payout_invoice");
        self.read(request).await
    }
}
