//! End-to-end tests of the payments facade against the local sandbox, through `dyn Gateway`
//! only: every step of every test below speaks the unified interface (create, read, capture,
//! cancel, refund, webhook) and names no provider; the person paying is played by
//! `payments_e2e::flows::Payer` on the pages the gateway hands out.
//!
//! What a provider needs that the unified interface cannot say is kept in one place, the
//! first `impl Case` block: how each gateway is built from its SDK client (again with a short
//! client timeout, for the slow-answer scenario), the amount that carries a scenario code in
//! its currency, Payelata's card tokens (the facade cannot tokenize), and the SDK lookup an
//! unknown outcome's `Resolution` names. The tour's expected legs, the tests where the facade
//! and the sandbox disagree (one generic check, one test per provider, so each failing case can
//! be ignored alone) and Barion's unsigned callback name providers as data, never in a step.
//!
//! - The tour behind the README's first command, with every leg asserted.
//! - The sandbox's scenario table on every provider's facade flow: `..01` decline, `..02`
//!   insufficient funds, `..03` 3-D Secure (passed and failed on the 3DS page where the flow
//!   has a payer), `..04` slow past the client's timeout, `..05`/`..06` 5xx before acting,
//!   `..07`/`..08` act then lose the answer; a lost create is resolved by what its
//!   `Resolution` names.
//! - The faults on the follow-ups (capture, cancel, refund, whole and partial): by the amount
//!   where the call carries one, injected where it does not; resolved by `Gateway::payment`.
//! - Webhooks refused once by the shop, retried by the sandbox, verified by `Gateway::webhook`;
//!   a tampered body refused with `ErrorKind::Webhook`.
//! - Capabilities agree with behaviour: what is unsupported fails with
//!   `ErrorKind::Unsupported` and sends nothing.
//!
//! Each test prints its table (`cargo test -p payments-e2e --test facade_sandbox -- --nocapture`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use payments_e2e::flows::{self, Payer};
use payments_e2e::quick::{PATIENT, WAIT, retry, sandbox};
use payments_e2e::shop::{Received, Shop};
use payments_e2e::tour::{self, Variables};
use payments_facade::{
    AskellGateway, BarionGateway, CaptureMode, Currency, Customer, Error, ErrorKind,
    FinlineGateway, Gateway, HeaderMap, Money, NextAction, Operation, PayelataGateway, Payment,
    PaymentId, PaymentRequest, PaymentStatus, Provider, RedirectMethod, ResidGateway, Resolution,
    SecretString, askell, barion, finline, payelata, resid,
};
use payments_sandbox::{Fault, Sandbox, Scenario, cards};
use tokio::task::JoinSet;

/// The timeout of the impatient gateways: shorter than the sandbox's slow answer.
const IMPATIENT: Duration = Duration::from_millis(800);

// ---------------------------------------------------------------------------------------------
// The provider-specific part: construction and the SDK lookups. Nothing else names a provider.
// ---------------------------------------------------------------------------------------------

/// The SDK client behind a gateway, for the status queries an unknown outcome names that the
/// unified interface has no method for.
enum Lookup {
    /// `Client::payments` (Askell), matched by `reference`.
    ByReferenceList(askell::Client),
    /// `Client::payments(ListPayments::after(..))` (Resid), matched by `payload`.
    AfterList(resid::Client),
    /// `Client::payment_invoice_by_reference_id` (Payelata).
    ByReferenceId(payelata::Client),
    /// Nothing beyond the gateway (the key is the unified id, or the answer is a callback).
    Gateway,
}

/// One provider set up on a sandbox: its gateways, how its amounts carry a scenario code, and
/// what a payment request needs.
struct Case {
    provider: Provider,
    gateway: Box<dyn Gateway>,
    /// The same gateway with a client timeout below the sandbox's slow-answer delay.
    impatient: Box<dyn Gateway>,
    lookup: Lookup,
    /// The scenario rule's unit in the provider's wire amount, in minor units of `currency`.
    unit: i64,
    /// An ordinary amount in those units (ends in `00`).
    base: i64,
    currency: Currency,
    customer: Option<Customer>,
    /// Where the payer pays with a shown token (the sandbox's page; the provider has none).
    token_page: Option<String>,
    /// Payelata's card tokens, for its token flow (see [`Case::card_tokens`]).
    tokens: Option<Tokens>,
    sandbox_url: String,
    shop_url: String,
    /// The sandbox's name of the provider, for injected faults.
    sandbox_provider: payments_sandbox::Provider,
}

/// Card tokens of one customer: a plain approved card, and cards that carry a fault code.
struct Tokens {
    customer: Customer,
    plain: SecretString,
    /// By scenario code: a stored card whose number carries the code.
    by_card: BTreeMap<u8, SecretString>,
}

impl Case {
    /// `provider` on `sandbox`, with the one-time setup a shop does (the tour's own
    /// `sandbox_variables`: Askell's webhook registered at `shop`, Resid's merchant).
    async fn new(sandbox: &Sandbox, shop: &Shop, provider: Provider) -> Self {
        let variables = tour::sandbox_variables(sandbox, provider, shop)
            .await
            .expect("the shop's one-time setup");
        Self::from_variables(sandbox.url(), shop, provider, &variables)
    }

    /// `provider` configured by `variables` (its base URLs may point elsewhere).
    fn from_variables(
        sandbox_url: &str,
        shop: &Shop,
        provider: Provider,
        variables: &Variables,
    ) -> Self {
        let (gateway, lookup) = Self::gateway(provider, variables, PATIENT);
        let (impatient, _) = Self::gateway(provider, variables, IMPATIENT);
        let (currency, unit, base) = match provider {
            Provider::Askell => (Currency::ISK, 1, 1500),
            // Barion takes whole forints, Resid whole rials: the unit is 100 minor units.
            Provider::Barion => (Currency::HUF, 100, 1000),
            Provider::Resid => (Currency::IRR, 100, 10_000),
            Provider::Finline | Provider::Payelata => (Currency::UAH, 1, 10_000),
        };
        let customer = (provider == Provider::Askell).then(|| Customer {
            reference: "sandbox-customer".into(),
            ..Customer::default()
        });
        let token_page = (provider == Provider::Resid).then(|| format!("{sandbox_url}/resid/pay"));
        Self {
            provider,
            gateway,
            impatient,
            lookup,
            unit,
            base,
            currency,
            customer,
            token_page,
            tokens: None,
            sandbox_url: sandbox_url.to_owned(),
            shop_url: shop.url().to_owned(),
            sandbox_provider: payments_sandbox::Provider::from_name(provider.name())
                .expect("the sandbox emulates every provider"),
        }
    }

    /// The gateway `variables` describe, built from its SDK client with `timeout`, and the
    /// client for the lookups.
    fn gateway(
        provider: Provider,
        variables: &Variables,
        timeout: Duration,
    ) -> (Box<dyn Gateway>, Lookup) {
        let var = |name: &str| {
            variables
                .get(name)
                .cloned()
                .unwrap_or_else(|| panic!("{name} is set"))
        };
        match provider {
            Provider::Askell => {
                let client =
                    askell::Client::builder(askell::Credentials::new(var("ASKELL_API_KEY")))
                        .base_url(var("ASKELL_BASE_URL"))
                        .timeout(timeout)
                        .retry(retry())
                        .build()
                        .expect("an Askell client");
                let verifier = askell::webhook::WebhookVerifier::new(var("ASKELL_WEBHOOK_SECRET"));
                let gateway = AskellGateway::new(client.clone()).webhooks(verifier);
                (Box::new(gateway), Lookup::ByReferenceList(client))
            }
            Provider::Barion => {
                let credentials = barion::Credentials {
                    pos_key: SecretString::from(var("BARION_POS_KEY")),
                };
                let client = barion::Client::builder(credentials)
                    .base_url(var("BARION_BASE_URL"))
                    .timeout(timeout)
                    .retry(retry())
                    .build()
                    .expect("a Barion client");
                let gateway = BarionGateway::new(client, var("BARION_PAYEE"));
                (Box::new(gateway), Lookup::Gateway)
            }
            Provider::Resid => {
                let code = resid::Credentials::new(var("RESID_AUTHORIZATION_CODE"));
                let client = resid::Client::builder(code)
                    .base_url(var("RESID_BASE_URL"))
                    .timeout(timeout)
                    .retry(retry())
                    .build()
                    .expect("a Resid client");
                let gateway = ResidGateway::new(client.clone(), var("RESID_MERCHANT"));
                (Box::new(gateway), Lookup::AfterList(client))
            }
            Provider::Finline => {
                let credentials = finline::Credentials {
                    pos_id: var("FINLINE_POS_ID").parse().expect("a POS id"),
                    api_key: SecretString::from(var("FINLINE_API_KEY")),
                    api_secret: SecretString::from(var("FINLINE_API_SECRET")),
                    endpoints_key: SecretString::from(var("FINLINE_ENDPOINTS_KEY")),
                };
                let client = finline::Client::builder(credentials)
                    .base_url(var("FINLINE_BASE_URL"))
                    .timeout(timeout)
                    .retry(retry())
                    .build()
                    .expect("a Financial Line client");
                (Box::new(FinlineGateway::new(client)), Lookup::Gateway)
            }
            Provider::Payelata => {
                let credentials = payelata::Credentials::new(
                    var("PAYELATA_ACCOUNT_ID"),
                    SecretString::from(var("PAYELATA_API_KEY")),
                );
                let client = payelata::Client::builder(var("PAYELATA_BASE_URL"), credentials)
                    .timeout(timeout)
                    .retry(retry())
                    .build()
                    .expect("a Payelata client");
                let cardgate = payelata::CardgateClient::builder(var("PAYELATA_CARDGATE_URL"))
                    .timeout(timeout)
                    .build()
                    .expect("a cardgate client");
                let verifier = payelata::webhook::CallbackVerifier::new(
                    SecretString::from(var("PAYELATA_LIVE_SECRET")),
                    SecretString::from(var("PAYELATA_TEST_SECRET")),
                );
                let gateway = PayelataGateway::new(client.clone(), var("PAYELATA_SERVICE"))
                    .cardgate(cardgate)
                    .callbacks(verifier)
                    .test_mode(true);
                (Box::new(gateway), Lookup::ByReferenceId(client))
            }
        }
    }

    /// Stored card tokens for the card-token flow, where the facade has one (Payelata's
    /// `PaymentRequest::card_token`): tokenized through the SDK (the facade has no
    /// tokenize), each card paid once on the hosted page.
    async fn card_tokens(&mut self, payer: &Payer) {
        let Lookup::ByReferenceId(client) = &self.lookup else {
            return;
        };
        let customer = "e2e-card-holder";
        let stored = [
            (0, cards::APPROVE),
            (4, cards::SLOW_ANSWER),
            (5, cards::ERROR_500),
            (6, cards::ERROR_503),
            (7, cards::ACT_THEN_503),
            (8, cards::ACT_THEN_DROP),
        ];
        let mut by_card = BTreeMap::new();
        for (code, card) in stored {
            let invoice = payelata::CreatePaymentInvoice::new(
                format!("tokenize-{code}"),
                payments_facade::dec!(100),
                "UAH",
                "payment_card_uah_hpp",
            )
            .test_mode(true)
            .tokenize(true)
            .customer(payelata::InvoiceCustomer::new(customer));
            let invoice = client
                .create_payment_invoice(&invoice)
                .await
                .expect("a tokenize invoice");
            let page = invoice
                .attributes
                .flow_data
                .as_ref()
                .and_then(payelata::FlowData::redirect_url)
                .expect("the hosted page");
            payer
                .pay(&page, "pay", &[("card_number", card)])
                .await
                .see_other();
            let paid = client
                .payment_invoice(&invoice.id)
                .await
                .expect("the invoice");
            let token = paid.attributes.card_token().expect("a card token").clone();
            by_card.insert(code, token);
        }
        let plain = by_card.remove(&0).expect("the plain card");
        self.tokens = Some(Tokens {
            customer: Customer {
                reference: customer.into(),
                ..Customer::default()
            },
            plain,
            by_card,
        });
    }

    /// Calls the status query `r` names for the lost create of `request`: the payment's
    /// unified id when it exists. The SDK's own lookup where the unified interface has none;
    /// the gateway where the key is the unified id; the callback where that is what the SDK
    /// names (Barion: no id came back, so the payment's callback tells, sent when its payment
    /// window passes).
    async fn find(
        &self,
        sandbox: &Sandbox,
        shop: &Shop,
        r: &Resolution,
        request: &PaymentRequest,
    ) -> Option<PaymentId> {
        use payments_facade::askell::TryStreamExt as _;
        match (r.operation, r.key_name, &self.lookup) {
            ("payments", "reference", Lookup::ByReferenceList(client)) => {
                let all: Vec<askell::Payment> =
                    client.payments().try_collect().await.expect("the list");
                all.into_iter()
                    .find(|p| p.reference.as_deref() == Some(r.key.as_str()))
                    .map(|p| PaymentId(p.uuid.to_string()))
            }
            ("payments", "after", Lookup::AfterList(client)) => {
                let query = resid::ListPayments::from_resolution(r).expect("a list query");
                let all: Vec<resid::Payment> = client
                    .payments(query)
                    .try_collect()
                    .await
                    .expect("the list");
                all.into_iter()
                    .find(|p| p.payload == request.reference)
                    .map(|p| PaymentId(p.token))
            }
            ("payment_invoice_by_reference_id", "reference_id", Lookup::ByReferenceId(client)) => {
                client
                    .payment_invoice_by_reference_id(&r.key)
                    .await
                    .expect("the lookup")
                    .map(|invoice| PaymentId(invoice.id))
            }
            ("callback_state", "payment_request_id", _) => {
                sandbox.advance_clock(Duration::from_secs(31 * 60));
                let url = request.callback_url.clone().expect("a callback URL");
                let to_url = |u: &str| u == url || u.starts_with(&format!("{url}?"));
                if !sandbox.webhooks().iter().any(|d| to_url(&d.url)) {
                    return None;
                }
                let hook = received(shop, &url, 1).await.remove(0);
                let event = self
                    .gateway
                    .webhook(&hook.header_map(), &hook.body)
                    .await
                    .expect("the callback verifies");
                Some(event.payment_id)
            }
            ("order_status" | "payment_invoice" | "payment_state" | "payment", _, _) => {
                let id = PaymentId(r.key.clone());
                match self.gateway.payment(&id).await {
                    Ok(_) => Some(id),
                    Err(e) if e.status().map(|s| s.as_u16()) == Some(404) => None,
                    Err(e) => panic!("{r}: {e:?}"),
                }
            }
            _ => panic!("{}: no lookup for {r}", self.provider),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generic helpers: requests, the payer, polling, the unified error.
// ---------------------------------------------------------------------------------------------

impl Case {
    /// `units` of the scenario rule as money: its last two digits are the scenario code.
    fn money(&self, units: i64) -> Money {
        Money::new(units * self.unit, self.currency).expect("an amount")
    }

    /// The request of an ordinary amount plus `code`, charged at once, for the shop's order
    /// `<provider>-<tag>`, called back at its own path of the shop.
    fn request(&self, code: u8, tag: &str) -> PaymentRequest {
        let reference = format!("{}-{tag}", self.provider);
        let mut request = PaymentRequest::new(
            self.money(self.base + i64::from(code)),
            &reference,
            format!("Order {reference}"),
        )
        .return_url(format!("{}/return", self.shop_url))
        .callback_url(format!("{}/hooks/{reference}", self.shop_url));
        if let Some(customer) = &self.customer {
            request = request.customer(customer.clone());
        }
        request
    }

    /// The request of the card-token flow: the code carried by the stored card where one can
    /// carry it (the faults), else by the amount (a declined card cannot be stored).
    fn token_request(&self, code: u8, tag: &str) -> Option<PaymentRequest> {
        let tokens = self.tokens.as_ref()?;
        let (token, amount_code) = match tokens.by_card.get(&code) {
            Some(token) => (token, 0),
            None => (&tokens.plain, code),
        };
        Some(
            self.request(amount_code, tag)
                .customer(tokens.customer.clone())
                .card_token(token.clone()),
        )
    }

    /// A paid payment (held for a capture with `CaptureMode::Manual`), settled.
    async fn paid(&self, payer: &Payer, tag: &str, mode: CaptureMode) -> Payment {
        let request = self.request(0, tag).capture(mode);
        let created = self
            .gateway
            .create_payment(&request)
            .await
            .unwrap_or_else(|e| panic!("{tag}: {e:?}"));
        self.pay(payer, &created.next, "pass").await;
        settle(self.gateway.as_ref(), &created.payment.id).await
    }

    /// Plays the payer on what `next` points to: pays on the page and, when the page leads on
    /// to a 3-D Secure page, clicks `three_ds` there (`pass` or `fail`).
    async fn pay(&self, payer: &Payer, next: &NextAction, three_ds: &str) -> PayerRun {
        let url = match next {
            NextAction::Redirect {
                url,
                method: RedirectMethod::Get,
                ..
            } => url.clone(),
            NextAction::Redirect { url, params, .. } => {
                // A posted form (a 3-D Secure step): its answer is the challenge page.
                let answer = payer.post_form(url, params).await;
                let page = flows::page(url, &answer);
                payer.submit(&page.form, three_ds, &[]).await.see_other();
                return PayerRun {
                    page: true,
                    three_ds: true,
                };
            }
            NextAction::ShowToken { token } => {
                let base = self.token_page.as_ref().expect("a page for the token");
                format!("{base}/{token}")
            }
            _ => return PayerRun::default(),
        };
        let answer = payer.pay(&url, "pay", &[]).await;
        let mut run = PayerRun {
            page: true,
            three_ds: false,
        };
        let on_sandbox = format!("{}/", self.sandbox_url);
        if let Some(next) = answer
            .location
            .as_deref()
            .filter(|l| l.starts_with(&on_sandbox) && *l != url)
        {
            let page = payer.open(next).await;
            if page.form.buttons.iter().any(|b| b == "pass") {
                payer.submit(&page.form, three_ds, &[]).await.see_other();
                run.three_ds = true;
            }
        }
        run
    }
}

/// What the payer did.
#[derive(Debug, Clone, Copy, Default)]
struct PayerRun {
    /// Paid on a page.
    page: bool,
    /// Went through a 3-D Secure page.
    three_ds: bool,
}

/// Reads the payment until `done` holds or `within` passes; the last read.
async fn read_until(
    gateway: &dyn Gateway,
    id: &PaymentId,
    within: Duration,
    done: impl Fn(&Payment) -> bool,
) -> Payment {
    let deadline = Instant::now() + within;
    loop {
        let now = gateway
            .payment(id)
            .await
            .unwrap_or_else(|e| panic!("{id}: {e:?}"));
        if done(&now) || Instant::now() >= deadline {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The payment once the provider stopped working on it (`Processing`: an asynchronous charge).
async fn settle(gateway: &dyn Gateway, id: &PaymentId) -> Payment {
    read_until(gateway, id, WAIT, |p| p.status != PaymentStatus::Processing).await
}

/// Waits until the shop holds `n` POSTs to `url` (its path, with or without a query).
async fn received(shop: &Shop, url: &str, n: usize) -> Vec<Received> {
    let path = url.strip_prefix(shop.url()).unwrap_or(url);
    let deadline = Instant::now() + WAIT;
    loop {
        let got: Vec<Received> = shop
            .received()
            .into_iter()
            .filter(|r| {
                r.line == format!("POST {path}") || r.line.starts_with(&format!("POST {path}?"))
            })
            .collect();
        if got.len() >= n {
            return got;
        }
        assert!(
            Instant::now() < deadline,
            "{n} webhook(s) to {path}: {got:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The fault a scenario code picks.
fn fault(code: u8) -> Fault {
    match Scenario::from_code(code) {
        Scenario::Fault(f) => f,
        other => panic!("{code:02} is no fault: {other:?}"),
    }
}

/// Checks the unified error of a call that hit `fault`: its kind and status, that it was
/// sent, and that the outcome is unknown (the client cannot tell whether the provider acted);
/// the status query that tells.
fn lost(e: &Error, provider: Provider, fault: Fault) -> Resolution {
    let (kind, status) = match fault {
        Fault::SlowAnswer => (ErrorKind::Timeout, None),
        Fault::Error500 => (ErrorKind::Provider, Some(500)),
        Fault::Error503 | Fault::ActThen503 => (ErrorKind::Provider, Some(503)),
        Fault::ActThenDrop => (ErrorKind::Connection, None),
        other => panic!("no expectation for {other}"),
    };
    assert_eq!(e.provider(), provider, "{e:?}");
    assert_eq!(e.kind(), &kind, "{provider} {fault}: {e:?}");
    assert_eq!(
        e.status().map(|s| s.as_u16()),
        status,
        "{provider} {fault}: {e:?}"
    );
    assert!(!e.is_not_sent(), "{provider} {fault}: it was sent: {e:?}");
    let unknown = e
        .outcome_unknown()
        .unwrap_or_else(|| panic!("{provider} {fault}: the provider may have acted: {e:?}"));
    unknown
        .resolve_with()
        .cloned()
        .unwrap_or_else(|| panic!("{provider} {fault}: an unknown outcome names its query: {e:?}"))
}

/// Short text of an error, for the tables.
fn short(e: &Error) -> String {
    let status = e
        .status()
        .map(|s| format!(" {}", s.as_u16()))
        .unwrap_or_default();
    format!("{:?}{status}", e.kind())
}

/// Runs `job` for every provider at once (each on its own sandbox) and returns their answers
/// in `Provider::ALL` order; a panic in one is the test's.
async fn each_provider<T, F>(job: fn(Provider) -> F) -> Vec<(Provider, T)>
where
    T: Send + 'static,
    F: std::future::Future<Output = T> + Send + 'static,
{
    let mut set = JoinSet::new();
    for provider in Provider::ALL {
        set.spawn(async move { (provider, job(provider).await) });
    }
    let mut out = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(answer) => out.push(answer),
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
    out.sort_by_key(|(p, _)| *p);
    out
}

/// A markdown table of `rows` under `head`.
fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 1. The tour.
// ---------------------------------------------------------------------------------------------

/// The README's first command (`cargo run -p payments-e2e --example tour`) as a test: the same
/// `tour::run`, and every leg checked against the capabilities and the expected statuses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tour_takes_one_payment_through_its_life_with_every_provider() {
    use PaymentStatus::{Authorized, PartiallyRefunded, Pending, Processing, Refunded, Succeeded};
    let (legs, transcript) = tour::run().await.expect("the tour runs");
    println!("{transcript}");
    assert_eq!(
        legs.iter().map(|l| l.provider).collect::<Vec<_>>(),
        Provider::ALL
    );
    let expected = [
        // provider, created, paid, captured, refunded, last
        (
            Provider::Askell,
            Processing,
            Succeeded,
            None,
            Some(Refunded),
            Refunded,
        ),
        (
            Provider::Barion,
            Pending,
            Authorized,
            Some(Succeeded),
            Some(PartiallyRefunded),
            PartiallyRefunded,
        ),
        // Resid's paid, uncollected request: held until collected.
        (
            Provider::Resid,
            Pending,
            Authorized,
            Some(Succeeded),
            None,
            Succeeded,
        ),
        (
            Provider::Finline,
            Pending,
            Authorized,
            Some(Succeeded),
            Some(PartiallyRefunded),
            PartiallyRefunded,
        ),
        (
            Provider::Payelata,
            Pending,
            Succeeded,
            None,
            Some(PartiallyRefunded),
            PartiallyRefunded,
        ),
    ];
    for (leg, (provider, created, paid, captured, refunded, last)) in legs.iter().zip(expected) {
        let caps = provider.capabilities();
        let supports = |op| caps.support(op).is_supported();
        assert_eq!(leg.provider, provider);
        assert_eq!(leg.created, created, "{provider}: created");
        assert_eq!(leg.paid, paid, "{provider}: paid");
        // A webhook arrived and verified exactly where the provider has webhooks.
        let webhook = supports(Operation::Webhook).then_some(true);
        assert_eq!(leg.webhook_verified, webhook, "{provider}: webhook");
        // Captured where the money was held; refunded (in part where it can) where it can.
        assert_eq!(leg.captured, captured, "{provider}: captured");
        assert_eq!(
            leg.captured.is_some(),
            supports(Operation::Capture) && paid != Succeeded,
            "{provider}"
        );
        assert_eq!(leg.refunded, refunded, "{provider}: refunded");
        assert_eq!(
            leg.refunded.is_some(),
            supports(Operation::Refund),
            "{provider}"
        );
        if let Some(r) = &leg.refunded {
            let partly = supports(Operation::PartialRefund);
            assert_eq!(*r == PartiallyRefunded, partly, "{provider}: {r}");
        }
        assert_eq!(leg.last, last, "{provider}: last");
        assert_eq!(
            Some(&leg.last),
            leg.refunded.as_ref().or(leg.captured.as_ref()),
            "{provider}"
        );
        assert!(leg.last.is_final(), "{provider}: {}", leg.last);
        assert_eq!(
            leg.last.is_success(),
            matches!(leg.last, Succeeded | PartiallyRefunded),
            "{provider}"
        );
        assert!(
            transcript.contains(&format!("\n== {provider} (")),
            "{provider} in the transcript"
        );
    }
    assert!(
        transcript.contains("\n5 payments, "),
        "the summary: {transcript}"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. The scenario table through `dyn Gateway`.
// ---------------------------------------------------------------------------------------------

/// Every scenario code on every provider's facade flow (and Payelata's card-token flow), one
/// generic loop; the table of unified outcomes is printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scenario_code_through_dyn_gateway() {
    let started = Instant::now();
    let rows = each_provider(|provider| async move {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let payer = Payer::new();
        let mut case = Case::new(&sandbox, &shop, provider).await;
        case.card_tokens(&payer).await;
        let mut rows = vec![scenario_row(&case, &sandbox, &shop, &payer, false).await];
        if case.tokens.is_some() {
            rows.push(scenario_row(&case, &sandbox, &shop, &payer, true).await);
        }
        rows
    })
    .await;
    let rows: Vec<Vec<String>> = rows.into_iter().flat_map(|(_, r)| r).collect();
    let head = ["flow", "00", "01", "02", "03", "04", "05", "06", "07", "08"];
    println!(
        "{}\n({} flows in {:.1} s)",
        table(&head, &rows),
        rows.len(),
        started.elapsed().as_secs_f64()
    );
}

/// One flow's row: codes `00` to `08`, each asserted.
async fn scenario_row(
    case: &Case,
    sandbox: &Sandbox,
    shop: &Shop,
    payer: &Payer,
    token_flow: bool,
) -> Vec<String> {
    let provider = case.provider;
    let request = |code: u8, tag: &str| {
        if token_flow {
            case.token_request(code, &format!("t{tag}"))
                .expect("tokens")
        } else {
            case.request(code, tag)
        }
    };
    // 00: an ordinary payment, paid; and one left alone, as a lost create should be.
    let control = case
        .gateway
        .create_payment(&request(0, "00"))
        .await
        .unwrap_or_else(|e| panic!("{provider} 00: {e:?}"));
    let has_payer = case.pay(payer, &control.next, "pass").await.page;
    let paid = read_until(case.gateway.as_ref(), &control.payment.id, WAIT, |p| {
        p.status.is_final()
    })
    .await;
    assert_eq!(paid.status, PaymentStatus::Succeeded, "{provider} 00");
    let alone = case
        .gateway
        .create_payment(&request(0, "alone"))
        .await
        .unwrap_or_else(|e| panic!("{provider} alone: {e:?}"))
        .payment
        .id;
    let payer_kind = match (&control.next, has_payer) {
        (NextAction::ShowToken { .. }, _) => "token shown, payer page",
        (_, true) => "payer page",
        (_, false) => "no payer",
    };
    let flow = if token_flow { ", card token" } else { "" };
    let mut cells = vec![
        format!("{provider} ({payer_kind}{flow})"),
        paid.status.to_string(),
    ];
    for code in 1..=3 {
        let variants: &[&str] = if code == 3 && has_payer {
            &["pass", "fail"]
        } else {
            &["pay"]
        };
        let mut seen = Vec::new();
        for variant in variants {
            let asked = request(code, &format!("{code:02}{variant}"));
            seen.push(charge(case, payer, &asked, code, variant, has_payer).await);
        }
        cells.push(seen.join(", "));
    }
    for code in 4..=8 {
        let asked = request(code, &format!("{code:02}"));
        cells.push(lost_create(case, sandbox, shop, &asked, code, &alone).await);
    }
    cells
}

/// `01`-`03`: the charge outcome, once the payer paid (clicking `variant` on a 3-D Secure
/// page) or without a payer: `Failed`, or `Succeeded` after a passed 3-D Secure step.
async fn charge(
    case: &Case,
    payer: &Payer,
    asked: &PaymentRequest,
    code: u8,
    variant: &str,
    has_payer: bool,
) -> String {
    let provider = case.provider;
    let what = format!("{provider} {}", asked.reference);
    let created = case
        .gateway
        .create_payment(asked)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e:?}"));
    let run = case.pay(payer, &created.next, variant).await;
    assert_eq!(run.page, has_payer, "{what}: the payer");
    assert_eq!(run.three_ds, code == 3 && has_payer, "{what}: a 3DS page");
    let last = read_until(case.gateway.as_ref(), &created.payment.id, WAIT, |p| {
        p.status.is_final()
    })
    .await;
    let passed = variant == "pass";
    let expected = if passed {
        PaymentStatus::Succeeded
    } else {
        PaymentStatus::Failed
    };
    assert_eq!(last.status, expected, "{what}");
    assert!(last.status.is_final(), "{what}");
    assert_eq!(last.status.is_success(), passed, "{what}");
    assert_eq!(last.amount, Some(asked.amount), "{what}");
    match (code, has_payer) {
        (3, true) => format!("3DS {variant}: {}", last.status),
        (3, false) => format!("{} (no 3DS step)", last.status),
        _ => last.status.to_string(),
    }
}

/// `04`-`08`: a fault of the create. The unified error, then the doubt resolved by what its
/// `Resolution` names: the payment exists, and is what an ordinary create nobody paid
/// (`alone`) is now, exactly where the fault lets the provider act.
async fn lost_create(
    case: &Case,
    sandbox: &Sandbox,
    shop: &Shop,
    asked: &PaymentRequest,
    code: u8,
    alone: &PaymentId,
) -> String {
    let provider = case.provider;
    let fault = fault(code);
    let gateway = if fault == Fault::SlowAnswer {
        &case.impatient
    } else {
        &case.gateway
    };
    let e = gateway
        .create_payment(asked)
        .await
        .expect_err("a fault answers no payment");
    let r = lost(&e, provider, fault);
    let found = case.find(sandbox, shop, &r, asked).await;
    let reference = case
        .gateway
        .payment(alone)
        .await
        .expect("the reference")
        .status;
    let within = if fault.acts() {
        WAIT
    } else {
        Duration::from_millis(300)
    };
    let found_now = match &found {
        Some(id) => {
            let p = read_until(case.gateway.as_ref(), id, within, |p| p.status == reference).await;
            assert_eq!(p.amount, Some(asked.amount), "{provider} {code:02}");
            Some(p.status)
        }
        None => None,
    };
    assert_eq!(
        found_now.as_ref() == Some(&reference),
        fault.acts(),
        "{provider} {code:02}: {r} found {found_now:?}; an unpaid create is {reference}"
    );
    format!(
        "{} ⇒ {}: {}",
        short(&e),
        r.operation,
        found_now.map_or_else(|| "none".to_owned(), |s| format!("found, {s}"))
    )
}

// ---------------------------------------------------------------------------------------------
// 2b. The faults of the follow-ups, resolved by `Gateway::payment`.
// ---------------------------------------------------------------------------------------------

/// The follow-ups of the unified interface, in table order.
const FOLLOW_UPS: [Operation; 5] = [
    Operation::Capture,
    Operation::PartialCapture,
    Operation::Cancel,
    Operation::Refund,
    Operation::PartialRefund,
];

/// Calls follow-up `op` on payment `id` (`part` for the partial ones).
async fn follow_up(
    gateway: &dyn Gateway,
    op: Operation,
    id: &PaymentId,
    part: Option<Money>,
) -> Result<Payment, Error> {
    match op {
        Operation::Capture | Operation::PartialCapture => gateway.capture(id, part).await,
        Operation::Cancel => gateway.cancel(id).await,
        Operation::Refund | Operation::PartialRefund => gateway.refund(id, part).await,
        other => panic!("{other} is no follow-up"),
    }
}

/// What a follow-up leaves: how the payment is made first, and its status after the call.
fn follow_up_plan(op: Operation) -> (CaptureMode, PaymentStatus) {
    match op {
        Operation::Capture | Operation::PartialCapture => {
            (CaptureMode::Manual, PaymentStatus::Succeeded)
        }
        Operation::Cancel => (CaptureMode::Manual, PaymentStatus::Canceled),
        Operation::Refund => (CaptureMode::Immediate, PaymentStatus::Refunded),
        Operation::PartialRefund => (CaptureMode::Immediate, PaymentStatus::PartiallyRefunded),
        other => panic!("{other} is no follow-up"),
    }
}

/// Every follow-up the capabilities say a provider supports, plain (`00`) and under every
/// fault (`04`-`08`): carried by the amount where the call sends one (a partial capture or
/// refund), injected where it sends none. The doubt of a lost answer is resolved with
/// `Gateway::payment`, since the unified id is known.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_follow_up_under_every_fault() {
    let started = Instant::now();
    let rows = each_provider(|provider| async move {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let payer = Payer::new();
        let case = Case::new(&sandbox, &shop, provider).await;
        let caps = case.gateway.capabilities();
        let mut rows = Vec::new();
        for op in FOLLOW_UPS {
            if caps.support(op).is_supported() {
                rows.push(follow_up_row(&case, &sandbox, &payer, op).await);
            }
        }
        rows
    })
    .await;
    let rows: Vec<Vec<String>> = rows.into_iter().flat_map(|(_, r)| r).collect();
    let head = ["follow-up", "00", "04", "05", "06", "07", "08"];
    println!(
        "{}\n({} follow-ups x 6 codes in {:.1} s)",
        table(&head, &rows),
        rows.len(),
        started.elapsed().as_secs_f64()
    );
}

/// One follow-up's row: plain, then under faults `04` to `08`.
async fn follow_up_row(
    case: &Case,
    sandbox: &Sandbox,
    payer: &Payer,
    op: Operation,
) -> Vec<String> {
    let provider = case.provider;
    let partial = matches!(op, Operation::PartialCapture | Operation::PartialRefund);
    let (mode, applied) = follow_up_plan(op);
    let how = if partial { "by amount" } else { "injected" };
    let mut cells = vec![format!("{provider} {op} (faults {how})")];
    for code in [0u8, 4, 5, 6, 7, 8] {
        let tag = format!("{}-{code:02}", op.name().replace(' ', "-"));
        let payment = case.paid(payer, &tag, mode).await;
        let before = payment.status.clone();
        let id = &payment.id;
        // A partial amount of half the ordinary one, plus the code.
        let part = partial.then(|| case.money(case.base / 2 + i64::from(code)));
        if code != 0 && !partial {
            sandbox.inject_fault(case.sandbox_provider, fault(code));
        }
        let gateway = if code == 4 {
            &case.impatient
        } else {
            &case.gateway
        };
        let answer = follow_up(gateway.as_ref(), op, id, part).await;
        let after = case
            .gateway
            .payment(id)
            .await
            .unwrap_or_else(|e| panic!("{provider} {tag}: {e:?}"));
        if code == 0 {
            let done = answer.unwrap_or_else(|e| panic!("{provider} {tag}: {e:?}"));
            assert_eq!(done.id, *id, "{provider} {tag}");
            assert_eq!(done.status, applied, "{provider} {tag}: the answer");
            assert_eq!(after.status, applied, "{provider} {tag}: read after");
            if let (Some(part), Some(amount)) = (part, done.amount) {
                assert_eq!(amount, part, "{provider} {tag}: the amount moved");
            }
            let amount = done
                .amount
                .map_or_else(|| "no amount".to_owned(), |m| m.to_string());
            cells.push(format!("{before} → {} ({amount})", done.status));
            continue;
        }
        let fault = fault(code);
        let e = answer.expect_err("a fault answers no payment");
        let r = lost(&e, provider, fault);
        // The status query of a follow-up is keyed by the payment's own id.
        assert_eq!(r.key, id.0, "{provider} {tag}: {r}");
        let expected = if fault.acts() { &applied } else { &before };
        assert_eq!(&after.status, expected, "{provider} {tag}: {r}");
        cells.push(format!("{} ⇒ {}", short(&e), after.status));
    }
    cells
}

// ---------------------------------------------------------------------------------------------
// 3. Webhooks: refused once, retried, verified; tampered, refused.
// ---------------------------------------------------------------------------------------------

/// For every provider with webhooks: the shop answers `500` to the first delivery, the sandbox
/// retries it, and the retried delivery verifies through `Gateway::webhook` as the payment it
/// is about; the same body with one byte appended is refused with `ErrorKind::Webhook`, and
/// nothing is sent for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_are_retried_then_verified_and_tampering_is_refused() {
    let rows = each_provider(|provider| async move {
        let sandbox = sandbox().await;
        let shop = Shop::start(1).await;
        let payer = Payer::new();
        let case = Case::new(&sandbox, &shop, provider).await;
        if !case
            .gateway
            .capabilities()
            .support(Operation::Webhook)
            .is_supported()
        {
            let e = case
                .gateway
                .webhook(&HeaderMap::new(), b"{}")
                .await
                .expect_err("no webhooks");
            assert_eq!(e.kind(), &ErrorKind::Unsupported(Operation::Webhook));
            return vec![provider.to_string(), "none (unsupported)".into()];
        }
        let payment = case.paid(&payer, "hook", CaptureMode::Immediate).await;
        assert_eq!(payment.status, PaymentStatus::Succeeded, "{provider}");

        // The sandbox's record: the first attempt refused, the second accepted.
        let deadline = Instant::now() + WAIT;
        let retried = loop {
            let all = sandbox.webhooks();
            if let Some(d) = all.iter().find(|d| d.attempts.len() >= 2 && d.is_settled()) {
                break d.clone();
            }
            assert!(
                Instant::now() < deadline,
                "{provider}: no retried delivery: {all:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let statuses: Vec<Option<u16>> = retried.attempts.iter().map(|a| a.status).collect();
        assert_eq!(statuses, [Some(500), Some(200)], "{provider}: {retried:?}");
        assert_eq!(retried.state, payments_sandbox::DeliveryState::Delivered);

        // The shop got the same request twice; the accepted one verifies.
        let path = retried.url.strip_prefix(shop.url()).expect("to the shop");
        let got: Vec<Received> = shop
            .received()
            .into_iter()
            .filter(|r| r.line == format!("POST {path}") && r.body == retried.body.as_bytes())
            .collect();
        assert_eq!(got.len(), 2, "{provider}: refused, then accepted");
        let hook = &got[1];
        let event = case
            .gateway
            .webhook(&hook.header_map(), &hook.body)
            .await
            .unwrap_or_else(|e| panic!("{provider}: the retried delivery verifies: {e:?}"));
        assert_eq!(event.provider, provider);
        assert_eq!(event.payment_id, payment.id, "{provider}");
        let now = case.gateway.payment(&payment.id).await.expect("a read");
        assert_eq!(
            event.status, now.status,
            "{provider}: the event agrees with a read"
        );

        // One byte appended: refused before anything is trusted or sent.
        let mut tampered = hook.body.clone();
        tampered.push(b'0');
        let e = case
            .gateway
            .webhook(&hook.header_map(), &tampered)
            .await
            .expect_err("a tampered body is refused");
        assert_eq!(e.kind(), &ErrorKind::Webhook, "{provider}: {e:?}");
        assert!(e.is_not_sent(), "{provider}: {e:?}");
        assert!(e.outcome_unknown().is_none(), "{provider}: {e:?}");
        vec![
            provider.to_string(),
            format!(
                "{} attempts (500, 200) ⇒ verified: {}; tampered ⇒ {:?}",
                retried.attempts.len(),
                event.status,
                e.kind()
            ),
        ]
    })
    .await;
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
    println!("{}", table(&["provider", "webhook"], &rows));
}

/// Barion's callback is unsigned, so a forged one cannot be told by its body: the gateway
/// trusts only the PaymentId and asks Barion for the state. A callback naming a payment Barion
/// does not know is the provider's refusal, never an event.
#[tokio::test]
async fn an_unsigned_callback_is_never_trusted_for_its_word() {
    let sandbox = sandbox().await;
    let shop = Shop::start(0).await;
    let case = Case::new(&sandbox, &shop, Provider::Barion).await;
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        "application/x-www-form-urlencoded"
            .parse()
            .expect("a header"),
    );
    let forged = b"paymentId=0123456789abcdef0123456789abcdef";
    let e = case
        .gateway
        .webhook(&headers, forged)
        .await
        .expect_err("an unknown payment is no event");
    println!("forged callback: {e} ({:?}, {:?})", e.kind(), e.status());
    assert!(!e.is_not_sent(), "the state was asked for: {e:?}");
    assert_eq!(e.kind(), &ErrorKind::Provider, "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// 4. Capabilities agree with behaviour.
// ---------------------------------------------------------------------------------------------

/// A port on 127.0.0.1 that counts the connections made to it and closes each at once.
struct Counter {
    url: String,
    hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Counter {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let hits = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&hits);
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                drop(socket);
            }
        });
        Self { url, hits, task }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Calls unified operation `op` on `gateway` for payment `id` (`request` for a create).
async fn call(
    gateway: &dyn Gateway,
    op: Operation,
    id: &PaymentId,
    request: &PaymentRequest,
    part: Money,
) -> Result<(), Error> {
    match op {
        Operation::Create => gateway.create_payment(request).await.map(drop),
        Operation::Status => gateway.payment(id).await.map(drop),
        Operation::Capture => gateway.capture(id, None).await.map(drop),
        Operation::PartialCapture => gateway.capture(id, Some(part)).await.map(drop),
        Operation::Cancel => gateway.cancel(id).await.map(drop),
        Operation::Refund => gateway.refund(id, None).await.map(drop),
        Operation::PartialRefund => gateway.refund(id, Some(part)).await.map(drop),
        Operation::Webhook => gateway.webhook(&HeaderMap::new(), b"{}").await.map(drop),
    }
}

/// Every operation the capabilities call unsupported fails with `ErrorKind::Unsupported` of
/// that operation, names the reason the capabilities give, and sends nothing: on the sandbox,
/// a paid payment's state and the webhook log stay as they were; the same gateway configured
/// for a port that counts connections sees none. A create held for a capture is refused the
/// same way where there is no capture. The counting port does see a supported create.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_capabilities_call_unsupported_fails_and_sends_nothing() {
    let rows = each_provider(|provider| async move {
        let sandbox = sandbox().await;
        let shop = Shop::start(0).await;
        let payer = Payer::new();
        let variables = tour::sandbox_variables(&sandbox, provider, &shop)
            .await
            .expect("the setup");
        let case = Case::from_variables(sandbox.url(), &shop, provider, &variables);
        // The same configuration, every base URL on the counting port.
        let counter = Counter::start().await;
        let elsewhere: Variables = variables
            .iter()
            .map(|(k, v)| (*k, v.replacen(sandbox.url(), &counter.url, 1)))
            .collect();
        let counted = Case::from_variables(sandbox.url(), &shop, provider, &elsewhere);
        let caps = case.gateway.capabilities();
        assert_eq!(caps, provider.capabilities());
        assert_eq!(counted.gateway.capabilities(), caps);

        let payment = case.paid(&payer, "caps", CaptureMode::Immediate).await;
        let before = (payment.status.clone(), sandbox.webhooks().len());
        let request = case.request(0, "caps-2");
        let part = case.money(case.base / 2);
        let mut cells = vec![provider.to_string()];
        for op in Operation::ALL {
            let support = caps.support(op);
            if support.is_supported() {
                cells.push("✔".into());
                continue;
            }
            for gateway in [&case.gateway, &counted.gateway] {
                let e = call(gateway.as_ref(), op, &payment.id, &request, part)
                    .await
                    .expect_err("unsupported");
                assert_eq!(
                    e.kind(),
                    &ErrorKind::Unsupported(op),
                    "{provider} {op}: {e:?}"
                );
                assert!(e.is_not_sent(), "{provider} {op}");
                assert!(e.outcome_unknown().is_none() && e.status().is_none());
                assert!(
                    e.to_string().contains(support.note()),
                    "{provider} {op}: {e}"
                );
            }
            cells.push("✘ Unsupported".into());
        }
        if caps.support(Operation::Capture).is_supported() {
            cells.push("✔".into());
        } else {
            let held = request.clone().capture(CaptureMode::Manual);
            for gateway in [&case.gateway, &counted.gateway] {
                let e = gateway
                    .create_payment(&held)
                    .await
                    .expect_err("nothing to capture later");
                let capture = ErrorKind::Unsupported(Operation::Capture);
                assert_eq!(e.kind(), &capture, "{provider}: {e:?}");
                assert!(e.is_not_sent(), "{provider}: {e:?}");
            }
            cells.push("✘ Unsupported(capture)".into());
        }
        let now = case.gateway.payment(&payment.id).await.expect("a read");
        assert_eq!((now.status, sandbox.webhooks().len()), before, "{provider}");
        assert_eq!(counter.hits(), 0, "{provider}: nothing was sent");
        cells.push("0".into());

        // The control: a supported create does reach the counting port.
        let e = counted
            .gateway
            .create_payment(&request)
            .await
            .expect_err("the port closes every connection");
        assert!(counter.hits() > 0, "{provider}: the create was sent: {e:?}");
        assert!(!matches!(e.kind(), ErrorKind::Unsupported(_)), "{e:?}");
        cells.push(format!("{} ({})", counter.hits(), short(&e)));
        cells
    })
    .await;
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
    let mut head = vec!["provider"];
    head.extend(Operation::ALL.iter().map(|op| op.name()));
    head.extend(["manual create", "sent", "control create"]);
    println!("{}", table(&head, &rows));
}

// ---------------------------------------------------------------------------------------------
// Where the facade and the sandbox disagree: one generic check, one test per provider.
// ---------------------------------------------------------------------------------------------

/// A payment the payer paid and the shop has not captured yet is `Authorized` ("the money is
/// held: capture or cancel it (it lapses otherwise)"), not `Pending` ("waiting for the payer"),
/// and it turns `Succeeded` on the capture.
async fn held_payment_reads_authorized(provider: Provider) {
    let sandbox = sandbox().await;
    let shop = Shop::start(0).await;
    let payer = Payer::new();
    let case = Case::new(&sandbox, &shop, provider).await;
    assert!(
        case.gateway
            .capabilities()
            .support(Operation::Capture)
            .is_supported()
    );
    let request = case.request(0, "held");
    let unpaid = case
        .gateway
        .create_payment(&request.clone().capture(CaptureMode::Manual))
        .await
        .expect("created");
    assert_eq!(
        unpaid.payment.status,
        PaymentStatus::Pending,
        "{provider}: unpaid"
    );
    let run = case.pay(&payer, &unpaid.next, "pass").await;
    assert!(run.page, "{provider}: the payer paid");
    let held = settle(case.gateway.as_ref(), &unpaid.payment.id).await;
    assert_eq!(
        held.status,
        PaymentStatus::Authorized,
        "{provider}: paid, not captured"
    );
    let captured = case
        .gateway
        .capture(&unpaid.payment.id, None)
        .await
        .expect("captured");
    assert_eq!(captured.status, PaymentStatus::Succeeded, "{provider}");
}

#[tokio::test]
async fn held_payments_read_authorized_barion() {
    held_payment_reads_authorized(Provider::Barion).await;
}

#[tokio::test]
async fn held_payments_read_authorized_finline() {
    held_payment_reads_authorized(Provider::Finline).await;
}

#[tokio::test]
async fn held_payments_read_authorized_resid() {
    held_payment_reads_authorized(Provider::Resid).await;
}

/// The webhook a refund causes, verified, says what `Gateway::payment` reads right after it:
/// `PartiallyRefunded` for part of the payment (where the provider refunds in part),
/// `Refunded` for all of it.
async fn refund_webhook_agrees_with_a_read(provider: Provider) {
    let sandbox = sandbox().await;
    let shop = Shop::start(0).await;
    let payer = Payer::new();
    let case = Case::new(&sandbox, &shop, provider).await;
    let caps = case.gateway.capabilities();
    assert!(caps.support(Operation::Webhook).is_supported());
    let payment = case
        .paid(&payer, "refund-hook", CaptureMode::Immediate)
        .await;
    let hooks = sandbox
        .wait_for_webhooks(1, WAIT)
        .await
        .expect("the payment's webhook");
    let part = caps
        .support(Operation::PartialRefund)
        .is_supported()
        .then(|| case.money(case.base / 2));
    let refunded = case
        .gateway
        .refund(&payment.id, part)
        .await
        .expect("refunded");
    let all = sandbox
        .wait_for_webhooks(hooks.len() + 1, WAIT)
        .await
        .expect("the refund's webhook");
    let last = all.last().expect("a delivery");
    let path = last.url.strip_prefix(shop.url()).expect("to the shop");
    let delivered = shop
        .received()
        .into_iter()
        .rfind(|r| r.line == format!("POST {path}") && r.body == last.body.as_bytes())
        .expect("the shop got it");
    let event = case
        .gateway
        .webhook(&delivered.header_map(), &delivered.body)
        .await
        .expect("the refund's webhook verifies");
    let read = case.gateway.payment(&payment.id).await.expect("a read");
    assert_eq!(
        refunded.status, read.status,
        "{provider}: the refund's answer"
    );
    assert_eq!(
        event.status,
        read.status,
        "{provider}: the webhook says {}, a read {} (is_success {} vs {})",
        event.status,
        read.status,
        event.status.is_success(),
        read.status.is_success()
    );
}

#[tokio::test]
async fn refund_webhook_agrees_with_a_read_askell() {
    refund_webhook_agrees_with_a_read(Provider::Askell).await;
}

#[tokio::test]
async fn refund_webhook_agrees_with_a_read_barion() {
    refund_webhook_agrees_with_a_read(Provider::Barion).await;
}

#[tokio::test]
async fn refund_webhook_agrees_with_a_read_finline() {
    refund_webhook_agrees_with_a_read(Provider::Finline).await;
}

#[tokio::test]
async fn refund_webhook_agrees_with_a_read_payelata() {
    refund_webhook_agrees_with_a_read(Provider::Payelata).await;
}

/// A follow-up the provider refuses is an error with no doubt about the outcome, and the
/// payment stays as it was: every supported follow-up applied once, then asked again (a
/// partial capture or refund for more than remains).
async fn refused_follow_ups_are_errors(provider: Provider) {
    let sandbox = sandbox().await;
    let shop = Shop::start(0).await;
    let payer = Payer::new();
    let case = Case::new(&sandbox, &shop, provider).await;
    let caps = case.gateway.capabilities();
    for op in FOLLOW_UPS
        .into_iter()
        .filter(|op| caps.support(*op).is_supported())
    {
        let (mode, applied) = follow_up_plan(op);
        let tag = format!("again-{}", op.name().replace(' ', "-"));
        let payment = case.paid(&payer, &tag, mode).await;
        let partial = matches!(op, Operation::PartialCapture | Operation::PartialRefund);
        let once = follow_up(
            case.gateway.as_ref(),
            op,
            &payment.id,
            partial.then(|| case.money(case.base / 2)),
        )
        .await
        .unwrap_or_else(|e| panic!("{provider} {op}: {e:?}"));
        assert_eq!(once.status, applied, "{provider} {op}");
        let again = partial.then(|| case.money(case.base * 2));
        let answer = follow_up(case.gateway.as_ref(), op, &payment.id, again).await;
        let read = case.gateway.payment(&payment.id).await.expect("a read");
        assert_eq!(read.status, applied, "{provider} {op}: unchanged");
        let e = answer.map(|p| p.status).expect_err(&format!(
            "{provider} {op} asked again: the provider refuses it, the answer says so"
        ));
        assert!(e.outcome_unknown().is_none(), "{provider} {op}: {e:?}");
        // Refused before sending, with a 4xx, or declined in a successful answer (Financial
        // Line's `failure` operation) with the provider's code or message.
        let declined = *e.kind() == ErrorKind::Provider
            && e.status().is_none()
            && (e.provider_code().is_some() || e.provider_message().is_some());
        assert!(
            e.is_not_sent() || e.status().is_some_and(|s| s.is_client_error()) || declined,
            "{provider} {op}: refused before sending, with a 4xx, or declined: {e:?}"
        );
    }
}

#[tokio::test]
async fn refused_follow_ups_are_errors_askell() {
    refused_follow_ups_are_errors(Provider::Askell).await;
}

#[tokio::test]
async fn refused_follow_ups_are_errors_barion() {
    refused_follow_ups_are_errors(Provider::Barion).await;
}

#[tokio::test]
async fn refused_follow_ups_are_errors_resid() {
    refused_follow_ups_are_errors(Provider::Resid).await;
}

#[tokio::test]
async fn refused_follow_ups_are_errors_finline() {
    refused_follow_ups_are_errors(Provider::Finline).await;
}

#[tokio::test]
async fn refused_follow_ups_are_errors_payelata() {
    refused_follow_ups_are_errors(Provider::Payelata).await;
}
