//! The executor against a hostile local server: echoed secrets, oversized and undecodable
//! answers, and what errors, their chains and traces show.

use std::time::Duration;

use payments_core::http::{HeaderName, StatusCode};
use payments_core::{Error, HttpClient, Request, Resolution, RetryPolicy, SecretString};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KEY: &str = "Key live/s3cr3t\"k";
const CARD: &str = "4111111111111111";

/// A server answering every request with `answer(request_bytes)`, written raw.
async fn server(answer: fn(&[u8]) -> Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let mut got = Vec::new();
                // Read the head and as much body as Content-Length says.
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    got.extend_from_slice(&buf[..n]);
                    if let Some(end) = find(&got, b"\r\n\r\n") {
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

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

fn http(status: u16, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Answers 400 with the whole request (head and body) echoed back, JSON-escaped.
fn echo(request: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(request);
    let body = serde_json::to_vec(&serde_json::json!({"error": "bad", "echo": text})).unwrap();
    http(400, "application/json", &body)
}

/// Answers 502 with the request echoed raw after bytes that are not UTF-8.
fn raw_echo(request: &[u8]) -> Vec<u8> {
    let mut body = b"\xff\xfe upstream said: ".to_vec();
    body.extend_from_slice(request);
    http(502, "text/plain", &body)
}

fn client(base: &str) -> HttpClient {
    HttpClient::builder("hostile", base, "test-sdk/1")
        .secret_header(
            HeaderName::from_static("authorization"),
            &SecretString::from(KEY),
        )
        .secret_fields(&["hmac_secret"])
        .retry(RetryPolicy::disabled())
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap()
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Envelope {
    error: String,
    echo: String,
}

impl std::fmt::Display for Envelope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.echo)
    }
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(" | ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

fn assert_clean(text: &str) {
    for secret in ["s3cr3t", CARD] {
        assert!(!text.contains(secret), "a secret leaked: {text}");
    }
}

#[tokio::test]
async fn an_echoed_request_never_shows_a_secret_in_any_error_form() {
    let base = server(echo).await;
    let card = SecretString::from(CARD);
    let request = Request::post("/pay")
        .json(&serde_json::json!({"card_number": CARD, "cvv": "123"}))
        .unwrap()
        .secret(&card);
    let err = client(&base)
        .call::<serde_json::Value, Envelope>(request)
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    // The envelope was read from the scrubbed body and is still typed.
    let envelope = api.envelope.as_ref().expect("the envelope");
    assert_eq!(envelope.error, "bad");
    assert!(
        envelope.echo.contains("*** redacted ***"),
        "{}",
        envelope.echo
    );
    for text in [
        err.to_string(),
        format!("{err:?}"),
        chain(&err),
        api.body.clone(),
    ] {
        assert_clean(&text);
    }
}

#[tokio::test]
async fn a_raw_echo_in_a_body_that_is_not_utf8_is_scrubbed_too() {
    let base = server(raw_echo).await;
    let card = SecretString::from(CARD);
    let request = Request::post("/pay")
        .json(&serde_json::json!({"card_number": CARD}))
        .unwrap()
        .secret(&card);
    let err = client(&base)
        .call::<serde_json::Value, Envelope>(request)
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert!(api.envelope.is_none());
    assert!(api.body.contains("upstream said"), "{}", api.body);
    assert!(err.outcome_unknown().is_some(), "a 502 to a write");
    for text in [
        err.to_string(),
        format!("{err:?}"),
        chain(&err),
        api.body.clone(),
    ] {
        assert_clean(&text);
    }
}

#[tokio::test]
async fn an_undecodable_echo_and_secret_fields_never_show_in_the_excerpt() {
    fn answer(request: &[u8]) -> Vec<u8> {
        let mut body = br#"{"hmac_secret":"generated-whsec-1","amount":"x","echo":""#.to_vec();
        body.extend_from_slice(request);
        http(200, "application/json", &body)
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Created {
        amount: u64,
    }
    let base = server(answer).await;
    let err = client(&base)
        .call::<Created, Envelope>(Request::get("/webhooks/1"))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(!d.excerpt.contains("generated-whsec-1"), "{}", d.excerpt);
    // A read that failed to decode changed nothing: no doubt about the outcome.
    assert!(err.outcome_unknown().is_none());
    for text in [err.to_string(), format!("{err:?}"), d.excerpt.clone()] {
        assert_clean(&text);
    }
}

#[tokio::test]
async fn a_write_that_got_a_2xx_it_cannot_read_has_an_unknown_outcome() {
    fn html(_: &[u8]) -> Vec<u8> {
        http(200, "text/html", b"<html>maintenance</html>")
    }
    fn empty(_: &[u8]) -> Vec<u8> {
        http(201, "application/json", b"")
    }
    fn truncated(_: &[u8]) -> Vec<u8> {
        http(200, "application/json", br#"{"id": "p-1", "amou"#)
    }
    for answer in [html as fn(&[u8]) -> Vec<u8>, empty, truncated] {
        let base = server(answer).await;
        let request = Request::post("/capture").resolve_with(Resolution::new(
            "order_status",
            "order_id",
            "o-1",
        ));
        let err = client(&base)
            .call::<serde_json::Value, Envelope>(request)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        let unknown = err.outcome_unknown().expect("outcome unknown");
        assert_eq!(
            unknown.resolve_with(),
            Some(&Resolution::new("order_status", "order_id", "o-1"))
        );
        assert!(
            err.to_string()
                .contains("Client::order_status(order_id = \"o-1\")"),
            "{err}"
        );
    }
}

#[tokio::test]
async fn an_answer_over_the_cap_is_a_typed_error_and_is_not_kept() {
    fn big(_: &[u8]) -> Vec<u8> {
        http(500, "text/plain", &vec![b'x'; 3 * 1024 * 1024])
    }
    fn chunked(_: &[u8]) -> Vec<u8> {
        let mut out =
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
        for _ in 0..40 {
            out.extend_from_slice(format!("{:x}\r\n", 64 * 1024).as_bytes());
            out.extend_from_slice(&vec![b'y'; 64 * 1024]);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\n\r\n");
        out
    }
    for (answer, status) in [(big as fn(&[u8]) -> Vec<u8>, 500), (chunked, 200)] {
        let base = server(answer).await;
        let http = HttpClient::builder("hostile", base, "test-sdk/1")
            .max_response_size(1024 * 1024)
            .retry(RetryPolicy::disabled())
            .build()
            .unwrap();
        let err = http
            .call::<serde_json::Value, Envelope>(Request::post("/refund"))
            .await
            .unwrap_err();
        let Error::TooLarge(t) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(t.status.as_u16(), status);
        assert_eq!(t.limit, 1024 * 1024);
        assert!(err.outcome_unknown().is_some());
        assert!(format!("{err:?}").len() < 1_000);
    }
}

#[tokio::test]
async fn an_error_body_is_capped_when_kept() {
    fn long(_: &[u8]) -> Vec<u8> {
        http(422, "text/plain", &vec![b'z'; 200 * 1024])
    }
    let base = server(long).await;
    let err = client(&base)
        .call::<serde_json::Value, Envelope>(Request::get("/x"))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert!(api.body.len() <= payments_core::error::BODY_LIMIT + 4);
    assert!(err.to_string().len() < 1_000);
    assert!(format!("{err:?}").len() < 2_000);
}

#[tokio::test]
async fn a_refused_connection_prints_each_cause_once() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let err = client(&format!("http://{addr}"))
        .call::<serde_json::Value, Envelope>(Request::get("/orders/1"))
        .await
        .unwrap_err();
    let text = chain(&err);
    let first = err.to_string();
    assert_eq!(
        first,
        "GET /orders/1: the connection failed before sending (1 attempt)"
    );
    // The top line appears once; the causes under it are the transport's own.
    assert_eq!(text.matches(&first).count(), 1, "{text}");
    let parts: Vec<&str> = text.split(" | ").collect();
    for (i, p) in parts.iter().enumerate() {
        for q in &parts[i + 1..] {
            assert_ne!(p, q, "a cause repeats in {text}");
        }
    }
    assert!(parts.len() >= 2, "{text}");
}
