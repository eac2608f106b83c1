//! Error answers, unknown outcomes, retries, decode failures and local validation.

mod common;

use std::time::Duration;

use common::{POS_ID, PREFIX, authed, builder, client, json_post, retrying_client};
use finline_sdk::{
    CaptureRequest, Card, CardData, Decimal, DirectPaymentRequest, ErrorArgs, ErrorCode,
    HostedPaymentRequest, Method, RefundRequest, SecretString, SplitCaptureRequest, Status,
    VoidRequest,
};
use httpmock::MockServer;
use serde_json::json;

const VOID_RESPONSE: &str = include_str!("../../../fixtures/finline/void-response.json");

fn void_body() -> serde_json::Value {
    json!({"pos_id": POS_ID, "order_id": "123", "order_currency": "UAH"})
}

#[tokio::test]
async fn a_503_on_void_is_an_unknown_outcome_resolved_by_the_order_status() {
    let server = MockServer::start_async().await;
    let void = server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(503).body("Service Unavailable");
        })
        .await;
    let status = server
        .mock_async(|when, then| {
            authed(when)
                .method(httpmock::Method::GET)
                .path(format!("{PREFIX}/pos/{POS_ID}/orders/123"));
            then.status(200).body(include_str!(
                "../../../fixtures/finline/order-status-response.json"
            ));
        })
        .await;

    // Even with retries on, a void is sent once.
    let client = retrying_client(&server);
    let err = client
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    void.assert_calls_async(1).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let unknown = err.outcome_unknown().expect("a 503 on a void is unknown");
    assert_eq!(
        unknown.resolve_with.as_deref(),
        Some("Client::order_status(\"123\")")
    );
    assert!(err.to_string().contains("outcome is unknown"), "{err}");
    assert!(
        err.to_string().contains("Client::order_status(\"123\")"),
        "{err}"
    );

    // The status query the error names tells what happened: the void went through.
    let order = client.order_status("123").await.unwrap();
    status.assert_async().await;
    let voided = order.latest(&Method::Void).unwrap();
    assert_eq!(voided.status, Status::Success);
    assert_eq!(voided.status_code.as_ref().unwrap().as_str(), "1009");
}

#[tokio::test]
async fn a_500_on_capture_is_unknown_and_never_repeated() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/capture",
                json!({"pos_id": POS_ID, "order_id": "123", "order_currency": "UAH"}),
            );
            then.status(500)
                .body(r#"{"message":"Internal error","args":{"code":"E-500"}}"#);
        })
        .await;
    let err = retrying_client(&server)
        .capture(&CaptureRequest::full("123", "UAH"))
        .await
        .unwrap_err();
    mock.assert_calls_async(1).await;
    assert!(err.outcome_unknown().is_some());
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.code(), Some(&ErrorCode::Unknown("E-500".into())));
}

#[tokio::test]
async fn a_timeout_on_refund_is_an_unknown_outcome() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/refund",
                json!({"pos_id": POS_ID, "order_id": "124", "order_currency": "UAH"}),
            );
            then.status(200)
                .delay(Duration::from_millis(1500))
                .body(VOID_RESPONSE);
        })
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .refund(&RefundRequest::full("124", "UAH"))
        .await
        .unwrap_err();
    assert!(matches!(err, finline_sdk::Error::Timeout(_)), "{err:?}");
    assert_eq!(
        err.outcome_unknown().unwrap().resolve_with.as_deref(),
        Some("Client::order_status(\"124\")")
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn a_429_on_the_status_query_is_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            authed(when)
                .method(httpmock::Method::GET)
                .path(format!("{PREFIX}/pos/{POS_ID}/orders/123"));
            then.status(429)
                .header("retry-after", "0")
                .body(r#"{"message":"Too many requests","args":{}}"#);
        })
        .await;
    let err = retrying_client(&server)
        .order_status("123")
        .await
        .unwrap_err();
    mock.assert_calls_async(3).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    // A read: nothing could have moved.
    assert!(err.outcome_unknown().is_none());
}

#[tokio::test]
async fn a_429_on_a_void_is_not_retried_and_not_unknown() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(429)
                .body(r#"{"message":"Too many requests","args":{}}"#);
        })
        .await;
    let err = retrying_client(&server)
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    mock.assert_calls_async(1).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.outcome_unknown().is_none());
    assert_eq!(err.envelope().unwrap().message, "Too many requests");
}

#[tokio::test]
async fn not_found_envelope_is_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            authed(when)
                .method(httpmock::Method::GET)
                .path(format!("{PREFIX}/pos/{POS_ID}/orders/nope"));
            then.status(404).body(include_str!(
                "../../../fixtures/finline/error-not-found.json"
            ));
        })
        .await;
    let err = client(&server).order_status("nope").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.code(), Some(&ErrorCode::NotFound));
    assert_eq!(envelope.message, "Order not found");
    assert!(err.outcome_unknown().is_none());
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn already_exists_envelope_is_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                json!({
                    "pos_id": POS_ID, "mode": "hosted", "method": "purchase", "amount": 5,
                    "currency": "UAH", "description": "Again", "order_id": "123"
                }),
            );
            then.status(409).body(include_str!(
                "../../../fixtures/finline/error-already-exists.json"
            ));
        })
        .await;
    let err = client(&server)
        .hosted_payment(&HostedPaymentRequest::purchase(
            Decimal::from(5),
            "UAH",
            "Again",
            "123",
        ))
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.code(), Some(&ErrorCode::AlreadyExists));
    // A 4xx: the gateway refused, nothing happened.
    assert!(err.outcome_unknown().is_none());
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn violations_envelope_is_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(
                when,
                "/capture",
                json!({"pos_id": POS_ID, "order_id": "123", "order_currency": "UAH"}),
            );
            then.status(400).body(include_str!(
                "../../../fixtures/finline/error-violations.json"
            ));
        })
        .await;
    let err = client(&server)
        .capture(&CaptureRequest::full("123", "UAH"))
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.violations().len(), 1);
    assert_eq!(envelope.violations()[0].field_name, "amount");
    assert_eq!(
        err.to_string(),
        "POST /capture answered 400 Bad Request: Invalid request; amount: Invalid value for amount: -1"
    );
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn legacy_args_envelope_is_kept() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(400).body(include_str!(
                "../../../fixtures/finline/error-legacy-args.json"
            ));
        })
        .await;
    let err = client(&server)
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.code(), None);
    assert!(
        matches!(&envelope.args, ErrorArgs::Other(v) if v["obj"][0]["msg"][0] == "error.path.missing")
    );
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn an_error_without_an_envelope_keeps_the_body() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(406).body("Not Acceptable");
        })
        .await;
    let err = client(&server)
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    assert!(err.envelope().is_none());
    match &err {
        finline_sdk::Error::Api(api) => assert_eq!(api.body, "Not Acceptable"),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_malformed_answer_is_a_decode_error_with_status_and_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            authed(when)
                .method(httpmock::Method::GET)
                .path(format!("{PREFIX}/pos/{POS_ID}/orders/123"));
            then.status(200)
                .body(r#"[{"order_id":"123","method":"auth","amount":"ten","currency":"UAH","status":"success"}]"#);
        })
        .await;
    let err = client(&server).order_status("123").await.unwrap_err();
    match err {
        finline_sdk::Error::Decode(e) => {
            assert_eq!(e.status.map(|s| s.as_u16()), Some(200));
            assert_eq!(e.path, "[0].amount");
            assert!(e.excerpt.contains("\"ten\""));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn garbage_answers_do_not_panic() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(200).body("<html>oops</html>");
        })
        .await;
    let err = client(&server)
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, finline_sdk::Error::Decode(ref e) if e.path == "."),
        "{err:?}"
    );

    // A redirect without a Location, and a 200 without redirect_url, on a hosted payment.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path(format!("{PREFIX}/payment"));
            then.status(302);
        })
        .await;
    let err = client(&server)
        .hosted_payment(&HostedPaymentRequest::purchase(
            Decimal::ONE,
            "UAH",
            "x",
            "9",
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(err, finline_sdk::Error::Decode(ref e) if e.path == "Location"),
        "{err:?}"
    );
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path(format!("{PREFIX}/payment"));
            then.status(200).body("{}");
        })
        .await;
    let err = client(&server)
        .hosted_payment(&HostedPaymentRequest::purchase(
            Decimal::ONE,
            "UAH",
            "x",
            "9",
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(err, finline_sdk::Error::Decode(ref e) if e.path == "redirect_url"),
        "{err:?}"
    );
}

/// Every documented limit fails locally: the mock, which would accept anything, sees no call.
#[tokio::test]
async fn invalid_requests_are_never_sent() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(VOID_RESPONSE);
        })
        .await;
    let client = client(&server);
    let card = || {
        Card::Data(CardData::new(
            SecretString::from("4242424242424242"),
            2,
            24,
            SecretString::from("111"),
        ))
    };

    let cases: Vec<(&str, finline_sdk::Error)> = vec![
        (
            "order_id",
            client
                .void(&VoidRequest::new("x".repeat(33), "UAH"))
                .await
                .unwrap_err(),
        ),
        (
            "comment",
            client
                .void(&VoidRequest::new("123", "UAH").comment("c".repeat(2049)))
                .await
                .unwrap_err(),
        ),
        (
            "order_currency",
            client
                .void(&VoidRequest::new("123", "uah"))
                .await
                .unwrap_err(),
        ),
        (
            "charge_amount",
            client
                .capture(&CaptureRequest::partial(
                    "123",
                    "UAH",
                    "10.005".parse().unwrap(),
                ))
                .await
                .unwrap_err(),
        ),
        (
            "refund_amount",
            client
                .refund(&RefundRequest::partial("123", "UAH", Decimal::ZERO))
                .await
                .unwrap_err(),
        ),
        (
            "amount",
            client
                .hosted_payment(&HostedPaymentRequest::purchase(
                    "-1".parse().unwrap(),
                    "UAH",
                    "x",
                    "1",
                ))
                .await
                .unwrap_err(),
        ),
        (
            "split",
            client
                .split_capture(&SplitCaptureRequest::new("1", "UAH", Decimal::ONE, vec![]))
                .await
                .unwrap_err(),
        ),
        (
            "card_cvv",
            client
                .direct_payment(&DirectPaymentRequest::auth(
                    Decimal::ONE,
                    "UAH",
                    "x",
                    "1",
                    Card::Data(CardData::new(
                        SecretString::from("4242424242424242"),
                        2,
                        24,
                        SecretString::from("1x"),
                    )),
                ))
                .await
                .unwrap_err(),
        ),
        (
            "exp_month",
            client
                .direct_payment(&DirectPaymentRequest::auth(
                    Decimal::ONE,
                    "UAH",
                    "x",
                    "1",
                    Card::Data(CardData::new(
                        SecretString::from("4242424242424242"),
                        13,
                        24,
                        SecretString::from("111"),
                    )),
                ))
                .await
                .unwrap_err(),
        ),
        (
            "payload",
            client
                .direct_payment(
                    &DirectPaymentRequest::purchase(Decimal::ONE, "UAH", "x", "1", card())
                        .payload("p".repeat(4001)),
                )
                .await
                .unwrap_err(),
        ),
        (
            "order_id",
            client.order_status(&"9".repeat(40)).await.unwrap_err(),
        ),
    ];
    for (field, err) in cases {
        assert!(err.is_not_sent(), "{field}: {err:?}");
        match err {
            finline_sdk::Error::InvalidRequest(e) => assert_eq!(e.field, field),
            other => panic!("{field}: expected InvalidRequest, got {other:?}"),
        }
    }
    any.assert_calls_async(0).await;

    // At the limits themselves, requests go out.
    client
        .void(&VoidRequest::new("x".repeat(32), "UAH").comment("c".repeat(2048)))
        .await
        .unwrap();
    any.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_card_number_never_appears_in_a_validation_error() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let err = client
        .direct_payment(&DirectPaymentRequest::credit(
            Decimal::ONE,
            "UAH",
            "x",
            "1",
            SecretString::from("4111-1111-1111-1111"),
        ))
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("cc_number"), "{text}");
    assert!(!text.contains("4111"), "{text}");
}
