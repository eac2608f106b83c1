//! Payelata's life cycles: invoice -> hosted page or cardgate sale -> processed, tokenization
//! and charge by token, 3-D Secure through `auth_payload`, partial refunds, payouts, invoice
//! lifetime, and callbacks signed with the test or live secret.

mod common;

use std::time::Duration;

use common::*;
use payments_sandbox::cards;
use serde_json::{Value, json};

fn attrs(reference: &str, amount: &Value, shop: &Shop, test_mode: bool) -> Value {
    json!({"reference_id": reference, "amount": amount, "currency": "UAH", "service": "payment_card_uah_hpp", "test_mode": test_mode,
           "description": "Order", "callback_url": shop.url("/callback"), "return_url": shop.url("/return")})
}

fn attr<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["data"]["attributes"][name]
}

#[tokio::test]
async fn an_invoice_is_paid_on_the_hosted_page_and_called_back_with_the_mode_s_secret() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let shop = Shop::start().await;
    let test = api
        .invoice(attrs("o-test", &json!(100.55), &shop, true))
        .await;
    assert_eq!(test.status, 201);
    let test = test.json();
    let id = test["data"]["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("cpi_"));
    assert_eq!(attr(&test, "serial_number"), id.trim_start_matches("cpi_"));
    assert_eq!(attr(&test, "status"), "created");
    assert_eq!(attr(&test, "metadata"), &json!([]), "an empty object is []");
    assert!(attr(&test, "created").is_i64(), "unix seconds");
    assert_eq!(
        test["data"]["links"]["self"],
        format!("/api/payment-invoices/{id}")
    );
    let action = attr(&test, "flow_data")["action"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(attr(&test, "flow_data")["method"], "GET");
    let done = submit(&api.client, &api.root, &action, "pay", &[]).await;
    assert_eq!(done.location(), shop.url("/return"));
    let fetched = api.fetch(&id).await;
    assert_eq!(attr(&fetched, "status"), "processed");
    assert_eq!(attr(&fetched, "processed_amount"), 100.55);
    assert_eq!(
        attr(&fetched, "payload")["payment_card"]["mask"],
        "424242******4242"
    );
    assert!(
        attr(&fetched, "payload").get("token").is_none(),
        "no token without tokenize"
    );

    let live = api
        .invoice(attrs("o-live", &json!(10), &shop, false))
        .await
        .json();
    submit(
        &api.client,
        &api.root,
        attr(&live, "flow_data")["action"].as_str().unwrap(),
        "pay",
        &[],
    )
    .await;
    sandbox
        .wait_for_webhooks(2, Duration::from_secs(3))
        .await
        .unwrap();
    let received = shop.received();
    assert_eq!(received.len(), 2);
    for (r, secret, other) in [
        (&received[0], &api.test_secret, &api.live_secret),
        (&received[1], &api.live_secret, &api.test_secret),
    ] {
        let signature = r.header("x-signature").unwrap();
        assert_eq!(signature, payelata_signature(secret, &r.body));
        assert_ne!(signature, payelata_signature(other, &r.body));
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["data"]["type"], "payment-invoices");
        assert_eq!(attr(&body, "status"), "processed");
    }
}

#[tokio::test]
async fn a_tokenized_card_is_charged_later_without_the_customer() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let shop = Shop::start().await;
    let mut first = attrs("t-1", &json!(1), &shop, true);
    first["customer"] = json!({"reference_id": "customer-1", "name": "John Doe"});
    first["gateway_options"] = json!({"cardgate": {"tokenize": true}});
    let invoice = api.invoice(first).await.json();
    assert_eq!(
        invoice["data"]["relationships"]["customer"]["data"]["type"],
        "customers"
    );
    let sale = api.sale(&invoice, h2h_card("5123810000000000")).await;
    assert_eq!(sale.status, 200, "{}", sale.text());
    assert_eq!(sale.json()["data"]["attributes"]["status"], "processed");
    let payload = attr(
        &api.fetch(invoice["data"]["id"].as_str().unwrap()).await,
        "payload",
    )
    .clone();
    let token = payload["token"].as_str().unwrap().to_owned();
    assert_eq!(payload["payment_card"]["mask"], "512381******0000");
    assert_eq!(payload["payment_card"]["brand"], "mastercard");

    let mut charge = attrs("t-2", &json!(25), &shop, true);
    charge["token"] = Value::from(token.clone());
    charge["customer"] = json!({"reference_id": "customer-1"});
    charge["gateway_options"] = json!({"cardgate": {"instant": true}});
    let created = api.invoice(charge.clone()).await.json();
    assert_eq!(attr(&created, "status"), "process_pending");
    assert_eq!(
        created["data"]["relationships"]["customer"], invoice["data"]["relationships"]["customer"],
        "the same customer"
    );
    let charged = api.sale(&created, json!({})).await;
    assert_eq!(charged.status, 200, "{}", charged.text());
    let fetched = api.fetch(created["data"]["id"].as_str().unwrap()).await;
    assert_eq!(attr(&fetched, "status"), "processed");
    assert_eq!(attr(&fetched, "payload")["token"], token.as_str());
    let twice = api.sale(&created, json!({})).await;
    assert_eq!(twice.status, 422, "a processed invoice is not paid twice");

    charge["reference_id"] = Value::from("t-3");
    charge["customer"] = json!({"reference_id": "someone-else"});
    assert_eq!(
        api.invoice(charge.clone()).await.status,
        422,
        "a token belongs to its customer"
    );
    charge["customer"] = Value::Null;
    assert_eq!(
        api.invoice(charge).await.status,
        422,
        "a token needs its customer"
    );

    let mut declined = attrs("t-4", &json!(30.01), &shop, true);
    declined["token"] = Value::from(token);
    declined["customer"] = json!({"reference_id": "customer-1"});
    declined["gateway_options"] = json!({"cardgate": {"instant": true}});
    let declined = api.invoice(declined).await.json();
    let answer = api.sale(&declined, json!({})).await.json();
    assert_eq!(answer["data"]["attributes"]["status"], "process_failed");
    assert_eq!(answer["data"]["attributes"]["resolution"], "declined");
}

#[tokio::test]
async fn a_host_to_host_sale_goes_through_three_d_secure() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let shop = Shop::start().await;
    let mut with_urls = attrs("h-1", &json!(100), &shop, true);
    with_urls["return_urls"] = json!({"success": shop.url("/ok"), "fail": shop.url("/fail")});
    let invoice = api.invoice(with_urls.clone()).await.json();
    let sale = api.sale(&invoice, h2h_card(cards::THREE_DS)).await;
    assert_eq!(sale.status, 201);
    let sale = sale.json();
    assert_eq!(
        sale["data"]["attributes"]["active_payment"]["status"],
        "authorize_required"
    );
    let auth = &sale["auth_payload"];
    assert_eq!(auth["method"], "POST");
    let creq = auth["params"]["creq"].as_str().unwrap();
    // The shop's auto-submitted form: POST the params to the action.
    let challenge = api
        .client
        .post_form(auth["action"].as_str().unwrap(), &[], &[("creq", creq)])
        .await;
    assert_eq!(challenge.status, 200);
    let mut form = PageForm::parse(&challenge.text()).unwrap();
    assert_eq!(form.buttons, ["pass", "fail"]);
    form.set("action", "pass");
    let pairs: Vec<(&str, &str)> = form
        .inputs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let done = api
        .client
        .post_form(&format!("{}{}", api.root, form.action), &[], &pairs)
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(done.location(), shop.url("/ok"));
    assert_eq!(
        attr(
            &api.fetch(invoice["data"]["id"].as_str().unwrap()).await,
            "status"
        ),
        "processed"
    );

    with_urls["reference_id"] = Value::from("h-2");
    let failing = api.invoice(with_urls).await.json();
    let sale = api.sale(&failing, h2h_card(cards::APPROVE)).await;
    assert_eq!(sale.status, 200, "an ordinary card needs no 3DS");
    let mut other = attrs("h-3", &json!(100.03), &shop, true);
    other["return_urls"] = json!({"fail": shop.url("/fail")});
    let amount_3ds = api.invoice(other).await.json();
    let sale = api.sale(&amount_3ds, h2h_card(cards::APPROVE)).await.json();
    let action = sale["auth_payload"]["action"].as_str().unwrap();
    let failed = submit(&api.client, &api.root, action, "fail", &[]).await;
    assert_eq!(failed.location(), shop.url("/fail"));
    let fetched = api.fetch(amount_3ds["data"]["id"].as_str().unwrap()).await;
    assert_eq!(attr(&fetched, "status"), "process_failed");
    assert_eq!(attr(&fetched, "resolution"), "authentication_failed");

    let bad_card = api
        .invoice(attrs("h-4", &json!(1), &shop, true))
        .await
        .json();
    let mut card = h2h_card(cards::APPROVE);
    card["exp_month"] = Value::from("4");
    assert_eq!(
        api.sale(&bad_card, card).await.status,
        422,
        "the month is two digits"
    );
}

#[tokio::test]
async fn refunds_are_partial_until_nothing_is_left() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let shop = Shop::start().await;
    let invoice = api
        .invoice(attrs("r-1", &json!(100), &shop, true))
        .await
        .json();
    let id = invoice["data"]["id"].as_str().unwrap().to_owned();
    let refund = |amount: Value, reference: Option<&str>| {
        let mut a = json!({"invoiceId": id, "amount": amount, "description": "return"});
        if let Some(r) = reference {
            a["reference_id"] = Value::from(r);
        }
        json!({"data": {"type": "refund", "attributes": a}})
    };
    let early = api
        .post(
            &format!("/payment-invoices/{id}/refund"),
            &refund(json!(10), Some("R-0")),
        )
        .await;
    assert_eq!(early.status, 422, "nothing processed yet");
    api.sale(&invoice, h2h_card(cards::APPROVE)).await;
    let missing_reference = api
        .post(
            &format!("/payment-invoices/{id}/refund"),
            &refund(json!(10), None),
        )
        .await;
    assert_eq!(
        missing_reference.status, 422,
        "reference_id is required in practice"
    );
    assert!(missing_reference.json()["request_id"].is_string());
    let part = api
        .post(
            &format!("/payment-invoices/{id}/refund"),
            &refund(json!(30.5), Some("R-1")),
        )
        .await;
    assert_eq!(part.status, 201);
    assert_eq!(part.json()["data"]["type"], "refunds");
    assert!(
        part.json()["data"]["links"]["self"]
            .as_str()
            .unwrap()
            .starts_with("/refunds/ref_")
    );
    let after = api.fetch(&id).await;
    assert_eq!(attr(&after, "status"), "partially_refunded");
    assert_eq!(attr(&after, "refunded_amount"), 30.5);
    assert_eq!(
        api.post(
            &format!("/payment-invoices/{id}/refund"),
            &refund(json!(69.51), Some("R-2"))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        api.post(
            &format!("/payment-invoices/{id}/refund"),
            &refund(json!(69.5), Some("R-2"))
        )
        .await
        .status,
        201
    );
    assert_eq!(attr(&api.fetch(&id).await, "status"), "refunded");
    assert_eq!(
        api.post(
            &format!("/payment-invoices/{id}/refund"),
            &refund(json!(1), Some("R-3"))
        )
        .await
        .status,
        422
    );
    let refund_id = part.json()["data"]["id"].as_str().unwrap().to_owned();
    // The relative `links.self` of both documents resolve against the sandbox root.
    let basic = {
        use base64::Engine as _;
        let p = sandbox.payelata();
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", p.account_id, p.api_key))
        )
    };
    for link in [
        part.json()["data"]["links"]["self"]
            .as_str()
            .unwrap()
            .to_owned(),
        invoice["data"]["links"]["self"]
            .as_str()
            .unwrap()
            .to_owned(),
    ] {
        let answer = api
            .client
            .get(&format!("{}{link}", api.root), &[("authorization", &basic)])
            .await;
        assert_eq!(answer.status, 200, "{link}");
    }
    assert_eq!(
        api.get(&format!("/refunds/{refund_id}")).await.json()["data"]["attributes"]["amount"],
        30.5
    );
    let statuses: Vec<String> = sandbox
        .wait_for_webhooks(3, Duration::from_secs(3))
        .await
        .unwrap()
        .iter()
        .map(|d| d.event.clone())
        .collect();
    assert_eq!(
        statuses,
        [
            "payment-invoices.processed",
            "payment-invoices.partially_refunded",
            "payment-invoices.refunded"
        ]
    );
}

#[tokio::test]
async fn payouts_process_later_and_can_fail() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let shop = Shop::start().await;
    let payout = |reference: &str, card: &str| {
        json!({"data": {"type": "payout-invoices", "attributes": {"reference_id": reference, "amount": 500, "currency": "UAH", "service": "payment_card_uah",
            "fields": {"card_number": card}, "test_mode": true, "callback_url": shop.url("/payouts")}}})
    };
    let created = api
        .post("/payout-invoices", &payout("po-1", cards::APPROVE))
        .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let id = created.json()["data"]["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("cpoi_"));
    assert_eq!(attr(&created.json(), "status"), "processing");
    assert_eq!(
        attr(&created.json(), "fields")["card_number"],
        "424242******4242"
    );
    let failed = api
        .post("/payout-invoices", &payout("po-2", cards::DECLINE))
        .await
        .json();
    sandbox
        .wait_for_webhooks(2, Duration::from_secs(3))
        .await
        .unwrap();
    assert_eq!(
        attr(
            &api.get(&format!("/payout-invoices/{id}")).await.json(),
            "status"
        ),
        "processed"
    );
    let failed = api
        .get(&format!(
            "/payout-invoices/{}",
            failed["data"]["id"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(attr(&failed, "status"), "process_failed");
    assert_eq!(attr(&failed, "resolution"), "DECLINED_ERROR");
    for r in shop.received() {
        assert_eq!(
            r.header("x-signature").unwrap(),
            payelata_signature(&api.test_secret, &r.body)
        );
    }
    assert_eq!(
        api.post("/payout-invoices", &payout("po-1", cards::APPROVE))
            .await
            .status,
        422,
        "the reference is taken"
    );
    assert_eq!(api.get("/payout-invoices/cpoi_nope").await.status, 404);
}

#[tokio::test]
async fn an_unpaid_invoice_expires_with_its_bearer() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let shop = Shop::start().await;
    let invoice = api
        .invoice(attrs("e-1", &json!(10), &shop, true))
        .await
        .json();
    let action = attr(&invoice, "flow_data")["action"]
        .as_str()
        .unwrap()
        .to_owned();
    sandbox.advance_clock(Duration::from_secs(31 * 60));
    let fetched = api.fetch(invoice["data"]["id"].as_str().unwrap()).await;
    assert_eq!(attr(&fetched, "status"), "expired");
    assert_eq!(
        sandbox
            .wait_for_webhooks(1, Duration::from_secs(3))
            .await
            .unwrap()[0]
            .event,
        "payment-invoices.expired"
    );
    assert_eq!(
        api.sale(&invoice, h2h_card(cards::APPROVE)).await.status,
        401,
        "the bearer has expired"
    );
    assert!(PageForm::parse(&api.client.get(&action, &[]).await.text()).is_none());
}

#[tokio::test]
async fn the_payer_can_decline_or_cancel_and_lists_filter_and_page() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let shop = Shop::start().await;
    for (reference, button, status) in [
        ("p-1", "decline", "process_failed"),
        ("p-2", "cancel", "terminated"),
    ] {
        let invoice = api
            .invoice(attrs(reference, &json!(10), &shop, true))
            .await
            .json();
        let answer = submit(
            &api.client,
            &api.root,
            attr(&invoice, "flow_data")["action"].as_str().unwrap(),
            button,
            &[],
        )
        .await;
        assert_eq!(answer.location(), shop.url("/return"));
        assert_eq!(
            attr(
                &api.fetch(invoice["data"]["id"].as_str().unwrap()).await,
                "status"
            ),
            status
        );
    }
    api.invoice(attrs("p-3", &json!(10), &shop, true)).await;
    let filtered = api
        .get("/payment-invoices?filter[status]=terminated")
        .await
        .json();
    assert_eq!(filtered["data"].as_array().unwrap().len(), 1);
    assert_eq!(filtered["data"][0]["attributes"]["reference_id"], "p-2");
    let page = api.get("/payment-invoices?page[size]=2").await.json();
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        page["data"][0]["attributes"]["reference_id"], "p-3",
        "newest first"
    );
    let next = page["links"]["next"].as_str().unwrap();
    let rest = api
        .client
        .get(
            &format!("{}{}", api.root, next.replacen("/api", "/payelata/api", 1)),
            &[(
                "authorization",
                &format!("Basic {}", {
                    use base64::Engine as _;
                    let p = sandbox.payelata();
                    base64::engine::general_purpose::STANDARD
                        .encode(format!("{}:{}", p.account_id, p.api_key))
                }),
            )],
        )
        .await
        .json();
    assert_eq!(rest["data"].as_array().unwrap().len(), 1);
    assert!(rest["links"].get("next").is_none());
    assert_eq!(
        api.invoice(attrs("p-3", &json!(10), &shop, true))
            .await
            .status,
        422,
        "reference_id is unique"
    );
    let mut mismatch = attrs("p-4", &json!(10), &shop, true);
    mismatch["service"] = Value::from("payment_card_usd_hpp");
    assert_eq!(
        api.invoice(mismatch).await.status,
        422,
        "a USD service cannot take UAH"
    );
    assert_eq!(api.get("/payment-invoices/cpi_nope").await.status, 404);
}
