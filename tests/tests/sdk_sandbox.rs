//! End-to-end tests of the five provider SDKs against the local sandbox
//! (`payments-sandbox`): every call goes through the SDK's own public API; only the person
//! paying is played by hand (`payments_e2e::flows::Payer` opens the payer page the provider
//! handed out and posts its form).
//!
//! Per provider: the whole happy path with its webhooks or callbacks, every scenario of the
//! sandbox's table where the sandbox applies it (`..01` decline, `..02` insufficient funds,
//! `..03` 3-D Secure, `..04` slow past the client's timeout, `..05`/`..06` 5xx before acting),
//! the lost answers (`..07` act then 503, `..08` act then drop, injected faults for calls
//! without an amount) resolved by calling exactly the method the error's `Resolution` names,
//! and wrong credentials. Each test runs its own sandbox (cheap to start) and shop.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use payments_core::{Error, Resolution, SecretString, dec};
use payments_e2e::flows::{self, HtmlForm, Payer, PayerAnswer};
use payments_e2e::quick::{PATIENT, WAIT, retry, sandbox};
use payments_e2e::shop::{Received, Shop};
use payments_sandbox::{Fault, Provider, Sandbox, cards};

/// The timeout of the impatient clients: shorter than the sandbox's slow answer.
const IMPATIENT: Duration = Duration::from_secs(1);

/// The status query an error names; panics unless the error says the outcome is unknown.
fn resolution_of<E: fmt::Debug>(e: &Error<E>) -> Resolution {
    let unknown = e
        .outcome_unknown()
        .unwrap_or_else(|| panic!("the outcome should be unknown: {e:?}"));
    unknown
        .resolve_with()
        .cloned()
        .unwrap_or_else(|| panic!("an unknown outcome names its status query: {e:?}"))
}

/// The resolution of a `..04` slow answer: a timeout with the outcome unknown.
fn timed_out<E: fmt::Debug>(e: &Error<E>) -> Resolution {
    assert!(matches!(e, Error::Timeout(_)), "a timeout: {e:?}");
    resolution_of(e)
}

/// The resolution of a 5xx answer to a write (`..05`, `..06`, `..07`): the provider's typed
/// error with its status, the outcome unknown.
fn server_error<E: fmt::Debug>(e: &Error<E>, status: u16) -> Resolution {
    assert!(matches!(e, Error::Api(_)), "the provider's error: {e:?}");
    assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
    resolution_of(e)
}

/// The resolution of a `..08` answer cut off after the provider acted: a connection error
/// after sending, the outcome unknown.
fn dropped<E: fmt::Debug>(e: &Error<E>) -> Resolution {
    assert!(
        matches!(e, Error::Connection(c) if c.sent),
        "a connection broken after sending: {e:?}"
    );
    resolution_of(e)
}

/// A final error of the provider (a 4xx): its status, nothing unknown.
fn rejected<E: fmt::Debug>(e: &Error<E>, status: u16) {
    assert!(matches!(e, Error::Api(_)), "the provider's error: {e:?}");
    assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
    assert!(e.outcome_unknown().is_none(), "a 4xx is final: {e:?}");
}

/// Polls `check` every 20 ms until it gives `Some`, for at most [`WAIT`].
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until the shop holds at least `n` POSTs under `path` that `wanted` accepts.
async fn received(
    shop: &Shop,
    path: &str,
    n: usize,
    wanted: impl Fn(&Received) -> bool,
) -> Vec<Received> {
    let line = format!("POST {path}");
    eventually(&format!("{n} webhooks to {path}"), || {
        let got: Vec<Received> = shop
            .received()
            .into_iter()
            .filter(|r| r.line.starts_with(&line) && wanted(r))
            .collect();
        std::future::ready((got.len() >= n).then_some(got))
    })
    .await
}

#[test]
fn the_payer_reads_forms_as_a_browser_does() {
    let html = "<!doctype html><form method=\"post\" action=\"/barion/Pay\">\n\
        <input type=\"hidden\" name=\"id\" value=\"a&amp;b&quot;c\">\n\
        <label>Card <input type=\"text\" name=\"card_number\" value=\"4242\"></label>\n\
        <button type=\"submit\" name=\"action\" value=\"pay\">Pay</button>\n\
        <button type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button></form>";
    let form = HtmlForm::parse(html, "http://127.0.0.1:1/barion/Pay?id=x").expect("a form");
    assert_eq!(form.action, "http://127.0.0.1:1/barion/Pay");
    assert_eq!(form.field("id"), Some("a&b\"c"));
    assert_eq!(form.buttons, ["pay", "cancel"]);
    let sent = form.filled("pay", &[("card_number", "4000 0000")]);
    assert_eq!(
        flows::form_encode(&sent),
        "id=a%26b%22c&card_number=4000+0000&action=pay"
    );
    assert_eq!(
        flows::form_decode("id=a%26b%22c&x=4000+0000"),
        [
            ("id".to_owned(), "a&b\"c".to_owned()),
            ("x".to_owned(), "4000 0000".to_owned())
        ]
    );
    assert_eq!(flows::resolve("http://h:1/a/b?q", "c"), "http://h:1/a/c");
    assert_eq!(
        flows::resolve("http://h:1/a/b", "https://x/y"),
        "https://x/y"
    );
}

mod askell {
    use super::*;
    use askell_sdk::webhook::WebhookError;
    use askell_sdk::{
        Client, CreatePayment, Credentials, EventType, Payment, PaymentState, TransactionState,
        TryStreamExt as _, WebhookCreate, WebhookVerifier,
    };

    /// The customer every sandbox starts with: a verified Visa on file.
    const CUSTOMER: &str = "sandbox-customer";

    fn client(sandbox: &Sandbox, timeout: Duration) -> Client {
        let a = sandbox.askell();
        Client::builder(Credentials::new(a.api_key))
            .base_url(a.base_url)
            .timeout(timeout)
            .retry(retry())
            .build()
            .expect("an Askell client")
    }

    /// A charge of `isk` krónur of the seeded customer's card, with our `reference`.
    fn charge(isk: i64, reference: &str) -> CreatePayment {
        CreatePayment::new(CUSTOMER, isk.into(), "ISK")
            .description(format!("Áskrift {reference}"))
            .reference(reference)
    }

    /// Polls the payment until `done` holds.
    async fn until(client: &Client, payment: &Payment, done: fn(&Payment) -> bool) -> Payment {
        let uuid = payment.uuid;
        eventually("the Askell payment to move on", || async move {
            let p = client.payment(uuid).await.expect("the payment");
            done(&p).then_some(p)
        })
        .await
    }

    /// Calls the status query `r` names, exactly: the payment it finds, if any.
    async fn resolve(client: &Client, r: &Resolution) -> Option<Payment> {
        match r.operation {
            "payments" => {
                assert_eq!(r.key_name, "reference", "{r}");
                let all: Vec<Payment> = client.payments().try_collect().await.expect("payments");
                all.into_iter()
                    .find(|p| p.reference.as_deref() == Some(r.key.as_str()))
            }
            "payment" => {
                assert_eq!(r.key_name, "uuid", "{r}");
                let uuid = r.key.parse().expect("a payment uuid");
                Some(client.payment(uuid).await.expect("the payment"))
            }
            other => panic!("Askell's SDK names no status query `{other}`"),
        }
    }

    fn fail_code(p: &Payment) -> Option<&str> {
        p.transactions.last().and_then(|t| t.fail_code.as_deref())
    }

    #[tokio::test]
    async fn happy_path_with_signed_webhooks() {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let client = client(&sandbox, PATIENT);

        let hello = client.hello().await.expect("hello");
        assert_eq!(hello.status.as_deref(), Some("success"));

        let url = format!("{}/hooks/askell", shop.url());
        let hook = client
            .create_webhook(&WebhookCreate::new(&url, EventType::PaymentAll))
            .await
            .expect("the webhook registers")
            .expect("the registration is answered");
        assert_eq!(hook.url.as_deref(), Some(url.as_str()));
        assert_eq!(hook.event, Some(EventType::PaymentAll));
        let hooks: Vec<_> = client.webhooks().try_collect().await.expect("webhooks");
        assert!(hooks.iter().any(|h| h.id == hook.id));
        let verifier = WebhookVerifier::from_webhook(&hook).expect("a verifier");

        let created = client
            .create_payment(&charge(1500, "ask-happy"))
            .await
            .expect("the payment is created");
        assert!(created.is(&PaymentState::Pending), "{created:?}");
        assert_eq!(created.amount, Some(dec!(1500)));
        assert_eq!(created.reference.as_deref(), Some("ask-happy"));
        let settled = until(&client, &created, |p| p.is(&PaymentState::Settled)).await;
        let tx = settled.transactions.first().expect("one charge attempt");
        assert_eq!(tx.state, Some(TransactionState::Settled));
        assert!(tx.external_reference.is_some());
        assert!(tx.data.receipt.is_some(), "the card receipt: {tx:?}");

        // The signed `payment.changed` reached the shop; every delivery verifies.
        let uuid = created.uuid;
        let verifier_ref = &verifier;
        let changed = |state: PaymentState| {
            move |r: &Received| {
                r.header("hook-event") == Some("payment.changed")
                    && verifier_ref
                        .parse(&r.header_map(), &r.body)
                        .ok()
                        .and_then(|e| e.payment().cloned())
                        .is_some_and(|p| p.uuid == uuid && p.is(&state))
            }
        };
        let delivered = received(&shop, "/hooks/askell", 1, changed(PaymentState::Settled)).await;
        let hook_call = &delivered[0];
        assert!(hook_call.header("hook-hmac").is_some());
        let event = verifier
            .parse(&hook_call.header_map(), &hook_call.body)
            .expect("the delivery verifies");
        assert_eq!(event.event, EventType::PaymentChanged);
        assert_eq!(event.api_version.as_deref(), Some("v1"));
        let mut altered = hook_call.body.clone();
        altered.push(b'\n');
        assert_eq!(
            verifier
                .parse(&hook_call.header_map(), &altered)
                .unwrap_err(),
            WebhookError::SignatureMismatch
        );
        for r in shop.received() {
            verifier
                .verify(&r.header_map(), &r.body)
                .expect("every delivery is signed");
        }

        // The receipt of the settled charge.
        let receipt = client
            .transaction_receipt(tx.uuid)
            .await
            .expect("the receipt");
        assert!(receipt.pdf().expect("base64").starts_with(b"%PDF"));

        // A refund, announced too.
        let refunded = client
            .refund_payment(created.uuid)
            .await
            .expect("the refund");
        assert!(refunded.is(&PaymentState::Refunded), "{refunded:?}");
        let now = client.payment(created.uuid).await.expect("the payment");
        assert!(now.is(&PaymentState::Refunded));
        let tx = &now.transactions[0];
        assert_eq!(tx.state, Some(TransactionState::Refunded));
        assert!(tx.refund_code.is_some());
        received(&shop, "/hooks/askell", 1, changed(PaymentState::Refunded)).await;
    }

    #[tokio::test]
    async fn scenarios() {
        let sandbox = sandbox().await;
        let client = client(&sandbox, PATIENT);

        // 01: declined by the issuer.
        let p = client
            .create_payment(&charge(1501, "ask-01"))
            .await
            .expect("01");
        let failed = until(&client, &p, |p| p.is(&PaymentState::Failed)).await;
        assert_eq!(fail_code(&failed), Some("05"));
        assert_eq!(failed.retries_left(), 4);

        // 02: insufficient funds; the retry succeeds.
        let p = client
            .create_payment(&charge(1502, "ask-02"))
            .await
            .expect("02");
        let failed = until(&client, &p, |p| p.is(&PaymentState::Failed)).await;
        assert_eq!(fail_code(&failed), Some("51"));
        let retrying = client.retry_payment(&failed).await.expect("the retry");
        assert!(retrying.is(&PaymentState::Retrying), "{retrying:?}");
        let settled = until(&client, &p, |p| p.is(&PaymentState::Settled)).await;
        assert_eq!(settled.retries_used(), 1);

        // 03: 3-D Secure on a stored card, with no payer: authentication required.
        let p = client
            .create_payment(&charge(1503, "ask-03"))
            .await
            .expect("03");
        let failed = until(&client, &p, |p| p.is(&PaymentState::Failed)).await;
        assert_eq!(fail_code(&failed), Some("1A"));

        // 04: the answer comes after the client's timeout; Askell acted.
        let impatient = self::client(&sandbox, IMPATIENT);
        let e = impatient
            .create_payment(&charge(1504, "ask-04"))
            .await
            .unwrap_err();
        let r = timed_out(&e);
        assert_eq!(
            (r.operation, r.key_name, r.key.as_str()),
            ("payments", "reference", "ask-04")
        );
        let found = resolve(&client, &r)
            .await
            .expect("the slow payment was created");
        assert_eq!(found.amount, Some(dec!(1504)));

        // 05, 06: a 5xx before acting; the outcome is unknown to the SDK, and nothing happened.
        for (isk, status) in [(1505, 500), (1506, 503)] {
            let reference = format!("ask-{isk}");
            let e = client
                .create_payment(&charge(isk, &reference))
                .await
                .unwrap_err();
            let r = server_error(&e, status);
            assert_eq!(r.key, reference);
            assert!(
                resolve(&client, &r).await.is_none(),
                "{isk}: nothing created"
            );
        }
    }

    #[tokio::test]
    async fn lost_answers_are_resolved_by_the_named_query() {
        let sandbox = sandbox().await;
        let client = client(&sandbox, PATIENT);

        // 07: created, then 503.
        let e = client
            .create_payment(&charge(1507, "ask-07"))
            .await
            .unwrap_err();
        let r = server_error(&e, 503);
        let p = resolve(&client, &r).await.expect("the payment was created");
        assert_eq!(p.amount, Some(dec!(1507)));

        // 08: created, then the connection drops.
        let e = client
            .create_payment(&charge(1508, "ask-08"))
            .await
            .unwrap_err();
        let r = dropped(&e);
        let p = resolve(&client, &r).await.expect("the payment was created");
        assert_eq!(p.reference.as_deref(), Some("ask-08"));

        // A refund (no amount): refunded, then 503.
        let p = client
            .create_payment(&charge(1500, "ask-refund"))
            .await
            .expect("create");
        until(&client, &p, |p| p.is(&PaymentState::Settled)).await;
        sandbox.inject_fault(Provider::Askell, Fault::ActThen503);
        let e = client.refund_payment(p.uuid).await.unwrap_err();
        let r = server_error(&e, 503);
        assert_eq!((r.operation, r.key_name), ("payment", "uuid"));
        let now = resolve(&client, &r).await.expect("the payment");
        assert!(
            now.is(&PaymentState::Refunded),
            "the refund was applied: {now:?}"
        );

        // A retry (no amount): retried, then the connection drops.
        let p = client
            .create_payment(&charge(1501, "ask-retry"))
            .await
            .expect("create");
        let failed = until(&client, &p, |p| p.is(&PaymentState::Failed)).await;
        sandbox.inject_fault(Provider::Askell, Fault::ActThenDrop);
        let e = client.retry_payment(&failed).await.unwrap_err();
        let r = dropped(&e);
        assert_eq!(r.key, p.uuid.to_string());
        let now = resolve(&client, &r).await.expect("the payment");
        assert_eq!(now.transactions.len(), 2, "the retry was applied: {now:?}");
    }

    #[tokio::test]
    async fn wrong_credentials() {
        let sandbox = sandbox().await;
        let a = sandbox.askell();
        let wrong = Client::builder(Credentials::new("sandbox1.NotTheSecretKey"))
            .base_url(&a.base_url)
            .build()
            .expect("a client");
        let e = wrong.hello().await.unwrap_err();
        rejected(&e, 403);
        assert!(
            e.envelope().and_then(|env| env.detail.as_deref()).is_some(),
            "{e:?}"
        );
        let e = wrong
            .create_payment(&charge(1500, "ask-denied"))
            .await
            .unwrap_err();
        rejected(&e, 403);

        // The public key is refused on the secret-key endpoints.
        let public = Client::builder(Credentials::new(a.public_key))
            .base_url(&a.base_url)
            .build()
            .expect("a client");
        let e = public.hello().await.unwrap_err();
        rejected(&e, 403);
        assert_eq!(
            e.provider_message(),
            Some("You do not have permission to perform this action.")
        );
    }
}

mod barion {
    use super::*;
    use barion_sdk::webhook::Callback;
    use barion_sdk::{
        BankCardProcessResult, CancelAuthorizationRequest, Client, Credentials, CurrencyCode,
        Decimal, ErrorCode, FinishRequest, Item, Locale, PaymentState, PaymentStatus,
        PaymentTransaction, PaymentType, RefundRequest, StartPaymentRequest, StartPaymentResponse,
        TimeSpan, TransactionStatus, TransactionToFinish, TransactionToRefund, TransactionType,
        Uuid,
    };

    const PAYEE: &str = "owner@sandbox-shop.example";

    fn client(sandbox: &Sandbox, timeout: Duration) -> Client {
        let b = sandbox.barion();
        Client::builder(Credentials {
            pos_key: SecretString::from(b.pos_key),
        })
        .base_url(b.base_url)
        .timeout(timeout)
        .retry(retry())
        .build()
        .expect("a Barion client")
    }

    /// A payment of `huf` forints in one transaction `<id>-T1`, returning to and calling back
    /// the shop.
    fn payment_request(kind: PaymentType, id: &str, huf: i64, shop: &Shop) -> StartPaymentRequest {
        let total = Decimal::from(huf);
        let mug = Item::new("Bögre", "Kék bögre", dec!(1), "db", total, total);
        let tx = PaymentTransaction::new(format!("{id}-T1"), PAYEE, total).item(mug);
        let delayed = kind == PaymentType::DelayedCapture;
        let request =
            StartPaymentRequest::new(kind, id, CurrencyCode::Huf, Locale::Hungarian, vec![tx])
                .payer_hint("payer@example.hu")
                .redirect_url(format!("{}/return", shop.url()))
                .callback_url(format!("{}/hooks/barion", shop.url()));
        if delayed {
            request.delayed_capture_period(TimeSpan::from_days(1))
        } else {
            request
        }
    }

    /// The callbacks the shop got naming `payment_id`, once there are `n`.
    async fn callbacks(shop: &Shop, payment_id: Uuid, n: usize) -> Vec<Callback> {
        received(shop, "/hooks/barion", n, |r| {
            Callback::from_body(r.header("content-type"), &r.body)
                .is_ok_and(|c| c.payment_id() == payment_id)
        })
        .await
        .iter()
        .map(|r| {
            let callback =
                Callback::from_body(r.header("content-type"), &r.body).expect("a callback");
            let (_, query) = r.line.split_once('?').expect("paymentId in the URL too");
            assert_eq!(Callback::from_query(query).expect("query"), callback);
            callback
        })
        .collect()
    }

    /// Starts the payment and lets the payer pay on the gateway page with `card`: the payer's
    /// last answer (a `303` back to the shop, or on to the 3-D Secure page).
    async fn start_and_pay(
        client: &Client,
        payer: &Payer,
        request: &StartPaymentRequest,
        card: &str,
    ) -> (StartPaymentResponse, PayerAnswer) {
        let started = client.start_payment(request).await.expect("started");
        assert_eq!(started.status, Some(PaymentStatus::Prepared));
        assert_eq!(
            started.payment_request_id.as_deref(),
            Some(request.payment_request_id.as_str())
        );
        let url = client.payer_redirect_url(&started);
        assert_eq!(Some(&url), started.gateway_url.as_ref());
        let page = payer.open(&url).await;
        assert_eq!(
            page.form.field("id"),
            Some(started.payment_id.as_simple().to_string().as_str())
        );
        let answer = payer
            .submit(&page.form, "pay", &[("card_number", card)])
            .await;
        (started, answer)
    }

    /// The shop's own transaction of a payment (not a fee or a refund).
    fn card_payment(state: &PaymentState) -> &barion_sdk::DetailedTransaction {
        state
            .transactions
            .iter()
            .find(|t| t.transaction_type == Some(TransactionType::CardPayment))
            .expect("the card payment transaction")
    }

    fn process_result(state: &PaymentState) -> Option<&BankCardProcessResult> {
        state
            .funding_information
            .as_ref()
            .and_then(|f| f.process_result.as_ref())
    }

    #[tokio::test]
    async fn happy_path_with_callbacks() {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let client = client(&sandbox, PATIENT);
        let payer = Payer::new();

        // Immediate: the payer pays, the unsigned callback reaches the shop, the SDK reads the
        // state behind it.
        let request = payment_request(PaymentType::Immediate, "BAR-IMM-1", 1000, &shop);
        let (started, answer) = start_and_pay(&client, &payer, &request, cards::APPROVE).await;
        let back = answer.see_other();
        assert!(
            back.starts_with(&format!("{}/return", shop.url())),
            "{back}"
        );
        assert!(back.contains(&format!("paymentId={}", started.payment_id.as_simple())));
        let callback = callbacks(&shop, started.payment_id, 1).await[0];
        let state = client.callback_state(&callback).await.expect("the state");
        assert_eq!(state.status, Some(PaymentStatus::Succeeded));
        assert_eq!(state.payment_request_id.as_deref(), Some("BAR-IMM-1"));
        assert_eq!(state.total, Some(dec!(1000)));
        assert_eq!(
            process_result(&state),
            Some(&BankCardProcessResult::Successful)
        );
        let paid = card_payment(&state);
        assert_eq!(paid.status, Some(TransactionStatus::Succeeded));
        assert_eq!(paid.pos_transaction_id.as_deref(), Some("BAR-IMM-1-T1"));

        // DelayedCapture, captured in part.
        let request = request_dc("BAR-DC-1", &shop);
        let (dc, answer) = start_and_pay(&client, &payer, &request, cards::APPROVE).await;
        answer.see_other();
        let state = client.payment_state(dc.payment_id).await.expect("state");
        assert_eq!(state.status, Some(PaymentStatus::Authorized));
        assert!(state.delayed_capture_until.is_some());
        let tx = card_payment(&state).transaction_id;
        let captured = client
            .capture(
                &FinishRequest::new(dc.payment_id, CurrencyCode::Huf)
                    .transaction(TransactionToFinish::new(tx, dec!(1500))),
            )
            .await
            .expect("the capture");
        assert_eq!(captured.is_successful, Some(true));
        assert_eq!(captured.status, Some(PaymentStatus::Succeeded));
        let state = client.payment_state(dc.payment_id).await.expect("state");
        assert_eq!(state.total, Some(dec!(1500)));
        assert_eq!(
            card_payment(&state).status,
            Some(TransactionStatus::Succeeded)
        );

        // DelayedCapture, cancelled: every transaction reversed, finished with 0.
        let request = request_dc("BAR-DC-2", &shop);
        let (dc2, answer) = start_and_pay(&client, &payer, &request, cards::APPROVE).await;
        answer.see_other();
        let cancelled = client
            .cancel_authorization(&CancelAuthorizationRequest::new(dc2.payment_id))
            .await
            .expect("the cancellation");
        assert_eq!(cancelled.is_successful, Some(true));
        let state = client.payment_state(dc2.payment_id).await.expect("state");
        assert_eq!(
            card_payment(&state).status,
            Some(TransactionStatus::Reversed)
        );
        assert_eq!(state.total, Some(dec!(0)));

        // A partial refund of the immediate payment: its status stays, a refund is added,
        // and the shop is called back again.
        let state = client
            .payment_state(started.payment_id)
            .await
            .expect("state");
        let paid = card_payment(&state).transaction_id;
        let refund = client
            .refund_payment(
                &RefundRequest::new(started.payment_id, CurrencyCode::Huf).transaction(
                    TransactionToRefund::new(paid, "BAR-IMM-1-T1", dec!(400)).comment("Törött"),
                ),
            )
            .await
            .expect("the refund");
        let refunded = &refund.refunded_transactions[0];
        assert_eq!(refunded.total, Some(dec!(400)));
        assert_eq!(refunded.status, Some(TransactionStatus::Succeeded));
        let state = client
            .payment_state(started.payment_id)
            .await
            .expect("state");
        assert_eq!(state.status, Some(PaymentStatus::Succeeded));
        assert!(state.transactions.iter().any(|t| {
            t.transaction_type == Some(TransactionType::Refund) && t.total == Some(dec!(400))
        }));
        callbacks(&shop, started.payment_id, 2).await;
    }

    fn request_dc(id: &str, shop: &Shop) -> StartPaymentRequest {
        payment_request(PaymentType::DelayedCapture, id, 2000, shop)
    }

    #[tokio::test]
    async fn declines_and_3ds_on_the_gateway() {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let client = client(&sandbox, PATIENT);
        let payer = Payer::new();

        // 01 and 02, by the amount.
        for (huf, result) in [
            (1001, BankCardProcessResult::Declined),
            (1002, BankCardProcessResult::LowFunds),
        ] {
            let request =
                payment_request(PaymentType::Immediate, &format!("BAR-{huf}"), huf, &shop);
            let (started, answer) = start_and_pay(&client, &payer, &request, cards::APPROVE).await;
            answer.see_other();
            let callback = callbacks(&shop, started.payment_id, 1).await[0];
            let state = client.callback_state(&callback).await.expect("state");
            assert_eq!(state.status, Some(PaymentStatus::Failed), "{huf}");
            assert_eq!(process_result(&state), Some(&result), "{huf}");
        }

        // 01 by the card: the listed card wins over an ordinary amount.
        let request = payment_request(PaymentType::Immediate, "BAR-CARD-01", 1000, &shop);
        let (started, _) = start_and_pay(&client, &payer, &request, cards::DECLINE).await;
        let state = client
            .payment_state(started.payment_id)
            .await
            .expect("state");
        assert_eq!(state.status, Some(PaymentStatus::Failed));

        // 03: the gateway leads the payer to the 3-D Secure page; passed, then failed.
        for (button, status) in [
            ("pass", PaymentStatus::Succeeded),
            ("fail", PaymentStatus::Failed),
        ] {
            let id = format!("BAR-1003-{button}");
            let request = payment_request(PaymentType::Immediate, &id, 1003, &shop);
            let (started, answer) = start_and_pay(&client, &payer, &request, cards::APPROVE).await;
            let three_ds = answer.see_other().to_owned();
            assert!(three_ds.contains("/barion/Pay/3ds?id="), "{three_ds}");
            let back = payer.pay(&three_ds, button, &[]).await;
            back.see_other();
            let state = client
                .payment_state(started.payment_id)
                .await
                .expect("state");
            assert_eq!(state.status, Some(status), "{button}");
        }
    }

    #[tokio::test]
    async fn start_faults_are_resolved_by_the_callback() {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let client = client(&sandbox, PATIENT);
        let impatient = self::client(&sandbox, IMPATIENT);

        let mut resolutions = Vec::new();
        // 04: slow; Barion prepared the payment.
        let e = impatient
            .start_payment(&payment_request(
                PaymentType::Immediate,
                "BAR-04",
                1004,
                &shop,
            ))
            .await
            .unwrap_err();
        resolutions.push((timed_out(&e), true));
        // 05, 06: a 5xx before acting.
        for (huf, status) in [(1005, 500), (1006, 503)] {
            let id = format!("BAR-{huf}");
            let e = client
                .start_payment(&payment_request(PaymentType::Immediate, &id, huf, &shop))
                .await
                .unwrap_err();
            resolutions.push((server_error(&e, status), false));
            if status == 500 {
                // ASP.NET's own 500 body.
                assert_eq!(e.provider_message(), Some("An error has occurred."));
            }
        }
        // 07, 08: prepared, then the answer is lost.
        let e = client
            .start_payment(&payment_request(
                PaymentType::Immediate,
                "BAR-07",
                1007,
                &shop,
            ))
            .await
            .unwrap_err();
        resolutions.push((server_error(&e, 503), true));
        let e = client
            .start_payment(&payment_request(
                PaymentType::Immediate,
                "BAR-08",
                1008,
                &shop,
            ))
            .await
            .unwrap_err();
        resolutions.push((dropped(&e), true));

        // No payment id came back: the SDK names the callback. Nobody pays, so the payment
        // window passes and Barion calls back for each payment that exists.
        sandbox.advance_clock(Duration::from_secs(31 * 60));
        let expected = resolutions.iter().filter(|(_, exists)| *exists).count();
        let delivered = received(&shop, "/hooks/barion", expected, |_| true).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            shop.received().len(),
            expected,
            "only the started payments call back"
        );
        let mut states = Vec::new();
        for r in &delivered {
            let callback =
                Callback::from_body(r.header("content-type"), &r.body).expect("callback");
            states.push(client.callback_state(&callback).await.expect("state"));
        }
        for (r, exists) in &resolutions {
            let found = match r.operation {
                "callback_state" => {
                    assert_eq!(r.key_name, "payment_request_id", "{r}");
                    states
                        .iter()
                        .find(|s| s.payment_request_id.as_deref() == Some(r.key.as_str()))
                }
                other => panic!("unexpected resolution {other}"),
            };
            assert_eq!(found.is_some(), *exists, "{r}");
            if let Some(state) = found {
                assert_eq!(state.status, Some(PaymentStatus::Expired), "{r}");
            }
        }
    }

    /// Calls the status query `r` names, exactly.
    async fn resolve(client: &Client, r: &Resolution) -> PaymentState {
        match r.operation {
            "payment_state" => {
                assert_eq!(r.key_name, "payment_id", "{r}");
                let id = barion_sdk::parse_id(&r.key).expect("a payment id");
                client.payment_state(id).await.expect("the state")
            }
            other => panic!("unexpected resolution {other}"),
        }
    }

    #[tokio::test]
    async fn lost_answers_on_follow_ups() {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let client = client(&sandbox, PATIENT);
        let payer = Payer::new();

        // 08 on Capture (by its total): captured, then the connection drops.
        let (dc, _) = start_and_pay(
            &client,
            &payer,
            &request_dc("BAR-DC-08", &shop),
            cards::APPROVE,
        )
        .await;
        let state = client.payment_state(dc.payment_id).await.expect("state");
        let tx = card_payment(&state).transaction_id;
        let e = client
            .capture(
                &FinishRequest::new(dc.payment_id, CurrencyCode::Huf)
                    .transaction(TransactionToFinish::new(tx, dec!(1008))),
            )
            .await
            .unwrap_err();
        let r = dropped(&e);
        let state = resolve(&client, &r).await;
        assert_eq!(state.payment_id, dc.payment_id);
        assert_eq!(state.total, Some(dec!(1008)), "the capture was applied");

        // 07 on Refund (by its amount): refunded, then 503.
        let request = payment_request(PaymentType::Immediate, "BAR-IMM-07", 1000, &shop);
        let (paid, _) = start_and_pay(&client, &payer, &request, cards::APPROVE).await;
        let state = client.payment_state(paid.payment_id).await.expect("state");
        let tx = card_payment(&state).transaction_id;
        let e = client
            .refund_payment(
                &RefundRequest::new(paid.payment_id, CurrencyCode::Huf)
                    .transaction(TransactionToRefund::new(tx, "BAR-IMM-07-T1", dec!(7))),
            )
            .await
            .unwrap_err();
        let r = server_error(&e, 503);
        let state = resolve(&client, &r).await;
        assert!(
            state.transactions.iter().any(|t| {
                t.transaction_type == Some(TransactionType::Refund) && t.total == Some(dec!(7))
            }),
            "the refund was applied: {state:?}"
        );

        // CancelAuthorization (no amount), with an injected fault: released, then dropped.
        let (dc, _) = start_and_pay(
            &client,
            &payer,
            &request_dc("BAR-DC-X", &shop),
            cards::APPROVE,
        )
        .await;
        sandbox.inject_fault(Provider::Barion, Fault::ActThenDrop);
        let e = client
            .cancel_authorization(&CancelAuthorizationRequest::new(dc.payment_id))
            .await
            .unwrap_err();
        let r = dropped(&e);
        let state = resolve(&client, &r).await;
        assert_eq!(
            card_payment(&state).status,
            Some(TransactionStatus::Reversed)
        );
    }

    #[tokio::test]
    async fn wrong_credentials() {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let wrong = Client::builder(Credentials {
            pos_key: SecretString::from("11111111-2222-3333-4444-555555555555"),
        })
        .base_url(sandbox.barion().base_url)
        .build()
        .expect("a client");
        let id = barion_sdk::parse_id("ecc2bc7a3d8147cab1f04de3dddd657f").expect("an id");
        let e = wrong.payment_state(id).await.unwrap_err();
        rejected(&e, 400);
        let envelope = e.envelope().expect("Barion's Errors");
        assert!(envelope.has_code(&ErrorCode::AuthenticationFailed), "{e:?}");
        // Barion echoes the key in AuthData (dash-less); the SDK masks it.
        let shown = format!("{e} {e:?}");
        assert!(
            !shown.contains("11111111222233334444555555555555"),
            "{shown}"
        );
        let e = wrong
            .start_payment(&payment_request(
                PaymentType::Immediate,
                "BAR-DENIED",
                1000,
                &shop,
            ))
            .await
            .unwrap_err();
        rejected(&e, 400);
        assert_eq!(e.provider_code(), Some("AuthenticationFailed"));
    }
}

mod resid {
    use super::*;
    use resid_sdk::{
        Client, CreatePayment, Credentials, ListPayments, MobileNumber, NationalCode, Payment,
        PaymentState, RegisterMerchant, Rials, Sheba, TryStreamExt as _,
    };

    fn client(sandbox: &Sandbox, timeout: Duration) -> Client {
        let r = sandbox.resid();
        Client::builder(Credentials::new(r.authorization_code))
            .base_url(r.base_url)
            .timeout(timeout)
            .retry(retry())
            .build()
            .expect("a Resid client")
    }

    /// Registers a driver; their merchant identifier.
    async fn merchant(client: &Client) -> String {
        let request = RegisterMerchant::new(
            "Asghar",
            "Farhadi",
            MobileNumber::new("09123456789").expect("a mobile number"),
            NationalCode::new("0499370899").expect("a national code"),
            Sheba::new("IR062960000000100324200001").expect("a Sheba"),
            0,
        )
        .job_title("Taxi driver");
        let merchant = client
            .register_merchant(&request)
            .await
            .expect("the merchant registers");
        assert_eq!(merchant.first_name.as_deref(), Some("Asghar"));
        assert_eq!(
            merchant.sheba.as_deref(),
            Some("IR062960000000100324200001")
        );
        merchant
            .identifier()
            .expect("the merchant's identifier")
            .to_owned()
    }

    /// The sandbox's payer page of a payment request (Resid documents none).
    fn pay_url(sandbox: &Sandbox, token: &str) -> String {
        format!("{}/resid/pay/{token}", sandbox.url())
    }

    fn state(p: &Payment) -> Option<&str> {
        p.state().map(PaymentState::as_str)
    }

    fn state_error(p: &Payment) -> Option<&str> {
        p.outcome
            .as_ref()
            .and_then(|o| o.state_error.as_ref())
            .and_then(serde_json::Value::as_str)
    }

    /// Calls the status query `r` names, exactly: the payments it finds with `payload`.
    async fn resolve(client: &Client, r: &Resolution, payload: &str) -> Vec<Payment> {
        match r.operation {
            "payments" => {
                let query = ListPayments::from_resolution(r).expect("a list query");
                client
                    .payments(query)
                    .try_filter(|p| std::future::ready(p.payload == payload))
                    .try_collect()
                    .await
                    .expect("the list")
            }
            "payment" => {
                assert_eq!(r.key_name, "token", "{r}");
                vec![client.payment(&r.key).await.expect("the payment")]
            }
            other => panic!("unexpected resolution {other}"),
        }
    }

    #[tokio::test]
    async fn happy_path_and_the_collect_window() {
        let sandbox = sandbox().await;
        let client = client(&sandbox, PATIENT);
        let payer = Payer::new();
        let merchant = merchant(&client).await;

        let created = client
            .create_payment(
                &CreatePayment::new(&merchant, Rials::new(250_000))
                    .description("Tajrish to Azadi")
                    .payload("ride-1"),
            )
            .await
            .expect("the payment request");
        let unpaid = client.payment(&created.token).await.expect("the payment");
        assert_eq!(unpaid.amount, Some(Rials::new(250_000)));
        assert_eq!(unpaid.payload, "ride-1");
        assert_eq!(unpaid.state(), None, "nobody paid yet");
        assert_eq!(
            unpaid.merchant.as_ref().map(|m| m.display_name.as_str()),
            Some("Asghar Farhadi")
        );

        // The payer pays on the sandbox's page, with a tip.
        let url = pay_url(&sandbox, &created.token);
        let page = payer.open(&url).await;
        for field in ["card_number", "phone", "tip"] {
            assert!(page.form.field(field).is_some(), "{field}");
        }
        let answer = payer.submit(&page.form, "pay", &[("tip", "5000")]).await;
        assert!(
            answer
                .see_other()
                .ends_with(&format!("/resid/pay/{}", created.token))
        );
        let paid = client.payment(&created.token).await.expect("the payment");
        assert_eq!(
            paid.state(),
            Some(&PaymentState::Pending),
            "paid, not collected"
        );
        let outcome = paid.outcome.as_ref().expect("an outcome");
        assert_eq!(outcome.tip, Some(Rials::new(5000)));
        assert_eq!(outcome.total_amount, Some(Rials::new(255_000)));
        assert!(outcome.rrn.is_some());
        assert_eq!(paid.payer.as_deref(), Some("0938*****25"));
        let deadline = paid.collect_deadline().expect("a deadline");
        assert!(sandbox.now() < deadline, "within the window");

        // Collected within the window; a second collect is Resid's error.
        client
            .collect_payment(&created.token)
            .await
            .expect("the collect");
        let collected = client.payment(&created.token).await.expect("the payment");
        assert_eq!(state(&collected), Some("success"));
        let e = client.collect_payment(&created.token).await.unwrap_err();
        rejected(&e, 400);
        assert_eq!(
            e.provider_message(),
            Some("The payment is already collected")
        );

        // Paid but not collected in time: returned to the payer, and collecting fails.
        let late = client
            .create_payment(&CreatePayment::new(&merchant, Rials::new(300_000)).payload("ride-2"))
            .await
            .expect("the payment request");
        payer
            .pay(&pay_url(&sandbox, &late.token), "pay", &[])
            .await
            .see_other();
        sandbox.advance_clock(Duration::from_secs(21 * 60));
        let e = client.collect_payment(&late.token).await.unwrap_err();
        rejected(&e, 400);
        assert!(
            e.provider_message()
                .is_some_and(|m| m.contains("20 minutes")),
            "{e:?}"
        );
        let returned = client.payment(&late.token).await.expect("the payment");
        assert_eq!(state(&returned), Some("refunded"));

        // The report list holds both.
        let all: Vec<Payment> = client
            .payments(ListPayments::latest())
            .try_collect()
            .await
            .expect("the list");
        for token in [&created.token, &late.token] {
            assert!(all.iter().any(|p| &p.token == token), "{token}");
        }
    }

    #[tokio::test]
    async fn scenarios() {
        let sandbox = sandbox().await;
        let client = client(&sandbox, PATIENT);
        let payer = Payer::new();
        let merchant = merchant(&client).await;
        let create = |rials: u64| {
            CreatePayment::new(&merchant, Rials::new(rials)).payload(format!("r-{rials}"))
        };

        // 01, 02: the bank declines on the payer page.
        for (rials, why) in [(10_001, "declined"), (10_002, "insufficient_funds")] {
            let created = client
                .create_payment(&create(rials))
                .await
                .expect("created");
            payer
                .pay(&pay_url(&sandbox, &created.token), "pay", &[])
                .await
                .see_other();
            let p = client.payment(&created.token).await.expect("payment");
            assert_eq!(state(&p), Some("failure"), "{rials}");
            assert_eq!(state_error(&p), Some(why), "{rials}");
        }

        // 03: the payer page leads to the bank's 3-D Secure page, passed.
        let created = client
            .create_payment(&create(10_003))
            .await
            .expect("created");
        let answer = payer
            .pay(&pay_url(&sandbox, &created.token), "pay", &[])
            .await;
        let three_ds = answer.see_other().to_owned();
        assert!(
            three_ds.ends_with(&format!("/resid/3ds/{}", created.token)),
            "{three_ds}"
        );
        payer.pay(&three_ds, "pass", &[]).await.see_other();
        let p = client.payment(&created.token).await.expect("payment");
        assert_eq!(p.state(), Some(&PaymentState::Pending), "paid");

        // 04: slow; the request was created.
        let impatient = self::client(&sandbox, IMPATIENT);
        let e = impatient.create_payment(&create(10_004)).await.unwrap_err();
        let r = timed_out(&e);
        assert_eq!((r.operation, r.key_name), ("payments", "after"));
        assert_eq!(resolve(&client, &r, "r-10004").await.len(), 1);

        // 05, 06: a 5xx before acting: nothing created.
        for (rials, status) in [(10_005, 500), (10_006, 503)] {
            let e = client.create_payment(&create(rials)).await.unwrap_err();
            let r = server_error(&e, status);
            assert!(resolve(&client, &r, &format!("r-{rials}")).await.is_empty());
        }
    }

    #[tokio::test]
    async fn lost_answers_are_resolved_by_the_named_query() {
        let sandbox = sandbox().await;
        let client = client(&sandbox, PATIENT);
        let payer = Payer::new();
        let merchant = merchant(&client).await;

        // 07 and 08 on create: the token is lost, the list finds the request.
        let e = client
            .create_payment(&CreatePayment::new(&merchant, Rials::new(10_007)).payload("lost-07"))
            .await
            .unwrap_err();
        let r = server_error(&e, 503);
        let found = resolve(&client, &r, "lost-07").await;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].amount, Some(Rials::new(10_007)));
        let e = client
            .create_payment(&CreatePayment::new(&merchant, Rials::new(10_008)).payload("lost-08"))
            .await
            .unwrap_err();
        let r = dropped(&e);
        assert_eq!(resolve(&client, &r, "lost-08").await.len(), 1);

        // A collect (no amount), with an injected fault: collected, then 503.
        let created = client
            .create_payment(&CreatePayment::new(&merchant, Rials::new(50_000)).payload("ride-c"))
            .await
            .expect("created");
        payer
            .pay(&pay_url(&sandbox, &created.token), "pay", &[])
            .await
            .see_other();
        sandbox.inject_fault(Provider::Resid, Fault::ActThen503);
        let e = client.collect_payment(&created.token).await.unwrap_err();
        let r = server_error(&e, 503);
        assert_eq!(r.key, created.token);
        let now = resolve(&client, &r, "ride-c").await;
        assert_eq!(state(&now[0]), Some("success"), "the collect was applied");
    }

    #[tokio::test]
    async fn the_list_after_an_instant_walks_every_page() {
        let sandbox = sandbox().await;
        let client = client(&sandbox, PATIENT);
        let merchant = merchant(&client).await;
        let start = sandbox.now() - Duration::from_secs(1);
        let mut tokens = Vec::new();
        for n in 0..3 {
            let created = client
                .create_payment(
                    &CreatePayment::new(&merchant, Rials::new(20_000)).payload(format!("page-{n}")),
                )
                .await
                .expect("created");
            tokens.push(created.token);
        }
        let size = resid_sdk::PageSize::new(1).expect("a page size");
        let listed: Vec<Payment> = client
            .payments(ListPayments::after(start).size(size))
            .try_collect()
            .await
            .expect("the list");
        for token in &tokens {
            assert!(
                listed.iter().any(|p| &p.token == token),
                "{token} missing: {listed:?}"
            );
        }
    }

    #[tokio::test]
    async fn wrong_credentials() {
        let sandbox = sandbox().await;
        let wrong = Client::builder(Credentials::new("not-the-code"))
            .base_url(sandbox.resid().base_url)
            .build()
            .expect("a client");
        let e = wrong.payment("AsF42Sg53").await.unwrap_err();
        rejected(&e, 401);
        assert_eq!(e.provider_message(), Some("Invalid authorization code"));
        let e = wrong
            .create_payment(&CreatePayment::new("faSDF42w3Fs", Rials::new(10_000)))
            .await
            .unwrap_err();
        rejected(&e, 401);
    }
}

mod finline {
    use super::*;
    use finline_sdk::webhook::WebhookForm;
    use finline_sdk::{
        CaptureRequest, Card, CardData, Client, Credentials, DirectPaymentRequest, ErrorCode,
        HostedPaymentRequest, Operation, OperationMethod, RedirectSource, RefundRequest,
        ResponseCode, Status, VoidRequest,
    };

    fn client(sandbox: &Sandbox, timeout: Duration) -> Client {
        let f = sandbox.finline();
        Client::builder(Credentials {
            pos_id: f.pos_id.parse().expect("a POS id"),
            api_key: f.api_key.into(),
            api_secret: f.api_secret.into(),
            endpoints_key: f.endpoints_key.into(),
        })
        .base_url(f.base_url)
        .timeout(timeout)
        .retry(retry())
        .build()
        .expect("a Financial Line client")
    }

    fn card(number: &str) -> Card {
        Card::Data(CardData::new(
            SecretString::from(number),
            12,
            2030,
            SecretString::from("123"),
        ))
    }

    /// Every verified webhook the shop got for `order_id`, once there are `n`.
    async fn webhooks(shop: &Shop, client: &Client, order_id: &str, n: usize) -> Vec<Operation> {
        received(shop, "/hooks/finline", n, |r| {
            client
                .parse_webhook(&r.body)
                .is_ok_and(|op| op.order_id == order_id)
        })
        .await
        .iter()
        .map(|r| client.parse_webhook(&r.body).expect("a signed webhook"))
        .collect()
    }

    fn methods(order: &finline_sdk::Order) -> Vec<OperationMethod> {
        order
            .chronological()
            .into_iter()
            .map(|op| op.method.clone())
            .collect()
    }

    #[tokio::test]
    async fn happy_path_with_signed_webhooks() {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let client = client(&sandbox, PATIENT);
        let payer = Payer::new();
        let server_url = format!("{}/hooks/finline", shop.url());
        let result_url = format!("{}/result", shop.url());
        let hosted = |request: HostedPaymentRequest| {
            request
                .server_url(&server_url)
                .result_url(&result_url)
                .payload("cart-17")
        };

        // A hosted auth, paid on the payment page, announced by a signed webhook.
        let page = client
            .create_hosted_payment(&hosted(HostedPaymentRequest::auth(
                dec!(100),
                "UAH",
                "Order FL-1",
                "fl-auth-1",
            )))
            .await
            .expect("the hosted payment");
        assert_eq!(page.source, RedirectSource::Body);
        let answer = payer.pay(&page.redirect_url, "pay", &[]).await;
        assert_eq!(answer.see_other(), result_url);
        let auth = &webhooks(&shop, &client, "fl-auth-1", 1).await[0];
        assert_eq!(auth.method, OperationMethod::Auth);
        assert_eq!(auth.status, Status::Success);
        assert_eq!(auth.status_code, Some(ResponseCode::AuthSuccessful));
        assert_eq!(auth.amount, Some(dec!(100)));
        assert_eq!(auth.payload.as_deref(), Some("cart-17"));
        let hook = &received(&shop, "/hooks/finline", 1, |_| true).await[0];
        let form = WebhookForm::parse(&hook.body).expect("a webhook form");
        assert!(form.verify(&SecretString::from("not-the-secret")).is_err());

        // Captured in part, then refunded in part; the status lists every operation.
        let captured = client
            .capture(&CaptureRequest::partial("fl-auth-1", "UAH", dec!(60)).comment("two of three"))
            .await
            .expect("the capture");
        assert_eq!(
            (&captured.method, &captured.status),
            (&OperationMethod::Capture, &Status::Success)
        );
        assert_eq!(captured.amount, Some(dec!(60)));
        let refunded = client
            .refund(&RefundRequest::partial("fl-auth-1", "UAH", dec!(20)))
            .await
            .expect("the refund");
        assert_eq!(
            (&refunded.method, &refunded.status),
            (&OperationMethod::Refund, &Status::Success)
        );
        let order = client.order_status("fl-auth-1").await.expect("the order");
        assert_eq!(
            methods(&order),
            [
                OperationMethod::Auth,
                OperationMethod::Capture,
                OperationMethod::Refund
            ]
        );
        assert!(order.operations.iter().all(Operation::is_success));
        assert_eq!(
            order
                .latest(&OperationMethod::Capture)
                .and_then(|op| op.amount),
            Some(dec!(60))
        );
        let one = client
            .order_operation("fl-auth-1", &OperationMethod::Refund)
            .await
            .expect("the refund operation");
        assert_eq!(one.amount, Some(dec!(20)));
        let announced = webhooks(&shop, &client, "fl-auth-1", 3).await;
        assert_eq!(announced.len(), 3, "{announced:?}");

        // Another auth, voided.
        let page = client
            .create_hosted_payment(&hosted(HostedPaymentRequest::auth(
                dec!(50),
                "UAH",
                "Order FL-2",
                "fl-auth-2",
            )))
            .await
            .expect("the hosted payment");
        payer.pay(&page.redirect_url, "pay", &[]).await.see_other();
        let void = client
            .void(&VoidRequest::new("fl-auth-2", "UAH").comment("out of stock"))
            .await
            .expect("the void");
        assert_eq!(void.status_code, Some(ResponseCode::ReverseSuccessful));
        assert_eq!(
            void.status_description.as_deref(),
            Some("Reverse successful.")
        );
        let order = client.order_status("fl-auth-2").await.expect("the order");
        assert_eq!(
            methods(&order),
            [OperationMethod::Auth, OperationMethod::Void]
        );
        webhooks(&shop, &client, "fl-auth-2", 2).await;

        // A hosted purchase, refunded in full.
        let page = client
            .create_hosted_payment(&hosted(HostedPaymentRequest::purchase(
                dec!(250),
                "UAH",
                "Order FL-3",
                "fl-buy-1",
            )))
            .await
            .expect("the hosted payment");
        payer.pay(&page.redirect_url, "pay", &[]).await.see_other();
        let purchase = &webhooks(&shop, &client, "fl-buy-1", 1).await[0];
        assert_eq!(purchase.status_code, Some(ResponseCode::PurchaseSuccessful));
        let refund = client
            .refund(&RefundRequest::full("fl-buy-1", "UAH"))
            .await
            .expect("the refund");
        assert_eq!(refund.amount, Some(dec!(250)));
        let order = client.order_status("fl-buy-1").await.expect("the order");
        assert_eq!(
            methods(&order),
            [OperationMethod::Purchase, OperationMethod::Refund]
        );
    }

    #[tokio::test]
    async fn scenarios() {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let client = client(&sandbox, PATIENT);
        let payer = Payer::new();

        // 01 by the card, 02 by the amount: a decline is an operation with `failure`.
        let op = client
            .create_direct_payment(&DirectPaymentRequest::purchase(
                dec!(10),
                "UAH",
                "FL 01",
                "fl-01",
                card(cards::DECLINE),
            ))
            .await
            .expect("a declined payment is an answer");
        assert_eq!(op.status, Status::Failure);
        assert_eq!(
            op.status_code.as_ref().map(ResponseCode::as_str),
            Some("2004")
        );
        let op = client
            .create_direct_payment(&DirectPaymentRequest::purchase(
                dec!(10.02),
                "UAH",
                "FL 02",
                "fl-02",
                card(cards::APPROVE),
            ))
            .await
            .expect("a declined payment is an answer");
        assert_eq!(op.status, Status::Failure);
        assert_eq!(
            op.status_code.as_ref().map(ResponseCode::as_str),
            Some("2005")
        );

        // 03 on the hosted page: on to the 3-D Secure page, passed, announced.
        let page = client
            .create_hosted_payment(
                &HostedPaymentRequest::purchase(dec!(10.03), "UAH", "FL 03", "fl-03")
                    .server_url(format!("{}/hooks/finline", shop.url())),
            )
            .await
            .expect("the hosted payment");
        let answer = payer.pay(&page.redirect_url, "pay", &[]).await;
        let three_ds = answer.see_other().to_owned();
        assert!(three_ds.contains("/finline/3ds/"), "{three_ds}");
        payer.pay(&three_ds, "pass", &[]).await.see_other();
        let op = &webhooks(&shop, &client, "fl-03", 1).await[0];
        assert_eq!(op.status, Status::Success);
        // 03 in direct mode: pending, to be finished by the payer (the SDK reads no 3DS URL).
        let op = client
            .create_direct_payment(&DirectPaymentRequest::purchase(
                dec!(10),
                "UAH",
                "FL 03d",
                "fl-03d",
                card(cards::THREE_DS),
            ))
            .await
            .expect("a pending payment");
        assert_eq!(op.status, Status::Pending);

        // 04: slow; the payment was created.
        let impatient = self::client(&sandbox, IMPATIENT);
        let e = impatient
            .create_hosted_payment(&HostedPaymentRequest::purchase(
                dec!(10.04),
                "UAH",
                "FL 04",
                "fl-04",
            ))
            .await
            .unwrap_err();
        let r = timed_out(&e);
        assert_eq!(
            (r.operation, r.key_name, r.key.as_str()),
            ("order_status", "order_id", "fl-04")
        );
        let order = client.order_status(&r.key).await.expect("the order exists");
        assert_eq!(order.operations.len(), 1);

        // 05, 06: a 5xx before acting: the gateway knows no such order.
        for (amount, status, id) in [(dec!(10.05), 500, "fl-05"), (dec!(10.06), 503, "fl-06")] {
            let e = client
                .create_hosted_payment(&HostedPaymentRequest::purchase(amount, "UAH", id, id))
                .await
                .unwrap_err();
            let r = server_error(&e, status);
            let missing = client.order_status(&r.key).await.unwrap_err();
            rejected(&missing, 404);
            assert_eq!(
                missing.envelope().and_then(|e| e.error_code()),
                Some(&ErrorCode::NotFound)
            );
        }
    }

    /// Calls the status query `r` names, exactly.
    async fn resolve(client: &Client, r: &Resolution) -> finline_sdk::Order {
        match r.operation {
            "order_status" => {
                assert_eq!(r.key_name, "order_id", "{r}");
                client.order_status(&r.key).await.expect("the order")
            }
            other => panic!("unexpected resolution {other}"),
        }
    }

    #[tokio::test]
    async fn lost_answers_are_resolved_by_the_named_query() {
        let sandbox = sandbox().await;
        let client = client(&sandbox, PATIENT);

        // 07 on a hosted payment: created, then 503.
        let e = client
            .create_hosted_payment(&HostedPaymentRequest::purchase(
                dec!(10.07),
                "UAH",
                "FL 07",
                "fl-07",
            ))
            .await
            .unwrap_err();
        let r = server_error(&e, 503);
        let order = resolve(&client, &r).await;
        assert_eq!(methods(&order), [OperationMethod::Purchase]);

        // 08 on a capture (by `charge_amount`), then 07 on a refund (by `refund_amount`).
        let auth = client
            .create_direct_payment(&DirectPaymentRequest::auth(
                dec!(50),
                "UAH",
                "FL 08",
                "fl-08",
                card(cards::APPROVE),
            ))
            .await
            .expect("the auth");
        assert!(auth.is_success());
        let e = client
            .capture(&CaptureRequest::partial("fl-08", "UAH", dec!(10.08)))
            .await
            .unwrap_err();
        let r = dropped(&e);
        let order = resolve(&client, &r).await;
        let capture = order
            .latest(&OperationMethod::Capture)
            .expect("the capture was applied");
        assert!(capture.is_success());
        assert_eq!(capture.amount, Some(dec!(10.08)));
        let e = client
            .refund(&RefundRequest::partial("fl-08", "UAH", dec!(5.07)))
            .await
            .unwrap_err();
        let r = server_error(&e, 503);
        let order = resolve(&client, &r).await;
        let refund = order
            .latest(&OperationMethod::Refund)
            .expect("the refund was applied");
        assert_eq!(refund.amount, Some(dec!(5.07)));

        // A void (no amount), with an injected fault.
        client
            .create_direct_payment(&DirectPaymentRequest::auth(
                dec!(30),
                "UAH",
                "FL void",
                "fl-void",
                card(cards::APPROVE),
            ))
            .await
            .expect("the auth");
        sandbox.inject_fault(Provider::Finline, Fault::ActThen503);
        let e = client
            .void(&VoidRequest::new("fl-void", "UAH"))
            .await
            .unwrap_err();
        let r = server_error(&e, 503);
        let order = resolve(&client, &r).await;
        assert!(
            order
                .latest(&OperationMethod::Void)
                .is_some_and(Operation::is_success),
            "the void was applied"
        );
    }

    #[tokio::test]
    async fn wrong_credentials() {
        let sandbox = sandbox().await;
        let f = sandbox.finline();
        let wrong = Client::builder(Credentials {
            pos_id: f.pos_id.parse().expect("a POS id"),
            api_key: f.api_key.into(),
            api_secret: SecretString::from("not-the-secret"),
            endpoints_key: f.endpoints_key.into(),
        })
        .base_url(f.base_url)
        .build()
        .expect("a client");
        let e = wrong.order_status("fl-1").await.unwrap_err();
        rejected(&e, 401);
        assert_eq!(
            e.provider_message(),
            Some("Invalid pos_id field or credentials")
        );
        let e = wrong
            .create_hosted_payment(&HostedPaymentRequest::purchase(
                dec!(10),
                "UAH",
                "x",
                "fl-x",
            ))
            .await
            .unwrap_err();
        rejected(&e, 401);
    }
}

mod payelata {
    use super::*;
    use payelata_sdk::jsonapi::Resource;
    use payelata_sdk::webhook::{CallbackVerifier, Mode};
    use payelata_sdk::{
        CardgateClient, CardgateStatus, Client, CreatePaymentInvoice, CreateRefund, Credentials,
        Decimal, InvoiceCustomer, InvoiceStatus, PaymentInvoice, ResolutionCode, ReturnUrls,
        SaleOperation,
    };

    const SERVICE: &str = "payment_card_uah_hpp";

    fn client(sandbox: &Sandbox, timeout: Duration) -> Client {
        let p = sandbox.payelata();
        Client::builder(
            p.base_url,
            Credentials::new(p.account_id, SecretString::from(p.api_key)),
        )
        .timeout(timeout)
        .retry(retry())
        .build()
        .expect("a Payelata client")
    }

    fn cardgate(sandbox: &Sandbox) -> CardgateClient {
        CardgateClient::builder(sandbox.payelata().cardgate_url)
            .timeout(PATIENT)
            .build()
            .expect("a cardgate client")
    }

    fn invoice(reference: &str, amount: Decimal) -> CreatePaymentInvoice {
        CreatePaymentInvoice::new(reference, amount, "UAH", SERVICE)
            .test_mode(true)
            .description(format!("Order {reference}"))
    }

    fn page_url(invoice: &Resource<PaymentInvoice>) -> String {
        invoice
            .attributes
            .flow_data
            .as_ref()
            .and_then(payelata_sdk::FlowData::redirect_url)
            .expect("the payment page")
    }

    fn card(number: &str) -> SaleOperation {
        SaleOperation::card(
            SecretString::from(number),
            "OLENA KOVALENKO",
            SecretString::from("123"),
            "12",
            "30",
        )
    }

    async fn fetch(client: &Client, invoice: &Resource<PaymentInvoice>) -> PaymentInvoice {
        *client
            .payment_invoice(&invoice.id)
            .await
            .expect("the invoice")
            .attributes
    }

    #[tokio::test]
    async fn happy_path_tokens_3ds_and_refunds() {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let client = client(&sandbox, PATIENT);
        let cardgate = cardgate(&sandbox);
        let payer = Payer::new();
        let p = sandbox.payelata();
        let callback_url = format!("{}/hooks/payelata", shop.url());
        let ok_url = format!("{}/ok", shop.url());

        // An invoice with tokenize, paid on the hosted page.
        let first = client
            .create_payment_invoice(
                &invoice("pl-1", dec!(100))
                    .customer(InvoiceCustomer::new("cust-1").name("Olena Kovalenko"))
                    .tokenize(true)
                    .callback_url(&callback_url)
                    .return_urls(
                        ReturnUrls::new()
                            .success(&ok_url)
                            .fail(format!("{}/fail", shop.url())),
                    ),
            )
            .await
            .expect("the invoice");
        assert_eq!(first.attributes.status, Some(InvoiceStatus::Created));
        assert!(first.attributes.cardgate_token().is_some());
        let page = payer.open(&page_url(&first)).await;
        for field in ["card_number", "card_holder", "exp_month", "exp_year", "cvv"] {
            assert!(page.form.field(field).is_some(), "{field}");
        }
        let answer = payer
            .submit(
                &page.form,
                "pay",
                &[
                    ("card_number", "5555555555554444"),
                    ("card_holder", "OLENA KOVALENKO"),
                ],
            )
            .await;
        assert_eq!(answer.see_other(), ok_url);

        // The callback, verified with the test secret: the card token and the masked card.
        let verifier = CallbackVerifier::test(SecretString::from(p.test_secret.clone()));
        let delivered = received(&shop, "/hooks/payelata", 1, |r| {
            verifier
                .verify_headers(&r.header_map(), &r.body)
                .is_ok_and(|c| c.id() == first.id)
        })
        .await;
        let hook = &delivered[0];
        let callback = verifier
            .verify_headers(&hook.header_map(), &hook.body)
            .expect("a signed callback");
        assert_eq!(callback.mode, Mode::Test);
        assert_eq!(callback.kind(), "payment-invoices");
        let paid = callback.payment_invoice().expect("a payment invoice");
        assert_eq!(paid.status, Some(InvoiceStatus::Processed));
        assert_eq!(paid.resolution, Some(ResolutionCode::Ok));
        let token = paid.card_token().expect("the card token").clone();
        let card_seen = paid.payment_card().expect("the masked card");
        assert_eq!(card_seen.mask.as_deref(), Some("555555******4444"));
        assert_eq!(card_seen.brand.as_deref(), Some("mastercard"));
        assert_eq!(card_seen.holder.as_deref(), Some("OLENA KOVALENKO"));
        let live = CallbackVerifier::live(SecretString::from(p.live_secret.clone()));
        assert!(live.verify_headers(&hook.header_map(), &hook.body).is_err());

        // An invoice by token with instant, charged through the cardgate with its bearer.
        let second = client
            .create_payment_invoice(
                &invoice("pl-2", dec!(25))
                    .token(token)
                    .customer(InvoiceCustomer::new("cust-1"))
                    .instant(true)
                    .callback_url(&callback_url),
            )
            .await
            .expect("the token invoice");
        assert_eq!(
            second.attributes.status,
            Some(InvoiceStatus::ProcessPending)
        );
        let sale = cardgate
            .sale(&second, &SaleOperation::token())
            .await
            .expect("the sale");
        assert_eq!(sale.status(), Some(&CardgateStatus::Processed));
        assert!(!sale.requires_3ds());
        let charged = fetch(&client, &second).await;
        assert_eq!(charged.status, Some(InvoiceStatus::Processed));
        assert_eq!(
            charged.payment_card().and_then(|c| c.mask.as_deref()),
            Some("555555******4444")
        );

        // A 3-D Secure sale: the auth_payload form is posted, the challenge passed.
        let third = client
            .create_payment_invoice(&invoice("pl-3", dec!(40)))
            .await
            .expect("the invoice");
        let sale = cardgate
            .sale(&third, &card(cards::THREE_DS))
            .await
            .expect("the sale");
        assert!(sale.requires_3ds(), "{sale:?}");
        let step = sale.auth_payload().expect("the 3-D Secure step");
        let html = step.html_form().expect("the auto-submitting form");
        let form = HtmlForm::parse(&html, "").expect("a form");
        assert_eq!(Some(form.action.as_str()), step.action.as_deref());
        assert!(form.field("creq").is_some(), "{form:?}");
        let challenge = payer.post_form(&form.action, &form.fields).await;
        let challenge = flows::page(&form.action, &challenge);
        payer.submit(&challenge.form, "pass", &[]).await.see_other();
        assert_eq!(
            fetch(&client, &third).await.status,
            Some(InvoiceStatus::Processed)
        );

        // Partial refunds until nothing remains; the next one is refused before sending.
        let mut current = client.payment_invoice(&first.id).await.expect("invoice");
        assert_eq!(current.attributes.refundable_amount(), Some(dec!(100)));
        for (i, amount) in [dec!(30), dec!(30), dec!(40)].into_iter().enumerate() {
            let outcome = client
                .refund_payment_invoice_checked(
                    &current,
                    &CreateRefund::new(format!("pl-1-r{i}"), amount),
                )
                .await
                .expect("the refund");
            let refund = outcome.refund().expect("a refund resource");
            assert_eq!(refund.attributes.amount, Some(amount));
            current = client.payment_invoice(&first.id).await.expect("invoice");
        }
        assert_eq!(current.attributes.status, Some(InvoiceStatus::Refunded));
        assert_eq!(current.attributes.refunded_amount, Some(dec!(100)));
        assert_eq!(current.attributes.refundable_amount(), Some(dec!(0)));
        let e = client
            .refund_payment_invoice_checked(&current, &CreateRefund::new("pl-1-r3", dec!(1)))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::InvalidRequest(_)), "{e:?}");
        assert!(e.is_not_sent());
        assert_eq!(
            fetch(&client, &first).await.refunded_amount,
            Some(dec!(100))
        );
    }

    #[tokio::test]
    async fn scenarios() {
        let sandbox = sandbox().await;
        let client = client(&sandbox, PATIENT);
        let cardgate = cardgate(&sandbox);
        let payer = Payer::new();

        // 01, 02 on the hosted page, by the amount.
        // The sandbox writes the resolutions in lower case: `insufficient_funds` reads as the
        // documented `INSUFFICIENT_FUNDS`; `declined` is no documented code and is kept.
        for (amount, why) in [
            (dec!(10.01), ResolutionCode::from_wire("declined")),
            (dec!(10.02), ResolutionCode::InsufficientFunds),
        ] {
            let reference = format!("pl-{amount}");
            let created = client
                .create_payment_invoice(&invoice(&reference, amount))
                .await
                .expect("the invoice");
            payer.pay(&page_url(&created), "pay", &[]).await.see_other();
            let now = fetch(&client, &created).await;
            assert_eq!(now.status, Some(InvoiceStatus::ProcessFailed), "{amount}");
            assert_eq!(now.resolution, Some(why), "{amount}");
        }
        // 01 in a cardgate sale, by the card.
        let created = client
            .create_payment_invoice(&invoice("pl-card-01", dec!(10)))
            .await
            .expect("the invoice");
        let sale = cardgate
            .sale(&created, &card(cards::DECLINE))
            .await
            .expect("a declined sale is an answer");
        assert_eq!(sale.status(), Some(&CardgateStatus::ProcessFailed));

        // 03 on the hosted page: on to the 3-D Secure page, failed.
        let created = client
            .create_payment_invoice(&invoice("pl-03", dec!(10.03)))
            .await
            .expect("the invoice");
        let answer = payer.pay(&page_url(&created), "pay", &[]).await;
        let three_ds = answer.see_other().to_owned();
        assert!(three_ds.contains("/payelata-cardgate/3ds/"), "{three_ds}");
        payer.pay(&three_ds, "fail", &[]).await.see_other();
        let now = fetch(&client, &created).await;
        assert_eq!(now.status, Some(InvoiceStatus::ProcessFailed));
        assert_eq!(
            now.resolution.as_ref().map(ResolutionCode::as_str),
            Some("authentication_failed")
        );

        // 04: slow; the invoice was created.
        let impatient = self::client(&sandbox, IMPATIENT);
        let e = impatient
            .create_payment_invoice(&invoice("pl-04", dec!(10.04)))
            .await
            .unwrap_err();
        let r = timed_out(&e);
        assert_eq!(
            (r.operation, r.key_name, r.key.as_str()),
            ("payment_invoice_by_reference_id", "reference_id", "pl-04")
        );
        assert!(resolve(&client, &r).await.is_some());

        // 05, 06: a 5xx before acting: no invoice.
        for (amount, status) in [(dec!(10.05), 500), (dec!(10.06), 503)] {
            let e = client
                .create_payment_invoice(&invoice(&format!("pl-{amount}"), amount))
                .await
                .unwrap_err();
            let r = server_error(&e, status);
            assert!(resolve(&client, &r).await.is_none(), "{amount}");
        }
    }

    /// Calls the status query `r` names, exactly.
    async fn resolve(client: &Client, r: &Resolution) -> Option<Resource<PaymentInvoice>> {
        match r.operation {
            "payment_invoice_by_reference_id" => {
                assert_eq!(r.key_name, "reference_id", "{r}");
                client
                    .payment_invoice_by_reference_id(&r.key)
                    .await
                    .expect("the list")
            }
            "payment_invoice" => {
                assert_eq!(r.key_name, "id", "{r}");
                Some(client.payment_invoice(&r.key).await.expect("the invoice"))
            }
            other => panic!("unexpected resolution {other}"),
        }
    }

    #[tokio::test]
    async fn lost_answers_are_resolved_by_the_named_query() {
        let sandbox = sandbox().await;
        let client = client(&sandbox, PATIENT);
        let cardgate = cardgate(&sandbox);
        let payer = Payer::new();

        // 07 on create: created, then 503.
        let e = client
            .create_payment_invoice(&invoice("pl-07", dec!(10.07)))
            .await
            .unwrap_err();
        let r = server_error(&e, 503);
        let found = resolve(&client, &r).await.expect("the invoice was created");
        assert_eq!(found.attributes.amount, Some(dec!(10.07)));

        // 08 on a refund (by its amount): refunded, then the connection drops.
        let paid = client
            .create_payment_invoice(&invoice("pl-paid", dec!(50)))
            .await
            .expect("the invoice");
        payer.pay(&page_url(&paid), "pay", &[]).await.see_other();
        let e = client
            .refund_payment_invoice(&paid.id, &CreateRefund::new("pl-paid-r", dec!(5.08)))
            .await
            .unwrap_err();
        let r = dropped(&e);
        let now = resolve(&client, &r).await.expect("the invoice");
        assert_eq!(now.attributes.refunded_amount, Some(dec!(5.08)));
        assert_eq!(
            now.attributes.status,
            Some(InvoiceStatus::PartiallyRefunded)
        );

        // 07 on a cardgate sale, by the card: charged, then 503.
        let created = client
            .create_payment_invoice(&invoice("pl-sale-07", dec!(20)))
            .await
            .expect("the invoice");
        let e = cardgate
            .sale(&created, &card(cards::ACT_THEN_503))
            .await
            .unwrap_err();
        let r = server_error(&e, 503);
        assert_eq!(r.key, created.id);
        let now = resolve(&client, &r).await.expect("the invoice");
        assert_eq!(now.attributes.status, Some(InvoiceStatus::Processed));
    }

    #[tokio::test]
    async fn wrong_credentials() {
        let sandbox = sandbox().await;
        let p = sandbox.payelata();
        let wrong = Client::builder(
            p.base_url.clone(),
            Credentials::new(p.account_id.clone(), SecretString::from("not-the-key")),
        )
        .build()
        .expect("a client");
        let e = wrong.payment_invoice("cpi_nothing").await.unwrap_err();
        rejected(&e, 401);
        assert_eq!(e.provider_code(), Some("unauthorized"));
        let e = wrong
            .create_payment_invoice(&invoice("pl-denied", dec!(10)))
            .await
            .unwrap_err();
        rejected(&e, 401);
        let e = cardgate(&sandbox)
            .sale_with_token(&SecretString::from("not-a-bearer"), &SaleOperation::token())
            .await
            .unwrap_err();
        rejected(&e, 401);
    }
}
