//! Masking secrets in the bodies an error keeps or prints: the one place it happens.
//!
//! A provider may echo the request back: in an error (`AuthData` holding the POSKey), in a
//! validation message quoting a card number, or in an answer that fails to decode. Every body
//! an [`Error`](crate::Error) keeps (the raw body of an [`ApiError`](crate::ApiError), the
//! excerpt of a [`DecodeError`](crate::DecodeError)) and every envelope decoded from an error
//! answer passes through a [`Scrubber`] first, which masks:
//!
//! - each secret value the client sent (auth headers, secret query parameters such as Barion's
//!   legacy `POSKey`, secret body fields such as card data), as raw bytes, JSON-escaped
//!   (`\"`, `\/`, `\uXXXX`) and form-encoded, in any body, valid UTF-8 or not;
//! - the value of every JSON member whose name the provider crate lists as secret (for example
//!   a webhook's `hmac_secret` that Askell generates and the client never sent).
//!
//! Scrubbing runs only on the error path: a body that decodes is never scanned.

use std::borrow::Cow;
use std::sync::Arc;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use secrecy::{ExposeSecret, SecretString};

use crate::secret::REDACTED;

/// Secret values and secret field names to mask; cheap to clone.
#[derive(Clone, Default)]
pub struct Scrubber {
    patterns: Arc<Vec<Vec<u8>>>,
    fields: &'static [&'static str],
    extra: Vec<Vec<u8>>,
}

impl std::fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scrubber")
            .field("secrets", &(self.patterns.len() + self.extra.len()))
            .field("fields", &self.fields)
            .finish()
    }
}

impl Scrubber {
    /// A scrubber masking `secrets` (every spelling of each) and the values of JSON members
    /// named in `fields`.
    pub fn new<'a>(
        secrets: impl IntoIterator<Item = &'a SecretString>,
        fields: &'static [&'static str],
    ) -> Self {
        let mut patterns = Vec::new();
        for s in secrets {
            push_spellings(&mut patterns, s.expose_secret());
        }
        Self {
            patterns: Arc::new(patterns),
            fields,
            extra: Vec::new(),
        }
    }

    /// This scrubber plus `secrets` (one request's own secret fields).
    pub(crate) fn with<'a>(&self, secrets: impl IntoIterator<Item = &'a SecretString>) -> Self {
        let mut out = self.clone();
        for s in secrets {
            push_spellings(&mut out.extra, s.expose_secret());
        }
        out
    }

    /// `body` with every secret masked; borrowed when there was nothing to mask.
    pub fn scrub<'b>(&self, body: &'b [u8]) -> Cow<'b, [u8]> {
        let mut out = Cow::Borrowed(body);
        for p in self.patterns.iter().chain(&self.extra) {
            if let Some(replaced) = replace_all(&out, p, REDACTED.as_bytes()) {
                out = Cow::Owned(replaced);
            }
        }
        for field in self.fields {
            if let Some(replaced) = mask_json_member(&out, field) {
                out = Cow::Owned(replaced);
            }
        }
        out
    }
}

/// The spellings of `secret` a provider may echo it in: raw, JSON-escaped (with and without
/// `\/`), and percent-encoded as a form or a URL would carry it. Longest first, so a longer
/// spelling is masked before a shorter one inside it.
fn push_spellings(out: &mut Vec<Vec<u8>>, secret: &str) {
    if secret.is_empty() {
        return;
    }
    let mut forms = vec![secret.to_owned()];
    if let Ok(quoted) = serde_json::to_string(secret) {
        let escaped = &quoted[1..quoted.len() - 1];
        forms.push(escaped.to_owned());
        forms.push(escaped.replace('/', "\\/"));
        // `\uXXXX` escapes some encoders write for every non-ASCII character.
        for upper in [false, true] {
            let ascii: String = escaped
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        return c.to_string();
                    }
                    let mut buf = [0u16; 2];
                    c.encode_utf16(&mut buf)
                        .iter()
                        .map(|u| {
                            if upper {
                                format!("\\u{u:04X}")
                            } else {
                                format!("\\u{u:04x}")
                            }
                        })
                        .collect()
                })
                .collect();
            forms.push(ascii.replace('/', "\\/"));
            forms.push(ascii);
        }
    }
    forms.push(utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string());
    // application/x-www-form-urlencoded leaves `*-._` as they are and writes a space as `+`.
    if let Ok(form) = serde_urlencoded::to_string([("", secret)]) {
        forms.push(form.trim_start_matches('=').to_owned());
    }
    forms.push(
        utf8_percent_encode(secret, NON_ALPHANUMERIC)
            .to_string()
            .replace("%20", "+"),
    );
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    for f in forms {
        let bytes = f.into_bytes();
        if !out.contains(&bytes) {
            out.push(bytes);
        }
    }
}

/// `haystack` with every `needle` replaced, or `None` when there was none.
fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Option<Vec<u8>> {
    let first = find(haystack, needle, 0)?;
    let mut out = Vec::with_capacity(haystack.len());
    out.extend_from_slice(&haystack[..first]);
    out.extend_from_slice(with);
    let mut at = first + needle.len();
    while let Some(next) = find(haystack, needle, at) {
        out.extend_from_slice(&haystack[at..next]);
        out.extend_from_slice(with);
        at = next + needle.len();
    }
    out.extend_from_slice(&haystack[at..]);
    Some(out)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < from + needle.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Masks the value of every JSON member named `field` (a string or a scalar), or `None` when
/// the body has no such member. Works on broken JSON too: it looks for `"field"` `:` value.
fn mask_json_member(body: &[u8], field: &str) -> Option<Vec<u8>> {
    let key = format!("\"{field}\"");
    let key = key.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(k) = find(body, key, at) {
        at = k + key.len();
        let mut i = skip_ws(body, at);
        if body.get(i) != Some(&b':') {
            continue;
        }
        i = skip_ws(body, i + 1);
        let (start, end) = match body.get(i) {
            Some(b'"') => (i + 1, string_end(body, i + 1)),
            Some(b'{' | b'[') | None => continue,
            Some(_) => (i, scalar_end(body, i)),
        };
        if start == end {
            continue;
        }
        let buf = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
        buf.extend_from_slice(&body[copied..start]);
        buf.extend_from_slice(REDACTED.as_bytes());
        copied = end;
        at = end;
    }
    let mut buf = out?;
    buf.extend_from_slice(&body[copied..]);
    Some(buf)
}

fn skip_ws(body: &[u8], mut i: usize) -> usize {
    while body.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The index of the closing quote of a JSON string starting at `i` (or the end of the body).
fn string_end(body: &[u8], mut i: usize) -> usize {
    while let Some(&b) = body.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    body.len()
}

fn scalar_end(body: &[u8], mut i: usize) -> usize {
    while body
        .get(i)
        .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
    {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(c: Cow<'_, [u8]>) -> String {
        String::from_utf8(c.into_owned())
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    #[test]
    fn every_spelling_of_a_secret_is_masked_even_in_a_non_utf8_body() {
        let key = SecretString::from("sk/live\"é 1");
        let s = Scrubber::new([&key], &[]);
        let bodies: [&[u8]; 6] = [
            b"raw sk/live\"\xc3\xa9 1 end",
            br#"{"echo":"sk/live\"\u00e9 1"}"#,
            br#"{"echo":"sk\/live\"\u00e9 1"}"#,
            b"form=sk%2Flive%22%C3%A9+1&x",
            b"q=sk%2Flive%22%C3%A9+1",
            b"\xff\xfe binary sk/live\"\xc3\xa9 1 \xff",
        ];
        for body in bodies {
            let out = text(s.scrub(body));
            assert!(out.contains(REDACTED), "{out}");
            assert!(!out.contains("live"), "{out}");
        }
        assert!(matches!(s.scrub(b"nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn values_of_secret_fields_are_masked_whatever_their_type() {
        let s = Scrubber::new([], &["hmac_secret", "cvv"]);
        let out = text(s.scrub(
            br#"{"url":"x","hmac_secret" : "a\"b","cvv":123,"nested":{"cvv":"9"},"hmac_secret":{}}"#,
        ));
        assert_eq!(
            out,
            r#"{"url":"x","hmac_secret" : "*** redacted ***","cvv":*** redacted ***,"nested":{"cvv":"*** redacted ***"},"hmac_secret":{}}"#
        );
        // A truncated body still has the value masked.
        let out = text(s.scrub(br#"{"hmac_secret":"abcdef"#));
        assert_eq!(out, r#"{"hmac_secret":"*** redacted ***"#);
    }

    #[test]
    fn request_secrets_add_to_the_client_ones() {
        let key = SecretString::from("client-key");
        let card = SecretString::from("4111111111111111");
        let s = Scrubber::new([&key], &[]).with([&card]);
        let out = text(s.scrub(b"client-key 4111111111111111"));
        assert_eq!(out, format!("{REDACTED} {REDACTED}"));
    }
}
