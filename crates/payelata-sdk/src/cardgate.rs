//! The cardgate sale: `POST {CARDGATE_URL}/payment/sale` with `type: sale-operation`.

use payments_core::http::header::AUTHORIZATION;
use payments_core::{Request, Resolution, SecretString};
use serde::Serialize;

use crate::client::{CardgateClient, write_error};
use crate::error::{Error, ErrorEnvelope, Result};
use crate::jsonapi::{self, Resource};
use crate::model::cardgate::SaleAnswer;
use crate::model::payment_invoice::PaymentInvoice;

/// The attributes of a sale (`type: sale-operation`).
///
/// - [`SaleOperation::token`]: `{}`, the charge of an invoice created with a card `token`
///   (and `instant`): the seed's flow.
/// - [`SaleOperation::card`]: raw card data (host-to-host, PCI DSS scope; documented for
///   another Corefy brand, unconfirmed for Payelata), with the payer's [`BrowserInfo`] for
///   3-D Secure 2.
///
/// Card data are secrets: never shown by `Debug`, masked in every error body.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SaleOperation {
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::wire::secret::serialize_option"
    )]
    card_number: Option<SecretString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_holder: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::wire::secret::serialize_option"
    )]
    cvv: Option<SecretString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exp_month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exp_year: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    browser_info: Option<BrowserInfo>,
}

impl SaleOperation {
    /// The charge of a tokenised card: empty attributes, the invoice carries the token.
    pub fn token() -> Self {
        Self::default()
    }

    /// A sale with raw card data: the number, the holder's name, the CVV, and the expiry as
    /// two-digit strings (`"04"`, `"30"`).
    pub fn card(
        card_number: SecretString,
        card_holder: impl Into<String>,
        cvv: SecretString,
        exp_month: impl Into<String>,
        exp_year: impl Into<String>,
    ) -> Self {
        Self {
            card_number: Some(card_number),
            card_holder: Some(card_holder.into()),
            cvv: Some(cvv),
            exp_month: Some(exp_month.into()),
            exp_year: Some(exp_year.into()),
            browser_info: None,
        }
    }

    /// `browser_info`: the payer's browser, for 3-D Secure 2.
    pub fn browser_info(mut self, browser: BrowserInfo) -> Self {
        self.browser_info = Some(browser);
        self
    }

    fn validate(&self) -> Result<()> {
        use payments_core::ExposeSecret as _;
        if let Some(number) = &self.card_number {
            let n = number.expose_secret();
            if !(12..=19).contains(&n.len()) || !n.bytes().all(|b| b.is_ascii_digit()) {
                // The value itself is never echoed.
                return Err(Error::invalid("card_number", "must be 12 to 19 digits"));
            }
        }
        if let Some(cvv) = &self.cvv {
            let c = cvv.expose_secret();
            if !(3..=4).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::invalid("cvv", "must be 3 or 4 digits"));
            }
        }
        let two_digits = |v: &str| v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit());
        if let Some(m) = &self.exp_month
            && !(two_digits(m) && ("01"..="12").contains(&m.as_str()))
        {
            return Err(Error::invalid("exp_month", "must be two digits, 01 to 12"));
        }
        if let Some(y) = &self.exp_year
            && !two_digits(y)
        {
            return Err(Error::invalid(
                "exp_year",
                "must be two digits (`30` for 2030)",
            ));
        }
        Ok(())
    }

    fn secrets(&self) -> impl Iterator<Item = &SecretString> {
        self.card_number.iter().chain(self.cvv.iter())
    }
}

/// Wire `browser_info` of a card sale: the payer's browser as 3-D Secure 2 wants it (strings,
/// but `browser_java_enabled`). Fill what you have: `BrowserInfo { browser_ip: Some(..),
/// ..Default::default() }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BrowserInfo {
    /// Wire `browser_color_depth`, e.g. `"24"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_color_depth: Option<String>,
    /// Wire `browser_ip`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_ip: Option<String>,
    /// Wire `browser_java_enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_java_enabled: Option<bool>,
    /// Wire `browser_language`, e.g. `"uk-UA"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_language: Option<String>,
    /// Wire `browser_screen_height`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_screen_height: Option<String>,
    /// Wire `browser_screen_width`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_screen_width: Option<String>,
    /// Wire `browser_tz`: minutes from UTC, e.g. `"-120"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_tz: Option<String>,
    /// Wire `browser_user_agent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_user_agent: Option<String>,
    /// Wire `browser_accept_header`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_accept_header: Option<String>,
}

impl CardgateClient {
    /// `POST /payment/sale` for `invoice`, authorized with its cardgate bearer
    /// (`flow_data.metadata.token`, from the create answer).
    ///
    /// Never retried; an unknown outcome names
    /// [`Client::payment_invoice`](crate::Client::payment_invoice) to settle it. When the
    /// answer [`requires_3ds`](SaleAnswer::requires_3ds), return
    /// [`AuthPayload::html_form`](crate::AuthPayload::html_form) to the payer; the invoice's
    /// callback tells the outcome. The bearer expires: create a new invoice when it is stale
    /// (a 401).
    ///
    /// ```no_run
    /// # async fn run(client: payelata_sdk::Client, cardgate: payelata_sdk::CardgateClient, token: payelata_sdk::SecretString) -> payelata_sdk::Result<()> {
    /// use payelata_sdk::{CreatePaymentInvoice, InvoiceCustomer, SaleOperation, dec};
    /// let invoice = client
    ///     .create_payment_invoice(
    ///         &CreatePaymentInvoice::new("ORDER-2", dec!(1), "USD", "payment_card_usd_hpp")
    ///             .token(token)
    ///             .customer(InvoiceCustomer::new("my_customer_1"))
    ///             .instant(true),
    ///     )
    ///     .await?;
    /// let answer = cardgate.sale(&invoice, &SaleOperation::token()).await?;
    /// if let Some(step) = answer.auth_payload() {
    ///     let _html = step.html_form(); // return this page to the payer
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn sale(
        &self,
        invoice: &Resource<PaymentInvoice>,
        operation: &SaleOperation,
    ) -> Result<SaleAnswer> {
        let token = invoice.attributes.cardgate_token().ok_or_else(|| {
            Error::invalid(
                "flow_data.metadata.token",
                "is missing: the invoice has no cardgate session",
            )
        })?;
        let resolution = Resolution::new("payment_invoice", "id", invoice.id.clone());
        self.send_sale(token, operation, Some(resolution)).await
    }

    /// `POST /payment/sale` with a cardgate bearer you kept (`flow_data.metadata.token`). An
    /// unknown outcome names no status query: use [`sale`](Self::sale) when you hold the
    /// invoice.
    ///
    /// ```no_run
    /// # async fn run(cardgate: payelata_sdk::CardgateClient, bearer: payelata_sdk::SecretString) -> payelata_sdk::Result<()> {
    /// let answer = cardgate.sale_with_token(&bearer, &payelata_sdk::SaleOperation::token()).await?;
    /// println!("{:?}", answer.status());
    /// # Ok(()) }
    /// ```
    pub async fn sale_with_token(
        &self,
        token: &SecretString,
        operation: &SaleOperation,
    ) -> Result<SaleAnswer> {
        self.send_sale(token, operation, None).await
    }

    async fn send_sale(
        &self,
        token: &SecretString,
        operation: &SaleOperation,
        resolution: Option<Resolution>,
    ) -> Result<SaleAnswer> {
        operation.validate()?;
        let mut request = Request::post("/payment/sale")
            .operation("sale")
            .header(AUTHORIZATION, Self::bearer(token)?)
            .secret(token)
            .json(&jsonapi::document("sale-operation", operation))?;
        for s in operation.secrets() {
            request = request.secret(s);
        }
        if let Some(r) = &resolution {
            request = request.resolve_with(r.clone());
        }
        let response = self.http.send::<ErrorEnvelope>(request).await?;
        if response.is_success() {
            let answer: SaleAnswer = response.json()?;
            if answer.data.is_none() && answer.auth_payload.is_none() && !answer.errors.is_empty() {
                // A 2xx whose body is only an error document.
                return Err(response.error());
            }
            return Ok(answer);
        }
        Err(write_error(&response, resolution))
    }
}
