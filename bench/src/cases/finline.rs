//! Financial Line: `order_status` (`GET /pos/{pos_id}/orders/{order_id}`, headers
//! `X-API-AUTH: CPAY key:secret` and `X-API-KEY`), answered with the order's operations.

use std::sync::Arc;

use finline_sdk::{Client, Credentials, Order, SecretString};
use payments_core::HttpTransport;

use crate::{Baseline, Case, sdk_user_agent};

const POS_ID: &str = "dc728de1-51ef-4ef1-80f7-3b44b07b5667";
const API_KEY: &str = "API_KEY";
const API_SECRET: &str = "API_SECRET";
const ENDPOINTS_KEY: &str = "ENDPOINTS_KEY";
const ORDER_ID: &str = "123";

/// The Financial Line case.
#[derive(Debug)]
pub struct Finline;

impl Case for Finline {
    const NAME: &'static str = "finline";
    const READ_FIXTURE: &'static str = "finline/order-status-response.json";
    const DECODE_FIXTURE: &'static str = "finline/order-status-response.json";
    const READ_BODY: &'static [u8] =
        include_bytes!("../../../fixtures/finline/order-status-response.json");
    const DECODE_BODY: &'static [u8] = Self::READ_BODY;

    type Client = Client;
    type Read = Order;
    type PlainRead = Vec<plain::Operation>;
    type Decoded = Order;
    type PlainDecoded = Vec<plain::Operation>;
    type Entry = Order;

    fn client(base_url: &str, transport: Option<Arc<dyn HttpTransport>>) -> Client {
        let mut builder = Client::builder(Credentials {
            pos_id: POS_ID.parse().expect("a POS id"),
            api_key: SecretString::from(API_KEY),
            api_secret: SecretString::from(API_SECRET),
            endpoints_key: SecretString::from(ENDPOINTS_KEY),
        })
        .base_url(base_url);
        if let Some(t) = transport {
            builder = builder.transport(t);
        }
        builder.build().expect("a Financial Line client")
    }

    async fn read(client: &Client) -> Result<Order, String> {
        client
            .order_status(ORDER_ID)
            .await
            .map_err(|e| e.to_string())
    }

    fn baseline(base_url: &str) -> Baseline {
        Baseline::new(
            base_url,
            &[
                ("accept", "application/json".to_owned()),
                ("x-api-auth", format!("CPAY {API_KEY}:{API_SECRET}")),
                ("x-api-key", ENDPOINTS_KEY.to_owned()),
                ("user-agent", sdk_user_agent("finline-sdk")),
            ],
        )
    }

    async fn baseline_read(baseline: &Baseline) -> Result<Vec<plain::Operation>, String> {
        let url = format!("{}/pos/{POS_ID}/orders/{ORDER_ID}", baseline.base);
        baseline.get_json(&url).await
    }

    async fn decode(client: &Client) -> Result<Order, String> {
        Self::read(client).await
    }

    fn decode_plain(body: &[u8]) -> Result<Vec<plain::Operation>, String> {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    }

    /// `payments_core::decode_json::<Order>`: what the client's `HttpClient::call` runs.
    fn decode_entry(body: &[u8]) -> Option<Result<Order, String>> {
        Some(payments_core::decode_json(None, body).map_err(|e| e.to_string()))
    }
}

/// The plain structs of `order-status-response.json`.
#[allow(dead_code)]
pub mod plain {
    use serde::Deserialize;

    /// One operation of the order.
    #[derive(Debug, Deserialize)]
    pub struct Operation {
        operation_id: Option<String>,
        payment_id: Option<String>,
        order_id: String,
        gateway_order_id: Option<String>,
        transaction_id: Option<String>,
        pos_id: Option<String>,
        mode: Option<String>,
        method: String,
        amount: Option<f64>,
        currency: Option<String>,
        status: String,
        status_code: Option<String>,
        status_description: Option<String>,
        created_at: Option<String>,
        processing_time: Option<String>,
        fee: Option<Fee>,
        comment: Option<String>,
        payload: Option<String>,
        provider_order_id: Option<String>,
        response_code: Option<String>,
        response_description: Option<String>,
    }

    /// The commission.
    #[derive(Debug, Deserialize)]
    pub struct Fee {
        amount: Option<f64>,
        currency: Option<String>,
    }
}
