//! Checks every provider crate runs on a request before sending it.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::InvalidRequest;

/// Fails when `value` is longer than `max` characters (characters, not bytes: providers count
/// `ö` and `æ` as one).
pub fn max_chars(
    field: impl Into<Cow<'static, str>>,
    value: &str,
    max: usize,
) -> Result<(), InvalidRequest> {
    let len = value.chars().count();
    if len > max {
        return Err(InvalidRequest::new(
            field,
            format!("is {len} characters long; at most {max} are allowed"),
        ));
    }
    Ok(())
}

/// What a path segment leaves as is: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` as one URL path segment (a merchant's free-text id can hold `/`,
/// spaces or non-ASCII).
pub fn path_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(max_chars("name", &"ö".repeat(4), 4).is_ok());
        let e = max_chars("name", "abcde", 4).unwrap_err();
        assert_eq!(e.field, "name");
        assert_eq!(e.reason, "is 5 characters long; at most 4 are allowed");
    }

    #[test]
    fn segments_keep_unreserved_characters_and_encode_the_rest() {
        assert_eq!(path_segment("cust-1_a.b~c"), "cust-1_a.b~c");
        assert_eq!(path_segment("cust 2/ö?"), "cust%202%2F%C3%B6%3F");
    }
}
