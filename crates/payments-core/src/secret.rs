//! Secrets: API keys, POS keys, webhook secrets, card data.
//!
//! Every secret is a [`SecretString`]: its `Debug` prints `SecretBox<str>([REDACTED])` and it has
//! no `Display`. Types that hold one implement `Debug` by hand, printing [`REDACTED`] in its place.
//! Headers carrying a secret are marked sensitive, so `http::HeaderMap`'s `Debug` prints
//! `Sensitive`.

pub use secrecy::{ExposeSecret, SecretString};

/// What `Debug` prints in place of a secret.
pub const REDACTED: &str = "*** redacted ***";

/// A `Debug` stand-in for a secret field: `f.field("api_key", &Redacted)`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}

/// `Debug` for an optional secret: `Some(*** redacted ***)` or `None`, never the value.
pub fn redact_option<T>(value: Option<&T>) -> Option<Redacted> {
    value.map(|_| Redacted)
}
