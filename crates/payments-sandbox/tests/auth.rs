//! Every provider checks its own credentials and refuses wrong ones with its own error shape
//! and status.

mod common;

use base64::Engine as _;
use common::*;
use payments_core::http::Method;
use serde_json::json;

#[tokio::test]
async fn askell_wants_the_api_key_and_keeps_the_public_key_to_its_endpoints() {
    let sandbox = sandbox().await;
    let a = sandbox.askell();
    let client = Client::new();
    let url = |p: &str| format!("{}{p}", a.base_url);
    for header in [
        None,
        Some("Api-Key wrong.key"),
        Some(format!("Bearer {}", a.api_key).as_str()),
        Some(format!("api-key {}", a.api_key).as_str()),
    ] {
        let headers: Vec<(&str, &str)> = header.iter().map(|h| ("authorization", *h)).collect();
        let answer = client.get(&url("/hello/"), &headers).await;
        assert_eq!(answer.status, 403, "{header:?}");
        assert_eq!(
            answer.json(),
            json!({"detail": "Authentication credentials were not provided."})
        );
    }
    let public = format!("Api-Key {}", a.public_key);
    let refused = client
        .get(&url("/payments/"), &[("authorization", &public)])
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.json(),
        json!({"detail": "You do not have permission to perform this action."})
    );
    assert_eq!(
        client
            .get(
                &url("/checkouts/paymentprocessors/"),
                &[("authorization", &public)]
            )
            .await
            .status,
        403
    );
    let card = json!({"card_number": "4242424242424242", "expiration_month": "12", "expiration_year": "30", "cvv_number": "123"});
    assert_eq!(
        client
            .post_json(
                &url("/temporarypaymentmethod/"),
                &[("authorization", &public)],
                &card
            )
            .await
            .status,
        201
    );
    let secret = format!("Api-Key {}", a.api_key);
    assert_eq!(
        client
            .get(&url("/hello/"), &[("authorization", &secret)])
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn barion_wants_the_pos_key_in_the_header_or_the_legacy_field() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let wrong = api
        .client
        .get(
            &format!(
                "{}/v4/Payment/ecc2bc7a3d8147cab1f04de3dddd657f/PaymentState",
                api.base
            ),
            &[("x-pos-key", "11111111-2222-3333-4444-55555555AAAA")],
        )
        .await;
    assert_eq!(wrong.status, 400);
    let error = &wrong.json()["Errors"][0];
    assert_eq!(error["ErrorCode"], "AuthenticationFailed");
    assert_eq!(
        error["AuthData"], "1111111122223333444455555555aaaa",
        "echoed dash-less, lower case"
    );
    assert_eq!(
        error["EndPoint"],
        format!(
            "{}/v4/Payment/ecc2bc7a3d8147cab1f04de3dddd657f/PaymentState",
            api.base
        )
    );
    assert!(error["HappenedAt"].as_str().unwrap().ends_with('Z'));
    let missing = api
        .client
        .get(
            &format!(
                "{}/v4/Payment/ecc2bc7a3d8147cab1f04de3dddd657f/PaymentState",
                api.base
            ),
            &[],
        )
        .await;
    assert_eq!(
        missing.json()["Errors"][0]["ErrorCode"],
        "ModelValidationError"
    );
    let dashless = api.key.replace('-', "").to_lowercase();
    let ok = api
        .client
        .get(
            &format!(
                "{}/v4/Payment/ecc2bc7a3d8147cab1f04de3dddd657f/PaymentState",
                api.base
            ),
            &[("x-pos-key", &dashless)],
        )
        .await;
    assert_eq!(
        ok.json()["Errors"][0]["ErrorCode"],
        "NotExistingPaymentId",
        "the key is a GUID, compared as one"
    );
    let legacy_wrong = api
        .client
        .get(&format!("{}/v2/Payment/GetPaymentState?POSKey=11111111-2222-3333-4444-555555555555&PaymentId=ecc2bc7a3d8147cab1f04de3dddd657f", api.base), &[])
        .await;
    assert_eq!(
        legacy_wrong.json()["Errors"][0]["ErrorCode"],
        "AuthenticationFailed"
    );
}

#[tokio::test]
async fn resid_wants_the_raw_authorization_code() {
    let sandbox = sandbox().await;
    let api = Resid::new(&sandbox);
    for header in [
        None,
        Some("wrong"),
        Some(format!("Bearer {}", api.code).as_str()),
    ] {
        let headers: Vec<(&str, &str)> = header.iter().map(|h| ("authorization", *h)).collect();
        let answer = api
            .client
            .get(&format!("{}/payments", api.base), &headers)
            .await;
        assert_eq!(answer.status, 401, "{header:?}");
        let body = answer.json();
        assert_ne!(body["message"], "OK");
        assert_eq!(body["info"], json!({}));
        assert!(!body["errors"].as_array().unwrap().is_empty());
    }
    assert_eq!(api.get("/payments").await.status, 200);
}

#[tokio::test]
async fn finline_wants_both_headers_and_its_own_pos_id() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    let f = sandbox.finline();
    let refused = json!({"message": "Invalid pos_id field or credentials", "args": {}});
    let good_auth = format!("CPAY {}:{}", f.api_key, f.api_secret);
    let bad_auth = format!("CPAY {}:wrong", f.api_key);
    let order = format!("{}/pos/{}/orders/1", api.base, f.pos_id);
    for headers in [
        vec![
            ("x-api-auth", bad_auth.as_str()),
            ("x-api-key", f.endpoints_key.as_str()),
        ],
        vec![("x-api-auth", good_auth.as_str())],
        vec![
            ("x-api-auth", good_auth.as_str()),
            ("x-api-key", "AIzaSyWrong"),
        ],
    ] {
        let answer = api.client.get(&order, &headers).await;
        assert_eq!(answer.status, 401);
        assert_eq!(answer.json(), refused);
    }
    let other_pos = api
        .get("/pos/00000000-0000-4000-8000-000000000000/orders/1")
        .await;
    assert_eq!(other_pos.status, 401);
    let body = json!({"pos_id": "00000000-0000-4000-8000-000000000000", "mode": "hosted", "method": "purchase", "amount": 1, "currency": "UAH", "order_id": "x"});
    let answer = api
        .client
        .send(
            Method::POST,
            &format!("{}/payment", api.base),
            &[
                ("x-api-auth", &good_auth),
                ("x-api-key", &f.endpoints_key),
                ("content-type", "application/json"),
            ],
            body.to_string(),
        )
        .await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        api.get(&format!("/pos/{}/orders/1", f.pos_id)).await.status,
        404,
        "authenticated, no such order"
    );
}

#[tokio::test]
async fn payelata_wants_basic_auth_and_the_cardgate_its_bearer() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let p = sandbox.payelata();
    let wrong = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{}:wrong", p.account_id))
    );
    for headers in [
        vec![],
        vec![("authorization", wrong.as_str())],
        vec![("authorization", "Bearer x")],
    ] {
        let answer = api
            .client
            .get(&format!("{}/payment-invoices", api.base), &headers)
            .await;
        assert_eq!(answer.status, 401);
        assert_eq!(answer.json()["error_type"], "unauthorized");
        assert!(answer.json()["request_id"].is_string());
    }
    let sale = json!({"data": {"type": "sale-operation", "attributes": {}}});
    let cardgate = format!("{}/payment/sale", api.cardgate);
    assert_eq!(
        api.client.post_json(&cardgate, &[], &sale).await.status,
        401
    );
    assert_eq!(
        api.client
            .post_json(
                &cardgate,
                &[("authorization", "Bearer eyJ.forged.token")],
                &sale
            )
            .await
            .status,
        401
    );
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", p.account_id, p.api_key))
    );
    assert_eq!(
        api.client
            .post_json(&cardgate, &[("authorization", &basic)], &sale)
            .await
            .status,
        401,
        "the cardgate takes the invoice's bearer, not Basic"
    );
    assert_eq!(api.get("/payment-invoices").await.status, 200);
}
