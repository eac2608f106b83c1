//! Serde helpers for Barion's wire quirks: GUIDs with or without dashes (and stray whitespace),
//! DateTimes without an offset (UTC), empty strings meaning "absent", numbers sent as strings.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};
use uuid::Uuid;

/// A wire enum: every value reads, known or not.
pub(crate) trait WireEnum: Sized {
    /// Reads a wire value (never fails: unknown values are kept).
    fn from_wire(value: &str) -> Self;
}

/// Reads a wire enum from a string or a number (a number is matched against the numeric codes).
pub(crate) struct WireEnumVisitor<T>(pub(crate) PhantomData<T>);

impl<T: WireEnum> Visitor<'_> for WireEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum value as a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from_wire(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok(T::from_wire(&v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok(T::from_wire(&v.to_string()))
    }
}

/// Defines a string enum that keeps unknown values, reads case-insensitively (plus aliases and
/// numeric codes) and writes its canonical wire name.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $wire:literal $(| $alias:literal)*
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this SDK does not know (yet), kept exactly as it was sent.
            Unknown(String),
        }

        impl $name {
            /// The wire name of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(s) => s.as_str(),
                }
            }

            /// Reads a wire value: case-insensitive, surrounding whitespace ignored, known
            /// spelling variants and numeric codes accepted; anything else is kept as
            /// [`Self::Unknown`].
            pub fn from_wire(value: &str) -> Self {
                let v = value.trim();
                $(
                    if v.eq_ignore_ascii_case($wire) $(|| v.eq_ignore_ascii_case($alias))* {
                        return Self::$variant;
                    }
                )*
                Self::Unknown(value.to_owned())
            }

            /// `true` for a value this SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl $crate::model::wire::WireEnum for $name {
            fn from_wire(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(s))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::from_wire(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any($crate::model::wire::WireEnumVisitor(::std::marker::PhantomData))
            }
        }
    };
}
pub(crate) use wire_enum;

/// An optional wire enum: `null`, absent and `""` read as `None`.
pub(crate) fn opt_enum<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: WireEnum,
{
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(T::from_wire(&s))),
        Some(Value::Number(n)) => Ok(Some(T::from_wire(&n.to_string()))),
        Some(other) => Err(de::Error::invalid_type(
            unexpected(&other),
            &"an enum value as a string",
        )),
    }
}

fn unexpected(v: &Value) -> de::Unexpected<'_> {
    match v {
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
        Value::Number(_) => de::Unexpected::Other("number"),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Null => de::Unexpected::Unit,
    }
}

/// Parses a Barion GUID: dashed or dash-less, any case, surrounding whitespace ignored.
pub(crate) fn parse_guid(text: &str) -> Option<Uuid> {
    let t = text.trim();
    // Only the 32-hex simple and the 36-char hyphenated forms (no braces or URNs).
    if t.len() != 32 && t.len() != 36 {
        return None;
    }
    Uuid::try_parse(t).ok()
}

/// `deserialize_with` for a required GUID.
pub(crate) fn guid<'de, D: Deserializer<'de>>(d: D) -> Result<Uuid, D::Error> {
    let s = String::deserialize(d)?;
    parse_guid(&s).ok_or_else(|| de::Error::invalid_value(de::Unexpected::Str(&s), &"a GUID"))
}

/// `deserialize_with` for an optional GUID: `null`, absent and `""` read as `None`.
pub(crate) fn opt_guid<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => parse_guid(&s)
            .map(Some)
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Str(&s), &"a GUID")),
    }
}

/// `deserialize_with` for an optional id or URL: trimmed; `null`, absent and blank read as `None`.
pub(crate) fn opt_trimmed<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.and_then(|s| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }))
}

/// `deserialize_with` for a string that may arrive as `null` (read as `""`).
pub(crate) fn string_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// `deserialize_with` for an optional string that may arrive as a number (`"2018"` or `2018`);
/// kept as text, never parsed (a masked PAN keeps its leading zeros).
pub(crate) fn opt_string_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let t = s.trim();
            Ok((!t.is_empty()).then(|| t.to_owned()))
        }
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(de::Error::invalid_type(
            unexpected(&other),
            &"a string or a number",
        )),
    }
}

/// Parses a Barion DateTime: RFC 3339 with `Z` or an offset, or without any offset (then UTC),
/// with 0 to 9 fractional digits; surrounding whitespace ignored.
pub fn parse_datetime(text: &str) -> Option<OffsetDateTime> {
    let t = text.trim();
    if let Ok(dt) = OffsetDateTime::parse(t, &Rfc3339) {
        return Some(dt);
    }
    let naive = format_description!(
        version = 2,
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    PrimitiveDateTime::parse(t, naive)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// `deserialize_with` for an optional DateTime: `null`, absent and `""` read as `None`.
pub(crate) fn opt_datetime<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => parse_datetime(&s).map(Some).ok_or_else(|| {
            de::Error::invalid_value(de::Unexpected::Str(&s), &"an ISO 8601 DateTime")
        }),
    }
}

/// Writes a DateTime as RFC 3339 in UTC (`2024-06-15T12:00:00Z`), the form Barion documents for
/// requests.
pub(crate) fn format_datetime(value: OffsetDateTime) -> Result<String, time::error::Format> {
    value.to_offset(UtcOffset::UTC).format(&Rfc3339)
}

/// `serialize_with` for an optional DateTime in a request (skipped when `None`).
#[allow(clippy::ref_option)] // serde's `serialize_with` hands over `&Option<T>`.
pub(crate) fn ser_opt_datetime<S: Serializer>(
    value: &Option<OffsetDateTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => {
            let text = format_datetime(*v).map_err(serde::ser::Error::custom)?;
            s.serialize_str(&text)
        }
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn guids_read_in_every_form() {
        let want = Uuid::parse_str("ecc2bc7a-3d81-47ca-b1f0-4de3dddd657f").unwrap();
        for text in [
            "ecc2bc7a3d8147cab1f04de3dddd657f ",
            "ECC2BC7A-3D81-47CA-B1F0-4DE3DDDD657F",
            "  ecc2bc7a-3d81-47ca-b1f0-4de3dddd657f",
            "ECC2BC7A3D8147CAB1F04DE3DDDD657F",
        ] {
            assert_eq!(parse_guid(text), Some(want), "{text:?}");
        }
        for bad in [
            "",
            "not-a-guid",
            "ecc2bc7a3d8147cab1f04de3dddd657",
            "{ecc2bc7a-3d81-47ca-b1f0-4de3dddd657f}",
        ] {
            assert_eq!(parse_guid(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn datetimes_without_offset_are_utc() {
        assert_eq!(
            parse_datetime("2015-03-03T09:30:45.648"),
            Some(datetime!(2015-03-03 09:30:45.648 UTC))
        );
        assert_eq!(
            parse_datetime("2015-03-03T09:30:45"),
            Some(datetime!(2015-03-03 09:30:45 UTC))
        );
        assert_eq!(
            parse_datetime("2019-01-19T18:46:51.0808761Z"),
            Some(datetime!(2019-01-19 18:46:51.0808761 UTC))
        );
        assert_eq!(
            parse_datetime("2019-01-19T20:46:51+02:00"),
            Some(datetime!(2019-01-19 18:46:51 UTC))
        );
        assert_eq!(parse_datetime("yesterday"), None);
        assert_eq!(
            format_datetime(datetime!(2024-06-15 14:00:00 +02:00)).unwrap(),
            "2024-06-15T12:00:00Z"
        );
    }
}
