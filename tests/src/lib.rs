//! End-to-end checks across the provider crates: the sandbox tour behind the README's first
//! command, tests of every SDK and the facade against the sandbox, the fault matrix against a
//! hostile local server, leak and property tests, and benchmarks.
#![deny(missing_docs)]

pub mod fault;
pub mod flows;
pub mod quick;
pub mod shop;
pub mod tour;

/// A recorded provider answer from `fixtures/`, by its path under that folder.
///
/// # Panics
/// When the file is missing: a test's own fixture is part of the repository.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The README's examples, compiled as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
