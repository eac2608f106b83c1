//! A minimal local HTTP/1.1 server on 127.0.0.1 answering each provider's fixture.
//!
//! It runs on a thread and a current-thread tokio runtime of its own, and does as little as it
//! can per request so that it stays out of the measured difference: every answer is rendered
//! once, at start (status line, `content-type`, `content-length`, body), and a request is only
//! scanned for the end of its head, its path's first segment (the provider's route) and its
//! `content-length`. Connections are kept alive. It serves until the process exits.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The answer to a path whose first segment names no route.
const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

/// A running local server.
#[derive(Debug, Clone)]
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    /// Route (first path segment) to the full rendered answer.
    answers: HashMap<String, Vec<u8>>,
    recording: AtomicBool,
    recorded: Mutex<HashMap<String, String>>,
}

impl Server {
    /// Starts a server answering `GET /<route>/...` (any method, any rest of the path) with
    /// `200 OK` and the JSON body of its route, for each `(route, body)`.
    pub fn start(routes: &[(&str, &[u8])]) -> Self {
        let answers = routes
            .iter()
            .map(|(route, body)| {
                let mut answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                answer.extend_from_slice(body);
                ((*route).to_owned(), answer)
            })
            .collect();
        let shared = Arc::new(Shared {
            answers,
            recording: AtomicBool::new(false),
            recorded: Mutex::new(HashMap::new()),
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let addr = listener.local_addr().expect("the listener's address");
        let serving = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("bench-server".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("the server's runtime");
                runtime.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            continue;
                        };
                        tokio::spawn(serve(stream, Arc::clone(&serving)));
                    }
                });
            })
            .expect("the server thread");
        Self { addr, shared }
    }

    /// The base URL of `route`: `http://127.0.0.1:<port>/<route>`.
    pub fn base_url(&self, route: &str) -> String {
        format!("http://{}/{route}", self.addr)
    }

    /// Starts or stops keeping the last request head of each route.
    pub fn record(&self, on: bool) {
        self.shared.recording.store(on, Ordering::SeqCst);
    }

    /// The last request head `route` received while recording, taken.
    pub fn take_recorded(&self, route: &str) -> Option<String> {
        self.shared
            .recorded
            .lock()
            .expect("the recording lock")
            .remove(route)
    }
}

async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(8 * 1024);
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let head = &buf[..head_end];
        let route = route_of(head);
        let length = content_length(head);
        let answer = shared.answers.get(route).map_or(NOT_FOUND, Vec::as_slice);
        if shared.recording.load(Ordering::Relaxed) {
            let text = String::from_utf8_lossy(head).into_owned();
            shared
                .recorded
                .lock()
                .expect("the recording lock")
                .insert(route.to_owned(), text);
        }
        while buf.len() < head_end + length {
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
        if stream.write_all(answer).await.is_err() {
            return;
        }
        buf.drain(..head_end + length);
    }
}

/// The first segment of the request line's path: `GET /barion/v4/... HTTP/1.1` -> `barion`.
fn route_of(head: &[u8]) -> &str {
    let line = head.split(|&b| b == b'\r').next().unwrap_or_default();
    let path = line.split(|&b| b == b' ').nth(1).unwrap_or_default();
    let path = path.strip_prefix(b"/").unwrap_or(path);
    let segment = path
        .split(|&b| b == b'/' || b == b'?')
        .next()
        .unwrap_or_default();
    std::str::from_utf8(segment).unwrap_or_default()
}

/// The request's `content-length` (0 when absent or unreadable).
fn content_length(head: &[u8]) -> usize {
    head.split(|&b| b == b'\n')
        .find_map(|line| {
            let line = std::str::from_utf8(line).ok()?;
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())
                .flatten()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_routed_by_their_first_segment() {
        let head = b"GET /barion/v4/Payment/x/PaymentState HTTP/1.1\r\nContent-Length: 3\r\n\r\n";
        assert_eq!(route_of(head), "barion");
        assert_eq!(content_length(head), 3);
        assert_eq!(route_of(b"GET /resid?x=1 HTTP/1.1\r\n\r\n"), "resid");
        assert_eq!(content_length(b"GET / HTTP/1.1\r\n\r\n"), 0);
    }
}
