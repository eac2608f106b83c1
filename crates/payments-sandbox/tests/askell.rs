//! Askell's life cycles: a stored-card payment pending -> settled or failed, at most four
//! retries, refunds, signed webhooks, the card pages, customers and subscriptions.

mod common;

use std::time::Duration;

use base64::Engine as _;
use common::*;
use payments_core::http::Method;
use serde_json::json;

#[tokio::test]
async fn a_stored_card_payment_settles_is_announced_signed_and_refunds_once() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    let shop = Shop::start().await;
    let hook = api
        .post(
            "/webhooks/",
            &json!({"url": shop.url("/askell"), "event": "payment.*"}),
        )
        .await
        .json();
    let secret = hook["hmac_secret"].as_str().unwrap().to_owned();
    assert_eq!(hook["hmac_digest"], "SHA512");

    let created = api.post("/payments/", &json!({"customer_reference": "sandbox-customer", "amount": "1990", "currency": "ISK", "reference": "order-1"})).await;
    assert_eq!(created.status, 201);
    let created = created.json();
    assert_eq!(created["state"], "pending");
    assert_eq!(created["amount"], "1990.0000");
    assert_eq!(created["transactions"][0]["state"], "initial");
    assert_eq!(created["transactions"][0]["amount"], "1990.00");
    let uuid = created["uuid"].as_str().unwrap().to_owned();

    let settled = api.wait_final(&uuid).await;
    assert_eq!(settled["state"], "settled");
    let tx = &settled["transactions"][0];
    assert_eq!(tx["state"], "settled");
    assert_eq!(tx["data"]["status"], "settled");
    assert_eq!(tx["data"]["receipt"]["Kortnumer"], "****-****-****-4242");
    assert_eq!(tx["data"]["receipt"]["Upphaed"], "1990");
    assert_eq!(tx["external_reference"], tx["data"]["id"]);

    let deliveries = sandbox
        .wait_for_webhooks(2, Duration::from_secs(3))
        .await
        .unwrap();
    let events: Vec<&str> = deliveries.iter().map(|d| d.event.as_str()).collect();
    assert_eq!(events, ["payment.created", "payment.changed"]);
    for received in shop.received() {
        let signature = received.header("hook-hmac").unwrap();
        assert_eq!(signature, hmac_sha512_b64(&secret, &received.body));
        assert_eq!(received.header("hook-api-version"), Some("v1"));
        let body: serde_json::Value = serde_json::from_slice(&received.body).unwrap();
        assert_eq!(received.header("hook-event").unwrap(), body["event"]);
        assert_eq!(body["data"]["uuid"], uuid.as_str());
    }
    let changed: serde_json::Value = serde_json::from_slice(&shop.received()[1].body).unwrap();
    assert_eq!(changed["data"]["state"], "settled");

    let receipt = api
        .get(&format!(
            "/transactions/{}/receipt/",
            tx["uuid"].as_str().unwrap()
        ))
        .await
        .json();
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(receipt["receipt"].as_str().unwrap())
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    assert_eq!(
        receipt["filename"],
        format!("{}.pdf", tx["uuid"].as_str().unwrap())
    );

    let refunded = api
        .post(&format!("/payments/{uuid}/refund/"), &json!({}))
        .await;
    assert_eq!(refunded.status, 200);
    let refunded = &refunded.json()[0];
    assert_eq!(refunded["state"], "refunded");
    assert_eq!(refunded["transactions"][0]["state"], "refunded");
    assert!(refunded["transactions"][0]["refund_code"].is_string());
    let again = api
        .post(&format!("/payments/{uuid}/refund/"), &json!({}))
        .await;
    assert_eq!(again.status, 400);
    assert_eq!(again.json()["status"], "error");
    assert_eq!(
        api.get(&format!("/payments/{uuid}/")).await.json()["state"],
        "refunded"
    );
}

#[tokio::test]
async fn a_declined_payment_is_retried_at_most_four_times() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    let failed = api.settled_payment("1501").await;
    assert_eq!(failed["state"], "failed");
    assert_eq!(failed["transactions"][0]["fail_code"], "05");
    let uuid = failed["uuid"].as_str().unwrap().to_owned();
    for attempt in 2..=5 {
        let retry = api
            .post(&format!("/payments/{uuid}/retry/"), &json!({}))
            .await;
        assert_eq!(retry.status, 200, "retry {attempt}: {}", retry.text());
        let retrying = &retry.json()[0];
        assert_eq!(retrying["state"], "retrying");
        assert_eq!(retrying["transactions"].as_array().unwrap().len(), attempt);
        assert_eq!(retrying["transactions"][attempt - 1]["state"], "initial");
        let after = api.wait_final(&uuid).await;
        assert_eq!(after["state"], "failed");
    }
    let fifth = api
        .post(&format!("/payments/{uuid}/retry/"), &json!({}))
        .await;
    assert_eq!(fifth.status, 400);
    assert_eq!(fifth.json()["status"], "error");
    let last = api.get(&format!("/payments/{uuid}/")).await.json();
    assert_eq!(last["transactions"].as_array().unwrap().len(), 5);
    assert!(
        last["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["state"] == "failed")
    );
}

#[tokio::test]
async fn insufficient_funds_fail_first_and_a_retry_settles() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    let failed = api.settled_payment("1502").await;
    assert_eq!(failed["transactions"][0]["fail_code"], "51");
    let uuid = failed["uuid"].as_str().unwrap();
    assert_eq!(
        api.post(&format!("/payments/{uuid}/retry/"), &json!({}))
            .await
            .status,
        200
    );
    let settled = api.wait_final(uuid).await;
    assert_eq!(settled["state"], "settled");
    assert_eq!(settled["transactions"][1]["state"], "settled");
    let refused = api
        .post(&format!("/payments/{uuid}/retry/"), &json!({}))
        .await;
    assert_eq!(
        refused.json(),
        json!({"status": "error", "error": "Payment is not in a failed state"})
    );
}

#[tokio::test]
async fn a_three_ds_amount_fails_a_stored_card_charge_as_authentication_required() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    let failed = api.settled_payment("1503").await;
    assert_eq!(failed["state"], "failed");
    assert_eq!(failed["transactions"][0]["fail_code"], "1A");
}

#[tokio::test]
async fn payments_need_a_known_customer_with_a_card() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    let unknown = api
        .post(
            "/payments/",
            &json!({"customer_reference": "nobody", "amount": "10", "currency": "ISK"}),
        )
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.json()["status"], "error");
    api.post("/customers/", &json!({"customer_reference": "no-card", "email": "a@b.is", "first_name": "A", "last_name": "B"})).await;
    let no_card = api
        .post(
            "/payments/",
            &json!({"customer_reference": "no-card", "amount": "10", "currency": "ISK"}),
        )
        .await;
    assert_eq!(
        no_card.json(),
        json!({"status": "error", "error": "Customer has no valid payment method"})
    );
    let claim = api
        .post("/payments/", &json!({"customer_reference": "no-card", "amount": "10", "currency": "ISK", "payment_options": {"payment_processor": "claim", "payor_id": "1234567890", "payment_date": "2030-11-01"}}))
        .await;
    assert_eq!(
        claim.status,
        201,
        "a bank claim needs no card: {}",
        claim.text()
    );
    let bad_kennitala = api
        .post("/payments/", &json!({"customer_reference": "no-card", "amount": "10", "currency": "ISK", "payment_options": {"payment_processor": "claim", "payor_id": "12"}}))
        .await;
    assert_eq!(bad_kennitala.status, 400);
    assert!(bad_kennitala.json()["payment_options"].is_array());
    let lower = api
        .post(
            "/payments/",
            &json!({"customer_reference": "sandbox-customer", "amount": "10", "currency": "isk"}),
        )
        .await;
    assert_eq!(
        lower.json()["currency"][0],
        "Enter a valid ISO 4217 currency code."
    );
}

#[tokio::test]
async fn paths_keep_django_s_trailing_slash() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    let redirected = api.get("/hello").await;
    assert_eq!(redirected.status, 303);
    assert!(redirected.location().ends_with("/askell/api/hello/"));
    let post = api.post("/payments", &json!({})).await;
    assert_eq!(post.status, 404);
}

#[tokio::test]
async fn the_card_pages_tokenise_pass_and_fail_three_d_secure() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    // Hosted checkout with a card that needs 3-D Secure: the form leads to the verify page.
    let checkout = api
        .post(
            "/checkouts/",
            &json!({"plan": 1, "allowed_origin": "https://shop.example"}),
        )
        .await
        .json();
    let token = checkout["token"].as_str().unwrap().to_owned();
    let page = checkout["checkout_url"].as_str().unwrap();
    let answer = submit(
        &api.client,
        &api.root,
        page,
        "pay",
        &[("card_number", payments_sandbox::cards::THREE_DS)],
    )
    .await;
    assert_eq!(answer.status, 303);
    assert!(
        answer
            .location()
            .contains(&format!("/askell/verify/{token}/"))
    );
    assert_eq!(
        api.get_public(&format!("/checkouts/{token}/")).await.json()["status"],
        "waiting"
    );
    let passed = submit(&api.client, &api.root, answer.location(), "pass", &[]).await;
    assert_eq!(passed.status, 303);
    assert_eq!(
        api.get_public(&format!("/checkouts/{token}/")).await.json()["status"],
        "tokencreated"
    );
    let again = api
        .client
        .post_form(
            &format!("{}/askell/verify/{token}/", api.root),
            &[],
            &[("action", "pass")],
        )
        .await;
    assert_eq!(
        again.status, 400,
        "a finished verification cannot be repeated"
    );

    // A temporary payment method whose verification fails.
    let card = api
        .post_public("/temporarypaymentmethod/", &json!({"card_number": "4242424242424242", "expiration_month": "01", "expiration_year": "31", "cvv_number": "999"}))
        .await
        .json();
    let tmp = card["token"].as_str().unwrap();
    submit(
        &api.client,
        &api.root,
        card["card_verification_url"].as_str().unwrap(),
        "fail",
        &[],
    )
    .await;
    assert_eq!(
        api.get_public(&format!("/temporarypaymentmethod/{tmp}/"))
            .await
            .json()["status"],
        "failed"
    );
    let attach = api
        .post(
            "/customers/paymentmethod/",
            &json!({"customer_reference": "sandbox-customer", "token": tmp}),
        )
        .await;
    assert_eq!(attach.status, 400, "a failed token cannot be attached");

    // A declined card never becomes a token.
    let declined = api
        .post(
            "/checkouts/",
            &json!({"payment_processor": 7, "currency": "EUR"}),
        )
        .await
        .json();
    submit(
        &api.client,
        &api.root,
        declined["checkout_url"].as_str().unwrap(),
        "pay",
        &[("card_number", payments_sandbox::cards::DECLINE)],
    )
    .await;
    assert_eq!(
        api.get_public(&format!(
            "/checkouts/{}/",
            declined["token"].as_str().unwrap()
        ))
        .await
        .json()["status"],
        "failed"
    );

    let invalid = api.post_public("/temporarypaymentmethod/", &json!({"card_number": "42", "expiration_month": "13", "expiration_year": "3", "cvv_number": "1"})).await;
    assert_eq!(invalid.status, 400);
    let errors = invalid.json();
    for field in ["card_number", "expiration_month", "cvv_number"] {
        assert!(errors[field].is_array(), "{field}: {errors}");
    }
    let both = api
        .post(
            "/checkouts/",
            &json!({"plan": 1, "payment_processor": 4, "currency": "ISK"}),
        )
        .await;
    assert!(both.json()["non_field_errors"].is_array());
    let wrong_currency = api
        .post(
            "/checkouts/",
            &json!({"payment_processor": 4, "currency": "EUR"}),
        )
        .await;
    assert_eq!(wrong_currency.json()["status"], "error");
}

#[tokio::test]
async fn customers_page_update_and_delete() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    for i in 0..3 {
        let c = api.post("/customers/", &json!({"customer_reference": format!("c/{i} ö"), "email": format!("c{i}@example.is"), "first_name": "Jón", "last_name": "Jónsson"})).await;
        assert_eq!(c.status, 201);
    }
    let first = api.get("/customers/?page_size=2").await.json();
    assert_eq!(first["count"], 4);
    assert!(first["previous"].is_null());
    let next = first["next"].as_str().unwrap().to_owned();
    assert!(next.contains("page=2"), "{next}");
    let second = api
        .client
        .get(
            &next,
            &[(
                "authorization",
                &format!("Api-Key {}", sandbox.askell().api_key),
            )],
        )
        .await
        .json();
    assert_eq!(second["results"].as_array().unwrap().len(), 2);
    assert!(second["next"].is_null());
    assert_eq!(api.get("/customers/?page_size=2&page=3").await.status, 404);

    let path = "/customers/c%2F0%20%C3%B6/";
    assert_eq!(api.get(path).await.json()["customer_reference"], "c/0 ö");
    let patched = api
        .send(Method::PATCH, path, &json!({"phone": "+3545550000"}))
        .await;
    assert_eq!(patched.json()["phone"], "+3545550000");
    let put_missing = api
        .send(Method::PUT, path, &json!({"email": "x@y.is"}))
        .await;
    assert_eq!(put_missing.status, 400);
    assert!(put_missing.json()["first_name"].is_array());
    let put = api.send(Method::PUT, path, &json!({"customer_reference": "c-renamed", "email": "x@y.is", "first_name": "X", "last_name": "Y"})).await;
    assert_eq!(put.status, 200);
    assert_eq!(api.get(path).await.status, 404);
    assert_eq!(
        api.send(Method::DELETE, "/customers/c-renamed/", &json!(null))
            .await
            .status,
        204
    );
    assert_eq!(api.get("/customers/c-renamed/").await.status, 404);
}

#[tokio::test]
async fn subscriptions_cancel_reactivate_and_expire() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    let shop = Shop::start().await;
    api.post(
        "/webhooks/",
        &json!({"url": shop.url("/subs"), "event": "subscription.*"}),
    )
    .await;
    let added = api
        .post(
            "/customers/sandbox-customer/subscriptions/add/",
            &json!({"plan": 2, "reference": "S-1", "discount": "10"}),
        )
        .await
        .json();
    let id = added["id"].as_i64().unwrap();
    assert!(added["is_on_trial"].as_bool().unwrap());
    assert!(added["active"].as_bool().unwrap());
    assert!(added["token"].is_string(), "the customer's card token");
    let cancel = api
        .post(&format!("/subscriptions/{id}/cancel/"), &json!({}))
        .await;
    assert_eq!(cancel.status, 201);
    assert_eq!(
        api.post(&format!("/subscriptions/{id}/cancel/"), &json!({}))
            .await
            .status,
        400
    );
    let sub = api.get(&format!("/subscriptions/{id}/")).await.json();
    assert!(sub["cancelled"].as_bool().unwrap());
    assert!(sub["cancel_date"].is_string());
    assert_eq!(
        api.post(&format!("/subscriptions/{id}/activate/"), &json!({}))
            .await
            .json()["state"],
        "active"
    );
    assert_eq!(
        api.post(&format!("/subscriptions/{id}/activate/"), &json!({}))
            .await
            .status,
        400
    );
    let expired = api
        .post(
            &format!("/subscriptions/{id}/set_expiry/"),
            &json!({"expires": "2001-01-01T00:00:00Z"}),
        )
        .await
        .json();
    assert_eq!(expired["state"], "expired");
    assert!(
        !api.get(&format!("/subscriptions/{id}/")).await.json()["active"]
            .as_bool()
            .unwrap()
    );
    let bad_plan = api
        .post(
            "/customers/sandbox-customer/subscriptions/add/",
            &json!({"plan": 99, "reference": "S-2"}),
        )
        .await;
    assert_eq!(
        bad_plan.json()["plan"][0],
        "Invalid pk \"99\" - object does not exist."
    );
    let deliveries = sandbox
        .wait_for_webhooks(4, Duration::from_secs(3))
        .await
        .unwrap();
    assert_eq!(deliveries[0].event, "subscription.created");
    assert!(
        deliveries[1..]
            .iter()
            .all(|d| d.event == "subscription.changed")
    );
}
