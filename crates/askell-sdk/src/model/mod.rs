//! Askell's wire types, one module per resource.
//!
//! Every answer type reads leniently, so that one odd member never fails a whole answer:
//!
//! - unknown members are ignored, unknown enum values kept (`Unknown(String)`);
//! - every collection reads `null` and a missing member as empty;
//! - every member that is not the object's own key is an `Option` (absent or `null` is `None`);
//! - timestamps (and the ids of related objects) are [`Lenient`](payments_core::Lenient): a
//!   value that does not parse is kept as sent instead of failing the answer.
//!
//! The object's own key (a payment's `uuid`, a customer's `id` and `customer_reference`, a
//! token) stays strict: an answer without it is a decode error naming it.

pub mod account;
pub mod checkout;
pub mod customer;
pub mod payment;
pub mod plan;
pub mod subscription;
pub mod transaction;
pub mod webhook;

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;

/// An RFC 3339 timestamp as Askell writes them (`2021-10-15T10:02:25.663806Z`, with 0 to 6
/// fractional digits and `Z` or an offset).
///
/// Answer fields hold it as `Option<Lenient<Timestamp>>`: a value that is not RFC 3339 (the
/// spec's example of a plain date, `2025-11-01`) is kept as its text in
/// [`Lenient::Raw`](payments_core::Lenient::Raw).
///
/// ```
/// use askell_sdk::Timestamp;
/// use payments_core::Lenient;
///
/// let t: Lenient<Timestamp> = serde_json::from_str(r#""2021-10-15T10:02:25.663806Z""#)?;
/// assert_eq!(t.parsed().map(|t| t.year()), Some(2021));
/// let d: Lenient<Timestamp> = serde_json::from_str(r#""2025-11-01""#)?;
/// assert_eq!(d.raw(), Some("2025-11-01"));
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// `Debug` and `Display` write it as RFC 3339 (`2021-10-15T10:02:25.663806Z`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub OffsetDateTime);

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp")
            .field(&format_args!("{self}"))
            .finish()
    }
}

impl Deref for Timestamp {
    type Target = OffsetDateTime;

    fn deref(&self) -> &OffsetDateTime {
        &self.0
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(t: OffsetDateTime) -> Self {
        Self(t)
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(t: Timestamp) -> Self {
        t.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use time::format_description::well_known::Rfc3339;
        match self.0.format(&Rfc3339) {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        time::serde::rfc3339::deserialize(d).map(Self)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        time::serde::rfc3339::serialize(&self.0, s)
    }
}

/// The parsed value of an optional lenient field, if it is there and parsed.
pub(crate) fn parsed<T>(value: Option<&payments_core::Lenient<T>>) -> Option<&T> {
    value.and_then(payments_core::Lenient::parsed)
}

/// `#[serde(default, deserialize_with = "text")]`: an optional text member that also reads a
/// number or a boolean as its text (a processor code sent as `51` instead of `"51"`), and
/// nested JSON as its JSON text, so that no scalar shape fails the answer.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Text;

    impl<'de> serde::de::Visitor<'de> for Text {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("text, a number, a boolean or null")
        }

        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }

        fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            let v =
                serde_json::Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
            Ok(Some(v.to_string()))
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            let v =
                serde_json::Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
            Ok(Some(v.to_string()))
        }
    }

    d.deserialize_any(Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Codes {
        #[serde(default, deserialize_with = "text")]
        code: Option<String>,
    }

    #[test]
    fn text_reads_every_scalar_as_text() {
        for (json, want) in [
            (r#"{"code":"51"}"#, Some("51")),
            (r#"{"code":51}"#, Some("51")),
            (r#"{"code":true}"#, Some("true")),
            (r#"{"code":null}"#, None),
            ("{}", None),
            (r#"{"code":[1]}"#, Some("[1]")),
        ] {
            let c: Codes = serde_json::from_str(json).unwrap();
            assert_eq!(c.code.as_deref(), want, "{json}");
        }
    }

    #[test]
    fn timestamps_display_as_rfc3339() {
        let t: Timestamp = serde_json::from_str(r#""2021-10-15T10:02:25.663806Z""#).unwrap();
        assert_eq!(t.to_string(), "2021-10-15T10:02:25.663806Z");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#""2021-10-15T10:02:25.663806Z""#
        );
    }
}
