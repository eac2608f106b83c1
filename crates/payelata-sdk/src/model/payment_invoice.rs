//! The payment invoice resource (`type: payment-invoices`): create answer, GET, list items and
//! callbacks.

use std::collections::BTreeMap;

use payments_core::{Decimal, Lenient, SecretString};
use time::OffsetDateTime;

use crate::jsonapi::Attributes;
use crate::model::form::{self, FormError, FormMethod};
use crate::model::status::{Flow, InvoiceStatus, PaymentFlow, ResolutionCode};
use crate::object::{Amount, Flag, Nested, PhpMap, Plain, Secret, Text, Unix, Wire, wire_object};

/// The attributes of a payment invoice (`type: payment-invoices`, id `cpi_...`).
///
/// Every field is optional on input (a missing or `null` member reads as `None`), amounts are
/// exact decimals, times are unix seconds read as UTC (a malformed one is kept raw in the
/// [`Lenient`]), and attributes this SDK does not model are kept in [`extra`](Self::extra), as
/// is a modelled attribute whose value does not fit (a boolean for an amount, say): a malformed
/// attribute never fails the decode of the whole invoice. A member sent twice reads as the last.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PaymentInvoice {
    /// Wire `serial_number`: the id without its `cpi_` prefix.
    pub serial_number: Option<String>,
    /// Wire `status`.
    pub status: Option<InvoiceStatus>,
    /// Wire `resolution`: `ok`, or why the payment failed.
    pub resolution: Option<ResolutionCode>,
    /// Wire `moderation_required`: `true` while the operation is held for manual review.
    pub moderation_required: Option<bool>,
    /// Wire `amount`: the amount asked for, in major units.
    pub amount: Option<Decimal>,
    /// Wire `payment_amount`.
    pub payment_amount: Option<Decimal>,
    /// Wire `currency`: ISO 4217.
    pub currency: Option<String>,
    /// Wire `service_currency`: the payment service's currency.
    pub service_currency: Option<String>,
    /// Wire `service_amount`: the amount in the service currency (conversion; unconfirmed for
    /// Payelata).
    pub service_amount: Option<Decimal>,
    /// Wire `payment_service_amount` (conversion; unconfirmed for Payelata).
    pub payment_service_amount: Option<Decimal>,
    /// Wire `exchange_rate` (conversion; unconfirmed for Payelata).
    pub exchange_rate: Option<Decimal>,
    /// Wire `reference_id`: the merchant's own id of the invoice.
    pub reference_id: Option<String>,
    /// Wire `test_mode`.
    pub test_mode: Option<bool>,
    /// Wire `fee`.
    pub fee: Option<Decimal>,
    /// Wire `deposit`: what the merchant is credited after the fee (meaning unconfirmed).
    pub deposit: Option<Decimal>,
    /// Wire `processed`: when it was processed (unix seconds).
    pub processed: Option<Lenient<OffsetDateTime>>,
    /// Wire `processed_amount`: what was actually charged.
    pub processed_amount: Option<Decimal>,
    /// Wire `refunded_amount`: refunded so far.
    pub refunded_amount: Option<Decimal>,
    /// Wire `processed_fee`.
    pub processed_fee: Option<Decimal>,
    /// Wire `processed_deposit`.
    pub processed_deposit: Option<Decimal>,
    /// Wire `metadata`: the merchant's key-value data; `[]` (PHP's empty object) and `null`
    /// read as empty.
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Wire `flow_data`: where to send the payer, and the cardgate session.
    pub flow_data: Option<FlowData>,
    /// Wire `flow`: `hpp`.
    pub flow: Option<Flow>,
    /// Wire `payment_flow`: `charge`.
    pub payment_flow: Option<PaymentFlow>,
    /// Wire `created` (unix seconds).
    pub created: Option<Lenient<OffsetDateTime>>,
    /// Wire `updated` (unix seconds): changes on every change, so it orders callbacks.
    pub updated: Option<Lenient<OffsetDateTime>>,
    /// Wire `payload`: after a tokenised card payment, the card token and the masked card;
    /// `null` and `[]` read as `None`.
    pub payload: Option<Payload>,
    /// Wire `description`.
    pub description: Option<String>,
    /// Wire `descriptor`: the statement text (may be Cyrillic).
    pub descriptor: Option<String>,
    /// Wire `callback_url`.
    pub callback_url: Option<String>,
    /// Wire `return_url`.
    pub return_url: Option<String>,
    /// Wire `original_data` (meaning unconfirmed), as sent.
    pub original_data: Option<serde_json::Value>,
    /// Wire `rrn`: the acquirer's retrieval reference number.
    pub rrn: Option<String>,
    /// Wire `approval_code`: the acquirer's approval code.
    pub approval_code: Option<String>,
    /// Every attribute this SDK does not model, as sent, and any modelled one whose value
    /// does not fit its type (its field is then `None`).
    pub extra: BTreeMap<String, serde_json::Value>,
}

wire_object!(PaymentInvoice, "the attributes of a payment invoice", others: extra {
    serial_number: Text = "serial_number",
    status: Wire<InvoiceStatus> = "status",
    resolution: Wire<ResolutionCode> = "resolution",
    moderation_required: Flag = "moderation_required",
    amount: Amount = "amount",
    payment_amount: Amount = "payment_amount",
    currency: Text = "currency",
    service_currency: Text = "service_currency",
    service_amount: Amount = "service_amount",
    payment_service_amount: Amount = "payment_service_amount",
    exchange_rate: Amount = "exchange_rate",
    reference_id: Text = "reference_id",
    test_mode: Flag = "test_mode",
    fee: Amount = "fee",
    deposit: Amount = "deposit",
    processed: Unix = "processed",
    processed_amount: Amount = "processed_amount",
    refunded_amount: Amount = "refunded_amount",
    processed_fee: Amount = "processed_fee",
    processed_deposit: Amount = "processed_deposit",
    metadata: PhpMap = "metadata",
    flow_data: Nested<FlowData> = "flow_data",
    flow: Wire<Flow> = "flow",
    payment_flow: Wire<PaymentFlow> = "payment_flow",
    created: Unix = "created",
    updated: Unix = "updated",
    payload: Nested<Payload> = "payload",
    description: Text = "description",
    descriptor: Text = "descriptor",
    callback_url: Text = "callback_url",
    return_url: Text = "return_url",
    original_data: Plain<serde_json::Value> = "original_data",
    rrn: Text = "rrn",
    approval_code: Text = "approval_code",
});

impl Attributes for PaymentInvoice {
    const TYPE: &'static str = "payment-invoices";
}

impl PaymentInvoice {
    /// `true` when the status is final ([`InvoiceStatus::is_final`]); `false` without a status.
    pub fn is_final(&self) -> bool {
        self.status.as_ref().is_some_and(InvoiceStatus::is_final)
    }

    /// `true` when the payment went through ([`InvoiceStatus::is_success`]).
    pub fn is_success(&self) -> bool {
        self.status.as_ref().is_some_and(InvoiceStatus::is_success)
    }

    /// The reusable card token (`payload.token`) of a tokenised payment.
    pub fn card_token(&self) -> Option<&SecretString> {
        self.payload.as_ref().and_then(|p| p.token.as_ref())
    }

    /// The masked card (`payload.payment_card`) of a card payment.
    pub fn payment_card(&self) -> Option<&PaymentCard> {
        self.payload.as_ref().and_then(|p| p.payment_card.as_ref())
    }

    /// The cardgate bearer (`flow_data.metadata.token`) for
    /// [`CardgateClient::sale`](crate::CardgateClient::sale).
    pub fn cardgate_token(&self) -> Option<&SecretString> {
        self.flow_data
            .as_ref()
            .and_then(|f| f.metadata.as_ref())
            .and_then(|m| m.token.as_ref())
    }

    /// `updated` as a time, when it read as one.
    pub fn updated_at(&self) -> Option<OffsetDateTime> {
        self.updated.as_ref().and_then(Lenient::parsed).copied()
    }

    /// What may still be refunded: the processed amount (the asked `amount` when a successful
    /// invoice shows none) less `refunded_amount`, never below zero. `Some(0)` for an invoice
    /// that was never paid; `None` when the invoice shows no amount at all.
    pub fn refundable_amount(&self) -> Option<Decimal> {
        let paid = match self.processed_amount {
            Some(p) => p,
            None if self.is_success()
                || self
                    .status
                    .as_ref()
                    .is_some_and(InvoiceStatus::is_refund_stage) =>
            {
                self.amount?
            }
            None if self.status.is_some() => Decimal::ZERO,
            None => return None,
        };
        // Checked: hostile amounts at the edge of what a Decimal holds must not panic.
        let left = paid.checked_sub(self.refunded_amount.unwrap_or(Decimal::ZERO))?;
        Some(left.max(Decimal::ZERO))
    }
}

/// Wire `flow_data`: where to send the payer (`action`, `method`, `params`) and the cardgate
/// session (`metadata`).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct FlowData {
    /// Wire `action`: the URL to send the payer to.
    pub action: Option<String>,
    /// Wire `method`: `GET` or `POST`.
    pub method: Option<FormMethod>,
    /// Wire `params`: the form fields to send along; `[]` reads as none.
    pub params: BTreeMap<String, serde_json::Value>,
    /// Wire `metadata`: the cardgate session (absent in older examples).
    pub metadata: Option<FlowMetadata>,
    /// Every other member, as sent, and any modelled one whose value does not fit its type.
    pub extra: BTreeMap<String, serde_json::Value>,
}

wire_object!(FlowData, "a payment invoice's `flow_data`", others: extra {
    action: Text = "action",
    method: Wire<FormMethod> = "method",
    params: PhpMap = "params",
    metadata: Nested<FlowMetadata> = "metadata",
});

impl FlowData {
    /// The method the payer is sent with: `method` as sent, `GET` when it is missing (a hosted
    /// page's link, as in every example of the docs).
    pub fn effective_method(&self) -> &FormMethod {
        self.method.as_ref().unwrap_or(&FormMethod::Get)
    }

    /// Where to send the payer with a `GET` redirect: `action` with `params` added to its query.
    /// `None` when there is no action or the method is not `GET` (`POST`, or a method this SDK
    /// does not know: use [`html_form`](Self::html_form) then, which posts).
    pub fn redirect_url(&self) -> Option<String> {
        let action = self.action.as_deref()?;
        if !matches!(self.effective_method(), FormMethod::Get) {
            return None;
        }
        if self.params.is_empty() {
            return Some(action.to_owned());
        }
        let pairs: Vec<(&str, String)> = self
            .params
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str(),
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                )
            })
            .collect();
        let query = serde_urlencoded::to_string(&pairs).ok()?;
        let sep = if action.contains('?') { '&' } else { '?' };
        Some(format!("{action}{sep}{query}"))
    }

    /// The auto-submitting HTML page that sends the payer to `action` with `params` (see
    /// [`AuthPayload::html_form`](crate::AuthPayload::html_form) for what is escaped).
    /// The method is [`effective_method`](Self::effective_method): a missing one is `GET`, one
    /// this SDK does not know posts.
    pub fn html_form(&self) -> Result<String, FormError> {
        form::render(
            self.action.as_deref(),
            Some(self.effective_method()),
            &self.params,
            None,
        )
    }

    /// [`html_form`](Self::html_form) with its script tagged with a CSP `nonce`.
    pub fn html_form_with_nonce(&self, nonce: &str) -> Result<String, FormError> {
        form::render(
            self.action.as_deref(),
            Some(self.effective_method()),
            &self.params,
            Some(nonce),
        )
    }
}

/// Wire `flow_data.metadata`: the cardgate session of an invoice.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct FlowMetadata {
    /// Wire `sid`: the cardgate session id, `cgi_...`.
    pub sid: Option<String>,
    /// Wire `token`: the cardgate bearer (a JWT that expires; treat it as an opaque secret).
    pub token: Option<SecretString>,
    /// Every other member, as sent, and any modelled one whose value does not fit its type.
    pub extra: BTreeMap<String, serde_json::Value>,
}

wire_object!(FlowMetadata, "a payment invoice's `flow_data.metadata`", others: extra {
    sid: Text = "sid",
    token: Secret = "token",
});

/// Wire `payload`: what a tokenised card payment leaves behind.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Payload {
    /// Wire `client_ip`: the payer's IP address (may be empty).
    pub client_ip: Option<String>,
    /// Wire `payment_card`: the masked card (absent when callbacks exclude the card object).
    pub payment_card: Option<PaymentCard>,
    /// Wire `token`: the reusable card token, for [`CreatePaymentInvoice::token`](crate::CreatePaymentInvoice::token).
    pub token: Option<SecretString>,
    /// Every other member, as sent, and any modelled one whose value does not fit its type.
    pub extra: BTreeMap<String, serde_json::Value>,
}

wire_object!(Payload, "a payment invoice's `payload`", others: extra {
    client_ip: Text = "client_ip",
    payment_card: Nested<PaymentCard> = "payment_card",
    token: Secret = "token",
});

/// Wire `payload.payment_card`: the masked card (all strings on the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentCard {
    /// Wire `first`: the first six digits (BIN).
    pub first: Option<String>,
    /// Wire `last`: the last four digits.
    pub last: Option<String>,
    /// Wire `mask`, e.g. `512381******0000`.
    pub mask: Option<String>,
    /// Wire `brand`, e.g. `mastercard`.
    pub brand: Option<String>,
    /// Wire `holder`: the name on the card.
    pub holder: Option<String>,
    /// Wire `expiry_month`, e.g. `"12"`.
    pub expiry_month: Option<String>,
    /// Wire `expiry_year`: two digits, e.g. `"32"`.
    pub expiry_year: Option<String>,
    /// Wire `issuer_name`.
    pub issuer_name: Option<String>,
    /// Wire `issuer_country`: alpha-2.
    pub issuer_country: Option<String>,
    /// Every other member, as sent, and any modelled one whose value does not fit its type.
    pub extra: BTreeMap<String, serde_json::Value>,
}

wire_object!(PaymentCard, "a masked card", others: extra {
    first: Text = "first",
    last: Text = "last",
    mask: Text = "mask",
    brand: Text = "brand",
    holder: Text = "holder",
    expiry_month: Text = "expiry_month",
    expiry_year: Text = "expiry_year",
    issuer_name: Text = "issuer_name",
    issuer_country: Text = "issuer_country",
});
