//! Every endpoint against a mock Askell: method, exact path (trailing slash), the exact
//! `Authorization: Api-Key <key>` header and the exact JSON body asserted, the decoded answer
//! snapshotted; invalid arguments refused with a typed error and no request sent.

use askell_sdk::{
    AttachPaymentMethod, CardDetails, ClaimOptions, Client, CreateCheckout, CreatePayment,
    Credentials, CustomerListQuery, CustomerPatch, Error, EventType, ItemStream,
    MultiSubscriptionCreate, NewCustomer, NewSubscription, Payment, PaymentState, PlanInterval,
    PublicClient, PublicCredentials, RetryPolicy, SubscriptionCustomer, SubscriptionListQuery,
    SubscriptionListType, SubscriptionOrdering, SubscriptionPlan, SubscriptionState,
    SubscriptionUpdate, TokenStatus, TransactionFilter, TransactionState, TryStreamExt as _,
    WebhookCreate, WebhookPatch, WebhookVerifier, dec,
};
use httpmock::prelude::*;
use payments_core::ExposeSecret;
use serde_json::json;
use time::macros::{date, datetime};
use uuid::Uuid;

const KEY: &str = "abcdef.abcdefgh1234567890";
const AUTH: &str = "Api-Key abcdef.abcdefgh1234567890";
const PUBLIC: &str = "pubpre.publickey0987654321";
const PUBLIC_AUTH: &str = "Api-Key pubpre.publickey0987654321";
const TOKEN: &str = "637302f0412e2e11adc0ba21adafcf11";

const HELLO: &str = include_str!("../../../fixtures/askell/hello-response.json");
const PAYMENT_CREATED: &str = include_str!("../../../fixtures/askell/payment-create-response.json");
const PAYMENT: &str = include_str!("../../../fixtures/askell/payment-get.json");
const PAYMENT_ARRAY: &str = include_str!("../../../fixtures/askell/payment-get-array.json");
const PAYMENTS: &str = include_str!("../../../fixtures/askell/payment-list.json");
const FAILED: &str = include_str!("../../../fixtures/askell/payment-failed.json");
const EXHAUSTED: &str =
    include_str!("../../../fixtures/askell/payment-failed-retries-exhausted.json");
const RETRIED: &str = include_str!("../../../fixtures/askell/payment-retry-response.json");
const REFUNDED: &str = include_str!("../../../fixtures/askell/payment-refund-response.json");
const TRANSACTIONS: &str = include_str!("../../../fixtures/askell/transaction-list.json");
const TRANSACTIONS_PAGE: &str = include_str!("../../../fixtures/askell/transaction-list-page.json");
const RECEIPT: &str = include_str!("../../../fixtures/askell/receipt-response.json");
const CHECKOUT_CREATED: &str =
    include_str!("../../../fixtures/askell/checkout-create-response.json");
const CHECKOUT_STATUS: &str = include_str!("../../../fixtures/askell/checkout-status.json");
const CHECKOUT_PENDING: &str =
    include_str!("../../../fixtures/askell/checkout-status-pending.json");
const PROCESSORS: &str = include_str!("../../../fixtures/askell/processor-list.json");
const PROCESSOR_ERROR: &str = include_str!("../../../fixtures/askell/processor-error-400.json");
const TMP_CREATED: &str =
    include_str!("../../../fixtures/askell/tmp-payment-method-create-response.json");
const TMP_STATUS: &str = include_str!("../../../fixtures/askell/tmp-payment-method-status.json");
const CUSTOMER: &str = include_str!("../../../fixtures/askell/customer-get.json");
const CUSTOMERS: &str = include_str!("../../../fixtures/askell/customer-list.json");
const CUSTOMERS_PAGE: &str = include_str!("../../../fixtures/askell/customer-list-page.json");
const CUSTOMER_SUBSCRIPTIONS: &str =
    include_str!("../../../fixtures/askell/customer-subscriptions.json");
const PLANS: &str = include_str!("../../../fixtures/askell/plan-list.json");
const PLAN: &str = include_str!("../../../fixtures/askell/plan-single.json");
const SUBSCRIPTION: &str = include_str!("../../../fixtures/askell/subscription-get.json");
const SUBSCRIPTIONS: &str = include_str!("../../../fixtures/askell/subscription-list.json");
const SUBSCRIPTIONS_PAGE: &str =
    include_str!("../../../fixtures/askell/subscription-list-page.json");
const SUBSCRIPTION_UPDATED: &str =
    include_str!("../../../fixtures/askell/subscription-update.json");
const MULTI: &str = include_str!("../../../fixtures/askell/subscription-multi-created.json");
const CANCELED: &str = include_str!("../../../fixtures/askell/subscription-cancel.json");
const ACTIVATED: &str = include_str!("../../../fixtures/askell/subscription-activate.json");
const EXPIRY: &str = include_str!("../../../fixtures/askell/subscription-set-expiry.json");
const WEBHOOKS: &str = include_str!("../../../fixtures/askell/webhook-list.json");
const WEBHOOK_CREATED: &str = include_str!("../../../fixtures/askell/webhook-create-response.json");
const WEBHOOK_REPLACED: &str =
    include_str!("../../../fixtures/askell/webhook-replace-response.json");

fn client(server: &MockServer) -> Client {
    Client::builder(Credentials::new(KEY))
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

fn public(server: &MockServer) -> PublicClient {
    PublicClient::builder(PublicCredentials::new(PUBLIC))
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .expect("public client builds")
}

fn uuid(s: &str) -> Uuid {
    s.parse().unwrap()
}

fn payment(fixture: &str) -> Payment {
    serde_json::from_str(fixture).unwrap()
}

async fn all<T>(stream: ItemStream<T, Error>) -> Result<Vec<T>, Error> {
    stream.try_collect().await
}

/// The first item of a stream that must fail before sending.
async fn refused<T: std::fmt::Debug>(
    stream: ItemStream<T, Error>,
) -> payments_core::InvalidRequest {
    match all(stream).await {
        Err(Error::InvalidRequest(e)) => e,
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

fn invalid_field(err: Error) -> String {
    assert!(err.is_not_sent(), "{err}");
    match err {
        Error::InvalidRequest(e) => e.field.into_owned(),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Client

#[test]
fn builders_refuse_empty_keys_and_keys_a_header_cannot_carry() {
    for key in ["", "abc\ndef"] {
        let err = Client::builder(Credentials::new(key)).build().unwrap_err();
        assert!(
            matches!(err, payments_core::BuildError::Invalid(_)),
            "{err}"
        );
        assert!(!err.to_string().contains("abc"), "{err}");
        let err = PublicClient::builder(PublicCredentials::new(key))
            .build()
            .unwrap_err();
        assert!(
            matches!(err, payments_core::BuildError::Invalid(_)),
            "{err}"
        );
    }
    let c = Client::builder(Credentials::new(KEY)).build().unwrap();
    assert_eq!(c.base_url(), askell_sdk::BASE_URL);
}

#[tokio::test]
async fn hello_sends_the_api_key_and_names_the_account() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/hello/")
                .header("authorization", AUTH)
                .header("accept", "application/json")
                .header_missing("content-type");
            then.status(200).body(HELLO);
        })
        .await;
    let hello = client(&server).hello().await.unwrap();
    mock.assert_async().await;
    assert_eq!(hello.status.as_deref(), Some("success"));
    assert_eq!(hello.account.as_deref(), Some("Fyrirtækið ehf."));
    insta::assert_debug_snapshot!("hello", hello);
}

// ---------------------------------------------------------------------------------------------
// Payments

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
                .body(PAYMENT_CREATED);
        })
        .await;
    let request = CreatePayment::new("customer-12345", dec!(1), "ISK")
        .description("My description")
        .reference("customer-12345");
    let p = client(&server).create_payment(&request).await.unwrap();
    mock.assert_async().await;

    // The values the seed prints.
    assert_eq!(p.uuid, uuid("a19ca264-5dd4-4897-bcb8-47d84844a2bc"));
    assert_eq!(p.amount.unwrap().to_string(), "1.0000");
    assert_eq!(p.currency.as_deref(), Some("ISK"));
    assert_eq!(p.description.as_deref(), Some("My description"));
    assert_eq!(p.reference.as_deref(), Some("customer-12345"));
    assert_eq!(p.state, Some(PaymentState::Pending));
    let created = p.created_at.as_ref().and_then(|t| t.parsed()).unwrap();
    assert_eq!(created.to_string(), "2021-10-15T10:02:25.663806Z");
    assert_eq!(p.transactions.len(), 1);
    let t = &p.transactions[0];
    assert_eq!(t.uuid, uuid("951913b0-3b99-4c6c-a58c-3b8e7c18b488"));
    assert_eq!(t.state, Some(TransactionState::Initial));
    assert_eq!(t.amount.unwrap().to_string(), "1.00");
    assert_eq!(t.external_reference, None);
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
            then.status(201).body(PAYMENT_CREATED);
        })
        .await;
    let request = CreatePayment::new("2904952299", dec!(100.00), "ISK").claim(
        ClaimOptions::new()
            .claim_template(1)
            .claim_rule(2)
            .payment_date(date!(2025 - 11 - 01))
            .payor_id("2904952299"),
    );
    let p = client(&server).create_payment(&request).await.unwrap();
    mock.assert_async().await;
    assert!(p.is(&PaymentState::Pending));
}

#[tokio::test]
async fn invalid_create_payments_are_never_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(PAYMENT_CREATED);
        })
        .await;
    let c = client(&server);
    let cases = [
        (CreatePayment::new("c-1", dec!(0), "ISK"), "amount"),
        (CreatePayment::new("c-1", dec!(-5), "ISK"), "amount"),
        (CreatePayment::new("c-1", dec!(1), "isk"), "currency"),
        (CreatePayment::new("", dec!(1), "ISK"), "customer_reference"),
        (
            CreatePayment::new("x".repeat(257), dec!(1), "ISK"),
            "customer_reference",
        ),
        (
            CreatePayment::new("c-1", dec!(1), "ISK").claim(ClaimOptions::new().payor_id("12345")),
            "payment_options.payor_id",
        ),
    ];
    for (request, field) in cases {
        assert_eq!(
            invalid_field(c.create_payment(&request).await.unwrap_err()),
            field
        );
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn payment_reads_an_object_and_the_specs_one_element_array() {
    let server = MockServer::start_async().await;
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    let object = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/payments/{id}/"))
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(PAYMENT);
        })
        .await;
    let p = client(&server).payment(uuid(id)).await.unwrap();
    object.assert_async().await;
    assert!(p.is(&PaymentState::Settled));
    insta::assert_debug_snapshot!("payment", p);
    object.delete_async().await;

    let array = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/payments/{id}/"))
                .header("authorization", AUTH);
            then.status(200).body(PAYMENT_ARRAY);
        })
        .await;
    let from_array = client(&server).payment(uuid(id)).await.unwrap();
    array.assert_async().await;
    assert_eq!(from_array, p);
}

#[tokio::test]
async fn payments_streams_the_list_and_keeps_unknown_states() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/payments/")
                .header("authorization", AUTH)
                .header_missing("content-type")
                .is_true(|req| req.query_params().is_empty());
            then.status(200).body(PAYMENTS);
        })
        .await;
    let payments = all(client(&server).payments()).await.unwrap();
    mock.assert_async().await;
    assert_eq!(payments.len(), 3);
    assert_eq!(
        payments[2].state,
        Some(PaymentState::Unknown("chargeback".to_owned()))
    );
    assert_eq!(payments[2].amount, Some(dec!(9.9900)));
    insta::assert_debug_snapshot!("payments", payments);
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
                .header("content-type", "application/json")
                .body("{}");
            then.status(200).body(RETRIED);
        })
        .await;
    assert_eq!((failed.retries_used(), failed.retries_left()), (0, 4));
    let p = client(&server).retry_payment(&failed).await.unwrap();
    mock.assert_async().await;
    assert!(p.is(&PaymentState::Retrying));
    assert_eq!(p.retries_used(), 1);
    insta::assert_debug_snapshot!("retry_payment", p);
}

#[tokio::test]
async fn a_fifth_retry_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(RETRIED);
        })
        .await;
    let exhausted = payment(EXHAUSTED);
    assert!(exhausted.is(&PaymentState::Failed));
    assert_eq!(
        exhausted.transactions.len(),
        5,
        "the first charge and four retries"
    );
    assert_eq!((exhausted.retries_used(), exhausted.retries_left()), (4, 0));
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
            then.status(200).body(RETRIED);
        })
        .await;
    let c = client(&server);
    for fixture in [PAYMENT_CREATED, PAYMENT, REFUNDED] {
        let err = c
            .retry_payment(&payment_or_first(fixture))
            .await
            .unwrap_err();
        assert_eq!(invalid_field(err), "payment.state");
    }
    mock.assert_calls_async(0).await;
}

fn payment_or_first(fixture: &str) -> Payment {
    serde_json::from_str(fixture).unwrap_or_else(|_| {
        let mut v: Vec<Payment> = serde_json::from_str(fixture).unwrap();
        v.remove(0)
    })
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
            then.status(200).body(RETRIED);
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
            when.method(GET)
                .path(format!("/payments/{id}/"))
                .header("authorization", AUTH);
            then.status(200).body(FAILED);
        })
        .await;
    let retry = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/payments/{id}/retry/"))
                .header("authorization", AUTH)
                .json_body(json!({}));
            then.status(200).body(RETRIED);
        })
        .await;
    let p = client(&server)
        .retry_payment_by_uuid(uuid(id))
        .await
        .unwrap();
    get.assert_async().await;
    retry.assert_async().await;
    assert!(p.is(&PaymentState::Retrying));
}

#[tokio::test]
async fn refund_posts_an_empty_object_and_reads_a_refunded_payment() {
    let server = MockServer::start_async().await;
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/payments/{id}/refund/"))
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .body("{}");
            then.status(200).body(REFUNDED);
        })
        .await;
    let p = client(&server).refund_payment(uuid(id)).await.unwrap();
    mock.assert_async().await;
    assert_eq!(p.state, Some(PaymentState::Refunded));
    assert_eq!(p.transactions[0].state, Some(TransactionState::Refunded));
    assert_eq!(p.transactions[0].refund_code.as_deref(), Some("R0001"));
    insta::assert_debug_snapshot!("refund_payment", p);
}

// ---------------------------------------------------------------------------------------------
// Transactions and receipts

#[tokio::test]
async fn transactions_without_filters_read_a_bare_array_with_both_initial_spellings() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/transactions/")
                .header("authorization", AUTH)
                .header_missing("content-type")
                .is_true(|req| req.query_params().is_empty());
            then.status(200).body(TRANSACTIONS);
        })
        .await;
    let items = all(client(&server).transactions(&TransactionFilter::new()))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(items.len(), 4);
    // The seed's `initial` and the spec's `inital` are one variant.
    assert_eq!(items[0].state, Some(TransactionState::Initial));
    assert_eq!(items[2].state, Some(TransactionState::Initial));
    assert_eq!(items[2].amount, Some(dec!(6.99)));
    // Unknown values are kept; a receipt of another shape is kept in `extra`.
    assert_eq!(
        items[3].state,
        Some(TransactionState::Unknown("chargeback".to_owned()))
    );
    assert_eq!(items[3].data.id.as_deref(), Some("99812"));
    assert!(items[3].data.receipt.is_none());
    assert_eq!(items[3].data.extra["receipt"], "see dashboard");
    assert_eq!(items[3].data.extra["psp"], "adyen");
    insta::assert_debug_snapshot!("transactions", items);
}

#[tokio::test]
async fn transactions_send_every_filter_and_walk_the_pages() {
    let server = MockServer::start_async().await;
    let filters = |when: httpmock::When| {
        when.method(GET)
            .path("/transactions/")
            .header("authorization", AUTH)
            .query_param("page_size", "1")
            .query_param("search", "2286047")
            .query_param("state", "settled,refunded,inital")
            .query_param("subscription_id", "12")
            .query_param("payment_id", "34")
            .query_param("created_at_after", "2021-10-01")
            .query_param("created_at_before", "2021-10-31")
            .query_param("paid_at_after", "2021-10-02")
            .query_param("paid_at_before", "2021-11-01")
    };
    let first = server
        .mock_async(|when, then| {
            filters(when).query_param_missing("page");
            then.status(200).body(TRANSACTIONS_PAGE);
        })
        .await;
    // The page's `next` is `https://askell.is/api/transactions/?page_size=1&page=2`: only its
    // query is taken, so this second page is asked of the mock, not of askell.is.
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/transactions/")
                .header("authorization", AUTH)
                .query_param("page_size", "1")
                .query_param("page", "2");
            then.status(200).body(
                r#"{"count":2,"next":null,"previous":"https://askell.is/api/transactions/?page_size=1","results":[{"uuid":"5b7c0a1e-0000-4000-8000-000000000001","state":"failed","amount":"1500.00","currency":"ISK","data":null,"fail_code":51}]}"#,
            );
        })
        .await;
    let filter = TransactionFilter::new()
        .page_size(1)
        .search("2286047")
        .states([TransactionState::Settled, TransactionState::Refunded])
        .state(TransactionState::Unknown("inital".to_owned()))
        .subscription_id(12)
        .payment_id(34)
        .created_at_after(date!(2021 - 10 - 01))
        .created_at_before(date!(2021 - 10 - 31))
        .paid_at_after(date!(2021 - 10 - 02))
        .paid_at_before(date!(2021 - 11 - 01));
    let items = all(client(&server).transactions(&filter)).await.unwrap();
    first.assert_async().await;
    second.assert_async().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].fail_code.as_deref(), Some("51"));
    insta::assert_debug_snapshot!("transactions_pages", items);
}

#[tokio::test]
async fn invalid_transaction_filters_are_never_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(TRANSACTIONS);
        })
        .await;
    let c = client(&server);
    let cases = [
        (TransactionFilter::new().page_size(0), "page_size"),
        (TransactionFilter::new().page_size(1001), "page_size"),
        (
            TransactionFilter::new()
                .created_at_after(date!(2021 - 11 - 01))
                .created_at_before(date!(2021 - 10 - 01)),
            "created_at_after",
        ),
        (
            TransactionFilter::new()
                .paid_at_after(date!(2021 - 11 - 01))
                .paid_at_before(date!(2021 - 10 - 01)),
            "paid_at_after",
        ),
    ];
    for (filter, field) in cases {
        assert_eq!(refused(c.transactions(&filter)).await.field, field);
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn transaction_receipt_reads_the_base64_pdf() {
    let server = MockServer::start_async().await;
    let id = "3c03b82a-951a-4331-b651-550de9da9004";
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/transactions/{id}/receipt/"))
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(RECEIPT);
        })
        .await;
    let receipt = client(&server).transaction_receipt(uuid(id)).await.unwrap();
    mock.assert_async().await;
    assert_eq!(
        receipt.filename.as_deref(),
        Some("3c03b82a-951a-4331-b651-550de9da9004.pdf")
    );
    let pdf = receipt.pdf().unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"), "{:?}", &pdf[..8]);
    assert!(pdf.ends_with(b"%%EOF\n"));
    assert_eq!(pdf.len(), 598);
    insta::assert_debug_snapshot!("transaction_receipt", receipt);
}

#[tokio::test]
async fn transaction_receipt_400_is_the_typed_envelope() {
    let server = MockServer::start_async().await;
    let id = "951913b0-3b99-4c6c-a58c-3b8e7c18b488";
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/transactions/{id}/receipt/"));
            then.status(400)
                .body(r#"{"status":"error","error":"Invalid transaction state"}"#);
        })
        .await;
    let err = client(&server)
        .transaction_receipt(uuid(id))
        .await
        .unwrap_err();
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Invalid transaction state")
    );
}

// ---------------------------------------------------------------------------------------------
// Checkouts and the public-key endpoints

#[tokio::test]
async fn create_checkout_for_a_plan() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/checkouts/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({"plan": 1}));
            then.status(201).body(CHECKOUT_CREATED);
        })
        .await;
    let created = client(&server)
        .create_checkout(&CreateCheckout::for_plan(1))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(created.token, TOKEN);
    insta::assert_debug_snapshot!("create_checkout", created);
}

#[tokio::test]
async fn create_checkout_sends_the_amount_as_a_decimal_string_with_every_option() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/checkouts/")
                .header("authorization", AUTH)
                .json_body(json!({
                    "payment_processor": 4,
                    "currency": "ISK",
                    "amount": "1990.50",
                    "capture_only": true,
                    "allowed_origin": "https://merchant.example"
                }));
            then.status(201).body(CHECKOUT_CREATED);
        })
        .await;
    let request = CreateCheckout::for_processor(4, "ISK")
        .amount(dec!(1990.50))
        .capture_only(true)
        .allowed_origin("https://merchant.example");
    let created = client(&server).create_checkout(&request).await.unwrap();
    mock.assert_async().await;
    assert_eq!(
        created.checkout_url.as_deref(),
        Some("https://askell.is/checkout/637302f0412e2e11adc0ba21adafcf11/")
    );
}

#[tokio::test]
async fn invalid_checkouts_are_never_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(CHECKOUT_CREATED);
        })
        .await;
    let c = client(&server);
    let cases = [
        (CreateCheckout::for_processor(4, "kr"), "currency"),
        (CreateCheckout::for_plan(1).amount(dec!(0)), "amount"),
        (CreateCheckout::for_plan(1).amount(dec!(-1.5)), "amount"),
        (
            CreateCheckout::for_plan(1).allowed_origin("https://merchant.example/pay"),
            "allowed_origin",
        ),
        (
            CreateCheckout::for_plan(1).allowed_origin("https://user:pw@merchant.example"),
            "allowed_origin",
        ),
        (
            CreateCheckout::for_plan(1).allowed_origin("merchant.example"),
            "allowed_origin",
        ),
        (
            CreateCheckout::for_plan(1).allowed_origin("https://merchant.example?x=1"),
            "allowed_origin",
        ),
    ];
    for (request, field) in cases {
        assert_eq!(
            invalid_field(c.create_checkout(&request).await.unwrap_err()),
            field
        );
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn checkout_payment_processors_are_listed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/checkouts/paymentprocessors/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(PROCESSORS);
        })
        .await;
    let processors = client(&server).checkout_payment_processors().await.unwrap();
    mock.assert_async().await;
    assert_eq!(processors.len(), 2);
    assert_eq!(
        processors[1].error.as_deref(),
        Some("Missing merchant account")
    );
    insta::assert_debug_snapshot!("checkout_payment_processors", processors);
}

#[tokio::test]
async fn a_misconfigured_account_is_the_400_envelope() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/checkouts/paymentprocessors/");
            then.status(400).body(PROCESSOR_ERROR);
        })
        .await;
    let err = client(&server)
        .checkout_payment_processors()
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.status.as_deref(), Some("error"));
    assert_eq!(
        envelope.error.as_deref(),
        Some("No payment processor configured")
    );
}

#[tokio::test]
async fn the_public_client_polls_a_checkout() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/checkouts/{TOKEN}/"))
                .header("authorization", PUBLIC_AUTH)
                .header_missing("content-type");
            then.status(200).body(CHECKOUT_STATUS);
        })
        .await;
    let state = public(&server).checkout(TOKEN).await.unwrap();
    mock.assert_async().await;
    assert!(state.is_ready());
    insta::assert_debug_snapshot!("checkout", state);
}

#[tokio::test]
async fn an_undocumented_checkout_status_is_kept() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/checkouts/{TOKEN}/"));
            then.status(200).body(CHECKOUT_PENDING);
        })
        .await;
    let state = public(&server).checkout(TOKEN).await.unwrap();
    assert!(!state.is_ready());
    assert_eq!(
        state.status,
        Some(TokenStatus::Unknown("waiting".to_owned()))
    );
}

#[tokio::test]
async fn tokens_are_percent_encoded_in_paths_and_must_not_be_empty() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/checkouts/a%2Fb%20c/");
            then.status(200).body(CHECKOUT_STATUS);
        })
        .await;
    public(&server).checkout("a/b c").await.unwrap();
    mock.assert_async().await;
    assert_eq!(
        invalid_field(public(&server).checkout("").await.unwrap_err()),
        "token"
    );
    let err = public(&server)
        .temporary_payment_method("")
        .await
        .unwrap_err();
    assert_eq!(invalid_field(err), "token");
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_public_client_tokenises_a_card() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/temporarypaymentmethod/")
                .header("authorization", PUBLIC_AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "card_number": "4111111111111111",
                    "expiration_month": "01",
                    "expiration_year": "29",
                    "cvv_number": "123",
                    "plan": 1
                }));
            then.status(201).body(TMP_CREATED);
        })
        .await;
    let card = CardDetails::new("4111111111111111", "1", "29", "123").plan(1);
    let created = public(&server)
        .create_temporary_payment_method(&card)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(created.token, "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e");
    insta::assert_debug_snapshot!("create_temporary_payment_method", created);
}

#[tokio::test]
async fn invalid_cards_are_never_sent_and_never_echoed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(TMP_CREATED);
        })
        .await;
    let p = public(&server);
    let cases = [
        (
            CardDetails::new("4111 1111 1111 1111", "01", "29", "123"),
            "card_number",
        ),
        (CardDetails::new("41111", "01", "29", "123"), "card_number"),
        (
            CardDetails::new("4111111111111111", "13", "29", "123"),
            "expiration_month",
        ),
        (
            CardDetails::new("4111111111111111", "00", "29", "123"),
            "expiration_month",
        ),
        (
            CardDetails::new("4111111111111111", "01", "2029", "123"),
            "expiration_year",
        ),
        (
            CardDetails::new("4111111111111111", "01", "29", "12"),
            "cvv_number",
        ),
    ];
    for (card, field) in cases {
        let err = p.create_temporary_payment_method(&card).await.unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains("41111"), "{text}");
        assert_eq!(invalid_field(err), field);
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn the_public_client_polls_a_temporary_payment_method() {
    let server = MockServer::start_async().await;
    let token = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/temporarypaymentmethod/{token}/"))
                .header("authorization", PUBLIC_AUTH)
                .header_missing("content-type");
            then.status(200).body(TMP_STATUS);
        })
        .await;
    let state = public(&server)
        .temporary_payment_method(token)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(state.status, Some(TokenStatus::TokenCreated));
    insta::assert_debug_snapshot!("temporary_payment_method", state);
}

// ---------------------------------------------------------------------------------------------
// Customers

fn jon() -> NewCustomer {
    NewCustomer::new("1234", "email@example.com", "Jón", "Jónsson").phone("+3545551234")
}

#[tokio::test]
async fn create_customer_posts_the_customer_and_accepts_an_empty_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "customer_reference": "1234",
                    "email": "email@example.com",
                    "first_name": "Jón",
                    "last_name": "Jónsson",
                    "phone": "+3545551234"
                }));
            then.status(201);
        })
        .await;
    let result = client(&server).create_customer(&jon()).await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!("create_customer", result);
}

#[tokio::test]
async fn create_customer_without_phone_leaves_it_out() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/")
                .header("authorization", AUTH)
                .json_body(json!({
                    "customer_reference": "r",
                    "email": "a@b.is",
                    "first_name": "A",
                    "last_name": "B"
                }));
            then.status(201);
        })
        .await;
    client(&server)
        .create_customer(&NewCustomer::new("r", "a@b.is", "A", "B"))
        .await
        .expect("created");
    mock.assert_async().await;
}

#[tokio::test]
async fn invalid_customers_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201);
        })
        .await;
    let client = client(&server);
    let long_ref = "x".repeat(257);
    let cases = [
        (
            NewCustomer::new("", "a@b.is", "A", "B"),
            "customer_reference",
        ),
        (
            NewCustomer::new(long_ref.as_str(), "a@b.is", "A", "B"),
            "customer_reference",
        ),
        (NewCustomer::new("r", "", "A", "B"), "email"),
        (
            NewCustomer::new("r", format!("{}@b.is", "a".repeat(250)), "A", "B"),
            "email",
        ),
        (
            NewCustomer::new("r", "a@b.is", "Á".repeat(129), "B"),
            "first_name",
        ),
        (
            NewCustomer::new("r", "a@b.is", "A", "B".repeat(129)),
            "last_name",
        ),
        (
            NewCustomer::new("r", "a@b.is", "A", "B").phone("1".repeat(33)),
            "phone",
        ),
    ];
    for (customer, field) in &cases {
        let err = client.create_customer(customer).await.expect_err("invalid");
        assert_eq!(invalid_field(err), *field);
    }
    // 256 characters (not bytes) is still fine.
    let ok = NewCustomer::new("ö".repeat(256), "a@b.is", "A", "B");
    client
        .create_customer(&ok)
        .await
        .expect("256 chars is allowed");
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn customer_reads_the_fixture() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200)
                .header("content-type", "application/json")
                .body(CUSTOMER);
        })
        .await;
    let customer = client(&server).customer("1234").await.expect("customer");
    mock.assert_async().await;
    assert_eq!(customer.usable_payment_methods().count(), 1);
    insta::assert_debug_snapshot!("customer", customer);
}

#[tokio::test]
async fn customer_references_are_percent_encoded_in_paths() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/cust%202%2F%C3%B6/")
                .header("authorization", AUTH);
            then.status(200).body(CUSTOMER);
        })
        .await;
    let customer = client(&server)
        .customer("cust 2/ö")
        .await
        .expect("customer");
    mock.assert_async().await;
    assert_eq!(customer.customer_reference, "1234");
}

#[tokio::test]
async fn bad_references_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(CUSTOMER);
        })
        .await;
    let client = client(&server);
    let long = "r".repeat(257);
    for reference in ["", long.as_str()] {
        let errors = [
            client.customer(reference).await.map(|_| ()),
            client.delete_customer(reference).await,
            client.replace_customer(reference, &jon()).await,
            client
                .update_customer(reference, &CustomerPatch::new().email("a@b.is"))
                .await,
            client
                .add_customer_subscription(reference, &NewSubscription::new(1, "s"))
                .await,
            client
                .attach_payment_method(&AttachPaymentMethod::new(reference, "tok"))
                .await,
        ];
        for result in errors {
            assert_eq!(
                invalid_field(result.expect_err("invalid reference")),
                "customer_reference"
            );
        }
        let e = refused(client.customer_subscriptions(reference)).await;
        assert_eq!(e.field, "customer_reference");
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn customers_without_page_size_are_one_bare_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/")
                .header("authorization", AUTH)
                .query_param_missing("page_size")
                .query_param_missing("page")
                .header_missing("content-type");
            then.status(200).body(CUSTOMERS);
        })
        .await;
    let customers = all(client(&server).customers(&CustomerListQuery::new()))
        .await
        .expect("list");
    mock.assert_async().await;
    assert_eq!(customers.len(), 2);
    insta::assert_debug_snapshot!("customers", customers);
}

#[tokio::test]
async fn customers_follow_next_until_the_last_page() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/")
                .header("authorization", AUTH)
                .query_param("page_size", "2")
                .query_param_missing("page");
            then.status(200).body(CUSTOMERS_PAGE);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/")
                .header("authorization", AUTH)
                .query_param("page_size", "2")
                .query_param("page", "2");
            then.status(200).body(
                r#"{"count":3,"next":null,"previous":"https://askell.is/api/customers/?page_size=2","results":[{"id":9,"customer_reference":"last","email":"l@x.is","first_name":"L","last_name":"X"}]}"#,
            );
        })
        .await;
    let mut stream = client(&server).customers(&CustomerListQuery::new().page_size(2));
    // Pages are fetched only when their items are needed.
    let head = stream.try_next().await.unwrap().unwrap();
    assert_eq!(head.customer_reference, "1234");
    first.assert_async().await;
    second.assert_calls_async(0).await;
    let rest: Vec<_> = stream.try_collect().await.unwrap();
    let references: Vec<_> = rest.iter().map(|c| c.customer_reference.as_str()).collect();
    assert_eq!(references, ["cust 2/ö", "last"]);
    second.assert_async().await;
    insta::assert_debug_snapshot!("customers_pages", rest);
}

#[tokio::test]
async fn customers_start_at_the_page_asked_for() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/")
                .header("authorization", AUTH)
                .query_param("page_size", "2")
                .query_param("page", "5");
            then.status(200)
                .body(r#"{"count":9,"next":null,"previous":null,"results":[]}"#);
        })
        .await;
    let c = all(client(&server).customers(&CustomerListQuery::new().page_size(2).page(5)))
        .await
        .unwrap();
    assert!(c.is_empty());
    mock.assert_async().await;
}

#[tokio::test]
async fn page_size_and_page_limits_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("[]");
        })
        .await;
    let client = client(&server);
    for (query, field) in [
        (CustomerListQuery::new().page_size(0), "page_size"),
        (CustomerListQuery::new().page_size(1001), "page_size"),
        (CustomerListQuery::new().page(0), "page"),
    ] {
        assert_eq!(refused(client.customers(&query)).await.field, field);
    }
    mock.assert_calls_async(0).await;
    all(client.customers(&CustomerListQuery::new().page_size(1000)))
        .await
        .expect("1000 is the maximum");
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn replace_customer_puts_every_field() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "customer_reference": "1234-new",
                    "email": "new@example.com",
                    "first_name": "Jón",
                    "last_name": "Jónsson"
                }));
            then.status(200).body(CUSTOMER);
        })
        .await;
    let result = client(&server)
        .replace_customer(
            "1234",
            &NewCustomer::new("1234-new", "new@example.com", "Jón", "Jónsson"),
        )
        .await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!("replace_customer", result);
}

#[tokio::test]
async fn update_customer_patches_only_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({"email": "new@example.com", "phone": "+3545550000"}));
            then.status(200).body("{}");
        })
        .await;
    let result = client(&server)
        .update_customer(
            "1234",
            &CustomerPatch::new()
                .email("new@example.com")
                .phone("+3545550000"),
        )
        .await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!("update_customer", result);
}

#[tokio::test]
async fn update_customer_every_field_and_the_limits() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .json_body(json!({
                    "customer_reference": "5678",
                    "email": "e@x.is",
                    "first_name": "Anna",
                    "last_name": "Jóns",
                    "phone": "+354"
                }));
            then.status(200);
        })
        .await;
    let client = client(&server);
    let full = CustomerPatch::new()
        .customer_reference("5678")
        .email("e@x.is")
        .first_name("Anna")
        .last_name("Jóns")
        .phone("+354");
    client
        .update_customer("1234", &full)
        .await
        .expect("patched");
    mock.assert_calls_async(1).await;
    for (bad, field) in [
        (CustomerPatch::new(), "body"),
        (
            CustomerPatch::new().customer_reference(""),
            "customer_reference",
        ),
        (CustomerPatch::new().email(""), "email"),
        (
            CustomerPatch::new().first_name("a".repeat(129)),
            "first_name",
        ),
        (CustomerPatch::new().phone("1".repeat(33)), "phone"),
    ] {
        let err = client.update_customer("1234", &bad).await.expect_err("bad");
        assert_eq!(invalid_field(err), field);
    }
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn delete_customer_sends_delete_and_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .header_missing("content-type")
                .body("");
            then.status(204);
        })
        .await;
    let result = client(&server).delete_customer("1234").await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!("delete_customer", result);
}

#[tokio::test]
async fn customer_subscriptions_stream_the_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/1234/subscriptions/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(CUSTOMER_SUBSCRIPTIONS);
        })
        .await;
    let subscriptions = all(client(&server).customer_subscriptions("1234"))
        .await
        .expect("subscriptions");
    mock.assert_async().await;
    assert_eq!(subscriptions.len(), 2);
    insta::assert_debug_snapshot!("customer_subscriptions", subscriptions);
}

#[tokio::test]
async fn add_customer_subscription_posts_a_subscription_create() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/1234/subscriptions/add/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "plan": 1,
                    "reference": "Sub-12345",
                    "start_date": "2022-11-01T00:00:00Z",
                    "amount": "1500",
                    "discount": "10",
                    "description": "My custom note"
                }));
            then.status(201);
        })
        .await;
    let subscription = NewSubscription::new(1, "Sub-12345")
        .start_date(datetime!(2022-11-01 00:00:00 UTC))
        .amount(dec!(1500))
        .discount(dec!(10))
        .description("My custom note");
    let result = client(&server)
        .add_customer_subscription("1234", &subscription)
        .await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!("add_customer_subscription", result);
}

#[tokio::test]
async fn add_customer_subscription_keeps_the_amount_scale() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/1234/subscriptions/add/")
                .header("authorization", AUTH)
                .json_body(json!({"plan": 7, "reference": "S", "amount": "1500.50"}));
            then.status(201);
        })
        .await;
    client(&server)
        .add_customer_subscription("1234", &NewSubscription::new(7, "S").amount(dec!(1500.50)))
        .await
        .expect("added");
    mock.assert_async().await;
}

#[tokio::test]
async fn add_customer_subscription_limits_and_400() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/customers/1234/subscriptions/add/");
            then.status(400)
                .body(r#"{"status":"error","error":"Plan does not exist"}"#);
        })
        .await;
    let client = client(&server);
    for (bad, field) in [
        (NewSubscription::new(1, ""), "reference"),
        (
            NewSubscription::new(1, "s").discount(dec!(100.1)),
            "discount",
        ),
        (NewSubscription::new(1, "s").discount(dec!(-1)), "discount"),
        (NewSubscription::new(1, "s").amount(dec!(-1)), "amount"),
    ] {
        let err = client
            .add_customer_subscription("1234", &bad)
            .await
            .expect_err("invalid");
        assert_eq!(invalid_field(err), field);
    }
    mock.assert_calls_async(0).await;
    let err = client
        .add_customer_subscription("1234", &NewSubscription::new(99, "s"))
        .await
        .expect_err("400");
    mock.assert_calls_async(1).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Plan does not exist")
    );
}

#[tokio::test]
async fn attach_payment_method_posts_reference_and_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/paymentmethod/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({"customer_reference": "12345", "token": TOKEN}));
            then.status(201);
        })
        .await;
    let attach = AttachPaymentMethod::new("12345", TOKEN);
    let result = client(&server).attach_payment_method(&attach).await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!("attach_payment_method", result);
    assert!(!format!("{attach:?}").contains("637302f0"));
}

#[tokio::test]
async fn attach_payment_method_errors_are_typed() {
    let server = MockServer::start_async().await;
    let missing = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/paymentmethod/")
                .json_body_includes(r#"{"customer_reference":"nobody"}"#);
            then.status(404).body(r#"{"detail":"Not found."}"#);
        })
        .await;
    let invalid = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/paymentmethod/")
                .json_body_includes(r#"{"customer_reference":"12345"}"#);
            then.status(400)
                .body(r#"{"status":"error","error":"Invalid token"}"#);
        })
        .await;
    let client = client(&server);
    let err = client
        .attach_payment_method(&AttachPaymentMethod::new("nobody", "0b1c2d3e4f5a6b7c"))
        .await
        .expect_err("404");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let err = client
        .attach_payment_method(&AttachPaymentMethod::new("12345", "0b1c2d3e4f5a6b7c"))
        .await
        .expect_err("400");
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Invalid token")
    );
    let err = client
        .attach_payment_method(&AttachPaymentMethod::new("12345", ""))
        .await
        .expect_err("empty token");
    assert_eq!(invalid_field(err), "token");
    missing.assert_calls_async(1).await;
    invalid.assert_calls_async(1).await;
}

// ---------------------------------------------------------------------------------------------
// Plans

async fn plans_answering(body: &str) -> Result<Vec<askell_sdk::Plan>, Error> {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/plans/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200)
                .header("content-type", "application/json")
                .body(body);
        })
        .await;
    let result = all(client(&server).plans()).await;
    mock.assert_async().await;
    result
}

#[tokio::test]
async fn plans_read_an_array() {
    let plans = plans_answering(PLANS).await.expect("plans");
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].amount, Some(dec!(1.0000)));
    assert_eq!(plans[1].interval, Some(PlanInterval::Year));
    assert_eq!(plans[1].amount.unwrap().to_string(), "19990.0000");
    insta::assert_debug_snapshot!("plans", plans);
}

#[tokio::test]
async fn plans_read_the_single_object_the_spec_documents() {
    let plans = plans_answering(PLAN).await.expect("plan");
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].reference.as_deref(), Some("SKU-1"));
    insta::assert_debug_snapshot!("plans_single", plans);
}

#[tokio::test]
async fn plans_read_a_page_and_an_empty_array() {
    let page = format!(r#"{{"count":2,"next":null,"previous":null,"results":{PLANS}}}"#);
    let plans = plans_answering(&page).await.expect("page");
    assert_eq!(plans.iter().map(|p| p.id).collect::<Vec<_>>(), [1, 2]);
    assert!(plans_answering(" []").await.expect("empty").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Subscriptions

#[tokio::test]
async fn subscriptions_without_query_are_one_bare_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/subscriptions/")
                .header("authorization", AUTH)
                .header_missing("content-type")
                .is_true(|req| req.query_params().is_empty());
            then.status(200).body(SUBSCRIPTIONS);
        })
        .await;
    let subscriptions = all(client(&server).subscriptions(&SubscriptionListQuery::new()))
        .await
        .expect("list");
    mock.assert_async().await;
    insta::assert_debug_snapshot!("subscriptions", subscriptions);
}

#[tokio::test]
async fn subscriptions_send_page_size_type_and_ordering_and_walk_the_pages() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/subscriptions/")
                .header("authorization", AUTH)
                .query_param("page_size", "2")
                .query_param("page", "2")
                .query_param("type", "full")
                .query_param("ordering", "-active_until")
                .is_true(|req| req.query_params().len() == 4);
            then.status(200).body(SUBSCRIPTIONS_PAGE);
        })
        .await;
    // The fixture's `next` is `…/subscriptions/?ordering=-active_until&page=3&page_size=2`:
    // exactly its query is sent next, to the client's own host.
    let last = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/subscriptions/")
                .header("authorization", AUTH)
                .query_param("page", "3")
                .query_param("page_size", "2")
                .query_param("ordering", "-active_until")
                .is_true(|req| req.query_params().len() == 3);
            then.status(200)
                .body(r#"{"count":5,"next":null,"previous":null,"results":null}"#);
        })
        .await;
    let query = SubscriptionListQuery::new()
        .page_size(2)
        .page(2)
        .kind(SubscriptionListType::Full)
        .ordering(SubscriptionOrdering::ActiveUntilDesc);
    let subscriptions = all(client(&server).subscriptions(&query))
        .await
        .expect("pages");
    first.assert_async().await;
    last.assert_async().await;
    insta::assert_debug_snapshot!("subscriptions_pages", subscriptions);
}

#[tokio::test]
async fn every_ordering_and_type_is_sent_as_written() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    for (ordering, wire) in [
        (SubscriptionOrdering::ActiveUntil, "active_until"),
        (SubscriptionOrdering::ActiveUntilDesc, "-active_until"),
        (SubscriptionOrdering::StartDate, "start_date"),
        (SubscriptionOrdering::StartDateDesc, "-start_date"),
    ] {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/subscriptions/")
                    .header("authorization", AUTH)
                    .query_param("ordering", wire)
                    .query_param("type", "light");
                then.status(200).body("[]");
            })
            .await;
        let query = SubscriptionListQuery::new()
            .ordering(ordering)
            .kind(SubscriptionListType::Light);
        assert!(
            all(client.subscriptions(&query))
                .await
                .expect("list")
                .is_empty()
        );
        mock.assert_async().await;
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn subscription_list_limits_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("[]");
        })
        .await;
    let client = client(&server);
    for (query, field) in [
        (SubscriptionListQuery::new().page_size(0), "page_size"),
        (SubscriptionListQuery::new().page_size(1001), "page_size"),
        (SubscriptionListQuery::new().page(0), "page"),
    ] {
        assert_eq!(refused(client.subscriptions(&query)).await.field, field);
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_light_list_with_plan_ids_reads() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/subscriptions/")
                .header("authorization", AUTH)
                .query_param("type", "light");
            then.status(200).body(
                r#"[{"id":5,"reference":"R","is_on_trial":true,"active":true,"cancelled":false,"customer":8,"plan":3}]"#,
            );
        })
        .await;
    let query = SubscriptionListQuery::new().kind(SubscriptionListType::Light);
    let list = all(client(&server).subscriptions(&query))
        .await
        .expect("light");
    mock.assert_async().await;
    assert_eq!(list[0].plan, Some(SubscriptionPlan::Id(3)));
    assert_eq!(list[0].customer, Some(SubscriptionCustomer::Id(8)));
    assert!(list[0].billing_logs.is_empty());
}

#[tokio::test]
async fn subscription_reads_the_fixture() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/subscriptions/123/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(SUBSCRIPTION);
        })
        .await;
    let sub = client(&server).subscription(123).await.expect("sub");
    mock.assert_async().await;
    assert_eq!(
        sub.token.as_ref().map(ExposeSecret::expose_secret),
        Some(TOKEN)
    );
    assert!(!format!("{sub:?}").contains(TOKEN));
    assert_eq!(sub.meta_json(), Some(json!({"source": "web"})));
    assert_eq!(sub.plan_id(), Some(1));
    assert_eq!(sub.latest_billing_log().map(|l| l.id), Some(11));
    assert_eq!(sub.billing_logs[1].total, Some(dec!(6.99)));
    insta::assert_debug_snapshot!("subscription", sub);
}

#[tokio::test]
async fn update_subscription_patches_plan_as_an_object() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/subscriptions/123/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "plan": {"id": 2},
                    "amount": "1500",
                    "discount": "12.5",
                    "description": "Moved to yearly"
                }));
            then.status(200).body(SUBSCRIPTION_UPDATED);
        })
        .await;
    let update = SubscriptionUpdate::new()
        .plan(2)
        .amount(dec!(1500))
        .discount(dec!(12.5))
        .description("Moved to yearly");
    let sub = client(&server)
        .update_subscription(123, &update)
        .await
        .expect("updated");
    mock.assert_async().await;
    assert_eq!(sub.plan_id(), Some(2));
    insta::assert_debug_snapshot!("update_subscription", sub);
}

#[tokio::test]
async fn update_subscription_limits_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(SUBSCRIPTION_UPDATED);
        })
        .await;
    let client = client(&server);
    for (bad, field) in [
        (SubscriptionUpdate::new(), "body"),
        (SubscriptionUpdate::new().discount(dec!(100.01)), "discount"),
        (SubscriptionUpdate::new().discount(dec!(-0.01)), "discount"),
        (SubscriptionUpdate::new().amount(dec!(-5)), "amount"),
    ] {
        let err = client
            .update_subscription(123, &bad)
            .await
            .expect_err("invalid");
        assert_eq!(invalid_field(err), field);
    }
    mock.assert_calls_async(0).await;
}

fn multi() -> MultiSubscriptionCreate {
    MultiSubscriptionCreate::new(
        NewCustomer::new("cust-1", "jon@example.com", "Jón", "Jónsson").phone("+3545551234"),
        vec![
            NewSubscription::new(1, "Sub-1").start_date(datetime!(2022-11-01 00:00:00 UTC)),
            NewSubscription::new(2, "Sub-2")
                .amount(dec!(1999.00))
                .discount(dec!(10))
                .description("note"),
        ],
    )
    .payment_method_token(TOKEN)
}

#[tokio::test]
async fn create_subscriptions_posts_customer_token_and_subscriptions() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/multi/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "customer": {
                        "customer_reference": "cust-1",
                        "email": "jon@example.com",
                        "first_name": "Jón",
                        "last_name": "Jónsson",
                        "phone": "+3545551234"
                    },
                    "payment_method": {"token": TOKEN},
                    "subscriptions": [
                        {"plan": 1, "reference": "Sub-1", "start_date": "2022-11-01T00:00:00Z"},
                        {"plan": 2, "reference": "Sub-2", "amount": "1999.00", "discount": "10",
                         "description": "note"}
                    ]
                }));
            then.status(201).body(MULTI);
        })
        .await;
    let request = multi();
    assert!(!format!("{request:?}").contains(TOKEN));
    let created = client(&server)
        .create_subscriptions(&request)
        .await
        .expect("created");
    mock.assert_async().await;
    assert_eq!(
        created.customer.as_ref().unwrap().customer_reference,
        "cust-1"
    );
    assert_eq!(created.subscriptions.len(), 2);
    insta::assert_debug_snapshot!("create_subscriptions", created);
}

#[tokio::test]
async fn create_subscriptions_without_token_leaves_payment_method_out() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/multi/")
                .header("authorization", AUTH)
                .json_body(json!({
                    "customer": {"customer_reference": "c", "email": "e@x.is",
                                 "first_name": "F", "last_name": "L"},
                    "subscriptions": [{"plan": 1, "reference": "S"}]
                }));
            then.status(201).body(MULTI);
        })
        .await;
    client(&server)
        .create_subscriptions(&MultiSubscriptionCreate::new(
            NewCustomer::new("c", "e@x.is", "F", "L"),
            vec![NewSubscription::new(1, "S")],
        ))
        .await
        .expect("created");
    mock.assert_async().await;
}

#[tokio::test]
async fn invalid_multi_creates_are_refused() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(MULTI);
        })
        .await;
    let client = client(&server);
    let customer = || NewCustomer::new("c", "e@x.is", "F", "L");
    for (bad, field) in [
        (
            MultiSubscriptionCreate::new(customer(), vec![]),
            "subscriptions",
        ),
        (
            MultiSubscriptionCreate::new(
                NewCustomer::new("", "e@x.is", "F", "L"),
                vec![NewSubscription::new(1, "S")],
            ),
            "customer_reference",
        ),
        (
            MultiSubscriptionCreate::new(customer(), vec![NewSubscription::new(1, "")]),
            "reference",
        ),
        (
            MultiSubscriptionCreate::new(customer(), vec![NewSubscription::new(1, "S")])
                .payment_method_token(""),
            "payment_method.token",
        ),
        (
            MultiSubscriptionCreate::new(
                customer(),
                vec![NewSubscription::new(1, "S").discount(dec!(101))],
            ),
            "discount",
        ),
    ] {
        let err = client
            .create_subscriptions(&bad)
            .await
            .expect_err("invalid");
        assert_eq!(invalid_field(err), field);
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn cancel_subscription_posts_without_body_and_reads_the_state() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/123/cancel/")
                .header("authorization", AUTH)
                .header_missing("content-type")
                .body("");
            then.status(201).body(CANCELED);
        })
        .await;
    let result = client(&server)
        .cancel_subscription(123)
        .await
        .expect("canceled");
    mock.assert_async().await;
    assert_eq!(result.state, Some(SubscriptionState::Canceled));
    insta::assert_debug_snapshot!("cancel_subscription", result);
}

#[tokio::test]
async fn activate_subscription_posts_without_body_and_keeps_unknown_states() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/123/activate/")
                .header("authorization", AUTH)
                .header_missing("content-type")
                .body("");
            then.status(200).body(ACTIVATED);
        })
        .await;
    let odd = server
        .mock_async(|when, then| {
            when.method(POST).path("/subscriptions/2/activate/");
            then.status(200).body(r#"{"state":"paused"}"#);
        })
        .await;
    let client = client(&server);
    let result = client.activate_subscription(123).await.expect("active");
    mock.assert_async().await;
    assert_eq!(result.state, Some(SubscriptionState::Active));
    insta::assert_debug_snapshot!("activate_subscription", result);
    let result = client.activate_subscription(2).await.expect("unknown kept");
    assert_eq!(
        result.state,
        Some(SubscriptionState::Unknown("paused".into()))
    );
    odd.assert_async().await;
}

#[tokio::test]
async fn set_subscription_expiry_posts_the_date() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/123/set_expiry/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({"expires": "2024-01-31T00:00:00Z"}));
            then.status(200).body(EXPIRY);
        })
        .await;
    let result = client(&server)
        .set_subscription_expiry(123, datetime!(2024-01-31 00:00:00 UTC))
        .await
        .expect("set");
    mock.assert_async().await;
    insta::assert_debug_snapshot!("set_subscription_expiry", result);
}

// ---------------------------------------------------------------------------------------------
// Webhook registrations

#[tokio::test]
async fn webhooks_stream_the_registrations_without_showing_secrets() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/webhooks/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(WEBHOOKS);
        })
        .await;
    let hooks = all(client(&server).webhooks()).await.unwrap();
    mock.assert_async().await;
    assert_eq!(hooks.len(), 2);
    assert_eq!(hooks[0].event, Some(EventType::PaymentChanged));
    assert!(hooks[1].event.as_ref().is_some_and(EventType::is_wildcard));
    // The non-ASCII example secret survives as UTF-8.
    assert_eq!(
        hooks[0].hmac_secret.as_ref().unwrap().expose_secret(),
        "j209ilskdjfk,jsaæ.s7//+&."
    );
    assert_eq!(
        WebhookVerifier::from_webhook(&hooks[1])
            .unwrap()
            .algorithm(),
        payments_core::HmacAlgorithm::Sha256
    );
    // The snapshot is of Debug output: it must show no secret.
    insta::assert_debug_snapshot!("webhooks", hooks);
}

#[tokio::test]
async fn create_webhook_posts_url_and_event() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/webhooks/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(
                    json!({"url": "https://example.com/hooks/askell/", "event": "payment.*"}),
                );
            then.status(201).body(WEBHOOK_CREATED);
        })
        .await;
    let request = WebhookCreate::new("https://example.com/hooks/askell/", EventType::PaymentAll);
    let hook = client(&server).create_webhook(&request).await.unwrap();
    mock.assert_async().await;
    let hook = hook.expect("a body");
    assert_eq!(hook.id, 3);
    insta::assert_debug_snapshot!("create_webhook", hook);
}

#[tokio::test]
async fn create_webhook_accepts_the_specs_empty_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/webhooks/")
                .header("authorization", AUTH)
                .json_body(json!({"url": "https://example.com/c/", "event": "customer.created"}));
            then.status(201);
        })
        .await;
    let request = WebhookCreate::new("https://example.com/c/", EventType::CustomerCreated);
    let hook = client(&server).create_webhook(&request).await.unwrap();
    mock.assert_async().await;
    assert!(hook.is_none());
}

#[tokio::test]
async fn replace_webhook_puts_and_reads_the_specs_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/webhooks/1/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(
                    json!({"url": "https://example.com/customers/", "event": "customer.created"}),
                );
            then.status(200).body(WEBHOOK_REPLACED);
        })
        .await;
    let request = WebhookCreate::new("https://example.com/customers/", EventType::CustomerCreated);
    let hook = client(&server)
        .replace_webhook(1, &request)
        .await
        .unwrap()
        .expect("a body");
    mock.assert_async().await;
    assert_eq!(hook.event, Some(EventType::CustomerCreated));
    insta::assert_debug_snapshot!("replace_webhook", hook);
}

#[tokio::test]
async fn update_webhook_patches_only_what_is_set() {
    let server = MockServer::start_async().await;
    let empty = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/webhooks/1/")
                .header("authorization", AUTH)
                .json_body(json!({"event": "subscription.renewed"}));
            then.status(200);
        })
        .await;
    let with_body = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/webhooks/3/")
                .header("authorization", AUTH)
                .json_body(json!({"url": "https://example.com/hooks/askell/"}));
            then.status(200).body(WEBHOOK_CREATED);
        })
        .await;
    let c = client(&server);
    let hook = c
        .update_webhook(
            1,
            &WebhookPatch::new().event(EventType::SubscriptionRenewed),
        )
        .await
        .unwrap();
    assert!(hook.is_none(), "the spec documents no body");
    let hook = c
        .update_webhook(
            3,
            &WebhookPatch::new().url("https://example.com/hooks/askell/"),
        )
        .await
        .unwrap();
    empty.assert_async().await;
    with_body.assert_async().await;
    insta::assert_debug_snapshot!("update_webhook", hook);
}

#[tokio::test]
async fn delete_webhook_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/webhooks/1/")
                .header("authorization", AUTH)
                .header_missing("content-type")
                .body("");
            then.status(204);
        })
        .await;
    client(&server).delete_webhook(1).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn invalid_webhook_requests_are_never_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(WEBHOOK_CREATED);
        })
        .await;
    let c = client(&server);
    let bad_url = WebhookCreate::new("example.com/hook", EventType::PaymentChanged);
    assert_eq!(
        invalid_field(c.create_webhook(&bad_url).await.unwrap_err()),
        "url"
    );
    assert_eq!(
        invalid_field(c.replace_webhook(1, &bad_url).await.unwrap_err()),
        "url"
    );
    let err = c.update_webhook(1, &WebhookPatch::new()).await.unwrap_err();
    assert_eq!(invalid_field(err), "url");
    mock.assert_calls_async(0).await;
}
