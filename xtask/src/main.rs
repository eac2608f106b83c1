//! `cargo xtask <task>`: the workspace's chores.
//!
//! - `snapshots`: run the tests and accept every insta snapshot they produce.
//! - `fixtures`: check every file under `fixtures/` is valid JSON and used by at least one test.
//! - `bench`: run the benchmarks (`cargo bench -p payments-bench`) and print the table of
//!   ratios, SDK / hand-written baseline, from criterion's estimates, with instruction counts
//!   under callgrind as a second figure (see `bench.rs`).
//! - `build-times`: clean debug builds of a floor crate (reqwest + rustls/ring + serde +
//!   serde_json + tokio, one call), a one-call program on each provider crate alone and on the
//!   facade with `full`, each as a ratio to the floor (see `build_times.rs`).
//! - `faults [--readme]`: run the fault-injection suite (`tests/tests/faults.rs`) and print the
//!   matrix it checked; `--readme` also writes it into README.md between its markers.
//! - `readme`: copy the latest generated tables (`target/fault-matrix.md`,
//!   `target/bench-ratios.md`, `target/build-times/build-times.md`) into README.md.
//! - `ci`: what CI runs (`.ci/run`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;
mod build_times;

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "snapshots" => snapshots(),
        "fixtures" => fixtures(),
        "bench" => bench::run(&std::env::args().skip(2).collect::<Vec<_>>()),
        "build-times" => build_times::run(&std::env::args().skip(2).collect::<Vec<_>>()),
        "faults" => faults(&std::env::args().skip(2).collect::<Vec<_>>()),
        "readme" => readme(),
        "ci" => run(Command::new("bash").arg(root().join(".ci/run"))),
        _ => Err(format!(
            "usage: cargo xtask <snapshots|fixtures|bench|build-times|faults|readme|ci> (got `{task}`)"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

pub(crate) fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

pub(crate) fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed with {status}"))
    }
}

/// Runs the whole test suite with insta accepting every new or changed snapshot.
fn snapshots() -> Result<(), String> {
    run(cargo()
        .args(["test", "--workspace", "--all-features", "--no-fail-fast"])
        .env("INSTA_UPDATE", "always")
        .env("INSTA_FORCE_PASS", "1"))?;
    eprintln!("snapshots written; review them with `git diff`");
    Ok(())
}

/// Runs the fault matrix and prints the table the suite wrote; `--readme` puts it in README.md.
fn faults(args: &[String]) -> Result<(), String> {
    let readme = match args {
        [] => false,
        [flag] if flag == "--readme" => true,
        _ => {
            return Err(format!(
                "usage: cargo xtask faults [--readme] (got {args:?})"
            ));
        }
    };
    let table_path = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), PathBuf::from)
        .join("fault-matrix.md");
    let _ = fs::remove_file(&table_path);
    run(cargo().args(["test", "--package", "payments-e2e", "--test", "faults"]))?;
    let table = fs::read_to_string(&table_path)
        .map_err(|e| format!("the suite wrote no table at {}: {e}", table_path.display()))?;
    println!("{table}");
    if readme {
        replace_block(
            &root().join("README.md"),
            "<!-- BEGIN fault matrix",
            "<!-- END fault matrix -->",
            &table,
        )?;
        eprintln!("README.md: fault matrix updated");
    }
    Ok(())
}

/// Copies each generated table found under `target/` into its block of README.md.
fn readme() -> Result<(), String> {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let blocks = [
        (
            "fault-matrix.md",
            "<!-- BEGIN fault matrix",
            "<!-- END fault matrix -->",
        ),
        (
            "bench-ratios.md",
            "<!-- BEGIN benchmarks",
            "<!-- END benchmarks -->",
        ),
        (
            "build-times/build-times.md",
            "<!-- BEGIN build times",
            "<!-- END build times -->",
        ),
    ];
    for (file, begin, end) in blocks {
        match fs::read_to_string(target.join(file)) {
            Ok(table) => {
                replace_block(&root().join("README.md"), begin, end, &table)?;
                eprintln!("README.md: {file} copied");
            }
            Err(e) => eprintln!("README.md: {file} left as it is ({e})"),
        }
    }
    Ok(())
}

/// Replaces what lies between the line starting with `begin` and the line `end` in `path`.
pub(crate) fn replace_block(path: &Path, begin: &str, end: &str, body: &str) -> Result<(), String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let start = text
        .find(begin)
        .and_then(|i| text[i..].find('\n').map(|j| i + j + 1))
        .ok_or_else(|| format!("{}: no `{begin}` marker", path.display()))?;
    let stop = text[start..]
        .find(end)
        .map(|j| start + j)
        .ok_or_else(|| format!("{}: no `{end}` marker", path.display()))?;
    let mut out = String::with_capacity(text.len() + body.len());
    out.push_str(&text[..start]);
    out.push_str(body.trim_end());
    out.push('\n');
    out.push_str(&text[stop..]);
    fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every fixture parses as JSON and its path (relative to `fixtures/`) appears in some test.
fn fixtures() -> Result<(), String> {
    let root = root();
    let mut fixtures = Vec::new();
    walk(&root.join("fixtures"), &mut fixtures);
    let mut sources = Vec::new();
    for dir in ["crates", "tests"] {
        walk(&root.join(dir), &mut sources);
    }
    let code: String = sources
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect();
    let mut problems = Vec::new();
    for f in &fixtures {
        let rel = f
            .strip_prefix(root.join("fixtures"))
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        if f.extension().is_some_and(|e| e == "json") {
            let text = fs::read_to_string(f).unwrap_or_default();
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                problems.push(format!("{rel}: not valid JSON: {e}"));
            }
        }
        if !code.contains(&rel) {
            problems.push(format!("{rel}: no test uses it"));
        }
    }
    if problems.is_empty() {
        eprintln!("{} fixtures, all valid and used", fixtures.len());
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

pub(crate) fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name()
                .is_some_and(|n| n == "target" || n == "snapshots")
            {
                continue;
            }
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}
