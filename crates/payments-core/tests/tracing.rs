//! What tracing shows of a call: one span per call and per attempt, never a secret. Alone in its
//! binary: tracing caches callsite interest process-wide, so a test running beside it without a
//! subscriber could hide its events.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use payments_core::http::HeaderName;
use payments_core::{HttpClient, Request, RetryPolicy, SecretString};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KEY: &str = "Key live/s3cr3t\"k";
const CARD: &str = "4111111111111111";

/// A server that reads one request and answers 400 with it echoed back.
async fn echo_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 16 * 1024];
            let n = socket.read(&mut buf).await.unwrap_or(0);
            let body = serde_json::to_vec(&serde_json::json!({
                "echo": String::from_utf8_lossy(&buf[..n])
            }))
            .unwrap();
            let head = format!(
                "HTTP/1.1 400 Bad\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(&body).await;
        }
    });
    format!("http://{addr}")
}

/// Collects every span and event as text, for checking what tracing shows.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn one_span_per_call_names_the_call_and_never_a_secret() {
    use tracing_subscriber::fmt::format::FmtSpan;
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let base = echo_server().await;
    let guard = tracing::subscriber::set_default(subscriber);
    let card = SecretString::from(CARD);
    let request = Request::post("/pay")
        .operation("create_payment")
        .query("lang", "en")
        .json(&serde_json::json!({"card_number": CARD}))
        .unwrap()
        .secret(&card);
    let http = HttpClient::builder("hostile", base, "test-sdk/1")
        .secret_header(
            HeaderName::from_static("authorization"),
            &SecretString::from(KEY),
        )
        .retry(RetryPolicy::disabled())
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let _ = http
        .call::<serde_json::Value, serde_json::Value>(request)
        .await;
    drop(guard);
    let text = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("payments.request"), "{text}");
    assert!(text.contains("provider=\"hostile\""), "{text}");
    assert!(text.contains("operation=\"create_payment\""), "{text}");
    assert!(text.contains("method=POST"), "{text}");
    assert!(text.contains("path=/pay"), "{text}");
    assert!(text.contains("status=400"), "{text}");
    assert!(text.contains("elapsed_ms="), "{text}");
    assert!(text.contains("payments.attempt"), "{text}");
    assert!(!text.contains("lang=en"), "the query is not traced: {text}");
    for secret in ["s3cr3t", CARD] {
        assert!(!text.contains(secret), "a secret leaked: {text}");
    }
}
