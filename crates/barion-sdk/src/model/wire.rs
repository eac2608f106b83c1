//! Serde helpers for Barion's wire quirks: GUIDs with or without dashes (and stray whitespace),
//! DateTimes without an offset (UTC), empty strings meaning "absent", numbers sent as strings,
//! and fields kept raw ([`Lenient`]) when they do not parse. None of them goes through
//! `serde_json::Value`.

use std::fmt;
use std::marker::PhantomData;

use payments_core::Lenient;
use serde::de::value::{I64Deserializer, StrDeserializer, U64Deserializer};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};
use time::format_description::well_known::Rfc3339;

use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// Parses a Barion GUID: dashed or dash-less, any case, surrounding whitespace ignored.
pub(crate) fn parse_guid(text: &str) -> Option<Uuid> {
    let t = text.trim_ascii();
    // Only the 32-hex simple and the 36-char hyphenated forms (no braces or URNs).
    if t.len() != 32 && t.len() != 36 {
        return None;
    }
    Uuid::try_parse(t).ok()
}

/// `deserialize_with` for the GUID that is the key of its object: strict.
pub(crate) fn guid<'de, D: Deserializer<'de>>(d: D) -> Result<Uuid, D::Error> {
    struct GuidVisitor;

    impl Visitor<'_> for GuidVisitor {
        type Value = Uuid;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a GUID")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Uuid, E> {
            parse_guid(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }

    d.deserialize_str(GuidVisitor)
}

/// `deserialize_with` for a GUID that is not the key of its object (a related id): kept raw
/// when it does not parse; `null`, absent and blank read as `None`.
pub(crate) fn opt_lenient_guid<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Lenient<Uuid>>, D::Error> {
    Ok(Option::<Lenient<Uuid>>::deserialize(d)?.filter(not_blank))
}

/// `deserialize_with` for a DateTime: parsed per [`parse_datetime`], kept raw when it does not
/// parse; `null`, absent and blank read as `None`.
pub(crate) fn opt_lenient_datetime<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Lenient<OffsetDateTime>>, D::Error> {
    Ok(match Option::<Lenient<String>>::deserialize(d)? {
        None => None,
        Some(Lenient::Parsed(text)) if text.trim_ascii().is_empty() => None,
        Some(Lenient::Parsed(text)) => {
            Some(parse_datetime(&text).map_or(Lenient::Raw(text), Lenient::Parsed))
        }
        Some(Lenient::Raw(other)) => Some(Lenient::Raw(other)),
    })
}

fn not_blank<T>(value: &Lenient<T>) -> bool {
    value.raw().is_none_or(|raw| !raw.trim_ascii().is_empty())
}

/// `deserialize_with` for an optional wire enum (declared with `string_enum!`): `null`, absent
/// and blank read as `None`; anything else as the enum reads it (unknown values kept).
pub(crate) fn opt_enum<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct OptEnum<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OptEnum<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an enum value as a string or a number, or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
            if v.trim_ascii().is_empty() {
                return Ok(None);
            }
            T::deserialize(StrDeserializer::<E>::new(v)).map(Some)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
            T::deserialize(U64Deserializer::<E>::new(v)).map(Some)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
            T::deserialize(I64Deserializer::<E>::new(v)).map(Some)
        }
    }

    d.deserialize_option(OptEnum(PhantomData))
}

/// `deserialize_with` for an optional id or URL: trimmed; `null`, absent and blank read as `None`.
pub(crate) fn opt_trimmed<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.and_then(|s| {
        let t = s.trim_ascii();
        if t.is_empty() {
            None
        } else if t.len() == s.len() {
            Some(s)
        } else {
            Some(t.to_owned())
        }
    }))
}

/// `deserialize_with` for an optional string that may arrive as a number (`"2018"` or `2018`);
/// kept as text, never parsed (a masked PAN keeps its leading zeros). Blank reads as `None`.
pub(crate) fn opt_string_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    struct TextVisitor;

    impl<'de> Visitor<'de> for TextVisitor {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a number")
        }

        fn visit_none<E: de::Error>(self) -> Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
            let t = v.trim_ascii();
            Ok((!t.is_empty()).then(|| t.to_owned()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<String>, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<String>, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<String>, E> {
            Ok(Some(v.to_string()))
        }
    }

    d.deserialize_option(TextVisitor)
}

/// Parses a Barion DateTime: RFC 3339 with `Z` or an offset, or without any offset (then UTC),
/// with 0 to 9 fractional digits; surrounding whitespace ignored.
///
/// ```
/// use barion_sdk::model::parse_datetime;
/// let t = parse_datetime("2015-03-03T09:30:45.648").unwrap();
/// assert_eq!(t, parse_datetime("2015-03-03T09:30:45.648Z").unwrap());
/// assert!(parse_datetime("yesterday").is_none());
/// ```
pub fn parse_datetime(text: &str) -> Option<OffsetDateTime> {
    // By hand (core's parser): eight timestamps a payment state, and a general format
    // parser cost more than the rest of its decode.
    payments_core::time::parse_instant(text)
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

    #[test]
    fn lenient_fields_keep_what_does_not_parse() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "opt_lenient_guid")]
            id: Option<Lenient<Uuid>>,
            #[serde(default, deserialize_with = "opt_lenient_datetime")]
            at: Option<Lenient<OffsetDateTime>>,
        }
        let t: T = serde_json::from_str(r#"{"id": 3, "at": "soon"}"#).unwrap();
        assert_eq!(t.id.unwrap().raw(), Some("3"));
        assert_eq!(t.at.unwrap().raw(), Some("soon"));
        let t: T = serde_json::from_str(r#"{"id": "", "at": " "}"#).unwrap();
        assert!(t.id.is_none() && t.at.is_none());
        let t: T = serde_json::from_str(
            r#"{"id": "ecc2bc7a3d8147cab1f04de3dddd657f ", "at": "2015-03-03T09:30:45"}"#,
        )
        .unwrap();
        assert!(t.id.unwrap().parsed().is_some());
        assert_eq!(
            t.at.unwrap().into_parsed(),
            Some(datetime!(2015-03-03 09:30:45 UTC))
        );
    }
}
