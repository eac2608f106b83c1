//! End-to-end checks across the provider crates, and the demo behind
//! `cargo run -p payments-e2e --example demo`: each provider client driven through a short
//! checkout against a local mock of that provider, answering with the recorded wire samples under
//! `fixtures/`.
#![deny(missing_docs)]

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use httpmock::MockServer;
use payments_core::{RetryPolicy, SecretString};

/// Askell's example secret key (from its docs).
pub const ASKELL_KEY: &str = "abcdef.abcdefgh1234567890";
/// Barion's example POSKey (from its docs).
pub const BARION_POS_KEY: &str = "999FFDDA-04FF-333F-CCCC-345FCB555FFC";
/// Financial Line's example POS id (from its docs).
pub const FINLINE_POS_ID: &str = "dc728de1-51ef-4ef1-80f7-3b44b07b5667";
/// A made-up Financial Line API key.
pub const FINLINE_API_KEY: &str = "demo-api-key";
/// A made-up Financial Line API secret.
pub const FINLINE_API_SECRET: &str = "demo-api-secret-0123456789abcdef";
/// A made-up Financial Line endpoints key.
pub const FINLINE_ENDPOINTS_KEY: &str = "demo-endpoints-key";

/// One thing the demo did and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The provider.
    pub provider: &'static str,
    /// What was asked.
    pub action: String,
    /// What the SDK made of the answer.
    pub outcome: String,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<8} {:<40} {}",
            self.provider, self.action, self.outcome
        )
    }
}

type BoxError = Box<dyn StdError + Send + Sync>;

/// A provider's recorded answer from `fixtures/`.
fn fixture(path: &str) -> Result<String, BoxError> {
    let full = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/").to_owned() + path;
    std::fs::read_to_string(&full).map_err(|e| format!("{full}: {e}").into())
}

fn retry() -> RetryPolicy {
    RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(10))
}

/// Runs the demo against a fresh local mock and returns what happened, step by step.
pub async fn run_demo() -> Result<Vec<Step>, BoxError> {
    let server = MockServer::start_async().await;
    let mut steps = askell(&server).await?;
    steps.extend(barion(&server).await?);
    steps.extend(finline(&server).await?);
    Ok(steps)
}

/// Askell: charge a stored card once, then read the payment back.
async fn askell(server: &MockServer) -> Result<Vec<Step>, BoxError> {
    use askell_sdk::{Client, CreatePayment, Decimal};

    let auth = format!("Api-Key {ASKELL_KEY}");
    let created = fixture("askell/payment-create-response.json")?;
    server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/askell/payments/")
                .header("authorization", auth.as_str());
            then.status(201).body(created);
        })
        .await;
    let settled = fixture("askell/payment-get.json")?;
    server
        .mock_async(|when, then| {
            when.method("GET")
                .path_prefix("/askell/payments/")
                .header("authorization", auth.as_str());
            then.status(200).body(settled);
        })
        .await;

    let client = Client::builder(ASKELL_KEY)
        .base_url(server.url("/askell"))
        .retry(retry())
        .build()?;
    let request = CreatePayment::new("customer-12345", Decimal::ONE, "ISK")
        .description("Monthly coffee")
        .reference("order-1001");
    let payment = client.create_payment(&request).await?;
    let mut steps = vec![Step {
        provider: "askell",
        action: "charge 1 ISK to a stored card".into(),
        outcome: format!(
            "{} is {} ({} {})",
            payment.uuid, payment.state, payment.amount, payment.currency
        ),
    }];
    let payment = client.payment(payment.uuid).await?;
    steps.push(Step {
        provider: "askell",
        action: "read the payment back".into(),
        outcome: format!(
            "state {}, {} transaction(s)",
            payment.state,
            payment.transactions.len()
        ),
    });
    Ok(steps)
}

/// Barion: start a payment, send the payer to the gateway, then ask for the state.
async fn barion(server: &MockServer) -> Result<Vec<Step>, BoxError> {
    use barion_sdk::{
        Client, Currency, Decimal, Environment, Item, Locale, PaymentTransaction, PaymentType,
        StartPaymentRequest,
    };

    let started = fixture("barion/start-payment-response.json")?;
    server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/barion/v2/Payment/Start")
                .header("x-pos-key", BARION_POS_KEY);
            then.status(200).body(started);
        })
        .await;
    let state = fixture("barion/payment-state-v4-delayed-capture.json")?;
    server
        .mock_async(|when, then| {
            when.method("GET")
                .path_prefix("/barion/v4/Payment/")
                .path_suffix("/PaymentState")
                .header("x-pos-key", BARION_POS_KEY);
            then.status(200).body(state);
        })
        .await;

    let client = Client::builder(SecretString::from(BARION_POS_KEY), Environment::Test)
        .base_url(server.url("/barion"))
        .retry(retry())
        .build()?;
    let mug = Item::new(
        "Mug",
        "Blue mug",
        Decimal::ONE,
        "piece",
        Decimal::new(1250, 2),
        Decimal::new(1250, 2),
    );
    let request = StartPaymentRequest::new(
        PaymentType::Immediate,
        "ORDER-0001-1",
        Currency::Eur,
        Locale::Hungarian,
        vec![
            PaymentTransaction::new("ORDER-0001-T1", "owner@shop.example", Decimal::new(1250, 2))
                .item(mug),
        ],
    )
    .redirect_url("https://shop.example/return")
    .callback_url("https://shop.example/barion/callback");
    let started = client.start_payment(&request).await?;
    let mut steps = vec![Step {
        provider: "barion",
        action: "start a 12.50 EUR payment".into(),
        outcome: format!("send the payer to {}", client.payer_redirect_url(&started)),
    }];
    let state = client.payment_state(started.payment_id).await?;
    steps.push(Step {
        provider: "barion",
        action: "ask for the payment state".into(),
        outcome: format!("{} {} {}", state.status, state.total, state.currency),
    });
    Ok(steps)
}

/// Financial Line: a hosted payment, then a void whose answer is lost (503), resolved by the
/// order status query the error names.
async fn finline(server: &MockServer) -> Result<Vec<Step>, BoxError> {
    use finline_sdk::{Client, Decimal, HostedPaymentRequest, Method, VoidRequest};

    let auth = format!("CPAY {FINLINE_API_KEY}:{FINLINE_API_SECRET}");
    let hosted = fixture("finline/hosted-payment-response.json")?;
    server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/finline/payment")
                .header("x-api-auth", auth.as_str())
                .header("x-api-key", FINLINE_ENDPOINTS_KEY);
            then.status(200).body(hosted);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/finline/void");
            then.status(503).body("upstream unavailable");
        })
        .await;
    let orders = fixture("finline/order-status-response.json")?;
    server
        .mock_async(|when, then| {
            when.method("GET")
                .path(format!("/finline/pos/{FINLINE_POS_ID}/orders/123"))
                .header("x-api-auth", auth.as_str());
            then.status(200).body(orders);
        })
        .await;

    let client = Client::builder(
        FINLINE_POS_ID.parse()?,
        SecretString::from(FINLINE_API_KEY),
        SecretString::from(FINLINE_API_SECRET),
        SecretString::from(FINLINE_ENDPOINTS_KEY),
    )
    .base_url(server.url("/finline"))
    .retry(retry())
    .build()?;
    let request = HostedPaymentRequest::auth(Decimal::new(10000, 2), "UAH", "Taxi ride", "123");
    let page = client.hosted_payment(&request).await?;
    let mut steps = vec![Step {
        provider: "finline",
        action: "hold 100.00 UAH on the hosted page".into(),
        outcome: format!("send the payer to {}", page.redirect_url),
    }];
    let Err(err) = client.void(&VoidRequest::new("123", "UAH")).await else {
        return Err("the mock answers the void with 503".into());
    };
    let unknown = err
        .outcome_unknown()
        .ok_or("a 503 on a void leaves its outcome unknown")?;
    steps.push(Step {
        provider: "finline",
        action: "void the hold (the gateway answers 503)".into(),
        outcome: format!(
            "outcome unknown; resolve with {}",
            unknown.resolve_with.as_deref().unwrap_or("?")
        ),
    });
    let order = client.order_status("123").await?;
    let voided = order
        .latest(&Method::Void)
        .is_some_and(finline_sdk::Operation::is_success);
    steps.push(Step {
        provider: "finline",
        action: "ask for order 123".into(),
        outcome: format!("voided after all: {voided}"),
    });
    Ok(steps)
}

/// The README's examples, compiled as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
