//! A hostile HTTP/1.1 server on 127.0.0.1, written at the TCP level so it can misbehave in ways a
//! real server library would not: refuse, hang, reset, dribble, lie. Bounded: every connection
//! is dropped after a few seconds, and the server stops when dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One way for a server to fail a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Nothing listens on the port.
    Refused,
    /// Accepts the connection and closes it without answering.
    AcceptClose,
    /// Sends the head and part of the body, then resets the connection.
    ResetMidBody,
    /// Accepts and reads the request, then never answers.
    NoAnswer,
    /// Sends the head, then the body one byte at a time, slower than any timeout.
    Dribble,
    /// `429` with `Retry-After: 1`.
    RateLimited,
    /// `500` with a JSON body.
    Status500,
    /// `502` with an empty body.
    Status502,
    /// `503` with an empty body.
    Status503,
    /// `200` with an HTML page.
    Html200,
    /// `502` with an HTML page (a proxy's).
    Html502,
    /// `200` with an empty body.
    Empty200,
    /// `200` with the good body cut in half.
    TruncatedJson,
    /// `200` with the good body, labelled `text/plain`.
    WrongContentType,
    /// `200` with the good body, every string value starting with bytes that are not UTF-8.
    InvalidUtf8,
    /// `200` with a body far over the client's size cap.
    Oversized,
    /// `302` to another host.
    RedirectOtherHost,
}

impl Fault {
    /// Every fault, in table order.
    pub const ALL: [Self; 17] = [
        Self::Refused,
        Self::AcceptClose,
        Self::ResetMidBody,
        Self::NoAnswer,
        Self::Dribble,
        Self::RateLimited,
        Self::Status500,
        Self::Status502,
        Self::Status503,
        Self::Html200,
        Self::Html502,
        Self::Empty200,
        Self::TruncatedJson,
        Self::WrongContentType,
        Self::InvalidUtf8,
        Self::Oversized,
        Self::RedirectOtherHost,
    ];

    /// A short name for the table.
    pub fn name(self) -> &'static str {
        match self {
            Self::Refused => "connection refused",
            Self::AcceptClose => "accepted, then closed",
            Self::ResetMidBody => "reset mid-body",
            Self::NoAnswer => "no answer",
            Self::Dribble => "body dribbled slowly",
            Self::RateLimited => "429 Retry-After: 1",
            Self::Status500 => "500",
            Self::Status502 => "502",
            Self::Status503 => "503",
            Self::Html200 => "HTML page, 200",
            Self::Html502 => "HTML page, 502",
            Self::Empty200 => "empty 200",
            Self::TruncatedJson => "truncated JSON",
            Self::WrongContentType => "JSON labelled text/plain",
            Self::InvalidUtf8 => "invalid UTF-8",
            Self::Oversized => "oversized body",
            Self::RedirectOtherHost => "302 to another host",
        }
    }
}

/// The size of the [`Fault::Oversized`] body: over any cap the tests set (they use 1 MiB).
pub const OVERSIZED: usize = 3 * 1024 * 1024;

/// A running fault server; stops when dropped.
#[derive(Debug)]
pub struct FaultServer {
    base_url: String,
    hits: Arc<AtomicU32>,
    task: Option<JoinHandle<()>>,
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}

impl FaultServer {
    /// Starts a server answering every request with `fault`; `good` is the body a correct
    /// answer would carry (cut, relabelled, or ignored as the fault says).
    pub async fn start(fault: Fault, good: &'static [u8]) -> Self {
        let hits = Arc::new(AtomicU32::new(0));
        if fault == Fault::Refused {
            // Bind, learn the port, close: nothing listens there now.
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let addr = listener.local_addr().expect("addr");
            drop(listener);
            return Self {
                base_url: format!("http://{addr}"),
                hits,
                task: None,
            };
        }
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let counter = hits.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    // Bounded: no connection outlives a few seconds.
                    let _ =
                        tokio::time::timeout(Duration::from_secs(5), serve(socket, fault, good))
                            .await;
                });
            }
        });
        Self {
            base_url: format!("http://{addr}"),
            hits,
            task: Some(task),
        }
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Connections accepted so far: one per attempt the client made.
    pub fn hits(&self) -> u32 {
        self.hits.load(Ordering::SeqCst)
    }
}

/// Reads a request head and as much body as its `Content-Length` announces (bounded).
async fn read_request(socket: &mut TcpStream) {
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let Ok(n) = socket.read(&mut buf).await else {
            return;
        };
        if n == 0 || got.len() > 1024 * 1024 {
            return;
        }
        got.extend_from_slice(&buf[..n]);
        if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if got.len() >= end + 4 + len {
                return;
            }
        }
    }
}

fn answer(status: &str, content_type: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n{extra}connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

const HTML: &[u8] = b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We will be back soon</h1></body></html>";

async fn serve(mut socket: TcpStream, fault: Fault, good: &'static [u8]) {
    if fault == Fault::AcceptClose {
        drop(socket);
        return;
    }
    read_request(&mut socket).await;
    let json = "application/json";
    let bytes = match fault {
        Fault::Refused | Fault::AcceptClose => return,
        Fault::NoAnswer => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            return;
        }
        Fault::Dribble => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: {json}\r\ncontent-length: {}\r\n\r\n",
                good.len()
            );
            let _ = socket.write_all(head.as_bytes()).await;
            for b in good {
                if socket.write_all(&[*b]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            return;
        }
        Fault::ResetMidBody => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: {json}\r\ncontent-length: {}\r\n\r\n",
                good.len() + 100
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(&good[..good.len() / 2]).await;
            // SO_LINGER 0: close with a reset, not a clean end of stream.
            let _ = socket.set_zero_linger();
            drop(socket);
            return;
        }
        Fault::RateLimited => answer(
            "429 Too Many Requests",
            json,
            "retry-after: 1\r\n",
            br#"{"message":"too many requests"}"#,
        ),
        Fault::Status500 => answer(
            "500 Internal Server Error",
            json,
            "",
            br#"{"message":"internal error"}"#,
        ),
        Fault::Status502 => answer("502 Bad Gateway", json, "", b""),
        Fault::Status503 => answer("503 Service Unavailable", json, "", b""),
        Fault::Html200 => answer("200 OK", "text/html", "", HTML),
        Fault::Html502 => answer("502 Bad Gateway", "text/html", "", HTML),
        Fault::Empty200 => answer("200 OK", json, "", b""),
        Fault::TruncatedJson => answer("200 OK", json, "", &good[..good.len() / 2]),
        Fault::WrongContentType => answer("200 OK", "text/plain", "", good),
        Fault::InvalidUtf8 => answer("200 OK", json, "", &corrupt_strings(good)),
        Fault::Oversized => answer("200 OK", json, "", &vec![b' '; OVERSIZED]),
        Fault::RedirectOtherHost => answer(
            "302 Found",
            "text/html",
            "location: http://other-host.invalid/steal\r\n",
            b"",
        ),
    };
    let _ = socket.write_all(&bytes).await;
    let _ = socket.shutdown().await;
}

/// `good` with `0xFF 0xFE` put at the start of every string value (after `:` and a quote).
fn corrupt_strings(good: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(good.len() + 64);
    let mut after_colon = false;
    for &b in good {
        out.push(b);
        match b {
            b':' => after_colon = true,
            b'"' if after_colon => {
                out.extend_from_slice(&[0xFF, 0xFE]);
                after_colon = false;
            }
            b' ' | b'\n' | b'\r' | b'\t' => {}
            _ => after_colon = false,
        }
    }
    out
}
