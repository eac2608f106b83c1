//! Every endpoint against a mock Barion: method, path, the exact `x-pos-key` header and the
//! exact body, plus a snapshot of the decoded answer; local validation; the client's shape.

mod common;

use barion_sdk::{
    AccountCreationIndicator, BillingAddress, CancelAuthorizationRequest, ChallengePreference,
    Client, CompleteRequest, Credentials, CurrencyCode, DeliveryTimeframe, Environment,
    FinishRequest, FundingSourceType, GiftCardPurchase, Item, Locale, PayeeTransaction,
    PayeeTransactionToFinish, PayerAccountInformation, PaymentStatus, PaymentTransaction,
    PaymentType, PurchaseInformation, PurchaseType, ReOrderIndicator, RecurrenceType,
    RefundRequest, RetryPolicy, SecretString, ShippingAddress, StartPaymentRequest, TimeSpan,
    TransactionStatus, TransactionToFinish, TransactionToRefund, dec,
};
use common::{POS_KEY, client, credentials, id};
use httpmock::MockServer;
use payments_core::Error as CoreError;
use serde_json::json;
use time::macros::datetime;

fn minimal_request() -> StartPaymentRequest {
    let mug = Item::new("Mug", "Blue mug", dec!(1), "piece", dec!(1000), dec!(1000)).sku("MUG-1");
    StartPaymentRequest::new(
        PaymentType::Immediate,
        "ORDER-0001-1",
        CurrencyCode::Huf,
        Locale::Hungarian,
        vec![PaymentTransaction::new("ORDER-0001-T1", "owner@shop.example", dec!(1000)).item(mug)],
    )
    .order_number("ORDER-0001")
    .redirect_url("https://shop.example/return")
    .callback_url("https://shop.example/barion/callback")
}

#[tokio::test]
async fn start_payment_sends_the_documented_body_and_reads_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/Start")
                .header("x-pos-key", POS_KEY)
                .header("content-type", "application/json")
                .body(concat!(
                    r#"{"PaymentType":"Immediate","GuestCheckOut":true,"FundingSources":["All"],"#,
                    r#""PaymentRequestId":"ORDER-0001-1","RedirectUrl":"https://shop.example/return","#,
                    r#""CallbackUrl":"https://shop.example/barion/callback","#,
                    r#""Transactions":[{"POSTransactionId":"ORDER-0001-T1","Payee":"owner@shop.example","#,
                    r#""Total":1000,"Items":[{"Name":"Mug","Description":"Blue mug","Quantity":1,"#,
                    r#""Unit":"piece","UnitPrice":1000,"ItemTotal":1000,"SKU":"MUG-1"}]}],"#,
                    r#""OrderNumber":"ORDER-0001","Locale":"hu-HU","Currency":"HUF"}"#
                ));
            then.status(200)
                .header("content-type", "application/json")
                .body(include_str!("../../../fixtures/barion/start-payment-response.json"));
        })
        .await;

    let c = client(&server);
    let started = c.start_payment(&minimal_request()).await.unwrap();
    mock.assert_async().await;
    assert_eq!(started.payment_id, id("f28b2b2572644d1084bbb3a7d8362337"));
    assert_eq!(started.status, Some(PaymentStatus::Prepared));
    // The fee transaction's empty POSTransactionId reads as None.
    assert_eq!(started.transactions[1].pos_transaction_id, None);
    assert_eq!(
        c.payer_redirect_url(&started),
        "https://secure.test.barion.com/Pay?id=f28b2b2572644d1084bbb3a7d8362337"
    );
    insta::assert_debug_snapshot!(started);
}

#[tokio::test]
async fn payer_redirect_url_is_built_per_environment_without_gateway_url() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/Start");
            then.status(200).body(
                r#"{"PaymentId":"f28b2b2572644d1084bbb3a7d8362337","PaymentRequestId":"X","Status":"Prepared","Transactions":[],"Errors":[]}"#,
            );
        })
        .await;
    let started = client(&server)
        .start_payment(&minimal_request())
        .await
        .unwrap();
    assert_eq!(started.gateway_url, None);
    assert_eq!(
        started.payer_redirect_url(Environment::Production),
        "https://secure.barion.com/Pay?id=f28b2b2572644d1084bbb3a7d8362337"
    );
    let live = Client::builder(credentials())
        .environment(Environment::Production)
        .base_url(server.base_url())
        .build()
        .unwrap();
    assert_eq!(
        live.payer_redirect_url(&started),
        "https://secure.barion.com/Pay?id=f28b2b2572644d1084bbb3a7d8362337"
    );
}

#[tokio::test]
async fn start_payment_with_every_field_sends_them_all() {
    let request = StartPaymentRequest::new(
        PaymentType::DelayedCapture,
        "ORDER-0002-1",
        CurrencyCode::Eur,
        Locale::English,
        vec![
            PaymentTransaction::new("ORDER-0002-T1", "owner@shop.example", dec!(12.50))
                .comment("first")
                .payee_transaction(
                    PayeeTransaction::new("ORDER-0002-P1", "partner@shop.example", dec!(2.10))
                        .comment("commission"),
                )
                .item(
                    Item::new("Tea", "Green tea", dec!(2.5), "pack", dec!(5), dec!(12.50))
                        .image_url("https://shop.example/tea.png"),
                ),
        ],
    )
    .delayed_capture_period(TimeSpan::from_days(7))
    .payment_window(TimeSpan::from_minutes(30))
    .guest_checkout(Some(false))
    .funding_sources([FundingSourceType::BankCard, FundingSourceType::GooglePay])
    .initiate_recurrence(true)
    .recurrence_id("TOKEN-1")
    .recurrence_type(RecurrenceType::OneClickPayment)
    .trace_id("TRACE-0")
    .payer_hint("payer@example.com")
    .card_holder_name_hint("Test Payer")
    .redirect_url("https://shop.example/return")
    .callback_url("https://shop.example/cb")
    .order_number("ORDER-0002")
    .shipping_address(
        ShippingAddress::new("HU")
            .city("Budapest")
            .region("BU")
            .zip("1111")
            .street("Fő utca 1.")
            .street2("2. emelet")
            .full_name("Test Payer"),
    )
    .billing_address(
        BillingAddress::new("HU")
            .city("Budapest")
            .zip("1111")
            .street("Fő utca 1."),
    )
    .payer_phone_number("36701234567")
    .payer_work_phone_number("3612345678")
    .payer_home_number("3619876543")
    .payer_account_information(PayerAccountInformation {
        account_id: Some("user-42".into()),
        account_created: Some(datetime!(2024-01-01 10:00:00 +01:00)),
        account_creation_indicator: Some(AccountCreationIndicator::MoreThan60Days),
        purchases_in_the_last_6_months: Some(3),
        provision_attempts: Some(0),
        ..Default::default()
    })
    .purchase_information(PurchaseInformation {
        delivery_timeframe: Some(DeliveryTimeframe::ElectronicDelivery),
        delivery_email_address: Some("payer@example.com".into()),
        re_order_indicator: Some(ReOrderIndicator::Reordered),
        purchase_type: Some(PurchaseType::GoodsAndServicePurchase),
        gift_card_purchase: Some(GiftCardPurchase {
            amount: dec!(10.00),
            count: 1,
        }),
        purchase_date: Some(datetime!(2024-06-15 12:00:00 UTC)),
        ..Default::default()
    })
    .challenge_preference(ChallengePreference::NoPreference);

    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/Start")
                .header("x-pos-key", POS_KEY)
                // Exact decimal digits on the wire, never through f64.
                .body_includes(r#""Total":12.50"#)
                .body_includes(r#""Amount":10.00"#)
                .json_body(json!({
                    "PaymentType": "DelayedCapture",
                    "DelayedCapturePeriod": "7:00:00:00",
                    "PaymentWindow": "0:00:30:00",
                    "GuestCheckOut": false,
                    "InitiateRecurrence": true,
                    "RecurrenceId": "TOKEN-1",
                    "FundingSources": ["BankCard", "GooglePay"],
                    "PaymentRequestId": "ORDER-0002-1",
                    "PayerHint": "payer@example.com",
                    "CardHolderNameHint": "Test Payer",
                    "RecurrenceType": "OneClickPayment",
                    "TraceId": "TRACE-0",
                    "RedirectUrl": "https://shop.example/return",
                    "CallbackUrl": "https://shop.example/cb",
                    "Transactions": [{
                        "POSTransactionId": "ORDER-0002-T1",
                        "Payee": "owner@shop.example",
                        "Total": 12.5,
                        "Comment": "first",
                        "PayeeTransactions": [{
                            "POSTransactionId": "ORDER-0002-P1",
                            "Payee": "partner@shop.example",
                            "Total": 2.1,
                            "Comment": "commission"
                        }],
                        "Items": [{
                            "Name": "Tea", "Description": "Green tea",
                            "ImageUrl": "https://shop.example/tea.png",
                            "Quantity": 2.5, "Unit": "pack", "UnitPrice": 5, "ItemTotal": 12.5
                        }]
                    }],
                    "OrderNumber": "ORDER-0002",
                    "ShippingAddress": {
                        "Country": "HU", "City": "Budapest", "Region": "BU", "Zip": "1111",
                        "Street": "Fő utca 1.", "Street2": "2. emelet", "FullName": "Test Payer"
                    },
                    "Locale": "en-US",
                    "Currency": "EUR",
                    "PayerPhoneNumber": "36701234567",
                    "PayerWorkPhoneNumber": "3612345678",
                    "PayerHomeNumber": "3619876543",
                    "BillingAddress": {
                        "Country": "HU", "City": "Budapest", "Zip": "1111", "Street": "Fő utca 1."
                    },
                    "PayerAccountInformation": {
                        "AccountId": "user-42",
                        "AccountCreated": "2024-01-01T09:00:00Z",
                        "AccountCreationIndicator": "MoreThan60Days",
                        "PurchasesInTheLast6Months": 3,
                        "ProvisionAttempts": 0
                    },
                    "PurchaseInformation": {
                        "DeliveryTimeframe": "ElectronicDelivery",
                        "DeliveryEmailAddress": "payer@example.com",
                        "ReOrderIndicator": "Reordered",
                        "PurchaseType": "GoodsAndServicePurchase",
                        "GiftCardPurchase": { "Amount": 10.0, "Count": 1 },
                        "PurchaseDate": "2024-06-15T12:00:00Z"
                    },
                    "ChallengePreference": "NoPreference"
                }));
            then.status(200).body(include_str!(
                "../../../fixtures/barion/start-payment-response.json"
            ));
        })
        .await;
    let started = client(&server).start_payment(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(started.payment_request_id.as_deref(), Some("ORDER-0001-1"));
}

/// Class: TimeSpans are written `d:hh:mm:ss`, as Barion's API reference documents them
/// (`TimeSpan (d:hh:mm:ss)`), days always present.
#[tokio::test]
async fn timespans_are_written_as_barions_reference_documents_them() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/Start")
                .header("x-pos-key", POS_KEY)
                .body_includes(r#""ReservationPeriod":"1:00:00:00""#)
                .body_includes(r#""PaymentWindow":"0:00:30:00""#);
            then.status(200).body(include_str!(
                "../../../fixtures/barion/start-payment-response.json"
            ));
        })
        .await;
    let mut request = minimal_request()
        .reservation_period(TimeSpan::from_days(1))
        .payment_window(TimeSpan::from_minutes(30));
    request.payment_type = PaymentType::Reservation;
    client(&server).start_payment(&request).await.unwrap();
    mock.assert_async().await;
    // Writing and reading agree for every form Barion and its libraries use.
    for (text, want) in [
        ("1:00:00:00", TimeSpan::from_days(1)),
        ("1.00:00:00", TimeSpan::from_days(1)),
        ("7.00:00:00", TimeSpan::from_days(7)),
        ("00:30:00", TimeSpan::from_minutes(30)),
        ("0:00:30:00", TimeSpan::from_minutes(30)),
    ] {
        assert_eq!(text.parse::<TimeSpan>().unwrap(), want, "{text}");
    }
    assert_eq!(
        serde_json::to_string(&TimeSpan::from_secs(93_784)).unwrap(),
        r#""1:02:03:04""#
    );
}

#[tokio::test]
async fn payment_state_v4_uses_the_header_and_the_dashless_id_in_the_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v4/Payment/f28b2b2572644d1084bbb3a7d8362337/PaymentState")
                .header("x-pos-key", POS_KEY)
                .query_param_missing("POSKey");
            then.status(200).body(include_str!(
                "../../../fixtures/barion/payment-state-v4-delayed-capture.json"
            ));
        })
        .await;
    let state = client(&server)
        .payment_state(id("F28B2B25-7264-4D10-84BB-B3A7D8362337"))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(state.status, Some(PaymentStatus::Authorized));
    // The amount keeps the digits Barion sent.
    assert_eq!(state.total.unwrap().to_string(), "12.50");
    assert_eq!(state.currency, Some(CurrencyCode::Eur));
    assert_eq!(state.pos_id, None);
    assert_eq!(state.fraud_risk_score, Some(dec!(12.5)));
    let card = state
        .funding_information
        .as_ref()
        .unwrap()
        .bank_card
        .as_ref()
        .unwrap();
    assert_eq!(card.valid_thru_year.as_deref(), Some("2027"));
    assert_eq!(card.card_type, Some(barion_sdk::CardType::MasterCard));
    assert_eq!(
        state.transactions[2].status,
        Some(TransactionStatus::Unknown("SomethingNew".into()))
    );
    assert_eq!(
        state
            .delayed_capture_until
            .as_ref()
            .and_then(|t| t.parsed()),
        Some(&datetime!(2024-06-22 12:00:00 UTC))
    );
    insta::assert_debug_snapshot!(state);
}

#[tokio::test]
async fn legacy_payment_state_sends_the_payment_id_query_and_the_header() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/Payment/GetPaymentState")
                .header("x-pos-key", POS_KEY)
                .query_param("PaymentId", "ecc2bc7a-3d81-47ca-b1f0-4de3dddd657f")
                .query_param_missing("POSKey");
            then.status(200).body(include_str!(
                "../../../fixtures/barion/get-payment-state-v2-success.json"
            ));
        })
        .await;
    let state = client(&server)
        .legacy_payment_state(id("ecc2bc7a3d8147cab1f04de3dddd657f"))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(state.payment_request_id.as_deref(), Some("TEST-01"));
    // The seed repeats `FraudRiskScore`; the live path reads it too.
    assert_eq!(state.fraud_risk_score, Some(dec!(10)));
    insta::assert_debug_snapshot!(state);
}

#[tokio::test]
async fn legacy_query_auth_puts_the_pos_key_in_the_query_as_the_seed_does() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/Payment/GetPaymentState")
                .header("x-pos-key", POS_KEY)
                .query_param("POSKey", POS_KEY)
                .query_param("PaymentId", "db3f3bda-9fc8-4229-b21a-b021483a5435");
            then.status(200).body(include_str!(
                "../../../fixtures/barion/get-payment-state-v2-success.json"
            ));
        })
        .await;
    let legacy = Client::builder(credentials())
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .legacy_query_auth(true)
        .build()
        .unwrap();
    let state = legacy
        .legacy_payment_state(id("db3f3bda-9fc8-4229-b21a-b021483a5435"))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(state.status, Some(PaymentStatus::Succeeded));
}

#[tokio::test]
async fn complete_payment_posts_the_payment_id_and_reads_payment_status() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/Complete")
                .header("x-pos-key", POS_KEY)
                .body(r#"{"PaymentId":"f28b2b25-7264-4d10-84bb-b3a7d8362337"}"#);
            then.status(200).body(include_str!(
                "../../../fixtures/barion/complete-response.json"
            ));
        })
        .await;
    let done = client(&server)
        .complete_payment(&CompleteRequest::new(id(
            "f28b2b2572644d1084bbb3a7d8362337",
        )))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(done.payment_status, Some(PaymentStatus::Succeeded));
    insta::assert_debug_snapshot!(done);
}

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
            then.status(200).body(include_str!(
                "../../../fixtures/barion/finish-reservation-response.json"
            ));
        })
        .await;
    let request = FinishRequest::new(id("b1c2d3e4f5a64b7c8d9e0f1a2b3c4d5e"), CurrencyCode::Huf)
        .transaction(
            TransactionToFinish::new(id("c2d3e4f5a6b74c8d9e0f1a2b3c4d5e6f"), dec!(400))
                .comment("partly delivered")
                .payee_transaction(PayeeTransactionToFinish::new(
                    id("e4f5a6b7c8d94e0f9a2b3c4d5e6f7a8b"),
                    dec!(0),
                ))
                .item(Item::new(
                    "Mug",
                    "Blue mug",
                    dec!(0.4),
                    "piece",
                    dec!(1000),
                    dec!(400),
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
                .body(concat!(
                    r#"{"PaymentId":"f28b2b25-7264-4d10-84bb-b3a7d8362337","Transactions":["#,
                    r#"{"TransactionId":"9c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f","Total":12.50}]}"#
                ));
            then.status(200).body(include_str!(
                "../../../fixtures/barion/capture-response.json"
            ));
        })
        .await;
    let request =
        FinishRequest::new(id("f28b2b2572644d1084bbb3a7d8362337"), CurrencyCode::Eur).transaction(
            TransactionToFinish::new(id("9c1d2e3f4a5b4c6d8e9f0a1b2c3d4e5f"), dec!(12.50)),
        );
    let captured = client(&server).capture(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(
        captured.transactions[0].status,
        Some(TransactionStatus::Succeeded)
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
        Some(TransactionStatus::Reversed)
    );
    insta::assert_debug_snapshot!(cancelled);
}

#[tokio::test]
async fn refund_payment_posts_the_transactions_to_refund() {
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
    let request = RefundRequest::new(id("ecc2bc7a3d8147cab1f04de3dddd657f "), CurrencyCode::Huf)
        .transaction(
            TransactionToRefund::new(
                id("ef01be38ad6e413eb47fbeeb6026b8aa"),
                "TEST-01-01",
                dec!(250),
            )
            .comment("Damaged item"),
        );
    let refunded = client(&server).refund_payment(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(refunded.refunded_transactions[0].total, Some(dec!(250)));
    assert_eq!(
        refunded.refunded_transactions[0].status,
        Some(TransactionStatus::Succeeded)
    );
    insta::assert_debug_snapshot!(refunded);
}

// ---- Local validation: nothing reaches Barion. ----

fn huf_request(total: barion_sdk::Decimal) -> StartPaymentRequest {
    let item = Item::new("Mug", "Blue mug", dec!(1), "piece", total, total);
    StartPaymentRequest::new(
        PaymentType::Immediate,
        "ORDER-1",
        CurrencyCode::Huf,
        Locale::Hungarian,
        vec![PaymentTransaction::new("T1", "owner@shop.example", total).item(item)],
    )
}

fn tap(
    mut r: StartPaymentRequest,
    f: impl FnOnce(&mut StartPaymentRequest),
) -> StartPaymentRequest {
    f(&mut r);
    r
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
    let ok = || huf_request(dec!(1000));
    let cases: Vec<(StartPaymentRequest, &str)> = vec![
        (huf_request(dec!(1000.50)), "transactions[0].total"),
        (tap(ok(), |r| r.transactions.clear()), "transactions"),
        (
            tap(ok(), |r| r.transactions[0].items.clear()),
            "transactions[0].items",
        ),
        (
            tap(ok(), |r| r.payment_request_id.clear()),
            "payment_request_id",
        ),
        (tap(ok(), |r| r.funding_sources.clear()), "funding_sources"),
        (
            tap(ok(), |r| r.payment_type = PaymentType::DelayedCapture),
            "delayed_capture_period",
        ),
        (huf_request(dec!(0)), "transactions[0].total"),
        (
            ok().reservation_period(TimeSpan::from_minutes(30)),
            "reservation_period",
        ),
        (
            tap(ok(), |r| r.payment_type = PaymentType::Reservation)
                .reservation_period(TimeSpan::from_secs(30)),
            "reservation_period",
        ),
        (
            ok().payment_window(TimeSpan::from_days(8)),
            "payment_window",
        ),
        (
            ok().payer_phone_number("+36701234567"),
            "payer_phone_number",
        ),
        (ok().card_holder_name_hint("X"), "card_holder_name_hint"),
        (ok().order_number("x".repeat(101)), "order_number"),
        (
            ok().recurrence_type(RecurrenceType::OneClickPayment),
            "recurrence_type",
        ),
        (
            ok().shipping_address(ShippingAddress::new("Hungary")),
            "shipping_address.country",
        ),
    ];
    for (request, field) in cases {
        let err = c.start_payment(&request).await.unwrap_err();
        assert!(err.is_not_sent());
        assert_eq!(field_of(&err), field, "{err}");
    }
    let err = c
        .start_payment(&huf_request(dec!(1000.50)))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request, not sent: `transactions[0].total` HUF amounts must be whole numbers, got 1000.50"
    );
    // 1000.00 HUF is a whole number and passes.
    assert!(huf_request(dec!(1000.00)).validate().is_ok());
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
        .finish_reservation(&FinishRequest::new(payment, CurrencyCode::Huf))
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "transactions");
    for (currency, total) in [
        (CurrencyCode::Huf, dec!(1.5)),
        (CurrencyCode::Eur, dec!(-1)),
    ] {
        let err = c
            .capture(
                &FinishRequest::new(payment, currency)
                    .transaction(TransactionToFinish::new(tx, total)),
            )
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "transactions[0].total");
    }
    let err = c
        .refund_payment(&RefundRequest::new(payment, CurrencyCode::Huf))
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "transactions_to_refund");
    for (currency, amount) in [
        (CurrencyCode::Huf, dec!(250.5)),
        (CurrencyCode::Eur, dec!(1.001)),
        (CurrencyCode::Eur, dec!(0)),
    ] {
        let err = c
            .refund_payment(
                &RefundRequest::new(payment, currency)
                    .transaction(TransactionToRefund::new(tx, "T1", amount)),
            )
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "transactions_to_refund[0].amount_to_refund");
    }
    mock.assert_calls_async(0).await;
}

// ---- The client's shape. ----

#[test]
fn the_default_environment_is_test_and_production_is_chosen_explicitly() {
    let test = Client::builder(credentials()).build().unwrap();
    assert_eq!(test.environment(), Environment::Test);
    assert_eq!(test.base_url(), "https://api.test.barion.com");
    let live = Client::builder(credentials())
        .environment(Environment::Production)
        .build()
        .unwrap();
    assert_eq!(live.base_url(), "https://api.barion.com");
    assert_eq!(Environment::default(), Environment::Test);
}

#[test]
fn an_empty_pos_key_is_refused() {
    let err = Client::builder(Credentials {
        pos_key: SecretString::from("  "),
    })
    .build()
    .unwrap_err();
    assert!(err.to_string().contains("pos_key"), "{err}");
}

#[test]
fn client_builder_and_credentials_debug_never_show_the_pos_key() {
    let builder = Client::builder(credentials()).legacy_query_auth(true);
    let text = format!("{builder:?} {:?}", credentials());
    assert!(
        !text.to_ascii_lowercase().contains("345fcb555ffc"),
        "{text}"
    );
    assert!(text.contains("redacted"), "{text}");
    let client = builder.base_url("http://127.0.0.1:1").build().unwrap();
    for text in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(
            !text.to_ascii_lowercase().contains("345fcb555ffc"),
            "{text}"
        );
    }
}
