//! `/payments/`: create, get, list, retry (at most 4 per payment), refund; the seed's create
//! answer; error envelopes and decode failures.

use askell_sdk::{
    ClaimOptions, Client, CreatePayment, Decimal, Error, Payment, PaymentState, RetryPolicy,
    TransactionState,
};
use httpmock::prelude::*;
use serde_json::json;
use uuid::Uuid;

const KEY: &str = "abcdef.abcdefgh1234567890";
const AUTH: &str = "Api-Key abcdef.abcdefgh1234567890";

const CREATE: &str = include_str!("../../../fixtures/askell/payment-create-response.json");
const FX_GET: &str = include_str!("../../../fixtures/askell/payment-get.json");
const FX_GET_ARRAY: &str = include_str!("../../../fixtures/askell/payment-get-array.json");
const LIST: &str = include_str!("../../../fixtures/askell/payment-list.json");
const FAILED: &str = include_str!("../../../fixtures/askell/payment-failed.json");
const EXHAUSTED: &str =
    include_str!("../../../fixtures/askell/payment-failed-retries-exhausted.json");
const RETRY: &str = include_str!("../../../fixtures/askell/payment-retry-response.json");
const REFUND: &str = include_str!("../../../fixtures/askell/payment-refund-response.json");
const ERR_400: &str = include_str!("../../../fixtures/askell/payment-error-400.json");
const ERR_404: &str = include_str!("../../../fixtures/askell/payment-error-404.json");
const ERR_FIELDS: &str = include_str!("../../../fixtures/askell/payment-error-fields.json");

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn uuid(s: &str) -> Uuid {
    s.parse().unwrap()
}

fn payment(fixture: &str) -> Payment {
    serde_json::from_str(fixture).unwrap()
}

#[tokio::test]
async fn create_payment_posts_the_seed_request_and_reads_the_seed_answer() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/payments/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "customer_reference": "customer-12345",
                    "amount": "1",
                    "currency": "ISK",
                    "description": "My description",
                    "reference": "customer-12345"
                }));
            then.status(201)
                .header("content-type", "application/json")
                .body(CREATE);
        })
        .await;
    let request = CreatePayment::new("customer-12345", Decimal::new(1, 0), "ISK")
        .description("My description")
        .reference("customer-12345");
    let p = client(&server).create_payment(&request).await.unwrap();
    mock.assert_async().await;

    // The values the seed prints.
    assert_eq!(p.uuid, uuid("a19ca264-5dd4-4897-bcb8-47d84844a2bc"));
    assert_eq!(p.amount.to_string(), "1.0000");
    assert_eq!(p.currency, "ISK");
    assert_eq!(p.description.as_deref(), Some("My description"));
    assert_eq!(p.reference.as_deref(), Some("customer-12345"));
    assert_eq!(p.state, PaymentState::Pending);
    assert_eq!(
        p.created_at.to_string(),
        "2021-10-15 10:02:25.663806 +00:00:00"
    );
    assert_eq!(
        p.updated_at.to_string(),
        "2021-10-15 10:02:25.663824 +00:00:00"
    );
    assert_eq!(p.transactions.len(), 1);
    let t = &p.transactions[0];
    assert_eq!(t.uuid, uuid("951913b0-3b99-4c6c-a58c-3b8e7c18b488"));
    assert_eq!(t.state, TransactionState::Initial);
    assert_eq!(t.amount.to_string(), "1.00");
    assert_eq!(t.currency, "ISK");
    assert_eq!(t.external_reference, None);
    assert_eq!(t.fail_code, None);
    assert_eq!(t.refund_code, None);
    assert_eq!(t.cancel_code, None);
    assert!(t.data.receipt.is_none() && t.data.extra.is_empty());
    assert_eq!(p.retries_used(), 0);
    insta::assert_debug_snapshot!("create_payment", p);
}

#[tokio::test]
async fn create_payment_with_claim_options_sends_them() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/payments/")
                .header("authorization", AUTH)
                .json_body(json!({
                    "customer_reference": "2904952299",
                    "amount": "100.00",
                    "currency": "ISK",
                    "payment_options": {
                        "payment_processor": "claim",
                        "claimtemplate": 1,
                        "claimrule": 2,
                        "payment_date": "2025-11-01",
                        "payor_id": "2904952299"
                    }
                }));
            then.status(201).body(CREATE);
        })
        .await;
    let request = CreatePayment::new("2904952299", Decimal::new(10000, 2), "ISK").claim(
        ClaimOptions::new()
            .claim_template(1)
            .claim_rule(2)
            .payment_date(time::macros::date!(2025 - 11 - 01))
            .payor_id("2904952299"),
    );
    let p = client(&server).create_payment(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(p.state, PaymentState::Pending);
}

#[tokio::test]
async fn invalid_create_requests_are_never_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(CREATE);
        })
        .await;
    let c = client(&server);
    let cases = [
        (CreatePayment::new("c-1", Decimal::ZERO, "ISK"), "amount"),
        (
            CreatePayment::new("c-1", Decimal::new(-5, 0), "ISK"),
            "amount",
        ),
        (CreatePayment::new("c-1", Decimal::ONE, "isk"), "currency"),
        (
            CreatePayment::new("", Decimal::ONE, "ISK"),
            "customer_reference",
        ),
        (
            CreatePayment::new("x".repeat(257), Decimal::ONE, "ISK"),
            "customer_reference",
        ),
        (
            CreatePayment::new("c-1", Decimal::ONE, "ISK")
                .claim(ClaimOptions::new().payor_id("12345")),
            "payment_options.payor_id",
        ),
    ];
    for (request, field) in cases {
        let err = c.create_payment(&request).await.unwrap_err();
        assert!(err.is_not_sent(), "{err}");
        match err {
            Error::InvalidRequest(e) => assert_eq!(e.field, field),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn get_payment_reads_an_object_and_the_specs_one_element_array() {
    let server = MockServer::start_async().await;
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    let object = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/payments/{id}/"))
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(FX_GET);
        })
        .await;
    let p = client(&server).payment(uuid(id)).await.unwrap();
    object.assert_async().await;
    assert_eq!(p.state, PaymentState::Settled);
    insta::assert_debug_snapshot!("get_payment", p);
    object.delete_async().await;

    let array = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/payments/{id}/"))
                .header("authorization", AUTH);
            then.status(200).body(FX_GET_ARRAY);
        })
        .await;
    let from_array = client(&server).payment(uuid(id)).await.unwrap();
    array.assert_async().await;
    assert_eq!(from_array, p);
}

#[tokio::test]
async fn list_payments_keeps_unknown_states() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/payments/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(LIST);
        })
        .await;
    let list = client(&server).list_payments().await.unwrap();
    mock.assert_async().await;
    let items = list.items();
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[2].state,
        PaymentState::Unknown("chargeback".to_owned())
    );
    assert_eq!(items[2].amount.to_string(), "9.9900");
    insta::assert_debug_snapshot!("list_payments", list);
}

#[tokio::test]
async fn retry_posts_an_empty_object_for_a_failed_payment() {
    let server = MockServer::start_async().await;
    let failed = payment(FAILED);
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/payments/7e1f4c2a-3b5d-4e6f-8a9b-0c1d2e3f4a5b/retry/")
                .header("authorization", AUTH)
                .json_body(json!({}));
            then.status(200).body(RETRY);
        })
        .await;
    assert_eq!(failed.retries_used(), 0);
    assert_eq!(failed.retries_left(), 4);
    let p = client(&server).retry_payment(&failed).await.unwrap();
    mock.assert_async().await;
    assert_eq!(p.state, PaymentState::Retrying);
    assert_eq!(p.retries_used(), 1);
    insta::assert_debug_snapshot!("retry_payment", p);
}

#[tokio::test]
async fn a_fifth_retry_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(RETRY);
        })
        .await;
    let exhausted = payment(EXHAUSTED);
    assert_eq!(exhausted.state, PaymentState::Failed);
    assert_eq!(
        exhausted.transactions.len(),
        5,
        "the first charge and four retries"
    );
    assert_eq!(exhausted.retries_used(), 4);
    assert_eq!(exhausted.retries_left(), 0);
    let err = client(&server).retry_payment(&exhausted).await.unwrap_err();
    assert!(err.is_not_sent());
    match &err {
        Error::InvalidRequest(e) => {
            assert_eq!(e.field, "payment");
            assert!(e.reason.contains("at most 4 retries"), "{}", e.reason);
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_payment_that_is_not_failed_is_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(RETRY);
        })
        .await;
    let c = client(&server);
    for fixture in [CREATE, FX_GET] {
        let err = c.retry_payment(&payment(fixture)).await.unwrap_err();
        match err {
            Error::InvalidRequest(e) => assert_eq!(e.field, "payment.state"),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn retry_by_uuid_fetches_first_and_refuses_an_exhausted_payment() {
    let server = MockServer::start_async().await;
    let id = "7e1f4c2a-3b5d-4e6f-8a9b-0c1d2e3f4a5b";
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/payments/{id}/"))
                .header("authorization", AUTH);
            then.status(200).body(EXHAUSTED);
        })
        .await;
    let retry = server
        .mock_async(|when, then| {
            when.method(POST).path(format!("/payments/{id}/retry/"));
            then.status(200).body(RETRY);
        })
        .await;
    let err = client(&server)
        .retry_payment_by_uuid(uuid(id))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    get.assert_async().await;
    retry.assert_calls_async(0).await;
}

#[tokio::test]
async fn retry_by_uuid_retries_a_failed_payment() {
    let server = MockServer::start_async().await;
    let id = "7e1f4c2a-3b5d-4e6f-8a9b-0c1d2e3f4a5b";
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/payments/{id}/"));
            then.status(200).body(FAILED);
        })
        .await;
    let retry = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/payments/{id}/retry/"))
                .header("authorization", AUTH)
                .json_body(json!({}));
            then.status(200).body(RETRY);
        })
        .await;
    let p = client(&server)
        .retry_payment_by_uuid(uuid(id))
        .await
        .unwrap();
    get.assert_async().await;
    retry.assert_async().await;
    assert_eq!(p.state, PaymentState::Retrying);
}

#[tokio::test]
async fn refund_posts_an_empty_object() {
    let server = MockServer::start_async().await;
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/payments/{id}/refund/"))
                .header("authorization", AUTH)
                .json_body(json!({}));
            then.status(200).body(REFUND);
        })
        .await;
    let p = client(&server).refund_payment(uuid(id)).await.unwrap();
    mock.assert_async().await;
    assert_eq!(p.transactions[0].state, TransactionState::Refunded);
    insta::assert_debug_snapshot!("refund_payment", p);
}

#[tokio::test]
async fn the_v1_error_envelope_is_typed() {
    let server = MockServer::start_async().await;
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(format!("/payments/{id}/refund/"));
            then.status(400)
                .header("content-type", "application/json")
                .body(ERR_400);
        })
        .await;
    let err = client(&server).refund_payment(uuid(id)).await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.status.as_deref(), Some("error"));
    assert_eq!(
        envelope.error.as_deref(),
        Some("Payment is not in a failed state")
    );
    assert!(
        err.outcome_unknown().is_none(),
        "a 400 is a definite answer"
    );
}

#[tokio::test]
async fn the_drf_detail_envelope_is_typed() {
    let server = MockServer::start_async().await;
    let id = "00000000-0000-4000-8000-000000000000";
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/payments/{id}/"));
            then.status(404).body(ERR_404);
        })
        .await;
    let err = client(&server).payment(uuid(id)).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        err.envelope().unwrap().detail.as_deref(),
        Some("Not found.")
    );
}

#[tokio::test]
async fn drf_field_errors_are_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/payments/");
            then.status(400).body(ERR_FIELDS);
        })
        .await;
    let err = client(&server)
        .create_payment(&CreatePayment::new("c-1", Decimal::ONE, "ISK"))
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(
        envelope.fields["amount"],
        json!(["A valid number is required."])
    );
    assert_eq!(
        envelope.to_string(),
        "amount: A valid number is required.; currency: This field is required."
    );
}

#[tokio::test]
async fn a_5xx_on_create_says_the_outcome_is_unknown() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/payments/");
            then.status(502).body("<html>Bad gateway</html>");
        })
        .await;
    let err = client(&server)
        .create_payment(&CreatePayment::new("c-1", Decimal::ONE, "ISK"))
        .await
        .unwrap_err();
    let unknown = err.outcome_unknown().expect("outcome unknown");
    assert!(
        unknown
            .resolve_with
            .as_deref()
            .unwrap()
            .contains("list_payments")
    );
    assert!(err.envelope().is_none());
}

#[tokio::test]
async fn a_malformed_payment_is_a_decode_error_with_status_and_path() {
    let server = MockServer::start_async().await;
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/payments/{id}/"));
            then.status(200).body(
                r#"{"uuid":"a19ca264-5dd4-4897-bcb8-47d84844a2bc","amount":"1.0000","currency":"ISK",
                "state":"settled","created_at":"2021-10-15T10:02:25Z","updated_at":"2021-10-15T10:02:25Z",
                "transactions":[{"uuid":"951913b0-3b99-4c6c-a58c-3b8e7c18b488","state":"settled",
                "amount":"one krona","currency":"ISK"}]}"#,
            );
        })
        .await;
    let err = client(&server).payment(uuid(id)).await.unwrap_err();
    match err {
        Error::Decode(e) => {
            assert_eq!(e.status.map(|s| s.as_u16()), Some(200));
            assert_eq!(e.path, "transactions[0].amount");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_array_of_two_payments_is_not_taken_for_one() {
    let server = MockServer::start_async().await;
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    let two = format!("[{FX_GET},{FX_GET}]");
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/payments/{id}/"));
            then.status(200).body(two);
        })
        .await;
    let err = client(&server).payment(uuid(id)).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[test]
fn amounts_accept_json_numbers_and_keep_scale() {
    let p: Payment = serde_json::from_str(
        r#"{"uuid":"a19ca264-5dd4-4897-bcb8-47d84844a2bc","amount":1500,"currency":"ISK",
        "state":"pending","created_at":"2021-10-15T10:02:25Z","updated_at":"2021-10-15T10:02:25Z"}"#,
    )
    .unwrap();
    assert_eq!(p.amount, Decimal::new(1500, 0));
    assert!(p.transactions.is_empty());
    let q = payment(CREATE);
    assert_eq!(q.amount.to_string(), "1.0000");
    assert_eq!(
        serde_json::to_value(CreatePayment::new("c", q.amount, "ISK")).unwrap()["amount"],
        json!("1.0000")
    );
}
