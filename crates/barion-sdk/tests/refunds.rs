//! Refund against a mock Barion.

mod common;

use barion_sdk::{Currency, Decimal, RefundRequest, TransactionStatus, TransactionToRefund};
use common::{POS_KEY, client, id};
use httpmock::MockServer;

#[tokio::test]
async fn refund_posts_the_transactions_to_refund() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/Refund")
                .header("x-pos-key", POS_KEY)
                .body(concat!(
                    r#"{"PaymentId":"ecc2bc7a-3d81-47ca-b1f0-4de3dddd657f","TransactionsToRefund":["#,
                    r#"{"TransactionId":"ef01be38-ad6e-413e-b47f-beeb6026b8aa","#,
                    r#""POSTransactionId":"TEST-01-01","AmountToRefund":250,"Comment":"Damaged item"}]}"#
                ));
            then.status(200)
                .body(include_str!("../../../fixtures/barion/refund-response.json"));
        })
        .await;
    let request = RefundRequest::new(id("ecc2bc7a3d8147cab1f04de3dddd657f "), Currency::Huf)
        .transaction(
            TransactionToRefund::new(
                id("ef01be38ad6e413eb47fbeeb6026b8aa"),
                "TEST-01-01",
                Decimal::from(250),
            )
            .comment("Damaged item"),
        );
    let refunded = client(&server).refund(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(refunded.refunded_transactions[0].total, Decimal::from(250));
    assert_eq!(
        refunded.refunded_transactions[0].status,
        TransactionStatus::Succeeded
    );
    insta::assert_debug_snapshot!(refunded);
}
