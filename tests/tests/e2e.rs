//! Across the provider crates: the demo's checkout, one transport for every client, and no
//! client that shows its secret.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use payments_core::http::{HeaderMap, StatusCode};
use payments_core::{
    HttpRequest, HttpResponse, HttpTransport, RetryPolicy, SecretString, TransportError,
};
use payments_e2e::{
    ASKELL_KEY, BARION_POS_KEY, FINLINE_API_KEY, FINLINE_API_SECRET, FINLINE_ENDPOINTS_KEY,
    FINLINE_POS_ID,
};

#[tokio::test]
async fn the_demo_checkout_runs_end_to_end_for_every_provider() {
    let steps = payments_e2e::run_demo().await.unwrap();
    let outcomes: Vec<(&str, &str)> = steps
        .iter()
        .map(|s| (s.provider, s.outcome.as_str()))
        .collect();
    assert_eq!(
        outcomes,
        [
            (
                "askell",
                "a19ca264-5dd4-4897-bcb8-47d84844a2bc is pending (1.0000 ISK)"
            ),
            ("askell", "state settled, 1 transaction(s)"),
            (
                "barion",
                "send the payer to https://secure.test.barion.com/Pay?id=f28b2b2572644d1084bbb3a7d8362337"
            ),
            ("barion", "Authorized 12.5 EUR"),
            (
                "finline",
                "send the payer to https://cpay.tranzzo.com/pay/7c1b9a0e-3f43-4c2e-9d57-6a9a8f1d2b33"
            ),
            (
                "finline",
                "outcome unknown; resolve with Client::order_status(\"123\")"
            ),
            ("finline", "voided after all: true"),
        ]
    );
}

/// A transport that records every request and answers 200 with a fixed body.
#[derive(Debug)]
struct Recorder {
    seen: Mutex<Vec<HttpRequest>>,
    body: &'static str,
}

#[async_trait]
impl HttpTransport for Recorder {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.seen.lock().unwrap().push(request);
        Ok(HttpResponse::new(
            StatusCode::OK,
            HeaderMap::new(),
            self.body,
        ))
    }
}

fn recorder(body: &'static str) -> Arc<Recorder> {
    Arc::new(Recorder {
        seen: Mutex::new(Vec::new()),
        body,
    })
}

fn assert_hidden(request: &HttpRequest, secret: &str, crate_name: &str) {
    let ua = request.headers["user-agent"].to_str().unwrap();
    assert!(
        ua.starts_with(&format!("{crate_name}/"))
            && ua.contains(concat!(" payments-core/", env!("CARGO_PKG_VERSION"))),
        "{ua}"
    );
    let shown = format!("{request:?}");
    assert!(!shown.contains(secret), "{shown}");
}

#[tokio::test]
async fn one_plugged_transport_carries_every_provider_and_sees_no_secret_in_debug() {
    let askell_t = recorder(include_str!("../../fixtures/askell/hello-response.json"));
    let askell = askell_sdk::Client::builder(ASKELL_KEY)
        .transport(askell_t.clone())
        .build()
        .unwrap();
    askell.hello().await.unwrap();
    let seen = askell_t.seen.lock().unwrap().clone();
    assert_eq!(seen[0].url, "https://askell.is/api/hello/");
    assert_eq!(
        seen[0].headers["authorization"],
        format!("Api-Key {ASKELL_KEY}").as_str()
    );
    assert!(seen[0].headers["authorization"].is_sensitive());
    assert_hidden(&seen[0], "abcdefgh1234567890", "askell-sdk");

    let barion_t = recorder(include_str!(
        "../../fixtures/barion/payment-state-v4-delayed-capture.json"
    ));
    let barion = barion_sdk::Client::builder(
        SecretString::from(BARION_POS_KEY),
        barion_sdk::Environment::Test,
    )
    .transport(barion_t.clone())
    .retry(RetryPolicy::disabled())
    .build()
    .unwrap();
    let id = "ecc2bc7a-3d81-47ca-b1f0-4de3dddd657f".parse().unwrap();
    barion.payment_state(id).await.unwrap();
    let seen = barion_t.seen.lock().unwrap().clone();
    assert_eq!(
        seen[0].url,
        "https://api.test.barion.com/v4/Payment/ecc2bc7a3d8147cab1f04de3dddd657f/PaymentState"
    );
    assert!(seen[0].headers["x-pos-key"].is_sensitive());
    assert_hidden(&seen[0], BARION_POS_KEY, "barion-sdk");

    let finline_t = recorder(include_str!(
        "../../fixtures/finline/order-status-response.json"
    ));
    let finline = finline_sdk::Client::builder(
        FINLINE_POS_ID.parse().unwrap(),
        SecretString::from(FINLINE_API_KEY),
        SecretString::from(FINLINE_API_SECRET),
        SecretString::from(FINLINE_ENDPOINTS_KEY),
    )
    .transport(finline_t.clone())
    .build()
    .unwrap();
    finline.order_status("123").await.unwrap();
    let seen = finline_t.seen.lock().unwrap().clone();
    assert_eq!(
        seen[0].url,
        format!("https://api.finline.io/api/v1/pos/{FINLINE_POS_ID}/orders/123")
    );
    assert!(seen[0].headers["x-api-auth"].is_sensitive());
    assert!(seen[0].headers["x-api-key"].is_sensitive());
    assert_hidden(&seen[0], FINLINE_API_SECRET, "finline-sdk");
    assert_hidden(&seen[0], FINLINE_ENDPOINTS_KEY, "finline-sdk");
}

#[test]
fn no_client_or_builder_shows_its_secret() {
    let askell_builder = askell_sdk::Client::builder(ASKELL_KEY);
    let barion_builder = barion_sdk::Client::builder(
        SecretString::from(BARION_POS_KEY),
        barion_sdk::Environment::Production,
    );
    let finline_builder = finline_sdk::Client::builder(
        FINLINE_POS_ID.parse().unwrap(),
        SecretString::from(FINLINE_API_KEY),
        SecretString::from(FINLINE_API_SECRET),
        SecretString::from(FINLINE_ENDPOINTS_KEY),
    );
    let shown = format!("{askell_builder:?}{barion_builder:?}{finline_builder:?}");
    let askell = askell_builder.build().unwrap();
    let public = askell_sdk::PublicClient::builder(ASKELL_KEY)
        .build_public()
        .unwrap();
    let barion = barion_builder.build().unwrap();
    let finline = finline_builder.build().unwrap();
    let shown = format!("{shown}{askell:?}{public:?}{barion:?}{finline:?}");
    for secret in [
        "abcdefgh1234567890",
        BARION_POS_KEY,
        FINLINE_API_KEY,
        FINLINE_API_SECRET,
        FINLINE_ENDPOINTS_KEY,
    ] {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
}
