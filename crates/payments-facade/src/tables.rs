//! (Tests only, with `full`.) The crate docs' tables (`PROVIDERS.md`), generated from the code: the capabilities of every
//! provider and each gateway's wire-status mapping. The test fails when the file and the code
//! disagree; `UPDATE_PROVIDERS_MD=1 cargo test -p payments-facade --features full tables`
//! rewrites the file.

use std::fmt::Write as _;

use crate::Provider;
use crate::capability::{Operation, Support};

/// The providers' names as the tables write them.
fn title(provider: Provider) -> &'static str {
    match provider {
        Provider::Askell => "Askell",
        Provider::Barion => "Barion",
        Provider::Resid => "Resid",
        Provider::Finline => "Financial Line",
        Provider::Payelata => "Payelata",
    }
}

fn mark(support: Support) -> &'static str {
    if support.is_supported() { "✔" } else { "✘" }
}

/// The operations table: the matrix, the currencies, then each provider's how or why not.
pub(crate) fn capabilities_markdown() -> String {
    let mut md = String::new();
    md.push_str("# What each provider supports\n\n");
    md.push_str(
        "Every gateway implements every `Gateway` method; one its provider lacks fails with \
         `ErrorKind::Unsupported`, never a panic. `Gateway::capabilities()` (or \
         `Provider::capabilities()`) says the same as this table, which a test generates from \
         it.\n\n",
    );
    md.push_str("| operation |");
    for p in Provider::ALL {
        let _ = write!(md, " {} |", title(p));
    }
    md.push_str("\n|---|");
    md.push_str(&":-:|".repeat(Provider::ALL.len()));
    md.push('\n');
    for op in Operation::ALL {
        let _ = write!(md, "| {op} |");
        for p in Provider::ALL {
            let _ = write!(md, " {} |", mark(p.capabilities().support(op)));
        }
        md.push('\n');
    }
    md.push_str("| currencies |");
    for p in Provider::ALL {
        let _ = write!(md, " {} |", p.capabilities().currencies.join(", "));
    }
    md.push_str("\n\n");
    for p in Provider::ALL {
        let caps = p.capabilities();
        let _ = write!(
            md,
            "## {}\n\n| operation | | how, or why not |\n|---|:-:|---|\n",
            title(p)
        );
        for op in Operation::ALL {
            let support = caps.support(op);
            let _ = writeln!(md, "| {op} | {} | {} |", mark(support), support.note());
        }
        md.push('\n');
    }
    md
}

/// The status table of every provider.
pub(crate) fn statuses_markdown() -> String {
    use crate::gateways::{askell, barion, finline, payelata, resid};
    let mut md = String::new();
    md.push_str("# How each wire status maps\n\n");
    md.push_str(
        "Each gateway maps its provider's wire status to one `PaymentStatus` in a `match` with no wildcard arm, so a wire value the SDK adds is a compile error here, \
         not a silent default; a value the SDK itself does not know yet arrives as its \
         `Unknown(_)` and maps to `PaymentStatus::Unknown` with the wire text. A test generates \
         these tables from those functions.\n\n",
    );
    for (p, rows) in [
        (Provider::Askell, askell::status_rows()),
        (Provider::Barion, barion::status_rows()),
        (Provider::Resid, resid::status_rows()),
        (Provider::Finline, finline::status_rows()),
        (Provider::Payelata, payelata::status_rows()),
    ] {
        let _ = write!(
            md,
            "## {}\n\n| wire status | unified |\n|---|---|\n",
            title(p)
        );
        for (wire, unified) in rows {
            let _ = writeln!(md, "| {wire} | {unified} |");
        }
        md.push('\n');
    }
    md.pop();
    md
}

mod tests {
    use super::*;

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/PROVIDERS.md");

    #[test]
    fn the_docs_tables_are_the_code() {
        let generated = format!("{}{}", capabilities_markdown(), statuses_markdown());
        if std::env::var_os("UPDATE_PROVIDERS_MD").is_some() {
            std::fs::write(PATH, &generated).unwrap();
        }
        let docs = std::fs::read_to_string(PATH).unwrap();
        assert!(
            docs == generated,
            "PROVIDERS.md is not what the code says; rerun with UPDATE_PROVIDERS_MD=1 and review \
             the diff"
        );
        // And the crate docs include that very file.
        assert_eq!(crate::PROVIDERS_MD, docs);
    }
}
