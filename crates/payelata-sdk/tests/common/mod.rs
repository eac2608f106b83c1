//! Shared by the test binaries: credentials, a client against a mock server, the fixtures.
#![allow(dead_code, unreachable_pub, clippy::needless_pass_by_value)]

use std::time::Duration;

use httpmock::MockServer;
use payelata_sdk::{Client, Credentials, RetryPolicy, SecretString};

pub const ACCOUNT_ID: &str = "coma_test0001";
pub const API_KEY: &str = "sk_api_key_0001";
/// `Basic base64("coma_test0001:sk_api_key_0001")`.
pub const BASIC: &str = "Basic Y29tYV90ZXN0MDAwMTpza19hcGlfa2V5XzAwMDE=";
pub const TEST_SECRET: &str = "sk_test_payelata_0";
pub const LIVE_SECRET: &str = "sk_live_payelata_0";

pub const TOKENIZE_REQUEST: &str =
    include_str!("../../../../fixtures/payelata/tokenize-request.json");
pub const TOKENIZE_CALLBACK_PAYLOAD: &str =
    include_str!("../../../../fixtures/payelata/tokenize-callback-payload.json");
pub const TOKEN_CHECKOUT_REQUEST: &str =
    include_str!("../../../../fixtures/payelata/token-checkout-request.json");
pub const TOKEN_CHECKOUT_RESPONSE: &str =
    include_str!("../../../../fixtures/payelata/token-checkout-response.json");
pub const INSTANT_CHARGE_REQUEST: &str =
    include_str!("../../../../fixtures/payelata/instant-charge-request.json");
pub const INSTANT_CHARGE_RESPONSE: &str =
    include_str!("../../../../fixtures/payelata/instant-charge-response.json");
pub const CARDGATE_SALE_REQUEST: &str =
    include_str!("../../../../fixtures/payelata/cardgate-sale-request.json");
pub const REFUND_RESPONSE: &str =
    include_str!("../../../../fixtures/payelata/refund-response.json");
/// The fact sheet's callback vector: 637 bytes, no trailing newline.
pub const CALLBACK_VECTOR: &[u8] =
    include_bytes!("../../../../fixtures/payelata/callback-vector.json");
pub const CALLBACK_VECTOR_SIGNATURE: &str = "osjIcDvhuOaSrP9adItfOd+CsQE=";

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

pub fn credentials() -> Credentials {
    Credentials::new(ACCOUNT_ID, SecretString::from(API_KEY))
}

/// A client of `server` whose retries do not wait.
pub fn client(server: &MockServer) -> Client {
    Client::builder("https://com.paycore.io/api", credentials())
        .base_url(server.base_url())
        .retry(fast_retries())
        .build()
        .unwrap()
}

pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::new(3)
        .with_initial_backoff(Duration::ZERO)
        .with_max_backoff(Duration::ZERO)
}

/// A JSON:API document of one payment invoice with `attributes`.
pub fn invoice_doc(id: &str, attributes: serde_json::Value) -> String {
    serde_json::json!({"data": {"type": "payment-invoices", "id": id, "attributes": attributes}})
        .to_string()
}
