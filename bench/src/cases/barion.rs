//! Barion: `payment_state` (`GET /v4/Payment/{id}/PaymentState`, header `x-pos-key`).

use std::sync::Arc;

use barion_sdk::{Client, Credentials, PaymentState, SecretString, Uuid};
use payments_core::HttpTransport;

use crate::{Baseline, Case, sdk_user_agent};

const POS_KEY: &str = "999FFDDA-04FF-333F-CCCC-345FCB555FFC";
const PAYMENT_ID: &str = "f28b2b2572644d1084bbb3a7d8362337";

/// The Barion case.
#[derive(Debug)]
pub struct Barion;

impl Case for Barion {
    const NAME: &'static str = "barion";
    const READ_FIXTURE: &'static str = "barion/payment-state-v4-delayed-capture.json";
    const DECODE_FIXTURE: &'static str = "barion/payment-state-v4-delayed-capture.json";
    const READ_BODY: &'static [u8] =
        include_bytes!("../../../fixtures/barion/payment-state-v4-delayed-capture.json");
    const DECODE_BODY: &'static [u8] = Self::READ_BODY;

    type Client = Client;
    type Read = PaymentState;
    type PlainRead = plain::PaymentState;
    type Decoded = PaymentState;
    type PlainDecoded = plain::PaymentState;
    type Entry = PaymentState;

    fn client(base_url: &str, transport: Option<Arc<dyn HttpTransport>>) -> Client {
        let mut builder = Client::builder(Credentials {
            pos_key: SecretString::from(POS_KEY),
        })
        .base_url(base_url);
        if let Some(t) = transport {
            builder = builder.transport(t);
        }
        builder.build().expect("a Barion client")
    }

    async fn read(client: &Client) -> Result<PaymentState, String> {
        let id: Uuid = PAYMENT_ID.parse().map_err(|e| format!("{e}"))?;
        client.payment_state(id).await.map_err(|e| e.to_string())
    }

    fn baseline(base_url: &str) -> Baseline {
        Baseline::new(
            base_url,
            &[
                ("x-pos-key", POS_KEY.to_owned()),
                ("user-agent", sdk_user_agent("barion-sdk")),
            ],
        )
    }

    async fn baseline_read(baseline: &Baseline) -> Result<plain::PaymentState, String> {
        let url = format!("{}/v4/Payment/{PAYMENT_ID}/PaymentState", baseline.base);
        baseline.get_json(&url).await
    }

    async fn decode(client: &Client) -> Result<PaymentState, String> {
        Self::read(client).await
    }

    fn decode_plain(body: &[u8]) -> Result<plain::PaymentState, String> {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    }

    /// `barion_sdk::decode_body`: the model type directly; the client adds the `Errors` check
    /// (a private wrapper) in the same pass.
    fn decode_entry(body: &[u8]) -> Option<Result<PaymentState, String>> {
        Some(barion_sdk::decode_body(body).map_err(|e| e.to_string()))
    }
}

/// The plain structs of `payment-state-v4-delayed-capture.json`.
#[allow(non_snake_case, dead_code)]
pub mod plain {
    use serde::Deserialize;

    /// The answer of `GetPaymentState` v4.
    #[derive(Debug, Deserialize)]
    pub struct PaymentState {
        PaymentId: String,
        PaymentRequestId: Option<String>,
        OrderNumber: Option<String>,
        POSId: Option<String>,
        POSName: Option<String>,
        POSOwnerEmail: Option<String>,
        POSOwnerCountry: Option<String>,
        Status: Option<String>,
        PaymentType: Option<String>,
        FundingSource: Option<String>,
        FundingInformation: Option<FundingInformation>,
        RecurrenceType: Option<String>,
        TraceId: Option<String>,
        #[serde(default)]
        AllowedFundingSources: Vec<String>,
        GuestCheckout: Option<bool>,
        CreatedAt: Option<String>,
        CompletedAt: Option<String>,
        ValidUntil: Option<String>,
        ReservedUntil: Option<String>,
        DelayedCaptureUntil: Option<String>,
        #[serde(default)]
        Transactions: Vec<Transaction>,
        Total: Option<f64>,
        Currency: Option<String>,
        SuggestedLocale: Option<String>,
        FraudRiskScore: Option<f64>,
        CallbackUrl: Option<String>,
        RedirectUrl: Option<String>,
        PaymentMethod: Option<String>,
        #[serde(default)]
        Errors: Vec<ErrorEntry>,
    }

    /// `FundingInformation`.
    #[derive(Debug, Deserialize)]
    pub struct FundingInformation {
        BankCard: Option<BankCard>,
        AuthorizationCode: Option<String>,
        ProcessResult: Option<String>,
    }

    /// `BankCard`.
    #[derive(Debug, Deserialize)]
    pub struct BankCard {
        MaskedPan: Option<String>,
        BankCardType: Option<String>,
        ValidThruYear: Option<f64>,
        ValidThruMonth: Option<String>,
    }

    /// One of `Transactions`.
    #[derive(Debug, Deserialize)]
    pub struct Transaction {
        TransactionId: String,
        POSTransactionId: Option<String>,
        TransactionTime: Option<String>,
        Total: Option<f64>,
        Currency: Option<String>,
        Payer: Option<User>,
        Payee: Option<User>,
        Comment: Option<String>,
        Status: Option<String>,
        TransactionType: Option<String>,
        #[serde(default)]
        Items: Vec<Item>,
        RelatedId: Option<String>,
        POSId: Option<String>,
        PaymentId: Option<String>,
    }

    /// `Payer` / `Payee`.
    #[derive(Debug, Deserialize)]
    pub struct User {
        Name: Option<Name>,
        Email: Option<String>,
    }

    /// `Name`.
    #[derive(Debug, Deserialize)]
    pub struct Name {
        LoginName: Option<String>,
        FirstName: Option<String>,
        LastName: Option<String>,
        OrganizationName: Option<String>,
    }

    /// One of `Items`.
    #[derive(Debug, Deserialize)]
    pub struct Item {
        Name: Option<String>,
        Description: Option<String>,
        Quantity: Option<f64>,
        Unit: Option<String>,
        UnitPrice: Option<f64>,
        ItemTotal: Option<f64>,
        SKU: Option<String>,
        ImageUrl: Option<String>,
    }

    /// One of `Errors` (empty on success).
    #[derive(Debug, Deserialize)]
    pub struct ErrorEntry {
        Title: Option<String>,
        Description: Option<String>,
        ErrorCode: Option<String>,
    }
}
