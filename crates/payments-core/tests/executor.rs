//! The executor against real sockets: retries, Retry-After, timeouts, connection failures,
//! User-Agent and secrets.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use httpmock::prelude::*;
use payments_core::http::{HeaderMap, HeaderName, StatusCode};
use payments_core::{
    Error, HttpClient, HttpRequest, HttpResponse, HttpTransport, Request, Resolution, RetryPolicy,
    SecretString, TransportError, TransportErrorKind,
};

const UA: &str = concat!("test-sdk/9.9 payments-core/", env!("CARGO_PKG_VERSION"));

fn fast_retry(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

fn client(base: &str, retry: RetryPolicy) -> HttpClient {
    HttpClient::builder("test", base, "test-sdk/9.9")
        .retry(retry)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_safe_request_is_retried_up_to_the_attempt_limit() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/orders/1");
            then.status(503).body("busy");
        })
        .await;
    let http = client(&server.base_url(), fast_retry(4));
    let answer = http
        .send::<String>(Request::get("/orders/1"))
        .await
        .unwrap();
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.attempts(), 4);
    assert_eq!(mock.calls_async().await, 4);
    // A 5xx on a read: the provider's state did not change, so the outcome is not in doubt.
    assert!(answer.error::<String>().outcome_unknown().is_none());
}

#[tokio::test]
async fn an_unsafe_post_is_sent_once_and_a_5xx_leaves_the_outcome_unknown() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/void");
            then.status(503);
        })
        .await;
    let http = client(&server.base_url(), fast_retry(4));
    let request =
        Request::post("/void").resolve_with(Resolution::new("order_status", "order_id", "123"));
    let answer = http.send::<String>(request).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    let err = answer.error::<String>();
    let unknown = err.outcome_unknown().expect("outcome unknown");
    assert_eq!(
        unknown.resolve_with(),
        Some(&Resolution::new("order_status", "order_id", "123"))
    );
}

#[tokio::test]
async fn a_post_marked_safe_is_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/payments");
            then.status(429);
        })
        .await;
    let http = client(&server.base_url(), fast_retry(3));
    let request = Request::post("/payments").safe_to_repeat(true);
    let answer = http.send::<String>(request).await.unwrap();
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn client_errors_are_not_retried_and_the_off_switch_works() {
    let server = MockServer::start_async().await;
    let bad = server
        .mock_async(|when, then| {
            when.path("/bad");
            then.status(400);
        })
        .await;
    let busy = server
        .mock_async(|when, then| {
            when.path("/busy");
            then.status(503);
        })
        .await;
    let http = client(&server.base_url(), fast_retry(5));
    http.send::<String>(Request::get("/bad")).await.unwrap();
    assert_eq!(bad.calls_async().await, 1);
    let off = client(&server.base_url(), RetryPolicy::disabled());
    off.send::<String>(Request::get("/busy")).await.unwrap();
    assert_eq!(busy.calls_async().await, 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/slow");
            then.status(503).header("Retry-After", "1");
        })
        .await;
    let http = client(&server.base_url(), fast_retry(2));
    let start = Instant::now();
    http.send::<String>(Request::get("/slow")).await.unwrap();
    let waited = start.elapsed();
    assert_eq!(mock.calls_async().await, 2);
    assert!(
        waited >= Duration::from_secs(1),
        "waited only {waited:?} despite Retry-After: 1"
    );
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_ends_the_retries() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/later");
            then.status(429).header("Retry-After", "120");
        })
        .await;
    let http = client(
        &server.base_url(),
        fast_retry(3).with_max_retry_after(Duration::from_secs(30)),
    );
    let start = Instant::now();
    let answer = http.send::<String>(Request::get("/later")).await.unwrap();
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mock.calls_async().await, 1);
    assert!(start.elapsed() < Duration::from_secs(1));
}

/// A server that accepts connections and never answers.
async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_limit() {
    let base = silent_server().await;
    let http = HttpClient::builder("test", base, "test-sdk/9.9")
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let start = Instant::now();
    let err = http
        .send::<String>(Request::post("/pay").resolve_with(Resolution::new("payment", "id", "p-1")))
        .await
        .unwrap_err();
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    match &err {
        Error::Timeout(t) => {
            assert_eq!(t.after, Duration::from_millis(300));
            assert_eq!(t.attempts, 1);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    // A POST that timed out may have been processed.
    assert!(err.outcome_unknown().is_some());
    assert!(
        err.to_string()
            .contains("resolve it with Client::payment(id = \"p-1\")")
    );
}

#[tokio::test]
async fn a_timed_out_read_is_retried_and_reports_its_attempts() {
    let base = silent_server().await;
    let http = HttpClient::builder("test", base, "test-sdk/9.9")
        .timeout(Duration::from_millis(100))
        .retry(fast_retry(3))
        .build()
        .unwrap();
    let err = http
        .send::<String>(Request::get("/state"))
        .await
        .unwrap_err();
    match err {
        Error::Timeout(t) => {
            assert_eq!(t.attempts, 3);
            assert!(t.outcome_unknown.is_none());
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_connection_was_never_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let http = client(&format!("http://{addr}"), RetryPolicy::disabled());
    let err = http
        .send::<String>(Request::post("/pay"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Connection(ref c) if !c.sent),
        "{err:?}"
    );
    assert!(err.is_not_sent());
    assert!(err.outcome_unknown().is_none());
}

#[tokio::test]
async fn every_request_names_the_sdk_and_carries_the_secret_header() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/hello/")
                .header("user-agent", UA)
                .header("authorization", "Api-Key live.s3cr3t-key");
            then.status(200).json_body(serde_json::json!({"ok": true}));
        })
        .await;
    let secret = SecretString::from("Api-Key live.s3cr3t-key");
    let builder = HttpClient::builder("test", server.base_url(), "test-sdk/9.9")
        .secret_header(HeaderName::from_static("authorization"), &secret);
    let shown = format!("{builder:?} {secret:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    let http = builder.build().unwrap();
    let answer = http.send::<String>(Request::get("/hello/")).await.unwrap();
    mock.assert_async().await;
    let body: serde_json::Value = answer.json::<_, String>().unwrap();
    assert_eq!(body["ok"], true);
    let shown = format!("{http:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(shown.contains("Sensitive"), "{shown}");
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct P {
    amount: u64,
}

#[tokio::test]
async fn a_malformed_answer_is_a_decode_error_with_status_path_and_excerpt() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/p");
            then.status(200).body(r#"{"amount": "abc"}"#);
        })
        .await;
    let http = client(&server.base_url(), RetryPolicy::disabled());
    let answer = http.send::<String>(Request::get("/p")).await.unwrap();
    let err = answer.json::<P, String>().unwrap_err();
    match err {
        Error::Decode(d) => {
            assert_eq!(d.status, Some(StatusCode::OK));
            assert_eq!(d.path, "amount");
            assert!(d.excerpt.contains("abc"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A transport that plays a script: for checking retry decisions without sockets.
#[derive(Debug, Default)]
struct Scripted {
    script: Mutex<VecDeque<Result<u16, TransportErrorKind>>>,
    seen: Mutex<Vec<HttpRequest>>,
}

#[async_trait]
impl HttpTransport for Scripted {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.seen.lock().unwrap().push(request);
        let step = self.script.lock().unwrap().pop_front().unwrap_or(Ok(200));
        match step {
            Ok(code) => Ok(HttpResponse::new(
                StatusCode::from_u16(code).unwrap(),
                HeaderMap::new(),
                "{}",
            )),
            Err(kind) => Err(TransportError::new(kind, "scripted failure")),
        }
    }
}

#[tokio::test]
async fn a_plugged_transport_sees_every_attempt_and_recovers_after_failures() {
    let transport = Arc::new(Scripted::default());
    transport
        .script
        .lock()
        .unwrap()
        .extend([Err(TransportErrorKind::Connect), Ok(502), Ok(200)]);
    let http = HttpClient::builder("test", "https://provider.example/api", "test-sdk/9.9")
        .transport(transport.clone())
        .retry(fast_retry(3))
        .build()
        .unwrap();
    let answer = http
        .send::<String>(
            Request::get("/state")
                .query("id", "a b")
                .secret_query("key", &SecretString::from("q-secret")),
        )
        .await
        .unwrap();
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.attempts(), 3);
    let seen = transport.seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        seen[0].url,
        "https://provider.example/api/state?id=a+b&key=q-secret"
    );
    assert!(!format!("{:?}", seen[0]).contains("q-secret"));
}

#[tokio::test]
async fn a_post_that_broke_after_sending_leaves_the_outcome_unknown() {
    let transport = Arc::new(Scripted::default());
    transport
        .script
        .lock()
        .unwrap()
        .push_back(Err(TransportErrorKind::Other));
    let http = HttpClient::builder("test", "https://provider.example", "test-sdk/9.9")
        .transport(transport.clone())
        .retry(fast_retry(3))
        .build()
        .unwrap();
    let err = http
        .send::<String>(Request::post("/capture"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connection(ref c) if c.sent));
    assert!(err.outcome_unknown().is_some());
    assert_eq!(
        transport.seen.lock().unwrap().len(),
        1,
        "a POST is not retried"
    );
}

#[test]
fn bad_settings_fail_the_build_without_echoing_secrets() {
    let err = HttpClient::builder("test", "ftp://x", "ua")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("base_url"));
    let err = HttpClient::builder("test", "https://x", "ua")
        .secret_header(
            HeaderName::from_static("x-api-key"),
            &SecretString::from("bad\nsecret"),
        )
        .build()
        .unwrap_err();
    assert!(!err.to_string().contains("secret\n") && !format!("{err:?}").contains("bad\n"));
    let err = HttpClient::builder("test", "https://x", "ua")
        .secret_header(
            HeaderName::from_static("x-api-key"),
            &SecretString::from("  "),
        )
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("x-api-key` is empty"), "{err}");
}
