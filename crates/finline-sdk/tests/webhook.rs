//! Webhook verification with the documented vector and the fact sheet's own vector.

mod common;

use finline_sdk::webhook::{SignatureError, WebhookError, WebhookForm, parse_webhook};
use finline_sdk::{Client, Credentials, OperationMethod, ResponseCode, SecretString, Status, dec};

const DOC_DATA: &str = "eyJuYW1lIjoiSm9lIiwiYWdlIjoyMH0=";
const DOC_SIGNATURE: &str = "Bcj3hb-h00HrEMIoJ5nPW5ZHlVQ=";

const B_SECRET: &str = "finline_test_secret_1";
const B_BODY: &str = "data=eyJvcmRlcl9pZCI6Im9yZC0xIiwibWV0aG9kIjoicHVyY2hhc2UiLCJzdGF0dXMiOiJzdWNjZXNzIiwic3RhdHVzX2NvZGUiOiIxMDAwIiwiYW1vdW50IjoxMi41LCJjdXJyZW5jeSI6IlVBSCIsInBheWxvYWQiOiJhP2I-Y2QifQ%3D%3D&signature=IRRwbwtogzoy_EW_4xwq1yOKu4U%3D";
const B_DATA: &str = "eyJvcmRlcl9pZCI6Im9yZC0xIiwibWV0aG9kIjoicHVyY2hhc2UiLCJzdGF0dXMiOiJzdWNjZXNzIiwic3RhdHVzX2NvZGUiOiIxMDAwIiwiYW1vdW50IjoxMi41LCJjdXJyZW5jeSI6IlVBSCIsInBheWxvYWQiOiJhP2I-Y2QifQ==";

fn form(data: &str, signature: &str) -> WebhookForm {
    WebhookForm {
        data: data.to_owned(),
        signature: signature.to_owned(),
    }
}

#[test]
fn the_documented_vector_verifies() {
    let secret = SecretString::from("changeme");
    let verified = form(DOC_DATA, DOC_SIGNATURE).verify(&secret).unwrap();
    assert_eq!(verified.json(), br#"{"name":"Joe","age":20}"#);
    let value: serde_json::Value = verified.decode().unwrap();
    assert_eq!(value["name"], "Joe");
    assert_eq!(value["age"], 20);
    // It verifies, but it is not an operation: a typed decode error, not a panic.
    let err = verified.operation().unwrap_err();
    assert!(
        matches!(err, WebhookError::Decode(ref e) if e.status.is_none()),
        "{err:?}"
    );
}

#[test]
fn the_documented_vector_arrives_as_a_form() {
    let body = format!(
        "data={}&signature={}",
        DOC_DATA.replace('=', "%3D"),
        DOC_SIGNATURE.replace('=', "%3D")
    );
    let parsed = WebhookForm::parse(body.as_bytes()).unwrap();
    assert_eq!(parsed, form(DOC_DATA, DOC_SIGNATURE));
    assert!(parsed.verify(&SecretString::from("changeme")).is_ok());
}

#[test]
fn tampering_is_rejected() {
    let secret = SecretString::from("changeme");
    // Data changed (age 21), signature kept.
    let tampered_data = "eyJuYW1lIjoiSm9lIiwiYWdlIjoyMX0=";
    assert!(matches!(
        form(tampered_data, DOC_SIGNATURE).verify(&secret),
        Err(WebhookError::Signature(SignatureError::Mismatch))
    ));
    // Signature changed by one character.
    assert!(matches!(
        form(DOC_DATA, "Bcj3hb-h00HrEMIoJ5nPW5ZHlVR=").verify(&secret),
        Err(WebhookError::Signature(SignatureError::Mismatch))
    ));
    // Standard base64 alphabet instead of base64url.
    assert!(matches!(
        form(DOC_DATA, "Bcj3hb+h00HrEMIoJ5nPW5ZHlVQ=").verify(&secret),
        Err(WebhookError::Signature(SignatureError::Mismatch))
    ));
    // Wrong secret.
    assert!(matches!(
        form(DOC_DATA, DOC_SIGNATURE).verify(&SecretString::from("changemf")),
        Err(WebhookError::Signature(SignatureError::Mismatch))
    ));
    // No signature.
    assert!(matches!(
        form(DOC_DATA, "").verify(&secret),
        Err(WebhookError::Signature(SignatureError::Missing))
    ));
}

#[test]
fn vector_b_decodes_into_an_operation() {
    let secret = SecretString::from(B_SECRET);
    let op = parse_webhook(&secret, B_BODY.as_bytes()).unwrap();
    assert_eq!(op.order_id, "ord-1");
    assert_eq!(op.method, OperationMethod::Purchase);
    assert_eq!(op.status, Status::Success);
    assert_eq!(op.status_code, Some(ResponseCode::PurchaseSuccessful));
    assert_eq!(op.amount, Some(dec!(12.5)));
    assert_eq!(op.payload.as_deref(), Some("a?b>cd"));
    insta::assert_debug_snapshot!(op);

    // The decoded JSON is exactly the fixture.
    let verified = WebhookForm::parse(B_BODY.as_bytes())
        .unwrap()
        .verify(&secret)
        .unwrap();
    assert_eq!(
        std::str::from_utf8(verified.json()).unwrap(),
        include_str!("../../../fixtures/finline/webhook-vector-b.json").trim_end()
    );
}

#[test]
fn vector_b_negative_checks() {
    let secret = SecretString::from(B_SECRET);
    for bad in [
        "IRRwbwtogzoy/EW/4xwq1yOKu4U=",
        "PKMQytustMKvdyc-eqFZJvs5TkQ=",
    ] {
        assert!(matches!(
            form(B_DATA, bad).verify(&secret),
            Err(WebhookError::Signature(SignatureError::Mismatch))
        ));
    }
}

#[test]
fn data_without_padding_is_rejected_by_signature_but_decodes_when_signed() {
    // The signature covers `data` exactly as received, so unpadded data needs its own signature.
    let secret = b"changeme";
    let unpadded = DOC_DATA.trim_end_matches('=');
    let signature = payments_core::signature::sha1_sandwich_base64url(secret, unpadded.as_bytes());
    let verified = form(unpadded, &signature)
        .verify(&SecretString::from("changeme"))
        .unwrap();
    assert_eq!(verified.json(), br#"{"name":"Joe","age":20}"#);
    assert!(
        form(unpadded, DOC_SIGNATURE)
            .verify(&SecretString::from("changeme"))
            .is_err()
    );
}

#[test]
fn malformed_forms_are_errors() {
    let secret = SecretString::from("changeme");
    assert!(matches!(
        parse_webhook(&secret, b"signature=abc"),
        Err(WebhookError::MissingField("data"))
    ));
    assert!(matches!(
        parse_webhook(&secret, b"data=abc"),
        Err(WebhookError::MissingField("signature"))
    ));
    // Signed but not base64url.
    let data = "not*base64";
    let signature = payments_core::signature::sha1_sandwich_base64url(b"changeme", data.as_bytes());
    assert!(matches!(
        form(data, &signature).verify(&secret),
        Err(WebhookError::Base64)
    ));
}

#[test]
fn the_client_verifies_with_its_api_secret() {
    let client = Client::builder(Credentials {
        api_secret: SecretString::from(B_SECRET),
        ..common::credentials()
    })
    .build()
    .unwrap();
    assert_eq!(
        client.parse_webhook(B_BODY.as_bytes()).unwrap().order_id,
        "ord-1"
    );
}

#[test]
fn each_cause_is_printed_once() {
    let chain = |e: &WebhookError| {
        let mut out = vec![e.to_string()];
        let mut cause = std::error::Error::source(e);
        while let Some(c) = cause {
            out.push(c.to_string());
            cause = c.source();
        }
        out
    };
    let e = form(DOC_DATA, "Bcj3hb-h00HrEMIoJ5nPW5ZHlVR=")
        .verify(&SecretString::from("changeme"))
        .unwrap_err();
    assert_eq!(
        chain(&e),
        [
            "the webhook signature did not verify",
            "the signature does not match the body"
        ]
    );
    let e = form(DOC_DATA, DOC_SIGNATURE)
        .verify(&SecretString::from("changeme"))
        .unwrap()
        .operation()
        .unwrap_err();
    assert_eq!(
        chain(&e),
        [
            "the webhook `data` could not be decoded",
            "could not decode the body at `.`: missing field `order_id` at line 1 column 23"
        ]
    );
}
