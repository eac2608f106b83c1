//! The Operation object: the answer of every payment operation, each item of an order's status,
//! and the `data` of a webhook.

use std::fmt;

use payments_core::amount::{json_number, json_number_option};
use payments_core::{Decimal, Lenient};
use serde::de::value::{F64Deserializer, I64Deserializer, StrDeserializer, U64Deserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use time::OffsetDateTime;
use uuid::Uuid;

use super::enums::{Mode, OperationMethod, ResponseCode, Status};

/// One operation of an order (purchase, auth, capture, void, refund ...).
///
/// Read leniently, so one odd member never fails a whole answer (or an order's whole status):
///
/// - The object's key is the merchant's `order_id` (every endpoint is addressed by it): it is
///   required and strict, as are `method` and `status`, which with it say what the operation is.
///   These three are the only members whose absence fails the decode.
/// - Every other member may be missing or `null` (`None`).
/// - The gateway's ids (`operation_id`, `payment_id`, `transaction_id`, `pos_id`, and the
///   legacy `gateway_order_id`, `provider_order_id`, `response_code`) and the timestamps are
///   [`Lenient`]: a value that does not parse (the docs' own examples carry `"${POS_ID}"`) is
///   kept as its text in [`Lenient::Raw`] instead of failing the decode.
/// - Amounts are exact or an error, never rounded: `"amount": "ten"` fails at `amount`.
///
/// Unknown members are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Operation {
    /// `operation_id`: the gateway's id of this (secondary) operation; absent on some primary
    /// operations. Kept raw when it is not a UUID.
    pub operation_id: Option<Lenient<Uuid>>,
    /// `payment_id`: the gateway's id of the primary payment. Kept raw when it is not a UUID.
    pub payment_id: Option<Lenient<Uuid>>,
    /// `order_id`: the merchant's order id (at most 32 characters): the key, required.
    pub order_id: String,
    /// `gateway_order_id`: an order id of the gateway seen in status examples (meaning not
    /// documented). A number is kept as its digits.
    pub gateway_order_id: Option<Lenient<String>>,
    /// `transaction_id`: the gateway's transaction id. Kept raw when it is not a UUID.
    pub transaction_id: Option<Lenient<Uuid>>,
    /// `pos_id`: the merchant's point of sale. Kept raw when it is not a UUID.
    pub pos_id: Option<Lenient<Uuid>>,
    /// `mode`: `hosted` or `direct` (secondary operations always report `direct`).
    pub mode: Option<Mode>,
    /// `method`: the kind of operation (required).
    pub method: OperationMethod,
    /// `amount`: the actual amount of this operation, in major units.
    #[serde(default, with = "json_number_option")]
    pub amount: Option<Decimal>,
    /// `currency`: ISO 4217 alpha-3 code (`XTS` in test mode).
    pub currency: Option<String>,
    /// `status`: the state of this operation (required).
    pub status: Status,
    /// `status_code`: the gateway's result code (a string or a number on the wire).
    pub status_code: Option<ResponseCode>,
    /// `status_description`: the gateway's description of `status_code`.
    pub status_description: Option<String>,
    /// `redirect_url`: where to send the payer to finish a `pending` direct payment (a 3-D
    /// Secure page). Unconfirmed: the docs do not say how direct mode returns 3-D Secure data;
    /// the hosted answer's field of this name is the likeliest, so it is read when sent.
    pub redirect_url: Option<String>,
    /// `created_at`: when the operation was created; kept raw when it is not a timestamp.
    pub created_at: Option<Lenient<Timestamp>>,
    /// `processing_time`: when the operation was last updated; kept raw when it is not a
    /// timestamp.
    pub processing_time: Option<Lenient<Timestamp>>,
    /// `fee`: the commission, when known (`null`, an object or a bare number on the wire).
    pub fee: Option<Fee>,
    /// `comment`: the merchant's comment sent with the operation.
    pub comment: Option<String>,
    /// `payload`: echo of the merchant's `payload` of the request.
    pub payload: Option<String>,
    /// `provider_order_id`: legacy member seen in older integrations.
    pub provider_order_id: Option<Lenient<String>>,
    /// `response_code`: legacy member seen in older integrations (a number is kept as its
    /// digits).
    pub response_code: Option<Lenient<String>>,
    /// `response_description`: legacy member seen in older integrations.
    pub response_description: Option<String>,
}

impl Operation {
    /// `true` when the operation succeeded.
    ///
    /// ```
    /// let op: finline_sdk::Operation =
    ///     serde_json::from_str(r#"{"order_id":"1","method":"void","status":"success"}"#).unwrap();
    /// assert!(op.is_success());
    /// ```
    pub fn is_success(&self) -> bool {
        self.status == Status::Success
    }

    /// `created_at` as an instant, when it was readable.
    pub fn created_at(&self) -> Option<OffsetDateTime> {
        self.created_at
            .as_ref()
            .and_then(Lenient::parsed)
            .map(Timestamp::to_offset_date_time)
    }
}

/// The commission of an operation: documented as `{amount, currency}`, seen as a bare number.
///
/// Read by a hand-written `Deserialize` (not `untagged`, which would hide where a bad amount
/// is): an object is [`Detailed`](Self::Detailed), a number or numeric string is
/// [`Amount`](Self::Amount); amounts are exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fee {
    /// `{"amount": .., "currency": ..}`.
    Detailed(FeeAmount),
    /// A bare number (in the operation's currency).
    Amount(Decimal),
}

/// The `fee` object; either member may be missing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct FeeAmount {
    /// `amount`: the commission, in major units.
    pub amount: Option<Decimal>,
    /// `currency`: ISO 4217 code of the commission.
    pub currency: Option<String>,
}

/// The key serde_json gives a number when its `arbitrary_precision` feature is on in the build.
const SERDE_JSON_NUMBER: &str = "$serde_json::private::Number";

impl<'de> Deserialize<'de> for Fee {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FeeVisitor)
    }
}

struct FeeVisitor;

impl<'de> Visitor<'de> for FeeVisitor {
    type Value = Fee;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a fee: an object {amount, currency} or a number")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fee, A::Error> {
        let mut fee = FeeAmount::default();
        while let Some(key) = map.next_key::<FeeKey>()? {
            match key {
                FeeKey::Amount => fee.amount = map.next_value_seed(OptionalAmount)?,
                FeeKey::Currency => fee.currency = map.next_value()?,
                FeeKey::Number => {
                    // A bare number, as serde_json hands it over with `arbitrary_precision`.
                    let text: String = map.next_value()?;
                    return json_number::deserialize(StrDeserializer::<A::Error>::new(&text))
                        .map(Fee::Amount);
                }
                FeeKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Fee::Detailed(fee))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Fee, E> {
        json_number::deserialize(U64Deserializer::<E>::new(v)).map(Fee::Amount)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Fee, E> {
        json_number::deserialize(I64Deserializer::<E>::new(v)).map(Fee::Amount)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Fee, E> {
        // Exact up to 15 significant digits, an error past them (never a silent rounding).
        json_number::deserialize(F64Deserializer::<E>::new(v)).map(Fee::Amount)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Fee, E> {
        json_number::deserialize(StrDeserializer::<E>::new(v)).map(Fee::Amount)
    }
}

/// The members of a `fee` object.
enum FeeKey {
    Amount,
    Currency,
    Number,
    Other,
}

impl<'de> Deserialize<'de> for FeeKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = FeeKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FeeKey, E> {
                Ok(match v {
                    "amount" => FeeKey::Amount,
                    "currency" => FeeKey::Currency,
                    SERDE_JSON_NUMBER => FeeKey::Number,
                    _ => FeeKey::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// `fee.amount`: an exact amount or `null`, read by payments-core.
struct OptionalAmount;

impl<'de> DeserializeSeed<'de> for OptionalAmount {
    type Value = Option<Decimal>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        json_number_option::deserialize(deserializer)
    }
}

/// A timestamp as the gateway writes it: `2018-10-10T10:10:10.100` (no offset, read as UTC;
/// the fraction optional) or RFC 3339 (`2023-05-13T13:21:22Z`). Keeps the wire text.
///
/// A text in neither form does not read as a `Timestamp`; the fields holding one are
/// [`Lenient`], so it is kept raw there.
///
/// ```
/// use finline_sdk::Timestamp;
/// let at = Timestamp::parse("2018-10-10T10:10:10.100").unwrap();
/// assert_eq!(at.to_offset_date_time().unix_timestamp(), 1_539_166_210);
/// assert_eq!(at.as_str(), "2018-10-10T10:10:10.100");
/// assert!(Timestamp::parse("yesterday").is_none());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    at: OffsetDateTime,
}

impl Timestamp {
    /// Reads `text` in either of the gateway's forms; `None` when it is neither.
    pub fn parse(text: &str) -> Option<Self> {
        Some(Self {
            at: parse_instant(text.trim())?,
            text: text.to_owned(),
        })
    }

    /// The wire text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant (an offset-less wire text is read as UTC).
    pub fn to_offset_date_time(&self) -> OffsetDateTime {
        self.at
    }
}

/// RFC 3339 and the gateway's offset-less form (UTC), by core's hand-written parser: every
/// operation carries two timestamps, and a general format parser costs more than the rest of
/// the decode.
fn parse_instant(s: &str) -> Option<OffsetDateTime> {
    payments_core::time::parse_instant(s)
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.text).finish()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp such as 2018-10-10T10:10:10.100 or RFC 3339")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// The answer of `GET /pos/{pos_id}/orders/{order_id}`: every operation of one order, in the
/// order the gateway sent them (not guaranteed chronological). A `null` answer reads as no
/// operations.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(transparent)]
pub struct Order {
    /// The operations (auth, capture, void, refund ...).
    #[serde(with = "serde_with::As::<serde_with::DefaultOnNull>")]
    pub operations: Vec<Operation>,
}

impl Order {
    /// The operations sorted by `created_at` (those without a readable timestamp last, in the
    /// order received).
    pub fn chronological(&self) -> Vec<&Operation> {
        let mut ops: Vec<&Operation> = self.operations.iter().collect();
        ops.sort_by_key(|op| {
            let at = op.created_at();
            (at.is_none(), at)
        });
        ops
    }

    /// The latest operation with this `method`, by `created_at`.
    pub fn latest(&self, method: &OperationMethod) -> Option<&Operation> {
        self.chronological()
            .into_iter()
            .rev()
            .find(|op| &op.method == method)
    }

    /// The latest successful operation, by `created_at`: what the order's state is derived from.
    pub fn latest_successful(&self) -> Option<&Operation> {
        self.chronological()
            .into_iter()
            .rev()
            .find(|op| op.is_success())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_read_with_and_without_offset() {
        let seed = Timestamp::parse("2018-10-10T10:10:10.100").unwrap();
        let at = seed.to_offset_date_time();
        assert_eq!(at.unix_timestamp(), 1_539_166_210);
        assert_eq!(at.millisecond(), 100);
        let z = Timestamp::parse("2023-05-13T13:21:22Z").unwrap();
        assert_eq!(z.to_offset_date_time().unix_timestamp(), 1_683_984_082);
        assert!(Timestamp::parse("2018-10-10T10:10:10").is_some());
        assert!(Timestamp::parse("yesterday").is_none());
        let offset = Timestamp::parse("2023-05-13T16:21:22.5+03:00").unwrap();
        assert_eq!(offset.to_offset_date_time().unix_timestamp(), 1_683_984_082);
        assert_eq!(offset.to_offset_date_time().millisecond(), 500);
        let nanos = Timestamp::parse(" 2023-05-13T13:21:22.123456789z ").unwrap();
        assert_eq!(nanos.to_offset_date_time().nanosecond(), 123_456_789);
        assert_eq!(nanos.as_str(), " 2023-05-13T13:21:22.123456789z ");
        for bad in [
            "2018-10-10",
            "2018-13-10T10:10:10",
            "2018-02-30T10:10:10",
            "2018-10-10T24:00:00",
            "2018-10-10T10:10:10.",
            "2018-10-10T10:10:10.1234567890",
            "2018-10-10T10:10:10+3:00",
            "2018-10-10T10:10:10Zjunk",
            "2018-10-10T10:10:1x",
            "10.10.2018 10:10:10",
            "２018-10-10T10:10:10",
        ] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
        let kept: Lenient<Timestamp> = serde_json::from_str("\"10.10.2018\"").unwrap();
        assert_eq!(kept.raw(), Some("10.10.2018"));
        let kept: Lenient<Timestamp> = serde_json::from_str("1539166210").unwrap();
        assert_eq!(kept.raw(), Some("1539166210"));
    }

    #[test]
    fn fee_takes_every_documented_shape_exactly() {
        let f: Fee = serde_json::from_str(r#"{"amount":1.5,"currency":"UAH","x":[1]}"#).unwrap();
        assert_eq!(
            f,
            Fee::Detailed(FeeAmount {
                amount: Some(Decimal::new(15, 1)),
                currency: Some("UAH".into())
            })
        );
        let f: Fee = serde_json::from_str(r#"{"currency":"UAH","amount":null}"#).unwrap();
        assert!(matches!(f, Fee::Detailed(FeeAmount { amount: None, .. })));
        let f: Fee = serde_json::from_str("2.25").unwrap();
        assert_eq!(f, Fee::Amount(Decimal::new(225, 2)));
        let f: Fee = serde_json::from_str("3").unwrap();
        assert_eq!(f, Fee::Amount(Decimal::from(3)));
        let f: Fee = serde_json::from_str("\"0.10\"").unwrap();
        assert_eq!(f.clone(), Fee::Amount(Decimal::new(10, 2)));
        // The amount keeps its scale read from the text.
        let f: Fee = serde_json::from_str(r#"{"amount":0.10}"#).unwrap();
        assert!(
            matches!(f, Fee::Detailed(FeeAmount { amount: Some(a), .. }) if a.to_string() == "0.10")
        );
        // The path of a bad amount is kept (an `untagged` enum would hide it).
        let e =
            payments_core::decode_json::<Holder>(None, br#"{"fee":{"amount":"ten"}}"#).unwrap_err();
        // (payments-core's amount reader adds serde_json's raw-value token to the path.)
        assert!(e.path.starts_with("fee.amount"), "{}", e.path);
        assert!(serde_json::from_str::<Fee>("true").is_err());
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Holder {
        fee: Fee,
    }

    #[test]
    fn a_null_order_reads_as_no_operations() {
        let o: Order = serde_json::from_str("null").unwrap();
        assert!(o.operations.is_empty());
    }
}
