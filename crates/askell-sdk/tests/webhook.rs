//! Incoming webhooks: `Hook-HMAC` verification before parsing, `Hook-Event`, typed events.
//!
//! # How the vectors were computed (independently of this crate)
//!
//! The body is `fixtures/askell/webhook-vector-body.json`, the 316 bytes of the fact sheet's
//! section 6.3 (single line, no trailing newline; SHA-256
//! `f596b56ef03ce5377f4cdae6bd0355c1820506378fda070a3382938123ba0910`; the same bytes as
//! `crates/payments-core/testdata/askell-webhook-body.json`). The expected signatures were
//! computed with Python 3 (`base64.b64encode(hmac.new(secret, body, hashlib.sha512).digest())`)
//! for the fact sheet, and re-computed for this test with OpenSSL:
//!
//! ```text
//! openssl dgst -sha512 -hmac askell_test_webhook_secret -binary webhook-vector-body.json | base64 -w0
//! openssl dgst -sha256 -hmac askell_test_webhook_secret -binary webhook-vector-body.json | base64 -w0
//! openssl dgst -sha1   -hmac askell_test_webhook_secret -binary webhook-vector-body.json | base64 -w0
//! openssl dgst -sha512 -hmac 'j209ilskdjfk,jsaæ.s7//+&.' -binary webhook-vector-body.json | base64 -w0
//! ```
//!
//! The seed's `payment.changed` example (`fixtures/askell/webhook-payment-changed.json`, 2007
//! bytes as stored, trailing comma removed) was signed the same way with Python 3 `hmac` and
//! SHA512 under `askell_test_webhook_secret`.

use askell_sdk::webhook::{EventData, HookHeaders, WebhookError, WebhookVerifier};
use askell_sdk::{Customer, EventType, PaymentState, Transaction, TransactionState, dec};
use payments_core::http::{HeaderMap, HeaderValue};

const BODY: &[u8] = include_bytes!("../../../fixtures/askell/webhook-vector-body.json");
const SEED: &[u8] = include_bytes!("../../../fixtures/askell/webhook-payment-changed.json");
const CUSTOMER: &[u8] = include_bytes!("../../../fixtures/askell/webhook-customer-changed.json");

const SECRET: &str = "askell_test_webhook_secret";
const SPEC_SECRET: &str = "j209ilskdjfk,jsaæ.s7//+&.";
/// Vector #1: SHA512 under `SECRET`.
const V1_SHA512: &str =
    "9W33OYnrO7thfgoXru/eVj1otSPgvsMN9PRwTW6kuAizNeU2+FRFjbtT3C2lLwKmuPHCUzJIB5TACmxdJIzV6Q==";
/// Vector #2: SHA256 under `SECRET`.
const V2_SHA256: &str = "a8FPi9BaoO5y7bKsysbxqLN1t6rmOuqGZYWIVDHI4sE=";
/// Vector #3: SHA1 under `SECRET`.
const V3_SHA1: &str = "RSfRKhSUiUZT9WH81DOJAYv3e3M=";
/// Vector #4: SHA512 under the spec's non-ASCII example secret.
const V4_SPEC: &str =
    "IyoGVvKm7K8i42+vl86XnhJnYryJus/cH9UBomcfRBLF0kEmtOcjnhxhEua6Ciw0/xAjgYPfe0aieK7J32U9Zw==";
/// Vector #5: SHA512 under `SECRET` of the body plus one `\n` (must not verify the body).
const V5_NEWLINE: &str =
    "qy4X5awIxI4wg+M3vdTPTcQewHM7HQePTyZ7xWnjYJiKo5k/QLU8FH7FPO8j0hhjCQtMOtYDVsFHKpt2NGD6jA==";
/// The seed's example, as stored, SHA512 under `SECRET`.
const SEED_SHA512: &str =
    "zKzEbUGabVcrbHUoaqyPdIXGgSGSoJxijdihvCr9FF0mxA1dGg4q/CkT7NBbyVKU5rj8MuyZApqOReOwDMJpJA==";

fn headers(hmac: Option<&str>, event: Option<&str>, version: Option<&str>) -> HeaderMap {
    let mut h = HeaderMap::new();
    // Header names as Askell writes them; HeaderMap lookups ignore case.
    if let Some(v) = hmac {
        h.insert("Hook-HMAC", HeaderValue::from_str(v).unwrap());
    }
    if let Some(v) = event {
        h.insert("Hook-Event", HeaderValue::from_str(v).unwrap());
    }
    if let Some(v) = version {
        h.insert("Hook-API-Version", HeaderValue::from_str(v).unwrap());
    }
    h
}

#[test]
fn the_fact_sheet_vectors_verify() {
    assert_eq!(BODY.len(), 316);
    WebhookVerifier::new(SECRET)
        .verify(&headers(Some(V1_SHA512), None, None), BODY)
        .unwrap();
    WebhookVerifier::with_digest(SECRET, "SHA256")
        .unwrap()
        .verify(&headers(Some(V2_SHA256), None, None), BODY)
        .unwrap();
    WebhookVerifier::with_digest(SECRET, "sha1")
        .unwrap()
        .verify(&headers(Some(V3_SHA1), None, None), BODY)
        .unwrap();
    WebhookVerifier::with_digest(SPEC_SECRET, "SHA512")
        .unwrap()
        .verify(&headers(Some(V4_SPEC), None, None), BODY)
        .unwrap();
}

#[test]
fn vector_1_parses_into_a_payment_changed_event() {
    let event = WebhookVerifier::new(SECRET)
        .parse(
            &headers(Some(V1_SHA512), Some("payment.changed"), Some("v1")),
            BODY,
        )
        .unwrap();
    assert_eq!(event.event, EventType::PaymentChanged);
    assert_eq!(event.api_version.as_deref(), Some("v1"));
    assert_eq!(event.sender.as_deref(), Some("admin"));
    let payment = event.payment().unwrap();
    assert_eq!(payment.state, Some(PaymentState::Settled));
    assert_eq!(payment.amount, Some(dec!(1.0000)));
    assert!(payment.transactions.is_empty());
}

#[test]
fn a_tampered_body_is_a_mismatch() {
    let verifier = WebhookVerifier::new(SECRET);
    let tampered = String::from_utf8(BODY.to_vec())
        .unwrap()
        .replace(r#""amount":"1.0000""#, r#""amount":"1000.0000""#);
    let err = verifier
        .parse(
            &headers(Some(V1_SHA512), Some("payment.changed"), None),
            tampered.as_bytes(),
        )
        .unwrap_err();
    assert_eq!(err, WebhookError::SignatureMismatch);
    // Vector #5: one trailing newline changes the signature.
    let mut with_newline = BODY.to_vec();
    with_newline.push(b'\n');
    assert_eq!(
        verifier
            .verify(&headers(Some(V1_SHA512), None, None), &with_newline)
            .unwrap_err(),
        WebhookError::SignatureMismatch
    );
    verifier
        .verify(&headers(Some(V5_NEWLINE), None, None), &with_newline)
        .unwrap();
    assert_eq!(
        verifier
            .verify(&headers(Some(V5_NEWLINE), None, None), BODY)
            .unwrap_err(),
        WebhookError::SignatureMismatch
    );
}

#[test]
fn a_wrong_secret_or_digest_is_a_mismatch() {
    let h = headers(Some(V1_SHA512), Some("payment.changed"), None);
    assert_eq!(
        WebhookVerifier::new("not_the_secret")
            .parse(&h, BODY)
            .unwrap_err(),
        WebhookError::SignatureMismatch
    );
    assert_eq!(
        WebhookVerifier::with_digest(SECRET, "SHA256")
            .unwrap()
            .verify(&h, BODY)
            .unwrap_err(),
        WebhookError::SignatureMismatch
    );
}

#[test]
fn a_missing_or_empty_signature_header_is_its_own_error() {
    let verifier = WebhookVerifier::new(SECRET);
    assert_eq!(
        verifier
            .parse(&headers(None, Some("payment.changed"), None), BODY)
            .unwrap_err(),
        WebhookError::MissingHeader("Hook-HMAC")
    );
    assert_eq!(
        verifier
            .verify(&headers(Some("  "), None, None), BODY)
            .unwrap_err(),
        WebhookError::MissingHeader("Hook-HMAC")
    );
}

#[test]
fn an_unsupported_digest_is_its_own_error() {
    assert_eq!(
        WebhookVerifier::with_digest(SECRET, "MD5").unwrap_err(),
        WebhookError::UnsupportedDigest("MD5".to_owned())
    );
}

#[test]
fn the_body_is_not_parsed_before_the_signature_is_checked() {
    // Not JSON at all, badly signed: the answer is the signature error, not a body error.
    let err = WebhookVerifier::new(SECRET)
        .parse(
            &headers(Some(V1_SHA512), Some("payment.changed"), None),
            b"{not json",
        )
        .unwrap_err();
    assert_eq!(err, WebhookError::SignatureMismatch);
}

#[test]
fn a_verified_but_malformed_body_is_a_body_error_with_its_path() {
    let body = br#"{"event":"payment.changed","sender":"admin","data":{"uuid":"nope"}}"#;
    let sig = payments_core::signature::hmac_base64(
        payments_core::HmacAlgorithm::Sha512,
        SECRET.as_bytes(),
        body,
    );
    match WebhookVerifier::new(SECRET)
        .parse(&headers(Some(&sig), Some("payment.changed"), None), body)
        .unwrap_err()
    {
        WebhookError::InvalidBody(e) => {
            assert_eq!(e.path, "data.uuid");
            assert_eq!(e.status, None);
        }
        other => panic!("expected InvalidBody, got {other:?}"),
    }
}

#[test]
fn hook_event_and_body_event_must_agree() {
    let err = WebhookVerifier::new(SECRET)
        .parse(&headers(Some(V1_SHA512), Some("payment.retry"), None), BODY)
        .unwrap_err();
    assert_eq!(
        err,
        WebhookError::EventMismatch {
            header: "payment.retry".to_owned(),
            body: "payment.changed".to_owned()
        }
    );
    // Without Hook-Event the body's own name is used.
    let event = WebhookVerifier::new(SECRET)
        .parse(&headers(Some(V1_SHA512), None, None), BODY)
        .unwrap();
    assert_eq!(event.event, EventType::PaymentChanged);
}

#[test]
fn the_seed_payment_changed_example_decodes_to_the_printed_values() {
    let event = WebhookVerifier::new(SECRET)
        .parse_parts(
            &HookHeaders {
                hmac: Some(SEED_SHA512),
                event: Some("payment.changed"),
                api_version: Some("v1"),
            },
            SEED,
        )
        .unwrap();
    assert_eq!(event.event, EventType::PaymentChanged);
    assert_eq!(event.sender.as_deref(), Some("admin"));
    let EventData::Payment(p) = &event.data else {
        panic!("a payment event")
    };
    assert_eq!(p.uuid.to_string(), "a19ca264-5dd4-4897-bcb8-47d84844a2bc");
    assert_eq!(p.amount, Some(dec!(1.0000)));
    assert_eq!(p.currency.as_deref(), Some("ISK"));
    assert_eq!(p.description.as_deref(), Some("My description"));
    assert_eq!(p.reference.as_deref(), Some("customer-12345"));
    assert_eq!(p.state, Some(PaymentState::Settled));
    assert_eq!(p.transactions.len(), 1);
    assert_receipt_is_the_seeds(&p.transactions[0]);
    insta::assert_debug_snapshot!("seed_payment_changed", event);
}

#[test]
fn other_events_keep_their_data_and_decode_on_request() {
    let sig = payments_core::signature::hmac_base64(
        payments_core::HmacAlgorithm::Sha512,
        SECRET.as_bytes(),
        CUSTOMER,
    );
    let event = WebhookVerifier::new(SECRET)
        .parse(
            &headers(Some(&sig), Some("customer.changed"), Some("v1")),
            CUSTOMER,
        )
        .unwrap();
    assert_eq!(event.event, EventType::CustomerChanged);
    assert!(event.payment().is_none());
    let customer: Customer = event.data_as().unwrap();
    assert_eq!(customer.customer_reference, "customer-12345");
    match event.data_as::<askell_sdk::Payment>().unwrap_err() {
        WebhookError::InvalidBody(e) => assert!(e.path.starts_with("data"), "{}", e.path),
        other => panic!("expected InvalidBody, got {other:?}"),
    }
}

#[test]
fn every_documented_event_name_parses_to_a_named_variant() {
    let names = [
        "subscription.*",
        "subscription.created",
        "subscription.changed",
        "subscription.renewed",
        "subscription_contract.*",
        "subscription_contract.created",
        "subscription_contract.changed",
        "subscription_contract.renewed",
        "billing_run.*",
        "billing_run.created",
        "billing_run.changed",
        "billing_run.succeeded",
        "billing_run.failed",
        "billing_run.retry",
        "customer.*",
        "customer.created",
        "customer.changed",
        "payment.*",
        "payment.created",
        "payment.changed",
        "payment.retry",
        "checkout.*",
        "checkout.created",
        "checkout.changed",
    ];
    for name in names {
        let e: EventType = name.parse().unwrap();
        assert!(!matches!(e, EventType::Unknown(_)), "{name}");
        assert_eq!(e.as_str(), name);
    }
    let unknown: EventType = "invoice.paid".parse().unwrap();
    assert_eq!(unknown, EventType::Unknown("invoice.paid".to_owned()));
}

#[test]
fn a_delivery_without_hook_event_reads_the_bodys_event_and_payment() {
    let event = WebhookVerifier::new(SECRET)
        .parse_parts(
            &HookHeaders {
                hmac: Some(SEED_SHA512),
                event: None,
                api_version: None,
            },
            SEED,
        )
        .unwrap();
    assert_eq!(event.event, EventType::PaymentChanged);
    assert_receipt_is_the_seeds(&event.payment().unwrap().transactions[0]);
}

#[test]
fn a_body_error_never_shows_the_secret_in_its_excerpt() {
    let body = format!(
        r#"{{"event":"payment.changed","data":{{"uuid":"x","note":"{SPEC_SECRET}","hmac_secret":"other"}}}}"#
    );
    let verifier = WebhookVerifier::new(SPEC_SECRET);
    let sig = payments_core::signature::hmac_base64(
        payments_core::HmacAlgorithm::Sha512,
        SPEC_SECRET.as_bytes(),
        body.as_bytes(),
    );
    let WebhookError::InvalidBody(e) = verifier
        .parse(
            &headers(Some(&sig), Some("payment.changed"), None),
            body.as_bytes(),
        )
        .unwrap_err()
    else {
        panic!("a body error")
    };
    assert_eq!(e.path, "data.uuid");
    assert!(
        !e.excerpt.contains("j209") && !e.excerpt.contains("other"),
        "{}",
        e.excerpt
    );
}

#[test]
fn a_registration_without_a_secret_cannot_verify() {
    let hook: askell_sdk::Webhook =
        serde_json::from_str(r#"{"id":1,"event":"payment.*","url":"https://e.x/"}"#).unwrap();
    assert_eq!(
        WebhookVerifier::from_webhook(&hook).unwrap_err(),
        WebhookError::MissingSecret
    );
}

/// Every field of the Valitor receipt in the seed's `payment.changed` example.
fn assert_receipt_is_the_seeds(t: &Transaction) {
    assert_eq!(t.uuid.to_string(), "3c03b82a-951a-4331-b651-550de9da9004");
    assert_eq!(t.state, Some(TransactionState::Settled));
    assert_eq!(t.amount, Some(dec!(1.00)));
    assert_eq!(t.external_reference.as_deref(), Some("2286047"));
    assert_eq!(t.data.id.as_deref(), Some("2286047"));
    assert_eq!(t.data.status, Some(TransactionState::Settled));
    let r = t.data.receipt.as_ref().expect("a card receipt");
    assert_eq!(
        r.already_voided,
        Some(payments_core::Lenient::Parsed(false))
    );
    assert_eq!(r.batch_number.as_deref(), Some("B0003049"));
    assert_eq!(r.date.as_deref(), Some("14.10.2021"));
    assert_eq!(r.parsed_date(), Some(time::macros::date!(2021 - 10 - 14)));
    assert_eq!(r.pos_entry_mode_f22.as_deref(), Some("1005"));
    assert_eq!(r.acquirer.as_deref(), Some("VALITOR, sími: 525 2000"));
    assert_eq!(r.transaction_number.as_deref(), Some("2286047"));
    assert_eq!(r.original_transaction_number, None);
    assert_eq!(r.authorization_code.as_deref(), Some("277031"));
    assert_eq!(r.software_number.as_deref(), Some("11101040000"));
    assert_eq!(r.masked_card_number.as_deref(), Some("****-****-****-2779"));
    assert_eq!(r.line_c1.as_deref(), Some("060"));
    assert_eq!(r.line_c2.as_deref(), Some("1509"));
    assert_eq!(r.line_c3.as_deref(), Some("FÆRSLUNR: 128715286045"));
    assert_eq!(r.line_c4.as_deref(), Some("HEIMILD:277031"));
    assert_eq!(r.line_d1.as_deref(), Some("12"));
    assert_eq!(r.line_d2, None);
    assert_eq!(r.pin_message, None);
    assert_eq!(r.pos_id.as_deref(), Some("0225"));
    assert_eq!(r.merchant_number.as_deref(), Some("S0053128"));
    assert_eq!(r.location_number.as_deref(), Some("0001"));
    assert_eq!(r.operation_type.as_deref(), Some("SALA"));
    assert_eq!(r.card_type.as_deref(), Some("Mastercard"));
    assert_eq!(r.card_type_code.as_deref(), Some("500"));
    assert_eq!(r.terminal_id.as_deref(), Some("11100126"));
    assert_eq!(r.time.as_deref(), Some("15:36"));
    assert_eq!(r.parsed_time(), Some(time::macros::time!(15:36)));
    assert_eq!(r.amount.as_deref(), Some("1"));
    assert_eq!(r.parsed_amount(), Some(dec!(1)));
    assert_eq!(r.workstation_number.as_deref(), Some("0001"));
    assert_eq!(r.store_address, None);
    assert_eq!(r.store_name.as_deref(), Some("Fyrirtækjagreiðslur TEST"));
    assert_eq!(r.store_location.as_deref(), Some("Reykjavík"));
    assert_eq!(r.transaction_message.as_deref(), Some("VIÐSKIPTI ISK: 1"));
    assert!(r.extra.is_empty(), "every seed key is named: {:?}", r.extra);
}
