//! Requests that break a documented rule fail locally: the mock sees no request at all.

mod common;

use barion_sdk::{
    Currency, Decimal, FinishRequest, Item, Locale, PaymentTransaction, PaymentType, RefundRequest,
    StartPaymentRequest, TimeSpan, TransactionToFinish, TransactionToRefund,
};
use common::{client, id};
use httpmock::MockServer;
use payments_core::Error as CoreError;

fn huf_request(total: Decimal) -> StartPaymentRequest {
    let item = Item::new("Mug", "Blue mug", Decimal::ONE, "piece", total, total);
    StartPaymentRequest::new(
        PaymentType::Immediate,
        "ORDER-1",
        Currency::Huf,
        Locale::Hungarian,
        vec![PaymentTransaction::new("T1", "owner@shop.example", total).item(item)],
    )
}

fn field_of(err: &barion_sdk::Error) -> String {
    match err {
        CoreError::InvalidRequest(e) => e.field.to_string(),
        other => panic!("expected a local validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_start_requests_never_reach_barion() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let c = client(&server);

    let cases: Vec<(StartPaymentRequest, &str)> = vec![
        // HUF: whole forints only.
        (
            huf_request(Decimal::new(100_050, 2)),
            "transactions[0].total",
        ),
        // Missing required parts.
        (
            huf_request(Decimal::from(1000)).tap(|r| r.transactions.clear()),
            "transactions",
        ),
        (
            huf_request(Decimal::from(1000)).tap(|r| r.transactions[0].items.clear()),
            "transactions[0].items",
        ),
        (
            huf_request(Decimal::from(1000)).tap(|r| r.payment_request_id.clear()),
            "payment_request_id",
        ),
        (
            huf_request(Decimal::from(1000)).tap(|r| r.funding_sources.clear()),
            "funding_sources",
        ),
        (
            huf_request(Decimal::from(1000)).tap(|r| r.payment_type = PaymentType::DelayedCapture),
            "delayed_capture_period",
        ),
        // Limits.
        (huf_request(Decimal::ZERO), "transactions[0].total"),
        (
            huf_request(Decimal::from(1000)).reservation_period(TimeSpan::from_minutes(30)),
            "reservation_period",
        ),
        (
            huf_request(Decimal::from(1000))
                .tap(|r| r.payment_type = PaymentType::Reservation)
                .reservation_period(TimeSpan::from_secs(30)),
            "reservation_period",
        ),
        (
            huf_request(Decimal::from(1000)).payment_window(TimeSpan::from_days(8)),
            "payment_window",
        ),
        (
            huf_request(Decimal::from(1000)).payer_phone_number("+36701234567"),
            "payer_phone_number",
        ),
        (
            huf_request(Decimal::from(1000)).card_holder_name_hint("X"),
            "card_holder_name_hint",
        ),
        (
            huf_request(Decimal::from(1000)).order_number("x".repeat(101)),
            "order_number",
        ),
        (
            huf_request(Decimal::from(1000))
                .recurrence_type(barion_sdk::RecurrenceType::OneClickPayment),
            "recurrence_type",
        ),
        (
            huf_request(Decimal::from(1000))
                .shipping_address(barion_sdk::ShippingAddress::new("Hungary")),
            "shipping_address.country",
        ),
    ];
    for (request, field) in cases {
        let err = c.start_payment(&request).await.unwrap_err();
        assert!(err.is_not_sent());
        assert_eq!(field_of(&err), field, "{err}");
    }
    let err = c
        .start_payment(&huf_request(Decimal::new(100_050, 2)))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request, not sent: `transactions[0].total` HUF amounts must be whole numbers, got 1000.50"
    );
    // 1000.00 HUF is a whole number and passes.
    assert!(huf_request(Decimal::new(100_000, 2)).validate().is_ok());
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn invalid_finish_and_refund_requests_never_reach_barion() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let c = client(&server);
    let payment = id("ecc2bc7a3d8147cab1f04de3dddd657f");
    let tx = id("ef01be38ad6e413eb47fbeeb6026b8aa");

    let err = c
        .finish_reservation(&FinishRequest::new(payment, Currency::Huf))
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "transactions");
    let err = c
        .capture(
            &FinishRequest::new(payment, Currency::Huf)
                .transaction(TransactionToFinish::new(tx, Decimal::new(15, 1))),
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "transactions[0].total");
    let err = c
        .capture(
            &FinishRequest::new(payment, Currency::Eur)
                .transaction(TransactionToFinish::new(tx, Decimal::new(-1, 0))),
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "transactions[0].total");

    let err = c
        .refund(&RefundRequest::new(payment, Currency::Huf))
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "transactions_to_refund");
    let err = c
        .refund(
            &RefundRequest::new(payment, Currency::Huf).transaction(TransactionToRefund::new(
                tx,
                "T1",
                Decimal::new(2505, 1),
            )),
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "transactions_to_refund[0].amount_to_refund");
    let err = c
        .refund(
            &RefundRequest::new(payment, Currency::Eur).transaction(TransactionToRefund::new(
                tx,
                "T1",
                Decimal::new(1001, 3),
            )),
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "transactions_to_refund[0].amount_to_refund");
    let err = c
        .refund(
            &RefundRequest::new(payment, Currency::Eur).transaction(TransactionToRefund::new(
                tx,
                "T1",
                Decimal::ZERO,
            )),
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "transactions_to_refund[0].amount_to_refund");
    mock.assert_calls_async(0).await;
}

trait Tap: Sized {
    fn tap(self, f: impl FnOnce(&mut Self)) -> Self;
}

impl Tap for StartPaymentRequest {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}
