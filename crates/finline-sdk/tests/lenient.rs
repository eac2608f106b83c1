//! Real-world answers that must decode: a test per class with payloads written from the docs,
//! and every response fixture with each member nulled and removed in turn.
//!
//! The only members whose absence may fail a decode are an operation's key and identity:
//! `order_id` (the key every endpoint is addressed by), `method` and `status` (see
//! [`REQUIRED`]), and a hosted payment's `redirect_url` when the answer has no `Location`
//! either (then there is no page to send the payer to).

mod common;

use common::{POS_ID, PREFIX, client, get, json_post};
use finline_sdk::{
    ErrorArgs, ErrorCode, ErrorEnvelope, Fee, FeeAmount, HostedPaymentRequest, Lenient, Operation,
    OperationMethod, Order, ResponseCode, Status, VoidRequest, dec,
};
use httpmock::MockServer;
use payments_core::ProviderEnvelope as _;
use payments_core::http::StatusCode;
use payments_core::test_util::json_mutations;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The members of an operation that must be there: the key and what the operation is.
const REQUIRED: [&str; 3] = ["order_id", "method", "status"];

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, payments_core::DecodeError> {
    payments_core::decode_json(Some(StatusCode::OK), body)
}

fn operation(text: &str) -> Operation {
    decode(text.as_bytes()).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The void answer of the seed (docs.finline.io), with `changes` applied.
fn seed_void(changes: &Value) -> String {
    let mut op: Value =
        serde_json::from_str(include_str!("../../../fixtures/finline/void-response.json")).unwrap();
    for (k, v) in changes.as_object().unwrap() {
        op[k] = v.clone();
    }
    op.to_string()
}

// --- Class: a collection that is `null` or missing reads as empty. ---

#[tokio::test]
async fn an_order_status_of_null_reads_as_no_operations() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            get(when, &format!("/pos/{POS_ID}/orders/123"));
            then.status(200).body("null");
        })
        .await;
    let order = client(&server).order_status("123").await.unwrap();
    assert_eq!(order, Order::default());
    assert!(order.latest_successful().is_none());
}

#[test]
fn error_args_of_null_or_missing_read_as_empty() {
    for text in [r#"{"message":"Bad","args":null}"#, r#"{"message":"Bad"}"#] {
        let e: ErrorEnvelope = decode(text.as_bytes()).unwrap();
        assert_eq!(e.args, ErrorArgs::Other(Value::Null));
        assert!(e.violations().is_empty());
    }
}

// --- Class: a malformed value in a member that is not the key is kept raw. ---

#[test]
fn malformed_gateway_ids_are_kept_raw() {
    // The docs' own curl examples carry shell placeholders where UUIDs go.
    let op = operation(&seed_void(&json!({
        "pos_id": "${POS_ID}",
        "payment_id": 12345,
        "operation_id": "f7d0c7cb",
        "transaction_id": "",
        "gateway_order_id": 77,
    })));
    assert_eq!(op.pos_id, Some(Lenient::Raw("${POS_ID}".into())));
    assert_eq!(op.payment_id.as_ref().and_then(Lenient::raw), Some("12345"));
    assert_eq!(
        op.operation_id.as_ref().and_then(Lenient::raw),
        Some("f7d0c7cb")
    );
    assert_eq!(op.transaction_id, Some(Lenient::Raw(String::new())));
    assert_eq!(
        op.gateway_order_id
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("77")
    );
    // Everything else is still read.
    assert_eq!(op.order_id, "123");
    assert_eq!(op.amount, Some(dec!(100)));
    assert!(op.is_success());
}

#[test]
fn the_key_stays_strict() {
    let e = decode::<Operation>(seed_void(&json!({"order_id": 123})).as_bytes()).unwrap_err();
    assert_eq!(e.path, "order_id");
    let e = decode::<Operation>(seed_void(&json!({"order_id": null})).as_bytes()).unwrap_err();
    assert_eq!(e.path, "order_id");
}

#[test]
fn unreadable_timestamps_are_kept_raw() {
    let op = operation(&seed_void(&json!({
        "created_at": "10.10.2018 10:10",
        "processing_time": 1_539_166_212,
    })));
    assert_eq!(op.created_at, Some(Lenient::Raw("10.10.2018 10:10".into())));
    assert_eq!(
        op.processing_time.as_ref().and_then(Lenient::raw),
        Some("1539166212")
    );
    assert_eq!(op.created_at(), None);
    // Both documented forms read.
    let op = operation(&seed_void(&json!({"created_at": "2023-05-13T13:21:22Z"})));
    assert_eq!(op.created_at().unwrap().unix_timestamp(), 1_683_984_082);
}

#[test]
fn a_fee_reads_in_every_shape_seen() {
    let fee = |v: Value| operation(&seed_void(&json!({ "fee": v }))).fee;
    assert_eq!(fee(Value::Null), None);
    assert_eq!(fee(json!(0.75)), Some(Fee::Amount(dec!(0.75))));
    assert_eq!(fee(json!("1.10")), Some(Fee::Amount(dec!(1.10))));
    let Some(Fee::Detailed(FeeAmount {
        amount: None,
        currency: Some(currency),
        ..
    })) = fee(json!({"currency": "UAH"}))
    else {
        panic!()
    };
    assert_eq!(currency, "UAH");
    let Some(Fee::Detailed(detailed)) = fee(json!({"amount": 1.5, "currency": null})) else {
        panic!()
    };
    assert_eq!(
        (detailed.amount, detailed.currency),
        (Some(dec!(1.5)), None)
    );
}

// --- Class: members the docs mark as always there, missing. ---

#[test]
fn an_operation_with_only_its_key_and_identity_reads() {
    // A secondary operation as a legacy integration reports it: no amount, no ids, no times,
    // a numeric status code and a legacy response code.
    let op = operation(
        r#"{"order_id":"123","method":"refund","status":"processing","status_code":2122,
            "response_code":91,"response_description":"Issuer unavailable"}"#,
    );
    assert_eq!(op.method, OperationMethod::Refund);
    assert_eq!(op.status, Status::Processing);
    assert!(!op.status.is_final());
    assert_eq!(
        op.status_code.as_ref().map(ResponseCode::as_str),
        Some("2122")
    );
    assert_eq!(op.response_code.as_ref().and_then(Lenient::raw), Some("91"));
    assert_eq!((op.amount, op.currency, op.fee), (None, None, None));
}

#[test]
fn unknown_enum_values_are_kept() {
    let op = operation(&seed_void(&json!({
        "method": "chargeback", "status": "ANTIFRAUD", "mode": "qr"
    })));
    assert_eq!(op.method, OperationMethod::Unknown("chargeback".into()));
    assert_eq!(op.status, Status::Antifraud);
    assert!(op.mode.unwrap().is_unknown());
}

// --- Class: an error entry missing a member is still the typed envelope. ---

#[tokio::test]
async fn an_error_without_a_message_is_still_the_typed_envelope() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(
                when,
                "/void",
                json!({"pos_id": POS_ID, "order_id": "123", "order_currency": "UAH"}),
            );
            then.status(404).body(r#"{"args":{"code":"S-404"}}"#);
        })
        .await;
    let err = client(&server)
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    let envelope = err
        .envelope()
        .expect("the envelope reads without `message`");
    assert_eq!(envelope.message, None);
    assert_eq!(envelope.error_code(), Some(&ErrorCode::NotFound));
    assert_eq!(err.provider_code(), Some("S-404"));
    assert_eq!(
        err.to_string(),
        "POST /void answered 404 Not Found: (no message) (S-404)"
    );
}

#[test]
fn error_args_in_any_shape_keep_the_envelope() {
    for (text, code) in [
        (r#"{"message":"m","args":[{"field_name":"amount"}]}"#, None),
        (r#"{"message":"m","args":["amount is bad"]}"#, None),
        (r#"{"message":"m","args":"amount is bad"}"#, None),
        (r#"{"message":"m","args":{"code":409}}"#, Some("409")),
        (
            r#"{"message":"m","args":{"code":"P-409","order_id":"1"}}"#,
            Some("P-409"),
        ),
        (
            r#"{"message":null,"args":{},"code":null,"details":null}"#,
            None,
        ),
    ] {
        let e: ErrorEnvelope = decode(text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(e.code(), code, "{text}");
    }
}

// --- Every fixture, each member nulled and removed in turn. ---

/// What a response fixture decodes as.
enum Kind {
    Operation,
    Order,
    Envelope,
}

const FIXTURES: &[(&str, &str, Kind)] = &[
    (
        "finline/void-response.json",
        include_str!("../../../fixtures/finline/void-response.json"),
        Kind::Operation,
    ),
    (
        "finline/capture-response.json",
        include_str!("../../../fixtures/finline/capture-response.json"),
        Kind::Operation,
    ),
    (
        "finline/credit-response.json",
        include_str!("../../../fixtures/finline/credit-response.json"),
        Kind::Operation,
    ),
    (
        "finline/direct-payment-response.json",
        include_str!("../../../fixtures/finline/direct-payment-response.json"),
        Kind::Operation,
    ),
    (
        "finline/refund-response.json",
        include_str!("../../../fixtures/finline/refund-response.json"),
        Kind::Operation,
    ),
    (
        "finline/split-capture-response.json",
        include_str!("../../../fixtures/finline/split-capture-response.json"),
        Kind::Operation,
    ),
    (
        "finline/split-refund-response.json",
        include_str!("../../../fixtures/finline/split-refund-response.json"),
        Kind::Operation,
    ),
    (
        "finline/webhook-vector-b.json",
        include_str!("../../../fixtures/finline/webhook-vector-b.json"),
        Kind::Operation,
    ),
    (
        "finline/order-status-response.json",
        include_str!("../../../fixtures/finline/order-status-response.json"),
        Kind::Order,
    ),
    (
        "finline/error-already-exists.json",
        include_str!("../../../fixtures/finline/error-already-exists.json"),
        Kind::Envelope,
    ),
    (
        "finline/error-legacy-args.json",
        include_str!("../../../fixtures/finline/error-legacy-args.json"),
        Kind::Envelope,
    ),
    (
        "finline/error-not-found.json",
        include_str!("../../../fixtures/finline/error-not-found.json"),
        Kind::Envelope,
    ),
    (
        "finline/error-violations.json",
        include_str!("../../../fixtures/finline/error-violations.json"),
        Kind::Envelope,
    ),
];

/// The required member `path` names, if it names one: `order_id` of an operation, or
/// `[1].status` of an order.
fn required_member<'p>(kind: &Kind, path: &'p str) -> Option<&'p str> {
    let member = match kind {
        Kind::Operation => path,
        Kind::Order => path.strip_prefix('[')?.split_once("].")?.1,
        Kind::Envelope => return None,
    };
    REQUIRED.contains(&member).then_some(member)
}

#[test]
fn every_fixture_decodes_with_any_optional_member_nulled_or_removed() {
    let mut variants = 0;
    let mut required_failures = 0;
    for (name, text, kind) in FIXTURES {
        let doc: Value = serde_json::from_str(text).unwrap();
        for (path, mutation, changed) in json_mutations(&doc) {
            variants += 1;
            // Decoded from bytes, as the client decodes an answer.
            let bytes = serde_json::to_vec(&changed).unwrap();
            let result = match kind {
                Kind::Operation => decode::<Operation>(&bytes).map(drop),
                Kind::Order => decode::<Order>(&bytes).map(drop),
                Kind::Envelope => decode::<ErrorEnvelope>(&bytes).map(drop),
            };
            if let Some(member) = required_member(kind, &path) {
                let e = result.expect_err(&format!("{name}: {path} {mutation:?} must fail"));
                // Nulled: the error is at the member; removed: at its object, naming it.
                assert!(
                    e.path.contains(member) || e.message.contains(member),
                    "{name}: {path}: {e}"
                );
                required_failures += 1;
            } else if let Err(e) = result {
                panic!("{name}: {path} {mutation:?} failed the decode: {e}");
            }
        }
    }
    // 8 operations and an order of 2: 10 operations x 3 members x (nulled, removed).
    assert_eq!(required_failures, 10 * 3 * 2);
    assert!(variants > 300, "{variants}");
}

/// The hosted payment's answer, through the client: without `redirect_url` (nulled or removed)
/// and without a `Location`, there is no page, so both variants must fail; with a `Location`
/// they read.
#[tokio::test]
async fn the_hosted_fixture_needs_redirect_url_or_a_location() {
    let doc: Value = serde_json::from_str(include_str!(
        "../../../fixtures/finline/hosted-payment-response.json"
    ))
    .unwrap();
    let request = HostedPaymentRequest::purchase(dec!(1), "UAH", "d", "h-1");
    let server = MockServer::start_async().await;
    let client = client(&server);
    for (path, mutation, changed) in json_mutations(&doc) {
        assert_eq!(path, "redirect_url");
        for location in [None, Some("https://cpay.tranzzo.com/pay/h-1")] {
            let mock = server
                .mock_async(|when, then| {
                    when.path(format!("{PREFIX}/payment"));
                    let then = then.status(200).json_body(changed.clone());
                    if let Some(l) = location {
                        then.header("location", l);
                    }
                })
                .await;
            let result = client.create_hosted_payment(&request).await;
            match location {
                None => assert!(result.is_err(), "{mutation:?}: {result:?}"),
                Some(l) => assert_eq!(result.unwrap().redirect_url, l, "{mutation:?}"),
            }
            mock.delete_async().await;
        }
    }
}
