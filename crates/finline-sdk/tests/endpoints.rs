//! Every endpoint against a mock: method, exact path, both auth headers, exact JSON body, and a
//! snapshot of the decoded answer.

mod common;

use common::{POS_ID, client, credentials, fixture_json, get, json_post};
use finline_sdk::{
    CaptureRequest, Card, CardData, Client, Decimal, DirectPaymentRequest, Environment, Fee,
    FeeAmount, HostedPaymentRequest, Mode, OperationMethod, Product, RedirectSource, RefundRequest,
    ResponseCode, SecretString, SplitCaptureRequest, SplitRefundRequest, SplitShare, Status,
    ThreeDsBypass, VoidRequest, dec,
};
use httpmock::MockServer;
use serde_json::json;

const VOID_REQUEST: &str = include_str!("../../../fixtures/finline/void-request.json");
const VOID_RESPONSE: &str = include_str!("../../../fixtures/finline/void-response.json");

fn uuid(id: Option<&finline_sdk::Lenient<uuid::Uuid>>) -> String {
    id.and_then(finline_sdk::Lenient::parsed)
        .unwrap()
        .to_string()
}

#[test]
fn finline_is_the_default_host_and_tranzzo_is_one_call_away() {
    let build = |b: finline_sdk::ClientBuilder| b.build().unwrap().base_url().to_owned();
    assert_eq!(
        build(Client::builder(credentials())),
        "https://api.finline.io/api/v1"
    );
    assert_eq!(
        build(Client::builder(credentials()).environment(Environment::Tranzzo)),
        "https://cpay.tranzzo.com/api/v1"
    );
    let custom = Client::builder(credentials())
        .base_url("http://127.0.0.1:9/api/v1/")
        .build()
        .unwrap();
    assert_eq!(custom.base_url(), "http://127.0.0.1:9/api/v1");
    assert_eq!(custom.pos_id().to_string(), POS_ID);
    assert!(
        Client::builder(credentials())
            .base_url("ftp://x")
            .build()
            .is_err()
    );
}

#[tokio::test]
async fn void_sends_the_seed_request_and_decodes_the_seed_response() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(when, "/void", fixture_json(VOID_REQUEST));
            then.status(200)
                .header("content-type", "application/json")
                .body(VOID_RESPONSE);
        })
        .await;

    let request = VoidRequest::new("123", "UAH")
        .comment("10101")
        .server_url("https://callback.blackhole.com/callback/");
    let op = client(&server).void(&request).await.unwrap();
    mock.assert_async().await;

    // The values the seed prints.
    assert_eq!(
        uuid(op.operation_id.as_ref()),
        "f7d0c7cb-af32-441f-b2af-4d90d4da70e1"
    );
    assert_eq!(
        uuid(op.payment_id.as_ref()),
        "fdf1a710-8a34-414c-b023-b7e78104301a"
    );
    assert_eq!(op.order_id, "123");
    assert_eq!(
        uuid(op.transaction_id.as_ref()),
        "4f98dc46-ffff-4ba7-a267-286fe7669894"
    );
    assert_eq!(uuid(op.pos_id.as_ref()), POS_ID);
    assert_eq!(op.mode, Some(Mode::Direct));
    assert_eq!(op.method, OperationMethod::Void);
    assert_eq!(op.amount, Some(Decimal::from(100)));
    assert_eq!(op.currency.as_deref(), Some("UAH"));
    assert_eq!(op.status, Status::Success);
    assert_eq!(op.status_code, Some(ResponseCode::ReverseSuccessful));
    assert_eq!(op.status_code.as_ref().unwrap().as_str(), "1009");
    assert_eq!(
        op.status_description.as_deref(),
        Some("Reverse successful.")
    );
    let created = op.created_at.as_ref().and_then(|t| t.parsed()).unwrap();
    assert_eq!(created.as_str(), "2018-10-10T10:10:10.100");
    assert_eq!(op.created_at().unwrap().unix_timestamp(), 1_539_166_210);
    assert_eq!(
        op.processing_time.as_ref().unwrap().to_string(),
        "2018-10-10T10:10:12.000"
    );
    assert_eq!(op.fee, None);
    assert_eq!(op.comment.as_deref(), Some("10101"));
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn hosted_payment_reads_redirect_url_from_the_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                json!({
                    "pos_id": POS_ID,
                    "mode": "hosted",
                    "method": "purchase",
                    "amount": 100.5,
                    "currency": "UAH",
                    "description": "Order 125",
                    "order_id": "125",
                    "server_url": "https://merchant.example/hook",
                    "result_url": "https://merchant.example/done",
                    "products": [{
                        "id": "sku-1", "name": "Tea", "currency": "UAH",
                        "amount": 50.25, "qty": 2, "price_type": "VAT"
                    }],
                    "customer_id": "c-9",
                    "customer_email": "olena@example.com",
                    "customer_fname": "Olena",
                    "customer_lname": "Shevchenko",
                    "customer_country": "UA"
                }),
            );
            then.status(200)
                .header("content-type", "application/json")
                .body(include_str!(
                    "../../../fixtures/finline/hosted-payment-response.json"
                ));
        })
        .await;

    let request = HostedPaymentRequest::purchase(dec!(100.50), "UAH", "Order 125", "125")
        .server_url("https://merchant.example/hook")
        .result_url("https://merchant.example/done")
        .products(vec![
            Product::new("sku-1", "Tea", "UAH", dec!(50.25), 2)
                .price_type(finline_sdk::PriceType::Vat),
        ])
        .customer_id("c-9")
        .customer_email("olena@example.com")
        .customer_first_name("Olena")
        .customer_last_name("Shevchenko")
        .customer_country("UA");
    let page = client(&server)
        .create_hosted_payment(&request)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.source, RedirectSource::Body);
    insta::assert_debug_snapshot!(page);
}

#[tokio::test]
async fn hosted_payment_reads_a_302_location() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                json!({
                    "pos_id": POS_ID,
                    "mode": "hosted",
                    "method": "auth",
                    "amount": 10,
                    "currency": "XTS",
                    "description": "Hold 126",
                    "order_id": "126",
                    "order_3ds_bypass": "supported"
                }),
            );
            then.status(302)
                .header("location", "https://cpay.tranzzo.com/pay/abc-126");
        })
        .await;

    let request = HostedPaymentRequest::auth(Decimal::from(10), "XTS", "Hold 126", "126")
        .order_3ds_bypass(ThreeDsBypass::Supported);
    let page = client(&server)
        .create_hosted_payment(&request)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.redirect_url, "https://cpay.tranzzo.com/pay/abc-126");
    assert_eq!(page.source, RedirectSource::Location);
    insta::assert_debug_snapshot!(page);
}

#[tokio::test]
async fn direct_auth_with_card_data_sends_the_fact_sheet_example() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                fixture_json(include_str!(
                    "../../../fixtures/finline/direct-payment-request.json"
                )),
            );
            then.status(200).body(include_str!(
                "../../../fixtures/finline/direct-payment-response.json"
            ));
        })
        .await;

    let card = CardData::new(
        SecretString::from("4242424242424242"),
        2,
        24,
        SecretString::from("111"),
    );
    let request =
        DirectPaymentRequest::auth(Decimal::ONE, "UAH", "Order 123", "123", Card::Data(card))
            .order_3ds_bypass(ThreeDsBypass::Always)
            .server_url("https://merchant.example/hook")
            .result_url("https://merchant.example/done");
    let op = client(&server)
        .create_direct_payment(&request)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(op.status_code, Some(ResponseCode::AuthSuccessful));
    let Some(Fee::Detailed(FeeAmount {
        amount, currency, ..
    })) = &op.fee
    else {
        panic!("{:?}", op.fee)
    };
    assert_eq!(
        (*amount, currency.as_deref()),
        (Some(dec!(0.02)), Some("UAH"))
    );
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn direct_purchase_with_a_card_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                json!({
                    "pos_id": POS_ID,
                    "mode": "direct",
                    "method": "purchase",
                    "amount": 12.5,
                    "currency": "UAH",
                    "description": "Subscription",
                    "order_id": "sub-2024-05",
                    "cc_token": "rcr:tok_abc123",
                    "payload": "plan=basic"
                }),
            );
            then.status(200).json_body(json!({
                "payment_id": "11111111-2222-4333-8444-555555555555",
                "order_id": "sub-2024-05",
                "mode": "direct",
                "method": "purchase",
                "amount": 12.5,
                "currency": "UAH",
                "status": "failure",
                "status_code": "2101",
                "status_description": "Insufficient funds",
                "created_at": "2024-05-01T00:00:00Z",
                "payload": "plan=basic"
            }));
        })
        .await;

    let request = DirectPaymentRequest::purchase(
        dec!(12.50),
        "UAH",
        "Subscription",
        "sub-2024-05",
        Card::Token(SecretString::from("rcr:tok_abc123")),
    )
    .payload("plan=basic");
    let op = client(&server)
        .create_direct_payment(&request)
        .await
        .unwrap();
    mock.assert_async().await;
    // A decline is an answer, not an error.
    assert_eq!(op.status, Status::Failure);
    assert_eq!(op.status_code, Some(ResponseCode::Unknown("2101".into())));
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn credit_payout_to_a_card() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                fixture_json(include_str!(
                    "../../../fixtures/finline/credit-request.json"
                )),
            );
            then.status(200).body(include_str!(
                "../../../fixtures/finline/credit-response.json"
            ));
        })
        .await;

    let request = DirectPaymentRequest::credit(
        dec!(250.00),
        "UAH",
        "Payout 77",
        "payout-77",
        SecretString::from("4111111111111111"),
    )
    .order_3ds_bypass(ThreeDsBypass::Supported)
    .customer_email("ivan@example.com")
    .customer_first_name("Ivan")
    .customer_last_name("Petrenko")
    .customer_birthday(time::macros::date!(1990 - 04 - 01))
    .recipient_name("Ivan", None, "Petrenko")
    .recipient_document("AB123456", time::macros::date!(2010 - 06 - 15))
    .server_url("https://merchant.example/hook");
    let op = client(&server)
        .create_direct_payment(&request)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(op.method, OperationMethod::Credit);
    assert_eq!(op.status, Status::Pending);
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn capture_full_sends_no_amount() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/capture",
                json!({"pos_id": POS_ID, "order_id": "123", "order_currency": "UAH"}),
            );
            then.status(200).json_body(json!({
                "operation_id": "2a3c6b0d-5e1f-4a8b-9c7d-1e2f3a4b5c6d",
                "payment_id": "fdf1a710-8a34-414c-b023-b7e78104301a",
                "order_id": "123",
                "mode": "direct",
                "method": "capture",
                "amount": 100,
                "currency": "UAH",
                "status": "success",
                "status_code": "1000",
                "created_at": "2018-10-11T09:00:00.000"
            }));
        })
        .await;

    let op = client(&server)
        .capture(&CaptureRequest::full("123", "UAH"))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(op.amount, Some(Decimal::from(100)));
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn capture_partial_sends_charge_amount() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/capture",
                json!({
                    "pos_id": POS_ID,
                    "order_id": "123",
                    "order_currency": "UAH",
                    "charge_amount": 50.25,
                    "comment": "partial",
                    "server_url": "https://merchant.example/hook"
                }),
            );
            then.status(200).body(include_str!(
                "../../../fixtures/finline/capture-response.json"
            ));
        })
        .await;

    let request = CaptureRequest::partial("123", "UAH", dec!(50.25))
        .comment("partial")
        .server_url("https://merchant.example/hook");
    let op = client(&server).capture(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(op.amount, Some(dec!(50.25)));
    assert_eq!(op.fee, Some(Fee::Amount(dec!(0.75))));
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn refund_full_sends_no_amount() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/refund",
                json!({"pos_id": POS_ID, "order_id": "124", "order_currency": "UAH"}),
            );
            then.status(200).json_body(json!({
                "operation_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
                "order_id": "124",
                "method": "refund",
                "amount": 30,
                "currency": "UAH",
                "status": "success"
            }));
        })
        .await;

    let op = client(&server)
        .refund(&RefundRequest::full("124", "UAH"))
        .await
        .unwrap();
    mock.assert_async().await;
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn refund_partial_sends_refund_amount() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/refund",
                json!({
                    "pos_id": POS_ID,
                    "order_id": "124",
                    "order_currency": "UAH",
                    "refund_amount": 10.5
                }),
            );
            then.status(200).body(include_str!(
                "../../../fixtures/finline/refund-response.json"
            ));
        })
        .await;

    let op = client(&server)
        .refund(&RefundRequest::partial("124", "UAH", dec!(10.50)))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(op.status, Status::Pending);
    assert_eq!(op.status_code, None);
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn split_capture_uses_order_currency() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/split/capture",
                json!({
                    "pos_id": POS_ID,
                    "order_id": "split-1",
                    "order_currency": "UAH",
                    "charge_amount": 100,
                    "split": [
                        {"sub_merchant_id": "sub-1", "amount": 60.5},
                        {"sub_merchant_id": "sub-2", "amount": 39.5}
                    ]
                }),
            );
            then.status(200).body(include_str!(
                "../../../fixtures/finline/split-capture-response.json"
            ));
        })
        .await;

    let request = SplitCaptureRequest::new(
        "split-1",
        "UAH",
        Decimal::from(100),
        vec![
            SplitShare::new("sub-1", dec!(60.5)),
            SplitShare::new("sub-2", dec!(39.5)),
        ],
    );
    let op = client(&server).split_capture(&request).await.unwrap();
    mock.assert_async().await;
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn split_refund_uses_currency() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/split/refund",
                json!({
                    "pos_id": POS_ID,
                    "order_id": "split-1",
                    "currency": "UAH",
                    "refund_amount": 30,
                    "split": [{"sub_merchant_id": "sub-2", "amount": 30}],
                    "comment": "return of item 2"
                }),
            );
            then.status(200).body(include_str!(
                "../../../fixtures/finline/split-refund-response.json"
            ));
        })
        .await;

    let request = SplitRefundRequest::new(
        "split-1",
        "UAH",
        Decimal::from(30),
        vec![SplitShare::new("sub-2", Decimal::from(30))],
    )
    .comment("return of item 2");
    let op = client(&server).split_refund(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(op.status, Status::Failure);
    assert_eq!(op.transaction_id, None);
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn order_status_lists_every_operation() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            get(when, &format!("/pos/{POS_ID}/orders/123"));
            then.status(200).body(include_str!(
                "../../../fixtures/finline/order-status-response.json"
            ));
        })
        .await;

    let order = client(&server).order_status("123").await.unwrap();
    mock.assert_async().await;
    assert_eq!(order.operations.len(), 2);
    // The gateway sent the void first; chronologically the auth comes first.
    let chrono: Vec<_> = order
        .chronological()
        .iter()
        .map(|op| op.method.clone())
        .collect();
    assert_eq!(chrono, [OperationMethod::Auth, OperationMethod::Void]);
    assert_eq!(
        order.latest_successful().unwrap().method,
        OperationMethod::Void
    );
    assert_eq!(
        order.operations[1]
            .gateway_order_id
            .as_ref()
            .unwrap()
            .to_string(),
        "GW-000123"
    );
    insta::assert_debug_snapshot!(order);
}

#[tokio::test]
async fn order_status_encodes_the_order_id_in_the_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            get(when, &format!("/pos/{POS_ID}/orders/a%2Fb%20c"));
            then.status(200).body("[]");
        })
        .await;
    let order = client(&server).order_status("a/b c").await.unwrap();
    mock.assert_async().await;
    assert!(order.operations.is_empty());
}

#[tokio::test]
async fn order_operation_fetches_one_method() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            get(when, &format!("/pos/{POS_ID}/orders/123/void"));
            then.status(200).body(VOID_RESPONSE);
        })
        .await;

    let op = client(&server)
        .order_operation("123", &OperationMethod::Void)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(op.method, OperationMethod::Void);
    insta::assert_debug_snapshot!(op);
}

#[tokio::test]
async fn a_2xx_without_redirect_url_falls_back_to_location() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                json!({
                    "pos_id": POS_ID, "mode": "hosted", "method": "purchase", "amount": 1,
                    "currency": "UAH", "description": "d", "order_id": "7"
                }),
            );
            then.status(201)
                .header("location", "https://cpay.tranzzo.com/pay/7");
        })
        .await;
    let page = client(&server)
        .create_hosted_payment(&HostedPaymentRequest::purchase(
            Decimal::ONE,
            "UAH",
            "d",
            "7",
        ))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.redirect_url, "https://cpay.tranzzo.com/pay/7");
    assert_eq!(page.source, RedirectSource::Location);
}

#[tokio::test]
async fn lookup_sends_the_card_with_method_lookup() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                json!({
                    "pos_id": POS_ID, "mode": "direct", "method": "lookup", "amount": 1,
                    "currency": "XTS", "description": "Card check", "order_id": "chk-1",
                    "cc_number": "4242424242424242", "exp_month": 12, "exp_year": 29,
                    "card_cvv": "123", "customer_ip": "203.0.113.7"
                }),
            );
            then.status(200).json_body(json!({
                "order_id": "chk-1", "method": "lookup", "status": "success", "amount": 1,
                "currency": "XTS"
            }));
        })
        .await;
    let card = CardData::new(
        SecretString::from("4242424242424242"),
        12,
        29,
        SecretString::from("123"),
    );
    let request =
        DirectPaymentRequest::lookup(dec!(1), "XTS", "Card check", "chk-1", Card::Data(card))
            .customer_ip("203.0.113.7");
    let op = client(&server)
        .create_direct_payment(&request)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(op.method, OperationMethod::Lookup);
    assert!(op.is_success());
}
