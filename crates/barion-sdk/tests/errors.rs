//! Barion's error shapes, undecodable answers, retries, and a hostile local server echoing the
//! POSKey back: no form of any error shows it.

mod common;

use std::error::Error as _;
use std::time::Duration;

use barion_sdk::{
    CancelAuthorizationRequest, Client, CompleteRequest, Credentials, CurrencyCode, ErrorCode,
    Item, Locale, PaymentTransaction, PaymentType, RefundRequest, RetryPolicy, SecretString,
    StartPaymentRequest, TransactionToRefund, dec,
};
use common::{POS_KEY, POS_KEY_ECHO, client, id};
use httpmock::MockServer;
use payments_core::Error as CoreError;
use payments_core::http::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PAYMENT: &str = "f28b2b2572644d1084bbb3a7d8362337";

fn cancel() -> CancelAuthorizationRequest {
    CancelAuthorizationRequest::new(id(PAYMENT))
}

fn start_request() -> StartPaymentRequest {
    let mug = Item::new("Mug", "Blue mug", dec!(1), "piece", dec!(1000), dec!(1000));
    StartPaymentRequest::new(
        PaymentType::Immediate,
        "ORDER-0001-1",
        CurrencyCode::Huf,
        Locale::Hungarian,
        vec![PaymentTransaction::new("ORDER-0001-T1", "owner@shop.example", dec!(1000)).item(mug)],
    )
}

/// Every text an error offers: Display, both Debugs, and each cause of the chain.
fn every_text(err: &barion_sdk::Error) -> Vec<String> {
    let mut texts = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut cause = err.source();
    while let Some(c) = cause {
        texts.push(c.to_string());
        texts.push(format!("{c:?}"));
        cause = c.source();
    }
    if let CoreError::Api(api) = err {
        texts.push(api.body.clone());
    }
    if let CoreError::Decode(d) = err {
        texts.push(d.excerpt.clone());
    }
    texts
}

#[tokio::test]
async fn a_400_with_errors_is_typed_and_the_echoed_pos_key_is_masked() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/Payment/CancelAuthorization")
                .header("x-pos-key", POS_KEY);
            then.status(400).body(include_str!(
                "../../../fixtures/barion/error-authentication-failed.json"
            ));
        })
        .await;
    let err = client(&server)
        .cancel_authorization(&cancel())
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    let envelope = err.envelope().unwrap();
    assert!(envelope.has_code(&ErrorCode::AuthenticationFailed));
    assert_eq!(err.provider_code(), Some("AuthenticationFailed"));
    assert_eq!(err.provider_message(), Some("Authentication failed."));
    for text in every_text(&err) {
        assert!(!text.contains(POS_KEY_ECHO), "{text}");
    }
    assert_eq!(
        envelope.errors[0].auth_data.as_deref(),
        Some("*** redacted ***")
    );
    assert!(err.outcome_unknown().is_none());
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn a_200_with_errors_is_an_error_with_every_entry_kept() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/Refund");
            then.status(200).body(include_str!(
                "../../../fixtures/barion/error-refund-multiple.json"
            ));
        })
        .await;
    let request = RefundRequest::new(id("ecc2bc7a3d8147cab1f04de3dddd657f"), CurrencyCode::Huf)
        .transaction(TransactionToRefund::new(
            id("ef01be38ad6e413eb47fbeeb6026b8aa"),
            "TEST-01-01",
            dec!(100),
        ));
    let err = client(&server).refund_payment(&request).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::OK));
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.errors.len(), 2);
    assert_eq!(
        envelope.errors[0].error_code,
        Some(ErrorCode::PaymentStatusNotValid)
    );
    assert_eq!(
        envelope.errors[1].error_code,
        Some(ErrorCode::Unknown("SomeFutureCode".into()))
    );
    assert!(
        err.to_string()
            .contains("PaymentStatusNotValid: Payment status not valid"),
        "{err}"
    );
    // A refund's 200 with errors says what was refused: nothing happened, no doubt.
    assert!(err.outcome_unknown().is_none());
    insta::assert_debug_snapshot!(envelope);
}

/// Class: an error entry without `ErrorCode` (a 400 with only Title and Description) still
/// gives the typed envelope, with the code absent.
#[tokio::test]
async fn an_error_entry_without_an_error_code_is_still_the_typed_envelope() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/Complete");
            then.status(400).body(include_str!(
                "../../../fixtures/barion/error-400-without-error-code.json"
            ));
        })
        .await;
    let err = client(&server)
        .complete_payment(&CompleteRequest::new(id(PAYMENT)))
        .await
        .unwrap_err();
    let envelope = err.envelope().expect("the typed envelope, not raw text");
    assert_eq!(envelope.errors.len(), 1);
    assert_eq!(envelope.errors[0].error_code, None);
    assert_eq!(envelope.errors[0].title.as_deref(), Some("Invalid request"));
    assert_eq!(err.provider_code(), None);
    assert_eq!(err.provider_message(), Some("Invalid request"));
    assert_eq!(
        err.to_string(),
        "POST /v2/Payment/Complete answered 400 Bad Request: Invalid request \
         (The PaymentId field is required.)"
    );
}

#[tokio::test]
async fn the_seed_error_answer_on_a_200_is_a_typed_api_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/Payment/GetPaymentState")
                .header("x-pos-key", POS_KEY)
                .query_param("PaymentId", "db3f3bda-9fc8-4229-b21a-b021483a5434");
            then.status(200).body(include_str!(
                "../../../fixtures/barion/get-payment-state-v2-not-existing.json"
            ));
        })
        .await;
    let err = client(&server)
        .legacy_payment_state(id("db3f3bda-9fc8-4229-b21a-b021483a5434"))
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.status(), Some(StatusCode::OK));
    let envelope = err.envelope().expect("typed envelope");
    assert_eq!(
        envelope.errors[0].error_code,
        Some(ErrorCode::NotExistingPaymentId)
    );
    assert!(err.outcome_unknown().is_none());
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn a_500_with_message_is_a_provider_error_and_names_the_status_query() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/CancelAuthorization");
            then.status(500).body(include_str!(
                "../../../fixtures/barion/error-500-message.json"
            ));
        })
        .await;
    let err = client(&server)
        .cancel_authorization(&cancel())
        .await
        .unwrap_err();
    let CoreError::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        api.envelope.as_ref().and_then(|e| e.message.as_deref()),
        Some("An error has occurred.")
    );
    assert_eq!(err.provider_message(), Some("An error has occurred."));
    let resolution = err
        .outcome_unknown()
        .expect("a 5xx on a POST leaves the outcome unknown")
        .resolve_with()
        .expect("with the status query");
    assert_eq!(
        (
            resolution.operation,
            resolution.key_name,
            resolution.key.as_str()
        ),
        ("payment_state", "payment_id", PAYMENT)
    );
    assert!(
        err.to_string().ends_with(
            "resolve it with Client::payment_state(payment_id = \"f28b2b2572644d1084bbb3a7d8362337\")"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn a_non_json_error_body_keeps_status_and_text() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/CancelAuthorization");
            then.status(405).body(
                "<Error><Message>The requested resource does not support http method 'GET'.</Message></Error>",
            );
        })
        .await;
    let err = client(&server)
        .cancel_authorization(&cancel())
        .await
        .unwrap_err();
    let CoreError::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(api.envelope.is_none());
    assert!(api.body.contains("does not support http method"));
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_with_status_and_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v4/Payment/f28b2b2572644d1084bbb3a7d8362337/PaymentState");
            then.status(200).body(
                r#"{"PaymentId":"f28b2b2572644d1084bbb3a7d8362337","Transactions":[{"TransactionId":"9c1d2e3f4a5b4c6d8e9f0a1b2c3d4e5f","Total":"lots"}],"Errors":[]}"#,
            );
        })
        .await;
    let err = client(&server)
        .payment_state(id(PAYMENT))
        .await
        .unwrap_err();
    let CoreError::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.status, Some(StatusCode::OK));
    // payments-core's optional-amount adapter appends its private raw-value token to the path
    // (`Transactions[0].Total.$serde_json::private::RawValue`); the field is named first.
    assert!(
        decode.path.starts_with("Transactions[0].Total"),
        "{}",
        decode.path
    );
    assert!(decode.excerpt.contains("\"lots\""));
    // A read that did not decode changed nothing at Barion.
    assert!(err.outcome_unknown().is_none());
}

/// A write that got a 2xx it cannot read: Barion acted, so the outcome is unknown, and the
/// error names the status query.
#[tokio::test]
async fn an_undecodable_2xx_to_a_write_leaves_the_outcome_unknown_with_the_status_query() {
    for (status, body) in [
        (
            200,
            "<html><body>Service temporarily unavailable</body></html>",
        ),
        (201, ""),
        (200, r#"{"PaymentId":"f28b2b2572644d1084bbb3a7"#),
        (200, r#"{"PaymentId":"not-a-guid","Transactions":[]}"#),
    ] {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method("POST").path("/v2/Payment/CancelAuthorization");
                then.status(status).body(body);
            })
            .await;
        let err = client(&server)
            .cancel_authorization(&cancel())
            .await
            .unwrap_err();
        assert!(matches!(err, CoreError::Decode(_)), "{body}: {err:?}");
        let resolution = err
            .outcome_unknown()
            .and_then(|u| u.resolve_with())
            .unwrap_or_else(|| panic!("{body}: no resolution in {err:?}"));
        assert_eq!(resolution.operation, "payment_state");
        assert_eq!(resolution.key, PAYMENT);
    }
    // Start has no PaymentId to query before it answers: the callback resolves it.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/Start");
            then.status(200).body("<html>ok</html>");
        })
        .await;
    let err = client(&server)
        .start_payment(&start_request())
        .await
        .unwrap_err();
    let resolution = err.outcome_unknown().unwrap().resolve_with().unwrap();
    assert_eq!(
        (
            resolution.operation,
            resolution.key_name,
            resolution.key.as_str()
        ),
        ("callback_state", "payment_request_id", "ORDER-0001-1")
    );
}

#[tokio::test]
async fn state_queries_are_retried_after_429_but_posts_are_not() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v4/Payment/f28b2b2572644d1084bbb3a7d8362337/PaymentState");
            then.status(429).body("");
        })
        .await;
    let post = server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/CancelAuthorization");
            then.status(503).body("");
        })
        .await;
    let c = Client::builder(common::credentials())
        .base_url(server.base_url())
        .retry(RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = c.payment_state(id(PAYMENT)).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(limited.calls_async().await, 3);
    let err = c.cancel_authorization(&cancel()).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(post.calls_async().await, 1);
    assert!(err.outcome_unknown().is_some());
}

// ---- A hostile server echoing the POSKey. ----

/// What the echo server answers: a status and a body built from the POSKey it received.
type Answer = fn(&str, &str) -> (u16, Vec<u8>);

/// A local server on 127.0.0.1 that reads each request's `x-pos-key` header and request line
/// and answers `answer(key, request_line)`.
async fn echo_server(answer: Answer) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                let header = |name: &str| {
                    head.lines().find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.trim()
                            .eq_ignore_ascii_case(name)
                            .then(|| v.trim().to_owned())
                    })
                };
                let length: usize = header("content-length")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                while buf.len() < head_end + length {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let key = header("x-pos-key").unwrap_or_default();
                let request_line = head.lines().next().unwrap_or_default().to_owned();
                let (status, body) = answer(&key, &request_line);
                let mut out = format!(
                    "HTTP/1.1 {status} Echo\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                out.extend_from_slice(&body);
                let _ = socket.write_all(&out).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

/// Every spelling of `key` a provider may echo: as sent, lower and upper case, with and
/// without dashes.
fn spellings(key: &str) -> Vec<String> {
    let dashless: String = key.chars().filter(|c| *c != '-').collect();
    vec![
        key.to_owned(),
        key.to_ascii_lowercase(),
        key.to_ascii_uppercase(),
        dashless.to_ascii_lowercase(),
        dashless.to_ascii_uppercase(),
        dashless,
    ]
}

/// Each spelling JSON-escaped as an encoder writes it (`\"`, `\\`, and `\/` for a slash).
fn escaped(key: &str) -> Vec<String> {
    spellings(key)
        .iter()
        .flat_map(|s| {
            let quoted = serde_json::to_string(s).unwrap();
            let inner = quoted[1..quoted.len() - 1].to_owned();
            [inner.replace('/', "\\/"), inner]
        })
        .collect()
}

/// A JSON error entry whose `AuthData` and `Description` echo every spelling, escaped.
fn json_error(key: &str, request_line: &str) -> (u16, Vec<u8>) {
    let description = escaped(key).join(" ");
    let auth_data = serde_json::to_string(&key.replace('-', "").to_ascii_lowercase()).unwrap();
    let body = format!(
        r#"{{"Errors":[{{"ErrorCode":"AuthenticationFailed","Title":"Authentication failed.","Description":"{description}","AuthData":{auth_data},"EndPoint":{}}}]}}"#,
        serde_json::to_string(request_line).unwrap()
    );
    (400, body.into_bytes())
}

/// A body that is not UTF-8, with every spelling raw and escaped, and the request line.
fn binary_echo(key: &str, request_line: &str) -> (u16, Vec<u8>) {
    let mut body = b"\xff\xfe\x00echo:".to_vec();
    for s in spellings(key).iter().chain(&escaped(key)) {
        body.extend_from_slice(s.as_bytes());
        body.extend_from_slice(b"\xc3\x28 ");
    }
    body.extend_from_slice(request_line.as_bytes());
    body.push(0xff);
    (400, body)
}

/// An undecodable 200 (HTML) echoing every spelling raw and escaped, and the request line.
fn html_200(key: &str, request_line: &str) -> (u16, Vec<u8>) {
    let mut body = format!("<html><body>{request_line} ").into_bytes();
    for s in spellings(key).iter().chain(&escaped(key)) {
        body.extend_from_slice(s.as_bytes());
        body.push(b' ');
    }
    body.extend_from_slice(b"\xff</body></html>");
    (200, body)
}

/// `text` shows no part of `key` that would identify it, in any case.
fn assert_no_key(key: &str, text: &str) {
    let text = text.to_ascii_lowercase();
    let tail = key.rsplit('-').next().unwrap_or(key).to_ascii_lowercase();
    for needle in [tail.as_str(), "s3cr3t"] {
        assert!(!text.contains(needle), "`{needle}` shows in: {text}");
    }
}

#[tokio::test]
async fn no_form_of_any_error_shows_an_echoed_pos_key() {
    // The real shape of a POSKey, and one whose JSON spelling differs from the raw one.
    let keys = [POS_KEY, r#"P0S/key"s3cr3t\AbC"#];
    let answers: [(&str, Answer); 3] = [
        ("json error", json_error),
        ("non-UTF-8 error", binary_echo),
        ("undecodable 200", html_200),
    ];
    for key in keys {
        for (what, answer) in answers {
            let base = echo_server(answer).await;
            let c = Client::builder(Credentials {
                pos_key: SecretString::from(key),
            })
            .base_url(&base)
            .retry(RetryPolicy::disabled())
            .legacy_query_auth(true)
            .build()
            .unwrap();
            let errors = [
                c.start_payment(&start_request()).await.unwrap_err(),
                c.cancel_authorization(&cancel()).await.unwrap_err(),
                c.legacy_payment_state(id(PAYMENT)).await.unwrap_err(),
            ];
            for err in &errors {
                match (what, err) {
                    ("undecodable 200", CoreError::Decode(_)) => {}
                    ("json error", CoreError::Api(api)) => {
                        let envelope = api.envelope.as_ref().expect("the typed envelope");
                        assert_eq!(
                            envelope.errors[0].auth_data.as_deref(),
                            Some("*** redacted ***")
                        );
                    }
                    ("non-UTF-8 error", CoreError::Api(api)) => assert!(api.envelope.is_none()),
                    _ => panic!("{what}: unexpected {err:?}"),
                }
                for text in every_text(err) {
                    assert_no_key(key, &text);
                }
            }
        }
    }
}
