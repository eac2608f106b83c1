//! Refunds in the new refund model: `POST /payment-invoices/{id}/refund`.

use payments_core::validate::path_segment;
use payments_core::{Decimal, Request, Resolution};
use serde::Serialize;
use serde::de::Deserializer;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::jsonapi::{self, Attributes, Resource, ResourceKind};
use crate::model::payment_invoice::PaymentInvoice;
use crate::model::refund::Refund;

/// A refund of (part of) a payment invoice: `type: refund` with `invoiceId`, `amount` and
/// `reference_id`.
///
/// `reference_id` is a constructor argument: the docs list it as optional, but a refund without
/// it is answered 422. Partial refunds may follow one another until nothing remains.
///
/// ```
/// use payelata_sdk::{CreateRefund, dec};
/// let refund = CreateRefund::new("REFUND-1", dec!(10)).description("damaged mug");
/// # let _ = refund;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateRefund {
    reference_id: String,
    amount: Decimal,
    description: Option<String>,
}

/// The refund attributes as sent (the invoice id joins them).
#[derive(Serialize)]
struct RefundAttributes<'a> {
    #[serde(rename = "invoiceId")]
    invoice_id: &'a str,
    #[serde(serialize_with = "payments_core::amount::json_number::serialize")]
    amount: Decimal,
    reference_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

impl CreateRefund {
    /// A refund of `amount` (major units) with the merchant's own unique `reference_id`.
    pub fn new(reference_id: impl Into<String>, amount: Decimal) -> Self {
        Self {
            reference_id: reference_id.into(),
            amount,
            description: None,
        }
    }

    /// `description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The amount to refund.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    fn validate(&self) -> Result<()> {
        if self.reference_id.trim().is_empty() {
            return Err(Error::invalid(
                "reference_id",
                "is empty (Payelata answers a refund without one with 422)",
            ));
        }
        if self.amount <= Decimal::ZERO {
            return Err(Error::invalid("amount", "must be positive"));
        }
        Ok(())
    }
}

/// What a refund call answered: the new model's refund, or, on white-labels that run the
/// older refund model, the invoice itself (then `status: refunded` or `refunding`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum RefundOutcome {
    /// A `refunds` resource (`ref_...`): the new refund model.
    Refund(Resource<Refund>),
    /// A `payment-invoices` resource: the older refund model answers with the invoice.
    Invoice(Resource<PaymentInvoice>),
}

impl RefundOutcome {
    /// The refund, when the answer was one.
    pub fn refund(&self) -> Option<&Resource<Refund>> {
        match self {
            Self::Refund(r) => Some(r),
            Self::Invoice(_) => None,
        }
    }

    /// The invoice, when the answer was one.
    pub fn invoice(&self) -> Option<&Resource<PaymentInvoice>> {
        match self {
            Self::Invoice(i) => Some(i),
            Self::Refund(_) => None,
        }
    }
}

/// The attributes of either answer, chosen by `type`.
enum RefundAnswer {
    Refund(Refund),
    Invoice(PaymentInvoice),
}

impl ResourceKind for RefundAnswer {
    fn expected() -> String {
        format!(
            "{} or {}",
            <Refund as ResourceKind>::expected(),
            <PaymentInvoice as ResourceKind>::expected()
        )
    }

    fn accepts(kind: &str) -> bool {
        <Refund as ResourceKind>::accepts(kind) || kind == PaymentInvoice::TYPE
    }

    fn deserialize_attributes<'de, D: Deserializer<'de>>(
        kind: &str,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        if kind == PaymentInvoice::TYPE {
            serde::Deserialize::deserialize(deserializer).map(Self::Invoice)
        } else {
            serde::Deserialize::deserialize(deserializer).map(Self::Refund)
        }
    }

    fn empty(kind: &str) -> Self {
        if kind == PaymentInvoice::TYPE {
            Self::Invoice(PaymentInvoice::default())
        } else {
            Self::Refund(Refund::default())
        }
    }
}

impl Client {
    /// `POST /payment-invoices/{id}/refund`: refunds `refund.amount` of the invoice `invoice_id`.
    ///
    /// Never retried; an unknown outcome (timeout, 5xx, 429) names
    /// [`payment_invoice`](Self::payment_invoice) to settle it: its `refunded_amount` and
    /// status tell. Use [`refund_payment_invoice_checked`](Self::refund_payment_invoice_checked)
    /// when you hold the invoice, so a refund above what remains fails before sending.
    ///
    /// ```no_run
    /// # async fn run(client: payelata_sdk::Client) -> payelata_sdk::Result<()> {
    /// use payelata_sdk::{CreateRefund, RefundOutcome, dec};
    /// match client
    ///     .refund_payment_invoice("cpi_ADzwZTG99f3q3utQ", &CreateRefund::new("REFUND-1", dec!(10)))
    ///     .await?
    /// {
    ///     RefundOutcome::Refund(r) => println!("refund {} is {:?}", r.id, r.attributes.status),
    ///     RefundOutcome::Invoice(i) => println!("invoice is {:?}", i.attributes.status),
    ///     _ => {}
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn refund_payment_invoice(
        &self,
        invoice_id: &str,
        refund: &CreateRefund,
    ) -> Result<RefundOutcome> {
        if invoice_id.trim().is_empty() {
            return Err(Error::invalid("invoice_id", "is empty"));
        }
        refund.validate()?;
        let attributes = RefundAttributes {
            invoice_id,
            amount: refund.amount,
            reference_id: &refund.reference_id,
            description: refund.description.as_deref(),
        };
        let request = Request::post(format!(
            "/payment-invoices/{}/refund",
            path_segment(invoice_id)
        ))
        .operation("refund_payment_invoice")
        .json(&jsonapi::document("refund", &attributes))?;
        let resolution = Resolution::new("payment_invoice", "id", invoice_id);
        let answer: Resource<RefundAnswer> = self.write(request, Some(resolution)).await?;
        let Resource {
            kind,
            id,
            attributes,
            relationships,
            links,
            meta,
        } = answer;
        Ok(match *attributes {
            RefundAnswer::Refund(attributes) => RefundOutcome::Refund(Resource {
                kind,
                id,
                attributes: Box::new(attributes),
                relationships,
                links,
                meta,
            }),
            RefundAnswer::Invoice(attributes) => RefundOutcome::Invoice(Resource {
                kind,
                id,
                attributes: Box::new(attributes),
                relationships,
                links,
                meta,
            }),
        })
    }

    /// [`refund_payment_invoice`](Self::refund_payment_invoice) of an invoice you fetched (or
    /// got in a callback), checked first against what remains to refund
    /// ([`PaymentInvoice::refundable_amount`]): a refund above it, or of an invoice with nothing
    /// left, fails with [`Error::InvalidRequest`](payments_core::Error::InvalidRequest) and
    /// nothing is sent. Fetch the invoice again before each refund when refunds may run
    /// concurrently.
    ///
    /// ```no_run
    /// # async fn run(client: payelata_sdk::Client) -> payelata_sdk::Result<()> {
    /// use payelata_sdk::{CreateRefund, dec};
    /// let invoice = client.payment_invoice("cpi_ADzwZTG99f3q3utQ").await?;
    /// client
    ///     .refund_payment_invoice_checked(&invoice, &CreateRefund::new("REFUND-2", dec!(25)))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn refund_payment_invoice_checked(
        &self,
        invoice: &Resource<PaymentInvoice>,
        refund: &CreateRefund,
    ) -> Result<RefundOutcome> {
        refund.validate()?;
        let remaining = invoice.attributes.refundable_amount().ok_or_else(|| {
            Error::invalid(
                "invoice",
                "shows no amount, so what remains to refund is unknown",
            )
        })?;
        if refund.amount > remaining {
            return Err(Error::invalid(
                "amount",
                format!(
                    "{} is more than the {remaining} that remains to refund",
                    refund.amount
                ),
            ));
        }
        self.refund_payment_invoice(&invoice.id, refund).await
    }
}
