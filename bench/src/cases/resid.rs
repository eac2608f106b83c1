//! Resid: `payment` (`GET /payments/{token}`, `Authorization: <code>`), answered in Resid's
//! envelope `{"message", "info", "errors"}`; decoding reads a page of payments
//! (`payments_page`, the largest fixture).

use std::sync::Arc;

use payments_core::HttpTransport;
use resid_sdk::{Client, Credentials, ListPayments, Payment};

use crate::{Baseline, Case, sdk_user_agent};

const CODE: &str = "abc123";
const TOKEN: &str = "AsF42Sg53";

/// The Resid case.
#[derive(Debug)]
pub struct Resid;

impl Case for Resid {
    const NAME: &'static str = "resid";
    const READ_FIXTURE: &'static str = "resid/payment-get-response.json";
    const DECODE_FIXTURE: &'static str = "resid/payment-list-response.json";
    const READ_BODY: &'static [u8] =
        include_bytes!("../../../fixtures/resid/payment-get-response.json");
    const DECODE_BODY: &'static [u8] =
        include_bytes!("../../../fixtures/resid/payment-list-response.json");

    type Client = Client;
    type Read = Payment;
    type PlainRead = plain::Envelope<plain::Payment>;
    type Decoded = Vec<Payment>;
    type PlainDecoded = plain::Envelope<Vec<plain::Payment>>;
    type Entry = ();

    fn client(base_url: &str, transport: Option<Arc<dyn HttpTransport>>) -> Client {
        let mut builder = Client::builder(Credentials::new(CODE)).base_url(base_url);
        if let Some(t) = transport {
            builder = builder.transport(t);
        }
        builder.build().expect("a Resid client")
    }

    async fn read(client: &Client) -> Result<Payment, String> {
        client.payment(TOKEN).await.map_err(|e| e.to_string())
    }

    fn baseline(base_url: &str) -> Baseline {
        Baseline::new(
            base_url,
            &[
                ("authorization", CODE.to_owned()),
                ("user-agent", sdk_user_agent("resid-sdk")),
            ],
        )
    }

    async fn baseline_read(baseline: &Baseline) -> Result<plain::Envelope<plain::Payment>, String> {
        let url = format!("{}/payments/{TOKEN}", baseline.base);
        let envelope: plain::Envelope<plain::Payment> = baseline.get_json(&url).await?;
        if envelope.is_ok() {
            Ok(envelope)
        } else {
            Err("an error envelope".into())
        }
    }

    async fn decode(client: &Client) -> Result<Vec<Payment>, String> {
        client
            .payments_page(&ListPayments::latest())
            .await
            .map_err(|e| e.to_string())
    }

    fn decode_plain(body: &[u8]) -> Result<plain::Envelope<Vec<plain::Payment>>, String> {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    }

    /// None: the client reads Resid's envelope through a private type.
    fn decode_entry(_body: &[u8]) -> Option<Result<(), String>> {
        None
    }
}

/// The plain structs of `payment-get-response.json` and `payment-list-response.json`.
#[allow(dead_code)]
pub mod plain {
    use serde::Deserialize;

    /// Resid's envelope.
    #[derive(Debug, Deserialize)]
    pub struct Envelope<T> {
        message: Option<String>,
        info: Option<T>,
        #[serde(default)]
        errors: Vec<String>,
    }

    impl<T> Envelope<T> {
        /// `message` is `OK` and `errors` is empty.
        pub fn is_ok(&self) -> bool {
            self.message.as_deref() == Some("OK") && self.errors.is_empty()
        }
    }

    /// A payment request.
    #[derive(Debug, Deserialize)]
    pub struct Payment {
        merchant: Option<Merchant>,
        description: Option<String>,
        payer: Option<String>,
        created: Option<String>,
        amount: Option<f64>,
        paid: Option<String>,
        token: String,
        outcome: Option<Outcome>,
        payload: Option<String>,
    }

    /// The payee as shown.
    #[derive(Debug, Deserialize)]
    pub struct Merchant {
        display_name: Option<String>,
        display_image: Option<String>,
        display_biz_name: Option<String>,
    }

    /// The bank's outcome.
    #[derive(Debug, Deserialize)]
    pub struct Outcome {
        rrn: Option<String>,
        total_amount: Option<f64>,
        tip: Option<f64>,
        state: Option<String>,
        state_error: Option<String>,
        method: Option<String>,
    }
}
