//! Callbacks: the fact sheet's vector and every way it must be refused.
// Unix seconds are written as the wire writes them; helpers take JSON values by value.
#![allow(clippy::unreadable_literal, clippy::needless_pass_by_value)]

mod common;

use common::*;
use payelata_sdk::webhook::{CallbackObject, CallbackVerifier, Mode, WebhookError, sign};
use payelata_sdk::{ExposeSecret, InvoiceStatus, PayoutStatus, SecretString};
use payments_core::http::{HeaderMap, HeaderValue};
use payments_core::signature::SignatureError;
use serde_json::json;
use time::macros::datetime;

fn both() -> CallbackVerifier {
    CallbackVerifier::new(
        SecretString::from(LIVE_SECRET),
        SecretString::from(TEST_SECRET),
    )
}

fn mismatch(r: Result<payelata_sdk::webhook::Callback, WebhookError>) {
    assert!(
        matches!(r, Err(WebhookError::Signature(SignatureError::Mismatch))),
        "{r:?}"
    );
}

#[test]
fn the_fact_sheet_vector_verifies_with_the_test_secret() {
    assert_eq!(CALLBACK_VECTOR.len(), 637);
    assert_eq!(
        sign(&SecretString::from(TEST_SECRET), CALLBACK_VECTOR),
        CALLBACK_VECTOR_SIGNATURE
    );
    for verifier in [
        both(),
        CallbackVerifier::test(SecretString::from(TEST_SECRET)),
    ] {
        let callback = verifier
            .verify(CALLBACK_VECTOR, CALLBACK_VECTOR_SIGNATURE)
            .unwrap();
        assert_eq!(callback.mode, Mode::Test);
        assert!(callback.is_test());
        assert_eq!(callback.id(), "cpi_TEST0000000001");
        assert_eq!(callback.kind(), "payment-invoices");
        let invoice = callback.payment_invoice().unwrap();
        assert_eq!(invoice.status, Some(InvoiceStatus::Processed));
        assert_eq!(invoice.reference_id.as_deref(), Some("ORDER-42"));
        assert_eq!(
            invoice.card_token().unwrap().expose_secret(),
            "4c9jHUgeL1SD7g5byDYn9Gc0RC60NN3x"
        );
        assert_eq!(callback.updated(), Some(datetime!(2020-03-25 22:24:30 UTC)));
    }
    let callback = both()
        .verify(CALLBACK_VECTOR, CALLBACK_VECTOR_SIGNATURE)
        .unwrap();
    assert!(!format!("{callback:?}").contains("4c9jHUge"));
    insta::assert_debug_snapshot!(callback);
}

#[test]
fn the_base64url_form_is_refused() {
    mismatch(both().verify(CALLBACK_VECTOR, "osjIcDvhuOaSrP9adItfOd-CsQE="));
}

#[test]
fn the_pretty_printed_variant_is_refused() {
    let pretty = pretty_print(std::str::from_utf8(CALLBACK_VECTOR).unwrap());
    // The fact sheet's signature of the 2-space pretty-printed JSON: our rendering is that text.
    let pretty_signature = "oV+9goWHp2iU5zkWMr3PyI1r4TA=";
    assert_eq!(
        sign(&SecretString::from(TEST_SECRET), pretty.as_bytes()),
        pretty_signature
    );
    // The signature is over the raw bytes: neither re-serialization verifies the other.
    mismatch(both().verify(CALLBACK_VECTOR, pretty_signature));
    mismatch(both().verify(pretty.as_bytes(), CALLBACK_VECTOR_SIGNATURE));
}

/// Compact JSON re-printed with a 2-space indent, keeping the member order (as Python's
/// `json.dumps(..., indent=2)` does); `[]` and `{}` stay as they are.
fn pretty_print(compact: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = compact.chars().collect();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' if matches!(chars.get(i + 1), Some('}' | ']')) => out.push(c),
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' if matches!(chars.get(i - 1), Some('{' | '[')) => out.push(c),
            '}' | ']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

#[test]
fn a_tampered_body_is_refused() {
    let tampered = String::from_utf8(CALLBACK_VECTOR.to_vec())
        .unwrap()
        .replace("\"amount\":100", "\"amount\":1000");
    assert_ne!(tampered.as_bytes(), CALLBACK_VECTOR);
    mismatch(both().verify(tampered.as_bytes(), CALLBACK_VECTOR_SIGNATURE));
    let mut with_newline = CALLBACK_VECTOR.to_vec();
    with_newline.push(b'\n');
    mismatch(both().verify(&with_newline, CALLBACK_VECTOR_SIGNATURE));
}

#[test]
fn a_wrong_secret_is_refused() {
    let verifier = CallbackVerifier::new(
        SecretString::from("sk_live_other"),
        SecretString::from("sk_test_payelata_1"),
    );
    mismatch(verifier.verify(CALLBACK_VECTOR, CALLBACK_VECTOR_SIGNATURE));
    // An empty secret (a missing setting) verifies nothing, not even a body signed with it.
    let empty = CallbackVerifier::new(SecretString::from(""), SecretString::from(" "));
    let live_doc = String::from_utf8(CALLBACK_VECTOR.to_vec())
        .unwrap()
        .replace("\"test_mode\":true", "\"test_mode\":false");
    mismatch(empty.verify(
        live_doc.as_bytes(),
        &sign(&SecretString::from(""), live_doc.as_bytes()),
    ));
    // A live-only verifier cannot accept a test callback at all.
    mismatch(
        CallbackVerifier::live(SecretString::from(LIVE_SECRET))
            .verify(CALLBACK_VECTOR, CALLBACK_VECTOR_SIGNATURE),
    );
}

#[test]
fn the_live_secret_on_a_test_document_is_refused() {
    let signed_live = sign(&SecretString::from(LIVE_SECRET), CALLBACK_VECTOR);
    let r = both().verify(CALLBACK_VECTOR, &signed_live);
    assert!(
        matches!(
            r,
            Err(WebhookError::WrongMode {
                claimed: Mode::Test
            })
        ),
        "{r:?}"
    );
    let e = r.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the callback claims test mode but was signed with the other mode's secret"
    );
}

#[test]
fn the_test_secret_on_a_live_document_is_refused() {
    let live = String::from_utf8(CALLBACK_VECTOR.to_vec())
        .unwrap()
        .replace("\"test_mode\":true", "\"test_mode\":false");
    let signed_test = sign(&SecretString::from(TEST_SECRET), live.as_bytes());
    let r = both().verify(live.as_bytes(), &signed_test);
    assert!(
        matches!(
            r,
            Err(WebhookError::WrongMode {
                claimed: Mode::Live
            })
        ),
        "{r:?}"
    );
    // Signed with the live secret it is accepted as live; without `test_mode` it is live too.
    let signed_live = sign(&SecretString::from(LIVE_SECRET), live.as_bytes());
    assert_eq!(
        both().verify(live.as_bytes(), &signed_live).unwrap().mode,
        Mode::Live
    );
    let no_mode = live.replace("\"test_mode\":false,", "");
    let signed = sign(&SecretString::from(LIVE_SECRET), no_mode.as_bytes());
    assert_eq!(
        both().verify(no_mode.as_bytes(), &signed).unwrap().mode,
        Mode::Live
    );
}

#[test]
fn the_signature_is_read_from_the_x_signature_header() {
    let mut headers = HeaderMap::new();
    let r = both().verify_headers(&headers, CALLBACK_VECTOR);
    assert!(
        matches!(r, Err(WebhookError::Signature(SignatureError::Missing))),
        "{r:?}"
    );
    headers.insert(
        "X-Signature",
        HeaderValue::from_static("osjIcDvhuOaSrP9adItfOd+CsQE="),
    );
    assert_eq!(
        both()
            .verify_headers(&headers, CALLBACK_VECTOR)
            .unwrap()
            .mode,
        Mode::Test
    );
    let r = both().verify(CALLBACK_VECTOR, "  ");
    assert!(matches!(
        r,
        Err(WebhookError::Signature(SignatureError::Missing))
    ));
}

#[test]
fn newer_callbacks_are_told_from_duplicates_and_stale_ones() {
    let callback = both()
        .verify(CALLBACK_VECTOR, CALLBACK_VECTOR_SIGNATURE)
        .unwrap();
    // `updated` is 1585175070 = 2020-03-25 22:24:30 UTC.
    assert_eq!(
        callback.is_newer_than(datetime!(2020-03-25 22:24:16 UTC)),
        Some(true)
    );
    assert_eq!(
        callback.is_newer_than(datetime!(2020-03-25 22:24:30 UTC)),
        Some(false)
    );
    assert_eq!(
        callback.is_newer_than(datetime!(2020-03-25 22:25:00 UTC)),
        Some(false)
    );
    let body = br#"{"data":{"type":"payment-invoices","id":"cpi_1","attributes":{"test_mode":true,"updated":"soon"}}}"#;
    let signed = sign(&SecretString::from(TEST_SECRET), body);
    let odd = both().verify(body, &signed).unwrap();
    assert_eq!(odd.is_newer_than(datetime!(2020-03-25 22:24:16 UTC)), None);
}

#[test]
fn a_verified_body_that_is_no_document_is_a_decode_error_without_secrets() {
    let body = br#"{"data":{"type":"payment-invoices","attributes":{"payload":{"token":"tok_in_excerpt"}}}}"#;
    let signed = sign(&SecretString::from(LIVE_SECRET), body);
    let e = both().verify(body, &signed).unwrap_err();
    let WebhookError::Decode(d) = &e else {
        panic!("{e:?}")
    };
    assert!(d.message.contains("missing field `id`"), "{}", d.message);
    assert!(!d.excerpt.contains("tok_in_excerpt"), "{}", d.excerpt);
    assert_eq!(e.to_string(), "the callback body could not be decoded");
    assert!(std::error::Error::source(&e).is_some());
}

#[test]
fn payout_refund_and_other_callbacks_read_by_their_type() {
    let verifier = CallbackVerifier::live(SecretString::from(LIVE_SECRET));
    let read = |doc: serde_json::Value| {
        let body = doc.to_string();
        let signed = sign(&SecretString::from(LIVE_SECRET), body.as_bytes());
        verifier.verify(body.as_bytes(), &signed).unwrap()
    };
    let payout = read(
        json!({"data": {"type": "payout-invoice", "id": "cpoi_1", "attributes": {
        "status": "cancelled", "test_mode": false, "updated": 1585175070,
        "payouts": [{"id": "po_1", "status": "canceled"}]}}}),
    );
    let p = payout.payout_invoice().unwrap();
    assert_eq!(p.status, Some(PayoutStatus::Canceled));
    assert!(p.is_final());
    assert_eq!(p.payouts.len(), 1);
    let refund =
        read(json!({"data": {"type": "refunds", "id": "ref_1", "attributes": {"amount": 5}}}));
    assert!(refund.refund().is_some() && refund.updated().is_none());
    let other = read(
        json!({"data": {"type": "disputes", "id": "dp_1", "attributes": {"reason": "fraud"}}}),
    );
    assert!(
        matches!(&*other.resource().attributes, CallbackObject::Other(m) if m["reason"] == "fraud")
    );
    // The included customer of a callback.
    let with_customer = read(json!({
        "data": {"type": "payment-invoices", "id": "cpi_1", "attributes": {"status": "processed"}},
        "included": [{"type": "customers", "id": "cus_1", "attributes": {"reference_id": "c1"}}]}));
    assert_eq!(with_customer.included().len(), 1);
    assert!(!format!("{verifier:?}").contains(LIVE_SECRET));
}
