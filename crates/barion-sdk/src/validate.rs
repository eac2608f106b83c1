//! Local checks of Barion's documented limits, run before anything is sent.

use std::borrow::Cow;

use payments_core::amount::significant_places;
use payments_core::{Decimal, InvalidRequest};

use crate::model::enums::CurrencyCode;

pub(crate) type Check = Result<(), InvalidRequest>;

pub(crate) fn fail(
    field: impl Into<Cow<'static, str>>,
    reason: impl Into<String>,
) -> InvalidRequest {
    InvalidRequest::new(field, reason)
}

/// `value` must not be blank.
pub(crate) fn required(field: impl Into<Cow<'static, str>>, value: &str) -> Check {
    if value.trim().is_empty() {
        return Err(fail(field, "is required and must not be empty"));
    }
    Ok(())
}

/// `value` must have at most `max` characters.
pub(crate) use payments_core::validate::max_chars;

/// Like [`max_chars`] for an optional value.
pub(crate) fn opt_max_chars(
    field: impl Into<Cow<'static, str>>,
    value: Option<&str>,
    max: usize,
) -> Check {
    value.map_or(Ok(()), |v| max_chars(field, v, max))
}

/// Required and at most `max` characters.
pub(crate) fn required_max(field: &str, value: &str, max: usize) -> Check {
    required(field.to_owned(), value)?;
    max_chars(field.to_owned(), value, max)
}

/// Whether zero is allowed in an amount.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sign {
    /// Greater than zero.
    Positive,
    /// Zero or more.
    NonNegative,
}

/// `value` must satisfy `sign` and have no more decimals than `currency` allows (HUF: whole
/// forints).
pub(crate) fn amount(field: &str, value: Decimal, currency: &CurrencyCode, sign: Sign) -> Check {
    match sign {
        Sign::Positive if value <= Decimal::ZERO => {
            return Err(fail(
                field.to_owned(),
                format!("must be greater than 0, got {value}"),
            ));
        }
        Sign::NonNegative if value < Decimal::ZERO => {
            return Err(fail(
                field.to_owned(),
                format!("must not be negative, got {value}"),
            ));
        }
        _ => {}
    }
    if let Some(places) = currency.decimal_places()
        && significant_places(value) > places
    {
        let rule = if places == 0 {
            format!("{currency} amounts must be whole numbers")
        } else {
            format!("{currency} amounts allow at most {places} decimal places")
        };
        return Err(fail(field.to_owned(), format!("{rule}, got {value}")));
    }
    Ok(())
}

/// A phone number as Barion wants it: digits only, at most 30, no leading zero (e.g.
/// `36701234567`).
pub(crate) fn phone(field: &'static str, value: Option<&str>) -> Check {
    let Some(v) = value else { return Ok(()) };
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) || v.starts_with('0') {
        return Err(fail(
            field,
            "must be digits only with the country code and no leading `+` or zero, e.g. 36701234567",
        ));
    }
    max_chars(field, v, 30)
}

/// An integer in `min..=max`.
pub(crate) fn range(field: &'static str, value: Option<u32>, min: u32, max: u32) -> Check {
    match value {
        Some(v) if v < min || v > max => Err(fail(
            field,
            format!("must be between {min} and {max}, got {v}"),
        )),
        _ => Ok(()),
    }
}
