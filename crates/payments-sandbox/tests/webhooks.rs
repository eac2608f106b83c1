//! Webhook delivery: retries with backoff on a failed answer, giving up after the last
//! attempt, the admin listing, and waiting for deliveries.

mod common;

use std::time::Duration;

use common::*;
use payments_sandbox::{DeliveryState, Provider, Sandbox, WebhookRetry};
use serde_json::json;

async fn finline_purchase(sandbox: &Sandbox, order_id: &str, server_url: &str) {
    let api = Finline::new(sandbox);
    let body = json!({"mode": "direct", "method": "purchase", "amount": 10, "currency": "UAH", "order_id": order_id,
        "cc_number": payments_sandbox::cards::APPROVE, "exp_month": 1, "exp_year": 30, "card_cvv": "123", "server_url": server_url});
    assert_eq!(api.post("/payment", &body).await.status, 200);
}

#[tokio::test]
async fn a_failed_answer_is_retried_with_backoff_until_accepted() {
    let sandbox = sandbox().await;
    let shop = Shop::answering(&[500, 503]).await;
    finline_purchase(&sandbox, "w-1", &shop.url("/hook")).await;
    let deliveries = sandbox
        .wait_for_webhooks(1, Duration::from_secs(3))
        .await
        .unwrap();
    let d = &deliveries[0];
    assert_eq!(d.provider, Provider::Finline);
    assert_eq!(d.state, DeliveryState::Delivered);
    let statuses: Vec<Option<u16>> = d.attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(500), Some(503), Some(200)]);
    assert_eq!(d.last_status(), Some(200));
    // 30 ms, then 60 ms between attempts.
    let gap1 = d.attempts[1].at - d.attempts[0].at;
    let gap2 = d.attempts[2].at - d.attempts[1].at;
    assert!(gap1 >= time::Duration::milliseconds(30), "{gap1}");
    assert!(gap2 >= time::Duration::milliseconds(60), "{gap2}");
    let received = shop.received();
    assert_eq!(received.len(), 3);
    assert!(
        received.iter().all(|r| r.body == received[0].body),
        "every attempt sends the same signed body"
    );
    assert_eq!(d.body, received[0].text());
    assert_eq!(
        d.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
}

#[tokio::test]
async fn delivery_gives_up_after_the_last_attempt() {
    let sandbox = sandbox().await;
    let shop = Shop::answering(&[500, 500, 500, 500, 500]).await;
    finline_purchase(&sandbox, "w-2", &shop.url("/hook")).await;
    let deliveries = sandbox
        .wait_for_webhooks(1, Duration::from_secs(3))
        .await
        .unwrap();
    assert_eq!(deliveries[0].state, DeliveryState::Failed);
    assert_eq!(
        deliveries[0].attempts.len(),
        4,
        "the test sandbox makes 4 attempts"
    );
    assert_eq!(shop.received().len(), 4);

    // Nobody listening: every attempt records the connection error.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    finline_purchase(&sandbox, "w-3", &format!("http://{closed}/hook")).await;
    let deliveries = sandbox
        .wait_for_webhooks(2, Duration::from_secs(3))
        .await
        .unwrap();
    let d = &deliveries[1];
    assert_eq!(d.state, DeliveryState::Failed);
    assert!(
        d.attempts
            .iter()
            .all(|a| a.status.is_none() && a.error.is_some())
    );
}

#[tokio::test]
async fn payelata_wants_exactly_200_while_askell_takes_any_2xx() {
    let sandbox = Sandbox::builder()
        .processing_delay(Duration::from_millis(20))
        .webhook_retry(WebhookRetry::new(Duration::from_millis(20), 2))
        .start()
        .await
        .unwrap();
    let shop = Shop::answering(&[201, 201]).await;
    let payelata = Payelata::new(&sandbox);
    let invoice = payelata
        .invoice(json!({"reference_id": "w-4", "amount": 10, "currency": "UAH", "service": "payment_card_uah_hpp", "test_mode": true, "callback_url": shop.url("/p")}))
        .await
        .json();
    payelata
        .sale(&invoice, h2h_card(payments_sandbox::cards::APPROVE))
        .await;
    let deliveries = sandbox
        .wait_for_webhooks(1, Duration::from_secs(3))
        .await
        .unwrap();
    assert_eq!(
        deliveries[0].state,
        DeliveryState::Failed,
        "201 is not 200 for Payelata"
    );

    let shop = Shop::answering(&[204]).await;
    let askell = Askell::new(&sandbox);
    askell
        .post(
            "/webhooks/",
            &json!({"url": shop.url("/a"), "event": "customer.created"}),
        )
        .await;
    askell.post("/customers/", &json!({"customer_reference": "w", "email": "w@x.is", "first_name": "W", "last_name": "X"})).await;
    let deliveries = sandbox
        .wait_for_webhooks(2, Duration::from_secs(3))
        .await
        .unwrap();
    assert_eq!(deliveries[1].state, DeliveryState::Delivered);
    assert_eq!(deliveries[1].attempts.len(), 1);
}

#[tokio::test]
async fn the_admin_endpoint_lists_every_delivery() {
    let sandbox = sandbox().await;
    let shop = Shop::answering(&[500]).await;
    finline_purchase(&sandbox, "w-5", &shop.url("/hook")).await;
    sandbox
        .wait_for_webhooks(1, Duration::from_secs(3))
        .await
        .unwrap();
    let client = Client::new();
    let list = client
        .get(&format!("{}/admin/webhooks", sandbox.url()), &[])
        .await
        .json();
    let d = &list[0];
    assert_eq!(d["provider"], "finline");
    assert_eq!(d["event"], "purchase");
    assert_eq!(d["url"], shop.url("/hook"));
    assert_eq!(d["attempts"], 2);
    assert_eq!(d["last_status"], 200);
    assert_eq!(d["state"], "delivered");
    assert_eq!(
        d["headers"]["Content-Type"],
        "application/x-www-form-urlencoded"
    );
    assert!(d["body"].as_str().unwrap().starts_with("data="));
    assert_eq!(d["attempt_log"][0]["status"], 500);
    let none = client
        .get(
            &format!("{}/admin/webhooks?provider=barion", sandbox.url()),
            &[],
        )
        .await
        .json();
    assert_eq!(none, json!([]));
}

#[tokio::test]
async fn waiting_times_out_with_what_is_there() {
    let sandbox = Sandbox::builder()
        .webhook_retry(WebhookRetry::new(Duration::from_secs(5), 3))
        .start()
        .await
        .unwrap();
    let shop = Shop::answering(&[500]).await;
    finline_purchase(&sandbox, "w-6", &shop.url("/hook")).await;
    let timeout = sandbox
        .wait_for_webhooks(1, Duration::from_millis(300))
        .await
        .unwrap_err();
    assert_eq!(timeout.wanted, 1);
    assert_eq!(timeout.settled, 0);
    assert_eq!(timeout.deliveries.len(), 1);
    assert_eq!(timeout.deliveries[0].state, DeliveryState::Pending);
    assert_eq!(timeout.deliveries[0].last_status(), Some(500));
    assert!(timeout.to_string().contains("0 of the 1"));
}
