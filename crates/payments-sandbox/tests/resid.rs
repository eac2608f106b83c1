//! Resid's life cycle: a merchant, a payment request, the payer's payment, collect within 20
//! minutes of creation (else the money goes back), the envelope and the report list.

mod common;

use std::time::Duration;

use common::*;
use payments_core::http::Method;
use serde_json::Value;

async fn paid(
    api: &Resid,
    merchant: &str,
    amount: &str,
    extra: &[(&str, &str)],
    tip: &str,
) -> String {
    let token = api.payment(merchant, amount, extra).await.json()["info"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = submit(
        &api.client,
        &api.root,
        &format!("{}/resid/pay/{token}", api.root),
        "pay",
        &[("tip", tip)],
    )
    .await;
    assert_eq!(answer.status, 303);
    token
}

#[tokio::test]
async fn a_paid_request_is_collected_once_within_the_window() {
    let sandbox = sandbox().await;
    let api = Resid::new(&sandbox);
    let merchant = api.merchant().await;
    let created = api
        .payment(
            &merchant,
            "120000",
            &[("description", "Fare"), ("payload", "ride-7")],
        )
        .await;
    assert_eq!(created.json()["message"], "OK");
    let token = created.json()["info"]["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 9);
    let before = api.info(&token).await;
    assert!(before["outcome"].is_null(), "nothing paid yet");
    assert!(before["created"].as_str().unwrap().ends_with("+03:30"));
    assert_eq!(
        before["created"].as_str().unwrap().len(),
        "2017-05-14T14:01:50.632640+03:30".len()
    );
    let early = api.post(&format!("/payments/{token}/collect")).await;
    assert_eq!(early.status, 400);
    assert!(early.json()["errors"].as_array().unwrap().len() == 1);
    assert_eq!(early.json()["info"], serde_json::json!({}));

    let answer = submit(
        &api.client,
        &api.root,
        &format!("{}/resid/pay/{token}", api.root),
        "pay",
        &[("tip", "5000"), ("phone", "09121112233")],
    )
    .await;
    assert!(
        answer.location().ends_with(&format!("/resid/pay/{token}")),
        "Resid has no shop return URL"
    );
    let info = api.info(&token).await;
    assert_eq!(info["payer"], "0912*****33");
    assert_eq!(info["outcome"]["state"], "pending");
    assert_eq!(info["outcome"]["tip"], 5000);
    assert_eq!(info["outcome"]["total_amount"], 125_000);
    assert_eq!(info["outcome"]["method"], "asanpardakht");
    assert!(info["outcome"]["rrn"].is_string());
    assert!(info["paid"].is_null());
    assert_eq!(info["description"], "Fare");
    assert_eq!(info["payload"], "ride-7");
    assert_eq!(info["merchant"]["display_name"], "Asghar Farhadi");

    let collect = api.post(&format!("/payments/{token}/collect")).await;
    assert_eq!(collect.status, 200);
    assert_eq!(
        collect.json(),
        serde_json::json!({"message": "OK", "info": {}, "errors": []})
    );
    let info = api.info(&token).await;
    assert_eq!(info["outcome"]["state"], "success");
    assert!(info["paid"].as_str().unwrap().ends_with("+03:30"));
    let twice = api.post(&format!("/payments/{token}/collect")).await;
    assert_eq!(twice.status, 400);
    assert_ne!(twice.json()["message"], "OK");
    assert_eq!(api.post("/payments/nope/collect").await.status, 404);
}

#[tokio::test]
async fn an_uncollected_payment_goes_back_to_the_payer_after_twenty_minutes() {
    let sandbox = sandbox().await;
    let api = Resid::new(&sandbox);
    let merchant = api.merchant().await;
    let token = paid(&api, &merchant, "10000", &[], "0").await;
    sandbox.advance_clock(Duration::from_secs(19 * 60));
    assert_eq!(api.info(&token).await["outcome"]["state"], "pending");
    let late = paid(&api, &merchant, "10000", &[], "0").await;
    sandbox.advance_clock(Duration::from_secs(60));
    assert_eq!(api.info(&token).await["outcome"]["state"], "refunded");
    let refused = api.post(&format!("/payments/{token}/collect")).await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.json()["message"]
            .as_str()
            .unwrap()
            .contains("20 minutes")
    );
    assert_eq!(
        api.post(&format!("/payments/{late}/collect")).await.status,
        200,
        "the later request is still in its window"
    );
}

#[tokio::test]
async fn auto_collect_declines_and_three_d_secure() {
    let sandbox = sandbox().await;
    let api = Resid::new(&sandbox);
    let merchant = api.merchant().await;
    let auto = paid(&api, &merchant, "10000", &[("auto_collect", "true")], "0").await;
    assert_eq!(api.info(&auto).await["outcome"]["state"], "success");

    let declined = api.payment(&merchant, "10000", &[]).await.json()["info"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    submit(
        &api.client,
        &api.root,
        &format!("{}/resid/pay/{declined}", api.root),
        "decline",
        &[],
    )
    .await;
    let info = api.info(&declined).await;
    assert_eq!(info["outcome"]["state"], "failure");
    assert_eq!(info["outcome"]["state_error"], "declined");
    assert_eq!(
        api.post(&format!("/payments/{declined}/collect"))
            .await
            .status,
        400
    );

    let low = paid(&api, &merchant, "10002", &[], "0").await;
    assert_eq!(
        api.info(&low).await["outcome"]["state_error"],
        "insufficient_funds"
    );

    let secure = api.payment(&merchant, "10003", &[]).await.json()["info"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    pay_through(
        &api.client,
        &api.root,
        &format!("{}/resid/pay/{secure}", api.root),
        &["pay", "pass"],
    )
    .await;
    assert_eq!(api.info(&secure).await["outcome"]["state"], "pending");
}

#[tokio::test]
async fn merchants_register_by_form_or_multipart_with_a_logo() {
    let sandbox = sandbox().await;
    let api = Resid::new(&sandbox);
    let invalid = api
        .form(
            "/merchants",
            &[
                ("first_name", "A"),
                ("sheba", "DE123"),
                ("phone_number", "12"),
            ],
        )
        .await;
    assert_eq!(invalid.status, 400);
    let errors = invalid.json();
    let fields: Vec<&str> = errors["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "last_name",
        "national_no",
        "bank_code",
        "sheba",
        "phone_number",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    let boundary = "sandbox-boundary-7";
    let mut body = Vec::new();
    for (k, v) in [
        ("first_name", "Zahra"),
        ("last_name", "Ahmadi"),
        ("phone_number", "09350001122"),
        ("national_no", "1234567890"),
        ("sheba", "IR000000000000000000000001"),
        ("bank_code", "17"),
    ] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .into_bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n").into_bytes());
    body.extend(b"\x89PNG\r\n\x1a\nfake");
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    let ct = format!("multipart/form-data; boundary={boundary}");
    let created = api
        .client
        .send(
            Method::POST,
            &format!("{}/merchants", api.base),
            &[("authorization", &api.code), ("content-type", &ct)],
            body,
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    let info = created.json()["info"].clone();
    assert_eq!(info["bank_code"], 17);
    let logo_url = info["logo"].as_str().unwrap().to_owned();
    let logo = api.client.get(&logo_url, &[]).await;
    assert_eq!(logo.header("content-type"), Some("image/png"));
    assert!(logo.body.starts_with(b"\x89PNG"));
    let merchant = info["id"].as_str().unwrap();
    let token = api.payment(merchant, "5000", &[]).await.json()["info"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        api.info(&token).await["merchant"]["display_image"],
        logo_url.as_str()
    );
    let unknown = api.payment("nobody", "5000", &[]).await;
    assert_eq!(unknown.json()["errors"][0]["field"], "merchant");
}

#[tokio::test]
async fn the_list_pages_before_or_after_an_instant() {
    let sandbox = sandbox().await;
    let api = Resid::new(&sandbox);
    let merchant = api.merchant().await;
    let mut tokens = Vec::new();
    for _ in 0..3 {
        tokens.push(
            api.payment(&merchant, "1000", &[]).await.json()["info"]["token"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        sandbox.advance_clock(Duration::from_secs(60));
    }
    let list = |v: Value| -> Vec<String> {
        v["info"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["token"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = list(api.get("/payments").await.json());
    assert_eq!(
        all,
        [tokens[2].clone(), tokens[1].clone(), tokens[0].clone()],
        "newest first"
    );
    assert_eq!(
        list(api.get("/payments?size=1").await.json()),
        [tokens[2].clone()]
    );
    let second = api.info(&tokens[1]).await["created"]
        .as_str()
        .unwrap()
        .to_owned();
    let utc = time::OffsetDateTime::parse(&second, &time::format_description::well_known::Rfc3339)
        .unwrap();
    let utc = utc
        .to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let enc = encode_form(&[("before", &utc)]);
    assert_eq!(
        list(api.get(&format!("/payments?{enc}")).await.json()),
        [tokens[0].clone()]
    );
    let enc = encode_form(&[("after", &utc)]);
    assert_eq!(
        list(api.get(&format!("/payments?{enc}")).await.json()),
        [tokens[2].clone()]
    );
    assert_eq!(api.get("/payments?size=201").await.status, 400);
    let both = api
        .get(&format!(
            "/payments?{}",
            encode_form(&[("before", &utc), ("after", &utc)])
        ))
        .await;
    assert_eq!(both.status, 400);
}
