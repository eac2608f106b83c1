//! Serde adapters for exact decimal amounts on the wire.
//!
//! `rust_decimal`'s own serde impl writes a string (`"1.0000"`, scale kept), which is what
//! providers that quote amounts expect. For providers that send amounts as JSON numbers use
//! [`json_number`] (or [`json_number_option`]): it writes the decimal's exact digits as a JSON
//! number, never through `f64`.
//!
//! ```
//! use payments_core::Decimal;
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Payment {
//!     #[serde(with = "payments_core::amount::json_number")]
//!     amount: Decimal,
//! }
//! let p: Payment = serde_json::from_str(r#"{"amount": 100.10}"#).unwrap();
//! assert_eq!(p.amount.to_string(), "100.10"); // the scale is kept
//! assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"amount":100.10}"#);
//! ```
//!
//! Reading is exact whatever the number: the decimal is parsed from the number's own text, never
//! through `f64` (serde_json hands the text over through its raw-value hook). Strings holding a
//! number are read too. When a parent struct is `#[serde(flatten)]`ed or `untagged` and serde
//! buffers the value, the number-as-map form of serde_json's `arbitrary_precision` feature is
//! read exactly, and a plain `f64` is accepted only when it carries at most 15 significant
//! digits (more could be a rounded longer number: that is an error, never a silent rounding).
//!
//! Writing goes through `serde_json::value::RawValue`, so it needs serde_json as the serializer
//! (a struct holding the amount may itself be flattened into another).

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserializer, Serialize, Serializer};

/// serde_json's private names for a raw value and an arbitrary-precision number, as its own
/// `RawValue` and `Number` types use them.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The most significant digits an `f64` is known to carry exactly through a decimal round trip.
const F64_DIGITS: usize = 15;

/// The number of decimal places `amount` really uses: its scale once trailing zeros are dropped
/// (`1.5000` uses 1, `100.00` uses 0). A provider that takes at most `n` places takes `amount`
/// when this is `<= n`.
///
/// ```
/// use payments_core::{amount::significant_places, dec};
/// assert_eq!(significant_places(dec!(1.5000)), 1);
/// assert_eq!(significant_places(dec!(100.00)), 0);
/// assert_eq!(significant_places(dec!(0.125)), 3);
/// ```
pub fn significant_places(amount: Decimal) -> u32 {
    amount.normalize().scale()
}

/// `#[serde(with = "payments_core::amount::json_number")]` for a `Decimal` sent as a JSON number.
pub mod json_number {
    use super::{Decimal, Deserializer, Serializer};

    /// Writes `value` as a JSON number with exactly its digits.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        super::write_number(value, serializer)
    }

    /// Reads a JSON number (or a numeric string) exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        super::read(deserializer)
    }
}

/// `#[serde(default, with = "payments_core::amount::json_number_option")]` for an optional
/// `Decimal` sent as a JSON number or `null`.
pub mod json_number_option {
    use super::{Decimal, Deserializer, Serializer};

    /// Writes `Some(value)` as a JSON number, `None` as `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::write_number(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a JSON number, a numeric string or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        deserializer.deserialize_option(super::OptionVisitor)
    }
}

fn write_number<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let raw = serde_json::value::RawValue::from_string(value.to_string())
        .map_err(serde::ser::Error::custom)?;
    raw.serialize(serializer)
}

fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, DecimalVisitor)
}

/// Reads a decimal from whatever the deserializer offers: serde_json's raw text, a buffered
/// number (plain or arbitrary-precision), or a string.
struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        let key: Option<TokenKey> = map.next_key()?;
        match key {
            Some(TokenKey::Raw) => map.next_value_seed(TextSeed { raw: true }),
            Some(TokenKey::Number) => map.next_value_seed(TextSeed { raw: false }),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0)
            .map_err(|_| E::invalid_value(de::Unexpected::Other("a 128-bit integer"), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::invalid_value(de::Unexpected::Float(v), &self));
        }
        // `Display` for f64 prints the shortest text that reads back as the same f64.
        let text = v.to_string();
        if significant_digits(&text) > F64_DIGITS {
            return Err(E::invalid_value(
                de::Unexpected::Float(v),
                &"a number with at most 15 significant digits (read through f64)",
            ));
        }
        parse(&text).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// The key of serde_json's one-entry maps for raw values and arbitrary-precision numbers.
enum TokenKey {
    Raw,
    Number,
    Other,
}

impl<'de> serde::Deserialize<'de> for TokenKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = TokenKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TokenKey, E> {
                Ok(match v {
                    RAW_VALUE_TOKEN => TokenKey::Raw,
                    NUMBER_TOKEN => TokenKey::Number,
                    _ => TokenKey::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the text of a raw JSON value (`12.50`, `"12.50"`) or of an arbitrary-precision number
/// and parses it exactly, borrowing the text when the input allows.
struct TextSeed {
    raw: bool,
}

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Decimal;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Decimal, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for TextSeed {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        let text = v.trim();
        let number = if self.raw {
            match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
                // A quoted number: its text, unless it needs unescaping (then it is no number).
                Some(inner) if !inner.contains('\\') => inner,
                Some(_) => return Err(E::invalid_value(de::Unexpected::Str(text), &self)),
                None if text == "null" => {
                    return Err(E::invalid_type(de::Unexpected::Unit, &self));
                }
                None if text.starts_with(['{', '[', 't', 'f']) => {
                    return Err(E::invalid_type(de::Unexpected::Other(text), &self));
                }
                None => text,
            }
        } else {
            text
        };
        parse(number).ok_or_else(|| E::invalid_value(de::Unexpected::Str(number), &self))
    }
}

struct OptionVisitor;

impl<'de> Visitor<'de> for OptionVisitor {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        read(d).map(Some)
    }
}

/// Significant digits of a number's decimal text (`0.0012300` has 3; `1e5` has 1).
fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    let digits = if mantissa.contains('.') {
        digits.trim_end_matches('0')
    } else {
        digits
    };
    digits.len().max(1)
}

/// Parses `text` exactly: plain or scientific notation; more digits than a `Decimal` holds is a
/// failure, never a rounding.
fn parse(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.contains(['e', 'E']) {
        return Decimal::from_scientific(text).ok();
    }
    Decimal::from_str_exact(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::str::FromStr;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Amounts {
        #[serde(with = "json_number")]
        a: Decimal,
        #[serde(default, with = "json_number_option")]
        b: Option<Decimal>,
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_round_trip_exactly() {
        for (input, a) in [
            (r#"{"a":100,"b":null}"#, "100"),
            (r#"{"a":0.1,"b":null}"#, "0.1"),
            (r#"{"a":12.5,"b":null}"#, "12.5"),
            (r#"{"a":"1.0000","b":null}"#, "1.0000"),
            (r#"{"a":123456789012.34,"b":null}"#, "123456789012.34"),
            (r#"{"a":1e2,"b":null}"#, "100"),
        ] {
            let v: Amounts = serde_json::from_str(input).unwrap();
            assert_eq!(v.a, d(a), "{input}");
            assert_eq!(v.b, None);
        }
        let v = Amounts {
            a: d("10.50"),
            b: Some(d("0.07")),
        };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"a":10.50,"b":0.07}"#
        );
        let back: Amounts = serde_json::from_str(r#"{"a":10.50,"b":0.07}"#).unwrap();
        assert_eq!(back, v);
        let missing: Amounts = serde_json::from_str(r#"{"a":1}"#).unwrap();
        assert_eq!(missing.b, None);
    }

    #[test]
    fn amounts_inside_a_flattened_struct_are_still_numbers() {
        #[derive(Serialize)]
        struct Outer {
            #[serde(flatten)]
            inner: Amounts,
            id: u8,
        }
        let o = Outer {
            inner: Amounts {
                a: d("10.50"),
                b: None,
            },
            id: 1,
        };
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"a":10.50,"b":null,"id":1}"#
        );
    }

    #[test]
    fn the_scale_and_every_digit_survive_reading() {
        // Read from the number's text: the scale of `12.50` is kept, and digits beyond what an
        // f64 carries are exact.
        let v: Amounts = serde_json::from_str(r#"{"a":12.50,"b":0.12345678901234567891}"#).unwrap();
        assert_eq!(v.a.to_string(), "12.50");
        assert_eq!(v.b.unwrap().to_string(), "0.12345678901234567891");
        // Through a serde_json::Value too.
        let value: serde_json::Value = serde_json::from_str(r#"{"a":12.5,"b":"7.10"}"#).unwrap();
        let v = Amounts::deserialize(&value).unwrap();
        assert_eq!((v.a, v.b), (d("12.5"), Some(d("7.10"))));
        // More digits than a Decimal holds is an error, not a rounding.
        assert!(
            serde_json::from_str::<Amounts>(r#"{"a":1.000000000000000000000000000001}"#).is_err()
        );
    }

    #[test]
    fn buffered_numbers_are_exact_or_refused() {
        #[derive(Deserialize, Debug)]
        struct Outer {
            #[serde(flatten)]
            inner: Amounts,
        }
        // serde buffers a flattened struct's values: the f64 path.
        let o: Outer = serde_json::from_str(r#"{"a":100.55,"b":"1.00"}"#).unwrap();
        assert_eq!((o.inner.a, o.inner.b), (d("100.55"), Some(d("1.00"))));
        let e = serde_json::from_str::<Outer>(r#"{"a":0.12345678901234567}"#).unwrap_err();
        assert!(e.to_string().contains("15 significant digits"), "{e}");
        // The number-as-map form of serde_json's `arbitrary_precision`, as serde buffers it.
        let map = serde_json::json!({"a": {"$serde_json::private::Number": "0.12345678901234567"}});
        let o = Outer::deserialize(&map).unwrap();
        assert_eq!(o.inner.a.to_string(), "0.12345678901234567");
        assert_eq!(significant_digits("0.0012300"), 3);
        assert_eq!(significant_digits("1e5"), 1);
        assert_eq!(significant_digits("100"), 3);
    }

    #[test]
    fn garbage_is_a_decode_error_not_a_panic() {
        assert!(serde_json::from_str::<Amounts>(r#"{"a":"ten"}"#).is_err());
        assert!(serde_json::from_str::<Amounts>(r#"{"a":true}"#).is_err());
        assert!(serde_json::from_str::<Amounts>(r#"{"a":1e400}"#).is_err());
        assert!(serde_json::from_str::<Amounts>(r#"{"a":null}"#).is_err());
        assert!(serde_json::from_str::<Amounts>(r#"{"a":{"x":1}}"#).is_err());
        assert!(serde_json::from_str::<Amounts>(r#"{"a":"1\u0030"}"#).is_err());
    }
}
