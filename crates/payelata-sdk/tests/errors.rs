//! Error answers, retries, unknown outcomes, local validation and secrets.
// Unix seconds are written as the wire writes them; helpers take JSON values by value.
#![allow(clippy::unreadable_literal, clippy::needless_pass_by_value)]

mod common;

use common::*;
use httpmock::MockServer;
use payelata_sdk::jsonapi::Document;
use payelata_sdk::{
    CardgateClient, Client, CreatePaymentInvoice, CreatePayoutInvoice, CreateRefund, Credentials,
    Error, ErrorKind, InvoiceCustomer, PaymentInvoice, SaleOperation, SecretString, dec,
};
use serde_json::json;

fn invoice() -> CreatePaymentInvoice {
    CreatePaymentInvoice::new("ORDER-42", dec!(100), "USD", "payment_card_usd_hpp")
}

fn api(e: &Error) -> &payments_core::ApiError<payelata_sdk::ErrorEnvelope> {
    match e {
        payments_core::Error::Api(api) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn documented_statuses_are_typed_and_4xx_reads_are_not_retried() {
    for (status, kind) in [
        (401, ErrorKind::Unauthorized),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
        (422, ErrorKind::InvalidData),
    ] {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method("GET").path("/payment-invoices/cpi_1");
                then.status(status).body(
                    json!({"errors": [{"status": status.to_string(), "title": "Nope"}]})
                        .to_string(),
                );
            })
            .await;
        let e = client(&server).payment_invoice("cpi_1").await.unwrap_err();
        assert_eq!(ErrorKind::of(&e), Some(kind), "{status}");
        assert_eq!(e.provider_message(), Some("Nope"));
        assert_eq!(mock.calls_async().await, 1, "{status}");
    }
}

#[tokio::test]
async fn a_422_keeps_request_id_error_type_codes_and_the_raw_body() {
    let server = MockServer::start_async().await;
    let body = json!({"request_id": "7f3c2a1b", "error_type": "validation_error", "error_codes": [
        {"code": "required", "field": "reference_id", "message": "This value should not be blank."}
    ]})
    .to_string();
    let mock = server
        .mock_async(|when, then| {
            when.method("POST").path("/payment-invoices/cpi_1/refund");
            then.status(422).body(&body);
        })
        .await;
    let e = client(&server)
        .refund_payment_invoice("cpi_1", &CreateRefund::new("R-1", dec!(1)))
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::InvalidData));
    let api = api(&e);
    let envelope = api.envelope.as_ref().unwrap();
    assert_eq!(envelope.request_id(), Some("7f3c2a1b"));
    assert_eq!(envelope.error_type.as_deref(), Some("validation_error"));
    assert_eq!(
        envelope.error_codes[0].field.as_deref(),
        Some("reference_id")
    );
    assert_eq!(e.provider_code(), Some("validation_error"));
    assert_eq!(api.body, body);
    assert!(e.outcome_unknown().is_none());
    insta::assert_snapshot!(e.to_string());
}

#[tokio::test]
async fn a_429_on_a_create_is_never_retried_and_may_mean_a_duplicate() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST").path("/payment-invoices");
            then.status(429)
                .header("retry-after", "0")
                .body("Too Many Requests");
        })
        .await;
    let e = client(&server)
        .create_payment_invoice(&invoice())
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::RateLimitedOrDuplicate));
    let r = e.outcome_unknown().unwrap().resolve_with().unwrap();
    assert_eq!(
        (r.operation, r.key_name, r.key.as_str()),
        (
            "payment_invoice_by_reference_id",
            "reference_id",
            "ORDER-42"
        )
    );
    insta::assert_snapshot!(e.to_string());
}

#[tokio::test]
async fn a_429_on_a_read_is_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET").path("/payment-invoices/cpi_1");
            then.status(429).header("retry-after", "0");
        })
        .await;
    let e = client(&server).payment_invoice("cpi_1").await.unwrap_err();
    assert_eq!(mock.calls_async().await, 3);
    assert!(e.outcome_unknown().is_none());
}

#[tokio::test]
async fn a_502_is_retried_on_a_read_and_leaves_a_create_unknown() {
    let server = MockServer::start_async().await;
    let read = server
        .mock_async(|when, then| {
            when.method("GET").path("/payment-invoices/cpi_1");
            then.status(502).body("Bad Gateway");
        })
        .await;
    let e = client(&server).payment_invoice("cpi_1").await.unwrap_err();
    assert_eq!(read.calls_async().await, 3);
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::BadGateway));

    let refund = server
        .mock_async(|when, then| {
            when.method("POST").path("/payment-invoices/cpi_1/refund");
            then.status(502);
        })
        .await;
    let e = client(&server)
        .refund_payment_invoice("cpi_1", &CreateRefund::new("R-1", dec!(1)))
        .await
        .unwrap_err();
    assert_eq!(refund.calls_async().await, 1);
    let r = e.outcome_unknown().unwrap().resolve_with().unwrap();
    assert_eq!((r.operation, r.key.as_str()), ("payment_invoice", "cpi_1"));
}

#[tokio::test]
async fn an_undecodable_2xx_to_a_create_is_an_unknown_outcome() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/payment-invoices");
            then.status(201).body("<html>ok</html>");
        })
        .await;
    let e = client(&server)
        .create_payment_invoice(&invoice())
        .await
        .unwrap_err();
    assert!(matches!(e, payments_core::Error::Decode(_)), "{e:?}");
    assert!(e.outcome_unknown().is_some());
}

#[tokio::test]
async fn a_document_of_another_type_is_a_decode_error_naming_both() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/payment-invoices/cpi_1");
            then.status(200).body(REFUND_RESPONSE);
        })
        .await;
    let e = client(&server).payment_invoice("cpi_1").await.unwrap_err();
    let payments_core::Error::Decode(d) = &e else {
        panic!("expected a decode error, got {e:?}");
    };
    assert_eq!(d.path, "data.type");
    assert!(
        d.message
            .contains("expected a `payment-invoices` resource, found `refunds`"),
        "{}",
        d.message
    );
    // The refund endpoint accepts both answers, but not a third type.
    let e = serde_json::from_str::<Document<PaymentInvoice>>(
        r#"{"data":{"type":"payout-invoices","id":"cpoi_1"}}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("found `payout-invoices`"), "{e}");
}

#[tokio::test]
async fn invalid_requests_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_when, then| {
            then.status(201).body("{}");
        })
        .await;
    let client = client(&server);
    let token = || SecretString::from("tok_1");
    let creates = [
        (
            "reference_id",
            CreatePaymentInvoice::new(" ", dec!(1), "USD", "s"),
        ),
        (
            "amount",
            CreatePaymentInvoice::new("O", dec!(0), "USD", "s"),
        ),
        (
            "amount",
            CreatePaymentInvoice::new("O", dec!(-1), "USD", "s"),
        ),
        (
            "currency",
            CreatePaymentInvoice::new("O", dec!(1), "US", "s"),
        ),
        (
            "service",
            CreatePaymentInvoice::new("O", dec!(1), "USD", ""),
        ),
        ("customer", invoice().tokenize(true)),
        ("customer", invoice().token(token())),
        (
            "customer.reference_id",
            invoice().token(token()).customer(InvoiceCustomer::new("")),
        ),
        ("instant", invoice().instant(true)),
    ];
    for (field, request) in creates {
        let e = client.create_payment_invoice(&request).await.unwrap_err();
        let payments_core::Error::InvalidRequest(r) = &e else {
            panic!("{field}: {e:?}");
        };
        assert_eq!(r.field, field);
        assert!(e.is_not_sent());
    }
    let refunds = [
        ("reference_id", "cpi_1", CreateRefund::new("", dec!(1))),
        ("amount", "cpi_1", CreateRefund::new("R", dec!(0))),
        ("invoice_id", "", CreateRefund::new("R", dec!(1))),
    ];
    for (field, id, refund) in refunds {
        let e = client
            .refund_payment_invoice(id, &refund)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, payments_core::Error::InvalidRequest(r) if r.field == field),
            "{e:?}"
        );
    }
    let e = client
        .create_payout_invoice(&CreatePayoutInvoice::new(
            "P",
            dec!(1),
            "UAH",
            "payment_card_uah",
        ))
        .await
        .unwrap_err();
    assert!(matches!(&e, payments_core::Error::InvalidRequest(r) if r.field == "fields"));
    assert!(client.payment_invoice("").await.unwrap_err().is_not_sent());
    assert!(client.payout_invoice(" ").await.unwrap_err().is_not_sent());

    let cardgate = CardgateClient::builder(server.base_url()).build().unwrap();
    let card = |n: &str, cvv: &str, m: &str, y: &str| {
        SaleOperation::card(SecretString::from(n), "A B", SecretString::from(cvv), m, y)
    };
    for (field, sale) in [
        (
            "card_number",
            card("4111 1111 1111 1111", "123", "04", "30"),
        ),
        ("cvv", card("4111111111111111", "12", "04", "30")),
        ("exp_month", card("4111111111111111", "123", "13", "30")),
        ("exp_year", card("4111111111111111", "123", "04", "2030")),
    ] {
        let e = cardgate.sale_with_token(&token(), &sale).await.unwrap_err();
        assert!(
            matches!(&e, payments_core::Error::InvalidRequest(r) if r.field == field),
            "{e:?}"
        );
        assert!(!e.to_string().contains("4111"));
    }
    // An invoice without a cardgate session cannot be sold.
    let bare = serde_json::from_str::<Document<PaymentInvoice>>(&invoice_doc("cpi_1", json!({})))
        .unwrap()
        .data;
    let e = cardgate
        .sale(&bare, &SaleOperation::token())
        .await
        .unwrap_err();
    assert!(e.is_not_sent());
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn secrets_never_show_and_echoes_are_masked() {
    let server = MockServer::start_async().await;
    // An error answer echoing the Basic header, the bare key, and the card token.
    server
        .mock_async(|when, then| {
            when.method("POST").path("/payment-invoices");
            then.status(422).body(format!(
                r#"{{"message":"bad","auth":"{BASIC}","key":"{API_KEY}","token":"tok_secret_1","echo":"tok_secret_1"}}"#
            ));
        })
        .await;
    let client = client(&server);
    assert!(!format!("{client:?}").contains(API_KEY));
    let request = invoice()
        .token(SecretString::from("tok_secret_1"))
        .customer(InvoiceCustomer::new("c1"));
    let e = client.create_payment_invoice(&request).await.unwrap_err();
    let shown = format!("{e} {e:?} {}", api(&e).body);
    for secret in [
        API_KEY,
        "Y29tYV90ZXN0MDAwMTpza19hcGlfa2V5XzAwMDE=",
        "tok_secret_1",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    // A cardgate error echoing the bearer.
    server
        .mock_async(|when, then| {
            when.method("POST").path("/payment/sale");
            then.status(401)
                .body(r#"{"errors":[{"title":"expired token jwt.secret.1"}]}"#);
        })
        .await;
    let cardgate = CardgateClient::builder(server.base_url()).build().unwrap();
    let e = cardgate
        .sale_with_token(&SecretString::from("jwt.secret.1"), &SaleOperation::token())
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::Unauthorized));
    assert!(!format!("{e} {e:?}").contains("jwt.secret.1"));
    assert!(!format!("{cardgate:?}").contains("jwt"));
}

#[tokio::test]
async fn a_2xx_cardgate_answer_holding_only_errors_is_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/payment/sale");
            then.status(200).body(
                r#"{"errors":[{"status":"422","title":"Card declined","code":"DECLINED_ERROR"}]}"#,
            );
        })
        .await;
    let cardgate = CardgateClient::builder(server.base_url()).build().unwrap();
    let e = cardgate
        .sale_with_token(&SecretString::from("jwt"), &SaleOperation::token())
        .await
        .unwrap_err();
    assert_eq!(e.provider_code(), Some("DECLINED_ERROR"));
    assert_eq!(e.provider_message(), Some("Card declined"));
}

#[test]
fn empty_or_malformed_credentials_fail_the_build() {
    let build = |id: &str, key: &str| {
        Client::builder(
            "https://com.paycore.io/api",
            Credentials::new(id, SecretString::from(key)),
        )
        .build()
    };
    for (id, key, field) in [
        ("", "k", "credentials.account_id"),
        ("a:b", "k", "credentials.account_id"),
        ("coma_1", " ", "credentials.api_key"),
    ] {
        let e = build(id, key).unwrap_err();
        assert!(
            matches!(&e, payments_core::BuildError::Invalid(r) if r.field == field),
            "{e:?}"
        );
    }
    assert!(
        Client::builder("com.paycore.io", credentials())
            .build()
            .is_err(),
        "the base URL must be http(s)"
    );
    assert!(!format!("{:?}", credentials()).contains(API_KEY));
}
