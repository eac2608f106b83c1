//! Start, state (v4 and legacy v2) and Complete against a mock Barion.

mod common;

use std::str::FromStr;

use barion_sdk::{AccountCreationIndicator, DeliveryTimeframe, ReOrderIndicator};
use barion_sdk::{
    BillingAddress, ChallengePreference, CompleteRequest, Currency, Decimal, Environment,
    FundingSourceType, GiftCardPurchase, Item, Locale, PayeeTransaction, PayerAccountInformation,
    PaymentStatus, PaymentTransaction, PaymentType, PurchaseInformation, PurchaseType,
    RecurrenceType, ShippingAddress, StartPaymentRequest, TimeSpan,
};
use common::{POS_KEY, client, id};
use httpmock::MockServer;
use serde_json::json;
use time::macros::datetime;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn minimal_request() -> StartPaymentRequest {
    let mug = Item::new(
        "Mug",
        "Blue mug",
        Decimal::ONE,
        "piece",
        dec("1000"),
        dec("1000"),
    )
    .sku("MUG-1");
    StartPaymentRequest::new(
        PaymentType::Immediate,
        "ORDER-0001-1",
        Currency::Huf,
        Locale::Hungarian,
        vec![PaymentTransaction::new("ORDER-0001-T1", "owner@shop.example", dec("1000")).item(mug)],
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

    let started = client(&server)
        .start_payment(&minimal_request())
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(started.payment_id, id("f28b2b2572644d1084bbb3a7d8362337"));
    assert_eq!(started.status, PaymentStatus::Prepared);
    // The fee transaction's empty POSTransactionId reads as None.
    assert_eq!(started.transactions[1].pos_transaction_id, None);
    assert_eq!(
        client(&server).payer_redirect_url(&started),
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
    assert_eq!(
        client(&server).payer_redirect_url(&started),
        "https://secure.test.barion.com/Pay?id=f28b2b2572644d1084bbb3a7d8362337"
    );
}

#[tokio::test]
async fn start_payment_with_every_field_sends_them_all() {
    let request = StartPaymentRequest::new(
        PaymentType::DelayedCapture,
        "ORDER-0002-1",
        Currency::Eur,
        Locale::English,
        vec![
            PaymentTransaction::new("ORDER-0002-T1", "owner@shop.example", dec("12.50"))
                .comment("first")
                .payee_transaction(
                    PayeeTransaction::new("ORDER-0002-P1", "partner@shop.example", dec("2.10"))
                        .comment("commission"),
                )
                .item(
                    Item::new(
                        "Tea",
                        "Green tea",
                        dec("2.5"),
                        "pack",
                        dec("5"),
                        dec("12.50"),
                    )
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
            amount: dec("10.00"),
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
                    "DelayedCapturePeriod": "7.00:00:00",
                    "PaymentWindow": "00:30:00",
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
    assert_eq!(state.status, PaymentStatus::Authorized);
    assert_eq!(state.total, dec("12.50"));
    assert_eq!(state.currency, Currency::Eur);
    assert_eq!(state.pos_id, None);
    assert_eq!(state.fraud_risk_score, Some(dec("12.5")));
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
        barion_sdk::TransactionStatus::Unknown("SomethingNew".into())
    );
    assert_eq!(
        state.delayed_capture_until,
        Some(datetime!(2024-06-22 12:00:00 UTC))
    );
    insta::assert_debug_snapshot!(state);
}

#[tokio::test]
async fn legacy_get_payment_state_sends_the_payment_id_query_and_the_header() {
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
        .get_payment_state(id("ecc2bc7a3d8147cab1f04de3dddd657f"))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(state.payment_request_id.as_deref(), Some("TEST-01"));
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
    let legacy =
        barion_sdk::Client::builder(barion_sdk::SecretString::from(POS_KEY), Environment::Test)
            .base_url(server.base_url())
            .retry(barion_sdk::RetryPolicy::disabled())
            .legacy_query_auth(true)
            .build()
            .unwrap();
    let state = legacy
        .get_payment_state(id("db3f3bda-9fc8-4229-b21a-b021483a5435"))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(state.status, PaymentStatus::Succeeded);
}

#[tokio::test]
async fn complete_posts_the_payment_id_and_reads_payment_status() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/Complete")
                .header("x-pos-key", POS_KEY)
                .json_body(json!({"PaymentId": "f28b2b25-7264-4d10-84bb-b3a7d8362337"}));
            then.status(200).body(include_str!(
                "../../../fixtures/barion/complete-response.json"
            ));
        })
        .await;
    let done = client(&server)
        .complete(&CompleteRequest::new(id(
            "f28b2b2572644d1084bbb3a7d8362337",
        )))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(done.payment_status, PaymentStatus::Succeeded);
    insta::assert_debug_snapshot!(done);
}
