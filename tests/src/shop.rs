//! A shop's webhook endpoint on 127.0.0.1: records every request it gets and answers `200`
//! (or `500` to the first few, to see a provider retry).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// One request the shop received.
#[derive(Debug, Clone)]
pub struct Received {
    /// Method and path, e.g. `POST /hooks/askell`.
    pub line: String,
    /// Headers, names lower case.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl Received {
    /// The value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The headers as an `http::HeaderMap`, for a webhook verifier.
    pub fn header_map(&self) -> payments_core::http::HeaderMap {
        let mut map = payments_core::http::HeaderMap::new();
        for (n, v) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                payments_core::http::HeaderName::from_bytes(n.as_bytes()),
                payments_core::http::HeaderValue::from_str(v),
            ) {
                map.append(name, value);
            }
        }
        map
    }
}

/// A running shop endpoint; stops when dropped.
#[derive(Debug)]
pub struct Shop {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl Drop for Shop {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Shop {
    /// A shop that answers `500` to its first `fail_first` requests, then `200`.
    ///
    /// # Panics
    /// When no port on 127.0.0.1 can be bound.
    pub async fn start(fail_first: u32) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let failures = Arc::new(AtomicU32::new(fail_first));
        let store = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let store = store.clone();
                let failures = failures.clone();
                tokio::spawn(async move {
                    let Some(request) = read(&mut socket).await else {
                        return;
                    };
                    if let Ok(mut s) = store.lock() {
                        s.push(request);
                    }
                    let fail = failures
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    let status = if fail {
                        "500 Internal Server Error"
                    } else {
                        "200 OK"
                    };
                    let answer = format!(
                        "HTTP/1.1 {status}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
                    );
                    let _ = socket.write_all(answer.as_bytes()).await;
                });
            }
        });
        Self {
            url,
            received,
            task,
        }
    }

    /// The shop's base URL; any path under it is accepted.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Waits until at least `n` requests arrived (or `timeout` passes), and returns them.
    pub async fn wait_for(&self, n: usize, timeout: std::time::Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let got = self.received();
            if got.len() >= n || tokio::time::Instant::now() >= deadline {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

async fn read(socket: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        got.extend_from_slice(&buf[..n]);
        let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&got[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let first = lines.next().unwrap_or_default();
        let line = first.rsplit_once(' ').map_or(first, |(l, _)| l).to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let len = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        if got.len() >= end + 4 + len {
            let body = got[end + 4..end + 4 + len].to_vec();
            return Some(Received {
                line,
                headers,
                body,
            });
        }
    }
}
