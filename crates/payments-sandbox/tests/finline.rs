//! Financial Line's life cycles: hosted and direct purchase/auth, capture, void, refunds,
//! splits, payouts, the order status listing every operation, and signed webhooks.

mod common;

use std::time::Duration;

use common::*;
use payments_core::http::Method;
use payments_sandbox::cards;
use serde_json::{Value, json};

fn hosted(order_id: &str, method: &str, amount: f64, shop: &Shop) -> Value {
    json!({"mode": "hosted", "method": method, "amount": amount, "currency": "UAH", "description": "Order", "order_id": order_id,
           "order_3ds_bypass": "supported", "server_url": shop.url("/hook"), "result_url": shop.url("/done")})
}

/// The webhook form: (data, signature) after checking the signature.
fn verified(api: &Finline, received: &Received) -> Value {
    assert_eq!(
        received.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form = decode_form(&received.text());
    let data = &form.iter().find(|(k, _)| k == "data").unwrap().1;
    let signature = &form.iter().find(|(k, _)| k == "signature").unwrap().1;
    assert_eq!(
        signature,
        &finline_signature(&api.secret, data),
        "the signature covers `data`"
    );
    finline_decode(data)
}

#[tokio::test]
async fn a_hosted_purchase_is_paid_on_the_page_and_announced_signed() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    let shop = Shop::start().await;
    let answer = api
        .post("/payment", &hosted("h-1", "purchase", 150.5, &shop))
        .await
        .json();
    let page = answer["redirect_url"].as_str().unwrap().to_owned();
    assert!(page.starts_with(&format!("{}/finline/pay/", api.root)));
    let order = api.order("h-1").await;
    assert_eq!(order[0]["status"], "init");
    assert_eq!(order[0]["mode"], "hosted");
    let paid = submit(&api.client, &api.root, &page, "pay", &[]).await;
    assert_eq!(paid.status, 303);
    assert_eq!(paid.location(), shop.url("/done"));
    let order = api.order("h-1").await;
    assert_eq!(order[0]["status"], "success");
    assert_eq!(order[0]["status_code"], "1000");
    assert_eq!(order[0]["amount"], 150.5);
    sandbox
        .wait_for_webhooks(1, Duration::from_secs(3))
        .await
        .unwrap();
    let op = verified(&api, &shop.received()[0]);
    assert_eq!(op["order_id"], "h-1");
    assert_eq!(op["method"], "purchase");
    assert_eq!(op["status"], "success");
    let page_now = api.client.get(&page, &[]).await;
    assert!(
        PageForm::parse(&page_now.text()).is_none(),
        "a paid page shows no form"
    );
    let again = api.client.post_form(&page, &[], &[("action", "pay")]).await;
    assert_eq!(again.status, 400, "a paid page cannot be paid again");
}

#[tokio::test]
async fn hosted_payers_decline_cancel_and_take_three_d_secure() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    let shop = Shop::start().await;
    for (order_id, button, code) in [
        ("h-decline", "decline", "2004"),
        ("h-cancel", "cancel", "2003"),
    ] {
        let page = api
            .post("/payment", &hosted(order_id, "auth", 10.0, &shop))
            .await
            .json()["redirect_url"]
            .as_str()
            .unwrap()
            .to_owned();
        submit(&api.client, &api.root, &page, button, &[]).await;
        let op = &api.order(order_id).await[0];
        assert_eq!(op["status"], "failure");
        assert_eq!(op["status_code"], code);
    }
    let page = api
        .post("/payment", &hosted("h-3ds", "auth", 10.03, &shop))
        .await
        .json()["redirect_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = pay_through(&api.client, &api.root, &page, &["pay", "pass"]).await;
    assert_eq!(done.location(), shop.url("/done"));
    assert_eq!(api.order("h-3ds").await[0]["status_code"], "1002");
    let page = api
        .post("/payment", &hosted("h-3ds-fail", "purchase", 10.0, &shop))
        .await
        .json()["redirect_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = submit(
        &api.client,
        &api.root,
        &page,
        "pay",
        &[("card_number", cards::THREE_DS)],
    )
    .await;
    assert_eq!(api.order("h-3ds-fail").await[0]["status"], "pending");
    submit(&api.client, &api.root, first.location(), "fail", &[]).await;
    assert_eq!(api.order("h-3ds-fail").await[0]["status_code"], "2010");
}

#[tokio::test]
async fn an_auth_is_captured_in_part_then_refunded_in_parts() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    let shop = Shop::start().await;
    let auth = api
        .direct(
            "auth",
            "d-1",
            json!(100),
            cards::APPROVE,
            Some(&shop.url("/hook")),
        )
        .await
        .json();
    assert_eq!(auth["status"], "success");
    assert_eq!(auth["status_code"], "1002");
    assert!(
        auth.get("operation_id").is_none(),
        "a primary operation has no operation_id"
    );
    let refund_auth = api
        .post(
            "/refund",
            &json!({"order_id": "d-1", "order_currency": "UAH"}),
        )
        .await;
    assert_eq!(refund_auth.status, 400, "nothing captured yet");
    let over = api
        .post(
            "/capture",
            &json!({"order_id": "d-1", "order_currency": "UAH", "charge_amount": 100.01}),
        )
        .await;
    assert_eq!(over.status, 400);
    let capture = api.post("/capture", &json!({"order_id": "d-1", "order_currency": "UAH", "charge_amount": 60, "server_url": shop.url("/capture-hook")})).await.json();
    assert_eq!(capture["method"], "capture");
    assert_eq!(capture["mode"], "direct");
    assert_eq!(capture["amount"], 60);
    assert_eq!(
        api.post(
            "/capture",
            &json!({"order_id": "d-1", "order_currency": "UAH"})
        )
        .await
        .status,
        400,
        "captured once"
    );
    assert_eq!(
        api.post(
            "/void",
            &json!({"order_id": "d-1", "order_currency": "UAH"})
        )
        .await
        .status,
        400,
        "a captured auth cannot be voided"
    );
    let wrong_currency = api
        .post(
            "/refund",
            &json!({"order_id": "d-1", "order_currency": "EUR", "refund_amount": 1}),
        )
        .await;
    assert_eq!(wrong_currency.status, 400);
    let part = api
        .post(
            "/refund",
            &json!({"order_id": "d-1", "order_currency": "UAH", "refund_amount": 25.5}),
        )
        .await
        .json();
    assert_eq!(part["status"], "success");
    let rest = api
        .post(
            "/refund",
            &json!({"order_id": "d-1", "order_currency": "UAH"}),
        )
        .await
        .json();
    assert_eq!(rest["amount"], 34.5, "a full refund refunds what is left");
    let more = api
        .post(
            "/refund",
            &json!({"order_id": "d-1", "order_currency": "UAH", "refund_amount": 1}),
        )
        .await
        .json();
    assert_eq!(more["status"], "failure");
    assert_eq!(more["status_code"], "2122");
    let order = api.order("d-1").await;
    let methods: Vec<&str> = order
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["auth", "capture", "refund", "refund", "refund"]);
    let latest_refund = api
        .get(&format!("/pos/{}/orders/d-1/refund", api.pos_id))
        .await
        .json();
    assert_eq!(latest_refund["status"], "failure");
    assert_eq!(
        api.get(&format!("/pos/{}/orders/d-1/void", api.pos_id))
            .await
            .status,
        404
    );
    let deliveries = sandbox
        .wait_for_webhooks(5, Duration::from_secs(3))
        .await
        .unwrap();
    let urls: Vec<&str> = deliveries.iter().map(|d| d.url.as_str()).collect();
    assert_eq!(
        urls[1],
        shop.url("/capture-hook"),
        "a secondary operation's own server_url wins"
    );
    for received in shop.received() {
        verified(&api, &received);
    }
}

#[tokio::test]
async fn an_auth_is_voided_and_then_cannot_be_captured() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    api.direct("auth", "v-1", json!(100), cards::APPROVE, None)
        .await;
    let void = api
        .post(
            "/void",
            &json!({"order_id": "v-1", "order_currency": "UAH", "comment": "out of stock"}),
        )
        .await
        .json();
    assert_eq!(void["status_code"], "1009");
    assert_eq!(void["comment"], "out of stock");
    assert_eq!(
        api.post(
            "/capture",
            &json!({"order_id": "v-1", "order_currency": "UAH"})
        )
        .await
        .status,
        400
    );
    let purchase = api
        .direct("purchase", "p-1", json!(100), cards::APPROVE, None)
        .await
        .json();
    assert_eq!(purchase["status_code"], "1000");
    assert_eq!(
        api.post(
            "/void",
            &json!({"order_id": "p-1", "order_currency": "UAH"})
        )
        .await
        .status,
        400,
        "only an auth is voided"
    );
}

#[tokio::test]
async fn card_numbers_pick_the_outcome_of_a_direct_payment() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    let shop = Shop::start().await;
    for (order_id, card, code) in [
        ("c-1", cards::DECLINE, "2004"),
        ("c-2", cards::INSUFFICIENT_FUNDS, "2005"),
    ] {
        let op = api
            .direct("purchase", order_id, json!(100), card, None)
            .await;
        assert_eq!(op.status, 200, "a decline is an answer, not an HTTP error");
        assert_eq!(op.json()["status"], "failure");
        assert_eq!(op.json()["status_code"], code);
    }
    let pending = api
        .direct(
            "purchase",
            "c-3",
            json!(100),
            cards::THREE_DS,
            Some(&shop.url("/hook")),
        )
        .await
        .json();
    assert_eq!(pending["status"], "pending");
    let page = pending["redirect_url"].as_str().unwrap();
    let done = submit(&api.client, &api.root, page, "pass", &[]).await;
    assert_eq!(done.location(), "https://merchant.example/done");
    assert_eq!(api.order("c-3").await[0]["status"], "success");
    sandbox
        .wait_for_webhooks(1, Duration::from_secs(3))
        .await
        .unwrap();
    assert_eq!(verified(&api, &shop.received()[0])["status"], "success");
    let token = api
        .post("/payment", &json!({"mode": "direct", "method": "purchase", "amount": 5, "currency": "UAH", "order_id": "t-1", "cc_token": "rcr:sandbox-token"}))
        .await
        .json();
    assert_eq!(token["status"], "success", "a card token pays like a card");
}

#[tokio::test]
async fn a_credit_to_a_card_settles_later() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    let shop = Shop::start().await;
    let credit = api
        .post("/payment", &json!({"mode": "direct", "method": "credit", "amount": 250, "currency": "UAH", "description": "Payout", "order_id": "cr-1", "cc_number": cards::APPROVE, "server_url": shop.url("/hook")}))
        .await
        .json();
    assert_eq!(credit["status"], "pending");
    sandbox
        .wait_for_webhooks(1, Duration::from_secs(3))
        .await
        .unwrap();
    assert_eq!(api.order("cr-1").await[0]["status"], "success");
    assert_eq!(verified(&api, &shop.received()[0])["method"], "credit");
}

#[tokio::test]
async fn splits_must_add_up_and_requests_must_be_json() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    api.direct("auth", "s-1", json!(100), cards::APPROVE, None)
        .await;
    let uneven = api
        .post("/split/capture", &json!({"order_id": "s-1", "order_currency": "UAH", "charge_amount": 100, "split": [{"sub_merchant_id": "a", "amount": 30}]}))
        .await;
    assert_eq!(uneven.status, 400);
    assert_eq!(uneven.json()["args"][0]["field_name"], "split");
    let split_refund_with_order_currency = api
        .post(
            "/split/refund",
            &json!({"order_id": "s-1", "order_currency": "UAH", "refund_amount": 1, "split": []}),
        )
        .await;
    assert_eq!(
        split_refund_with_order_currency.json()["args"][0]["field_name"],
        "currency",
        "split refund names it `currency`"
    );
    let f = sandbox.finline();
    let not_json = api
        .client
        .send(
            Method::POST,
            &format!("{}/payment", api.base),
            &[
                (
                    "x-api-auth",
                    &format!("CPAY {}:{}", f.api_key, f.api_secret),
                ),
                ("x-api-key", &f.endpoints_key),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            "a=1",
        )
        .await;
    assert_eq!(not_json.status, 406);
    let long = api
        .direct("auth", &"x".repeat(33), json!(1), cards::APPROVE, None)
        .await;
    assert_eq!(long.json()["args"][0]["field_name"], "order_id");
}
