//! `POST /payment`: primary operations, hosted (payment page) or direct (card data or token).

use std::fmt;

use payments_core::secret::Redacted;
use payments_core::{Decimal, ExposeSecret, InvalidRequest, SecretString};
use serde::{Serialize, Serializer};
use time::Date;

use crate::client::{Client, resolution};
use crate::error::{Error, ErrorEnvelope, Result};
use crate::model::enums::{Mode, OperationMethod, ThreeDsBypass};
use crate::model::operation::Operation;
use crate::model::payment::{HostedPayment, HostedPaymentBody, RedirectSource};
use crate::model::product::Product;
use crate::validate;

/// The fields hosted and direct payments share (all optional on the wire).
#[derive(Debug, Clone, Default, Serialize)]
struct PaymentFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    order_3ds_bypass: Option<ThreeDsBypass>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    products: Vec<Product>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_email: Option<String>,
    #[serde(rename = "customer_fname", skip_serializing_if = "Option::is_none")]
    customer_first_name: Option<String>,
    #[serde(rename = "customer_lname", skip_serializing_if = "Option::is_none")]
    customer_last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_patronym: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_referrer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_mcc: Option<String>,
}

impl PaymentFields {
    fn validate(&self) -> Result<(), InvalidRequest> {
        validate::url("server_url", self.server_url.as_deref())?;
        validate::url("result_url", self.result_url.as_deref())?;
        validate::max_chars("payload", self.payload.as_deref(), validate::PAYLOAD_MAX)?;
        if let Some(country) = &self.customer_country
            && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return Err(InvalidRequest::new(
                "customer_country",
                "must be an ISO 3166-1 alpha-2 code",
            ));
        }
        for (i, product) in self.products.iter().enumerate() {
            product.validate(i)?;
        }
        Ok(())
    }
}

/// Setters of [`PaymentFields`] on a request type with a `fields` member.
macro_rules! payment_setters {
    ($ty:ty) => {
        impl $ty {
            /// `order_3ds_bypass`: whether the order may skip 3-D Secure (not sent unless set).
            pub fn order_3ds_bypass(mut self, bypass: ThreeDsBypass) -> Self {
                self.fields.order_3ds_bypass = Some(bypass);
                self
            }
            /// `server_url`: where the gateway sends this order's webhooks.
            pub fn server_url(mut self, url: impl Into<String>) -> Self {
                self.fields.server_url = Some(url.into());
                self
            }
            /// `result_url`: where the payer's browser returns after paying.
            pub fn result_url(mut self, url: impl Into<String>) -> Self {
                self.fields.result_url = Some(url.into());
                self
            }
            /// `payload`: free merchant data echoed back (at most 4000 characters).
            pub fn payload(mut self, payload: impl Into<String>) -> Self {
                self.fields.payload = Some(payload.into());
                self
            }
            /// `products`: the order's product lines (fiscalization).
            pub fn products(mut self, products: Vec<Product>) -> Self {
                self.fields.products = products;
                self
            }
            /// `customer_id`: the merchant's customer id.
            pub fn customer_id(mut self, id: impl Into<String>) -> Self {
                self.fields.customer_id = Some(id.into());
                self
            }
            /// `customer_email`.
            pub fn customer_email(mut self, email: impl Into<String>) -> Self {
                self.fields.customer_email = Some(email.into());
                self
            }
            /// `customer_fname`: the payer's first name.
            pub fn customer_first_name(mut self, name: impl Into<String>) -> Self {
                self.fields.customer_first_name = Some(name.into());
                self
            }
            /// `customer_lname`: the payer's last name.
            pub fn customer_last_name(mut self, name: impl Into<String>) -> Self {
                self.fields.customer_last_name = Some(name.into());
                self
            }
            /// `customer_patronym`: the payer's patronymic.
            pub fn customer_patronym(mut self, name: impl Into<String>) -> Self {
                self.fields.customer_patronym = Some(name.into());
                self
            }
            /// `customer_phone`.
            pub fn customer_phone(mut self, phone: impl Into<String>) -> Self {
                self.fields.customer_phone = Some(phone.into());
                self
            }
            /// `customer_ip`: the payer's IP address.
            pub fn customer_ip(mut self, ip: impl Into<String>) -> Self {
                self.fields.customer_ip = Some(ip.into());
                self
            }
            /// `customer_country`: ISO 3166-1 alpha-2 code.
            pub fn customer_country(mut self, country: impl Into<String>) -> Self {
                self.fields.customer_country = Some(country.into());
                self
            }
            /// `customer_referrer`: the page the payer came from.
            pub fn customer_referrer(mut self, url: impl Into<String>) -> Self {
                self.fields.customer_referrer = Some(url.into());
                self
            }
            /// `merchant_mcc`: 4-digit merchant category code.
            pub fn merchant_mcc(mut self, mcc: impl Into<String>) -> Self {
                self.fields.merchant_mcc = Some(mcc.into());
                self
            }
        }
    };
}

/// The fields every primary operation requires.
#[derive(Debug, Clone, Serialize)]
struct Primary {
    mode: Mode,
    method: OperationMethod,
    #[serde(with = "payments_core::amount::json_number")]
    amount: Decimal,
    currency: String,
    description: String,
    order_id: String,
}

impl Primary {
    fn validate(&self) -> Result<(), InvalidRequest> {
        validate::order_id(&self.order_id)?;
        validate::amount("amount", self.amount)?;
        validate::currency("currency", &self.currency)?;
        validate::non_empty("description", &self.description)
    }
}

/// A hosted payment (`mode: "hosted"`): the payer enters the card on the gateway's page.
///
/// ```
/// use finline_sdk::{HostedPaymentRequest, dec};
/// let request = HostedPaymentRequest::purchase(dec!(100.50), "UAH", "Order 123", "123")
///     .server_url("https://shop.example/hook")
///     .result_url("https://shop.example/done");
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct HostedPaymentRequest {
    #[serde(flatten)]
    primary: Primary,
    #[serde(flatten)]
    fields: PaymentFields,
}

payment_setters!(HostedPaymentRequest);

impl HostedPaymentRequest {
    /// A one-step payment of `amount` (major units, at most 2 decimals) in `currency`, for the
    /// merchant's `order_id` (at most 32 characters, never reused on the POS).
    pub fn purchase(
        amount: Decimal,
        currency: impl Into<String>,
        description: impl Into<String>,
        order_id: impl Into<String>,
    ) -> Self {
        Self::new(
            OperationMethod::Purchase,
            amount,
            currency,
            description,
            order_id,
        )
    }

    /// A hold (`auth`) of `amount`, to be captured or voided later.
    pub fn auth(
        amount: Decimal,
        currency: impl Into<String>,
        description: impl Into<String>,
        order_id: impl Into<String>,
    ) -> Self {
        Self::new(
            OperationMethod::Auth,
            amount,
            currency,
            description,
            order_id,
        )
    }

    fn new(
        method: OperationMethod,
        amount: Decimal,
        currency: impl Into<String>,
        description: impl Into<String>,
        order_id: impl Into<String>,
    ) -> Self {
        Self {
            primary: Primary {
                mode: Mode::Hosted,
                method,
                amount,
                currency: currency.into(),
                description: description.into(),
                order_id: order_id.into(),
            },
            fields: PaymentFields::default(),
        }
    }

    /// `order_id` of the request.
    pub fn order_id(&self) -> &str {
        &self.primary.order_id
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        self.primary.validate()?;
        self.fields.validate()
    }
}

/// Card data of a direct payment. A secret: `Debug` never shows it.
#[derive(Clone)]
pub struct CardData {
    number: SecretString,
    exp_month: u8,
    exp_year: u16,
    cvv: SecretString,
}

impl fmt::Debug for CardData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardData")
            .field("number", &Redacted)
            .field("exp_month", &Redacted)
            .field("exp_year", &Redacted)
            .field("cvv", &Redacted)
            .finish()
    }
}

impl CardData {
    /// The card `number` (PAN digits, `cc_number`), expiry month 1-12 (`exp_month`), expiry
    /// year as the gateway's examples write it, two digits (`exp_year`), and `cvv`
    /// (`card_cvv`).
    pub fn new(number: SecretString, exp_month: u8, exp_year: u16, cvv: SecretString) -> Self {
        Self {
            number,
            exp_month,
            exp_year,
            cvv,
        }
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        card_number("cc_number", &self.number)?;
        if !(1..=12).contains(&self.exp_month) {
            return Err(InvalidRequest::new("exp_month", "must be 1 to 12"));
        }
        if self.exp_year > 9999 {
            return Err(InvalidRequest::new("exp_year", "must be a year"));
        }
        let cvv = self.cvv.expose_secret();
        if !(3..=4).contains(&cvv.len()) || !cvv.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidRequest::new("card_cvv", "must be 3 or 4 digits"));
        }
        Ok(())
    }
}

fn card_number(field: &'static str, number: &SecretString) -> Result<(), InvalidRequest> {
    let pan = number.expose_secret();
    if !(12..=19).contains(&pan.len()) || !pan.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidRequest::new(field, "must be 12 to 19 digits"));
    }
    Ok(())
}

/// How a direct payment names the card.
#[derive(Clone)]
pub enum Card {
    /// Full card data (`cc_number`, `exp_month`, `exp_year`, `card_cvv`).
    Data(CardData),
    /// `cc_token`: a card token from an earlier tokenised payment (Apple/Google Pay recurring
    /// tokens start with `rcr:`).
    Token(SecretString),
}

impl fmt::Debug for Card {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Data(data) => f.debug_tuple("Data").field(data).finish(),
            Self::Token(_) => f.debug_tuple("Token").field(&Redacted).finish(),
        }
    }
}

/// The card as sent: `cc_number` + `exp_month` + `exp_year` + `card_cvv`, `cc_token`, or
/// (payouts) `cc_number` alone.
#[derive(Clone)]
enum CardSource {
    Card(Card),
    PayoutNumber(SecretString),
}

impl Serialize for CardSource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        match self {
            Self::Card(Card::Data(d)) => {
                map.serialize_entry("cc_number", d.number.expose_secret())?;
                map.serialize_entry("exp_month", &d.exp_month)?;
                map.serialize_entry("exp_year", &d.exp_year)?;
                map.serialize_entry("card_cvv", d.cvv.expose_secret())?;
            }
            Self::Card(Card::Token(token)) => {
                map.serialize_entry("cc_token", token.expose_secret())?;
            }
            Self::PayoutNumber(number) => {
                map.serialize_entry("cc_number", number.expose_secret())?;
            }
        }
        map.end()
    }
}

impl fmt::Debug for CardSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Card(card) => card.fmt(f),
            Self::PayoutNumber(_) => f.debug_tuple("PayoutNumber").field(&Redacted).finish(),
        }
    }
}

#[allow(clippy::ref_option, clippy::trivially_copy_pass_by_ref)] // serde hands over `&Option<T>`.
fn date_option<S: Serializer>(value: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(date) => serializer.serialize_str(&payments_core::time::format_date(*date)),
        None => serializer.serialize_none(),
    }
}

/// Fields only a payout (`credit`) uses.
#[derive(Debug, Clone, Default, Serialize)]
struct CreditFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_city: Option<String>,
    #[serde(
        serialize_with = "date_option",
        skip_serializing_if = "Option::is_none"
    )]
    customer_birthday: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validation_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipient_first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipient_middle_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipient_last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipient_doc_number: Option<String>,
    #[serde(
        serialize_with = "date_option",
        skip_serializing_if = "Option::is_none"
    )]
    recipient_doc_issue_date: Option<Date>,
}

/// A direct payment (`mode: "direct"`): the merchant sends card data or a card token. Also the
/// payout to a card (`credit`) and the card check (`lookup`).
///
/// ```
/// use finline_sdk::{Card, CardData, DirectPaymentRequest, SecretString, dec};
/// let card = CardData::new(SecretString::from("4242424242424242"), 2, 24, SecretString::from("111"));
/// let request = DirectPaymentRequest::auth(dec!(1), "UAH", "Order 123", "123", Card::Data(card));
/// assert!(!format!("{request:?}").contains("4242424242424242"));
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct DirectPaymentRequest {
    #[serde(flatten)]
    primary: Primary,
    #[serde(flatten)]
    card: CardSource,
    #[serde(flatten)]
    fields: PaymentFields,
    #[serde(flatten)]
    credit: CreditFields,
}

payment_setters!(DirectPaymentRequest);

impl DirectPaymentRequest {
    /// A one-step payment of `amount` (major units, at most 2 decimals) in `currency` with
    /// `card`, for the merchant's `order_id` (at most 32 characters).
    pub fn purchase(
        amount: Decimal,
        currency: impl Into<String>,
        description: impl Into<String>,
        order_id: impl Into<String>,
        card: Card,
    ) -> Self {
        Self::new(
            OperationMethod::Purchase,
            amount,
            currency,
            description,
            order_id,
            CardSource::Card(card),
        )
    }

    /// A hold (`auth`) of `amount` on `card`, to be captured or voided later.
    pub fn auth(
        amount: Decimal,
        currency: impl Into<String>,
        description: impl Into<String>,
        order_id: impl Into<String>,
        card: Card,
    ) -> Self {
        Self::new(
            OperationMethod::Auth,
            amount,
            currency,
            description,
            order_id,
            CardSource::Card(card),
        )
    }

    /// A card check (`lookup`).
    pub fn lookup(
        amount: Decimal,
        currency: impl Into<String>,
        description: impl Into<String>,
        order_id: impl Into<String>,
        card: Card,
    ) -> Self {
        Self::new(
            OperationMethod::Lookup,
            amount,
            currency,
            description,
            order_id,
            CardSource::Card(card),
        )
    }

    /// A payout (`credit`) of `amount` to the card `card_number` (`cc_number`).
    pub fn credit(
        amount: Decimal,
        currency: impl Into<String>,
        description: impl Into<String>,
        order_id: impl Into<String>,
        card_number: SecretString,
    ) -> Self {
        Self::new(
            OperationMethod::Credit,
            amount,
            currency,
            description,
            order_id,
            CardSource::PayoutNumber(card_number),
        )
    }

    fn new(
        method: OperationMethod,
        amount: Decimal,
        currency: impl Into<String>,
        description: impl Into<String>,
        order_id: impl Into<String>,
        card: CardSource,
    ) -> Self {
        Self {
            primary: Primary {
                mode: Mode::Direct,
                method,
                amount,
                currency: currency.into(),
                description: description.into(),
                order_id: order_id.into(),
            },
            card,
            fields: PaymentFields::default(),
            credit: CreditFields::default(),
        }
    }

    /// `order_id` of the request.
    pub fn order_id(&self) -> &str {
        &self.primary.order_id
    }

    /// `customer_city` (payouts).
    pub fn customer_city(mut self, city: impl Into<String>) -> Self {
        self.credit.customer_city = Some(city.into());
        self
    }

    /// `customer_birthday`, sent as `yyyy-MM-dd` (payouts).
    pub fn customer_birthday(mut self, date: Date) -> Self {
        self.credit.customer_birthday = Some(date);
        self
    }

    /// `validation_url`: the gateway asks it before a payout.
    pub fn validation_url(mut self, url: impl Into<String>) -> Self {
        self.credit.validation_url = Some(url.into());
        self
    }

    /// `properties`: a JSON object of extra properties (payouts).
    pub fn properties(mut self, properties: serde_json::Map<String, serde_json::Value>) -> Self {
        self.credit.properties = Some(properties);
        self
    }

    /// `recipient_first_name`, `recipient_middle_name`, `recipient_last_name` (payouts; the
    /// middle name is left out when `None`).
    pub fn recipient_name(
        mut self,
        first: impl Into<String>,
        middle: Option<String>,
        last: impl Into<String>,
    ) -> Self {
        self.credit.recipient_first_name = Some(first.into());
        self.credit.recipient_middle_name = middle;
        self.credit.recipient_last_name = Some(last.into());
        self
    }

    /// `recipient_doc_number` and `recipient_doc_issue_date`: the recipient's identity document.
    pub fn recipient_document(mut self, number: impl Into<String>, issued: Date) -> Self {
        self.credit.recipient_doc_number = Some(number.into());
        self.credit.recipient_doc_issue_date = Some(issued);
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        self.primary.validate()?;
        match &self.card {
            CardSource::Card(Card::Data(data)) => data.validate()?,
            CardSource::Card(Card::Token(token)) => {
                validate::non_empty("cc_token", token.expose_secret())?;
            }
            CardSource::PayoutNumber(number) => card_number("cc_number", number)?,
        }
        validate::url("validation_url", self.credit.validation_url.as_deref())?;
        self.fields.validate()
    }

    /// The secret values this request sends (card number, CVV, token), declared on the request
    /// so that an answer echoing them has them masked.
    fn secrets(&self) -> Vec<&SecretString> {
        match &self.card {
            CardSource::Card(Card::Data(d)) => vec![&d.number, &d.cvv],
            CardSource::Card(Card::Token(token)) => vec![token],
            CardSource::PayoutNumber(number) => vec![number],
        }
    }
}

impl Client {
    /// `POST /payment` in hosted mode: creates the payment and returns the page to redirect the
    /// payer to, read from `redirect_url` of a JSON body, or else the `Location` header (of a
    /// 3xx, or of a 2xx without `redirect_url`).
    ///
    /// Never repeated. After a 5xx, a timeout or an answer that cannot be read the outcome is
    /// unknown: the error's [`Resolution`](payments_core::Resolution) names
    /// [`order_status`](Self::order_status) for this `order_id`. A reused `order_id` is an API
    /// error with [`ErrorCode::AlreadyExists`](crate::ErrorCode::AlreadyExists) (`P-409`).
    ///
    /// ```no_run
    /// # async fn run(client: finline_sdk::Client) -> finline_sdk::Result<()> {
    /// use finline_sdk::{HostedPaymentRequest, dec};
    ///
    /// let request = HostedPaymentRequest::purchase(dec!(100.50), "UAH", "Order 125", "125")
    ///     .server_url("https://shop.example/finline/webhook")
    ///     .result_url("https://shop.example/orders/125");
    /// let page = client.create_hosted_payment(&request).await?;
    /// println!("send the payer to {}", page.redirect_url);
    /// # Ok(()) }
    /// ```
    pub async fn create_hosted_payment(
        &self,
        request: &HostedPaymentRequest,
    ) -> Result<HostedPayment> {
        request.validate()?;
        let order_id = request.order_id();
        let response = self
            .send(self.write("/payment", "create_hosted_payment", order_id, request)?)
            .await?;
        let location = response
            .header("location")
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map(str::to_owned);
        let from_location = |url: String| HostedPayment {
            redirect_url: url,
            source: RedirectSource::Location,
        };
        if response.status.is_redirection() {
            return location.map(from_location).ok_or_else(|| {
                // The gateway answered as it does when the payment was created: unknown.
                let mut e = response.decode_error("Location", "a redirect without a Location");
                e.outcome_unknown = Some(payments_core::UnknownOutcome::new(Some(resolution(
                    order_id,
                ))));
                Error::Decode(e)
            });
        }
        if !response.is_success() {
            return Err(response.error());
        }
        // An empty 2xx with a Location is an answer too: the body is read only when there is one.
        let body = (!response.body.trim_ascii().is_empty())
            .then(|| response.json::<HostedPaymentBody, ErrorEnvelope>());
        let from_body = match &body {
            Some(Ok(b)) => b
                .redirect_url
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty()),
            _ => None,
        };
        if let Some(url) = from_body {
            return Ok(HostedPayment {
                redirect_url: url.to_owned(),
                source: RedirectSource::Body,
            });
        }
        if let Some(url) = location {
            return Ok(from_location(url));
        }
        Err(match body {
            Some(Err(e)) => e,
            _ => Error::Decode(
                response.decode_error("redirect_url", "no redirect_url and no Location header"),
            ),
        })
    }

    /// `POST /payment` in direct mode (purchase, auth, lookup or credit): returns the operation.
    /// A decline is `Ok` with [`Status::Failure`](crate::Status::Failure); `pending` means wait
    /// for the webhook or poll [`order_status`](Self::order_status).
    ///
    /// The card number, CVV and token are declared secret on the request: masked in every body
    /// an error keeps, even when the gateway echoes them. Never repeated; an unknown outcome
    /// names [`order_status`](Self::order_status).
    ///
    /// ```no_run
    /// # async fn run(client: finline_sdk::Client) -> finline_sdk::Result<()> {
    /// use finline_sdk::{Card, DirectPaymentRequest, SecretString, Status, dec};
    ///
    /// let card = Card::Token(SecretString::from("rcr:tok_from_an_earlier_payment"));
    /// let request = DirectPaymentRequest::purchase(dec!(12.50), "UAH", "Subscription", "sub-2024-05", card);
    /// let op = client.create_direct_payment(&request).await?;
    /// if op.status == Status::Failure {
    ///     println!("declined: {:?}", op.status_description);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create_direct_payment(&self, request: &DirectPaymentRequest) -> Result<Operation> {
        request.validate()?;
        let mut wire = self.write(
            "/payment",
            "create_direct_payment",
            request.order_id(),
            request,
        )?;
        for secret in request.secrets() {
            wire = wire.secret(secret);
        }
        self.call(wire).await
    }
}

#[cfg(test)]
mod tests {
    use super::CreditFields;
    use time::{Date, Month};

    fn birthday(year: i32) -> serde_json::Value {
        let fields = CreditFields {
            customer_birthday: Some(Date::from_calendar_date(year, Month::April, 1).unwrap()),
            ..CreditFields::default()
        };
        serde_json::to_value(fields).unwrap()["customer_birthday"].clone()
    }

    #[test]
    fn dates_are_sent_as_yyyy_mm_dd() {
        assert_eq!(birthday(1990), "1990-04-01");
        assert_eq!(birthday(2010), "2010-04-01");
        // Years of fewer than four digits are zero-padded, as `[year]` writes them.
        assert_eq!(birthday(905), "0905-04-01");
        assert_eq!(birthday(0), "0000-04-01");
        // Before 1 CE, `time`'s formatter writes a sign; so does this.
        assert_eq!(birthday(-1), "-0001-04-01");
        assert_eq!(birthday(9999), "9999-04-01");
    }

    #[test]
    fn absent_dates_are_left_out() {
        let body = serde_json::to_value(CreditFields::default()).unwrap();
        assert_eq!(body, serde_json::json!({}));
    }
}
