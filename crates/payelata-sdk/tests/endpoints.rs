//! Every endpoint against a mock: method, exact path, the exact auth header, the exact JSON:API
//! body, and a snapshot of the decoded answer; then the seed's token flow end to end.
// Unix seconds are written as the wire writes them; helpers take JSON values by value.
#![allow(clippy::unreadable_literal, clippy::needless_pass_by_value)]

mod common;

use common::*;
use httpmock::MockServer;
use payelata_sdk::webhook::{CallbackVerifier, Mode};
use payelata_sdk::{
    CardgateClient, CardgateStatus, CreatePaymentInvoice, CreatePayoutInvoice, CreateRefund,
    ExposeSecret, Flow, FormMethod, InvoiceCustomer, InvoiceStatus, ListPaymentInvoices,
    PaymentFlow, PayoutStatus, RefundOutcome, RefundStatus, ResolutionCode, SaleOperation,
    SecretString, TryStreamExt, dec,
};
use serde_json::json;
use time::macros::datetime;

fn tokenize_request() -> CreatePaymentInvoice {
    CreatePaymentInvoice::new("ORDER1233", dec!(1), "USD", "payment_card_usd_hpp")
        .test_mode(true)
        .description("TEST")
        .customer(InvoiceCustomer::new("my_customer_1").name("John Doe"))
        .tokenize(true)
}

fn token() -> SecretString {
    SecretString::from("4c9jHUgeL1SD7g5byDYn9Gc0RC60NN3x")
}

#[tokio::test]
async fn create_with_tokenize_sends_the_seed_request() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .json_body(json(TOKENIZE_REQUEST));
            then.status(201)
                .header("content-type", "application/json")
                .body(TOKEN_CHECKOUT_RESPONSE);
        })
        .await;
    let invoice = client(&server)
        .create_payment_invoice(&tokenize_request())
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(invoice.id, "cpi_ADzwZTG99f3q3utQ");
    assert!(invoice.attributes.cardgate_token().is_some());
    insta::assert_debug_snapshot!(invoice);
}

#[tokio::test]
async fn create_by_token_sends_callback_url_inside_the_attributes() {
    // The seed prints `callback_url` beside `attributes` (a doc slip): it belongs inside.
    let mut expected = json(TOKEN_CHECKOUT_REQUEST);
    let url = expected["data"]
        .as_object_mut()
        .unwrap()
        .remove("callback_url")
        .unwrap();
    expected["data"]["attributes"]["callback_url"] = url;
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices")
                .header("authorization", BASIC)
                .json_body(expected);
            then.status(201).body(TOKEN_CHECKOUT_RESPONSE);
        })
        .await;
    let request = CreatePaymentInvoice::new(
        "test_live_recurrent_11",
        dec!(100),
        "USD",
        "payment_card_usd_hpp",
    )
    .flow(PaymentFlow::Charge)
    .test_mode(true)
    .description("Invoice by Token Example")
    .token(token())
    .customer(InvoiceCustomer::new("my_customer_1"))
    .callback_url("https://example.com");
    let invoice = client(&server)
        .create_payment_invoice(&request)
        .await
        .unwrap();
    mock.assert_async().await;

    // Every value the seed's answer prints.
    let a = &invoice.attributes;
    assert_eq!(invoice.kind, "payment-invoices");
    assert_eq!(invoice.id, "cpi_ADzwZTG99f3q3utQ");
    assert_eq!(a.serial_number.as_deref(), Some("ADzwZTG99f3q3utQ"));
    assert_eq!(a.status, Some(InvoiceStatus::ProcessPending));
    assert_eq!(a.resolution, Some(ResolutionCode::Ok));
    assert_eq!(a.moderation_required, Some(false));
    assert_eq!(a.amount, Some(dec!(100)));
    assert_eq!(a.payment_amount, Some(dec!(100)));
    assert_eq!(a.currency.as_deref(), Some("USD"));
    assert_eq!(a.service_currency.as_deref(), Some("USD"));
    assert_eq!(a.reference_id.as_deref(), Some("test_live_recurrent_11"));
    assert_eq!(a.test_mode, Some(true));
    assert_eq!(a.fee, Some(dec!(0)));
    assert_eq!(a.deposit, Some(dec!(1)));
    assert!(a.processed.is_none() && a.processed_amount.is_none());
    assert!(a.refunded_amount.is_none() && a.processed_fee.is_none());
    assert!(a.processed_deposit.is_none());
    assert!(a.metadata.is_empty());
    let flow = a.flow_data.as_ref().unwrap();
    assert_eq!(
        flow.action.as_deref(),
        Some("https://cardgate.example.io/hpp/cgi_ZzhRb7xLro7cIf0N")
    );
    assert_eq!(flow.method, Some(FormMethod::Get));
    assert!(flow.params.is_empty());
    let meta = flow.metadata.as_ref().unwrap();
    assert_eq!(meta.sid.as_deref(), Some("cgi_ZzhRb7xLro7cIf0N"));
    assert_eq!(
        meta.token.as_ref().unwrap().expose_secret(),
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzUxMiJ9.eyJzaWQiOiJjZ2lfVWxReDF4d1pBY3FpMWl5aiI........sImV4cCI6MTYwMDg2NTM2MX0"
    );
    assert_eq!(a.flow, Some(Flow::Hpp));
    assert_eq!(a.payment_flow, Some(PaymentFlow::Charge));
    assert_eq!(
        a.created.as_ref().unwrap().parsed(),
        Some(&datetime!(2020-03-25 22:24:15 UTC))
    );
    assert_eq!(a.updated_at(), Some(datetime!(2020-03-25 22:24:16 UTC)));
    assert!(a.payload.is_none() && a.description.is_none());
    assert_eq!(
        a.descriptor.as_deref(),
        Some("DEMO ACC:Заказ №:test_live_recurrent_11")
    );
    assert_eq!(
        a.callback_url.as_deref(),
        Some("https://example.site/2fac2a84-a905-40fb-bf61-517506e4f3eb")
    );
    assert_eq!(
        a.return_url.as_deref(),
        Some("https://example.io/about-us?myparam=myvalue")
    );
    assert!(a.original_data.is_none() && a.rrn.is_none() && a.approval_code.is_none());
    assert!(a.extra.is_empty(), "{:?}", a.extra);
    let r = &invoice.relationships;
    assert_eq!(r.payment_service_id(), Some("payment_card_usd_hpp"));
    assert_eq!(r.payment_method_id(), Some("payment_card"));
    assert_eq!(r.customer_id(), Some("cus_kFIAv2l4M9diZGzK"));
    assert_eq!(
        invoice.links.self_href(),
        Some("/api/payment-invoices/cpi_ADzwZTG99f3q3utQ")
    );
    // The payer is redirected with a GET to the cardgate page.
    assert_eq!(
        flow.redirect_url().as_deref(),
        Some("https://cardgate.example.io/hpp/cgi_ZzhRb7xLro7cIf0N")
    );
}

#[tokio::test]
async fn create_instant_by_token_sends_the_seed_request() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices")
                .header("authorization", BASIC)
                .json_body(json(INSTANT_CHARGE_REQUEST));
            then.status(201).body(INSTANT_CHARGE_RESPONSE);
        })
        .await;
    let request = CreatePaymentInvoice::new("ORDER1233", dec!(1), "USD", "payment_card_usd_hpp")
        .test_mode(true)
        .token(SecretString::from(
            "zsmmfyTkG6hn9DdwDhxh69LdQNJgZWk5xMdY7vg",
        ))
        .customer(InvoiceCustomer::new("my_customer_1"))
        .instant(true);
    assert!(!format!("{request:?}").contains("zsmmfy"));
    let invoice = client(&server)
        .create_payment_invoice(&request)
        .await
        .unwrap();
    mock.assert_async().await;
    let a = &invoice.attributes;
    assert_eq!(a.amount, Some(dec!(1)));
    assert_eq!(a.payment_amount, Some(dec!(1)));
    assert_eq!(a.deposit, Some(dec!(1)));
    assert_eq!(
        a.cardgate_token().unwrap().expose_secret(),
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzUxMiJ9*****"
    );
    insta::assert_debug_snapshot!(invoice);
}

#[tokio::test]
async fn every_create_attribute_is_written_where_the_fact_sheet_puts_it() {
    let server = MockServer::start_async().await;
    let expected = json!({"data": {"type": "payment-invoices", "attributes": {
        "reference_id": "ORDER-9", "amount": 100.55, "currency": "UAH",
        "service": "payment_card_uah_hpp", "test_mode": false, "description": "Mug",
        "flow": "charge",
        "customer": {"reference_id": "cus-9", "name": "Olena", "email": "o@example.com",
            "phone": "+380501234567", "meta_data": {"tier": "gold"},
            "address": {"country": "UA", "city": "Kyiv", "post_code": "01001"}},
        "gateway_options": {"cardgate": {"tokenize": true}},
        "metadata": {"order": 9, "channel": "web"},
        "callback_url": "https://shop.example/cb", "return_url": "https://shop.example/back",
        "return_urls": {"success": "https://shop.example/ok", "fail": "https://shop.example/no"}
    }}});
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices")
                .json_body(expected);
            then.status(201)
                .body(invoice_doc("cpi_9", json!({"status": "created"})));
        })
        .await;
    let request = CreatePaymentInvoice::new("ORDER-9", dec!(100.55), "UAH", "payment_card_uah_hpp")
        .test_mode(false)
        .description("Mug")
        .flow(PaymentFlow::Charge)
        .customer(
            InvoiceCustomer::new("cus-9")
                .name("Olena")
                .email("o@example.com")
                .phone("+380501234567")
                .meta_data("tier", "gold")
                .address(
                    payelata_sdk::Address::new()
                        .country("UA")
                        .city("Kyiv")
                        .post_code("01001"),
                ),
        )
        .tokenize(true)
        .metadata("order", 9)
        .metadata("channel", "web")
        .callback_url("https://shop.example/cb")
        .return_url("https://shop.example/back")
        .return_urls(
            payelata_sdk::ReturnUrls::new()
                .success("https://shop.example/ok")
                .fail("https://shop.example/no"),
        );
    let invoice = client(&server)
        .create_payment_invoice(&request)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(invoice.attributes.status, Some(InvoiceStatus::Created));
}

#[tokio::test]
async fn get_reads_the_invoice() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/payment-invoices/cpi_TEST0000000001")
                .header("authorization", BASIC)
                .header("accept", "application/json");
            then.status(200).body(CALLBACK_VECTOR);
        })
        .await;
    let invoice = client(&server)
        .payment_invoice("cpi_TEST0000000001")
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(invoice.attributes.is_success() && !invoice.attributes.is_final());
    assert_eq!(
        invoice.attributes.card_token().unwrap().expose_secret(),
        "4c9jHUgeL1SD7g5byDYn9Gc0RC60NN3x"
    );
    insta::assert_debug_snapshot!(invoice);
}

#[tokio::test]
async fn ids_are_encoded_as_one_path_segment() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET").path("/payment-invoices/cpi_a%2Fb");
            then.status(200).body(invoice_doc("cpi_a/b", json!({})));
        })
        .await;
    client(&server).payment_invoice("cpi_a/b").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn the_list_walks_the_pages_with_its_filters() {
    let server = MockServer::start_async().await;
    let page1 = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/payment-invoices")
                .header("authorization", BASIC)
                .query_param("filter[status]", "processed")
                .query_param("filter[service]", "payment_card_usd_hpp")
                .query_param("page[size]", "2")
                .query_param_missing("page[number]");
            then.status(200).body(
                json!({"data": [
                    {"type": "payment-invoices", "id": "cpi_1", "attributes": {"status": "processed", "amount": 1}},
                    {"type": "payment-invoices", "id": "cpi_2", "attributes": {"status": "processed", "amount": 2}}
                ], "links": {"self": "/api/payment-invoices?page[number]=1", "next": "/api/payment-invoices?page[number]=2"},
                "meta": {"total": 3}})
                .to_string(),
            );
        })
        .await;
    let page2 = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/payment-invoices")
                .query_param("page[number]", "2")
                .query_param("page[size]", "2");
            then.status(200).body(
                json!({"data": [
                    {"type": "payment-invoices", "id": "cpi_3", "attributes": {"status": "processed", "amount": 3}}
                ], "links": {"self": "/api/payment-invoices?page[number]=2"}})
                .to_string(),
            );
        })
        .await;
    let query = ListPaymentInvoices::new()
        .status(InvoiceStatus::Processed)
        .filter("service", "payment_card_usd_hpp")
        .page_size(2);
    let all: Vec<_> = client(&server)
        .payment_invoices(&query)
        .try_collect()
        .await
        .unwrap();
    page1.assert_async().await;
    page2.assert_async().await;
    let ids: Vec<_> = all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["cpi_1", "cpi_2", "cpi_3"]);
    assert_eq!(all[2].attributes.amount, Some(dec!(3)));

    let one = client(&server)
        .payment_invoices_page(&query.clone().page(2))
        .await
        .unwrap();
    assert_eq!(one.data.len(), 1);
    insta::assert_debug_snapshot!(one);
}

#[tokio::test]
async fn a_list_that_ignores_the_page_ends_instead_of_looping() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET").path("/payment-invoices");
            then.status(200).body(
                json!({"data": [{"type": "payment-invoices", "id": "cpi_1", "attributes": {}}],
                    "links": {"next": "/api/payment-invoices?page[number]=2"}})
                .to_string(),
            );
        })
        .await;
    let all: Vec<_> = client(&server)
        .payment_invoices(&ListPaymentInvoices::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn by_reference_id_keeps_only_an_exact_match() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/payment-invoices")
                .header("authorization", BASIC)
                .query_param("filter[reference_id]", "ORDER-42");
            then.status(200).body(
                json!({"data": [
                    {"type": "payment-invoices", "id": "cpi_0", "attributes": {"reference_id": "ORDER-421"}},
                    {"type": "payment-invoices", "id": "cpi_TEST0000000001", "attributes": {"reference_id": "ORDER-42"}}
                ]})
                .to_string(),
            );
        })
        .await;
    let found = client(&server)
        .payment_invoice_by_reference_id("ORDER-42")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(found.unwrap().id, "cpi_TEST0000000001");
}

#[tokio::test]
async fn refund_sends_the_new_model_and_reads_a_refunds_answer() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices/cpi_TEST0000000001/refund")
                .header("authorization", BASIC)
                .json_body(json!({"data": {"type": "refund", "attributes": {
                    "invoiceId": "cpi_TEST0000000001", "amount": 100,
                    "reference_id": "REFUND-1", "description": "Refund of ORDER-42"}}}));
            then.status(201).body(REFUND_RESPONSE);
        })
        .await;
    let outcome = client(&server)
        .refund_payment_invoice(
            "cpi_TEST0000000001",
            &CreateRefund::new("REFUND-1", dec!(100)).description("Refund of ORDER-42"),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    let refund = outcome.refund().unwrap();
    assert_eq!(refund.kind, "refunds");
    assert_eq!(refund.id, "ref_Rt5kq2Lx8PzYb3Wm");
    assert_eq!(refund.attributes.status, Some(RefundStatus::Processed));
    assert_eq!(refund.attributes.amount, Some(dec!(100)));
    assert_eq!(refund.attributes.currency.as_deref(), Some("UAH"));
    assert_eq!(
        refund.attributes.created.as_ref().unwrap().parsed(),
        Some(&datetime!(2025-09-24 08:56:10 UTC))
    );
    // The refund's self link lacks `/api`.
    assert_eq!(
        refund.links.self_href(),
        Some("/refunds/ref_Rt5kq2Lx8PzYb3Wm")
    );
    insta::assert_debug_snapshot!(outcome);
}

#[tokio::test]
async fn refund_reads_the_older_model_answering_with_the_invoice() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/payment-invoices/cpi_1/refund");
            then.status(200).body(invoice_doc(
                "cpi_1",
                json!({"status": "refunded", "amount": 10, "refunded_amount": 10}),
            ));
        })
        .await;
    let outcome = client(&server)
        .refund_payment_invoice("cpi_1", &CreateRefund::new("R-1", dec!(10)))
        .await
        .unwrap();
    let RefundOutcome::Invoice(invoice) = outcome else {
        panic!("expected the invoice");
    };
    assert_eq!(invoice.attributes.status, Some(InvoiceStatus::Refunded));
    assert_eq!(invoice.attributes.refundable_amount(), Some(dec!(0)));
}

#[tokio::test]
async fn partial_refunds_run_until_nothing_remains() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices/cpi_7/refund")
                .json_body(json!({"data": {"type": "refund", "attributes": {
                    "invoiceId": "cpi_7", "amount": 30.50, "reference_id": "R-2"}}}));
            then.status(201).body(REFUND_RESPONSE);
        })
        .await;
    let invoice = serde_json::from_str::<payelata_sdk::Document<payelata_sdk::PaymentInvoice>>(
        &invoice_doc(
            "cpi_7",
            json!({"status": "partially_refunded", "amount": 100, "processed_amount": 100, "refunded_amount": 69.50}),
        ),
    )
    .unwrap()
    .data;
    assert_eq!(invoice.attributes.refundable_amount(), Some(dec!(30.50)));
    let client = client(&server);
    let too_much = client
        .refund_payment_invoice_checked(&invoice, &CreateRefund::new("R-2", dec!(30.51)))
        .await
        .unwrap_err();
    assert!(too_much.is_not_sent(), "{too_much}");
    assert!(
        too_much
            .to_string()
            .contains("30.51 is more than the 30.5 that remains"),
        "{too_much}"
    );
    assert_eq!(mock.calls_async().await, 0);
    client
        .refund_payment_invoice_checked(&invoice, &CreateRefund::new("R-2", dec!(30.50)))
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn payout_create_wraps_its_fields_and_reads_a_singular_type() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payout-invoices")
                .header("authorization", BASIC)
                .json_body(json!({"data": {"type": "payout-invoices", "attributes": {
                    "reference_id": "PAYOUT-1", "amount": 150, "currency": "UAH",
                    "service": "payment_card_uah", "test_mode": true, "description": "Withdrawal",
                    "fields": {"card_number": "5404000000000001", "test_details_payout_status": "processed"}}}}));
            // Some white-labels answer with the singular type; the card number is echoed masked.
            then.status(201).body(
                json!({"data": {"type": "payout-invoice", "id": "cpoi_Q1w2E3r4", "attributes": {
                    "reference_id": "PAYOUT-1", "status": "created", "resolution": "OK",
                    "amount": 150, "currency": "UAH", "service": "payment_card_uah", "test_mode": true,
                    "fields": {"card_number": "540400******0001"}, "metadata": [],
                    "created": 1585175055, "updated": 1585175055}}})
                .to_string(),
            );
        })
        .await;
    let payout = CreatePayoutInvoice::new("PAYOUT-1", dec!(150), "UAH", "payment_card_uah")
        .secret_field("card_number", SecretString::from("5404000000000001"))
        .field("test_details_payout_status", "processed")
        .test_mode(true)
        .description("Withdrawal");
    let created = client(&server)
        .create_payout_invoice(&payout)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(created.kind, "payout-invoice");
    assert_eq!(created.attributes.status, Some(PayoutStatus::Created));
    assert_eq!(created.attributes.resolution, Some(ResolutionCode::Ok));
    insta::assert_debug_snapshot!(created);
}

#[tokio::test]
async fn payout_get_reads_the_payout() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/payout-invoices/cpoi_Q1w2E3r4")
                .header("authorization", BASIC);
            then.status(200).body(
                json!({"data": {"type": "payout-invoices", "id": "cpoi_Q1w2E3r4", "attributes": {
                    "status": "processed", "resolution": "OK", "amount": 150, "currency": "UAH",
                    "processed_amount": 150, "processed": 1585175070, "updated": 1585175070,
                    "payouts": [{"id": "po_1", "status": "processed"}]}}})
                .to_string(),
            );
        })
        .await;
    let payout = client(&server)
        .payout_invoice("cpoi_Q1w2E3r4")
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(payout.attributes.is_success() && !payout.attributes.is_final());
    insta::assert_debug_snapshot!(payout);
}

/// The cardgate's 3-D Secure answer (Paycore's Google Pay example, with a 3DS2 step).
fn three_ds_answer() -> String {
    json!({"data": {"type": "payment-sessions", "id": "cgi_ZzhRb7xLro7cIf0N", "attributes": {
        "amount": 1, "currency": "USD", "description": null, "service": "payment_card_usd_hpp",
        "options": [], "customer": {"reference_id": "my_customer_1"}, "repeatable": false,
        "flow": "charge", "status": "process_pending", "resolution": "ok",
        "active_request": {"status": "process_pending", "resolution": "ok"},
        "active_payment": {"status": "authorize_required", "resolution": "ok"},
        "auto_repay": false, "metadata": {"fee": "0.00", "fee_strategy": "default"},
        "form_data": [],
        "auth_payload": {"action": "https://acs.example-bank.ua/3ds2/challenge", "method": "POST",
            "params": {"creq": "eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjEifQ", "threeDSSessionData": "cgi_Zz\"><script>x</script>"}}
    }}})
    .to_string()
}

#[tokio::test]
async fn cardgate_sale_sends_the_seed_body_with_the_invoice_bearer() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment/sale")
                .header(
                    "authorization",
                    "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzUxMiJ9*****",
                )
                .header("content-type", "application/json")
                .json_body(json(CARDGATE_SALE_REQUEST));
            then.status(201).body(three_ds_answer());
        })
        .await;
    let invoice = serde_json::from_str::<payelata_sdk::Document<payelata_sdk::PaymentInvoice>>(
        INSTANT_CHARGE_RESPONSE,
    )
    .unwrap()
    .data;
    let cardgate = CardgateClient::builder("https://cardgate.example.io")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let answer = cardgate
        .sale(&invoice, &SaleOperation::token())
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(answer.requires_3ds());
    assert_eq!(answer.status(), Some(&CardgateStatus::AuthorizeRequired));
    let step = answer.auth_payload().unwrap();
    assert_eq!(step.method(), &FormMethod::Post);
    let html = step.html_form().unwrap();
    assert!(html.contains("action=\"https://acs.example-bank.ua/3ds2/challenge\""));
    assert!(!html.contains("<script>x"), "{html}");
    insta::assert_snapshot!(html);
    insta::assert_debug_snapshot!(answer);
}

#[tokio::test]
async fn cardgate_answers_with_auth_payload_at_the_top_level_read_too() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/payment/sale").header("authorization", "Bearer jwt-1");
            then.status(200).body(
                json!({"status": "process_pending", "auth_payload": {"action": "https://acs.example/pareq",
                    "method": "POST", "params": {"MD": "md-1", "PaReq": "pa-1", "TermUrl": "https://cardgate.example.io/term"}}})
                .to_string(),
            );
        })
        .await;
    let cardgate = CardgateClient::builder(server.base_url()).build().unwrap();
    let answer = cardgate
        .sale_with_token(&SecretString::from("jwt-1"), &SaleOperation::token())
        .await
        .unwrap();
    let step = answer.auth_payload().unwrap();
    assert_eq!(step.params["PaReq"], "pa-1");
    assert!(answer.data.is_none() && answer.requires_3ds());
}

#[tokio::test]
async fn cardgate_card_sale_sends_card_data_as_secrets() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment/sale")
                .json_body(json!({"data": {
                "type": "sale-operation", "attributes": {
                    "card_number": "4111111111111111", "card_holder": "OLENA KOVAL", "cvv": "123",
                    "exp_month": "04", "exp_year": "30",
                    "browser_info": {"browser_ip": "203.0.113.7", "browser_java_enabled": false,
                        "browser_language": "uk-UA", "browser_tz": "-120"}}}}));
            // An answer echoing the card number: it must never reach an error.
            then.status(200)
                .body(r#"{"status":"processed","card_number":"4111111111111111"}"#);
        })
        .await;
    let sale = SaleOperation::card(
        SecretString::from("4111111111111111"),
        "OLENA KOVAL",
        SecretString::from("123"),
        "04",
        "30",
    )
    .browser_info(payelata_sdk::BrowserInfo {
        browser_ip: Some("203.0.113.7".into()),
        browser_java_enabled: Some(false),
        browser_language: Some("uk-UA".into()),
        browser_tz: Some("-120".into()),
        ..Default::default()
    });
    assert!(!format!("{sale:?}").contains("4111"));
    let cardgate = CardgateClient::builder(server.base_url()).build().unwrap();
    let answer = cardgate
        .sale_with_token(&SecretString::from("jwt-1"), &sale)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(answer.status(), Some(&CardgateStatus::Processed));
}

/// The seed's token flow: tokenise, read the token and the masked card from the callback,
/// charge by token with `instant`, run the cardgate sale, answer 3-D Secure with the form.
#[tokio::test]
async fn the_token_flow_end_to_end() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let cardgate = CardgateClient::builder("https://cardgate.example.io")
        .base_url(server.base_url())
        .build()
        .unwrap();

    // 1. The first invoice, with tokenisation.
    let mut first_answer = json(TOKEN_CHECKOUT_RESPONSE);
    first_answer["data"]["attributes"]["reference_id"] = json!("ORDER1233");
    let create = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices")
                .header("authorization", BASIC)
                .json_body(json(TOKENIZE_REQUEST));
            then.status(201).body(first_answer.to_string());
        })
        .await;
    let first = client
        .create_payment_invoice(&tokenize_request())
        .await
        .unwrap();
    create.assert_async().await;
    assert!(first.attributes.payload.is_none());

    // 2. Its callback (the invoice, now processed, with the seed's payload), signed with the
    // test secret since the invoice is a test one.
    let mut doc = json(TOKEN_CHECKOUT_RESPONSE);
    let attributes = &mut doc["data"]["attributes"];
    attributes["status"] = json!("processed");
    attributes["updated"] = json!(1585175070);
    attributes["payload"] = json(TOKENIZE_CALLBACK_PAYLOAD)["payload"].clone();
    let body = serde_json::to_vec(&doc).unwrap();
    let signature = payelata_sdk::webhook::sign(&SecretString::from(TEST_SECRET), &body);
    let verifier = CallbackVerifier::new(
        SecretString::from(LIVE_SECRET),
        SecretString::from(TEST_SECRET),
    );
    let callback = verifier.verify(&body, &signature).unwrap();
    assert_eq!(callback.mode, Mode::Test);
    assert_eq!(
        callback.is_newer_than(first.attributes.updated_at().unwrap()),
        Some(true)
    );
    let paid = callback.payment_invoice().unwrap();
    assert!(paid.is_success());
    let card_token = paid.card_token().unwrap().clone();
    assert_eq!(
        card_token.expose_secret(),
        "4c9jHUgeL1SD7g5byDYn9Gc0RC60NN3x"
    );
    let card = paid.payment_card().unwrap();
    assert_eq!(card.mask.as_deref(), Some("512381******0000"));
    assert_eq!(card.brand.as_deref(), Some("mastercard"));
    assert_eq!(card.expiry_month.as_deref(), Some("12"));
    assert_eq!(card.expiry_year.as_deref(), Some("32"));
    assert_eq!(card.issuer_country.as_deref(), Some("US"));
    assert_eq!(
        paid.payload.as_ref().unwrap().client_ip.as_deref(),
        Some("")
    );

    // 3. An invoice by that token, charged at once.
    let mut by_token = json(INSTANT_CHARGE_REQUEST);
    by_token["data"]["attributes"]["token"] = json!("4c9jHUgeL1SD7g5byDYn9Gc0RC60NN3x");
    let create_by_token = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices")
                .header("authorization", BASIC)
                .json_body(by_token);
            then.status(201).body(INSTANT_CHARGE_RESPONSE);
        })
        .await;
    let request = CreatePaymentInvoice::new("ORDER1233", dec!(1), "USD", "payment_card_usd_hpp")
        .test_mode(true)
        .token(card_token)
        .customer(InvoiceCustomer::new("my_customer_1"))
        .instant(true);
    let invoice = client.create_payment_invoice(&request).await.unwrap();
    create_by_token.assert_async().await;

    // 4. The cardgate sale with the invoice's bearer, answered with a 3-D Secure step.
    let sale = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment/sale")
                .header(
                    "authorization",
                    "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzUxMiJ9*****",
                )
                .header_missing("x-signature")
                .json_body(json!({"data": {"type": "sale-operation", "attributes": {}}}));
            then.status(201).body(three_ds_answer());
        })
        .await;
    let answer = cardgate
        .sale(&invoice, &SaleOperation::token())
        .await
        .unwrap();
    sale.assert_async().await;
    assert!(answer.requires_3ds());

    // 5. The page the shop returns to the payer.
    let html = answer.auth_payload().unwrap().html_form().unwrap();
    assert!(html.contains(
        r#"<input type="hidden" name="creq" value="eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjEifQ">"#
    ));
    assert!(html.contains("&quot;&gt;&lt;script&gt;x&lt;/script&gt;"));
}
