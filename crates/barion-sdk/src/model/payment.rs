//! Wire types of payments: the Start answer, the payment state (v4 `PaymentState` and the
//! legacy v2 `GetPaymentState`), the 3DS Complete answer, and the parts they share.
//!
//! Read leniently, as every answer of this crate: each collection reads `null` and a missing
//! key as empty; a related id or a timestamp that does not parse is kept raw
//! ([`Lenient::Raw`]); every field that is not the object's own id is optional. Only the
//! object's key (`PaymentId` of a payment, `TransactionId` of a transaction) must be there and
//! be a GUID.

use payments_core::{Decimal, Lenient};
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::client::Environment;
use crate::model::enums::{
    BankCardProcessResult, CardType, CurrencyCode, FundingSourceType, Locale, PaymentMethod,
    PaymentStatus, PaymentType, RecurrenceResult, RecurrenceType, TransactionStatus,
    TransactionType,
};
use crate::model::wire;

/// The answer to `POST /v2/Payment/Start`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct StartPaymentResponse {
    /// `PaymentId`: Barion's id of the payment (the key: required); store it.
    #[serde(rename = "PaymentId", deserialize_with = "wire::guid")]
    pub payment_id: Uuid,
    /// `PaymentRequestId`: the shop's own id, echoed.
    #[serde(
        rename = "PaymentRequestId",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub payment_request_id: Option<String>,
    /// `Status`: normally `Prepared`.
    #[serde(rename = "Status", default, deserialize_with = "wire::opt_enum")]
    pub status: Option<PaymentStatus>,
    /// `QRUrl`: legacy QR image URL.
    #[serde(rename = "QRUrl", default, deserialize_with = "wire::opt_trimmed")]
    pub qr_url: Option<String>,
    /// `RecurrenceResult`: the token-payment outcome (`None` unless a token scenario).
    #[serde(
        rename = "RecurrenceResult",
        default,
        deserialize_with = "wire::opt_enum"
    )]
    pub recurrence_result: Option<RecurrenceResult>,
    /// `Transactions`: the shop's transactions plus the fee transactions Barion generated
    /// (`null` reads as empty).
    #[serde(
        rename = "Transactions",
        default,
        with = "serde_with::As::<serde_with::DefaultOnNull>"
    )]
    pub transactions: Vec<ProcessedTransaction>,
    /// `GatewayUrl`: where to send the payer (includes the id).
    #[serde(rename = "GatewayUrl", default, deserialize_with = "wire::opt_trimmed")]
    pub gateway_url: Option<String>,
    /// `CallbackUrl`: the effective callback URL.
    #[serde(
        rename = "CallbackUrl",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub callback_url: Option<String>,
    /// `RedirectUrl`: the effective redirect URL.
    #[serde(
        rename = "RedirectUrl",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub redirect_url: Option<String>,
    /// `ThreeDSAuthClientData`: data for off-site 3DS flows.
    #[serde(rename = "ThreeDSAuthClientData", default)]
    pub three_ds_auth_client_data: Option<String>,
    /// `TraceId`: the token-payment chain id.
    #[serde(rename = "TraceId", default, deserialize_with = "wire::opt_trimmed")]
    pub trace_id: Option<String>,
    /// `IsSuccessful` (spec only).
    #[serde(rename = "IsSuccessful", default)]
    pub is_successful: Option<bool>,
}

impl StartPaymentResponse {
    /// Where to send the payer: `GatewayUrl` when Barion sent one, otherwise
    /// `https://secure[.test].barion.com/Pay?id=<PaymentId>` for `environment`.
    pub fn payer_redirect_url(&self, environment: Environment) -> String {
        match &self.gateway_url {
            Some(url) => url.clone(),
            None => environment.payer_redirect_url(self.payment_id),
        }
    }
}

/// `ProcessedTransaction`: a transaction as Start, FinishReservation, Capture and
/// CancelAuthorization return it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ProcessedTransaction {
    /// `POSTransactionId`: the shop's id of the transaction; `None` for fee transactions.
    #[serde(
        rename = "POSTransactionId",
        alias = "PosTransactionId",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub pos_transaction_id: Option<String>,
    /// `TransactionId`: Barion's id of the transaction (the key: required).
    #[serde(rename = "TransactionId", deserialize_with = "wire::guid")]
    pub transaction_id: Uuid,
    /// `Status`: the transaction's status.
    #[serde(rename = "Status", default, deserialize_with = "wire::opt_enum")]
    pub status: Option<TransactionStatus>,
    /// `TransactionTime`: when it happened (UTC); kept raw when it is not a DateTime.
    #[serde(
        rename = "TransactionTime",
        default,
        deserialize_with = "wire::opt_lenient_datetime"
    )]
    pub transaction_time: Option<Lenient<OffsetDateTime>>,
    /// `RelatedId`: links a fee to the original transaction. Documented as a GUID, but kept raw
    /// when it is not one (Barion's own docs show a small integer here).
    #[serde(
        rename = "RelatedId",
        default,
        deserialize_with = "wire::opt_lenient_guid"
    )]
    pub related_id: Option<Lenient<Uuid>>,
    /// `Currency` (spec only).
    #[serde(rename = "Currency", default, deserialize_with = "wire::opt_enum")]
    pub currency: Option<CurrencyCode>,
}

/// The state of a payment: the answer to `GET /v4/Payment/{id}/PaymentState` and (without
/// `PaymentMethod`) to the legacy `GET /v2/Payment/GetPaymentState`.
///
/// `Total` is the *current* total; each transaction's `Total` is its *original* amount, and
/// refunds show up as extra transactions.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PaymentState {
    /// `PaymentId`: Barion's id of the payment (the key: required).
    #[serde(rename = "PaymentId", deserialize_with = "wire::guid")]
    pub payment_id: Uuid,
    /// `PaymentRequestId`: the shop's own id of the payment.
    #[serde(
        rename = "PaymentRequestId",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub payment_request_id: Option<String>,
    /// `OrderNumber`: the shop's order number.
    #[serde(
        rename = "OrderNumber",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub order_number: Option<String>,
    /// `POSId`: the public id of the shop; kept raw when it is not a GUID.
    #[serde(
        rename = "POSId",
        alias = "PosId",
        default,
        deserialize_with = "wire::opt_lenient_guid"
    )]
    pub pos_id: Option<Lenient<Uuid>>,
    /// `POSName`: the shop's name.
    #[serde(rename = "POSName", alias = "PosName", default)]
    pub pos_name: Option<String>,
    /// `POSOwnerEmail`: the shop owner's e-mail.
    #[serde(rename = "POSOwnerEmail", alias = "PosOwnerEmail", default)]
    pub pos_owner_email: Option<String>,
    /// `POSOwnerCountry`: the shop owner's country (ISO 3166-1 alpha-2).
    #[serde(rename = "POSOwnerCountry", alias = "PosOwnerCountry", default)]
    pub pos_owner_country: Option<String>,
    /// `Status`: the payment's status.
    #[serde(rename = "Status", default, deserialize_with = "wire::opt_enum")]
    pub status: Option<PaymentStatus>,
    /// `PaymentType`: `Immediate`, `Reservation` or `DelayedCapture`.
    #[serde(rename = "PaymentType", default, deserialize_with = "wire::opt_enum")]
    pub payment_type: Option<PaymentType>,
    /// `AllowedFundingSources`: the funding sources the shop allowed (`null` reads as empty).
    #[serde(
        rename = "AllowedFundingSources",
        default,
        with = "serde_with::As::<serde_with::DefaultOnNull>"
    )]
    pub allowed_funding_sources: Vec<FundingSourceType>,
    /// `FundingSource`: what the payer paid with; `None` until completed.
    #[serde(rename = "FundingSource", default, deserialize_with = "wire::opt_enum")]
    pub funding_source: Option<FundingSourceType>,
    /// `FundingInformation`: card details when paid by card.
    #[serde(rename = "FundingInformation", default)]
    pub funding_information: Option<FundingInformation>,
    /// `RecurrenceType`: the token-payment kind, echoed.
    #[serde(
        rename = "RecurrenceType",
        default,
        deserialize_with = "wire::opt_enum"
    )]
    pub recurrence_type: Option<RecurrenceType>,
    /// `TraceId`: the token-payment chain id.
    #[serde(rename = "TraceId", default, deserialize_with = "wire::opt_trimmed")]
    pub trace_id: Option<String>,
    /// `GuestCheckout` (also read as `GuestCheckOut`): whether paying without a wallet was
    /// allowed.
    #[serde(rename = "GuestCheckout", alias = "GuestCheckOut", default)]
    pub guest_checkout: Option<bool>,
    /// `CreatedAt`: when the payment was started (UTC); kept raw when it is not a DateTime.
    #[serde(
        rename = "CreatedAt",
        default,
        deserialize_with = "wire::opt_lenient_datetime"
    )]
    pub created_at: Option<Lenient<OffsetDateTime>>,
    /// `StartedAt`: when the payer opened the gateway (UTC; seen only in the docs sample).
    #[serde(
        rename = "StartedAt",
        default,
        deserialize_with = "wire::opt_lenient_datetime"
    )]
    pub started_at: Option<Lenient<OffsetDateTime>>,
    /// `CompletedAt`: when the payment ended (UTC).
    #[serde(
        rename = "CompletedAt",
        default,
        deserialize_with = "wire::opt_lenient_datetime"
    )]
    pub completed_at: Option<Lenient<OffsetDateTime>>,
    /// `ValidUntil`: the end of the payment window (UTC).
    #[serde(
        rename = "ValidUntil",
        default,
        deserialize_with = "wire::opt_lenient_datetime"
    )]
    pub valid_until: Option<Lenient<OffsetDateTime>>,
    /// `ReservedUntil`: for a `Reservation`, until when it can be finished (UTC).
    #[serde(
        rename = "ReservedUntil",
        default,
        deserialize_with = "wire::opt_lenient_datetime"
    )]
    pub reserved_until: Option<Lenient<OffsetDateTime>>,
    /// `DelayedCaptureUntil`: for a `DelayedCapture`, until when it can be captured (UTC).
    #[serde(
        rename = "DelayedCaptureUntil",
        default,
        deserialize_with = "wire::opt_lenient_datetime"
    )]
    pub delayed_capture_until: Option<Lenient<OffsetDateTime>>,
    /// `Transactions`: every transaction, fees, refunds and reversals included (`null` reads
    /// as empty).
    #[serde(
        rename = "Transactions",
        default,
        with = "serde_with::As::<serde_with::DefaultOnNull>"
    )]
    pub transactions: Vec<DetailedTransaction>,
    /// `Total`: the *current* total of the payment's transactions.
    #[serde(
        rename = "Total",
        default,
        with = "payments_core::amount::json_number_option"
    )]
    pub total: Option<Decimal>,
    /// `Currency`: the payment's currency.
    #[serde(rename = "Currency", default, deserialize_with = "wire::opt_enum")]
    pub currency: Option<CurrencyCode>,
    /// `SuggestedLocale`: the gateway language suggested at start.
    #[serde(
        rename = "SuggestedLocale",
        default,
        deserialize_with = "wire::opt_enum"
    )]
    pub suggested_locale: Option<Locale>,
    /// `FraudRiskScore`: fraud risk in percent (0–100); any JSON number accepted. The docs'
    /// sample sends this key twice: the last value is kept.
    #[serde(
        rename = "FraudRiskScore",
        default,
        with = "payments_core::amount::json_number_option"
    )]
    pub fraud_risk_score: Option<Decimal>,
    /// `CallbackUrl`: the callback URL of the payment.
    #[serde(
        rename = "CallbackUrl",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub callback_url: Option<String>,
    /// `RedirectUrl`: where the payer was sent back (trailing spaces trimmed).
    #[serde(
        rename = "RedirectUrl",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub redirect_url: Option<String>,
    /// `PaymentMethod` (v4 only; `CompletionMethod` in an older revision).
    #[serde(
        rename = "PaymentMethod",
        alias = "CompletionMethod",
        default,
        deserialize_with = "wire::opt_enum"
    )]
    pub payment_method: Option<PaymentMethod>,
}

impl PaymentState {
    /// `true` when the payment's `Status` is one Barion documents as final (see
    /// [`PaymentStatus::is_final`]); `false` when it is not, or absent.
    pub fn is_final(&self) -> bool {
        self.status.as_ref().is_some_and(PaymentStatus::is_final)
    }
}

/// `DetailedPaymentTransaction`: one transaction in a payment state.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct DetailedTransaction {
    /// `TransactionId`: Barion's id of the transaction (the key: required).
    #[serde(rename = "TransactionId", deserialize_with = "wire::guid")]
    pub transaction_id: Uuid,
    /// `POSTransactionId`: the shop's id; `None` for fees.
    #[serde(
        rename = "POSTransactionId",
        alias = "PosTransactionId",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub pos_transaction_id: Option<String>,
    /// `TransactionTime`: when it happened (UTC); kept raw when it is not a DateTime.
    #[serde(
        rename = "TransactionTime",
        default,
        deserialize_with = "wire::opt_lenient_datetime"
    )]
    pub transaction_time: Option<Lenient<OffsetDateTime>>,
    /// `Total`: the *original* amount of this transaction.
    #[serde(
        rename = "Total",
        default,
        with = "payments_core::amount::json_number_option"
    )]
    pub total: Option<Decimal>,
    /// `Currency`: the transaction's currency.
    #[serde(rename = "Currency", default, deserialize_with = "wire::opt_enum")]
    pub currency: Option<CurrencyCode>,
    /// `Payer`: who paid.
    #[serde(rename = "Payer", default)]
    pub payer: Option<UserInformation>,
    /// `Payee`: who received.
    #[serde(rename = "Payee", default)]
    pub payee: Option<UserInformation>,
    /// `Comment`: the transaction comment.
    #[serde(rename = "Comment", default)]
    pub comment: Option<String>,
    /// `Status`: the transaction's status.
    #[serde(rename = "Status", default, deserialize_with = "wire::opt_enum")]
    pub status: Option<TransactionStatus>,
    /// `TransactionType`: e.g. `CardPayment`, `GatewayFee`, `Refund`.
    #[serde(
        rename = "TransactionType",
        default,
        deserialize_with = "wire::opt_enum"
    )]
    pub transaction_type: Option<TransactionType>,
    /// `Items`: the goods. Empty for fees, which Barion may send as `null`: `null` and a
    /// missing key read as empty.
    #[serde(
        rename = "Items",
        default,
        with = "serde_with::As::<serde_with::DefaultOnNull>"
    )]
    pub items: Vec<TransactionItem>,
    /// `RelatedId`: links a fee or refund to the original transaction. Documented as a GUID,
    /// but kept raw when it is not one (Barion's own docs show a small integer here).
    #[serde(
        rename = "RelatedId",
        default,
        deserialize_with = "wire::opt_lenient_guid"
    )]
    pub related_id: Option<Lenient<Uuid>>,
    /// `POSId`: the shop's public id; kept raw when it is not a GUID.
    #[serde(
        rename = "POSId",
        alias = "PosId",
        default,
        deserialize_with = "wire::opt_lenient_guid"
    )]
    pub pos_id: Option<Lenient<Uuid>>,
    /// `PaymentId`: the payment's id; kept raw when it is not a GUID.
    #[serde(
        rename = "PaymentId",
        default,
        deserialize_with = "wire::opt_lenient_guid"
    )]
    pub payment_id: Option<Lenient<Uuid>>,
}

/// `Item` in an answer: one line of goods of a transaction, as Barion reports it (every field
/// optional; the request side is [`Item`](crate::payments::Item)).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TransactionItem {
    /// `Name`: shown to the payer.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `Description`: not shown to the payer.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `ImageUrl`: a picture of the item.
    #[serde(rename = "ImageUrl", default, deserialize_with = "wire::opt_trimmed")]
    pub image_url: Option<String>,
    /// `Quantity`: how many.
    #[serde(
        rename = "Quantity",
        default,
        with = "payments_core::amount::json_number_option"
    )]
    pub quantity: Option<Decimal>,
    /// `Unit`: the unit of the quantity, e.g. `piece`.
    #[serde(rename = "Unit", default)]
    pub unit: Option<String>,
    /// `UnitPrice`: price of one unit.
    #[serde(
        rename = "UnitPrice",
        default,
        with = "payments_core::amount::json_number_option"
    )]
    pub unit_price: Option<Decimal>,
    /// `ItemTotal`: total of the line.
    #[serde(
        rename = "ItemTotal",
        default,
        with = "payments_core::amount::json_number_option"
    )]
    pub item_total: Option<Decimal>,
    /// `SKU`: the shop's stock keeping unit.
    #[serde(rename = "SKU", default, deserialize_with = "wire::opt_trimmed")]
    pub sku: Option<String>,
}

/// `UserInformation`: a payer or payee.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct UserInformation {
    /// `Name`: the user's names.
    #[serde(rename = "Name", default)]
    pub name: Option<NameInformation>,
    /// `Email`: the user's e-mail.
    #[serde(rename = "Email", default)]
    pub email: Option<String>,
}

/// `NameInformation`: a user's names, kept as sent (Barion may add a leading space).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct NameInformation {
    /// `LoginName`: the Barion login (an e-mail).
    #[serde(rename = "LoginName", default)]
    pub login_name: Option<String>,
    /// `FirstName`.
    #[serde(rename = "FirstName", default)]
    pub first_name: Option<String>,
    /// `LastName`.
    #[serde(rename = "LastName", default)]
    pub last_name: Option<String>,
    /// `OrganizationName`.
    #[serde(rename = "OrganizationName", default)]
    pub organization_name: Option<String>,
}

/// `FundingInformation`: card and bank details of a card payment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct FundingInformation {
    /// `BankCard`: the card used.
    #[serde(rename = "BankCard", default)]
    pub bank_card: Option<BankCard>,
    /// `AuthorizationCode`: the issuer's authorization code; `None` if not authorized.
    #[serde(
        rename = "AuthorizationCode",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub authorization_code: Option<String>,
    /// `ProcessResult`: how the card processing ended.
    #[serde(rename = "ProcessResult", default, deserialize_with = "wire::opt_enum")]
    pub process_result: Option<BankCardProcessResult>,
}

/// `BankCard`: the masked card of a card payment. Reads both `ValidThruYear` and the seed's
/// `ValidThru_Year` spellings; numbers or strings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct BankCard {
    /// `MaskedPan`: the last 4 digits only (text, leading zeros kept).
    #[serde(
        rename = "MaskedPan",
        default,
        deserialize_with = "wire::opt_string_or_number"
    )]
    pub masked_pan: Option<String>,
    /// `BankCardType`: the scheme.
    #[serde(rename = "BankCardType", default, deserialize_with = "wire::opt_enum")]
    pub card_type: Option<CardType>,
    /// `ValidThruYear` (also `ValidThru_Year`): expiry year, 4 digits.
    #[serde(
        rename = "ValidThruYear",
        alias = "ValidThru_Year",
        default,
        deserialize_with = "wire::opt_string_or_number"
    )]
    pub valid_thru_year: Option<String>,
    /// `ValidThruMonth` (also `ValidThru_Month`): expiry month.
    #[serde(
        rename = "ValidThruMonth",
        alias = "ValidThru_Month",
        default,
        deserialize_with = "wire::opt_string_or_number"
    )]
    pub valid_thru_month: Option<String>,
}

/// The answer to `POST /v2/Payment/Complete` (3DS). Note the status key is `PaymentStatus`
/// here (`Status` is read too).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CompleteResponse {
    /// `PaymentId`: Barion's id of the payment (the key: required).
    #[serde(rename = "PaymentId", deserialize_with = "wire::guid")]
    pub payment_id: Uuid,
    /// `PaymentRequestId`: the shop's own id.
    #[serde(
        rename = "PaymentRequestId",
        default,
        deserialize_with = "wire::opt_trimmed"
    )]
    pub payment_request_id: Option<String>,
    /// `PaymentStatus` (also `Status`): the payment's status after completing.
    #[serde(
        rename = "PaymentStatus",
        alias = "Status",
        default,
        deserialize_with = "wire::opt_enum"
    )]
    pub payment_status: Option<PaymentStatus>,
    /// `IsSuccessful`: whether the completion succeeded.
    #[serde(rename = "IsSuccessful", default)]
    pub is_successful: Option<bool>,
    /// `TraceId`: the token-payment chain id.
    #[serde(rename = "TraceId", default, deserialize_with = "wire::opt_trimmed")]
    pub trace_id: Option<String>,
}
