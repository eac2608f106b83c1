//! Payments: start (`POST /v2/Payment/Start`), state (`GET /v4/Payment/{id}/PaymentState` and the
//! legacy `GET /v2/Payment/GetPaymentState`) and the 3DS Complete (`POST /v2/Payment/Complete`),
//! with their request types.

use payments_core::{Decimal, InvalidRequest, Request, Resolution};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::model::enums::{
    AccountChangeIndicator, AccountCreationIndicator, AvailabilityIndicator, ChallengePreference,
    CurrencyCode, DeliveryTimeframe, FundingSourceType, Locale, PasswordChangeIndicator,
    PaymentMethodIndicator, PaymentType, PurchaseType, ReOrderIndicator, RecurrenceType,
    ShippingAddressIndicator, ShippingAddressUsageIndicator, SuspiciousActivityIndicator,
};
use crate::model::payment::{CompleteResponse, PaymentState, StartPaymentResponse};
use crate::model::timespan::TimeSpan;
use crate::model::wire;
use crate::validate::{
    Check, Sign, amount, fail, max_chars, opt_max_chars, phone, range, required_max,
};

/// The body of `POST /v2/Payment/Start`: prepares a payment and returns its id and gateway URL.
///
/// Build it with [`StartPaymentRequest::new`] and the setters; [`Client::start_payment`] checks
/// every documented limit before sending (see [`validate`](Self::validate)).
///
/// ```
/// use barion_sdk::{CurrencyCode, Item, Locale, PaymentTransaction, PaymentType, StartPaymentRequest, TimeSpan};
/// use barion_sdk::Decimal;
///
/// let mug = Item::new("Mug", "Blue mug", Decimal::ONE, "piece", Decimal::from(1000), Decimal::from(1000));
/// let request = StartPaymentRequest::new(
///     PaymentType::Reservation,
///     "ORDER-0001-1",
///     CurrencyCode::Huf,
///     Locale::Hungarian,
///     vec![PaymentTransaction::new("ORDER-0001-T1", "owner@shop.example", Decimal::from(1000)).item(mug)],
/// )
/// .reservation_period(TimeSpan::from_days(1))
/// .redirect_url("https://shop.example/return")
/// .callback_url("https://shop.example/barion/callback");
/// assert!(request.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StartPaymentRequest {
    /// `PaymentType`: `Immediate`, `Reservation` or `DelayedCapture`.
    #[serde(rename = "PaymentType")]
    pub payment_type: PaymentType,
    /// `ReservationPeriod`: for a `Reservation` only; 1 minute to 1 year (Barion's default 30
    /// minutes).
    #[serde(rename = "ReservationPeriod", skip_serializing_if = "Option::is_none")]
    pub reservation_period: Option<TimeSpan>,
    /// `DelayedCapturePeriod`: required for a `DelayedCapture`, forbidden otherwise; at most 7
    /// days (21 days for Hungarian shops; the SDK checks the 21).
    #[serde(
        rename = "DelayedCapturePeriod",
        skip_serializing_if = "Option::is_none"
    )]
    pub delayed_capture_period: Option<TimeSpan>,
    /// `PaymentWindow`: how long the payer may take; 1 minute to 1 week (default 30 minutes).
    #[serde(rename = "PaymentWindow", skip_serializing_if = "Option::is_none")]
    pub payment_window: Option<TimeSpan>,
    /// `GuestCheckOut` (capital O on the request): allow paying without a Barion wallet.
    /// `Some(true)` by default.
    #[serde(rename = "GuestCheckOut", skip_serializing_if = "Option::is_none")]
    pub guest_checkout: Option<bool>,
    /// `InitiateRecurrence`: `true` registers a token for later charges.
    #[serde(rename = "InitiateRecurrence", skip_serializing_if = "Option::is_none")]
    pub initiate_recurrence: Option<bool>,
    /// `RecurrenceId`: the token id chosen by the shop (max 100 characters).
    #[serde(rename = "RecurrenceId", skip_serializing_if = "Option::is_none")]
    pub recurrence_id: Option<String>,
    /// `FundingSources`: the allowed ways to pay (at least one; `[All]` by default).
    #[serde(rename = "FundingSources")]
    pub funding_sources: Vec<FundingSourceType>,
    /// `PaymentRequestId`: the shop's own id of the payment (required, max 100 characters).
    #[serde(rename = "PaymentRequestId")]
    pub payment_request_id: String,
    /// `PayerHint`: the payer's e-mail, pre-filled on the gateway (max 256; recommended for 3DS).
    #[serde(rename = "PayerHint", skip_serializing_if = "Option::is_none")]
    pub payer_hint: Option<String>,
    /// `CardHolderNameHint`: the card holder's name (2–45 characters; 3DS).
    #[serde(rename = "CardHolderNameHint", skip_serializing_if = "Option::is_none")]
    pub card_holder_name_hint: Option<String>,
    /// `RecurrenceType`: the kind of token payment (only with `RecurrenceId`).
    #[serde(rename = "RecurrenceType", skip_serializing_if = "Option::is_none")]
    pub recurrence_type: Option<RecurrenceType>,
    /// `TraceId`: from the first 3DS payment of a token chain (max 100 characters).
    #[serde(rename = "TraceId", skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// `RedirectUrl`: where the payer returns; Barion appends `paymentId=<id>` (max 2000).
    #[serde(rename = "RedirectUrl", skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// `CallbackUrl`: where Barion posts the payment id on changes (max 2000).
    #[serde(rename = "CallbackUrl", skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// `Transactions`: the payment's transactions (at least one), all in `Currency`.
    #[serde(rename = "Transactions")]
    pub transactions: Vec<PaymentTransaction>,
    /// `OrderNumber`: the shop's order number (max 100 characters).
    #[serde(rename = "OrderNumber", skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    /// `ShippingAddress` (3DS).
    #[serde(rename = "ShippingAddress", skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<ShippingAddress>,
    /// `Locale`: the gateway's language.
    #[serde(rename = "Locale")]
    pub locale: Locale,
    /// `Currency`: the payment's currency.
    #[serde(rename = "Currency")]
    pub currency: CurrencyCode,
    /// `PayerPhoneNumber` (3DS): digits only with country code, e.g. `36701234567`.
    #[serde(rename = "PayerPhoneNumber", skip_serializing_if = "Option::is_none")]
    pub payer_phone_number: Option<String>,
    /// `PayerWorkPhoneNumber` (3DS): same format.
    #[serde(
        rename = "PayerWorkPhoneNumber",
        skip_serializing_if = "Option::is_none"
    )]
    pub payer_work_phone_number: Option<String>,
    /// `PayerHomeNumber` (3DS; barion-web-php spells it `PayerHomePhoneNumber`): same format.
    #[serde(rename = "PayerHomeNumber", skip_serializing_if = "Option::is_none")]
    pub payer_home_number: Option<String>,
    /// `BillingAddress` (3DS).
    #[serde(rename = "BillingAddress", skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddress>,
    /// `PayerAccountInformation` (3DS).
    #[serde(
        rename = "PayerAccountInformation",
        skip_serializing_if = "Option::is_none"
    )]
    pub payer_account_information: Option<PayerAccountInformation>,
    /// `PurchaseInformation` (3DS).
    #[serde(
        rename = "PurchaseInformation",
        skip_serializing_if = "Option::is_none"
    )]
    pub purchase_information: Option<PurchaseInformation>,
    /// `ChallengePreference` (3DS).
    #[serde(
        rename = "ChallengePreference",
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_preference: Option<ChallengePreference>,
}

macro_rules! setters {
    ($( $(#[$doc:meta])* $field:ident: $ty:ty ),* $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                self.$field = Some(value.into());
                self
            }
        )*
    };
}

impl StartPaymentRequest {
    /// A payment of `payment_type` with the shop's id `payment_request_id`, in `currency`,
    /// shown in `locale`, made of `transactions`. Funding sources default to `[All]` and
    /// `GuestCheckOut` to `true`.
    pub fn new(
        payment_type: PaymentType,
        payment_request_id: impl Into<String>,
        currency: CurrencyCode,
        locale: Locale,
        transactions: Vec<PaymentTransaction>,
    ) -> Self {
        Self {
            payment_type,
            reservation_period: None,
            delayed_capture_period: None,
            payment_window: None,
            guest_checkout: Some(true),
            initiate_recurrence: None,
            recurrence_id: None,
            funding_sources: vec![FundingSourceType::All],
            payment_request_id: payment_request_id.into(),
            payer_hint: None,
            card_holder_name_hint: None,
            recurrence_type: None,
            trace_id: None,
            redirect_url: None,
            callback_url: None,
            transactions,
            order_number: None,
            shipping_address: None,
            locale,
            currency,
            payer_phone_number: None,
            payer_work_phone_number: None,
            payer_home_number: None,
            billing_address: None,
            payer_account_information: None,
            purchase_information: None,
            challenge_preference: None,
        }
    }

    setters! {
        /// Sets `ReservationPeriod` (a `Reservation` only).
        reservation_period: TimeSpan,
        /// Sets `DelayedCapturePeriod` (required for a `DelayedCapture`).
        delayed_capture_period: TimeSpan,
        /// Sets `PaymentWindow`.
        payment_window: TimeSpan,
        /// Sets `InitiateRecurrence`.
        initiate_recurrence: bool,
        /// Sets `RecurrenceId`.
        recurrence_id: String,
        /// Sets `PayerHint`.
        payer_hint: String,
        /// Sets `CardHolderNameHint`.
        card_holder_name_hint: String,
        /// Sets `RecurrenceType`.
        recurrence_type: RecurrenceType,
        /// Sets `TraceId`.
        trace_id: String,
        /// Sets `RedirectUrl`.
        redirect_url: String,
        /// Sets `CallbackUrl`.
        callback_url: String,
        /// Sets `OrderNumber`.
        order_number: String,
        /// Sets `ShippingAddress`.
        shipping_address: ShippingAddress,
        /// Sets `PayerPhoneNumber`.
        payer_phone_number: String,
        /// Sets `PayerWorkPhoneNumber`.
        payer_work_phone_number: String,
        /// Sets `PayerHomeNumber`.
        payer_home_number: String,
        /// Sets `BillingAddress`.
        billing_address: BillingAddress,
        /// Sets `PayerAccountInformation`.
        payer_account_information: PayerAccountInformation,
        /// Sets `PurchaseInformation`.
        purchase_information: PurchaseInformation,
        /// Sets `ChallengePreference`.
        challenge_preference: ChallengePreference,
    }

    /// Sets `GuestCheckOut`; `None` leaves it out of the request.
    pub fn guest_checkout(mut self, allowed: Option<bool>) -> Self {
        self.guest_checkout = allowed;
        self
    }

    /// Replaces `FundingSources`.
    pub fn funding_sources(mut self, sources: impl IntoIterator<Item = FundingSourceType>) -> Self {
        self.funding_sources = sources.into_iter().collect();
        self
    }

    /// Adds a transaction.
    pub fn transaction(mut self, transaction: PaymentTransaction) -> Self {
        self.transactions.push(transaction);
        self
    }

    /// Checks every documented limit; [`Client::start_payment`] calls it before sending.
    pub fn validate(&self) -> Result<(), InvalidRequest> {
        required_max("payment_request_id", &self.payment_request_id, 100)?;
        if self.funding_sources.is_empty() {
            return Err(fail("funding_sources", "needs at least one funding source"));
        }
        self.validate_periods()?;
        opt_max_chars("recurrence_id", self.recurrence_id.as_deref(), 100)?;
        if self.recurrence_type.is_some() && self.recurrence_id.is_none() {
            return Err(fail(
                "recurrence_type",
                "is only allowed with a recurrence_id",
            ));
        }
        opt_max_chars("trace_id", self.trace_id.as_deref(), 100)?;
        opt_max_chars("payer_hint", self.payer_hint.as_deref(), 256)?;
        if let Some(name) = &self.card_holder_name_hint {
            let n = name.chars().count();
            if !(2..=45).contains(&n) {
                return Err(fail(
                    "card_holder_name_hint",
                    format!("must be 2 to 45 characters long, got {n}"),
                ));
            }
        }
        opt_max_chars("redirect_url", self.redirect_url.as_deref(), 2000)?;
        opt_max_chars("callback_url", self.callback_url.as_deref(), 2000)?;
        opt_max_chars("order_number", self.order_number.as_deref(), 100)?;
        phone("payer_phone_number", self.payer_phone_number.as_deref())?;
        phone(
            "payer_work_phone_number",
            self.payer_work_phone_number.as_deref(),
        )?;
        phone("payer_home_number", self.payer_home_number.as_deref())?;
        if let Some(a) = &self.shipping_address {
            a.validate()?;
        }
        if let Some(a) = &self.billing_address {
            a.validate()?;
        }
        if let Some(p) = &self.payer_account_information {
            p.validate()?;
        }
        if let Some(p) = &self.purchase_information {
            p.validate(&self.currency)?;
        }
        if self.transactions.is_empty() {
            return Err(fail("transactions", "needs at least one transaction"));
        }
        for (i, t) in self.transactions.iter().enumerate() {
            t.validate(&format!("transactions[{i}]"), &self.currency)?;
        }
        Ok(())
    }

    fn validate_periods(&self) -> Check {
        let minute = TimeSpan::from_minutes(1);
        match (&self.payment_type, self.reservation_period) {
            (PaymentType::Reservation, Some(p)) if p < minute || p > TimeSpan::from_days(365) => {
                return Err(fail(
                    "reservation_period",
                    format!("must be between 1 minute and 1 year, got {p}"),
                ));
            }
            (PaymentType::Reservation, _) | (_, None) => {}
            (other, Some(_)) => {
                return Err(fail(
                    "reservation_period",
                    format!("is only allowed for a Reservation payment, not {other}"),
                ));
            }
        }
        match (&self.payment_type, self.delayed_capture_period) {
            (PaymentType::DelayedCapture, None) => {
                return Err(fail(
                    "delayed_capture_period",
                    "is required for a DelayedCapture payment",
                ));
            }
            (PaymentType::DelayedCapture, Some(p)) if p < minute || p > TimeSpan::from_days(21) => {
                return Err(fail(
                    "delayed_capture_period",
                    format!("must be between 1 minute and 21 days, got {p}"),
                ));
            }
            (PaymentType::DelayedCapture, Some(_)) | (_, None) => {}
            (other, Some(_)) => {
                return Err(fail(
                    "delayed_capture_period",
                    format!("is only allowed for a DelayedCapture payment, not {other}"),
                ));
            }
        }
        if let Some(w) = self.payment_window
            && (w < minute || w > TimeSpan::from_days(7))
        {
            return Err(fail(
                "payment_window",
                format!("must be between 1 minute and 1 week, got {w}"),
            ));
        }
        Ok(())
    }
}

/// `PaymentTransaction`: one transaction of a payment (to the shop owner's wallet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentTransaction {
    /// `POSTransactionId`: the shop's id of the transaction (required, max 100).
    #[serde(rename = "POSTransactionId")]
    pub pos_transaction_id: String,
    /// `Payee`: e-mail of the receiving Barion wallet (required, max 256).
    #[serde(rename = "Payee")]
    pub payee: String,
    /// `Total`: the amount, greater than 0, in the currency's precision (HUF: whole forints).
    #[serde(
        rename = "Total",
        serialize_with = "payments_core::amount::json_number::serialize"
    )]
    pub total: Decimal,
    /// `Comment`: not shown to the payer.
    #[serde(rename = "Comment", skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `PayeeTransactions`: e-money transfers to others after completion.
    #[serde(rename = "PayeeTransactions", skip_serializing_if = "Vec::is_empty")]
    pub payee_transactions: Vec<PayeeTransaction>,
    /// `Items`: the goods shown to the payer (at least one).
    #[serde(rename = "Items")]
    pub items: Vec<Item>,
}

impl PaymentTransaction {
    /// A transaction `pos_transaction_id` of `total` to the wallet `payee`; add items with
    /// [`item`](Self::item).
    pub fn new(
        pos_transaction_id: impl Into<String>,
        payee: impl Into<String>,
        total: Decimal,
    ) -> Self {
        Self {
            pos_transaction_id: pos_transaction_id.into(),
            payee: payee.into(),
            total,
            comment: None,
            payee_transactions: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Adds an item.
    pub fn item(mut self, item: Item) -> Self {
        self.items.push(item);
        self
    }

    /// Sets `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Adds a payee transaction.
    pub fn payee_transaction(mut self, payee_transaction: PayeeTransaction) -> Self {
        self.payee_transactions.push(payee_transaction);
        self
    }

    fn validate(&self, at: &str, currency: &CurrencyCode) -> Check {
        required_max(
            &format!("{at}.pos_transaction_id"),
            &self.pos_transaction_id,
            100,
        )?;
        required_max(&format!("{at}.payee"), &self.payee, 256)?;
        amount(&format!("{at}.total"), self.total, currency, Sign::Positive)?;
        if self.items.is_empty() {
            return Err(fail(format!("{at}.items"), "needs at least one item"));
        }
        for (i, item) in self.items.iter().enumerate() {
            validate_item(&format!("{at}.items[{i}]"), item)?;
        }
        for (i, p) in self.payee_transactions.iter().enumerate() {
            let at = format!("{at}.payee_transactions[{i}]");
            required_max(
                &format!("{at}.pos_transaction_id"),
                &p.pos_transaction_id,
                100,
            )?;
            required_max(&format!("{at}.payee"), &p.payee, 256)?;
            amount(&format!("{at}.total"), p.total, currency, Sign::Positive)?;
            if p.total > self.total {
                return Err(fail(
                    format!("{at}.total"),
                    format!("must not exceed the transaction total {}", self.total),
                ));
            }
            opt_max_chars(format!("{at}.comment"), p.comment.as_deref(), 640)?;
        }
        Ok(())
    }
}

pub(crate) fn validate_item(at: &str, item: &Item) -> Check {
    required_max(&format!("{at}.name"), &item.name, 250)?;
    max_chars(format!("{at}.description"), &item.description, 500)?;
    required_max(&format!("{at}.unit"), &item.unit, 50)?;
    opt_max_chars(format!("{at}.sku"), item.sku.as_deref(), 100)?;
    if item.quantity < Decimal::ZERO {
        return Err(fail(format!("{at}.quantity"), "must not be negative"));
    }
    Ok(())
}

/// `Item`: one line of goods of a transaction, shown to the payer (a request part; answers
/// carry [`TransactionItem`](crate::model::payment::TransactionItem)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// `Name`: shown to the payer (max 250 characters).
    #[serde(rename = "Name")]
    pub name: String,
    /// `Description`: not shown to the payer (max 500 characters).
    #[serde(rename = "Description")]
    pub description: String,
    /// `ImageUrl`: a picture of the item (UX only).
    #[serde(rename = "ImageUrl", skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// `Quantity`: how many (fractions allowed, not negative).
    #[serde(
        rename = "Quantity",
        serialize_with = "payments_core::amount::json_number::serialize"
    )]
    pub quantity: Decimal,
    /// `Unit`: the unit of the quantity, e.g. `piece` (max 50 characters).
    #[serde(rename = "Unit")]
    pub unit: String,
    /// `UnitPrice`: price of one unit (may be negative for a discount line).
    #[serde(
        rename = "UnitPrice",
        serialize_with = "payments_core::amount::json_number::serialize"
    )]
    pub unit_price: Decimal,
    /// `ItemTotal`: total of the line (need not equal quantity × unit price).
    #[serde(
        rename = "ItemTotal",
        serialize_with = "payments_core::amount::json_number::serialize"
    )]
    pub item_total: Decimal,
    /// `SKU`: the shop's stock keeping unit (max 100 characters).
    #[serde(rename = "SKU", skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
}

impl Item {
    /// An item: `name`, `description`, `quantity` of `unit` at `unit_price`, totalling
    /// `item_total`.
    ///
    /// ```
    /// use barion_sdk::{Item, dec};
    /// let mug = Item::new("Mug", "Blue mug", dec!(1), "piece", dec!(1000), dec!(1000)).sku("MUG-1");
    /// assert_eq!(mug.sku.as_deref(), Some("MUG-1"));
    /// ```
    pub fn new(
        name: impl Into<String>,
        description: impl Into<String>,
        quantity: Decimal,
        unit: impl Into<String>,
        unit_price: Decimal,
        item_total: Decimal,
    ) -> Self {
        Self {
            name: name.into(),
            description: description.into(),
            image_url: None,
            quantity,
            unit: unit.into(),
            unit_price,
            item_total,
            sku: None,
        }
    }

    /// Sets `SKU`.
    pub fn sku(mut self, sku: impl Into<String>) -> Self {
        self.sku = Some(sku.into());
        self
    }

    /// Sets `ImageUrl`.
    pub fn image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }
}

/// `PayeeTransaction`: an e-money transfer from the payee to another wallet after completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayeeTransaction {
    /// `POSTransactionId`: the shop's id (required, max 100).
    #[serde(rename = "POSTransactionId")]
    pub pos_transaction_id: String,
    /// `Payee`: the receiving wallet's e-mail (required, max 256).
    #[serde(rename = "Payee")]
    pub payee: String,
    /// `Total`: greater than 0 and at most the parent transaction's total.
    #[serde(
        rename = "Total",
        serialize_with = "payments_core::amount::json_number::serialize"
    )]
    pub total: Decimal,
    /// `Comment`: shown to the recipient (max 640).
    #[serde(rename = "Comment", skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl PayeeTransaction {
    /// A transfer `pos_transaction_id` of `total` to `payee`.
    pub fn new(
        pos_transaction_id: impl Into<String>,
        payee: impl Into<String>,
        total: Decimal,
    ) -> Self {
        Self {
            pos_transaction_id: pos_transaction_id.into(),
            payee: payee.into(),
            total,
            comment: None,
        }
    }

    /// Sets `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }
}

/// `ShippingAddress` (3DS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShippingAddress {
    /// `Country`: ISO 3166-1 alpha-2 (`HU`), `ZZ` if not available.
    #[serde(rename = "Country")]
    pub country: String,
    /// `City` (max 50; required when `Region` is given).
    #[serde(rename = "City", skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// `Region`: the subdivision part of ISO 3166-2.
    #[serde(rename = "Region", skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `Zip` (max 16).
    #[serde(rename = "Zip", skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// `Street` (max 50).
    #[serde(rename = "Street", skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// `Street2` (max 50).
    #[serde(rename = "Street2", skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    /// `Street3` (max 50).
    #[serde(rename = "Street3", skip_serializing_if = "Option::is_none")]
    pub street3: Option<String>,
    /// `FullName`: the recipient (max 45).
    #[serde(rename = "FullName", skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
}

impl ShippingAddress {
    /// An address in `country` (ISO 3166-1 alpha-2).
    pub fn new(country: impl Into<String>) -> Self {
        Self {
            country: country.into(),
            city: None,
            region: None,
            zip: None,
            street: None,
            street2: None,
            street3: None,
            full_name: None,
        }
    }

    setters! {
        /// Sets `City`.
        city: String,
        /// Sets `Region`.
        region: String,
        /// Sets `Zip`.
        zip: String,
        /// Sets `Street`.
        street: String,
        /// Sets `Street2`.
        street2: String,
        /// Sets `Street3`.
        street3: String,
        /// Sets `FullName`.
        full_name: String,
    }

    fn validate(&self) -> Check {
        validate_address(
            "shipping_address",
            &self.country,
            self.city.as_deref(),
            self.region.as_deref(),
            self.zip.as_deref(),
            [&self.street, &self.street2, &self.street3],
        )?;
        opt_max_chars("shipping_address.full_name", self.full_name.as_deref(), 45)
    }
}

/// `BillingAddress` (3DS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillingAddress {
    /// `Country`: ISO 3166-1 alpha-2 (`HU`), `ZZ` if not available.
    #[serde(rename = "Country")]
    pub country: String,
    /// `City` (max 50; required when `Region` is given).
    #[serde(rename = "City", skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// `Region`: the subdivision part of ISO 3166-2.
    #[serde(rename = "Region", skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `Zip` (max 16).
    #[serde(rename = "Zip", skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// `Street` (max 50).
    #[serde(rename = "Street", skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// `Street2` (max 50).
    #[serde(rename = "Street2", skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    /// `Street3` (max 50).
    #[serde(rename = "Street3", skip_serializing_if = "Option::is_none")]
    pub street3: Option<String>,
}

impl BillingAddress {
    /// An address in `country` (ISO 3166-1 alpha-2).
    pub fn new(country: impl Into<String>) -> Self {
        Self {
            country: country.into(),
            city: None,
            region: None,
            zip: None,
            street: None,
            street2: None,
            street3: None,
        }
    }

    setters! {
        /// Sets `City`.
        city: String,
        /// Sets `Region`.
        region: String,
        /// Sets `Zip`.
        zip: String,
        /// Sets `Street`.
        street: String,
        /// Sets `Street2`.
        street2: String,
        /// Sets `Street3`.
        street3: String,
    }

    fn validate(&self) -> Check {
        validate_address(
            "billing_address",
            &self.country,
            self.city.as_deref(),
            self.region.as_deref(),
            self.zip.as_deref(),
            [&self.street, &self.street2, &self.street3],
        )
    }
}

fn validate_address(
    at: &'static str,
    country: &str,
    city: Option<&str>,
    region: Option<&str>,
    zip: Option<&str>,
    streets: [&Option<String>; 3],
) -> Check {
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(fail(
            format!("{at}.country"),
            "must be an ISO 3166-1 alpha-2 code in upper case (`HU`), or `ZZ`",
        ));
    }
    opt_max_chars(format!("{at}.city"), city, 50)?;
    if region.is_some() && city.is_none_or(|c| c.trim().is_empty()) {
        return Err(fail(
            format!("{at}.city"),
            "is required when a region is given",
        ));
    }
    opt_max_chars(format!("{at}.zip"), zip, 16)?;
    for (i, street) in streets.iter().enumerate() {
        let name = if i == 0 {
            "street".to_owned()
        } else {
            format!("street{}", i + 1)
        };
        opt_max_chars(format!("{at}.{name}"), street.as_deref(), 50)?;
    }
    Ok(())
}

/// `PayerAccountInformation` (3DS): what the shop knows about the payer's account. Every field
/// is optional; build it with `PayerAccountInformation { ..Default::default() }`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PayerAccountInformation {
    /// `AccountId`: the payer's id at the shop (max 64).
    #[serde(rename = "AccountId", skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// `AccountCreated` (UTC).
    #[serde(
        rename = "AccountCreated",
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::ser_opt_datetime"
    )]
    pub account_created: Option<OffsetDateTime>,
    /// `AccountCreationIndicator`.
    #[serde(
        rename = "AccountCreationIndicator",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_creation_indicator: Option<AccountCreationIndicator>,
    /// `AccountLastChanged` (UTC).
    #[serde(
        rename = "AccountLastChanged",
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::ser_opt_datetime"
    )]
    pub account_last_changed: Option<OffsetDateTime>,
    /// `AccountChangeIndicator`.
    #[serde(
        rename = "AccountChangeIndicator",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_change_indicator: Option<AccountChangeIndicator>,
    /// `PasswordLastChanged` (UTC).
    #[serde(
        rename = "PasswordLastChanged",
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::ser_opt_datetime"
    )]
    pub password_last_changed: Option<OffsetDateTime>,
    /// `PasswordChangeIndicator`.
    #[serde(
        rename = "PasswordChangeIndicator",
        skip_serializing_if = "Option::is_none"
    )]
    pub password_change_indicator: Option<PasswordChangeIndicator>,
    /// `PurchasesInTheLast6Months` (barion-web-php: `PurchasesInTheLastSixMonths`): 0–9999.
    #[serde(
        rename = "PurchasesInTheLast6Months",
        skip_serializing_if = "Option::is_none"
    )]
    pub purchases_in_the_last_6_months: Option<u32>,
    /// `ShippingAddressAdded` (UTC).
    #[serde(
        rename = "ShippingAddressAdded",
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::ser_opt_datetime"
    )]
    pub shipping_address_added: Option<OffsetDateTime>,
    /// `ShippingAddressUsageIndicator`.
    #[serde(
        rename = "ShippingAddressUsageIndicator",
        skip_serializing_if = "Option::is_none"
    )]
    pub shipping_address_usage_indicator: Option<ShippingAddressUsageIndicator>,
    /// `ProvisionAttempts`: card-add attempts in the last 24 hours (0–999).
    #[serde(rename = "ProvisionAttempts", skip_serializing_if = "Option::is_none")]
    pub provision_attempts: Option<u32>,
    /// `TransactionalActivityPerDay` (0–999).
    #[serde(
        rename = "TransactionalActivityPerDay",
        skip_serializing_if = "Option::is_none"
    )]
    pub transactional_activity_per_day: Option<u32>,
    /// `TransactionalActivityPerYear` (0–999).
    #[serde(
        rename = "TransactionalActivityPerYear",
        skip_serializing_if = "Option::is_none"
    )]
    pub transactional_activity_per_year: Option<u32>,
    /// `PaymentMethodAdded` (UTC).
    #[serde(
        rename = "PaymentMethodAdded",
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::ser_opt_datetime"
    )]
    pub payment_method_added: Option<OffsetDateTime>,
    /// `PaymentMethodIndicator`.
    #[serde(
        rename = "PaymentMethodIndicator",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_method_indicator: Option<PaymentMethodIndicator>,
    /// `SuspiciousActivityIndicator`.
    #[serde(
        rename = "SuspiciousActivityIndicator",
        skip_serializing_if = "Option::is_none"
    )]
    pub suspicious_activity_indicator: Option<SuspiciousActivityIndicator>,
}

impl PayerAccountInformation {
    fn validate(&self) -> Check {
        opt_max_chars(
            "payer_account_information.account_id",
            self.account_id.as_deref(),
            64,
        )?;
        range(
            "payer_account_information.purchases_in_the_last_6_months",
            self.purchases_in_the_last_6_months,
            0,
            9999,
        )?;
        range(
            "payer_account_information.provision_attempts",
            self.provision_attempts,
            0,
            999,
        )?;
        range(
            "payer_account_information.transactional_activity_per_day",
            self.transactional_activity_per_day,
            0,
            999,
        )?;
        range(
            "payer_account_information.transactional_activity_per_year",
            self.transactional_activity_per_year,
            0,
            999,
        )
    }
}

/// `PurchaseInformation` (3DS): about this purchase. Every field is optional; build it with
/// `PurchaseInformation { ..Default::default() }`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PurchaseInformation {
    /// `DeliveryTimeframe`.
    #[serde(rename = "DeliveryTimeframe", skip_serializing_if = "Option::is_none")]
    pub delivery_timeframe: Option<DeliveryTimeframe>,
    /// `DeliveryEmailAddress`: for electronic delivery.
    #[serde(
        rename = "DeliveryEmailAddress",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_email_address: Option<String>,
    /// `PreOrderDate` (UTC).
    #[serde(
        rename = "PreOrderDate",
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::ser_opt_datetime"
    )]
    pub pre_order_date: Option<OffsetDateTime>,
    /// `AvailabilityIndicator`.
    #[serde(
        rename = "AvailabilityIndicator",
        skip_serializing_if = "Option::is_none"
    )]
    pub availability_indicator: Option<AvailabilityIndicator>,
    /// `ReOrderIndicator`.
    #[serde(rename = "ReOrderIndicator", skip_serializing_if = "Option::is_none")]
    pub re_order_indicator: Option<ReOrderIndicator>,
    /// `ShippingAddressIndicator`.
    #[serde(
        rename = "ShippingAddressIndicator",
        skip_serializing_if = "Option::is_none"
    )]
    pub shipping_address_indicator: Option<ShippingAddressIndicator>,
    /// `RecurringExpiry` (UTC): required for an initial `RecurringPayment`.
    #[serde(
        rename = "RecurringExpiry",
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::ser_opt_datetime"
    )]
    pub recurring_expiry: Option<OffsetDateTime>,
    /// `RecurringFrequency`: days between charges (0–9999); required for an initial
    /// `RecurringPayment`.
    #[serde(rename = "RecurringFrequency", skip_serializing_if = "Option::is_none")]
    pub recurring_frequency: Option<u32>,
    /// `PurchaseType`.
    #[serde(rename = "PurchaseType", skip_serializing_if = "Option::is_none")]
    pub purchase_type: Option<PurchaseType>,
    /// `GiftCardPurchase`.
    #[serde(rename = "GiftCardPurchase", skip_serializing_if = "Option::is_none")]
    pub gift_card_purchase: Option<GiftCardPurchase>,
    /// `PurchaseDate` (UTC).
    #[serde(
        rename = "PurchaseDate",
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::ser_opt_datetime"
    )]
    pub purchase_date: Option<OffsetDateTime>,
}

impl PurchaseInformation {
    fn validate(&self, currency: &CurrencyCode) -> Check {
        range(
            "purchase_information.recurring_frequency",
            self.recurring_frequency,
            0,
            9999,
        )?;
        if let Some(g) = &self.gift_card_purchase {
            amount(
                "purchase_information.gift_card_purchase.amount",
                g.amount,
                currency,
                Sign::Positive,
            )?;
            range(
                "purchase_information.gift_card_purchase.count",
                Some(g.count),
                1,
                99,
            )?;
        }
        Ok(())
    }
}

/// `GiftCardPurchase` (3DS): gift cards bought in this purchase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GiftCardPurchase {
    /// `Amount`: their value, greater than 0, in the currency's precision.
    #[serde(
        rename = "Amount",
        serialize_with = "payments_core::amount::json_number::serialize"
    )]
    pub amount: Decimal,
    /// `Count`: how many (1–99).
    #[serde(rename = "Count")]
    pub count: u32,
}

/// The body of `POST /v2/Payment/Complete`: completes a prepared payment whose 3DS
/// authentication happened off-site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompleteRequest {
    /// `PaymentId`: Barion's id of the payment.
    #[serde(rename = "PaymentId")]
    pub payment_id: Uuid,
}

impl CompleteRequest {
    /// Completes `payment_id`.
    pub fn new(payment_id: Uuid) -> Self {
        Self { payment_id }
    }
}

/// The status query that tells what happened to a write on `payment_id`.
pub(crate) fn payment_state_of(payment_id: Uuid) -> Resolution {
    Resolution::new(
        "payment_state",
        "payment_id",
        payment_id.as_simple().to_string(),
    )
}

impl Client {
    /// `POST /v2/Payment/Start`: prepares a payment; send the payer to
    /// [`Client::payer_redirect_url`] afterwards.
    ///
    /// Checked locally first ([`StartPaymentRequest::validate`]); never retried (Barion does not
    /// deduplicate starts). When the outcome is unknown (a timeout, a 5xx, an answer that did
    /// not decode) no `PaymentId` came back to query, so the error's
    /// [`Resolution`](payments_core::Resolution) names the callback: Barion posts the payment's
    /// id to the `CallbackUrl` when it completes, is cancelled or expires, and
    /// [`Client::callback_state`] then reads it (match it by `PaymentRequestId`). A prepared
    /// payment nobody pays moves no money and expires after its `PaymentWindow`.
    ///
    /// ```no_run
    /// use barion_sdk::{Client, CurrencyCode, Item, Locale, PaymentTransaction, PaymentType, StartPaymentRequest, dec};
    /// # async fn run(client: &Client) -> barion_sdk::Result<()> {
    /// let mug = Item::new("Mug", "Blue mug", dec!(1), "piece", dec!(1000), dec!(1000));
    /// let request = StartPaymentRequest::new(
    ///     PaymentType::Immediate,
    ///     "ORDER-0001-1",
    ///     CurrencyCode::Huf,
    ///     Locale::Hungarian,
    ///     vec![PaymentTransaction::new("ORDER-0001-T1", "owner@shop.example", dec!(1000)).item(mug)],
    /// )
    /// .callback_url("https://shop.example/barion/callback");
    /// let started = client.start_payment(&request).await?;
    /// println!("{}", client.payer_redirect_url(&started));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start_payment(
        &self,
        request: &StartPaymentRequest,
    ) -> Result<StartPaymentResponse> {
        request.validate()?;
        let http = Request::post("/v2/Payment/Start")
            .operation("start_payment")
            .json(request)?
            .resolve_with(Resolution::new(
                "callback_state",
                "payment_request_id",
                request.payment_request_id.clone(),
            ));
        self.execute(http).await
    }

    /// `GET /v4/Payment/{id}/PaymentState`: the payment's current state and all its
    /// transactions (the preferred state query). Barion accepts 2 queries per payment in 5
    /// seconds and answers 429 beyond that; the read is retried per the client's policy.
    ///
    /// ```no_run
    /// # async fn run(client: &barion_sdk::Client) -> barion_sdk::Result<()> {
    /// let id = barion_sdk::parse_id("ecc2bc7a3d8147cab1f04de3dddd657f").unwrap();
    /// let state = client.payment_state(id).await?;
    /// if state.is_final() {
    ///     println!("{:?} {:?} {:?}", state.status, state.total, state.currency);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn payment_state(&self, payment_id: Uuid) -> Result<PaymentState> {
        let path = format!("/v4/Payment/{}/PaymentState", payment_id.as_simple());
        self.execute(Request::get(path).operation("payment_state"))
            .await
    }

    /// `GET /v2/Payment/GetPaymentState?PaymentId=<id>`: the legacy (deprecated) state query,
    /// answered like [`payment_state`](Self::payment_state) without `PaymentMethod`. With
    /// [`ClientBuilder::legacy_query_auth`](crate::ClientBuilder::legacy_query_auth) the POSKey
    /// also goes in the query, as in Barion's old docs (`?POSKey=..&PaymentId=..`).
    ///
    /// ```no_run
    /// # async fn run(client: &barion_sdk::Client) -> barion_sdk::Result<()> {
    /// let id = barion_sdk::parse_id("db3f3bda-9fc8-4229-b21a-b021483a5435").unwrap();
    /// let state = client.legacy_payment_state(id).await?;
    /// # let _ = state; Ok(())
    /// # }
    /// ```
    pub async fn legacy_payment_state(&self, payment_id: Uuid) -> Result<PaymentState> {
        let mut http =
            Request::get("/v2/Payment/GetPaymentState").operation("legacy_payment_state");
        if self.legacy_query_auth() {
            http = http.secret_query("POSKey", self.pos_key());
        }
        let http = http.query("PaymentId", payment_id.hyphenated().to_string());
        self.execute(http).await
    }

    /// `POST /v2/Payment/Complete`: completes a prepared payment whose 3DS authentication
    /// happened off-site. An unknown outcome is resolved with
    /// [`payment_state`](Self::payment_state).
    ///
    /// ```no_run
    /// use barion_sdk::CompleteRequest;
    /// # async fn run(client: &barion_sdk::Client) -> barion_sdk::Result<()> {
    /// let id = barion_sdk::parse_id("f28b2b2572644d1084bbb3a7d8362337").unwrap();
    /// let done = client.complete_payment(&CompleteRequest::new(id)).await?;
    /// println!("{:?}", done.payment_status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn complete_payment(&self, request: &CompleteRequest) -> Result<CompleteResponse> {
        let http = Request::post("/v2/Payment/Complete")
            .operation("complete_payment")
            .json(request)?
            .resolve_with(payment_state_of(request.payment_id));
        self.execute(http).await
    }
}
