//! Shared test setup: credentials, a client pointed at the mock server, header assertions.
#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use finline_sdk::{Client, ClientBuilder, Credentials, RetryPolicy, SecretString};
use httpmock::{MockServer, When};

pub const POS_ID: &str = "dc728de1-51ef-4ef1-80f7-3b44b07b5667";
pub const API_KEY: &str = "0f1e2d3c-test-api-key-4b5a69788796";
pub const API_SECRET: &str = "s3cr3tAPIsecretXYZ0123456789abcd";
pub const ENDPOINTS_KEY: &str = "AIzaSyTESTendpointsKEY0123456789abcdefg";
pub const AUTH: &str = "CPAY 0f1e2d3c-test-api-key-4b5a69788796:s3cr3tAPIsecretXYZ0123456789abcd";

/// The API prefix the mock serves under, as on the real host.
pub const PREFIX: &str = "/api/v1";

pub fn credentials() -> Credentials {
    Credentials {
        pos_id: POS_ID.parse().unwrap(),
        api_key: SecretString::from(API_KEY),
        api_secret: SecretString::from(API_SECRET),
        endpoints_key: SecretString::from(ENDPOINTS_KEY),
    }
}

pub fn builder_at(base_url: &str) -> ClientBuilder {
    Client::builder(credentials())
        .base_url(format!("{base_url}{PREFIX}"))
        .retry(RetryPolicy::disabled())
}

pub fn builder(server: &MockServer) -> ClientBuilder {
    builder_at(&server.base_url())
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

pub fn retrying_client(server: &MockServer) -> Client {
    builder(server)
        .retry(RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap()
}

/// Both auth headers and `Accept`, exactly.
pub fn authed(when: When) -> When {
    when.header("x-api-auth", AUTH)
        .header("x-api-key", ENDPOINTS_KEY)
        .header("accept", "application/json")
}

/// A JSON `POST` to `path` (under the prefix) with both auth headers and exactly `body`.
pub fn json_post(when: When, path: &str, body: serde_json::Value) -> When {
    authed(when)
        .method(httpmock::Method::POST)
        .path(format!("{PREFIX}{path}"))
        .header("content-type", "application/json")
        .json_body(body)
}

/// A `GET` of `path` (under the prefix) with both auth headers.
pub fn get(when: When, path: &str) -> When {
    authed(when)
        .method(httpmock::Method::GET)
        .path(format!("{PREFIX}{path}"))
}

pub fn fixture_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// `Display`, `Debug`, alternate `Debug` and every `source()` of `err`, one string each.
pub fn every_form(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut forms = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut cause = err.source();
    while let Some(c) = cause {
        forms.push(c.to_string());
        forms.push(format!("{c:?}"));
        cause = c.source();
    }
    forms
}
