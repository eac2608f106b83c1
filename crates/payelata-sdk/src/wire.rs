//! Serde adapters for Payelata's wire quirks, used through `serde_with::As`.
//!
//! - [`UnixSeconds`]: `created`, `updated`, `processed` are unix seconds (UTC integers); one that
//!   does not read as a time is kept raw in a [`Lenient`].
//! - [`PhpObject`]: `metadata`, `flow_data.params`, `payload` are objects, but PHP writes an empty
//!   one as `[]` (and a list as an array); `null` reads as empty too.
//! - [`secret`]: a [`SecretString`] written as a JSON string.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use payments_core::{Lenient, SecretString};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_with::DeserializeAs;
use time::OffsetDateTime;

/// Unix seconds as an [`OffsetDateTime`] (UTC), kept raw when they are not.
pub(crate) struct UnixSeconds;

impl<'de> DeserializeAs<'de, Lenient<OffsetDateTime>> for UnixSeconds {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Lenient<OffsetDateTime>, D::Error> {
        d.deserialize_any(UnixVisitor)
    }
}

struct UnixVisitor;

fn from_seconds(seconds: i64) -> Lenient<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(seconds)
        .map_or_else(|_| Lenient::Raw(seconds.to_string()), Lenient::Parsed)
}

impl<'de> Visitor<'de> for UnixVisitor {
    type Value = Lenient<OffsetDateTime>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unix seconds")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(from_seconds(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Lenient::Raw(v.to_string()), from_seconds))
    }

    #[allow(clippy::cast_possible_truncation)]
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // Whole seconds written as a float (`1585175055.0`) still read; anything else is raw.
        if v.fract() == 0.0 && v.abs() < 1e15 {
            Ok(from_seconds(v as i64))
        } else {
            Ok(Lenient::Raw(v.to_string()))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(match v.trim().parse::<i64>() {
            Ok(seconds) => match from_seconds(seconds) {
                Lenient::Parsed(t) => Lenient::Parsed(t),
                Lenient::Raw(_) => Lenient::Raw(v.to_owned()),
            },
            Err(_) => Lenient::Raw(v.to_owned()),
        })
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Lenient::Raw(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Lenient::Raw("null".into()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let v = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Lenient::Raw(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let v = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Lenient::Raw(v.to_string()))
    }
}

/// An object that PHP writes as `[]` when empty: `null`, `[]` and `{}` all read as empty.
///
/// For a map, a non-empty array reads as PHP means it (keys `"0"`, `"1"`, ...); for a struct
/// (`Option<T>`), `[]` and `null` read as `None` and a non-empty array is an error.
pub(crate) struct PhpObject;

impl<'de, V: Deserialize<'de>> DeserializeAs<'de, BTreeMap<String, V>> for PhpObject {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, V>, D::Error> {
        d.deserialize_any(PhpMapVisitor(PhantomData))
    }
}

struct PhpMapVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for PhpMapVisitor<V> {
    type Value = BTreeMap<String, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, `[]` or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        let mut index = 0usize;
        while let Some(v) = seq.next_element::<V>()? {
            out.insert(index.to_string(), v);
            index += 1;
        }
        Ok(out)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        BTreeMap::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

impl<'de, T: Deserialize<'de>> DeserializeAs<'de, Option<T>> for PhpObject {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(PhpStructVisitor(PhantomData))
    }
}

struct PhpStructVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PhpStructVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, `[]` or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(None),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
}

/// Secrets on the wire: written as a JSON string.
pub(crate) mod secret {
    use payments_core::ExposeSecret;

    use super::{SecretString, Serialize, Serializer};

    /// Writes an optional secret's text.
    #[allow(clippy::ref_option)]
    pub(crate) fn serialize_option<S: Serializer>(
        value: &Option<SecretString>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        value.as_ref().map(ExposeSecret::expose_secret).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct Probe {
        #[serde(
            default,
            deserialize_with = "serde_with::As::<Option<UnixSeconds>>::deserialize"
        )]
        at: Option<Lenient<OffsetDateTime>>,
        #[serde(default, deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
        map: BTreeMap<String, serde_json::Value>,
    }

    #[test]
    fn unix_seconds_read_and_odd_values_stay_raw() {
        let p: Probe = serde_json::from_str(r#"{"at":1585175055}"#).unwrap();
        assert_eq!(
            p.at.unwrap().parsed().copied(),
            Some(time::macros::datetime!(2020-03-25 22:24:15 UTC))
        );
        let p: Probe = serde_json::from_str(r#"{"at":"2020-03-25"}"#).unwrap();
        assert_eq!(p.at.unwrap().raw(), Some("2020-03-25"));
        let p: Probe = serde_json::from_str(r#"{"at":null}"#).unwrap();
        assert!(p.at.is_none());
        let p: Probe = serde_json::from_str(r#"{"at":"1585175055"}"#).unwrap();
        assert!(p.at.unwrap().parsed().is_some());
    }

    #[test]
    fn php_maps_read_every_empty_form() {
        for body in [r#"{"map":[]}"#, r#"{"map":{}}"#, r#"{"map":null}"#, "{}"] {
            let p: Probe = serde_json::from_str(body).unwrap();
            assert!(p.map.is_empty(), "{body}");
        }
        let p: Probe = serde_json::from_str(r#"{"map":["a","b"]}"#).unwrap();
        assert_eq!(p.map["1"], "b");
        let p: Probe = serde_json::from_str(r#"{"map":{"k":1}}"#).unwrap();
        assert_eq!(p.map["k"], 1);
    }
}
