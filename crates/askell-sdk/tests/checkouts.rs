//! Hosted checkouts, payment processors (secret key) and the public-key endpoints: checkout
//! polling and temporary payment methods.

use askell_sdk::{
    CardDetails, Client, CreateCheckout, Error, PublicClient, RetryPolicy, TokenStatus,
};
use httpmock::prelude::*;
use serde_json::json;

const SECRET: &str = "abcdef.abcdefgh1234567890";
const SECRET_AUTH: &str = "Api-Key abcdef.abcdefgh1234567890";
const PUBLIC: &str = "pubpre.publickey0987654321";
const PUBLIC_AUTH: &str = "Api-Key pubpre.publickey0987654321";
const TOKEN: &str = "637302f0412e2e11adc0ba21adafcf11";

const FX_CREATED: &str = include_str!("../../../fixtures/askell/checkout-create-response.json");
const FX_STATUS: &str = include_str!("../../../fixtures/askell/checkout-status.json");
const FX_PENDING: &str = include_str!("../../../fixtures/askell/checkout-status-pending.json");
const FX_PROCESSORS: &str = include_str!("../../../fixtures/askell/processor-list.json");
const FX_PROCESSOR_ERR: &str = include_str!("../../../fixtures/askell/processor-error-400.json");
const FX_TMP_CREATED: &str =
    include_str!("../../../fixtures/askell/tmp-payment-method-create-response.json");
const FX_TMP_STATUS: &str = include_str!("../../../fixtures/askell/tmp-payment-method-status.json");

fn client(server: &MockServer) -> Client {
    Client::builder(SECRET)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn public(server: &MockServer) -> PublicClient {
    PublicClient::builder(PUBLIC)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build_public()
        .unwrap()
}

#[tokio::test]
async fn create_checkout_for_a_plan() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/checkouts/")
                .header("authorization", SECRET_AUTH)
                .json_body(json!({"plan": 1}));
            then.status(201).body(FX_CREATED);
        })
        .await;
    let created = client(&server)
        .create_checkout(&CreateCheckout::for_plan(1))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(created.token, TOKEN);
    insta::assert_debug_snapshot!("create_checkout", created);
}

#[tokio::test]
async fn create_checkout_for_a_processor_with_every_option() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/checkouts/")
                .header("authorization", SECRET_AUTH)
                .json_body(json!({
                    "payment_processor": 4,
                    "currency": "ISK",
                    "capture_only": true,
                    "allowed_origin": "https://merchant.example"
                }));
            then.status(201).body(FX_CREATED);
        })
        .await;
    let request = CreateCheckout::for_processor(4, "ISK")
        .capture_only(true)
        .allowed_origin("https://merchant.example");
    let created = client(&server).create_checkout(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(
        created.checkout_url,
        "https://askell.is/checkout/637302f0412e2e11adc0ba21adafcf11/"
    );
}

#[tokio::test]
async fn invalid_checkouts_are_never_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(FX_CREATED);
        })
        .await;
    let c = client(&server);
    let cases = [
        (CreateCheckout::for_processor(4, "kr"), "currency"),
        (
            CreateCheckout::for_plan(1).allowed_origin("https://merchant.example/pay"),
            "allowed_origin",
        ),
        (
            CreateCheckout::for_plan(1).allowed_origin("https://user:pw@merchant.example"),
            "allowed_origin",
        ),
        (
            CreateCheckout::for_plan(1).allowed_origin("merchant.example"),
            "allowed_origin",
        ),
        (
            CreateCheckout::for_plan(1).allowed_origin("https://merchant.example?x=1"),
            "allowed_origin",
        ),
    ];
    for (request, field) in cases {
        match c.create_checkout(&request).await.unwrap_err() {
            Error::InvalidRequest(e) => assert_eq!(e.field, field),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn payment_processors_are_listed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/checkouts/paymentprocessors/")
                .header("authorization", SECRET_AUTH)
                .header_missing("content-type");
            then.status(200).body(FX_PROCESSORS);
        })
        .await;
    let processors = client(&server).checkout_payment_processors().await.unwrap();
    mock.assert_async().await;
    assert_eq!(processors.len(), 2);
    assert_eq!(
        processors[1].error.as_deref(),
        Some("Missing merchant account")
    );
    insta::assert_debug_snapshot!("payment_processors", processors);
}

#[tokio::test]
async fn a_misconfigured_account_is_the_400_envelope() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/checkouts/paymentprocessors/");
            then.status(400).body(FX_PROCESSOR_ERR);
        })
        .await;
    let err = client(&server)
        .checkout_payment_processors()
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.status.as_deref(), Some("error"));
    assert_eq!(
        envelope.error.as_deref(),
        Some("No payment processor configured")
    );
}

#[tokio::test]
async fn the_public_client_polls_a_checkout() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/checkouts/{TOKEN}/"))
                .header("authorization", PUBLIC_AUTH)
                .header_missing("content-type");
            then.status(200).body(FX_STATUS);
        })
        .await;
    let state = public(&server).checkout(TOKEN).await.unwrap();
    mock.assert_async().await;
    assert!(state.is_ready());
    insta::assert_debug_snapshot!("checkout_status", state);
}

#[tokio::test]
async fn an_undocumented_checkout_status_is_kept() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/checkouts/{TOKEN}/"));
            then.status(200).body(FX_PENDING);
        })
        .await;
    let state = public(&server).checkout(TOKEN).await.unwrap();
    assert!(!state.is_ready());
    assert_eq!(state.status, TokenStatus::Unknown("waiting".to_owned()));
}

#[tokio::test]
async fn tokens_are_percent_encoded_in_paths() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/checkouts/a%2Fb%20c/");
            then.status(200).body(FX_STATUS);
        })
        .await;
    public(&server).checkout("a/b c").await.unwrap();
    mock.assert_async().await;
    let empty = public(&server).checkout("").await.unwrap_err();
    assert!(empty.is_not_sent());
}

#[tokio::test]
async fn the_public_client_tokenises_a_card() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/temporarypaymentmethod/")
                .header("authorization", PUBLIC_AUTH)
                .json_body(json!({
                    "card_number": "4111111111111111",
                    "expiration_month": "01",
                    "expiration_year": "29",
                    "cvv_number": "123",
                    "plan": 1
                }));
            then.status(201).body(FX_TMP_CREATED);
        })
        .await;
    let card = CardDetails::new("4111111111111111", "1", "29", "123").plan(1);
    let created = public(&server)
        .create_temporary_payment_method(&card)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(created.token, "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e");
    insta::assert_debug_snapshot!("temporary_payment_method_created", created);
}

#[tokio::test]
async fn invalid_cards_are_never_sent_and_never_echoed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(FX_TMP_CREATED);
        })
        .await;
    let p = public(&server);
    let cases = [
        (
            CardDetails::new("4111 1111 1111 1111", "01", "29", "123"),
            "card_number",
        ),
        (CardDetails::new("41111", "01", "29", "123"), "card_number"),
        (
            CardDetails::new("4111111111111111", "13", "29", "123"),
            "expiration_month",
        ),
        (
            CardDetails::new("4111111111111111", "00", "29", "123"),
            "expiration_month",
        ),
        (
            CardDetails::new("4111111111111111", "01", "2029", "123"),
            "expiration_year",
        ),
        (
            CardDetails::new("4111111111111111", "01", "29", "12"),
            "cvv_number",
        ),
    ];
    for (card, field) in cases {
        let err = p.create_temporary_payment_method(&card).await.unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains("41111"), "{text}");
        match err {
            Error::InvalidRequest(e) => assert_eq!(e.field, field),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn the_public_client_polls_a_temporary_payment_method() {
    let server = MockServer::start_async().await;
    let token = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/temporarypaymentmethod/{token}/"))
                .header("authorization", PUBLIC_AUTH)
                .header_missing("content-type");
            then.status(200).body(FX_TMP_STATUS);
        })
        .await;
    let state = public(&server)
        .temporary_payment_method(token)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(state.status, TokenStatus::TokenCreated);
    insta::assert_debug_snapshot!("temporary_payment_method_status", state);
}
