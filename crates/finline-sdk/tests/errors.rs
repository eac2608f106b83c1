//! Error answers, unknown outcomes, retries, decode failures and local validation.

mod common;

use std::time::Duration;

use common::{
    API_KEY, API_SECRET, AUTH, ENDPOINTS_KEY, POS_ID, PREFIX, builder, builder_at, client,
    credentials, every_form, get, json_post, retrying_client,
};
use finline_sdk::{
    CaptureRequest, Card, CardData, Client, Credentials, Decimal, DirectPaymentRequest, ErrorArgs,
    ErrorCode, HostedPaymentRequest, OperationMethod, RefundRequest, Resolution, SecretString,
    SplitCaptureRequest, Status, VoidRequest,
};
use httpmock::MockServer;
use payments_core::ProviderEnvelope as _;
use serde_json::json;

const VOID_RESPONSE: &str = include_str!("../../../fixtures/finline/void-response.json");

fn void_body() -> serde_json::Value {
    json!({"pos_id": POS_ID, "order_id": "123", "order_currency": "UAH"})
}

#[tokio::test]
async fn a_503_on_void_is_an_unknown_outcome_resolved_by_the_order_status() {
    let server = MockServer::start_async().await;
    let void = server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(503).body("Service Unavailable");
        })
        .await;
    let status = server
        .mock_async(|when, then| {
            get(when, &format!("/pos/{POS_ID}/orders/123"));
            then.status(200).body(include_str!(
                "../../../fixtures/finline/order-status-response.json"
            ));
        })
        .await;

    // Even with retries on, a void is sent once.
    let client = retrying_client(&server);
    let err = client
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    void.assert_calls_async(1).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let unknown = err.outcome_unknown().expect("a 503 on a void is unknown");
    assert_eq!(
        unknown.resolve_with(),
        Some(&Resolution::new("order_status", "order_id", "123"))
    );
    assert_eq!(
        err.to_string(),
        "POST /void answered 503 Service Unavailable: Service Unavailable; the outcome is \
         unknown: the provider may have acted; resolve it with \
         Client::order_status(order_id = \"123\")"
    );

    // The status query the error names tells what happened: the void went through.
    let order = client.order_status("123").await.unwrap();
    status.assert_async().await;
    let voided = order.latest(&OperationMethod::Void).unwrap();
    assert_eq!(voided.status, Status::Success);
    assert_eq!(voided.status_code.as_ref().unwrap().as_str(), "1009");
}

#[tokio::test]
async fn a_500_on_capture_is_unknown_and_never_repeated() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/capture",
                json!({"pos_id": POS_ID, "order_id": "123", "order_currency": "UAH"}),
            );
            then.status(500)
                .body(r#"{"message":"Internal error","args":{"code":"E-500"}}"#);
        })
        .await;
    let err = retrying_client(&server)
        .capture(&CaptureRequest::full("123", "UAH"))
        .await
        .unwrap_err();
    mock.assert_calls_async(1).await;
    assert!(err.outcome_unknown().is_some());
    let envelope = err.envelope().unwrap();
    assert_eq!(
        envelope.error_code(),
        Some(&ErrorCode::Unknown("E-500".into()))
    );
    assert_eq!(err.provider_code(), Some("E-500"));
    assert_eq!(err.provider_message(), Some("Internal error"));
}

#[tokio::test]
async fn a_timeout_on_refund_is_an_unknown_outcome() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(
                when,
                "/refund",
                json!({"pos_id": POS_ID, "order_id": "124", "order_currency": "UAH"}),
            );
            then.status(200)
                .delay(Duration::from_millis(1500))
                .body(VOID_RESPONSE);
        })
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .refund(&RefundRequest::full("124", "UAH"))
        .await
        .unwrap_err();
    assert!(matches!(err, finline_sdk::Error::Timeout(_)), "{err:?}");
    assert_eq!(
        err.outcome_unknown().unwrap().resolve_with(),
        Some(&Resolution::new("order_status", "order_id", "124"))
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn a_429_on_the_status_query_is_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            get(when, &format!("/pos/{POS_ID}/orders/123"));
            then.status(429)
                .header("retry-after", "0")
                .body(r#"{"message":"Too many requests","args":{}}"#);
        })
        .await;
    let err = retrying_client(&server)
        .order_status("123")
        .await
        .unwrap_err();
    mock.assert_calls_async(3).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    // A read: nothing could have moved.
    assert!(err.outcome_unknown().is_none());
}

#[tokio::test]
async fn a_429_on_a_void_is_not_retried_and_not_unknown() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(429)
                .body(r#"{"message":"Too many requests","args":{}}"#);
        })
        .await;
    let err = retrying_client(&server)
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    mock.assert_calls_async(1).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.outcome_unknown().is_none());
    assert_eq!(err.provider_message(), Some("Too many requests"));
}

#[tokio::test]
async fn not_found_envelope_is_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            get(when, &format!("/pos/{POS_ID}/orders/nope"));
            then.status(404).body(include_str!(
                "../../../fixtures/finline/error-not-found.json"
            ));
        })
        .await;
    let err = client(&server).order_status("nope").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.error_code(), Some(&ErrorCode::NotFound));
    assert_eq!(envelope.message(), Some("Order not found"));
    assert!(err.outcome_unknown().is_none());
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn already_exists_envelope_is_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(
                when,
                "/payment",
                json!({
                    "pos_id": POS_ID, "mode": "hosted", "method": "purchase", "amount": 5,
                    "currency": "UAH", "description": "Again", "order_id": "123"
                }),
            );
            then.status(409).body(include_str!(
                "../../../fixtures/finline/error-already-exists.json"
            ));
        })
        .await;
    let err = client(&server)
        .create_hosted_payment(&HostedPaymentRequest::purchase(
            Decimal::from(5),
            "UAH",
            "Again",
            "123",
        ))
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.error_code(), Some(&ErrorCode::AlreadyExists));
    // A 4xx: the gateway refused, nothing happened.
    assert!(err.outcome_unknown().is_none());
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn violations_envelope_is_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(
                when,
                "/capture",
                json!({"pos_id": POS_ID, "order_id": "123", "order_currency": "UAH"}),
            );
            then.status(400).body(include_str!(
                "../../../fixtures/finline/error-violations.json"
            ));
        })
        .await;
    let err = client(&server)
        .capture(&CaptureRequest::full("123", "UAH"))
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.violations().len(), 1);
    assert_eq!(
        envelope.violations()[0].field_name.as_deref(),
        Some("amount")
    );
    assert_eq!(
        err.to_string(),
        "POST /capture answered 400 Bad Request: Invalid request; amount: Invalid value for amount: -1"
    );
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn legacy_args_envelope_is_kept() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(400).body(include_str!(
                "../../../fixtures/finline/error-legacy-args.json"
            ));
        })
        .await;
    let err = client(&server)
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.error_code(), None);
    assert!(
        matches!(&envelope.args, ErrorArgs::Other(v) if v["obj"][0]["msg"][0] == "error.path.missing")
    );
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn an_error_without_an_envelope_keeps_the_body() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(406).body("Not Acceptable");
        })
        .await;
    let err = client(&server)
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    assert!(err.envelope().is_none());
    match &err {
        finline_sdk::Error::Api(api) => assert_eq!(api.body, "Not Acceptable"),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_malformed_answer_is_a_decode_error_with_status_and_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            get(when, &format!("/pos/{POS_ID}/orders/123"));
            then.status(200)
                .body(r#"[{"order_id":"123","method":"auth","amount":"ten","currency":"UAH","status":"success"}]"#);
        })
        .await;
    let err = client(&server).order_status("123").await.unwrap_err();
    match err {
        finline_sdk::Error::Decode(e) => {
            assert_eq!(e.status.map(|s| s.as_u16()), Some(200));
            // (payments-core's amount reader appends serde_json's raw-value token.)
            assert!(e.path.starts_with("[0].amount"), "{}", e.path);
            assert!(e.excerpt.contains("\"ten\""));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn unknown_resolved_by(err: &finline_sdk::Error, order_id: &str) {
    assert_eq!(
        err.outcome_unknown().and_then(|u| u.resolve_with()),
        Some(&Resolution::new("order_status", "order_id", order_id)),
        "{err:?}"
    );
}

/// The gateway acted (a 2xx) but its answer cannot be read: the outcome is unknown, with the
/// typed status query, as for a 5xx.
#[tokio::test]
async fn a_2xx_that_cannot_be_read_on_a_write_is_an_unknown_outcome() {
    let server = MockServer::start_async().await;
    let void = server
        .mock_async(|when, then| {
            json_post(when, "/void", void_body());
            then.status(200)
                .header("content-type", "text/html")
                .body("<html><body>Maintenance</body></html>");
        })
        .await;
    let err = client(&server)
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    void.assert_async().await;
    assert!(
        matches!(err, finline_sdk::Error::Decode(ref e) if e.path == "." && e.excerpt.contains("Maintenance")),
        "{err:?}"
    );
    unknown_resolved_by(&err, "123");
    assert!(
        err.to_string()
            .ends_with("resolve it with Client::order_status(order_id = \"123\")"),
        "{err}"
    );

    // An empty 201 on a capture, truncated JSON on a refund.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path(format!("{PREFIX}/capture"));
            then.status(201);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path(format!("{PREFIX}/refund"));
            then.status(200).body(&VOID_RESPONSE[..40]);
        })
        .await;
    let err = client(&server)
        .capture(&CaptureRequest::full("c-1", "UAH"))
        .await
        .unwrap_err();
    unknown_resolved_by(&err, "c-1");
    let err = client(&server)
        .refund(&RefundRequest::full("r-1", "UAH"))
        .await
        .unwrap_err();
    unknown_resolved_by(&err, "r-1");

    // The same answer to a read is a plain decode error: nothing could have moved.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path(format!("{PREFIX}/pos/{POS_ID}/orders/123"));
            then.status(200).body("<html>oops</html>");
        })
        .await;
    let err = client(&server).order_status("123").await.unwrap_err();
    assert!(matches!(err, finline_sdk::Error::Decode(_)), "{err:?}");
    assert!(err.outcome_unknown().is_none());
}

#[tokio::test]
async fn a_hosted_payment_without_a_page_url_is_an_unknown_outcome() {
    // A redirect without a Location, and a 200 without redirect_url or Location.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path(format!("{PREFIX}/payment"));
            then.status(302);
        })
        .await;
    let request = HostedPaymentRequest::purchase(Decimal::ONE, "UAH", "x", "9");
    let err = client(&server)
        .create_hosted_payment(&request)
        .await
        .unwrap_err();
    assert!(
        matches!(err, finline_sdk::Error::Decode(ref e) if e.path == "Location"),
        "{err:?}"
    );
    unknown_resolved_by(&err, "9");
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path(format!("{PREFIX}/payment"));
            then.status(200).body(r#"{"redirect_url":null}"#);
        })
        .await;
    let err = client(&server)
        .create_hosted_payment(&request)
        .await
        .unwrap_err();
    assert!(
        matches!(err, finline_sdk::Error::Decode(ref e) if e.path == "redirect_url"),
        "{err:?}"
    );
    unknown_resolved_by(&err, "9");
}

/// Every documented limit fails locally: the mock, which would accept anything, sees no call.
#[tokio::test]
async fn invalid_requests_are_never_sent() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(VOID_RESPONSE);
        })
        .await;
    let client = client(&server);
    let card = || {
        Card::Data(CardData::new(
            SecretString::from("4242424242424242"),
            2,
            24,
            SecretString::from("111"),
        ))
    };

    let cases: Vec<(&str, finline_sdk::Error)> = vec![
        (
            "order_id",
            client
                .void(&VoidRequest::new("x".repeat(33), "UAH"))
                .await
                .unwrap_err(),
        ),
        (
            "comment",
            client
                .void(&VoidRequest::new("123", "UAH").comment("c".repeat(2049)))
                .await
                .unwrap_err(),
        ),
        (
            "order_currency",
            client
                .void(&VoidRequest::new("123", "uah"))
                .await
                .unwrap_err(),
        ),
        (
            "charge_amount",
            client
                .capture(&CaptureRequest::partial(
                    "123",
                    "UAH",
                    "10.005".parse().unwrap(),
                ))
                .await
                .unwrap_err(),
        ),
        (
            "refund_amount",
            client
                .refund(&RefundRequest::partial("123", "UAH", Decimal::ZERO))
                .await
                .unwrap_err(),
        ),
        (
            "amount",
            client
                .create_hosted_payment(&HostedPaymentRequest::purchase(
                    "-1".parse().unwrap(),
                    "UAH",
                    "x",
                    "1",
                ))
                .await
                .unwrap_err(),
        ),
        (
            "split",
            client
                .split_capture(&SplitCaptureRequest::new("1", "UAH", Decimal::ONE, vec![]))
                .await
                .unwrap_err(),
        ),
        (
            "card_cvv",
            client
                .create_direct_payment(&DirectPaymentRequest::auth(
                    Decimal::ONE,
                    "UAH",
                    "x",
                    "1",
                    Card::Data(CardData::new(
                        SecretString::from("4242424242424242"),
                        2,
                        24,
                        SecretString::from("1x"),
                    )),
                ))
                .await
                .unwrap_err(),
        ),
        (
            "exp_month",
            client
                .create_direct_payment(&DirectPaymentRequest::auth(
                    Decimal::ONE,
                    "UAH",
                    "x",
                    "1",
                    Card::Data(CardData::new(
                        SecretString::from("4242424242424242"),
                        13,
                        24,
                        SecretString::from("111"),
                    )),
                ))
                .await
                .unwrap_err(),
        ),
        (
            "payload",
            client
                .create_direct_payment(
                    &DirectPaymentRequest::purchase(Decimal::ONE, "UAH", "x", "1", card())
                        .payload("p".repeat(4001)),
                )
                .await
                .unwrap_err(),
        ),
        (
            "order_id",
            client.order_status(&"9".repeat(40)).await.unwrap_err(),
        ),
    ];
    for (field, err) in cases {
        assert!(err.is_not_sent(), "{field}: {err:?}");
        match err {
            finline_sdk::Error::InvalidRequest(e) => assert_eq!(e.field, field),
            other => panic!("{field}: expected InvalidRequest, got {other:?}"),
        }
    }
    any.assert_calls_async(0).await;

    // At the limits themselves, requests go out.
    client
        .void(&VoidRequest::new("x".repeat(32), "UAH").comment("c".repeat(2048)))
        .await
        .unwrap();
    any.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_card_number_never_appears_in_a_validation_error() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let err = client
        .create_direct_payment(&DirectPaymentRequest::credit(
            Decimal::ONE,
            "UAH",
            "x",
            "1",
            SecretString::from("4111-1111-1111-1111"),
        ))
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("cc_number"), "{text}");
    assert!(!text.contains("4111"), "{text}");
}

#[tokio::test]
async fn the_chain_of_a_failed_connection_prints_each_cause_once() {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = builder_at(&format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = client
        .void(&VoidRequest::new("123", "UAH"))
        .await
        .unwrap_err();
    assert!(err.is_not_sent(), "{err:?}");
    assert!(err.outcome_unknown().is_none());
    let mut chain = vec![err.to_string()];
    let mut cause = std::error::Error::source(&err);
    while let Some(c) = cause {
        chain.push(c.to_string());
        cause = c.source();
    }
    assert_eq!(
        chain[0],
        "POST /void: the connection failed before sending (1 attempt)"
    );
    // Then reqwest's own chain, down to the socket's error, each once.
    assert_eq!(chain[1], "error sending request", "{chain:?}");
    assert!(chain.len() >= 3, "{chain:?}");
    for (i, line) in chain.iter().enumerate() {
        assert!(
            !chain[i + 1..].iter().any(|later| later == line),
            "{line} repeats in {chain:?}"
        );
    }
}

const PAN: &str = "4242424242424242";
const CVV: &str = "987";
const TOKEN: &str = "rcr:tok_supersecret77";

fn card() -> CardData {
    CardData::new(SecretString::from(PAN), 2, 24, SecretString::from(CVV))
}

const SECRETS: [&str; 7] = [AUTH, API_KEY, API_SECRET, ENDPOINTS_KEY, PAN, CVV, TOKEN];

fn assert_no_secret(texts: &[String]) {
    for text in texts {
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} shown in {text}");
        }
    }
}

#[test]
fn debug_never_shows_a_secret() {
    let shown = [
        format!("{:?}", credentials()),
        format!("{:?}", Client::builder(credentials())),
        format!("{:?}", Client::builder(credentials()).build().unwrap()),
        format!("{:?}", card()),
        format!("{:?}", Card::Data(card())),
        format!("{:?}", Card::Token(SecretString::from(TOKEN))),
        format!(
            "{:?}",
            DirectPaymentRequest::auth(Decimal::ONE, "UAH", "x", "1", Card::Data(card()))
        ),
        format!(
            "{:?}",
            DirectPaymentRequest::purchase(
                Decimal::ONE,
                "UAH",
                "x",
                "1",
                Card::Token(SecretString::from(TOKEN))
            )
        ),
        format!(
            "{:?}",
            DirectPaymentRequest::credit(Decimal::ONE, "UAH", "x", "1", SecretString::from(PAN))
        ),
    ];
    assert_no_secret(&shown);
    for text in &shown {
        assert!(!text.contains("CPAY"), "{text}");
        assert!(
            text.contains("redacted") || text.contains("Sensitive"),
            "{text}"
        );
    }
    // The POS id is not a secret and helps debugging.
    assert!(shown[2].contains(POS_ID));
}

#[test]
fn empty_or_unsendable_credentials_fail_at_build_without_echoing_them() {
    for (field, creds) in [
        (
            "api_key",
            Credentials {
                api_key: SecretString::from(""),
                ..credentials()
            },
        ),
        (
            "api_secret",
            Credentials {
                api_secret: SecretString::from("  "),
                ..credentials()
            },
        ),
        (
            "endpoints_key",
            Credentials {
                endpoints_key: SecretString::from(""),
                ..credentials()
            },
        ),
    ] {
        match Client::builder(creds).build().unwrap_err() {
            payments_core::BuildError::Invalid(e) => assert_eq!(e.field, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let err = Client::builder(Credentials {
        api_key: SecretString::from("bad\nkey-value"),
        ..credentials()
    })
    .build()
    .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("x-api-auth"), "{text}");
    assert!(!text.contains("key-value"), "{text}");
    assert!(!text.contains(API_SECRET), "{text}");
}

/// How the hostile server answers: every answer carries the whole request it got.
#[derive(Clone, Copy, Debug)]
enum Echo {
    /// 400 with the gateway's envelope: the request as the `message` (JSON-escaped), the body
    /// as `args.echo`, and the API key and secret named on their own.
    Envelope400,
    /// 400 with the raw request as plain text.
    Text400,
    /// 200 with the raw request: not JSON.
    Text200,
    /// 200 with JSON that is not an operation: `{"echo": <request body>, "auth": "<header>"}`.
    Json200,
    /// 400 and 200 with the raw request after bytes that are not UTF-8.
    Binary400,
    Binary200,
}

/// A local server (127.0.0.1) that reads each request whole and echoes it back as `echo` says.
/// It lives as long as the test's runtime.
async fn hostile_server(echo: Echo) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                let head_end = loop {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buf[..n]);
                    if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&request[..head_end]).into_owned();
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        let (name, value) = l.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                while request.len() < head_end + length {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    request.extend_from_slice(&buf[..n]);
                }
                let body = String::from_utf8_lossy(&request[head_end..]).into_owned();
                // The body first, so that it is inside every excerpt.
                let raw = format!("{body}\n{head}");
                let (key, secret) = head
                    .lines()
                    .find_map(|l| l.strip_prefix("x-api-auth: CPAY "))
                    .and_then(|v| v.split_once(':'))
                    .map(|(k, s)| (k.to_owned(), s.to_owned()))
                    .unwrap_or_default();
                let (status, answer): (u16, Vec<u8>) = match echo {
                    Echo::Envelope400 => (
                        400,
                        json!({
                            "message": format!("Unknown API key {key} (secret {secret}): {raw}"),
                            "args": {
                                "code": "P-400",
                                "echo": serde_json::from_str::<serde_json::Value>(&body)
                                    .unwrap_or_default()
                            }
                        })
                        .to_string()
                        .into_bytes(),
                    ),
                    Echo::Text400 => (400, raw.into_bytes()),
                    Echo::Text200 => (200, raw.into_bytes()),
                    Echo::Json200 => (
                        200,
                        format!(r#"{{"echo":{body},"auth":"CPAY {key}:{secret}"}}"#).into_bytes(),
                    ),
                    Echo::Binary400 | Echo::Binary200 => {
                        let mut bytes = b"\xff\xfe\x00binary ".to_vec();
                        bytes.extend_from_slice(&request[head_end..]);
                        bytes.extend_from_slice(format!(" key {key} secret {secret} ").as_bytes());
                        bytes.extend_from_slice(&request[..head_end]);
                        let status = if matches!(echo, Echo::Binary400) {
                            400
                        } else {
                            200
                        };
                        (status, bytes)
                    }
                };
                let mut response = format!(
                    "HTTP/1.1 {status} Echo\r\ncontent-type: application/json\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n",
                    answer.len()
                )
                .into_bytes();
                response.extend_from_slice(&answer);
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

/// Everything an error keeps or prints: `Display`, `Debug`, the source chain, the kept body,
/// the excerpt and the envelope.
fn kept_and_printed(err: &finline_sdk::Error) -> Vec<String> {
    let mut texts = every_form(err);
    match err {
        finline_sdk::Error::Api(api) => {
            texts.push(api.body.clone());
            texts.push(format!("{:?}", api.envelope));
        }
        finline_sdk::Error::Decode(e) => texts.push(e.excerpt.clone()),
        other => panic!("expected an answer, got {other:?}"),
    }
    texts
}

/// A gateway that echoes the request back, in an error, in an answer that does not decode, or
/// raw after bytes that are not UTF-8, never makes an error show the key, the secret, the
/// endpoints key, the card number, the CVV or the card token.
#[tokio::test]
async fn a_gateway_echoing_the_request_never_makes_an_error_show_a_secret() {
    for echo in [
        Echo::Envelope400,
        Echo::Text400,
        Echo::Text200,
        Echo::Json200,
        Echo::Binary400,
        Echo::Binary200,
    ] {
        let client = builder_at(&hostile_server(echo).await).build().unwrap();
        let errors = [
            client
                .create_direct_payment(&DirectPaymentRequest::auth(
                    Decimal::ONE,
                    "UAH",
                    "Order 1",
                    "1",
                    Card::Data(card()),
                ))
                .await
                .unwrap_err(),
            client
                .create_direct_payment(&DirectPaymentRequest::purchase(
                    Decimal::ONE,
                    "UAH",
                    "Order 2",
                    "2",
                    Card::Token(SecretString::from(TOKEN)),
                ))
                .await
                .unwrap_err(),
            client
                .create_direct_payment(&DirectPaymentRequest::credit(
                    Decimal::ONE,
                    "UAH",
                    "Payout 3",
                    "3",
                    SecretString::from(PAN),
                ))
                .await
                .unwrap_err(),
            client
                .void(&VoidRequest::new("4", "UAH"))
                .await
                .unwrap_err(),
        ];
        for err in &errors {
            let texts = kept_and_printed(err);
            assert_no_secret(&texts);
            // The echo did come back, with its secrets masked: the test can fail.
            assert!(
                texts.iter().any(|t| t.contains("*** redacted ***")),
                "{echo:?}: nothing was masked in {texts:?}"
            );
            assert!(
                texts.iter().any(|t| t.contains(POS_ID)),
                "{echo:?}: the echo is missing from {texts:?}"
            );
        }
        if let Echo::Envelope400 = echo {
            // The envelope is still typed, read from the masked body.
            let envelope = errors[0].envelope().expect("the envelope reads");
            assert_eq!(errors[0].provider_code(), Some("P-400"));
            let ErrorArgs::Code { other, .. } = &envelope.args else {
                panic!("{envelope:?}")
            };
            assert_eq!(other["echo"]["cc_number"], "*** redacted ***");
            assert_eq!(other["echo"]["card_cvv"], "*** redacted ***");
            assert_eq!(other["echo"]["exp_month"], 2);
        }
        if let Echo::Text200 | Echo::Json200 | Echo::Binary200 = echo {
            // A 2xx the SDK cannot read, on a write: the outcome is unknown.
            for (err, order_id) in errors.iter().zip(["1", "2", "3", "4"]) {
                unknown_resolved_by(err, order_id);
            }
        }
    }
}
