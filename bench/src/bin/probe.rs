//! `payments-probe <measure> <provider> <side> <iterations>`: runs one measured case a given
//! number of times outside criterion, so that `valgrind --tool=callgrind` can count its
//! instructions (`cargo xtask bench` runs it twice per case, with two iteration counts, and
//! takes the difference per iteration: setup, the server's start and the first connection
//! cancel out).
//!
//! - measure `call-seq` or `call-c64`, side `sdk`, `baseline` or `baseline-timeout` (the baseline
//!   with reqwest's per-request timeout set, as a production client sets one): reads against the
//!   local server (its thread counted too: the server's work per request is the same for both
//!   sides);
//! - measure `decode`, side `sdk` (the client over an in-memory transport), `entry` or `plain`;
//! - measure `sizes` (any side, iterations 0): prints the size in bytes of the SDK's and the
//!   baseline's read futures and answers (a large future is copied whenever it is moved).

use std::hint::black_box;
use std::process::ExitCode;
use std::sync::Arc;

use payments_bench::canned::Canned;
use payments_bench::cases::askell::Askell;
use payments_bench::cases::barion::Barion;
use payments_bench::cases::finline::Finline;
use payments_bench::cases::payelata::Payelata;
use payments_bench::cases::resid::Resid;
use payments_bench::server::Server;
use payments_bench::{Case, client_runtime, concurrently};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [measure, provider, side, iterations] = args.as_slice() else {
        eprintln!(
            "usage: payments-probe <call-seq|call-c64|decode> <provider> <side> <iterations>"
        );
        return ExitCode::FAILURE;
    };
    let Ok(iterations) = iterations.parse::<u64>() else {
        eprintln!("iterations: not a number: {iterations}");
        return ExitCode::FAILURE;
    };
    let result = match provider.as_str() {
        "askell" => run::<Askell>(measure, side, iterations),
        "barion" => run::<Barion>(measure, side, iterations),
        "resid" => run::<Resid>(measure, side, iterations),
        "finline" => run::<Finline>(measure, side, iterations),
        "payelata" => run::<Payelata>(measure, side, iterations),
        other => Err(format!("no provider `{other}`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("payments-probe: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run<C: Case>(measure: &str, side: &str, iterations: u64) -> Result<(), String> {
    let runtime = client_runtime();
    match (measure, side) {
        ("call-seq" | "call-c64", "sdk" | "baseline" | "baseline-timeout") => {
            let server = Server::start(&payments_bench::cases::routes());
            let base = server.base_url(C::NAME);
            let tasks = if measure == "call-seq" { 1 } else { 64 };
            if side == "sdk" {
                let client = C::client(&base, None);
                runtime.block_on(async {
                    // One call first: the connections are open before counting starts.
                    concurrently(tasks, || read::<C>(client.clone())).await;
                    for _ in 0..iterations {
                        concurrently(tasks, || read::<C>(client.clone())).await;
                    }
                });
            } else {
                let mut baseline = C::baseline(&base);
                if side == "baseline-timeout" {
                    baseline = baseline.with_request_timeout(payments_core::DEFAULT_TIMEOUT);
                }
                runtime.block_on(async {
                    concurrently(tasks, || baseline_read::<C>(baseline.clone())).await;
                    for _ in 0..iterations {
                        concurrently(tasks, || baseline_read::<C>(baseline.clone())).await;
                    }
                });
            }
            Ok(())
        }
        ("decode", "sdk") => {
            let client = C::client(
                "http://127.0.0.1:9",
                Some(Arc::new(Canned::new(C::DECODE_BODY))),
            );
            runtime.block_on(async {
                for _ in 0..=iterations {
                    black_box(C::decode(&client).await?);
                }
                Ok(())
            })
        }
        ("decode", "entry") => {
            for _ in 0..=iterations {
                let decoded = C::decode_entry(black_box(C::DECODE_BODY))
                    .ok_or_else(|| format!("{} has no public decode entry", C::NAME))?;
                black_box(decoded?);
            }
            Ok(())
        }
        ("sizes", _) => {
            let client = C::client("http://127.0.0.1:9", None);
            let baseline = C::baseline("http://127.0.0.1:9");
            let sdk = C::read(&client);
            let plain = C::baseline_read(&baseline);
            println!(
                "{}: SDK read future {} B, answer {} B; baseline read future {} B, answer {} B",
                C::NAME,
                std::mem::size_of_val(&sdk),
                std::mem::size_of::<C::Read>(),
                std::mem::size_of_val(&plain),
                std::mem::size_of::<C::PlainRead>(),
            );
            Ok(())
        }
        ("decode", "plain") => {
            for _ in 0..=iterations {
                black_box(C::decode_plain(black_box(C::DECODE_BODY))?);
            }
            Ok(())
        }
        _ => Err(format!("no measure `{measure}` with side `{side}`")),
    }
}

async fn read<C: Case>(client: C::Client) -> Result<(), String> {
    C::read(&client).await.map(drop)
}

async fn baseline_read<C: Case>(baseline: payments_bench::Baseline) -> Result<(), String> {
    C::baseline_read(&baseline).await.map(drop)
}
