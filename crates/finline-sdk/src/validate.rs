//! Documented limits, checked before anything is sent. Messages never echo secret values.

use std::borrow::Cow;

use payments_core::amount::significant_places;
use payments_core::{Decimal, InvalidRequest};

/// The longest `order_id`, in characters.
pub const ORDER_ID_MAX: usize = 32;
/// The longest `comment`, in characters.
pub const COMMENT_MAX: usize = 2048;
/// The longest `payload`, in characters.
pub const PAYLOAD_MAX: usize = 4000;
/// Decimal places an amount may have.
pub const AMOUNT_PLACES: u32 = 2;

type Field = Cow<'static, str>;

pub(crate) fn order_id(value: &str) -> Result<(), InvalidRequest> {
    non_empty("order_id", value)?;
    payments_core::validate::max_chars("order_id", value, ORDER_ID_MAX)
}

pub(crate) fn max_chars(
    field: impl Into<Field>,
    value: Option<&str>,
    max: usize,
) -> Result<(), InvalidRequest> {
    value.map_or(Ok(()), |v| {
        payments_core::validate::max_chars(field, v, max)
    })
}

pub(crate) fn comment(value: Option<&str>) -> Result<(), InvalidRequest> {
    max_chars("comment", value, COMMENT_MAX)
}

pub(crate) fn non_empty(field: impl Into<Field>, value: &str) -> Result<(), InvalidRequest> {
    if value.trim().is_empty() {
        return Err(InvalidRequest::new(field, "must not be empty"));
    }
    Ok(())
}

pub(crate) fn amount(field: impl Into<Field>, value: Decimal) -> Result<(), InvalidRequest> {
    if value <= Decimal::ZERO {
        return Err(InvalidRequest::new(
            field,
            format!("must be positive, got {value}"),
        ));
    }
    if significant_places(value) > AMOUNT_PLACES {
        return Err(InvalidRequest::new(
            field,
            format!("{value} has more than {AMOUNT_PLACES} decimal places"),
        ));
    }
    Ok(())
}

pub(crate) fn currency(field: impl Into<Field>, value: &str) -> Result<(), InvalidRequest> {
    if value.len() != 3 || !value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(InvalidRequest::new(
            field,
            format!("must be an ISO 4217 code of three upper-case letters, got `{value}`"),
        ));
    }
    Ok(())
}

pub(crate) fn url(field: impl Into<Field>, value: Option<&str>) -> Result<(), InvalidRequest> {
    match value {
        Some(v) if !(v.starts_with("https://") || v.starts_with("http://")) => {
            Err(InvalidRequest::new(field, "must be an http(s) URL"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert!(order_id(&"x".repeat(32)).is_ok());
        assert!(order_id(&"x".repeat(33)).is_err());
        assert!(order_id("").is_err());
        assert!(comment(Some(&"é".repeat(2048))).is_ok());
        assert!(comment(Some(&"é".repeat(2049))).is_err());
        assert!(amount("amount", Decimal::new(1050, 2)).is_ok());
        assert!(amount("amount", Decimal::new(10500, 3)).is_ok());
        assert!(amount("amount", Decimal::new(10505, 3)).is_err());
        assert!(amount("amount", Decimal::ZERO).is_err());
        assert!(amount("amount", Decimal::new(-1, 0)).is_err());
        assert!(currency("currency", "UAH").is_ok());
        assert!(currency("currency", "uah").is_err());
        assert_eq!(
            payments_core::validate::path_segment("a b/c-1"),
            "a%20b%2Fc-1"
        );
    }
}
