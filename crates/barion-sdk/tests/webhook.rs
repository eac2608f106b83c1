//! Callbacks: only the payment id is read, and the state is fetched from Barion.

mod common;

use barion_sdk::PaymentStatus;
use barion_sdk::webhook::{Callback, WebhookError};
use common::{POS_KEY, client, id};
use httpmock::MockServer;

#[test]
fn the_fact_sheet_vector_and_every_spelling_give_the_same_id() {
    let want = id("ecc2bc7a-3d81-47ca-b1f0-4de3dddd657f");
    let form = b"paymentId=ecc2bc7a3d8147cab1f04de3dddd657f";
    assert_eq!(form.len(), 42);
    for (content_type, body) in [
        (Some("application/x-www-form-urlencoded"), &form[..]),
        (
            None,
            b"PaymentId=ECC2BC7A-3D81-47CA-B1F0-4DE3DDDD657F".as_slice(),
        ),
        (
            Some("application/json"),
            br#"{"paymentId":"ecc2bc7a3d8147cab1f04de3dddd657f "}"#.as_slice(),
        ),
        (
            None,
            br#"{"Other":[1,{"a":null}],"PaymentId":"ECC2BC7A-3D81-47CA-B1F0-4DE3DDDD657F"}"#
                .as_slice(),
        ),
    ] {
        let cb = Callback::from_body(content_type, body).unwrap();
        assert_eq!(cb.payment_id(), want, "{}", String::from_utf8_lossy(body));
    }
    let cb = Callback::from_query("?paymentId=ecc2bc7a3d8147cab1f04de3dddd657f").unwrap();
    assert_eq!(cb.payment_id(), want);
}

#[test]
fn bad_callbacks_are_rejected() {
    assert_eq!(
        Callback::from_body(None, b"foo=bar"),
        Err(WebhookError::MissingPaymentId)
    );
    assert_eq!(
        Callback::from_body(None, b"paymentId=12345"),
        Err(WebhookError::InvalidPaymentId("12345".into()))
    );
    assert!(matches!(
        Callback::from_body(Some("application/json"), br#"{"paymentId": 12"#),
        Err(WebhookError::Decode(_))
    ));
    assert_eq!(
        Callback::from_body(None, br#"{"paymentId": 12}"#),
        Err(WebhookError::InvalidPaymentId("12".into()))
    );
    assert_eq!(
        Callback::from_body(None, br#"{"paymentId": null}"#),
        Err(WebhookError::MissingPaymentId)
    );
    assert_eq!(
        Callback::from_body(None, b""),
        Err(WebhookError::MissingPaymentId)
    );
}

#[tokio::test]
async fn a_callback_is_resolved_by_fetching_the_state_with_the_pos_key() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v4/Payment/ecc2bc7a3d8147cab1f04de3dddd657f/PaymentState")
                .header("x-pos-key", POS_KEY);
            then.status(200).body(include_str!(
                "../../../fixtures/barion/get-payment-state-v2-success.json"
            ));
        })
        .await;
    // The body claims nothing but the id; whatever else it could say is never read.
    let cb = Callback::from_body(
        None,
        br#"{"PaymentId":"ecc2bc7a3d8147cab1f04de3dddd657f","Status":"Succeeded"}"#,
    )
    .unwrap();
    let state = client(&server).callback_state(&cb).await.unwrap();
    mock.assert_async().await;
    assert_eq!(state.payment_id, cb.payment_id());
    assert_eq!(state.status, Some(PaymentStatus::Succeeded));
}
