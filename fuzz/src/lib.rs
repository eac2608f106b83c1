//! The code behind the fuzz targets: each provider's response decoders and each
//! webhook or callback parser, driven the way the property tests in
//! `tests/tests/properties.rs` drive them, with libFuzzer's input.
//!
//! A decoder target takes the input as an answer body: it is decoded into every public wire
//! type of the provider, and answered by a replaying transport to every client method (under
//! status 200, and the reads once more under an error status), so the crate-private decoders
//! (list pages, one-or-array answers, envelopes) run too. A panic anywhere is a crash; so is a
//! non-2xx answer that is not `Error::Api`, or a webhook that verifies with a signature that is
//! not its own.

use std::fmt::{Debug, Display};
use std::future::Future;
use std::sync::Arc;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use payments_core::http::{HeaderMap, HeaderValue, Method, StatusCode};
use payments_core::test_util::{ReplayEvent, ReplayTransport};
use payments_core::{Error, ItemStream, RetryPolicy, SecretString, StreamExt as _};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

thread_local! {
    static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime");
}

fn block_on<F: Future>(f: F) -> F::Output {
    RUNTIME.with(|rt| rt.block_on(f))
}

/// The error status an input is also answered with: one of the common ones, picked by the
/// input's length so that a crash replays from the input alone.
fn error_status(data: &[u8]) -> StatusCode {
    const STATUSES: [u16; 6] = [400, 404, 409, 422, 500, 503];
    StatusCode::from_u16(STATUSES[data.len() % STATUSES.len()]).unwrap_or(StatusCode::BAD_REQUEST)
}

/// FNV-1a of the input: which client method an input drives, so a crash replays from the
/// input alone (one method per run keeps the target fast).
fn pick(data: &[u8], salt: u64) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325 ^ salt, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Runs the models on the input and on each member or element of it (an envelope's `info`, a
/// document's `data`, a list's items), then one client method (picked from the input) under
/// status 200 and one under an error status.
fn run<F: Future<Output = ()>>(
    data: &[u8],
    methods: u64,
    models: fn(&[u8]),
    call: impl Fn(u64, StatusCode) -> F,
) {
    models(data);
    let members: Vec<Box<RawValue>> =
        serde_json::from_slice::<std::collections::BTreeMap<String, Box<RawValue>>>(data)
            .map(|m| m.into_values().collect())
            .or_else(|_| serde_json::from_slice::<Vec<Box<RawValue>>>(data))
            .unwrap_or_default();
    for value in members.iter().take(8) {
        models(value.get().as_bytes());
    }
    block_on(call(pick(data, 0) % methods, StatusCode::OK));
    block_on(call(pick(data, 1) % methods, error_status(data)));
}

/// A transport answering `times` requests with `status` and `body`, whatever the path.
fn replay(method: &Method, status: StatusCode, body: &[u8], times: usize) -> Arc<ReplayTransport> {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    Arc::new(ReplayTransport::new((0..times).map(|_| {
        ReplayEvent::new(method.clone(), "", status, body.to_vec()).with_headers(headers.clone())
    })))
}

/// Formats an outcome as a user would print it, and checks that a non-2xx is `Error::Api`.
fn check<T: Debug, E: Debug + Display + 'static>(status: StatusCode, result: &Result<T, Error<E>>) {
    match result {
        Ok(v) => {
            let _ = format!("{v:?}");
            assert!(
                status.is_success() || status.is_redirection(),
                "a {status} answer gave Ok({v:?})"
            );
        }
        Err(e) => {
            let _ = format!("{e} {e:?}");
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                let _ = format!("{s}");
                source = s.source();
            }
            if status.is_client_error() || status.is_server_error() {
                assert!(
                    matches!(e, Error::Api(_)) && e.status() == Some(status),
                    "a {status} answer gave {e:?}"
                );
            }
        }
    }
}

async fn walk<T: Debug, E: Debug + Display + 'static>(
    status: StatusCode,
    mut stream: ItemStream<T, Error<E>>,
) {
    if let Some(first) = stream.next().await {
        check(status, &first);
    }
    for _ in 0..16 {
        match stream.next().await {
            Some(r) => {
                let _ = format!("{r:?}");
            }
            None => break,
        }
    }
}

/// Decodes `body` as `T` (with the serde path on failure) and formats the result.
fn decode_as<T: DeserializeOwned + Debug>(body: &[u8]) -> Option<T> {
    match payments_core::decode_json::<T>(None, body) {
        Ok(v) => {
            let _ = format!("{v:?}");
            Some(v)
        }
        Err(e) => {
            let _ = format!("{e} {e:?}");
            None
        }
    }
}

fn uuid() -> barion_sdk::Uuid {
    barion_sdk::Uuid::from_u128(0xa19c_a264_5dd4_4897_bcb8_47d8_4844_a2bc)
}

/// An instant, named through a crate that exposes `time`'s type.
fn instant(rfc3339: &str) -> <askell_sdk::Timestamp as std::ops::Deref>::Target {
    serde_json::from_str::<askell_sdk::Timestamp>(&format!("\"{rfc3339}\""))
        .expect("an RFC 3339 instant")
        .0
}

/// Askell: decoders and the webhook verifier.
pub mod askell {
    use super::*;
    use askell_sdk as k;

    fn client(method: &Method, status: StatusCode, body: &[u8], times: usize) -> k::Client {
        k::Client::builder(k::Credentials::new("abcdef.abcdefgh1234567890"))
            .base_url("https://askell.test/api")
            .retry(RetryPolicy::disabled())
            .transport(replay(method, status, body, times))
            .build()
            .expect("a client")
    }

    fn public(method: &Method, status: StatusCode, body: &[u8]) -> k::PublicClient {
        k::PublicClient::builder(k::PublicCredentials::new("pubpre.publickey0987654321"))
            .base_url("https://askell.test/api")
            .retry(RetryPolicy::disabled())
            .transport(replay(method, status, body, 1))
            .build()
            .expect("a public client")
    }

    fn models(body: &[u8]) {
        if let Some(p) = decode_as::<k::Payment>(body) {
            let _ = (p.retries_used(), p.retries_left());
        }
        decode_as::<Vec<k::Payment>>(body);
        decode_as::<k::Transaction>(body);
        if let Some(r) = decode_as::<k::TransactionReceipt>(body) {
            let _ = r.pdf();
        }
        if let Some(r) = decode_as::<k::CardReceipt>(body) {
            let _ = (r.parsed_date(), r.parsed_time(), r.parsed_amount());
        }
        decode_as::<k::Hello>(body);
        decode_as::<k::CheckoutCreated>(body);
        decode_as::<k::CheckoutPaymentProcessor>(body);
        decode_as::<k::TemporaryPaymentMethodCreated>(body);
        decode_as::<k::TokenState>(body);
        if let Some(c) = decode_as::<k::Customer>(body) {
            let _ = c.usable_payment_methods().count();
        }
        decode_as::<k::Plan>(body);
        if let Some(s) = decode_as::<k::Subscription>(body) {
            let _ = (
                s.meta_json(),
                s.plan_id(),
                s.customer_id(),
                s.latest_billing_log(),
            );
        }
        decode_as::<k::SubscriptionActionResult>(body);
        decode_as::<k::SubscriptionsCreated>(body);
        decode_as::<k::BillingLog>(body);
        if let Some(w) = decode_as::<k::Webhook>(body) {
            let _ = format!("{:?}", k::WebhookVerifier::from_webhook(&w));
        }
        decode_as::<k::ErrorEnvelope>(body);
    }

    async fn call(which: u64, status: StatusCode, body: &[u8]) {
        let c = |m: &Method| client(m, status, body, 1);
        let list = || client(&Method::GET, status, body, 4);
        let (get, post) = (Method::GET, Method::POST);
        let uuid = uuid();
        let customer = k::NewCustomer::new("cust-1", "jon@example.is", "Jón", "Jónsson");
        let hook = k::WebhookCreate::new("https://shop.example/hooks/", k::EventType::PaymentAll);
        match which {
            0 => check(status, &c(&get).hello().await),
            1 => check(status, &c(&get).payment(uuid).await),
            2 => walk(status, list().payments()).await,
            3 => walk(status, list().transactions(&k::TransactionFilter::new())).await,
            4 => check(status, &c(&get).transaction_receipt(uuid).await),
            5 => check(status, &c(&get).checkout_payment_processors().await),
            6 => check(
                status,
                &public(&get, status, body).checkout("637302f0").await,
            ),
            7 => check(
                status,
                &public(&get, status, body)
                    .temporary_payment_method("0b1c")
                    .await,
            ),
            8 => check(status, &c(&get).customer("cust-1").await),
            9 => {
                walk(
                    status,
                    list().customers(&k::CustomerListQuery::new().page_size(2)),
                )
                .await
            }
            10 => walk(status, list().customer_subscriptions("cust-1")).await,
            11 => walk(status, list().plans()).await,
            12 => {
                walk(
                    status,
                    list().subscriptions(&k::SubscriptionListQuery::new()),
                )
                .await
            }
            13 => check(status, &c(&get).subscription(7).await),
            14 => walk(status, list().webhooks()).await,
            15 => {
                let request = k::CreatePayment::new("customer-12345", k::dec!(1990), "ISK");
                check(status, &c(&post).create_payment(&request).await);
            }
            16 => check(status, &c(&post).refund_payment(uuid).await),
            17 => {
                let checkout = k::CreateCheckout::for_processor(4, "ISK").amount(k::dec!(1990));
                check(status, &c(&post).create_checkout(&checkout).await);
            }
            18 => {
                let card = k::CardDetails::new("4111111111111111", "01", "29", "123");
                let public = public(&post, status, body);
                check(status, &public.create_temporary_payment_method(&card).await);
            }
            19 => check(status, &c(&post).create_customer(&customer).await),
            20 => {
                let multi = k::MultiSubscriptionCreate::new(
                    customer,
                    vec![k::NewSubscription::new(1, "S")],
                );
                check(status, &c(&post).create_subscriptions(&multi).await);
            }
            21 => check(status, &c(&post).cancel_subscription(7).await),
            22 => {
                let expires = instant("2030-01-01T00:00:00Z");
                check(status, &c(&post).set_subscription_expiry(7, expires).await);
            }
            23 => check(status, &c(&post).create_webhook(&hook).await),
            _ => check(status, &c(&Method::PUT).replace_webhook(3, &hook).await),
        }
    }

    /// The decoder target.
    pub fn decode(data: &[u8]) {
        run(data, 25, models, |which, status| call(which, status, data));
    }

    /// An Askell delivery, as the fuzzer builds it.
    #[derive(Debug, Arbitrary)]
    pub struct Delivery {
        body: Vec<u8>,
        sign: bool,
        digest: u8,
        hmac: Option<Vec<u8>>,
        event: Option<Vec<u8>>,
        version: Option<Vec<u8>>,
    }

    /// The webhook target.
    pub fn webhook(d: &Delivery) {
        use k::webhook::{HookHeaders, WebhookError, WebhookVerifier};
        const SECRET: &str = "askell_test_webhook_secret";
        let digest = ["SHA512", "sha256", "SHA1", "md5"][usize::from(d.digest % 4)];
        let verifier = WebhookVerifier::with_digest(SECRET, digest)
            .unwrap_or_else(|_| WebhookVerifier::new(SECRET));
        let hmac = if d.sign {
            Some(
                payments_core::signature::hmac_base64(
                    verifier.algorithm(),
                    SECRET.as_bytes(),
                    &d.body,
                )
                .into_bytes(),
            )
        } else {
            d.hmac.clone()
        };
        let value =
            |v: &Option<Vec<u8>>| v.as_deref().and_then(|b| HeaderValue::from_bytes(b).ok());
        let (hmac, event, version) = (value(&hmac), value(&d.event), value(&d.version));
        let mut headers = HeaderMap::new();
        for (name, v) in [
            ("hook-hmac", &hmac),
            ("hook-event", &event),
            ("hook-api-version", &version),
        ] {
            if let Some(v) = v {
                headers.insert(name, v.clone());
            }
        }
        let parsed = verifier.parse(&headers, &d.body);
        let _ = format!("{parsed:?}");
        match &parsed {
            Ok(event) => {
                let _ = format!("{:?}", event.data_as::<k::Customer>());
                assert!(d.sign, "an unsigned delivery verified");
            }
            Err(WebhookError::InvalidBody(_) | WebhookError::EventMismatch { .. }) => {
                assert!(d.sign, "an unsigned delivery was read: {parsed:?}");
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
        let text =
            |v: &Option<HeaderValue>| v.as_ref().and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (h, e, v) = (text(&hmac), text(&event), text(&version));
        let parts = HookHeaders {
            hmac: h.as_deref(),
            event: e.as_deref(),
            api_version: v.as_deref(),
        };
        let _ = format!("{:?}", verifier.parse_parts(&parts, &d.body));
    }
}

/// Barion: decoders and the callback.
pub mod barion {
    use super::*;
    use barion_sdk as b;

    fn client(method: &Method, status: StatusCode, body: &[u8]) -> b::Client {
        b::Client::builder(b::Credentials {
            pos_key: SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC"),
        })
        .base_url("https://barion.test")
        .retry(RetryPolicy::disabled())
        .transport(replay(method, status, body, 1))
        .build()
        .expect("a client")
    }

    fn models(body: &[u8]) {
        fn both<T: DeserializeOwned + Debug>(body: &[u8]) -> Option<T> {
            let _ = format!("{:?}", b::decode_body::<T>(body));
            decode_as::<T>(body)
        }
        if let Some(s) = both::<b::PaymentState>(body) {
            let _ = s.is_final();
        }
        if let Some(s) = both::<b::StartPaymentResponse>(body) {
            let _ = s.payer_redirect_url(b::Environment::Test);
        }
        both::<b::CompleteResponse>(body);
        both::<b::RefundResponse>(body);
        both::<b::PaymentOperationResponse>(body);
        both::<b::ErrorEnvelope>(body);
        both::<b::TimeSpan>(body);
        let text = String::from_utf8_lossy(body);
        let _ = text.parse::<b::TimeSpan>().map(|t| t.to_string());
        let _ = b::parse_id(&text);
        let _ = b::model::parse_datetime(&text);
    }

    async fn call(which: u64, status: StatusCode, body: &[u8]) {
        let (get, post) = (Method::GET, Method::POST);
        let id = uuid();
        let finish = b::FinishRequest::new(id, b::CurrencyCode::Eur)
            .transaction(b::TransactionToFinish::new(id, b::dec!(12.50)));
        match which {
            0 => check(status, &client(&get, status, body).payment_state(id).await),
            1 => check(
                status,
                &client(&get, status, body).legacy_payment_state(id).await,
            ),
            2 => {
                let item = b::Item::new(
                    "Mug",
                    "Mug",
                    b::dec!(1),
                    "piece",
                    b::dec!(1000),
                    b::dec!(1000),
                );
                let start = b::StartPaymentRequest::new(
                    b::PaymentType::Immediate,
                    "ORDER-1",
                    b::CurrencyCode::Huf,
                    b::Locale::Hungarian,
                    vec![
                        b::PaymentTransaction::new("T1", "owner@shop.example", b::dec!(1000))
                            .item(item),
                    ],
                );
                check(
                    status,
                    &client(&post, status, body).start_payment(&start).await,
                );
            }
            3 => check(
                status,
                &client(&post, status, body)
                    .finish_reservation(&finish)
                    .await,
            ),
            4 => check(status, &client(&post, status, body).capture(&finish).await),
            5 => {
                let cancel = b::CancelAuthorizationRequest::new(id);
                check(
                    status,
                    &client(&post, status, body)
                        .cancel_authorization(&cancel)
                        .await,
                );
            }
            6 => {
                let refund = b::RefundRequest::new(id, b::CurrencyCode::Huf)
                    .transaction(b::TransactionToRefund::new(id, "T1", b::dec!(250)));
                check(
                    status,
                    &client(&post, status, body).refund_payment(&refund).await,
                );
            }
            _ => {
                let complete = b::CompleteRequest::new(id);
                check(
                    status,
                    &client(&post, status, body)
                        .complete_payment(&complete)
                        .await,
                );
            }
        }
    }

    /// The decoder target.
    pub fn decode(data: &[u8]) {
        run(data, 8, models, |which, status| call(which, status, data));
    }

    /// A Barion callback, as the fuzzer builds it.
    #[derive(Debug, Arbitrary)]
    pub struct Delivery {
        content_type: Option<String>,
        body: Vec<u8>,
    }

    /// The callback target.
    pub fn callback(d: &Delivery) {
        use b::webhook::Callback;
        let parsed = Callback::from_body(d.content_type.as_deref(), &d.body);
        let from_query = Callback::from_query(&String::from_utf8_lossy(&d.body));
        for id in [parsed, from_query].into_iter().flatten() {
            let again = Callback::from_query(&format!("paymentId={}", id.payment_id().as_simple()));
            assert_eq!(again.ok(), Some(id));
        }
    }
}

/// Resid: decoders (Resid documents no webhook).
pub mod resid {
    use super::*;
    use resid_sdk as r;

    fn client(method: &Method, status: StatusCode, body: &[u8], times: usize) -> r::Client {
        r::Client::builder(r::Credentials::new("AUTHORIZATION_CODE"))
            .base_url("https://resid.test")
            .retry(RetryPolicy::disabled())
            .transport(replay(method, status, body, times))
            .build()
            .expect("a client")
    }

    fn payment(p: &r::Payment) {
        let _ = (p.created_utc(), p.collect_deadline(), p.state());
        if let Some(a) = p.amount {
            let _ = (a.to_decimal(), a.to_string());
        }
    }

    fn models(body: &[u8]) {
        if let Some(p) = decode_as::<r::Payment>(body) {
            payment(&p);
        }
        decode_as::<r::PaymentCreated>(body);
        if let Some(m) = decode_as::<r::Merchant>(body) {
            let _ = m.identifier();
        }
        if let Some(e) = decode_as::<r::ErrorEnvelope>(body) {
            let _ = (e.is_error(), e.error_texts().count());
        }
        let _ = r::ErrorEnvelope::from_body(body);
        decode_as::<r::Rials>(body);
        let _ = String::from_utf8_lossy(body).parse::<r::Timestamp>();
    }

    async fn call(which: u64, status: StatusCode, body: &[u8]) {
        let (get, post) = (Method::GET, Method::POST);
        match which {
            0 => {
                let read = client(&get, status, body, 1).payment("AsF42Sg53").await;
                check(status, &read);
                if let Ok(p) = &read {
                    payment(p);
                }
            }
            1 => {
                let page = client(&get, status, body, 1)
                    .payments_page(&r::ListPayments::latest())
                    .await;
                check(status, &page);
            }
            2 => {
                walk(
                    status,
                    client(&get, status, body, 4).payments(r::ListPayments::latest()),
                )
                .await
            }
            3 => {
                let create = r::CreatePayment::new("faSDF42w3Fs", r::Rials::new(10_000));
                check(
                    status,
                    &client(&post, status, body, 1).create_payment(&create).await,
                );
            }
            _ => check(
                status,
                &client(&post, status, body, 1)
                    .collect_payment("AsF42Sg53")
                    .await,
            ),
        }
    }

    /// The decoder target.
    pub fn decode(data: &[u8]) {
        run(data, 5, models, |which, status| call(which, status, data));
    }
}

/// Financial Line: decoders and the webhook form.
pub mod finline {
    use super::*;
    use finline_sdk as f;

    const SECRET: &str = "API_SECRET";

    fn client(method: &Method, status: StatusCode, body: &[u8]) -> f::Client {
        f::Client::builder(f::Credentials {
            pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667"
                .parse()
                .expect("a POS id"),
            api_key: SecretString::from("API_KEY"),
            api_secret: SecretString::from(SECRET),
            endpoints_key: SecretString::from("ENDPOINTS_KEY"),
        })
        .base_url("https://finline.test/api/v1")
        .retry(RetryPolicy::disabled())
        .transport(replay(method, status, body, 1))
        .build()
        .expect("a client")
    }

    fn order(o: &f::Order) {
        let _ = (o.latest(&f::OperationMethod::Void), o.latest_successful());
        for op in o.chronological() {
            let _ = (op.is_success(), op.created_at());
        }
    }

    fn models(body: &[u8]) {
        if let Some(op) = decode_as::<f::Operation>(body) {
            let _ = (op.is_success(), op.created_at());
        }
        if let Some(o) = decode_as::<f::Order>(body) {
            order(&o);
        }
        if let Some(e) = decode_as::<f::ErrorEnvelope>(body) {
            let _ = (e.error_code(), e.violations().len());
        }
        decode_as::<f::Fee>(body);
        let _ =
            f::Timestamp::parse(&String::from_utf8_lossy(body)).map(|t| t.to_offset_date_time());
    }

    async fn call(which: u64, status: StatusCode, body: &[u8]) {
        let (get, post) = (Method::GET, Method::POST);
        let c = || client(&post, status, body);
        let split = vec![f::SplitShare::new("sub-1", f::dec!(10))];
        match which {
            0 => {
                let read = client(&get, status, body).order_status("123").await;
                check(status, &read);
                if let Ok(o) = &read {
                    order(o);
                }
            }
            1 => {
                let op = client(&get, status, body)
                    .order_operation("123", &f::OperationMethod::Void)
                    .await;
                check(status, &op);
            }
            2 => {
                let hosted =
                    f::HostedPaymentRequest::purchase(f::dec!(100.50), "UAH", "Order 1", "123");
                check(status, &c().create_hosted_payment(&hosted).await);
            }
            3 => {
                let card = f::Card::Token(SecretString::from("rcr:tok"));
                let direct =
                    f::DirectPaymentRequest::purchase(f::dec!(12.50), "UAH", "Sub", "124", card);
                check(status, &c().create_direct_payment(&direct).await);
            }
            4 => {
                let capture = f::CaptureRequest::partial("123", "UAH", f::dec!(50.25));
                check(status, &c().capture(&capture).await);
            }
            5 => check(status, &c().void(&f::VoidRequest::new("123", "UAH")).await),
            6 => check(
                status,
                &c().refund(&f::RefundRequest::full("123", "UAH")).await,
            ),
            7 => {
                let capture = f::SplitCaptureRequest::new("123", "UAH", f::dec!(10), split);
                check(status, &c().split_capture(&capture).await);
            }
            _ => {
                let refund = f::SplitRefundRequest::new("123", "UAH", f::dec!(10), split);
                check(status, &c().split_refund(&refund).await);
            }
        }
    }

    /// The decoder target.
    pub fn decode(data: &[u8]) {
        run(data, 9, models, |which, status| call(which, status, data));
    }

    /// A webhook: raw form bytes, or a `data` JSON posted base64url-encoded and signed (right
    /// or wrong).
    #[derive(Debug, Arbitrary)]
    pub enum Delivery {
        /// The form as posted.
        Raw(Vec<u8>),
        /// The JSON of `data`, and the signature to send (`None`: the right one).
        Signed {
            /// The operation's JSON.
            json: Vec<u8>,
            /// A signature to send instead of the right one.
            signature: Option<String>,
        },
    }

    fn base64url(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                out.push(if i <= chunk.len() {
                    char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize])
                } else {
                    '='
                });
            }
        }
        out
    }

    fn encode(text: &str) -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    /// The webhook target.
    pub fn webhook(d: &Delivery) {
        use f::webhook::{WebhookError, parse_webhook};
        let secret = SecretString::from(SECRET);
        let (body, signed) = match d {
            Delivery::Raw(bytes) => (bytes.clone(), false),
            Delivery::Signed { json, signature } => {
                let data = base64url(json);
                let sig = signature.clone().unwrap_or_else(|| {
                    payments_core::signature::sha1_sandwich_base64url(
                        SECRET.as_bytes(),
                        data.as_bytes(),
                    )
                });
                let body = format!("data={}&signature={}", encode(&data), encode(&sig));
                (body.into_bytes(), signature.is_none())
            }
        };
        let parsed = parse_webhook(&secret, &body);
        let _ = format!("{parsed:?}");
        if signed {
            assert!(
                !matches!(
                    parsed,
                    Err(WebhookError::Signature(_) | WebhookError::Base64 | WebhookError::Form(_))
                ),
                "a correctly signed webhook was refused: {parsed:?}"
            );
        }
        if let Ok(op) = &parsed {
            let _ = (op.is_success(), op.created_at());
        }
    }
}

/// Payelata: decoders and the callback verifier.
pub mod payelata {
    use super::*;
    use payelata_sdk as p;

    fn client(method: &Method, status: StatusCode, body: &[u8], times: usize) -> p::Client {
        p::Client::builder(
            "https://payelata.test/api",
            p::Credentials::new("coma_123", SecretString::from("my-api-key")),
        )
        .retry(RetryPolicy::disabled())
        .transport(replay(method, status, body, times))
        .build()
        .expect("a client")
    }

    fn cardgate(status: StatusCode, body: &[u8]) -> p::CardgateClient {
        p::CardgateClient::builder("https://cardgate.test")
            .retry(RetryPolicy::disabled())
            .transport(replay(&Method::POST, status, body, 1))
            .build()
            .expect("a cardgate client")
    }

    fn invoice(i: &p::PaymentInvoice) {
        let _ = (
            i.is_final(),
            i.is_success(),
            i.updated_at(),
            i.refundable_amount(),
        );
        if let Some(flow) = &i.flow_data {
            let _ = (
                flow.redirect_url(),
                flow.html_form(),
                flow.html_form_with_nonce("n"),
            );
        }
    }

    fn models(body: &[u8]) {
        if let Some(d) = decode_as::<p::Document<p::PaymentInvoice>>(body) {
            invoice(&d.data.attributes);
        }
        if let Some(d) = decode_as::<p::ListDocument<p::PaymentInvoice>>(body) {
            d.data.iter().for_each(|r| invoice(&r.attributes));
        }
        decode_as::<p::Document<p::PayoutInvoice>>(body);
        decode_as::<p::Document<p::Refund>>(body);
        decode_as::<p::Document<p::jsonapi::Included>>(body);
        decode_as::<p::Document<p::webhook::CallbackObject>>(body);
        if let Some(s) = decode_as::<p::SaleAnswer>(body) {
            if let Some(step) = s.auth_payload() {
                let _ = (step.html_form(), step.html_form_with_nonce("n"));
            }
        }
        decode_as::<p::ErrorEnvelope>(body);
    }

    async fn call(which: u64, status: StatusCode, body: &[u8]) {
        let (get, post) = (Method::GET, Method::POST);
        let query = p::ListPaymentInvoices::new();
        let refund = p::CreateRefund::new("REFUND-1", p::dec!(1));
        match which {
            0 | 1 => {
                let read = client(&get, status, body, 1).payment_invoice("cpi_1").await;
                check(status, &read);
                if let Ok(r) = &read {
                    invoice(&r.attributes);
                    if which == 1 {
                        // The checked refund judges what remains from the invoice as decoded.
                        let checked = client(&post, status, body, 1)
                            .refund_payment_invoice_checked(r, &refund)
                            .await;
                        let _ = format!("{checked:?}");
                    }
                }
            }
            2 => check(
                status,
                &client(&get, status, body, 1)
                    .payment_invoices_page(&query)
                    .await,
            ),
            3 => {
                walk(
                    status,
                    client(&get, status, body, 4).payment_invoices(&query.page_size(2)),
                )
                .await
            }
            4 => {
                let by_ref = client(&get, status, body, 1)
                    .payment_invoice_by_reference_id("ORDER-1")
                    .await;
                check(status, &by_ref);
            }
            5 => check(
                status,
                &client(&get, status, body, 1).payout_invoice("cpo_1").await,
            ),
            6 => {
                let create = p::CreatePaymentInvoice::new(
                    "ORDER-1",
                    p::dec!(100),
                    "UAH",
                    "payment_card_uah_hpp",
                );
                check(
                    status,
                    &client(&post, status, body, 1)
                        .create_payment_invoice(&create)
                        .await,
                );
            }
            7 => {
                let r = client(&post, status, body, 1)
                    .refund_payment_invoice("cpi_1", &refund)
                    .await;
                check(status, &r);
            }
            8 => {
                let payout =
                    p::CreatePayoutInvoice::new("PAYOUT-1", p::dec!(10), "UAH", "payout_card_uah")
                        .field("card_number", "4111111111111111");
                check(
                    status,
                    &client(&post, status, body, 1)
                        .create_payout_invoice(&payout)
                        .await,
                );
            }
            _ => {
                let token = SecretString::from("cardgate-bearer");
                let sale = cardgate(status, body)
                    .sale_with_token(&token, &p::SaleOperation::token())
                    .await;
                check(status, &sale);
            }
        }
    }

    /// The decoder target.
    pub fn decode(data: &[u8]) {
        run(data, 10, models, |which, status| call(which, status, data));
    }

    /// A callback: its body, who signed it, and which secrets the verifier holds.
    #[derive(Debug, Arbitrary)]
    pub struct Delivery {
        body: Vec<u8>,
        /// 0: the live secret, 1: the test secret, else `signature`.
        signer: u8,
        signature: String,
        /// 0: live only, 1: test only, else both.
        verifier: u8,
    }

    /// The callback target.
    pub fn callback(d: &Delivery) {
        use p::webhook::{CallbackVerifier, Mode, sign};
        let live = SecretString::from("sk_live_payelata_0");
        let test = SecretString::from("sk_test_payelata_0");
        let verifier = match d.verifier % 3 {
            0 => CallbackVerifier::live(live.clone()),
            1 => CallbackVerifier::test(test.clone()),
            _ => CallbackVerifier::new(live.clone(), test.clone()),
        };
        let (signature, signer) = match d.signer % 3 {
            0 => (sign(&live, &d.body), Some(Mode::Live)),
            1 => (sign(&test, &d.body), Some(Mode::Test)),
            _ => (d.signature.clone(), None),
        };
        let held = match (d.verifier % 3, signer) {
            (0, Some(Mode::Live)) | (1, Some(Mode::Test)) | (2, Some(_)) => signer,
            _ => None,
        };
        let verified = verifier.verify(&d.body, &signature);
        let _ = format!("{verified:?}");
        if let Ok(cb) = &verified {
            assert_eq!(
                Some(cb.mode),
                held,
                "accepted with a secret it does not hold"
            );
            let _ = (cb.id(), cb.kind(), cb.updated(), cb.included().len());
            if let Some(i) = cb.payment_invoice() {
                invoice(i);
            }
        }
    }
}
