//! The measured cases of the workspace's benchmarks, shared by the criterion benches
//! (`cargo bench -p payments-bench`) and the instruction-count probe (`payments-probe`, run under
//! callgrind by `cargo xtask bench`).
//!
//! Every case is one provider ([`Case`]): a typical read made by the provider's SDK client and
//! by a hand-written baseline (reqwest + serde_json into a plain struct of the same fields, the
//! same headers and URL, the same reqwest configuration as payments-core's transport), both
//! against the same local [`server::Server`]; and the provider's largest response fixture
//! decoded through the SDK client's own decode path (the client itself, over an in-memory
//! [`canned::Canned`] transport, so private answer wrappers such as Barion's `Errors` check or
//! Resid's envelope run too) and by serde_json into a plain struct.
//!
//! Nothing here is a stand-in for SDK code: the SDK side always calls the SDK's public client.
#![deny(missing_docs)]

use std::future::Future;
use std::sync::Arc;

use payments_core::HttpTransport;

pub mod baseline;
pub mod canned;
pub mod cases;
pub mod server;

pub use baseline::Baseline;

/// One provider's measured cases.
pub trait Case: 'static {
    /// The provider's short name (`barion`): the server route and the benchmark name.
    const NAME: &'static str;
    /// The fixture the local server answers the read with (`fixtures/<provider>/...`).
    const READ_FIXTURE: &'static str;
    /// The provider's largest response fixture, the one the decode cases read.
    const DECODE_FIXTURE: &'static str;
    /// The bytes of [`READ_FIXTURE`](Self::READ_FIXTURE).
    const READ_BODY: &'static [u8];
    /// The bytes of [`DECODE_FIXTURE`](Self::DECODE_FIXTURE).
    const DECODE_BODY: &'static [u8];

    /// The SDK's client.
    type Client: Clone + Send + Sync + 'static;
    /// What the SDK's read returns.
    type Read: Send + 'static;
    /// What the baseline's read returns: a plain struct.
    type PlainRead: Send + 'static;
    /// What the SDK decodes the decode fixture into.
    type Decoded: Send + 'static;
    /// The plain struct the baseline decodes the decode fixture into.
    type PlainDecoded: Send + 'static;
    /// What the SDK's public decode entry returns, for providers whose client decodes with a
    /// public entry exactly (`()` for the others).
    type Entry: Send + 'static;

    /// The SDK client at `base_url` (with the default reqwest transport), or over `transport`.
    fn client(base_url: &str, transport: Option<Arc<dyn HttpTransport>>) -> Self::Client;

    /// The SDK's typical read (e.g. Barion's `payment_state`).
    fn read(client: &Self::Client) -> impl Future<Output = Result<Self::Read, String>> + Send;

    /// The hand-written baseline client at `base_url`: the same headers the SDK sends.
    fn baseline(base_url: &str) -> Baseline;

    /// The same request as [`read`](Self::read), hand-written: same URL, same headers, the body
    /// decoded by serde_json into a plain struct of the same fields.
    fn baseline_read(
        baseline: &Baseline,
    ) -> impl Future<Output = Result<Self::PlainRead, String>> + Send;

    /// The SDK call whose answer is the decode fixture, made on a client over an in-memory
    /// transport answering it: the SDK's whole decode path (its answer wrappers included).
    fn decode(client: &Self::Client) -> impl Future<Output = Result<Self::Decoded, String>> + Send;

    /// serde_json into the plain struct of the decode fixture.
    fn decode_plain(body: &[u8]) -> Result<Self::PlainDecoded, String>;

    /// The SDK's public decode entry that is exactly what its client runs on a success (the
    /// same type through `payments_core::decode_json`, i.e. `serde_json::from_slice`), when it
    /// has one; `None` when the client decodes through a private wrapper.
    fn decode_entry(body: &[u8]) -> Option<Result<Self::Entry, String>>;
}

/// The user agent an SDK crate sends: `<crate>/<version> payments-core/<version>` (every crate
/// of the workspace has the workspace's version).
pub fn sdk_user_agent(krate: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    format!("{krate}/{version} payments-core/{version}")
}

/// Runs `tasks` copies of the future `make` returns as spawned tasks and waits for all of them;
/// the first failure panics (a benchmark must not measure errors).
pub async fn concurrently<F, Fut, T>(tasks: usize, make: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, String>> + Send + 'static,
    T: Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        set.spawn(make());
    }
    while let Some(joined) = set.join_next().await {
        let answer = joined.expect("a benchmark task panicked");
        if let Err(e) = answer {
            panic!("a concurrent call failed: {e}");
        }
    }
}

/// The tokio runtime the clients run on: current-thread, with I/O and time (the SDK's per-attempt
/// timeout needs the timer). The local server runs on a thread of its own.
pub fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Checks that the SDK's read and the baseline's send the same request: the same request line
/// and the same headers (names and values, in any order), as the local server received them.
pub fn check_same_request<C: Case>(
    runtime: &tokio::runtime::Runtime,
    server: &server::Server,
    client: &C::Client,
    baseline: &Baseline,
) -> Result<(), String> {
    server.record(true);
    runtime
        .block_on(C::read(client))
        .map_err(|e| format!("{}: the SDK read failed: {e}", C::NAME))?;
    let sdk = server
        .take_recorded(C::NAME)
        .ok_or_else(|| format!("{}: the server saw no SDK request", C::NAME))?;
    runtime
        .block_on(C::baseline_read(baseline))
        .map_err(|e| format!("{}: the baseline read failed: {e}", C::NAME))?;
    let plain = server
        .take_recorded(C::NAME)
        .ok_or_else(|| format!("{}: the server saw no baseline request", C::NAME))?;
    server.record(false);
    let (sdk, plain) = (normalize(&sdk), normalize(&plain));
    if sdk == plain {
        Ok(())
    } else {
        Err(format!(
            "{}: the SDK and the baseline send different requests:\n  sdk:      {sdk:?}\n  baseline: {plain:?}",
            C::NAME
        ))
    }
}

/// A request head as its request line and its sorted, lower-cased header lines.
fn normalize(head: &str) -> Vec<String> {
    let mut lines = head.split("\r\n").filter(|l| !l.is_empty());
    let mut out: Vec<String> = lines.next().map(str::to_owned).into_iter().collect();
    let mut headers: Vec<String> = lines
        .map(|l| match l.split_once(':') {
            Some((name, value)) => format!("{}: {}", name.to_ascii_lowercase(), value.trim()),
            None => l.to_owned(),
        })
        .collect();
    headers.sort();
    out.extend(headers);
    out
}
