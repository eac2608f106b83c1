//! [`TimeSpan`]: Barion's .NET `TimeSpan` strings (`ReservationPeriod`, `DelayedCapturePeriod`,
//! `PaymentWindow`).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

/// A duration as Barion's API writes it.
///
/// Writes the form Barion's API reference documents for `PaymentWindow`, `ReservationPeriod`
/// and `DelayedCapturePeriod`: `d:hh:mm:ss`, days always present (`0:00:30:00` for 30 minutes,
/// `1:00:00:00` for one day), with `.fffffff` only for a fraction of a second. .NET's
/// `TimeSpan` parser, which Barion's ASP.NET server binds with, reads this form (it is .NET's
/// general `g` format) as well as the `c` form `d.hh:mm:ss` that barion-web-php's examples and
/// barion-dotnet send.
///
/// Reads every form the docs and libraries use: `d:hh:mm:ss`, `d.hh:mm:ss` (`7.00:00:00`) and
/// `hh:mm:ss` (`00:30:00`), each optionally with a fraction of a second (`00:00:01.5`).
///
/// ```
/// use barion_sdk::TimeSpan;
/// let t: TimeSpan = "00:30:00".parse().unwrap();
/// assert_eq!(t, TimeSpan::from_minutes(30));
/// assert_eq!(t.to_string(), "0:00:30:00");
/// assert_eq!(TimeSpan::from_days(1).to_string(), "1:00:00:00");
/// assert_eq!("1.02:03:04".parse::<TimeSpan>().unwrap().as_secs(), 93_784);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeSpan(Duration);

impl TimeSpan {
    /// `secs` seconds.
    pub const fn from_secs(secs: u64) -> Self {
        Self(Duration::from_secs(secs))
    }

    /// `minutes` minutes.
    pub const fn from_minutes(minutes: u64) -> Self {
        Self::from_secs(minutes * MINUTE)
    }

    /// `hours` hours.
    pub const fn from_hours(hours: u64) -> Self {
        Self::from_secs(hours * HOUR)
    }

    /// `days` days.
    pub const fn from_days(days: u64) -> Self {
        Self::from_secs(days * DAY)
    }

    /// The span as a [`Duration`].
    pub const fn as_duration(&self) -> Duration {
        self.0
    }

    /// Whole seconds.
    pub const fn as_secs(&self) -> u64 {
        self.0.as_secs()
    }
}

impl From<Duration> for TimeSpan {
    fn from(d: Duration) -> Self {
        Self(d)
    }
}

impl From<TimeSpan> for Duration {
    fn from(t: TimeSpan) -> Self {
        t.0
    }
}

impl fmt::Display for TimeSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.0.as_secs();
        let days = total / DAY;
        let hours = (total % DAY) / HOUR;
        let minutes = (total % HOUR) / MINUTE;
        let seconds = total % MINUTE;
        write!(f, "{days}:{hours:02}:{minutes:02}:{seconds:02}")?;
        let nanos = self.0.subsec_nanos();
        if nanos > 0 {
            // .NET prints ticks: 7 digits of 100 ns.
            write!(f, ".{:07}", nanos / 100)?;
        }
        Ok(())
    }
}

/// A string is not a TimeSpan in any form Barion uses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a TimeSpan (expected d:hh:mm:ss, d.hh:mm:ss or hh:mm:ss)")]
pub struct TimeSpanParseError(String);

fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn fraction_nanos(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let padded = format!("{text:0<9}");
    padded.parse().ok()
}

impl FromStr for TimeSpan {
    type Err = TimeSpanParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || TimeSpanParseError(text.to_owned());
        let parts: Vec<&str> = text.trim().split(':').collect();
        let (days, hours, minutes, seconds) = match parts.as_slice() {
            [day, hour, min, sec] => (digits(day).ok_or_else(err)?, *hour, *min, *sec),
            [day_hour, min, sec] => match day_hour.split_once('.') {
                Some((day, hour)) => (digits(day).ok_or_else(err)?, hour, *min, *sec),
                None => (0, *day_hour, *min, *sec),
            },
            _ => return Err(err()),
        };
        let (whole, nanos) = match seconds.split_once('.') {
            Some((w, frac)) => (w, fraction_nanos(frac).ok_or_else(err)?),
            None => (seconds, 0),
        };
        let hours = digits(hours).filter(|h| *h < 24).ok_or_else(err)?;
        let minutes = digits(minutes).filter(|m| *m < 60).ok_or_else(err)?;
        let whole = digits(whole).filter(|s| *s < 60).ok_or_else(err)?;
        let secs = days
            .checked_mul(DAY)
            .and_then(|d| d.checked_add(hours * HOUR + minutes * MINUTE + whole))
            .ok_or_else(err)?;
        Ok(Self(Duration::new(secs, nanos)))
    }
}

impl Serialize for TimeSpan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeSpan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| de::Error::invalid_value(de::Unexpected::Str(&s), &"a TimeSpan"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fact_sheet_vectors_parse_in_every_form() {
        for (forms, want) in [
            (
                ["0:00:30:00", "00:30:00", "0.00:30:00"],
                TimeSpan::from_minutes(30),
            ),
            (
                ["7:00:00:00", "7.00:00:00", "7.00:00:00"],
                TimeSpan::from_days(7),
            ),
            (
                ["1:02:03:04", "1.02:03:04", "1.02:03:04"],
                TimeSpan::from_secs(93_784),
            ),
        ] {
            for text in forms {
                assert_eq!(text.parse::<TimeSpan>(), Ok(want), "{text}");
            }
        }
        assert_eq!(TimeSpan::from_minutes(30).to_string(), "0:00:30:00");
        assert_eq!(TimeSpan::from_days(7).to_string(), "7:00:00:00");
        assert_eq!(TimeSpan::from_secs(93_784).to_string(), "1:02:03:04");
        assert_eq!(
            "00:00:01.5".parse::<TimeSpan>().unwrap().as_duration(),
            Duration::from_millis(1500)
        );
        assert_eq!(
            TimeSpan::from(Duration::from_millis(1500)).to_string(),
            "0:00:00:01.5000000"
        );
    }

    #[test]
    fn garbage_is_rejected() {
        for bad in [
            "",
            "30",
            "00:60:00",
            "24:00:00",
            "1:2",
            "a:00:00",
            "-00:30:00",
            "1.2.3:00:00",
        ] {
            assert!(bad.parse::<TimeSpan>().is_err(), "{bad}");
        }
        let json: Result<TimeSpan, _> = serde_json::from_str(r#""soon""#);
        assert!(json.is_err());
        let ok: TimeSpan = serde_json::from_str(r#""0:00:30:00""#).unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), r#""0:00:30:00""#);
    }
}
