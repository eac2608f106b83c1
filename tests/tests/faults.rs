//! The fault matrix: every provider client, one safe read and one money-moving write each,
//! against a hostile local server (`payments_e2e::fault`). Each case must end in the right
//! typed error within its time bound, never a panic or a hang; reads are retried to the attempt
//! limit and writes never (the server counts the connections); the outcome is unknown exactly
//! where the provider may have acted.
//!
//! The table of what was checked is written to `target/fault-matrix.md`
//! (`cargo xtask faults` runs this test and prints it).

use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use payments_core::{Error, HttpTransport, ReqwestTransport, RetryPolicy, SecretString, dec};
use payments_e2e::fault::{Fault, FaultServer};

const TIMEOUT: Duration = Duration::from_secs(1);
const ATTEMPTS: u32 = 3;
const CAP: usize = 1024 * 1024;

/// One transport for every client: the cases measure the SDKs, not TLS setup.
fn transport() -> Arc<dyn HttpTransport> {
    static SHARED: OnceLock<Arc<dyn HttpTransport>> = OnceLock::new();
    SHARED
        .get_or_init(|| Arc::new(ReqwestTransport::new(Duration::from_secs(2)).expect("transport")))
        .clone()
}

fn retry() -> RetryPolicy {
    RetryPolicy::new(ATTEMPTS)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(20))
}

/// What a call came to, as the matrix tells it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    NotSent,
    Broken,
    Timeout,
    Api(u16),
    Decode,
    TooLarge,
    Other,
}

impl Outcome {
    fn label(self) -> String {
        match self {
            Self::Ok => "decoded".into(),
            Self::NotSent => "connection error, not sent".into(),
            Self::Broken => "connection error, sent".into(),
            Self::Timeout => "timeout".into(),
            Self::Api(s) => format!("provider error {s}"),
            Self::Decode => "decode error".into(),
            Self::TooLarge => "too large".into(),
            Self::Other => "other".into(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Observed {
    outcome: Outcome,
    unknown: bool,
    /// Attempts the client says it made, where its error counts them.
    attempts: Option<u32>,
}

fn observe<T, E>(result: Result<T, Error<E>>) -> Observed {
    match result {
        Ok(_) => Observed {
            outcome: Outcome::Ok,
            unknown: false,
            attempts: None,
        },
        Err(e) => Observed {
            unknown: e.outcome_unknown().is_some(),
            attempts: match &e {
                Error::Connection(c) => Some(c.attempts),
                Error::Timeout(t) => Some(t.attempts),
                Error::Api(a) => Some(a.attempts),
                _ => None,
            },
            outcome: match &e {
                Error::Connection(c) if !c.sent => Outcome::NotSent,
                Error::Connection(_) => Outcome::Broken,
                Error::Timeout(_) => Outcome::Timeout,
                Error::Api(a) => Outcome::Api(a.status.as_u16()),
                Error::Decode(_) => Outcome::Decode,
                Error::TooLarge(_) => Outcome::TooLarge,
                _ => Outcome::Other,
            },
        },
    }
}

type Call = fn(String) -> Pin<Box<dyn Future<Output = Observed> + Send>>;

/// One client call under test.
struct Case {
    provider: &'static str,
    operation: &'static str,
    write: bool,
    /// The body a correct answer carries.
    good: &'static [u8],
    call: Call,
}

const ASKELL_UUID: &str = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";
const BARION_ID: &str = "ecc2bc7a3d8147cab1f04de3dddd657f";

fn askell(base: &str) -> askell_sdk::Client {
    askell_sdk::Client::builder(askell_sdk::Credentials::new("abcdef.fault-key-1"))
        .base_url(base)
        .timeout(TIMEOUT)
        .retry(retry())
        .max_response_size(CAP)
        .transport(transport())
        .build()
        .expect("askell client")
}

fn barion(base: &str) -> barion_sdk::Client {
    barion_sdk::Client::builder(barion_sdk::Credentials {
        pos_key: SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC"),
    })
    .base_url(base)
    .timeout(TIMEOUT)
    .retry(retry())
    .max_response_size(CAP)
    .transport(transport())
    .build()
    .expect("barion client")
}

fn resid(base: &str) -> resid_sdk::Client {
    resid_sdk::Client::builder(resid_sdk::Credentials::new("fault-code-1"))
        .base_url(base)
        .timeout(TIMEOUT)
        .retry(retry())
        .max_response_size(CAP)
        .transport(transport())
        .build()
        .expect("resid client")
}

fn finline(base: &str) -> finline_sdk::Client {
    finline_sdk::Client::builder(finline_sdk::Credentials {
        pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667"
            .parse()
            .expect("uuid"),
        api_key: SecretString::from("fault-api-key"),
        api_secret: SecretString::from("fault-api-secret"),
        endpoints_key: SecretString::from("fault-endpoints-key"),
    })
    .base_url(base)
    .timeout(TIMEOUT)
    .retry(retry())
    .max_response_size(CAP)
    .transport(transport())
    .build()
    .expect("finline client")
}

fn payelata(base: &str) -> payelata_sdk::Client {
    payelata_sdk::Client::builder(
        base,
        payelata_sdk::Credentials::new("coma_fault", SecretString::from("fault-api-key")),
    )
    .timeout(TIMEOUT)
    .retry(retry())
    .max_response_size(CAP)
    .transport(transport())
    .build()
    .expect("payelata client")
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            provider: "askell",
            operation: "payment",
            write: false,
            good: include_bytes!("../../fixtures/askell/payment-get.json"),
            call: |base| {
                Box::pin(async move {
                    observe(
                        askell(&base)
                            .payment(ASKELL_UUID.parse().expect("uuid"))
                            .await,
                    )
                })
            },
        },
        Case {
            provider: "askell",
            operation: "create_payment",
            write: true,
            good: include_bytes!("../../fixtures/askell/payment-create-response.json"),
            call: |base| {
                Box::pin(async move {
                    let request = askell_sdk::CreatePayment::new("customer-12345", dec!(1), "ISK")
                        .reference("order-1001");
                    observe(askell(&base).create_payment(&request).await)
                })
            },
        },
        Case {
            provider: "barion",
            operation: "payment_state",
            write: false,
            good: include_bytes!("../../fixtures/barion/payment-state-v4-delayed-capture.json"),
            call: |base| {
                Box::pin(async move {
                    observe(
                        barion(&base)
                            .payment_state(BARION_ID.parse().expect("id"))
                            .await,
                    )
                })
            },
        },
        Case {
            provider: "barion",
            operation: "refund_payment",
            write: true,
            good: include_bytes!("../../fixtures/barion/refund-response.json"),
            call: |base| {
                Box::pin(async move {
                    let request = barion_sdk::RefundRequest::new(
                        BARION_ID.parse().expect("id"),
                        barion_sdk::CurrencyCode::Eur,
                    )
                    .transaction(barion_sdk::TransactionToRefund::new(
                        "2c8c5a4ba4fd4d9dbb4b0d0bd7a7d4d1".parse().expect("id"),
                        "ORDER-1-T1",
                        dec!(5),
                    ));
                    observe(barion(&base).refund_payment(&request).await)
                })
            },
        },
        Case {
            provider: "resid",
            operation: "payment",
            write: false,
            good: include_bytes!("../../fixtures/resid/payment-get-response.json"),
            call: |base| Box::pin(async move { observe(resid(&base).payment("AsF42Sg53").await) }),
        },
        Case {
            provider: "resid",
            operation: "collect_payment",
            write: true,
            good: include_bytes!("../../fixtures/resid/payment-collect-response.json"),
            call: |base| {
                Box::pin(async move { observe(resid(&base).collect_payment("AsF42Sg53").await) })
            },
        },
        Case {
            provider: "finline",
            operation: "order_status",
            write: false,
            good: include_bytes!("../../fixtures/finline/order-status-response.json"),
            call: |base| Box::pin(async move { observe(finline(&base).order_status("123").await) }),
        },
        Case {
            provider: "finline",
            operation: "void",
            write: true,
            good: include_bytes!("../../fixtures/finline/void-response.json"),
            call: |base| {
                Box::pin(async move {
                    observe(
                        finline(&base)
                            .void(&finline_sdk::VoidRequest::new("123", "UAH"))
                            .await,
                    )
                })
            },
        },
        Case {
            provider: "payelata",
            operation: "payment_invoice",
            write: false,
            good: include_bytes!("../../fixtures/payelata/token-checkout-response.json"),
            call: |base| {
                Box::pin(async move {
                    observe(payelata(&base).payment_invoice("cpi_TEST0000000001").await)
                })
            },
        },
        Case {
            provider: "payelata",
            operation: "refund_payment_invoice",
            write: true,
            good: include_bytes!("../../fixtures/payelata/refund-response.json"),
            call: |base| {
                Box::pin(async move {
                    let refund = payelata_sdk::CreateRefund::new("REFUND-1", dec!(10));
                    observe(
                        payelata(&base)
                            .refund_payment_invoice("cpi_TEST0000000001", &refund)
                            .await,
                    )
                })
            },
        },
    ]
}

/// What every client must do for `fault`, as a read (`write == false`) or a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Expect {
    outcome: Outcome,
    /// Connections the server must have seen.
    hits: u32,
    unknown: bool,
}

fn expected(fault: Fault, write: bool) -> Expect {
    // Retried: a failed connection, a timeout, and 408/429/500/502/503/504 answers, for reads.
    let tries = if write { 1 } else { ATTEMPTS };
    let (outcome, retried, unknown_if_write) = match fault {
        Fault::Refused => (Outcome::NotSent, true, false),
        Fault::AcceptClose | Fault::ResetMidBody => (Outcome::Broken, true, true),
        Fault::NoAnswer | Fault::Dribble => (Outcome::Timeout, true, true),
        Fault::RateLimited => (Outcome::Api(429), true, false),
        Fault::Status500 => (Outcome::Api(500), true, true),
        Fault::Status502 | Fault::Html502 => (Outcome::Api(502), true, true),
        Fault::Status503 => (Outcome::Api(503), true, true),
        // The provider answered 2xx: it acted, but what it did cannot be read.
        Fault::Html200 | Fault::Empty200 | Fault::TruncatedJson | Fault::InvalidUtf8 => {
            (Outcome::Decode, false, true)
        }
        Fault::WrongContentType => (Outcome::Ok, false, false),
        Fault::Oversized => (Outcome::TooLarge, false, true),
        // Never followed: the SDK reports the 302 itself.
        Fault::RedirectOtherHost => (Outcome::Api(302), false, false),
    };
    let hits = match fault {
        Fault::Refused => 0,
        _ if retried => tries,
        _ => 1,
    };
    Expect {
        outcome,
        hits,
        unknown: write && unknown_if_write,
    }
}

/// Payelata documents 429 as "rate limited or duplicate request": on a write it may mean the
/// first one went through, so the SDK reports the outcome as unknown.
fn adjust(provider: &str, fault: Fault, write: bool, mut e: Expect) -> Expect {
    if provider == "payelata" && fault == Fault::RateLimited && write {
        e.unknown = true;
    }
    e
}

/// The longest a case may take: every attempt's timeout, the backoffs, a `Retry-After` of 1 s
/// between read attempts, and slack for a loaded machine.
fn bound(fault: Fault, write: bool) -> Duration {
    let tries = if write { 1 } else { ATTEMPTS };
    let retry_after = if fault == Fault::RateLimited && !write {
        Duration::from_secs(u64::from(ATTEMPTS - 1))
    } else {
        Duration::ZERO
    };
    TIMEOUT * tries + retry_after + Duration::from_secs(3)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_client_meets_every_fault_with_the_right_typed_error() {
    // One task per provider, its cases one after another: a loaded machine still answers
    // every case well inside its time bound.
    let mut by_provider: Vec<Vec<Case>> = Vec::new();
    for case in cases() {
        match by_provider
            .iter_mut()
            .find(|g| g[0].provider == case.provider)
        {
            Some(group) => group.push(case),
            None => by_provider.push(vec![case]),
        }
    }
    let mut runs = Vec::new();
    for group in by_provider {
        runs.push(tokio::spawn(async move {
            let mut results = Vec::new();
            for fault in Fault::ALL {
                for case in &group {
                    let server = FaultServer::start(fault, case.good).await;
                    let started = Instant::now();
                    let observed = tokio::time::timeout(
                        Duration::from_secs(30),
                        (case.call)(server.base_url().to_owned()),
                    )
                    .await
                    .unwrap_or_else(|_| {
                        panic!(
                            "{} {} hung on {}",
                            case.provider,
                            case.operation,
                            fault.name()
                        )
                    });
                    results.push((
                        fault,
                        case.provider,
                        case.operation,
                        case.write,
                        observed,
                        server.hits(),
                        started.elapsed(),
                    ));
                }
            }
            results
        }));
    }
    let mut failures = Vec::new();
    let mut checked = std::collections::BTreeMap::<(usize, bool), Vec<&str>>::new();
    let mut results = Vec::new();
    for run in runs {
        results.extend(run.await.expect("no case panics"));
    }
    for (fault, provider, operation, write, observed, hits, took) in results {
        let want = adjust(provider, fault, write, expected(fault, write));
        let got = Expect {
            outcome: observed.outcome,
            hits,
            unknown: observed.unknown,
        };
        if got != want {
            failures.push(format!(
                "{provider} {operation} on {}: expected {want:?}, got {got:?}",
                fault.name()
            ));
        }
        // Nothing listens on a refused port, so the server counts nothing: the client's own
        // count says whether it retried.
        let tries = if write { 1 } else { ATTEMPTS };
        if fault == Fault::Refused && observed.attempts != Some(tries) {
            failures.push(format!(
                "{provider} {operation} on {}: expected {tries} attempts, got {:?}",
                fault.name(),
                observed.attempts
            ));
        }
        if took > bound(fault, write) {
            failures.push(format!(
                "{provider} {operation} on {} took {took:?}, over {:?}",
                fault.name(),
                bound(fault, write)
            ));
        }
        let row = Fault::ALL
            .iter()
            .position(|f| *f == fault)
            .unwrap_or_default();
        checked.entry((row, write)).or_default().push(provider);
    }
    write_table(&checked);
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn cell(e: Expect, write: bool) -> String {
    let tries = match e.hits {
        0 if write => "1 attempt, none connected".to_owned(),
        0 => format!("{ATTEMPTS} attempts, none connected"),
        1 => "1 try".to_owned(),
        n => format!("{n} tries"),
    };
    let mut s = format!("{} ({tries})", e.outcome.label());
    if write {
        s.push_str(if e.unknown {
            ", **outcome unknown**"
        } else {
            ", outcome known"
        });
    }
    s
}

/// Writes the matrix as a markdown table to `target/fault-matrix.md`.
fn write_table(checked: &std::collections::BTreeMap<(usize, bool), Vec<&str>>) {
    let mut md = String::from(
        "| fault | safe read | money-moving write | clients checked |\n|---|---|---|---|\n",
    );
    for (row, fault) in Fault::ALL.iter().enumerate() {
        let read = cell(expected(*fault, false), false);
        let write = cell(expected(*fault, true), true);
        let n = checked.get(&(row, false)).map_or(0, Vec::len)
            + checked.get(&(row, true)).map_or(0, Vec::len);
        let note = if *fault == Fault::RateLimited {
            " (Payelata: outcome unknown, 429 may mean a duplicate)"
        } else {
            ""
        };
        let _ = writeln!(md, "| {} | {read} | {write}{note} | {n} |", fault.name());
    }
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(
        |_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
        std::path::PathBuf::from,
    );
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("fault-matrix.md"), md);
}
