//! [`Lenient`]: a field that keeps what the provider sent when it does not parse.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A value that parsed as `T`, or the provider's original text when it did not.
///
/// For fields that are not the key of their object: a malformed related id or timestamp must
/// not fail the decode of a whole answer. A JSON string that does not parse is kept as its text
/// (and retried trimmed of surrounding whitespace first); any other JSON value is kept as its
/// JSON text (`12`, `true`). Writing gives back `T`'s form or exactly the text that came.
///
/// ```
/// use payments_core::Lenient;
/// use uuid::Uuid;
///
/// #[derive(serde::Deserialize)]
/// struct Transaction {
///     related_id: Option<Lenient<Uuid>>,
/// }
/// let ok: Transaction =
///     serde_json::from_str(r#"{"related_id":" 2f4c2ba0-bb65-4a5a-9f7f-a1e8b1f0e7c4 "}"#).unwrap();
/// assert!(ok.related_id.unwrap().parsed().is_some());
/// let odd: Transaction = serde_json::from_str(r#"{"related_id": 3}"#).unwrap();
/// assert_eq!(odd.related_id.unwrap().raw(), Some("3"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lenient<T> {
    /// The value parsed.
    Parsed(T),
    /// The value did not parse: the provider's text (a string's contents, or other JSON as
    /// its text), kept as sent.
    Raw(String),
}

impl<T> Lenient<T> {
    /// The parsed value, if it parsed.
    pub fn parsed(&self) -> Option<&T> {
        match self {
            Self::Parsed(v) => Some(v),
            Self::Raw(_) => None,
        }
    }

    /// The original text, if it did not parse.
    pub fn raw(&self) -> Option<&str> {
        match self {
            Self::Parsed(_) => None,
            Self::Raw(s) => Some(s),
        }
    }

    /// The parsed value, owned.
    pub fn into_parsed(self) -> Option<T> {
        match self {
            Self::Parsed(v) => Some(v),
            Self::Raw(_) => None,
        }
    }
}

impl<T> From<T> for Lenient<T> {
    fn from(value: T) -> Self {
        Self::Parsed(value)
    }
}

impl<T: fmt::Display> fmt::Display for Lenient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parsed(v) => v.fmt(f),
            Self::Raw(s) => f.write_str(s),
        }
    }
}

impl<T: Serialize> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Parsed(v) => v.serialize(serializer),
            Self::Raw(s) => s.serialize(serializer),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor(std::marker::PhantomData))
    }
}

struct LenientVisitor<T>(std::marker::PhantomData<T>);

impl<T: DeserializeOwned> LenientVisitor<T> {
    fn from_json(text: String) -> Lenient<T> {
        serde_json::from_str(&text).map_or(Lenient::Raw(text), Lenient::Parsed)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for LenientVisitor<T> {
    type Value = Lenient<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Lenient<T>, E> {
        let parse =
            |s: &str| T::deserialize(de::value::StrDeserializer::<de::value::Error>::new(s)).ok();
        if let Some(t) = parse(v) {
            return Ok(Lenient::Parsed(t));
        }
        let trimmed = v.trim_ascii();
        if trimmed.len() != v.len()
            && let Some(t) = parse(trimmed)
        {
            return Ok(Lenient::Parsed(t));
        }
        Ok(Lenient::Raw(v.to_owned()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Lenient<T>, E> {
        Ok(Self::from_json(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lenient<T>, E> {
        Ok(Self::from_json(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lenient<T>, E> {
        Ok(Self::from_json(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Lenient<T>, E> {
        Ok(Self::from_json(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Lenient<T>, E> {
        Ok(Self::from_json("null".into()))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Lenient<T>, A::Error> {
        let v = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Self::from_json(v.to_string()))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Lenient<T>, A::Error> {
        let v = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Self::from_json(v.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsed_values_and_raw_text_both_read_and_write_back() {
        let v: Vec<Lenient<u32>> =
            serde_json::from_str(r#"[7, "x", "8", true, null, [1], {"a":1}]"#).unwrap();
        assert_eq!(v[0], Lenient::Parsed(7));
        assert_eq!(v[1], Lenient::Raw("x".into()));
        // A string is matched as a string: `"8"` is not the number 8.
        assert_eq!(v[2], Lenient::Raw("8".into()));
        assert_eq!(v[3].raw(), Some("true"));
        assert_eq!(v[4].raw(), Some("null"));
        assert_eq!(v[5].raw(), Some("[1]"));
        assert_eq!(v[6].raw(), Some(r#"{"a":1}"#));
        assert_eq!(serde_json::to_string(&v[0]).unwrap(), "7");
        assert_eq!(serde_json::to_string(&v[1]).unwrap(), r#""x""#);
        let ip: Lenient<std::net::Ipv4Addr> = serde_json::from_str(r#"" 10.0.0.1 ""#).unwrap();
        assert_eq!(
            ip.parsed().map(ToString::to_string).as_deref(),
            Some("10.0.0.1")
        );
        let bad: Lenient<std::net::Ipv4Addr> = serde_json::from_str(r#""10.0.0""#).unwrap();
        assert_eq!(bad.to_string(), "10.0.0");
    }
}
