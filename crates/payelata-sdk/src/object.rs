//! Reading Payelata's objects in one pass: the members this SDK models typed, every other member
//! kept as sent, and a member whose value does not fit its type kept as sent too.
//!
//! [`wire_object!`] implements `Deserialize` for a struct from its member list. Each member names
//! a reader (this module's [`Reader`]s: [`Text`], [`Flag`], [`Amount`], [`Wire`], [`Unix`],
//! [`PhpMap`], [`Nested`], [`Secret`], [`Plain`]) that reads the value straight from
//! the deserializer, with no buffering of the object. A value the reader cannot take (a boolean
//! where an amount belongs, an object where a string does) leaves the field empty and is kept in
//! the struct's map of other members under its own name, so a malformed member never fails the
//! whole answer and nothing the provider sends is lost. `null` reads as empty (`None`, an empty
//! map or list), and so does `[]` where an object belongs (PHP writes an empty object so).
//! A member sent twice reads as the last one sent, as a JSON object does in JavaScript.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use payments_core::{Decimal, Lenient, SecretString};
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use time::OffsetDateTime;

/// Members kept as sent.
pub(crate) type Members = BTreeMap<String, Value>;

/// What a reader made of one value: the field's value, or the value as sent when it does not fit.
pub(crate) type Fit<T> = Result<T, Value>;

/// How one member's value is read. Every method but [`expecting`](Self::expecting) has a
/// default: `null` reads as the empty value, anything else does not fit and is kept as sent.
pub(crate) trait Reader: Sized {
    /// The field's type.
    type Out: Default;

    /// What the member holds, for error messages.
    fn expecting() -> &'static str;

    /// Reads the value from `d` (through [`deserialize_any`](Deserializer::deserialize_any)
    /// unless the reader needs the raw text).
    #[inline]
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<Self::Out>, D::Error> {
        d.deserialize_any(FitVisitor::<Self>(PhantomData))
    }

    /// `null`.
    #[inline]
    fn unit() -> Fit<Self::Out> {
        Ok(Self::Out::default())
    }

    /// A boolean.
    #[inline]
    fn bool(v: bool) -> Fit<Self::Out> {
        Err(Value::Bool(v))
    }

    /// A signed integer.
    #[inline]
    fn i64(v: i64) -> Fit<Self::Out> {
        Err(Value::from(v))
    }

    /// An unsigned integer.
    #[inline]
    fn u64(v: u64) -> Fit<Self::Out> {
        Err(Value::from(v))
    }

    /// A float.
    #[inline]
    fn f64(v: f64) -> Fit<Self::Out> {
        Err(Value::from(v))
    }

    /// A string.
    #[inline]
    fn str(v: &str) -> Fit<Self::Out> {
        Err(Value::String(v.to_owned()))
    }

    /// A string the deserializer hands over owned.
    #[inline]
    fn string(v: String) -> Fit<Self::Out> {
        Self::str(&v)
    }

    /// An array.
    #[inline]
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Fit<Self::Out>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Err)
    }

    /// An object.
    #[inline]
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Fit<Self::Out>, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Err)
    }
}

/// The seed reading one member's value with the reader `R`.
pub(crate) struct FitSeed<R>(PhantomData<R>);

impl<R> FitSeed<R> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, R: Reader> DeserializeSeed<'de> for FitSeed<R> {
    type Value = Fit<R::Out>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        R::read(d)
    }
}

/// Hands every JSON value to the reader `R`.
pub(crate) struct FitVisitor<R>(PhantomData<R>);

impl<'de, R: Reader> Visitor<'de> for FitVisitor<R> {
    type Value = Fit<R::Out>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(R::expecting())
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(R::unit())
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(R::unit())
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    #[inline]
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(R::bool(v))
    }

    #[inline]
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(R::i64(v))
    }

    #[inline]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(R::u64(v))
    }

    #[inline]
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(R::f64(v))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(R::str(v))
    }

    #[inline]
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(R::string(v))
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        R::seq(seq)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        R::map(map)
    }
}

/// A string: `Option<String>`.
pub(crate) struct Text;

impl Reader for Text {
    type Out = Option<String>;

    fn expecting() -> &'static str {
        "a string"
    }

    #[inline]
    fn str(v: &str) -> Fit<Self::Out> {
        Ok(Some(v.to_owned()))
    }

    #[inline]
    fn string(v: String) -> Fit<Self::Out> {
        Ok(Some(v))
    }
}

/// A boolean: `Option<bool>`.
pub(crate) struct Flag;

impl Reader for Flag {
    type Out = Option<bool>;

    fn expecting() -> &'static str {
        "a boolean"
    }

    #[inline]
    fn bool(v: bool) -> Fit<Self::Out> {
        Ok(Some(v))
    }
}

/// An exact amount, `Option<Decimal>`: a JSON number read from its own text (never through
/// `f64`), or a string holding a number.
pub(crate) struct Amount;

/// serde_json's private name for a raw value (its text handed over as it stands in the input),
/// as its own `RawValue` type and `payments_core::amount` use it.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";
/// serde_json's private name for an arbitrary-precision number held as its text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Parses `text` exactly (plain or scientific notation); too many digits is no amount.
fn parse_decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    }
}

/// The amount of the raw JSON text of a value.
fn amount_of_raw(text: &str) -> Fit<Option<Decimal>> {
    // Whole numbers (most amounts) need no decimal parser.
    if !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
        let whole = text.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        return Ok(Some(Decimal::from(whole)));
    }
    let text = text.trim();
    match text.as_bytes().first() {
        Some(b'-' | b'0'..=b'9') => parse_decimal(text).map(Some).ok_or_else(|| raw_json(text)),
        Some(b'"') => match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) if !inner.contains('\\') => Amount::str(inner),
            _ => match raw_json(text) {
                Value::String(s) => Amount::string(s),
                other => Err(other),
            },
        },
        _ if text == "null" => Ok(None),
        _ => Err(raw_json(text)),
    }
}

/// The value of a raw JSON text (only for a value that does not fit, so never on the hot path).
fn raw_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

impl Reader for Amount {
    type Out = Option<Decimal>;

    fn expecting() -> &'static str {
        "a decimal amount"
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<Self::Out>, D::Error> {
        // `null` first, which needs no raw text; then the value's own text.
        d.deserialize_option(RawAmount)
    }

    #[inline]
    fn i64(v: i64) -> Fit<Self::Out> {
        Ok(Some(Decimal::from(v)))
    }

    #[inline]
    fn u64(v: u64) -> Fit<Self::Out> {
        Ok(Some(Decimal::from(v)))
    }

    #[inline]
    fn f64(v: f64) -> Fit<Self::Out> {
        // Only a deserializer without raw text gets here: a float is exact when its shortest
        // text carries at most 15 significant digits.
        let text = v.to_string();
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        if v.is_finite() && digits <= 15 {
            parse_decimal(&text).map(Some).ok_or(Value::from(v))
        } else {
            Err(Value::from(v))
        }
    }

    #[inline]
    fn str(v: &str) -> Fit<Self::Out> {
        parse_decimal(v)
            .map(Some)
            .ok_or_else(|| Value::String(v.to_owned()))
    }

    #[inline]
    fn string(v: String) -> Fit<Self::Out> {
        parse_decimal(&v).map(Some).ok_or(Value::String(v))
    }

    #[inline]
    fn map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Fit<Self::Out>, A::Error> {
        let Some(key) = map.next_key::<TokenKey>()? else {
            return Ok(Err(Value::Object(serde_json::Map::new())));
        };
        match key {
            TokenKey::Raw => map.next_value_seed(RawText).map(|t| amount_of_raw(&t)),
            TokenKey::Number => map
                .next_value_seed(RawText)
                .map(|t| parse_decimal(&t).map(Some).ok_or_else(|| raw_json(&t))),
            TokenKey::Other(key) => {
                // A real object: kept as sent.
                let mut object = serde_json::Map::new();
                object.insert(key, map.next_value()?);
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    object.insert(k, v);
                }
                Ok(Err(Value::Object(object)))
            }
        }
    }
}

/// The key of serde_json's one-member maps for a raw value or an arbitrary-precision number, or
/// the first member name of a real object.
enum TokenKey {
    Raw,
    Number,
    Other(String),
}

impl<'de> Deserialize<'de> for TokenKey {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TokenVisitor;
        impl Visitor<'_> for TokenVisitor {
            type Value = TokenKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TokenKey, E> {
                Ok(match v {
                    RAW_VALUE_TOKEN => TokenKey::Raw,
                    NUMBER_TOKEN => TokenKey::Number,
                    _ => TokenKey::Other(v.to_owned()),
                })
            }
        }
        d.deserialize_identifier(TokenVisitor)
    }
}

/// Reads an amount's raw text once it is known not to be `null`.
struct RawAmount;

impl<'de> Visitor<'de> for RawAmount {
    type Value = Fit<Option<Decimal>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Amount::expecting())
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_newtype_struct(RAW_VALUE_TOKEN, FitVisitor::<Amount>(PhantomData))
    }
}

/// A member name, borrowed from the input when it can be.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    #[inline]
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The raw text of a value, as serde_json's raw-value hook hands it over.
struct RawText;

impl<'de> DeserializeSeed<'de> for RawText {
    type Value = Cow<'de, str>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

/// A wire enum of `payments_core::string_enum!` (unknown values kept): `Option<E>`.
pub(crate) struct Wire<E>(PhantomData<E>);

impl<E: for<'a> From<&'a str>> Reader for Wire<E> {
    type Out = Option<E>;

    fn expecting() -> &'static str {
        "a string"
    }

    #[inline]
    fn str(v: &str) -> Fit<Self::Out> {
        Ok(Some(E::from(v)))
    }

    #[inline]
    fn i64(v: i64) -> Fit<Self::Out> {
        Ok(Some(E::from(v.to_string().as_str())))
    }

    #[inline]
    fn u64(v: u64) -> Fit<Self::Out> {
        Ok(Some(E::from(v.to_string().as_str())))
    }
}

/// Unix seconds as a UTC time, `Option<Lenient<OffsetDateTime>>`: anything else is kept raw in
/// the [`Lenient`] (see [`UnixSeconds`](crate::wire::UnixSeconds)), so it always fits.
pub(crate) struct Unix;

impl Reader for Unix {
    type Out = Option<Lenient<OffsetDateTime>>;

    fn expecting() -> &'static str {
        "unix seconds"
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<Self::Out>, D::Error> {
        serde_with::As::<Option<crate::wire::UnixSeconds>>::deserialize(d).map(Ok)
    }
}

/// An object PHP writes as `[]` when empty, read as a map (`BTreeMap<String, Value>`): `null`,
/// `[]` and `{}` read as empty, a non-empty array by index (`"0"`, `"1"`, ...).
pub(crate) struct PhpMap;

impl Reader for PhpMap {
    type Out = Members;

    fn expecting() -> &'static str {
        "an object, `[]` or null"
    }

    #[inline]
    fn seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Fit<Self::Out>, A::Error> {
        let mut out = BTreeMap::new();
        let mut index = 0usize;
        while let Some(v) = seq.next_element::<Value>()? {
            out.insert(index.to_string(), v);
            index += 1;
        }
        Ok(Ok(out))
    }

    #[inline]
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Fit<Self::Out>, A::Error> {
        BTreeMap::deserialize(MapAccessDeserializer::new(map)).map(Ok)
    }
}

/// An object read as `T` (`Option<T>`): `null` and `[]` read as `None`; any other value does not
/// fit. `T` reads the object's members itself (leniently, when it is a [`wire_object!`]).
pub(crate) struct Nested<T>(PhantomData<T>);

impl<T: for<'de> Deserialize<'de>> Reader for Nested<T> {
    type Out = Option<T>;

    fn expecting() -> &'static str {
        "an object, `[]` or null"
    }

    #[inline]
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Fit<Self::Out>, A::Error> {
        let v = Value::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(match v {
            Value::Array(items) if items.is_empty() => Ok(None),
            other => Err(other),
        })
    }

    #[inline]
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Fit<Self::Out>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(|t| Ok(Some(t)))
    }
}

/// A secret string, `Option<SecretString>`. A value that is not a string is kept as a secret
/// holding its JSON text (never in a map that `Debug` shows).
pub(crate) struct Secret;

impl Secret {
    fn of(v: &Value) -> SecretString {
        SecretString::from(v.to_string())
    }
}

impl Reader for Secret {
    type Out = Option<SecretString>;

    fn expecting() -> &'static str {
        "a string"
    }

    #[inline]
    fn bool(v: bool) -> Fit<Self::Out> {
        Ok(Some(Self::of(&v.into())))
    }

    #[inline]
    fn i64(v: i64) -> Fit<Self::Out> {
        Ok(Some(Self::of(&v.into())))
    }

    #[inline]
    fn u64(v: u64) -> Fit<Self::Out> {
        Ok(Some(Self::of(&v.into())))
    }

    #[inline]
    fn f64(v: f64) -> Fit<Self::Out> {
        Ok(Some(Self::of(&v.into())))
    }

    #[inline]
    fn str(v: &str) -> Fit<Self::Out> {
        Ok(Some(SecretString::from(v)))
    }

    #[inline]
    fn string(v: String) -> Fit<Self::Out> {
        Ok(Some(SecretString::from(v)))
    }

    #[inline]
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Fit<Self::Out>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(|v| Ok(Some(Self::of(&v))))
    }

    #[inline]
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Fit<Self::Out>, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(|v| Ok(Some(Self::of(&v))))
    }
}

/// `Option<T>` read by `T`'s own `Deserialize` (for types that take any value themselves, such
/// as a [`Lenient`] or a `Value`); `null` reads as `None`.
pub(crate) struct Plain<T>(PhantomData<T>);

impl<T: for<'de> Deserialize<'de>> Reader for Plain<T> {
    type Out = Option<T>;

    fn expecting() -> &'static str {
        "a value"
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<Self::Out>, D::Error> {
        Option::<T>::deserialize(d).map(Ok)
    }
}

/// A struct read by [`wire_object!`]: its members by name, and the map of the others.
pub(crate) trait Object: Default {
    /// What the object is, for error messages.
    const EXPECTING: &'static str;

    /// Reads the value of member `key` when the struct models it; `false` when it does not
    /// (the value is then still to be read).
    fn member<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;

    /// The members this struct does not model.
    fn others(&mut self) -> &mut Members;
}

/// Puts what a reader made of member `key` in place: the value in its field (and out of the
/// other members, where an earlier copy of the member may be), or, when it does not fit, the
/// field emptied and the value among the other members.
#[inline]
pub(crate) fn settle<T: Default>(slot: &mut T, fit: Fit<T>, key: &str, others: &mut Members) {
    match fit {
        Ok(v) => {
            *slot = v;
            if !others.is_empty() {
                others.remove(key);
            }
        }
        Err(v) => {
            *slot = T::default();
            others.insert(key.to_owned(), v);
        }
    }
}

/// Reads an [`Object`]: `null` and `[]` as the empty object.
pub(crate) struct ObjectVisitor<T>(PhantomData<T>);

impl<T> ObjectVisitor<T> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(T::default()),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut object = T::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if !object.member(&key, &mut map)? {
                let value = map.next_value::<Value>()?;
                object.others().insert(key.into_owned(), value);
            }
        }
        Ok(object)
    }
}

/// Implements [`Object`] and `Deserialize` for a struct from its members:
/// `field: Reader = "wire" | "alias",` and the field of the other members.
macro_rules! wire_object {
    (
        $ty:ty, $expecting:literal, others: $others:ident {
            $( $field:ident: $reader:ty = $wire:literal $(| $alias:literal)* ),* $(,)?
        }
    ) => {
        impl $crate::object::Object for $ty {
            const EXPECTING: &'static str = $expecting;

            fn member<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::std::result::Result<bool, A::Error> {
                match key {
                    $(
                        $wire $(| $alias)* => {
                            let fit =
                                map.next_value_seed($crate::object::FitSeed::<$reader>::new())?;
                            $crate::object::settle(&mut self.$field, fit, key, &mut self.$others);
                        }
                    )*
                    _ => return Ok(false),
                }
                Ok(true)
            }

            fn others(&mut self) -> &mut $crate::object::Members {
                &mut self.$others
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                d.deserialize_any($crate::object::ObjectVisitor::<Self>::new())
            }
        }
    };
}

pub(crate) use wire_object;
