//! Payelata: `payment_invoice` (`GET /payment-invoices/{id}`, HTTP Basic), a JSON:API document.

use std::sync::Arc;

use base64::Engine as _;
use payelata_sdk::{Client, Credentials, Document, PaymentInvoice, Resource, SecretString};
use payments_core::HttpTransport;

use crate::{Baseline, Case, sdk_user_agent};

const ACCOUNT_ID: &str = "coma_123";
const API_KEY: &str = "my-api-key";
const INVOICE_ID: &str = "cpi_ADzwZTG99f3q3utQ";

/// The Payelata case.
#[derive(Debug)]
pub struct Payelata;

impl Case for Payelata {
    const NAME: &'static str = "payelata";
    const READ_FIXTURE: &'static str = "payelata/token-checkout-response.json";
    const DECODE_FIXTURE: &'static str = "payelata/token-checkout-response.json";
    const READ_BODY: &'static [u8] =
        include_bytes!("../../../fixtures/payelata/token-checkout-response.json");
    const DECODE_BODY: &'static [u8] = Self::READ_BODY;

    type Client = Client;
    type Read = Resource<PaymentInvoice>;
    type PlainRead = plain::Document;
    type Decoded = Resource<PaymentInvoice>;
    type PlainDecoded = plain::Document;
    type Entry = Document<PaymentInvoice>;

    fn client(base_url: &str, transport: Option<Arc<dyn HttpTransport>>) -> Client {
        let mut builder = Client::builder(
            base_url,
            Credentials::new(ACCOUNT_ID, SecretString::from(API_KEY)),
        );
        if let Some(t) = transport {
            builder = builder.transport(t);
        }
        builder.build().expect("a Payelata client")
    }

    async fn read(client: &Client) -> Result<Resource<PaymentInvoice>, String> {
        client
            .payment_invoice(INVOICE_ID)
            .await
            .map_err(|e| e.to_string())
    }

    fn baseline(base_url: &str) -> Baseline {
        let basic =
            base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_ID}:{API_KEY}"));
        Baseline::new(
            base_url,
            &[
                ("accept", "application/json".to_owned()),
                ("authorization", format!("Basic {basic}")),
                ("user-agent", sdk_user_agent("payelata-sdk")),
            ],
        )
    }

    async fn baseline_read(baseline: &Baseline) -> Result<plain::Document, String> {
        let url = format!("{}/payment-invoices/{INVOICE_ID}", baseline.base);
        baseline.get_json(&url).await
    }

    async fn decode(client: &Client) -> Result<Resource<PaymentInvoice>, String> {
        Self::read(client).await
    }

    fn decode_plain(body: &[u8]) -> Result<plain::Document, String> {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    }

    /// `payments_core::decode_json::<Document<PaymentInvoice>>`: what the client's
    /// `HttpClient::call` runs.
    fn decode_entry(body: &[u8]) -> Option<Result<Document<PaymentInvoice>, String>> {
        Some(payments_core::decode_json(None, body).map_err(|e| e.to_string()))
    }
}

/// The plain structs of `token-checkout-response.json`.
#[allow(dead_code)]
pub mod plain {
    use serde::Deserialize;

    /// The JSON:API document.
    #[derive(Debug, Deserialize)]
    pub struct Document {
        data: Resource,
    }

    /// The payment invoice resource.
    #[derive(Debug, Deserialize)]
    pub struct Resource {
        #[serde(rename = "type")]
        kind: String,
        id: String,
        attributes: Attributes,
        relationships: Option<Relationships>,
        links: Option<Links>,
    }

    /// The invoice's attributes.
    #[derive(Debug, Deserialize)]
    pub struct Attributes {
        serial_number: Option<String>,
        status: Option<String>,
        resolution: Option<String>,
        moderation_required: Option<bool>,
        amount: Option<f64>,
        payment_amount: Option<f64>,
        currency: Option<String>,
        service_currency: Option<String>,
        reference_id: Option<String>,
        test_mode: Option<bool>,
        fee: Option<f64>,
        deposit: Option<f64>,
        processed: Option<f64>,
        processed_amount: Option<f64>,
        refunded_amount: Option<f64>,
        processed_fee: Option<f64>,
        processed_deposit: Option<f64>,
        #[serde(default)]
        metadata: Vec<String>,
        flow_data: Option<FlowData>,
        flow: Option<String>,
        payment_flow: Option<String>,
        created: Option<f64>,
        updated: Option<f64>,
        payload: Option<String>,
        description: Option<String>,
        descriptor: Option<String>,
        callback_url: Option<String>,
        return_url: Option<String>,
        original_data: Option<String>,
        rrn: Option<String>,
        approval_code: Option<String>,
    }

    /// `flow_data`.
    #[derive(Debug, Deserialize)]
    pub struct FlowData {
        action: Option<String>,
        method: Option<String>,
        #[serde(default)]
        params: Vec<String>,
        metadata: Option<FlowMetadata>,
    }

    /// `flow_data.metadata`.
    #[derive(Debug, Deserialize)]
    pub struct FlowMetadata {
        sid: Option<String>,
        token: Option<String>,
    }

    /// `relationships`.
    #[derive(Debug, Deserialize)]
    pub struct Relationships {
        #[serde(rename = "payment-service")]
        payment_service: Option<Relationship>,
        #[serde(rename = "payment-method")]
        payment_method: Option<Relationship>,
        customer: Option<Relationship>,
    }

    /// One relationship.
    #[derive(Debug, Deserialize)]
    pub struct Relationship {
        data: Option<Identifier>,
    }

    /// A resource identifier.
    #[derive(Debug, Deserialize)]
    pub struct Identifier {
        #[serde(rename = "type")]
        kind: Option<String>,
        id: Option<String>,
    }

    /// `links`.
    #[derive(Debug, Deserialize)]
    pub struct Links {
        #[serde(rename = "self")]
        self_link: Option<String>,
    }
}
