//! FinishReservation, Capture and CancelAuthorization against a mock Barion.

mod common;

use barion_sdk::{
    CancelAuthorizationRequest, Currency, Decimal, FinishRequest, Item, PayeeTransactionToFinish,
    PaymentStatus, TransactionStatus, TransactionToFinish,
};
use common::{POS_KEY, client, id};
use httpmock::MockServer;
use serde_json::json;

#[tokio::test]
async fn finish_reservation_posts_the_transactions_to_finish() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/FinishReservation")
                .header("x-pos-key", POS_KEY)
                .body(concat!(
                    r#"{"PaymentId":"b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e","Transactions":["#,
                    r#"{"TransactionId":"c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f","Total":400,"#,
                    r#""Comment":"partly delivered","PayeeTransactions":[{"TransactionId":"#,
                    r#""e4f5a6b7-c8d9-4e0f-9a2b-3c4d5e6f7a8b","Total":0}],"#,
                    r#""Items":[{"Name":"Mug","Description":"Blue mug","Quantity":0.4,"Unit":"piece","#,
                    r#""UnitPrice":1000,"ItemTotal":400}]}]}"#
                ));
            then.status(200)
                .body(include_str!("../../../fixtures/barion/finish-reservation-response.json"));
        })
        .await;
    let request = FinishRequest::new(id("b1c2d3e4f5a64b7c8d9e0f1a2b3c4d5e"), Currency::Huf)
        .transaction(
            TransactionToFinish::new(id("c2d3e4f5a6b74c8d9e0f1a2b3c4d5e6f"), Decimal::from(400))
                .comment("partly delivered")
                .payee_transaction(PayeeTransactionToFinish::new(
                    id("e4f5a6b7c8d94e0f9a2b3c4d5e6f7a8b"),
                    Decimal::ZERO,
                ))
                .item(Item::new(
                    "Mug",
                    "Blue mug",
                    Decimal::new(4, 1),
                    "piece",
                    Decimal::from(1000),
                    Decimal::from(400),
                )),
        );
    let finished = client(&server).finish_reservation(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(finished.is_successful, Some(true));
    assert_eq!(finished.status, Some(PaymentStatus::Succeeded));
    insta::assert_debug_snapshot!(finished);
}

#[tokio::test]
async fn capture_posts_to_capture() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/Capture")
                .header("x-pos-key", POS_KEY)
                .body_includes(r#""Total":12.50"#)
                .json_body(json!({
                    "PaymentId": "f28b2b25-7264-4d10-84bb-b3a7d8362337",
                    "Transactions": [
                        {"TransactionId": "9c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "Total": 12.5}
                    ]
                }));
            then.status(200).body(include_str!(
                "../../../fixtures/barion/capture-response.json"
            ));
        })
        .await;
    let request = FinishRequest::new(id("f28b2b2572644d1084bbb3a7d8362337"), Currency::Eur)
        .transaction(TransactionToFinish::new(
            id("9c1d2e3f4a5b4c6d8e9f0a1b2c3d4e5f"),
            Decimal::new(1250, 2),
        ));
    let captured = client(&server).capture(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(
        captured.transactions[0].status,
        TransactionStatus::Succeeded
    );
    insta::assert_debug_snapshot!(captured);
}

#[tokio::test]
async fn cancel_authorization_posts_the_payment_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/CancelAuthorization")
                .header("x-pos-key", POS_KEY)
                .body(r#"{"PaymentId":"f28b2b25-7264-4d10-84bb-b3a7d8362337"}"#);
            then.status(200).body(include_str!(
                "../../../fixtures/barion/cancel-authorization-response.json"
            ));
        })
        .await;
    let cancelled = client(&server)
        .cancel_authorization(&CancelAuthorizationRequest::new(id(
            "f28b2b2572644d1084bbb3a7d8362337",
        )))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(
        cancelled.transactions[0].status,
        TransactionStatus::Reversed
    );
    insta::assert_debug_snapshot!(cancelled);
}
