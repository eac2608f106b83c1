//! Every endpoint against a mock server: method, path, the exact `Authorization` header, the
//! exact form / query / multipart encoding, and a snapshot of the decoded answer.

use httpmock::prelude::*;
use resid_sdk::{
    Client, CreatePayment, Credentials, Gateway, ListPayments, Logo, MobileNumber, NationalCode,
    PageSize, PaymentState, RegisterMerchant, RetryPolicy, Rials, Sheba, Timestamp,
};
use time::macros::datetime;

/// Vector R3: the code `abc123` is sent as exactly `Authorization: abc123`.
const CODE: &str = "abc123";

const FX_CREATE: &str = include_str!("../../../fixtures/resid/payment-create-response.json");
const FX_COLLECT: &str = include_str!("../../../fixtures/resid/payment-collect-response.json");
const FX_GET: &str = include_str!("../../../fixtures/resid/payment-get-response.json");
const FX_LIST: &str = include_str!("../../../fixtures/resid/payment-list-response.json");
const FX_MERCHANT: &str = include_str!("../../../fixtures/resid/merchant-register-response.json");

const FORM: &str = "application/x-www-form-urlencoded";

fn client(server: &MockServer) -> Client {
    Client::builder(Credentials::new(CODE))
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn merchant_request() -> RegisterMerchant {
    RegisterMerchant::new(
        "Asghar",
        "Farhadi",
        MobileNumber::new("09123456789").unwrap(),
        NationalCode::new("0499370899").unwrap(),
        Sheba::new("IR062960000000100324200001").unwrap(),
        0,
    )
    .job_title("Programmer")
}

#[tokio::test]
async fn create_payment_sends_the_seed_form_and_returns_the_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/payments")
                .header("authorization", CODE)
                .header("content-type", FORM)
                .body("merchant=faSDF42w3Fs&amount=10000");
            then.status(200)
                .header("content-type", "application/json")
                .body(FX_CREATE);
        })
        .await;
    let created = client(&server)
        .create_payment(&CreatePayment::new("faSDF42w3Fs", Rials::new(10_000)))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(created.token, "AsF42Sg53");
    insta::assert_debug_snapshot!("create_payment", created);
}

#[tokio::test]
async fn create_payment_sends_optional_fields_only_when_set_in_order() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/payments")
                .header("authorization", CODE)
                .header("content-type", FORM)
                .body(
                    "merchant=faSDF42w3Fs&amount=10000\
                     &description=%DA%A9%D8%B1%D8%A7%DB%8C%D9%87+Tajrish+to+Azadi\
                     &payload=ride-1001%26x%3D1&auto_collect=false&preferred_method=asanpardakht",
                );
            then.status(200).body(FX_CREATE);
        })
        .await;
    let request = CreatePayment::new("faSDF42w3Fs", Rials::new(10_000))
        .description("کرایه Tajrish to Azadi")
        .payload("ride-1001&x=1")
        .auto_collect(false)
        .preferred_method(Gateway::AsanPardakht);
    client(&server).create_payment(&request).await.unwrap();
    mock.assert_async().await;

    // `true` is written as the word, and an unknown gateway as given.
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/payments")
                .body("merchant=m1&amount=5&auto_collect=true&preferred_method=sep");
            then.status(200).body(FX_CREATE);
        })
        .await;
    let request = CreatePayment::new("m1", Rials::new(5))
        .auto_collect(true)
        .preferred_method(Gateway::from_wire("sep"));
    client(&server).create_payment(&request).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn collect_payment_posts_an_empty_body_and_reads_an_empty_info() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/payments/AsF42Sg53/collect")
                .header("authorization", CODE)
                .header_missing("content-type")
                .body("");
            then.status(200).body(FX_COLLECT);
        })
        .await;
    let collected = client(&server).collect_payment("AsF42Sg53").await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!("collect_payment", collected);
}

#[tokio::test]
async fn payment_reads_the_seed_answer() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/payments/AsF42Sg53")
                .header("authorization", CODE)
                .is_true(|req| req.body_ref().is_empty());
            then.status(200).body(FX_GET);
        })
        .await;
    let p = client(&server).payment("AsF42Sg53").await.unwrap();
    mock.assert_async().await;

    // The values the seed prints (vector R1).
    assert_eq!(p.token, "AsF42Sg53");
    assert_eq!(p.amount, Some(Rials::new(10_000)));
    assert_eq!(p.payer.as_deref(), Some("0938*****25"));
    assert_eq!(p.description, "");
    assert_eq!(p.payload, "");
    assert_eq!(p.paid, None);
    let m = p.merchant.as_ref().unwrap();
    assert_eq!(
        (
            m.display_name.as_str(),
            m.display_image.as_str(),
            m.display_biz_name.as_str()
        ),
        ("", "", "")
    );
    let o = p.outcome.as_ref().unwrap();
    assert_eq!(o.rrn.as_deref(), Some("bank_reference_code"));
    assert_eq!(o.total_amount, Some(Rials::new(10_000)));
    assert_eq!(o.tip, Some(Rials::ZERO));
    assert_eq!(o.state, Some(PaymentState::Pending));
    assert_eq!(o.state_error, None);
    assert_eq!(o.method, Some(Gateway::AsanPardakht));
    // Vector R2: created in UTC, and the collect deadline 20 minutes on.
    assert_eq!(
        p.created_utc(),
        Some(datetime!(2017-05-14 09:31:50.632640 UTC))
    );
    let created = p.created.as_ref().unwrap().parsed().unwrap();
    assert_eq!(created.to_string(), "2017-05-14T09:31:50.632640Z");
    assert_eq!(created.offset().whole_minutes(), 270);
    assert_eq!(
        Timestamp::new(p.collect_deadline().unwrap())
            .unwrap()
            .to_string(),
        "2017-05-14T09:51:50.632640Z"
    );
    insta::assert_debug_snapshot!("payment", p);
}

#[tokio::test]
async fn payments_page_sends_the_seed_query_in_utc() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/payments")
                .header("authorization", CODE)
                .query_param("after", "2017-05-09T00:28:51.309004Z")
                .query_param("size", "1")
                // The exact text: filter first, then size; `:` percent-encoded.
                .is_true(|req| {
                    req.uri().query() == Some("after=2017-05-09T00%3A28%3A51.309004Z&size=1")
                });
            then.status(200).body(FX_LIST);
        })
        .await;
    // Given in Iran standard time, written in UTC.
    let query = ListPayments::after(datetime!(2017-05-09 03:58:51.309004 +03:30))
        .size(PageSize::new(1).unwrap());
    let page = client(&server).payments_page(&query).await.unwrap();
    mock.assert_async().await;
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].token, "AsF42Sg53");
    insta::assert_debug_snapshot!("payments_page", page);
}

#[tokio::test]
async fn payments_page_without_a_query_sends_none() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/payments")
                .header("authorization", CODE)
                .is_true(|req| req.uri().query().is_none());
            then.status(200).body(FX_LIST);
        })
        .await;
    let page = client(&server)
        .payments_page(&ListPayments::latest())
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.len(), 1);

    let before = server
        .mock_async(|when, then| {
            when.method(GET).path("/payments").is_true(|req| {
                req.uri().query() == Some("before=2017-05-14T09%3A31%3A50.632640Z&size=200")
            });
            then.status(200).body(FX_LIST);
        })
        .await;
    let query =
        ListPayments::before(datetime!(2017-05-14 14:01:50.632640 +04:30)).size(PageSize::MAX);
    client(&server).payments_page(&query).await.unwrap();
    before.assert_async().await;
}

#[tokio::test]
async fn register_merchant_without_a_logo_is_form_encoded() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/merchants")
                .header("authorization", CODE)
                .header("content-type", FORM)
                .body(
                    "first_name=Asghar&last_name=Farhadi&phone_number=09123456789\
                     &national_no=0499370899&sheba=IR062960000000100324200001&bank_code=0\
                     &job_title=Programmer",
                );
            then.status(200).body(FX_MERCHANT);
        })
        .await;
    let merchant = client(&server)
        .register_merchant(&merchant_request())
        .await
        .unwrap();
    mock.assert_async().await;
    // All the seed shows of the answer.
    assert_eq!(merchant.first_name.as_deref(), Some("Asghar"));
    assert_eq!(merchant.identifier(), None);
    insta::assert_debug_snapshot!("register_merchant_form", merchant);
}

/// The multipart body, given the boundary the request announced.
fn expected_multipart(boundary: &str, logo: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in [
        ("first_name", "Asghar"),
        ("last_name", "Farhadi"),
        ("phone_number", "09123456789"),
        ("national_no", "0499370899"),
        ("sheba", "IR062960000000100324200001"),
        ("bank_code", "0"),
        ("job_title", "Programmer"),
    ] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; \
             filename=\"asghar.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(logo);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

#[tokio::test]
async fn register_merchant_with_a_logo_is_multipart() {
    // Binary bytes, a CRLF and a would-be boundary line included.
    let logo: Vec<u8> = b"\x89PNG\r\n\x1a\n\x00\xff--not-a-boundary\r\n".to_vec();
    let expected_logo = logo.clone();
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/merchants")
                .header("authorization", CODE)
                .header_prefix("content-type", "multipart/form-data; boundary=")
                .is_true(move |req| {
                    let headers = req.headers();
                    let Some(boundary) = headers
                        .get("content-type")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.strip_prefix("multipart/form-data; boundary="))
                    else {
                        return false;
                    };
                    boundary.len() >= 30
                        && boundary.bytes().all(|b| b.is_ascii_alphanumeric())
                        && req.body_ref() == expected_multipart(boundary, &expected_logo)
                });
            then.status(200).body(
                r#"{"message":"OK","info":{"first_name":"Asghar","last_name":"Farhadi",
                "phone_number":"09123456789","national_no":"0499370899",
                "sheba":"IR062960000000100324200001","bank_code":0,"job_title":"Programmer",
                "logo":"https://resid.ir/media/logos/asghar.png","merchant":"faSDF42w3Fs"},
                "errors":[]}"#,
            );
        })
        .await;
    let request = merchant_request().logo(Logo::png("asghar.png", logo));
    let merchant = client(&server).register_merchant(&request).await.unwrap();
    mock.assert_async().await;
    // A guessed member name: Resid's docs do not name the identifier.
    assert_eq!(merchant.identifier(), Some("faSDF42w3Fs"));
    insta::assert_debug_snapshot!("register_merchant_multipart", merchant);
}

#[tokio::test]
async fn the_auth_header_is_the_bare_code() {
    // Vector R3, and nothing else carries the code.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/payments/AsF42Sg53").is_true(|req| {
                let auth: Vec<_> = req
                    .headers()
                    .get_all("authorization")
                    .iter()
                    .cloned()
                    .collect();
                auth.len() == 1 && auth[0] == "abc123" && req.uri().query().is_none()
            });
            then.status(200).body(FX_GET);
        })
        .await;
    client(&server).payment("AsF42Sg53").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn tokens_are_one_path_segment() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .is_true(|req| req.uri().path() == "/payments/a%2Fb%20c");
            then.status(200).body(FX_GET);
        })
        .await;
    client(&server).payment("a/b c").await.unwrap();
    mock.assert_async().await;
}
