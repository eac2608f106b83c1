//! Secret leakage, across every crate: every client, builder, credential, secret-bearing request
//! and error is built with its own unique secret, calls go to local servers that echo the whole
//! request back (in a JSON error, in an undecodable 200, raw after bytes that are not UTF-8),
//! and no secret may appear in any `Debug` (plain or `{:#?}`), `Display`, error source chain,
//! or in anything tracing printed at TRACE level.
//!
//! One test in its own binary: it installs the process-wide tracing subscriber.

use std::error::Error as StdError;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use payments_core::http::HeaderMap;
use payments_core::{RetryPolicy, SecretString};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Every secret the test hands out; each must never be printed.
const SECRETS: &[&str] = &[
    "LEAK-askell-api-key-5c1e",
    "LEAK-askell-public-key-9ad2",
    "4111111111117261",
    "LEAK-cvv-askell-731",
    "LEAK-askell-pm-token-0b8e",
    "LEAK-askell-webhook-secret-3f17",
    "LEAK-askell-whsec-generated-77aa",
    "LEAK-barion-pos-key-88e1",
    "LEAK-resid-code-4d20",
    "LEAK-finline-api-key-19c3",
    "LEAK-finline-api-secret-e5b0",
    "LEAK-finline-endpoints-key-6a44",
    "4000000000001091",
    "LEAK-cvv-finline-902",
    "LEAK-finline-card-token-2f9d",
    "LEAK-payelata-api-key-c0de",
    "LEAK-payelata-card-token-51f3",
    "LEAK-payelata-bearer-eyJ0eXAi",
    "5555555555554444",
    "LEAK-cvv-payelata-418",
    "LEAK-payelata-payout-card-7e7e",
    "LEAK-payelata-live-secret-aa01",
    "LEAK-payelata-test-secret-bb02",
];

fn s(i: usize) -> SecretString {
    SecretString::from(SECRETS[i])
}

/// What tracing printed, every level.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::ErrorKind::Other)?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How an echo server answers.
#[derive(Clone, Copy)]
enum Echo {
    /// 400, `{"message": ..., "error": ..., "echo": "<the request>"}`.
    JsonError,
    /// 200, `{"echo": "<the request>"}`: a body no SDK type decodes.
    JsonOk,
    /// 502, bytes that are not UTF-8, then the raw request.
    Raw,
}

async fn echo_server(mode: Echo) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut got = Vec::new();
                let mut buf = [0u8; 8192];
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
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
                            break;
                        }
                    }
                }
                let text = String::from_utf8_lossy(&got).into_owned();
                let (status, body) = match mode {
                    Echo::JsonError => (
                        "400 Bad Request",
                        serde_json::to_vec(&serde_json::json!({
                            "message": "invalid request", "error": "invalid request",
                            "detail": text, "echo": text,
                            "Errors": [{"ErrorCode": "InvalidRequest", "Title": "bad", "Description": text, "AuthData": text}],
                            "errors": [text],
                        }))
                        .unwrap_or_default(),
                    ),
                    Echo::JsonOk => (
                        "200 OK",
                        serde_json::to_vec(&serde_json::json!({"echo": text})).unwrap_or_default(),
                    ),
                    Echo::Raw => {
                        let mut b = b"\xff\xfe upstream echoed: ".to_vec();
                        b.extend_from_slice(&got);
                        ("502 Bad Gateway", b)
                    }
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
            });
        }
    });
    format!("http://{addr}")
}

/// Everything printed about the values under test.
#[derive(Default)]
struct Corpus(Vec<String>);

impl Corpus {
    fn debug(&mut self, what: &str, v: &dyn Debug) {
        self.0.push(format!("{what}: {v:?}"));
        self.0.push(format!("{what}: {v:#?}"));
    }

    fn error(&mut self, what: &str, e: &(dyn StdError + 'static)) {
        self.debug(what, &e);
        let mut chain = e.to_string();
        let mut cause = e.source();
        while let Some(c) = cause {
            chain.push_str(" | ");
            chain.push_str(&c.to_string());
            self.0.push(format!("{what} cause: {c:?}"));
            cause = c.source();
        }
        self.0.push(format!("{what}: {chain}"));
    }

    fn result<T: Debug, E: StdError + 'static>(&mut self, what: &str, r: Result<T, E>) {
        match r {
            Ok(v) => self.debug(what, &v),
            Err(e) => self.error(what, &e),
        }
    }
}

fn quick() -> RetryPolicy {
    RetryPolicy::new(2).with_initial_backoff(Duration::from_millis(1))
}

async fn askell(c: &mut Corpus, base: &str) {
    use askell_sdk::*;
    let creds = Credentials::new(s(0));
    c.debug("askell credentials", &creds);
    let builder = Client::builder(creds).base_url(base).retry(quick());
    c.debug("askell builder", &builder);
    let client = builder.build().expect("askell");
    c.debug("askell client", &client);
    let public_builder = PublicClient::builder(PublicCredentials::new(s(1)))
        .base_url(base)
        .retry(quick());
    c.debug("askell public builder", &public_builder);
    let public = public_builder.build().expect("askell public");
    c.debug("askell public client", &public);
    let card = CardDetails::new(s(2), "11", "27", s(3));
    c.debug("askell card", &card);
    c.result(
        "askell tmp method",
        public.create_temporary_payment_method(&card).await,
    );
    let attach = AttachPaymentMethod::new("customer-1", s(4));
    c.debug("askell attach", &attach);
    c.result("askell attach", client.attach_payment_method(&attach).await);
    c.result(
        "askell payment",
        client
            .create_payment(&CreatePayment::new("customer-1", dec!(1), "ISK"))
            .await,
    );
    let verifier = WebhookVerifier::new(s(5));
    c.debug("askell verifier", &verifier);
    let mut headers = HeaderMap::new();
    headers.insert("hook-hmac", "bm90LWEtc2lnbmF0dXJl".parse().expect("header"));
    let body = format!(
        r#"{{"event":"payment.changed","data":{{"hmac_secret":"{}"}}}}"#,
        SECRETS[6]
    );
    c.result("askell webhook", verifier.parse(&headers, body.as_bytes()));
    // A webhook registration whose answer carries the generated signing secret.
    let created: Result<Webhook, _> = serde_json::from_str(&format!(
        r#"{{"id":1,"url":"https://shop.example/hook","event":"payment.changed","hmac_secret":"{}"}}"#,
        SECRETS[6]
    ));
    c.result("askell webhook registration", created);
}

async fn barion(c: &mut Corpus, base: &str) {
    use barion_sdk::*;
    let creds = Credentials { pos_key: s(7) };
    c.debug("barion credentials", &creds);
    let builder = Client::builder(creds)
        .base_url(base)
        .retry(quick())
        .legacy_query_auth(true);
    c.debug("barion builder", &builder);
    let client = builder.build().expect("barion");
    c.debug("barion client", &client);
    let id: Uuid = "ecc2bc7a3d8147cab1f04de3dddd657f".parse().expect("id");
    c.result("barion state", client.payment_state(id).await);
    c.result("barion legacy state", client.legacy_payment_state(id).await);
    let refund = RefundRequest::new(id, CurrencyCode::Eur).transaction(TransactionToRefund::new(
        id,
        "T-1",
        dec!(1),
    ));
    c.result("barion refund", client.refund_payment(&refund).await);
}

async fn resid(c: &mut Corpus, base: &str) {
    use resid_sdk::*;
    let creds = Credentials::new(s(8));
    c.debug("resid credentials", &creds);
    let builder = Client::builder(creds).base_url(base).retry(quick());
    c.debug("resid builder", &builder);
    let client = builder.build().expect("resid");
    c.debug("resid client", &client);
    c.result("resid payment", client.payment("AsF42Sg53").await);
    c.result("resid collect", client.collect_payment("AsF42Sg53").await);
    c.result(
        "resid create",
        client
            .create_payment(&CreatePayment::new("faSDF42w3Fs", Rials::new(10_000)))
            .await,
    );
}

async fn finline(c: &mut Corpus, base: &str) {
    use finline_sdk::*;
    let creds = Credentials {
        pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667"
            .parse()
            .expect("uuid"),
        api_key: s(9),
        api_secret: s(10),
        endpoints_key: s(11),
    };
    c.debug("finline credentials", &creds);
    let builder = Client::builder(creds).base_url(base).retry(quick());
    c.debug("finline builder", &builder);
    let client = builder.build().expect("finline");
    c.debug("finline client", &client);
    let card = Card::Data(CardData::new(s(12), 12, 30, s(13)));
    let purchase = DirectPaymentRequest::purchase(dec!(1), "UAH", "Order", "o-1", card);
    c.debug("finline card purchase", &purchase);
    c.result(
        "finline card purchase",
        client.create_direct_payment(&purchase).await,
    );
    let token = DirectPaymentRequest::purchase(dec!(1), "UAH", "Order", "o-2", Card::Token(s(14)));
    c.debug("finline token purchase", &token);
    c.result(
        "finline token purchase",
        client.create_direct_payment(&token).await,
    );
    c.result(
        "finline void",
        client.void(&VoidRequest::new("o-1", "UAH")).await,
    );
    c.result("finline status", client.order_status("o-1").await);
    let body = format!("data={}&signature=bad", SECRETS[10]);
    c.result(
        "finline webhook",
        webhook::parse_webhook(&s(10), body.as_bytes()),
    );
}

async fn payelata(c: &mut Corpus, base: &str) {
    use payelata_sdk::*;
    let creds = Credentials::new("coma_leak", s(15));
    c.debug("payelata credentials", &creds);
    let builder = Client::builder(base, creds).retry(quick());
    c.debug("payelata builder", &builder);
    let client = builder.build().expect("payelata");
    c.debug("payelata client", &client);
    let invoice = CreatePaymentInvoice::new("ORDER-1", dec!(1), "USD", "payment_card_usd_hpp")
        .customer(InvoiceCustomer::new("cust-1"))
        .token(s(16))
        .instant(true);
    c.debug("payelata invoice", &invoice);
    c.result(
        "payelata invoice",
        client.create_payment_invoice(&invoice).await,
    );
    c.result("payelata get", client.payment_invoice("cpi_1").await);
    let payout = CreatePayoutInvoice::new("PO-1", dec!(1), "UAH", "payment_card_uah")
        .secret_field("card_number", s(20));
    c.debug("payelata payout", &payout);
    c.result(
        "payelata payout",
        client.create_payout_invoice(&payout).await,
    );
    let cardgate_builder = CardgateClient::builder(base).retry(quick());
    c.debug("payelata cardgate builder", &cardgate_builder);
    let cardgate = cardgate_builder.build().expect("cardgate");
    c.debug("payelata cardgate", &cardgate);
    let sale = SaleOperation::card(s(18), "JOHN DOE", s(19), "04", "30");
    c.debug("payelata sale", &sale);
    c.result(
        "payelata sale",
        cardgate.sale_with_token(&s(17), &sale).await,
    );
    c.result(
        "payelata token sale",
        cardgate
            .sale_with_token(&s(17), &SaleOperation::token())
            .await,
    );
    let verifier = webhook::CallbackVerifier::new(s(21), s(22));
    c.debug("payelata verifier", &verifier);
    let body = format!(
        r#"{{"data":{{"type":"payment-invoices","id":"cpi_1","attributes":{{"test_mode":true,"payload":{{"token":"{}"}}}}}}}}"#,
        SECRETS[16]
    );
    c.result(
        "payelata callback",
        verifier.verify(body.as_bytes(), "bm90LXNpZ25lZA=="),
    );
    let signed = webhook::sign(&s(22), body.as_bytes());
    c.result(
        "payelata signed callback",
        verifier.verify(body.as_bytes(), &signed),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_is_ever_printed() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let mut corpus = Corpus::default();
    for mode in [Echo::JsonError, Echo::JsonOk, Echo::Raw] {
        let base = echo_server(mode).await;
        askell(&mut corpus, &base).await;
        barion(&mut corpus, &base).await;
        resid(&mut corpus, &base).await;
        finline(&mut corpus, &base).await;
        payelata(&mut corpus, &base).await;
    }
    let traced = String::from_utf8_lossy(&capture.0.lock().expect("capture")).into_owned();
    assert!(
        traced.contains("payments.request"),
        "tracing captured nothing"
    );
    // The calls really reached the servers and the errors really hold the echoes.
    assert!(corpus.0.iter().any(|t| t.contains("*** redacted ***")));
    let mut leaks = Vec::new();
    for secret in SECRETS {
        for text in corpus.0.iter().chain(std::iter::once(&traced)) {
            if text.contains(secret) {
                let at = text.find(secret).unwrap_or(0);
                let from = at.saturating_sub(80);
                leaks.push(format!(
                    "`{secret}` in: …{}…",
                    &text[text.floor_char_boundary(from)
                        ..text.ceil_char_boundary((at + 40).min(text.len()))]
                ));
                break;
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} secret(s) leaked:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
    assert!(
        corpus.0.len() > 200,
        "only {} texts were checked",
        corpus.0.len()
    );
}
