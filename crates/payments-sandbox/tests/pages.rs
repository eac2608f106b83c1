//! Every payer page the sandbox hands out is a plain HTML form that a person (or a test) can
//! load and submit: Askell's card form and card verification, Barion's gateway, Financial
//! Line's hosted page, Payelata's hosted page, Resid's payment page, and each 3-D Secure step.

mod common;

use common::*;
use payments_sandbox::cards;
use serde_json::json;

/// Loads `url`, checks the page and its form, and submits `button`; returns the answer.
async fn walk(client: &Client, root: &str, url: &str, button: &str) -> Answer {
    let page = client.get(url, &[]).await;
    assert_eq!(page.status, 200, "{url}");
    let html = page.text();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("no real money moves"));
    let form = PageForm::parse(&html).unwrap_or_else(|| panic!("{url} has no form"));
    assert!(
        form.action.starts_with('/'),
        "the form posts back to the sandbox: {}",
        form.action
    );
    let answer = submit(client, root, url, button, &[]).await;
    assert_eq!(answer.status, 303, "{url} {button}: {}", answer.text());
    answer
}

#[tokio::test]
async fn every_payer_page_and_its_three_d_secure_step_submit() {
    let sandbox = sandbox().await;
    let client = Client::new();
    let root = sandbox.url().to_owned();
    let shop = "https://shop.example/return";

    // Askell: the hosted card form, then the verification page of a 3DS card.
    let askell = Askell::new(&sandbox);
    let checkout = askell.post("/checkouts/", &json!({"plan": 1})).await.json();
    let answer = submit(
        &client,
        &root,
        checkout["checkout_url"].as_str().unwrap(),
        "pay",
        &[("card_number", cards::THREE_DS)],
    )
    .await;
    walk(&client, &root, answer.location(), "pass").await;
    let tmp = askell.post_public("/temporarypaymentmethod/", &json!({"card_number": cards::APPROVE, "expiration_month": "12", "expiration_year": "30", "cvv_number": "123"})).await.json();
    walk(
        &client,
        &root,
        tmp["card_verification_url"].as_str().unwrap(),
        "pass",
    )
    .await;

    // Barion: GatewayUrl, then its 3DS step (amount ..03).
    let barion = Barion::new(&sandbox);
    let started = barion
        .start("Immediate", json!(2003), "HUF", shop, None)
        .await;
    let answer = walk(
        &client,
        &root,
        started["GatewayUrl"].as_str().unwrap(),
        "pay",
    )
    .await;
    let answer = walk(&client, &root, answer.location(), "pass").await;
    assert!(answer.location().starts_with(shop));

    // Financial Line: the hosted page, its 3DS step, and the 3DS page of a direct payment.
    let finline = Finline::new(&sandbox);
    let hosted = finline
        .post("/payment", &json!({"mode": "hosted", "method": "purchase", "amount": 20.03, "currency": "UAH", "order_id": "pages-1", "result_url": shop}))
        .await
        .json();
    let answer = walk(
        &client,
        &root,
        hosted["redirect_url"].as_str().unwrap(),
        "pay",
    )
    .await;
    assert_eq!(
        walk(&client, &root, answer.location(), "pass")
            .await
            .location(),
        shop
    );
    let direct = finline
        .direct("purchase", "pages-2", json!(20), cards::THREE_DS, None)
        .await
        .json();
    walk(
        &client,
        &root,
        direct["redirect_url"].as_str().unwrap(),
        "pass",
    )
    .await;

    // Payelata: flow_data.action, then the 3DS step of its payment.
    let payelata = Payelata::new(&sandbox);
    let invoice = payelata
        .invoice(json!({"reference_id": "pages-3", "amount": 20.03, "currency": "UAH", "service": "payment_card_uah_hpp", "return_url": shop}))
        .await
        .json();
    let answer = walk(
        &client,
        &root,
        invoice["data"]["attributes"]["flow_data"]["action"]
            .as_str()
            .unwrap(),
        "pay",
    )
    .await;
    assert_eq!(
        walk(&client, &root, answer.location(), "pass")
            .await
            .location(),
        shop
    );

    // Resid: the payment page, then its 3DS step.
    let resid = Resid::new(&sandbox);
    let merchant = resid.merchant().await;
    let token = resid.payment(&merchant, "20003", &[]).await.json()["info"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = walk(&client, &root, &format!("{root}/resid/pay/{token}"), "pay").await;
    walk(&client, &root, answer.location(), "pass").await;

    // Every one of them ended paid.
    assert_eq!(
        askell
            .get_public(&format!(
                "/checkouts/{}/",
                checkout["token"].as_str().unwrap()
            ))
            .await
            .json()["status"],
        "tokencreated"
    );
    assert_eq!(
        barion.state(started["PaymentId"].as_str().unwrap()).await["Status"],
        "Succeeded"
    );
    assert_eq!(finline.order("pages-1").await[0]["status"], "success");
    assert_eq!(finline.order("pages-2").await[0]["status"], "success");
    assert_eq!(
        payelata
            .fetch(invoice["data"]["id"].as_str().unwrap())
            .await["data"]["attributes"]["status"],
        "processed"
    );
    assert_eq!(resid.info(&token).await["outcome"]["state"], "pending");
}

#[tokio::test]
async fn unknown_references_get_a_404_page() {
    let sandbox = sandbox().await;
    let client = Client::new();
    let root = sandbox.url();
    for path in [
        "/barion/Pay?id=ecc2bc7a3d8147cab1f04de3dddd657f",
        "/finline/pay/00000000-0000-4000-8000-000000000000",
        "/payelata-cardgate/hpp/cgi_nope",
        "/resid/pay/nope",
        "/askell/checkout/nope/",
    ] {
        let page = client.get(&format!("{root}{path}"), &[]).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(page.text().contains("Payment not found"));
    }
}
