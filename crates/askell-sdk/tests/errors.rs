//! Errors: Askell's envelopes, decode failures with their serde path, unknown outcomes of writes
//! with the typed status query, retries, the error chain, and a hostile local server that
//! echoes the request back, which must never make a secret appear in any error.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use askell_sdk::{
    AttachPaymentMethod, CardDetails, Client, CreatePayment, Credentials, CustomerListQuery, Error,
    EventType, Payment, PublicClient, PublicCredentials, Resolution, RetryPolicy,
    TryStreamExt as _, WebhookCreate, dec,
};
use httpmock::prelude::*;
use payments_core::secret::REDACTED;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

const KEY: &str = "abcdef.abcdefgh1234567890";

fn client(server: &MockServer) -> Client {
    Client::builder(Credentials::new(KEY))
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

async fn answering(method: httpmock::Method, path: &str, status: u16, body: &str) -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(status).body(body);
        })
        .await;
    server
}

fn decode_error(err: Error) -> payments_core::DecodeError {
    match err {
        Error::Decode(e) => e,
        other => panic!("expected Decode, got {other:?}"),
    }
}

/// Every line of the error chain, the error's own first.
fn chain(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut lines = vec![err.to_string()];
    let mut cause = err.source();
    while let Some(c) = cause {
        lines.push(c.to_string());
        cause = c.source();
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Envelopes

#[tokio::test]
async fn the_v1_error_envelope_is_typed() {
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    let server = answering(
        POST,
        &format!("/payments/{id}/refund/"),
        400,
        include_str!("../../../fixtures/askell/payment-error-400.json"),
    )
    .await;
    let err = client(&server)
        .refund_payment(id.parse().unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.status.as_deref(), Some("error"));
    assert_eq!(
        envelope.error.as_deref(),
        Some("Payment is not in a failed state")
    );
    assert_eq!(
        err.provider_message(),
        Some("Payment is not in a failed state")
    );
    assert_eq!(err.provider_code(), None);
    assert!(
        err.outcome_unknown().is_none(),
        "a 400 is a definite answer"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "POST /payments/{id}/refund/ answered 400 Bad Request: Payment is not in a failed state"
        )
    );
}

#[tokio::test]
async fn the_drf_detail_envelope_is_typed_for_every_404() {
    let id = "00000000-0000-4000-8000-000000000000";
    let body = include_str!("../../../fixtures/askell/payment-error-404.json");
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(404).body(body);
        })
        .await;
    let c = client(&server);
    let errors = [
        c.payment(id.parse().unwrap())
            .await
            .map(|_| ())
            .unwrap_err(),
        c.customer("nobody").await.map(|_| ()).unwrap_err(),
        c.delete_customer("gone").await.unwrap_err(),
        c.subscription(404).await.map(|_| ()).unwrap_err(),
    ];
    for err in errors {
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
        assert_eq!(
            err.envelope().and_then(|e| e.detail.as_deref()),
            Some("Not found.")
        );
    }
    let Error::Api(api) = c.customer("nobody").await.unwrap_err() else {
        panic!("expected Api")
    };
    assert_eq!(api.path, "/customers/nobody/");
}

#[tokio::test]
async fn drf_field_errors_are_typed() {
    let server = answering(
        POST,
        "/payments/",
        400,
        include_str!("../../../fixtures/askell/payment-error-fields.json"),
    )
    .await;
    let err = client(&server)
        .create_payment(&CreatePayment::new("c-1", dec!(1), "ISK"))
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(
        envelope.fields["amount"],
        json!(["A valid number is required."])
    );
    assert_eq!(
        envelope.to_string(),
        "amount: A valid number is required.; currency: This field is required."
    );
}

#[tokio::test]
async fn a_400_without_the_usual_members_is_still_the_typed_envelope() {
    let server = answering(
        POST,
        "/customers/",
        400,
        include_str!("../../../fixtures/askell/customer-error-400.json"),
    )
    .await;
    let customer = askell_sdk::NewCustomer::new("1234", "e@x.is", "J", "J");
    let err = client(&server)
        .create_customer(&customer)
        .await
        .unwrap_err();
    insta::assert_debug_snapshot!("customer_error_400_envelope", err.envelope().unwrap());
    let server = answering(GET, "/hello/", 400, r#"{"status":null,"error":null}"#).await;
    let err = client(&server).hello().await.unwrap_err();
    assert_eq!(err.envelope().unwrap().to_string(), "(no message)");
}

#[tokio::test]
async fn a_wrong_key_is_the_drf_detail_envelope_and_never_shows_the_key() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/hello/")
                .header("authorization", "Api-Key wrong.key");
            then.status(403)
                .body(r#"{"detail":"Authentication credentials were not provided."}"#);
        })
        .await;
    let c = Client::builder(Credentials::new("wrong.key"))
        .base_url(server.base_url())
        .build()
        .unwrap();
    let err = c.hello().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(
        err.envelope().and_then(|e| e.detail.as_deref()),
        Some("Authentication credentials were not provided.")
    );
    assert!(!format!("{err} {err:?}").contains("wrong.key"));
}

#[tokio::test]
async fn a_non_json_error_keeps_the_raw_body() {
    let server = answering(GET, "/hello/", 503, "<html>maintenance</html>").await;
    match client(&server).hello().await.unwrap_err() {
        Error::Api(e) => {
            assert_eq!(e.status.as_u16(), 503);
            assert!(e.envelope.is_none());
            assert_eq!(e.body, "<html>maintenance</html>");
            assert!(e.outcome_unknown.is_none(), "a GET is a plain read");
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Decode errors keep their serde path

#[tokio::test]
async fn malformed_answers_are_decode_errors_naming_the_path() {
    let payment_id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    let cases: [(&str, String, &str); 6] = [
        ("/hello/", r#"{"status": 1}"#.into(), "status"),
        (
            "/customers/1234/",
            r#"{"id":1,"customer_reference":"1234","payment_method":[{"verified":"yes"}]}"#.into(),
            "payment_method[0].verified",
        ),
        (
            "/subscriptions/123/",
            r#"{"id":123,"billing_logs":[{"id":1},{"id":"two"}]}"#.into(),
            "billing_logs[1].id",
        ),
        (
            "/subscriptions/124/",
            r#"{"id":124,"plan":{"id":1,"amount":"one"}}"#.into(),
            "plan.amount",
        ),
        (
            "/transactions/00000000-0000-4000-8000-000000000001/receipt/",
            r#"{"receipt":7}"#.into(),
            "receipt",
        ),
        (
            "/payments/a19ca264-5dd4-4897-bcb8-47d84844a2bc/",
            r#"{"uuid":"a19ca264-5dd4-4897-bcb8-47d84844a2bc","transactions":[{"uuid":"951913b0-3b99-4c6c-a58c-3b8e7c18b488","amount":"one krona"}]}"#.into(),
            "transactions[0].amount",
        ),
    ];
    for (path, body, want) in cases {
        let server = answering(GET, path, 200, &body).await;
        let c = client(&server);
        let result = match path {
            "/hello/" => c.hello().await.map(|_| ()),
            "/customers/1234/" => c.customer("1234").await.map(|_| ()),
            "/subscriptions/123/" => c.subscription(123).await.map(|_| ()),
            "/subscriptions/124/" => c.subscription(124).await.map(|_| ()),
            p if p.starts_with("/transactions/") => c
                .transaction_receipt("00000000-0000-4000-8000-000000000001".parse().unwrap())
                .await
                .map(|_| ()),
            _ => c.payment(payment_id.parse().unwrap()).await.map(|_| ()),
        };
        let e = decode_error(result.unwrap_err());
        assert_eq!(e.status.map(|s| s.as_u16()), Some(200), "{path}");
        assert_eq!(e.path, want, "{path}");
        assert!(e.outcome_unknown.is_none(), "a read: {path}");
    }
}

#[tokio::test]
async fn list_decode_errors_keep_the_path_in_arrays_and_pages() {
    for (body, want) in [
        (
            r#"[{"id":1,"customer_reference":"a"},{"id":"two","customer_reference":"b"}]"#,
            "[1].id",
        ),
        (
            r#"{"count":1,"next":null,"previous":null,"results":[{"id":1}]}"#,
            "results[0]",
        ),
        ("<html>oops</html>", "."),
    ] {
        let server = answering(GET, "/customers/", 200, body).await;
        let result: Result<Vec<_>, _> = client(&server)
            .customers(&CustomerListQuery::new())
            .try_collect()
            .await;
        let e = decode_error(result.unwrap_err());
        assert!(e.path.starts_with(want), "{} vs {want}", e.path);
    }
}

#[tokio::test]
async fn an_array_of_two_payments_is_not_taken_for_one() {
    let id = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
    let one = include_str!("../../../fixtures/askell/payment-get.json");
    let server = answering(
        GET,
        &format!("/payments/{id}/"),
        200,
        &format!("[{one},{one}]"),
    )
    .await;
    let err = client(&server)
        .payment(id.parse().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn a_next_link_that_names_the_same_page_ends_the_stream_with_an_error() {
    let server = answering(
        GET,
        "/customers/",
        200,
        r#"{"count":9,"next":"https://askell.is/api/customers/?page_size=2","previous":null,"results":[]}"#,
    )
    .await;
    let result: Result<Vec<_>, _> = client(&server)
        .customers(&CustomerListQuery::new().page_size(2))
        .try_collect()
        .await;
    assert_eq!(decode_error(result.unwrap_err()).path, "next");
}

// ---------------------------------------------------------------------------------------------
// Unknown outcomes carry the typed status query

fn resolution(err: &Error) -> &Resolution {
    err.outcome_unknown()
        .and_then(|u| u.resolve_with())
        .unwrap_or_else(|| panic!("no resolution in {err:?}"))
}

#[tokio::test]
async fn a_write_that_gets_an_undecodable_2xx_says_the_outcome_is_unknown() {
    let id = "7e1f4c2a-3b5d-4e6f-8a9b-0c1d2e3f4a5b";
    let failed: Payment =
        serde_json::from_str(include_str!("../../../fixtures/askell/payment-failed.json")).unwrap();
    for body in ["<html>OK</html>", "", r#"{"uuid":"7e1f4c2a-3b5d"#] {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(POST);
                then.status(200).body(body);
            })
            .await;
        let c = client(&server);
        let retry = c.retry_payment(&failed).await.unwrap_err();
        assert!(matches!(retry, Error::Decode(_)), "{retry:?}");
        assert_eq!(resolution(&retry), &Resolution::new("payment", "uuid", id));
        assert!(
            retry
                .to_string()
                .ends_with(&format!("resolve it with Client::payment(uuid = \"{id}\")")),
            "{retry}"
        );
        let refund = c.refund_payment(id.parse().unwrap()).await.unwrap_err();
        assert_eq!(resolution(&refund), &Resolution::new("payment", "uuid", id));
        let created = c
            .create_payment(&CreatePayment::new("c-1", dec!(1), "ISK").reference("order-7"))
            .await
            .unwrap_err();
        assert_eq!(
            resolution(&created),
            &Resolution::new("payments", "reference", "order-7")
        );
        let multi = c
            .create_subscriptions(&askell_sdk::MultiSubscriptionCreate::new(
                askell_sdk::NewCustomer::new("cust-9", "e@x.is", "F", "L"),
                vec![askell_sdk::NewSubscription::new(1, "S")],
            ))
            .await
            .unwrap_err();
        assert_eq!(
            resolution(&multi),
            &Resolution::new("customer_subscriptions", "customer_reference", "cust-9")
        );
        let cancel = c.cancel_subscription(5).await.unwrap_err();
        assert_eq!(
            resolution(&cancel),
            &Resolution::new("subscription", "id", "5")
        );
    }
}

#[tokio::test]
async fn a_5xx_on_create_says_the_outcome_is_unknown_and_names_the_reference() {
    let server = answering(POST, "/payments/", 502, "<html>Bad gateway</html>").await;
    let c = client(&server);
    let err = c
        .create_payment(&CreatePayment::new("c-1", dec!(1), "ISK"))
        .await
        .unwrap_err();
    // Without a reference of its own, the payment is found by the customer's.
    assert_eq!(
        resolution(&err),
        &Resolution::new("payments", "customer_reference", "c-1")
    );
    assert!(err.envelope().is_none());
}

#[tokio::test]
async fn a_read_that_gets_an_undecodable_2xx_is_a_plain_decode_error() {
    let server = answering(GET, "/hello/", 200, "<html>").await;
    let err = client(&server).hello().await.unwrap_err();
    assert!(err.outcome_unknown().is_none());
}

#[tokio::test]
async fn writes_are_not_retried_but_reads_are() {
    let server = MockServer::start_async().await;
    let post = server
        .mock_async(|when, then| {
            when.method(POST).path("/customers/");
            then.status(503);
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/customers/1234/");
            then.status(503);
        })
        .await;
    let client = Client::builder(Credentials::new(KEY))
        .base_url(server.base_url())
        .retry(RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let customer = askell_sdk::NewCustomer::new("1234", "e@x.is", "J", "J");
    let err = client.create_customer(&customer).await.unwrap_err();
    assert_eq!(
        resolution(&err),
        &Resolution::new("customer", "customer_reference", "1234")
    );
    post.assert_calls_async(1).await;
    client.customer("1234").await.unwrap_err();
    get.assert_calls_async(3).await;
}

#[tokio::test]
async fn an_oversized_answer_is_its_own_error() {
    let server = answering(
        GET,
        "/payments/",
        200,
        &format!("[{}]", "1,".repeat(100) + "1"),
    )
    .await;
    let c = Client::builder(Credentials::new(KEY))
        .base_url(server.base_url())
        .max_response_size(64)
        .build()
        .unwrap();
    let result: Result<Vec<Payment>, _> = c.payments().try_collect().await;
    assert!(matches!(result, Err(Error::TooLarge(_))), "{result:?}");
}

#[tokio::test]
async fn the_error_chain_prints_each_cause_once() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = Client::builder(Credentials::new(KEY))
        .base_url(format!("http://{addr}"))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = c.hello().await.unwrap_err();
    assert!(err.is_not_sent(), "{err:?}");
    let lines = chain(&err);
    assert_eq!(
        lines[0],
        "GET /hello/: the connection failed before sending (1 attempt)"
    );
    assert!(lines.len() >= 2, "{lines:?}");
    for pair in lines.windows(2) {
        assert!(!pair[0].contains(&pair[1]), "{lines:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// A hostile local server: secrets echoed back never show

/// A secret key with characters that JSON escapes (`/`, `"`), so every spelling is tried.
const SECRET_KEY: &str = "abcdef.s3cr3t/live\"key";
const PUBLIC_KEY: &str = "pubpre.publ1c/k3y\"x";
const PAN: &str = "4111111111111111";
const CVC: &str = "737";
const TOKEN: &str = "637302f0412e2e11adc0ba21adafcf11";
const HMAC_SECRET: &str = "j209ilskdjfk,jsaæ.s7//+&.";

/// What must never appear: each secret, and a distinctive part of each. (The CVC, three
/// digits that a port number may hold, is looked for next to its member name.)
const NEVER: [&str; 10] = [
    "s3cr3t",
    "publ1c",
    PAN,
    TOKEN,
    "j209ilskdjfk",
    "jsaæ",
    "cvv_number\":\"737",
    "cvv_number\\\":\\\"737",
    "Api-Key abcdef",
    "Api-Key pubpre",
];

type Answer = Arc<dyn Fn(&[u8]) -> Vec<u8> + Send + Sync>;

/// A server on 127.0.0.1 answering every request with `answer(request bytes)`, written raw.
async fn hostile(answer: Answer) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let mut got = Vec::new();
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    got.extend_from_slice(&buf[..n]);
                    if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&got[..end]).to_lowercase();
                        let len = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if got.len() >= end + 4 + len {
                            break;
                        }
                    }
                }
                let _ = socket.write_all(&answer(&got)).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

fn http(status: u16, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// What a hostile server can repeat of a request without its member names: the key without
/// its scheme word (as a "wrong key …" message would) and every string value of a JSON body
/// (as a "card … declined" message would), space-separated.
fn loose_parts(req: &[u8]) -> String {
    let text = String::from_utf8_lossy(req);
    let mut parts = Vec::new();
    if let Some(line) = text
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
    {
        let value = line.split_once(':').map_or("", |(_, v)| v.trim());
        parts.push(value.trim_start_matches("Api-Key ").to_owned());
    }
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(body) {
        let mut stack = vec![json];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::String(s) => parts.push(s),
                serde_json::Value::Array(items) => stack.extend(items),
                serde_json::Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }
    parts.join(" ")
}

/// The request echoed in a JSON error envelope: whole as a JSON string (and with `/` escaped
/// too), and in loose parts without member names.
fn echo_envelope(status: u16) -> Answer {
    Arc::new(move |req| {
        let text = String::from_utf8_lossy(req);
        let quoted = serde_json::to_string(&text).unwrap();
        let loose = serde_json::to_string(&loose_parts(req)).unwrap();
        let body = format!(
            r#"{{"status":"error","error":{loose},"echo":{quoted},"echo_slashes":{},"hmac_secret":"{HMAC_SECRET}"}}"#,
            quoted.replace('/', "\\/")
        );
        http(status, body.as_bytes())
    })
}

/// The request echoed raw, bytes as received and in loose parts, in an answer that is not JSON.
fn echo_raw(status: u16) -> Answer {
    Arc::new(move |req| {
        let mut body = b"echo: ".to_vec();
        body.extend_from_slice(req);
        body.extend_from_slice(format!(" loose: {}", loose_parts(req)).as_bytes());
        body.extend_from_slice(format!(r#" "hmac_secret": "{HMAC_SECRET}""#).as_bytes());
        http(status, &body)
    })
}

/// A 200 that is JSON but not what the client expects, echoing the request inside.
fn echo_wrong_json() -> Answer {
    Arc::new(|req| {
        let text = String::from_utf8_lossy(req);
        let body = format!(
            r#"{{"hmac_secret":"{HMAC_SECRET}","token":"{TOKEN}","echo":{},"id":"not a number","uuid":"no"}}"#,
            serde_json::to_string(&text).unwrap()
        );
        http(200, body.as_bytes())
    })
}

/// Everything an error shows: Display, Debug (plain and pretty), the source chain, and the
/// bodies, envelope and excerpt it keeps.
fn every_form(err: &Error) -> String {
    let mut out = format!("{err}\n{err:?}\n{err:#?}\n{}\n", chain(err).join("\n"));
    match err {
        Error::Api(api) => {
            out.push_str(&api.body);
            if let Some(e) = &api.envelope {
                let _ = write!(out, "\n{e}\n{e:?}");
            }
        }
        Error::Decode(d) => out.push_str(&d.excerpt),
        _ => {}
    }
    out
}

fn assert_no_secret(err: &Error, what: &str) {
    let text = every_form(err);
    for secret in NEVER {
        assert!(
            !text.contains(secret),
            "{secret:?} leaked from {what}:\n{text}"
        );
    }
    // The echo did happen (the test can fail): what was masked is marked.
    assert!(
        text.contains(REDACTED),
        "{what}: nothing was echoed?\n{text}"
    );
}

async fn secret_client(answer: Answer) -> Client {
    Client::builder(Credentials::new(SECRET_KEY))
        .base_url(hostile(answer).await)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

async fn public_client(answer: Answer) -> PublicClient {
    PublicClient::builder(PublicCredentials::new(PUBLIC_KEY))
        .base_url(hostile(answer).await)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_api_key_never_shows_when_echoed() {
    for (answer, what) in [
        (echo_envelope(400), "a 400 envelope"),
        (echo_raw(500), "a raw 500"),
        (echo_raw(200), "an undecodable 200"),
        (echo_wrong_json(), "a 200 of the wrong shape"),
    ] {
        let c = secret_client(answer).await;
        let err = c.payment(Uuid::nil()).await.map(|_| ()).unwrap_err();
        assert_no_secret(&err, &format!("payment: {what}"));
        let err = c
            .create_payment(&CreatePayment::new("c-1", dec!(1), "ISK"))
            .await
            .unwrap_err();
        assert_no_secret(&err, &format!("create_payment: {what}"));
        let result: Result<Vec<_>, _> = c.customers(&CustomerListQuery::new()).try_collect().await;
        assert_no_secret(&result.unwrap_err(), &format!("customers: {what}"));
    }
}

#[tokio::test]
async fn card_data_and_the_public_key_never_show_when_echoed() {
    let card = CardDetails::new(PAN, "01", "29", CVC).plan(1);
    for (answer, what) in [
        (echo_envelope(400), "a 400 envelope"),
        (echo_raw(502), "a raw 502"),
        (echo_raw(201), "an undecodable 201"),
    ] {
        let p = public_client(answer).await;
        let err = p.create_temporary_payment_method(&card).await.unwrap_err();
        assert_no_secret(&err, &format!("create_temporary_payment_method: {what}"));
        // The CVC repeated without its member name (after the expiry month, see `loose_parts`).
        let text = every_form(&err);
        assert!(
            !text.contains("01 737"),
            "the CVC leaked from {what}:\n{text}"
        );
    }
}

#[tokio::test]
async fn payment_method_tokens_never_show_when_echoed() {
    for answer in [echo_envelope(400), echo_raw(500), echo_raw(201)] {
        let c = secret_client(answer).await;
        let multi = askell_sdk::MultiSubscriptionCreate::new(
            askell_sdk::NewCustomer::new("cust-1", "e@x.is", "F", "L"),
            vec![askell_sdk::NewSubscription::new(1, "S")],
        )
        .payment_method_token(TOKEN);
        let err = c.create_subscriptions(&multi).await.unwrap_err();
        assert_no_secret(&err, "create_subscriptions");
    }
    // A 2xx to attach has no body to read: only error answers are tried.
    for answer in [echo_envelope(400), echo_raw(500)] {
        let c = secret_client(answer).await;
        let err = c
            .attach_payment_method(&AttachPaymentMethod::new("cust-1", TOKEN))
            .await
            .unwrap_err();
        assert_no_secret(&err, "attach_payment_method");
    }
}

#[tokio::test]
async fn a_webhook_hmac_secret_never_shows_in_an_error_or_an_excerpt() {
    for (answer, what) in [
        (echo_wrong_json(), "a 200 of the wrong shape"),
        (echo_envelope(400), "a 400 envelope"),
        (echo_raw(200), "an undecodable 200"),
    ] {
        let c = secret_client(answer).await;
        let request = WebhookCreate::new("https://example.com/hooks/", EventType::PaymentAll);
        let err = c.create_webhook(&request).await.unwrap_err();
        assert_no_secret(&err, &format!("create_webhook: {what}"));
        let result: Result<Vec<_>, _> = c.webhooks().try_collect().await;
        assert_no_secret(&result.unwrap_err(), &format!("webhooks: {what}"));
    }
}

#[test]
fn no_type_holding_a_secret_shows_it_in_debug() {
    let builder = Client::builder(Credentials::new(SECRET_KEY));
    let credentials = Credentials::new(SECRET_KEY);
    let public = PublicClient::builder(PublicCredentials::new(PUBLIC_KEY));
    let card = CardDetails::new(PAN, "01", "29", CVC).plan(1);
    let attach = AttachPaymentMethod::new("c", TOKEN);
    let hooks: Vec<askell_sdk::Webhook> =
        serde_json::from_str(include_str!("../../../fixtures/askell/webhook-list.json")).unwrap();
    let verifier = askell_sdk::WebhookVerifier::from_webhook(&hooks[0]).unwrap();
    let texts = [
        format!("{builder:?} {credentials:?} {public:?}"),
        format!("{:?}", builder.build().unwrap()),
        format!("{:#?}", public.build().unwrap()),
        format!("{card:?} {card:#?} {attach:?}"),
        format!("{hooks:?} {hooks:#?} {verifier:?}"),
    ];
    for text in texts {
        for secret in NEVER {
            assert!(!text.contains(secret), "{secret:?} leaked in {text}");
        }
    }
}

#[tokio::test]
async fn a_request_id_from_the_answer_is_kept() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(500)
                .header("x-request-id", "req-42")
                .body(r#"{"detail":"boom"}"#);
        })
        .await;
    let err = client(&server)
        .refund_payment(Uuid::nil())
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("req-42"));
    assert!(err.outcome_unknown().is_some());
}
