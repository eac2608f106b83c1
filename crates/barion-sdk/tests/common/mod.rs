//! Shared test helpers.
#![allow(dead_code, unreachable_pub)]

use barion_sdk::{Client, Credentials, RetryPolicy, SecretString};
use httpmock::MockServer;

/// The seed's POSKey.
pub const POS_KEY: &str = "999FFDDA-04FF-333F-CCCC-345FCB555FFC";
/// How Barion echoes it in `AuthData`.
pub const POS_KEY_ECHO: &str = "999ffdda04ff333fcccc345fcb555ffc";

/// Credentials with the seed's POSKey.
pub fn credentials() -> Credentials {
    Credentials {
        pos_key: SecretString::from(POS_KEY),
    }
}

/// A test-environment client against `server`, retries off.
pub fn client(server: &MockServer) -> Client {
    Client::builder(credentials())
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

/// Parses a GUID in any form.
pub fn id(text: &str) -> barion_sdk::Uuid {
    barion_sdk::parse_id(text).expect("a GUID")
}

/// A fixture's text, by its path under `fixtures/`.
pub fn fixture(path: &str) -> String {
    let full = format!("{}/../../fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}
