//! `GET /hello/`: the credentials test.

use askell_sdk::{Client, RetryPolicy};
use httpmock::prelude::*;

const FX_HELLO: &str = include_str!("../../../fixtures/askell/hello-response.json");

fn client(server: &MockServer, key: &str) -> Client {
    Client::builder(key)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

#[tokio::test]
async fn hello_sends_the_api_key_and_names_the_account() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/hello/")
                .header("authorization", "Api-Key abcdef.abcdefgh1234567890")
                .header("accept", "application/json")
                .header_missing("content-type");
            then.status(200).body(FX_HELLO);
        })
        .await;
    let hello = client(&server, "abcdef.abcdefgh1234567890")
        .hello()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(hello.status.as_deref(), Some("success"));
    assert_eq!(hello.account.as_deref(), Some("Fyrirtækið ehf."));
    insta::assert_debug_snapshot!("hello", hello);
}

#[tokio::test]
async fn a_wrong_key_is_the_drf_detail_envelope() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/hello/")
                .header("authorization", "Api-Key wrong.key");
            then.status(403)
                .body(r#"{"detail":"Authentication credentials were not provided."}"#);
        })
        .await;
    let err = client(&server, "wrong.key").hello().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(
        err.envelope().and_then(|e| e.detail.as_deref()),
        Some("Authentication credentials were not provided.")
    );
    assert!(!err.to_string().contains("wrong.key"));
}

#[tokio::test]
async fn a_non_json_error_keeps_the_raw_body() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/hello/");
            then.status(503).body("<html>maintenance</html>");
        })
        .await;
    match client(&server, "k.k").hello().await.unwrap_err() {
        askell_sdk::Error::Api(e) => {
            assert_eq!(e.status.as_u16(), 503);
            assert!(e.envelope.is_none());
            assert_eq!(e.body, "<html>maintenance</html>");
            assert!(e.outcome_unknown.is_none(), "a GET is a plain read");
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

#[tokio::test]
async fn a_malformed_hello_is_a_decode_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/hello/");
            then.status(200).body(r#"{"status": 1}"#);
        })
        .await;
    match client(&server, "k.k").hello().await.unwrap_err() {
        askell_sdk::Error::Decode(e) => {
            assert_eq!(e.status.map(|s| s.as_u16()), Some(200));
            assert_eq!(e.path, "status");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}
