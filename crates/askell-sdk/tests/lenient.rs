//! Reading leniently: one test per class of real-world answer that failed the whole decode
//! (payloads written from Askell's docs and fact sheet), and a generated test that runs every
//! response fixture with each member nulled and removed in turn.
//!
//! # Required paths
//!
//! A mutated fixture must decode, except where the member removed or nulled is an object's own
//! key, or the payload the answer exists for. Those paths (array indices dropped) must fail with
//! a decode error, and are the only ones that may:
//!
//! | object | required members |
//! |---|---|
//! | payment, transaction | `uuid` |
//! | customer | `id`, `customer_reference` |
//! | plan, subscription, billing log, webhook registration, payment processor | `id` |
//! | checkout, token state, temporary payment method | `token` |
//! | PDF receipt | `receipt` (the document) |
//! | a `payment.*` delivery | `data` (the payment) |

use std::sync::Arc;

use askell_sdk::{
    Client, CreateCheckout, Credentials, Customer, CustomerListQuery, Lenient, Payment,
    PaymentState, Plan, ReceiptError, RetryPolicy, Subscription, SubscriptionCustomer,
    SubscriptionListQuery, SubscriptionPlan, TransactionFilter, TransactionReceipt,
    TransactionState, TryStreamExt as _, dec,
};
use payments_core::http::{Method, StatusCode};
use payments_core::test_util::{ReplayEvent, ReplayTransport, json_mutations};
use payments_core::{DecodeError, decode_json};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// One test per class

/// Class: payments can be `refunded` (a state the enum did not have; it read as `Unknown`).
#[test]
fn a_refunded_payment_is_a_known_state() {
    let p: Payment = serde_json::from_str(
        r#"{"uuid":"a19ca264-5dd4-4897-bcb8-47d84844a2bc","amount":"1.0000","currency":"ISK",
            "state":"refunded","transactions":[{"uuid":"3c03b82a-951a-4331-b651-550de9da9004",
            "state":"refunded","refund_code":"R0001","amount":"1.00","currency":"ISK"}]}"#,
    )
    .unwrap();
    assert_eq!(p.state, Some(PaymentState::Refunded));
    assert!(!p.state.as_ref().unwrap().is_unknown());
    assert_eq!(p.state.as_ref().unwrap().as_str(), "refunded");
    assert!(PaymentState::KNOWN.contains(&PaymentState::Refunded));
    assert_eq!(p.transactions[0].state, Some(TransactionState::Refunded));
}

/// Class: the receipt endpoint answers a base64 PDF, not a transaction.
#[test]
fn the_receipt_is_a_base64_pdf_with_a_file_name() {
    // "%PDF-1.7\n%âãÏÓ\n" in standard base64, wrapped as some encoders wrap it.
    let r: TransactionReceipt = serde_json::from_str(
        r#"{"receipt":"JVBERi0xLjcK\nJeLjz9MK","filename":"kvittun-2286047.pdf"}"#,
    )
    .unwrap();
    assert_eq!(r.pdf().unwrap(), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    assert_eq!(r.filename.as_deref(), Some("kvittun-2286047.pdf"));
    // Padding is optional; the document never shows in Debug.
    let unpadded: TransactionReceipt = serde_json::from_str(r#"{"receipt":"JVBERi0"}"#).unwrap();
    assert_eq!(unpadded.pdf().unwrap(), b"%PDF-");
    assert!(!format!("{r:?}").contains("JVBERi"), "{r:?}");
    // The one-element array the spec documents reads too, through the client (see endpoints).
    let no_name: TransactionReceipt =
        serde_json::from_str(r#"{"receipt":"","filename":null}"#).unwrap();
    assert_eq!(no_name.pdf().unwrap(), b"");
}

/// Class: a malformed base64 document is a typed error, never a panic.
#[test]
fn a_malformed_receipt_is_a_typed_error() {
    for bad in ["%PDF-1.4 not base64", "JVBERi0xLjQK=A", "JVBER*0x"] {
        let r: TransactionReceipt =
            serde_json::from_value(json!({"receipt": bad, "filename": "x.pdf"})).unwrap();
        let err: ReceiptError = r.pdf().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the receipt's PDF document is not valid base64"
        );
        assert!(
            std::error::Error::source(&err).is_some(),
            "the decoder's cause"
        );
    }
}

/// Class: creating a checkout takes an optional amount, a decimal string like every Askell
/// amount.
#[test]
fn a_checkout_carries_an_optional_decimal_string_amount() {
    let with = serde_json::to_value(CreateCheckout::for_plan(1).amount(dec!(1990.00))).unwrap();
    assert_eq!(with, json!({"plan": 1, "amount": "1990.00"}));
    let without = serde_json::to_value(CreateCheckout::for_plan(1)).unwrap();
    assert_eq!(without, json!({"plan": 1}));
}

/// Class: a collection sent as `null` (or left out) is empty, never a failed answer.
#[test]
fn null_and_missing_collections_read_as_empty() {
    let payment: Payment = serde_json::from_str(
        r#"{"uuid":"a19ca264-5dd4-4897-bcb8-47d84844a2bc","transactions":null}"#,
    )
    .unwrap();
    assert!(payment.transactions.is_empty());
    let customer: Customer =
        serde_json::from_str(r#"{"id":1,"customer_reference":"r","payment_method":null}"#).unwrap();
    assert!(customer.payment_methods.is_empty());
    let subscription: Subscription =
        serde_json::from_str(r#"{"id":1,"billing_logs":null}"#).unwrap();
    assert!(subscription.billing_logs.is_empty());
    let multi: askell_sdk::SubscriptionsCreated =
        serde_json::from_str(r#"{"customer":null,"subscriptions":null}"#).unwrap();
    assert!(multi.subscriptions.is_empty() && multi.customer.is_none());
    let processor: askell_sdk::CheckoutPaymentProcessor =
        serde_json::from_str(r#"{"id":4,"allowed_currencies":null}"#).unwrap();
    assert!(processor.allowed_currencies.is_empty());
    let transaction: askell_sdk::Transaction =
        serde_json::from_str(r#"{"uuid":"3c03b82a-951a-4331-b651-550de9da9004","data":null}"#)
            .unwrap();
    assert_eq!(transaction.data, askell_sdk::TransactionData::default());
}

/// Class: null collections inside list pages and wrapper objects, through the client.
#[tokio::test]
async fn null_collections_in_pages_and_wrappers_read_as_empty() {
    let c = replay(vec![
        ReplayEvent::new(
            Method::GET,
            "/customers/",
            StatusCode::OK,
            r#"{"count":0,"next":null,"previous":null,"results":null}"#,
        ),
        ReplayEvent::new(
            Method::GET,
            "/checkouts/paymentprocessors/",
            StatusCode::OK,
            r#"{"payment_processors":null}"#,
        ),
        ReplayEvent::new(Method::GET, "/plans/", StatusCode::OK, "null"),
    ]);
    let customers: Vec<_> = c
        .customers(&CustomerListQuery::new())
        .try_collect()
        .await
        .unwrap();
    assert!(customers.is_empty());
    assert!(c.checkout_payment_processors().await.unwrap().is_empty());
    let plans: Vec<Plan> = c.plans().try_collect().await.unwrap();
    assert!(plans.is_empty());
}

/// Class: a malformed value in a member that is not the object's key is kept as sent.
#[test]
fn malformed_non_key_values_are_kept_raw() {
    let p: Payment = serde_json::from_str(
        r#"{"uuid":"a19ca264-5dd4-4897-bcb8-47d84844a2bc","created_at":"2025-11-01",
            "updated_at":"2021-10-15T10:02:25Z","transactions":[{"uuid":"951913b0-3b99-4c6c-a58c-3b8e7c18b488",
            "fail_code":51,"external_reference":2286047,"data":{"id":99812,"receipt":{"BuidAdOgilda":"nei","Upphaed":1}}}]}"#,
    )
    .unwrap();
    assert_eq!(p.created_at, Some(Lenient::Raw("2025-11-01".into())));
    assert!(p.updated_at.as_ref().and_then(Lenient::parsed).is_some());
    let t = &p.transactions[0];
    assert_eq!(t.fail_code.as_deref(), Some("51"));
    assert_eq!(t.external_reference.as_deref(), Some("2286047"));
    assert_eq!(t.data.id.as_deref(), Some("99812"));
    let receipt = t.data.receipt.as_ref().unwrap();
    assert_eq!(receipt.already_voided, Some(Lenient::Raw("nei".into())));
    assert_eq!(receipt.amount.as_deref(), Some("1"));

    let s: Subscription = serde_json::from_str(
        r#"{"id":1,"customer":"cust-abc","plan":{"id":2,"payment_processor":{"id":"adyen-1"}},
            "billing_logs":[{"id":3,"billing_date":"yesterday"}]}"#,
    )
    .unwrap();
    assert_eq!(
        s.customer,
        Some(SubscriptionCustomer::Raw("cust-abc".into()))
    );
    let Some(SubscriptionPlan::Plan(plan)) = &s.plan else {
        panic!("a plan object: {:?}", s.plan)
    };
    assert_eq!(
        plan.payment_processor.as_ref().unwrap().id,
        Some(Lenient::Raw("adyen-1".into()))
    );
    assert_eq!(
        s.billing_logs[0].billing_date,
        Some(Lenient::Raw("yesterday".into()))
    );
}

/// Class: the object's own key stays strict, and the error names it.
#[test]
fn a_malformed_key_is_a_decode_error_naming_it() {
    let e = decode_json::<Payment>(None, br#"{"uuid":"nope","state":"settled"}"#).unwrap_err();
    assert_eq!(e.path, "uuid");
    let e = decode_json::<Customer>(None, br#"{"id":1}"#).unwrap_err();
    assert_eq!(e.path, ".");
    assert!(e.message.contains("customer_reference"), "{}", e.message);
}

/// Class: no `untagged` enum hides the path of a decode error below it.
#[test]
fn related_objects_keep_the_path_of_their_decode_errors() {
    let e = decode_json::<Subscription>(
        None,
        br#"{"id":1,"plan":{"id":2,"interval_count":"monthly"}}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "plan.interval_count");
}

// ---------------------------------------------------------------------------------------------
// The generated test: every fixture, every member nulled and removed in turn

/// How a fixture is read: directly as a type, or through the client when the answer's shape
/// is one only the client reads (lists, pages, one-element arrays, wrappers, deliveries).
#[derive(Clone, Copy)]
enum Read {
    Direct(fn(&[u8]) -> Result<(), DecodeError>),
    Client(Endpoint),
    Delivery,
}

#[derive(Clone, Copy)]
enum Endpoint {
    Payment,
    Payments,
    Customers,
    CustomerSubscriptions,
    Subscriptions,
    Transactions,
    Plans,
    Processors,
    Webhooks,
    ReplaceWebhook,
    Receipt,
}

fn direct<T: DeserializeOwned>(body: &[u8]) -> Result<(), DecodeError> {
    decode_json::<T>(None, body).map(|_| ())
}

/// Every response fixture, how it is read, and its required paths (indices dropped).
fn fixtures() -> Vec<(&'static str, &'static str, Read, &'static [&'static str])> {
    use Endpoint as E;
    use Read::{Client as C, Delivery, Direct as D};
    const PAYMENT: &[&str] = &["uuid", "transactions.uuid"];
    const PAYMENT_ARRAY: &[&str] = &["uuid", "transactions.uuid"];
    const SUBSCRIPTION: &[&str] = &[
        "id",
        "plan.id",
        "customer.id",
        "customer.customer_reference",
        "billing_logs.id",
        "billing_logs.transaction.uuid",
    ];
    const SUBSCRIPTION_PAGE: &[&str] = &[
        "results.id",
        "results.plan.id",
        "results.customer.id",
        "results.customer.customer_reference",
        "results.billing_logs.id",
        "results.billing_logs.transaction.uuid",
    ];
    const ENVELOPE: &[&str] = &[];
    vec![
        (
            "billing-log-renewal.json",
            include_str!("../../../fixtures/askell/billing-log-renewal.json"),
            D(direct::<askell_sdk::BillingLog>),
            &["id", "transaction.uuid"],
        ),
        (
            "billing-log-trial.json",
            include_str!("../../../fixtures/askell/billing-log-trial.json"),
            D(direct::<askell_sdk::BillingLog>),
            &["id", "transaction.uuid"],
        ),
        (
            "checkout-create-response.json",
            include_str!("../../../fixtures/askell/checkout-create-response.json"),
            D(direct::<askell_sdk::CheckoutCreated>),
            &["token"],
        ),
        (
            "checkout-status-pending.json",
            include_str!("../../../fixtures/askell/checkout-status-pending.json"),
            D(direct::<askell_sdk::TokenState>),
            &["token"],
        ),
        (
            "checkout-status.json",
            include_str!("../../../fixtures/askell/checkout-status.json"),
            D(direct::<askell_sdk::TokenState>),
            &["token"],
        ),
        (
            "customer-error-400.json",
            include_str!("../../../fixtures/askell/customer-error-400.json"),
            D(direct::<askell_sdk::ErrorEnvelope>),
            ENVELOPE,
        ),
        (
            "customer-get.json",
            include_str!("../../../fixtures/askell/customer-get.json"),
            D(direct::<Customer>),
            &["id", "customer_reference"],
        ),
        (
            "customer-list-page.json",
            include_str!("../../../fixtures/askell/customer-list-page.json"),
            C(E::Customers),
            &["results.id", "results.customer_reference"],
        ),
        (
            "customer-list.json",
            include_str!("../../../fixtures/askell/customer-list.json"),
            C(E::Customers),
            &["id", "customer_reference"],
        ),
        (
            "customer-subscriptions.json",
            include_str!("../../../fixtures/askell/customer-subscriptions.json"),
            C(E::CustomerSubscriptions),
            SUBSCRIPTION,
        ),
        (
            "hello-response.json",
            include_str!("../../../fixtures/askell/hello-response.json"),
            D(direct::<askell_sdk::Hello>),
            &[],
        ),
        (
            "payment-create-response.json",
            include_str!("../../../fixtures/askell/payment-create-response.json"),
            D(direct::<Payment>),
            PAYMENT,
        ),
        (
            "payment-error-400.json",
            include_str!("../../../fixtures/askell/payment-error-400.json"),
            D(direct::<askell_sdk::ErrorEnvelope>),
            ENVELOPE,
        ),
        (
            "payment-error-404.json",
            include_str!("../../../fixtures/askell/payment-error-404.json"),
            D(direct::<askell_sdk::ErrorEnvelope>),
            ENVELOPE,
        ),
        (
            "payment-error-fields.json",
            include_str!("../../../fixtures/askell/payment-error-fields.json"),
            D(direct::<askell_sdk::ErrorEnvelope>),
            ENVELOPE,
        ),
        (
            "payment-failed-retries-exhausted.json",
            include_str!("../../../fixtures/askell/payment-failed-retries-exhausted.json"),
            D(direct::<Payment>),
            PAYMENT,
        ),
        (
            "payment-failed.json",
            include_str!("../../../fixtures/askell/payment-failed.json"),
            D(direct::<Payment>),
            PAYMENT,
        ),
        (
            "payment-get-array.json",
            include_str!("../../../fixtures/askell/payment-get-array.json"),
            C(E::Payment),
            PAYMENT_ARRAY,
        ),
        (
            "payment-get.json",
            include_str!("../../../fixtures/askell/payment-get.json"),
            C(E::Payment),
            PAYMENT,
        ),
        (
            "payment-list.json",
            include_str!("../../../fixtures/askell/payment-list.json"),
            C(E::Payments),
            PAYMENT,
        ),
        (
            "payment-refund-response.json",
            include_str!("../../../fixtures/askell/payment-refund-response.json"),
            C(E::Payment),
            PAYMENT,
        ),
        (
            "payment-retry-response.json",
            include_str!("../../../fixtures/askell/payment-retry-response.json"),
            C(E::Payment),
            PAYMENT,
        ),
        (
            "plan-list.json",
            include_str!("../../../fixtures/askell/plan-list.json"),
            C(E::Plans),
            &["id"],
        ),
        (
            "plan-single.json",
            include_str!("../../../fixtures/askell/plan-single.json"),
            C(E::Plans),
            &["id"],
        ),
        (
            "processor-error-400.json",
            include_str!("../../../fixtures/askell/processor-error-400.json"),
            D(direct::<askell_sdk::ErrorEnvelope>),
            ENVELOPE,
        ),
        (
            "processor-list.json",
            include_str!("../../../fixtures/askell/processor-list.json"),
            C(E::Processors),
            &["payment_processors.id"],
        ),
        (
            "receipt-response.json",
            include_str!("../../../fixtures/askell/receipt-response.json"),
            C(E::Receipt),
            &["receipt"],
        ),
        (
            "subscription-activate.json",
            include_str!("../../../fixtures/askell/subscription-activate.json"),
            D(direct::<askell_sdk::SubscriptionActionResult>),
            &[],
        ),
        (
            "subscription-cancel.json",
            include_str!("../../../fixtures/askell/subscription-cancel.json"),
            D(direct::<askell_sdk::SubscriptionActionResult>),
            &[],
        ),
        (
            "subscription-get.json",
            include_str!("../../../fixtures/askell/subscription-get.json"),
            D(direct::<Subscription>),
            SUBSCRIPTION,
        ),
        (
            "subscription-list-page.json",
            include_str!("../../../fixtures/askell/subscription-list-page.json"),
            C(E::Subscriptions),
            SUBSCRIPTION_PAGE,
        ),
        (
            "subscription-list.json",
            include_str!("../../../fixtures/askell/subscription-list.json"),
            C(E::Subscriptions),
            SUBSCRIPTION,
        ),
        (
            "subscription-multi-created.json",
            include_str!("../../../fixtures/askell/subscription-multi-created.json"),
            D(direct::<askell_sdk::SubscriptionsCreated>),
            &[
                "customer.id",
                "customer.customer_reference",
                "subscriptions.id",
                "subscriptions.plan.id",
                "subscriptions.customer.id",
                "subscriptions.customer.customer_reference",
                "subscriptions.billing_logs.id",
                "subscriptions.billing_logs.transaction.uuid",
            ],
        ),
        (
            "subscription-set-expiry.json",
            include_str!("../../../fixtures/askell/subscription-set-expiry.json"),
            D(direct::<askell_sdk::SubscriptionActionResult>),
            &[],
        ),
        (
            "subscription-update.json",
            include_str!("../../../fixtures/askell/subscription-update.json"),
            D(direct::<Subscription>),
            SUBSCRIPTION,
        ),
        (
            "tmp-payment-method-create-response.json",
            include_str!("../../../fixtures/askell/tmp-payment-method-create-response.json"),
            D(direct::<askell_sdk::TemporaryPaymentMethodCreated>),
            &["token"],
        ),
        (
            "tmp-payment-method-status.json",
            include_str!("../../../fixtures/askell/tmp-payment-method-status.json"),
            D(direct::<askell_sdk::TokenState>),
            &["token"],
        ),
        (
            "transaction-list-page.json",
            include_str!("../../../fixtures/askell/transaction-list-page.json"),
            C(E::Transactions),
            &["results.uuid"],
        ),
        (
            "transaction-list.json",
            include_str!("../../../fixtures/askell/transaction-list.json"),
            C(E::Transactions),
            &["uuid"],
        ),
        (
            "webhook-create-response.json",
            include_str!("../../../fixtures/askell/webhook-create-response.json"),
            D(direct::<askell_sdk::Webhook>),
            &["id"],
        ),
        (
            "webhook-list.json",
            include_str!("../../../fixtures/askell/webhook-list.json"),
            C(E::Webhooks),
            &["id"],
        ),
        (
            "webhook-replace-response.json",
            include_str!("../../../fixtures/askell/webhook-replace-response.json"),
            C(E::ReplaceWebhook),
            &["id"],
        ),
        (
            "webhook-customer-changed.json",
            include_str!("../../../fixtures/askell/webhook-customer-changed.json"),
            Delivery,
            &[],
        ),
        (
            "webhook-payment-changed.json",
            include_str!("../../../fixtures/askell/webhook-payment-changed.json"),
            Delivery,
            &["data", "data.uuid", "data.transactions.uuid"],
        ),
        (
            "webhook-vector-body.json",
            include_str!("../../../fixtures/askell/webhook-vector-body.json"),
            Delivery,
            &["data", "data.uuid", "data.transactions.uuid"],
        ),
    ]
}

fn replay(events: Vec<ReplayEvent>) -> Client {
    Client::builder(Credentials::new("abcdef.abcdefgh1234567890"))
        .base_url("https://askell.test/api")
        .retry(RetryPolicy::disabled())
        .transport(Arc::new(ReplayTransport::new(events)))
        .build()
        .unwrap()
}

/// Reads `body` as `endpoint` answers it; any error but a decode error fails the test.
async fn through_client(endpoint: Endpoint, body: Vec<u8>) -> Result<(), DecodeError> {
    let get = |path: &str| ReplayEvent::new(Method::GET, path, StatusCode::OK, body.clone());
    // A page's `next` is followed: the second page is empty.
    let last = |path: &str| ReplayEvent::new(Method::GET, path, StatusCode::OK, "[]");
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc".parse().unwrap();
    let result: Result<(), askell_sdk::Error> = match endpoint {
        Endpoint::Payment => {
            let path = format!("/payments/{id}/");
            replay(vec![get(&path)]).payment(id).await.map(|_| ())
        }
        Endpoint::Payments => collect(replay(vec![get("/payments/")]).payments()).await,
        Endpoint::Customers => {
            let c = replay(vec![get("/customers/"), last("/customers/")]);
            collect(c.customers(&CustomerListQuery::new())).await
        }
        Endpoint::CustomerSubscriptions => {
            let c = replay(vec![get("/customers/1234/subscriptions/")]);
            collect(c.customer_subscriptions("1234")).await
        }
        Endpoint::Subscriptions => {
            let c = replay(vec![get("/subscriptions/"), last("/subscriptions/")]);
            collect(c.subscriptions(&SubscriptionListQuery::new())).await
        }
        Endpoint::Transactions => {
            let c = replay(vec![get("/transactions/"), last("/transactions/")]);
            collect(c.transactions(&TransactionFilter::new())).await
        }
        Endpoint::Plans => collect(replay(vec![get("/plans/")]).plans()).await,
        Endpoint::Processors => replay(vec![get("/checkouts/paymentprocessors/")])
            .checkout_payment_processors()
            .await
            .map(|_| ()),
        Endpoint::Webhooks => collect(replay(vec![get("/webhooks/")]).webhooks()).await,
        Endpoint::ReplaceWebhook => {
            let put = ReplayEvent::new(Method::PUT, "/webhooks/1/", StatusCode::OK, body.clone());
            let request = askell_sdk::WebhookCreate::new(
                "https://example.com/customers/",
                askell_sdk::EventType::CustomerCreated,
            );
            replay(vec![put])
                .replace_webhook(1, &request)
                .await
                .map(|_| ())
        }
        Endpoint::Receipt => {
            let path = format!("/transactions/{id}/receipt/");
            replay(vec![get(&path)])
                .transaction_receipt(id)
                .await
                .map(|_| ())
        }
    };
    match result {
        Ok(()) => Ok(()),
        Err(askell_sdk::Error::Decode(e)) => Err(e),
        Err(other) => panic!("not a decode error: {other:?}"),
    }
}

async fn collect<T>(
    stream: askell_sdk::ItemStream<T, askell_sdk::Error>,
) -> askell_sdk::Result<()> {
    stream.try_collect::<Vec<_>>().await.map(|_| ())
}

/// Verifies and reads a delivery signed for `body`; only a body error may come back.
fn delivery(body: &[u8]) -> Result<(), DecodeError> {
    let secret = "askell_test_webhook_secret";
    let signature = payments_core::signature::hmac_base64(
        payments_core::HmacAlgorithm::Sha512,
        secret.as_bytes(),
        body,
    );
    let event = if body.windows(15).any(|w| w == b"payment.changed") {
        "payment.changed"
    } else {
        "customer.changed"
    };
    let headers = askell_sdk::webhook::HookHeaders {
        hmac: Some(&signature),
        event: Some(event),
        api_version: Some("v1"),
    };
    match askell_sdk::WebhookVerifier::new(secret).parse_parts(&headers, body) {
        Ok(_) => Ok(()),
        Err(askell_sdk::webhook::WebhookError::InvalidBody(e)) => Err(e),
        Err(other) => panic!("not a body error: {other:?}"),
    }
}

/// `transactions[0].uuid` → `transactions.uuid`; `[1].id` → `id`.
fn without_indices(path: &str) -> String {
    let mut out = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out.trim_start_matches('.').replace("..", ".")
}

#[tokio::test]
async fn every_fixture_decodes_with_each_optional_member_nulled_or_removed() {
    let mut checked = 0;
    let mut required_failures = 0;
    let mut problems = Vec::new();
    for (name, text, read, required) in fixtures() {
        let doc: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The fixture itself decodes.
        let original = run(read, text.as_bytes().to_vec()).await;
        assert!(original.is_ok(), "{name} does not decode: {original:?}");
        for (path, mutation, variant) in json_mutations(&doc) {
            let bytes = serde_json::to_vec(&variant).unwrap();
            let result = run(read, bytes).await;
            let is_required = required.contains(&without_indices(&path).as_str());
            checked += 1;
            match (is_required, result) {
                (false, Ok(())) => {}
                (true, Err(_)) => required_failures += 1,
                (false, Err(e)) => problems.push(format!(
                    "{name}: {path} {mutation:?} failed the decode at `{}`: {}",
                    e.path, e.message
                )),
                (true, Ok(())) => problems.push(format!(
                    "{name}: {path} {mutation:?} is documented as required but decoded"
                )),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The generator did run over every fixture, and the required list is exercised.
    assert!(checked > 1500, "only {checked} variants");
    assert!(
        required_failures > 50,
        "only {required_failures} required failures"
    );
}

async fn run(read: Read, body: Vec<u8>) -> Result<(), DecodeError> {
    match read {
        Read::Direct(f) => f(&body),
        Read::Client(endpoint) => through_client(endpoint, body).await,
        Read::Delivery => delivery(&body),
    }
}

#[test]
fn required_paths_are_matched_without_indices() {
    assert_eq!(without_indices("transactions[0].uuid"), "transactions.uuid");
    assert_eq!(without_indices("[1].id"), "id");
    assert_eq!(
        without_indices("results[2].billing_logs[0].transaction.uuid"),
        "results.billing_logs.transaction.uuid"
    );
}
