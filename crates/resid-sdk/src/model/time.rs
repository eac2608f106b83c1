//! [`Timestamp`]: an instant as Resid writes it, held in UTC; and the UTC form the list filters
//! take.

use std::fmt::{self, Write as _};

use payments_core::time::format_date_time_micros;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// An instant Resid sent (wire form: ISO-8601 with the local Iran offset and microseconds,
/// `2017-05-14T14:01:50.632640+04:30`), parsed with its offset and held in UTC.
///
/// Both Iran offsets are read (`+04:30`, daylight time until 2022, and `+03:30`), and any other
/// offset or `Z`. [`utc`](Self::utc) is the instant in UTC; [`offset`](Self::offset) the offset
/// it was written with. Equality and order compare instants.
///
/// ```
/// use resid_sdk::Timestamp;
///
/// let t: Timestamp = "2017-05-14T14:01:50.632640+04:30".parse().unwrap();
/// assert_eq!(t.to_string(), "2017-05-14T09:31:50.632640Z");
/// assert_eq!(t.offset().whole_minutes(), 4 * 60 + 30);
/// let same: Timestamp = "2017-05-14T13:01:50.632640+03:30".parse().unwrap();
/// assert_eq!(t, same);
/// ```
#[derive(Clone, Copy)]
pub struct Timestamp {
    utc: OffsetDateTime,
    offset: UtcOffset,
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.utc == other.utc
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.utc.cmp(&other.utc)
    }
}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.utc.hash(state);
    }
}

impl Timestamp {
    /// The instant `at`, remembering its offset; `None` when it has no UTC form (a date at the
    /// edge of the calendar, e.g. `9999-12-31T23:59:59-01:00`).
    pub fn new(at: OffsetDateTime) -> Option<Self> {
        Some(Self {
            utc: at.checked_to_offset(UtcOffset::UTC)?,
            offset: at.offset(),
        })
    }

    /// The instant, in UTC.
    pub fn utc(&self) -> OffsetDateTime {
        self.utc
    }

    /// The offset Resid wrote it with (`+04:30`, `+03:30`).
    pub fn offset(&self) -> UtcOffset {
        self.offset
    }

    /// The instant at the offset Resid wrote it with (local Iran time).
    pub fn local(&self) -> OffsetDateTime {
        self.utc.to_offset(self.offset)
    }

    /// Reads ISO-8601 with an offset (RFC 3339 first, then the wider ISO-8601 forms).
    fn parse_text(text: &str) -> Option<Self> {
        let text = text.trim();
        // Resid writes an offset: an offset-less text is not read as UTC here (it would be
        // Iran's local time, or nothing known), so only a text ending in one takes core's fast
        // parser; the wider ISO-8601 forms go to `time`'s.
        let has_offset = text.ends_with(['Z', 'z'])
            || text
                .get(text.len().saturating_sub(6)..)
                .is_some_and(|t| t.starts_with(['+', '-']));
        if has_offset && let Some(at) = payments_core::time::parse_instant(text) {
            return Self::new(at);
        }
        OffsetDateTime::parse(text, &Rfc3339)
            .or_else(|_| OffsetDateTime::parse(text, &Iso8601::DEFAULT))
            .ok()
            .and_then(Self::new)
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(t: Timestamp) -> Self {
        t.utc
    }
}

/// The text is not an ISO-8601 date-time with an offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ISO-8601 date-time with an offset")]
pub struct TimestampError;

impl std::str::FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(s: &str) -> Result<Self, TimestampError> {
        Self::parse_text(s).ok_or(TimestampError)
    }
}

impl fmt::Display for Timestamp {
    /// The UTC form with microseconds, as the list filters take it: `2017-05-14T09:31:50.632640Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&utc_text(self.utc))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self}, sent as {})", self.local_text())
    }
}

impl Timestamp {
    fn local_text(&self) -> String {
        offset_text(self.local())
    }
}

/// `at` at its own offset with microseconds and a signed `±HH:MM` offset
/// (`2017-05-14T14:01:50.632640+04:30`): Resid's own form, local Iran time with its offset.
/// Finer digits are cut, not rounded; an offset's seconds are not written.
fn offset_text(at: OffsetDateTime) -> String {
    let mut text = format_date_time_micros(PrimitiveDateTime::new(at.date(), at.time()));
    let offset = at.offset();
    // Writing to a `String` cannot fail.
    let _ = write!(
        text,
        "{}{:02}:{:02}",
        if offset.is_negative() { '-' } else { '+' },
        offset.whole_hours().unsigned_abs(),
        offset.minutes_past_hour().unsigned_abs()
    );
    text
}

impl Serialize for Timestamp {
    /// Written back in Resid's own form, at the offset it came with.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.local_text())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO-8601 date-time with an offset")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse_text(v)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// `at` in UTC with microseconds and `Z` (`2017-05-09T00:28:51.309004Z`), the form of the list
/// filters; finer digits are cut, not rounded.
pub(crate) fn utc_text(at: OffsetDateTime) -> String {
    // An instant at the edge of the calendar has no UTC form; it is written as `time` shows it.
    match at.checked_to_offset(UtcOffset::UTC) {
        Some(utc) => {
            let mut text = format_date_time_micros(PrimitiveDateTime::new(utc.date(), utc.time()));
            text.push('Z');
            text
        }
        None => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_core::Lenient;
    use time::macros::datetime;

    #[test]
    fn both_iran_offsets_and_utc_read_as_the_same_instant() {
        let daylight: Timestamp = "2017-05-14T14:01:50.632640+04:30".parse().unwrap();
        let standard: Timestamp = "2017-05-14T13:01:50.632640+03:30".parse().unwrap();
        let utc: Timestamp = "2017-05-14T09:31:50.632640Z".parse().unwrap();
        assert_eq!(daylight, standard);
        assert_eq!(daylight, utc);
        assert_eq!(daylight.utc(), datetime!(2017-05-14 09:31:50.632640 UTC));
        assert_eq!(standard.offset(), UtcOffset::from_hms(3, 30, 0).unwrap());
        assert_eq!(
            serde_json::to_string(&daylight).unwrap(),
            r#""2017-05-14T14:01:50.632640+04:30""#
        );
        assert_eq!(
            format!("{standard:?}"),
            "Timestamp(2017-05-14T09:31:50.632640Z, sent as 2017-05-14T13:01:50.632640+03:30)"
        );
    }

    #[test]
    fn malformed_text_is_kept_raw_by_lenient() {
        let t: Lenient<Timestamp> = serde_json::from_str(r#""2017-05-14 14:01""#).unwrap();
        assert_eq!(t.raw(), Some("2017-05-14 14:01"));
        let t: Lenient<Timestamp> = serde_json::from_str(r#""2017-05-14T14:01:50+04:30""#).unwrap();
        assert_eq!(
            t.parsed().unwrap().to_string(),
            "2017-05-14T09:31:50.000000Z"
        );
        assert!("2017-05-14T14:01:50".parse::<Timestamp>().is_err());
    }

    #[test]
    fn filters_are_written_in_utc_with_microseconds() {
        let at = datetime!(2017-05-09 03:58:51.309004789 +03:30);
        assert_eq!(utc_text(at), "2017-05-09T00:28:51.309004Z");
        let edge = datetime!(9999-12-31 23:59:59 -01:00);
        assert_eq!(utc_text(edge), edge.to_string());
    }

    #[test]
    fn offsets_are_written_signed_as_hours_and_minutes() {
        assert_eq!(
            offset_text(datetime!(2017-05-14 14:01:50.632640 +04:30)),
            "2017-05-14T14:01:50.632640+04:30"
        );
        assert_eq!(
            offset_text(datetime!(2017-05-14 09:31:50.000001999 UTC)),
            "2017-05-14T09:31:50.000001+00:00"
        );
        assert_eq!(
            offset_text(datetime!(2017-05-14 09:31:50 -03:30)),
            "2017-05-14T09:31:50.000000-03:30"
        );
        assert_eq!(
            offset_text(datetime!(2017-05-14 09:31:50 -00:30)),
            "2017-05-14T09:31:50.000000-00:30"
        );
        assert_eq!(
            offset_text(datetime!(2017-05-14 09:31:50 +14:00)),
            "2017-05-14T09:31:50.000000+14:00"
        );
    }

    #[test]
    fn the_same_bytes_as_the_format_descriptions_they_replace() {
        let utc_items = time::format_description::parse_borrowed::<1>(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z",
        )
        .unwrap();
        let offset_items = time::format_description::parse_borrowed::<1>(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6][offset_hour sign:mandatory]:[offset_minute]",
        )
        .unwrap();
        let base = datetime!(2017-05-09 03:58:51.309004789 UTC);
        for (secs, offset) in [
            (0, (0, 0, 0)),
            (-1_500_000_000, (3, 30, 0)),
            (-63_000_000_000, (4, 30, 0)),
            (1_234_567_891, (-3, -30, 0)),
            (-62_000_000_000, (-11, 0, 0)),
            (250_000_000_000, (0, -30, 0)),
            (-100_000_000_000, (1, 0, 0)),
            (7, (0, 0, -30)),
            (86_399, (23, 59, 59)),
            (-86_399, (-23, -59, -59)),
        ] {
            let (h, m, s) = offset;
            let offset = UtcOffset::from_hms(h, m, s).unwrap();
            let at = (base + time::Duration::new(secs, 123_456)).to_offset(offset);
            assert_eq!(offset_text(at), at.format(&offset_items).unwrap(), "{at}");
            let utc = at.to_offset(UtcOffset::UTC);
            assert_eq!(utc_text(at), utc.format(&utc_items).unwrap(), "{at}");
        }
    }
}
