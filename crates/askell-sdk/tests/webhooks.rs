//! `/webhooks/`: list, create, replace (PUT), update (PATCH), delete.

use askell_sdk::{
    Client, Error, EventType, RetryPolicy, WebhookCreate, WebhookPatch, WebhookVerifier,
};
use httpmock::prelude::*;
use payments_core::ExposeSecret;
use serde_json::json;

const KEY: &str = "abcdef.abcdefgh1234567890";
const AUTH: &str = "Api-Key abcdef.abcdefgh1234567890";

const FX_LIST: &str = include_str!("../../../fixtures/askell/webhook-list.json");
const FX_CREATED: &str = include_str!("../../../fixtures/askell/webhook-create-response.json");
const FX_REPLACED: &str = include_str!("../../../fixtures/askell/webhook-replace-response.json");

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

#[tokio::test]
async fn list_webhooks_reads_secrets_without_showing_them() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/webhooks/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(FX_LIST);
        })
        .await;
    let hooks = client(&server).list_webhooks().await.unwrap();
    mock.assert_async().await;
    assert_eq!(hooks.len(), 2);
    assert_eq!(hooks[0].event, EventType::PaymentChanged);
    assert_eq!(hooks[1].event, EventType::SubscriptionAll);
    assert!(hooks[1].event.is_wildcard());
    // The non-ASCII example secret survives as UTF-8.
    assert_eq!(
        hooks[0].hmac_secret.as_ref().unwrap().expose_secret(),
        "j209ilskdjfk,jsaæ.s7//+&."
    );
    assert_eq!(
        WebhookVerifier::from_webhook(&hooks[1])
            .unwrap()
            .algorithm(),
        payments_core::HmacAlgorithm::Sha256
    );
    // The snapshot is of Debug output: it must show no secret.
    insta::assert_debug_snapshot!("list_webhooks", hooks);
}

#[tokio::test]
async fn create_webhook_posts_url_and_event() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/webhooks/")
                .header("authorization", AUTH)
                .json_body(
                    json!({"url": "https://example.com/hooks/askell/", "event": "payment.*"}),
                );
            then.status(201).body(FX_CREATED);
        })
        .await;
    let request = WebhookCreate::new("https://example.com/hooks/askell/", EventType::PaymentAll);
    let hook = client(&server).create_webhook(&request).await.unwrap();
    mock.assert_async().await;
    let hook = hook.expect("a body");
    assert_eq!(hook.id, 3);
    insta::assert_debug_snapshot!("create_webhook", hook);
}

#[tokio::test]
async fn create_webhook_accepts_the_specs_empty_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/webhooks/")
                .header("authorization", AUTH)
                .json_body(json!({"url": "https://example.com/c/", "event": "customer.created"}));
            then.status(201);
        })
        .await;
    let request = WebhookCreate::new("https://example.com/c/", EventType::CustomerCreated);
    let hook = client(&server).create_webhook(&request).await.unwrap();
    mock.assert_async().await;
    assert!(hook.is_none());
}

#[tokio::test]
async fn replace_webhook_puts_and_reads_the_specs_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/webhooks/1/")
                .header("authorization", AUTH)
                .json_body(
                    json!({"url": "https://example.com/customers/", "event": "customer.created"}),
                );
            then.status(200).body(FX_REPLACED);
        })
        .await;
    let request = WebhookCreate::new("https://example.com/customers/", EventType::CustomerCreated);
    let hook = client(&server)
        .replace_webhook(1, &request)
        .await
        .unwrap()
        .expect("a body");
    mock.assert_async().await;
    assert_eq!(hook.event, EventType::CustomerCreated);
    insta::assert_debug_snapshot!("replace_webhook", hook);
}

#[tokio::test]
async fn update_webhook_patches_only_what_is_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/webhooks/1/")
                .header("authorization", AUTH)
                .json_body(json!({"event": "subscription.renewed"}));
            then.status(200);
        })
        .await;
    let patch = WebhookPatch::new().event(EventType::SubscriptionRenewed);
    let hook = client(&server).update_webhook(1, &patch).await.unwrap();
    mock.assert_async().await;
    assert!(hook.is_none(), "the spec documents no body");
}

#[tokio::test]
async fn update_webhook_reads_a_body_when_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/webhooks/3/")
                .header("authorization", AUTH)
                .json_body(json!({"url": "https://example.com/hooks/askell/"}));
            then.status(200).body(FX_CREATED);
        })
        .await;
    let patch = WebhookPatch::new().url("https://example.com/hooks/askell/");
    let hook = client(&server).update_webhook(3, &patch).await.unwrap();
    mock.assert_async().await;
    insta::assert_debug_snapshot!("update_webhook", hook);
}

#[tokio::test]
async fn delete_webhook_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/webhooks/1/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(204);
        })
        .await;
    client(&server).delete_webhook(1).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn webhook_errors_are_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/webhooks/9/");
            then.status(400)
                .body(r#"{"status":"error","error":"Webhook not found"}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(PUT).path("/webhooks/9/");
            then.status(200).body(r#"{"id":"nine"}"#);
        })
        .await;
    let c = client(&server);
    let err = c.delete_webhook(9).await.unwrap_err();
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Webhook not found")
    );
    let request = WebhookCreate::new("https://example.com/x/", EventType::PaymentChanged);
    match c.replace_webhook(9, &request).await.unwrap_err() {
        Error::Decode(e) => {
            assert_eq!(e.status.map(|s| s.as_u16()), Some(200));
            assert_eq!(e.path, "id");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_webhook_requests_are_never_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(FX_CREATED);
        })
        .await;
    let c = client(&server);
    let bad_url = WebhookCreate::new("example.com/hook", EventType::PaymentChanged);
    assert!(matches!(
        c.create_webhook(&bad_url).await.unwrap_err(),
        Error::InvalidRequest(_)
    ));
    assert!(matches!(
        c.replace_webhook(1, &bad_url).await.unwrap_err(),
        Error::InvalidRequest(_)
    ));
    assert!(matches!(
        c.update_webhook(1, &WebhookPatch::new()).await.unwrap_err(),
        Error::InvalidRequest(_)
    ));
    mock.assert_calls_async(0).await;
}
