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
//! assert_eq!(p.amount.to_string(), "100.1");
//! assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"amount":100.1}"#);
//! ```
//!
//! Reading: integers and strings are parsed exactly. serde_json hands a fractional number over
//! as `f64`; its shortest round-trip text is parsed, which gives back the exact digits the
//! provider wrote for any amount of up to 15 significant digits.
//!
//! Writing goes through `serde_json::value::RawValue`, so it needs serde_json as the serializer
//! (a struct holding the amount may itself be flattened into another).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserializer, Serialize, Serializer};

/// `#[serde(with = "payments_core::amount::json_number")]` for a `Decimal` sent as a JSON number.
pub mod json_number {
    use super::{Decimal, Deserializer, Serializer};

    /// Writes `value` as a JSON number with exactly its digits.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        super::write_number(value, serializer)
    }

    /// Reads a JSON number (or a numeric string) exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(super::DecimalVisitor)
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

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::invalid_value(de::Unexpected::Float(v), &self));
        }
        // `Display` for f64 prints the shortest text that reads back as the same f64.
        parse(&v.to_string()).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
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
        d.deserialize_any(DecimalVisitor).map(Some)
    }
}

fn parse(text: &str) -> Option<Decimal> {
    let text = text.trim();
    Decimal::from_str_exact(text)
        .or_else(|_| Decimal::from_scientific(text))
        .or_else(|_| Decimal::from_str(text))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

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
    fn garbage_is_a_decode_error_not_a_panic() {
        assert!(serde_json::from_str::<Amounts>(r#"{"a":"ten"}"#).is_err());
        assert!(serde_json::from_str::<Amounts>(r#"{"a":true}"#).is_err());
        assert!(serde_json::from_str::<Amounts>(r#"{"a":1e400}"#).is_err());
    }
}
