//! `cargo bench -p payments-bench`: for each provider, the SDK against its hand-written
//! baseline, in the same run.
//!
//! - `call-seq-<provider>`: one read at a time against the local server, SDK vs reqwest +
//!   serde_json into a plain struct (`baseline`).
//! - `call-c64-<provider>`: 64 reads as concurrent tasks; the time is that of all 64.
//! - `decode-<provider>`: the largest response fixture through the SDK client over an in-memory
//!   transport (`sdk`), through the SDK's public decode entry where the client uses one
//!   exactly (`entry`), and by serde_json into a plain struct (`plain`).
//!
//! Each pair is measured `PAYMENTS_BENCH_ROUNDS` times (default 3), the rounds spread over the
//! whole run and the order of the pair alternating, so that a change of load on the machine
//! falls on both sides; every benchmark id ends in its round (`sdk/r0`). `cargo xtask bench`
//! turns criterion's estimates into the table of ratios (median over the rounds).

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode};
use payments_bench::canned::Canned;
use payments_bench::cases::askell::Askell;
use payments_bench::cases::barion::Barion;
use payments_bench::cases::finline::Finline;
use payments_bench::cases::payelata::Payelata;
use payments_bench::cases::resid::Resid;
use payments_bench::server::Server;
use payments_bench::{Baseline, Case, check_same_request, client_runtime, concurrently};
use tokio::runtime::Runtime;

/// Tasks of the concurrent measure.
const TASKS: usize = 64;

/// One provider's clients, built once.
struct Setup<C: Case> {
    sdk: C::Client,
    baseline: Baseline,
    canned: C::Client,
}

impl<C: Case> Setup<C> {
    fn new(server: &Server, runtime: &Runtime) -> Self {
        let base = server.base_url(C::NAME);
        let sdk = C::client(&base, None);
        let baseline = C::baseline(&base);
        let canned = C::client(&base, Some(Arc::new(Canned::new(C::DECODE_BODY))));
        if let Err(e) = check_same_request::<C>(runtime, server, &sdk, &baseline) {
            panic!("{e}");
        }
        runtime
            .block_on(C::decode(&canned))
            .unwrap_or_else(|e| panic!("{}: the SDK does not decode its fixture: {e}", C::NAME));
        C::decode_plain(C::DECODE_BODY)
            .unwrap_or_else(|e| panic!("{}: the plain struct does not decode: {e}", C::NAME));
        if let Some(Err(e)) = C::decode_entry(C::DECODE_BODY) {
            panic!("{}: the SDK's decode entry fails: {e}", C::NAME);
        }
        Self {
            sdk,
            baseline,
            canned,
        }
    }
}

fn main() {
    let rounds: usize = std::env::var("PAYMENTS_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .nresamples(10_000)
        .configure_from_args();
    let server = Server::start(&payments_bench::cases::routes());
    let runtime = client_runtime();
    let askell = Setup::<Askell>::new(&server, &runtime);
    let barion = Setup::<Barion>::new(&server, &runtime);
    let resid = Setup::<Resid>::new(&server, &runtime);
    let finline = Setup::<Finline>::new(&server, &runtime);
    let payelata = Setup::<Payelata>::new(&server, &runtime);
    for round in 0..rounds {
        bench_case(&mut criterion, &runtime, &askell, round);
        bench_case(&mut criterion, &runtime, &barion, round);
        bench_case(&mut criterion, &runtime, &resid, round);
        bench_case(&mut criterion, &runtime, &finline, round);
        bench_case(&mut criterion, &runtime, &payelata, round);
    }
    criterion.final_summary();
}

#[derive(Clone, Copy)]
enum Side {
    Sdk,
    Baseline,
}

fn bench_case<C: Case>(c: &mut Criterion, rt: &Runtime, setup: &Setup<C>, round: usize) {
    let tag = format!("r{round}");
    let order = if round.is_multiple_of(2) {
        [Side::Sdk, Side::Baseline]
    } else {
        [Side::Baseline, Side::Sdk]
    };

    let mut group = c.benchmark_group(format!("call-seq-{}", C::NAME));
    group.sampling_mode(SamplingMode::Flat);
    for side in order {
        match side {
            Side::Sdk => group.bench_function(BenchmarkId::new("sdk", &tag), |b| {
                b.to_async(rt).iter_custom(|iters| {
                    let client = setup.sdk.clone();
                    async move {
                        let start = Instant::now();
                        for _ in 0..iters {
                            black_box(C::read(&client).await.expect("the SDK read"));
                        }
                        start.elapsed()
                    }
                });
            }),
            Side::Baseline => group.bench_function(BenchmarkId::new("baseline", &tag), |b| {
                b.to_async(rt).iter_custom(|iters| {
                    let baseline = setup.baseline.clone();
                    async move {
                        let start = Instant::now();
                        for _ in 0..iters {
                            black_box(
                                C::baseline_read(&baseline)
                                    .await
                                    .expect("the baseline read"),
                            );
                        }
                        start.elapsed()
                    }
                });
            }),
        };
    }
    group.finish();

    let mut group = c.benchmark_group(format!("call-c{TASKS}-{}", C::NAME));
    group.sampling_mode(SamplingMode::Flat);
    for side in order {
        match side {
            Side::Sdk => group.bench_function(BenchmarkId::new("sdk", &tag), |b| {
                b.to_async(rt).iter_custom(|iters| {
                    let client = setup.sdk.clone();
                    async move {
                        let start = Instant::now();
                        for _ in 0..iters {
                            concurrently(TASKS, || {
                                let client = client.clone();
                                async move { C::read(&client).await.map(drop) }
                            })
                            .await;
                        }
                        start.elapsed()
                    }
                });
            }),
            Side::Baseline => group.bench_function(BenchmarkId::new("baseline", &tag), |b| {
                b.to_async(rt).iter_custom(|iters| {
                    let baseline = setup.baseline.clone();
                    async move {
                        let start = Instant::now();
                        for _ in 0..iters {
                            concurrently(TASKS, || {
                                let baseline = baseline.clone();
                                async move { C::baseline_read(&baseline).await.map(drop) }
                            })
                            .await;
                        }
                        start.elapsed()
                    }
                });
            }),
        };
    }
    group.finish();

    let mut group = c.benchmark_group(format!("decode-{}", C::NAME));
    group.sample_size(50);
    for side in order {
        match side {
            Side::Sdk => {
                group.bench_function(BenchmarkId::new("sdk", &tag), |b| {
                    b.to_async(rt).iter_custom(|iters| {
                        let client = setup.canned.clone();
                        async move {
                            let start = Instant::now();
                            for _ in 0..iters {
                                black_box(C::decode(&client).await.expect("the SDK decode"));
                            }
                            start.elapsed()
                        }
                    });
                });
                if C::decode_entry(C::DECODE_BODY).is_some() {
                    group.bench_function(BenchmarkId::new("entry", &tag), |b| {
                        b.iter(|| black_box(C::decode_entry(black_box(C::DECODE_BODY))));
                    });
                }
            }
            Side::Baseline => {
                group.bench_function(BenchmarkId::new("plain", &tag), |b| {
                    b.iter(|| black_box(C::decode_plain(black_box(C::DECODE_BODY))));
                });
            }
        }
    }
    group.finish();
}
