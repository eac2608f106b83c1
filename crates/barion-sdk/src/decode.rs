//! Reading Barion's answers: one direct serde pass on the success path, with Barion's `Errors`
//! array noticed on the way, and a tolerant second pass only for answers that repeat a key.
//!
//! Barion answers every call with the operation's own fields plus an `Errors` array, empty on
//! success. [`Answer`] decodes the operation's type `T` and, in the same pass, notes whether
//! `Errors` named anything (without building the entries: those are read from the scrubbed body
//! only when there is an error to report).
//!
//! Barion's own documentation shows answers with a repeated key (`FraudRiskScore` twice in the
//! `GetPaymentState` sample), which serde's derive rejects as a duplicate field. Only when the
//! direct decode fails that way is the body rewritten with each object's keys made unique (the
//! last value wins, as in most JSON readers; every value kept as its exact text, so amounts keep
//! their digits) and decoded once more.

use std::fmt;
use std::marker::PhantomData;

use payments_core::DecodeError;
use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

/// An answer's own type `T`, and whether the answer's `Errors` array named anything.
pub(crate) struct Answer<T> {
    pub(crate) value: T,
    pub(crate) has_errors: bool,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Answer<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(AnswerVisitor(PhantomData))
    }
}

struct AnswerVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for AnswerVisitor<T> {
    type Value = Answer<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Barion answer (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Answer<T>, A::Error> {
        let mut has_errors = false;
        let value = T::deserialize(MapAccessDeserializer::new(WithoutErrors {
            map,
            has_errors: &mut has_errors,
        }))?;
        Ok(Answer { value, has_errors })
    }
}

/// The members of an answer minus `Errors`, which is only checked for being non-empty.
struct WithoutErrors<'a, A> {
    map: A,
    has_errors: &'a mut bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WithoutErrors<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key::<Key<'de>>()? {
            if key.as_str().eq_ignore_ascii_case("Errors") {
                let NonEmpty(named) = self.map.next_value()?;
                *self.has_errors |= named;
                continue;
            }
            return key.feed(seed).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A JSON object key, borrowed from the body when it has no escapes.
pub(crate) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Key<'de> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Borrowed(s) => s,
            Self::Owned(s) => s,
        }
    }

    /// Hands the key on to the field identifier of the type being decoded.
    fn feed<K: DeserializeSeed<'de>, E: de::Error>(self, seed: K) -> Result<K::Value, E> {
        match self {
            Self::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::new(s)),
            Self::Owned(s) => seed.deserialize(StringDeserializer::new(s)),
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Whether a value names anything: a non-empty array (or object, or string); `null` and `[]`
/// name nothing. The entries themselves are skipped.
struct NonEmpty(bool);

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NonEmptyVisitor;

        impl<'de> Visitor<'de> for NonEmptyVisitor {
            type Value = NonEmpty;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Barion's Errors array")
            }

            fn visit_unit<E: de::Error>(self) -> Result<NonEmpty, E> {
                Ok(NonEmpty(false))
            }

            fn visit_none<E: de::Error>(self) -> Result<NonEmpty, E> {
                Ok(NonEmpty(false))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<NonEmpty, E> {
                Ok(NonEmpty(false))
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<NonEmpty, E> {
                Ok(NonEmpty(false))
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<NonEmpty, E> {
                Ok(NonEmpty(false))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<NonEmpty, E> {
                Ok(NonEmpty(false))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<NonEmpty, E> {
                Ok(NonEmpty(!v.trim_ascii().is_empty()))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<NonEmpty, A::Error> {
                let first = seq.next_element::<IgnoredAny>()?.is_some();
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(NonEmpty(first))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NonEmpty, A::Error> {
                let first = map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some();
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(NonEmpty(first))
            }
        }

        deserializer.deserialize_any(NonEmptyVisitor)
    }
}

/// `true` when `error` is serde's complaint about a repeated member name.
pub(crate) fn is_duplicate_key(message: &str) -> bool {
    message.starts_with("duplicate field")
}

/// How deep the rewrite of repeated keys follows nested values (serde_json's own limit).
const MAX_DEPTH: usize = 128;

/// `body` with every object's member names made unique, the last value of a repeated name
/// winning (at the place of its first occurrence); every other byte of each value kept as
/// sent. `None` when the body is not JSON.
pub(crate) fn without_repeated_keys(body: &[u8]) -> Option<Vec<u8>> {
    let raw: &RawValue = serde_json::from_slice(body).ok()?;
    let mut out = String::with_capacity(body.len());
    write_unique(raw, &mut out, 0)?;
    Some(out.into_bytes())
}

fn write_unique(raw: &RawValue, out: &mut String, depth: usize) -> Option<()> {
    let text = raw.get();
    if depth > MAX_DEPTH {
        return None;
    }
    match text.as_bytes().first() {
        Some(b'{') => {
            let Members(members) = serde_json::from_str(text).ok()?;
            out.push('{');
            for (i, (name, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(name.as_str()).ok()?);
                out.push(':');
                write_unique(value, out, depth + 1)?;
            }
            out.push('}');
        }
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text).ok()?;
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_unique(item, out, depth + 1)?;
            }
            out.push(']');
        }
        _ => out.push_str(text),
    }
    Some(())
}

/// An object's members in order, a repeated name keeping its last value.
struct Members<'a>(Vec<(Key<'a>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;

        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members: Vec<(Key<'de>, &'de RawValue)> = Vec::new();
                while let Some((name, value)) = map.next_entry::<Key<'de>, &'de RawValue>()? {
                    match members
                        .iter_mut()
                        .find(|(n, _)| n.as_str() == name.as_str())
                    {
                        Some(slot) => slot.1 = value,
                        None => members.push((name, value)),
                    }
                }
                Ok(Members(members))
            }
        }

        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Decodes a Barion JSON body the caller has in hand (a recorded answer, a fixture) as `T`:
/// directly, and, only if the body repeats a member name, once more with the last value of
/// each repeated name (as the client does with live answers). A failure names the serde path.
///
/// ```
/// use barion_sdk::{PaymentState, decode_body};
/// let body = br#"{"PaymentId":"ecc2bc7a3d8147cab1f04de3dddd657f","FraudRiskScore":10,
///                 "Total":500,"FraudRiskScore":20}"#;
/// let state: PaymentState = decode_body(body).unwrap();
/// assert_eq!(state.fraud_risk_score, Some(barion_sdk::dec!(20)));
/// ```
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    match payments_core::decode_json(None, body) {
        Err(e) if is_duplicate_key(&e.message) => {
            let Some(unique) = without_repeated_keys(body) else {
                return Err(e);
            };
            payments_core::decode_json(None, &unique)
                .map_err(|again| DecodeError::new(None, again.path, again.message, body))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_keep_the_last_value_and_exact_numbers() {
        let body = br#"{"a":1,"b":{"x":1.50,"x":2.50,"y":[{"k":"v","k":"w"}]},"a":3}"#;
        let unique = without_repeated_keys(body).unwrap();
        assert_eq!(
            String::from_utf8(unique).unwrap(),
            r#"{"a":3,"b":{"x":2.50,"y":[{"k":"w"}]}}"#
        );
        assert!(without_repeated_keys(b"not json").is_none());
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(without_repeated_keys(deep.as_bytes()).is_none());
    }

    #[test]
    fn the_errors_array_is_noticed_and_kept_from_the_type() {
        #[derive(Deserialize)]
        struct Op {
            #[serde(rename = "PaymentId")]
            id: u32,
        }
        let a: Answer<Op> = serde_json::from_str(r#"{"Errors":[],"PaymentId":7}"#).unwrap();
        assert!(!a.has_errors);
        assert_eq!(a.value.id, 7);
        let a: Answer<Op> =
            serde_json::from_str(r#"{"PaymentId":7,"Errors":[{"Title":"x"}]}"#).unwrap();
        assert!(a.has_errors);
        let a: Answer<Op> = serde_json::from_str(r#"{"PaymentId":7,"Errors":null}"#).unwrap();
        assert!(!a.has_errors);
        let e = crate::ErrorEnvelope::from_body(
            br#"{"Errors":[{"Title":"a","Title":"b","ErrorCode":"X"}]}"#,
        )
        .unwrap();
        assert_eq!(e.errors[0].title.as_deref(), Some("b"));
    }
}
