//! `cargo xtask bench [--rounds N] [--quick] [--no-callgrind] [--report-only]`
//!
//! Runs `cargo bench -p payments-bench` (each SDK/baseline pair measured in `--rounds` rounds,
//! default 3, spread over the run), then reads criterion's estimates
//! (`target/criterion/<group>/<function>/<round>/new/estimates.json`, written by this run) and
//! prints one row per provider and measure: the baseline's median time, the SDK's, and the
//! median over the rounds of the ratio SDK / baseline. As a second figure, insensitive to the
//! load of a shared machine, it counts instructions under `valgrind --tool=callgrind`: the
//! `payments-probe` binary runs each case twice with different iteration counts, and the
//! difference per iteration is compared (setup and the first connection cancel out).
//!
//! - `--quick`: short criterion timings (0.3 s warm-up, 1 s per benchmark), for a smoke run.
//! - `--report-only`: no benchmark run; the table from the latest estimates on disk.
//! - `--no-callgrind`: skip the instruction counts.
//!
//! The table is also written to `target/bench-ratios.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use crate::{cargo, root, run as run_cmd};

const PROVIDERS: [&str; 5] = ["askell", "barion", "resid", "finline", "payelata"];

/// A measure: criterion group prefix, the SDK side, the baseline side, its target ratio, and
/// the name shown in the table.
struct Measure {
    group: &'static str,
    sdk: &'static str,
    baseline: &'static str,
    target: f64,
    label: &'static str,
}

const MEASURES: [Measure; 5] = [
    Measure {
        group: "call-seq",
        sdk: "sdk",
        baseline: "baseline",
        target: 1.05,
        label: "call, sequential",
    },
    Measure {
        group: "call-c64",
        sdk: "sdk",
        baseline: "baseline",
        target: 1.05,
        label: "call, 64 concurrent",
    },
    Measure {
        group: "decode",
        sdk: "sdk",
        baseline: "plain",
        target: 1.10,
        label: "decode, client path",
    },
    Measure {
        group: "decode",
        sdk: "entry",
        baseline: "plain",
        target: 1.10,
        label: "decode, public entry",
    },
    Measure {
        group: "decode-serde",
        sdk: "sdk",
        baseline: "plain",
        target: 1.10,
        label: "decode, serde only",
    },
];

/// Iteration counts of the two callgrind runs of a probe case.
fn probe_iterations(group: &str) -> (u64, u64) {
    if group == "decode" {
        (200, 1200)
    } else {
        (20, 120)
    }
}

struct Options {
    rounds: usize,
    quick: bool,
    callgrind: bool,
    report_only: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        rounds: 3,
        quick: false,
        callgrind: true,
        report_only: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rounds" => {
                o.rounds = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--rounds takes a positive number")?;
            }
            "--quick" => o.quick = true,
            "--no-callgrind" => o.callgrind = false,
            "--report-only" => o.report_only = true,
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(o)
}

/// Runs the task.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let root = root();
    let criterion_dir = root.join("target/criterion");
    let load_before = load();
    let started = Instant::now();
    let since = if options.report_only {
        None
    } else {
        let since = SystemTime::now();
        let mut bench = cargo();
        bench
            .args(["bench", "-p", "payments-bench", "--bench", "payments"])
            .env("PAYMENTS_BENCH_ROUNDS", options.rounds.to_string())
            .env("CRITERION_HOME", &criterion_dir);
        if options.quick {
            bench.args(["--", "--warm-up-time", "0.3", "--measurement-time", "1"]);
        }
        run_cmd(&mut bench)?;
        Some(since)
    };
    let bench_secs = started.elapsed().as_secs_f64();
    let estimates = collect(&criterion_dir, since);
    if estimates.is_empty() {
        return Err(format!(
            "no criterion estimates under {}",
            criterion_dir.display()
        ));
    }
    let instructions = if options.callgrind {
        let started = Instant::now();
        let counts = callgrind(&root)?;
        eprintln!("callgrind: {:.0} s", started.elapsed().as_secs_f64());
        Some(counts)
    } else {
        None
    };
    let load_after = load();
    let table = table(&estimates, instructions.as_ref());
    let mut out = String::new();
    let _ = writeln!(out, "{table}");
    let _ = writeln!(
        out,
        "Wall-clock: criterion's median per iteration; the ratio is the median over the rounds \
         of SDK / baseline measured in the same round. Instructions: callgrind, per iteration, \
         the client's thread (`call`; \"with the server\": both threads; \"vs a baseline with a \
         timeout\": against the hand-written client with reqwest's per-request timeout set, as \
         the SDK sets its deadline), the whole iteration \
         (`decode`: the decode, the drop, and for the client path the executor), or inside \
         `serde_json::from_slice` only (`decode, serde only`: the decode itself, the SDK's \
         answer wrappers included, the drop excluded)."
    );
    let _ = writeln!(
        out,
        "Machine: {} cores; load average before {load_before}, after {load_after}.",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );
    if since.is_some() {
        let _ = writeln!(
            out,
            "`cargo bench -p payments-bench` took {bench_secs:.0} s."
        );
    }
    print!("{out}");
    let path = root.join("target/bench-ratios.md");
    fs::write(&path, &out).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("written to {}", path.display());
    Ok(())
}

/// One criterion estimate: group, function, round, median nanoseconds per iteration.
struct Estimate {
    group: String,
    function: String,
    round: String,
    median_ns: f64,
}

/// Every `new/benchmark.json` + `new/estimates.json` under `dir`, written since `since`.
fn collect(dir: &Path, since: Option<SystemTime>) -> Vec<Estimate> {
    let mut files = Vec::new();
    walk_all(dir, &mut files);
    files
        .iter()
        .filter(|p| p.ends_with("new/benchmark.json"))
        .filter_map(|bench| {
            let estimates = bench.with_file_name("estimates.json");
            if let Some(since) = since {
                let modified = fs::metadata(&estimates).and_then(|m| m.modified()).ok()?;
                if modified < since {
                    return None;
                }
            }
            let b: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(bench).ok()?).ok()?;
            let e: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(&estimates).ok()?).ok()?;
            Some(Estimate {
                group: b["group_id"].as_str()?.to_owned(),
                function: b["function_id"].as_str()?.to_owned(),
                round: b["value_str"].as_str().unwrap_or("r0").to_owned(),
                median_ns: e["median"]["point_estimate"].as_f64()?,
            })
        })
        .collect()
}

fn walk_all(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for p in entries.flatten().map(|e| e.path()) {
        if p.is_dir() {
            walk_all(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        f64::midpoint(v[n / 2 - 1], v[n / 2])
    })
}

/// Nanoseconds as text with a unit.
fn time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

type Counts = BTreeMap<(String, String, String), f64>;

fn table(estimates: &[Estimate], instructions: Option<&Counts>) -> String {
    let mut out = String::from(
        "| provider | measure | baseline | SDK | SDK / baseline (wall) | per round | SDK / baseline (instructions) | target | met |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for provider in PROVIDERS {
        for m in &MEASURES {
            let group = format!("{}-{provider}", m.group);
            let side = |f: &str| -> BTreeMap<&str, f64> {
                estimates
                    .iter()
                    .filter(|e| e.group == group && e.function == f)
                    .map(|e| (e.round.as_str(), e.median_ns))
                    .collect()
            };
            let (sdk, base) = (side(m.sdk), side(m.baseline));
            let rounds: Vec<(f64, f64)> = sdk
                .iter()
                .filter_map(|(r, s)| base.get(r).map(|b| (*s, *b)))
                .collect();
            let ratios: Vec<f64> = rounds.iter().map(|(s, b)| s / b).collect();
            let wall = median(ratios.clone());
            let count = |g: &str, s: &str| {
                instructions?
                    .get(&(g.to_owned(), provider.to_owned(), s.to_owned()))
                    .copied()
            };
            let ir = count(m.group, m.sdk).zip(count(m.group, m.baseline));
            if wall.is_none() && ir.is_none() {
                continue;
            }
            let mut ir_text = ir.map_or_else(
                || "n/a".to_owned(),
                |(s, b)| format!("{:.3} ({:.1}k / {:.1}k)", s / b, s / 1e3, b / 1e3),
            );
            if m.group == "call-seq"
                && let Some((s, b)) =
                    count("call-seq-total", m.sdk).zip(count("call-seq-total", m.baseline))
            {
                let _ = write!(ir_text, "; with the server {:.3}", s / b);
            }
            if m.group == "call-seq"
                && let Some((s, b)) =
                    count("call-seq", m.sdk).zip(count("call-seq", "baseline-timeout"))
            {
                let _ = write!(ir_text, "; vs a baseline with a timeout {:.3}", s / b);
            }
            let wall_met = wall.map(|r| r <= m.target);
            let ir_met = ir.map(|(s, b)| s / b <= m.target);
            let met = match (wall_met, ir_met) {
                (Some(true) | None, Some(true)) | (Some(true), None) => "yes",
                (Some(false) | None, Some(false)) | (Some(false), None) => "**no**",
                (Some(true), Some(false)) => "**no** (instructions)",
                (Some(false), Some(true)) => "**no** (wall-clock)",
                (None, None) => "",
            };
            let time_or = |v: Option<f64>| v.map_or_else(String::new, time);
            let _ = writeln!(
                out,
                "| {provider} | {} | {} | {} | {} | {} | {ir_text} | ≤ {:.2} | {met} |",
                m.label,
                time_or(median(rounds.iter().map(|r| r.1).collect())),
                time_or(median(rounds.iter().map(|r| r.0).collect())),
                wall.map_or_else(|| "n/a".to_owned(), |r| format!("{r:.3}")),
                ratios
                    .iter()
                    .map(|r| format!("{r:.3}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                m.target,
            );
        }
    }
    out
}

/// Instructions per iteration of every probe case, by (group, provider, side), where group is
/// `call-seq` (the client's thread alone), `call-seq-total` (client and server threads),
/// `decode` (the whole iteration: the decode, the drop, and for `sdk` the client's executor) or
/// `decode-serde` (inside `serde_json::from_slice` only: the decode itself, wrappers included).
fn callgrind(root: &Path) -> Result<Counts, String> {
    if Command::new("valgrind").arg("--version").output().is_err() {
        return Err(
            "valgrind is not installed (apt-get install valgrind), or pass --no-callgrind".into(),
        );
    }
    run_cmd(cargo().args([
        "build",
        "--quiet",
        "--release",
        "-p",
        "payments-bench",
        "--bin",
        "payments-probe",
    ]))?;
    let probe = root.join("target/release/payments-probe");
    let out_dir = root.join("target/callgrind");
    let _ = fs::remove_dir_all(&out_dir);
    fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let cases: [(&str, &[&str]); 2] = [
        ("call-seq", &["sdk", "baseline", "baseline-timeout"]),
        ("decode", &["sdk", "entry", "plain"]),
    ];
    let mut counts = Counts::new();
    for provider in PROVIDERS {
        for (group, sides) in cases {
            for side in sides {
                if *side == "entry" && !matches!(provider, "barion" | "finline" | "payelata") {
                    continue;
                }
                let (n1, n2) = probe_iterations(group);
                let a = instructions(&probe, &out_dir, group, provider, side, n1)?;
                let b = instructions(&probe, &out_dir, group, provider, side, n2)?;
                #[allow(clippy::cast_precision_loss)]
                let per = |x: i128, y: i128| (y - x) as f64 / (n2 - n1) as f64;
                let key = |g: &str| (g.to_owned(), provider.to_owned(), (*side).to_owned());
                let (main, total) = (per(a.main, b.main), per(a.total, b.total));
                eprintln!(
                    "callgrind {group} {provider} {side}: {main:.0} instructions per iteration \
                     (all threads {total:.0})"
                );
                if group == "call-seq" {
                    counts.insert(key("call-seq"), main);
                    counts.insert(key("call-seq-total"), total);
                } else {
                    counts.insert(key("decode"), total);
                    if let (Some(x), Some(y)) = (a.serde, b.serde) {
                        counts.insert(key("decode-serde"), per(x, y));
                    }
                }
            }
        }
    }
    Ok(counts)
}

/// The instruction counts of one probe run.
struct Run {
    /// The main thread's (the client's; the whole run for a decode).
    main: i128,
    /// Every thread's.
    total: i128,
    /// Inside `serde_json::de::from_trait` (what `serde_json::from_slice` runs), inclusive.
    serde: Option<i128>,
}

/// Runs the probe under callgrind, one output file per thread.
fn instructions(
    probe: &Path,
    dir: &Path,
    group: &str,
    provider: &str,
    side: &str,
    iterations: u64,
) -> Result<Run, String> {
    let name = format!("{group}-{provider}-{side}-{iterations}.out");
    let file = dir.join(&name);
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--separate-threads=yes")
        .arg(format!("--callgrind-out-file={}", file.display()))
        .arg(probe)
        .args([group, provider, side, &iterations.to_string()])
        .output()
        .map_err(|e| format!("cannot start valgrind: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the probe failed under callgrind ({group} {provider} {side}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // callgrind names the file of thread N `<file>-0N`.
    let mut threads: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{name}-")))
        })
        .collect();
    threads.sort();
    let main_file = threads
        .first()
        .ok_or_else(|| format!("{}: no callgrind output", file.display()))?;
    let mut total = 0;
    for t in &threads {
        total += summary(t)?;
    }
    let main = summary(main_file)?;
    let serde = inclusive(main_file, "serde_json::de::from_trait");
    Ok(Run { main, total, serde })
}

/// The instruction total of one callgrind output file.
fn summary(file: &Path) -> Result<i128, String> {
    let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    text.lines()
        .find_map(|l| {
            l.strip_prefix("summary:")
                .or_else(|| l.strip_prefix("totals:"))
        })
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("{}: no instruction total", file.display()))
}

/// The inclusive instructions of `function` in `file` (outermost calls), per `callgrind_annotate`.
fn inclusive(file: &Path, function: &str) -> Option<i128> {
    let output = Command::new("callgrind_annotate")
        .arg("--inclusive=yes")
        .arg(file)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let needle = format!(":{function} [");
    text.lines()
        .find(|l| l.contains(&needle))
        .and_then(|l| l.split_whitespace().next()?.replace(',', "").parse().ok())
}

/// The load average (1, 5, 15 minutes), as `/proc/loadavg` says.
pub(crate) fn load() -> String {
    fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".into(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}
