//! Askell: `payment` (`GET /payments/{uuid}/`, `Authorization: Api-Key <key>`); decoding reads
//! a page of subscriptions (`GET /subscriptions/`, the first page of the `subscriptions` stream).

use std::sync::Arc;

use askell_sdk::{Client, Credentials, Payment, Subscription, SubscriptionListQuery};
use payments_core::{HttpTransport, TryStreamExt as _};
use uuid::Uuid;

use crate::{Baseline, Case, sdk_user_agent};

const API_KEY: &str = "abcdef.abcdefgh1234567890";
const PAYMENT_UUID: &str = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";

/// The Askell case.
#[derive(Debug)]
pub struct Askell;

impl Case for Askell {
    const NAME: &'static str = "askell";
    const READ_FIXTURE: &'static str = "askell/payment-get.json";
    const DECODE_FIXTURE: &'static str = "askell/subscription-list-page.json";
    const READ_BODY: &'static [u8] = include_bytes!("../../../fixtures/askell/payment-get.json");
    const DECODE_BODY: &'static [u8] =
        include_bytes!("../../../fixtures/askell/subscription-list-page.json");

    type Client = Client;
    type Read = Payment;
    type PlainRead = plain::Payment;
    type Decoded = Subscription;
    type PlainDecoded = plain::SubscriptionPage;
    type Entry = ();

    fn client(base_url: &str, transport: Option<Arc<dyn HttpTransport>>) -> Client {
        let mut builder = Client::builder(Credentials::new(API_KEY)).base_url(base_url);
        if let Some(t) = transport {
            builder = builder.transport(t);
        }
        builder.build().expect("an Askell client")
    }

    async fn read(client: &Client) -> Result<Payment, String> {
        let uuid: Uuid = PAYMENT_UUID.parse().map_err(|e| format!("{e}"))?;
        client.payment(uuid).await.map_err(|e| e.to_string())
    }

    fn baseline(base_url: &str) -> Baseline {
        Baseline::new(
            base_url,
            &[
                ("accept", "application/json".to_owned()),
                ("authorization", format!("Api-Key {API_KEY}")),
                ("user-agent", sdk_user_agent("askell-sdk")),
            ],
        )
    }

    async fn baseline_read(baseline: &Baseline) -> Result<plain::Payment, String> {
        let url = format!("{}/payments/{PAYMENT_UUID}/", baseline.base);
        baseline.get_json(&url).await
    }

    /// The first item of the `subscriptions` stream: its first page decoded whole.
    async fn decode(client: &Client) -> Result<Subscription, String> {
        let mut stream = client.subscriptions(&SubscriptionListQuery::new());
        stream
            .try_next()
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| "an empty page".to_owned())
    }

    fn decode_plain(body: &[u8]) -> Result<plain::SubscriptionPage, String> {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    }

    /// None: the client reads list pages through a private wrapper (`ListAnswer`).
    fn decode_entry(_body: &[u8]) -> Option<Result<(), String>> {
        None
    }
}

/// The plain structs of `payment-get.json` and `subscription-list-page.json`.
#[allow(non_snake_case, dead_code)]
pub mod plain {
    use serde::Deserialize;

    /// A one-off payment.
    #[derive(Debug, Deserialize)]
    pub struct Payment {
        uuid: String,
        amount: Option<String>,
        currency: Option<String>,
        description: Option<String>,
        reference: Option<String>,
        state: Option<String>,
        created_at: Option<String>,
        updated_at: Option<String>,
        #[serde(default)]
        transactions: Vec<Transaction>,
    }

    /// A card transaction.
    #[derive(Debug, Deserialize)]
    pub struct Transaction {
        external_reference: Option<String>,
        data: Option<TransactionData>,
        state: Option<String>,
        uuid: String,
        fail_code: Option<String>,
        refund_code: Option<String>,
        cancel_code: Option<String>,
        amount: Option<String>,
        currency: Option<String>,
    }

    /// A transaction's `data`.
    #[derive(Debug, Deserialize)]
    pub struct TransactionData {
        id: Option<String>,
        receipt: Option<Receipt>,
        status: Option<String>,
    }

    /// The Icelandic card receipt.
    #[derive(Debug, Deserialize)]
    pub struct Receipt {
        BuidAdOgilda: Option<bool>,
        Bunkanumer: Option<String>,
        Dagsetning: Option<String>,
        F22_1til4: Option<String>,
        Faersluhirdir: Option<String>,
        Faerslunumer: Option<String>,
        FaerslunumerUpphafleguFaerslu: Option<String>,
        Heimildarnumer: Option<String>,
        Hugbunadarnumer: Option<String>,
        Kortnumer: Option<String>,
        LinaC1: Option<String>,
        LinaC2: Option<String>,
        LinaC3: Option<String>,
        LinaC4: Option<String>,
        LinaD1: Option<String>,
        LinaD2: Option<String>,
        PinSkilabod: Option<String>,
        PosiID: Option<String>,
        Soluadilinumer: Option<String>,
        StadsetningNumer: Option<String>,
        TegundAdgerd: Option<String>,
        TegundKorts: Option<String>,
        TegundKortsKodi: Option<String>,
        TerminalID: Option<String>,
        Timi: Option<String>,
        Upphaed: Option<String>,
        UtstodNumer: Option<String>,
        VerslunHeimilisfang: Option<String>,
        VerslunNafn: Option<String>,
        VerslunStadur: Option<String>,
        Vidskiptaskilabod: Option<String>,
    }

    /// A page of subscriptions.
    #[derive(Debug, Deserialize)]
    pub struct SubscriptionPage {
        count: u64,
        next: Option<String>,
        previous: Option<String>,
        #[serde(default)]
        results: Vec<Subscription>,
    }

    /// A subscription.
    #[derive(Debug, Deserialize)]
    pub struct Subscription {
        id: i64,
        trial_end: Option<String>,
        start_date: Option<String>,
        ended_at: Option<String>,
        active_until: Option<String>,
        reference: Option<String>,
        description: Option<String>,
        is_on_trial: Option<bool>,
        active: Option<bool>,
        cancelled: Option<bool>,
        cancel_date: Option<String>,
        meta: Option<String>,
        token: Option<String>,
        customer: Option<i64>,
        plan: Option<Plan>,
        #[serde(default)]
        billing_logs: Vec<BillingLog>,
    }

    /// A subscription's plan.
    #[derive(Debug, Deserialize)]
    pub struct Plan {
        id: i64,
        name: Option<String>,
        alternative_name: Option<String>,
        reference: Option<String>,
        interval: Option<String>,
        interval_count: Option<u32>,
        amount: Option<String>,
        currency: Option<String>,
        trial_period_days: Option<u32>,
        description: Option<String>,
        enabled: Option<bool>,
        private: Option<bool>,
        electronic_only: Option<bool>,
        payment_processor: Option<Processor>,
    }

    /// A plan's payment processor.
    #[derive(Debug, Deserialize)]
    pub struct Processor {
        id: Option<i64>,
        name: Option<String>,
        #[serde(rename = "type")]
        kind: Option<String>,
    }

    /// One billing of a subscription.
    #[derive(Debug, Deserialize)]
    pub struct BillingLog {
        id: i64,
        billing_log_type: Option<String>,
        billing_date: Option<String>,
        plan_billed_up_to: Option<String>,
        total: Option<String>,
        transaction: Option<Transaction>,
    }
}
