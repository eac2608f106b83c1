//! [`Sandbox`], its builder, and the router that sends each request to its provider.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use payments_core::HttpTransport;
use time::OffsetDateTime;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::access::{
    AskellAccess, BarionAccess, Credentials, FinlineAccess, PayelataAccess, ResidAccess,
};
use crate::http::{ApiRequest, Reply};
use crate::scenario::Fault;
use crate::state::{Config, Inner};
use crate::tasks::Tasks;
use crate::webhooks::{WaitTimeout, WebhookDelivery, WebhookRetry, Webhooks};
use crate::{Provider, admin, askell, barion, finline, payelata, resid};

/// The largest request body accepted (a Resid merchant logo included).
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Why a sandbox did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The default webhook transport could not be built.
    #[error("cannot build the webhook transport: {0}")]
    Transport(String),
    /// An option is out of range.
    #[error("invalid option: {0}")]
    Invalid(String),
}

/// A running sandbox: the five emulated providers on one local port.
///
/// It stops when dropped, or with [`shutdown`](Self::shutdown).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let sandbox = payments_sandbox::Sandbox::start().await?;
/// let barion = sandbox.barion();
/// assert!(barion.base_url.ends_with("/barion"));
/// assert_eq!(barion.pos_key, payments_sandbox::defaults::BARION_POS_KEY);
/// sandbox.shutdown().await;
/// # Ok(()) }
/// ```
pub struct Sandbox {
    inner: Arc<Inner>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.inner.config.public_url)
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox with the default settings on `127.0.0.1` and an ephemeral port.
    pub async fn start() -> Result<Self, StartError> {
        Self::builder().start().await
    }

    /// A builder for other settings.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// The root URL, e.g. `http://127.0.0.1:4010` (no trailing `/`).
    pub fn url(&self) -> &str {
        &self.inner.config.public_url
    }

    /// The address the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Askell's base URL and keys.
    pub fn askell(&self) -> AskellAccess {
        self.inner.config.credentials.askell(self.url())
    }

    /// Barion's base URL and POSKey.
    pub fn barion(&self) -> BarionAccess {
        self.inner.config.credentials.barion(self.url())
    }

    /// Resid's base URL and authorization code.
    pub fn resid(&self) -> ResidAccess {
        self.inner.config.credentials.resid(self.url())
    }

    /// Financial Line's base URL and POS credentials.
    pub fn finline(&self) -> FinlineAccess {
        self.inner.config.credentials.finline(self.url())
    }

    /// Payelata's base URLs, credentials and callback secrets.
    pub fn payelata(&self) -> PayelataAccess {
        self.inner.config.credentials.payelata(self.url())
    }

    /// The sandbox clock's current time.
    pub fn now(&self) -> OffsetDateTime {
        self.inner.clock.now()
    }

    /// Moves the sandbox clock forward by `by` and applies every deadline that passed (the
    /// webhooks they cause are sent).
    pub fn advance_clock(&self, by: Duration) {
        self.inner.clock.advance(by);
        self.inner.sweep();
    }

    /// Every webhook and callback sent so far, in order.
    pub fn webhooks(&self) -> Vec<WebhookDelivery> {
        self.inner.webhooks.snapshot()
    }

    /// Waits until at least `n` deliveries are settled (delivered, or given up after the last
    /// retry) and returns every delivery; times out after `timeout`.
    pub async fn wait_for_webhooks(
        &self,
        n: usize,
        timeout: Duration,
    ) -> Result<Vec<WebhookDelivery>, WaitTimeout> {
        self.inner.webhooks.wait_settled(n, timeout).await
    }

    /// Makes the next acting call (a POST that changes state) to `provider` misbehave as
    /// `fault`, whatever its amount. Calls to this queue up, one fault per acting call.
    pub fn inject_fault(&self, provider: Provider, fault: Fault) {
        self.inner.inject_fault(provider, fault, 1);
    }

    /// Stops serving and waits (at most 5 s) for the server to finish its in-flight answers.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let abort = server.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), server)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        self.inner.tasks.abort_all();
    }

    /// Serves until `signal` completes, then shuts down (for the binary).
    pub async fn serve_until(self, signal: impl std::future::Future<Output = ()>) {
        signal.await;
        self.shutdown().await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
        self.inner.tasks.abort_all();
    }
}

/// Options of a [`Sandbox`].
///
/// ```
/// use std::time::Duration;
/// use payments_sandbox::{Sandbox, WebhookRetry};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let sandbox = Sandbox::builder()
///     .barion_pos_key("11111111-2222-3333-4444-555555555555")
///     .slow_answer_delay(Duration::from_millis(1500))
///     .webhook_retry(WebhookRetry::new(Duration::from_millis(50), 4))
///     .start()
///     .await?;
/// assert_eq!(sandbox.barion().pos_key, "11111111-2222-3333-4444-555555555555");
/// # Ok(()) }
/// ```
pub struct SandboxBuilder {
    host: IpAddr,
    port: u16,
    public_url: Option<String>,
    credentials: Credentials,
    slow_answer_delay: Duration,
    processing_delay: Duration,
    invoice_lifetime: Duration,
    webhook_retry: WebhookRetry,
    webhook_transport: Option<Arc<dyn HttpTransport>>,
    log_requests: bool,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            public_url: None,
            credentials: Credentials::default(),
            slow_answer_delay: Duration::from_secs(10),
            processing_delay: Duration::from_millis(200),
            invoice_lifetime: Duration::from_secs(30 * 60),
            webhook_retry: WebhookRetry::default(),
            webhook_transport: None,
            log_requests: false,
        }
    }
}

impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("public_url", &self.public_url)
            .field("credentials", &self.credentials)
            .field("slow_answer_delay", &self.slow_answer_delay)
            .field("processing_delay", &self.processing_delay)
            .field("invoice_lifetime", &self.invoice_lifetime)
            .field("webhook_retry", &self.webhook_retry)
            .field("webhook_transport", &self.webhook_transport)
            .field("log_requests", &self.log_requests)
            .finish()
    }
}

impl SandboxBuilder {
    /// The address to listen on (default `127.0.0.1`).
    pub fn host(mut self, host: IpAddr) -> Self {
        self.host = host;
        self
    }

    /// The port to listen on (default `0`: an ephemeral port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The root URL the sandbox writes into the links it hands out (payer pages, `next`
    /// pages), when clients reach it by another name (default `http://<host>:<port>`,
    /// `127.0.0.1` for an unspecified host).
    pub fn public_url(mut self, url: impl Into<String>) -> Self {
        self.public_url = Some(url.into());
        self
    }

    /// Askell's secret and public API keys.
    pub fn askell_keys(
        mut self,
        api_key: impl Into<String>,
        public_key: impl Into<String>,
    ) -> Self {
        self.credentials.askell_api_key = api_key.into();
        self.credentials.askell_public_key = public_key.into();
        self
    }

    /// The `hmac_secret` of Askell webhook registrations.
    pub fn askell_webhook_secret(mut self, secret: impl Into<String>) -> Self {
        self.credentials.askell_webhook_secret = secret.into();
        self
    }

    /// Barion's POSKey.
    pub fn barion_pos_key(mut self, pos_key: impl Into<String>) -> Self {
        self.credentials.barion_pos_key = pos_key.into();
        self
    }

    /// Resid's authorization code.
    pub fn resid_authorization_code(mut self, code: impl Into<String>) -> Self {
        self.credentials.resid_authorization_code = code.into();
        self
    }

    /// Financial Line's POS id, API key, API secret and endpoints key.
    pub fn finline_credentials(
        mut self,
        pos_id: impl Into<String>,
        api_key: impl Into<String>,
        api_secret: impl Into<String>,
        endpoints_key: impl Into<String>,
    ) -> Self {
        self.credentials.finline_pos_id = pos_id.into();
        self.credentials.finline_api_key = api_key.into();
        self.credentials.finline_api_secret = api_secret.into();
        self.credentials.finline_endpoints_key = endpoints_key.into();
        self
    }

    /// Payelata's commerce account id and API key (HTTP Basic).
    pub fn payelata_credentials(
        mut self,
        account_id: impl Into<String>,
        api_key: impl Into<String>,
    ) -> Self {
        self.credentials.payelata_account_id = account_id.into();
        self.credentials.payelata_api_key = api_key.into();
        self
    }

    /// Payelata's callback secrets: `test` for test-mode invoices, `live` for the others.
    pub fn payelata_secrets(mut self, test: impl Into<String>, live: impl Into<String>) -> Self {
        self.credentials.payelata_test_secret = test.into();
        self.credentials.payelata_live_secret = live.into();
        self
    }

    /// How long a slow answer (scenario `..04`) waits before it is sent (default 10 s).
    pub fn slow_answer_delay(mut self, delay: Duration) -> Self {
        self.slow_answer_delay = delay;
        self
    }

    /// How long asynchronous work takes: Askell charges, Financial Line payouts, Payelata
    /// payouts (default 200 ms).
    pub fn processing_delay(mut self, delay: Duration) -> Self {
        self.processing_delay = delay;
        self
    }

    /// How long a Payelata payment invoice waits for its payer before it expires (default
    /// 30 minutes of sandbox-clock time).
    pub fn invoice_lifetime(mut self, lifetime: Duration) -> Self {
        self.invoice_lifetime = lifetime;
        self
    }

    /// How webhooks are retried (default [`WebhookRetry::default`]).
    pub fn webhook_retry(mut self, retry: WebhookRetry) -> Self {
        self.webhook_retry = retry;
        self
    }

    /// Delivers webhooks through `transport` instead of payments-core's reqwest transport.
    pub fn webhook_transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.webhook_transport = Some(transport);
        self
    }

    /// Prints one line per request to standard error (the binary turns it on).
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_requests = on;
        self
    }

    /// Binds the address and starts serving in a background task of the current runtime.
    pub async fn start(self) -> Result<Sandbox, StartError> {
        if self.webhook_retry.max_attempts == 0 {
            return Err(StartError::Invalid(
                "webhook_retry.max_attempts must be at least 1".into(),
            ));
        }
        let bind = SocketAddr::new(self.host, self.port);
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|source| StartError::Bind { addr: bind, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| StartError::Bind { addr: bind, source })?;
        let public_url = self.public_url.map_or_else(
            || {
                let host = if addr.ip().is_unspecified() {
                    IpAddr::V4(Ipv4Addr::LOCALHOST)
                } else {
                    addr.ip()
                };
                format!("http://{}", SocketAddr::new(host, addr.port()))
            },
            |u| u.trim_end_matches('/').to_owned(),
        );
        let transport = match self.webhook_transport {
            Some(t) => t,
            None => Arc::new(
                payments_core::ReqwestTransport::new(Duration::from_secs(5))
                    .map_err(|e| StartError::Transport(e.to_string()))?,
            ),
        };
        let config = Config {
            public_url,
            credentials: self.credentials,
            slow_answer_delay: self.slow_answer_delay,
            processing_delay: self.processing_delay,
            invoice_lifetime: self.invoice_lifetime,
            log_requests: self.log_requests,
        };
        let handle = tokio::runtime::Handle::current();
        let inner = Arc::new(Inner::new(
            config,
            Tasks::new(handle),
            Webhooks::new(transport, self.webhook_retry),
        ));
        let app = router(Arc::clone(&inner));
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!(error = %e, "the sandbox server stopped");
            }
        });
        // Deadlines also pass with the wall clock; apply them once a second.
        let ticker = Arc::clone(&inner);
        inner.tasks.spawn(async move {
            let mut interval = tokio::time::interval(Duration::from_secs(1));
            loop {
                interval.tick().await;
                ticker.sweep();
            }
        });
        Ok(Sandbox {
            inner,
            addr,
            stop: Some(stop),
            server: Some(server),
        })
    }
}

fn router(inner: Arc<Inner>) -> Router {
    Router::new()
        .route("/", any(entry))
        .route("/{*path}", any(entry))
        .with_state(inner)
}

/// Reads the request, picks the provider by the first path segment and sends the answer,
/// applying any scenario fault.
async fn entry(State(inner): State<Arc<Inner>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_owned();
    let Ok(body) = to_bytes(body, BODY_LIMIT).await else {
        return (http::StatusCode::PAYLOAD_TOO_LARGE, "body too large").into_response();
    };
    inner.sweep();
    let first = path
        .split('/')
        .find(|s| !s.is_empty())
        .unwrap_or_default()
        .to_owned();
    let mut request = ApiRequest::new(parts.method, &parts.uri, 1, parts.headers, body);
    // Payelata's `links.self` are relative to the host (`/api/payment-invoices/..`,
    // `/refunds/..`): they resolve against the sandbox root too.
    if matches!(first.as_str(), "api" | "refunds") {
        request.segments.insert(0, first.clone());
        if first == "refunds" {
            request.segments.insert(0, "api".to_owned());
        }
    }
    let (provider, reply) = match first.as_str() {
        "askell" => (Some(Provider::Askell), askell::handle(&inner, &request)),
        "barion" => (Some(Provider::Barion), barion::handle(&inner, &request)),
        "resid" => (Some(Provider::Resid), resid::handle(&inner, &request).await),
        "finline" => (Some(Provider::Finline), finline::handle(&inner, &request)),
        "payelata" | "api" | "refunds" => (
            Some(Provider::Payelata),
            payelata::handle_api(&inner, &request),
        ),
        "payelata-cardgate" => (
            Some(Provider::Payelata),
            payelata::handle_cardgate(&inner, &request),
        ),
        "admin" => (None, admin::handle(&inner, &request)),
        "" => (None, admin::index(&inner)),
        _ => (
            None,
            Reply::text(
                404,
                "Not found: the sandbox serves /askell, /barion, /resid, /finline, /payelata, \
                 /payelata-cardgate and /admin.",
            ),
        ),
    };
    if inner.config.log_requests {
        let fault = reply.fault.map(|f| format!(" ({f})")).unwrap_or_default();
        eprintln!("{method} {path} -> {}{fault}", reply.status.as_u16());
    }
    if let Some(p) = provider {
        reply.into_response(p, inner.config.slow_answer_delay).await
    } else {
        reply.into_plain_response()
    }
}
