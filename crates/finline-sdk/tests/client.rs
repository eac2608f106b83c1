//! Hosts, base URLs and the redirect fallbacks of a hosted payment.

mod common;

use common::{POS_ID, client, json_post};
use finline_sdk::{
    Client, Decimal, Environment, HostedPaymentRequest, RedirectSource, SecretString,
};
use httpmock::MockServer;
use serde_json::json;

fn builder() -> finline_sdk::ClientBuilder {
    Client::builder(
        POS_ID.parse().unwrap(),
        SecretString::from("k"),
        SecretString::from("s"),
        SecretString::from("e"),
    )
}

#[test]
fn finline_is_the_default_host_and_tranzzo_is_one_call_away() {
    assert_eq!(
        builder().build().unwrap().base_url(),
        "https://api.finline.io/api/v1"
    );
    assert_eq!(
        builder()
            .environment(Environment::Tranzzo)
            .build()
            .unwrap()
            .base_url(),
        "https://cpay.tranzzo.com/api/v1"
    );
    let custom = builder()
        .base_url("http://127.0.0.1:9/api/v1/")
        .build()
        .unwrap();
    assert_eq!(custom.base_url(), "http://127.0.0.1:9/api/v1");
    assert_eq!(custom.pos_id().to_string(), POS_ID);
    assert!(builder().base_url("ftp://x").build().is_err());
}

#[tokio::test]
async fn a_2xx_without_redirect_url_falls_back_to_location() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                json!({
                    "pos_id": POS_ID, "mode": "hosted", "method": "purchase", "amount": 1,
                    "currency": "UAH", "description": "d", "order_id": "7"
                }),
            );
            then.status(201)
                .header("location", "https://cpay.tranzzo.com/pay/7");
        })
        .await;
    let page = client(&server)
        .hosted_payment(&HostedPaymentRequest::purchase(
            Decimal::ONE,
            "UAH",
            "d",
            "7",
        ))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.redirect_url, "https://cpay.tranzzo.com/pay/7");
    assert_eq!(page.source, RedirectSource::Location);
}
