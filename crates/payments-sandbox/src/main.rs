//! `payments-sandbox serve`: the five emulated providers on one port, for test suites in any
//! language. Prints each provider's base URL and credentials at start; stops on Ctrl-C.

use std::net::IpAddr;
use std::process::ExitCode;
use std::time::Duration;

use payments_sandbox::Sandbox;

const USAGE: &str = "\
Usage: payments-sandbox serve [options]

A local emulator of Askell, Barion, Resid, Financial Line and Payelata.

Options:
  --port <port>            port to listen on (default 4010; 0 picks a free one)
  --host <ip>              address to listen on (default 127.0.0.1)
  --public-url <url>       root URL written into payer-page links (default http://<host>:<port>)
  --slow-answer-ms <ms>    delay of the slow-answer scenario (default 10000)
  --processing-ms <ms>     delay of asynchronous settlements (default 200)
  --quiet                  do not log each request to standard error
  -h, --help               print this help
  -V, --version            print the version
";

struct Options {
    port: u16,
    host: IpAddr,
    public_url: Option<String>,
    slow: Option<Duration>,
    processing: Option<Duration>,
    quiet: bool,
}

fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options {
        port: 4010,
        host: IpAddr::from([127, 0, 0, 1]),
        public_url: None,
        slow: None,
        processing: None,
        quiet: false,
    };
    let mut iter = args.iter();
    match iter.next().map(String::as_str) {
        Some("serve") => {}
        Some("-h" | "--help") | None => return Ok(None),
        Some("-V" | "--version") => {
            println!("payments-sandbox {}", env!("CARGO_PKG_VERSION"));
            return Err(String::new());
        }
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| iter.next().cloned())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let millis = |name: &str, v: String| {
            v.parse::<u64>()
                .map(Duration::from_millis)
                .map_err(|_| format!("{name} takes a whole number of milliseconds, not `{v}`"))
        };
        match flag {
            "--port" => {
                let v = value("--port")?;
                options.port = v
                    .parse()
                    .map_err(|_| format!("--port takes a port number, not `{v}`"))?;
            }
            "--host" => {
                let v = value("--host")?;
                options.host = v
                    .parse()
                    .map_err(|_| format!("--host takes an IP address, not `{v}`"))?;
            }
            "--public-url" => options.public_url = Some(value("--public-url")?),
            "--slow-answer-ms" => {
                options.slow = Some(millis("--slow-answer-ms", value("--slow-answer-ms")?)?);
            }
            "--processing-ms" => {
                options.processing = Some(millis("--processing-ms", value("--processing-ms")?)?);
            }
            "--quiet" => options.quiet = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(Some(options))
}

fn banner(sandbox: &Sandbox) -> String {
    let askell = sandbox.askell();
    let barion = sandbox.barion();
    let resid = sandbox.resid();
    let finline = sandbox.finline();
    let payelata = sandbox.payelata();
    let url = sandbox.url();
    format!(
        "payments-sandbox listening on {url}\n\n\
         Askell          base_url       {}\n\
         \x20               api_key        {}\n\
         \x20               public_key     {}\n\
         \x20               webhook_secret {} (SHA512)\n\
         Barion          base_url       {}\n\
         \x20               pos_key        {}\n\
         Resid           base_url       {}\n\
         \x20               authorization  {}\n\
         Financial Line  base_url       {}\n\
         \x20               pos_id         {}\n\
         \x20               api_key        {}\n\
         \x20               api_secret     {}\n\
         \x20               endpoints_key  {}\n\
         Payelata        base_url       {}\n\
         \x20               cardgate_url   {}\n\
         \x20               account_id     {}\n\
         \x20               api_key        {}\n\
         \x20               test_secret    {}\n\
         \x20               live_secret    {}\n\n\
         Admin: GET {url}/admin/config, GET {url}/admin/clock, POST {url}/admin/clock/advance,\n\
         \x20      GET {url}/admin/webhooks, POST {url}/admin/faults\n\
         Press Ctrl-C to stop.",
        askell.base_url,
        askell.api_key,
        askell.public_key,
        askell.webhook_secret,
        barion.base_url,
        barion.pos_key,
        resid.base_url,
        resid.authorization_code,
        finline.base_url,
        finline.pos_id,
        finline.api_key,
        finline.api_secret,
        finline.endpoints_key,
        payelata.base_url,
        payelata.cardgate_url,
        payelata.account_id,
        payelata.api_key,
        payelata.test_secret,
        payelata.live_secret,
    )
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) if e.is_empty() => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut builder = Sandbox::builder()
        .host(options.host)
        .port(options.port)
        .log_requests(!options.quiet);
    if let Some(url) = options.public_url {
        builder = builder.public_url(url);
    }
    if let Some(d) = options.slow {
        builder = builder.slow_answer_delay(d);
    }
    if let Some(d) = options.processing {
        builder = builder.processing_delay(d);
    }
    let sandbox = match builder.start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", banner(&sandbox));
    sandbox
        .serve_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_the_documented_options() {
        let o = parse(&args(&[
            "serve",
            "--port",
            "0",
            "--host=0.0.0.0",
            "--slow-answer-ms",
            "1500",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(o.port, 0);
        assert!(o.host.is_unspecified());
        assert_eq!(o.slow, Some(Duration::from_millis(1500)));
        assert!(parse(&args(&["serve", "--port", "x"])).is_err());
        assert!(parse(&args(&["serve", "--bogus"])).is_err());
        assert!(parse(&args(&["launch"])).is_err());
        assert!(parse(&args(&["--help"])).unwrap().is_none());
        let o = parse(&args(&["serve"])).unwrap().unwrap();
        assert_eq!(o.port, 4010);
        assert!(!o.quiet);
    }
}
