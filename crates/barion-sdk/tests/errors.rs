//! Barion's error shapes, malformed answers and retries.

mod common;

use std::time::Duration;

use barion_sdk::{
    CancelAuthorizationRequest, Client, Environment, ErrorCode, RetryPolicy, SecretString,
};
use common::{POS_KEY, POS_KEY_ECHO, client, id};
use httpmock::MockServer;
use payments_core::Error as CoreError;
use payments_core::http::StatusCode;

fn cancel() -> CancelAuthorizationRequest {
    CancelAuthorizationRequest::new(id("f28b2b2572644d1084bbb3a7d8362337"))
}

#[tokio::test]
async fn a_400_with_errors_is_typed_and_the_echoed_pos_key_is_redacted() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/CancelAuthorization")
                .header("x-pos-key", POS_KEY);
            then.status(400).body(include_str!(
                "../../../fixtures/barion/error-authentication-failed.json"
            ));
        })
        .await;
    let err = client(&server)
        .cancel_authorization(&cancel())
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    let envelope = err.envelope().unwrap();
    assert!(envelope.has_code(&ErrorCode::AuthenticationFailed));
    assert_eq!(
        envelope.errors[0].happened_at,
        Some(time::macros::datetime!(2019-01-19 18:46:51.0808761 UTC))
    );
    // Barion echoes the POSKey in AuthData: it must not survive anywhere in the error.
    for text in [format!("{err:?}"), err.to_string()] {
        assert!(!text.contains(POS_KEY_ECHO), "{text}");
        assert!(
            !text
                .to_ascii_lowercase()
                .contains(&POS_KEY.to_ascii_lowercase()),
            "{text}"
        );
    }
    assert_eq!(
        envelope.errors[0].auth_data.as_deref(),
        Some("*** redacted ***")
    );
    assert!(err.outcome_unknown().is_none());
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn a_200_with_errors_is_an_error_with_every_entry_kept() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/Refund");
            then.status(200).body(include_str!(
                "../../../fixtures/barion/error-refund-multiple.json"
            ));
        })
        .await;
    let request = barion_sdk::RefundRequest::new(
        id("ecc2bc7a3d8147cab1f04de3dddd657f"),
        barion_sdk::Currency::Huf,
    )
    .transaction(barion_sdk::TransactionToRefund::new(
        id("ef01be38ad6e413eb47fbeeb6026b8aa"),
        "TEST-01-01",
        barion_sdk::Decimal::from(100),
    ));
    let err = client(&server).refund(&request).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::OK));
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.errors.len(), 2);
    assert_eq!(
        envelope.errors[0].error_code,
        ErrorCode::PaymentStatusNotValid
    );
    assert_eq!(
        envelope.errors[1].error_code,
        ErrorCode::Unknown("SomeFutureCode".into())
    );
    assert!(
        err.to_string()
            .contains("PaymentStatusNotValid: Payment status not valid")
    );
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn a_500_with_message_is_a_provider_error_and_the_outcome_of_a_post_is_unknown() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/CancelAuthorization");
            then.status(500).body(include_str!(
                "../../../fixtures/barion/error-500-message.json"
            ));
        })
        .await;
    let err = client(&server)
        .cancel_authorization(&cancel())
        .await
        .unwrap_err();
    let CoreError::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        api.envelope.as_ref().and_then(|e| e.message.as_deref()),
        Some("An error has occurred.")
    );
    let unknown = err
        .outcome_unknown()
        .expect("a 5xx on a POST leaves the outcome unknown");
    assert_eq!(
        unknown.resolve_with.as_deref(),
        Some("Client::payment_state(f28b2b2572644d1084bbb3a7d8362337)")
    );
}

#[tokio::test]
async fn a_non_json_error_body_keeps_status_and_text() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/CancelAuthorization");
            then.status(405).body(
                "<Error><Message>The requested resource does not support http method 'GET'.</Message></Error>",
            );
        })
        .await;
    let err = client(&server)
        .cancel_authorization(&cancel())
        .await
        .unwrap_err();
    let CoreError::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(api.envelope.is_none());
    assert!(api.body.contains("does not support http method"));
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_with_status_and_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/v4/Payment/f28b2b2572644d1084bbb3a7d8362337/PaymentState");
            then.status(200).body(
                r#"{"PaymentId":"f28b2b2572644d1084bbb3a7d8362337","Status":"Succeeded","PaymentType":"Immediate","Total":"lots","Currency":"HUF","Errors":[]}"#,
            );
        })
        .await;
    let err = client(&server)
        .payment_state(id("f28b2b2572644d1084bbb3a7d8362337"))
        .await
        .unwrap_err();
    let CoreError::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.status, Some(StatusCode::OK));
    assert_eq!(decode.path, "Total");
    assert!(decode.excerpt.contains("\"lots\""));
}

#[tokio::test]
async fn a_bad_guid_and_truncated_json_are_decode_errors_not_panics() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/CancelAuthorization");
            then.status(200)
                .body(r#"{"PaymentId":"not-a-guid","Transactions":[]}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/Complete");
            then.status(200)
                .body(r#"{"PaymentId":"f28b2b2572644d1084bbb3a7"#);
        })
        .await;
    let c = client(&server);
    let err = c.cancel_authorization(&cancel()).await.unwrap_err();
    let CoreError::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.path, "PaymentId");
    let err = c
        .complete(&barion_sdk::CompleteRequest::new(id(
            "f28b2b2572644d1084bbb3a7d8362337",
        )))
        .await
        .unwrap_err();
    assert!(
        matches!(err, CoreError::Decode(ref d) if d.message.contains("EOF") && d.status == Some(StatusCode::OK)),
        "{err:?}"
    );
}

#[tokio::test]
async fn state_queries_are_retried_after_429_but_posts_are_not() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v4/Payment/f28b2b2572644d1084bbb3a7d8362337/PaymentState");
            then.status(429).body("");
        })
        .await;
    let post = server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/CancelAuthorization");
            then.status(503).body("");
        })
        .await;
    let c = Client::builder(SecretString::from(POS_KEY), Environment::Test)
        .base_url(server.base_url())
        .retry(RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = c
        .payment_state(id("f28b2b2572644d1084bbb3a7d8362337"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(limited.calls_async().await, 3);
    let err = c.cancel_authorization(&cancel()).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(post.calls_async().await, 1);
    assert!(err.outcome_unknown().is_some());
}
