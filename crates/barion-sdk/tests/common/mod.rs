//! Shared test helpers.
#![allow(dead_code, unreachable_pub)]

use barion_sdk::{Client, Environment, RetryPolicy, SecretString};
use httpmock::MockServer;

/// The seed's POSKey.
pub const POS_KEY: &str = "999FFDDA-04FF-333F-CCCC-345FCB555FFC";
/// How Barion echoes it in `AuthData`.
pub const POS_KEY_ECHO: &str = "999ffdda04ff333fcccc345fcb555ffc";

/// A test-environment client against `server`, retries off.
pub fn client(server: &MockServer) -> Client {
    Client::builder(SecretString::from(POS_KEY), Environment::Test)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

/// Parses a GUID in any form.
pub fn id(text: &str) -> barion_sdk::Uuid {
    barion_sdk::parse_id(text).expect("a GUID")
}
