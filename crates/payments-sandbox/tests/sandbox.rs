//! The sandbox itself: builder options, the admin endpoints, the clock, the index page,
//! shutdown, and secrets kept out of `Debug`.

mod common;

use std::time::Duration;

use common::*;
use payments_sandbox::{Sandbox, defaults};
use serde_json::json;

#[tokio::test]
async fn the_builder_sets_port_credentials_and_public_url() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let sandbox = Sandbox::builder()
        .port(port)
        .public_url("http://sandbox.test:1234/")
        .askell_keys("k1.secret", "k1.public")
        .barion_pos_key("11111111-2222-3333-4444-555555555555")
        .resid_authorization_code("code-1")
        .finline_credentials(
            "00000000-0000-4000-8000-000000000001",
            "key",
            "secret",
            "endpoints",
        )
        .payelata_credentials("coma_1", "api-1")
        .payelata_secrets("sk_test_1", "sk_live_1")
        .start()
        .await
        .unwrap();
    assert_eq!(sandbox.addr().port(), port);
    assert_eq!(sandbox.url(), "http://sandbox.test:1234");
    assert_eq!(
        sandbox.askell().base_url,
        "http://sandbox.test:1234/askell/api"
    );
    assert_eq!(sandbox.askell().api_key, "k1.secret");
    assert_eq!(sandbox.resid().authorization_code, "code-1");
    assert_eq!(
        sandbox.finline().pos_id,
        "00000000-0000-4000-8000-000000000001"
    );
    assert_eq!(
        sandbox.payelata().cardgate_url,
        "http://sandbox.test:1234/payelata-cardgate"
    );
    assert_eq!(sandbox.payelata().live_secret, "sk_live_1");

    // The links handed out use the public URL; the API answers on the real address.
    let direct = format!("http://{}/barion", sandbox.addr());
    let client = Client::new();
    let started = client
        .post_json(
            &format!("{direct}/v2/Payment/Start"),
            &[("x-pos-key", "11111111-2222-3333-4444-555555555555")],
            &json!({"PaymentType": "Immediate", "FundingSources": ["All"], "PaymentRequestId": "P", "Locale": "hu-HU", "Currency": "HUF",
                    "Transactions": [{"POSTransactionId": "T", "Payee": "a@b.hu", "Total": 100, "Items": []}]}),
        )
        .await;
    assert!(
        started.json()["GatewayUrl"]
            .as_str()
            .unwrap()
            .starts_with("http://sandbox.test:1234/barion/Pay?id=")
    );
    let old_key = client
        .get(
            &format!(
                "{direct}/v4/Payment/{}/PaymentState",
                started.json()["PaymentId"].as_str().unwrap()
            ),
            &[("x-pos-key", defaults::BARION_POS_KEY)],
        )
        .await;
    assert_eq!(
        old_key.json()["Errors"][0]["ErrorCode"],
        "AuthenticationFailed"
    );
}

#[tokio::test]
async fn the_admin_clock_moves_forward_and_drives_deadlines() {
    let sandbox = sandbox().await;
    let client = Client::new();
    let admin = |p: &str| format!("{}/admin{p}", sandbox.url());
    let clock = client.get(&admin("/clock"), &[]).await.json();
    assert_eq!(clock["offset_seconds"], 0);
    assert!(clock["now"].as_str().unwrap().ends_with('Z'));
    let resid = Resid::new(&sandbox);
    let merchant = resid.merchant().await;
    let token = resid.payment(&merchant, "10000", &[]).await.json()["info"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    submit(
        &resid.client,
        &resid.root,
        &format!("{}/resid/pay/{token}", resid.root),
        "pay",
        &[],
    )
    .await;

    let moved = client
        .post_json(&admin("/clock/advance"), &[], &json!({"seconds": 1200}))
        .await
        .json();
    assert_eq!(moved["offset_seconds"], 1200);
    assert!(moved["unix"].as_i64().unwrap() >= clock["unix"].as_i64().unwrap() + 1200);
    assert_eq!(resid.info(&token).await["outcome"]["state"], "refunded");
    let by_query = client
        .post_form(&format!("{}?seconds=60", admin("/clock/advance")), &[], &[])
        .await
        .json();
    assert_eq!(by_query["offset_seconds"], 1260);
    assert_eq!(
        client
            .post_json(&admin("/clock/advance"), &[], &json!({"seconds": -5}))
            .await
            .status,
        400
    );
    assert!(sandbox.now() - time::OffsetDateTime::now_utc() >= time::Duration::seconds(1259));
    assert_eq!(client.get(&admin("/nothing"), &[]).await.status, 404);
}

#[tokio::test]
async fn the_config_and_index_tell_other_languages_everything() {
    let sandbox = sandbox().await;
    let client = Client::new();
    let config = client
        .get(&format!("{}/admin/config", sandbox.url()), &[])
        .await
        .json();
    assert_eq!(
        config["askell"]["base_url"],
        sandbox.askell().base_url.as_str()
    );
    assert_eq!(config["askell"]["api_key"], defaults::ASKELL_API_KEY);
    assert_eq!(config["barion"]["pos_key"], defaults::BARION_POS_KEY);
    assert_eq!(
        config["resid"]["authorization_code"],
        defaults::RESID_AUTHORIZATION_CODE
    );
    assert_eq!(
        config["finline"]["api_secret"],
        defaults::FINLINE_API_SECRET
    );
    assert_eq!(
        config["payelata"]["test_secret"],
        defaults::PAYELATA_TEST_SECRET
    );
    assert_eq!(config["test_cards"].as_array().unwrap().len(), 9);
    let index = client.get(&format!("{}/", sandbox.url()), &[]).await;
    assert!(
        index
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let html = index.text();
    for needle in [
        sandbox.barion().base_url.as_str(),
        "Financial Line",
        "/admin/webhooks",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert_eq!(
        client
            .get(&format!("{}/nowhere", sandbox.url()), &[])
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn shutdown_and_drop_stop_serving() {
    let sandbox = sandbox().await;
    let url = format!("{}/admin/clock", sandbox.url());
    let client = Client::new();
    assert_eq!(client.get(&url, &[]).await.status, 200);
    sandbox.shutdown().await;
    assert!(
        client
            .try_send(
                payments_core::http::Method::GET,
                &url,
                &[],
                bytes::Bytes::new()
            )
            .await
            .is_err()
    );

    let dropped = common::sandbox().await;
    let url = format!("{}/admin/clock", dropped.url());
    drop(dropped);
    let mut refused = false;
    for _ in 0..50 {
        if Client::new()
            .try_send(
                payments_core::http::Method::GET,
                &url,
                &[],
                bytes::Bytes::new(),
            )
            .await
            .is_err()
        {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "a dropped sandbox stops listening");
}

#[tokio::test]
async fn debug_output_never_shows_a_secret() {
    let builder = Sandbox::builder()
        .askell_keys("k.SECRET-A", "k.SECRET-B")
        .barion_pos_key("SECRET-C");
    let printed = format!("{builder:?}");
    let sandbox = builder.start().await.unwrap();
    let printed = format!(
        "{printed} {sandbox:?} {:?} {:?} {:?} {:?} {:?}",
        sandbox.askell(),
        sandbox.barion(),
        sandbox.resid(),
        sandbox.finline(),
        sandbox.payelata()
    );
    for secret in [
        "SECRET-A",
        "SECRET-B",
        "SECRET-C",
        defaults::RESID_AUTHORIZATION_CODE,
        defaults::FINLINE_API_SECRET,
        defaults::PAYELATA_API_KEY,
        defaults::PAYELATA_LIVE_SECRET,
    ] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
    assert!(printed.contains("/askell/api"));
}
