//! `cargo xtask build-times [--keep]`
//!
//! Clean debug builds, one after another in the same run, each in a fresh target directory:
//!
//! 1. `floor`: what a hand-written client needs at least: reqwest with the workspace's TLS
//!    features (`default-features = false`, `rustls-no-provider`) plus rustls with ring and
//!    rustls-platform-verifier (as payments-core configures them), serde, serde_json and tokio,
//!    making one call;
//! 2. one program per provider crate alone (`askell-sdk`, ...), making one call;
//! 3. one program on `payments-facade` with `full`, making one call through a `Gateway`;
//! 4. `floor` again: the floor is the mean of its two builds, so that a change of load during
//!    the run falls on both ends.
//!
//! Each program is generated under `target/build-times/<name>/` (its own `[workspace]`, path
//! dependencies on the workspace crates, the workspace's `Cargo.lock` copied in so that every
//! version matches) and built with `cargo build` and the default dev profile, as a user of the
//! crates would build it. Prints each build's wall-clock time and its ratio to the floor, and
//! the load average before and after. A program that does not build (the facade while it is
//! being written) is reported as pending with the first error. `--keep` keeps the target
//! directories (they are removed after each build otherwise).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::bench::load;
use crate::root;

const TOKIO: &str = r#"tokio = { version = "1", features = ["rt-multi-thread", "macros"] }"#;

/// A generated program: its name, its dependencies (Cargo.toml lines) and its `main.rs`.
struct Program {
    name: &'static str,
    label: &'static str,
    deps: String,
    main: &'static str,
    target: Option<f64>,
}

fn programs(crates: &Path) -> Vec<Program> {
    let path = |krate: &str| crates.join(krate).display().to_string();
    let sdk = |krate: &str| format!("{krate} = {{ path = {:?} }}\n{TOKIO}\n", path(krate));
    vec![
        Program {
            name: "floor",
            label: "floor: reqwest + rustls/ring + serde + serde_json + tokio",
            deps: format!(
                "reqwest = {{ version = \"0.13\", default-features = false, features = [\"rustls-no-provider\"] }}\n\
                 rustls = {{ version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\", \"logging\"] }}\n\
                 rustls-platform-verifier = \"0.6\"\n\
                 serde = {{ version = \"1\", features = [\"derive\"] }}\n\
                 serde_json = \"1\"\n\
                 {TOKIO}\n"
            ),
            main: FLOOR_MAIN,
            target: None,
        },
        Program {
            name: "askell",
            label: "askell-sdk alone",
            deps: sdk("askell-sdk"),
            main: ASKELL_MAIN,
            target: Some(1.15),
        },
        Program {
            name: "barion",
            label: "barion-sdk alone",
            deps: sdk("barion-sdk"),
            main: BARION_MAIN,
            target: Some(1.15),
        },
        Program {
            name: "resid",
            label: "resid-sdk alone",
            deps: sdk("resid-sdk"),
            main: RESID_MAIN,
            target: Some(1.15),
        },
        Program {
            name: "finline",
            label: "finline-sdk alone",
            deps: sdk("finline-sdk"),
            main: FINLINE_MAIN,
            target: Some(1.15),
        },
        Program {
            name: "payelata",
            label: "payelata-sdk alone",
            deps: sdk("payelata-sdk"),
            main: PAYELATA_MAIN,
            target: Some(1.15),
        },
        Program {
            name: "facade",
            label: "payments-facade, features = [\"full\"]",
            deps: format!(
                "payments-facade = {{ path = {:?}, features = [\"full\"] }}\n{TOKIO}\n",
                path("payments-facade")
            ),
            main: FACADE_MAIN,
            target: Some(1.35),
        },
    ]
}

/// Runs the task.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let keep = match args {
        [] => false,
        [a] if a == "--keep" => true,
        _ => return Err("usage: cargo xtask build-times [--keep]".into()),
    };
    let root = root();
    let base = root.join("target/build-times");
    let lock = fs::read(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let programs = programs(&root.join("crates"));
    let load_before = load();
    let started = Instant::now();
    // The floor first and last; the others in between.
    let order: Vec<usize> = std::iter::once(0)
        .chain(1..programs.len())
        .chain(std::iter::once(0))
        .collect();
    let mut results: Vec<(usize, Result<f64, String>)> = Vec::new();
    for &i in &order {
        let p = &programs[i];
        let dir = base.join(p.name);
        generate(&dir, p, &lock)?;
        let target = dir.join("target");
        let _ = fs::remove_dir_all(&target);
        eprintln!("build-times: {} ...", p.name);
        let start = Instant::now();
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .arg("build")
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("cannot start cargo: {e}"))?;
        let secs = start.elapsed().as_secs_f64();
        let log = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
        let _ = fs::write(dir.join("build.log"), &log);
        if !keep {
            let _ = fs::remove_dir_all(&target);
        }
        if output.status.success() {
            eprintln!("build-times: {}: {secs:.1} s", p.name);
            results.push((i, Ok(secs)));
        } else {
            let text = String::from_utf8_lossy(&output.stderr);
            let first = text
                .lines()
                .skip_while(|l| !l.starts_with("error"))
                .take(6)
                .collect::<Vec<_>>()
                .join("\n    ");
            eprintln!("build-times: {}: does not build", p.name);
            if i == 0 {
                return Err(format!("the floor does not build:\n    {first}"));
            }
            results.push((i, Err(first)));
        }
    }
    let floors: Vec<f64> = results
        .iter()
        .filter(|(i, _)| *i == 0)
        .filter_map(|(_, r)| r.as_ref().ok().copied())
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let floor = floors.iter().sum::<f64>() / floors.len() as f64;
    let mut out = String::from(
        "| build (clean, debug) | time | ratio to the floor | target | met |\n|---|---|---|---|---|\n",
    );
    let floor_runs = floors
        .iter()
        .map(|s| format!("{s:.1} s"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "| {} | {floor:.1} s (mean of {floor_runs}) | 1.00 | | |",
        programs[0].label
    );
    for (i, result) in results.iter().filter(|(i, _)| *i != 0) {
        let p = &programs[*i];
        let target = p.target.map_or_else(String::new, |t| format!("≤ {t:.2}"));
        match result {
            Ok(secs) => {
                let ratio = secs / floor;
                let met = p
                    .target
                    .map_or("", |t| if ratio <= t { "yes" } else { "**no**" });
                let _ = writeln!(
                    out,
                    "| {} | {secs:.1} s | {ratio:.2} | {target} | {met} |",
                    p.label
                );
            }
            Err(_) => {
                let _ = writeln!(
                    out,
                    "| {} | pending: does not build yet | | {target} | |",
                    p.label
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\nMachine: {} cores; load average before {load_before}, after {}; the whole run took {:.0} s.",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        load(),
        started.elapsed().as_secs_f64()
    );
    for (i, result) in &results {
        if let Err(first) = result {
            let _ = writeln!(out, "\n{} does not build:\n    {first}", programs[*i].name);
        }
    }
    print!("{out}");
    let path = base.join("build-times.md");
    fs::write(&path, &out).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("written to {}", path.display());
    Ok(())
}

/// Writes the program's `Cargo.toml`, `src/main.rs` and the workspace's `Cargo.lock`.
fn generate(dir: &Path, p: &Program, lock: &[u8]) -> Result<(), String> {
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    fs::create_dir_all(dir.join("src")).map_err(io)?;
    let manifest = format!(
        "# Generated by `cargo xtask build-times`: a one-call program, built from clean.\n\
         [package]\nname = \"build-times-{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{}\n\
         # Not a member of the payments workspace above this directory.\n[workspace]\n",
        p.name, p.deps
    );
    fs::write(dir.join("Cargo.toml"), manifest).map_err(io)?;
    fs::write(dir.join("src/main.rs"), p.main).map_err(io)?;
    fs::write(dir.join("Cargo.lock"), lock).map_err(io)?;
    Ok(())
}

const FLOOR_MAIN: &str = r#"//! One call, hand-written: reqwest over rustls (ring, platform verifier), serde_json.
use std::sync::Arc;

use rustls_platform_verifier::BuilderVerifierExt;

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Payment {
    id: String,
    amount: Option<f64>,
    status: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9/payments/1".into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth();
    let client = reqwest::Client::builder().tls_backend_preconfigured(tls).build()?;
    let body = client.get(&url).header("authorization", "key").send().await?.bytes().await?;
    let payment: Payment = serde_json::from_slice(&body)?;
    println!("{payment:?}");
    Ok(())
}
"#;

const ASKELL_MAIN: &str = r#"//! One call on askell-sdk.
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let client = askell_sdk::Client::builder(askell_sdk::Credentials::new("abcdef.abcdefgh1234567890"))
        .base_url(base)
        .build()?;
    let payment = client.payment("a19ca264-5dd4-4897-bcb8-47d84844a2bc".parse()?).await?;
    println!("{payment:?}");
    Ok(())
}
"#;

const BARION_MAIN: &str = r#"//! One call on barion-sdk.
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let pos_key = barion_sdk::SecretString::from("999FFDDA-04FF-333F-CCCC-345FCB555FFC");
    let client = barion_sdk::Client::builder(barion_sdk::Credentials { pos_key })
        .base_url(base)
        .build()?;
    let id = barion_sdk::parse_id("f28b2b2572644d1084bbb3a7d8362337").ok_or("a payment id")?;
    let state = client.payment_state(id).await?;
    println!("{state:?}");
    Ok(())
}
"#;

const RESID_MAIN: &str = r#"//! One call on resid-sdk.
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let client = resid_sdk::Client::builder(resid_sdk::Credentials::new("abc123"))
        .base_url(base)
        .build()?;
    let payment = client.payment("AsF42Sg53").await?;
    println!("{payment:?}");
    Ok(())
}
"#;

const FINLINE_MAIN: &str = r#"//! One call on finline-sdk.
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let client = finline_sdk::Client::builder(finline_sdk::Credentials {
        pos_id: "dc728de1-51ef-4ef1-80f7-3b44b07b5667".parse()?,
        api_key: finline_sdk::SecretString::from("API_KEY"),
        api_secret: finline_sdk::SecretString::from("API_SECRET"),
        endpoints_key: finline_sdk::SecretString::from("ENDPOINTS_KEY"),
    })
    .base_url(base)
    .build()?;
    let order = client.order_status("123").await?;
    println!("{order:?}");
    Ok(())
}
"#;

const PAYELATA_MAIN: &str = r#"//! One call on payelata-sdk.
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let credentials = payelata_sdk::Credentials::new(
        "coma_123",
        payelata_sdk::SecretString::from("my-api-key"),
    );
    let client = payelata_sdk::Client::builder(base, credentials).build()?;
    let invoice = client.payment_invoice("cpi_ADzwZTG99f3q3utQ").await?;
    println!("{invoice:?}");
    Ok(())
}
"#;

const FACADE_MAIN: &str = r#"//! One call on payments-facade (every provider): a Gateway picked from the environment.
#[allow(unused_imports)]
use payments_facade::{Gateway, GatewayConfig, PaymentId};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = GatewayConfig::from_env()?.build()?;
    let payment = gateway.payment(&PaymentId::from("f28b2b2572644d1084bbb3a7d8362337")).await?;
    println!("{payment:?}");
    Ok(())
}
"#;
