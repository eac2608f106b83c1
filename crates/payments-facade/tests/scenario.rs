//! One checkout scenario through every provider's gateway, as `dyn Gateway` only: create, read,
//! capture (or its equivalent), refund or cancel, webhook. What a provider lacks must fail with
//! `ErrorKind::Unsupported`, as its capabilities say.
//!
//! Each provider's mock server is set up by a small helper below, which also says what the
//! provider answers at each step (its statuses, its next action). The scenario itself names no
//! provider.

// A build with some providers only uses part of the helpers.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports, unused_mut))]

mod common;

use httpmock::MockServer;
use payments_facade::{
    Currency, Customer, ErrorKind, Gateway, HeaderMap, Money, NextAction, Operation,
    PaymentRequest, PaymentStatus, Provider, RedirectMethod,
};

/// What the shop must be told to do after the create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Link,
    Form,
    Token,
    Nothing,
}

impl Next {
    fn of(next: &NextAction) -> Self {
        match next {
            NextAction::Redirect {
                method: RedirectMethod::Get,
                ..
            } => Self::Link,
            NextAction::Redirect {
                method: RedirectMethod::Post,
                ..
            } => Self::Form,
            NextAction::ShowToken { .. } => Self::Token,
            _ => Self::Nothing,
        }
    }
}

/// One provider, set up for the scenario.
struct Case {
    gateway: Box<dyn Gateway>,
    request: PaymentRequest,
    /// The webhook the provider would send (headers, raw body), if it sends any.
    webhook: (HeaderMap, Vec<u8>),
    next: Next,
    created: PaymentStatus,
    read: PaymentStatus,
    /// After the capture, when the provider has one.
    captured: Option<PaymentStatus>,
    /// After the refund (or the cancel, for a provider without refunds).
    undone: Option<PaymentStatus>,
    event: Option<PaymentStatus>,
    /// The provider's mock server, and the ids of its mocks: every one must have been called.
    server: MockServer,
    mocks: Vec<usize>,
}

fn assert_unsupported<T: std::fmt::Debug>(
    result: Result<T, payments_facade::Error>,
    operation: Operation,
) {
    let e = result.expect_err("an unsupported operation must fail");
    assert_eq!(e.kind(), &ErrorKind::Unsupported(operation), "{e}");
    assert!(e.is_not_sent());
}

/// The scenario: provider-agnostic, `dyn Gateway` only.
async fn scenario(case: Case) {
    let gateway: &dyn Gateway = &*case.gateway;
    let provider = gateway.provider();
    let caps = gateway.capabilities();
    assert_eq!(caps.provider, provider);
    assert!(caps.takes(case.request.amount.currency().code()));

    let created = gateway.create_payment(&case.request).await.expect("create");
    assert_eq!(created.payment.provider, provider);
    assert!(!created.payment.id.0.is_empty());
    assert_eq!(created.payment.status, case.created, "{provider}: created");
    assert_eq!(
        Next::of(&created.next),
        case.next,
        "{provider}: {:?}",
        created.next
    );
    if let NextAction::Redirect { url, .. } = &created.next {
        assert!(url.starts_with("https://"), "{provider}: {url}");
    }
    let id = created.payment.id.clone();

    let read = gateway.payment(&id).await.expect("read");
    assert_eq!(read.id, id);
    assert_eq!(read.status, case.read, "{provider}: read");

    if caps.support(Operation::Capture).is_supported() {
        let captured = gateway.capture(&id, None).await.expect("capture");
        assert_eq!(Some(captured.status), case.captured, "{provider}: captured");
    } else {
        assert_eq!(case.captured, None);
        assert_unsupported(gateway.capture(&id, None).await, Operation::Capture);
    }

    if caps.support(Operation::Refund).is_supported() {
        let refunded = gateway.refund(&id, None).await.expect("refund");
        assert_eq!(refunded.id, id);
        assert_eq!(Some(refunded.status), case.undone, "{provider}: refunded");
    } else if caps.support(Operation::Cancel).is_supported() {
        let canceled = gateway.cancel(&id).await.expect("cancel");
        assert_eq!(Some(canceled.status), case.undone, "{provider}: canceled");
    } else {
        assert_eq!(case.undone, None);
        assert_unsupported(gateway.refund(&id, None).await, Operation::Refund);
        assert_unsupported(gateway.cancel(&id).await, Operation::Cancel);
    }

    let (headers, body) = &case.webhook;
    if caps.support(Operation::Webhook).is_supported() {
        let event = gateway.webhook(headers, body).await.expect("webhook");
        assert_eq!(event.provider, provider);
        assert_eq!(event.payment_id, id, "{provider}: the webhook's payment");
        assert_eq!(Some(event.status), case.event, "{provider}: webhook");
    } else {
        assert_eq!(case.event, None);
        assert_unsupported(gateway.webhook(headers, body).await, Operation::Webhook);
    }

    for id in &case.mocks {
        let calls = common::calls(&case.server, *id).await;
        assert!(calls > 0, "{provider}: mock {id} was never called");
    }
}

#[tokio::test]
async fn every_provider_runs_the_same_scenario() {
    let mut cases: Vec<(Provider, Case)> = Vec::new();
    #[cfg(feature = "askell")]
    cases.push((Provider::Askell, askell().await));
    #[cfg(feature = "barion")]
    cases.push((Provider::Barion, barion().await));
    #[cfg(feature = "resid")]
    cases.push((Provider::Resid, resid().await));
    #[cfg(feature = "finline")]
    cases.push((Provider::Finline, finline().await));
    #[cfg(feature = "payelata")]
    cases.push((Provider::Payelata, payelata().await));
    for p in Provider::ALL {
        assert_eq!(cases.iter().any(|(c, _)| *c == p), p.is_enabled(), "{p}");
    }
    for (_, case) in cases {
        scenario(case).await;
    }
}

#[cfg(feature = "askell")]
async fn askell() -> Case {
    use common::askell::{API_KEY, UUID, WEBHOOK_SECRET, gateway};
    use payments_core::signature::{HmacAlgorithm, hmac_base64};

    let server = common::server().await;
    let auth = format!("Api-Key {API_KEY}");
    let create = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payments/")
                .header("authorization", &auth)
                .json_body(serde_json::json!({
                    "customer_reference": "customer-12345",
                    "amount": "1990",
                    "currency": "ISK",
                    "description": "Blue mug",
                    "reference": "order-1001",
                }));
            then.status(201).body(include_str!(
                "../../../fixtures/askell/payment-create-response.json"
            ));
        })
        .await;
    let read = server
        .mock_async(|when, then| {
            when.method("GET").path(format!("/payments/{UUID}/"));
            then.status(200)
                .body(include_str!("../../../fixtures/askell/payment-get.json"));
        })
        .await;
    let refund = server
        .mock_async(|when, then| {
            when.method("POST")
                .path(format!("/payments/{UUID}/refund/"))
                .json_body(serde_json::json!({}));
            then.status(200).body(include_str!(
                "../../../fixtures/askell/payment-refund-response.json"
            ));
        })
        .await;
    let body = include_bytes!("../../../fixtures/askell/webhook-vector-body.json").to_vec();
    let mut headers = HeaderMap::new();
    let signature = hmac_base64(HmacAlgorithm::Sha512, WEBHOOK_SECRET.as_bytes(), &body);
    headers.insert("hook-hmac", signature.parse().unwrap());
    headers.insert("hook-event", "payment.changed".parse().unwrap());
    let customer = Customer {
        reference: "customer-12345".into(),
        ..Customer::default()
    };
    Case {
        gateway: Box::new(gateway(&server)),
        request: PaymentRequest::new(
            Money::new(1990, Currency::ISK).unwrap(),
            "order-1001",
            "Blue mug",
        )
        .customer(customer),
        webhook: (headers, body),
        next: Next::Nothing,
        created: PaymentStatus::Processing,
        read: PaymentStatus::Succeeded,
        captured: None,
        undone: Some(PaymentStatus::Refunded),
        event: Some(PaymentStatus::Succeeded),
        mocks: vec![create.id(), read.id(), refund.id()],
        server,
    }
}

#[cfg(feature = "barion")]
async fn barion() -> Case {
    use common::barion::{PAYEE, PAYMENT_ID, POS_KEY, gateway};

    const TRANSACTION: &str = "9c1d2e3f4a5b4c6d8e9f0a1b2c3d4e5f";
    let captured_state = format!(
        r#"{{"PaymentId":"{PAYMENT_ID}","PaymentRequestId":"order-1001","Status":"Succeeded",
        "PaymentType":"DelayedCapture","Currency":"EUR","Total":12.50,"Transactions":[
        {{"TransactionId":"{TRANSACTION}","POSTransactionId":"order-1001","Total":12.50,"Currency":"EUR",
          "Status":"Succeeded","TransactionType":"CardPayment","Items":[]}},
        {{"TransactionId":"0d1e2f3a4b5c4d6e8f9a0b1c2d3e4f5a","POSTransactionId":null,"Total":0.30,
          "Currency":"EUR","Status":"Succeeded","TransactionType":"CardProcessingFee","RelatedId":"{TRANSACTION}"}}],
        "Errors":[]}}"#
    );
    let refunded_state = captured_state.replace(
        r#""Items":[]},"#,
        &format!(
            r#""Items":[]}},{{"TransactionId":"a0b1c2d3e4f54a6b8c7d8e9f0a1b2c3d","POSTransactionId":"order-1001",
            "Total":-12.50,"Currency":"EUR","Status":"Succeeded","TransactionType":"Refund","RelatedId":"{TRANSACTION}"}},"#
        ),
    );
    assert_ne!(captured_state, refunded_state);

    let server = common::server().await;
    let start = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/Start")
                .header("x-pos-key", POS_KEY)
                .json_body_includes(
                    serde_json::json!({
                        "PaymentType": "DelayedCapture",
                        "PaymentRequestId": "order-1001",
                        "Currency": "EUR",
                        "RedirectUrl": "https://shop.example/return",
                        "CallbackUrl": "https://shop.example/callback",
                    })
                    .to_string(),
                )
                .json_body_includes(
                    serde_json::json!({"Transactions": [{"POSTransactionId": "order-1001", "Payee": PAYEE, "Total": 12.5}]})
                        .to_string(),
                );
            then.status(200)
                .body(include_str!("../../../fixtures/barion/start-payment-response.json"));
        })
        .await;
    let state_path = format!("/v4/Payment/{PAYMENT_ID}/PaymentState");
    // Read, then the capture's look-up: authorized.
    let authorized = server
        .mock_async(|when, then| {
            when.method("GET")
                .path(&state_path)
                .header("x-pos-key", POS_KEY);
            then.status(200).body(include_str!(
                "../../../fixtures/barion/payment-state-v4-delayed-capture.json"
            ));
        })
        .await;
    authorized.up_to_n_times_async(2).await;
    // The refund's look-up: captured.
    let captured = server
        .mock_async(|when, then| {
            when.method("GET").path(&state_path);
            then.status(200).body(&captured_state);
        })
        .await;
    captured.up_to_n_times_async(1).await;
    // The callback's: refunded.
    let refunded = server
        .mock_async(|when, then| {
            when.method("GET").path(&state_path);
            then.status(200).body(&refunded_state);
        })
        .await;
    let capture = server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/Capture").json_body(serde_json::json!({
                "PaymentId": "f28b2b25-7264-4d10-84bb-b3a7d8362337",
                "Transactions": [{"TransactionId": "9c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "Total": 12.5}],
            }));
            then.status(200).body(include_str!("../../../fixtures/barion/capture-response.json"));
        })
        .await;
    let refund = server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/Refund").json_body(serde_json::json!({
                "PaymentId": "f28b2b25-7264-4d10-84bb-b3a7d8362337",
                "TransactionsToRefund": [{
                    "TransactionId": "9c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
                    "POSTransactionId": "order-1001",
                    "AmountToRefund": 12.5,
                }],
            }));
            then.status(200).body(format!(
                r#"{{"PaymentId":"{PAYMENT_ID}","RefundedTransactions":[{{"TransactionId":"a0b1c2d3e4f54a6b8c7d8e9f0a1b2c3d",
                "POSTransactionId":"order-1001","Total":12.50,"Status":"Succeeded"}}],"Errors":[]}}"#
            ));
        })
        .await;
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        "application/x-www-form-urlencoded".parse().unwrap(),
    );
    Case {
        gateway: Box::new(gateway(&server)),
        request: PaymentRequest::new(
            Money::new(1250, Currency::EUR).unwrap(),
            "order-1001",
            "Blue mug",
        )
        .capture(payments_facade::CaptureMode::Manual)
        .return_url("https://shop.example/return")
        .callback_url("https://shop.example/callback"),
        webhook: (headers, format!("paymentId={PAYMENT_ID}").into_bytes()),
        next: Next::Link,
        created: PaymentStatus::Pending,
        read: PaymentStatus::Authorized,
        captured: Some(PaymentStatus::Succeeded),
        undone: Some(PaymentStatus::Refunded),
        event: Some(PaymentStatus::Refunded),
        mocks: vec![
            start.id(),
            authorized.id(),
            captured.id(),
            refunded.id(),
            capture.id(),
            refund.id(),
        ],
        server,
    }
}

#[cfg(feature = "resid")]
async fn resid() -> Case {
    use common::resid::{AUTHORIZATION_CODE, MERCHANT, TOKEN, gateway};

    let server = common::server().await;
    let create = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payments")
                .header("authorization", AUTHORIZATION_CODE)
                .form_urlencoded_tuple("merchant", MERCHANT)
                .form_urlencoded_tuple("amount", "10000")
                .form_urlencoded_tuple("description", "Tajrish to Azadi")
                .form_urlencoded_tuple("payload", "ride-1001")
                .form_urlencoded_tuple_missing("auto_collect");
            then.status(200).body(include_str!(
                "../../../fixtures/resid/payment-create-response.json"
            ));
        })
        .await;
    let read = server
        .mock_async(|when, then| {
            when.method("GET").path(format!("/payments/{TOKEN}"));
            then.status(200).body(include_str!(
                "../../../fixtures/resid/payment-get-response.json"
            ));
        })
        .await;
    let collect = server
        .mock_async(|when, then| {
            when.method("POST")
                .path(format!("/payments/{TOKEN}/collect"));
            then.status(200).body(include_str!(
                "../../../fixtures/resid/payment-collect-response.json"
            ));
        })
        .await;
    Case {
        gateway: Box::new(gateway(&server)),
        // 10 000 rials: ISO 4217 gives the rial two decimals, Resid takes whole rials.
        request: PaymentRequest::new(
            Money::new(1_000_000, Currency::IRR).unwrap(),
            "ride-1001",
            "Tajrish to Azadi",
        )
        .capture(payments_facade::CaptureMode::Manual),
        webhook: (HeaderMap::new(), Vec::new()),
        next: Next::Token,
        created: PaymentStatus::Pending,
        // The seed's sample is `pending` with a payer and the bank's `rrn`: paid, not collected.
        read: PaymentStatus::Authorized,
        // The read after the collect answers the same sample.
        captured: Some(PaymentStatus::Authorized),
        undone: None,
        event: None,
        mocks: vec![create.id(), read.id(), collect.id()],
        server,
    }
}

#[cfg(feature = "finline")]
async fn finline() -> Case {
    use common::finline::{POS_ID, gateway};

    let auth = r#"{"order_id":"ord-1","method":"auth","status":"success","status_code":"1002",
        "amount":12.5,"currency":"UAH","created_at":"2024-01-01T10:00:00Z"}"#;
    let capture_op = r#"{"order_id":"ord-1","method":"capture","status":"success","status_code":"1000",
        "amount":12.5,"currency":"UAH","created_at":"2024-01-01T10:05:00Z"}"#;
    let server = common::server().await;
    let create = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment")
                .header("x-api-auth", "CPAY API_KEY:finline_test_secret_1")
                .header("x-api-key", "ENDPOINTS_KEY")
                .json_body(serde_json::json!({
                    "pos_id": POS_ID,
                    "mode": "hosted",
                    "method": "auth",
                    "amount": 12.5,
                    "currency": "UAH",
                    "description": "Blue mug",
                    "order_id": "ord-1",
                    "server_url": "https://shop.example/callback",
                    "result_url": "https://shop.example/return",
                }));
            then.status(200).body(include_str!(
                "../../../fixtures/finline/hosted-payment-response.json"
            ));
        })
        .await;
    let order_path = format!("/pos/{POS_ID}/orders/ord-1");
    // Read, then the capture's look-up of the currency: authorized.
    let authorized = server
        .mock_async(|when, then| {
            when.method("GET").path(&order_path);
            then.status(200).body(format!("[{auth}]"));
        })
        .await;
    authorized.up_to_n_times_async(2).await;
    // The refund's look-up: captured.
    let captured = server
        .mock_async(|when, then| {
            when.method("GET").path(&order_path);
            then.status(200).body(format!("[{capture_op},{auth}]"));
        })
        .await;
    let capture = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/capture")
                .json_body(serde_json::json!({
                    "pos_id": POS_ID, "order_id": "ord-1", "order_currency": "UAH",
                }));
            then.status(200).body(capture_op);
        })
        .await;
    let refund = server
        .mock_async(|when, then| {
            when.method("POST").path("/refund").json_body(serde_json::json!({
                "pos_id": POS_ID, "order_id": "ord-1", "order_currency": "UAH",
            }));
            then.status(200).body(
                r#"{"order_id":"ord-1","method":"refund","status":"success","amount":12.5,"currency":"UAH"}"#,
            );
        })
        .await;
    // The fact sheet's webhook vector B: a successful purchase of order `ord-1`.
    let body = "data=eyJvcmRlcl9pZCI6Im9yZC0xIiwibWV0aG9kIjoicHVyY2hhc2UiLCJzdGF0dXMiOiJzdWNjZXNzIiwic3RhdHVzX2NvZGUiOiIxMDAwIiwiYW1vdW50IjoxMi41LCJjdXJyZW5jeSI6IlVBSCIsInBheWxvYWQiOiJhP2I-Y2QifQ%3D%3D&signature=IRRwbwtogzoy_EW_4xwq1yOKu4U%3D";
    Case {
        gateway: Box::new(gateway(&server)),
        request: PaymentRequest::new(
            Money::new(1250, Currency::UAH).unwrap(),
            "ord-1",
            "Blue mug",
        )
        .capture(payments_facade::CaptureMode::Manual)
        .return_url("https://shop.example/return")
        .callback_url("https://shop.example/callback"),
        webhook: (HeaderMap::new(), body.as_bytes().to_vec()),
        next: Next::Link,
        created: PaymentStatus::Pending,
        read: PaymentStatus::Authorized,
        captured: Some(PaymentStatus::Succeeded),
        undone: Some(PaymentStatus::Refunded),
        event: Some(PaymentStatus::Succeeded),
        mocks: vec![
            create.id(),
            authorized.id(),
            captured.id(),
            capture.id(),
            refund.id(),
        ],
        server,
    }
}

#[cfg(feature = "payelata")]
async fn payelata() -> Case {
    use common::payelata::{SERVICE, TEST_SECRET, gateway};
    use payments_facade::SecretString;
    use payments_facade::payelata::webhook::sign;

    const ID: &str = "cpi_TEST0000000001";
    let server = common::server().await;
    let create = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices")
                .header("authorization", "Basic Y29tYV8xMjM6bXktYXBpLWtleQ==")
                .json_body(serde_json::json!({"data": {"type": "payment-invoices", "attributes": {
                    "reference_id": "ORDER-42",
                    "amount": 100.0,
                    "currency": "USD",
                    "service": SERVICE,
                    "description": "Blue mug",
                    "customer": {"reference_id": "customer-7", "email": "payer@example.com"},
                    "callback_url": "https://shop.example/callback",
                    "return_url": "https://shop.example/return",
                }}}));
            then.status(201).body(format!(
                r#"{{"data":{{"type":"payment-invoices","id":"{ID}","attributes":{{"status":"created",
                "amount":100,"currency":"USD","reference_id":"ORDER-42","flow_data":{{
                "action":"https://pay.example.io/hpp","method":"POST","params":{{"sid":"cgi_1","lang":"en"}}}}}}}}}}"#
            ));
        })
        .await;
    let read = server
        .mock_async(|when, then| {
            when.method("GET").path(format!("/payment-invoices/{ID}"));
            then.status(200).body(include_str!(
                "../../../fixtures/payelata/callback-vector.json"
            ));
        })
        .await;
    let refund = server
        .mock_async(|when, then| {
            when.method("POST")
                .path(format!("/payment-invoices/{ID}/refund"))
                .json_body(
                    serde_json::json!({"data": {"type": "refund", "attributes": {
                        "invoiceId": ID,
                        "amount": 100,
                        "reference_id": "ORDER-42-refund-100",
                    }}}),
                );
            then.status(201).body(include_str!(
                "../../../fixtures/payelata/refund-response.json"
            ));
        })
        .await;
    let body = include_bytes!("../../../fixtures/payelata/callback-vector.json").to_vec();
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-signature",
        sign(&SecretString::from(TEST_SECRET), &body)
            .parse()
            .unwrap(),
    );
    let cardgate = common::server().await;
    let customer = Customer {
        reference: "customer-7".into(),
        email: Some("payer@example.com".into()),
        name: None,
    };
    Case {
        gateway: Box::new(gateway(&server, &cardgate)),
        request: PaymentRequest::new(
            Money::new(10_000, Currency::USD).unwrap(),
            "ORDER-42",
            "Blue mug",
        )
        .customer(customer)
        .return_url("https://shop.example/return")
        .callback_url("https://shop.example/callback"),
        webhook: (headers, body),
        next: Next::Form,
        created: PaymentStatus::Pending,
        read: PaymentStatus::Succeeded,
        captured: None,
        undone: Some(PaymentStatus::Refunded),
        event: Some(PaymentStatus::Succeeded),
        mocks: vec![create.id(), read.id(), refund.id()],
        server,
    }
}
